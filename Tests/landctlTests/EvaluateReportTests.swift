import Foundation
import Testing
import TestSupport

/// evaluate's report.html in headless Chromium: the parcels coloured by their firm's class.
@Suite("evaluate: report.html")
struct EvaluateReportTests {
    @Test("the demo's report opens without a request or console error; a parcel of each class shows its class colour where parcels.geojson puts it")
    func classColours() throws {
        if let why = ReportTools.missing(python: ["json"], chromium: true) {
            print(why)
            return
        }
        let python = ReportTools.python(with: ["json"])!
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let out = folder.file("evaluate")
        let r = try LandCtl.run(["evaluate", "--enterprises", LandCtl.repo("shapes/enterprises.csv"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                 "--zones", LandCtl.repo("shapes/zones.geojson"), "--id-field", "parcel_id", "--lang", "en", "--out", out])
        #expect(r.status == 1, "\(r.stderr)")
        // Places from the run's parcels.geojson, converted to the area CRS (EPSG:4550) by convert.
        let parcels = try ReportTests.projected(out + "/parcels.geojson", folder)
        let palette = ["A": "#1a9850", "B": "#91cf60", "C": "#fee08b", "D": "#d73027", "—": "#8073ac", "": "#e0e0e0"]
        var points: [(cls: String, point: (Double, Double))] = []
        for cls in ["A", "B", "C", "D", "—", ""] {
            // The largest parcel of that class, at its point farthest from any edge.
            let largest = parcels.filter { ($0.row["class"] ?? "") == cls && !$0.polygons.isEmpty }
                .max { Double($0.row["area_mu"] ?? "") ?? 0 < Double($1.row["area_mu"] ?? "") ?? 0 }
            let parcel = try #require(largest, "class '\(cls)'")
            let p = try #require(ReportTests.interiorPoint(parcel.polygons, avoiding: parcels.filter { $0.row["id"] != parcel.row["id"] }.flatMap(\.polygons)))
            #expect(p.clearance > 10, "class '\(cls)': \(p.clearance) m from an edge")
            points.append((cls, p.point))
        }
        let job = folder.file("job.json")
        try JSONSerialization.data(withJSONObject: ["pages": [["path": out + "/report.html",
                                                               "views": [["hide": ["zones"], "points": points.map { [$0.point.0, $0.point.1] }]]]]])
            .write(to: URL(fileURLWithPath: job))
        let text = try ReportTools.runPython(python, script: LandCtl.readText(LandCtl.repo("scripts/report_browser.py")), [ReportTools.chromium!, job])
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let page = try #require((result["pages"] as? [[String: Any]])?.first)
        #expect(page["ready"] as? Bool == true)
        #expect((page["requests"] as? [String] ?? []).allSatisfy { $0.hasPrefix("file://") || $0.hasPrefix("data:") || $0.hasPrefix("blob:") })
        #expect((page["console"] as? [String] ?? ["?"]).isEmpty, "\(page["console"] ?? "")")
        let views = try #require(page["views"] as? [[[String: Any]]])
        for (k, p) in points.enumerated() {
            let around = views[0][k]["around"] as? [[Int]] ?? []
            #expect(around.filter { ReportTests.near($0, palette[p.cls]!) }.count >= 13, "class '\(p.cls)': \(around.prefix(5))")
        }
    }
}
