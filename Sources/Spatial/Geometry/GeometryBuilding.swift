import CGEOS

/// Conversion between ``FlatGeometry`` (plain data) and GEOS geometries, with bulk copies of
/// whole coordinate sequences (`GEOSCoordSeq_copyFromBuffer_r` / `copyToBuffer_r`).
extension GeometryEngine {
    /// Builds the GEOS geometry. Empty components of multi-geometries and collections are
    /// left out (GEOS 3.11.1 crashes on some EMPTY inputs); rings are checked for closure and
    /// length first so that the error names the ring instead of quoting GEOS.
    public func geometry(from flat: FlatGeometry) throws -> Geometry {
        guard !flat.nodes.isEmpty else {
            return try geosCall("create empty") { GEOSGeom_createEmptyCollection_r(geos, Int32(GEOS_GEOMETRYCOLLECTION.rawValue)) }
        }
        var cursor = BuildCursor()
        let handle = try flat.xy.withUnsafeBufferPointer { xy in
            try build(flat, xy, &cursor)
        }
        return Geometry(engine: self, handle: handle)
    }

    private struct BuildCursor {
        var node = 0
        var sequence = 0
        var polygonNumber = 0
    }

    private func coordinateSequence(_ flat: FlatGeometry, _ xy: UnsafeBufferPointer<Double>, _ k: Int) throws -> OpaquePointer {
        let r = flat.sequenceRange(k)
        let seq: OpaquePointer?
        geosMessages.clear()
        if let z = flat.z {
            var xyz = [Double]()
            xyz.reserveCapacity(r.count * 3)
            for i in r {
                xyz.append(xy[2 * i])
                xyz.append(xy[2 * i + 1])
                xyz.append(z[i])
            }
            seq = GEOSCoordSeq_copyFromBuffer_r(geos, xyz, UInt32(r.count), 1, 0)
        } else {
            seq = GEOSCoordSeq_copyFromBuffer_r(geos, xy.baseAddress.map { $0 + 2 * r.lowerBound }, UInt32(r.count), 0, 0)
        }
        guard let seq else { throw SpatialError.geos(operation: "coordinate sequence", message: geosMessages.lastError) }
        return seq
    }

    private func destroyAll(_ parts: [OpaquePointer]) {
        for p in parts { GEOSGeom_destroy_r(geos, p) }
    }

