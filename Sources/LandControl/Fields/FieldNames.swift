import Spatial

/// The attribute names a layer carries (from its first 200 features, in first-seen order),
/// and the lookups every command makes on them.
struct FieldNames {
    let names: [String]

    /// `names` lowercased, made once (every candidate of every known field is compared).
    private let lowered: [String]

    init(_ features: [Feature]) {
        var names: [String] = []
        var seen = Set<String>()
        var last: [String] = []
        for k in features.indices.prefix(200) {
            // Features of one file mostly share one key array: looked at once.
            let keys = features[k].properties.keys
            if keys == last { continue }
            last = keys
            for key in keys where seen.insert(key).inserted { names.append(key) }
        }
        self.names = names
        lowered = names.map { $0.lowercased() }
    }

    var list: String { names.joined(separator: ", ") }

    /// The first of `candidates` the layer has (compared ignoring case), as the layer spells it;
    /// else a name a Shapefile cut to its 10-byte limit from one of them (``matches(_:_:)``).
    func find(_ candidates: [String]) -> String? {
        for c in candidates {
            let c = c.lowercased()
            if let k = lowered.firstIndex(of: c) { return names[k] }
        }
        for c in candidates {
            if let k = names.first(where: { Self.isTruncation($0, of: c) }) { return k }
        }
        return nil
    }

    /// Whether `field` is `name` cut by a Shapefile's 10-byte field-name limit: it fills the
    /// limit (10 bytes in GBK — 10 letters or 5 Chinese characters — or 9–10 bytes of UTF-8
    /// holding Chinese) and begins `name`, ignoring case. `investment` is `investment_wan`,
    /// `约定开工日` is `约定开工日期`; a short name such as `用地` matches nothing.
    static func isTruncation(_ field: String, of name: String) -> Bool {
        guard field.count < name.count, name.lowercased().hasPrefix(field.lowercased()) else { return false }
        let gbkBytes = field.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1 : 2) }
        let utf8Bytes = field.utf8.count
        return gbkBytes == 10 || (utf8Bytes >= 9 && utf8Bytes <= 10 && !field.unicodeScalars.allSatisfy(\.isASCII))
    }

    /// `find` for one feature's own keys (the commands that read field by field).
    static func key(_ candidates: [String], in keys: [String]) -> String? {
        FieldNames(names: keys).find(candidates)
    }

    private init(names: [String]) {
        self.names = names
        lowered = names.map { $0.lowercased() }
    }
}
