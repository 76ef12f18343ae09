import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// Dates as ledgers write them, and the calendar arithmetic of "one full year".
@Suite("idle land: ledger dates")
struct LedgerDateTests {
    func date(_ s: String) throws -> LedgerDate { try LedgerDate.parse(s) }

    @Test("the three spellings (and 2021.3.25, a trailing time) read as the same day")
    func spellings() throws {
        let d = try #require(LedgerDate(year: 2021, month: 3, day: 25))
        for s in ["2021-03-25", "2021/03/25", "2021年3月25日", "2021年03月25日", "2021-3-25", "2021/3/25", "2021.3.25",
                  " 2021-03-25 ", "2021-03-25 00:00:00", "2021-03-25T08:30", "2021年3月25日 00:00"] {
            #expect(try date(s) == d, "\(s)")
        }
        #expect(d.description == "2021-03-25")
        #expect(try date("2024/2/29").description == "2024-02-29")
    }

    @Test("malformed and impossible dates are refused with the reason")
    func malformed() throws {
        func reason(_ s: String) -> String {
            do {
                _ = try LedgerDate.parse(s)
                return "accepted"
            } catch let e as LedgerDate.ParseError {
                return e.description
            } catch {
                return "\(error)"
            }
        }
        #expect(reason("2023-02-29") == "'2023-02-29' is not a date: 2023 is not a leap year")
        #expect(reason("2021-02-30") == "'2021-02-30' is not a date: month 2 of 2021 has 28 days")
        #expect(reason("2021-04-31") == "'2021-04-31' is not a date: month 4 of 2021 has 30 days")
        #expect(reason("2021-13-01") == "'2021-13-01' has no month 13")
        #expect(reason("1900-02-29").contains("not a leap year"))   // century rule
        #expect(try LedgerDate.parse("2000-02-29").day == 29)         // 400-year rule
        #expect(reason("0021-03-25") == "'0021-03-25' has the year 21, outside 1900–2199")
        for bad in ["yesterday", "21-03-25", "2021-03", "2021-03-25-01", "2021/03-25", "2021年3月25", "2021年3月", "25/03/2021",
                    "2021-03-25 noon", "2021--03-25", "２０２１-03-25", ""] {
            #expect(reason(bad).contains("is not a date (expected YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)"), "\(bad): \(reason(bad))")
        }
        // Ledger values: missing is not an error; a number is (an Excel serial date).
        #expect(LedgerDate.read(nil) == nil && LedgerDate.read(.null) == nil && LedgerDate.read(.string("  ")) == nil)
        guard case let .failure(e)? = LedgerDate.read(.number("45000")) else { Issue.record("number accepted"); return }
        #expect(e.description.contains("is a number, not a date"))
        guard case .success? = LedgerDate.read(.string("2024年2月29日")) else { Issue.record("2024年2月29日 refused"); return }
    }

    @Test("one full year is the same date next year; 29 February gives 28 February (民法典 第二百零二条)")
    func fullYears() throws {
        #expect(try date("2024-05-20").adding(years: 1) == date("2025-05-20"))
        #expect(try date("2024-02-29").adding(years: 1) == date("2025-02-28"))
        #expect(try date("2024-02-29").adding(years: 2) == date("2026-02-28"))
        #expect(try date("2024-02-29").adding(years: 4) == date("2028-02-29"))
        #expect(try date("2023-02-28").adding(years: 1) == date("2024-02-28")) // not the 29th
        #expect(try date("2023-03-01").adding(years: 1) == date("2024-03-01"))
        #expect(try date("1999-12-31").adding(years: 1) == date("2000-12-31"))
    }

    @Test("day numbers: the epoch, leap days, and a round trip over 250 years")
    func dayNumbers() throws {
        #expect(try date("1970-01-01").dayNumber == 0)
        #expect(try date("2000-03-01").dayNumber == 11_017)
        #expect(try date("2024-02-28").days(to: date("2024-03-01")) == 2)
        #expect(try date("2023-02-28").days(to: date("2023-03-01")) == 1)
        #expect(try date("2024-05-20").days(to: date("2025-12-31")) == 590)
        #expect(try date("2021-10-12").days(to: date("2025-12-31")) == 1_541)
        #expect(try date("1900-03-01").days(to: date("1900-02-28")) == -1)
        let start = try date("1900-01-01").dayNumber, end = try date("2150-12-31").dayNumber
        var previous: LedgerDate?
        for n in stride(from: start, through: end, by: 1) {
            let d = LedgerDate(dayNumber: n)
            if d.dayNumber != n || LedgerDate(year: d.year, month: d.month, day: d.day) == nil { Issue.record("day \(n) → \(d)"); break }
            if let previous, !(previous < d) { Issue.record("\(previous) !< \(d)"); break }
            previous = d
        }
        #expect(LedgerDate(dayNumber: end) == (try date("2150-12-31")))
    }
}

