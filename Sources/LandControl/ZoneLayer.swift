import Spatial

/// One zone feature as read and checked, in the area CRS. Plain data: any engine can
/// rebuild its geometry.
public struct ZoneRecord: Sendable {
    /// 1-based position in the zone file.
    public var index: Int
    public var id: String
    /// The zone field's value as read.
    public var value: String
    /// nil when the value maps to no kind (the zone is ignored and counted).
    public var kind: ZoneKind?
    /// Polygonal geometry in the area CRS, repaired when it was invalid; nil when unusable.
    public var geometry: FlatGeometry?
    public var status: FeatureStatus
    /// The repair reason or why the zone is unusable.
    public var note: String?
    /// Industries (GB/T 4754 divisions) admitted in this zone, when the zone lists them
    /// (attribute `allowed_industries` or `准入行业`).
    public var allowedIndustries: [String]? = nil
}

/// Zones read, projected to the area CRS and checked: what `classify` overlays parcels with.
public struct ZoneLayer: Sendable {
    public var file: String
    public var crs: CRS
    public var records: [ZoneRecord]
    /// Counts of zone-field values that map to no kind (ignored zones).
    public var unmappedValues: [String: Int]
    public var warnings: [String]

    public var usable: [ZoneRecord] { records.filter { $0.kind != nil && $0.geometry != nil } }

    /// Reads the zone file and prepares every zone: transform to `areaCRS`, validity check,
    /// repair with makeValid (kept with its reason), polygons only.
    public static func load(_ layer: LoadedLayer, zoneField: String?, idField: String?, zoneMap: ZoneMap,
                            areaCRS: CRS, engine: GeometryEngine) throws -> ZoneLayer {
        let toArea = try engine.transform(from: layer.crs, to: areaCRS)
        let back = try engine.transform(from: areaCRS, to: layer.crs)
        let field = try zoneField ?? guessField(layer.features, candidates: ["zone", "zone_type", "zone_kind", "kind", "type", "分区", "分区类型", "类型", "功能分区", "三区一线"], what: "zone", file: layer.file)
        var records: [ZoneRecord] = []
        var unmapped: [String: Int] = [:]
        for f in layer.features {
            let value = f.properties[field]?.text ?? ""
            let id = idField.flatMap { f.properties[$0]?.text } ?? f.properties["zone_id"]?.text ?? f.id ?? "\(f.index)"
            var record = ZoneRecord(index: f.index, id: id, value: value, kind: ZoneKind(value: value, map: zoneMap),
                                    geometry: nil, status: .ok, note: nil)
            if record.kind == nil { unmapped[value.isEmpty ? "(empty)" : value, default: 0] += 1 }
            record.allowedIndustries = GrantProposal(properties: f.properties).allowedIndustries
            if let problem = f.problem {
                record.status = .error
                record.note = problem
            } else if let g = f.geometry, !g.isEmpty {
                do {
                    (record.geometry, record.status, record.note) = try prepare(g, toArea: toArea, back: back, engine: engine)
                } catch let e as SpatialError {
                    record.status = .error
                    record.note = e.description
                }
            } else {
                record.status = .noGeometry
            }
            records.append(record)
        }
        return ZoneLayer(file: layer.file, crs: layer.crs, records: records, unmappedValues: unmapped, warnings: layer.warnings)
    }

    /// Transforms, checks and (when needed) repairs one polygonal geometry.
    /// `back` (area CRS → input CRS) puts the location of a problem in the input's terms.
    static func prepare(_ g: FlatGeometry, toArea: CoordinateTransform, back: CoordinateTransform? = nil, engine: GeometryEngine) throws -> (FlatGeometry?, FeatureStatus, String?) {
        guard g.isPolygonal else { return (nil, .error, "a \(g.kind) has no area") }
        var projected = g
        try toArea.apply(&projected)
        let geometry = try engine.geometry(from: projected)
        let found = try geometry.validity()
        let validity = back.map { found.located(by: $0) } ?? found
        if validity.isValid { return (projected.polygonalPart, .ok, nil) }
        guard let repaired = try geometry.makeValid().flat().polygonalPart else {
            return (nil, .error, validity.message + "; nothing with an area is left after repair")
        }
        return (repaired, .repaired, validity.message)
    }

    /// The first property among `candidates` that the features carry (any case).
    static func guessField(_ features: [Feature], candidates: [String], what: String, file: String) throws -> String {
        let fields = FieldNames(features)
        if let k = fields.find(candidates) { return k }
        throw ReadError(file: file, message: "no \(what) field found (looked for \(candidates.joined(separator: ", "))); the fields are \(fields.list); name it with --\(what)-field")
    }
}

