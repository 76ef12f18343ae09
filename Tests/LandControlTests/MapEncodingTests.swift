import Foundation
@testable import LandControl
import Spatial
import Testing
import TestSupport

/// The report map's simplification (``ArcSimplifier``) against GEOS's own
/// TopologyPreservingSimplifier, which the map used before: the same points, level for level.
@Suite("report map simplification")
struct MapEncodingTests {
    @Test("the demo's report map (zones, parcels, conflicts at every level) is the same text as with GEOS's TopologyPreservingSimplifier, and its coarser levels do drop points")
    func demoMapAsGEOS() throws {
        var options = ClassifyOptions(zonesPath: Repository.shapes("zones.geojson"), parcelsPath: Repository.shapes("parcels.geojson"))
        options.idField = "parcel_id"
        let result = try Classifier.run(options)
        let document = try CommandDocuments.classify(result, summary: "")
        let ours = try MapEncoding.json(layers: document.layers, crs: document.mapCRS)
        let geos = try MapEncoding.json(layers: document.layers, crs: document.mapCRS, geosReference: GeometryEngine())
        #expect(ours == geos)
        // Not a vacuous comparison: the zones' coarsest level is kept and differs from the finest.
        let map = try #require(try JSONSerialization.jsonObject(with: Data(ours.utf8)) as? [String: Any])
        let layers = try #require(map["layers"] as? [[String: Any]])
        let zones = try #require(layers.first { $0["key"] as? String == "zones" })
        let levels = try #require(zones["arcs"] as? [Any])
        #expect(levels.count == 4)
        let coarsest = try #require(levels.first as? String), finest = try #require(levels.last as? String)
        #expect(coarsest.count < finest.count * 9 / 10, "coarsest \(coarsest.count) vs finest \(finest.count) base64 characters")
    }

    /// A deterministic generator (64-bit LCG), so that a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 33) % UInt64(n))
        }
    }

    static func pack(_ x: Int64, _ y: Int64) -> Int64 { x << 32 | y }

    /// Jagged arcs crowded on a small grid, so that flattening often would cross a neighbour
    /// or the arc itself: open wiggles, closed rings, arcs running along each other
    /// (collinear overlaps) and meeting at end points.
    static func crowdedArcs(seed: UInt64, count: Int) -> [[Int64]] {
        var g = Generator(state: seed)
        var arcs: [[Int64]] = []
        for k in 0..<count {
            var arc: [Int64] = []
            var x = g.next(400), y = g.next(400)
            let length = 3 + Int(g.next(40))
            for _ in 0..<length {
                let p = pack(x, y)
                if arc.last != p { arc.append(p) }
                switch k % 4 {
                case 0: x += g.next(21) - 10; y += g.next(21) - 10 // a random walk
                case 1: x += 6; y += g.next(9) - 4 // a wiggle eastwards
                case 2: x += g.next(3) == 0 ? 0 : 5 // runs along the x axis: collinear with its neighbours
                default: y += g.next(15) - 3; x += g.next(5) - 2
                }
                x = min(max(x, 0), 500); y = min(max(y, 0), 500)
            }
            // (never the same point twice in a row: the map's arcs have no such repeats)
            if k % 5 == 4, let first = arc.first, arc.count >= 3, arc.last != first { arc.append(first) } // closed
            if k % 7 == 6, let prior = arcs.last?.last, arc.count >= 2, arc[1] != prior { arc[0] = prior } // meets the previous arc's end
            if arc.count >= 2 { arcs.append(arc) }
        }
        return arcs
    }

    @Test("crowded random arcs (random walks, wiggles, collinear runs, closed rings, arcs meeting end to end): the same points as GEOS at tolerances 0.5 to 64", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func crowdedArcsAsGEOS(seed: UInt64) throws {
        let arcs = Self.crowdedArcs(seed: seed, count: 300)
        let engine = GeometryEngine()
        var dropped = 0
        for tolerance in [0.5, 2, 4, 9.5, 16, 64] {
            let ours = ArcSimplifier.simplify(arcs, tolerance: tolerance)
            let geos = try MapEncoding.simplify(arcs, tolerance: tolerance, engine: engine)
            #expect(ours == geos, "seed \(seed), tolerance \(tolerance): \(zip(ours, geos).enumerated().first { $1.0 != $1.1 }.map { "arc \($0): \($1.0) vs \($1.1)" } ?? "counts")")
            dropped += arcs.map(\.count).reduce(0, +) - ours.map(\.count).reduce(0, +)
        }
        #expect(dropped > 0)
    }

    @Test("hand-made: a bend within tolerance is flattened; the same bend with another arc across the straight line is kept; a square ring and a triangle keep their corners")
    func handMade() {
        let p = Self.pack
        let bend = [p(0, 10), p(50, 20), p(100, 10)]
        #expect(ArcSimplifier.simplify([bend], tolerance: 20) == [[p(0, 10), p(100, 10)]])
        #expect(ArcSimplifier.simplify([bend], tolerance: 9.9) == [bend]) // the bend is 10 units off the chord
        // A post from (50, 5) to (50, 15) would cross the chord at (50, 10).
        let post = [p(50, 5), p(50, 15)]
        #expect(ArcSimplifier.simplify([bend, post], tolerance: 20) == [bend, post])
        // Touching the chord at one of its end points is no crossing.
        let spur = [p(100, 10), p(120, 10)]
        #expect(ArcSimplifier.simplify([bend, spur], tolerance: 20) == [[p(0, 10), p(100, 10)], spur])
        // Closed lines keep four points at least, whatever the tolerance.
        let square = [p(0, 0), p(10, 0), p(10, 10), p(0, 10), p(0, 0)]
        let triangle = [p(0, 0), p(10, 0), p(5, 1), p(0, 0)]
        #expect(ArcSimplifier.simplify([square, triangle], tolerance: 1000) == [square, triangle])
    }

    @Test("JSON strings for the page: plain ids and labels taken whole; quotes, backslashes, <, >, &, controls and U+2028/9 escaped; every one reads back as itself")
    func jsonStrings() throws {
        let plain = ["P0000001", "工业集聚区 (cluster)", "15.2 亩 · 红线占比 3.0%", "a\u{85}b", ""]
        for s in plain { #expect(MapEncoding.jsonString(s) == "\"" + s + "\"") }
        let special = ["say \"hi\"", "back\\slash", "</script><script>", "a & b", "two\nlines\ttab\r", "bell\u{7}", "del\u{7F}", "line\u{2028}para\u{2029}", "中<文>"]
        for s in plain + special {
            let json = MapEncoding.jsonString(s)
            #expect(!json.contains("<") && !json.contains(">") && !json.contains("&") && !json.contains("\u{2028}") && !json.contains("\u{2029}"), "\(json)")
            let back = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
            #expect(back == s, "\(json)")
        }
    }
}
