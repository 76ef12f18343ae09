import Spatial

/// The zones made ready for the overlay once, as plain data that every worker rebuilds its
/// GEOS objects from (no GEOS object crosses threads).
///
/// Zones are not dissolved per kind. A parcel's area in a kind is the area of its
/// intersection with the union of that kind's zones; where the zones of one kind do not
/// overlap each other, that is simply the sum over the zones, so only zones of one kind that
/// do overlap (interiors meet) are merged, each such cluster into one union. On a city layer
/// that is a handful of zones instead of a union of every zone of a kind, which costs about
/// a second per kind at 3,000 zones and made every worker wait.
///
/// Every geometry is exploded into polygons and cut into pieces of at most
/// `maxPieceVertices` coordinates (the pieces of one polygon do not overlap, so areas of
/// intersections with them add up exactly): intersecting a parcel with the few small pieces
/// it touches is cheap, intersecting it with a whole multi-part zone is not.
struct ZonePlan: Sendable {
    struct Original: Sendable {
        var record: ZoneRecord
        var kind: ZoneKind
        /// Its pieces in `originalPieces`.
        var pieces: Range<Int>
    }

    /// Zones of one kind whose interiors are connected by overlaps; most groups are one zone.
    struct Group: Sendable {
        var kind: ZoneKind
        /// Indices into `originals`, ascending.
        var members: [Int]
        /// The pieces of the members' union; nil for a group of one zone (its pieces are the
        /// zone's own).
        var unionPieces: [FlatGeometry]?
        /// Their grids (``InteriorGrid``), beside `unionPieces`.
        var unionGrids: [InteriorGrid]?
    }

    var originals: [Original] = []
    var originalPieces: [FlatGeometry] = []
    var groups: [Group] = []
    /// Pieces of the area where zones of two different kinds among the three zones overlap:
    /// only a parcel meeting it needs the union of the three (elsewhere their areas add up).
    var overlapRegion: [FlatGeometry] = []
    /// Each piece's ``InteriorGrid`` (beside `originalPieces` and `overlapRegion`): most
    /// parcels are found inside or outside a piece by it, without a GEOS predicate.
    var originalGrids: [InteriorGrid] = []
    var overlapGrids: [InteriorGrid] = []
    /// Area of each layer, m²: each kind's union, the union of the three zones, the overlap
    /// region.
    var layerAreas = [Double](repeating: 0, count: ZoneIndex.Layer.allCases.count)

