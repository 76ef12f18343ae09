import Spatial

/// A site for a 小微企业园 (small and micro enterprise park): a group of neighbouring
/// industrial parcels in stock that could be redeveloped together.
public struct MicroParkSite: Sendable {
    /// 1-based, the largest site first.
    public var number: Int
    /// The member parcels, in input order.
    public var memberIDs: [String]
    public var memberIndices: [Int]
    /// The firms on them (distinct, in input order).
    public var firms: [String]
    /// Area of the members' union, m² (area CRS).
    public var areaM2: Double
    /// The members' floor area as `retrofit` measured it, m²; members whose floor area is not
    /// known are counted in ``floorAreaUnknown``.
    public var existingFloorAreaM2: Double
    public var floorAreaUnknown: Int
    /// Floor area at the target FAR over the whole site, m².
    public var targetFloorAreaM2: Double
    public var idleCount: Int
    public var lowEfficiencyCount: Int
    /// Members that are 零地技改 candidates (FAR below the target).
    public var candidateCount: Int
    /// The members' zones, distinct, in report order.
    public var zones: [String]
    /// At least `digital_park_min_mu`: large enough for a 数字化园区.
    public var digitalPark: Bool
    /// The union in the area CRS and in longitude/latitude.
    public var geometry: FlatGeometry
    public var outputGeometry: FlatGeometry

    public var areaMu: Double { AreaUnits.mu(fromSquareMetres: areaM2) }
}

/// Finds 小微企业园 sites among `retrofit`'s parcels: industrial parcels that are
/// low-efficiency, idle or 零地技改 candidates (FAR below the target), in the cluster or
/// transition zone, grouped when they lie within `micro_park_gap_m` of each other (GEOS
/// distance, so that a narrower road does not split a group); a group whose union reaches
/// `micro_park_min_mu` is a site.
public enum MicroParks {
    static let zones: Set<String> = ["cluster", "transition"]

    /// Whether a parcel may belong to a site.
    public static func qualifies(_ p: ParcelRetrofit) -> Bool { withUnsafePointer(to: p) { qualifies($0) } }

    /// The same for a parcel read in place (passing one by value copied it whole).
    static func qualifies(_ p: UnsafePointer<ParcelRetrofit>) -> Bool {
        guard let zone = p.pointee.zone, zones.contains(zone), p.pointee.areaM2 != nil else { return false }
        switch p.pointee.reason {
        case .error?, .noGeometry?, .noLandUse?, .notIndustrial?, .proposed?: return false
        default: break
        }
        return p.pointee.candidate || p.pointee.lowEfficiency == true || p.pointee.idleClass.isIdle
    }

