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

/// The footprints rebuilt and indexed inside one engine (one thread).
final class BuildingIndex {
    let engine: GeometryEngine
    private let tree: SpatialIndex
    /// Each building's geometry (nil when unusable), by position.
    private let geometries: [Geometry?]
    /// Position in the buildings of each item of `tree`.
    private let items: [Int]
    private let footprintM2: [Double]

    init(_ buildings: BuildingFootprints, engine: GeometryEngine) throws {
        self.engine = engine
        tree = try SpatialIndex(engine: engine)
        var geometries: [Geometry?] = [], items: [Int] = []
        geometries.reserveCapacity(buildings.footprints.count)
        for (k, flat) in buildings.footprints.enumerated() {
            guard let flat else {
                geometries.append(nil)
                continue
            }
            let g = try engine.geometry(from: flat)
            try tree.insert(g)
            items.append(k)
            geometries.append(g)
        }
        self.geometries = geometries
        self.items = items
        footprintM2 = buildings.records.map(\.footprintM2)
    }

    /// The buildings on a parcel: the part of each footprint inside it, and the area covered
    /// by all of them (overlapping footprints count once).
    func measure(_ parcel: Geometry) throws -> (shares: [(building: Int, areaM2: Double)], coveredM2: Double) {
        let prepared = try parcel.prepared()
        var shares: [(building: Int, areaM2: Double)] = []
        var pieces: [Geometry] = []
        for item in tree.query(parcel).sorted() {
            let b = items[item]
            guard let g = geometries[b] else { continue }
            if try prepared.covers(g) {
                shares.append((b, footprintM2[b]))
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

    /// Building geometries within `distance` of a parcel's envelope (for setbacks).
    func near(_ parcel: Geometry, distance: Double) throws -> [Geometry] {
        let e = parcel.envelope
        guard !e.isEmpty else { return [] }
        let box = try engine.rectangle(Envelope(minX: e.minX - distance, minY: e.minY - distance, maxX: e.maxX + distance, maxY: e.maxY + distance))
        return tree.query(box).sorted().compactMap { geometries[items[$0]] }
    }
}
