import Foundation
import Testing
import TestSupport

/// `--from-gcj02` / `--from-bd09` and `--check-offset` from the command line.
@Suite("landctl web-map options")
struct WebMapCommandLineTests {
    static let wuxi = LandCtl.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data/china-wuxi-euluc-parcels").path
    static var wuxiPresent: Bool { FileManager.default.fileExists(atPath: wuxi) }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("info --check-offset: cnmaps' GCJ-02 Xinwu boundary lies ~480 m off the EULUC parcels; with --from-gcj02 under 20 m and no warning",
          .enabled(if: WebMapCommandLineTests.wuxiPresent, "needs ../shared/data/china-wuxi-euluc-parcels (absent)"))
    func wuxiOffset() throws {
        let boundary = Self.wuxi + "/xinwu_district_cnmaps_gcj02.geojson", parcels = Self.wuxi + "/xinwu_land_use_wgs84.geojson"
        let r = try LandCtl.run(["info", boundary, "--check-offset", parcels, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try Self.json(r.stdout)
        let offset = try #require(report["offset"] as? [String: Any])
        let d = try #require(offset["displacement"] as? [String: Any])
        let distance = try #require(d["distance_m"] as? Double)
        #expect(distance > 400 && distance < 600, "\(d)")
        #expect(offset["explanation"] as? String == "layer_gcj02" && offset["option"] as? String == "--from-gcj02")
        #expect((report["warnings"] as? [String])?.contains { $0.contains("read it with --from-gcj02") } == true)

        let fixed = try LandCtl.run(["info", boundary, "--from-gcj02", "--check-offset", parcels, "--json"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let after = try Self.json(fixed.stdout)
        let o = try #require(after["offset"] as? [String: Any])
        let residual = try #require((o["displacement"] as? [String: Any])?["distance_m"] as? Double)
        #expect(residual < 20)
        #expect(o["explanation"] as? String == "aligned" && after["converted_from"] as? String == "gcj02")
        let warnings = after["warnings"] as? [String] ?? []
        #expect(warnings.count == 1 && warnings[0].contains("converted from GCJ-02"), "\(warnings)")

        // The text report names the verdict.
        let text = try LandCtl.run(["info", boundary, "--check-offset", parcels])
        #expect(text.stdout.contains("verdict: the layer is in GCJ-02: read it with --from-gcj02"))
    }

    @Test("--from-gcj02 on a projected layer, and both options at once, are usage errors (exit 2), on every command")
    func usageErrors() throws {
        let dir = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let projected = dir + "/parcels.wkt"
        try "POLYGON ((500000 3480000, 500100 3480000, 500100 3480100, 500000 3480000))\n".write(toFile: projected, atomically: true, encoding: .utf8)
        let r = try LandCtl.run(["info", projected, "--crs", "EPSG:4549", "--from-gcj02"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("parcels.wkt") && r.stderr.contains("--from-gcj02") && r.stderr.contains("projected CRS EPSG:4549"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)

        let both = try LandCtl.run(["info", LandCtl.repo("shapes/parcels.geojson"), "--from-gcj02", "--from-bd09"])
        #expect(both.status == 2 && both.stderr.contains("--from-bd09") && both.stderr.contains("--from-gcj02"), "\(both.stderr)")

        // Every command that reads layers takes the option (here refused for the projected --crs).
        let out = dir + "/out"
        for arguments in [["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", projected, "--out", out],
                          ["validate", "--proposals", projected, "--zones", LandCtl.repo("shapes/zones.geojson"), "--out", out],
                          ["idle", "--parcels", projected, "--as-of", "2025-12-31", "--out", out],
                          ["retrofit", "--parcels", projected, "--zones", LandCtl.repo("shapes/zones.geojson"), "--out", out]] {
            let c = try LandCtl.run(arguments + ["--crs", "EPSG:4549", "--from-bd09"])
            #expect(c.status == 2 && c.stderr.contains("--from-bd09") && c.stderr.contains("projected CRS"), "\(arguments[0]): \(c.stderr)")
        }
    }

    @Test("classify and idle convert every input layer and say so in the summary")
    func conversionNoted() throws {
        let dir = TemporaryFolder.untilExit()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                 "--out", dir + "/classify", "--from-gcj02", "--lang", "en"])
        #expect(c.status == 0 || c.status == 1, "\(c.stderr)")
        #expect(c.stdout.contains("parcels.geojson: coordinates converted from GCJ-02"))
        #expect(c.stdout.contains("zones.geojson: coordinates converted from GCJ-02"))
        let i = try LandCtl.run(["idle", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--as-of", "2025-12-31",
                                 "--out", dir + "/idle", "--from-bd09", "--lang", "en"])
        #expect(i.status == 0 || i.status == 1, "\(i.stderr)")
        #expect(i.stdout.contains("converted from BD-09"))
    }
}
