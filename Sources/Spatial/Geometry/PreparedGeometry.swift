import CGEOS

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
