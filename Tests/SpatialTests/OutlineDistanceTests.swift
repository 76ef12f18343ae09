import Spatial
import Testing

@Suite("distance to a geometry's outline")
struct OutlineDistanceTests {
    @Test("by hand: a 100 × 60 rectangle with a 10 × 10 hole; a line; nothing")
    func byHand() throws {
        let g = try WKTParser.parse("POLYGON ((0 0, 100 0, 100 60, 0 60, 0 0), (40 20, 50 20, 50 30, 40 30, 40 20))")
        #expect(g.distanceToOutline(x: 80, y: 30) == 20)            // the right edge and the hole's side, 20 and 30 away
        #expect(g.distanceToOutline(x: 45, y: 25) == 5)             // inside the hole
        #expect(g.distanceToOutline(x: 55, y: 35) == 50.0.squareRoot()) // the hole's corner (50, 30)
        #expect(g.distanceToOutline(x: 130, y: 100) == 50)          // outside: to the corner (100, 60)
        let line = try WKTParser.parse("LINESTRING (0 0, 3 4)")
        #expect(abs(line.distanceToOutline(x: 4, y: -3) - 5) < 1e-12) // perpendicular foot at the start
        #expect(try WKTParser.parse("POLYGON EMPTY").distanceToOutline(x: 0, y: 0) == .infinity)
    }
}
