import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// Issue 18, items 1–3: the GB/T 4754 concordance, land-use schemes and what a non-industrial
/// use inside the red line is.
@Suite("industry concordance, land-use schemes, red-line severities")
struct LandUseSchemeTests {
    @Test("every GB/T 4754-2017 manufacturing division against the published division lists, with its 2008 FAR floor")
    func concordance() throws {
        // The 2002 list (13 农副食品 … 29 橡胶制品业, 30 塑料制品业, 31 非金属矿物制品业, 32 黑色金属,
        // 33 有色金属, 34 金属制品, 35 通用设备, 36 专用设备, 37 交通运输设备, 39 电气机械, 40 通信
        // 设备计算机, 41 仪器仪表及文化办公用机械, 42 工艺品及其他, 43 废弃资源和废旧材料回收) against
        // the 2017 list (… 29 橡胶和塑料制品业, 30 非金属矿物, 31 黑色金属, 32 有色金属, 33 金属制品,
        // 34 通用设备, 35 专用设备, 36 汽车, 37 铁路船舶航空航天, 38 电气机械, 39 计算机通信电子,
        // 40 仪器仪表, 41 其他制造业, 42 废弃资源综合利用, 43 金属制品机械和设备修理); the floors are
        // the 2008 table (13–16, 18, 19, 24, 30, 40–42: 1.0; 17, 20–23, 28, 29: 0.8; 27, 31,
        // 34–37, 39, 43: 0.7; 26, 32, 33: 0.6; 25: 0.5).
        let table: [(String, IndustryConcordance.Reading, Double?)] = [
            ("13", .division("13"), 1.0), ("14", .division("14"), 1.0), ("15", .division("15"), 1.0), ("16", .division("16"), 1.0),
            ("17", .division("17"), 0.8), ("18", .division("18"), 1.0), ("19", .division("19"), 1.0), ("20", .division("20"), 0.8),
            ("21", .division("21"), 0.8), ("22", .division("22"), 0.8), ("23", .division("23"), 0.8), ("24", .division("24"), 1.0),
            ("25", .division("25"), 0.5), ("26", .division("26"), 0.6), ("27", .division("27"), 0.7), ("28", .division("28"), 0.8),
            ("29", .either(["29", "30"]), 0.8), ("C2911", .division("29"), 0.8), ("2921", .division("30"), 1.0),
            ("30", .division("31"), 0.7), // 非金属矿物: 0.7, not the 1.0 of 2002's 30 塑料
            ("31", .division("32"), 0.6), // 黑色金属: 0.6, not the 0.7 of 2002's 31
            ("32", .division("33"), 0.6), ("33", .division("34"), 0.7), ("34", .division("35"), 0.7), ("3471", .division("41"), 1.0),
            ("35", .division("36"), 0.7), ("36", .division("37"), 0.7), ("37", .division("37"), 0.7), ("38", .division("39"), 0.7),
            ("39", .division("40"), 1.0), ("40", .division("41"), 1.0), ("41", .division("42"), 1.0), ("42", .division("43"), 0.7),
            ("43", .none, nil),
        ]
        let rules = GrantRules()
        for (code, reading, floor) in table {
            #expect(IndustryConcordance.division2002(of: code) == reading, "\(code)")
            #expect(rules.nationalFARFloor(code2002: nil, code2017: code).floor == floor, "\(code)")
        }
        // A 2002 code given outright wins; edition 2023 takes a city's 2017 row first.
        #expect(rules.nationalFARFloor(code2002: "30", code2017: "30").floor == 1.0)
        var y2023 = GrantRules()
        y2023.industryFARMin2017 = ["30": 0.9]
        #expect(y2023.nationalFARFloor(code2002: nil, code2017: "3011").floor == 0.9)
        y2023.edition = 2008
        #expect(y2023.nationalFARFloor(code2002: nil, code2017: "3011").floor == 0.7)
    }

