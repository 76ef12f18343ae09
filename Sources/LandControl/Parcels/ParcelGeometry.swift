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

    /// `part` (a geometry made from this parcel in the area CRS: a conflict's area) in the
    /// output CRS. A position that is one of the parcel's own, bit for bit (GEOS keeps the
    /// input's vertices in an overlay's result), takes the parcel's output position, so the
    /// parcel's corners read exactly as in the input rather than back through PROJ; only
    /// the others (crossings with zone edges, the zones' own vertices) are transformed.
    func outputGeometry(of part: FlatGeometry, _ areaToOutput: CoordinateTransform) throws -> FlatGeometry {
        var out = part
        guard !areaToOutput.isIdentity, !part.xy.isEmpty else { return out }
        let own = OwnPositions(projected.xy)
        var others = FlatGeometry()
        var otherAt: [Int] = []
        out.xy.withUnsafeMutableBufferPointer { xy in
            lonLat.xy.withUnsafeBufferPointer { lonLat in
                for i in 0..<xy.count / 2 {
                    if let k = own.index(of: xy[2 * i], xy[2 * i + 1]) {
                        xy[2 * i] = lonLat[2 * k]
                        xy[2 * i + 1] = lonLat[2 * k + 1]
                    } else {
                        others.xy.append(xy[2 * i])
                        others.xy.append(xy[2 * i + 1])
                        otherAt.append(i)
                    }
                }
            }
        }
        guard !otherAt.isEmpty else { return out }
        others.sequenceEnds = [otherAt.count]
        others.nodes = [.init(kind: .multiPoint, count: Int32(otherAt.count))]
        try areaToOutput.apply(&others)
        for (n, i) in otherAt.enumerated() {
            out.xy[2 * i] = others.xy[2 * n]
            out.xy[2 * i + 1] = others.xy[2 * n + 1]
        }
        return out
    }

    /// The parcel's positions in the area CRS, found by their exact bits: a scan for the
    /// few corners of most parcels, a table for big ones.
    private struct OwnPositions {
        let xy: [Double]
        let table: [Key: Int]?

        struct Key: Hashable {
            let x: UInt64, y: UInt64
        }

        init(_ xy: [Double]) {
            self.xy = xy
            if xy.count > 128 {
                var t = [Key: Int](minimumCapacity: xy.count / 2)
                for k in 0..<xy.count / 2 where t[Key(x: xy[2 * k].bitPattern, y: xy[2 * k + 1].bitPattern)] == nil {
                    t[Key(x: xy[2 * k].bitPattern, y: xy[2 * k + 1].bitPattern)] = k
                }
                table = t
            } else {
                table = nil
            }
        }

        func index(of x: Double, _ y: Double) -> Int? {
            if let table { return table[Key(x: x.bitPattern, y: y.bitPattern)] }
            return xy.withUnsafeBufferPointer { p in
                for k in 0..<p.count / 2 where p[2 * k].bitPattern == x.bitPattern && p[2 * k + 1].bitPattern == y.bitPattern { return k }
                return nil
            }
        }
    }

    static let nonFiniteArea = "the area is not a finite number: coordinates out of range"

    /// `area` when it is a finite number; an error for the feature otherwise (coordinates
    /// so large that the area overflows), so that no infinite area enters a sum or a ratio.
    static func finite(_ area: Double) throws -> Double {
        guard area.isFinite else { throw SpatialError.transformFailed(nonFiniteArea) }
        return area
    }
}
