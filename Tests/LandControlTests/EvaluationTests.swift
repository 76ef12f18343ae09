import Foundation
@testable import LandControl
import Spatial
import Testing
import TestSupport

/// 亩均效益 evaluation: land from the parcels, indicators, scores, ranks and classes worked
/// out by hand.
@Suite("evaluate: 亩均效益 scores by hand")
struct EvaluationTests {
    /// Parcels as rectangles in EPSG:4550 (CGCS2000 3° Gauss–Krüger, CM 123°E) on the central
    /// meridian, where the scale is 1: a 200 m × 100 m parcel is 20,000 m² on the ellipsoid
    /// too (to 1e-9) and 30 亩.
    static func parcelLayer(_ parcels: [(id: String, code: String?, box: (Double, Double, Double, Double))]) -> String {
        let x0 = 500_000.0, y0 = 3_320_000.0
        let features = parcels.map { p in
            let (a, b, c, d) = p.box
            let ring = [(a, b), (c, b), (c, d), (a, d), (a, b)].map { "[\(x0 + $0.0),\(y0 + $0.1)]" }.joined(separator: ",")
            let code = p.code.map { "\"\($0)\"" } ?? "null"
            return "{\"type\":\"Feature\",\"properties\":{\"parcel_id\":\"\(p.id)\",\"credit_code\":\(code)},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[\(ring)]]}}"
        }
        return "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4550\"}},\"features\":[\n"
            + features.joined(separator: ",\n") + "]}\n"
    }

    /// Ten parcels: F2 on two overlapping parcels (union 150 × 100 m), F7 on two apart, one
    /// parcel of a code in no row, F3 with no parcel.
    static let parcels: [(id: String, code: String?, box: (Double, Double, Double, Double))] = [
        ("P1", "F1", (0, 0, 200, 100)),            // 20,000 m² = 30 亩
        ("P2", "F2", (0, 200, 100, 300)),          // F2: (0…150) × (200…300) = 15,000 m² = 22.5 亩, not 30
        ("P3", "F2", (50, 200, 150, 300)),
        ("P4", "F4", (300, 0, 400, 100)),          // 10,000 m² = 15 亩
        ("P5", "F5", (300, 200, 420, 300)),        // 12,000 m² = 18 亩
        ("P6", "F6", (500, 0, 540, 40)),           // 1,600 m² = 2.4 亩 (规下 under 3 亩)
        ("P7", "F7", (500, 200, 600, 260)),        // 6,000 m² …
        ("P8", "F7", (700, 200, 750, 240)),        // … + 2,000 m² = 12 亩
        ("P9", "F8", (800, 0, 900, 100)),          // 15 亩
        ("P10", "F9", (800, 200, 850, 250)),       // F9 is in no row
    ]

    /// Eight firms: five 规上 (F4 exempt, F5 without emission data, F3 on declared land
    /// only, F1 declaring 35 亩 on 30), three 规下 (F6 under 3 亩).
    static let table = """
    统一社会信用代码,企业名称,规模,税收,工业增加值,营业收入,R&D经费支出,综合能耗,主要污染物排放量,年平均职工人数,用电量,用地面积,不定等级
    F1,一号,规上,600,2400,12000,360,800,0.2,120,,35,
    F2,二号,规上,225,1350,6750,135,900,0.9,90,,,
    F3,三号,规上,100,600,4000,40,300,0.5,60,,20,
    F4,四号,规上,30,300,1500,15,150,0.3,30,,,公益性
    F5,五号,规上,540,1800,9000,450,600,,100,,,
    F6,六号,规下,10,,,,,,,40,,
    F7,七号,规下,84,,,,,,,300,,
    F8,八号,规下,45,,,,,,,100,,

    """

    static func run(_ table: String = table, rules: Rules = .defaults) throws -> EvaluationResult {
        let folder = TemporaryFolder.untilExit(prefix: "lc-evaluate")
        try parcelLayer(parcels).write(toFile: folder + "/parcels.geojson", atomically: true, encoding: .utf8)
        try table.write(toFile: folder + "/firms.csv", atomically: true, encoding: .utf8)
        var options = EvaluationOptions(enterprisesPath: folder + "/firms.csv", parcelsPath: folder + "/parcels.geojson")
        options.rules = rules
        options.language = .en
        return try Evaluation.run(options)
    }

