import CGEOS

/// A GEOS geometry owned by Swift: created by a ``GeometryEngine`` and destroyed exactly
/// once, in `deinit`. It keeps its engine (and so the GEOS context) alive.
public final class Geometry {
    public let engine: GeometryEngine
    let handle: OpaquePointer

    init(engine: GeometryEngine, handle: OpaquePointer) {
        self.engine = engine
        self.handle = handle
    }

    deinit { GEOSGeom_destroy_r(engine.geos, handle) }

    var ctx: GEOSContextHandle_t { engine.geos }

    /// OGC type name (`Polygon`, `MultiPolygon`, …).
    public var typeName: String {
        guard let t = GEOSGeomType_r(ctx, handle) else { return "Unknown" }
        defer { GEOSFree_r(ctx, t) }
        return String(cString: t)
    }

    public var isEmpty: Bool { GEOSisEmpty_r(ctx, handle) == 1 }

    public var componentCount: Int { Int(GEOSGetNumGeometries_r(ctx, handle)) }

    /// A copy of component `i` of a multi-geometry or collection.
    public func component(_ i: Int) throws -> Geometry {
        try engine.geosCall("component") {
            guard let part = GEOSGetGeometryN_r(ctx, handle, Int32(i)) else { return nil }
            return GEOSGeom_clone_r(ctx, part)
        }
    }

    /// Area in the units of the coordinates, squared.
    public func area() throws -> Double {
        var a = 0.0
        try engine.geosStatus("area") { GEOSArea_r(ctx, handle, &a) }
        return a
    }

    /// The shortest distance to `other`, in the units of the coordinates (0 when they meet).
    public func distance(to other: Geometry) throws -> Double {
        var d = 0.0
        try engine.geosStatus("distance") { GEOSDistance_r(ctx, handle, other.handle, &d) }
        return d
    }

    public func length() throws -> Double {
        var l = 0.0
        try engine.geosStatus("length") { GEOSLength_r(ctx, handle, &l) }
        return l
    }

    public var envelope: Envelope {
        if isEmpty { return .empty }
        var e = Envelope.empty
        _ = GEOSGeom_getXMin_r(ctx, handle, &e.minX)
        _ = GEOSGeom_getYMin_r(ctx, handle, &e.minY)
        _ = GEOSGeom_getXMax_r(ctx, handle, &e.maxX)
        _ = GEOSGeom_getYMax_r(ctx, handle, &e.maxY)
        return e
    }

    // MARK: Validity

    /// GEOS's validity verdict with its reason and the location of the problem.
    public func validity() throws -> Validity {
        engine.geosMessages.clear()
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let r = GEOSisValidDetail_r(ctx, handle, 0, &reason, &location)
        if r == 2 { throw SpatialError.geos(operation: "isValidDetail", message: engine.geosMessages.lastError) }
        if r == 1 { return .valid }
        var text = "invalid"
        if let reason {
            text = String(cString: reason)
            GEOSFree_r(ctx, reason)
        }
        var point: (x: Double, y: Double)?
        if let location {
            var x = 0.0, y = 0.0
            if GEOSGeomGetX_r(ctx, location, &x) == 1, GEOSGeomGetY_r(ctx, location, &y) == 1 { point = (x, y) }
            GEOSGeom_destroy_r(ctx, location)
        }
        return .invalid(reason: text, x: point?.x, y: point?.y)
    }

    public func isValid() throws -> Bool { try validity().isValid }

    /// Repairs an invalid geometry with GEOS's structure method (self-overlaps unioned, a
    /// hole outside its shell kept as a polygon, collapsed parts dropped).
    public func makeValid() throws -> Geometry {
        let params = engine.makeValidParameters()
        return try engine.geosCall("makeValid") { GEOSMakeValidWithParams_r(ctx, handle, params) }
    }

    // MARK: Overlay

    public func intersection(_ other: Geometry) throws -> Geometry {
        try engine.geosCall("intersection") { GEOSIntersection_r(ctx, handle, other.handle) }
    }

    public func difference(_ other: Geometry) throws -> Geometry {
        try engine.geosCall("difference") { GEOSDifference_r(ctx, handle, other.handle) }
    }

    public func union(_ other: Geometry) throws -> Geometry {
        try engine.geosCall("union") { GEOSUnion_r(ctx, handle, other.handle) }
    }

