import Spatial

/// The zones rebuilt inside one engine for the overlay, from a ``ZonePlan``: each kind's
/// pieces (per zone, or per union of same-kind zones that overlap), prepared and indexed;
/// the overlap region of different kinds; and the original zones' pieces with their ids (to
/// name the zones a proposal or a zone conflict meets).
final class ZoneIndex {
    /// What a piece belongs to.
    enum Layer: Int, CaseIterable {
        /// `anyZone` is the union of the three zones (no pieces: its area comes from the
        /// kinds' parts); `overlapRegion` is where zones of two different kinds overlap —
        /// only parcels that meet it need that union (elsewhere the three kinds' areas simply
        /// add up).
        case cluster, transition, reserve, redLine, anyZone, overlapRegion

        init(_ kind: ZoneKind) {
            switch kind {
            case .cluster: self = .cluster
            case .transition: self = .transition
            case .reserve: self = .reserve
            case .redLine: self = .redLine
            }
        }

        var bit: UInt8 { 1 << UInt8(rawValue) }
    }

    struct Piece {
        let layer: Layer
        /// Index into the plan's groups (-1 for the overlap region).
        let group: Int
        let geometry: Geometry
        let prepared: PreparedGeometry
        /// The same as plain data, for measuring a convex parcel's area in it.
        let flat: FlatGeometry
        /// Which parcels lie inside it or apart from it, known without GEOS.
        let grid: InteriorGrid
    }

    /// A small piece of one original zone.
    struct OriginalPiece {
        let original: Int
        let geometry: Geometry
        let prepared: PreparedGeometry
    }

    let engine: GeometryEngine
    let plan: ZonePlan
    let pieces: [Piece]
    let pieceIndex: SpatialIndex
    let originalPieces: [OriginalPiece]
    let originalPieceIndex: SpatialIndex
    var originals: [ZonePlan.Original] { plan.originals }
    /// Area of each layer, m².
    var layerAreas: [Double] { plan.layerAreas }

    /// Builds the plan with `engine` and the index on it (one engine, one thread).
    convenience init(zones: [ZoneRecord], engine: GeometryEngine) throws {
        try self.init(plan: ZonePlan(zones: zones, engine: engine), engine: engine)
    }

    init(plan: ZonePlan, engine: GeometryEngine) throws {
        self.engine = engine
        self.plan = plan
        var originalPieces: [OriginalPiece] = []
        originalPieces.reserveCapacity(plan.originalPieces.count)
        for (k, o) in plan.originals.enumerated() {
            for p in o.pieces {
                let g = try engine.geometry(from: plan.originalPieces[p])
                originalPieces.append(OriginalPiece(original: k, geometry: g, prepared: try g.prepared()))
            }
        }
        var pieces: [Piece] = []
        for (n, group) in plan.groups.enumerated() {
            let layer = Layer(group.kind)
            if let union = group.unionPieces, let grids = group.unionGrids {
                for (flat, grid) in zip(union, grids) {
                    let g = try engine.geometry(from: flat)
                    pieces.append(Piece(layer: layer, group: n, geometry: g, prepared: try g.prepared(), flat: flat, grid: grid))
                }
            } else {
                // One zone: its own pieces (the same GEOS objects).
                for p in plan.originals[group.members[0]].pieces {
                    pieces.append(Piece(layer: layer, group: n, geometry: originalPieces[p].geometry, prepared: originalPieces[p].prepared,
                                        flat: plan.originalPieces[p], grid: plan.originalGrids[p]))
                }
            }
        }
        for (flat, grid) in zip(plan.overlapRegion, plan.overlapGrids) {
            let g = try engine.geometry(from: flat)
            pieces.append(Piece(layer: .overlapRegion, group: -1, geometry: g, prepared: try g.prepared(), flat: flat, grid: grid))
        }
        let pieceIndex = try SpatialIndex(engine: engine)
        for p in pieces { try pieceIndex.insert(p.geometry) }
        let originalPieceIndex = try SpatialIndex(engine: engine)
        for p in originalPieces { try originalPieceIndex.insert(p.geometry) }
        self.pieces = pieces
        self.pieceIndex = pieceIndex
        self.originalPieces = originalPieces
        self.originalPieceIndex = originalPieceIndex
    }