    func firm(_ r: EvaluationResult, _ code: String) -> FirmEvaluation { r.firms.first { $0.record.creditCode == code }! }

    func near(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-6) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test("land: the union of a firm's parcels (overlaps once), declared land without parcels, small land not rated")
    func land() throws {
        let r = try Self.run()
        #expect(near(firm(r, "F1").landMu, 30) && firm(r, "F1").landSource == .parcels)
        #expect(near(firm(r, "F2").landMu, 22.5), "overlapping parcels count once: 150 × 100 m, not 2 × 100 × 100")
        #expect(firm(r, "F2").flags.contains("overlapping_parcels"))
        #expect(near(firm(r, "F7").landMu, 12), "two parcels apart: 6,000 + 2,000 m²")
        #expect(firm(r, "F3").landMu == 20 && firm(r, "F3").landSource == .declared && firm(r, "F3").flags.contains("land_declared"))
        #expect(near(firm(r, "F6").landMu, 2.4) && firm(r, "F6").notRated == .smallLand)
        // F1 declares 35 亩 on 30: more than 5 % apart.
        #expect(firm(r, "F1").flags.contains { $0.hasPrefix("land_mismatch") })
        #expect(!firm(r, "F5").flags.contains { $0.hasPrefix("land_mismatch") })
        // The parcel of F9 joins no row; F3 has no parcel.
        #expect(r.unmatchedCodes.map(\.code) == ["F9"] && r.parcels.first { $0.id == "P10" }?.firm == nil)
        #expect(r.parcels.count == 10 && r.firms.count == 8)
        // On the central meridian the ellipsoidal areas are the planar ones to 1e-9.
        #expect(abs(firm(r, "F1").landMu! - 30) < 30e-9 && abs(firm(r, "F2").landMu! - 22.5) < 22.5e-9, "\(firm(r, "F1").landMu!) \(firm(r, "F2").landMu!)")
    }

