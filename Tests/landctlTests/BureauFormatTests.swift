import Foundation
import Testing
import TestSupport

/// The layers bureaus hand out, made from the real Wuxi EULUC parcels with GDAL's own
/// ogr2ogr: a GBK Shapefile without `.cpg` or code-page byte, in CGCS2000 Gauss–Krüger zone
/// 41 with zone-prefixed eastings and Chinese field names; a FileGDB and a GeoPackage in
/// US survey feet. Each must classify to the same per-parcel areas and zones as the GeoJSON
/// it was made from, with its Chinese ids intact in every output.
@Suite("classify on bureau formats (Shapefile GBK, FileGDB, GeoPackage in US feet)",
       .enabled(if: FileManager.default.fileExists(atPath: LandCtl.repo("../shared/data/china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson")),
                "needs ../shared/data/china-wuxi-euluc-parcels (absent)"),
       .enabled(if: GDALTools.available, "needs GDAL's tools ogr2ogr/ogrinfo (apt-get install gdal-bin)"))
struct BureauFormatTests {
    /// A transverse Mercator on CGCS2000's ellipsoid in US survey feet (no EPSG code).
    static let feetCRS = "+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=us-ft +no_defs"

    /// Four zones over the Xinwu district, one of each kind, in lon/lat.
    static let zones = """
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"zone_id":"Z1","zone":"工业集聚区"},"geometry":{"type":"Polygon","coordinates":[[[120.30,31.44],[120.42,31.44],[120.42,31.52],[120.30,31.52],[120.30,31.44]]]}},
    {"type":"Feature","properties":{"zone_id":"Z2","zone":"过渡控制区"},"geometry":{"type":"Polygon","coordinates":[[[120.42,31.44],[120.52,31.44],[120.52,31.52],[120.42,31.52],[120.42,31.44]]]}},
    {"type":"Feature","properties":{"zone_id":"Z3","zone":"产业留白区"},"geometry":{"type":"Polygon","coordinates":[[[120.30,31.52],[120.42,31.52],[120.42,31.59],[120.30,31.59],[120.30,31.52]]]}},
    {"type":"Feature","properties":{"zone_id":"Z4","zone":"工业用地保护红线"},"geometry":{"type":"Polygon","coordinates":[[[120.38,31.48],[120.46,31.48],[120.46,31.55],[120.38,31.55],[120.38,31.48]]]}}
    ]}
    """

    struct Row {
        var id: String
        var area: Double
        var zone: String
        var cluster: Double
    }

    /// parcels.csv's rows: id, area_m2, zone, cluster_m2.
    static func rows(_ csv: String) -> [Row] {
        let lines = csv.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard let first = lines.first else { return [] } // the run failed: its expectation says why
        let header = first.components(separatedBy: ",")
        let id = header.firstIndex(of: "id")!, area = header.firstIndex(of: "area_m2")!, zone = header.firstIndex(of: "zone")!
        let cluster = header.firstIndex(of: "cluster_m2")!
        return lines.dropFirst().map { line in
            let f = line.components(separatedBy: ",")
            return Row(id: f[id], area: Double(f[area]) ?? .nan, zone: f[zone], cluster: Double(f[cluster]) ?? .nan)
        }
    }

