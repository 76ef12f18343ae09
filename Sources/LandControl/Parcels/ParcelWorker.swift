import Foundation
import Spatial

/// The one way a parcel is prepared, for every command: id, geometry checked and repaired,
/// projected, measured (planar and ellipsoidal), overlaid with the 三区一线 zones, its zone
/// by the one zone rule (the dominant 三区 kind). `classify` adds its per-parcel rules; `idle`
/// and `retrofit` keep each parcel's geometry in the area CRS for buildings and pockets.
///
/// Run by several workers at once. Each worker owns a
/// GEOS/PROJ engine and rebuilds the zone index from the plain zone records; only plain data
/// (features in, results out) crosses between workers. Parcels are handed out in chunks
/// from a shared counter, so a slow chunk does not hold the others up; results come back in
/// input order.
final class ParcelWorker {
    struct Setup: Sendable {
        var inputCRS: CRS
        var areaCRS: CRS
        var outputCRS: CRS
        var zones: ZonePlan
        var idField: String?
        var useField: String?
        var statusField: String?
        var rules: ClassificationRules
        var language: ReportLanguage
        /// `classify`'s rules (per parcel, and the zones' own): off for the commands that
        /// only need the overlay.
        var checkConflicts = true
        /// Keep every parcel's geometry in the area CRS (``Found/projected``).
        var keepProjected = false
        /// Measure each parcel on the ellipsoid (``ParcelClassification/ellipsoidalAreaM2``,
        /// else 0): for the commands that report it.
        var ellipsoidalAreas = true
    }

    /// What one parcel gives (the conflicts of the per-parcel rules go straight into the
    /// chunk's list): its classification, its envelope in the area CRS (for the parcel
    /// self-join) and, only when it was repaired, its repaired geometry there (the others are
    /// projected again for the few pairs that need it).
    struct Output: Sendable {
        var result: ParcelClassification
        var envelope: Envelope?
        var repaired: FlatGeometry?
        /// The geometry in the area CRS, when ``Setup/keepProjected``.
        var projected: FlatGeometry?
    }

    let engine = GeometryEngine()
    let setup: Setup
    let index: ZoneIndex
    let transforms: ParcelGeometry.Transforms
    let geodesic: GeodesicArea
    let memo = ConflictChecks.Memo()
    /// Seconds this worker spent in the overlay proper (index query, prepared predicates,
    /// intersections), the part comparable with a bare GEOS loop.
    private(set) var overlaySeconds = 0.0

