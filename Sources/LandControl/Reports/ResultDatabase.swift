import Foundation
import Spatial

/// `--out-db PG:…`: a run's result layers written into PostGIS as well as (or instead of)
/// the files in `--out`, one table per output (parcels, conflicts, verdicts, idle, retrofit,
/// pockets…) and a row in the run table, all in one transaction (``PostGISResultWriter``).
///
/// The layers are taken from the run's finished GeoJSON in the staging folder, at
/// ``ResultFormats/finish(_:layers:formats:encoding:database:)`` time, as the GeoPackage and
/// Shapefile outputs are: every output holds the same rows, columns and values. The
/// geometries are written in the CRS of the run's input layer (`inputCRS`, the parcels' or
/// proposals'), or the one given with `--db-crs`. The database is written before the files
/// are published: a failed database write leaves the previous files as they were, and
/// should the files then fail to publish, the run is in the database only.
public final class ResultDatabase: @unchecked Sendable {
    public var target: PostGISTarget
    /// `--db-crs`: the CRS of the tables' geometries, instead of the input's.
    public var crs: String?
    /// The CRS of the run's input layer, set once the run has read it.
    public var inputCRS: CRS?
    public var run: PostGISRun
    /// What was written, once it was.
    public private(set) var written: PostGISResultWriter.Written?

    public init(target: PostGISTarget, crs: String? = nil, run: PostGISRun) {
        self.target = target
        self.crs = crs
        self.run = run
    }

    /// Writes the finished GeoJSON layers (`name`, path) as one run; returns the warnings.
    func write(layers: [(name: String, geojson: String)]) throws -> [String] {
        let started = ContinuousClock.now
        let engine = GeometryEngine()
        var tables: [PostGISResultTable] = []
        var targetCRS: CRS?
        if let crs {
            do {
                targetCRS = try engine.crs(crs)
            } catch let e as SpatialError {
                throw ReadError(file: "--db-crs", message: "'\(crs)' is not usable: \(e.description)")
            }
        }
        targetCRS = targetCRS ?? inputCRS
        var warnings: [String] = []
        for (name, path) in layers {
            let reader = try GeoJSONReader(path: path)
            var features = try reader.readAllInParallel()
            let layerCRS = try engine.crs(reader.declaredCRS ?? "EPSG:4326")
            let goal = targetCRS ?? layerCRS
            targetCRS = goal
            if goal.definition != layerCRS.definition {
                let failed = try Self.transform(&features, from: layerCRS, to: goal)
                if failed > 0 { warnings.append("\(name): \(failed) geometries could not be transformed to \(goal) and are written without geometry") }
            }
            tables.append(PostGISResultTable(name: name, features: features))
        }
        guard let crs = targetCRS else { return warnings }
        let d = ContinuousClock.now - started
        var done = try PostGISResultWriter.write(tables, run: run, to: target, crs: crs)
        done.timings.insert(("read", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18), at: 0)
        written = done
        return warnings + done.warnings
    }

    /// Transforms every geometry, on every core (one engine per worker); returns how many
    /// failed (their geometry is dropped).
    static func transform(_ features: inout [Feature], from source: CRS, to goal: CRS) throws -> Int {
        let count = features.count
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / 1000))
        let per = (count + workers - 1) / workers
        let failures = FailureCount()
        try features.withUnsafeMutableBufferPointer { buffer in
            let all = UnsafeSendableBuffer(buffer)
            let problem = TransformError()
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                do {
                    let transform = try GeometryEngine().transform(from: source, to: goal)
                    for k in w * per..<min(count, (w + 1) * per) {
                        guard var g = all.buffer[k].geometry, !g.isEmpty else { continue }
                        do {
                            try transform.apply(&g)
                            all.buffer[k].geometry = g
                        } catch {
                            all.buffer[k].geometry = nil
                            failures.add()
                        }
                    }
                } catch {
                    problem.set(error)
                }
            }
            if let e = problem.error { throw e }
        }
        return failures.value
    }
}

/// Disjoint parts of one buffer, written by several threads.
private struct UnsafeSendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Feature>
    init(_ buffer: UnsafeMutableBufferPointer<Feature>) { self.buffer = buffer }
}

private final class FailureCount: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var value = 0
    func add() {
        lock.lock()
        value += 1
        lock.unlock()
    }
}

private final class TransformError: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?
    func set(_ e: Error) {
        lock.lock()
        if error == nil { error = e }
        lock.unlock()
    }
}
