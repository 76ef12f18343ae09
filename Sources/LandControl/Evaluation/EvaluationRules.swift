import Spatial
import Yams

/// 规上 / 规下: the two groups a county scores separately, each with its own indicators.
public enum EnterpriseGroup: String, Sendable, CaseIterable, Comparable {
    /// 规模以上 (规上) industrial enterprises.
    case above
    /// 规模以下 (规下).
    case below

    /// `above`/`below`, 规模以上/规上/是, 规模以下/规下/否 (any case, spaces ignored).
    public init?(text: String) {
        // The spellings of a table are few: the exact text first, then trimmed and lower-cased.
        if let known = Self.spellings[text] {
            self = known
            return
        }
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "above", "规模以上", "规上", "规上企业", "是", "yes", "y", "true": self = .above
        case "below", "规模以下", "规下", "规下企业", "否", "no", "n", "false": self = .below
        default: return nil
        }
    }

    static let spellings: [String: EnterpriseGroup] = ["above": .above, "规模以上": .above, "规上": .above, "是": .above,
                                                       "below": .below, "规模以下": .below, "规下": .below, "否": .below]

    public func name(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.above, .zh): "规上"
        case (.above, .en): "above (规上)"
        case (.below, .zh): "规下"
        case (.below, .en): "below (规下)"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a == .above && b == .below }
}

/// The 亩均效益 indicators a group may be scored on: numerator / denominator of the
/// firm's own figures (land in 亩 from the parcels).
public enum Indicator: String, Sendable, CaseIterable {
    case taxPerMu = "tax_per_mu"
    case valueAddedPerMu = "value_added_per_mu"
    case valueAddedPerEnergy = "value_added_per_energy"
    case valueAddedPerEmission = "value_added_per_emission"
    case labourProductivity = "labour_productivity"
    case rndShare = "rnd_share"
    case taxPerElectricity = "tax_per_electricity"

    /// What the ratio is made of.
    public enum Figure: Sendable {
        case tax, valueAdded, revenue, rnd, energy, emission, employees, electricity, land
    }

    public var numerator: Figure {
        switch self {
        case .taxPerMu, .taxPerElectricity: .tax
        case .valueAddedPerMu, .valueAddedPerEnergy, .valueAddedPerEmission, .labourProductivity: .valueAdded
        case .rndShare: .rnd
        }
    }

    public var denominator: Figure {
        switch self {
        case .taxPerMu, .valueAddedPerMu: .land
        case .valueAddedPerEnergy: .energy
        case .valueAddedPerEmission: .emission
        case .labourProductivity: .employees
        case .rndShare: .revenue
        case .taxPerElectricity: .electricity
        }
    }

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.taxPerMu, .zh): "亩均税收（万元/亩）"
        case (.taxPerMu, .en): "tax per mu (万元/亩)"
        case (.valueAddedPerMu, .zh): "亩均增加值（万元/亩）"
        case (.valueAddedPerMu, .en): "value added per mu (万元/亩)"
        case (.valueAddedPerEnergy, .zh): "单位能耗增加值（万元/吨标煤）"
        case (.valueAddedPerEnergy, .en): "value added per tce (万元/吨标煤)"
        case (.valueAddedPerEmission, .zh): "单位排放增加值（万元/吨）"
        case (.valueAddedPerEmission, .en): "value added per tonne emitted (万元/吨)"
        case (.labourProductivity, .zh): "全员劳动生产率（万元/人）"
        case (.labourProductivity, .en): "labour productivity (万元/人)"
        case (.rndShare, .zh): "R&D经费支出占营业收入比重"
        case (.rndShare, .en): "R&D share of revenue"
        case (.taxPerElectricity, .zh): "单位电耗税收（万元/万千瓦时）"
        case (.taxPerElectricity, .en): "tax per 10⁴ kWh (万元/万千瓦时)"
        }
    }
}

/// The benchmark an indicator's value is divided by.
public enum Benchmark: Sendable, Equatable {
    /// The group's aggregate: Σ numerator / Σ denominator over its rated firms that have the
    /// indicator.
    case group
    /// A number fixed by the county (e.g. last year's average).
    case fixed(Double)
}

