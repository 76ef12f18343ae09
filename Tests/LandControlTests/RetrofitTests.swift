import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// Floor areas and pockets of free land worked out with a pencil.
@Suite("retrofit: floor area and pockets by hand")
struct RetrofitGeometryTests {
    let rules = RetrofitRules()
    let engine = GeometryEngine()

    func box(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) throws -> Geometry {
        try engine.rectangle(Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY))
    }

    func areas(_ parcel: Geometry, _ buildings: [Geometry], _ r: RetrofitRules? = nil) throws -> [Double] {
        try Retrofit.pockets(parcel: parcel, buildings: buildings, rules: r ?? rules).map { try $0.area() }
    }

    @Test("floors per m² of footprint: a storey over 8 m counts twice, exactly 8 m once, no floors counts one")
    func floorFactor() {
        #expect(Retrofit.floorFactor(floors: 2, storeyHeightM: 4, rules: rules) == 2)
        #expect(Retrofit.floorFactor(floors: 1, storeyHeightM: 12, rules: rules) == 2)
        #expect(Retrofit.floorFactor(floors: 3, storeyHeightM: 9, rules: rules) == 6)
        #expect(Retrofit.floorFactor(floors: 1, storeyHeightM: 8, rules: rules) == 1)
        #expect(Retrofit.floorFactor(floors: nil, storeyHeightM: nil, rules: rules) == 1)
        var r = rules
        r.doubleCountStoreyHeightM = 10
        #expect(Retrofit.floorFactor(floors: 1, storeyHeightM: 9, rules: r) == 1)
    }

    @Test("a 100 m plot with a 90 × 40 m hall on its setback line: one pocket of 90 × 40 m")
    func oneStrip() throws {
        // Inner area (5…95)²; the hall (5…95, 5…45) grown by the 10 m fire separation of GB
        // 50016 表3.4.1 reaches y = 55 (it was 6 m, y = 51, 90 × 44, before issue 18).
        #expect(RetrofitRules().buildingSetbackM == 10)
        #expect(try areas(box(0, 0, 100, 100), [box(5, 5, 95, 45)]).map { ($0 * 1e6).rounded() / 1e6 } == [3_600])
        // No buildings: the parcel less its boundary setback, 90 × 90.
        #expect(try areas(box(0, 0, 100, 100), []) == [8_100])
    }

    @Test("a strip 18 m wide is 1,620 m² but no 20 m square fits; exactly 20 m wide fits")
    func squareTest() throws {
        // Hall up to y = 27: grown by 10 m to 37; free 37…55 = 18 m.
        #expect(try areas(box(0, 0, 100, 60), [box(5, 5, 95, 27)]) == [])
        var noSquare = rules
        noSquare.minPocketSquareM = 0
        #expect(try areas(box(0, 0, 100, 60), [box(5, 5, 95, 27)], noSquare).map { ($0 * 1e6).rounded() / 1e6 } == [1_620])
        // Hall up to y = 65: grown to 75; free 75…95 = 20 m × 90 m.
        #expect(try areas(box(0, 0, 100, 100), [box(5, 5, 95, 65)]).map { ($0 * 1e6).rounded() / 1e6 } == [1_800])
        #expect(try Retrofit.fitsSquare(box(0, 0, 19.9, 100), side: 20) == false)
        #expect(try Retrofit.fitsSquare(box(0, 0, 20, 100), side: 20) == true)
        #expect(try Retrofit.fitsSquare(box(0, 0, 20, 20), side: 20) == true)
    }

    @Test("the square test's shortcuts agree with GEOS's inward buffer on 3,000 random rectangles, L shapes and star polygons near the threshold")
    func squareShortcuts() throws {
        var rng = SeededGenerator(seed: 18)
        var decided = (fits: 0, not: 0)
        for k in 0..<3_000 {
            // Sizes around the 20 m square (d = 9.99 m), where the shortcuts could go wrong.
            let w = Double.random(in: 15...45, using: &rng), h = Double.random(in: 15...45, using: &rng)
            let wkt: String
            switch k % 3 {
            case 0:
                wkt = "POLYGON ((0 0, \(w) 0, \(w) \(h), 0 \(h), 0 0))"
            case 1:
                let cx = w * Double.random(in: 0.3...0.8, using: &rng), cy = h * Double.random(in: 0.3...0.8, using: &rng)
                wkt = "POLYGON ((0 0, \(w) 0, \(w) \(cy), \(cx) \(cy), \(cx) \(h), 0 \(h), 0 0))"
            default:
                let n = Int.random(in: 5...12, using: &rng)
                let points = (0..<n).map { i -> String in
                    let a = 2 * Double.pi * Double(i) / Double(n)
                    let r = (i % 2 == 0 ? w : h) / 2 * Double.random(in: 0.6...1, using: &rng)
                    return "\(r * cos(a)) \(r * sin(a))"
                }
                wkt = "POLYGON ((" + (points + [points[0]]).joined(separator: ", ") + "))"
            }
            let g = try engine.geometry(from: WKTParser.parse(wkt))
            guard try g.isValid() else { continue }
            let reference = try !g.buffer(-(20.0 / 2 - 0.01)).isEmpty
            let fits = try Retrofit.fitsSquare(g, side: 20)
            #expect(fits == reference, "\(wkt)")
            if reference { decided.fits += 1 } else { decided.not += 1 }
        }
        #expect(decided.fits > 300 && decided.not > 300, "\(decided)") // both answers were exercised
    }

    @Test("pockets under 500 m² are dropped; several pockets come largest first")
    func sizes() throws {
        // Parcel 0…100 × 0…60, inner 5…95 × 5…55; a hall 35…65 across the middle, grown by
        // 10 m to 25…75, splits it into 5…25 (20 × 50 = 1,000) and 75…95 (the same).
        let two = try areas(box(0, 0, 100, 60), [box(35, 0, 65, 60)])
        #expect(two.map { ($0 * 1e6).rounded() / 1e6 } == [1_000, 1_000])
        // Move the hall east (grown 45…95): 5…45 (40 × 50 = 2,000) and nothing east of it.
        let one = try areas(box(0, 0, 100, 60), [box(55, 0, 85, 60)])
        #expect(one.map { ($0 * 1e6).rounded() / 1e6 } == [2_000])
        // A 22 × 22 m pocket (484 m²): a square fits, but it is under 500 m².
        #expect(try areas(box(0, 0, 32, 32), []) == [])
        #expect(try areas(box(0, 0, 33, 33), []).map { ($0 * 1e6).rounded() / 1e6 } == [529])
        // Grown 15…65: 5…15 (10 × 50 = 500 m², but no square fits) and 65…95 (30 × 50).
        let thin = try areas(box(0, 0, 100, 60), [box(25, 0, 55, 60)])
        #expect(thin.map { ($0 * 1e6).rounded() / 1e6 } == [1_500])
        // Largest first (grown 30…60): 60…95 (35 × 50) before 5…30 (25 × 50).
        let ordered = try areas(box(0, 0, 100, 60), [box(40, 0, 50, 60)])
        #expect(ordered.map { ($0 * 1e6).rounded() / 1e6 } == [1_750, 1_250])
    }

    @Test("a hall in the middle leaves a ring: 8,100 − (20² + 4·20·10 + a 32-gon of radius 10)")
    func ring() throws {
        let pockets = try Retrofit.pockets(parcel: box(0, 0, 100, 100), buildings: [box(40, 40, 60, 60)], rules: rules)
        #expect(pockets.count == 1)
        // GEOS rounds the grown corners with 8 segments per quarter circle.
        let grown = 400 + 800 + 16 * 100 * sin(Double.pi / 16)
        #expect(abs(try pockets[0].area() - (8_100 - grown)) < 1e-6)
        #expect(try pockets[0].flat().sequenceEnds.count == 2) // a shell and a hole
    }

    @Test("setbacks from the rules file")
    func setbacksFromRules() throws {
        let r = try Rules.parse("retrofit:\n  boundary_setback_m: 0\n  building_setback_m: 10\n  min_pocket_area_m2: 100\n  min_pocket_square_m: 10\n").retrofit
        // Free: 0…100 × 55…100 (a hall across the plot to y = 45, grown by 10).
        #expect(try areas(box(0, 0, 100, 100), [box(0, 0, 100, 45)], r).map { ($0 * 1e6).rounded() / 1e6 } == [4_500])
    }
}