    @Test("规上: every indicator, benchmark (the group's Σ/Σ, exempt F4 included), score, the cap, the mean for F5's missing emissions")
    func aboveGroup() throws {
        let r = try Self.run()
        // Land 亩: F1 30, F2 22.5, F3 20, F4 15, F5 18 (Σ 105.5).
        // tax_per_mu: 20, 10, 5, 2, 30; benchmark 1495 / 105.5.
        let taxB = (600.0 + 225 + 100 + 30 + 540) / 105.5
        // value_added_per_mu: 80, 60, 30, 20, 100; benchmark 6450 / 105.5.
        let vaB = (2400.0 + 1350 + 600 + 300 + 1800) / 105.5
        // value_added_per_energy: 3, 1.5, 2, 2, 3; benchmark 6450 / 2750.
        let enB = 6450.0 / (800 + 900 + 300 + 150 + 600)
        // value_added_per_emission: 12000, 1500, 1200, 1000, F5 missing; benchmark 4650 / 1.9.
        let emB = (2400.0 + 1350 + 600 + 300) / (0.2 + 0.9 + 0.5 + 0.3)
        // labour_productivity: 20, 15, 10, 10, 18; benchmark 6450 / 400.
        let lpB = 6450.0 / 400
        // rnd_share: 0.03, 0.02, 0.01, 0.01, 0.05; benchmark 1000 / 33250.
        let rdB = 1000.0 / 33250
        let f1 = [30 * 20 / taxB, 20 * 80 / vaB, 20 * 3 / enB, 10 * 3.0 /* 12000 / 2447.4 = 4.9, capped at 3 */, 10 * 20 / lpB, 10 * 0.03 / rdB]
        let f2 = [30 * 10 / taxB, 20 * 60 / vaB, 20 * 1.5 / enB, 10 * 1500 / emB, 10 * 15 / lpB, 10 * 0.02 / rdB]
        let f3 = [30 * 5 / taxB, 20 * 30 / vaB, 20 * 2 / enB, 10 * 1200 / emB, 10 * 10 / lpB, 10 * 0.01 / rdB]
        let f4 = [30 * 2 / taxB, 20 * 20 / vaB, 20 * 2 / enB, 10 * 1000 / emB, 10 * 10 / lpB, 10 * 0.01 / rdB]
        let emissionMean = (f1[3] + f2[3] + f3[3] + f4[3]) / 4
        let f5 = [30 * 30 / taxB, 20 * 100 / vaB, 20 * 3 / enB, emissionMean, 10 * 18 / lpB, 10 * 0.05 / rdB]
        let benchmarks = [taxB, vaB, enB, emB, lpB, rdB]
        for (code, expected) in [("F1", f1), ("F2", f2), ("F3", f3), ("F4", f4), ("F5", f5)] {
            let f = firm(r, code)
            #expect(f.indicators.map(\.indicator) == [.taxPerMu, .valueAddedPerMu, .valueAddedPerEnergy, .valueAddedPerEmission, .labourProductivity, .rndShare])
            for (k, i) in f.indicators.enumerated() {
                #expect(near(i.score, expected[k]), "\(code) \(i.indicator): \(i.score) ≠ \(expected[k])")
                #expect(near(i.benchmark, benchmarks[k]), "\(code) \(i.indicator) benchmark")
            }
            #expect(near(f.total, expected.reduce(0, +)), "\(code) total")
        }
        #expect(firm(r, "F5").indicators[3].missing && firm(r, "F5").indicators[3].value == nil)
        #expect(firm(r, "F5").flags.contains("missing: value_added_per_emission"))
        #expect(near(firm(r, "F1").indicators[3].value, 12_000))
        // Totals (Python, the same formulas): F5 160.874, F1 146.471, F2 75.671, F3 51.883, F4 41.444.
        #expect(near(firm(r, "F5").total, 160.87363991917712, 1e-7) && near(firm(r, "F4").total, 41.44358483015403, 1e-7))
        // Ranked without the exempt F4: n = 4; r/n 0.25 → A, 0.5 → B, 0.75 → C, 1 → D.
        #expect(["F5", "F1", "F2", "F3"].map { firm(r, $0).rank } == [1, 2, 3, 4])
        #expect(["F5", "F1", "F2", "F3"].map { firm(r, $0).enterpriseClass } == [.a, .b, .c, .d])
        #expect(firm(r, "F4").rank == nil && firm(r, "F4").enterpriseClass == nil && firm(r, "F4").classText == "—")
        #expect(r.groups[.above]?.ranked == 4 && r.groups[.above]?.scored == 5)
        // Low efficiency: 亩均税收 < 5; F3's 5.0 exactly is not; F4 is exempt (not judged).
        #expect(firm(r, "F3").lowEfficiency == false && firm(r, "F4").lowEfficiency == nil && firm(r, "F2").lowEfficiency == false)
    }

    @Test("规下: tax per 亩 and per 10⁴ kWh, F6 under 3 亩 not rated, F7 B and F8 D of two, F8 low-efficiency")
    func belowGroup() throws {
        let r = try Self.run()
        // F7: 84 / 12 = 7 万元/亩, 84 / 300 = 0.28; F8: 45 / 15 = 3, 45 / 100 = 0.45.
        let taxB = (84.0 + 45) / (12 + 15), elB = (84.0 + 45) / (300 + 100)
        let f7 = 50 * 7 / taxB + 50 * 0.28 / elB, f8 = 50 * 3 / taxB + 50 * 0.45 / elB
        #expect(near(firm(r, "F7").total, f7) && near(firm(r, "F8").total, f8))
        #expect(near(firm(r, "F7").indicators[1].value, 0.28) && near(firm(r, "F8").indicators[0].benchmark, taxB))
        #expect(firm(r, "F7").rank == 1 && firm(r, "F7").enterpriseClass == .b, "rank 1 of 2 = 50 %: B")
        #expect(firm(r, "F8").rank == 2 && firm(r, "F8").enterpriseClass == .d, "rank 2 of 2 = 100 %: D")
        #expect(firm(r, "F6").total == nil && firm(r, "F6").flags.first == "not_rated: small_land")
        #expect(firm(r, "F8").lowEfficiency == true && firm(r, "F7").lowEfficiency == false)
        #expect(r.hasFindings)
        // The parcels carry their firm's class.
        let byID = Dictionary(uniqueKeysWithValues: r.parcels.map { ($0.id, $0) })
        #expect(byID["P9"]?.firm.map { r.firms[$0].classText } == "D" && byID["P4"]?.firm.map { r.firms[$0].classText } == "—")
    }

