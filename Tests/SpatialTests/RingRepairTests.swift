import Foundation
import Spatial
import Testing

/// The ring repairs made as a layer is read (issue 15: repair instead of refusing), on
/// hand-made shapes whose outcome can be worked out on paper. Distances are plain planar
/// metres here; the ellipsoidal measure is tested with the loader (LandControlTests).
@Suite("ring repair")
struct RingRepairTests {
    static func planar(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Double {
        ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
    }

    /// A polygon from rings of (x, y); heights when `z` is given (one per position).
    static func polygon(_ rings: [[(Double, Double)]], z: [[Double]]? = nil) -> FlatGeometry {
        var b = FlatGeometryBuilder()
        b.node(.polygon, count: rings.count)
        for (r, ring) in rings.enumerated() {
            for (i, p) in ring.enumerated() { b.point(p.0, p.1, z?[r][i] ?? .nan) }
            b.endSequence()
        }
        return b.finish()
    }

    static func multiPolygon(_ polygons: [[[(Double, Double)]]]) -> FlatGeometry {
        var b = FlatGeometryBuilder()
        b.node(.multiPolygon, count: polygons.count)
        for rings in polygons {
            b.node(.polygon, count: rings.count)
            for ring in rings {
                for p in ring { b.point(p.0, p.1) }
                b.endSequence()
            }
        }
        return b.finish()
    }

    static func repair(_ g: FlatGeometry, tolerance: Double = 0.01) throws -> RingRepair.Result? {
        try RingRepair.repair(g, closeToleranceMetres: tolerance, toleranceName: "repair.close_ring_tolerance_m", gap: planar)
    }

    static func square(_ x: Double, _ y: Double, _ side: Double) -> [(Double, Double)] {
        [(x, y), (x + side, y), (x + side, y + side), (x, y + side), (x, y)]
    }

    @Test("the issue's zone: 52 positions, two holes of 3 positions — both holes dropped, the zone kept whole")
    func collapsedHoles() throws {
        // A regular 51-gon of radius 1000 m, closed (52 positions): area (n/2) r² sin(2π/n).
        let n = 51
        let shell = (0...n).map { k in (1000 * cos(2 * Double.pi * Double(k % n) / Double(n)), 1000 * sin(2 * Double.pi * Double(k % n) / Double(n))) }
        let g = Self.polygon([shell, [(10, 10), (20, 20), (10, 10)], [(-300, 0), (-250, 40), (-300, 0)]])
        #expect(g.pointCount == 58)
        let r = try #require(try Self.repair(g))
        #expect(r.repairs == ["hole 1 at (10, 10) dropped: it has 3 positions (2 corners), no area",
                              "hole 2 at (-300, 0) dropped: it has 3 positions (2 corners), no area"])
        #expect(r.geometry.nodes == [.init(kind: .polygon, count: 1)])
        #expect(r.geometry.pointCount == 52)
        let expected = Double(n) / 2 * 1000 * 1000 * sin(2 * Double.pi / Double(n))
        #expect(abs(r.geometry.planarArea - expected) < 1e-6 * expected)
    }

    @Test("consecutive duplicates count once: a 4-position hole with 2 corners is dropped; a clean ring with duplicates stays as read")
    func duplicates() throws {
        let hole = [(10.0, 10.0), (20.0, 20.0), (20.0, 20.0), (10.0, 10.0)]
        let r = try #require(try Self.repair(Self.polygon([Self.square(0, 0, 100), hole])))
        #expect(r.repairs == ["hole 1 at (10, 10) dropped: it has 4 positions (2 corners), no area"])
        #expect(r.geometry.planarArea == 10_000)
        // Duplicates in a ring that needs nothing else: no repair, the geometry as read.
        let doubled = Self.polygon([[(0, 0), (0, 0), (100, 0), (100, 100), (100, 100), (0, 100), (0, 0)]])
        #expect(try Self.repair(doubled) == nil)
        // A repaired geometry loses its duplicates, in every ring.
        let both = Self.polygon([[(0, 0), (0, 0), (100, 0), (100, 100), (0, 100), (0, 0)], hole])
        let cleaned = try #require(try Self.repair(both))
        #expect(cleaned.geometry.xy == [0, 0, 100, 0, 100, 100, 0, 100, 0, 0])
    }

    @Test("a hole whose corners lie on one line has no area and is dropped; a thin hole that has area is kept")
    func collinearHole() throws {
        let line = [(10.0, 10.0), (20.0, 20.0), (40.0, 40.0), (30.0, 30.0), (10.0, 10.0)]
        let r = try #require(try Self.repair(Self.polygon([Self.square(0, 0, 100), line])))
        #expect(r.repairs == ["hole 1 at (10, 10) dropped: it has its 4 corners on one line, no area"])
        // 1 mm off the line: 30 m × 1 mm / 2 = 0.015 m² of hole, kept as drawn.
        let thin = [(10.0, 10.0), (40.0, 40.0), (25.0, 25.001), (10.0, 10.0)]
        #expect(try Self.repair(Self.polygon([Self.square(0, 0, 100), thin])) == nil)
        // A bow-tie hole encloses no net area (its lobes cancel) but is not on one line:
        // left to GEOS (invalid, repaired by makeValid), not dropped here.
        let bowtie = [(10.0, 10.0), (30.0, 30.0), (30.0, 10.0), (10.0, 30.0), (10.0, 10.0)]
        #expect(try Self.repair(Self.polygon([Self.square(0, 0, 100), bowtie])) == nil)
    }

    @Test("an open ring is closed when its ends are within the tolerance (≤), an error beyond it")
    func closing() throws {
        // Ends 6 mm apart (3-4-5 triangle in millimetres): closed by repeating the first position.
        let open = [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0), (0.0036, 0.0048)]
        let r = try #require(try Self.repair(Self.polygon([open])))
        #expect(r.repairs == ["outer ring at (0, 0) closed: its ends were 0.006 m apart"])
        #expect(r.geometry.xy == [0, 0, 100, 0, 100, 100, 0, 100, 0.0036, 0.0048, 0, 0])
        // The shoelace of the closed ring: 10000 less the sliver (0,100)-(0.0036,0.0048)-(0,0).
        #expect(abs(r.geometry.planarArea - (10_000 - 0.0036 * 100 / 2)) < 1e-9)
        // Exactly at the tolerance: closed.
        let atTolerance = [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0), (0.0, 0.01)]
        #expect(try Self.repair(Self.polygon([atTolerance]))?.repairs.first?.contains("closed: its ends were 0.01 m apart") == true)
        // A hole is closed the same way and named.
        let openHole = [(10.0, 10.0), (20.0, 10.0), (20.0, 20.0), (10.0, 20.0), (10.003, 10.004)]
        let h = try #require(try Self.repair(Self.polygon([Self.square(0, 0, 100), openHole])))
        #expect(h.repairs == ["hole 1 at (10, 10) closed: its ends were 0.005 m apart"])
        // The hole is the 10 m square less the triangle (10,20)-(10.003,10.004)-(10,10),
        // 10 × 0.003 / 2 = 0.015 m², that its closing edges cut off.
        #expect(abs(h.geometry.planarArea - (10_000 - (100 - 0.015))) < 1e-9)
        // 2 cm: refused, naming the ring, the gap, the setting and both ends.
        #expect(throws: SpatialError.invalidStructure("outer ring is not closed: its ends are 0.02 m apart, more than repair.close_ring_tolerance_m (0.01 m); first position (0, 0), last (0, 0.02)")) {
            try Self.repair(Self.polygon([[(0, 0), (100, 0), (100, 100), (0, 100), (0, 0.02)]]))
        }
        // A wider tolerance closes it.
        #expect(try Self.repair(Self.polygon([[(0, 0), (100, 0), (100, 100), (0, 100), (0, 0.02)]]), tolerance: 0.05) != nil)
        // Tolerance 0 closes nothing that is open.
        #expect(throws: SpatialError.self) { try Self.repair(Self.polygon([atTolerance]), tolerance: 0) }
    }

    @Test("an outer ring without area: an error for a polygon, dropped from a multi-polygon that keeps another part")
    func deadShells() throws {
        #expect(throws: SpatialError.invalidStructure("outer ring at (0, 0) has 3 positions (2 corners), no area; a polygon needs at least 3 corners and its first position repeated at the end")) {
            try Self.repair(Self.polygon([[(0, 0), (10, 0), (0, 0)]]))
        }
        // Three distinct corners are enough (a triangle), even written without duplicates removed.
        #expect(try Self.repair(Self.polygon([[(0, 0), (10, 0), (10, 0), (0, 10), (0, 0)]])) == nil)
        // Two positions and the first repeated: 2 corners even though 4 positions.
        #expect(throws: SpatialError.self) { try Self.repair(Self.polygon([[(0, 0), (10, 0), (10, 0), (0, 0)]])) }
        let multi = Self.multiPolygon([[[(0, 0), (10, 0), (0, 0)]], [Self.square(100, 100, 10), [(102, 102), (104, 104), (102, 102)]]])
        let r = try #require(try Self.repair(multi))
        #expect(r.repairs == ["polygon 1 at (0, 0) dropped: its outer ring has 3 positions (2 corners), no area",
                              "hole 1 of polygon 2 at (102, 102) dropped: it has 3 positions (2 corners), no area"])
        #expect(r.geometry.nodes == [.init(kind: .multiPolygon, count: 1), .init(kind: .polygon, count: 1)])
        #expect(r.geometry.planarArea == 100)
        // Every part dead: nothing is left, an error naming the first.
        #expect(throws: SpatialError.invalidStructure("outer ring of polygon 1 at (0, 0) has 3 positions (2 corners), no area; a polygon needs at least 3 corners and its first position repeated at the end")) {
            try Self.repair(Self.multiPolygon([[[(0, 0), (10, 0), (0, 0)]], [[(5, 5), (5, 5)]]]))
        }
    }

    @Test("clean geometries are left alone; points, lines and empty polygons pass through a repair unchanged")
    func untouched() throws {
        #expect(try Self.repair(Self.polygon([Self.square(0, 0, 10), [(2, 2), (4, 2), (4, 4), (2, 2)]])) == nil)
        #expect(try Self.repair(FlatGeometry(nodes: [.init(kind: .polygon, count: 0)])) == nil)
        // A hole without any position (GeoJSON `[]`): dropped, nowhere to name.
        var e = FlatGeometryBuilder()
        e.node(.polygon, count: 2)
        for p in Self.square(0, 0, 10) { e.point(p.0, p.1) }
        e.endSequence()
        e.endSequence()
        let emptyHole = try #require(try Self.repair(e.finish()))
        #expect(emptyHole.repairs == ["hole 1 dropped: it has no positions, no area"])
        #expect(emptyHole.geometry.sequenceEnds == [5])
        // A collection: the point and the line keep their positions, the dead hole goes.
        var b = FlatGeometryBuilder()
        b.node(.geometryCollection, count: 3)
        b.node(.point, count: 1); b.point(7, 7); b.endSequence()
        b.node(.lineString, count: 1); b.point(0, 0); b.point(1, 1); b.endSequence()
        b.node(.polygon, count: 2)
        for p in Self.square(0, 0, 10) { b.point(p.0, p.1) }
        b.endSequence()
        for p in [(1.0, 1.0), (2.0, 2.0), (1.0, 1.0)] { b.point(p.0, p.1) }
        b.endSequence()
        let r = try #require(try Self.repair(b.finish()))
        #expect(r.repairs == ["hole 1 of polygon 1 at (1, 1) dropped: it has 3 positions (2 corners), no area"])
        #expect(r.geometry.nodes.map(\.kind) == [.geometryCollection, .point, .lineString, .polygon])
        #expect(r.geometry.nodes[3].count == 1)
        #expect(Array(r.geometry.xy.prefix(6)) == [7, 7, 0, 0, 1, 1])
    }

    @Test("heights: ends equal in x and y but not in height are closed with the first height; heights survive a repair")
    func heights() throws {
        let ring = Self.square(0, 0, 10)
        let g = Self.polygon([ring], z: [[5, 6, 7, 8, 9]])
        let r = try #require(try Self.repair(g))
        #expect(r.repairs == ["outer ring at (0, 0) closed: its ends differed only in height"])
        #expect(r.geometry.z == [5, 6, 7, 8, 5])
        let withHole = Self.polygon([ring, [(1, 1), (2, 2), (1, 1)]], z: [[5, 6, 7, 8, 5], [1, 1, 1]])
        #expect(try #require(try Self.repair(withHole)).geometry.z == [5, 6, 7, 8, 5])
    }
}