/// The verdict on single parcels: every rule and every edge of it.
@Suite("idle land: the verdict per parcel")
struct IdleAssessmentTests {
    let rules = IdleRules()

    func date(_ s: String) -> LedgerDate { try! LedgerDate.parse(s) }

    func assess(_ inputs: IdleInputs, _ asOf: String) -> IdleAssessment {
        IdleLand.assess(inputs, asOf: date(asOf), rules: rules, language: .en)
    }

    @Test("not started: idle on the same date next year, recoverable two years on; days overdue from the agreed start")
    func notStarted() {
        let agreed = IdleInputs(grantDate: date("2023-11-20"), agreedStart: date("2024-05-20"), landPriceWan: 551.5)
        let dayBefore = assess(agreed, "2025-05-19")
        #expect(dayBefore.idleClass == .none && dayBefore.daysOverdue == 364 && dayBefore.idleFeeWan == nil)
        #expect(dayBefore.idleFrom == date("2025-05-20") && dayBefore.recoverableFrom == date("2026-05-20"))
        let onTheDay = assess(agreed, "2025-05-20")
        #expect(onTheDay.idleClass == .idle1y && onTheDay.daysOverdue == 365)
        #expect(abs((onTheDay.idleFeeWan ?? 0) - 110.3) < 1e-9) // 20 % of 551.5 万元
        #expect(assess(agreed, "2026-05-19").idleClass == .idle1y)
        let recoverable = assess(agreed, "2026-05-20")
        #expect(recoverable.idleClass == .recoverable && recoverable.daysOverdue == 730 && recoverable.started == false)
        #expect(recoverable.evidence.first?.hasPrefix("not started 2 full years after 2024-05-20 (since 2026-05-20); 730 days overdue") == true)
        let early = assess(agreed, "2024-03-01")
        #expect(early.idleClass == .none && early.daysOverdue == 0 && early.evidence.first == "agreed start 2024-05-20 not reached")
    }

    @Test("an agreed start on 29 February: idle from 28 February of the next year")
    func leapDay() {
        let leap = IdleInputs(agreedStart: date("2024-02-29"))
        #expect(assess(leap, "2025-02-27").idleClass == .none)
        let idle = assess(leap, "2025-02-28")
        #expect(idle.idleClass == .idle1y && idle.idleFrom == date("2025-02-28") && idle.daysOverdue == 365)
        #expect(assess(leap, "2026-02-27").idleClass == .idle1y)
        #expect(assess(leap, "2026-02-28").idleClass == .recoverable)
        // A year with 366 days: agreed 2023-03-01 is idle on 2024-03-01, 366 days later.
        let across = assess(IdleInputs(agreedStart: date("2023-03-01")), "2024-03-01")
        #expect(across.idleClass == .idle1y && across.daysOverdue == 366)
        #expect(assess(IdleInputs(agreedStart: date("2023-03-01")), "2024-02-29").idleClass == .none)
    }

    @Test("missing, malformed and inconsistent dates give unknown with the reason")
    func unknowns() {
        let none = assess(IdleInputs(), "2025-12-31")
        #expect(none.idleClass == .unknown && none.daysOverdue == nil)
        #expect(none.evidence.first == "no grant date, agreed start, land delivery or actual start")
        var bad = IdleInputs(grantDate: date("2021-01-01"))
        bad.dateProblems = ["agreed_start '2021-02-30' is not a date: month 2 of 2021 has 28 days"]
        let malformed = assess(bad, "2025-12-31")
        #expect(malformed.idleClass == .unknown && malformed.evidence.first?.contains("'2021-02-30'") == true)
        let startBeforeGrant = assess(IdleInputs(grantDate: date("2022-05-01"), agreedStart: date("2022-11-01"), actualStart: date("2022-03-01")), "2025-12-31")
        #expect(startBeforeGrant.idleClass == .unknown)
        #expect(startBeforeGrant.evidence.first == "actual start 2022-03-01 is before the grant date 2022-05-01 (a ledger error, or built before the grant)")
        let agreedBeforeGrant = assess(IdleInputs(grantDate: date("2022-05-01"), agreedStart: date("2022-04-30")), "2025-12-31")
        #expect(agreedBeforeGrant.idleClass == .unknown && agreedBeforeGrant.evidence.first?.contains("before the grant date") == true)
        let suspendedBeforeStart = assess(IdleInputs(actualStart: date("2022-05-01"), suspendedSince: date("2022-01-01")), "2025-12-31")
        #expect(suspendedBeforeStart.idleClass == .unknown)
    }