    @Test("classes by score: A/B/C as minimum totals; missing: zero scores a missing indicator 0")
    func scoreMethodAndZero() throws {
        let rules = try Rules.parse("""
        evaluation:
          classes: {method: score, A: 150, B: 70, C: 50}
          groups:
            above:
              missing: zero

        """)
        let r = try Self.run(rules: rules)
        // F5 loses the emission mean (11.28): 160.87 − 11.28 = 149.59 < 150 → B.
        #expect(["F5", "F1", "F2", "F3"].map { firm(r, $0).enterpriseClass } == [.b, .b, .b, .c])
        #expect(near(firm(r, "F5").indicators[3].score, 0))
    }

    @Test("ties: equal totals rank the higher 亩均税收 first, then the credit code")
    func ties() {
        let rules = EvaluationRules()
        // 规下 with tax_per_mu and tax_per_electricity, fixed benchmarks so totals can tie.
        var r = rules
        r.groups[.below] = GroupRules(indicators: [IndicatorRule(.taxPerMu, weight: 50, benchmark: .fixed(10)),
                                                   IndicatorRule(.taxPerElectricity, weight: 50, benchmark: .fixed(1))])
        // X: 10/亩 (50) + 0.5 (25) = 75; Y: 5/亩 (25) + 1.0 (50) = 75; Z the same as Y.
        let firms = [
            EnterpriseScoring.Firm(creditCode: "Z", group: .below, figures: FirmFigures(taxWan: 50, electricity10kKWh: 50), landMu: 10),
            EnterpriseScoring.Firm(creditCode: "Y", group: .below, figures: FirmFigures(taxWan: 50, electricity10kKWh: 50), landMu: 10),
            EnterpriseScoring.Firm(creditCode: "X", group: .below, figures: FirmFigures(taxWan: 100, electricity10kKWh: 200), landMu: 10),
        ]
        let (scores, _) = EnterpriseScoring.score(firms, rules: r)
        #expect(scores.map(\.total) == [75, 75, 75])
        #expect(scores.map(\.rank) == [3, 2, 1])
    }

