import Foundation
import Testing
import TestSupport
@testable import LandControl
import Spatial

/// `--check-offset`'s displacement and the web-map conversion on read (`--from-gcj02`,
/// `--from-bd09`): layers made by moving a reference by known amounts, and the Wuxi data.
@Suite("Offset measurement and web-map conversion")
struct OffsetMeasureTests {
    /// Metres per degree at latitude φ from the textbook series for the WGS 84 ellipsoid
    /// (e.g. Wikipedia, "Geographic coordinate system: length of a degree"), independent of
    /// the local plane the check uses.
    static func metresPerDegree(latitude: Double) -> (east: Double, north: Double) {
        let phi = latitude * .pi / 180
        return (111_412.84 * cos(phi) - 93.5 * cos(3 * phi) + 0.118 * cos(5 * phi),
                111_132.92 - 559.82 * cos(2 * phi) + 1.175 * cos(4 * phi) - 0.0023 * cos(6 * phi))
    }

    /// An irregular block of 10 × 10 parcels (widths and heights 60–160 m, 12 m roads)
    /// south-west of (lon0, lat0) + …, in longitude/latitude, each position passed through
    /// `move` (a shift, a web-map formula).
    static func block(lon0: Double = 120.40, lat0: Double = 31.50,
                      move: (Double, Double) -> (Double, Double) = { ($0, $1) }) -> [FlatGeometry] {
        let widths = [70.0, 120, 95, 160, 80, 110, 140, 65, 100, 130], heights = [90.0, 60, 150, 85, 120, 75, 105, 140, 70, 115]
        let k = metresPerDegree(latitude: lat0)
        var parcels: [FlatGeometry] = []
        var y = 0.0
        for h in heights {
            var x = 0.0
            for w in widths {
                let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
                var xy: [Double] = []
                for (cx, cy) in corners {
                    let p = move(lon0 + cx / k.east, lat0 + cy / k.north)
                    xy += [p.0, p.1]
                }
                parcels.append(FlatGeometry(xy: xy, sequenceEnds: [5], nodes: [.init(kind: .polygon, count: 1)]))
                x += w + 12
            }
            y += h + 12
        }
        return parcels
    }

    /// Moves a position by metres east and north (the textbook degree lengths).
    static func shifted(east: Double, north: Double) -> (Double, Double) -> (Double, Double) {
        { lon, lat in
            let k = metresPerDegree(latitude: lat)
            return (lon + east / k.east, lat + north / k.north)
        }
    }

    static func write(_ geometries: [FlatGeometry], _ name: String, folder: String) throws -> String {
        let path = folder + "/" + name
        let writer = try GeoJSONWriter(path: path)
        for g in geometries { try writer.write(geometry: g, properties: Properties()) }
        try writer.finish()
        return path
    }

    static func folder() -> String {
        TemporaryFolder.untilExit(prefix: "landctl-offset")
    }

    func check(_ layer: String, webMap: WebMapDatum? = nil, against reference: String) throws -> OffsetCheck.Finding {
        let engine = GeometryEngine()
        return try OffsetCheck.check(LayerLoader.load(layer, webMap: webMap, engine: engine), reference: reference, engine: engine)
    }

