import Foundation
import Spatial
import Testing

@Suite("Chunks encoded in parallel, written in order")
struct OrderedChunksTests {
    final class Sink: @unchecked Sendable {
        var written: [Int] = []
        var chunks = 0
    }

    struct Failure: Error {}

    @Test("10,000 items in chunks of 97 on 4 threads come out in input order, each once")
    func inOrder() throws {
        let sink = Sink()
        try OrderedChunks.run(count: 10_000, chunk: 97, workers: 4, makeState: { [Int]() }, encode: { range, buffer in
            buffer = Array(range.map { $0 * 3 })
            if range.lowerBound % 3 == 0 { usleep(50) } // some chunks slower than others
        }, write: { _, buffer in
            sink.written += buffer.map { $0 / 3 }
            sink.chunks += 1
        })
        #expect(sink.written == Array(0..<10_000))
        #expect(sink.chunks == (10_000 + 96) / 97)
    }

    @Test("an error in one chunk, in a write or in a thread's setup is thrown once every thread has stopped")
    func errors() {
        #expect(throws: Failure.self) {
            try OrderedChunks.run(count: 5_000, chunk: 50, workers: 3, makeState: { 0 }, encode: { range, _ in
                if range.lowerBound == 1_700 { throw Failure() }
            }, write: { _, _ in })
        }
        #expect(throws: Failure.self) {
            try OrderedChunks.run(count: 5_000, chunk: 50, workers: 3, makeState: { 0 }, encode: { _, _ in }, write: { range, _ in
                if range.lowerBound == 2_500 { throw Failure() }
            })
        }
        #expect(throws: Failure.self) {
            try OrderedChunks.run(count: 5_000, chunk: 50, workers: 2, makeState: { () throws -> Int in throw Failure() },
                                  encode: { _, _ in }, write: { _, _ in })
        }
        // Nothing to do: no thread, no call.
        #expect(throws: Never.self) {
            try OrderedChunks.run(count: 0, makeState: { 0 }, encode: { _, _ in Issue.record("called") }, write: { _, _ in Issue.record("called") })
        }
    }

    /// A result that counts how many of its kind are alive, to show that `map` keeps each
    /// one exactly once, and takes apart all it made when a chunk fails.
    final class Counted: @unchecked Sendable {
        static let lock = NSLock()
        nonisolated(unsafe) static var alive = 0
        let value: Int
        init(_ value: Int) {
            self.value = value
            Self.lock.lock(); Self.alive += 1; Self.lock.unlock()
        }
        deinit { Self.lock.lock(); Self.alive -= 1; Self.lock.unlock() }
    }

    @Test("map: 10,000 results built in place on 3 threads, in input order, each once; a failing chunk leaves nothing alive")
    func map() throws {
        do {
            let out = try OrderedChunks.map(count: 10_000, chunk: 97, workers: 3, makeState: { 0 }, transform: { k, made -> Counted in
                made += 1
                if k % 1_000 == 0 { usleep(50) } // some chunks slower than others
                return Counted(k * 3)
            })
            #expect(out.map(\.value) == (0..<10_000).map { $0 * 3 })
            #expect(Counted.alive == 10_000)
        }
        #expect(Counted.alive == 0)
        #expect(throws: Failure.self) {
            _ = try OrderedChunks.map(count: 5_000, chunk: 50, workers: 3, makeState: { 0 }, transform: { k, _ -> Counted in
                if k == 2_525 { throw Failure() } // halfway through a chunk
                return Counted(k)
            })
        }
        #expect(Counted.alive == 0)
        #expect(try OrderedChunks.map(count: 0, makeState: { 0 }, transform: { k, _ in k }).isEmpty)
    }
}