    init(zones: [ZoneRecord], engine: GeometryEngine, maxPieceVertices: Int = 1024) throws {
        func pieces(of g: Geometry) throws -> [Geometry] {
            try g.polygons().flatMap { try $0.subdivided(maxVertices: maxPieceVertices) }
        }
        // Originals, cut into pieces.
        var geometries: [Geometry] = []
        var pieceGeometries: [Geometry] = []
        var owner: [Int] = []
        for z in zones {
            guard let kind = z.kind, let flat = z.geometry else { continue }
            let g = try engine.geometry(from: flat)
            let cut = try pieces(of: g)
            let start = originalPieces.count
            for p in cut {
                originalPieces.append(try p.flat())
                pieceGeometries.append(p)
                owner.append(originals.count)
            }
            originals.append(Original(record: z, kind: kind, pieces: start..<originalPieces.count))
            geometries.append(g)
        }

        // Same-kind zones whose interiors meet, joined with a union-find over the pieces.
        var parent = Array(originals.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        let tree = try SpatialIndex(engine: engine)
        for p in pieceGeometries { try tree.insert(p) }
        for (i, p) in pieceGeometries.enumerated() {
            let a = owner[i]
            var prepared: PreparedGeometry? // made on the first candidate pair only
            for j in tree.query(p) where j > i {
                let b = owner[j]
                guard a != b, originals[a].kind == originals[b].kind, root(a) != root(b) else { continue }
                let pi = try prepared ?? p.prepared()
                prepared = pi
                if try pi.intersects(pieceGeometries[j]), try !pi.touches(pieceGeometries[j]) {
                    parent[root(b)] = root(a)
                }
            }
        }
        var groupOf: [Int: Int] = [:]
        for k in originals.indices {
            let r = root(k)
            if let g = groupOf[r] {
                groups[g].members.append(k)
            } else {
                groupOf[r] = groups.count
                groups.append(Group(kind: originals[k].kind, members: [k], unionPieces: nil))
            }
        }
        // Each group's layer pieces and area; kinds' areas add up over their groups.
        var layerGeometries: [(kind: ZoneKind, geometry: Geometry)] = []
        for g in groups.indices {
            let members = groups[g].members
            let layer = ZoneIndex.Layer(groups[g].kind).rawValue
            if members.count == 1 {
                let o = originals[members[0]]
                layerAreas[layer] += try geometries[members[0]].area()
                for k in o.pieces { layerGeometries.append((o.kind, pieceGeometries[k])) }
            } else {
                let union = try engine.union(of: members.map { geometries[$0] })
                layerAreas[layer] += try union.area()
                let cut = try pieces(of: union)
                groups[g].unionPieces = try cut.map { try $0.flat() }
                for p in cut { layerGeometries.append((groups[g].kind, p)) }
            }
        }

        // Where zones of two different kinds among the three overlap: pairwise intersections
        // (for the region and the inclusion–exclusion area of the three zones' union).
        let three = Set(ZoneKind.threeZones)
        let threeTree = try SpatialIndex(engine: engine)
        var threeItems: [Int] = []
        for (i, item) in layerGeometries.enumerated() where three.contains(item.kind) {
            try threeTree.insert(item.geometry)
            threeItems.append(i)
        }
        var pairwise: [(kinds: Set<ZoneKind>, geometry: Geometry)] = []
        var pairwiseArea = 0.0
        for (n, i) in threeItems.enumerated() {
            let a = layerGeometries[i]
            var pa: PreparedGeometry?
            for m in threeTree.query(a.geometry) where m > n {
                let b = layerGeometries[threeItems[m]]
                guard a.kind != b.kind else { continue }
                let prepared = try pa ?? a.geometry.prepared()
                pa = prepared
                guard try prepared.intersects(b.geometry) else { continue }
                let o = try a.geometry.intersection(b.geometry)
                let area = try o.area()
                guard area > 0 else { continue }
                pairwise.append(([a.kind, b.kind], o))
                pairwiseArea += area
            }
        }
        // Where all three overlap, inclusion–exclusion adds the area back once.
        var tripleArea = 0.0
        for p in pairwise where p.kinds == [.cluster, .transition] {
            for m in threeTree.query(p.geometry) where layerGeometries[threeItems[m]].kind == .reserve {
                tripleArea += try p.geometry.intersection(layerGeometries[threeItems[m]].geometry).area()
            }
        }
        let kinds = ZoneKind.threeZones.reduce(0.0) { $0 + layerAreas[ZoneIndex.Layer($1).rawValue] }
        layerAreas[ZoneIndex.Layer.anyZone.rawValue] = kinds - pairwiseArea + tripleArea
        if !pairwise.isEmpty {
            let region = try engine.union(of: pairwise.map(\.geometry))
            layerAreas[ZoneIndex.Layer.overlapRegion.rawValue] = try region.area()
            overlapRegion = try pieces(of: region).map { try $0.flat() }
        }

        // The grids, one piece at a time on every core (plain data: no GEOS).
        let unionGroups = groups.indices.filter { groups[$0].unionPieces != nil }
        let all = originalPieces + unionGroups.flatMap { groups[$0].unionPieces! } + overlapRegion
        let grids = all.withUnsafeBufferPointer { all in OrderedChunks.map(count: all.count, chunk: 16) { InteriorGrid(all[$0]) } }
        originalGrids = Array(grids[0..<originalPieces.count])
        var next = originalPieces.count
        for g in unionGroups {
            let n = groups[g].unionPieces!.count
            groups[g].unionGrids = Array(grids[next..<next + n])
            next += n
        }
        overlapGrids = Array(grids[next...])
    }
}
