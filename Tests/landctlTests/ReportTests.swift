import Foundation
import Testing
import TestSupport

/// report.html opened in Debian's headless Chromium (scripts/report_browser.py drives it over
/// the DevTools protocol; one browser for every page), results.xlsx read back with openpyxl
/// and converted by LibreOffice, and --regions against hand-made and real boundaries.
@Suite("report.html and results.xlsx")
struct ReportTests {
    /// Runs the four commands on the demo district into `folder` (classify in Chinese, the
    /// others in English); returns each command's output folder.
    static func demo(_ folder: TemporaryFolder, extra: [String] = []) throws -> [String: String] {
        let shapes = { (name: String) in LandCtl.repo("shapes/" + name) }
        let runs: [(String, [String])] = [
            ("classify", ["classify", "--zones", shapes("zones.geojson"), "--parcels", shapes("parcels.geojson"), "--id-field", "parcel_id"]),
            ("validate", ["validate", "--proposals", shapes("proposals.geojson"), "--zones", shapes("zones.geojson"), "--existing", shapes("parcels.geojson"),
                          "--rules", shapes("rules-zhoushan.yaml"), "--lang", "en"]),
            ("idle", ["idle", "--parcels", shapes("parcels.geojson"), "--buildings", shapes("buildings.geojson"), "--zones", shapes("zones.geojson"),
                      "--id-field", "parcel_id", "--as-of", "2025-12-31", "--lang", "en"]),
            ("retrofit", ["retrofit", "--parcels", shapes("parcels.geojson"), "--buildings", shapes("buildings.geojson"), "--zones", shapes("zones.geojson"),
                          "--id-field", "parcel_id", "--as-of", "2025-12-31", "--lang", "en"]),
        ]
        var out: [String: String] = [:]
        for (name, args) in runs {
            let dir = folder.file(name)
            let r = try LandCtl.run(args + ["--out", dir] + extra)
            #expect(r.status == 1, "\(name): \(r.stderr)") // the demo has findings on purpose
            #expect(r.stderr.isEmpty, "\(name): \(r.stderr)")
            out[name] = dir
        }
        return out
    }

    // MARK: Geometry helpers (independent of landctl's map code)

    /// Polygons (rings of x, y) of a WKT POLYGON / MULTIPOLYGON.
    static func polygons(wkt: String) -> [[[(Double, Double)]]] {
        var polygons: [[[(Double, Double)]]] = [], rings: [[(Double, Double)]] = [], ring: [(Double, Double)] = []
        var depth = 0, number = ""
        var pair: [Double] = []
        let multi = wkt.hasPrefix("MULTIPOLYGON")
        for c in wkt {
            switch c {
            case "(":
                depth += 1
            case ")", ",", " ":
                if !number.isEmpty { pair.append(Double(number)!); number = "" }
                if c != " ", pair.count >= 2 { ring.append((pair[0], pair[1])); pair = [] }
                if c == ")" {
                    if depth == (multi ? 3 : 2) { rings.append(ring); ring = [] }
                    if depth == (multi ? 2 : 1) { polygons.append(rings); rings = [] }
                    depth -= 1
                }
            default:
                if depth > 0 { number.append(c) }
            }
        }
        return polygons
    }

    static func inside(_ p: (Double, Double), _ polygon: [[(Double, Double)]]) -> Bool {
        var c = false
        for ring in polygon {
            var j = ring.count - 1
            for i in ring.indices {
                let (xi, yi) = ring[i], (xj, yj) = ring[j]
                if (yi > p.1) != (yj > p.1), p.0 < (xj - xi) * (p.1 - yi) / (yj - yi) + xi { c.toggle() }
                j = i
            }
        }
        return c
    }

    static func distanceToEdges(_ p: (Double, Double), _ polygon: [[(Double, Double)]]) -> Double {
        var best = Double.infinity
        for ring in polygon where ring.count > 1 {
            for i in 1..<ring.count {
                let (ax, ay) = ring[i - 1], (bx, by) = ring[i]
                let dx = bx - ax, dy = by - ay
                let t = max(0, min(1, ((p.0 - ax) * dx + (p.1 - ay) * dy) / max(dx * dx + dy * dy, 1e-12)))
                best = min(best, hypot(p.0 - ax - t * dx, p.1 - ay - t * dy))
            }
        }
        return best
    }