    /// A monotonic clock read through the vDSO (no system call, unlike a thread CPU clock,
    /// which costs more than a small parcel's overlay when read twice per parcel). With one
    /// worker per core the time around each parcel's overlay is its CPU time.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    init(_ setup: Setup) throws {
        self.setup = setup
        index = try ZoneIndex(plan: setup.zones, engine: engine)
        transforms = .init(toArea: try engine.transform(from: setup.inputCRS, to: setup.areaCRS),
                           toOutput: try engine.transform(from: setup.inputCRS, to: setup.outputCRS),
                           areaToOutput: try engine.transform(from: setup.areaCRS, to: setup.outputCRS))
        geodesic = GeodesicArea(setup.inputCRS.ellipsoid)
    }

    /// What every worker found together, in input order.
    struct Found {
        var results: [ParcelClassification]
        /// Per parcel, its envelope in the area CRS (nil without a usable geometry).
        var envelopes: [Envelope?]
        /// Repaired geometries in the area CRS, by position.
        var repaired: [Int: FlatGeometry]
        /// The per-parcel rules' conflicts, in input order.
        var conflicts: [Conflict]
        var zoneConflicts: [Conflict]
        var layerAreas: [Double]
        var overlaySeconds: Double
        /// Per parcel, its geometry in the area CRS (only with ``Setup/keepProjected``).
        var projected: [FlatGeometry?]
    }

    /// Classifies every feature with `workers` workers; the zone rules run on the first
    /// worker alongside its parcels. Each worker writes its parcels' results straight into
    /// the final arrays (no per-parcel result objects gathered and copied afterwards).
    static func classifyAll(_ features: [Feature], setup: Setup, zoneLayer: ZoneLayer?, workers: Int,
                            progress: ProgressHandler? = nil) throws -> Found {
        let n = features.count
        let count = max(1, min(workers, n / 500 + 1))
        let chunk = max(64, min(4096, n / (count * 8) + 1))
        let shared = Shared()
        var envelopes = [Envelope?](repeating: nil, count: n)
        var projected = [FlatGeometry?](repeating: nil, count: setup.keepProjected ? n : 0)
        let results = [ParcelClassification](unsafeUninitializedCapacity: n) { buffer, initialized in
            envelopes.withUnsafeMutableBufferPointer { envelopeBuffer in
              projected.withUnsafeMutableBufferPointer { projectedBuffer in
              features.withUnsafeBufferPointer { featureBuffer in
                let out = Destination(results: buffer.baseAddress, envelopes: envelopeBuffer.baseAddress, projected: projectedBuffer.baseAddress)
                let input = Source(features: featureBuffer.baseAddress)
                DispatchQueue.concurrentPerform(iterations: count) { w in
                    let worker: ParcelWorker
                    do {
                        worker = try ParcelWorker(setup)
                        if w == 0 {
                            let zoneConflicts = try setup.checkConflicts ? zoneLayer.map { try ConflictChecks.zones($0, worker.index, rules: setup.rules, lang: setup.language) } ?? [] : []
                            shared.setZoneResults(zoneConflicts, worker.index.layerAreas)
                        }
                    } catch {
                        shared.fail(error)
                        return
                    }
                    while let start = shared.take(chunk, of: n) {
                        var conflicts: [Conflict] = []
                        var repaired: [(Int, FlatGeometry)] = []
                        for k in start..<min(n, start + chunk) {
                            var o = worker.classify(input.features! + k, conflicts: &conflicts) // read in place (passed by value, it was copied)
                            // Moved into its slot (a swap with an empty value), not copied.
                            let slot = out.results! + k
                            slot.initialize(to: ParcelClassification.empty)
                            swap(&slot.pointee, &o.result)
                            out.envelopes![k] = o.envelope
                            if setup.keepProjected { out.projected![k] = o.projected }
                            if let g = o.repaired { repaired.append((k, g)) }
                        }
                        let done = shared.store(conflicts, repaired, at: start, count: min(n, start + chunk) - start)
                        progress?(RunProgress(phase: .classifying, done: done, total: n))
                    }
                    shared.addOverlaySeconds(worker.overlaySeconds)
                }
              }
              }
            }
            // When every worker failed, nothing was classified: fill the array so that it is
            // whole (the error is thrown below).
            for k in min(shared.taken, n)..<n {
                (buffer.baseAddress! + k).initialize(to: ParcelClassification(
                    index: k + 1, id: "", status: .error, areaM2: 0, ellipsoidalAreaM2: 0, kindAreas: [:], outsideM2: 0,
                    zone: nil, flags: [], properties: Properties(), outputGeometry: nil))
            }
            initialized = n
        }
        if let error = shared.error { throw error }
        return Found(results: results, envelopes: envelopes, repaired: shared.repaired, conflicts: shared.takeConflictsInOrder(),
                     zoneConflicts: shared.zoneConflicts, layerAreas: shared.layerAreas, overlaySeconds: shared.overlaySeconds,
                     projected: projected)
    }

    /// One parcel: transform, validity (repair), areas, per-kind overlay, per-parcel rules
    /// (their conflicts appended to `conflicts`).
    func classify(_ f: UnsafePointer<Feature>, conflicts: inout [Conflict]) -> Output {
        let s = setup
        let id = FeatureIdentity.id(of: f, field: s.idField)
        var r = ParcelClassification(index: f.pointee.index, id: id, status: .ok, areaM2: 0, ellipsoidalAreaM2: 0, kindAreas: [:],
                                     outsideM2: 0, zone: nil, flags: [], properties: f.pointee.properties, outputGeometry: nil)
        guard f.pointee.problem == nil, let g = f.pointee.geometry, !g.isEmpty else {
            if let problem = f.pointee.problem {
                r.status = .error
                r.flags.append(problem)
            } else {
                r.status = .noGeometry
            }
            return Output(result: r, envelope: nil, repaired: nil)
        }
        do {
            // Its parts used where they are (bound to names of their own, each was copied).
            let prepared = try ParcelGeometry(g, ringRepairs: f.pointee.repairs, transforms, engine: engine)
            if let reason = prepared.repairReason {
                r.status = .repaired
                r.flags.append("repaired: \(reason)")
            }
            r.areaM2 = try ParcelGeometry.finite(prepared.geometry.area())
            if s.ellipsoidalAreas { r.ellipsoidalAreaM2 = try ParcelGeometry.finite(geodesic.area(prepared.lonLat)) }
            r.outputGeometry = prepared.lonLat
            let t0 = Self.now()
            let overlay = try index.overlay(of: prepared.geometry, parcelArea: r.areaM2, flat: prepared.projected)
            let sums = overlay.sums
            overlaySeconds += Self.now() - t0
            for kind in ZoneKind.allCases { r.kindAreas[kind] = sums[ZoneIndex.Layer(kind)] }
            r.outsideM2 = overlay.outsideArea(parcelArea: r.areaM2)
            r.zone = Classifier.dominantZone(r)
            if s.checkConflicts {
                // On a failure below, the conflicts found for this parcel so far are taken back.
                let before = conflicts.count
                do {
                    try ConflictChecks.parcel(r, prepared.geometry, overlay, f, useField: s.useField, statusField: s.statusField,
                                              zones: index, rules: s.rules, lang: s.language, memo: memo, into: &conflicts)
                    // Their areas in the output CRS while the parcel is at hand (its corners as read).
                    for c in before..<conflicts.count {
                        if let g = conflicts[c].geometry, !g.isEmpty {
                            conflicts[c].outputGeometry = try prepared.outputGeometry(of: g, transforms.areaToOutput)
                        }
                    }
                } catch {
                    conflicts.removeSubrange(before...)
                    throw error
                }
                // The parcel's flags name the rules it breaks, here on every core (the rules
                // of several parcels, the self-join's, are added when the run has them all).
                for c in before..<conflicts.count where !r.flags.contains(conflicts[c].rule.rawValue) { r.flags.append(conflicts[c].rule.rawValue) }
            }
            return Output(result: r, envelope: prepared.projected.envelope, repaired: r.status == .repaired ? prepared.projected : nil,
                          projected: s.keepProjected ? prepared.projected : nil)
        } catch {
            r.status = .error
            r.flags.append("\(error)")
            r.outputGeometry = nil
            return Output(result: r, envelope: nil, repaired: nil)
        }
    }
}

