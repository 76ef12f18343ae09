import Foundation
import Spatial

/// The building footprints of `idle` and `retrofit`: read, projected, checked and repaired
/// like zones, as plain data in the area CRS, so that every worker indexes them in its own
/// engine (``BuildingIndex``).
struct BuildingFootprints: Sendable {
    /// Every building feature, in file order, with its status.
    var records: [BuildingRecord] = []
    /// Each building's footprint in the area CRS (nil when unusable), by position.
    var footprints: [FlatGeometry?] = []

    /// Prepares every feature of `layer` on every core (``ZoneLayer/prepareAll``), then
    /// measures the footprints the same way.
    init(_ layer: LoadedLayer, fields: [KnownField: String], idField: String?, areaCRS: CRS, engine: GeometryEngine) throws {
        let features = layer.features
        // Features with a geometry and no read problem are prepared; the rest keep their status.
        let usable = features.indices.filter { features[$0].problem == nil && !(features[$0].geometry?.isEmpty ?? true) }
        let prepared = try ZoneLayer.prepareAll(usable.map { features[$0].geometry! }, ringRepairs: usable.map { features[$0].repairs },
                                                from: layer.crs, to: areaCRS, engine: engine)
        var footprints = [FlatGeometry?](repeating: nil, count: features.count)
        var records: [BuildingRecord] = features.map { f in
            var r = BuildingRecord(index: f.index, id: FeatureIdentity.id(of: f, field: idField), status: .noGeometry, note: nil,
                                   floors: nil, storeyHeightM: nil, footprintM2: 0)
            if let field = fields[.floors], case let .success(v)? = LedgerNumber.read(f.properties[field]), v > 0 { r.floors = v }
            if let field = fields[.storeyHeightM], case let .success(v)? = LedgerNumber.read(f.properties[field]), v > 0 { r.storeyHeightM = v }
            if let problem = f.problem {
                r.status = .error
                r.note = problem
            }
            return r
        }
        for (k, (flat, status, note)) in zip(usable, prepared) {
            records[k].status = status
            records[k].note = note
            footprints[k] = flat
        }
        // Footprint areas by GEOS (as the overlay measures), in chunks on every core.
        let measured = footprints.indices.filter { footprints[$0] != nil }
        var areas: [Double] = []
        areas.reserveCapacity(measured.count)
        try OrderedChunks.run(count: measured.count, chunk: 1024, makeState: { (engine: GeometryEngine(), done: [Double]()) },
                              encode: { range, state in
                                  state.done.removeAll(keepingCapacity: true)
                                  for k in range { state.done.append(try state.engine.geometry(from: footprints[measured[k]]!).area()) }
                              },
                              write: { _, state in areas += state.done })
        for (k, a) in zip(measured, areas) { records[k].footprintM2 = a }
        self.records = records
        self.footprints = footprints
    }
}

extension BuildingFootprints {
    /// For each polygon (in the area CRS), the buildings whose envelopes meet its envelope
    /// grown by `distance`, in building order: one envelope join of both layers (``EnvelopeJoin``,
    /// linear for a city), so no worker builds and indexes every footprint in GEOS to find them.
    func candidates(for polygons: [FlatGeometry?], distance: Double = 0) -> [[Int]] {
        var envelopes: [Envelope?] = polygons.map { g in
            g?.envelope.map { Envelope(minX: $0.minX - distance, minY: $0.minY - distance, maxX: $0.maxX + distance, maxY: $0.maxY + distance) }
        }
        envelopes.reserveCapacity(polygons.count + footprints.count)
        for f in footprints { envelopes.append(f?.envelope) }
        var found = [[Int]](repeating: [], count: polygons.count)
        let n = polygons.count
        // Pairs come sorted, so each polygon's buildings are in building order.
        for (a, b) in EnvelopeJoin.pairs(envelopes) where a < n && b >= n { found[a].append(b - n) }
        return found
    }

    /// The buildings on a parcel (`candidates` from ``candidates(for:distance:)``): the part
    /// of each footprint inside it, and the area covered by all of them (overlapping
    /// footprints count once). Footprints are built in `engine` as they are needed.
    func measure(_ parcel: Geometry, candidates: [Int], engine: GeometryEngine) throws -> (shares: [(building: Int, areaM2: Double)], coveredM2: Double) {
        guard !candidates.isEmpty else { return ([], 0) }
        let prepared = try parcel.prepared()
        var shares: [(building: Int, areaM2: Double)] = []
        var pieces: [Geometry] = []
        for b in candidates {
            guard let flat = footprints[b] else { continue }
            let g = try engine.geometry(from: flat)
            if try prepared.covers(g) {
                shares.append((b, records[b].footprintM2))
                pieces.append(g)
            } else if try prepared.intersects(g) {
                let inside = try g.intersection(parcel)
                let a = try inside.area()
                if a > 0 {
                    shares.append((b, a))
                    pieces.append(inside)
                }
            }
        }
        if pieces.count == 1 { return (shares, shares[0].areaM2) }
        if pieces.count > 1 {
            // Footprints whose envelopes share no area cannot overlap: the covered area is
            // their sum, and the union (two thirds of this measure's time where parcels hold
            // several buildings) is needed only where envelopes do overlap.
            if Self.envelopesApart(pieces.map(\.envelope)) { return (shares, shares.reduce(0) { $0 + $1.areaM2 }) }
            return (shares, try engine.union(of: pieces).area())
        }
        return (shares, 0)
    }

    /// Whether no two envelopes overlap in more than a line or a point (by sweep over x, so a
    /// parcel with many buildings is not a quadratic check).
    static func envelopesApart(_ envelopes: [Envelope]) -> Bool {
        let byX = envelopes.sorted { $0.minX < $1.minX }
        for (k, a) in byX.enumerated() {
            for b in byX[(k + 1)...] {
                if b.minX >= a.maxX { break } // sorted by minX: none further can overlap a in x
                if b.minY < a.maxY && a.minY < b.maxY { return false }
            }
        }
        return true
    }
}
