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
    /// The footprints' envelopes in one grid, built once for every look-up of the run
    /// (``candidates(for:distance:)``: `retrofit` asks twice).
    var grid = EnvelopeGrid([])

    /// Prepares and measures every feature of `layer` on every core (as
    /// ``ZoneLayer/prepareAllMeasured(_:ringRepairs:from:to:engine:)`` does zones), its
    /// record read in the same pass (read one by one on one core, the records were a fifth
    /// of the phase).
    init(_ layer: LoadedLayer, fields: [KnownField: String], idField: String?, areaCRS: CRS, engine: GeometryEngine) throws {
        let features = layer.features, source = layer.crs
        // PROJ chooses the two operations here, once: the threads' engines then build them
        // from the pipeline text instead of each querying PROJ's database.
        _ = try engine.transform(from: source, to: areaCRS)
        _ = try engine.transform(from: areaCRS, to: source)
        let floorsField = fields[.floors], heightField = fields[.storeyHeightM]
        var footprints = [FlatGeometry?](repeating: nil, count: features.count)
        let records = try features.withUnsafeBufferPointer { fs in
            try footprints.withUnsafeMutableBufferPointer { out in
                let slots = DisjointSlots(out) // each position written by one thread
                return try OrderedChunks.map(count: fs.count, chunk: 256, makeState: { () -> FootprintPreparation in
                    let engine = GeometryEngine()
                    return FootprintPreparation(engine: engine, toArea: try engine.transform(from: source, to: areaCRS),
                                                back: try engine.transform(from: areaCRS, to: source))
                }, transform: { k, p -> BuildingRecord in
                    let f = fs.baseAddress! + k // read in place
                    var r = BuildingRecord(index: f.pointee.index, id: FeatureIdentity.id(of: f, field: idField), status: .noGeometry, note: nil,
                                           floors: nil, storeyHeightM: nil, footprintM2: 0)
                    if let field = floorsField, case let .success(v)? = LedgerNumber.read(f.pointee.properties[field]), v > 0 { r.floors = v }
                    if let field = heightField, case let .success(v)? = LedgerNumber.read(f.pointee.properties[field]), v > 0 { r.storeyHeightM = v }
                    if let problem = f.pointee.problem {
                        r.status = .error
                        r.note = problem
                        return r
                    }
                    guard let g = f.pointee.geometry, !g.isEmpty else { return r }
                    // Footprint areas by GEOS (as the overlay measures), made as they are prepared.
                    do {
                        let (flat, status, note, area) = try ZoneLayer.prepareMeasured(g, ringRepairs: f.pointee.repairs, toArea: p.toArea, back: p.back,
                                                                                        engine: p.engine)
                        r.status = status
                        r.note = note
                        if let flat {
                            r.footprintM2 = area
                            slots.at(k).pointee = flat
                        }
                    } catch {
                        r.status = .error
                        r.note = (error as? SpatialError)?.description ?? "\(error)"
                    }
                    return r
                })
            }
        }
        self.records = records
        self.footprints = footprints
        grid = EnvelopeGrid(footprints.withUnsafeBufferPointer { fs in OrderedChunks.map(count: fs.count, chunk: 4096) { fs[$0]?.envelope } })
    }
}

/// One preparing thread's engine and transforms.
private struct FootprintPreparation {
    let engine: GeometryEngine
    let toArea: CoordinateTransform
    let back: CoordinateTransform
}

extension BuildingFootprints {
    /// For each polygon (in the area CRS), the buildings whose envelopes meet its envelope
    /// grown by `distance`, in building order: the footprints' grid (``EnvelopeGrid``)
    /// asked for every polygon on every core, so no worker builds
    /// and indexes every footprint in GEOS to find them (one join of both layers on one core
    /// was a twentieth of a second per 100,000 parcels).
    func candidates(for polygons: [FlatGeometry?], distance: Double = 0) -> [[Int]] {
        func near(_ g: FlatGeometry?) -> [Int] {
            guard let e = g?.envelope else { return [] }
            return grid.meeting(Envelope(minX: e.minX - distance, minY: e.minY - distance, maxX: e.maxX + distance, maxY: e.maxY + distance))
        }
        return polygons.withUnsafeBufferPointer { ps in OrderedChunks.map(count: ps.count) { near(ps[$0]) } }
    }

