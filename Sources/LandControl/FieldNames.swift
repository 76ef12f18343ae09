import Spatial

/// The attribute names a layer carries (from its first 200 features, in first-seen order),
/// and the lookups every command makes on them.
struct FieldNames {
    let names: [String]

    init(_ features: [Feature]) {
        var names: [String] = []
        var seen = Set<String>()
        for f in features.prefix(200) { for k in f.properties.keys where seen.insert(k).inserted { names.append(k) } }
        self.names = names
    }

    var list: String { names.joined(separator: ", ") }

    /// The first of `candidates` the layer has (compared ignoring case), as the layer spells it.
    func find(_ candidates: [String]) -> String? {
        for c in candidates {
            if let k = names.first(where: { $0.lowercased() == c.lowercased() }) { return k }
        }
        return nil
    }
}
