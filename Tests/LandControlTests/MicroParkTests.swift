import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// 小微企业园 sites on a hand-drawn block (EPSG:4550, 100 m squares of 15 亩): two groups, one
/// of them across an 8 m road, one parcel too small alone, two in the reserve zone.
enum MicroParkBlock {
    typealias D = HandMadeDistrict
    typealias R = RetrofitDistrict

    static let zones = D.collection([
        D.zone("C", "cluster", D.box(-50, -50, 2000, 1000)),
        D.zone("S", "reserve", D.box(2000, -50, 2600, 1000)),
    ])

    static let parcels = D.collection([
        R.parcel("A1", D.box(0, 0, 100, 100), ["land_use": "M1", "floor_area_m2": "#1000", "company": "甲公司"]),     // FAR 0.1: candidate
        R.parcel("A2", D.box(100, 0, 200, 100), ["land_use": "M1", "floor_area_m2": "#1000", "company": "乙公司"]),
        // Across an 8 m road from A2; idle (agreed 2020, never started), no floor area known.
        R.parcel("A3", D.box(208, 0, 308, 100), ["land_use": "M1", "agreed_start": "2020-01-01", "actual_start": "-", "company": "丙公司"]),
        // Touches A1 and lies 5 m from B1, but FAR 3.0 and 20 万元/亩: in no group, so it bridges nothing.
        R.parcel("A4", D.box(0, 100, 100, 200), ["land_use": "M1", "floor_area_m2": "#30000", "tax_wan": "#300", "company": "丁公司"]),
        R.parcel("B1", D.box(0, 205, 100, 305), ["land_use": "M1", "floor_area_m2": "#1000", "company": "戊公司"]),
        // FAR 2.0, but 60 万元 over 15 亩 = 4 万元/亩: low efficiency.
        R.parcel("B2", D.box(100, 205, 200, 305), ["land_use": "M1", "floor_area_m2": "#20000", "tax_wan": "#60", "company": "戊公司"]),
        R.parcel("C1", D.box(500, 0, 600, 100), ["land_use": "M1", "floor_area_m2": "#1000"]),                         // 15 亩 alone
        R.parcel("D1", D.box(2100, 0, 2200, 100), ["land_use": "M1", "floor_area_m2": "#1000"]),                       // reserve
        R.parcel("D2", D.box(2200, 0, 2300, 100), ["land_use": "M1", "floor_area_m2": "#1000"]),
        R.parcel("E1", D.box(300, 400, 400, 500), ["land_use": "R2", "floor_area_m2": "#1000"]),                       // housing
    ])

    static func run(_ rules: Rules = Rules()) throws -> RetrofitResult {
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try parcels.write(toFile: folder + "/parcels.geojson", atomically: true, encoding: .utf8)
        try zones.write(toFile: folder + "/zones.geojson", atomically: true, encoding: .utf8)
        var o = RetrofitOptions(parcelsPath: folder + "/parcels.geojson", zonesPath: folder + "/zones.geojson", asOf: try LedgerDate.parse("2025-12-31"))
        o.sites.idField = "parcel_id"
        o.rules = rules
        o.language = .en
        return try Retrofit.run(o)
    }
}

@Suite("retrofit: 小微企业园 sites")
struct MicroParkTests {
    @Test("two sites: A1–A3 across the 8 m road (45 亩) and B1–B2 (exactly 30 亩); C1 too small, D1–D2 in the reserve")
    func groups() throws {
        let r = try MicroParkBlock.run()
        #expect(r.firmField == "company")
        #expect(r.microParks.map(\.memberIDs) == [["A1", "A2", "A3"], ["B1", "B2"]])
        let a = r.microParks[0], b = r.microParks[1]
        #expect(abs(a.areaM2 - 30_000) < 1e-6 && abs(a.areaMu - 45) < 1e-9 && abs(b.areaM2 - 20_000) < 1e-6 && abs(b.areaMu - 30) < 1e-9)
        #expect(a.firms == ["甲公司", "乙公司", "丙公司"] && b.firms == ["戊公司"])
        // Floor area: 1,000 + 1,000 (A3 unknown); at FAR 1.5 over 30,000 m²: 45,000.
        #expect(a.existingFloorAreaM2 == 2000 && a.floorAreaUnknown == 1 && abs(a.targetFloorAreaM2 - 45_000) < 1e-6)
        #expect(a.idleCount == 1 && a.candidateCount == 2 && a.lowEfficiencyCount == 0 && a.zones == ["cluster"] && !a.digitalPark)
        #expect(b.existingFloorAreaM2 == 21_000 && abs(b.targetFloorAreaM2 - 30_000) < 1e-6 && b.lowEfficiencyCount == 1 && b.candidateCount == 1)
        #expect(r.parcels.first { $0.id == "A3" }?.idleClass.isIdle == true)
    }

    @Test("a 5 m gap splits the group at the road: A1–A2 (30 亩) remain; the rules set the 数字化园区 mark")
    func rules() throws {
        var rules = Rules()
        rules.retrofit.microParkGapM = 5
        let narrow = try MicroParkBlock.run(rules)
        #expect(narrow.microParks.map(\.memberIDs) == [["A1", "A2"], ["B1", "B2"]])
        var big = Rules()
        big.retrofit.digitalParkMinMu = 40
        big.retrofit.microParkMinMu = 31
        let marked = try MicroParkBlock.run(big)
        #expect(marked.microParks.map(\.memberIDs) == [["A1", "A2", "A3"]] && marked.microParks[0].digitalPark)
        let parsed = try Rules.parse("retrofit:\n  micro_park_gap_m: 12\n  micro_park_min_mu: 50\n  digital_park_min_mu: 200\n")
        #expect(parsed.retrofit.microParkGapM == 12 && parsed.retrofit.microParkMinMu == 50 && parsed.retrofit.digitalParkMinMu == 200)
    }

    @Test("sites.csv and sites.geojson: one row per site with its members, firms and figures")
    func outputs() throws {
        let r = try MicroParkBlock.run()
        let folder = TemporaryFolder.untilExit() + "/out"
        _ = try RetrofitOutput.write(r, to: folder, output: .init())
        let rows = String(decoding: try #require(FileManager.default.contents(atPath: folder + "/sites.csv")), as: UTF8.self).split(separator: "\r\n")
        #expect(rows.count == 3)
        #expect(rows[0] == "\u{FEFF}site,area_m2,area_mu,parcel_count,parcel_ids,firms,firm_count,existing_floor_area_m2,floor_area_unknown,target_floor_area_m2,idle_count,low_efficiency_count,candidate_count,zones,digital_park")
        #expect(rows[1] == "1,30000,45,3,A1;A2;A3,甲公司;乙公司;丙公司,3,2000,1,45000,1,0,2,cluster,false")
        #expect(rows[2] == "2,20000,30,2,B1;B2,戊公司,1,21000,0,30000,0,1,1,cluster,false")
        let json = String(decoding: try #require(FileManager.default.contents(atPath: folder + "/sites.geojson")), as: UTF8.self)
        #expect(json.contains("\"type\":\"MultiPolygon\"") && json.contains("\"parcel_ids\":\"A1;A2;A3\""))
        let summary = String(decoding: try #require(FileManager.default.contents(atPath: folder + "/summary.md")), as: UTF8.self)
        #expect(summary.contains("2 sites, 0 of them large enough for a 数字化园区.") && summary.contains("| 1 | 45.00 | 3 | 3 | 2,000 | 45,000 | 1 | 0 | 2 |  |"))
    }
}
