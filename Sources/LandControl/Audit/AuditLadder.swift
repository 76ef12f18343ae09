import Spatial

/// A parcel's place in the previous audit (`--previous`): its stage and that stage's deadline.
public struct PreviousAudit: Sendable, Equatable {
    public var stage: AuditStage
    public var deadline: LedgerDate?
    /// The previous run's as-of date, when its file says.
    public var asOf: LedgerDate?

    public init(stage: AuditStage, deadline: LedgerDate? = nil, asOf: LedgerDate? = nil) {
        self.stage = stage
        self.deadline = deadline
        self.asOf = asOf
    }
}

/// Where a parcel stands on the exit ladder, and why.
public struct AuditPlacement: Sendable, Equatable {
    public var stage: AuditStage = .ok
    /// The rule that put it there (see ``AuditLadder``).
    public var rule = "all_checks_pass"
    /// The penalty, 万元 (at the `penalty` and `exit` stages, when the land price is known).
    public var penaltyWan: Double?
    /// How the penalty was computed, finding by finding.
    public var penaltyFormula: String?
    /// The deadline of a `rectify` or `penalty` stage.
    public var deadline: LedgerDate?
}

/// The exit ladder (整改 → 违约金 → 收回/退出): each finding calls for a stage by a named rule;
/// the parcel takes the highest, named by the first finding that calls for it; a previous
/// audit whose deadline has passed moves it up a step.
///
/// Rules, by finding:
/// - `not_started_exit_after_years` (exit): not started `exit_after_years` full years after
///   the agreed start (令第53号's two years).
/// - `late` (penalty): a start, completion or production after its due date; the penalty is
///   days late × `penalty_per_day_share` × land price.
/// - `gap_above_exit_min_gap` (exit), `gap_above_rectify_max_gap` (penalty),
///   `gap_within_rectify_max_gap` (rectify): a figure short of (or above) the contract; the
///   penalty is min(gap, 1) × land price × `penalty_factor`.
/// - `industry_changed`, `negative_list`: the stage the rules give (`industry_changed_stage`,
///   `negative_list_stage`).
/// - `no_data` (rectify): the figure must be supplied.
///
/// Escalation with the previous audit (only while findings remain): `penalty_deadline_passed`
/// (a penalty whose deadline passed → exit), `rectify_deadline_passed` (a rectification
/// whose deadline passed → penalty), `previous_exit` (an exit stays an exit).
public enum AuditLadder {
    /// Every rule name a stage can be given by (the `stage_rule` column).
    public static let ruleNames = ["all_checks_pass", "not_started_exit_after_years", "late", "gap_above_exit_min_gap", "gap_above_rectify_max_gap",
                                   "gap_within_rectify_max_gap", "industry_changed", "negative_list", "no_data", "previous_exit",
                                   "penalty_deadline_passed", "rectify_deadline_passed"]

    public static func place(_ findings: inout [AuditFinding], landPriceWan: Double?, asOf: LedgerDate, rules: AuditRules,
                             previous: PreviousAudit? = nil, startDue: LedgerDate? = nil, language: ReportLanguage = .en) -> AuditPlacement {
        var p = AuditPlacement()
        for k in findings.indices {
            let f = findings[k]
            let (stage, rule): (AuditStage, String)
            switch f.code {
            case .startLate where f.notDone && (startDue.map { asOf >= $0.adding(years: rules.exitAfterYears) } ?? false):
                (stage, rule) = (.exit, "not_started_exit_after_years")
            case .startLate, .completionLate, .productionLate:
                (stage, rule) = (.penalty, "late")
            case .investmentShort, .taxShort, .farShort, .energyOver, .emissionOver:
                let gap = f.gap ?? 0
                (stage, rule) = gap > rules.exitMinGap ? (.exit, "gap_above_exit_min_gap")
                    : gap > rules.rectifyMaxGap ? (.penalty, "gap_above_rectify_max_gap") : (.rectify, "gap_within_rectify_max_gap")
            case .industryChanged: (stage, rule) = (rules.industryChangedStage, "industry_changed")
            case .negativeList: (stage, rule) = (rules.negativeListStage, "negative_list")
            case .noData: (stage, rule) = (.rectify, "no_data")
            }
            findings[k].stage = stage
            findings[k].rule = rule
            if stage > p.stage {
                p.stage = stage
                p.rule = rule
            }
        }
        // Escalation: a deadline of the previous audit passed with findings still open.
        if p.stage > .ok, let previous {
            let passed = previous.deadline.map { $0 < asOf } ?? false
            if previous.stage == .exit, p.stage < .exit {
                (p.stage, p.rule) = (.exit, "previous_exit")
            } else if previous.stage == .penalty, passed, p.stage < .exit {
                (p.stage, p.rule) = (.exit, "penalty_deadline_passed")
            } else if previous.stage == .rectify, passed, p.stage < .penalty {
                (p.stage, p.rule) = (.penalty, "rectify_deadline_passed")
            }
        }
        // Deadlines: the previous one of the same stage while it runs, else a new one.
        switch p.stage {
        case .rectify, .penalty:
            if let previous, previous.stage == p.stage, let d = previous.deadline, d >= asOf {
                p.deadline = d
            } else {
                p.deadline = asOf.adding(months: p.stage == .rectify ? rules.rectifyMonths : rules.penaltyMonths)
            }
        case .ok, .exit: break
        }
        // Penalties, at the penalty and exit stages: every finding that has a money measure.
        if p.stage >= .penalty {
            let zh = language == .zh
            guard let price = landPriceWan else {
                p.penaltyFormula = zh ? "无土地价款，未计违约金" : "no land price: penalty not computed"
                return p
            }
            var total = 0.0, parts: [String] = []
            let priceText = NumberText.grouped(price, decimals: 2)
            for k in findings.indices {
                let f = findings[k]
                var amount: Double?, formula = ""
                switch f.code {
                case .startLate, .completionLate, .productionLate:
                    guard let days = f.daysLate else { continue }
                    amount = Double(days) * rules.penaltyPerDayShare * price
                    formula = "\(days) d × \(NumberFormatting.string(rules.penaltyPerDayShare * 1000)) ‰ × \(priceText) 万元"
                case .investmentShort, .taxShort, .farShort, .energyOver, .emissionOver:
                    guard let gap = f.gap else { continue }
                    let share = min(gap, 1)
                    amount = share * price * rules.penaltyFactor
                    formula = "\(NumberText.grouped(share * 100, decimals: 2)) % × \(priceText) 万元 × \(NumberFormatting.string(rules.penaltyFactor))"
                default: continue
                }
                guard let amount else { continue }
                let rounded = (amount * 10000).rounded() / 10000
                findings[k].penaltyWan = rounded
                findings[k].penaltyFormula = formula + " = \(NumberText.grouped(rounded, decimals: 2)) 万元"
                total += rounded
                parts.append("\(f.code.rawValue) " + findings[k].penaltyFormula!)
            }
            if !parts.isEmpty {
                p.penaltyWan = total
                p.penaltyFormula = parts.joined(separator: "; ")
            }
        }
        return p
    }
}
