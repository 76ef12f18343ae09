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

/// GEOS's validity verdict.
public enum Validity: Equatable, Sendable {
    case valid
    case invalid(reason: String, x: Double?, y: Double?)

    public var isValid: Bool { self == .valid }

    /// The same verdict with its location transformed (e.g. from the area CRS back to the
    /// input's longitude/latitude, so that people can find the spot).
    public func located(by transform: CoordinateTransform) -> Validity {
        guard case let .invalid(reason, x?, y?) = self, let p = try? transform.apply(x: x, y: y) else { return self }
        let digits = transform.target.isGeographic ? 1e7 : 1e3
        return .invalid(reason: reason, x: (p.x * digits).rounded() / digits, y: (p.y * digits).rounded() / digits)
    }

    /// "Self-intersection at (121.99, 30.07)".
    public var message: String {
        switch self {
        case .valid: "valid"
        case let .invalid(reason, x, y):
            if let x, let y { "\(reason) at (\(NumberFormatting.string(x)), \(NumberFormatting.string(y)))" } else { reason }
        }
    }
}

/// A geometry prepared for fast repeated predicates. Keeps its base geometry alive.
public final class PreparedGeometry {
    public let base: Geometry
    let handle: OpaquePointer

    init(base: Geometry, handle: OpaquePointer) {
        self.base = base
        self.handle = handle
    }

    deinit { GEOSPreparedGeom_destroy_r(base.engine.geos, handle) }

    public func covers(_ g: Geometry) throws -> Bool {
        try base.engine.geosPredicate("prepared covers") { GEOSPreparedCovers_r(base.engine.geos, handle, g.handle) }
    }

    public func intersects(_ g: Geometry) throws -> Bool {
        try base.engine.geosPredicate("prepared intersects") { GEOSPreparedIntersects_r(base.engine.geos, handle, g.handle) }
    }

    public func contains(_ g: Geometry) throws -> Bool {
        try base.engine.geosPredicate("prepared contains") { GEOSPreparedContains_r(base.engine.geos, handle, g.handle) }
    }

    /// True when the two only share boundary points (no interior in common).
    public func touches(_ g: Geometry) throws -> Bool {
        try base.engine.geosPredicate("prepared touches") { GEOSPreparedTouches_r(base.engine.geos, handle, g.handle) }
    }

    public func coveredBy(_ g: Geometry) throws -> Bool {
        try base.engine.geosPredicate("prepared coveredBy") { GEOSPreparedCoveredBy_r(base.engine.geos, handle, g.handle) }
    }
}

/// An STRtree over items identified by their insertion index.
///
/// Items are inserted, then the tree is queried; GEOS builds it lazily on the first query,
/// after which no more items may be inserted.
public final class SpatialIndex {
    public let engine: GeometryEngine
    let handle: OpaquePointer
    private var geometries: [Geometry] = []
    private var built = false

    public init(engine: GeometryEngine, nodeCapacity: Int = 10) throws {
        self.engine = engine
        engine.geosMessages.clear()
        guard let t = GEOSSTRtree_create_r(engine.geos, nodeCapacity) else {
            throw SpatialError.geos(operation: "STRtree create", message: engine.geosMessages.lastError)
        }
        handle = t
    }

    deinit { GEOSSTRtree_destroy_r(engine.geos, handle) }

    public var count: Int { geometries.count }

    /// Adds `geometry`; its item number is the insertion index (0-based), returned.
    @discardableResult
    public func insert(_ geometry: Geometry) throws -> Int {
        guard !built else { throw SpatialError.geos(operation: "STRtree insert", message: "the tree was already queried") }
        let item = geometries.count
        geometries.append(geometry)
        // Item numbers are stored in the pointer slot, offset by one so that 0 is never NULL.
        GEOSSTRtree_insert_r(engine.geos, handle, geometry.handle, UnsafeMutableRawPointer(bitPattern: item + 1))
        return item
    }

    /// Item numbers whose envelopes intersect the envelope of `geometry`, in no set order.
    public func query(_ geometry: Geometry) -> [Int] {
        var found: [Int] = []
        query(geometry) { found.append($0) }
        return found
    }