/// A hand-made district in EPSG:4550 for `retrofit`: every FAR, added floor area, pocket and
/// rank can be checked with a pencil.
enum RetrofitDistrict {
    typealias D = HandMadeDistrict

    static func parcel(_ id: String, _ geometry: String?, _ props: [String: String]) -> String {
        let all = ["parcel_id": id, "status": "existing", "actual_start": "2010-01-01"].merging(props) { _, b in b }
        let fields = all.sorted { $0.key < $1.key }.filter { $0.value != "-" }
            .map { "\"\($0.key)\":" + ($0.value.hasPrefix("#") ? String($0.value.dropFirst()) : "\"\($0.value)\"") }
        return "{\"type\":\"Feature\",\"properties\":{\(fields.joined(separator: ","))},\"geometry\":\(geometry ?? "null")}"
    }

    static func building(_ floors: Int, _ height: Double, _ geometry: String) -> String {
        "{\"type\":\"Feature\",\"properties\":{\"floors\":\(floors),\"storey_height_m\":\(height)},\"geometry\":\(geometry)}"
    }

    static let zones = D.collection([
        D.zone("C", "cluster", D.box(-50, -50, 1250, 450)),
        D.zone("L", "工业用地保护红线", D.box(590, -10, 810, 110)),
        D.zone("T", "过渡控制区", D.box(1250, -50, 2050, 450)),
        D.zone("S", "reserve", D.box(2050, -50, 2450, 450)),
    ])