    /// Area per layer, in plain fields (filled for every parcel: no allocation).
    struct LayerSums {
        private var values: (Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0)

        subscript(layer: Layer) -> Double {
            get {
                switch layer {
                case .cluster: values.0
                case .transition: values.1
                case .reserve: values.2
                case .redLine: values.3
                case .anyZone: values.4
                case .overlapRegion: values.5
                }
            }
            set {
                switch layer {
                case .cluster: values.0 = newValue
                case .transition: values.1 = newValue
                case .reserve: values.2 = newValue
                case .redLine: values.3 = newValue
                case .anyZone: values.4 = newValue
                case .overlapRegion: values.5 = newValue
                }
            }
        }
    }

    /// What the overlay found for one parcel: the area in each layer, the pieces it crosses
    /// (so that the conflict rules can draw the conflicting area) and the zone groups it
    /// meets (so that they are named without more predicates).
    struct ParcelOverlay {
        var sums = LayerSums()
        /// Layers a single piece covers the parcel in, as bits (the part inside is the
        /// parcel itself).
        var coveredBits: UInt8 = 0
        /// The pieces the parcel crosses, with the intersection when GEOS made it (nil when
        /// the area was measured by clipping: made on demand).
        var crossed: [(layer: Layer, piece: Int, part: Geometry?)] = []
        /// Where kinds overlap inside the parcel: its part in the union of the three zones.
        var threeZoneUnion: Geometry?
        /// The parcel as plain data when it is convex (its parts can then be clipped).
        var convexParcel: FlatGeometry?
        /// Groups whose pieces cover the parcel or meet it with a positive area.
        var groups: [Int] = []
        /// The parcel's box, for the pieces' grids (nil: every piece asks GEOS).
        var box: Envelope?

        func covered(_ layer: Layer) -> Bool { coveredBits & layer.bit != 0 }

        /// The area of a parcel of `parcelArea` outside the three zones; rounding noise of
        /// adding up the parts (below 1e-9 of the parcel) is none.
        func outsideArea(parcelArea: Double) -> Double {
            let rest = parcelArea - sums[.anyZone]
            return rest > parcelArea * 1e-9 ? rest : 0
        }
    }

    /// Clips convex parcels to measure their area in a piece (``ConvexClipArea``).
    @exclusivity(unchecked) private var clipper = ConvexClipArea()

    /// Area of `parcel` (area `parcelArea`) in each layer: prepared covers gives the whole
    /// area without an intersection; only pieces the parcel crosses are measured, by
    /// clipping when the parcel (`flat`, the same geometry as plain data) is convex, else
    /// by a GEOS intersection.
    func overlay(of parcel: Geometry, parcelArea: Double, flat: FlatGeometry? = nil) throws -> ParcelOverlay {
        var result = ParcelOverlay()
        result.box = flat?.envelope
        var candidates: [Int] = []
        pieceIndex.query(parcel) { candidates.append($0) }
        let box = result.box
        var needsUnion = false
        for i in candidates where pieces[i].layer == .overlapRegion {
            let known = box.map { pieces[i].grid.locate($0) } ?? .unknown
            if known == .outside { continue }
            if try known == .inside || pieces[i].prepared.intersects(parcel) {
                needsUnion = true
                break
            }
        }
        var convex: Bool?
        // Below this an area is rounding, not an overlap (touching pieces measure ~1e-12).
        let noise = 1e-9 * max(1, parcelArea / 1e4)
        // Pieces read in place: `let piece = pieces[i]` copied each (retaining its geometries).
        try pieces.withUnsafeBufferPointer { pieces in
            for i in candidates {
                let piece = pieces.baseAddress! + i
                if piece.pointee.layer == .overlapRegion { continue }
                let known = box.map { piece.pointee.grid.locate($0) } ?? .unknown
                if known == .outside { continue }
                if try known == .inside || piece.pointee.prepared.covers(parcel) {
                    result.sums[piece.pointee.layer] += parcelArea
                    result.coveredBits |= piece.pointee.layer.bit
                    result.groups.append(piece.pointee.group)
                } else if try piece.pointee.prepared.intersects(parcel) {
                    if convex == nil {
                        convex = flat.map { clipper.setClip($0) } ?? false
                        if convex == true { result.convexParcel = flat }
                    }
                    var part: Geometry?
                    let a: Double
                    if convex == true {
                        a = clipper.area(of: piece.pointee.flat)
                    } else {
                        let intersection = try piece.pointee.geometry.intersection(parcel)
                        part = intersection
                        a = try intersection.area()
                    }
                    if a > noise {
                        result.sums[piece.pointee.layer] += a
                        result.crossed.append((piece.pointee.layer, i, part))
                        result.groups.append(piece.pointee.group)
                    }
                }
            }
        }
        let threeBits = Layer.cluster.bit | Layer.transition.bit | Layer.reserve.bit
        if result.coveredBits & threeBits != 0 {
            result.sums[.anyZone] = needsUnion ? parcelArea : result.sums[.cluster] + result.sums[.transition] + result.sums[.reserve]
            result.coveredBits |= Layer.anyZone.bit
        } else if needsUnion, result.crossed.contains(where: { $0.layer.rawValue <= Layer.reserve.rawValue }) {
            // Kinds overlap inside this parcel: the union of its parts in the three zones.
            let union = try engine.union(of: parts(parcel, .anyZone, result))
            result.sums[.anyZone] = try union.area()
            result.threeZoneUnion = union
        } else {
            result.sums[.anyZone] = result.sums[.cluster] + result.sums[.transition] + result.sums[.reserve]
        }
        return result
    }

