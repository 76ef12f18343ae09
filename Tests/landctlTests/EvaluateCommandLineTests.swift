import Foundation
import Testing
import TestSupport

@Suite("landctl evaluate")
struct EvaluateCommandLineTests {
    static func out(_ name: String) -> String {
        TemporaryFolder.untilExit(prefix: "lc-cli-\(name)") + "/out"
    }

    /// The class counts are those of scripts/check_evaluate_reference.py, which recomputes
    /// every score, rank and class from shapes/enterprises.csv and the land in parcels.csv
    /// with the default rules ("173 firms rated, classes A 43, B 76, C 43, D 10; 0 differ");
    /// the firm without a parcel and the code without a firm are those make_demo.py prints.
    @Test("evaluate on the demo: exit 1 (class D and low-efficiency firms), the outputs, the joins, the classes")
    func demo() throws {
        let out = Self.out("evaluate")
        let r = try LandCtl.run(["evaluate", "--enterprises", LandCtl.repo("shapes/enterprises.csv"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                 "--zones", LandCtl.repo("shapes/zones.geojson"), "--id-field", "parcel_id", "--out", out, "--lang", "en"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("**173 firms rated (1 of them exempt, not graded), 0 not rated; 10 in class D;"))
        #expect(r.stdout.contains("Codes of no firm: `91330902FU068LBDPJ` (1)") && r.stdout.contains("Firms without parcels: `91330902XYLBLYM0F8`"))
        for file in ["enterprises.csv", "parcels.csv", "parcels.geojson", "summary.md", "report.html", "results.xlsx"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let lines = LandCtl.readText(out + "/enterprises.csv").split(separator: "\r\n").map(String.init)
        #expect(lines.count == 174)
        #expect(lines[0].hasPrefix("\u{FEFF}credit_code,name,group,land_mu,land_source,tax_per_mu,value_added_per_mu,"))
        #expect(lines[0].contains(",total,rank,class,low_efficiency,flags,"))
        let header = lines[0].dropFirst().split(separator: ",").map(String.init)
        let classColumn = header.firstIndex(of: "class")!
        var counts: [String: Int] = [:]
        for line in lines.dropFirst() {
            // Names hold no commas; flags may, quoted: the class column comes before them.
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            counts[fields[classColumn], default: 0] += 1
        }
        #expect(counts == ["A": 43, "B": 76, "C": 43, "D": 10, "—": 1])
        // The renter without a parcel is rated on its declared 4.5 亩: 21.4 万元 / 4.5 = 4.755556 万元/亩.
        #expect(lines.contains { $0.hasPrefix("91330902XYLBLYM0F8,舟山市定海区盐仓精密模具厂,below,4.5,declared,4.755556,") })
        let parcels = LandCtl.readText(out + "/parcels.csv")
        #expect(parcels.hasPrefix("\u{FEFF}id,credit_code,name,class,total,tax_per_mu,low_efficiency,zone,redline_share,status,ellipsoid_area_m2,area_mu"))
    }

    @Test("input errors exit 2: a missing table, a table without credit codes, parcels without the field")
    func errors() throws {
        let parcels = LandCtl.repo("shapes/parcels.geojson")
        let missing = try LandCtl.run(["evaluate", "--enterprises", "/nonexistent/firms.csv", "--parcels", parcels, "--out", Self.out("x")])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/firms.csv"))
        let folder = TemporaryFolder(prefix: "lc-eval-bad")
        defer { withExtendedLifetime(folder) {} }
        try "企业名称,税收\n一号,600\n".write(toFile: folder.file("firms.csv"), atomically: true, encoding: .utf8)
        let noCode = try LandCtl.run(["evaluate", "--enterprises", folder.file("firms.csv"), "--parcels", parcels, "--out", Self.out("x")])
        #expect(noCode.status == 2 && noCode.stderr.contains("no credit-code column"), "\(noCode.stderr)")
        let noField = try LandCtl.run(["evaluate", "--enterprises", LandCtl.repo("shapes/enterprises.csv"), "--parcels", parcels,
                                       "--enterprise-field", "uscc_code", "--out", Self.out("x")])
        #expect(noField.status == 2 && noField.stderr.contains("'uscc_code'"), "\(noField.stderr)")
    }
}
