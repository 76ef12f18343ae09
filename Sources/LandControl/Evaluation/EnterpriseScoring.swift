/// The 亩均效益 score, rank and class of rated firms: per group, each indicator's value
/// divided by its benchmark, capped, weighted and summed; the group ranked by total; classes
/// by rank share or by score. Plain numbers in, plain numbers out (no land, no files).
public enum EnterpriseScoring {
    /// A rated firm as scored: its land is settled (亩, above 0).
    public struct Firm: Sendable {
        public var creditCode: String
        public var group: EnterpriseGroup
        /// Scored and printed, not ranked, not counted in n.
        public var exempt: Bool
        public var figures: FirmFigures
        public var landMu: Double

        public init(creditCode: String, group: EnterpriseGroup, exempt: Bool = false, figures: FirmFigures, landMu: Double) {
            self.creditCode = creditCode
            self.group = group
            self.exempt = exempt
            self.figures = figures
            self.landMu = landMu
        }

        /// 亩均税收 (万元/亩), whatever the group's indicators; nil without tax.
        public var taxPerMu: Double? { figures.taxWan.map { $0 / landMu } }
    }

    /// One indicator of one firm.
    public struct IndicatorScore: Sendable {
        public var indicator: Indicator
        /// numerator / denominator, when both are known and the denominator is not zero.
        public var value: Double?
        /// The numerator is absent, or the denominator absent or zero: scored by `missing`.
        public var missing: Bool
        /// The benchmark used (nil when the group has no firm with the indicator).
        public var benchmark: Double?
        public var score: Double
    }

    /// What one firm got.
    public struct FirmScore: Sendable {
        public var indicators: [IndicatorScore]
        public var total: Double
        /// 1 = first in its group; nil for exempt firms.
        public var rank: Int?
        public var enterpriseClass: EnterpriseClass?
    }

    /// A group's benchmarks, mean scores and ranked count.
    public struct GroupOutcome: Sendable {
        public var benchmarks: [Indicator: Double]
        public var meanScores: [Indicator: Double]
        public var ranked: Int
        public var scored: Int
    }

    /// Scores `firms` (rated firms of any group). Results are in the order of `firms`.
    public static func score(_ firms: [Firm], rules: EvaluationRules) -> (scores: [FirmScore], groups: [EnterpriseGroup: GroupOutcome]) {
        var scores = firms.map { _ in FirmScore(indicators: [], total: 0, rank: nil, enterpriseClass: nil) }
        var outcomes: [EnterpriseGroup: GroupOutcome] = [:]
        for group in EnterpriseGroup.allCases {
            let members = firms.indices.filter { firms[$0].group == group }
            guard !members.isEmpty else { continue }
            let g = rules.group(group)
            var outcome = GroupOutcome(benchmarks: [:], meanScores: [:], ranked: 0, scored: members.count)
            for rule in g.indicators {
                let i = rule.indicator
                // Values, and which firms have the indicator.
                var parts: [(value: Double?, missing: Bool, num: Double, den: Double)] = []
                parts.reserveCapacity(members.count)
                for k in members {
                    let f = firms[k]
                    let num = f.figures.value(i.numerator, landMu: f.landMu)
                    let den = f.figures.value(i.denominator, landMu: f.landMu)
                    let value: Double? = if let num, let den, den != 0 { num / den } else { nil }
                    // A zero numerator is a value (0 万元 of tax scores 0); a zero denominator
                    // (no emissions, no electricity recorded) leaves nothing to divide by.
                    let missing = num == nil || den == nil || den == 0
                    parts.append((value, missing, num ?? 0, den ?? 0))
                }
                let benchmark: Double?
                switch rule.benchmark {
                case let .fixed(b): benchmark = b
                case .group:
                    let have = parts.filter { !$0.missing }
                    let sumDen = have.reduce(0) { $0 + $1.den }
                    benchmark = have.isEmpty || sumDen == 0 ? nil : have.reduce(0) { $0 + $1.num } / sumDen
                }
                if let benchmark { outcome.benchmarks[i] = benchmark }
                // Scores of the firms that have it; their mean for those that do not.
                var own = [Double?](repeating: nil, count: members.count)
                var sum = 0.0, count = 0
                for (m, part) in parts.enumerated() where !part.missing {
                    guard let value = part.value, let benchmark, benchmark > 0 else { continue }
                    let s = rule.weight * min(value / benchmark, g.maxRatio)
                    own[m] = s
                    sum += s
                    count += 1
                }
                let mean = count > 0 ? sum / Double(count) : 0
                outcome.meanScores[i] = mean
                let fill = g.missing == .meanScore ? mean : 0
                for (m, k) in members.enumerated() {
                    let s = own[m] ?? fill
                    scores[k].indicators.append(IndicatorScore(indicator: i, value: parts[m].value, missing: own[m] == nil,
                                                               benchmark: benchmark, score: s))
                    scores[k].total += s
                }
            }
            // Rank the graded firms: total descending, then higher 亩均税收, then credit code.
            let ranked = members.filter { !firms[$0].exempt }.sorted { a, b in
                if scores[a].total != scores[b].total { return scores[a].total > scores[b].total }
                let ta = firms[a].taxPerMu ?? -.infinity, tb = firms[b].taxPerMu ?? -.infinity
                if ta != tb { return ta > tb }
                return firms[a].creditCode < firms[b].creditCode
            }
            let n = ranked.count
            outcome.ranked = n
            for (position, k) in ranked.enumerated() {
                let r = position + 1
                scores[k].rank = r
                scores[k].enterpriseClass = classify(rank: r, of: n, total: scores[k].total, rules: rules)
            }
            outcomes[group] = outcome
        }
        return (scores, outcomes)
    }

    /// The class of a firm at rank `r` of `n` with `total`, by the rules' method.
    public static func classify(rank r: Int, of n: Int, total: Double, rules: EvaluationRules) -> EnterpriseClass {
        switch rules.classMethod {
        case .rank:
            let share = Double(r) / Double(n)
            if share <= rules.classA { return .a }
            if share <= rules.classB { return .b }
            if share <= rules.classC { return .c }
            return .d
        case .score:
            if total >= rules.classA { return .a }
            if total >= rules.classB { return .b }
            if total >= rules.classC { return .c }
            return .d
        }
    }
}