    static let parcels = D.collection([
        parcel("R1", D.box(0, 0, 100, 100), ["land_use": "M1", "tax_wan": "#60"]),                      // 4 万/亩
        parcel("R2", D.box(200, 0, 300, 100), ["land_use": "M1", "tax_wan": "#90"]),                    // 6 万/亩
        parcel("R3", D.box(400, 0, 500, 100), ["land_use": "M2", "tax_wan": "#30"]),                    // FAR 1.8
        parcel("R4", D.box(600, 0, 800, 100), ["land_use": "M1", "floor_area_m2": "#10000"]),           // red line, ledger
        parcel("R5", D.box(1300, 0, 1400, 100), ["land_use": "100101", "floor_area_m2": "#0", "tax_wan": "#100"]),
        parcel("R6", D.box(2100, 0, 2200, 100), ["land_use": "M1", "floor_area_m2": "#2000", "tax_wan": "#15"]), // reserve
        parcel("R7", D.box(1000, 0, 1100, 100), ["land_use": "R2", "floor_area_m2": "#3000"]),
        parcel("R8", D.box(1500, 0, 1600, 100), ["land_use": "M1", "status": "拟出让", "actual_start": "-"]),
        parcel("R9", D.box(1700, 0, 1800, 100), ["land_use": "M1", "agreed_start": "2020-01-01", "actual_start": "-"]),
        parcel("R10", D.box(1900, 0, 2000, 100), ["land_use": "M1", "agreed_start": "2025-10-01", "actual_start": "-"]),
        parcel("R11", nil, ["land_use": "M1"]),
        parcel("R12", D.box(0, 200, 100, 300), ["land_use": "M1", "actual_start": "-"]),                 // no dates: unknown, kept
        parcel("R13", D.box(100, 200, 200, 300), ["land_use": "工业用地"]),
    ])

    static let buildings = D.collection([
        building(2, 4, D.box(5, 5, 95, 45)),          // R1: 3,600 × 2 = 7,200
        building(1, 12, D.box(205, 5, 295, 31)),      // R2: 2,340 × 1 × 2 (12 m storey) = 4,680
        building(5, 4, D.box(405, 5, 495, 45)),       // R3: 3,600 × 5 = 18,000
        building(3, 4, D.box(80, 210, 120, 230)),     // R12 / R13: 400 m² each × 3 = 1,200 each
    ])

    static func write() throws -> (parcels: String, buildings: String, zones: String) {
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try parcels.write(toFile: folder + "/parcels.geojson", atomically: true, encoding: .utf8)
        try buildings.write(toFile: folder + "/buildings.geojson", atomically: true, encoding: .utf8)
        try zones.write(toFile: folder + "/zones.geojson", atomically: true, encoding: .utf8)
        return (folder + "/parcels.geojson", folder + "/buildings.geojson", folder + "/zones.geojson")
    }
}

