import Foundation
import Spatial
import Testing
import TestSupport

@Suite("Coordinates and CRS")
struct CoordinateTests {
    let engine = GeometryEngine()

    @Test("EPSG:4490 → 4550 and 4529 give easting first, matching pyproj")
    func axisOrderNormalised() throws {
        // pyproj 3.7: Transformer.from_crs("EPSG:4490","EPSG:4550",always_xy=True).transform(122.2, 30.0)
        //   → (422809.7122704306, 3320382.8538400354); EPSG:4529 adds the zone prefix 41.
        let cgcs = try engine.crs("EPSG:4490")
        let p = try engine.transform(from: cgcs, to: try engine.crs("4550")).apply(x: 122.2, y: 30.0)
        #expect(abs(p.x - 422_809.7122704306) < 1e-6)
        #expect(abs(p.y - 3_320_382.8538400354) < 1e-6)
        let prefixed = try engine.transform(from: cgcs, to: try engine.crs("EPSG:4529")).apply(x: 122.2, y: 30.0)
        #expect(abs(prefixed.x - 41_422_809.71227043) < 1e-6)
        let back = try engine.transform(from: try engine.crs("EPSG:4550"), to: cgcs).apply(x: p.x, y: p.y)
        #expect(abs(back.x - 122.2) < 1e-9 && abs(back.y - 30.0) < 1e-9)
    }

    @Test("closed rings' repeated last positions are copied, not transformed again: every position as transformed alone, to the bit")
    func closedRings() throws {
        let t = try engine.transform(from: try engine.crs("EPSG:4326"), to: try engine.crs("EPSG:4550"))
        let wkt = "GEOMETRYCOLLECTION (MULTIPOLYGON (((122.2 30, 122.21 30, 122.21 30.01, 122.2 30)), ((122.3 30.1, 122.31 30.1, 122.3 30.11, 122.3 30.1), "
            + "(122.301 30.101, 122.302 30.101, 122.301 30.102, 122.301 30.101))), LINESTRING (122.1 30, 122.2 30.1), POINT (122.4 30.2), "
            + "LINESTRING (122.1 30, 122.2 30.1, 122.1 30))"
        let source = try WKTParser.parse(wkt)
        var g = source
        try t.apply(&g)
        #expect(g.sequenceEnds == source.sequenceEnds && g.pointCount == 18)
        for i in 0..<source.pointCount {
            let one = try t.apply(x: source.xy[2 * i], y: source.xy[2 * i + 1])
            #expect(g.xy[2 * i] == one.x && g.xy[2 * i + 1] == one.y, "position \(i)")
        }
    }

    @Test("a GEOS geometry transformed to the Gauss–Krüger zone keeps its structure and gets metric area")
    func transformGeometry() throws {
        let square = try engine.geometry(wkt: "POLYGON ((548000 3430000, 549000 3430000, 549000 3431000, 548000 3431000, 548000 3430000), (548100 3430100, 548200 3430100, 548200 3430200, 548100 3430200, 548100 3430100))")
        let toLonLat = try engine.transform(from: engine.crs("EPSG:4549"), to: engine.crs("EPSG:4490"))
        let lonLat = try toLonLat.apply(to: square)
        #expect(lonLat.envelope.minX > 120.5 && lonLat.envelope.maxX < 120.52)
        let back = try engine.transform(from: engine.crs("EPSG:4490"), to: engine.crs("EPSG:4549")).apply(to: lonLat)
        #expect(abs(try back.area() - 990_000) < 1e-3)
        #expect(try back.equalsExact(square, tolerance: 1e-6))
    }

    @Test("CRS descriptions: kind, units, ellipsoid, projection method")
    func crsDescriptions() throws {
        let cgcs = try engine.crs("EPSG:4490")
        #expect(cgcs.kind == .geographic)
        #expect(cgcs.epsg == 4490)
        #expect(abs(cgcs.ellipsoid.flattening - 1 / 298.257222101) < 1e-15)
        let feet = try engine.crs("urn:ogc:def:crs:EPSG::2263")
        #expect(feet.kind == .projected)
        #expect(abs(feet.unitToMetre - 1200.0 / 3937.0) < 1e-12) // US survey foot
        let web = try engine.crs("EPSG:3857")
        #expect(web.distortsArea)
        #expect(try !engine.crs("EPSG:4550").distortsArea)
        #expect(try engine.crs("+proj=tmerc +lon_0=123 +k=1 +x_0=500000 +ellps=GRS80 +units=m").kind == .projected)
        #expect(throws: SpatialError.self) { try engine.crs("EPSG:99999999") }
        #expect(throws: SpatialError.self) { try engine.crs("not a crs") }
    }