    @Test("validate: a 非金属矿物 (2017 30) plot at FAR 0.75 meets its 0.7 floor; 黑色金属 (31) at 0.65 meets 0.6")
    func concordanceInValidate() throws {
        var rules = Rules()
        rules.grant.cityFARMin = 0
        let r = try GrantValidationTests().validate([
            GrantValidationTests.proposal("NONMETAL", 0, GrantValidationTests().with(["industry_code": "C3011", "floor_area_m2": 15_000.0])), // 0.75
            GrantValidationTests.proposal("FERROUS", 1, GrantValidationTests().with(["industry_code": "31", "floor_area_m2": 13_000.0])),    // 0.65
            GrantValidationTests.proposal("FERROUS-LOW", 2, GrantValidationTests().with(["industry_code": "31", "floor_area_m2": 11_000.0])), // 0.55
        ], rules: rules)
        func far(_ id: String) -> CheckOutcome? { r.verdicts.first { $0.id == id }?.check("far_min") }
        #expect(far("NONMETAL")?.result == .pass && far("NONMETAL")?.requiredValue == 0.7)
        #expect(far("FERROUS")?.result == .pass && far("FERROUS")?.requiredValue == 0.6)
        #expect(far("FERROUS-LOW")?.result == .fail)
    }

    @Test("codes by scheme: 0601 is 工业用地 in GB/T 21010 and 种植设施建设用地 in 2023; 1001 the other way round")
    func categories() {
        #expect(LandUse.category(of: "0601", scheme: .gbt21010) == .industrial)
        #expect(LandUse.category(of: "061", scheme: .gbt21010) == .industrial)
        #expect(LandUse.category(of: "0602", scheme: .gbt21010) == .mining)
        #expect(LandUse.category(of: "0508", scheme: .gbt21010) == .warehousing)
        #expect(LandUse.category(of: "0604", scheme: .gbt21010) == .warehousing)
        #expect(LandUse.category(of: "1001", scheme: .gbt21010) == .other) // 铁路用地
        #expect(LandUse.category(of: "0601", scheme: .y2023) == .other)    // 种植设施建设用地
        #expect(LandUse.category(of: "1001", scheme: .y2023) == .industrial)
        #expect(LandUse.category(of: "100102", scheme: .y2023) == .industrial)
        #expect(LandUse.category(of: "1101", scheme: .y2023) == .warehousing)
        #expect(LandUse.category(of: "M2", scheme: .gbt21010) == .industrial) // letters are GB 50137 in every scheme
        #expect(LandUse.category(of: "0601", scheme: .gb50137) == .unknown)
        #expect(LandUse.category(of: "二类工业用地") == .industrial && LandUse.category(of: "物流仓储用地") == .warehousing)
        #expect(LandUse.label(of: "0601", scheme: .gbt21010) == "工业用地" && LandUse.label(of: "0601", scheme: .y2023) == "种植设施建设用地")
        #expect(LandUse.shown("M1", scheme: .auto) == "M1（一类工业用地）")
        var rules = ClassificationRules()
        rules.useScheme = .gbt21010
        #expect(LandUse.isIndustrial("0602", rules: rules) == true) // 采矿: 工矿, counted by default
        rules.miningIsIndustrial = false
        #expect(LandUse.isIndustrial("0602", rules: rules) == false)
    }

    @Test("auto settles from codes that fit one scheme, and stops naming both when nothing tells")
    func settle() throws {
        let a = try LandUse.settle(.auto, values: ["0601", "0701", "0508", "R2"], file: "f")
        #expect(a.scheme == .gbt21010 && a.evidence == ["0508"])
        let b = try LandUse.settle(.auto, values: ["100101", "1001", "0901", "M1"], file: "f")
        #expect(b.scheme == .y2023 && b.evidence == ["100101"])
        let c = try LandUse.settle(.auto, values: ["061", "0601"], file: "f") // 061: GB/T 21010-2007 only
        #expect(c.scheme == .gbt21010)
        #expect(try LandUse.settle(.auto, values: ["M1", "R2"], file: "f").scheme == .auto) // letters only: nothing to settle
        for values in [["0601", "0701"], ["0601", "0508", "100101"]] {
            do {
                _ = try LandUse.settle(.auto, values: values, file: "ledger.geojson")
                Issue.record("settled \(values)")
            } catch let e as ReadError {
                #expect(e.file == "ledger.geojson")
                #expect(e.message.contains("0601 = 工业用地（GB/T 21010）/ 种植设施建设用地（2023）"), "\(e.message)")
                #expect(e.message.contains("--use-scheme gbt21010") && e.message.contains("--use-scheme 2023"))
            }
        }
        let given = try LandUse.settle(.gbt21010, values: ["0601", "100101"], file: "f")
        #expect(given.scheme == .gbt21010 && given.unread == ["100101"])
        #expect(try Rules.parse("classification:\n  use_scheme: gbt21010\n").classification.useScheme == .gbt21010)
        #expect(throws: RulesError.self) { try Rules.parse("classification:\n  use_scheme: 1984\n") }
    }