@Suite("retrofit on a hand-made district")
struct RetrofitDistrictTests {
    func run(target: RetrofitTarget = .standard, buildings: Bool = true, language: ReportLanguage = .en) throws -> RetrofitResult {
        let files = try RetrofitDistrict.write()
        var o = RetrofitOptions(parcelsPath: files.parcels, zonesPath: files.zones, asOf: try LedgerDate.parse("2025-12-31"))
        o.sites.idField = "parcel_id"
        if buildings { o.sites.buildingsPath = files.buildings }
        o.target = target
        o.language = language
        return try Retrofit.run(o)
    }

    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-6) -> Bool { abs((a ?? .nan) - b) <= tolerance }

    @Test("FAR, its source, added floor area, coverage, pockets, tax per 亩 and the reason for every parcel")
    func perParcel() throws {
        let r = try run()
        func p(_ id: String) throws -> ParcelRetrofit { try #require(r.parcels.first { $0.id == id }) }
        #expect(r.parcels.map(\.id) == (1...13).map { "R\($0)" })
        let r1 = try p("R1")
        #expect(r1.candidate && r1.zone == "cluster" && r1.farSource == .buildings && close(r1.far, 0.72) && close(r1.floorAreaM2, 7_200))
        #expect(close(r1.addedFloorAreaM2, 7_800) && close(r1.buildingCoverage, 0.36) && r1.buildingCount == 1)
        // Pockets with the 10 m building setback: R1 90 × (95 − 55) = 3,600; R2 90 × (95 − 41) = 4,860.
        #expect(r1.pocketCount == 1 && close(r1.largestPocketM2, 3_600) && close(r1.taxPerMu, 4) && r1.lowEfficiency == true)
        #expect(r1.priority == 1 && r1.priorityGroup == .lowFARLowEfficiency && close(r1.areaMu, 15))
        let r2 = try p("R2")
        #expect(close(r2.floorAreaM2, 4_680) && close(r2.far, 0.468) && close(r2.addedFloorAreaM2, 10_320)) // the 12 m hall counts twice
        #expect(r2.pocketCount == 1 && close(r2.pocketAreaM2, 4_860) && r2.lowEfficiency == false && close(r2.taxPerMu, 6))
        let r3 = try p("R3")
        #expect(!r3.candidate && r3.reason == .farAtTarget && close(r3.far, 1.8) && r3.lowEfficiency == true && r3.pocketCount == nil)
        let r4 = try p("R4")
        // In the red line L, which lies inside the cluster C: zone cluster (the rule of every command), share 1.
        #expect(r4.zone == "cluster" && close(r4.redLineShare, 1) && r4.farSource == .ledger && close(r4.far, 0.5))
        #expect(close(r4.addedFloorAreaM2, 20_000) && r4.pocketCount == nil && r4.flags == ["no_footprints", "pockets_not_computed"])
        #expect(r4.lowEfficiency == nil && r4.priorityGroup == .lowFAR)
        let r5 = try p("R5")
        #expect(r5.zone == "transition" && r5.farSource == .ledger && r5.far == 0 && r5.pocketCount == 1 && close(r5.largestPocketM2, 8_100))
        #expect(try p("R6").reason == .zone && p("R6").zone == "reserve" && p("R6").lowEfficiency == true)
        #expect(try p("R7").reason == .notIndustrial && p("R7").lowEfficiency == nil)
        #expect(try p("R8").reason == .proposed)
        #expect(try p("R9").reason == .idle && p("R9").idleClass == .recoverable)
        #expect(try p("R10").reason == .notStarted && p("R10").idleClass == .none)
        #expect(try p("R11").reason == .noGeometry && p("R11").status == .noGeometry && p("R11").areaM2 == nil)
        // A building across the R12/R13 line counts 400 m² × 3 floors on each side.
        let r12 = try p("R12"), r13 = try p("R13")
        #expect(close(r12.floorAreaM2, 1_200) && close(r13.floorAreaM2, 1_200) && close(r12.buildingCoverage, 0.04))
        #expect(r12.candidate && r12.idleClass == .unknown && r13.candidate && close(r13.addedFloorAreaM2, 13_800))
        // Ranks: low FAR + low efficiency first, then by added floor area, ties in input order.
        #expect(r.candidates.map(\.id) == ["R1", "R4", "R5", "R12", "R13", "R2"])
        #expect(r.candidates.map { $0.priority ?? 0 } == [1, 2, 3, 4, 5, 6])
        #expect(r.pockets.count == 5 && r.pockets.filter { $0.parcelID == "R1" }.map(\.number) == [1])
    }

    @Test("the encouraged target (2.0) brings in R3 and ranks it with the low-efficiency parcels")
    func encouraged() throws {
        let r = try run(target: .encouraged)
        #expect(r.targetFAR == 2.0)
        let r3 = try #require(r.parcels.first { $0.id == "R3" })
        #expect(r3.candidate && abs((r3.addedFloorAreaM2 ?? 0) - 2_000) < 1e-6 && r3.priority == 2 && r3.pocketCount == 1)
        #expect(r.candidates.prefix(2).map(\.id) == ["R1", "R3"])
        #expect(abs((r.candidates.first?.addedFloorAreaM2 ?? 0) - 12_800) < 1e-6)
        #expect(RetrofitTarget("1.8") == .custom(1.8) && RetrofitTarget("encouraged") == .encouraged && RetrofitTarget("-1") == nil)
    }

    @Test("without buildings: FAR from floor_area_m2 only, no coverage, no pockets")
    func ledgerOnly() throws {
        let r = try run(buildings: false)
        let r1 = try #require(r.parcels.first { $0.id == "R1" })
        #expect(r1.far == nil && r1.reason == .noFloorArea && r1.buildingCoverage == nil)
        #expect(r.candidates.map(\.id) == ["R4", "R5"] && r.pockets.isEmpty)
        #expect(r.parcels.allSatisfy { $0.pocketCount == nil })
    }

    @Test("retrofit.csv, retrofit.geojson, pockets.geojson and summary.md")
    func outputs() throws {
        let r = try run()
        let folder = TemporaryFolder.untilExit()
        let files = try RetrofitOutput.write(r, to: folder)
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["retrofit.csv", "retrofit.geojson", "pockets.geojson", "summary.md", "results.xlsx", "report.html"])
        let csv = try CSVReader(path: folder + "/retrofit.csv", geometryColumn: "flags")
        #expect(Array(csv.header.prefix(13)) == ["id", "zone", "area_mu", "far", "far_source", "target_far", "added_floor_area_m2",
                                                  "building_coverage", "pocket_count", "largest_pocket_m2", "tax_per_mu", "low_efficiency", "priority"])
        #expect(csv.header.contains("src_status") && csv.header.contains("tax_wan") && csv.header.contains("floor_area_m2"))
        let rows = try csv.readAll()
        #expect(rows.count == 13)
        #expect(rows[0].properties["far"]?.text == "0.72" && rows[0].properties["far_source"]?.text == "buildings")
        #expect(rows[0].properties["low_efficiency"]?.text == "true" && rows[0].properties["priority"]?.text == "1")
        #expect(rows[2].properties["reason"]?.text == "far_at_target" && rows[2].properties["candidate"]?.text == "false")
        #expect(rows[10].properties["status"]?.text == "no_geometry" && rows[10].properties["far"]?.text == "")
        let json = try GeoJSONReader(path: folder + "/retrofit.geojson").readAll()
        #expect(json.count == 13 && json[0].properties["zone_zh"] == .string("工业集聚区"))
        let pockets = try GeoJSONReader(path: folder + "/pockets.geojson").readAll()
        #expect(pockets.count == 5 && pockets[0].properties["parcel_id"] == .string("R1") && pockets[0].properties["area_m2"]?.text == "3600")
        let engine = GeometryEngine()
        let back = try AreaCalculator(engine: engine, input: engine.crs("EPSG:4490"), areaCRS: engine.crs("EPSG:4550"))
        #expect(abs(try back.planarArea(try #require(pockets[0].geometry)) - 3_600) < 1e-3)
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(summary.contains("**6 retrofit candidates on 105.00 mu can add 80,720.0 m² of floor area; 3 low-efficiency parcels (tax < 5 万元/亩) hold 45.00 mu.**"))
        #expect(summary.contains("| of which in the red line (share > 50 %) | 1 | 30.00 | 20,000.0 | 0 | 0 | 0.0 | 0 | 0.00 |"))
        #expect(summary.contains("| reserve zone (reserve) | 0 | 0.00 | 0.0 | 0 | 0 | 0.0 | 1 | 15.00 |"))
        #expect(summary.contains("| 1 | R1 | cluster | low_far_low_efficiency | 0.72 | buildings | 7,800.0 | 1 | 3,600.0 | 4.00 |"))
        #expect(summary.contains("| zone_not_eligible | in the reserve or outside the zones | 1 |"))
        let zh = RetrofitSummary.markdown(try run(language: .zh))
        // 亩均税收 in 万元/亩 everywhere (issue 18, item 10).
        #expect(zh.contains("**零地技改候选地块 6 宗，105.00 亩，可增加建筑面积 80,720.0 m²；低效用地（亩均税收 < 5 万元/亩）3 宗，45.00 亩。**"))
    }

    @Test("Chinese field names: 用地性质, 状态, 建筑面积 (with a thousands separator), 税收, 实际开工日期")
    func chineseFields() throws {
        let files = try RetrofitDistrict.write()
        let path = files.parcels.replacingOccurrences(of: "parcels.geojson", with: "ledger.geojson")
        try HandMadeDistrict.collection([
            "{\"type\":\"Feature\",\"properties\":{\"宗地号\":\"Z-1\",\"用地性质\":\"二类工业用地\",\"状态\":\"现状\",\"建筑面积\":\"6,000\",\"税收\":\"45\",\"实际开工日期\":\"2015年3月1日\"},\"geometry\":\(HandMadeDistrict.box(0, 0, 100, 100))}",
            "{\"type\":\"Feature\",\"properties\":{\"宗地号\":\"Z-2\",\"用地性质\":\"M1\",\"状态\":\"现状\",\"建筑面积\":\"很多\",\"税收\":null,\"实际开工日期\":\"2015/3/1\"},\"geometry\":\(HandMadeDistrict.box(200, 0, 300, 100))}",
        ]).write(toFile: path, atomically: true, encoding: .utf8)
        var o = RetrofitOptions(parcelsPath: path, zonesPath: files.zones, asOf: try LedgerDate.parse("2025-12-31"))
        o.sites.idField = "宗地号"
        let r = try Retrofit.run(o)
        #expect(r.useField == "用地性质" && r.statusField == "状态" && r.fields[.floorAreaM2] == "建筑面积" && r.fields[.taxWan] == "税收")
        let z1 = r.parcels[0], z2 = r.parcels[1]
        #expect(z1.candidate && abs((z1.far ?? 0) - 0.6) < 1e-9 && abs((z1.addedFloorAreaM2 ?? 0) - 9_000) < 1e-6)
        #expect(abs((z1.taxPerMu ?? 0) - 3) < 1e-9 && z1.lowEfficiency == true && z1.idleClass == .none)
        #expect(z2.reason == .noFloorArea && z2.flags == ["bad_floor_area: '很多'"] && z2.taxPerMu == nil)
    }
}

