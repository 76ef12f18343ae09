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
    /// Ring repairs made as the layer was read (a ring closed, a hole without area dropped;
    /// see ``RingRepair``), one sentence each naming the ring; `geometry` is the repaired one.
    public var repairs: [String] = []

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

/// A layer format: one of LandControl's own readers (GeoJSON, WKT lines, CSV with WKT, the
/// ministry's coordinate TXT) or a GDAL vector driver by its short name (`ESRI Shapefile`,
/// `GPKG`, `OpenFileGDB`, `DXF`, `LIBKML`, `FlatGeobuf`…).
public struct LayerFormat: Hashable, Sendable, CustomStringConvertible {
    /// `geojson`, `wkt`, `csv`, `bubiao-txt`, or the GDAL driver's short name.
    public let name: String
    /// True when GDAL reads it.
    public let isGDAL: Bool

    public static let geojson = LayerFormat(name: "geojson", isGDAL: false)
    public static let wkt = LayerFormat(name: "wkt", isGDAL: false)
    public static let csv = LayerFormat(name: "csv", isGDAL: false)
    /// 国土资源部/自然资源部 坐标交换格式 (the red-line coordinate TXT).
    public static let bubiaoTXT = LayerFormat(name: "bubiao-txt", isGDAL: false)
    public static let own: [LayerFormat] = [.geojson, .wkt, .csv, .bubiaoTXT]

    /// A GDAL vector driver by its short name.
    public static func gdal(_ driver: String) -> LayerFormat { LayerFormat(name: driver, isGDAL: true) }

    private init(name: String, isGDAL: Bool) {
        self.name = name
        self.isGDAL = isGDAL
    }

    /// Parses what `--format` takes: an own format (`geojson`, `wkt`, `csv`, `bubiao-txt`,
    /// any case), a GDAL driver short name (checked when the file is opened), or `gdal:NAME`
    /// for GDAL's driver of a format LandControl also reads itself.
    public init(named argument: String) {
        let t = argument.trimmingCharacters(in: .whitespaces)
        // `gdal:GeoJSON`, `gdal:CSV`: GDAL's own driver even where LandControl has a reader.
        if t.lowercased().hasPrefix("gdal:") {
            self = .gdal(String(t.dropFirst(5)))
            return
        }
        switch t.lowercased() {
        case "geojson", "json": self = .geojson
        case "wkt": self = .wkt
        case "csv": self = .csv
        case "bubiao-txt", "bubiao", "txt-bubiao", "部标", "部标txt": self = .bubiaoTXT
        case "shp", "shapefile": self = .gdal("ESRI Shapefile")
        case "gpkg", "geopackage": self = .gdal("GPKG")
        case "fgb", "flatgeobuf": self = .gdal("FlatGeobuf")
        case "gdb", "filegdb", "openfilegdb": self = .gdal("OpenFileGDB")
        case "kml": self = .gdal("KML")
        case "libkml", "kmz": self = .gdal("LIBKML")
        case "dxf": self = .gdal("DXF")
        default: self = .gdal(t)
        }
    }

    /// How reports name it: `GeoJSON`, `WKT`, `CSV`, `部标 TXT`, `GPKG (GDAL)`.
    public var description: String {
        switch self {
        case .geojson: "GeoJSON"
        case .wkt: "WKT"
        case .csv: "CSV"
        case .bubiaoTXT: "部标 TXT"
        default: "\(name) (GDAL)"
        }
    }

    /// The own format a file name implies: `.geojson`/`.json`, `.wkt`, `.csv`/`.tsv`
    /// (`.txt` is WKT or 部标 TXT, decided by the content); GDAL formats by
    /// ``GDALFormats/guess(path:)``.
    public static func guess(path: String) -> LayerFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") || lower.hasSuffix(".geojsonl") { return .geojson }
        if lower.hasSuffix(".wkt") { return .wkt }
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
    /// Reads every remaining feature (readers may do it faster than one `next()` at a time).
    func readAll() throws -> [Feature]
}

extension FeatureReader {
    /// Reads every remaining feature.
    public func readAll() throws -> [Feature] {
        var out: [Feature] = []
        while let f = try next() { out.append(f) }
        return out
    }
}
