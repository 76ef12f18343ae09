import Spatial
import Testing

@Suite("Envelope self-join")
struct EnvelopeJoinTests {
    /// Every pair that meets, by comparing all pairs.
    func bruteForce(_ boxes: [Envelope?]) -> [[Int]] {
        var out: [[Int]] = []
        for i in boxes.indices {
            for j in (i + 1)..<boxes.count {
                guard let a = boxes[i], let b = boxes[j] else { continue }
                if a.minX <= b.maxX, b.minX <= a.maxX, a.minY <= b.maxY, b.minY <= a.maxY { out.append([i, j]) }
            }
        }
        return out
    }

    @Test("the grid finds exactly the pairs that meet, once each: touching edges and corners, points, giants, gaps")
    func matchesBruteForce() {
        var seed: UInt64 = 42
        func random() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        var boxes: [Envelope?] = []
        for i in 0..<3000 {
            if i % 97 == 0 { boxes.append(nil); continue }
            let x = (random() * 2000).rounded(), y = (random() * 2000).rounded()
            let kind = i % 50
            let (w, h): (Double, Double) = kind == 0 ? (random() * 1500, random() * 800) // a giant
                : kind == 1 ? (0, 0)                                                       // a point
                : ((random() * 40).rounded(), (random() * 40).rounded())                  // integers: edges touch exactly
            boxes.append(Envelope(minX: x, minY: y, maxX: x + w, maxY: y + h))
        }
        // Two that share only a corner, two that share only an edge.
        boxes += [Envelope(minX: 5000, minY: 5000, maxX: 5010, maxY: 5010), Envelope(minX: 5010, minY: 5010, maxX: 5020, maxY: 5020),
                  Envelope(minX: 6000, minY: 6000, maxX: 6010, maxY: 6010), Envelope(minX: 6010, minY: 6000, maxX: 6020, maxY: 6010)]
        let found = EnvelopeJoin.pairs(boxes).map { [$0.0, $0.1] }
        let expected = bruteForce(boxes)
        #expect(found.count == expected.count)
        #expect(found == expected)
        #expect(found.contains([3000, 3001]) && found.contains([3002, 3003]))
    }

    @Test("a fifth of the envelopes 10–300 times larger than the rest (real parcel layers): still exactly the pairs that meet")
    func mixedSizes() {
        var seed: UInt64 = 7
        func random() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        var boxes: [Envelope?] = []
        for i in 0..<2_500 {
            let x = random() * 10_000, y = random() * 10_000
            let s = i % 5 == 0 ? 100 * (10 + random() * 290) / 10 : 20 + random() * 80   // large: 100 m … 3 km
            let w = i % 5 == 0 ? s * 10 : s
            boxes.append(Envelope(minX: x, minY: y, maxX: x + w, maxY: y + s * (0.5 + random())))
        }
        let found = EnvelopeJoin.pairs(boxes).map { [$0.0, $0.1] }
        let expected = bruteForce(boxes)
        #expect(found.count == expected.count && found == expected)
        #expect(expected.count > 2_500)
    }

    @Test("no pairs from fewer than two envelopes or from envelopes apart")
    func trivial() {
        #expect(EnvelopeJoin.pairs([]).isEmpty)
        #expect(EnvelopeJoin.pairs([nil, Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)]).isEmpty)
        #expect(EnvelopeJoin.pairs([Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1), Envelope(minX: 1.5, minY: 0, maxX: 2, maxY: 1)]).isEmpty)
        // Identical points meet.
        let p = Envelope(minX: 3, minY: 3, maxX: 3, maxY: 3)
        #expect(EnvelopeJoin.pairs([p, p, p]).map { [$0.0, $0.1] } == [[0, 1], [0, 2], [1, 2]])
    }
}