/// The demo district in shapes/, cross-checked against an independent shapely 2.2 / pyproj
/// computation of the same rules: the numbers below are what
/// `.venv-peers/bin/python scripts/check_retrofit_reference.py` prints.
@Suite("retrofit on the demo district")
struct RetrofitDemoTests {
    static func run(buildings: Bool = true, target: RetrofitTarget = .standard) throws -> RetrofitResult {
        var o = RetrofitOptions(parcelsPath: Repository.shapes("parcels.geojson"), zonesPath: Repository.shapes("zones.geojson"),
                                asOf: try LedgerDate.parse("2025-12-31"))
        o.sites.idField = "parcel_id"
        if buildings { o.sites.buildingsPath = Repository.shapes("buildings.geojson") }
        o.target = target
        o.language = .en
        return try Retrofit.run(o)
    }

    @Test("115 candidates adding 727,705.5 m²; 37 low-efficiency parcels (the README's count) on 534.32 亩")
    func totals() throws {
        let r = try Self.run()
        #expect(r.parcels.count == 258)
        let c = r.candidates
        #expect(c.count == 115)
        #expect(abs(c.reduce(0) { $0 + ($1.addedFloorAreaM2 ?? 0) } - 727_705.5) < 0.1)
        var byZone: [String: Int] = [:]
        for p in c { byZone[p.zone ?? "", default: 0] += 1 }
        // scripts/check_retrofit_reference.py (shapely, GeoPandas' zone areas): by the dominant
        // 三区 kind 74 cluster and 41 transition, 45 of them more than half in the red line.
        #expect(byZone == ["cluster": 74, "transition": 41])
        #expect(c.filter { ($0.redLineShare ?? 0) > 0.5 }.count == 45)
        let low = r.parcels.filter { $0.lowEfficiency == true }
        #expect(low.count == 37)
        #expect(abs(AreaUnits.mu(fromSquareMetres: low.reduce(0) { $0 + ($1.areaM2 ?? 0) }) - 534.32) < 0.005)
        #expect(low.filter { $0.zone == "outside" }.count == 5 && low.filter(\.candidate).count == 28)
        // Idle and not yet started plots are left out, with the reason.
        #expect(Set(r.parcels.filter { $0.reason == .idle }.map(\.id)) == ["ZS-P0032", "ZS-P0199", "ZS-P0041"])
        #expect(Set(r.parcels.filter { $0.reason == .notStarted }.map(\.id))
                == ["ZS-P0156", "ZS-P0158", "ZS-P0226", "ZS-P0230", "ZS-P0231", "ZS-P0254", "ZS-P0258"])
        #expect(r.parcels.filter { $0.farSource == .buildings }.count == 135 && r.parcels.filter { $0.farSource == .ledger }.count == 123)
        #expect(r.buildingsDoubleCounted == 62 && r.buildingsWithoutFloors == 0)
        // Pockets: 48 of them, 78,652.13 m² in all (57 and 160,129.15 m² before issue 18: the
        // building setback is now GB 50016's 10 m, not 6 m, and the 22 shipbuilding plots of
        // GB/T 4754 division 37 get none — their open land is slipways and yards).
        #expect(r.pockets.count == 48 && abs(r.pockets.reduce(0) { $0 + $1.areaM2 } - 78_652.13) < 0.1)
        #expect(r.pockets.allSatisfy { $0.areaM2 >= 500 })
    }

    @Test("ranking: every low-FAR low-efficiency candidate comes before the others; the shipyard's tall halls count twice")
    func ranking() throws {
        let r = try Self.run()
        let c = r.candidates
        #expect(c.first?.id == "ZS-P0144" && c.first?.priority == 1)
        let groups = c.map { $0.priorityGroup == .lowFARLowEfficiency ? 0 : 1 }
        #expect(groups == groups.sorted() && groups.filter { $0 == 0 }.count == 28)
        for (a, b) in zip(c, c.dropFirst()) where a.priorityGroup == b.priorityGroup {
            #expect((a.addedFloorAreaM2 ?? 0) >= (b.addedFloorAreaM2 ?? 0))
        }
        let shipyard = try #require(r.parcels.first { $0.id == "ZS-P0025" })
        // Ledger 72,024 m² counts the 18 m shed once; from the buildings it counts twice.
        #expect(shipyard.farSource == .buildings && abs((shipyard.far ?? 0) - 1.2056) < 5e-5)
        // A shipyard (GB/T 4754 37) works its open land: no pockets on it (it had one of
        // 27,745.35 m² — the slipway — before issue 18).
        #expect(shipyard.pocketCount == nil && shipyard.flags.contains("open_yard_industry"))
    }

    @Test("from the ledger alone, and with the encouraged target")
    func variants() throws {
        let ledger = try Self.run(buildings: false)
        #expect(ledger.candidates.count == 115 && ledger.pockets.isEmpty)
        #expect(abs(ledger.candidates.reduce(0) { $0 + ($1.addedFloorAreaM2 ?? 0) } - 952_501.6) < 0.1)
        #expect(ledger.parcels.allSatisfy { $0.farSource != .buildings })
        let encouraged = try Self.run(target: .encouraged)
        #expect(encouraged.candidates.count == 133)
        var byZone: [String: Int] = [:]
        for p in encouraged.candidates { byZone[p.zone ?? "", default: 0] += 1 }
        #expect(byZone == ["cluster": 91, "transition": 42])
        #expect(encouraged.candidates.filter { ($0.redLineShare ?? 0) > 0.5 }.count == 61)
        #expect(abs(encouraged.candidates.reduce(0) { $0 + ($1.addedFloorAreaM2 ?? 0) } - 1_450_452.5) < 0.1)
    }
}

