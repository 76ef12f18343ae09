import Foundation
import Spatial

/// The per-parcel part of `classify`, run by several workers at once. Each worker owns a
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
    }

    /// What one parcel gives: its classification, the conflicts of the per-parcel rules, its
    /// envelope in the area CRS (for the parcel self-join) and, only when it was repaired, its
    /// repaired geometry there (the others are projected again for the few pairs that need it).
    struct Output: Sendable {
        var result: ParcelClassification
        var conflicts: [Conflict]
        var envelope: Envelope?
        var repaired: FlatGeometry?
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

    /// CPU time of the calling thread: unlike wall time, it does not grow when other
    /// processes take the core, so the overlay figure stays comparable between runs.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
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

    /// Classifies every feature with `workers` workers; the zone rules run on the first
    /// worker alongside its parcels. Results are in input order.
    static func classifyAll(_ features: [Feature], setup: Setup, zoneLayer: ZoneLayer, workers: Int)
        throws -> (outputs: [Output], zoneConflicts: [Conflict], layerAreas: [Double], overlayCPUSeconds: Double) {
        let count = max(1, min(workers, features.count / 500 + 1))
        let chunk = max(64, min(4096, features.count / (count * 8) + 1))
        let slots = Slots(count: features.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: count) { w in
            do {
                let worker = try ParcelWorker(setup)
                if w == 0 {
                    slots.setZoneResults(try ConflictChecks.zones(zoneLayer, worker.index, rules: setup.rules, lang: setup.language),
                                         worker.index.layerAreas)
                }
                while true {
                    let start = next.take(chunk)
                    guard start < features.count else { break }
                    let end = min(features.count, start + chunk)
                    var part: [Output] = []
                    part.reserveCapacity(end - start)
                    for k in start..<end { part.append(try worker.classify(features[k])) }
                    slots.store(part, at: start)
                }
                slots.addOverlaySeconds(worker.overlaySeconds)
            } catch {
                slots.fail(error)
            }
        }
        return try slots.finish()
    }

    /// One parcel: transform, validity (repair), areas, per-kind overlay, per-parcel rules.
    func classify(_ f: Feature) throws -> Output {
        let s = setup
        var id = s.idField.flatMap { f.properties[$0]?.text }.flatMap { $0.isEmpty ? nil : $0 } ?? f.id ?? "\(f.index)"
        if id.isEmpty { id = "\(f.index)" }
        var r = ParcelClassification(index: f.index, id: id, status: .ok, areaM2: 0, ellipsoidalAreaM2: 0, kindAreas: [:],
                                     outsideM2: 0, zone: nil, flags: [], properties: f.properties, outputGeometry: nil)
        guard f.problem == nil, let g = f.geometry, !g.isEmpty else {
            if let problem = f.problem {
                r.status = .error
                r.flags.append(problem)
            } else {
                r.status = .noGeometry
            }
            return Output(result: r, conflicts: [], envelope: nil, repaired: nil)
        }
        do {
            let prepared = try ParcelGeometry(g, transforms, engine: engine)
            let geometry = prepared.geometry, projected = prepared.projected, lonLat = prepared.lonLat
            if let reason = prepared.repairReason {
                r.status = .repaired
                r.flags.append("repaired: \(reason)")
            }
            r.areaM2 = try geometry.area()
            r.ellipsoidalAreaM2 = geodesic.area(lonLat)
            r.outputGeometry = lonLat
            let t0 = Self.threadCPUSeconds()
            let overlay = try index.overlay(of: geometry, parcelArea: r.areaM2)
            let sums = overlay.sums
            overlaySeconds += Self.threadCPUSeconds() - t0
            for kind in ZoneKind.allCases { r.kindAreas[kind] = sums[ZoneIndex.Layer(kind)] }
            r.outsideM2 = overlay.outsideArea(parcelArea: r.areaM2)
            r.zone = Classifier.dominantZone(r)
            let conflicts = try ConflictChecks.parcel(r, geometry, overlay, f, useField: s.useField, statusField: s.statusField,
                                                      zones: index, rules: s.rules, lang: s.language, memo: memo)
            return Output(result: r, conflicts: conflicts, envelope: projected.envelope, repaired: r.status == .repaired ? projected : nil)
        } catch let e as SpatialError {
            r.status = .error
            r.flags.append(e.description)
            r.outputGeometry = nil
            return Output(result: r, conflicts: [], envelope: nil, repaired: nil)
        }
    }
}

/// Results written by the workers, each into its own range; a lock guards the bookkeeping.
private final class Slots: @unchecked Sendable {
    private let lock = NSLock()
    private var outputs: [Output?]
    private var zoneConflicts: [Conflict] = []
    private var layerAreas: [Double] = []
    private var overlaySeconds = 0.0
    private var error: Error?
    typealias Output = ParcelWorker.Output

    init(count: Int) { outputs = Array(repeating: nil, count: count) }

    func store(_ part: [Output], at start: Int) {
        lock.lock()
        for (k, o) in part.enumerated() { outputs[start + k] = o }
        lock.unlock()
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

    func finish() throws -> (outputs: [Output], zoneConflicts: [Conflict], layerAreas: [Double], overlayCPUSeconds: Double) {
        if let error { throw error }
        return (outputs.compactMap { $0 }, zoneConflicts, layerAreas, overlaySeconds)
    }
}

/// Hands out the start of the next chunk.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(_ n: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let v = value
        value += n
        return v
    }
}
