import Foundation
import Spatial
import Testing

@Suite("Area inside a convex polygon by clipping")
struct ConvexClipAreaTests {
    let engine = GeometryEngine()

    @Test("hand cases: inside, across an edge, around a hole, touching, a concave piece leaving and re-entering")
    func handCases() throws {
        var clipper = ConvexClipArea()
        #expect(clipper.setClip(try WKTParser.parse("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")))
        func area(_ wkt: String) throws -> Double { clipper.area(of: try WKTParser.parse(wkt)) }
        #expect(abs(try area("POLYGON ((-5 -5, 15 -5, 15 15, -5 15, -5 -5))") - 100) < 1e-9)          // covers
        #expect(abs(try area("POLYGON ((5 -5, 15 -5, 15 15, 5 15, 5 -5))") - 50) < 1e-9)              // half
        #expect(abs(try area("POLYGON ((-5 -5, 15 -5, 15 15, -5 15, -5 -5), (2 2, 4 2, 4 4, 2 4, 2 2))") - 96) < 1e-9) // hole
        #expect(abs(try area("POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))")) < 1e-12)                 // touches an edge
        #expect(abs(try area("POLYGON ((30 30, 40 30, 40 40, 30 30))")) < 1e-12)                      // apart
        // A U-shaped piece whose arms cross the square: two separate parts, 2 × (2 × 10).
        #expect(abs(try area("POLYGON ((1 -5, 3 -5, 3 20, 7 20, 7 -5, 9 -5, 9 25, 1 25, 1 -5))") - 40) < 1e-9)
        // Clockwise clip polygons are turned; non-convex, collinear or holed ones are refused.
        #expect(clipper.setClip(try WKTParser.parse("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))")))
        #expect(abs(try area("POLYGON ((5 -5, 15 -5, 15 15, 5 15, 5 -5))") - 50) < 1e-9)
        #expect(!clipper.setClip(try WKTParser.parse("POLYGON ((0 0, 10 0, 5 2, 10 10, 0 10, 0 0))")))
        #expect(!clipper.setClip(try WKTParser.parse("POLYGON ((0 0, 5 0, 10 0, 10 10, 0 10, 0 0))")))
        #expect(!clipper.setClip(try WKTParser.parse("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 2 1, 2 2, 1 1))")))
    }

    @Test("2,000 random convex parcels in random concave zones with holes: the area GEOS's intersection has")
    func againstGEOS() throws {
        var seed: UInt64 = 99
        func random() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        var clipper = ConvexClipArea()
        var checked = 0, partial = 0
        for k in 0..<2_000 {
            // A star-shaped zone with a hole, around (500100, 3300100), in metres.
            let n = 6 + k % 20
            let zoneRing = (0..<n).map { j -> String in
                let a = Double(j) / Double(n) * 2 * .pi, r = 60 + random() * 80
                return "\(500_100 + r * cos(a)) \(3_300_100 + r * sin(a))"
            }
            let hole = "500090 3300090, 500090 3300110, 500110 3300110, 500110 3300090, 500090 3300090"
            let zone = try WKTParser.parse("POLYGON ((\(zoneRing.joined(separator: ", ")), \(zoneRing[0])), (\(hole)))")
            // A convex quadrilateral parcel somewhere near it.
            let cx = 500_000 + random() * 200, cy = 3_300_000 + random() * 200, s = 10 + random() * 60
            let corners = [(cx - s, cy - s * 0.8), (cx + s * 0.9, cy - s), (cx + s, cy + s * 0.7), (cx - s * 0.8, cy + s)]
            let parcel = try WKTParser.parse("POLYGON ((" + (corners + [corners[0]]).map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "))")
            guard clipper.setClip(parcel) else { continue }
            let expected = try engine.geometry(from: zone).intersection(engine.geometry(from: parcel)).area()
            let found = clipper.area(of: zone)
            #expect(abs(found - expected) <= 1e-7 * max(1, expected), "case \(k): \(found) vs GEOS \(expected)")
            checked += 1
            if expected > 0, expected < parcel.planarArea - 1e-6 { partial += 1 }
        }
        #expect(checked == 2_000 && partial > 300)
    }

    @Test("the clipped part as a polygon: given only when it is one simple ring, then the same region GEOS's intersection is")
    func clippedPolygons() throws {
        var clipper = ConvexClipArea()
        #expect(clipper.setClip(try WKTParser.parse("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")))
        // Crossing once: a polygon.
        let once = try #require(clipper.clippedPolygon(of: try WKTParser.parse("POLYGON ((5 -5, 15 -5, 15 15, 5 15, 5 -5))")))
        #expect(abs(once.planarArea - 50) < 1e-9 && once.isCertainlySimplePolygon)
        // Two arms through the square: two parts joined by a bridge along an edge → none.
        #expect(clipper.clippedPolygon(of: try WKTParser.parse("POLYGON ((1 -5, 3 -5, 3 20, 7 20, 7 -5, 9 -5, 9 25, 1 25, 1 -5))")) == nil)
        // Holes are left to GEOS.
        #expect(clipper.clippedPolygon(of: try WKTParser.parse("POLYGON ((-5 -5, 15 -5, 15 15, -5 15, -5 -5), (2 2, 4 2, 4 4, 2 4, 2 2))")) == nil)

        var seed: UInt64 = 5
        func random() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        var given = 0, refused = 0
        for k in 0..<2_000 {
            let n = 5 + k % 25
            let ring = (0..<n).map { j -> String in
                let a = Double(j) / Double(n) * 2 * .pi, r = 30 + random() * 90
                return "\(500_100 + r * cos(a)) \(3_300_100 + r * sin(a))"
            }
            let zone = try WKTParser.parse("POLYGON ((\(ring.joined(separator: ", ")), \(ring[0])))")
            let cx = 500_000 + random() * 200, cy = 3_300_000 + random() * 200, s = 10 + random() * 60
            let corners = [(cx - s, cy - s * 0.8), (cx + s * 0.9, cy - s), (cx + s, cy + s * 0.7), (cx - s * 0.8, cy + s)]
            let parcel = try WKTParser.parse("POLYGON ((" + (corners + [corners[0]]).map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "))")
            guard clipper.setClip(parcel) else { continue }
            let expected = try engine.geometry(from: zone).intersection(engine.geometry(from: parcel))
            guard let part = clipper.clippedPolygon(of: zone) else {
                refused += 1
                continue
            }
            given += 1
            let g = try engine.geometry(from: part)
            #expect(try g.isValid(), "case \(k)")
            #expect(abs(try g.area() - expected.area()) <= 1e-7 * max(1, try expected.area()), "case \(k)")
            #expect(try g.symmetricDifference(expected).area() <= 1e-6, "case \(k)")
        }
        #expect(given > 500 && refused > 0)
    }
}