    @Test("no agreed start: the start is due a year after the land was delivered (Order 53, art. 28); the grant date stands in, flagged")
    func fromDelivery() {
        // Delivered 2023-06-30: 动工开发日期 2024-06-30, idle from 2025-06-30, recoverable 2026-06-30.
        let delivered = assess(IdleInputs(grantDate: date("2023-03-01"), landDelivered: date("2023-06-30")), "2025-12-31")
        #expect(delivered.referenceDate == date("2024-06-30") && delivered.idleFrom == date("2025-06-30") && delivered.recoverableFrom == date("2026-06-30"))
        #expect(delivered.idleClass == .idle1y && delivered.flags == ["from_land_delivered"])
        #expect(delivered.daysOverdue == 549) // 2024-06-30 → 2025-12-31: 1 + 365 + 183
        #expect(delivered.evidence.contains { $0.contains("art. 28") })
        // Before issue 18 the grant date itself was the start date (idle from 2025-03-15, and
        // idle here); the land cannot have been delivered before the grant, so the start was
        // due on 2025-03-15 at the earliest and the land is idle from 2026-03-15.
        let a = assess(IdleInputs(grantDate: date("2024-03-15")), "2025-12-31")
        #expect(a.idleClass == .none && a.referenceDate == date("2025-03-15") && a.idleFrom == date("2026-03-15"))
        #expect(a.flags == ["from_grant_date"] && a.daysOverdue == 291) // 16 days of March + 275
        #expect(assess(IdleInputs(grantDate: date("2024-03-15")), "2026-03-15").idleClass == .idle1y)
        // An agreed start wins over both.
        #expect(assess(IdleInputs(grantDate: date("2023-03-01"), agreedStart: date("2023-09-01"), landDelivered: date("2023-06-30")), "2025-12-31").referenceDate == date("2023-09-01"))
    }

    @Test("idle through the government or force majeure (art. 8): no fee, not recoverable without compensation, the disposal shown")
    func article8() {
        var p = IdleInputs(agreedStart: date("2022-01-01"), landPriceWan: 800, idleCause: IdleCause(text: "政府原因：规划调整"), disposal: "延长动工开发期限")
        let a = assess(p, "2025-12-31")
        #expect(a.idleClass == .negotiated && a.idleClass.isIdle && a.idleFeeWan == nil && a.feeStatus == nil)
        #expect(a.evidence.contains { $0.contains("art. 8") } && a.evidence.contains("disposal: 延长动工开发期限"))
        p.idleCause = IdleCause(text: "自然灾害")
        #expect(p.idleCause == .forceMajeure && assess(p, "2025-12-31").idleClass == .negotiated)
        p.idleCause = IdleCause(text: "企业资金原因")
        #expect(p.idleCause == .landUser && assess(p, "2025-12-31").idleClass == .recoverable)
        #expect(IdleCause(text: "其他") == nil)
    }

    @Test("the fee is levied once: due at one year, triggered (not due again) at two, paid when the ledger says so")
    func fees() {
        let base = IdleInputs(agreedStart: date("2024-05-20"), landPriceWan: 551.5)
        let oneYear = assess(base, "2025-12-31")
        #expect(oneYear.feeStatus == .due && abs((oneYear.feeDueWan ?? 0) - 110.3) < 1e-9)
        let twoYears = assess(base, "2026-05-20")
        #expect(twoYears.feeStatus == .triggered && twoYears.feeDueWan == 0 && abs((twoYears.idleFeeWan ?? 0) - 110.3) < 1e-9)
        #expect(twoYears.evidence.contains { $0.contains("fell due on 2025-05-20 at one year") })
        var paid = base
        paid.feePaidWan = 110.3
        #expect(assess(paid, "2025-12-31").feeStatus == .paid && assess(paid, "2025-12-31").feeDueWan == 0)
        paid.feePaidWan = 50
        #expect(abs((assess(paid, "2025-12-31").feeDueWan ?? 0) - 60.3) < 1e-9) // 110.3 − 50 still due
    }

    @Test("started: not idle, lateness noted; a start after the as-of date does not count yet")
    func started() {
        let late = assess(IdleInputs(grantDate: date("2020-09-25"), agreedStart: date("2021-03-25"), actualStart: date("2022-09-12")), "2025-12-31")
        #expect(late.idleClass == .none && late.started == true && late.daysOverdue == 0 && late.flags == ["started_late"])
        #expect(late.evidence.first == "started 2022-09-12, 536 days after the agreed 2021-03-25")
        // As of 2022-06-30 the same parcel had not started and was idle.
        let before = assess(IdleInputs(grantDate: date("2020-09-25"), agreedStart: date("2021-03-25"), actualStart: date("2022-09-12")), "2022-06-30")
        #expect(before.idleClass == .idle1y && before.started == false && before.daysOverdue == 462)
        // Granted after the as-of date: not granted then.
        let future = assess(IdleInputs(grantDate: date("2026-01-05"), agreedStart: date("2026-07-05")), "2025-12-31")
        #expect(future.idleClass == .none && future.started == false && future.daysOverdue == nil)
        let proposed = assess(IdleInputs(proposed: true), "2025-12-31")
        #expect(proposed.idleClass == .none && proposed.evidence == ["not granted (proposed)"])
    }

