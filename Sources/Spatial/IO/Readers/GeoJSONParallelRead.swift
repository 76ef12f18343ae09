import Foundation

// Reading a collection's features on several threads: the array scanned once for where its
// features start (two threads at once for a big file), or, for a big collection that ends
// its file, parsed in parts from guessed boundaries checked where the parts meet.
extension GeoJSONReader {
    /// When the value here is a big array (16 MB or more) whose `]` is followed by nothing but
    /// the root's `}` (and white space) to the end of the file, the offset of that `]`: the
    /// features array of nearly every large file. Not checked further: the parts that read
    /// the array end exactly there, or the array is scanned after all.
    func bigArrayClosingTheFile() -> Int? {
        let p = scanner.p
        guard scanner.peek() == UInt8(ascii: "["), p.count - scanner.i > 16 << 20 else { return nil }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        var k = p.count - 1
        while k > scanner.i, isSpace(p[k]) { k -= 1 }
        guard p[k] == UInt8(ascii: "}") else { return nil }
        k -= 1
        while k > scanner.i, isSpace(p[k]) { k -= 1 }
        guard k > scanner.i, p[k] == UInt8(ascii: "]") else { return nil }
        return k
    }

    /// Scans the features array that was left unscanned (see `unscanned`): before reading
    /// features one by one, and when its guessed parts did not join. A broken array is
    /// reported as at open.
    func scanUnscanned() throws {
        guard let u = unscanned else { return }
        unscanned = nil
        let resume = scanner.i
        scanner.i = u.open
        do {
            try recordFeatureStarts()
        } catch let e as JSONScanner.SyntaxError {
            mode = .done
            throw readError(e)
        }
        scanner.i = resume
    }

