import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `landctl` binary, as a user would.
enum LandCtl {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The test runner (`….xctest`) sits in the build folder next to the executable.
    /// (Not `Bundle.allBundles`: Foundation leaks there, which AddressSanitizer reports.)
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("landctl")

    typealias Result = Subprocess.Result

    /// Absolute path of a file in the repository (the child keeps the test's working folder).
    static func repo(_ relative: String) -> String { repoRoot.appendingPathComponent(relative).path }

    /// Runs landctl as a user would.
    static func run(_ arguments: [String]) throws -> Result {
        try Subprocess.run(binary.path, arguments)
    }

    /// Runs any program (by path) the same way.
    static func spawn(_ program: String, _ arguments: [String]) throws -> Result {
        try Subprocess.run(program, arguments)
    }

    static func readText(_ path: String) -> String { Subprocess.readText(path) }
}

@Suite("landctl command line")
struct CommandLineTests {
    @Test("info on the demo data: exit 0, the report names the area CRS and totals in 亩")
    func infoDemo() throws {
        let r = try LandCtl.run(["info", LandCtl.repo("shapes/parcels.geojson")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Features    258 (ok 258"))
        #expect(r.stdout.contains("EPSG:4550"))
        #expect(r.stdout.contains("亩"))
        #expect(r.stderr.isEmpty)
    }

    @Test("info exits 1 when geometries are invalid or unusable, and --json is machine-readable")
    func infoFindings() throws {
        let r = try LandCtl.run(["info", "--json", LandCtl.repo("shapes/ledger_problems.geojson")])
        #expect(r.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["invalid"] as? Int == 2) // ZS-0002 and ZS-0005; ZS-0004's open ring is unusable (error)
        #expect(object?["features"] as? Int == 6)
    }

    @Test("input and usage errors exit 2 with a message naming the file")
    func errors() throws {
        let missing = try LandCtl.run(["info", LandCtl.repo("no/such/file.geojson")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/file.geojson"))
        let folder = URL(fileURLWithPath: TemporaryFolder.untilExit(prefix: "lc-cli"))
        let broken = folder.appendingPathComponent("broken.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"#.write(to: broken, atomically: true, encoding: .utf8)
        let truncated = try LandCtl.run(["info", broken.path])
        #expect(truncated.status == 2)
        #expect(truncated.stderr.contains("broken.geojson:1:"))
        #expect(truncated.stderr.contains("truncated"))
        let usage = try LandCtl.run(["info", "--no-such-option", LandCtl.repo("shapes/parcels.geojson")])
        #expect(usage.status == 2)
        let badCRS = try LandCtl.run(["info", "--crs", "EPSG:0", LandCtl.repo("shapes/parcels.geojson")])
        #expect(badCRS.status == 2)
        #expect(badCRS.stderr.contains("EPSG:0"))
        #expect(try LandCtl.run(["--help"]).status == 0)
        #expect(try LandCtl.run(["info", "--encoding", "latin9", LandCtl.repo("shapes/parcels.csv")]).status == 2)
    }

    @Test("issue 19 from the command line: deep rules, /dev/zero, a FIFO, empty WKT, --out holding an input — exit 2 with the reason")
    func hostileRound2() throws {
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder + "/d", withIntermediateDirectories: true)
        let deep = folder + "/d.yaml"
        try ("a: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n").write(toFile: deep, atomically: true, encoding: .utf8)
        let r1 = try LandCtl.run(["rules", "--check", deep])
        #expect(r1.status == 2 && r1.stderr == "landctl: error: \(deep):1: nested more than 32 levels deep; a rules file needs a few levels (see `landctl rules --print-defaults`)\n")
        let r2 = try LandCtl.run(["rules", "--check", "/dev/zero"])
        #expect(r2.status == 2 && r2.stderr == "landctl: error: /dev/zero: is a character device, not a regular file\n")
        let fifo = folder + "/f.geojson"
        #expect(mkfifo(fifo, 0o644) == 0)
        let r3 = try LandCtl.run(["info", fifo])
        #expect(r3.status == 2 && r3.stderr == "landctl: error: \(fifo): is a FIFO (named pipe), not a regular file\n")
        let r4 = try LandCtl.run(["info", "--crs", "+init=\(fifo):1", LandCtl.repo("shapes/parcels.geojson")])
        #expect(r4.status == 2 && r4.stderr.contains("is a FIFO (named pipe), not a regular file"))
        FileManager.default.createFile(atPath: folder + "/e.wkt", contents: Data([0xEF, 0xBB, 0xBF]))
        let r5 = try LandCtl.run(["info", folder + "/e.wkt"])
        #expect(r5.status == 2 && r5.stderr.contains("e.wkt: the file is empty"))
        // --out holding the input: refused before anything is read or written.
        let input = folder + "/d/parcels.geojson"
        try FileManager.default.copyItem(atPath: LandCtl.repo("shapes/parcels.geojson"), toPath: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let r6 = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", input, "--out", folder + "/d"])
        #expect(r6.status == 2)
        #expect(r6.stderr.contains("\(input): is the same file as \(folder)/d/parcels.geojson, which this run would write"))
        // convert too: the output may not be the input, even through a symlink.
        #expect(symlink(input, folder + "/alias.geojson") == 0)
        let r7 = try LandCtl.run(["convert", input, folder + "/alias.geojson"])
        #expect(r7.status == 2 && r7.stderr.contains("\(input): is the same file as \(folder)/alias.geojson"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/d") == ["parcels.geojson"])
    }

    @Test("classify on the demo: exit 1 (violations), the five outputs, the summary printed")
    func classifyDemo() throws {
        let out = TemporaryFolder.untilExit()
        let r = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                 "--out", out, "--id-field", "parcel_id", "--lang", "en"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("| PARCEL_OVERLAP |"))
        // 8 violations and 3 to review since issue 18: the dormitory ZS-P0083 and the warehouse
        // ZS-P0056 in red lines are existing uses, for review (it was 10 and 1).
        #expect(r.stdout.contains("8 violations, 3 to review"))
        // stderr is a file here, not a terminal: no progress display in it.
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        for file in ["parcels.csv", "parcels.geojson", "conflicts.csv", "conflicts.geojson", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let bad = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                   "--out", out, "--zone-map", "M1=industrial"])
        #expect(bad.status == 2 && bad.stderr.contains("--zone-map"))
        let noField = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                       "--out", out, "--use-field", "nope"])
        #expect(noField.status == 2 && noField.stderr.contains("'nope'"))
    }

    @Test("validate on the demo: exit 1 (rejections), verdicts.csv with the fixed columns; rules --print-defaults parses back")
    func validateDemo() throws {
        let out = TemporaryFolder.untilExit()
        let r = try LandCtl.run(["validate", "--proposals", LandCtl.repo("shapes/proposals.geojson"), "--zones", LandCtl.repo("shapes/zones.geojson"),
                                 "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--rules", LandCtl.repo("shapes/rules-zhoushan.yaml"),
                                 "--constraints", LandCtl.repo("shapes/constraints.geojson"), "--out", out])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("| ZS-P0127 | 不通过 | 容积率下限 | 容积率 1.20 低于下限 1.50 |")) // the check's Chinese name (issue 18, item 9)
        #expect(r.stdout.contains("| ZS-P0247 | 不通过 | 三区三线 | 主要位于产业留白区，需先调整规划；占用生态保护红线 STBHHX-01 5,918.5 m²（8.88 亩）；位于城镇开发边界外 5,918.5 m²（8.88 亩） |"))
        let header = LandCtl.readText(out + "/verdicts.csv").split(separator: "\r\n").first.map(String.init) ?? ""
        // The operator in its own column (issue 18, item 10).
        #expect(header.hasPrefix("\u{FEFF}id,verdict,failed_checks,geometry_op,geometry_required,geometry_actual,geometry_result,area_declared_op,area_declared_required"))
        // --field-map on validate (issue 18, item 12): a key it does not know is a usage error.
        let badMap = try LandCtl.run(["validate", "--proposals", LandCtl.repo("shapes/proposals.geojson"), "--zones", LandCtl.repo("shapes/zones.geojson"),
                                      "--field-map", "site_area=出让面积", "--out", out + "-x"])
        #expect(badMap.status == 2 && badMap.stderr.contains("unknown key 'site_area'"))
        let mapped = try LandCtl.run(["validate", "--proposals", LandCtl.repo("shapes/proposals.geojson"), "--zones", LandCtl.repo("shapes/zones.geojson"),
                                      "--field-map", "site_area_m2=site_area_m2", "--out", out + "-y", "--lang", "en"])
        #expect(mapped.status == 1 && mapped.stdout.contains("--field-map: site_area_m2=`site_area_m2`"))
        let defaults = TemporaryFolder.untilExit(prefix: "lc-rules") + "/rules.yaml"
        let printed = try LandCtl.run(["rules", "--print-defaults"])
        try printed.stdout.write(toFile: defaults, atomically: true, encoding: .utf8)
        #expect(try LandCtl.run(["rules", "--check", defaults]).status == 0)
        try "grant:\n  edition: 2010\n".write(toFile: defaults, atomically: true, encoding: .utf8)
        let bad = try LandCtl.run(["rules", "--check", defaults])
        #expect(bad.status == 2 && bad.stderr.contains(":2: grant.edition: edition must be 2008 or 2023"))
    }

    /// Recorded from validate as it was before its checks and writing ran on both cores (one
    /// thread throughout: first at commit 21a212c, again at 7648ad7 when issue 18 changed the
    /// columns and the zone check); the parallel run must give the same bytes.
    @Test("validate on the demo with existing grants: verdicts.csv byte for byte as recorded")
    func validateDemoUnchanged() throws {
        let out = TemporaryFolder.untilExit()
        let r = try LandCtl.run(["validate", "--proposals", LandCtl.repo("shapes/proposals.geojson"), "--zones", LandCtl.repo("shapes/zones.geojson"),
                                 "--existing", LandCtl.repo("shapes/parcels.geojson"), "--rules", LandCtl.repo("shapes/rules-zhoushan.yaml"), "--out", out])
        #expect(r.status == 1, "\(r.stderr)")
        let recorded = try Data(contentsOf: URL(fileURLWithPath: Repository.fixture("validate_demo_verdicts.csv")))
        let now = try Data(contentsOf: URL(fileURLWithPath: out + "/verdicts.csv"))
        #expect(now == recorded, "verdicts.csv differs from Tests/Fixtures/validate_demo_verdicts.csv")
    }

    @Test("--timings reports the read throughput on stderr")
    func timings() throws {
        let r = try LandCtl.run(["info", "--timings", LandCtl.repo("shapes/parcels.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("MB/s"))
        #expect(r.stdout.contains("Features    258"))
    }
}
