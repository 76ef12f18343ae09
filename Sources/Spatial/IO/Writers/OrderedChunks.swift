import Foundation

/// Encodes items in chunks on several threads and writes the chunks in input order: output
/// formatting (numbers, escaping) is most of the cost of writing, and it divides over the
/// cores while the single file stays in order.
public enum OrderedChunks {
    /// Runs `encode` on chunks of `0..<count` with `workers` threads, each with its own
    /// `State` from `makeState` (buffers, a GEOS/PROJ engine: nothing shared), then `write`
    /// with that state when all earlier chunks are written. The first error is rethrown after
    /// every thread has stopped.
    public static func run<State>(count: Int, chunk: Int = 4096, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                  makeState: () throws -> State,
                                  encode: (Range<Int>, inout State) throws -> Void,
                                  write: (Range<Int>, inout State) throws -> Void) throws {
        let chunks = (count + chunk - 1) / chunk
        let turns = Turns()
        let threads = max(1, min(workers, chunks))
        // The closures only read shared data (encode) or run one at a time, in turn (write).
        try withoutActuallyEscaping(makeState) { makeState in
        try withoutActuallyEscaping(encode) { encode in
        try withoutActuallyEscaping(write) { write in
        let jobs = Jobs(makeState: makeState, encode: encode, write: write)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            let makeState = jobs.makeState, encode = jobs.encode, write = jobs.write
            var state: State
            do {
                state = try makeState()
            } catch {
                turns.fail(error)
                // The chunks this thread takes still pass their turn, so no other thread waits.
                while let c = turns.take(chunks) {
                    turns.wait(for: c)
                    turns.done(c)
                }
                return
            }
            while let c = turns.take(chunks) {
                let range = c * chunk..<min(count, (c + 1) * chunk)
                var ok = false
                if !turns.failed {
                    do {
                        try encode(range, &state)
                        ok = true
                    } catch { turns.fail(error) }
                }
                turns.wait(for: c)
                if ok, !turns.failed {
                    do { try write(range, &state) } catch { turns.fail(error) }
                }
                turns.done(c)
            }
        }
        if let e = turns.error { throw e }
        }
        }
        }
    }

    /// `transform(k, &state)` for every k in `0..<count`, on `workers` threads (each with its
    /// own `State`), into an array in input order. Each result is built straight into its
    /// slot: large results (a parcel's row of findings) are neither gathered per chunk nor
    /// copied into the final array. The first error is rethrown after every thread stopped.
    public static func map<State, T>(count: Int, chunk: Int = 1024, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                     makeState: () throws -> State,
                                     transform: (Int, inout State) throws -> T) throws -> [T] {
        let chunks = (count + chunk - 1) / chunk
        let threads = max(1, min(workers, chunks))
        let progress = MapProgress(chunks: chunks)
        let result = try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = DisjointSlots(buffer)
            try withoutActuallyEscaping(makeState) { makeState in
            try withoutActuallyEscaping(transform) { transform in
                let jobs = MapJobs(makeState: makeState, transform: transform)
                DispatchQueue.concurrentPerform(iterations: threads) { _ in
                    var state: State
                    do { state = try jobs.makeState() } catch { return progress.fail(error) }
                    while let c = progress.take() {
                        let range = c * chunk..<min(count, (c + 1) * chunk)
                        var k = range.lowerBound
                        do {
                            while k < range.upperBound {
                                slots.at(k).initialize(to: try jobs.transform(k, &state))
                                k += 1
                            }
                            progress.finished(c)
                        } catch {
                            // This chunk's slots made so far are taken apart again.
                            if k > range.lowerBound { slots.at(range.lowerBound).deinitialize(count: k - range.lowerBound) }
                            progress.fail(error)
                        }
                    }
                }
            }
            }
            if let error = progress.error {
                // Only whole chunks were kept: take them apart, leave the array empty.
                for c in progress.done { (buffer.baseAddress! + c * chunk).deinitialize(count: min(count, (c + 1) * chunk) - c * chunk) }
                initialized = 0
                throw error
            }
            initialized = count
        }
        return result
    }

    /// `transform(k)` for every k in `0..<count` on `workers` threads, into an array in input
    /// order, for work that cannot fail and needs no state per thread.
    public static func map<T>(count: Int, chunk: Int = 1024, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                              _ transform: (Int) -> T) -> [T] {
        // The throwing map throws only what its closures throw: here nothing, so the
        // one-thread fallback never runs.
        (try? map(count: count, chunk: chunk, workers: workers, makeState: { () }, transform: { k, _ in transform(k) })) ?? (0..<count).map(transform)
    }

    private struct MapJobs<State, T>: @unchecked Sendable {
        let makeState: () throws -> State
        let transform: (Int, inout State) throws -> T
    }

    private struct Jobs<State>: @unchecked Sendable {
        let makeState: () throws -> State
        let encode: (Range<Int>, inout State) throws -> Void
        let write: (Range<Int>, inout State) throws -> Void
    }
}

/// Hands out chunk numbers and lets chunk c write only after chunk c − 1.
private final class Turns: @unchecked Sendable {
    private let condition = NSCondition()
    private var nextToTake = 0
    private var nextToWrite = 0
    private(set) var error: Error?

    var failed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return error != nil
    }

    func take(_ chunks: Int) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard nextToTake < chunks else { return nil }
        nextToTake += 1
        return nextToTake - 1
    }

    func wait(for c: Int) {
        condition.lock()
        while nextToWrite != c { condition.wait() }
        condition.unlock()
    }

    func done(_ c: Int) {
        condition.lock()
        nextToWrite = c + 1
        condition.broadcast()
        condition.unlock()
    }

    func fail(_ e: Error) {
        condition.lock()
        if error == nil { error = e }
        condition.unlock()
    }
}

/// The chunks of a map handed out, those finished, and the first error.
private final class MapProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let chunks: Int
    private var next = 0
    private(set) var done: [Int] = []
    private(set) var error: Error?

    init(chunks: Int) { self.chunks = chunks }

    /// The next chunk, nil when all are handed out or a chunk failed.
    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, next < chunks else { return nil }
        next += 1
        return next - 1
    }

    func finished(_ c: Int) {
        lock.lock()
        done.append(c)
        lock.unlock()
    }

    func fail(_ e: Error) {
        lock.lock()
        if error == nil { error = e }
        lock.unlock()
    }
}
