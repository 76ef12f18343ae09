import Spatial

/// A parcel's geometry made ready for measuring, the same way for every command: projected
/// to the area CRS, checked by GEOS and repaired with makeValid when invalid, and kept in
/// longitude/latitude for output. Its rings were repaired as the layer was read
/// (`Feature.repairs`), which also makes the parcel `repaired`.
struct ParcelGeometry {
    /// The (repaired) geometry in the area CRS.
    var geometry: Geometry
    /// The same as plain data.
    var projected: FlatGeometry
    /// The (repaired) geometry in the output CRS (longitude/latitude).
    var lonLat: FlatGeometry
    /// What was repaired: the ring repairs made as read, then GEOS's reason (located in
    /// longitude/latitude) when makeValid had to repair the geometry; nil when nothing was.
    var repairReason: String?

    struct Transforms {
        var toArea: CoordinateTransform
        var toOutput: CoordinateTransform
        var areaToOutput: CoordinateTransform
    }

    /// Throws `SpatialError` for a geometry that cannot be used (not polygonal, not
    /// transformable, structurally broken, nothing left after repair).
    /// `ringRepairs`: the feature's `repairs` (what was repaired as the layer was read).
    init(_ g: FlatGeometry, ringRepairs: [String] = [], _ t: Transforms, engine: GeometryEngine) throws {
        guard g.isPolygonal else { throw SpatialError.invalidStructure("a \(g.kind) has no area; parcels must be polygons") }
        var projected = g
        try t.toArea.apply(&projected)
        var geometry = try engine.geometry(from: projected)
        // A plain ring proven simple needs no GEOS validity check (most parcels).
        let validity = projected.isCertainlySimplePolygon ? Validity.valid : try geometry.validity()
        var lonLat: FlatGeometry
        if validity.isValid {
            lonLat = g
            try t.toOutput.apply(&lonLat)
        } else {
            let located = validity.located(by: t.areaToOutput).message
            guard let repaired = try geometry.makeValid().flat().polygonalPart else {
                throw SpatialError.invalidStructure("\(located); nothing with an area is left after repair")
            }
            geometry = try engine.geometry(from: repaired)
            projected = repaired
            lonLat = repaired
            try t.areaToOutput.apply(&lonLat)
            repairReason = located
        }
        if !ringRepairs.isEmpty { repairReason = (ringRepairs + (repairReason.map { [$0] } ?? [])).joined(separator: "; ") }
        self.geometry = geometry
        self.projected = projected
        self.lonLat = lonLat
    }

    static let nonFiniteArea = "the area is not a finite number: coordinates out of range"

    /// `area` when it is a finite number; an error for the feature otherwise (coordinates
    /// so large that the area overflows), so that no infinite area enters a sum or a ratio.
    static func finite(_ area: Double) throws -> Double {
        guard area.isFinite else { throw SpatialError.transformFailed(nonFiniteArea) }
        return area
    }
}