    /// Calls `visit` with each item whose envelope intersects the envelope of `geometry`.
    public func query(_ geometry: Geometry, _ visit: (Int) -> Void) {
        built = true
        withoutActuallyEscaping(visit) { visit in
            var box = visit
            withUnsafeMutablePointer(to: &box) { boxPointer in
                GEOSSTRtree_query_r(engine.geos, handle, geometry.handle, { item, userdata in
                    guard let userdata, let item else { return }
                    let visit = userdata.assumingMemoryBound(to: ((Int) -> Void).self).pointee
                    visit(Int(bitPattern: item) - 1)
                }, boxPointer)
            }
        }
    }
}

extension Geometry {
    /// Number of coordinates in the whole geometry.
    public var coordinateCount: Int { Int(GEOSGetNumCoordinates_r(ctx, handle)) }

    /// The polygons of this geometry (exploded from multi-polygons and collections), each a
    /// geometry of its own; other parts (points, lines) are left out.
    public func polygons() throws -> [Geometry] {
        let type = GEOSGeomTypeId_r(ctx, handle)
        if type == Int32(GEOS_POLYGON.rawValue) {
            return isEmpty ? [] : [try engine.geosCall("clone") { GEOSGeom_clone_r(ctx, handle) }]
        }
        guard type == Int32(GEOS_MULTIPOLYGON.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) else { return [] }
        var out: [Geometry] = []
        for i in 0..<componentCount {
            out += try component(i).polygons()
        }
        return out
    }

    /// Splits a big polygonal geometry into pieces of at most `maxVertices` coordinates by
    /// cutting its envelope in halves, recursively. The pieces do not overlap, so areas of
    /// intersections with them add up exactly; each piece is small, so intersecting a
    /// parcel with the few it touches is cheap.
    public func subdivided(maxVertices: Int = 256, maxDepth: Int = 12) throws -> [Geometry] {
        if coordinateCount <= maxVertices || maxDepth == 0 { return [self] }
        let e = envelope
        guard !e.isEmpty else { return [] }
        let splitX = e.maxX - e.minX >= e.maxY - e.minY
        let halves: [Envelope] = splitX
            ? [Envelope(minX: e.minX, minY: e.minY, maxX: e.centerX, maxY: e.maxY), Envelope(minX: e.centerX, minY: e.minY, maxX: e.maxX, maxY: e.maxY)]
            : [Envelope(minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.centerY), Envelope(minX: e.minX, minY: e.centerY, maxX: e.maxX, maxY: e.maxY)]
        var out: [Geometry] = []
        for h in halves {
            // An exact intersection with the box (clipByRect does not promise validity).
            let piece = try intersection(engine.rectangle(h))
            for p in try piece.polygons() {
                out += try p.subdivided(maxVertices: maxVertices, maxDepth: maxDepth - 1)
            }
        }
        return out
    }
}

extension GeometryEngine {
    /// A rectangle polygon.
    public func rectangle(_ e: Envelope) throws -> Geometry {
        try geosCall("rectangle") { GEOSGeom_createRectangle_r(geos, e.minX, e.minY, e.maxX, e.maxY) }
    }

    /// The union of `geometries` (overlaps count once); an empty collection for none.
    public func union(of geometries: [Geometry]) throws -> Geometry {
        let collection = try self.collection(geometries)
        return try collection.unaryUnion()
    }

    /// A GeometryCollection holding copies of `geometries`.
    public func collection(_ geometries: [Geometry]) throws -> Geometry {
        var parts: [OpaquePointer?] = []
        parts.reserveCapacity(geometries.count)
        for g in geometries {
            geosMessages.clear()
            guard let c = GEOSGeom_clone_r(geos, g.handle) else {
                for p in parts { GEOSGeom_destroy_r(geos, p) }
                throw SpatialError.geos(operation: "clone", message: geosMessages.lastError)
            }
            parts.append(c)
        }
        let count = UInt32(parts.count)
        return try geosCall("collection") {
            let c = parts.withUnsafeMutableBufferPointer { GEOSGeom_createCollection_r(geos, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), $0.baseAddress, count) }
            if c == nil { for p in parts { GEOSGeom_destroy_r(geos, p) } }
            return c
        }
    }
}