    @Test("a block moved 137 m east and 61 m south is measured within 3 m, and called shifted by neither formula")
    func knownShift() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reference = try Self.write(Self.block(), "reference.geojson", folder: dir)
        let moved = try Self.write(Self.block(move: Self.shifted(east: 137, north: -61)), "moved.geojson", folder: dir)
        let f = try check(moved, against: reference)
        let d = try #require(f.displacement)
        #expect(abs(d.eastM - 137) < 3 && abs(d.northM + 61) < 3, "\(d)")
        #expect(f.explanation == .unexplained)
        #expect(f.warning?.contains("check the CRS of both layers") == true)
        #expect((f.meanDistanceAlignedM ?? 99) < 3 && (f.meanDistanceAsReadM ?? 0) > 10)
        // Both ways: the reference against the moved block is the opposite displacement.
        let back = try #require(try check(reference, against: moved).displacement)
        #expect(abs(back.eastM + 137) < 3 && abs(back.northM - 61) < 3, "\(back)")
        // Against itself: nothing.
        let same = try check(reference, against: reference)
        #expect((same.displacement?.distanceM ?? 99) < 2 && same.explanation == .aligned && same.warning == nil)
    }

    @Test("a block in GCJ-02 or BD-09 is recognised and the option named; read with that option it fits to a metre")
    func webMapBlocks() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reference = try Self.write(Self.block(), "wgs84.geojson", folder: dir)
        let gcjPath = try Self.write(Self.block { let g = GCJ02.fromWGS84(longitude: $0, latitude: $1); return (g.longitude, g.latitude) },
                                     "gcj02.geojson", folder: dir)
        let bdPath = try Self.write(Self.block { let b = BD09.fromWGS84(longitude: $0, latitude: $1); return (b.longitude, b.latitude) },
                                    "bd09.geojson", folder: dir)
        // What the formulas shift at the block's middle, in metres by the textbook degree lengths.
        let k = Self.metresPerDegree(latitude: 31.505)
        let g = GCJ02.fromWGS84(longitude: 120.405, latitude: 31.505), b = BD09.fromWGS84(longitude: 120.405, latitude: 31.505)
        let gcjShift = ((g.longitude - 120.405) * k.east, (g.latitude - 31.505) * k.north)
        let bdShift = ((b.longitude - 120.405) * k.east, (b.latitude - 31.505) * k.north)

        let gcj = try check(gcjPath, against: reference)
        let dg = try #require(gcj.displacement)
        #expect(abs(dg.eastM - gcjShift.0) < 5 && abs(dg.northM - gcjShift.1) < 5, "\(dg) vs \(gcjShift) \(gcj.gcj02Offset)")
        #expect(dg.distanceM > 300) // the GCJ-02 offset near Wuxi is about half a kilometre
        #expect(gcj.explanation == .layerGCJ02 && gcj.explanation.option == "--from-gcj02")
        #expect(gcj.warning?.contains("read it with --from-gcj02") == true)
        let bd = try check(bdPath, against: reference)
        let db = try #require(bd.displacement)
        #expect(abs(db.eastM - bdShift.0) < 5 && abs(db.northM - bdShift.1) < 5, "\(db) vs \(bdShift)")
        #expect(bd.explanation == .layerBD09 && bd.warning?.contains("read it with --from-bd09") == true)
        // The reference is the shifted one.
        let reversed = try check(reference, against: gcjPath)
        #expect(reversed.explanation == .referenceGCJ02 && reversed.warning?.contains("the reference looks like GCJ-02") == true)

        for (path, datum) in [(gcjPath, WebMapDatum.gcj02), (bdPath, .bd09)] {
            let fixed = try check(path, webMap: datum, against: reference)
            #expect((fixed.displacement?.distanceM ?? 99) < 1.5 && fixed.explanation == .aligned && fixed.warning == nil, "\(datum)")
        }
        // Converted on read: the positions are the WGS 84 block again (exact inverses).
        let engine = GeometryEngine()
        let converted = try LayerLoader.load(bdPath, webMap: .bd09, engine: engine)
        let original = try LayerLoader.load(reference, engine: engine)
        #expect(converted.convertedFrom == .bd09 && converted.warnings.contains { $0.contains("converted from BD-09") && $0.contains("500 positions moved") })
        var worst = 0.0
        for (a, b) in zip(converted.features, original.features) {
            for (u, v) in zip(a.geometry?.xy ?? [], b.geometry?.xy ?? []) { worst = max(worst, abs(u - v)) }
        }
        #expect(worst < 1e-9, "largest difference \(worst)°")
    }

    @Test("outline points are spaced evenly along the lines, whatever their vertices, and stay under twice the limit")
    func outlineSample() {
        let everywhere = Envelope(minX: -1e9, minY: -1e9, maxX: 1e9, maxY: 1e9)
        var s = OutlineSample(limit: 10, spacing: 1, bounds: everywhere)
        // 1,000 m east in two unequal edges (a vertex at 130 m), then 500 m north.
        s.add(FlatGeometry(xy: [0, 0, 130, 0, 1_000, 0, 1_000, 500], sequenceEnds: [4], nodes: [.init(kind: .lineString, count: 1)]))
        #expect(s.spacing == 128 && s.xs.count == 12) // 1 m doubled 7 times; points at 0, 128, …, 1,408 m along
        #expect(s.xs.prefix(8) == [0, 128, 256, 384, 512, 640, 768, 896] && s.ys.prefix(8).allSatisfy { $0 == 0 })
        #expect(s.xs[8] == 1_000 && abs(s.ys[8] - 24) < 1e-9) // 1,024 m along: 24 m up the second leg
        // Only points inside the bounds are kept (the walk goes on outside).
        var inside = OutlineSample(limit: 100, spacing: 10, bounds: Envelope(minX: 500, minY: -1, maxX: 2_000, maxY: 1))
        inside.add(FlatGeometry(xy: [0, 0, 1_000, 0], sequenceEnds: [2], nodes: [.init(kind: .lineString, count: 1)]))
        #expect(inside.xs == Array(stride(from: 500.0, to: 1_000, by: 10)))
    }

    @Test("layers that do not meet: no displacement, and a warning that says so")
    func apart() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let here = try Self.write(Self.block(), "here.geojson", folder: dir)
        let there = try Self.write(Self.block(lon0: 120.50, lat0: 31.60), "there.geojson", folder: dir) // ~14 km away
        let f = try check(here, against: there)
        #expect(f.explanation == .notMeasured)
        #expect(f.warning?.contains("could not be measured") == true)
    }

    @Test("a projected layer with --from-gcj02 is an error naming the option")
    func projectedRefused() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/projected.wkt"
        try "POLYGON ((500000 3480000, 500100 3480000, 500100 3480100, 500000 3480000))\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try LayerLoader.load(path, crs: "EPSG:4549", webMap: .gcj02, engine: GeometryEngine())
        } throws: { e in
            "\(e)".contains("--from-gcj02") && "\(e)".contains("projected CRS EPSG:4549") && "\(e)".contains("projected.wkt")
        }
        // Longitude/latitude with the same option is converted.
        try "POLYGON ((120.4 31.5, 120.41 31.5, 120.41 31.51, 120.4 31.5))\n".write(toFile: path, atomically: true, encoding: .utf8)
        let layer = try LayerLoader.load(path, crs: "EPSG:4490", webMap: .gcj02, engine: GeometryEngine())
        let w = GCJ02.toWGS84(longitude: 120.4, latitude: 31.5)
        #expect(layer.features[0].geometry?.xy[0] == w.longitude && layer.features[0].geometry?.xy[1] == w.latitude)
    }

    @Test("classify with --from-gcj02 on GCJ-02 copies of the demo gives the demo's own areas and zones")
    func classifyConverted() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = GeometryEngine()
        // GCJ-02 copies of the demo parcels and zones (CGCS2000 lon/lat near Zhoushan).
        func gcjCopy(_ name: String) throws -> String {
            let layer = try LayerLoader.load(Repository.shapes(name), engine: engine)
            let path = dir + "/" + name
            let writer = try GeoJSONWriter(path: path, crs: layer.crs)
            for f in layer.features {
                var g = f.geometry
                if var moved = g {
                    moved.xy.withUnsafeMutableBufferPointer { p in
                        for i in stride(from: 0, to: p.count, by: 2) {
                            let m = GCJ02.fromWGS84(longitude: p[i], latitude: p[i + 1])
                            (p[i], p[i + 1]) = (m.longitude, m.latitude)
                        }
                    }
                    g = moved
                }
                try writer.write(geometry: g, properties: f.properties, id: f.id)
            }
            try writer.finish()
            return path
        }
        var original = ClassifyOptions(zonesPath: Repository.shapes("zones.geojson"), parcelsPath: Repository.shapes("parcels.geojson"))
        original.idField = "parcel_id"
        original.workers = 1
        var converted = original
        converted.zonesPath = try gcjCopy("zones.geojson")
        converted.parcelsPath = try gcjCopy("parcels.geojson")
        var unconverted = converted
        converted.webMap = .gcj02
        let a = try Classifier.run(original, engine: engine), b = try Classifier.run(converted, engine: engine)
        #expect(a.parcels.count == 258 && b.parcels.count == 258)
        var worst = 0.0
        for (p, q) in zip(a.parcels, b.parcels) {
            #expect(p.id == q.id && p.zone == q.zone && p.flags == q.flags)
            worst = max(worst, abs(p.areaM2 - q.areaM2), abs(p.outsideM2 - q.outsideM2))
        }
        #expect(worst < 1e-3, "largest area difference \(worst) m²")
        #expect(b.warnings.contains { $0.contains("converted from GCJ-02") })
        // The output is back in place; without the option it stays ~500 m off (the zones
        // with it, so the overlay alone would not tell).
        unconverted.webMap = nil
        let c = try Classifier.run(unconverted, engine: engine)
        let (x0, xb, xc) = (a.parcels[0].outputGeometry?.xy[0] ?? 0, b.parcels[0].outputGeometry?.xy[0] ?? 0, c.parcels[0].outputGeometry?.xy[0] ?? 0)
        #expect(abs(x0 - xb) < 1e-9 && abs(x0 - xc) > 0.003, "\(x0) \(xb) \(xc)")
    }

    @Test("Wuxi: cnmaps' GCJ-02 district boundary lies ~half a kilometre off the EULUC parcels; read with --from-gcj02, under 20 m",
          .enabled(if: Repository.sharedExists("china-wuxi-euluc-parcels"), "needs ../shared/data/china-wuxi-euluc-parcels (absent)"))
    func wuxi() throws {
        let boundary = Repository.shared("china-wuxi-euluc-parcels/xinwu_district_cnmaps_gcj02.geojson")
        let parcels = Repository.shared("china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson")
        let asRead = try check(boundary, against: parcels)
        let d = try #require(asRead.displacement)
        // About what the GCJ-02 formula shifts there (484 m east-south-east).
        #expect(d.distanceM > 400 && d.distanceM < 600, "\(d)")
        #expect((d - asRead.gcj02Offset).distanceM < 75, "\(d) vs \(asRead.gcj02Offset)")
        #expect(asRead.explanation == .layerGCJ02 && asRead.warning?.contains("--from-gcj02") == true)
        let fixed = try check(boundary, webMap: .gcj02, against: parcels)
        #expect((fixed.displacement?.distanceM ?? 99) < 20, "\(String(describing: fixed.displacement))")
        #expect(fixed.explanation == .aligned && fixed.warning == nil)
        // The other way round: the same displacement, reversed, and the reference named.
        let reversed = try check(parcels, against: boundary)
        #expect(((reversed.displacement ?? d) + d).distanceM < 20)
        #expect(reversed.explanation == .referenceGCJ02)
    }
}

extension OffsetCheck.Displacement {
    static func + (a: Self, b: Self) -> Self { .init(eastM: a.eastM + b.eastM, northM: a.northM + b.northM) }
}