    typealias D = HandMadeDistrict

    static func feature(_ id: String, _ props: [String: String], _ geometry: String) -> String {
        let fields = (["parcel_id": id].merging(props) { a, _ in a }).sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }
        return "{\"type\":\"Feature\",\"properties\":{\(fields.joined(separator: ","))},\"geometry\":\(geometry)}"
    }

    func classify(_ parcels: [String], scheme: LandUseScheme? = nil) throws -> ClassificationResult {
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try D.collection([D.zone("C", "cluster", D.box(0, 0, 2000, 1000)), D.zone("L", "redline", D.box(0, 0, 1000, 1000))])
            .write(toFile: folder + "/zones.geojson", atomically: true, encoding: .utf8)
        try D.collection(parcels).write(toFile: folder + "/parcels.geojson", atomically: true, encoding: .utf8)
        var o = ClassifyOptions(zonesPath: folder + "/zones.geojson", parcelsPath: folder + "/parcels.geojson")
        o.idField = "parcel_id"
        o.language = .en
        if let scheme { o.rules.classification.useScheme = scheme }
        return try Classifier.run(o)
    }

    @Test("a GB/T 21010 ledger: a 0601 factory in the red line is industrial; read as 2023 it would not be")
    func gbt21010Ledger() throws {
        let parcels = [
            Self.feature("F", ["land_use": "0601", "status": "existing"], D.box(100, 100, 200, 200)),
            Self.feature("W", ["land_use": "0508", "status": "existing"], D.box(300, 100, 400, 200)),
        ]
        let auto = try classify(parcels)
        #expect(auto.useScheme?.scheme == .gbt21010 && auto.useScheme?.evidence == ["0508"])
        let flagged = Set(auto.conflicts.filter { $0.rule == .redLineNonIndustrial }.flatMap(\.parcelIDs))
        #expect(flagged == ["W"]) // 0508 物流仓储: warehousing, not industrial unless configured; existing → review
        #expect(auto.conflicts.first { $0.parcelIDs == ["W"] }?.severity == .review)
        let read2023 = try classify(parcels, scheme: .y2023)
        #expect(Set(read2023.conflicts.filter { $0.rule == .redLineNonIndustrial }.flatMap(\.parcelIDs)) == ["F"]) // 0601 种植设施; 0508 not a 2023 code
        #expect(read2023.warnings.contains { $0.contains("0508") })
        do {
            _ = try classify([Self.feature("F", ["land_use": "0601", "status": "existing"], D.box(100, 100, 200, 200)),
                              Self.feature("R", ["land_use": "0701", "status": "existing"], D.box(300, 100, 400, 200))])
            Issue.record("0601 and 0701 alone fit both schemes: auto must stop")
        } catch let e as ReadError {
            #expect(e.message.contains("GB/T 21010") && e.message.contains("2023"))
        }
    }

    @Test("non-industrial in the red line: proposed or changed from industrial is a violation, existing is review")
    func redLineSeverities() throws {
        let r = try classify([
            Self.feature("NEW-B1", ["land_use": "B1", "status": "proposed"], D.box(100, 100, 200, 200)),
            Self.feature("DORM", ["land_use": "R2", "status": "existing"], D.box(300, 100, 400, 200)),
            Self.feature("CHANGED", ["land_use": "B1", "status": "existing", "原用途": "M2"], D.box(500, 100, 600, 200)),
            Self.feature("ALWAYS", ["land_use": "B1", "status": "existing", "原用途": "B1"], D.box(700, 100, 800, 200)),
            Self.feature("OUT", ["land_use": "B1", "status": "existing", "原用途": "M1"], D.box(1500, 100, 1600, 200)), // not in the red line
        ])
        func severity(_ id: String) -> Severity? { r.conflicts.first { $0.rule == .redLineNonIndustrial && $0.parcelIDs == [id] }?.severity }
        #expect(severity("NEW-B1") == .violation && severity("CHANGED") == .violation)
        #expect(severity("DORM") == .review && severity("ALWAYS") == .review && severity("OUT") == nil)
        let changed = try #require(r.conflicts.first { $0.parcelIDs == ["CHANGED"] })
        #expect(changed.message.contains("changed from industrial use M2 to B1") && abs(changed.areaM2 - 10_000) < 1e-6)
    }
}

