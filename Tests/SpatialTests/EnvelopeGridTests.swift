import Spatial
import TestSupport
import Testing

@Suite("Envelope grid: one layer's envelopes meeting another's")
struct EnvelopeGridTests {
    /// The envelopes of `layer` that meet `q`, by testing every one.
    func bruteForce(_ layer: [Envelope?], _ q: Envelope) -> [Int] {
        layer.indices.filter { k in
            guard let b = layer[k], !b.isEmpty, !q.isEmpty else { return false }
            return q.minX <= b.maxX && b.minX <= q.maxX && q.minY <= b.maxY && b.minY <= q.maxY
        }
    }

    @Test("every query gets exactly the brute-force envelopes, once each, ascending: touching edges, points, sheds 10–40 times larger, nils, queries beyond the grid and over all of it")
    func matchesBruteForce() {
        var rng = SeededGenerator(seed: 2026)
        func random() -> Double { Double.random(in: 0..<1, using: &rng) }
        // Buildings: integer boxes of 1–30 m (edges touch exactly), every 25th a shed 10–40
        // times larger, every 50th a point, every 97th missing.
        var buildings: [Envelope?] = []
        for i in 0..<4_000 {
            if i % 97 == 0 { buildings.append(nil); continue }
            let x = (random() * 3_000).rounded(), y = (random() * 3_000).rounded()
            let s: Double = i % 50 == 1 ? 0 : i % 25 == 0 ? (random() * 1_000).rounded() + 300 : (random() * 29).rounded() + 1
            buildings.append(Envelope(minX: x, minY: y, maxX: x + s, maxY: y + (s * (0.5 + random())).rounded()))
        }
        let grid = EnvelopeGrid(buildings)
        var queries: [Envelope] = []
        for _ in 0..<1_500 { // parcels of 20–80 m, some beyond the buildings' extent
            let x = (random() * 3_400).rounded() - 200, y = (random() * 3_400).rounded() - 200, s = (20 + random() * 60).rounded()
            queries.append(Envelope(minX: x, minY: y, maxX: x + s, maxY: y + s))
        }
        queries += [Envelope(minX: -1e6, minY: -1e6, maxX: 1e6, maxY: 1e6),         // over everything
                    Envelope(minX: 5_000, minY: 5_000, maxX: 5_100, maxY: 5_100),     // beyond everything
                    Envelope(minX: 100, minY: 100, maxX: 100, maxY: 100), .empty]     // a point; empty
        var total = 0
        for q in queries {
            let expected = bruteForce(buildings, q)
            #expect(grid.meeting(q) == expected, "\(q)")
            total += expected.count
        }
        #expect(total > 1_500) // the queries do meet buildings
        #expect(grid.meeting(queries[queries.count - 4]).count == buildings.compactMap { $0 }.count)
        #expect(grid.meeting(queries[queries.count - 3]).isEmpty && grid.meeting(.empty).isEmpty)
    }

    @Test("a sparse layer (two towns 100 km apart: far more cells than envelopes, listed by sorting, not counting) gets the brute-force envelopes too")
    func sparse() {
        var rng = SeededGenerator(seed: 17)
        var layer: [Envelope?] = []
        for i in 0..<2_000 {
            let town = i % 2 == 0 ? 0.0 : 100_000.0
            let x = town + Double.random(in: 0..<2_000, using: &rng).rounded(), y = town + Double.random(in: 0..<2_000, using: &rng).rounded()
            let s = Double.random(in: 1..<30, using: &rng).rounded()
            layer.append(Envelope(minX: x, minY: y, maxX: x + s, maxY: y + s))
        }
        let grid = EnvelopeGrid(layer)
        var total = 0
        for k in 0..<600 {
            let town = k % 2 == 0 ? 0.0 : 100_000.0
            let x = town + Double.random(in: -100..<2_100, using: &rng).rounded(), y = town + Double.random(in: -100..<2_100, using: &rng).rounded()
            let q = Envelope(minX: x, minY: y, maxX: x + 60, maxY: y + 60)
            let expected = bruteForce(layer, q)
            #expect(grid.meeting(q) == expected, "\(q)")
            total += expected.count
        }
        #expect(total > 300)
    }

    @Test("degenerate layers: none, one, all points at one place, all large")
    func degenerate() {
        #expect(EnvelopeGrid([]).meeting(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)).isEmpty)
        #expect(EnvelopeGrid([nil, Envelope(minX: 2, minY: 2, maxX: 3, maxY: 3)]).meeting(Envelope(minX: 3, minY: 3, maxX: 4, maxY: 4)) == [1])
        let points = [Envelope?](repeating: Envelope(minX: 7, minY: 7, maxX: 7, maxY: 7), count: 10)
        #expect(EnvelopeGrid(points).meeting(Envelope(minX: 6, minY: 6, maxX: 7, maxY: 7)) == Array(0..<10))
        // Two sizes far apart: the big ones go to their own grid, the small to the first.
        let mixed: [Envelope?] = (0..<100).map { k in
            let x = Double(k % 10) * 100, y = Double(k / 10) * 100
            return k % 2 == 0 ? Envelope(minX: x, minY: y, maxX: x + 1, maxY: y + 1) : Envelope(minX: x, minY: y, maxX: x + 250, maxY: y + 250)
        }
        let q = Envelope(minX: 150, minY: 150, maxX: 160, maxY: 160)
        #expect(EnvelopeGrid(mixed).meeting(q) == bruteForce(mixed, q))
        #expect(!EnvelopeGrid(mixed).meeting(q).isEmpty)
    }
}