/// The zones rebuilt inside one engine for the overlay: per kind, the union of that kind's
/// zones (overlapping zones of one kind count once) exploded into polygons and cut into
/// pieces of at most 1,024 vertices (the best of 64/256/1,024/uncut on the Wuxi zones:
/// 1.6 s vs 1.9–2.7 s for zones + overlay), prepared and indexed; also the union of the three zones (for the area
/// outside all of them) and the original zones with their ids (to name them in conflicts).
final class ZoneIndex {
    /// What a dissolved piece belongs to.
    enum Layer: Int, CaseIterable {
        /// `anyZone` is the union of the three zones; `overlapRegion` is where zones of two
        /// different kinds overlap — only parcels that meet it need `anyZone` (elsewhere the
        /// three kinds' areas simply add up).
        case cluster, transition, reserve, redLine, anyZone, overlapRegion

        init(_ kind: ZoneKind) {
            switch kind {
            case .cluster: self = .cluster
            case .transition: self = .transition
            case .reserve: self = .reserve
            case .redLine: self = .redLine
            }
        }
    }

    struct Piece {
        let layer: Layer
        let geometry: Geometry
        let prepared: PreparedGeometry
    }

    struct Original {
        let record: ZoneRecord
        let kind: ZoneKind
        let geometry: Geometry
    }

    /// A small piece of one original zone (zones are cut like the layers, so that naming
    /// the zones a parcel meets, or two zones' overlap, never intersects a whole big zone).
    struct OriginalPiece {
        let original: Int
        let geometry: Geometry
        let prepared: PreparedGeometry
    }

    let engine: GeometryEngine
    let pieces: [Piece]
    let pieceIndex: SpatialIndex
    let originals: [Original]
    let originalPieces: [OriginalPiece]
    let originalPieceIndex: SpatialIndex
    /// Area of each layer's union, m².
    let layerAreas: [Double]

    init(zones: [ZoneRecord], engine: GeometryEngine, maxPieceVertices: Int = 1024) throws {
        self.engine = engine
        var originals: [Original] = []
        var originalPieces: [OriginalPiece] = []
        for z in zones {
            guard let kind = z.kind, let g = z.geometry else { continue }
            let geometry = try engine.geometry(from: g)
            for polygon in try geometry.polygons() {
                for piece in try polygon.subdivided(maxVertices: maxPieceVertices) {
                    originalPieces.append(OriginalPiece(original: originals.count, geometry: piece, prepared: try piece.prepared()))
                }
            }
            originals.append(Original(record: z, kind: kind, geometry: geometry))
        }
        var pieces: [Piece] = []
        var areas = [Double](repeating: 0, count: Layer.allCases.count)
        var unions: [ZoneKind: Geometry] = [:]
        for kind in ZoneKind.allCases {
            let members = originals.filter { $0.kind == kind }.map(\.geometry)
            guard !members.isEmpty else { continue }
            unions[kind] = try engine.union(of: members)
        }
        func add(_ union: Geometry, as layer: Layer) throws {
            areas[layer.rawValue] = try union.area()
            for polygon in try union.polygons() {
                for piece in try polygon.subdivided(maxVertices: maxPieceVertices) {
                    pieces.append(Piece(layer: layer, geometry: piece, prepared: try piece.prepared()))
                }
            }
        }
        for (kind, union) in unions { try add(union, as: Layer(kind)) }
        let three = ZoneKind.threeZones.compactMap { unions[$0] }
        if !three.isEmpty { try add(three.count == 1 ? three[0] : try engine.union(of: three), as: .anyZone) }
        var overlaps: [Geometry] = []
        for i in 0..<three.count {
            for j in (i + 1)..<max(i + 1, three.count) {
                let o = try three[i].intersection(three[j])
                if try o.area() > 0 { overlaps.append(o) }
            }
        }
        if !overlaps.isEmpty { try add(try engine.union(of: overlaps), as: .overlapRegion) }

        let pieceIndex = try SpatialIndex(engine: engine)
        for p in pieces { try pieceIndex.insert(p.geometry) }
        let originalPieceIndex = try SpatialIndex(engine: engine)
        for p in originalPieces { try originalPieceIndex.insert(p.geometry) }
        self.pieces = pieces
        self.pieceIndex = pieceIndex
        self.originals = originals
        self.originalPieces = originalPieces
        self.originalPieceIndex = originalPieceIndex
        layerAreas = areas
    }

