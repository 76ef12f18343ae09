import CGEOS

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