    @Test("partial idle: started, developed < 1/3 or invested < 25 %, suspended a full year")
    func partial() {
        var p = IdleInputs(agreedStart: date("2021-06-01"), actualStart: date("2022-01-01"), suspendedSince: date("2024-06-30"),
                           developedShare: 0.2, landPriceWan: 300)
        #expect(assess(p, "2025-06-29").idleClass == .none)
        let a = assess(p, "2025-06-30")
        #expect(a.idleClass == .partialIdle && a.daysOverdue == 365 && abs((a.idleFeeWan ?? 0) - 60) < 1e-9)
        #expect(a.evidence.first == "developed 20 % < 33.3 %, suspended since 2024-06-30")
        #expect(assess(p, "2025-12-31").daysOverdue == 549)
        p.developedShare = 0.5
        p.investedShare = 0.3
        #expect(assess(p, "2025-12-31").idleClass == .none) // both above the thresholds
        p.investedShare = 0.24
        #expect(assess(p, "2025-12-31").idleClass == .partialIdle)
        p.developedShare = nil
        p.investedShare = nil
        #expect(assess(p, "2025-12-31").idleClass == .unknown) // suspended a year, nothing to compare
        p.shareProblems = ["developed_share 'half'"]
        #expect(assess(p, "2025-12-31").evidence.first?.contains("'half'") == true)
    }

    @Test("site checks: started without any footprint a year after the agreed start; only where buildings are expected")
    func siteChecks() {
        var p = IdleInputs(agreedStart: date("2021-01-01"), actualStart: date("2021-01-01"))
        p.buildingCount = 0
        #expect(assess(p, "2021-12-31").flags.isEmpty)
        #expect(assess(p, "2022-01-01").flags == ["no_buildings_found"])
        p.expectsBuildings = false
        #expect(assess(p, "2025-12-31").flags.isEmpty)
        p.expectsBuildings = true
        p.buildingCount = 2
        #expect(assess(p, "2025-12-31").flags.isEmpty)
        var unstarted = IdleInputs(agreedStart: date("2025-10-01"))
        unstarted.buildingCount = 1
        #expect(assess(unstarted, "2025-12-31").flags == ["buildings_found"])
    }
}

/// A hand-made ledger in EPSG:4550 with Chinese field names and every kind of date.
enum IdleLedger {
    typealias D = HandMadeDistrict

    /// Parcel k is the 100 m square at x = 200k: 10,000 m², 15 亩.
    static func parcel(_ k: Int, _ props: [String: String?], geometry: Bool = true) -> String {
        let fields = (["地块编号": "I\(k + 1)"] as [String: String?]).merging(props) { a, _ in a }
            .sorted { $0.key < $1.key }
            .map { "\"\($0.key)\":" + ($0.value.map { $0.hasPrefix("#") ? String($0.dropFirst()) : "\"\($0)\"" } ?? "null") }
        return "{\"type\":\"Feature\",\"properties\":{\(fields.joined(separator: ","))},\"geometry\":"
            + (geometry ? D.box(Double(200 * k), 0, Double(200 * k + 100), 100) : "null") + "}"
    }

    static let parcels = D.collection([
        parcel(0, ["供地日期": "2023/01/10", "约定开工日期": "2023年7月10日", "土地价款": "#1000", "用地性质": "M1", "状态": "现状"]),
        parcel(1, ["约定开工日期": "2024-12-31", "土地价款": "500", "用地性质": "M1", "状态": "现状"]),
        parcel(2, ["约定开工日期": "2025-01-01", "用地性质": "M2", "状态": "现状"]),
        parcel(3, ["约定开工日期": "2024-02-29", "用地性质": "M1", "状态": "现状"]),
        parcel(4, ["供地日期": "2019-12-01", "约定开工日期": "2020-03-01", "实际开工日期": "2020.5.6", "用地性质": "M1", "状态": "现状"]),
        parcel(5, ["约定开工日期": "2021-01-01", "实际开工日期": "2021年1月1日", "用地性质": "100101", "状态": "现状"]),
        parcel(6, ["供地日期": "2020-08-01", "约定开工日期": "2021-02-30", "用地性质": "M1", "状态": "现状"]),
        parcel(7, ["供地日期": "2022-05-01", "约定开工日期": "2022-11-01", "实际开工日期": "2022/03/01", "用地性质": "M1", "状态": "现状"]),
        parcel(8, ["用地性质": "M1", "状态": "现状"]),
        parcel(9, ["用地性质": "M1", "状态": "拟出让"]),
        parcel(10, ["约定开工日期": "2022-01-01", "用地性质": "M1", "状态": "现状"], geometry: false),
        parcel(11, ["约定开工日期": "2015-01-01", "实际开工日期": "2015-01-01", "用地性质": "R2", "状态": "现状"]),
        parcel(12, ["约定开工日期": "2021-06-01", "实际开工日期": "2022-01-01", "停工日期": "2024-06-30", "已开发比例": "20%",
                    "土地价款": "#300", "用地性质": "M2", "状态": "现状"]),
        parcel(13, ["供地日期": "2024年3月15日", "用地性质": "M1", "状态": "现状"]),
        parcel(14, ["约定开工日期": "#45000", "用地性质": "M1", "状态": "现状"]),
    ])