/// Issue 18, items 7 and 8: what the rules and the evidence cite.
@Suite("sources cited in the rules and the evidence")
struct SourcesCitedTests {
    /// The comment lines just above `key:` and the key's own line in the printed defaults.
    static func block(_ key: String) -> String {
        let lines = Rules.defaultsYAML.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let k = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") }) else { return "" }
        var start = k
        while start > 0, lines[start - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#") { start -= 1 }
        return lines[start...k].joined(separator: "\n")
    }

    @Test("every 2023 threshold cites its clause or is marked [model]; the FAR floors edition 2023 applies are named")
    func controlIndicators() throws {
        for key in ["coverage_min", "admin_share_max", "green_ratio_max"] {
            let b = Self.block(key)
            #expect(b.contains("2023") && b.contains("2008"), "\(key): \(b)")
            #expect(b.contains("[model") && b.contains("[policy"), "\(key): \(b)") // 2008 cited, 2023 not confirmed
        }
        #expect(Self.block("green_ratio_max").contains("0.15 in 2023 [model: could not be confirmed]"))
        let floors = Self.block("industry_far_min_2017")
        #expect(floors.contains("Edition 2023 applies") && floors.contains("2008 table") && floors.contains("[model]"))
        #expect(Self.block("industry_far_min_2008").contains("国土资发〔2008〕24号") && Self.block("industry_far_min_2008").contains("2017's 30 非金属矿物 is 2002's 31"))
        let rules = try Rules.parse("grant:\n  industry_far_min_2017: {\"30\": 0.9}\n")
        #expect(rules.grant.industryFARMin2017 == ["30": 0.9])
        #expect(Self.block("building_setback_m").contains("GB 50016-2014（2018年版）") && Self.block("building_setback_m").contains("表3.4.1"))
        #expect(Self.block("use_scheme").contains("0601 is 工业用地 in GB/T 21010 and 种植设施建设用地 in 2023"))
    }

    @Test("the fallback start date cites 第二十八条, not 第二条; the classes use 令第53号's words")
    func idleCitations() throws {
        let delivered = IdleLand.assess(IdleInputs(grantDate: try LedgerDate.parse("2023-03-01"), landDelivered: try LedgerDate.parse("2023-06-30")),
                                        asOf: try LedgerDate.parse("2025-12-31"), rules: IdleRules(), language: .zh)
        let cite = try #require(delivered.evidence.first { $0.contains("实际交付土地之日") })
        #expect(cite.contains("令第53号第二十八条") && !cite.contains("第二条"))
        #expect(delivered.evidence.first?.hasPrefix("动工开发日期 2024-06-30 后满 1 年（2025-06-30）未动工开发") == true)
        let grant = IdleLand.assess(IdleInputs(grantDate: try LedgerDate.parse("2023-03-01")), asOf: try LedgerDate.parse("2025-12-31"),
                                    rules: IdleRules(), language: .zh)
        #expect(grant.evidence.contains { $0.contains("以供地日期 2023-03-01 代替交地日期") && $0.contains("第二十八条") })
        #expect(IdleClass.idle1y.title(.zh) == "未动工开发满一年（征缴土地闲置费）" && IdleClass.recoverable.title(.zh) == "未动工开发满两年（可无偿收回）")
        #expect(Self.block("idle_after_years").contains("第二十八条"))
    }
}