    /// What the overlay found for one parcel: the area in each layer, and the pieces it is
    /// made of (kept so that the conflict rules draw the conflicting area without
    /// intersecting again).
    struct ParcelOverlay {
        var sums = [Double](repeating: 0, count: Layer.allCases.count)
        /// Layers a single piece covers the parcel in (the part inside is the parcel itself).
        var covered = Set<Layer>()
        /// Intersections with the pieces the parcel crosses, per layer.
        var parts: [Layer: [Geometry]] = [:]
    }

    /// Area of `parcel` (area `parcelArea`) in each layer: prepared covers gives the whole
    /// area without an intersection; only pieces the parcel crosses are intersected.
    func overlay(of parcel: Geometry, parcelArea: Double) throws -> ParcelOverlay {
        var result = ParcelOverlay()
        var candidates: [Int] = []
        pieceIndex.query(parcel) { candidates.append($0) }
        // The union of the three zones is needed only where zones of different kinds overlap.
        var needsUnion = false
        for i in candidates where pieces[i].layer == .overlapRegion {
            if try pieces[i].prepared.intersects(parcel) {
                needsUnion = true
                break
            }
        }
        for i in candidates {
            let piece = pieces[i]
            if piece.layer == .overlapRegion || (piece.layer == .anyZone && !needsUnion) { continue }
            if try piece.prepared.covers(parcel) {
                result.sums[piece.layer.rawValue] += parcelArea
                result.covered.insert(piece.layer)
            } else if try piece.prepared.intersects(parcel) {
                let part = try piece.geometry.intersection(parcel)
                let a = try part.area()
                if a > 0 {
                    result.sums[piece.layer.rawValue] += a
                    result.parts[piece.layer, default: []].append(part)
                }
            }
        }
        if !needsUnion {
            // No overlap of kinds here: the union's area is the sum of the three kinds' areas,
            // and its parts are theirs.
            result.sums[Layer.anyZone.rawValue] = result.sums[Layer.cluster.rawValue] + result.sums[Layer.transition.rawValue] + result.sums[Layer.reserve.rawValue]
            if !result.covered.isDisjoint(with: [.cluster, .transition, .reserve]) { result.covered.insert(.anyZone) }
            result.parts[.anyZone] = (result.parts[.cluster] ?? []) + (result.parts[.transition] ?? []) + (result.parts[.reserve] ?? [])
        }
        return result
    }

    /// The part of `parcel` inside `layer`, as plain polygons in the area CRS.
    func inside(_ parcel: Geometry, _ layer: Layer, _ overlay: ParcelOverlay) throws -> FlatGeometry {
        if overlay.covered.contains(layer) { return .multiPolygon(combining: [try parcel.flat()]) }
        return .multiPolygon(combining: try (overlay.parts[layer] ?? []).map { try $0.flat() })
    }

    /// The part of `parcel` outside `layer`.
    func outside(_ parcel: Geometry, _ layer: Layer, _ overlay: ParcelOverlay) throws -> Geometry {
        if overlay.covered.contains(layer) { return try engine.geometry(from: FlatGeometry(nodes: [.init(kind: .polygon, count: 0)])) }
        guard let parts = overlay.parts[layer], !parts.isEmpty else { return parcel }
        return try parcel.difference(engine.union(of: parts))
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

    /// Ids of the original zones of `kind` whose area meets `geometry` (more than touching).
    func zoneIDs(meeting geometry: Geometry, kind: ZoneKind) throws -> [String] {
        try zones(meeting: geometry, kind: kind).map(\.id)
    }

    /// The original zones (of `kind`, or of any kind when nil) whose area meets `geometry`
    /// (more than touching), in layer order.
    func zones(meeting geometry: Geometry, kind: ZoneKind? = nil) throws -> [ZoneRecord] {
        var found = Set<Int>()
        for i in originalPieceIndex.query(geometry) {
            let piece = originalPieces[i]
            guard kind == nil || originals[piece.original].kind == kind, !found.contains(piece.original) else { continue }
            // Interiors meet: covers, or intersects without merely touching.
            if try piece.prepared.covers(geometry) || (piece.prepared.intersects(geometry) && !piece.prepared.touches(geometry)) {
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
        for p in originalPieces where p.original == k {
            let rest = try outside(p.geometry, layers)
            let a = try rest.area()
            if a > 0 {
                area += a
                parts.append(try rest.flat())
            }
        }
        return (area, .multiPolygon(combining: parts))
    }
}