    private func build(_ flat: FlatGeometry, _ xy: UnsafeBufferPointer<Double>, _ c: inout BuildCursor) throws -> OpaquePointer {
        guard c.node < flat.nodes.count else { throw SpatialError.invalidStructure("geometry description ends early") }
        let node = flat.nodes[c.node]
        c.node += 1
        let count = Int(node.count)
        geosMessages.clear()
        switch node.kind {
        case .point:
            if count == 0 { return try nonNull("empty point") { GEOSGeom_createEmptyPoint_r(geos) } }
            let s = try coordinateSequence(flat, xy, c.sequence)
            c.sequence += 1
            return try nonNull("point") { GEOSGeom_createPoint_r(geos, s) }
        case .lineString:
            if count == 0 { return try nonNull("empty line") { GEOSGeom_createEmptyLineString_r(geos) } }
            let n = flat.sequenceRange(c.sequence).count
            if n == 1 { throw SpatialError.invalidStructure("a line string needs at least 2 positions, found 1") }
            let s = try coordinateSequence(flat, xy, c.sequence)
            c.sequence += 1
            return try nonNull("line string") { GEOSGeom_createLineString_r(geos, s) }
        case .polygon:
            c.polygonNumber += 1
            if count == 0 { return try nonNull("empty polygon") { GEOSGeom_createEmptyPolygon_r(geos) } }
            var rings: [OpaquePointer] = []
            rings.reserveCapacity(count)
            for r in 0..<count {
                let range = flat.sequenceRange(c.sequence)
                let label = (r == 0 ? "outer ring" : "hole \(r)") + (c.polygonNumber > 1 || flat.kind != .polygon ? " of polygon \(c.polygonNumber)" : "")
                if range.isEmpty, r == 0 {
                    // POLYGON with an empty shell: the polygon is empty.
                    c.sequence += count
                    destroyAll(rings)
                    return try nonNull("empty polygon") { GEOSGeom_createEmptyPolygon_r(geos) }
                }
                if range.count < 4 {
                    destroyAll(rings)
                    throw SpatialError.invalidStructure("\(label) has \(range.count) position\(range.count == 1 ? "" : "s"); a ring needs at least 4")
                }
                let f = range.lowerBound, l = range.upperBound - 1
                let heightsDiffer = flat.z.map { z in z[f] != z[l] && !(z[f].isNaN && z[l].isNaN) } ?? false
                if heightsDiffer {
                    destroyAll(rings)
                    throw SpatialError.invalidStructure("\(label) is not closed: its first and last positions differ in height")
                }
                if xy[2 * f] != xy[2 * l] || xy[2 * f + 1] != xy[2 * l + 1] {
                    destroyAll(rings)
                    throw SpatialError.invalidStructure("\(label) is not closed: first position (\(NumberFormatting.string(xy[2 * f])), \(NumberFormatting.string(xy[2 * f + 1]))) differs from last (\(NumberFormatting.string(xy[2 * l])), \(NumberFormatting.string(xy[2 * l + 1])))")
                }
                let s = try coordinateSequence(flat, xy, c.sequence)
                c.sequence += 1
                guard let ring = GEOSGeom_createLinearRing_r(geos, s) else {
                    destroyAll(rings)
                    throw SpatialError.geos(operation: "linear ring", message: geosMessages.lastError)
                }
                rings.append(ring)
            }
            var holes: [OpaquePointer?] = rings.dropFirst().map { $0 }
            let poly = holes.withUnsafeMutableBufferPointer { h in
                GEOSGeom_createPolygon_r(geos, rings[0], h.baseAddress, UInt32(h.count))
            }
            guard let poly else {
                destroyAll(rings)
                throw SpatialError.geos(operation: "polygon", message: geosMessages.lastError)
            }
            return poly
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            var parts: [OpaquePointer] = []
            parts.reserveCapacity(count)
            do {
                for _ in 0..<count {
                    let part = try build(flat, xy, &c)
                    if GEOSisEmpty_r(geos, part) == 1 {
                        GEOSGeom_destroy_r(geos, part)
                    } else {
                        parts.append(part)
                    }
                }
            } catch {
                destroyAll(parts)
                throw error
            }
            let type: GEOSGeomTypes = switch node.kind {
            case .multiPoint: GEOS_MULTIPOINT
            case .multiLineString: GEOS_MULTILINESTRING
            case .multiPolygon: GEOS_MULTIPOLYGON
            default: GEOS_GEOMETRYCOLLECTION
            }
            if parts.isEmpty {
                return try nonNull("empty collection") { GEOSGeom_createEmptyCollection_r(geos, Int32(type.rawValue)) }
            }
            var members: [OpaquePointer?] = parts
            let collection = members.withUnsafeMutableBufferPointer { p in
                GEOSGeom_createCollection_r(geos, Int32(type.rawValue), p.baseAddress, UInt32(p.count))
            }
            guard let collection else {
                destroyAll(parts)
                throw SpatialError.geos(operation: "collection", message: geosMessages.lastError)
            }
            return collection
        }
    }

    private func nonNull(_ op: String, _ body: () -> OpaquePointer?) throws -> OpaquePointer {
        guard let p = body() else { throw SpatialError.geos(operation: op, message: geosMessages.lastError) }
        return p
    }

    // MARK: GEOS → flat