/// One indicator of a group: its weight and benchmark.
public struct IndicatorRule: Sendable, Equatable {
    public var indicator: Indicator
    public var weight: Double
    public var benchmark: Benchmark

    public init(_ indicator: Indicator, weight: Double, benchmark: Benchmark = .group) {
        self.indicator = indicator
        self.weight = weight
        self.benchmark = benchmark
    }
}

/// How a missing indicator scores.
public enum MissingScore: String, Sendable, Equatable {
    /// The mean of that indicator's score over the group's rated firms that have it.
    case meanScore = "mean_score"
    case zero
}

/// A group's scoring formula.
public struct GroupRules: Sendable, Equatable {
    public var indicators: [IndicatorRule]
    /// One indicator scores at most weight × this.
    public var maxRatio = 3.0
    public var missing = MissingScore.meanScore

    public init(indicators: [IndicatorRule], maxRatio: Double = 3, missing: MissingScore = .meanScore) {
        self.indicators = indicators
        self.maxRatio = maxRatio
        self.missing = missing
    }
}

/// A/B/C/D: 优先发展, 鼓励提升, 规范转型, 调控帮扶/整治.
public enum EnterpriseClass: String, Sendable, CaseIterable {
    case a = "A", b = "B", c = "C", d = "D"

    public func name(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.a, .zh): "A 类（优先发展）"
        case (.a, .en): "A (优先发展, develop first)"
        case (.b, .zh): "B 类（鼓励提升）"
        case (.b, .en): "B (鼓励提升, encourage)"
        case (.c, .zh): "C 类（规范转型）"
        case (.c, .en): "C (规范转型, regulate and transform)"
        case (.d, .zh): "D 类（调控帮扶/整治）"
        case (.d, .en): "D (调控帮扶/整治, rectify)"
        }
    }
}

/// How classes are given: by rank share within the group, or by minimum total score.
public enum ClassMethod: String, Sendable, Equatable {
    /// A when rank / n ≤ A, else B when ≤ B, else C when ≤ C, else D.
    case rank
    /// A when total ≥ A, else B when ≥ B, else C when ≥ C, else D.
    case score
}

/// Thresholds of `landctl evaluate` (亩均论英雄: the 亩均效益 evaluation of enterprises).
public struct EvaluationRules: Sendable, Equatable {
    /// Below this land (亩) a firm of the group is not rated. [policy: 规下 under 3 亩 not rated, common Zhejiang practice]
    public var minLandMu: [EnterpriseGroup: Double] = [.above: 0, .below: 3]
    /// Declared and parcel land differing by more than this share of the parcel land: flagged. [model]
    public var landTolerance = 0.05
    public var groups: [EnterpriseGroup: GroupRules] = [
        .above: GroupRules(indicators: [IndicatorRule(.taxPerMu, weight: 30), IndicatorRule(.valueAddedPerMu, weight: 20),
                                        IndicatorRule(.valueAddedPerEnergy, weight: 20), IndicatorRule(.valueAddedPerEmission, weight: 10),
                                        IndicatorRule(.labourProductivity, weight: 10), IndicatorRule(.rndShare, weight: 10)]),
        .below: GroupRules(indicators: [IndicatorRule(.taxPerMu, weight: 50), IndicatorRule(.taxPerElectricity, weight: 50)]),
    ]
    public var classMethod = ClassMethod.rank
    /// Class thresholds: rank shares (method rank) or minimum scores (method score).
    public var classA = 0.25, classB = 0.70, classC = 0.95
    /// 亩均税收 below this (万元/亩): low efficiency. [policy: the plan, 5 万元/亩]
    public var lowEfficiencyTaxPerMu = 5.0
    /// The differentiated measures per class, printed in the summary.
    public var policies: [EnterpriseClass: String] = [
        .a: "用地、用能、排污等要素优先保障；差别化电价、水价、排污费不加价",
        .b: "要素正常保障；鼓励技改提升",
        .c: "差别化电价、水价、排污费加价；从严控制新增用地、用能",
        .d: "差别化加价从高；不新增用地、用能；整治提升、兼并重组或依法依规腾退（提升一批、整治一批、淘汰一批）",
    ]