    /// The point of a 60×60 grid over `target` inside it and outside every polygon of
    /// `others` farthest from all their edges, and that distance.
    static func interiorPoint(_ target: [[[(Double, Double)]]], avoiding others: [[[(Double, Double)]]]) -> (point: (Double, Double), clearance: Double)? {
        let all = target.flatMap { $0.flatMap { $0 } }
        guard let minX = all.map(\.0).min(), let maxX = all.map(\.0).max(), let minY = all.map(\.1).min(), let maxY = all.map(\.1).max() else { return nil }
        var best: ((Double, Double), Double)?
        for i in 0..<60 {
            for j in 0..<60 {
                let p = (minX + (Double(i) + 0.5) / 60 * (maxX - minX), minY + (Double(j) + 0.5) / 60 * (maxY - minY))
                guard target.contains(where: { inside(p, $0) }), !others.contains(where: { inside(p, $0) }) else { continue }
                let d = (target + others).map { distanceToEdges(p, $0) }.min() ?? 0
                if d > (best?.1 ?? -1) { best = (p, d) }
            }
        }
        return best.map { ($0.0, $0.1) }
    }

    /// Features of a layer converted by `landctl convert` to a CSV in EPSG:4550 (the demo's
    /// area CRS): the CSV's rows by column name, with their polygons.
    static func projected(_ path: String, _ folder: TemporaryFolder) throws -> [(row: [String: String], polygons: [[[(Double, Double)]]])] {
        let csv = folder.file("proj-\(UUID().uuidString).csv")
        let r = try LandCtl.run(["convert", path, csv, "--to-crs", "EPSG:4550"])
        #expect(r.status <= 1, "\(r.stderr)")
        let rows = CSV.parse(LandCtl.readText(csv))
        let header = rows[0]
        return rows.dropFirst().map { values in
            let row = Dictionary(zip(header, values).map { ($0, $1) }, uniquingKeysWith: { a, _ in a })
            return (row, polygons(wkt: row["wkt"] ?? ""))
        }
    }

    static func near(_ a: [Int], _ hex: String, tolerance: Int = 14) -> Bool {
        let v = Int(hex.dropFirst(), radix: 16)!
        let rgb = [(v >> 16) & 255, (v >> 8) & 255, v & 255]
        return zip(a, rgb).allSatisfy { abs($0 - $1) <= tolerance }
    }

    // MARK: Browser

