import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// `landctl audit`'s checks and exit ladder on hand-made contracts: every figure below is
/// worked out by hand in the comments.
@Suite("audit: the checks and the exit ladder")
struct AuditLadderTests {
    func date(_ s: String) -> LedgerDate { try! LedgerDate.parse(s) }

    /// A 15 亩 (10,000 m²) plot: start due 2023-03-01, completion 2024-09-01, production
    /// 2024-12-31 (so the review falls on 2027-12-31, three years on), 300 万元/亩 promised,
    /// 30 万元/亩 tax, FAR 1.5, 0.5 tce and 0.1 t per 万元 of value added, industry C3411,
    /// land price 1,000 万元; everything done on time and every figure met.
    func contract() -> AuditInputs {
        var d = AuditInputs()
        d.hasContract = true
        d.grantDate = date("2022-12-01")
        d.startDue = date("2023-03-01")
        d.completionDue = date("2024-09-01")
        d.productionDue = date("2024-12-31")
        d.promisedInvestmentPerMu = 300
        d.promisedTaxPerMu = 30
        d.promisedFAR = 1.5
        d.promisedEnergyPerValueAdded = 0.5
        d.promisedEmissionPerValueAdded = 0.1
        d.contractIndustry = "C3411"
        d.landPriceWan = 1000
        d.actualStart = date("2023-03-01")
        d.actualCompletion = date("2024-09-01")
        d.actualProduction = date("2024-12-31")
        d.investmentWan = 4500          // 300 万元/亩
        d.taxWan = 450                  // 30 万元/亩
        d.valueAddedWan = 2000
        d.energyTCE = 1000              // 0.5 per 万元
        d.emissionT = 200               // 0.1 per 万元
        d.industryCode = "C3411"
        return d
    }

    let measures = AuditMeasures(siteAreaM2: 10_000, siteAreaSource: "declared", floorAreaM2: 15_000, farSource: .ledger)

    func audit(_ d: AuditInputs, _ asOf: String, rules: AuditRules = AuditRules(), previous: PreviousAudit? = nil,
               negative: NegativeList = NegativeList()) -> (findings: [AuditFinding], placement: AuditPlacement, review: LedgerDate?) {
        let checked = AuditChecks.run(d, measures: measures, asOf: date(asOf), rules: rules, negativeList: negative)
        var findings = checked.findings
        let p = AuditLadder.place(&findings, landPriceWan: d.landPriceWan, asOf: date(asOf), rules: rules, previous: previous, startDue: d.startDue)
        return (findings, p, checked.review)
    }

    func codes(_ f: [AuditFinding]) -> [String] { f.map(\.code.rawValue) }

    @Test("a contract kept: ok; the review falls three years after the production due date")
    func kept() {
        let early = audit(contract(), "2025-06-30")
        #expect(early.findings.isEmpty && early.placement.stage == .ok && early.placement.rule == "all_checks_pass")
        #expect(early.review == date("2027-12-31") && early.placement.penaltyWan == nil && early.placement.deadline == nil)
        let afterReview = audit(contract(), "2028-01-01")
        #expect(afterReview.findings.isEmpty && afterReview.placement.stage == .ok)
    }

    @Test("start dates: due today is not yet missed; one day late draws the per-day penalty; a start after the as-of date has not happened")
    func startDates() {
        var d = contract()
        d.actualStart = nil
        d.actualCompletion = nil
        d.actualProduction = nil
        let today = audit(d, "2023-03-01")
        #expect(today.findings.isEmpty && today.placement.stage == .ok)
        let oneDay = audit(d, "2023-03-02")
        #expect(codes(oneDay.findings) == ["START_LATE"] && oneDay.findings[0].daysLate == 1 && oneDay.findings[0].notDone)
        // 1 day × 1 ‰ × 1,000 万元 = 1 万元; the penalty runs 6 months from the as-of date.
        #expect(oneDay.placement.stage == .penalty && oneDay.placement.rule == "late" && oneDay.placement.penaltyWan == 1)
        #expect(oneDay.placement.deadline == date("2023-09-02"))
        #expect(oneDay.placement.penaltyFormula == "START_LATE 1 d × 1 ‰ × 1,000.00 万元 = 1.00 万元")
        // Recorded as started on 2023-05-01, audited on 2023-04-01: not started then, 31 days late (March has 31 days).
        d.actualStart = date("2023-05-01")
        let later = audit(d, "2023-04-01")
        #expect(codes(later.findings) == ["START_LATE"] && later.findings[0].daysLate == 31 && later.findings[0].actual == "")
        #expect(later.placement.penaltyWan == 31)
        // Audited after that start: done 61 days late (31 + 30).
        let done = audit(d, "2023-06-01")
        #expect(codes(done.findings) == ["START_LATE"] && done.findings[0].daysLate == 61 && done.findings[0].actual == "2023-05-01")
        #expect(!done.findings[0].notDone && done.placement.penaltyWan == 61)
    }

