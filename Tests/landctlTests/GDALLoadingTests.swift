import Foundation
import Testing
import TestSupport

/// GDAL is not linked but opened on first use (Sources/CGDAL/include/CGDAL.h): a run that
/// reads GeoJSON and writes the default outputs never loads it, one that needs a GDAL
/// format does and gets the same results. The dynamic loader's own trace (`LD_DEBUG=files`,
/// glibc) says which libraries a run opened.
@Suite("GDAL opened only when a run needs it")
struct GDALLoadingTests {
    static func classify(_ extra: [String], out: String) throws -> Subprocess.Result {
        try Subprocess.run(LandCtl.binary.path,
                           ["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                            "--out", out, "--id-field", "parcel_id", "--lang", "en"] + extra,
                           environment: ["LD_DEBUG": "files"])
    }

    @Test("GeoJSON in, default outputs (CSV, GeoJSON, report, workbook): libgdal never opened; --out-format gpkg opens it and writes the same parcels")
    func loadedOnDemand() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let plain = try Self.classify([], out: folder.file("plain"))
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("file=libgeos_c"), "the trace must list the linked libraries: \(plain.stderr.prefix(500))")
        #expect(!plain.stderr.contains("libgdal"))
        #expect(FileManager.default.fileExists(atPath: folder.file("plain") + "/results.xlsx"))

        let gpkg = try Self.classify(["--out-format", "gpkg,csv"], out: folder.file("gpkg"))
        #expect(gpkg.status == 1)
        #expect(gpkg.stderr.contains("file=libgdal.so"))
        let copy = folder.file("copy.csv")
        let c = try LandCtl.run(["convert", folder.file("gpkg") + "/results.gpkg|layername=parcels", copy])
        #expect(c.status == 0, "\(c.stderr)")
        let rows = LandCtl.readText(copy).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 259)
        #expect(OutFormatTests.idsAndAreas(LandCtl.readText(copy)).map(\.0) == OutFormatTests.idsAndAreas(LandCtl.readText(folder.file("plain") + "/parcels.csv")).map(\.0))
    }
}