/// The features the workers read (shared, read only).
private struct Source: @unchecked Sendable {
    let features: UnsafePointer<Feature>?
}

/// Where the workers put their parcels' results: each writes only its own chunks' slots.
private struct Destination: @unchecked Sendable {
    let results: UnsafeMutablePointer<ParcelClassification>?
    let envelopes: UnsafeMutablePointer<Envelope?>?
    let projected: UnsafeMutablePointer<FlatGeometry?>?
}

/// The workers' shared bookkeeping, under a lock: the next chunk, each chunk's conflicts and
/// repaired geometries, the zone rules' results, the first error.
private final class Shared: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var finished = 0
    private var conflictsByChunk: [Int: [Conflict]] = [:]
    private(set) var repaired: [Int: FlatGeometry] = [:]
    private(set) var zoneConflicts: [Conflict] = []
    private(set) var layerAreas: [Double] = []
    private(set) var overlaySeconds = 0.0
    private(set) var error: Error?

    /// How far chunks were handed out.
    var taken: Int {
        lock.lock()
        defer { lock.unlock() }
        return next
    }

    /// The start of the next chunk of `size`, nil when all `count` are handed out.
    func take(_ size: Int, of count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += size
        return next - size
    }

    /// Keeps a chunk's conflicts and repairs; returns how many parcels are done so far.
    func store(_ conflicts: [Conflict], _ repairs: [(Int, FlatGeometry)], at start: Int, count: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if !conflicts.isEmpty { conflictsByChunk[start] = conflicts }
        for (k, g) in repairs { repaired[k] = g }
        finished += count
        return finished
    }

    /// The chunks' conflicts in input order, moved out of the chunks (each swapped with an
    /// empty value): a copy of each, and the originals torn down after, ran on one core as
    /// the overlay ended.
    func takeConflictsInOrder() -> [Conflict] {
        var all: [Conflict] = []
        all.reserveCapacity(conflictsByChunk.values.reduce(0) { $0 + $1.count })
        for start in conflictsByChunk.keys.sorted() {
            guard var part = conflictsByChunk.removeValue(forKey: start) else { continue }
            for i in part.indices {
                all.append(Conflict.empty)
                swap(&all[all.count - 1], &part[i])
            }
        }
        return all
    }

    func setZoneResults(_ c: [Conflict], _ areas: [Double]) {
        lock.lock()
        zoneConflicts = c
        layerAreas = areas
        lock.unlock()
    }

    func addOverlaySeconds(_ s: Double) {
        lock.lock()
        overlaySeconds += s
        lock.unlock()
    }

    func fail(_ e: Error) {
        lock.lock()
        if error == nil { error = e }
        lock.unlock()
    }
}