    /// The buildings on a parcel (`parcel`, in the area CRS; `candidates` from
    /// ``candidates(for:distance:)``): the part of each footprint inside it, and the area
    /// covered by all of them (overlapping footprints count once).
    ///
    /// A convex parcel (most are) clips its buildings itself (``ConvexClipArea``: the exact
    /// area up to rounding, no GEOS geometry made); a building inside it counts with its
    /// footprint area as GEOS measured it; the covered area is the sum of the parts less
    /// what pairs of them share (``pairOverlaps(_:boxes:parcel:pair:)``). Other parcels, and
    /// buildings that overlap three at a time, go through GEOS (prepared covers,
    /// intersection, union).
    func measure(_ parcel: FlatGeometry, candidates: [Int], clipper: inout ConvexClipArea, pairClipper: inout ConvexClipArea,
                 engine: GeometryEngine) throws
        -> (shares: [(building: Int, areaM2: Double)], coveredM2: Double) {
        guard !candidates.isEmpty else { return ([], 0) }
        if let one = parcel.onePolygon, clipper.setClip(one), let box = parcel.envelope {
            var shares: [(building: Int, areaM2: Double)] = []
            var boxes: [Envelope] = [], inside: [Int] = []
            for b in candidates {
                guard let flat = footprints[b], let e = flat.envelope else { continue }
                let a = clipper.area(of: flat)
                guard a > 0 else { continue } // outside, or touching the parcel only
                let whole = records[b].footprintM2
                shares.append((b, abs(a - whole) <= 1e-9 * whole ? whole : a))
                // The part inside lies in both envelopes.
                boxes.append(Envelope(minX: max(e.minX, box.minX), minY: max(e.minY, box.minY), maxX: min(e.maxX, box.maxX), maxY: min(e.maxY, box.maxY)))
                inside.append(b)
            }
            if shares.count <= 1 { return (shares, shares.first?.areaM2 ?? 0) }
            if let overlaps = pairOverlaps(inside, boxes: boxes, parcel: &clipper, pair: &pairClipper) {
                return (shares, shares.reduce(0) { $0 + $1.areaM2 } - overlaps)
            }
        }
        return try measure(try engine.geometry(from: parcel), candidates: candidates, engine: engine)
    }

    /// ``measure(_:candidates:clipper:engine:)`` by GEOS: footprints are built in `engine`
    /// as they are needed.
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

    /// The area the parts of the buildings `bs` on a convex parcel (set in `parcel`) share
    /// pairwise (`boxes`: envelopes holding their parts), so that the covered area is the
    /// sum of the parts less this (inclusion–exclusion, exact while no three parts share
    /// area). Pairs whose boxes meet are clipped one by the other (both convex: their common
    /// part is convex too), then by the parcel. Nil when a footprint is not convex or three
    /// footprints share area above rounding: GEOS then unions the parts. Shares below
    /// rounding (1e-9 of the smaller footprint: walls that touch) count as none.
    func pairOverlaps(_ bs: [Int], boxes: [Envelope], parcel: inout ConvexClipArea, pair: inout ConvexClipArea) -> Double? {
        var common: [(i: Int, j: Int, part: FlatGeometry)] = []
        for (i, j) in Self.overlappingPairs(boxes) {
            guard let a = footprints[bs[i]]?.onePolygon, let b = footprints[bs[j]]?.onePolygon, pair.setClip(a) else { return nil }
            let rounding = 1e-9 * min(records[bs[i]].footprintM2, records[bs[j]].footprintM2)
            guard pair.area(of: b) > rounding else { continue }
            guard let part = pair.clippedPolygon(of: b) else { return nil }
            common.append((min(i, j), max(i, j), part))
        }
        var shared = 0.0
        for (n, c) in common.enumerated() {
            // A third footprint over a common part: three share area, or might.
            for d in common[(n + 1)...] where d.i == c.i || d.i == c.j || d.j == c.i || d.j == c.j {
                guard pair.setClip(c.part) else { return nil }
                if pair.area(of: d.part) > 1e-9 * records[bs[c.i]].footprintM2 { return nil }
            }
            shared += parcel.area(of: c.part)
        }
        return shared
    }

    /// Whether no two envelopes overlap in more than a line or a point.
    static func envelopesApart(_ envelopes: [Envelope]) -> Bool { overlappingPairs(envelopes).isEmpty }

    /// The pairs of `boxes` (positions) that share area, not just a line or a point: by sweep
    /// over x, so a parcel with many buildings is not a quadratic check. (``EnvelopeJoin``
    /// is for whole layers, and counts boxes that merely touch.)
    static func overlappingPairs(_ boxes: [Envelope]) -> [(Int, Int)] {
        let order = boxes.indices.sorted { boxes[$0].minX < boxes[$1].minX }
        var pairs: [(Int, Int)] = []
        for (k, i) in order.enumerated() {
            for j in order[(k + 1)...] {
                if boxes[j].minX >= boxes[i].maxX { break } // sorted by minX: none further can overlap i in x
                if boxes[j].minY < boxes[i].maxY, boxes[i].minY < boxes[j].maxY { pairs.append((i, j)) }
            }
        }
        return pairs
    }
}

extension FlatGeometry {
    /// The geometry as a bare polygon when it is one (a multipolygon of one polygon, as
    /// prepared footprints often are, unwrapped): what ``ConvexClipArea`` clips with. Nil
    /// for anything else.
    var onePolygon: FlatGeometry? {
        if nodes.count == 1, nodes[0].kind == .polygon { return self }
        guard nodes.count == 2, nodes[0].kind == .multiPolygon, nodes[0].count == 1, nodes[1].kind == .polygon else { return nil }
        return FlatGeometry(xy: xy, sequenceEnds: sequenceEnds, nodes: [nodes[1]])
    }
}
