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

@Suite("landctl audit")
struct AuditCommandLineTests {
    static let demo = ["audit", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--buildings", LandCtl.repo("shapes/buildings.geojson"),
                       "--zones", LandCtl.repo("shapes/zones.geojson"), "--id-field", "parcel_id", "--rules", LandCtl.repo("shapes/rules-zhoushan.yaml"),
                       "--lang", "en"]

    @Test("audit on the demo as of 2025-12-31: every stage, exit 1, the outputs; before any 标准地 grant exit 0")
    func demo() throws {
        let out = IdleRetrofitCommandLineTests.out("audit")
        let r = try LandCtl.run(Self.demo + ["--as-of", "2025-12-31", "--out", out])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("| ok | ok | 12 |") && r.stdout.contains("| rectify | rectify (整改) | 2 |")
                && r.stdout.contains("| penalty | penalty (违约金) | 2 |") && r.stdout.contains("| exit | exit (收回/退出) | 3 |"), "\(r.stdout.prefix(2000))")
        #expect(r.stdout.contains("| ZS-P0040 | exit | negative_list | COMPLETION_LATE, FAR_SHORT, NEGATIVE_LIST |"))
        #expect(r.stdout.contains("| ZS-P0199 | exit | not_started_exit_after_years |"))
        for file in ["audit.csv", "findings.csv", "parcels.geojson", "summary.md", "report.html", "results.xlsx"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        // ZS-P0250's only finding, worked out from its own ledger values: days from the completion
        // due date to the actual completion × 1 ‰ × the land price.
        let ledger = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: LandCtl.repo("shapes/parcels.geojson")))) as! [String: Any]
        let p = (ledger["features"] as! [[String: Any]]).map { $0["properties"] as! [String: Any] }.first { $0["parcel_id"] as? String == "ZS-P0250" }!
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        let days = Int((f.date(from: p["actual_completion"] as! String)!.timeIntervalSince(f.date(from: p["completion_due"] as! String)!) / 86_400).rounded())
        let price = p["land_price_wan"] as! Double
        let line = LandCtl.readText(out + "/findings.csv").split(separator: "\r\n").first { $0.hasPrefix("ZS-P0250,") }.map(String.init) ?? ""
        #expect(days > 0 && line.hasPrefix("ZS-P0250,COMPLETION_LATE,completion,\(p["completion_due"]!),\(p["actual_completion"]!),,\(days),penalty,late,"), "\(line)")
        let penalty = Double(line.split(separator: ",", omittingEmptySubsequences: false)[9]) ?? -1
        #expect(abs(penalty - Double(days) * 0.001 * price) < 1e-4, "\(penalty) vs \(days) d × \(price)")
        // Before any 标准地 grant nothing is audited: exit 0.
        let early = try LandCtl.run(Self.demo + ["--as-of", "2019-01-01", "--out", IdleRetrofitCommandLineTests.out("audit-early")])
        #expect(early.status == 0 && early.stdout.contains("(258; 0 audited)"), "\(early.stderr)")
    }

    @Test("--previous: the demo's penalties a year later, past their deadlines, exit; bad input exits 2")
    func previousAndErrors() throws {
        let first = IdleRetrofitCommandLineTests.out("audit-1")
        _ = try LandCtl.run(Self.demo + ["--as-of", "2025-12-31", "--out", first])
        let second = try LandCtl.run(Self.demo + ["--as-of", "2026-12-31", "--previous", first, "--out", IdleRetrofitCommandLineTests.out("audit-2")])
        #expect(second.status == 1 && second.stdout.contains("penalty_deadline_passed"), "\(second.stdout.suffix(3000))")
        let noContract = try LandCtl.run(["audit", "--parcels", LandCtl.repo("shapes/proposals.geojson"), "--as-of", "2025-12-31", "--out", IdleRetrofitCommandLineTests.out("x")])
        #expect(noContract.status == 2 && noContract.stderr.contains("no 标准地 contract field found"), "\(noContract.stderr)")
        let badPrevious = try LandCtl.run(Self.demo + ["--as-of", "2026-12-31", "--previous", "/nonexistent/audit", "--out", IdleRetrofitCommandLineTests.out("x")])
        #expect(badPrevious.status == 2 && badPrevious.stderr.contains("--previous"), "\(badPrevious.stderr)")
        let badDate = try LandCtl.run(Self.demo + ["--as-of", "2025-02-29", "--out", IdleRetrofitCommandLineTests.out("x")])
        #expect(badDate.status == 2 && badDate.stderr.contains("2025 is not a leap year"))
    }
}