/// OpenStreetMap's Liechtenstein (../shared/data/osm-extracts): 3,723 real buildings over
/// the 143 landuse polygons, which stand in for parcels; one cluster zone over the country.
@Suite("retrofit on Liechtenstein (OpenStreetMap)")
struct RetrofitLiechtensteinTests {
    static let parcels = "osm-extracts/liechtenstein-2013-08-03_landuse.geojson"
    static let buildings = "osm-extracts/liechtenstein-2013-08-03_building.geojson"

    @Test("runs clean: every parcel ok, FAR = coverage with one storey, pockets inside parcels, clear of buildings, a square fits")
    func liechtenstein() throws {
        guard Repository.sharedExists(Self.parcels), Repository.sharedExists(Self.buildings) else {
            print("skipped: \(Repository.shared(Self.parcels)) is not there (the team's shared data)")
            return
        }
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let zones = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"zone\":\"cluster\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[9.4,47.0],[9.7,47.0],[9.7,47.3],[9.4,47.3],[9.4,47.0]]]}}]}"
        try zones.write(toFile: folder + "/zones.geojson", atomically: true, encoding: .utf8)
        var o = RetrofitOptions(parcelsPath: Repository.shared(Self.parcels), zonesPath: folder + "/zones.geojson", asOf: try LedgerDate.parse("2025-12-31"))
        o.sites.buildingsPath = Repository.shared(Self.buildings)
        o.sites.areaCRS = "EPSG:32632"
        o.language = .en
        let engine = GeometryEngine()
        let r = try Retrofit.run(o, engine: engine)
        #expect(r.areaCRS.epsg == 32632 && r.useField == "landuse" && r.parcels.count == 143 && r.buildingCount == 3_723)
        #expect(r.parcels.allSatisfy { $0.status == .ok && $0.zone == "cluster" })
        #expect(r.buildingsWithoutFloors == 3_723) // OSM extract has no levels: one storey each
        let industrial = r.parcels.filter { $0.landUse == "industrial" }
        #expect(industrial.count == 14)
        #expect(r.parcels.filter(\.candidate).allSatisfy { $0.landUse == "industrial" })
        #expect(r.parcels.filter { $0.landUse != "industrial" }.allSatisfy { $0.reason == .notIndustrial })
        // One storey each: FAR is the footprint share, equal to the coverage unless footprints overlap.
        for p in industrial {
            let far = try #require(p.far), coverage = try #require(p.buildingCoverage)
            #expect(p.farSource == .buildings && far >= coverage - 1e-9 && far < 1.5, "\(p.id)")
        }
        #expect(industrial.filter { abs(($0.far ?? 0) - ($0.buildingCoverage ?? 0)) < 1e-9 }.count >= 12)
        #expect(r.parcels.filter(\.candidate).count == 14 && r.warnings.contains { $0.contains("no floors field") })
        // Pockets, checked with GEOS directly in the area CRS.
        #expect(!r.pockets.isEmpty)
        let toArea = try engine.transform(from: r.parcelCRS, to: r.areaCRS)
        let buildings = try GeoJSONReader(path: Repository.shared(Self.buildings)).readAll().compactMap { f -> Geometry? in
            guard var g = f.geometry else { return nil }
            try toArea.apply(&g)
            return try engine.geometry(from: g)
        }
        let tree = try SpatialIndex(engine: engine)
        for b in buildings { try tree.insert(b) }
        let parcels = try GeoJSONReader(path: Repository.shared(Self.parcels)).readAll()
        for k in r.pockets {
            let pocket = try engine.geometry(from: k.geometry)
            #expect(try pocket.isValid() && k.areaM2 >= 500 && abs(try pocket.area() - k.areaM2) < 1e-6)
            #expect(try !pocket.buffer(-9.99).isEmpty, "pocket \(k.parcelID)/\(k.number) has no 20 m square")
            var pg = try #require(parcels[k.parcelIndex - 1].geometry)
            try toArea.apply(&pg)
            let parcel = try engine.geometry(from: pg)
            #expect(try pocket.difference(parcel.buffer(-4.999)).area() < 1e-3, "pocket \(k.parcelID)/\(k.number) within 5 m of the boundary")
            for i in tree.query(try pocket.buffer(10)) {
                #expect(try pocket.intersection(buildings[i].buffer(9.99)).area() < 1e-3, "pocket \(k.parcelID)/\(k.number) within 10 m of building \(i + 1)")
            }
        }
        // The same rules run independently with shapely 2.2 (GEOS 3.14) and pyproj 3.7
        // (scripts/check_retrofit_reference.py): 18 pockets of 305,042.5 m², 880,937.2 m² to add
        // (13 of 362,755.9 m² with the 6 m setback before issue 18: the wider ring around each
        // building cuts large pockets apart and drops others).
        let total = r.pockets.reduce(0) { $0 + $1.areaM2 }
        #expect(r.pockets.count == 18 && abs(total - 305_042.5) < 0.1)
        #expect(abs(r.candidates.reduce(0) { $0 + ($1.addedFloorAreaM2 ?? 0) } - 880_937.2) < 0.1)
        #expect(r.candidates.first?.id == "4" && r.candidates.first?.far == 0) // an industrial area without a building
        try RetrofitOutput.write(r, to: folder + "/out")
        #expect(try GeoJSONReader(path: folder + "/out/pockets.geojson").readAll().count == r.pockets.count)
    }