    @Test("area CRS: the CGCS2000 3° zone of the data's centre, or --area-crs, never degrees or Web Mercator")
    func areaCRSChoice() throws {
        let wgs = try engine.crs("EPSG:4326")
        #expect(AreaCRS.gaussKrugerZone(longitude: 120.5) == 40)
        #expect(AreaCRS.gaussKrugerZone(longitude: 121.5) == 41) // the zone edge belongs to the east zone
        #expect(try AreaCRS.choose(input: wgs, centreLongitude: 120.4, centreLatitude: 31.5, requested: nil, engine: engine).epsg == 4549)
        #expect(try AreaCRS.choose(input: wgs, centreLongitude: 122.2, centreLatitude: 30.0, requested: nil, engine: engine).epsg == 4550)
        #expect(try AreaCRS.choose(input: wgs, centreLongitude: 75.5, centreLatitude: 39.5, requested: nil, engine: engine).epsg == 4534)
        // Helsinki: outside China's zones, so the user must name one.
        do {
            _ = try AreaCRS.choose(input: wgs, centreLongitude: 24.9, centreLatitude: 60.2, requested: nil, engine: engine)
            Issue.record("expected an error outside China")
        } catch let e as SpatialError {
            #expect(e.description.contains("--area-crs"))
            #expect(e.description.contains("outside China"))
        }
        #expect(try AreaCRS.choose(input: wgs, centreLongitude: 24.9, centreLatitude: 60.2, requested: "EPSG:3067", engine: engine).epsg == 3067)
        #expect(throws: SpatialError.self) { try AreaCRS.choose(input: wgs, centreLongitude: 122, centreLatitude: 30, requested: "EPSG:4490", engine: engine) }
        #expect(throws: SpatialError.self) { try AreaCRS.choose(input: wgs, centreLongitude: 122, centreLatitude: 30, requested: "EPSG:3857", engine: engine) }
        // Projected input keeps its CRS; Web Mercator input is sent to the Gauss–Krüger zone.
        let utm = try engine.crs("EPSG:32650")
        #expect(try AreaCRS.choose(input: utm, centreLongitude: 120.4, centreLatitude: 31.5, requested: nil, engine: engine).epsg == 32650)
        #expect(try AreaCRS.choose(input: engine.crs("EPSG:3857"), centreLongitude: 122.2, centreLatitude: 30, requested: nil, engine: engine).epsg == 4550)
    }

    @Test("coordinate checks warn about swapped axes, zone prefixes and projected numbers under lon/lat")
    func coordinateChecks() throws {
        let cgcs = try engine.crs("EPSG:4490"), gk = try engine.crs("EPSG:4550")
        let fine = Envelope(minX: 122.0, minY: 29.9, maxX: 122.4, maxY: 30.2)
        #expect(CoordinateChecks.check(fine, crs: cgcs).isEmpty)
        let swapped = Envelope(minX: 29.9, minY: 122.0, maxX: 30.2, maxY: 122.4)
        #expect(CoordinateChecks.check(swapped, crs: cgcs).map(\.code) == ["swapped_lat_lon"])
        let projected = Envelope(minX: 422_000, minY: 3_320_000, maxX: 425_000, maxY: 3_323_000)
        #expect(CoordinateChecks.check(projected, crs: cgcs).map(\.code) == ["projected_as_geographic"])
        #expect(CoordinateChecks.check(projected, crs: gk).isEmpty)
        let prefixed = Envelope(minX: 41_422_000, minY: 3_320_000, maxX: 41_425_000, maxY: 3_323_000)
        let w = CoordinateChecks.check(prefixed, crs: gk)
        #expect(w.map(\.code) == ["zone_prefix"])
        #expect(w.first?.message.contains("EPSG:4529") == true)
        #expect(CoordinateChecks.check(prefixed, crs: try engine.crs("EPSG:4529")).isEmpty)
        // The suggestion keeps the CRS's datum and width: Xian 1980 3° CM 108°E (EPSG:2381)
        // with prefixed eastings → Xian 1980 3° zone 41 prefixed, EPSG:2349 + 41 − 25 = 2365.
        #expect(CoordinateChecks.check(prefixed, crs: try engine.crs("EPSG:2381")).first?.message.contains("EPSG:2365") == true)
        // 6° zones are 13–23: CGCS2000 6° CM 111°E (EPSG:4508) with eastings of zone 20 →
        // CGCS2000 6° zone 20 prefixed, EPSG:4491 + 20 − 13 = 4498; in a prefixed 6° CRS, fine.
        let prefixed6 = Envelope(minX: 20_380_000, minY: 3_400_000, maxX: 20_420_000, maxY: 3_430_000)
        #expect(CoordinateChecks.check(prefixed6, crs: try engine.crs("EPSG:4508")).first?.message.contains("EPSG:4498") == true)
        #expect(CoordinateChecks.check(prefixed6, crs: try engine.crs("EPSG:4498")).isEmpty)
        let surveyors = Envelope(minX: 3_320_000, minY: 41_422_000, maxX: 3_323_000, maxY: 41_425_000)
        #expect(CoordinateChecks.check(surveyors, crs: gk).map(\.code) == ["swapped_northing_easting"])
        #expect(CoordinateChecks.check(fine, crs: gk).map(\.code) == ["degrees_as_projected"])
    }