    static let buildings = D.collection([
        "{\"type\":\"Feature\",\"properties\":{\"层数\":3},\"geometry\":\(D.box(805, 5, 845, 55))}",   // on I5: 2,000 m²
        "{\"type\":\"Feature\",\"properties\":{\"层数\":1},\"geometry\":\(D.box(420, 20, 440, 40))}",  // on I3, not started
    ])

    static let zones = D.collection([
        D.zone("C1", "cluster", D.box(-50, -50, 1550, 150)),
        D.zone("T1", "transition", D.box(1550, -50, 3100, 150)),
        D.zone("R1", "redline", D.box(-10, -10, 110, 110)),
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

@Suite("idle land on a hand-made ledger")
struct IdleLedgerTests {
    func run(_ language: ReportLanguage = .en) throws -> IdleResult {
        let files = try IdleLedger.write()
        var o = IdleOptions(parcelsPath: files.parcels, asOf: try LedgerDate.parse("2025-12-31"))
        o.sites.idField = "地块编号"
        o.sites.buildingsPath = files.buildings
        o.sites.zonesPath = files.zones
        o.language = language
        return try IdleLand.run(o)
    }

    @Test("Chinese field names, every parcel's class, days, fee, coverage and zone")
    func verdicts() throws {
        let r = try run()
        #expect(r.fields[.grantDate] == "供地日期" && r.fields[.agreedStart] == "约定开工日期" && r.fields[.actualStart] == "实际开工日期")
        #expect(r.fields[.landPriceWan] == "土地价款" && r.fields[.suspendedSince] == "停工日期" && r.fields[.developedShare] == "已开发比例")
        #expect(r.statusField == "状态" && r.useField == "用地性质" && r.areaCRS.epsg == 4550)
        #expect(r.parcels.map(\.id) == (1...15).map { "I\($0)" })
        func p(_ k: Int) -> ParcelIdle { r.parcels[k - 1] }
        // I14 (granted 2024-03-15, no agreed start, no delivery date): its start was due a year
        // after the grant at the earliest (art. 28), so it is idle from 2026-03-15 — not yet.
        #expect(r.parcels.map(\.idleClass.rawValue) == ["recoverable", "idle_1y", "none", "idle_1y", "none", "none", "unknown", "unknown",
                                                        "unknown", "none", "recoverable", "none", "partial_idle", "none", "unknown"])
        // The zone rule of every command: the dominant 三区 kind (the red line lies inside C1), the red line as a share.
        #expect(p(1).assessment.daysOverdue == 905 && p(1).assessment.idleFeeWan == 200 && p(1).zone == "cluster")
        #expect(abs((p(1).redLineShare ?? 0) - 1) < 1e-9 && p(2).redLineShare == 0)
        #expect(p(2).assessment.daysOverdue == 365 && p(2).assessment.idleFeeWan == 100 && p(2).zone == "cluster") // "500" as text
        #expect(p(3).assessment.daysOverdue == 364 && p(3).assessment.idleFrom?.description == "2026-01-01")
        #expect(p(3).assessment.flags == ["buildings_found"] && abs((p(3).buildingCoverage ?? 0) - 0.04) < 1e-12)
        #expect(p(4).assessment.idleFrom?.description == "2025-02-28" && p(4).assessment.recoverableFrom?.description == "2026-02-28")
        #expect(p(5).assessment.flags == ["started_late"] && abs((p(5).buildingCoverage ?? 0) - 0.2) < 1e-12 && p(5).buildingCount == 1)
        #expect(p(6).assessment.flags == ["no_buildings_found"] && p(6).buildingCoverage == 0)
        #expect(p(7).assessment.evidence.first == "unreadable date: 约定开工日期 '2021-02-30' is not a date: month 2 of 2021 has 28 days")
        #expect(p(8).assessment.evidence.first?.hasPrefix("actual start 2022-03-01 is before the grant date 2022-05-01") == true)
        #expect(p(9).assessment.evidence.first == "no grant date, agreed start, land delivery or actual start")
        #expect(p(10).assessment.evidence.first == "not granted (proposed)")
        #expect(p(11).status == .noGeometry && p(11).areaM2 == nil && p(11).assessment.daysOverdue == 1_460 && p(11).zone == nil)
        #expect(p(12).assessment.flags.isEmpty)                     // housing: no site check
        #expect(p(13).assessment.daysOverdue == 549 && p(13).assessment.idleFeeWan == 60 && p(13).zone == "transition")
        #expect(p(13).assessment.flags == ["started_late", "no_buildings_found"]) // late, suspended, nothing built
        #expect(p(14).assessment.flags == ["from_grant_date"] && p(14).assessment.daysOverdue == 291)
        #expect(p(15).assessment.evidence.first?.contains("'45000' is a number, not a date") == true)
        #expect(abs((p(1).areaM2 ?? 0) - 10_000) < 1e-6 && abs((p(1).areaMu ?? 0) - 15) < 1e-9)
        #expect(r.idleCount == 5)
    }

    @Test("idle.csv, idle.geojson and summary.md: every parcel, fixed columns, totals in 亩")
    func outputs() throws {
        let r = try run()
        let folder = TemporaryFolder.untilExit() + "/nested"
        let files = try IdleOutput.write(r, to: folder)
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["idle.csv", "idle.geojson", "summary.md", "results.xlsx", "report.html"])
        let csv = try CSVReader(path: folder + "/idle.csv", geometryColumn: "evidence")
        #expect(Array(csv.header.prefix(IdleOutput.columns.count)) == IdleOutput.columns)
        #expect(csv.header.contains("供地日期") && csv.header.contains("地块编号"))
        let rows = try csv.readAll()
        #expect(rows.count == 15)
        #expect(rows[0].properties["idle_class"] == .string("recoverable") && rows[0].properties["days_overdue"]?.text == "905")
        #expect(rows[0].properties["idle_fee_wan"]?.text == "200" && rows[0].properties["area_mu"]?.text == "15")
        #expect(rows[3].properties["idle_from"]?.text == "2025-02-28" && rows[4].properties["building_coverage"]?.text == "0.2")
        let json = try GeoJSONReader(path: folder + "/idle.geojson").readAll()
        #expect(json.count == 15 && json[10].geometry == nil && json[10].properties["status"] == .string("no_geometry"))
        #expect(json[0].properties["idle_class_zh"] == .string("未动工开发满两年（可无偿收回）")) // 令第53号's words, not 闲置满两年
        let lon = try #require(json[0].geometry?.xy.first)
        #expect(lon > 121.9 && lon < 122.0)
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        // The fee is levied once: I1's 200 万元 (20 % of 1,000) fell due when it had lain idle a
        // year; it is shown apart, not added to the fees due now: I2's 100 + I13's 60 = 160.
        // (Before issue 18 the total was 360, and I14 was idle_1y from its grant date.)
        #expect(summary.contains("| recoverable | not started two full years (recoverable without compensation) | 2 | 15.00 | 10,000.0 |  | 200.00 |"))
        #expect(summary.contains("| idle_1y | not started a full year (idle fee) | 2 | 30.00 | 20,000.0 | 100.00 |  |"))
        #expect(summary.contains("| partial_idle | started, under-developed, suspended a full year | 1 | 15.00 | 10,000.0 | 60.00 |  |"))
        #expect(summary.contains("| unknown | unknown | 4 | 60.00 | 40,000.0 |  |  |"))
        #expect(summary.contains("5 idle parcels, 60.00 mu (40,000.0 m²); idle fees due 160.00 万元; 200.00 万元 of fees on parcels idle two years fell due at one year and are not levied again (not in the fees due)."))
        #expect(rows[0].properties["idle_fee_status"]?.text == "triggered" && rows[1].properties["idle_fee_status"]?.text == "due")
        #expect(summary.contains("- `no_buildings_found` (2): recorded as started, no building footprint a year after the agreed start: I6, I13\n"))
        #expect(summary.contains("- `buildings_found` (1): no start recorded, but buildings stand on the parcel: I3\n"))
        #expect(summary.contains("- #7 I7: unreadable date"))
        #expect(summary.contains("| of which in the red line (share > 50 %) | 1 | 15.00 | 0 |"))
        let zh = IdleSummary.markdown(try run(.zh))
        #expect(zh.contains("闲置地块 5 宗，60.00 亩（40,000.0 m²）；应征闲置费 160.00 万元；满两年地块的闲置费 200.00 万元已于满一年时触发，不重复征收、未计入应征。"))
        // 令第53号 says 动工开发 and 未动工开发满一年; only the ledger's own field names say 开工.
        let prose = zh.replacingOccurrences(of: "约定开工日期", with: "").replacingOccurrences(of: "实际开工日期", with: "")
        #expect(!prose.contains("开工") && !prose.contains("闲置满"))
    }

