import Foundation
import Testing
import TestSupport

// To add to Tests/landctlTests/ once `Idle.self` and `Retrofit.self` are in LandCtl's
// subcommands (it uses the `LandCtl.run` helper of CommandLineTests.swift).

@Suite("landctl idle and retrofit")
struct IdleRetrofitCommandLineTests {
    static func out(_ name: String) -> String {
        TemporaryFolder.untilExit(prefix: "lc-cli-\(name)") + "/out"
    }

    @Test("idle on the demo as of 2025-12-31: exit 1 (three idle plots), the three outputs, the summary printed")
    func idleDemo() throws {
        let out = Self.out("idle")
        let r = try LandCtl.run(["idle", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--buildings", LandCtl.repo("shapes/buildings.geojson"),
                                 "--zones", LandCtl.repo("shapes/zones.geojson"), "--id-field", "parcel_id", "--as-of", "2025-12-31",
                                 "--out", out, "--lang", "en"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("3 idle parcels, 57.64 mu (38,425.7 m²)."))
        #expect(r.stdout.contains("| ZS-P0041 | idle_1y | 2024-05-20 | 590 | 18.18 | — | — | cluster |"))
        for file in ["idle.csv", "idle.geojson", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let header = LandCtl.readText(out + "/idle.csv").split(separator: "\r\n").first.map(String.init) ?? ""
        #expect(header.hasPrefix("\u{FEFF}id,status,idle_class,days_overdue,idle_fee_wan,idle_fee_status,idle_fee_due_wan,building_coverage,evidence,flags,area_m2,area_mu,zone"))
        // Before any grant nothing is idle: exit 0.
        let early = try LandCtl.run(["idle", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--as-of", "1990年1月1日", "--out", Self.out("idle-early")])
        #expect(early.status == 0, "\(early.stderr)")
    }

    @Test("retrofit on the demo: exit 1 (candidates), the four outputs; --target encouraged")
    func retrofitDemo() throws {
        let out = Self.out("retrofit")
        let args = ["retrofit", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--buildings", LandCtl.repo("shapes/buildings.geojson"),
                    "--zones", LandCtl.repo("shapes/zones.geojson"), "--id-field", "parcel_id", "--as-of", "2025/12/31", "--lang", "en"]
        let r = try LandCtl.run(args + ["--out", out])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("**115 retrofit candidates on 2,061.03 mu can add 727,705.5 m² of floor area; 37 low-efficiency parcels"))
        for file in ["retrofit.csv", "retrofit.geojson", "pockets.geojson", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let header = LandCtl.readText(out + "/retrofit.csv").split(separator: "\r\n").first.map(String.init) ?? ""
        #expect(header.hasPrefix("\u{FEFF}id,zone,area_mu,far,far_source,target_far,added_floor_area_m2,building_coverage,pocket_count,largest_pocket_m2,tax_per_mu,low_efficiency,priority"))
        let encouraged = try LandCtl.run(args + ["--out", Self.out("retrofit-2"), "--target", "encouraged"])
        #expect(encouraged.status == 1 && encouraged.stdout.contains("**133 retrofit candidates"))
    }

    @Test("usage and input errors exit 2: a bad date, target, field map or field; a ledger without dates")
    func errors() throws {
        let parcels = LandCtl.repo("shapes/parcels.geojson"), zones = LandCtl.repo("shapes/zones.geojson")
        let badDate = try LandCtl.run(["idle", "--parcels", parcels, "--as-of", "2025-02-29", "--out", Self.out("x")])
        #expect(badDate.status == 2 && badDate.stderr.contains("2025 is not a leap year"))
        let badTarget = try LandCtl.run(["retrofit", "--parcels", parcels, "--zones", zones, "--target", "high", "--out", Self.out("x")])
        #expect(badTarget.status == 2 && badTarget.stderr.contains("--target"))
        let badMap = try LandCtl.run(["idle", "--parcels", parcels, "--as-of", "2025-12-31", "--field-map", "start=开工", "--out", Self.out("x")])
        #expect(badMap.status == 2 && badMap.stderr.contains("unknown key 'start'"))
        let noField = try LandCtl.run(["idle", "--parcels", parcels, "--as-of", "2025-12-31", "--field-map", "agreed_start=开工", "--out", Self.out("x")])
        #expect(noField.status == 2 && noField.stderr.contains("'开工'"))
        let noDates = try LandCtl.run(["idle", "--parcels", zones, "--as-of", "2025-12-31", "--out", Self.out("x")])
        #expect(noDates.status == 2 && noDates.stderr.contains("no grant or start date field found"))
        let noZones = try LandCtl.run(["retrofit", "--parcels", parcels, "--out", Self.out("x")])
        #expect(noZones.status == 2)
    }
}