    @Test("NYC boroughs in EPSG:2263 → EPSG:4326 agree with GDAL's reprojection to 1e-7°",
          .enabled(if: Repository.sharedExists("pypi-fixtures/geopandas-0.14.4"), "needs ../shared/data/pypi-fixtures (absent)"))
    func nybbReprojection() throws {
        let source = try GeoJSONReader(path: Repository.shared("pypi-fixtures/geopandas-0.14.4/nybb_epsg2263.geojson"))
        let features = try source.readAll()
        #expect(source.declaredCRS == "urn:ogc:def:crs:EPSG::2263")
        let reference = try GeoJSONReader(path: Repository.shared("pypi-fixtures/geopandas-0.14.4/nybb_wgs84.geojson")).readAll()
        #expect(features.count == 5 && reference.count == 5)
        let t = try engine.transform(from: engine.crs(try #require(source.declaredCRS)), to: engine.crs("EPSG:4326"))
        var maxDifference = 0.0
        var positions = 0
        for (f, r) in zip(features, reference) {
            var g = try #require(f.geometry)
            let expected = try #require(r.geometry)
            try t.apply(&g)
            #expect(g.pointCount == expected.pointCount)
            #expect(g.sequenceEnds == expected.sequenceEnds)
            // GDAL's RFC 7946 writer rewinds rings counter-clockwise: compare each ring in
            // the orientation that lines up (the start vertex is the same either way).
            for k in 0..<g.sequenceEnds.count {
                let r = g.sequenceRange(k)
                var forward = 0.0, backward = 0.0
                for (n, i) in r.enumerated() {
                    let j = r.upperBound - 1 - n
                    forward = max(forward, abs(g.xy[2 * i] - expected.xy[2 * i]), abs(g.xy[2 * i + 1] - expected.xy[2 * i + 1]))
                    backward = max(backward, abs(g.xy[2 * j] - expected.xy[2 * i]), abs(g.xy[2 * j + 1] - expected.xy[2 * i + 1]))
                }
                maxDifference = max(maxDifference, min(forward, backward))
            }
            positions += g.pointCount
        }
        #expect(positions == 76_063)
        #expect(maxDifference < 1e-7, "largest difference \(maxDifference)°")
    }

    @Test("a transform outlives the engine that made it (its PROJ context stays alive until it goes)")
    func transformOutlivesEngine() throws {
        // valgrind found proj_destroy reading a freed context when a worker (engine plus
        // transforms) was torn down; run this under ASan or valgrind to see it stay clean.
        var transform: CoordinateTransform?
        do {
            let e = GeometryEngine()
            transform = try e.transform(from: e.crs("EPSG:4490"), to: e.crs("EPSG:4550"))
        }
        let p = try #require(transform).apply(x: 122.2, y: 30.0)
        #expect(abs(p.x - 422_809.7122704306) < 1e-6)
        transform = nil
    }

    @Test("a transform that fails names the position instead of returning infinities")
    func failedTransform() throws {
        let t = try engine.transform(from: engine.crs("EPSG:4326"), to: engine.crs("EPSG:4550"))
        var g = try WKTParser.parse("LINESTRING (122 30, 122 95)") // latitude 95 does not exist
        do {
            try t.apply(&g)
            Issue.record("latitude 95 was transformed")
        } catch let e as SpatialError {
            #expect(e.description.contains("position 2"))
        }
    }
}