    @Test("GBK Shapefile (zone 41, prefixed eastings, no .cpg), FileGDB and GeoPackage (US feet) classify as the GeoJSON does")
    func sameAsGeoJSON() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let source = LandCtl.repo("../shared/data/china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson")
        let reference = folder.file("parcels.geojson")
        try GDALTools.ogr2ogr(["-f", "GeoJSON", "-nln", "parcels", "-dialect", "SQLite", "-sql",
                               "SELECT '新吴-' || printf('%04d', rowid + 1) AS 宗地编号, Class AS 用地分类, geometry FROM xinwu_land_use_wgs84",
                               reference, source])
        let shp = folder.file("parcels_gbk.shp")
        try GDALTools.ogr2ogr(["-f", "ESRI Shapefile", "-t_srs", "EPSG:4529", "-lco", "ENCODING=CP936", shp, reference])
        // What a bureau's file looks like: no .cpg, no code page in the DBF.
        try FileManager.default.removeItem(atPath: folder.file("parcels_gbk.cpg"))
        let dbf = try Data(contentsOf: URL(fileURLWithPath: folder.file("parcels_gbk.dbf")))
        #expect(dbf[29] == 0)
        // The field name 宗地编号 is stored in GBK (8 bytes), not UTF-8.
        #expect(dbf[32..<40].elementsEqual([0xD7, 0xDA, 0xB5, 0xD8, 0xB1, 0xE0, 0xBA, 0xC5]))
        #expect(LandCtl.readText(folder.file("parcels_gbk.prj")).contains("False_Easting\",41500000"))
        let gdb = folder.file("parcels_feet.gdb"), gpkg = folder.file("parcels_feet.gpkg")
        // FileGDB keeps coordinates on a grid, by default 1e-4 ft here (0.002 m² on a 600 m²
        // parcel); a 1e-8 ft grid keeps the comparison about the reading, not the format.
        try GDALTools.ogr2ogr(["-f", "OpenFileGDB", "-nlt", "MULTIPOLYGON", "-lco", "XYSCALE=100000000", "-t_srs", Self.feetCRS, gdb, reference])
        try GDALTools.ogr2ogr(["-f", "GPKG", "-nlt", "MULTIPOLYGON", "-t_srs", Self.feetCRS, gpkg, reference])
        let zones = folder.file("zones.geojson")
        try Self.zones.write(toFile: zones, atomically: true, encoding: .utf8)

        func classify(_ parcels: String, _ name: String) throws -> (rows: [Row], out: String) {
            let out = folder.file("out-\(name)")
            let r = try LandCtl.run(["classify", "--zones", zones, "--parcels", parcels, "--out", out, "--id-field", "宗地编号",
                                     "--use-field", "用地分类", "--area-crs", "EPSG:4549", "--lang", "en",
                                     // EULUC's class numbers (0–10) are no land-use scheme's codes and fit
                                     // two, so `auto` stops; named, they read as non-industrial, as before.
                                     "--use-scheme", "gb50137"])
            #expect(r.status == 0 || r.status == 1, "\(name): \(r.stderr)")
            #expect(!r.stderr.contains("ERROR") && !r.stderr.contains("Warning"), "GDAL noise on stderr: \(r.stderr)")
            return (Self.rows(LandCtl.readText(out + "/parcels.csv")), out)
        }
        let expected = try classify(reference, "geojson").rows
        #expect(expected.count == 2033)
        #expect(expected.first?.id == "新吴-0001" && expected.last?.id == "新吴-2033")
        #expect(Set(expected.map(\.zone)).isSuperset(of: ["cluster", "transition", "reserve"]))
        for (name, file) in [("shp", shp), ("gdb", gdb), ("gpkg", gpkg)] {
            let (rows, out) = try classify(file, name)
            try #require(rows.count == expected.count, "\(name)")
            var worst = 0.0, worstID = ""
            for (a, b) in zip(rows, expected) {
                #expect(a.id == b.id, "\(name): \(a.id) vs \(b.id)")
                #expect(a.zone == b.zone, "\(name) \(a.id): \(a.zone) vs \(b.zone)")
                // parcels.csv gives m² to 3 decimals: allow that rounding, then 1e-7 relative.
                let d = max(0, max(abs(a.area - b.area), abs(a.cluster - b.cluster)) - 0.0011) / max(b.area, 1)
                if d > worst { (worst, worstID) = (d, "\(a.id) \(a.area) vs \(b.area), cluster \(a.cluster) vs \(b.cluster)") }
            }
            #expect(worst < 1e-7, "\(name): worst relative area difference \(worst) at \(worstID)")
            // The Chinese ids, intact in every output.
            for output in ["parcels.csv", "parcels.geojson"] {
                #expect(LandCtl.readText(out + "/" + output).contains("新吴-0001"), "\(name) \(output)")
            }
            for output in ["conflicts.csv", "conflicts.geojson"] {
                #expect(LandCtl.readText(out + "/" + output).contains("新吴-"), "\(name) \(output)")
            }
            #expect(LandCtl.readText(out + "/summary.md").contains("宗地编号"), "\(name)")
        }
    }
}