    @Test("every command's demo report opens in headless Chromium: no network request, no console error; the map shows each zone kind's colour, the red line and the conflict colour where the data puts them; clicking a row and searching an id zoom the map to it")
    func browser() throws {
        if let why = ReportTools.missing(python: ["json"], chromium: true) {
            print(why)
            return
        }
        let python = ReportTools.python(with: ["json"])!
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let outs = try Self.demo(folder)

        // Expected places, from the input zones and the conflicts as GDAL-free CSV in the area CRS.
        let zones = try Self.projected(LandCtl.repo("shapes/zones.geojson"), folder)
        let kinds = ["cluster", "transition", "reserve", "redline"]
        let polygonsOf = { (kind: String) in zones.filter { $0.row["zone"] == kind }.flatMap(\.polygons) }
        var zonePoints: [(kind: String, point: (Double, Double))] = []
        for kind in kinds {
            // Outside every other zone (a red line lies inside a cluster); the red line anywhere inside.
            let others = kind == "redline" ? [] : kinds.filter { $0 != kind }.flatMap(polygonsOf)
            let p = try #require(Self.interiorPoint(polygonsOf(kind), avoiding: others), "\(kind)")
            #expect(p.clearance > 20, "\(kind): \(p.clearance) m from an edge")
            zonePoints.append((kind, p.point))
        }
        let conflicts = try Self.projected(outs["classify"]! + "/conflicts.geojson", folder)
        let violations = conflicts.enumerated().filter { $0.element.row["severity"] == "violation" && !$0.element.polygons.isEmpty }
        let largest = try #require(violations.max { Double($0.element.row["area_m2"]!)! < Double($1.element.row["area_m2"]!)! })
        let conflictPoint = try #require(Self.interiorPoint(largest.element.polygons,
                                                             avoiding: conflicts.enumerated().filter { $0.offset != largest.offset }.flatMap(\.element.polygons)))
        let parcels = try Self.projected(outs["classify"]! + "/parcels.geojson", folder)
        let searched = 57
        let searchID = try #require(parcels[searched].row["id"])
        let searchPoint = try #require(Self.interiorPoint(parcels[searched].polygons, avoiding: []))

        var pages: [[String: Any]] = []
        let shot = folder.file("classify.png")
        pages.append([
            "path": outs["classify"]! + "/report.html",
            "views": [["hide": ["parcels", "conflicts"], "points": zonePoints.map { [$0.point.0, $0.point.1] }],
                      ["hide": [], "points": [[conflictPoint.point.0, conflictPoint.point.1]]]],
            "click_row": ["list": "conflicts", "row": largest.offset, "point": [conflictPoint.point.0, conflictPoint.point.1]],
            "search": searchID, "search_point": [searchPoint.point.0, searchPoint.point.1],
            "screenshot": shot,
        ])
        for name in ["validate", "idle", "retrofit"] { pages.append(["path": outs[name]! + "/report.html"]) }
        let job = folder.file("job.json")
        try JSONSerialization.data(withJSONObject: ["pages": pages]).write(to: URL(fileURLWithPath: job))
        let text = try ReportTools.runPython(python, script: LandCtl.readText(LandCtl.repo("scripts/report_browser.py")), [ReportTools.chromium!, job])
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let got = try #require(result["pages"] as? [[String: Any]])
        #expect(got.count == 4)
        for page in got {
            let path = page["path"] as? String ?? ""
            #expect(page["ready"] as? Bool == true, "\(path)")
            // Nothing but the file itself: no CDN, fonts or tiles.
            let requests = page["requests"] as? [String] ?? []
            #expect(!requests.isEmpty && requests.allSatisfy { $0.hasPrefix("file://") || $0.hasPrefix("data:") || $0.hasPrefix("blob:") }, "\(path): \(requests)")
            #expect((page["console"] as? [String] ?? ["?"]).isEmpty, "\(path): \(page["console"] ?? "")")
            let html = LandCtl.readText(path)
            for pattern in ["src=\"http", "href=\"http", "url(http", "@import", "<link"] { #expect(!html.contains(pattern), "\(path): \(pattern)") }
        }
        let classify = got[0]
        let views = try #require(classify["views"] as? [[[String: Any]]])
        // Zones alone: each kind's tint at its point; the red line's hatching in red.
        let palette = ["cluster": "#9ecae9", "transition": "#f6c88a", "reserve": "#a8ddb5"]
        for (k, z) in zonePoints.enumerated() {
            let around = views[0][k]["around"] as? [[Int]] ?? []
            if let colour = palette[z.kind] {
                let matching = around.filter { Self.near($0, colour) }.count
                #expect(matching >= 13, "\(z.kind) at \(views[0][k]["screen"] ?? ""): \(around.prefix(5))")
            } else {
                #expect(around.contains { Self.near($0, "#d00000", tolerance: 40) }, "red line at \(views[0][k]["screen"] ?? ""): \(around)")
            }
        }
        // Every layer: the violation's colour on top of its parcel.
        let conflictAround = views[1][0]["around"] as? [[Int]] ?? []
        #expect(conflictAround.filter { Self.near($0, "#cc79a7") }.count >= 13, "\(conflictAround)")
        // Click on the table row: that conflict selected, the map zoomed in with it in the middle.
        let start = try #require((classify["view"] as? [String: Any])?["s"] as? Double)
        for (key, layer, index) in [("click", "conflicts", largest.offset), ("search", "parcels", searched)] {
            let sel = try #require(classify[key] as? [String: Any], "\(key)")
            #expect(sel["layer"] as? String == layer && sel["index"] as? Int == index, "\(key): \(sel)")
            #expect((sel["scale"] as? Double ?? 0) > start * 1.5, "\(key): not zoomed in: \(sel)")
            let centre = sel["centre"] as? [Double] ?? [0, 0], point = sel["point"] as? [Double] ?? [-1e9, -1e9]
            #expect(abs(point[0] - centre[0]) < centre[0] * 0.4 && abs(point[1] - centre[1]) < centre[1] * 0.4, "\(key): \(point) vs centre \(centre)")
        }
        #expect(FileManager.default.fileExists(atPath: shot))
    }

    // MARK: Workbook

    @Test("results.xlsx: sheet names, headers in the run's language, every number a numeric cell equal to the CSV's, ids as text; LibreOffice converts each workbook")
    func workbook() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let outs = try Self.demo(folder)
        guard let python = ReportTools.python(with: ["openpyxl"]) else {
            print(ReportTools.missing(python: ["openpyxl"])!)
            return
        }
        let expected: [(String, [String], [(sheet: String, csv: String)])] = [
            ("classify", ["汇总", "冲突清单", "地块"], [("冲突清单", "conflicts.csv"), ("地块", "parcels.csv")]),
            ("validate", ["Summary", "Verdicts"], [("Verdicts", "verdicts.csv")]),
            ("idle", ["Summary", "Idle land"], [("Idle land", "idle.csv")]),
            ("retrofit", ["Summary", "Candidates, low efficiency", "Pockets", "小微企业园 sites"], [("Candidates, low efficiency", "retrofit.csv")]),
        ]
        for (command, names, lists) in expected {
            let book = try ReportTools.dumpWorkbook(outs[command]! + "/results.xlsx", python: python)
            #expect(book.map(\.name) == names, "\(command)")
            for (sheetName, csvName) in lists {
                let sheet = try #require(book.first { $0.name == sheetName })
                let csv = CSV.parse(LandCtl.readText(outs[command]! + "/" + csvName))
                #expect(sheet.rows.count == csv.count, "\(command) \(sheetName)")
                #expect(sheet.freeze == "A2" && sheet.filter?.hasPrefix("A1:") == true)
                let header = sheet.rows[0].map(\.value)
                if command == "classify" {
                    #expect(Array(header.prefix(4)) == ["编号", "几何状态", "面积 (m²)", "面积 (亩)"] || sheetName == "冲突清单", "\(header.prefix(4))")
                } else {
                    #expect(header.first == "id" || header.first == "rule", "\(header.prefix(3))")
                }
                var numbers = 0
                // Number columns: every value a number, none written with a leading zero (codes such as 007 are text).
                let numberColumns = Set(csv[0].indices.filter { c in
                    let values = csv.dropFirst().map { c < $0.count ? $0[c] : "" }.filter { !$0.isEmpty }
                    return !values.isEmpty && values.allSatisfy { Double($0) != nil && ($0.first != "0" || $0.hasPrefix("0.") || $0 == "0") }
                })
                for (r, row) in csv.enumerated().dropFirst() {
                    for (c, value) in row.enumerated() where !value.isEmpty {
                        let cell = sheet.rows[r][c]
                        if csv[0][c] == "id" || csv[0][c] == "parcel_id" {
                            #expect(cell.type == "s" && cell.value == value, "\(command) row \(r) id: \(cell) vs \(value)")
                        } else if numberColumns.contains(c), let n = Double(value) {
                            // A number in the CSV is a number cell in the workbook, equal to it.
                            #expect(cell.type == "n" && Double(cell.value) == n, "\(command) \(sheetName) row \(r) \(csv[0][c]): \(cell) vs \(value)")
                            numbers += 1
                        } else {
                            #expect(cell.value == value, "\(command) \(sheetName) row \(r) \(csv[0][c])")
                        }
                    }
                }
                #expect(numbers > 0, "\(command) \(sheetName)")
            }
        }
        // LibreOffice opens and converts every workbook (one launch for all four).
        guard let office = ReportTools.libreOffice else {
            print(ReportTools.missing(libreOffice: true)!)
            return
        }
        let converted = folder.file("lo")
        var args = ["--headless", "-env:UserInstallation=file://" + folder.file("lo-profile"), "--convert-to", "csv", "--outdir", converted]
        for (k, command) in ["classify", "validate", "idle", "retrofit"].enumerated() {
            let copy = folder.file("\(k)-\(command).xlsx")
            try FileManager.default.copyItem(atPath: outs[command]! + "/results.xlsx", toPath: copy)
            args.append(copy)
        }
        let r = try LandCtl.spawn(office, args)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        for (k, command) in ["classify", "validate", "idle", "retrofit"].enumerated() {
            let text = LandCtl.readText(converted + "/\(k)-\(command).csv")
            #expect(!text.isEmpty, "\(command): \(r.stdout) \(r.stderr)")
        }
        // The summary sheet of classify starts with summary.md's first table, numbers as numbers.
        let summary = try ReportTools.dumpWorkbook(outs["classify"]! + "/results.xlsx", python: python)[0]
        let row = try #require(summary.rows.first { $0.first?.value.hasPrefix("工业集聚区") == true })
        #expect(row[1].type == "n", "\(row)")
    }

    @Test("--no-report and --no-xlsx leave their file out")
    func optOut() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let out = folder.file("out")
        let r = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                 "--out", out, "--id-field", "parcel_id", "--no-report", "--no-xlsx"])
        #expect(r.status == 1, "\(r.stderr)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        #expect(!files.contains("report.html") && !files.contains("results.xlsx") && files.contains("summary.md"), "\(files)")
        let bad = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                   "--out", out, "--regions", LandCtl.repo("shapes/zones.geojson")])
        #expect(bad.status == 2 && bad.stderr.contains("--region-field"), "\(bad.stderr)")
    }

    // MARK: Regions

    @Test("--regions: two hand-made halves of the district; each parcel in the half holding its centre, parcels on the cut flagged, the table per region adds up")
    func regions() throws {
        guard let python = ReportTools.python(with: ["openpyxl"]) else {
            print(ReportTools.missing(python: ["openpyxl"])!)
            return
        }
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        // The cut: a meridian through the district (lon/lat, EPSG:4490 like the parcels).
        let cut = 122.1, south = 29.98, north = 30.02, west = 122.07, east = 122.13
        let regions = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"乡镇":"西镇"},"geometry":{"type":"Polygon","coordinates":[[[\(west),\(south)],[\(cut),\(south)],[\(cut),\(north)],[\(west),\(north)],[\(west),\(south)]]]}},
        {"type":"Feature","properties":{"乡镇":"东镇"},"geometry":{"type":"Polygon","coordinates":[[[\(cut),\(south)],[\(east),\(south)],[\(east),\(north)],[\(cut),\(north)],[\(cut),\(south)]]]}}]}
        """
        let regionFile = folder.file("regions.geojson")
        try regions.write(toFile: regionFile, atomically: true, encoding: .utf8)
        let out = folder.file("out")
        let r = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                 "--out", out, "--id-field", "parcel_id", "--regions", regionFile, "--region-field", "乡镇"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("## 按区域统计"), "\(r.stdout.suffix(800))")
        #expect(LandCtl.readText(out + "/summary.md").contains("| 西镇 |"))
        // Expected from the parcels' own coordinates: the side of the cut each lies on.
        let geojson = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: LandCtl.repo("shapes/parcels.geojson")))) as! [String: Any]
        var expected: [(side: String, across: Bool)] = []
        for f in geojson["features"] as! [[String: Any]] {
            let g = f["geometry"] as! [String: Any]
            let rings = (g["type"] as! String) == "Polygon" ? [(g["coordinates"] as! [[[Double]]])[0]] : (g["coordinates"] as! [[[[Double]]]]).map { $0[0] }
            let xs = rings.flatMap { $0.map { $0[0] } }
            let minX = xs.min()!, maxX = xs.max()!
            // Area west of the cut against east, by clipping each shell (Sutherland–Hodgman on x = cut).
            func clippedArea(_ ring: [[Double]], west: Bool) -> Double {
                var out: [[Double]] = []
                for i in 0..<(ring.count - 1) {
                    let a = ring[i], b = ring[i + 1]
                    let ina = west ? a[0] <= cut : a[0] >= cut, inb = west ? b[0] <= cut : b[0] >= cut
                    if ina { out.append(a) }
                    if ina != inb { let t = (cut - a[0]) / (b[0] - a[0]); out.append([cut, a[1] + t * (b[1] - a[1])]) }
                }
                guard out.count > 2 else { return 0 }
                var s = 0.0
                for i in out.indices { let a = out[i], b = out[(i + 1) % out.count]; s += a[0] * b[1] - b[0] * a[1] }
                return abs(s) / 2
            }
            let w = rings.map { clippedArea($0, west: true) }.reduce(0, +), e = rings.map { clippedArea($0, west: false) }.reduce(0, +)
            expected.append((w >= e ? "西镇" : "东镇", minX < cut && maxX > cut))
        }
        let book = try ReportTools.dumpWorkbook(out + "/results.xlsx", python: python)
        #expect(book.map(\.name) == ["汇总", "按区域", "冲突清单", "地块"])
        let sheet = try #require(book.first { $0.name == "地块" })
        let header = sheet.rows[0].map(\.value)
        let regionColumn = try #require(header.firstIndex(of: "所属区域")), acrossColumn = try #require(header.firstIndex(of: "跨界"))
        #expect(sheet.rows.count == expected.count + 1)
        for (k, e) in expected.enumerated() {
            let row = sheet.rows[k + 1]
            #expect(row[regionColumn].value == e.side, "parcel \(k + 1)")
            #expect((row[acrossColumn].value == "true") == e.across, "parcel \(k + 1): across \(row[acrossColumn].value), expected \(e.across)")
        }
        // The table per region: parcels per side; the areas add up to the parcels' total.
        let table = try #require(book.first { $0.name == "按区域" })
        let counts = Dictionary(table.rows.dropFirst().map { ($0[0].value, Double($0[1].value) ?? -1) }, uniquingKeysWith: { a, _ in a })
        let westCount: Double = Double(expected.filter { $0.side == "西镇" }.count)
        let eastCount: Double = Double(expected.filter { $0.side == "东镇" }.count)
        let acrossCount: Double = Double(expected.filter(\.across).count)
        let tableAcross: Double = table.rows.dropFirst().map { Double($0[4].value) ?? 0 }.reduce(0, +)
        #expect(counts["西镇"] == westCount)
        #expect(counts["东镇"] == eastCount)
        #expect(tableAcross == acrossCount)
        let csvArea = CSV.parse(LandCtl.readText(out + "/parcels.csv")).dropFirst().compactMap { Double($0[2]) }.reduce(0, +) / 10_000
        let tableArea = table.rows.dropFirst().map { Double($0[3].value) ?? 0 }.reduce(0, +)
        #expect(abs(csvArea - tableArea) < 0.001 * Double(table.rows.count), "\(csvArea) vs \(tableArea)")
    }

    @Test("--regions with the Zhejiang county boundaries (GCJ-02, converted with --regions-from-gcj02): the demo district lies in 定海区 and the sea")
    func zhejiangCounties() throws {
        let file = "zhejiang-admin/datav-gcj02/330900_full.json"
        guard Repository.sharedExists(file) else {
            print("skipped: needs ../shared/data/\(file)")
            return
        }
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let out = folder.file("out")
        let r = try LandCtl.run(["idle", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--id-field", "parcel_id", "--as-of", "2025-12-31",
                                 "--out", out, "--regions", Repository.shared(file), "--region-field", "name", "--regions-from-gcj02", "--no-report"])
        #expect(r.status == 1, "\(r.stderr)")
        let summary = LandCtl.readText(out + "/summary.md")
        #expect(summary.contains("converted from GCJ-02"), "\(summary.suffix(600))")
        // Rows: 定海区 with parcels, the other three counties with none, the rest outside (the demo is self-made, partly offshore).
        let rows = summary.components(separatedBy: "\n").filter { $0.hasPrefix("| 定海区") || $0.hasPrefix("| 普陀区") || $0.hasPrefix("| 区域外") }
        let counts: [Int] = rows.map { Int($0.components(separatedBy: "|")[2].trimmingCharacters(in: .whitespaces)) ?? -1 }
        try #require(counts.count == 3, "\(rows)")
        let inside: Int = counts[0], putuo: Int = counts[1], outside: Int = counts[2]
        #expect(inside > 0 && putuo == 0, "\(rows)")
        #expect(inside + outside == 258, "\(rows)")
    }
}

/// RFC 4180 rows of a landctl CSV (BOM, CRLF, quoted fields).
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var it = text.replacingOccurrences(of: "\u{FEFF}", with: "").makeIterator()
        var pending: Character?
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = it.next() { if n == "\"" { field.append("\"") } else { quoted = false; pending = n } } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r\n" || c == "\n" { row.append(field); field = ""; rows.append(row); row = [] }
            else if c != "\r" { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