    public func symmetricDifference(_ other: Geometry) throws -> Geometry {
        try engine.geosCall("symDifference") { GEOSSymDifference_r(ctx, handle, other.handle) }
    }

    /// Union of all components (overlapping parts count once).
    public func unaryUnion() throws -> Geometry {
        try engine.geosCall("unaryUnion") { GEOSUnaryUnion_r(ctx, handle) }
    }

    /// Fast clip to a rectangle; the result may be invalid only where the input was.
    public func clip(to e: Envelope) throws -> Geometry {
        try engine.geosCall("clipByRect") { GEOSClipByRect_r(ctx, handle, e.minX, e.minY, e.maxX, e.maxY) }
    }

    /// Buffer by `width` (negative shrinks), `quadrantSegments` segments per quarter circle.
    public func buffer(_ width: Double, quadrantSegments: Int = 8) throws -> Geometry {
        try engine.geosCall("buffer") { GEOSBuffer_r(ctx, handle, width, Int32(quadrantSegments)) }
    }

    /// Douglas–Peucker simplification that keeps the topology (GEOS's
    /// TopologyPreserveSimplify): no ring or line crosses another or itself, holes stay
    /// inside, and the end points of every line are kept — so lines that share their ends
    /// (a coverage's edges cut at their junctions) stay joined.
    public func simplifiedPreservingTopology(tolerance: Double) throws -> Geometry {
        try engine.geosCall("topologyPreserveSimplify") { GEOSTopologyPreserveSimplify_r(ctx, handle, tolerance) }
    }

    /// A point guaranteed to lie inside the geometry (GEOS point on surface).
    public func pointOnSurface() throws -> (x: Double, y: Double) {
        let p = try engine.geosCall("pointOnSurface") { GEOSPointOnSurface_r(ctx, handle) }
        var x = 0.0, y = 0.0
        guard GEOSGeomGetX_r(ctx, p.handle, &x) == 1, GEOSGeomGetY_r(ctx, p.handle, &y) == 1 else {
            throw SpatialError.geos(operation: "pointOnSurface", message: "the geometry is empty")
        }
        return (x, y)
    }

    /// The envelope as a polygon.
    public func envelopeGeometry() throws -> Geometry {
        try engine.geosCall("envelope") { GEOSEnvelope_r(ctx, handle) }
    }

    public func normalized() throws -> Geometry {
        let copy = try engine.geosCall("clone") { GEOSGeom_clone_r(ctx, handle) }
        try engine.geosStatus("normalize") { GEOSNormalize_r(ctx, copy.handle) == 0 ? 1 : 0 }
        return copy
    }

    // MARK: Predicates

    public func intersects(_ other: Geometry) throws -> Bool {
        try engine.geosPredicate("intersects") { GEOSIntersects_r(ctx, handle, other.handle) }
    }

    public func covers(_ other: Geometry) throws -> Bool {
        try engine.geosPredicate("covers") { GEOSCovers_r(ctx, handle, other.handle) }
    }

    public func contains(_ other: Geometry) throws -> Bool {
        try engine.geosPredicate("contains") { GEOSContains_r(ctx, handle, other.handle) }
    }

    /// Topological equality (same point set).
    public func topologicallyEquals(_ other: Geometry) throws -> Bool {
        try engine.geosPredicate("equals") { GEOSEquals_r(ctx, handle, other.handle) }
    }

    /// Exact equality of vertices within `tolerance`.
    public func equalsExact(_ other: Geometry, tolerance: Double) throws -> Bool {
        try engine.geosPredicate("equalsExact") { GEOSEqualsExact_r(ctx, handle, other.handle, tolerance) }
    }

    /// A prepared form of this geometry for repeated predicates against many others.
    public func prepared() throws -> PreparedGeometry {
        engine.geosMessages.clear()
        guard let p = GEOSPrepare_r(ctx, handle) else {
            throw SpatialError.geos(operation: "prepare", message: engine.geosMessages.lastError)
        }
        return PreparedGeometry(base: self, handle: p)
    }

    /// The geometry as plain data.
    public func flat() throws -> FlatGeometry { try engine.flat(self) }

    /// WKT, through LandControl's writer (shortest round-trip numbers).
    public func wkt() throws -> String { try WKTWriter.string(try flat()) }
}