    @Test("a ledger without any date field is an input error naming the fields; --field-map names them")
    func noDateFields() throws {
        let files = try IdleLedger.write()
        let plain = files.parcels.replacingOccurrences(of: "parcels.geojson", with: "plain.geojson")
        try HandMadeDistrict.collection([
            "{\"type\":\"Feature\",\"properties\":{\"动工时间\":\"2020-01-01\"},\"geometry\":\(HandMadeDistrict.box(0, 0, 100, 100))}",
        ]).write(toFile: plain, atomically: true, encoding: .utf8)
        var o = IdleOptions(parcelsPath: plain, asOf: try LedgerDate.parse("2025-12-31"))
        #expect { try IdleLand.run(o) } throws: { ($0 as? ReadError)?.message.contains("the fields are 动工时间") == true }
        o.sites.fieldMap = try FieldMap(parsing: "agreed_start=动工时间")
        let r = try IdleLand.run(o)
        #expect(r.parcels.first?.idleClass == .recoverable && r.fields[.agreedStart] == "动工时间")
        o.sites.fieldMap = try FieldMap(parsing: "agreed_start=开工时间")
        #expect(throws: ReadError.self) { try IdleLand.run(o) }
        #expect(throws: FieldMapError.self) { try FieldMap(parsing: "start=动工时间") }
    }
}

