import Foundation
import Testing
import TestSupport

/// Issue 15: every command gives one answer — the same ids, the same zone for a parcel, the
/// same exit code for unusable input — and swapped axes are named as such, with the option
/// that fixes them.
@Suite("one answer from every command")
struct OneAnswerTests {
    /// A CSV's rows as dictionaries (RFC 4180: quoted fields with commas and doubled quotes).
    static func rows(_ path: String) -> [[String: String]] {
        let text = LandCtl.readText(path).replacingOccurrences(of: "\u{FEFF}", with: "")
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false
        var chars = Array(text), i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { record.append(field); field = ""
            } else if c == "\r\n" || c == "\n" { record.append(field); records.append(record); record = []; field = ""
            } else { field.append(c) }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        chars = []
        guard let header = records.first else { return [] }
        return records.dropFirst().map { r in
            var row: [String: String] = [:]
            for (k, v) in zip(header, r) where row[k] == nil { row[k] = v }
            return row
        }
    }

    /// A hand-made district near Zhoushan: a cluster zone and a red line inside it, three
    /// parcels of 100 × 100 m (about 0.00104° × 0.0009°) whose number is in a property `id`.
    static func district(_ folder: TemporaryFolder, swapped: Set<Int> = []) throws -> (zones: String, parcels: String) {
        let zones = folder.file("zones.geojson")
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"zone_id":"C","zone":"cluster"},"geometry":{"type":"Polygon","coordinates":[[[122.0,30.0],[122.01,30.0],[122.01,30.01],[122.0,30.01],[122.0,30.0]]]}},
        {"type":"Feature","properties":{"zone_id":"L","zone":"redline"},"geometry":{"type":"Polygon","coordinates":[[[122.0,30.0],[122.003,30.0],[122.003,30.003],[122.0,30.003],[122.0,30.0]]]}}
        ]}
        """.write(toFile: zones, atomically: true, encoding: .utf8)
        var features: [String] = []
        for k in 0..<3 {
            let x0 = 122.0005 + Double(k) * 0.003, y0 = 30.0005
            var ring = [(x0, y0), (x0 + 0.00104, y0), (x0 + 0.00104, y0 + 0.0009), (x0, y0 + 0.0009), (x0, y0)]
            if swapped.contains(k) { ring = ring.map { ($0.1, $0.0) } }
            let coordinates = ring.map { "[\($0.0),\($0.1)]" }.joined(separator: ",")
            features.append("""
            {"type":"Feature","properties":{"id":"宗地-\(k + 1)","land_use":"M1","status":"existing","grant_date":"2015-01-01","agreed_start":"2015-06-01","actual_start":"2015-05-01","floor_area_m2":5000,"tax_wan":100},"geometry":{"type":"Polygon","coordinates":[[\(coordinates)]]}}
            """)
        }
        let parcels = folder.file("parcels.geojson")
        try ("{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}").write(toFile: parcels, atomically: true, encoding: .utf8)
        return (zones, parcels)
    }

    @Test("a property named id gives the same ids in classify, validate, idle and retrofit, and the summary names it")
    func sameIDs() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let (zones, parcels) = try Self.district(folder)
        let classify = try LandCtl.run(["classify", "--zones", zones, "--parcels", parcels, "--out", folder.file("c"), "--lang", "en"])
        let validate = try LandCtl.run(["validate", "--proposals", parcels, "--zones", zones, "--out", folder.file("v"), "--lang", "en"])
        let idle = try LandCtl.run(["idle", "--parcels", parcels, "--zones", zones, "--as-of", "2025-12-31", "--out", folder.file("i"), "--lang", "en"])
        let retrofit = try LandCtl.run(["retrofit", "--parcels", parcels, "--zones", zones, "--as-of", "2025-12-31", "--out", folder.file("r"), "--lang", "en"])
        for r in [classify, validate, idle, retrofit] { #expect(r.status <= 1, "\(r.stderr)") }
        let expected = ["宗地-1", "宗地-2", "宗地-3"]
        #expect(Self.rows(folder.file("c/parcels.csv")).map { $0["id"] ?? "" } == expected)
        #expect(Self.rows(folder.file("v/verdicts.csv")).map { $0["id"] ?? "" } == expected)
        #expect(Self.rows(folder.file("i/idle.csv")).map { $0["id"] ?? "" } == expected)
        #expect(Self.rows(folder.file("r/retrofit.csv")).map { $0["id"] ?? "" } == expected)
        #expect(classify.stdout.contains("id `id`"), "\(classify.stdout)")
        // The first parcel lies in the red line L, inside the cluster C: zone cluster, red line 1.
        let c = Self.rows(folder.file("c/parcels.csv")), i = Self.rows(folder.file("i/idle.csv")), r = Self.rows(folder.file("r/retrofit.csv"))
        #expect(c.map { $0["zone"] ?? "" } == ["cluster", "cluster", "cluster"])
        #expect(i.map { $0["zone"] ?? "" } == ["cluster", "cluster", "cluster"] && r.map { $0["zone"] ?? "" } == ["cluster", "cluster", "cluster"])
        #expect(c.map { $0["redline_share"] ?? "" } == ["1", "0", "0"], "\(c.map { $0["redline_share"] ?? "" })")
        #expect(i.map { $0["redline_share"] ?? "" } == ["1", "0", "0"], "\(i.map { $0["redline_share"] ?? "" })")
    }

    @Test("the demo: every parcel has the same zone in classify, validate, idle and retrofit, with the same id")
    func sameZones() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let zones = LandCtl.repo("shapes/zones.geojson"), parcels = LandCtl.repo("shapes/parcels.geojson")
        _ = try LandCtl.run(["classify", "--zones", zones, "--parcels", parcels, "--out", folder.file("c")])
        _ = try LandCtl.run(["validate", "--proposals", parcels, "--zones", zones, "--out", folder.file("v")])
        _ = try LandCtl.run(["idle", "--parcels", parcels, "--zones", zones, "--as-of", "2025-12-31", "--out", folder.file("i")])
        _ = try LandCtl.run(["retrofit", "--parcels", parcels, "--zones", zones, "--as-of", "2025-12-31", "--out", folder.file("r")])
        let c = Self.rows(folder.file("c/parcels.csv")), v = Self.rows(folder.file("v/verdicts.csv"))
        let i = Self.rows(folder.file("i/idle.csv")), r = Self.rows(folder.file("r/retrofit.csv"))
        try #require(c.count == 258 && v.count == 258 && i.count == 258 && r.count == 258)
        var seen = Set<String>()
        for k in 0..<258 {
            let id = c[k]["id"] ?? ""
            #expect(v[k]["id"] == id && i[k]["id"] == id && r[k]["id"] == id, "row \(k + 1)")
            let zone = c[k]["zone"] ?? ""
            // validate names the dominant zone first, then the split ("cluster (cluster 57.8 %, …)").
            let validated = String((v[k]["zone_actual"] ?? "").prefix { $0 != " " })
            #expect(validated == zone && i[k]["zone"] == zone && r[k]["zone"] == zone,
                    "\(id): classify \(zone), validate \(v[k]["zone_actual"] ?? ""), idle \(i[k]["zone"] ?? ""), retrofit \(r[k]["zone"] ?? "")")
            seen.insert(zone)
        }
        #expect(seen == ["cluster", "transition", "reserve", "outside"])
    }

    @Test("swapped axes: the whole layer → an error naming --swap-xy and no latitude beyond 90°; with --swap-xy the same answer; one feature → that feature's reason")
    func swappedAxes() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let plain = try Self.district(folder)
        _ = try LandCtl.run(["classify", "--zones", plain.zones, "--parcels", plain.parcels, "--out", folder.file("plain")])
        let sub = TemporaryFolder()
        defer { withExtendedLifetime(sub) {} } // deleted when the test ends, not after its last mention
        let all = try Self.district(sub, swapped: [0, 1, 2])
        let refused = try LandCtl.run(["classify", "--zones", plain.zones, "--parcels", all.parcels, "--out", folder.file("refused")])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--swap-xy") && refused.stderr.contains("look swapped"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("°N"), "no centre is claimed off the globe: \(refused.stderr)")
        let info = try LandCtl.run(["info", all.parcels])
        #expect(info.stdout.contains("--swap-xy"), "\(info.stdout)")
        // --swap-xy turns every layer of the run: the zones are given swapped too.
        let zonesSwapped = sub.file("zones-swapped.geojson")
        var zoneText = LandCtl.readText(plain.zones)
        for (a, b) in [("122.0,30.0", "X1"), ("122.01,30.0", "X2"), ("122.01,30.01", "X3"), ("122.0,30.01", "X4"), ("122.003,30.0", "X5"),
                       ("122.003,30.003", "X6"), ("122.0,30.003", "X7")] { zoneText = zoneText.replacingOccurrences(of: "[\(a)]", with: b) }
        for (b, a) in [("X1", "30.0,122.0"), ("X2", "30.0,122.01"), ("X3", "30.01,122.01"), ("X4", "30.01,122.0"), ("X5", "30.0,122.003"),
                       ("X6", "30.003,122.003"), ("X7", "30.003,122.0")] { zoneText = zoneText.replacingOccurrences(of: b, with: "[\(a)]") }
        try zoneText.write(toFile: zonesSwapped, atomically: true, encoding: .utf8)
        let fixed = try LandCtl.run(["classify", "--zones", zonesSwapped, "--parcels", all.parcels, "--swap-xy", "--out", folder.file("fixed")])
        #expect(fixed.status <= 1, "\(fixed.stderr)")
        let a = Self.rows(folder.file("plain/parcels.csv")), b = Self.rows(folder.file("fixed/parcels.csv"))
        #expect(a.map { $0["area_m2"] ?? "" } == b.map { $0["area_m2"] ?? "" } && a.map { $0["zone"] ?? "" } == b.map { $0["zone"] ?? "" })
        #expect(a.map { $0["redline_m2"] ?? "" } == b.map { $0["redline_m2"] ?? "" })
        // One swapped feature among good ones: that parcel is an error saying why; exit 1.
        let one = TemporaryFolder()
        defer { withExtendedLifetime(one) {} } // deleted when the test ends, not after its last mention
        let mixed = try Self.district(one, swapped: [1])
        let r = try LandCtl.run(["classify", "--zones", plain.zones, "--parcels", mixed.parcels, "--out", folder.file("mixed")])
        #expect(r.status == 1, "\(r.stderr)")
        let rows = Self.rows(folder.file("mixed/parcels.csv"))
        #expect(rows.map { $0["status"] ?? "" } == ["ok", "error", "ok"])
        #expect(rows[1]["flags"]?.contains("--swap-xy") == true, "\(rows[1])")
    }

    @Test("exit codes agree: a layer whose only parcel is unusable is a finding (1) for info, classify, idle and retrofit; 2 with --strict")
    func exitCodes() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let (zones, _) = try Self.district(folder)
        let parcels = folder.file("broken.geojson")
        try """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"X","agreed_start":"2015-06-01","floor_area_m2":100},"geometry":{"type":"Polygon","coordinates":[[[122.001,30.001],[122.002,30.001],[122.002,30.002]]]}}]}
        """.write(toFile: parcels, atomically: true, encoding: .utf8)
        #expect(try LandCtl.run(["info", parcels]).status == 1)
        #expect(try LandCtl.run(["classify", "--zones", zones, "--parcels", parcels, "--out", folder.file("c")]).status == 1)
        #expect(try LandCtl.run(["idle", "--parcels", parcels, "--zones", zones, "--as-of", "2025-12-31", "--out", folder.file("i")]).status == 1)
        #expect(try LandCtl.run(["retrofit", "--parcels", parcels, "--zones", zones, "--as-of", "2025-12-31", "--out", folder.file("r")]).status == 1)
        #expect(try LandCtl.run(["validate", "--proposals", parcels, "--zones", zones, "--out", folder.file("v")]).status == 1)
        let strict = try LandCtl.run(["classify", "--zones", zones, "--parcels", parcels, "--out", folder.file("s"), "--strict"])
        #expect(strict.status == 2 && !FileManager.default.fileExists(atPath: folder.file("s")))
    }
}
