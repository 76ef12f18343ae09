import Foundation

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