    /// The parcel's intersections with the pieces of `layer` it crosses (for `anyZone`, the
    /// union of its parts in the three zones, or those parts).
    func parts(_ parcel: Geometry, _ layer: Layer, _ overlay: ParcelOverlay) throws -> [Geometry] {
        if layer == .anyZone, let union = overlay.threeZoneUnion { return [union] }
        var out: [Geometry] = []
        var clipping = false
        for c in overlay.crossed where layer == .anyZone ? c.layer.rawValue <= Layer.reserve.rawValue : c.layer == layer {
            if let part = c.part {
                out.append(part)
                continue
            }
            // A convex parcel clipped out of a piece it crosses once is the part itself.
            if let convex = overlay.convexParcel {
                if !clipping { clipping = clipper.setClip(convex) }
                if clipping, let clipped = clipper.clippedPolygon(of: pieces[c.piece].flat) {
                    out.append(try engine.geometry(from: clipped))
                    continue
                }
            }
            let part = try pieces[c.piece].geometry.intersection(parcel)
            if try part.area() > 0 { out.append(part) }
        }
        return out
    }

    /// The part of `parcel` inside `layer`, as plain polygons in the area CRS.
    func inside(_ parcel: Geometry, _ layer: Layer, _ overlay: ParcelOverlay) throws -> FlatGeometry {
        if overlay.covered(layer) { return .multiPolygon(combining: [try parcel.flat()]) }
        let parts = try parts(parcel, layer, overlay)
        // Parts from neighbouring pieces share edges: merged, so that the result is a valid
        // (multi)polygon and not parts touching along a line.
        if parts.count > 1, let merged = try engine.union(of: parts).flat().polygonalPart { return .multiPolygon(combining: [merged]) }
        return .multiPolygon(combining: try parts.map { try $0.flat() })
    }

    /// The part of `parcel` outside `layer`.
    func outside(_ parcel: Geometry, _ layer: Layer, _ overlay: ParcelOverlay) throws -> Geometry {
        if overlay.covered(layer) { return try engine.geometry(from: FlatGeometry(nodes: [.init(kind: .polygon, count: 0)])) }
        if layer == .anyZone, let union = overlay.threeZoneUnion { return try parcel.difference(union) }
        // The pieces themselves are taken away (one difference each, no intersection first).
        var rest = parcel
        for c in overlay.crossed where layer == .anyZone ? c.layer.rawValue <= Layer.reserve.rawValue : c.layer == layer {
            rest = try rest.difference(c.part ?? pieces[c.piece].geometry)
        }
        return rest
    }

    /// The part of `geometry` outside `layers`.
    func outside(_ geometry: Geometry, _ layers: Set<Layer>) throws -> Geometry {
        let touching = try pieceIndex.query(geometry).filter { i in
            guard layers.contains(pieces[i].layer) else { return false }
            return try pieces[i].prepared.intersects(geometry)
        }
        guard !touching.isEmpty else { return geometry }
        return try geometry.difference(engine.union(of: touching.map { pieces[$0].geometry }))
    }

