import Foundation
import Spatial
import Testing
import TestSupport

/// `InteriorGrid` answers only what GEOS's prepared predicates would: "inside" only where
/// the polygon covers the geometry, "outside" only where it does not meet it at all.
@Suite("Interior grid")
struct InteriorGridTests {
    let engine = GeometryEngine()

    /// Checks the grid of `polygon` against GEOS for every geometry; returns how many it
    /// answered (inside, outside).
    func check(_ polygon: FlatGeometry, _ geometries: [FlatGeometry], cells: Int = 64) throws -> (inside: Int, outside: Int) {
        let grid = InteriorGrid(polygon, cellsPerSide: cells)
        let prepared = try engine.geometry(from: polygon).prepared()
        var inside = 0, outside = 0
        for g in geometries {
            guard let box = g.envelope else { continue }
            switch grid.locate(box) {
            case .inside:
                inside += 1
                #expect(try prepared.covers(engine.geometry(from: g)), "inside by the grid, not covered: \(g.xy)")
            case .outside:
                outside += 1
                #expect(try !prepared.intersects(engine.geometry(from: g)), "outside by the grid, but meets: \(g.xy)")
            case .unknown:
                break
            }
        }
        return (inside, outside)
    }

    @Test("Xinwu district and its 2,033 EULUC parcels in UTM 50N: every answer agrees with GEOS, and most parcels are answered",
          .enabled(if: Repository.sharedExists("china-wuxi-euluc-parcels"), "needs ../shared/data/china-wuxi-euluc-parcels (absent)"))
    func wuxi() throws {
        let toUTM = try engine.transform(from: engine.crs("EPSG:4326"), to: engine.crs("EPSG:32650"))
        var district = try #require(try GeoJSONReader(path: Repository.shared("china-wuxi-euluc-parcels/xinwu_district_cnmaps_gcj02.geojson")).readAll().first?.geometry)
        try toUTM.apply(&district)
        var parcels: [FlatGeometry] = []
        for f in try GeoJSONReader(path: Repository.shared("china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson")).readAll() {
            var g = try #require(f.geometry)
            try toUTM.apply(&g)
            parcels.append(g)
        }
        #expect(parcels.count == 2033)
        let answered = try check(district, parcels)
        // The district (GCJ-02) is offset from the parcels (WGS 84) by some 500 m: parcels on
        // both sides of its boundary, most of them well inside.
        #expect(answered.inside > 1000 && answered.inside + answered.outside > 1500, "\(answered)")
        // Each parcel as the polygon, the others' boxes near it as the questions.
        for k in stride(from: 0, to: parcels.count, by: 50) { _ = try check(parcels[k], parcels) }
    }

    @Test("boxes on cell borders, on the polygon's edges and vertices, touching from outside: never a wrong answer")
    func borders() throws {
        // An L with a hole, edges on cell borders (100 m cells of a 64-cell grid over 6.4 km).
        let polygon = try WKTParser.parse("POLYGON ((0 0, 6400 0, 6400 3200, 3200 3200, 3200 6400, 0 6400, 0 0), (1000 1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000))")
        var boxes: [FlatGeometry] = []
        var rng = SeededGenerator(seed: 3)
        let stops: [Double] = [0, 100, 900, 1000, 1000.0000001, 999.9999999, 2000, 3100, 3200, 3300, 6300, 6400, 6400.5, -0.5]
        for _ in 0..<20_000 {
            let x0 = Bool.random(using: &rng) ? stops.randomElement(using: &rng)! : Double.random(in: -200...6600, using: &rng).rounded()
            let y0 = Bool.random(using: &rng) ? stops.randomElement(using: &rng)! : Double.random(in: -200...6600, using: &rng).rounded()
            let w = [0, 50, 100, 200, 1000, 0.0000001].randomElement(using: &rng)!, h = [0, 50, 100, 300, 0.0000001].randomElement(using: &rng)!
            let ring = [x0, y0, x0 + w, y0, x0 + w, y0 + h, x0, y0 + h, x0, y0]
            boxes.append(w > 0 && h > 0 ? FlatGeometry(xy: ring, sequenceEnds: [5], nodes: [.init(kind: .polygon, count: 1)])
                                      : FlatGeometry(xy: [x0, y0], sequenceEnds: [1], nodes: [.init(kind: .point, count: 1)]))
        }
        let answered = try check(polygon, boxes)
        #expect(answered.inside > 3000 && answered.outside > 1000, "\(answered)")
        // Coarse and fine grids over the same boxes.
        _ = try check(polygon, boxes, cells: 7)
        _ = try check(polygon, boxes, cells: 256)
    }
}
