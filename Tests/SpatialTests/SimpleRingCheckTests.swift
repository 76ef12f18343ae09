import Foundation
import Spatial
import Testing

@Suite("Quick simple-ring proof")
struct SimpleRingCheckTests {
    let engine = GeometryEngine()

    func ring(_ points: [(Double, Double)]) throws -> FlatGeometry {
        try WKTParser.parse("POLYGON ((" + (points + [points[0]]).map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "))")
    }

    @Test("plain parcels are proven; bow-ties, spikes, touching vertices, collinear runs and holes are left to GEOS")
    func handCases() throws {
        #expect(try ring([(0, 0), (100, 0), (100, 80), (0, 80)]).isCertainlySimplePolygon)
        #expect(try ring([(500_000.1, 3_300_000.2), (500_090.7, 3_300_001.9), (500_093.3, 3_300_088.4), (500_002.2, 3_300_091.0)]).isCertainlySimplePolygon)
        #expect(try ring([(0, 0), (30, 0), (30, 10), (10, 10), (10, 30), (0, 30)]).isCertainlySimplePolygon) // concave L
        #expect(try !ring([(0, 0), (10, 10), (10, 0), (0, 10)]).isCertainlySimplePolygon)                     // bow-tie
        #expect(try !ring([(0, 0), (10, 0), (10, 10), (10, 20), (10, 5), (0, 10)]).isCertainlySimplePolygon)  // spike back along an edge
        #expect(try !ring([(0, 0), (10, 0), (5, 5), (10, 10), (0, 10), (5, 5)]).isCertainlySimplePolygon)     // vertex touches vertex
        #expect(try !ring([(0, 0), (10, 0), (10, 10), (5, 0), (0, 10)]).isCertainlySimplePolygon)              // vertex on an edge
        #expect(try !ring([(0, 0), (5, 0), (10, 0), (10, 10), (0, 10)]).isCertainlySimplePolygon)              // collinear: not proven (valid, GEOS decides)
        #expect(try ring([(0, 0), (0, 0), (10, 0), (10, 10), (0, 10)]).isCertainlySimplePolygon)               // a repeated point is ignored
        let holed = try WKTParser.parse("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 2))")
        #expect(!holed.isCertainlySimplePolygon)
        let multi = try WKTParser.parse("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))")
        #expect(!multi.isCertainlySimplePolygon)
    }

    @Test("on 20,000 random rings, every ring proven simple is valid for GEOS, and most valid ones are proven")
    func randomRings() throws {
        var seed: UInt64 = 2026
        func random() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        var proven = 0, validByGEOS = 0, invalid = 0
        for k in 0..<20_000 {
            let n = 4 + k % 9
            var points: [(Double, Double)] = []
            if k % 2 == 0 {
                // Star-shaped around a centre: valid unless vertices coincide or align.
                let angles = (0..<n).map { _ in random() * 2 * .pi }.sorted()
                points = angles.map { a in let r = 20 + random() * 80; return (400_000 + r * cos(a), 3_300_000 + r * sin(a)) }
            } else {
                // Anywhere on a small integer grid: many self-intersections, touches and collinear runs.
                points = (0..<n).map { _ in ((random() * 6).rounded(), (random() * 6).rounded()) }
            }
            guard let g = try? ring(points), let geometry = try? engine.geometry(from: g) else { continue }
            let valid = try geometry.isValid()
            if valid { validByGEOS += 1 } else { invalid += 1 }
            if g.isCertainlySimplePolygon {
                proven += 1
                #expect(valid, "proven simple but invalid: \(points)")
            }
        }
        #expect(invalid > 3_000)
        #expect(proven > validByGEOS * 8 / 10)
    }
}