/// The demo district in shapes/: the idle cases of shapes/README.md as of 2025-12-31.
@Suite("idle land on the demo district")
struct IdleDemoTests {
    static func run(asOf: String = "2025-12-31", buildings: Bool = true, language: ReportLanguage = .en) throws -> IdleResult {
        var o = IdleOptions(parcelsPath: Repository.shapes("parcels.geojson"), asOf: try LedgerDate.parse(asOf))
        o.sites.idField = "parcel_id"
        o.sites.zonesPath = Repository.shapes("zones.geojson")
        if buildings { o.sites.buildingsPath = Repository.shapes("buildings.geojson") }
        o.language = language
        return try IdleLand.run(o)
    }

    @Test("the README's idle cases as of 2025-12-31, and nothing else idle or unknown")
    func readmeCases() throws {
        let r = try Self.run()
        func p(_ id: String) throws -> ParcelIdle { try #require(r.parcels.first { $0.id == id }) }
        #expect(r.parcels.count == 258)
        #expect(Set(r.parcels.filter { $0.idleClass.isIdle }.map(\.id)) == ["ZS-P0032", "ZS-P0199", "ZS-P0041"])
        #expect(try p("ZS-P0032").idleClass == .recoverable && p("ZS-P0032").assessment.daysOverdue == 1_541)
        #expect(try p("ZS-P0199").idleClass == .recoverable && p("ZS-P0199").assessment.daysOverdue == 1_049)
        #expect(try p("ZS-P0041").idleClass == .idle1y && p("ZS-P0041").assessment.recoverableFrom?.description == "2026-05-20")
        #expect(try p("ZS-P0156").idleClass == .none && p("ZS-P0156").assessment.idleFrom?.description == "2026-04-08")
        #expect(try p("ZS-P0175").idleClass == .none && p("ZS-P0175").assessment.flags == ["started_late"])
        for id in ["ZS-P0158", "ZS-P0226", "ZS-P0230", "ZS-P0231", "ZS-P0254", "ZS-P0258"] {
            #expect(try p(id).idleClass == .none && p(id).assessment.started == false, "\(id)")
        }
        #expect(r.parcels.filter { $0.idleClass == .unknown }.isEmpty)
        #expect(r.parcels.filter { $0.assessment.evidence.first == "not granted (proposed)" }.count == 17)
        // Idle area: the three plots, planar EPSG:4550.
        let idleArea = r.parcels.filter { $0.idleClass.isIdle }.reduce(0) { $0 + ($1.areaM2 ?? 0) }
        #expect(abs(idleArea - 38_425.7) < 0.1)
        // Site checks: the 43 started industrial or warehouse plots without any footprint
        // (counted independently by scripts/check_retrofit_reference.py).
        let checks = r.parcels.filter { $0.assessment.flags.contains("no_buildings_found") }
        #expect(checks.count == 43 && checks.first?.id == "ZS-P0021")
        #expect(try p("ZS-P0032").zone == "cluster" && p("ZS-P0032").buildingCoverage == 0)
        let summary = IdleSummary.markdown(r)
        #expect(summary.contains("3 idle parcels, 57.64 mu (38,425.7 m²)."))
        #expect(summary.contains("| ZS-P0032 | recoverable | 2021-10-12 | 1541 | 23.16 | — | — | cluster |"))
    }

    @Test("the verdicts move with the date: as of 2026-05-20 ZS-P0041 is recoverable and ZS-P0156 idle")
    func later() throws {
        let r = try Self.run(asOf: "2026-05-20", buildings: false)
        let idle = Dictionary(uniqueKeysWithValues: r.parcels.filter { $0.idleClass.isIdle }.map { ($0.id, $0.idleClass) })
        #expect(idle["ZS-P0041"] == .recoverable && idle["ZS-P0156"] == .idle1y)
        #expect(idle["ZS-P0158"] == nil) // agreed 2026-02-28: idle from 2027-02-28
        #expect(idle.count == 4 && r.buildingsFile == nil && r.parcels.allSatisfy { $0.buildingCoverage == nil })
    }
}

/// The area buildings cover on a parcel, where footprints lie apart, touch or overlap: the
/// sum where envelopes share no area, the union where they do (worked out by hand).
@Suite("building coverage: footprints apart, touching and overlapping")
struct BuildingCoverageTests {
    typealias D = HandMadeDistrict

