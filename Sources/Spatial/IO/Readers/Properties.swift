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
    /// A calendar date (`2021-03-25`) or date and time (`2021-03-25T08:00:00`) from a typed
    /// date field (DBF `D`, GeoPackage `DATE`/`DATETIME`), as ISO 8601 text.
    case date(String)

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
        case let .date(d): d
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

    /// The positions found for the last few sets of keys (features may take turns between
    /// a few), newest last.
    private var recent: [(keys: [String], positions: [Int?])] = []

    /// Where `names` are in `keys`, found again only when the keys are none of the last ones
    /// (shared key arrays compare in constant time).
    private mutating func locate(_ keys: [String]) {
        guard keys != lastKeys else { return }
        lastKeys = keys
        if let hit = recent.first(where: { $0.keys == keys }) {
            positions = hit.positions
            return
        }
        positions = names.map { name in keys.firstIndex(of: name) }
        recent.append((keys, positions))
        if recent.count > 4 { recent.removeFirst() }
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
