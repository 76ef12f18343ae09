import Foundation

/// One attribute value as read from a file. Numbers keep their source text, so they are
/// written back exactly as they came; nested JSON is kept as raw JSON text.
public enum PropertyValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    /// A number, as its literal text (`12.50`, `1e3`).
    case number(String)
    case string(String)
    /// A JSON object or array, as compact source text.
    case json(String)

    /// The value as a number when it is one, or a string that reads as one.
    public var doubleValue: Double? {
        switch self {
        case let .number(t): Double(t)
        case let .string(s): NumberScanning.parse(Substring(s.trimmingCharacters(in: .whitespaces)))
        case let .bool(b): b ? 1 : 0
        default: nil
        }
    }

    /// The value as text (empty for null).
    public var text: String {
        switch self {
        case .null: ""
        case let .bool(b): b ? "true" : "false"
        case let .number(t): t
        case let .string(s): s
        case let .json(j): j
        }
    }

    public var isNull: Bool { self == .null }
    public var description: String { text }
}

/// Attributes in their source order.
public struct Properties: Sendable, Equatable {
    public private(set) var keys: [String] = []
    public private(set) var values: [PropertyValue] = []

    public init() {}

    public init(_ pairs: [(String, PropertyValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Reads or sets a value; setting an existing key replaces it in place.
    public subscript(key: String) -> PropertyValue? {
        get {
            guard let i = keys.firstIndex(of: key) else { return nil }
            return values[i]
        }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue {
                    values[i] = newValue
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Values under keys shared with other features (distinct keys, one value each).
    public init(sharedKeys: [String], values: [PropertyValue]) {
        precondition(sharedKeys.count == values.count)
        keys = sharedKeys
        self.values = values
    }

    /// Builds from pairs whose keys are known to be distinct (no duplicate check).
    public init(distinct pairs: [(String, PropertyValue)]) {
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (k, v) in pairs {
            keys.append(k)
            values.append(v)
        }
    }

    /// Appends without looking for an existing key: the caller knows `key` is new.
    public mutating func appendUnchecked(_ key: String, _ value: PropertyValue) {
        keys.append(key)
        values.append(value)
    }

    public var pairs: Zip2Sequence<[String], [PropertyValue]> { zip(keys, values) }
}

/// Reads the same attributes from many features quickly: features of one file nearly
/// always share their key order, so the positions found for one are reused for the next
/// while its keys are the same.
public struct AttributeLookup {
    public let names: [String]
    private var lastKeys: [String] = []
    private var positions: [Int?] = []

    public init(names: [String]) { self.names = names }

    /// Where `names` are in `keys`, found again only when the keys differ from the last ones.
    private mutating func locate(_ keys: [String]) {
        guard keys != lastKeys else { return }
        lastKeys = keys
        positions = names.map { name in keys.firstIndex(of: name) }
    }

    /// The values of `names` in `properties` (nil where absent), in the order of `names`.
    public mutating func values(in properties: Properties) -> [PropertyValue?] {
        locate(properties.keys)
        let values = properties.values
        return positions.map { $0.map { values[$0] } }
    }

    /// Calls `visit` with each of `names`' values in `properties` (nil where absent), in the
    /// order of `names`, without building an array.
    public mutating func forEachValue(in properties: Properties, _ visit: (PropertyValue?) -> Void) {
        locate(properties.keys)
        properties.values.withUnsafeBufferPointer { values in
            for p in positions { visit(p.map { values[$0] }) }
        }
    }
}

/// A feature as read: its place in the file, its id, its geometry (nil when the file has
/// none or it could not be read) and its attributes.
public struct Feature: Sendable {
    /// 1-based position of the feature in its file.
    public var index: Int
    /// The feature id from the file (GeoJSON `id`), when there is one.
    public var id: String?
    public var geometry: FlatGeometry?
    public var properties: Properties
    /// 1-based line where the feature starts, for text formats and JSON.
    public var line: Int?
    /// Why the feature cannot be used, when it cannot (its geometry is then nil).
    public var problem: String?
    /// Things worth telling about a feature that was read all the same.
    public var warnings: [String]

    public init(index: Int, id: String? = nil, geometry: FlatGeometry?, properties: Properties = Properties(),
                line: Int? = nil, problem: String? = nil, warnings: [String] = []) {
        self.index = index
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.line = line
        self.problem = problem
        self.warnings = warnings
    }

    /// "parcels.geojson feature 12 (id P0000012, line 14)".
    public func location(in file: String) -> String {
        var s = "\(file) feature \(index)"
        var extra: [String] = []
        if let id { extra.append("id \(id)") }
        if let line { extra.append("line \(line)") }
        if !extra.isEmpty { s += " (" + extra.joined(separator: ", ") + ")" }
        return s
    }
}

/// The formats LandControl reads.
public enum LayerFormat: String, Sendable, CaseIterable {
    case geojson, wkt, csv

    /// The format a file name implies: `.geojson`/`.json`, `.wkt`/`.txt`, `.csv`.
    public static func guess(path: String) -> LayerFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") || lower.hasSuffix(".geojsonl") { return .geojson }
        if lower.hasSuffix(".wkt") || lower.hasSuffix(".txt") { return .wkt }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { return .csv }
        return nil
    }
}

/// A source of features, read one at a time. File-level problems throw ``ReadError``;
/// per-feature problems come back in ``Feature/problem`` and the reading goes on.
public protocol FeatureReader: AnyObject {
    var file: String { get }
    var format: LayerFormat { get }
    /// The CRS the file itself declares (GeoJSON `crs` member, EWKT `SRID=`), if any.
    var declaredCRS: String? { get }
    /// File-level notes (ignored members, a BOM…) gathered so far.
    var notes: [String] { get }
    func next() throws -> Feature?
}

extension FeatureReader {
    /// Reads every remaining feature.
    public func readAll() throws -> [Feature] {
        var out: [Feature] = []
        while let f = try next() { out.append(f) }
        return out
    }
}