    @Test("29 February: not started two full years after 2024-02-29 is an exit from 2026-02-28 (民法典 第二百零二条), not the day before")
    func leapDayExit() {
        var d = contract()
        d.startDue = date("2024-02-29")
        d.completionDue = date("2027-02-28")
        d.productionDue = date("2027-06-30")
        d.actualStart = nil
        d.actualCompletion = nil
        d.actualProduction = nil
        let before = audit(d, "2026-02-27")
        // 2024-02-29 → 2025-02-28 is 365 days, → 2026-02-27 364 more: 729.
        #expect(codes(before.findings) == ["START_LATE"] && before.findings[0].daysLate == 729)
        #expect(before.placement.stage == .penalty && before.placement.penaltyWan == 729)
        let on = audit(d, "2026-02-28")
        #expect(on.placement.stage == .exit && on.placement.rule == "not_started_exit_after_years" && on.findings[0].daysLate == 730)
        #expect(on.placement.deadline == nil && on.placement.penaltyWan == 730)
    }

    @Test("completion and production done late, counted to the day they happened")
    func completionProduction() {
        var d = contract()
        d.actualCompletion = date("2024-10-01")       // 30 days after 2024-09-01
        d.actualProduction = nil                      // production due 2024-12-31, not done by 2025-03-01: 60 days
        let r = audit(d, "2025-03-01")
        #expect(codes(r.findings) == ["COMPLETION_LATE", "PRODUCTION_LATE"])
        #expect(r.findings.map(\.daysLate) == [30, 60] && r.findings.map(\.stage) == [.penalty, .penalty])
        #expect(r.placement.penaltyWan == 90 && r.placement.stage == .penalty)
    }

    @Test("figures at the review: a gap of exactly 20 % is rectified, 30 % draws gap × price, above 50 % exits; energy and emissions over")
    func figures() {
        var d = contract()
        d.taxWan = 360                // 24 万元/亩: (30 − 24) / 30 = 20 %
        let before = audit(d, "2027-12-31")  // the review day itself: not yet passed
        #expect(before.findings.isEmpty)
        let rectify = audit(d, "2028-01-01")
        #expect(codes(rectify.findings) == ["TAX_SHORT"] && abs((rectify.findings[0].gap ?? 0) - 0.2) < 1e-12)
        #expect(rectify.placement.stage == .rectify && rectify.placement.rule == "gap_within_rectify_max_gap")
        #expect(rectify.placement.deadline == date("2028-07-01") && rectify.placement.penaltyWan == nil)
        #expect(rectify.findings[0].due == "30" && rectify.findings[0].actual == "24")

        d.taxWan = 315                // 21 万元/亩: 30 % short → 0.3 × 1,000 × 1 = 300 万元
        d.emissionT = 250             // 0.125 t/万元 against 0.1: 25 % over → 250 万元
        let penalty = audit(d, "2028-01-01")
        #expect(codes(penalty.findings) == ["TAX_SHORT", "EMISSION_OVER"])
        #expect(penalty.placement.stage == .penalty && penalty.placement.rule == "gap_above_rectify_max_gap")
        #expect(abs((penalty.placement.penaltyWan ?? 0) - 550) < 1e-9)
        #expect(penalty.findings.map(\.penaltyWan) == [300, 250])

        d.energyTCE = 1600            // 0.8 tce/万元 against 0.5: 60 % over → exit, the penalty capped at the whole gap
        let exit = audit(d, "2028-01-01")
        #expect(codes(exit.findings) == ["TAX_SHORT", "ENERGY_OVER", "EMISSION_OVER"])
        #expect(exit.placement.stage == .exit && exit.placement.rule == "gap_above_exit_min_gap")
        #expect(abs((exit.findings[1].gap ?? 0) - 0.6) < 1e-12 && abs((exit.placement.penaltyWan ?? 0) - 1150) < 1e-9)
    }