    static func building(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) -> String {
        "{\"type\":\"Feature\",\"properties\":{\"层数\":1},\"geometry\":\(D.box(minX, minY, maxX, maxY))}"
    }

    /// `idle` as of 2025-12-31 on these parcels and buildings (GeoJSON texts), written into `folder`.
    static func run(parcels: String, buildings: String, in folder: TemporaryFolder) throws -> IdleResult {
        try parcels.write(toFile: folder.file("parcels.geojson"), atomically: true, encoding: .utf8)
        try buildings.write(toFile: folder.file("buildings.geojson"), atomically: true, encoding: .utf8)
        var o = IdleOptions(parcelsPath: folder.file("parcels.geojson"), asOf: try LedgerDate.parse("2025-12-31"))
        o.sites.idField = "地块编号"
        o.sites.buildingsPath = folder.file("buildings.geojson")
        return try IdleLand.run(o)
    }

    @Test("apart 400 + 100 m², touching 400 + 400 m², overlapping 400 + 400 − 100 m², three in a row with one overlap 1,100 m²")
    func coverage() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let parcels = D.collection((0..<4).map { IdleLedger.parcel($0, ["约定开工日期": "2020-01-01", "实际开工日期": "2020-06-01", "用地性质": "M1", "状态": "现状"]) })
        let buildings = D.collection([
            Self.building(10, 10, 30, 30), Self.building(50, 50, 60, 60),       // I1: apart
            Self.building(210, 10, 230, 30), Self.building(230, 10, 250, 30),   // I2: sharing the edge x = 230
            Self.building(410, 10, 430, 30), Self.building(420, 20, 440, 40),   // I3: a 10 m × 10 m overlap
            Self.building(610, 10, 630, 30), Self.building(640, 10, 660, 30), Self.building(655, 10, 675, 30), // I4: the last two overlap 5 × 20
        ])
        let r = try Self.run(parcels: parcels, buildings: buildings, in: folder)
        let coverage = r.parcels.map { $0.buildingCoverage ?? .nan }
        let expected = [500.0, 800, 700, 1_100].map { $0 / 10_000 }
        #expect(zip(coverage, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(coverage)")
        #expect(r.parcels.map { $0.buildingCount ?? 0 } == [2, 2, 2, 3])
    }

    /// The convex parcels' own clipping (pairs by inclusion–exclusion, overlaps clipped by
    /// the parcel) and GEOS's union (three footprints over one another; an L-shaped parcel)
    /// give the areas worked out by hand.
    @Test("three overlapping 1,900 m²; across the parcel edge 800 m²; on an L-shaped parcel 2,300 of 7,500 m²")
    func clippedAndUnioned() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let ledger = ["约定开工日期": "2020-01-01", "实际开工日期": "2020-06-01", "用地性质": "M1", "状态": "现状"]
        let l = D.ring([(400, 0), (500, 0), (500, 50), (450, 50), (450, 100), (400, 100), (400, 0)])
        let lParcel = IdleLedger.parcel(2, ledger).replacingOccurrences(of: D.box(400, 0, 500, 100), with: l)
        let parcels = D.collection([IdleLedger.parcel(0, ledger), IdleLedger.parcel(1, ledger), lParcel])
        let buildings = D.collection([
            // I1: A 900 + B 900 + C 900 − (A∩B 400 + B∩C 400 + A∩C 100) + A∩B∩C 100 = 1,900.
            Self.building(10, 10, 40, 40), Self.building(20, 20, 50, 50), Self.building(30, 30, 60, 60),
            // I2 (x 200–300): D half outside (400 inside) and E (400) share 200: 600; F (200 inside)
            // and G (100 inside) share 300, 100 of it inside: 200. Together 800.
            Self.building(280, 10, 320, 30), Self.building(270, 10, 290, 30),
            Self.building(290, 40, 310, 60), Self.building(295, 40, 320, 60),
            // I3, the L (7,500 m²): H inside (1,800); I 500 inside the L, touching H: 2,300.
            Self.building(420, 10, 480, 40), Self.building(440, 40, 470, 70),
        ])
        let r = try Self.run(parcels: parcels, buildings: buildings, in: folder)
        let coverage = r.parcels.map { $0.buildingCoverage ?? .nan }
        let expected = [1_900.0 / 10_000, 800.0 / 10_000, 2_300.0 / 7_500]
        #expect(zip(coverage, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(coverage)")
        #expect(r.parcels.map { $0.buildingCount ?? 0 } == [3, 4, 2])
    }
}