    public init() {}

    public func group(_ g: EnterpriseGroup) -> GroupRules { groups[g] ?? GroupRules(indicators: []) }

    mutating func read(_ node: Node, path: String, reader: RulesReader) throws {
        try reader.mapping(node, path: path) { key, value, path in
            switch key {
            case "min_land_mu":
                try reader.mapping(value, path: path) { k, v, p in
                    guard let g = EnterpriseGroup(rawValue: k) else { throw reader.unknown(k, at: v, path: p, known: ["above", "below"]) }
                    minLandMu[g] = try reader.nonNegative(v, path: p)
                }
            case "land_tolerance": landTolerance = try reader.nonNegative(value, path: path)
            case "groups":
                try reader.mapping(value, path: path) { k, v, p in
                    guard let g = EnterpriseGroup(rawValue: k) else { throw reader.unknown(k, at: v, path: p, known: ["above", "below"]) }
                    var rules = group(g)
                    try Self.readGroup(&rules, v, path: p, reader: reader)
                    groups[g] = rules
                }
            case "classes": try readClasses(value, path: path, reader: reader)
            case "low_efficiency_tax_per_mu": lowEfficiencyTaxPerMu = try reader.nonNegative(value, path: path)
            case "policies":
                try reader.mapping(value, path: path) { k, v, p in
                    guard let c = EnterpriseClass(rawValue: k) else { throw reader.unknown(k, at: v, path: p, known: ["A", "B", "C", "D"]) }
                    guard v.scalar != nil, let text = v.string else { throw reader.error(v, p, "expected text") }
                    policies[c] = text
                }
            default:
                throw reader.unknown(key, at: value, path: path, known: ["min_land_mu", "land_tolerance", "groups", "classes",
                                                                         "low_efficiency_tax_per_mu", "policies"])
            }
        }
    }

    private static func readGroup(_ rules: inout GroupRules, _ node: Node, path: String, reader: RulesReader) throws {
        try reader.mapping(node, path: path) { key, value, path in
            switch key {
            case "indicators":
                // The list given replaces the default one, in the order written.
                var list: [IndicatorRule] = []
                try reader.mapping(value, path: path) { k, v, p in
                    guard let indicator = Indicator(rawValue: k) else { throw reader.unknown(k, at: v, path: p, known: Indicator.allCases.map(\.rawValue)) }
                    var rule = IndicatorRule(indicator, weight: 0)
                    var weighted = false
                    try reader.mapping(v, path: p) { field, w, fp in
                        switch field {
                        case "weight":
                            rule.weight = try reader.nonNegative(w, path: fp)
                            weighted = true
                        case "benchmark":
                            if w.scalar != nil, w.string == "group" {
                                rule.benchmark = .group
                            } else {
                                let b = try reader.number(w, path: fp)
                                guard b > 0 else { throw reader.error(w, fp, "a benchmark must be above 0 (or `group`)") }
                                rule.benchmark = .fixed(b)
                            }
                        default: throw reader.unknown(field, at: w, path: fp, known: ["weight", "benchmark"])
                        }
                    }
                    guard weighted else { throw reader.error(v, p, "needs a weight") }
                    list.append(rule)
                }
                rules.indicators = list
            case "max_ratio":
                let v = try reader.number(value, path: path)
                guard v > 0 else { throw reader.error(value, path, "must be above 0") }
                rules.maxRatio = v
            case "missing":
                guard value.scalar != nil, let text = value.string, let m = MissingScore(rawValue: text) else {
                    throw reader.error(value, path, "must be mean_score or zero")
                }
                rules.missing = m
            default:
                throw reader.unknown(key, at: value, path: path, known: ["indicators", "max_ratio", "missing"])
            }
        }
    }