    @Test("investment is checked at completion, FAR at the review (from the measures)")
    func investmentAndFAR() {
        var d = contract()
        d.investmentWan = 3600        // 240 万元/亩: 20 % short
        d.actualCompletion = nil      // completion due 2024-09-01
        let beforeCompletion = audit(d, "2024-09-01")
        #expect(beforeCompletion.findings.isEmpty)
        let afterCompletion = audit(d, "2024-09-02")
        #expect(codes(afterCompletion.findings) == ["COMPLETION_LATE", "INVESTMENT_SHORT"])
        #expect(afterCompletion.findings[1].due == "300" && afterCompletion.findings[1].actual == "240")
        // A promised total instead of an intensity: 6,000 万元 over 15 亩 = 400 万元/亩; 240 is 40 % short.
        d.promisedInvestmentPerMu = nil
        d.promisedInvestmentWan = 6000
        d.actualCompletion = date("2024-09-01")
        let total = audit(d, "2024-09-02")
        #expect(codes(total.findings) == ["INVESTMENT_SHORT"] && abs((total.findings[0].gap ?? 0) - 0.4) < 1e-12)
        #expect(total.placement.penaltyWan.map { abs($0 - 400) < 1e-9 } == true)
        // FAR 12,000 / 10,000 = 1.2 against 1.5: 20 % short, after the review.
        let low = AuditMeasures(siteAreaM2: 10_000, siteAreaSource: "declared", floorAreaM2: 12_000, farSource: .buildings)
        let checked = AuditChecks.run(contract(), measures: low, asOf: date("2028-01-01"), rules: AuditRules())
        #expect(codes(checked.findings) == ["FAR_SHORT"] && abs((checked.findings[0].gap ?? 0) - 0.2) < 1e-12)
        #expect(checked.figures.first { $0.name == "far" }?.actual == 1.2)
    }

    @Test("industry: another division is INDUSTRY_CHANGED, another class of the same division is not; a negative list at division level")
    func industry() {
        var d = contract()
        d.industryCode = "C3412"
        #expect(audit(d, "2025-06-30").findings.isEmpty)
        d.industryCode = "3511"
        let changed = audit(d, "2025-06-30")
        #expect(codes(changed.findings) == ["INDUSTRY_CHANGED"] && changed.placement.stage == .rectify && changed.placement.rule == "industry_changed")
        d.industryCode = "C2511"
        let list = NegativeList([.init(code: "25", reason: "高耗能"), .init(code: "C2611", reason: "不相干")])
        let forbidden = audit(d, "2025-06-30", negative: list)
        #expect(codes(forbidden.findings) == ["INDUSTRY_CHANGED", "NEGATIVE_LIST"])
        #expect(forbidden.placement.stage == .exit && forbidden.placement.rule == "negative_list" && forbidden.findings[1].due == "25")
        #expect(forbidden.findings[1].message.contains("(高耗能)"))
        // The rules may give other stages.
        var rules = AuditRules()
        rules.negativeListStage = .penalty
        #expect(audit(d, "2025-06-30", rules: rules, negative: list).placement.stage == .penalty)
    }

    @Test("NO_DATA: a figure due but missing, a number or date that cannot be read — never a silent pass")
    func noData() {
        var d = contract()
        d.taxWan = nil
        d.problems[.energyTCE] = "综合能耗 'n/a' is not a number"
        d.energyTCE = nil
        let r = audit(d, "2028-01-01")
        #expect(codes(r.findings) == ["NO_DATA", "NO_DATA"] && r.findings.map(\.check) == ["tax_per_mu", "energy_per_value_added"])
        #expect(r.findings[1].message.contains("'n/a' is not a number"))
        #expect(r.placement.stage == .rectify && r.placement.rule == "no_data")
        // Before the review the missing tax is not yet due.
        #expect(audit(d, "2027-06-30").findings.isEmpty)
        var e = contract()
        e.completionDue = nil
        e.problems[.completionDue] = "约定竣工日期 '2024-02-30' is not a date: month 2 of 2024 has 29 days"
        let bad = audit(e, "2025-06-30")
        #expect(codes(bad.findings) == ["NO_DATA"] && bad.findings[0].check == "completion" && bad.findings[0].message.contains("2024-02-30"))
        // Without any review or production date the review figures cannot be placed.
        var f = contract()
        f.productionDue = nil
        let noReview = audit(f, "2025-06-30")
        #expect(codes(noReview.findings) == ["NO_DATA", "NO_DATA"] && noReview.findings.map(\.check) == ["production", "review_date"])
    }