    @Test("idle on OpenStreetMap land use: no date fields is an input error, not a crash")
    func idleWithoutDates() throws {
        guard Repository.sharedExists(Self.parcels) else {
            print("skipped: \(Repository.shared(Self.parcels)) is not there (the team's shared data)")
            return
        }
        var o = IdleOptions(parcelsPath: Repository.shared(Self.parcels), asOf: try LedgerDate.parse("2025-12-31"))
        o.sites.areaCRS = "EPSG:32632"
        #expect { try IdleLand.run(o) } throws: { ($0 as? ReadError)?.message.contains("no grant or start date field found") == true }
    }
}

/// Issue 18, item 6: a shipyard's open land is its slipways and yards.
@Suite("retrofit: no pockets on open-yard industries")
struct RetrofitOpenYardTests {
    @Test("GB/T 4754 37xx, 42, 43 get no pockets unless the rules say so; other industries keep theirs")
    func openYards() throws {
        typealias D = HandMadeDistrict
        let parcels = D.collection([
            RetrofitDistrict.parcel("SHIP", D.box(0, 0, 100, 100), ["land_use": "M3", "industry": "C3731"]),
            RetrofitDistrict.parcel("MILL", D.box(200, 0, 300, 100), ["land_use": "M1", "industry": "3411"]),
        ])
        let buildings = D.collection([RetrofitDistrict.building(1, 4, D.box(5, 5, 95, 45)), RetrofitDistrict.building(1, 4, D.box(205, 5, 295, 45))])
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try parcels.write(toFile: folder + "/p.geojson", atomically: true, encoding: .utf8)
        try buildings.write(toFile: folder + "/b.geojson", atomically: true, encoding: .utf8)
        try RetrofitDistrict.zones.write(toFile: folder + "/z.geojson", atomically: true, encoding: .utf8)
        var o = RetrofitOptions(parcelsPath: folder + "/p.geojson", zonesPath: folder + "/z.geojson", asOf: try LedgerDate.parse("2025-12-31"))
        o.sites.idField = "parcel_id"
        o.sites.buildingsPath = folder + "/b.geojson"
        let r = try Retrofit.run(o)
        let ship = try #require(r.parcels.first { $0.id == "SHIP" }), mill = try #require(r.parcels.first { $0.id == "MILL" })
        // Both are candidates (FAR 0.36 < 1.5); the mill's pocket is 90 × (95 − 55) = 3,600 m².
        #expect(ship.candidate && ship.pocketCount == nil && ship.flags == ["open_yard_industry"])
        #expect(mill.candidate && mill.pocketCount == 1 && abs((mill.largestPocketM2 ?? 0) - 3_600) < 1e-6)
        o.rules = try Rules.parse("retrofit:\n  pockets_on_open_yards: true\n")
        let all = try Retrofit.run(o)
        #expect(all.parcels.first { $0.id == "SHIP" }?.pocketCount == 1)
        #expect(RetrofitRules().worksOpenLand("4342") && !RetrofitRules().worksOpenLand("3411") && !RetrofitRules().worksOpenLand(nil))
    }
}
