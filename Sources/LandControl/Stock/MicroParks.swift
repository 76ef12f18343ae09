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

    /// The sites, largest first. `projected`: each parcel's polygon in the area CRS, by
    /// position; `firms`: each parcel's firm, by position.
    static func find(_ parcels: [ParcelRetrofit], projected: [FlatGeometry?], firms: [String?], targetFAR: Double, rules: RetrofitRules,
                     toOutput: CoordinateTransform, engine: GeometryEngine) throws -> [MicroParkSite] {
        // Qualifying parcels with a polygon: their positions, and the polygons.
        let usable = parcels.withUnsafeBufferPointer { pb in
            pb.indices.compactMap { k in qualifies(pb.baseAddress! + k) ? projected[k].map { (k, $0) } : nil }
        }
        let members = usable.map(\.0)
        guard !members.isEmpty else { return [] }
        let gap = rules.microParkGapM
        // Candidate pairs: envelopes grown by half the gap meet when the parcels lie within the gap.
        let envelopes: [Envelope?] = usable.map { _, flat in
            flat.envelope.map { Envelope(minX: $0.minX - gap / 2, minY: $0.minY - gap / 2, maxX: $0.maxX + gap / 2, maxY: $0.maxY + gap / 2) }
        }
        var geometries: [Geometry?] = []
        geometries.reserveCapacity(members.count)
        for (_, flat) in usable { geometries.append(try? engine.geometry(from: flat)) }
        var parent = Array(members.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        for (a, b) in EnvelopeJoin.pairs(envelopes) {
            guard let ga = geometries[a], let gb = geometries[b], root(a) != root(b) else { continue }
            if try ga.distance(to: gb) <= gap { parent[root(a)] = root(b) }
        }
        var groups: [Int: [Int]] = [:]
        for i in members.indices { groups[root(i), default: []].append(i) }
        var sites: [MicroParkSite] = []
        for (_, group) in groups {
            // A cheap bound first: the members' own areas (they do not overlap much) must reach the minimum.
            let sum = group.reduce(0.0) { $0 + (parcels[members[$1]].areaM2 ?? 0) }
            guard AreaUnits.mu(fromSquareMetres: sum) >= rules.microParkMinMu - 1e-9 else { continue }
            let pieces = group.compactMap { geometries[$0] }
            let union = pieces.count == 1 ? pieces[0] : try engine.union(of: pieces)
            let area = try union.area()
            guard AreaUnits.mu(fromSquareMetres: area) >= rules.microParkMinMu - 1e-9 else { continue }
            let ps = group.map { members[$0] } // positions in parcels, read in place
            var seen = Set<String>(), names: [String] = []
            for i in group {
                if let f = firms[members[i]]?.trimmingCharacters(in: .whitespaces), !f.isEmpty, seen.insert(f).inserted { names.append(f) }
            }
            let flat = try union.flat()
            var lonLat = flat
            try toOutput.apply(&lonLat)
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