    @Test("--previous: a penalty past its deadline exits; one still running keeps its deadline; a rectification past its deadline becomes a penalty")
    func previous() {
        var d = contract()
        d.taxWan = 315                 // 30 % short after the review: penalty
        let passed = audit(d, "2028-07-02", previous: PreviousAudit(stage: .penalty, deadline: date("2028-07-01")))
        #expect(passed.placement.stage == .exit && passed.placement.rule == "penalty_deadline_passed")
        let running = audit(d, "2028-07-01", previous: PreviousAudit(stage: .penalty, deadline: date("2028-07-01")))
        #expect(running.placement.stage == .penalty && running.placement.deadline == date("2028-07-01"))
        d.taxWan = 390                 // 26 万元/亩: 13.3 % short, rectify
        let rectified = audit(d, "2028-08-01", previous: PreviousAudit(stage: .rectify, deadline: date("2028-07-31")))
        #expect(rectified.placement.stage == .penalty && rectified.placement.rule == "rectify_deadline_passed")
        // 4/30 of the land price: 133.33 万元; a new penalty deadline six months on.
        #expect(abs((rectified.placement.penaltyWan ?? 0) - 133.3333) < 1e-9 && rectified.placement.deadline == date("2029-02-01"))
        // Put right in time: back to ok whatever the previous stage.
        d.taxWan = 450
        #expect(audit(d, "2028-08-01", previous: PreviousAudit(stage: .penalty, deadline: date("2028-07-01"))).placement.stage == .ok)
    }

    @Test("deadlines end on the month's last day when the month is shorter (2025-08-31 + 6 months = 2026-02-28)")
    func monthEnds() {
        #expect(date("2025-08-31").adding(months: 6) == date("2026-02-28"))
        #expect(date("2023-08-31").adding(months: 6) == date("2024-02-29"))
        #expect(date("2025-11-15").adding(months: 3) == date("2026-02-15"))
        #expect(date("2025-01-31").adding(months: 1) == date("2025-02-28"))
        #expect(date("2025-12-31").adding(months: 12) == date("2026-12-31"))
    }

    @Test("no land price at the penalty stage: the penalty is not computed, and says so")
    func noPrice() {
        var d = contract()
        d.landPriceWan = nil
        d.actualStart = nil
        let r = audit(d, "2023-04-01")
        #expect(r.placement.stage == .penalty && r.placement.penaltyWan == nil && r.placement.penaltyFormula == "no land price: penalty not computed")
    }
}

/// A hand-made 标准地 ledger in EPSG:4550 with Chinese field names: parcel k is the 100 m
/// square at x = 200k (10,000 m², 15 亩), audited as of 2028-01-01.
enum AuditLedger {
    typealias D = HandMadeDistrict

    static func parcel(_ k: Int, _ props: [String: String?], geometry: Bool = true) -> String {
        IdleLedger.parcel(k, props, geometry: geometry).replacingOccurrences(of: "\"地块编号\":\"I", with: "\"地块编号\":\"A")
    }

    /// The contract every parcel starts from, kept in full by 2028-01-01.
    static let kept: [String: String?] = [
        "供地日期": "2022-12-01", "约定开工日期": "2023-03-01", "约定竣工日期": "2024-09-01", "约定投产日期": "2024-12-31",
        "承诺投资强度": "#300", "承诺亩均税收": "#30", "承诺容积率": "#1.5", "约定行业代码": "C3411", "土地价款": "#1000", "用地面积": "#10000",
        "实际开工日期": "2023-03-01", "实际竣工日期": "2024-09-01", "实际投产日期": "2024-12-31", "固定资产投资": "#4500", "税收": "#450",
        "行业代码": "C3411", "建筑面积": "#15000", "状态": "现状",
    ]

    static func with(_ changes: [String: String?]) -> [String: String?] { kept.merging(changes) { _, new in new } }

    static let parcels = D.collection([
        parcel(0, kept),                                                                              // A1 ok
        parcel(1, with(["约定开工日期": "2025-06-01", "约定竣工日期": "2026-06-01", "约定投产日期": "2026-12-31", "实际开工日期": nil,
                        "实际竣工日期": nil, "实际投产日期": nil, "固定资产投资": "#0"])),                     // A2 exit: not started 2 years
        parcel(2, with(["税收": "#315"])),                                                            // A3 penalty: tax 30 % short
        parcel(3, with(["用地面积": nil, "建筑面积": nil])),                                           // A4 exit: FAR 0.6 from the buildings
        parcel(4, with(["税收": "n/a"])),                                                             // A5 rectify: NO_DATA
        parcel(5, with(["状态": "拟出让"])),                                                          // A6 not audited: proposed
        parcel(6, ["供地日期": "2015-01-01", "约定开工日期": "2015-06-01", "状态": "现状"]),             // A7 not audited: no 标准地 terms
        parcel(7, with(["税收": "#360"]), geometry: false),                                           // A8 rectify: no geometry, tax 20 % short
        parcel(8, with(["约定行业代码": "C2511", "行业代码": "C2511"])),                               // A9 exit: on the park's negative list
    ])