    /// 黄岩区 2022年度工业企业综合评价得分计算说明 (published 2023-09-25 with the results,
    /// https://www.chacewang.com/newsdetail/news430850.html): 规上 = 亩均税收÷24.097×30 +
    /// 亩均增加值÷136.16×20 + 单位能耗增加值÷2.694×20 + 单位排放增加值÷4929.81×10 +
    /// 全员劳动生产率÷18.14×10 + R&D占比÷0.0302×10; 规下 = 亩均税收÷11.5932×50 +
    /// 单位用电税收÷0.2352×50.
    @Test("a published county formula (黄岩区 2022: weights 30/20/20/10/10/10 with fixed benchmarks) to the cent")
    func huangyan2022() throws {
        let rules = try Rules.parse("""
        evaluation:
          groups:
            above:
              indicators:
                tax_per_mu: {weight: 30, benchmark: 24.097}
                value_added_per_mu: {weight: 20, benchmark: 136.16}
                value_added_per_energy: {weight: 20, benchmark: 2.694}
                value_added_per_emission: {weight: 10, benchmark: 4929.81}
                labour_productivity: {weight: 10, benchmark: 18.14}
                rnd_share: {weight: 10, benchmark: 0.0302}
            below:
              indicators:
                tax_per_mu: {weight: 50, benchmark: 11.5932}
                tax_per_electricity: {weight: 50, benchmark: 0.2352}

        """).evaluation
        // A made-up 规上 firm on 20 亩: tax 600 (30/亩), value added 2400 (120/亩), 1000 tce
        // (2.4), 0.5 t emitted (4800), 150 staff (16), R&D 300 of 10000 revenue (0.03).
        // 30/24.097×30 = 37.3490; 120/136.16×20 = 17.6263; 2.4/2.694×20 = 17.8174;
        // 4800/4929.81×10 = 9.7367; 16/18.14×10 = 8.8203; 0.03/0.0302×10 = 9.9338;
        // total 101.2835 → 101.28.
        let above = EnterpriseScoring.Firm(creditCode: "A", group: .above,
                                           figures: FirmFigures(taxWan: 600, valueAddedWan: 2400, revenueWan: 10_000, rndWan: 300,
                                                                energyTCE: 1000, emissionT: 0.5, employees: 150), landMu: 20)
        // A 规下 firm on 5 亩: tax 60 (12/亩), 250 万千瓦时 (0.24 万元 per 10⁴ kWh):
        // 12/11.5932×50 = 51.7545; 0.24/0.2352×50 = 51.0204; total 102.7749 → 102.77.
        let below = EnterpriseScoring.Firm(creditCode: "B", group: .below, figures: FirmFigures(taxWan: 60, electricity10kKWh: 250), landMu: 5)
        let (scores, _) = EnterpriseScoring.score([above, below], rules: rules)
        #expect((scores[0].total * 100).rounded() / 100 == 101.28)
        #expect((scores[1].total * 100).rounded() / 100 == 102.77)
        #expect((scores[0].indicators[0].score * 10_000).rounded() / 10_000 == 37.349)
    }
}

/// Messy enterprise tables: named errors, per-row problems, balanced counts.
@Suite("evaluate: bad enterprise tables")
struct EvaluationInputTests {
    @Test("a table without a credit-code column is an input error naming its columns and --field-map")
    func noCodeColumn() throws {
        let bad = "企业名称,税收\n一号,600\n"
        #expect {
            _ = try EvaluationTests.run(bad)
        } throws: { error in
            let text = "\(error)"
            return error is ReadError && text.contains("firms.csv") && text.contains("企业名称, 税收") && text.contains("--field-map credit_code=")
        }
    }

    @Test("duplicate codes, text and negatives in number columns, an unknown group, no code: per-row reasons, counts balanced")
    func rowProblems() throws {
        let table = """
        credit_code,name,group,tax_wan,electricity_10k_kwh,declared_land_mu
        F7,seven,below,84,300,
        F8,eight,below,45,100,
        F8,eight again,below,45,100,
        F1,one,above,six hundred,,
        F2,two,above,-5,,
        F4,four,medium,30,,
        ,nobody,below,1,1,4

        """
        let r = try EvaluationTests.run(table)
        func reason(_ name: String) -> NotRatedReason? { r.firms.first { $0.record.name == name }?.notRated }
        #expect(reason("eight") == .duplicateCode && reason("eight again") == .duplicateCode)
        #expect(reason("one") == .badValue && reason("two") == .badValue && reason("four") == .badValue)
        #expect(reason("nobody") == .noCreditCode && reason("seven") == nil)
        #expect(r.firms.first { $0.record.name == "one" }!.flags.contains("tax_wan 'six hundred': not a number"))
        #expect(r.firms.first { $0.record.name == "two" }!.flags.contains("tax_wan '-5': negative"))
        // Parcels of a duplicated code join no row.
        #expect(r.parcels.first { $0.id == "P9" }!.flags.contains("duplicate_credit_code"))
        // Counts balance: rated + each reason = rows, in the summary too.
        let rated = r.firms.filter(\.rated).count
        #expect(rated == 1 && rated + NotRatedReason.allCases.map { c in r.firms.filter { $0.notRated == c }.count }.reduce(0, +) == 7)
        #expect(r.rowProblems == 6 && r.hasFindings)
        let summary = EvaluationSummary.markdown(r)
        #expect(summary.contains("| duplicate_code | credit code on several rows | 2 |") && summary.contains("| bad_value |") && summary.contains("| **total** | | 7 |"))
    }

    @Test("the enterprise table as XLSX (written by GDAL from the CSV) reads the same")
    func xlsx() throws {
        guard let ogr2ogr = GDALTools.ogr2ogr else {
            print("skipped: ogr2ogr is not installed")
            return
        }
        let folder = TemporaryFolder(prefix: "lc-eval-xlsx")
        defer { withExtendedLifetime(folder) {} }
        try EvaluationTests.table.write(toFile: folder.file("firms.csv"), atomically: true, encoding: .utf8)
        let r = try Subprocess.run(ogr2ogr, ["-f", "XLSX", folder.file("firms.xlsx"), folder.file("firms.csv"), "-oo", "AUTODETECT_TYPE=YES"])
        #expect(r.status == 0, "\(r.stderr)")
        let table = try EnterpriseTable.read(path: folder.file("firms.xlsx"))
        let csv = try EnterpriseTable.read(path: folder.file("firms.csv"))
        #expect(table.records.count == 8 && table.fields[.creditCode] == "统一社会信用代码")
        #expect(table.records.map(\.figures) == csv.records.map(\.figures))
        #expect(table.records.map(\.exemption) == csv.records.map(\.exemption) && table.records.map(\.group) == csv.records.map(\.group))
    }
}

