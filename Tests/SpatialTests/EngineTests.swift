import Foundation
import Spatial
import Testing

@Suite("Geometry engine")
struct EngineTests {
    let engine = GeometryEngine()

    func geometry(_ wkt: String) throws -> Geometry { try engine.geometry(wkt: wkt) }

    @Test("overlay areas on hand-computable squares")
    func overlay() throws {
        let a = try geometry("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        let b = try geometry("POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5))")
        #expect(try a.intersection(b).area() == 25)
        #expect(try a.difference(b).area() == 75)
        #expect(try a.union(b).area() == 175)
        #expect(try a.symmetricDifference(b).area() == 150)
        let overlapping = try geometry("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((5 5, 15 5, 15 15, 5 15, 5 5)))")
        #expect(try overlapping.area() == 200) // parts counted twice…
        #expect(try overlapping.unaryUnion().area() == 175) // …until unioned
        #expect(try a.clip(to: Envelope(minX: 2, minY: 2, maxX: 4, maxY: 20)).area() == 16)
        #expect(a.envelope == Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10))
        #expect(try a.envelopeGeometry().area() == 100)
        // Normalised forms compare equal whatever the start vertex and orientation.
        let rotated = try geometry("POLYGON ((10 10, 10 0, 0 0, 0 10, 10 10))")
        #expect(try !rotated.equalsExact(a, tolerance: 0))
        #expect(try rotated.normalized().equalsExact(a.normalized(), tolerance: 0))
    }

    @Test("buffer: a 10 m disc is π·100 within the polygonal approximation; a negative buffer shrinks")
    func buffer() throws {
        let disc = try geometry("POINT (0 0)").buffer(10, quadrantSegments: 64)
        #expect(abs(try disc.area() - Double.pi * 100) / (Double.pi * 100) < 1e-3)
        #expect(try geometry("POLYGON ((0 0, 30 0, 30 30, 0 30, 0 0))").buffer(-5).area() == 400)
        #expect(try geometry("POLYGON ((0 0, 8 0, 8 8, 0 8, 0 0))").buffer(-5).isEmpty)
    }

    @Test("validity: reason and location; makeValid (structure) keeps the area a bow-tie encloses")
    func validity() throws {
        let bowTie = try geometry("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
        #expect(try bowTie.validity() == .invalid(reason: "Self-intersection", x: 5, y: 5))
        let fixed = try bowTie.makeValid()
        #expect(try fixed.isValid())
        #expect(try fixed.area() == 50)
        let holeOutside = try geometry("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (20 20, 21 20, 21 21, 20 21, 20 20))")
        if case let .invalid(reason, _, _) = try holeOutside.validity() {
            #expect(reason == "Hole lies outside shell")
        } else {
            Issue.record("hole outside shell judged valid")
        }
        // GEOS's structure method turns a hole outside its shell into a polygon of its own;
        // Shapely 2.1 / GEOS 3.14 agrees: make_valid(g, method="structure") →
        // MULTIPOLYGON (((0 10, 10 10, 10 0, 0 0, 0 10)), ((20 21, 21 21, 21 20, 20 20, 20 21))).
        #expect(try holeOutside.makeValid().area() == 101)
        #expect(try geometry("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))").validity() == .valid)
    }

    @Test("structural problems are Swift errors naming the ring, never GEOS messages on stderr")
    func structure() throws {
        for (wkt, words) in [("POLYGON ((0 0, 1 0, 1 1, 0 1))", "not closed"), ("POLYGON ((0 0, 1 0, 0 0))", "a ring needs at least 4"),
                             ("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 5 5)))", "polygon 2"), ("LINESTRING (0 0)", "at least 2")] {
            do {
                _ = try geometry(wkt)
                Issue.record("\(wkt) built")
            } catch let e as SpatialError {
                #expect(e.description.contains(words), "\(e)")
            }
        }
        do {
            _ = try engine.geometry(hexWKB: "0103000000FF")
            Issue.record("truncated WKB read")
        } catch let e as SpatialError {
            guard case let .geos(op, message) = e else { throw e }
            #expect(op == "WKB read")
            #expect(message.contains("ParseException"), "\(message)")
        }
    }

    @Test("prepared predicates and the STRtree find the right zones")
    func preparedAndIndex() throws {
        let zones = try (0..<100).map { k in
            try geometry("POLYGON ((\(k * 10) 0, \(k * 10 + 10) 0, \(k * 10 + 10) 10, \(k * 10) 10, \(k * 10) 0))")
        }
        let index = try SpatialIndex(engine: engine)
        for z in zones { try index.insert(z) }
        let parcel = try geometry("POLYGON ((412 2, 418 2, 418 8, 412 8, 412 2))")
        #expect(index.query(parcel).sorted() == [41])
        let straddling = try geometry("POLYGON ((455 2, 475 2, 475 8, 455 8, 455 2))")
        #expect(index.query(straddling).sorted() == [45, 46, 47])
        let prepared = try zones[41].prepared()
        #expect(try prepared.covers(parcel))
        #expect(try prepared.intersects(parcel))
        #expect(try !prepared.covers(straddling))
        #expect(try !zones[44].prepared().intersects(straddling))
        #expect(throws: SpatialError.self) { try index.insert(parcel) } // built on first query
    }

    @Test("flat ↔ GEOS round trip keeps every type, heights and empties")
    func flatRoundTrip() throws {
        for wkt in ["POINT (1 2)", "POINT Z (1 2 3)", "LINESTRING (0 0, 1 1, 2 0)", "POLYGON ((0 0, 10 0, 10 10, 0 0), (1 1, 2 1, 2 2, 1 1))",
                    "MULTIPOINT ((1 2), (3 4))", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
                    "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
                    "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "POLYGON EMPTY"] {
            let flat = try WKTParser.parse(wkt)
            #expect(try engine.geometry(from: flat).flat() == flat, "\(wkt)")
        }
    }

    @Test("engines in parallel tasks each own their contexts")
    func parallelEngines() async throws {
        let areas = try await withThrowingTaskGroup(of: Double.self) { group in
            for k in 1...8 {
                group.addTask {
                    let engine = GeometryEngine() // one per task, never shared
                    var total = 0.0
                    for i in 0..<200 {
                        let a = try engine.geometry(wkt: "POLYGON ((0 0, \(k) 0, \(k) \(k), 0 \(k), 0 0))")
                        let b = try engine.geometry(wkt: "POLYGON ((\(Double(i) / 1000) 0, 100 0, 100 100, 0 100, \(Double(i) / 1000) 0))")
                        total += try a.intersection(b).area()
                    }
                    return total
                }
            }
            var sum = 0.0
            for try await a in group { sum += a }
            return sum
        }
        #expect(areas > 0)
    }
}