    /// Skips the features array, noting where each element starts.
    func recordFeatureStarts() throws {
        guard scanner.peek() == UInt8(ascii: "[") else {
            try scanner.skipValue()
            return
        }
        scanner.i += 1
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.i += 1
            return
        }
        // A big collection: a second thread scans the second half at the same time, from a
        // place that looks like the start of a feature ("},{" between brackets). If the
        // exact scan from the front finds a feature starting at exactly that place, the
        // second thread's starts are right (it began in the same state) and are taken;
        // otherwise its work is dropped and the front scan simply goes on.
        var guess: SecondHalf?
        if scanner.p.count - scanner.i > 16 << 20, let r = Self.likelyFeatureStart(in: scanner.p, after: scanner.i + (scanner.p.count - scanner.i) / 2) {
            guess = SecondHalf(bytes: scanner.p, from: r)
        }
        // Whatever happens here (a syntax error too), the other thread stops reading the
        // file before this function returns.
        defer { _ = guess?.wait() }
        repeat {
            scanner.skipSpace()
            if let g = guess, scanner.i >= g.from {
                let found = g.wait()
                if scanner.i == g.from, let found {
                    featureStarts += found.starts
                    scanner.i = found.end
                    return
                }
                guess = nil
            }
            featureStarts.append(scanner.i)
            try scanner.skipValue()
        } while try scanner.nextElement(closing: UInt8(ascii: "]"))
    }

    /// The position of the "{" in the first "}" "," "{" (whitespace allowed between) within
    /// 1 MB after `offset`, where a feature of a collection may start.
    static func likelyFeatureStart(in p: UnsafeBufferPointer<UInt8>, after offset: Int) -> Int? {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        var k = offset
        while k < min(p.count, offset + (1 << 20)) {
            if p[k] == UInt8(ascii: "}") {
                var j = k + 1
                while j < p.count, isSpace(p[j]) { j += 1 }
                if j < p.count, p[j] == UInt8(ascii: ",") {
                    j += 1
                    while j < p.count, isSpace(p[j]) { j += 1 }
                    if j < p.count, p[j] == UInt8(ascii: "{") { return j }
                }
            }
            k += 1
        }
        return nil
    }

    /// Scans the features of a collection from `from` to the closing "]" on another thread,
    /// as if a feature started there.
    private final class SecondHalf: @unchecked Sendable {
        let from: Int
        private let done = DispatchSemaphore(value: 0)
        private var result: (starts: [Int], end: Int)?

        init(bytes: UnsafeBufferPointer<UInt8>, from: Int) {
            self.from = from
            let box = UnsafeBytes(p: bytes)
            DispatchQueue.global().async { [self] in
                var scanner = JSONScanner(box.p, at: from)
                var starts: [Int] = []
                do {
                    repeat {
                        scanner.skipSpace()
                        starts.append(scanner.i)
                        try scanner.skipValue()
                    } while try scanner.nextElement(closing: UInt8(ascii: "]"))
                    result = (starts, scanner.i)
                } catch {
                    result = nil // not a feature boundary after all, or a broken file: the front scan decides
                }
                done.signal()
            }
        }

        /// Waits for the scan; nil when it failed.
        func wait() -> (starts: [Int], end: Int)? {
            done.wait()
            done.signal() // later calls return at once
            return result
        }
    }

    private struct UnsafeBytes: @unchecked Sendable {
        let p: UnsafeBufferPointer<UInt8>
    }

    /// What parts of one collection share: the mapped file is only read, never changed,
    /// after the root has been scanned, so threads may read it together.
    struct Shared: @unchecked Sendable {
        let mapped: MappedFile
        let starts: [Int]
        let declaredCRS: String?
        let checkRightHandRule: Bool
    }



    /// The unscanned features array read in parts on several threads, each part from a
    /// guessed feature boundary (a "}" "," "{" near an equal share of the bytes) to the next.
    /// A part read from a true boundary ends exactly where the next part starts, only then;
    /// the first part starts at the true first feature, so when every part ends where the
    /// next starts (and the last at the array's `]`), every guess was a true boundary and the
    /// features are those of a scan. nil when any part did not (a guess inside a string, a
    /// broken file): then the array is scanned and read as before.
    private func readGuessedParts(_ u: (open: Int, close: Int), workers: Int) -> [Feature]? {
        scanner.skipSpace()
        let first = scanner.i, p = mapped.bytes
        let length = u.close - first
        guard length > 0 else { return nil }
        // Many more parts than threads: the last part read is short, so neither thread waits
        // long for the other at the end (with four per thread, about a tenth of a second at a
        // million parcels).
        let parts = workers * 16
        var guesses = [first]
        for j in 1..<parts {
            guard let b = Self.likelyFeatureStart(in: p, after: first + length / parts * j), b > guesses[guesses.count - 1], b < u.close else { continue }
            guesses.append(b)
        }
        guesses.append(u.close)
        let bounds = guesses
        let count = bounds.count - 1
        let shared = Shared(mapped: mapped, starts: [], declaredCRS: declaredCRS, checkRightHandRule: checkRightHandRule)
        let runs = (0..<count).map { FeatureRun(capacity: max(16, (bounds[$0 + 1] - bounds[$0]) / 256)) }
        // Each part on whichever thread is free, one part at a time: whether it joined.
        let joined = OrderedChunks.map(count: count, chunk: 1, workers: workers) { k -> Bool in
            defer { shared.mapped.release(bounds[k]..<bounds[k + 1]) }
            let last = k == count - 1
            let reader = GeoJSONReader(part: shared, from: bounds[k], to: last ? nil : bounds[k + 1])
            do {
                while let f = try reader.next() { runs[k].append(consume f) }
            } catch {
                return false
            }
            reader.scanner.skipSpace()
            // A true boundary: the next part's start is where this part's last feature and
            // its comma end (the last part: just past the `]`).
            return reader.scanner.i == (last ? u.close + 1 : bounds[k + 1])
        }
        guard !joined.contains(false) else { return nil }
        var starts = [0]
        for r in runs { starts.append(starts[starts.count - 1] + r.count) }
        let offsets = starts
        // Each part's features moved into their place in the one array, renumbered in the
        // collection (a part numbers its own from 1).
        return [Feature](unsafeUninitializedCapacity: offsets[count]) { buffer, initialized in
            let slots = DisjointSlots(buffer)
            DispatchQueue.concurrentPerform(iterations: count) { k in
                if runs[k].count > 0 { runs[k].move(to: slots.at(offsets[k]), renumberedFrom: offsets[k]) }
            }
            initialized = offsets[count]
        }
    }

    /// Reads every remaining feature, parsing parts of a large collection on several
    /// threads (each part by its own scanner over the same mapped file); features come back
    /// in file order. Falls back to reading one by one for small or single-feature files.
    public func readAllInParallel(workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [Feature] {
        lastReadGuessed = false
        if let u = unscanned, case .collection = mode, index == 0, workers > 1 {
            let resume = scanner.i
            if let all = readGuessedParts(u, workers: workers) {
                unscanned = nil
                mode = .done
                lastReadGuessed = true
                return all
            }
            scanner.i = resume
        }
        try scanUnscanned()
        guard case .collection = mode, index == 0, featureStarts.count >= 4_000, workers > 1 else { return try readAll() }
        // Many more parts than threads: the last part read is short, so neither thread waits
        // long for the other at the end (with four per thread, about a tenth of a second at a
        // million parcels).
        let parts = workers * 16
        let per = (featureStarts.count + parts - 1) / parts
        let ranges = stride(from: 0, to: featureStarts.count, by: per).map { $0..<min($0 + per, featureStarts.count) }
        let shared = Shared(mapped: mapped, starts: featureStarts, declaredCRS: declaredCRS, checkRightHandRule: checkRightHandRule)
        let n = featureStarts.count
        var errors: [Error?] = []
        // Each part's features go straight into their slots of the final array (no part
        // arrays concatenated and copied, a million features at a time).
        let all = [Feature](unsafeUninitializedCapacity: n) { buffer, initialized in
            let slots = DisjointSlots(buffer) // each part only its own slots
            // Each part on whichever thread is free, one part at a time: its error, if any.
            errors = OrderedChunks.map(count: ranges.count, chunk: 1, workers: workers) { k -> Error? in
                let range = ranges[k]
                let reader = GeoJSONReader(part: shared, range: range)
                var filled = 0
                // A part that failed leaves placeholders (the error is thrown below).
                defer { for j in filled..<range.count { slots.at(range.lowerBound + j).initialize(to: Feature(index: range.lowerBound + j + 1, geometry: nil)) } }
                do {
                    while filled < range.count, let f = try reader.next() {
                        slots.at(range.lowerBound + filled).initialize(to: consume f)
                        filled += 1
                    }
                } catch {
                    return error
                }
                // The part's bytes are parsed into features: let their pages go, so a big
                // file does not stay resident next to what was read from it.
                let end = range.upperBound < shared.starts.count ? shared.starts[range.upperBound] : shared.mapped.count
                shared.mapped.release(shared.starts[range.lowerBound]..<end)
                return nil
            }
            initialized = n
        }
        mode = .done
        if let error = errors.lazy.compactMap({ $0 }).first { throw error } // the first part's error, in file order
        return all
    }
}

/// The features one part read, in a buffer of its own: moved, not copied, into the
/// collection's array (a million features copied would retain and release every field).
private final class FeatureRun: @unchecked Sendable {
    private var base: UnsafeMutablePointer<Feature>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    func append(_ f: consuming Feature) { // moved in, not copied
        if count == capacity {
            let bigger = UnsafeMutablePointer<Feature>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: f)
        count += 1
    }

    /// Moves every feature to `target`, adding `offset` to its number; leaves the run empty.
    func move(to target: UnsafeMutablePointer<Feature>, renumberedFrom offset: Int) {
        for k in 0..<count { base[k].index += offset }
        target.moveInitialize(from: base, count: count)
        count = 0
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