    private mutating func readClasses(_ node: Node, path: String, reader: RulesReader) throws {
        var method = classMethod
        var a = classA, b = classB, c = classC
        var given = false
        try reader.mapping(node, path: path) { key, value, path in
            switch key {
            case "method":
                guard value.scalar != nil, let text = value.string, let m = ClassMethod(rawValue: text) else {
                    throw reader.error(value, path, "must be rank or score")
                }
                method = m
            case "A": a = try reader.nonNegative(value, path: path); given = true
            case "B": b = try reader.nonNegative(value, path: path); given = true
            case "C": c = try reader.nonNegative(value, path: path); given = true
            default: throw reader.unknown(key, at: value, path: path, known: ["method", "A", "B", "C"])
            }
        }
        if method == .score, method != classMethod, !given {
            throw reader.error(node, path, "method score needs the minimum total scores A, B and C")
        }
        switch method {
        case .rank:
            guard a <= b, b <= c, c <= 1 else { throw reader.error(node, path, "rank shares must rise: A ≤ B ≤ C ≤ 1 (0.25 is the first quarter)") }
        case .score:
            guard a >= b, b >= c else { throw reader.error(node, path, "minimum scores must fall: A ≥ B ≥ C") }
        }
        classMethod = method
        (classA, classB, classC) = (a, b, c)
    }

    var defaultsYAML: String {
        func n(_ v: Double) -> String { NumberFormatting.string(v) }
        func indicators(_ g: EnterpriseGroup) -> String {
            group(g).indicators.map { r in
                let b: String
                switch r.benchmark {
                case .group: b = ""
                case let .fixed(v): b = ", benchmark: \(n(v))"
                }
                return "        \(r.indicator.rawValue): {weight: \(n(r.weight))\(b)}\n"
            }.joined()
        }
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let above = group(.above), below = group(.below)
        return """
        evaluation:                # landctl evaluate (亩均论英雄: 亩均效益 evaluation, classes A/B/C/D)
          # Each city (county) sets its own formula every year: indicators, weights, benchmarks
          # and class shares below are the defaults of a published Zhejiang county formula
          # (黄岩区 2022年度: 规上 30/20/20/10/10/10, 规下 50/50), with the group's own
          # aggregate as benchmark unless a number is given. Replace them with your county's.
          # Land below this (亩) is not rated: reason no_land (none) or small_land. [policy: 规下 under 3 亩, Zhejiang practice]
          min_land_mu: {above: \(n(minLandMu[.above] ?? 0)), below: \(n(minLandMu[.below] ?? 0))}
          # Declared land (用地面积) and parcel land differing by more than this share: flag land_mismatch. [model]
          land_tolerance: \(n(landTolerance))
          groups:
            above:                 # 规上
              indicators:          # weight, and benchmark: group (Σnumerator/Σdenominator over the
                                   # group's rated firms that have both) or a number
        \(indicators(.above))      max_ratio: \(n(above.maxRatio))         # one indicator scores at most weight × max_ratio
              missing: \(above.missing.rawValue)   # a missing indicator scores the group's mean score of it, or zero
            below:                 # 规下
              indicators:
        \(indicators(.below))      max_ratio: \(n(below.maxRatio))
              missing: \(below.missing.rawValue)
          # method rank: A when rank/n ≤ A, B when ≤ B, C when ≤ C, else D (n: ranked firms of the
          # group); method score: A/B/C are minimum total scores. [policy: county practice, 25/70/95 %]
          classes: {method: \(classMethod.rawValue), A: \(n(classA)), B: \(n(classB)), C: \(n(classC))}
          low_efficiency_tax_per_mu: \(n(lowEfficiencyTaxPerMu))   # 亩均税收 below 5 万元/亩: 提升一批、整治一批、淘汰一批 [policy: the plan]
          # The differentiated measures (要素差别化配置) per class, printed in the summary. [model: Zhejiang practice]
          policies:
            A: \(quoted(policies[.a] ?? ""))
            B: \(quoted(policies[.b] ?? ""))
            C: \(quoted(policies[.c] ?? ""))
            D: \(quoted(policies[.d] ?? ""))

        """
    }
}
