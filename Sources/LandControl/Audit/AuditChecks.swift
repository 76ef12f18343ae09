import Spatial

/// The stable codes of `audit`'s findings.
public enum AuditCode: String, Sendable, CaseIterable {
    case startLate = "START_LATE"
    case completionLate = "COMPLETION_LATE"
    case productionLate = "PRODUCTION_LATE"
    case investmentShort = "INVESTMENT_SHORT"
    case taxShort = "TAX_SHORT"
    case farShort = "FAR_SHORT"
    case energyOver = "ENERGY_OVER"
    case emissionOver = "EMISSION_OVER"
    case industryChanged = "INDUSTRY_CHANGED"
    case negativeList = "NEGATIVE_LIST"
    /// A check that is due lacks its figure (or the figure cannot be read): never a silent pass.
    case noData = "NO_DATA"

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.startLate, .zh): "逾期开工"
        case (.startLate, .en): "start late"
        case (.completionLate, .zh): "逾期竣工"
        case (.completionLate, .en): "completion late"
        case (.productionLate, .zh): "逾期投产"
        case (.productionLate, .en): "production late"
        case (.investmentShort, .zh): "投资强度不足"
        case (.investmentShort, .en): "investment intensity short"
        case (.taxShort, .zh): "亩均税收不足"
        case (.taxShort, .en): "tax per mu short"
        case (.farShort, .zh): "容积率不足"
        case (.farShort, .en): "FAR short"
        case (.energyOver, .zh): "单位增加值能耗超标"
        case (.energyOver, .en): "energy per value added over"
        case (.emissionOver, .zh): "单位增加值排放超标"
        case (.emissionOver, .en): "emission per value added over"
        case (.industryChanged, .zh): "改变约定行业"
        case (.industryChanged, .en): "industry changed"
        case (.negativeList, .zh): "属负面清单行业"
        case (.negativeList, .en): "industry on a negative list"
        case (.noData, .zh): "缺少数据"
        case (.noData, .en): "no data"
        }
    }
}

/// One finding on one parcel.
public struct AuditFinding: Sendable, Equatable {
    public var code: AuditCode
    /// The check it belongs to: `start`, `completion`, `production`, `investment_per_mu`,
    /// `tax_per_mu`, `far`, `energy_per_value_added`, `emission_per_value_added`, `industry`,
    /// `negative_list`, and for `NO_DATA` also `grant_date`, `review_date`, `site_area`.
    public var check: String
    /// The contract's value (a date or a figure) and what happened, as text.
    public var due: String
    public var actual: String
    /// How far the figure misses the contract, as a share of the promised value.
    public var gap: Double?
    /// Days from the due date to the actual date, or to the as-of date when not done.
    public var daysLate: Int?
    /// For `START_LATE`: not started by the as-of date.
    public var notDone = false
    public var message: String
    /// The stage this finding alone calls for, and the rule that says so (set by ``AuditLadder``).
    public var stage: AuditStage = .ok
    public var rule = ""
    /// This finding's penalty, 万元, and how it was computed (at the `penalty` and `exit` stages).
    public var penaltyWan: Double?
    public var penaltyFormula: String?

    public init(code: AuditCode, check: String, due: String = "", actual: String = "", gap: Double? = nil, daysLate: Int? = nil,
                notDone: Bool = false, message: String) {
        self.code = code
        self.check = check
        self.due = due
        self.actual = actual
        self.gap = gap
        self.daysLate = daysLate
        self.notDone = notDone
        self.message = message
    }
}

/// A contract date against what happened.
public struct AuditDateCheck: Sendable, Equatable {
    /// `start`, `completion` or `production`.
    public var name: String
    public var due: LedgerDate?
    /// As recorded (a date after the as-of date counts as not happened).
    public var actual: LedgerDate?
    /// Days late (0 when on time), nil when not yet due or unknown.
    public var daysLate: Int?
}

/// A promised figure against the actual one.
public struct AuditFigureCheck: Sendable, Equatable {
    /// `investment_per_mu`, `tax_per_mu`, `far`, `energy_per_value_added`, `emission_per_value_added`.
    public var name: String
    public var promised: Double?
    public var actual: Double?
    /// How far it misses (positive) or beats (negative) the promise, as a share of it;
    /// nil when not judged.
    public var gap: Double?
    /// The check was due at the as-of date.
    public var due = false
}

