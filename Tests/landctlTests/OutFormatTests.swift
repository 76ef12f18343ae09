import Foundation
import Testing
import TestSupport

/// `--out-format`: every command's result layers as GeoPackage (one file, a layer per
/// result), Shapefile and FlatGeobuf, holding the same rows as the CSV, published with the
/// rest of the run.
@Suite("--out-format: results as GeoPackage, Shapefile, FlatGeobuf")
struct OutFormatTests {
    /// The `id` and `area_m2` columns of a landctl CSV.
    static func idsAndAreas(_ csv: String) -> [(String, String)] {
        let lines = csv.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines[0].components(separatedBy: ",")
        let id = header.firstIndex(of: "id")!, area = header.firstIndex(of: "area_m2")!
        return lines.dropFirst().map { let f = $0.components(separatedBy: ","); return (f[id], f[area]) }
    }

    @Test("classify --out-format gpkg,shp,fgb,csv: the same parcels and conflicts in every format, no GeoJSON; the next default run takes them away")
    func classify() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let out = folder.file("out")
        let r = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                 "--out", out, "--id-field", "parcel_id", "--out-format", "gpkg,shp,fgb,csv", "--lang", "en"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        for name in ["results.gpkg", "parcels.shp", "parcels.shx", "parcels.dbf", "parcels.prj", "parcels.cpg", "parcels.fields.csv",
                     "conflicts.shp", "parcels.fgb", "conflicts.fgb", "parcels.csv", "conflicts.csv", "summary.md"] {
            #expect(files.contains(name), "\(name) missing: \(files.sorted())")
        }
        #expect(!files.contains("parcels.geojson") && !files.contains("conflicts.geojson"))
        #expect(!files.contains { $0.hasPrefix(".landctl-tmp") || $0.contains("staging") }, "\(files.sorted())")
        // Every format read back by landctl holds the CSV's parcels, in order, with their areas.
        let csv = Self.idsAndAreas(LandCtl.readText(out + "/parcels.csv"))
        #expect(csv.count == 258)
        for source in [out + "/results.gpkg|layername=parcels", out + "/parcels.shp", out + "/parcels.fgb"] {
            let copy = folder.file("copy-\(UUID().uuidString).csv")
            let c = try LandCtl.run(["convert", source, copy])
            #expect(c.status == 0, "\(source): \(c.stdout) \(c.stderr)")
            let lines = LandCtl.readText(copy).replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
            let header = lines[0].components(separatedBy: ",")
            let id = try #require(header.firstIndex(of: "id"), "\(source): \(header)"), area = try #require(header.firstIndex(of: "area_m2"))
            let rows = lines.dropFirst().map { $0.components(separatedBy: ",") }
            #expect(rows.count == 258, "\(source)")
            for (row, expected) in zip(rows, csv) {
                #expect(row[id] == expected.0, "\(source)")
                #expect(Double(row[area]) == Double(expected.1), "\(source) \(expected.0): \(row[area]) vs \(expected.1)")
            }
        }
        if GDALTools.available {
            #expect(try GDALTools.featureCount(out + "/results.gpkg", layer: "conflicts") == 15)
            #expect(try GDALTools.featureCount(out + "/conflicts.shp") == 15)
        }
        // The next run with the default formats replaces all of classify's files: no stale
        // GeoPackage or Shapefile from the run before.
        let again = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                     "--out", out, "--id-field", "parcel_id"])
        #expect(again.status == 1, "\(again.stderr)")
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: out)).filter { !$0.hasPrefix(".") }
        #expect(after == ["parcels.csv", "parcels.geojson", "conflicts.csv", "conflicts.geojson", "summary.md", "results.xlsx", "report.html"], "\(after.sorted())")
    }

    @Test("idle and retrofit write their layers (retrofit's pockets too) as GeoPackage; a wrong format is a usage error before any work")
    func otherCommands() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let idle = try LandCtl.run(["idle", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--id-field", "parcel_id", "--as-of", "2025-12-31",
                                    "--out", folder.file("idle"), "--out-format", "gpkg"])
        #expect(idle.status == 1, "\(idle.stderr)")
        let idleFiles = Set(try FileManager.default.contentsOfDirectory(atPath: folder.file("idle"))).filter { !$0.hasPrefix(".") }
        #expect(idleFiles == ["results.gpkg", "summary.md", "results.xlsx", "report.html"], "\(idleFiles.sorted())")
        let retrofit = try LandCtl.run(["retrofit", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--buildings", LandCtl.repo("shapes/buildings.geojson"),
                                        "--zones", LandCtl.repo("shapes/zones.geojson"), "--id-field", "parcel_id", "--as-of", "2025-12-31",
                                        "--out", folder.file("retrofit"), "--out-format", "gpkg,geojson"])
        #expect(retrofit.status == 1, "\(retrofit.stderr)")
        let info = try LandCtl.run(["info", folder.file("retrofit") + "/results.gpkg|layername=pockets"])
        let geojson = try LandCtl.run(["info", folder.file("retrofit") + "/pockets.geojson"])
        let count = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("Features") }.map(String.init) ?? "" }
        #expect(!count(info.stdout).isEmpty && count(info.stdout) == count(geojson.stdout), "\(info.stdout)\n\(geojson.stdout)")
        let bad = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                   "--out", folder.file("bad"), "--out-format", "gpkg,xlsx"])
        #expect(bad.status == 2 && bad.stderr.contains("'xlsx'"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("bad")))
    }
}
