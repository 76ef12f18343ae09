import CGEOS

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