/// The area and floor area a parcel's ratios use.
public struct AuditMeasures: Sendable, Equatable {
    /// The declared site area, else the ellipsoidal area, m²; nil when neither is known.
    public var siteAreaM2: Double?
    /// `declared` or `ellipsoidal`.
    public var siteAreaSource: String?
    /// The ledger's floor area, else the buildings' (as `retrofit` computes it).
    public var floorAreaM2: Double?
    public var farSource: FARSource?

    public init(siteAreaM2: Double? = nil, siteAreaSource: String? = nil, floorAreaM2: Double? = nil, farSource: FARSource? = nil) {
        self.siteAreaM2 = siteAreaM2
        self.siteAreaSource = siteAreaSource
        self.floorAreaM2 = floorAreaM2
        self.farSource = farSource
    }

    public var siteMu: Double? { siteAreaM2.map { AreaUnits.mu(fromSquareMetres: $0) } }
}

/// The checks of one parcel's contract as of a date: the findings, before the ladder.
public enum AuditChecks {
    /// Whether the parcel is audited, and if not, why (in words).
    static func scope(_ d: AuditInputs, asOf: LedgerDate, language: ReportLanguage) -> String? {
        let zh = language == .zh
        if d.proposed { return zh ? "未供地（拟供地块）" : "not granted (proposed)" }
        if !d.hasContract { return zh ? "无标准地约定条件" : "no 标准地 contract terms" }
        if let g = d.grantDate, g > asOf { return zh ? "供地日期 \(g) 晚于评估日期" : "granted on \(g), after the as-of date" }
        return nil
    }