/// The `evaluation:` section of a rules file.
@Suite("evaluate: rules")
struct EvaluationRulesTests {
    @Test("the defaults: 规上 30/20/20/10/10/10 and 规下 50/50 on the group benchmark, classes 25/70/95 %, 3 亩 for 规下, 5 万元/亩")
    func defaults() throws {
        let e = Rules.defaults.evaluation
        #expect(e.group(.above).indicators.map(\.weight) == [30, 20, 20, 10, 10, 10])
        #expect(e.group(.below).indicators.map(\.indicator) == [.taxPerMu, .taxPerElectricity])
        #expect(e.group(.above).indicators.allSatisfy { $0.benchmark == .group })
        #expect(e.classMethod == .rank && e.classA == 0.25 && e.classB == 0.70 && e.classC == 0.95)
        #expect(e.minLandMu[.below] == 3 && e.minLandMu[.above] == 0 && e.lowEfficiencyTaxPerMu == 5 && e.landTolerance == 0.05)
        #expect(try Rules.parse(Rules.defaultsYAML).evaluation == e)
        #expect(Rules.defaultsYAML.contains("each city") || Rules.defaultsYAML.contains("Each city"))
    }

    @Test("errors name the line and key: an unknown indicator, shares that do not rise, a benchmark of 0, method score without scores")
    func errors() {
        func message(_ yaml: String) -> String {
            do {
                _ = try Rules.parse(yaml, file: "r.yaml")
                return ""
            } catch {
                return "\(error)"
            }
        }
        let unknown = message("evaluation:\n  groups:\n    above:\n      indicators:\n        tax_per_head: {weight: 10}\n")
        #expect(unknown.contains("r.yaml:5") && unknown.contains("unknown key 'tax_per_head'") && unknown.contains("value_added_per_emission"))
        #expect(message("evaluation:\n  classes: {method: rank, A: 0.7, B: 0.25, C: 0.95}\n").contains("A ≤ B ≤ C"))
        #expect(message("evaluation:\n  groups:\n    below:\n      indicators:\n        tax_per_mu: {weight: 50, benchmark: 0}\n").contains("above 0"))
        #expect(message("evaluation:\n  classes: {method: score}\n").contains("minimum total scores"))
        #expect(message("evaluation:\n  groups:\n    middle: {max_ratio: 2}\n").contains("unknown key 'middle'"))
        #expect(message("evaluation:\n  policies: {A: 优先, E: 退出}\n").contains("unknown key 'E'"))
    }
}