    /// Ids of the zones of `kind` whose area meets the parcel of `overlay`, in zone order:
    /// straight from the groups the overlay met; only a group of several overlapping zones
    /// asks which of its zones the parcel meets.
    func zoneIDs(meeting parcel: Geometry, kind: ZoneKind, _ overlay: ParcelOverlay) throws -> [String] {
        // A parcel meets a few groups and zones: small arrays, not sets (hashing showed in
        // the profile, once per conflict).
        var found: [Int] = []
        let groups = overlay.groups
        for (n, g) in groups.enumerated() where plan.groups[g].kind == kind && !groups[..<n].contains(g) {
            let members = plan.groups[g].members
            if members.count == 1 {
                if !found.contains(members[0]) { found.append(members[0]) }
            } else {
                for k in members where !found.contains(k) { if try meets(original: k, parcel, box: overlay.box) { found.append(k) } }
            }
        }
        found.sort()
        return found.map { plan.originals[$0].record.id }
    }

    /// Whether the interiors of zone `k` and `geometry` (whose box is `box`, when known) meet.
    private func meets(original k: Int, _ geometry: Geometry, box: Envelope? = nil) throws -> Bool {
        try plan.originals[k].pieces.contains { p in
            switch box.map({ plan.originalGrids[p].locate($0) }) ?? .unknown {
            case .inside: true
            case .outside: false
            case .unknown: try Self.interiorsMeet(originalPieces[p].prepared, geometry)
            }
        }
    }

    /// Interiors meet: covers, or intersects without merely touching.
    private static func interiorsMeet(_ piece: PreparedGeometry, _ geometry: Geometry) throws -> Bool {
        try piece.covers(geometry) || (piece.intersects(geometry) && !piece.touches(geometry))
    }

    /// The original zones (of `kind`, or of any kind when nil) whose area meets `geometry`
    /// (more than touching), in zone order.
    func zones(meeting geometry: Geometry, kind: ZoneKind? = nil) throws -> [ZoneRecord] {
        var found = Set<Int>()
        for i in originalPieceIndex.query(geometry) {
            let piece = originalPieces[i]
            guard kind == nil || originals[piece.original].kind == kind, !found.contains(piece.original) else { continue }
            if try Self.interiorsMeet(piece.prepared, geometry) {
                found.insert(piece.original)
            }
        }
        return found.sorted().map { originals[$0].record }
    }

    /// For each pair of original zones whose kinds pass `pairs`, the overlap of the two
    /// (summed over their pieces) with its geometry; pairs are (lower index, higher index).
    func overlaps(where pairs: (ZoneKind, ZoneKind) -> Bool) throws -> [(a: Int, b: Int, area: Double, geometry: FlatGeometry)] {
        var found: [Pair: (area: Double, parts: [FlatGeometry])] = [:]
        for (i, p) in originalPieces.enumerated() {
            for j in originalPieceIndex.query(p.geometry) where j > i {
                let q = originalPieces[j]
                guard p.original != q.original, pairs(originals[p.original].kind, originals[q.original].kind),
                      try p.prepared.intersects(q.geometry) else { continue }
                let overlap = try p.geometry.intersection(q.geometry)
                let area = try overlap.area()
                guard area > 0 else { continue }
                let key = Pair(a: min(p.original, q.original), b: max(p.original, q.original))
                found[key, default: (0, [])].area += area
                found[key, default: (0, [])].parts.append(try overlap.flat())
            }
        }
        return found.sorted { ($0.key.a, $0.key.b) < ($1.key.a, $1.key.b) }
            .map { ($0.key.a, $0.key.b, $0.value.area, FlatGeometry.multiPolygon(combining: $0.value.parts)) }
    }

    private struct Pair: Hashable {
        let a: Int
        let b: Int
    }

    /// The part of original zone `k` outside `layers`, summed over its pieces.
    func originalOutside(_ k: Int, _ layers: Set<Layer>) throws -> (area: Double, geometry: FlatGeometry) {
        var area = 0.0
        var parts: [FlatGeometry] = []
        for p in plan.originals[k].pieces {
            let rest = try outside(originalPieces[p].geometry, layers)
            let a = try rest.area()
            if a > 0 {
                area += a
                parts.append(try rest.flat())
            }
        }
        return (area, .multiPolygon(combining: parts))
    }
}