    /// Every finding on one audited parcel as of the end of `asOf`: dates first (start,
    /// completion, production), then the figures, the industry, then the data that is
    /// missing. `negativeList` holds every list that applies to the parcel.
    public static func run(_ d: AuditInputs, measures m: AuditMeasures, asOf: LedgerDate, rules: AuditRules,
                           negativeList: NegativeList = NegativeList(), language: ReportLanguage = .en)
        -> (dates: [AuditDateCheck], figures: [AuditFigureCheck], review: LedgerDate?, findings: [AuditFinding]) {
        let zh = language == .zh
        func t(_ a: @autoclosure () -> String, _ b: @autoclosure () -> String) -> String { zh ? a() : b() }
        var findings: [AuditFinding] = []
        var noData: [AuditFinding] = []
        func missing(_ check: String, _ why: String) {
            noData.append(AuditFinding(code: .noData, check: check, message: why))
        }
        func problem(_ key: KnownField) -> String? { d.problems[key] }
        if let p = problem(.grantDate) { missing("grant_date", t("供地日期无法读取：", "grant date unreadable: ") + p) }

        // Dates: a due date passed (strictly before the as-of date), not done by then, or done after it.
        func happened(_ date: LedgerDate?) -> LedgerDate? { date.flatMap { $0 <= asOf ? $0 : nil } }
        var dates: [AuditDateCheck] = []
        let dateChecks: [(String, KnownField, LedgerDate?, KnownField, LedgerDate?, AuditCode, String, String)] = [
            ("start", .agreedStart, d.startDue, .actualStart, d.actualStart, .startLate, "开工", "start"),
            ("completion", .completionDue, d.completionDue, .actualCompletion, d.actualCompletion, .completionLate, "竣工", "completion"),
            ("production", .productionDue, d.productionDue, .actualProduction, d.actualProduction, .productionLate, "投产", "production"),
        ]
        for (name, dueKey, due, actualKey, actual, code, zhWord, enWord) in dateChecks {
            var c = AuditDateCheck(name: name, due: due, actual: actual)
            if let p = problem(dueKey) ?? problem(actualKey) {
                missing(name, t("\(zhWord)日期无法读取：", "\(enWord) date unreadable: ") + p)
                dates.append(c)
                continue
            }
            guard let due else {
                missing(name, t("无约定\(zhWord)日期", "no \(enWord) due date"))
                dates.append(c)
                continue
            }
            let done = happened(actual)
            if let done {
                c.daysLate = max(0, due.days(to: done))
                if done > due {
                    findings.append(AuditFinding(code: code, check: name, due: due.description, actual: done.description, daysLate: c.daysLate,
                                                 message: t("约定 \(due) \(zhWord)，实际 \(done) \(zhWord)，逾期 \(c.daysLate!) 天",
                                                            "\(enWord) due \(due), done \(done): \(c.daysLate!) days late")))
                }
            } else if due < asOf {
                c.daysLate = due.days(to: asOf)
                var said = t("约定 \(due) \(zhWord)，至评估日期未\(zhWord)，逾期 \(c.daysLate!) 天", "\(enWord) due \(due), not done by the as-of date: \(c.daysLate!) days late")
                if let actual { said += t("（记录的 \(actual) 晚于评估日期）", " (the recorded \(actual) is after the as-of date)") }
                findings.append(AuditFinding(code: code, check: name, due: due.description, actual: "", daysLate: c.daysLate, notDone: true, message: said))
            } else {
                c.daysLate = nil
            }
            dates.append(c)
        }

        // The review date: recorded, else production due + review_after_years.
        let review = d.reviewDate ?? d.productionDue?.adding(years: rules.reviewAfterYears)
        let reviewPassed = review.map { $0 < asOf } ?? false
        let completed = happened(d.actualCompletion) != nil || (d.completionDue.map { $0 < asOf } ?? false)
        let anyReviewFigure = d.promisedTaxPerMu != nil || d.promisedFAR != nil || d.promisedEnergyPerValueAdded != nil
            || d.promisedEmissionPerValueAdded != nil
        if let p = problem(.reviewDate) {
            missing("review_date", t("达产复核日期无法读取：", "review date unreadable: ") + p)
        } else if review == nil, anyReviewFigure, problem(.productionDue) == nil {
            missing("review_date", t("无达产复核日期，也无约定投产日期", "no review date and no production due date"))
        }

        // Figures.
        let siteMu = m.siteMu
        var figures: [AuditFigureCheck] = []
        /// `short`: the actual must reach the promise; else it must not exceed it.
        func figure(_ name: String, code: AuditCode, promised: Double?, promisedKey: KnownField, actual: () -> (Double?, String?), due: Bool,
                    short: Bool, unit: String, label: (String, String)) {
            var c = AuditFigureCheck(name: name, promised: promised)
            c.due = due
            defer { figures.append(c) }
            if let p = problem(promisedKey) {
                if due { missing(name, t("\(label.0)约定值无法读取：", "promised \(label.1) unreadable: ") + p) }
                return
            }
            guard let promised else { return } // nothing promised: not checked
            let (value, why) = actual()
            c.actual = value
            if let value { c.gap = short ? (promised - value) / promised : (value - promised) / promised }
            guard due else { return }
            guard let value, let gap = c.gap else {
                missing(name, t("\(label.0)：", "\(label.1): ") + (why ?? t("无实际值", "no actual figure")))
                return
            }
            if gap > 0 {
                let pct = NumberText.grouped(gap * 100, decimals: 1)
                findings.append(AuditFinding(code: code, check: name, due: Self.text(promised), actual: Self.text(value), gap: gap,
                                             message: t("\(label.0) \(Self.shown(value)) \(short ? "低于" : "高于")约定 \(Self.shown(promised)) \(unit)，\(short ? "差" : "超") \(pct) %",
                                                        "\(label.1) \(Self.shown(value)) \(short ? "below" : "above") the promised \(Self.shown(promised)) \(unit): \(pct) % \(short ? "short" : "over")")))
            }
        }
        func perMu(_ key: KnownField, _ v: Double?) -> (Double?, String?) {
            if let p = problem(key) { return (nil, t("无法读取：", "unreadable: ") + p) }
            guard let v else { return (nil, t("无实际值", "no actual figure")) }
            guard let siteMu, siteMu > 0 else { return (nil, t("无用地面积", "no site area")) }
            return (v / siteMu, nil)
        }
        func ratio(_ key: KnownField, _ v: Double?) -> (Double?, String?) {
            if let p = problem(key) ?? problem(.valueAddedWan) { return (nil, t("无法读取：", "unreadable: ") + p) }
            guard let v else { return (nil, t("无实际值", "no actual figure")) }
            guard let va = d.valueAddedWan else { return (nil, t("无增加值", "no value added")) }
            guard va > 0 else { return (nil, t("增加值为 0", "value added is 0")) }
            return (v / va, nil)
        }
        // Investment: checked at completion (the intensity, or the total over the site).
        let promisedInvestment: Double? = d.promisedInvestmentPerMu ?? d.promisedInvestmentWan.flatMap { total in siteMu.flatMap { $0 > 0 ? total / $0 : nil } }
        let investmentKey: KnownField = d.promisedInvestmentPerMu != nil || problem(.promisedInvestmentPerMu) != nil ? .promisedInvestmentPerMu : .promisedInvestmentWan
        if d.promisedInvestmentPerMu == nil, d.promisedInvestmentWan != nil, promisedInvestment == nil, completed || reviewPassed {
            missing("investment_per_mu", t("投资强度：无用地面积", "investment intensity: no site area"))
        }
        figure("investment_per_mu", code: .investmentShort, promised: promisedInvestment, promisedKey: investmentKey,
               actual: { perMu(.investmentWan, d.investmentWan) }, due: completed || reviewPassed, short: true, unit: t("万元/亩", "万元/mu"),
               label: ("投资强度", "investment intensity"))
        figure("tax_per_mu", code: .taxShort, promised: d.promisedTaxPerMu, promisedKey: .promisedTaxPerMu,
               actual: { perMu(.taxWan, d.taxWan) }, due: reviewPassed, short: true, unit: t("万元/亩", "万元/mu"), label: ("亩均税收", "tax per mu"))
        figure("far", code: .farShort, promised: d.promisedFAR, promisedKey: .promisedFAR, actual: {
            if let p = problem(.floorAreaM2), m.farSource != .buildings { return (nil, t("无法读取：", "unreadable: ") + p) }
            guard let floor = m.floorAreaM2 else { return (nil, t("无建筑面积，也无建筑轮廓（--buildings）", "no floor area and no building footprints (--buildings)")) }
            guard let area = m.siteAreaM2, area > 0 else { return (nil, t("无用地面积", "no site area")) }
            return (floor / area, nil)
        }, due: reviewPassed, short: true, unit: "", label: ("容积率", "FAR"))
        figure("energy_per_value_added", code: .energyOver, promised: d.promisedEnergyPerValueAdded, promisedKey: .promisedEnergyPerValueAdded,
               actual: { ratio(.energyTCE, d.energyTCE) }, due: reviewPassed, short: false, unit: t("吨标煤/万元", "tce/万元"),
               label: ("单位增加值能耗", "energy per value added"))
        figure("emission_per_value_added", code: .emissionOver, promised: d.promisedEmissionPerValueAdded, promisedKey: .promisedEmissionPerValueAdded,
               actual: { ratio(.emissionT, d.emissionT) }, due: reviewPassed, short: false, unit: t("吨/万元", "t/万元"),
               label: ("单位增加值排放", "emission per value added"))

        // Industry: the actual two-digit division against the contract's, once production is
        // due or done; the negative lists whenever an industry is known.
        let producing = happened(d.actualProduction) != nil || (d.productionDue.map { $0 < asOf } ?? false)
        if let contract = d.contractIndustry {
            if let actual = d.industryCode {
                let a = GrantProposal.division(actual), c = GrantProposal.division(contract)
                if !a.isEmpty, !c.isEmpty, a != c {
                    findings.append(AuditFinding(code: .industryChanged, check: "industry", due: contract, actual: actual,
                                                 message: t("实际行业 \(actual)（\(a) 大类）不是约定的 \(contract)（\(c) 大类）",
                                                            "actual industry \(actual) (division \(a)) is not the contract's \(contract) (division \(c))")))
                }
            } else if producing {
                missing("industry", t("约定行业 \(contract)，但无实际行业代码", "contract industry \(contract), but no actual industry code"))
            }
        }
        if let code = d.industryCode ?? d.contractIndustry {
            for e in negativeList.matches(code) {
                let why = e.reason.isEmpty ? "" : t("（\(e.reason)）", " (\(e.reason))")
                findings.append(AuditFinding(code: .negativeList, check: "negative_list", due: e.code, actual: code,
                                             message: t("行业 \(code) 属负面清单 \(e.code)\(why)，来源：\(e.source == "rules" ? "规则文件" : e.source)",
                                                        "industry \(code) falls under negative-list entry \(e.code)\(why), from \(e.source)")))
            }
        }
        return (dates, figures, review, findings + noData)
    }

    /// A figure as written in the files: at most 4 decimals.
    static func text(_ v: Double) -> String {
        var out: [UInt8] = []
        NumberFormatting.append(v, decimals: 4, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A figure as shown in a sentence: grouped, 2 decimals (4 below 1).
    static func shown(_ v: Double) -> String { NumberText.grouped(v, decimals: abs(v) < 1 ? 4 : 2) }
}