    /// The sites, largest first. `projected(k)`: parcel k's polygon in the area CRS;
    /// `firm(k)`: its firm (both asked only for the parcels that qualify, from several
    /// threads at once: they must only read).
    ///
    /// The distance tests and each group's union run on every core, each worker in its own
    /// engine (on one core they were a run's last tenth of a second but one).
    static func find(_ parcels: [ParcelRetrofit], projected: (Int) -> FlatGeometry?, firm: (Int) -> String?, targetFAR: Double,
                     rules: RetrofitRules, toOutput: CoordinateTransform) throws -> [MicroParkSite] {
        // Qualifying parcels with a polygon: their positions, and the polygons.
        let usable = parcels.withUnsafeBufferPointer { pb in
            pb.indices.compactMap { k in qualifies(pb.baseAddress! + k) ? projected(k).map { (k, $0) } : nil }
        }
        let members = usable.map(\.0)
        guard !members.isEmpty else { return [] }
        let gap = rules.microParkGapM
        // Candidate pairs: envelopes grown by half the gap meet when the parcels lie within the gap.
        let envelopes: [Envelope?] = usable.map { _, flat in
            flat.envelope.map { Envelope(minX: $0.minX - gap / 2, minY: $0.minY - gap / 2, maxX: $0.maxX + gap / 2, maxY: $0.maxY + gap / 2) }
        }
        let pairs = EnvelopeJoin.pairs(envelopes)
        // Which candidate pairs lie within the gap (GEOS distance), on every core; pairs come
        // sorted, so a chunk's pairs share their first parcel, built once per chunk.
        let source = toOutput.source, target = toOutput.target
        let close: [Bool] = try pairs.withUnsafeBufferPointer { pairs in
            try OrderedChunks.map(count: pairs.count, chunk: 1024, makeState: { PairChunk(engine: GeometryEngine()) }, transform: { i, chunk in
                let (a, b) = pairs[i]
                if chunk.built.count > 4096 { chunk.built.removeAll(keepingCapacity: true) }
                guard let ga = chunk.geometry(a, usable[a].1), let gb = chunk.geometry(b, usable[b].1) else { return false }
                return try ga.distance(to: gb) <= gap
            })
        }
        var parent = Array(members.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        for (i, (a, b)) in pairs.enumerated() where close[i] && root(a) != root(b) { parent[root(a)] = root(b) }
        var groups: [Int: [Int]] = [:]
        for i in members.indices { groups[root(i), default: []].append(i) }
        // A cheap bound first: the members' own areas (they do not overlap much) must reach the
        // minimum. Groups in the order of their first member (the sites are sorted at the end).
        let candidates = groups.values.filter { group in
            AreaUnits.mu(fromSquareMetres: group.reduce(0.0) { $0 + (parcels[members[$1]].areaM2 ?? 0) }) >= rules.microParkMinMu - 1e-9
        }.sorted { $0[0] < $1[0] }
        let unions: [(area: Double, flat: FlatGeometry, lonLat: FlatGeometry)?] = try candidates.withUnsafeBufferPointer { candidates in
            try OrderedChunks.map(count: candidates.count, chunk: 4, makeState: { () -> UnionChunk in
                let engine = GeometryEngine()
                return UnionChunk(engine: engine, toOutput: try engine.transform(from: source, to: target))
            }, transform: { g, chunk in
                let pieces = candidates[g].compactMap { try? chunk.engine.geometry(from: usable[$0].1) }
                guard !pieces.isEmpty else { return nil }
                let union = pieces.count == 1 ? pieces[0] : try chunk.engine.union(of: pieces)
                let area = try union.area()
                guard AreaUnits.mu(fromSquareMetres: area) >= rules.microParkMinMu - 1e-9 else { return nil }
                let flat = try union.flat()
                var lonLat = flat
                try chunk.toOutput.apply(&lonLat)
                return (area, flat, lonLat)
            })
        }
        var sites: [MicroParkSite] = []
        for (group, made) in zip(candidates, unions) {
            guard let (area, flat, lonLat) = made else { continue }
            let ps = group.map { members[$0] } // positions in parcels, read in place
            var seen = Set<String>(), names: [String] = []
            for k in ps {
                if let f = firm(k)?.trimmingCharacters(in: .whitespaces), !f.isEmpty, seen.insert(f).inserted { names.append(f) }
            }
            let zoneCodes = SiteZone.codes.filter { code in ps.contains { parcels[$0].zone == code } }
            sites.append(MicroParkSite(number: 0, memberIDs: ps.map { parcels[$0].id }, memberIndices: ps.map { parcels[$0].index }, firms: names, areaM2: area,
                                       existingFloorAreaM2: ps.reduce(0) { $0 + (parcels[$1].floorAreaM2 ?? 0) },
                                       floorAreaUnknown: ps.filter { parcels[$0].floorAreaM2 == nil }.count, targetFloorAreaM2: targetFAR * area,
                                       idleCount: ps.filter { parcels[$0].idleClass.isIdle }.count, lowEfficiencyCount: ps.filter { parcels[$0].lowEfficiency == true }.count,
                                       candidateCount: ps.filter { parcels[$0].candidate }.count, zones: zoneCodes,
                                       digitalPark: AreaUnits.mu(fromSquareMetres: area) >= rules.digitalParkMinMu - 1e-9,
                                       geometry: flat, outputGeometry: lonLat))
        }
        sites.sort { $0.areaM2 != $1.areaM2 ? $0.areaM2 > $1.areaM2 : $0.memberIndices[0] < $1.memberIndices[0] }
        for k in sites.indices { sites[k].number = k + 1 }
        return sites
    }
}

/// One distance-testing worker's engine and the parcels it built (its chunks' pairs share
/// their first parcel).
private struct PairChunk {
    let engine: GeometryEngine
    var built: [Int: Geometry?] = [:]

    mutating func geometry(_ i: Int, _ flat: FlatGeometry) -> Geometry? {
        if let known = built[i] { return known }
        let g = try? engine.geometry(from: flat)
        built[i] = .some(g)
        return g
    }
}

/// One union worker's engine and its transform to the output CRS.
private struct UnionChunk {
    let engine: GeometryEngine
    let toOutput: CoordinateTransform
}