    static let buildings = D.collection([
        "{\"type\":\"Feature\",\"properties\":{\"层数\":3},\"geometry\":\(D.box(620, 20, 660, 70))}",  // on A4: 2,000 m² × 3 storeys
    ])

    static let zones = D.collection([
        D.zone("C1", "cluster", D.box(-50, -50, 1750, 150)),
        "{\"type\":\"Feature\",\"properties\":{\"zone_id\":\"P1\",\"zone\":\"cluster\",\"负面清单\":\"25:高耗能；C3011\"},\"geometry\":\(D.box(1590, -10, 1710, 110))}",
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

@Suite("audit on a hand-made ledger")
struct AuditLedgerTests {
    func run(_ asOf: String, previous: String? = nil) throws -> AuditResult {
        let files = try AuditLedger.write()
        var o = AuditOptions(parcelsPath: files.parcels, asOf: try LedgerDate.parse(asOf))
        o.sites.idField = "地块编号"
        o.sites.buildingsPath = files.buildings
        o.sites.zonesPath = files.zones
        o.previousPath = previous
        o.language = .en
        return try Audit.run(o)
    }

    @Test("Chinese field names; every parcel's stage, rule, findings, penalty and deadline; the park's own negative list")
    func stages() throws {
        let r = try run("2028-01-01")
        #expect(r.fields[.completionDue] == "约定竣工日期" && r.fields[.promisedTaxPerMu] == "承诺亩均税收" && r.fields[.contractIndustry] == "约定行业代码")
        #expect(r.fields[.actualProduction] == "实际投产日期" && r.fields[.siteAreaM2] == "用地面积" && r.fields[.industryCode] == "行业代码")
        #expect(r.parcels.map(\.id) == (1...9).map { "A\($0)" })
        #expect(r.parcels.map { $0.stage?.rawValue ?? "-" } == ["ok", "exit", "penalty", "exit", "rectify", "-", "-", "rectify", "exit"])
        func p(_ k: Int) -> ParcelAudit { r.parcels[k - 1] }
        // A2: 944 + 579 + 366 days late at 1 ‰ of 1,000 万元, and the whole investment missing (100 % × 1,000).
        #expect(p(2).findings.map(\.code.rawValue) == ["START_LATE", "COMPLETION_LATE", "PRODUCTION_LATE", "INVESTMENT_SHORT"])
        #expect(p(2).findings.map(\.daysLate) == [944, 579, 366, nil] && p(2).placement.rule == "not_started_exit_after_years")
        #expect(p(2).placement.penaltyWan.map { abs($0 - 2889) < 1e-9 } == true)
        #expect(p(3).findings.map(\.code) == [.taxShort] && p(3).placement.penaltyWan.map { abs($0 - 300) < 1e-9 } == true)
        #expect(p(3).placement.deadline?.description == "2028-07-01" && p(3).nextDeadline?.what == "penalty_deadline")
        // A4: no declared area, so the ellipsoidal one (a little under 10,000 m² 100 km off the zone's
        // central meridian); floor area 2,000 × 3 from the footprint: FAR ≈ 0.6, 60 % short → exit.
        #expect(p(4).measures.siteAreaSource == "ellipsoidal" && p(4).measures.farSource == .buildings && p(4).measures.floorAreaM2 == 6000)
        let a4 = try #require(p(4).measures.siteAreaM2)
        #expect(a4 < 10_000 && a4 > 9_990)
        #expect(p(4).findings.map(\.code) == [.farShort] && abs((p(4).figure("far")?.actual ?? 0) - 6000 / a4) < 1e-12)
        #expect(p(4).placement.rule == "gap_above_exit_min_gap")
        #expect(p(5).findings.map(\.code) == [.noData] && p(5).findings[0].message.contains("税收 'n/a' is not a number"))
        #expect(p(6).note == "not granted (proposed)" && p(7).note == "no 标准地 contract terms")
        #expect(p(8).status == .noGeometry && p(8).measures.siteAreaSource == "declared" && p(8).findings.map(\.code) == [.taxShort])
        #expect(p(9).findings.map(\.code) == [.negativeList] && p(9).findings[0].message.contains("from zone P1"))
        #expect(p(1).findings.isEmpty && p(1).zone == "cluster")
        #expect(r.pastOK == 6 && r.audited.count == 7 && r.unusableInputs == 1)
        // The timeline: on 2024-08-15 the completions due on 2024-09-01 are 17 days ahead (recorded later, so not yet done).
        let early = try run("2024-08-15")
        let timeline = AuditSummary.markdown(early)
        #expect(timeline.contains("## Deadlines in the next 90 days (to 2024-11-13)\n\n| date | parcel | what | stage |\n|---|---|---|---|\n| 2024-09-01 | A1 | completion due | ok |\n| 2024-09-01 | A3 | completion due | ok |"))
        #expect(early.parcels[0].nextDeadline == AuditDeadline(date: try LedgerDate.parse("2024-09-01"), what: "completion_due"))
    }

    @Test("the Chinese summary holds no English prose beyond the codes (stages, rules, checks)")
    func chineseSummary() throws {
        let files = try AuditLedger.write()
        var o = AuditOptions(parcelsPath: files.parcels, asOf: try LedgerDate.parse("2028-01-01"))
        o.sites.idField = "地块编号"
        o.sites.buildingsPath = files.buildings
        o.sites.zonesPath = files.zones
        let text = AuditSummary.markdown(try Audit.run(o))
        let codes = Set(AuditStage.allCases.map(\.rawValue) + AuditLadder.ruleNames + ["investment_per_mu", "tax_per_mu", "far", "energy_per_value_added", "emission_per_value_added", "start", "completion", "production",
                                                                                                                 "industry", "negative_list", "review_date"])
        #expect(ChineseOutputTests.english(text).filter { !codes.contains($0) }.isEmpty, "\(ChineseOutputTests.english(text))")
        #expect(text.contains("| penalty | 支付违约金 | 1 | 15.00 | 300.00 |") && text.contains("税收 'n/a' 不是数字"))
    }

    @Test("outputs: audit.csv one row per parcel, findings.csv one per finding; --previous escalates the stages whose deadline passed")
    func outputsAndPrevious() throws {
        let r = try run("2028-01-01")
        let folder = TemporaryFolder.untilExit() + "/first"
        let files = try AuditOutput.write(r, to: folder, output: .init())
        #expect(files.map { ($0 as NSString).lastPathComponent }.sorted() == ["audit.csv", "findings.csv", "parcels.geojson", "report.html", "results.xlsx", "summary.md"])
        let audit = String(decoding: try #require(FileManager.default.contents(atPath: folder + "/audit.csv")), as: UTF8.self).split(separator: "\r\n")
        #expect(audit.count == 10 && audit[0].hasPrefix("\u{FEFF}id,status,audited,stage,stage_rule,findings,penalty_wan,penalty_formula,stage_deadline"))
        #expect(audit[3].hasPrefix("A3,ok,true,penalty,gap_above_rectify_max_gap,TAX_SHORT,300,\"TAX_SHORT 30.00 % × 1,000.00 万元 × 1 = 300.00 万元\",2028-07-01,2028-07-01,penalty_deadline,,,2028-01-01,"))
        let findings = try String(contentsOfFile: folder + "/findings.csv", encoding: .utf8).split(separator: "\r\n")
        #expect(findings.count == 1 + 9)
        #expect(findings.filter { $0.hasPrefix("A2,") }.count == 4)
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(summary.contains("| exit | exit (收回/退出) | 3 |") && summary.contains("| rectify | rectify (整改) | 2 |"))
        #expect(summary.contains("## Deadlines in the next 90 days (to 2028-03-31)\n\nNone."))

        let later = try run("2028-07-02", previous: folder)
        #expect(later.previousMatched == 7)
        func p(_ k: Int) -> ParcelAudit { later.parcels[k - 1] }
        #expect(p(3).stage == .exit && p(3).placement.rule == "penalty_deadline_passed")
        #expect(p(5).stage == .penalty && p(5).placement.rule == "rectify_deadline_passed" && p(5).placement.penaltyFormula == nil)
        #expect(p(8).stage == .penalty && p(8).placement.rule == "rectify_deadline_passed")
        #expect(p(1).stage == .ok && p(1).previous?.stage == .ok)
        // Not an audit.csv: an input error naming the file.
        #expect(throws: ReadError.self) { try run("2028-07-02", previous: folder + "/summary.md") }
    }
}
