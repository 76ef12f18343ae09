import Foundation
import Testing
import TestSupport

/// `landctl convert` on the demo parcels and the broken ledger: every format written, read
/// back by landctl and by GDAL's own ogrinfo, the same features, values and areas.
@Suite("landctl convert")
struct ConvertCommandTests {
    /// `landctl info --json` of a file.
    static func info(_ path: String, _ extra: [String] = []) throws -> [String: Any] {
        let r = try LandCtl.run(["info", "--json", path] + extra)
        #expect(r.status == 0 || r.status == 1, "\(path): \(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test("demo parcels through Shapefile (GBK), GeoPackage, FlatGeobuf and back to GeoJSON: same count, areas, order and values")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let demo = LandCtl.repo("shapes/parcels.geojson")
        var previous = demo
        for name in ["p.shp", "p.gpkg", "p.fgb", "p.geojson"] {
            let out = folder.file(name)
            let r = try LandCtl.run(["convert", previous, out])
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stdout.contains("Status    ok 258, repaired 0, invalid 0, no_geometry 0, error 0"), "\(name): \(r.stdout)")
            #expect(r.stderr.isEmpty, "\(name): \(r.stderr)")
            previous = out
        }
        // The Shapefile: GBK with a .cpg, the code-page byte of GBK, the short-name map.
        #expect(LandCtl.readText(folder.file("p.cpg")).contains("936"))
        let dbf = try Data(contentsOf: URL(fileURLWithPath: folder.file("p.dbf")))
        #expect(dbf[29] == 0x4D)
        let map = LandCtl.readText(folder.file("p.fields.csv"))
        #expect(map.contains("site_area_m2,site_m2") && map.contains("investment_wan,invest"), "\(map)")
        // GDAL's own reader agrees on the count of every intermediate file.
        if GDALTools.available {
            for name in ["p.shp", "p.gpkg", "p.fgb"] { #expect(try GDALTools.featureCount(folder.file(name)) == 258, "\(name)") }
        }
        // Areas: the demo's 3,428,853.68 m² (README) through every format.
        let original = try Self.info(demo), last = try Self.info(folder.file("p.geojson"))
        for key in ["planar_area_m2", "ellipsoidal_area_m2"] {
            let a = try #require(original[key] as? Double), b = try #require(last[key] as? Double)
            #expect(abs(a - b) < 1e-6 * a, "\(key): \(a) vs \(b)")
        }
        // Values: every parcel's attributes survive GBK, the short names (restored from
        // p.fields.csv when the Shapefile is read back) and the typed formats.
        func features(_ path: String) throws -> [[String: Any]] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
            return (object?["features"] as? [[String: Any]] ?? []).map { $0["properties"] as? [String: Any] ?? [:] }
        }
        let before = try features(demo), after = try features(folder.file("p.geojson"))
        try #require(before.count == 258 && after.count == 258)
        for (a, b) in zip(before, after) {
            #expect(Set(a.keys) == Set(b.keys), "\(a.keys.sorted()) vs \(b.keys.sorted())")
            for (key, value) in a {
                switch (value, b[key]) {
                case let (x as NSNumber, y as NSNumber): #expect(x.doubleValue == y.doubleValue, "\(key)")
                case let (x as String, y as String): #expect(x == y, "\(key)")
                case (is NSNull, is NSNull), (is NSNull, nil): break
                default: Issue.record("\(a["parcel_id"] ?? "") \(key): \(value) vs \(b[key] ?? "nil")")
                }
            }
        }
        #expect(after[0]["company"] as? String == "金塘天成房地产开发有限公司")
    }

    @Test("to CSV with WKT: one row per parcel in order, the values as text, the geometry as WKT that reads back to the same areas")
    func csv() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let out = folder.file("p.csv")
        let r = try LandCtl.run(["convert", LandCtl.repo("shapes/parcels.geojson"), out])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = LandCtl.readText(out).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 259)
        #expect(lines[0].hasPrefix("\u{FEFF}parcel_id,land_use,status,company,") && lines[0].hasSuffix(",wkt"))
        #expect(lines[1].hasPrefix("ZS-P0001,R2,existing,金塘天成房地产开发有限公司,,1994-02-08,"), "\(lines[1].prefix(80))")
        let a = try Self.info(LandCtl.repo("shapes/parcels.geojson")), b = try Self.info(out, ["--crs", "EPSG:4490"])
        let x = try #require(a["planar_area_m2"] as? Double), y = try #require(b["planar_area_m2"] as? Double)
        #expect(abs(x - y) < 1e-6 * x)
    }

    @Test("the broken ledger: every feature written in order, counts balanced, --repair writes valid geometry, exit 1")
    func brokenLedger() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let out = folder.file("ledger.gpkg")
        let r = try LandCtl.run(["convert", LandCtl.repo("shapes/ledger_problems.geojson"), out, "--repair"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("Status    ok 1, repaired 2, invalid 0, no_geometry 1, error 2"), "\(r.stdout)")
        #expect(r.stdout.contains("Wrote     6 features"))
        let again = try Self.info(out)
        #expect(again["features"] as? Int == 6)
        let status = again["status"] as? [String: Int] ?? [:]
        // Repaired geometries are now valid; the three without a usable geometry stay without.
        #expect(status["ok"] == 3 && status["no_geometry"] == 3 && status["repaired"] == 0, "\(status)")
        let plain = try LandCtl.run(["convert", LandCtl.repo("shapes/ledger_problems.geojson"), folder.file("asread.gpkg")])
        #expect(plain.stdout.contains("invalid 2"), "\(plain.stdout)")
    }

    @Test("to the ministry's TXT and back: the CGCS2000 zone of the data, prefixed; areas to the file's precision")
    func bubiao() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let out = folder.file("redline.txt")
        let r = try LandCtl.run(["convert", LandCtl.repo("shapes/parcels.geojson"), out, "--id-field", "parcel_id"])
        #expect(r.status == 0, "\(r.stderr)")
        // Zhoushan, 122.1°E: 3° zone 41 (CM 123°E), prefixed: EPSG:4529.
        #expect(r.stdout.contains("EPSG:4529"), "\(r.stdout)")
        // GBK by default: decoded here by the C library's iconv, not by landctl.
        let decoded = try Subprocess.run(try #require(Subprocess.which("iconv")), ["-f", "GB18030", "-t", "UTF-8", out])
        #expect(decoded.status == 0, "\(decoded.stderr)")
        let text = decoded.stdout
        #expect(text.contains("带号=41") && text.contains("坐标系=2000国家大地坐标系"))
        #expect(text.contains(",ZS-P0001,"))
        let back = try Self.info(out)
        #expect(back["format"] as? String == "部标 TXT")
        #expect(back["features"] as? Int == 258)
        let original = try Self.info(LandCtl.repo("shapes/parcels.geojson"), ["--area-crs", "EPSG:4529"])
        let a = try #require(original["planar_area_m2"] as? Double), b = try #require(back["planar_area_m2"] as? Double)
        // 0.1 mm coordinates: at most a few cm² on each parcel's perimeter.
        #expect(abs(a - b) < 258 * 0.05, "\(a) vs \(b)")
    }

    @Test("usage errors: unknown output format, a CRS that is not usable")
    func errors() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let unknown = try LandCtl.run(["convert", LandCtl.repo("shapes/parcels.geojson"), folder.file("out.xyz")])
        #expect(unknown.status == 2 && unknown.stderr.contains("--to"), "\(unknown.stderr)")
        let crs = try LandCtl.run(["convert", LandCtl.repo("shapes/parcels.geojson"), folder.file("out.gpkg"), "--to-crs", "EPSG:0"])
        #expect(crs.status == 2 && crs.stderr.contains("--to-crs"), "\(crs.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.gpkg")))
    }
}