    /// Copies a GEOS geometry out as plain data.
    public func flat(_ g: Geometry) throws -> FlatGeometry {
        var out = FlatGeometry()
        var z: [Double] = []
        let hasZ = GEOSHasZ_r(geos, g.handle) == 1
        try append(g.handle, to: &out, z: &z, hasZ: hasZ)
        if hasZ { out.z = z }
        return out
    }

    private func appendSequence(_ geom: OpaquePointer, to out: inout FlatGeometry, z: inout [Double], hasZ: Bool) throws {
        guard let seq = GEOSGeom_getCoordSeq_r(geos, geom) else {
            throw SpatialError.geos(operation: "coordinate sequence", message: geosMessages.lastError)
        }
        var n: UInt32 = 0
        _ = GEOSCoordSeq_getSize_r(geos, seq, &n)
        let count = Int(n)
        if hasZ {
            var buf = [Double](repeating: 0, count: count * 3)
            _ = GEOSCoordSeq_copyToBuffer_r(geos, seq, &buf, 1, 0)
            for i in 0..<count {
                out.xy.append(buf[3 * i])
                out.xy.append(buf[3 * i + 1])
                z.append(buf[3 * i + 2])
            }
        } else {
            let start = out.xy.count
            if count > 0 {
                out.xy.append(contentsOf: repeatElement(0, count: 2 * count))
                out.xy.withUnsafeMutableBufferPointer { p in
                    if let base = p.baseAddress { _ = GEOSCoordSeq_copyToBuffer_r(geos, seq, base + start, 0, 0) }
                }
            }
        }
        out.sequenceEnds.append(out.xy.count / 2)
    }

    private func append(_ geom: OpaquePointer, to out: inout FlatGeometry, z: inout [Double], hasZ: Bool) throws {
        let type = GEOSGeomTypeId_r(geos, geom)
        let empty = GEOSisEmpty_r(geos, geom) == 1
        switch type {
        case Int32(GEOS_POINT.rawValue), Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            let kind: FlatGeometry.Kind = type == Int32(GEOS_POINT.rawValue) ? .point : .lineString
            out.nodes.append(.init(kind: kind, count: empty ? 0 : 1))
            if !empty { try appendSequence(geom, to: &out, z: &z, hasZ: hasZ) }
        case Int32(GEOS_POLYGON.rawValue):
            if empty {
                out.nodes.append(.init(kind: .polygon, count: 0))
                return
            }
            let holes = Int(GEOSGetNumInteriorRings_r(geos, geom))
            out.nodes.append(.init(kind: .polygon, count: Int32(holes + 1)))
            guard let shell = GEOSGetExteriorRing_r(geos, geom) else {
                throw SpatialError.geos(operation: "exterior ring", message: geosMessages.lastError)
            }
            try appendSequence(shell, to: &out, z: &z, hasZ: hasZ)
            for h in 0..<holes {
                guard let ring = GEOSGetInteriorRingN_r(geos, geom, Int32(h)) else {
                    throw SpatialError.geos(operation: "interior ring", message: geosMessages.lastError)
                }
                try appendSequence(ring, to: &out, z: &z, hasZ: hasZ)
            }
        default:
            let kind: FlatGeometry.Kind = switch type {
            case Int32(GEOS_MULTIPOINT.rawValue): .multiPoint
            case Int32(GEOS_MULTILINESTRING.rawValue): .multiLineString
            case Int32(GEOS_MULTIPOLYGON.rawValue): .multiPolygon
            default: .geometryCollection
            }
            let n = Int(GEOSGetNumGeometries_r(geos, geom))
            out.nodes.append(.init(kind: kind, count: Int32(n)))
            for i in 0..<n {
                guard let part = GEOSGetGeometryN_r(geos, geom, Int32(i)) else {
                    throw SpatialError.geos(operation: "component", message: geosMessages.lastError)
                }
                try append(part, to: &out, z: &z, hasZ: hasZ)
            }
        }
    }
}
