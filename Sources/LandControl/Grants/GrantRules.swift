import Spatial
import Yams

/// Thresholds of `landctl validate` (标准地 grant conditions and the national 工业项目建设用地
/// 控制指标). Every number is a rules-file key; the defaults and their sources are printed by
/// `landctl rules --print-defaults`.
public struct GrantRules: Sendable, Equatable {
    /// Edition of the national control indicators: 2008 or 2023.
    public var edition = 2023
    /// The city's FAR floor for new industrial grants. [policy: Zhoushan plan, FAR ≥ 1.5]
    public var cityFARMin = 1.5
    /// An upper FAR limit, when the city sets one (e.g. 2.5 in a 台州 plot).
    public var farMax: Double?
    /// 建筑系数 floor; nil = the edition's (40 % in 2023, 30 % in 2008).
    public var coverageMin: Double?
    /// Share of the site for administration and living facilities, at most. [policy: 7 %]
    public var adminShareMax = 0.07
    /// 绿地率 ceiling; nil = the edition's (15 % in 2023, 20 % in 2008).
    public var greenRatioMax: Double?
    /// Declared vs ellipsoidal site area may differ by this share. [model]
    public var areaTolerance = 0.005
    /// Zone kinds where a grant passes, and where it needs review; elsewhere it fails. [policy: domain.md §2]
    public var passZones: [ZoneKind] = [.cluster]
    public var reviewZones: [ZoneKind] = [.reserve]
    /// National FAR floors by GB/T 4754-2002 two-digit code. [policy: 2008 edition, domain.md §4]
    public var industryFARMin: [String: Double] = GrantRules.nationalFARFloors2008
    /// FAR floors by GB/T 4754-2017 division for edition 2023, when a city enters the 2023
    /// table; a division without a row takes the 2008 floor through the concordance. Empty by
    /// default: the 2023 edition's table could not be confirmed. [model]
    public var industryFARMin2017: [String: Double] = [:]
    /// 标准地 thresholds per GB/T 4754-2017 division, with a `default` row.
    public var standards: [String: GrantStandard] = ["default": GrantStandard(investmentPerMuWan: 300, taxPerMuWan: 25)]

    public init() {}

    public var effectiveCoverageMin: Double { coverageMin ?? (edition == 2008 ? 0.30 : 0.40) }
    public var effectiveGreenRatioMax: Double { greenRatioMax ?? (edition == 2008 ? 0.20 : 0.15) }

    /// The standard row for an industry: its own, else `default`.
    public func standard(for industry: String?) -> GrantStandard {
        if let industry, let row = standards[industry] { return row.filled(from: standards["default"]) }
        return standards["default"] ?? GrantStandard()
    }

    /// The national FAR floor for a proposal's industry, and where it comes from: the
    /// 2002 code when given; with edition 2023 a row of `industry_far_min_2017`; else the
    /// 2008 table through the GB/T 4754-2017 → 2002 concordance. When a two-digit 29 cannot
    /// tell rubber (2002: 29) from plastics (30), the lower floor applies and the note says so.
    public func nationalFARFloor(code2002: String?, code2017: String?) -> (floor: Double?, source: String?) {
        if let code2002 { return (industryFARMin[code2002], industryFARMin[code2002].map { _ in "2008 · GB/T 4754-2002 \(code2002)" }) }
        guard let code2017 else { return (nil, nil) }
        let division = GrantProposal.division(code2017)
        if edition == 2023, let v = industryFARMin2017[division] { return (v, "2023 · GB/T 4754-2017 \(division)") }
        switch IndustryConcordance.division2002(of: code2017) {
        case let .division(d):
            return (industryFARMin[d], industryFARMin[d].map { _ in "2008 · GB/T 4754-2017 \(division) → 2002 \(d)" })
        case let .either(ds):
            let floors = ds.compactMap { d in industryFARMin[d].map { (d, $0) } }
            guard let low = floors.min(by: { $0.1 < $1.1 }) else { return (nil, nil) }
            return (low.1, "2008 · GB/T 4754-2017 \(division) → 2002 \(ds.joined(separator: "/")) (lower floor, \(low.0))")
        case .none:
            return (nil, nil)
        }
    }

    /// The 2008 table (GB/T 4754-2002 codes): 13–16, 18, 19, 24, 30, 40–42: 1.0; 17, 20–23,
    /// 28, 29: 0.8; 27, 31, 34–37, 39, 43: 0.7; 26, 32, 33: 0.6; 25: 0.5.
    public static let nationalFARFloors2008: [String: Double] = {
        var t: [String: Double] = [:]
        for c in [13, 14, 15, 16, 18, 19, 24, 30, 40, 41, 42] { t[String(c)] = 1.0 }
        for c in [17, 20, 21, 22, 23, 28, 29] { t[String(c)] = 0.8 }
        for c in [27, 31, 34, 35, 36, 37, 39, 43] { t[String(c)] = 0.7 }
        for c in [26, 32, 33] { t[String(c)] = 0.6 }
        t["25"] = 0.5
        return t
    }()

    mutating func read(_ node: Node, path: String, reader: RulesReader) throws {
        let keys = ["edition", "city_far_min", "far_max", "coverage_min", "admin_share_max", "green_ratio_max", "area_tolerance",
                    "pass_zones", "review_zones", "industry_far_min_2008", "industry_far_min_2017", "standards"]
        try reader.mapping(node, path: path) { key, value, path in
            switch key {
            case "edition":
                let e = try reader.wholeNumber(value, path: path)
                guard e == 2008 || e == 2023 else { throw reader.error(value, path, "edition must be 2008 or 2023") }
                edition = e
            case "city_far_min": cityFARMin = try reader.nonNegative(value, path: path)
            case "far_max": farMax = try reader.optional(value) { try reader.nonNegative($0, path: path) }
            case "coverage_min": coverageMin = try reader.optional(value) { try reader.fraction($0, path: path) }
            case "admin_share_max": adminShareMax = try reader.fraction(value, path: path)
            case "green_ratio_max": greenRatioMax = try reader.optional(value) { try reader.fraction($0, path: path) }
            case "area_tolerance": areaTolerance = try reader.fraction(value, path: path)
            case "pass_zones": passZones = try reader.zoneKinds(value, path: path)
            case "review_zones": reviewZones = try reader.zoneKinds(value, path: path)
            case "industry_far_min_2008":
                var table: [String: Double] = [:]
                try reader.mapping(value, path: path) { code, v, p in table[code] = try reader.nonNegative(v, path: p) }
                industryFARMin = table
            case "industry_far_min_2017":
                var table: [String: Double] = [:]
                try reader.mapping(value, path: path) { code, v, p in table[code] = try reader.nonNegative(v, path: p) }
                industryFARMin2017 = table
            case "standards":
                var rows: [String: GrantStandard] = [:]
                try reader.mapping(value, path: path) { code, v, p in
                    var row = GrantStandard(investmentPerMuWan: nil, taxPerMuWan: nil)
                    try row.read(v, path: p, reader: reader)
                    rows[code] = row
                }
                standards = rows
            default:
                throw reader.unknown(key, at: value, path: path, known: keys)
            }
        }
    }

    var defaultsYAML: String {
        func n(_ v: Double?) -> String { v.map(NumberFormatting.string) ?? "null" }
        let table = industryFARMin.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \(n($0.value))" }.joined(separator: ", ")
        let d = standards["default"] ?? GrantStandard()
        let table2017 = industryFARMin2017.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \(n($0.value))" }.joined(separator: ", ")
        return """
        grant:                     # landctl validate (标准地 grant conditions)
          # Edition of 《工业项目建设用地控制指标》: 2008 (国土资发〔2008〕24号) or 2023 (自然资源部,
          # 2023). Where a 2023 figure is marked [model], the 2023 text could not be found to
          # confirm its clause: check it against the published edition and set it here.
          edition: \(edition)
          city_far_min: \(n(cityFARMin))         # new industrial grants FAR ≥ 1.5 [policy: Zhoushan 14th Five-Year plan]
          far_max: \(n(farMax))              # an upper FAR limit when the city sets one (e.g. 2.5) [policy: 标准地 plot conditions]
          # 建筑系数 floor; null = the edition's: 0.30 in 2008 [policy: 控制指标 正文四（三） "建筑系数
          # 应不低于30%", as in the 2004 试行 text]; 0.40 in 2023 [model: domain.md §4, the 2023
          # clause not confirmed].
          coverage_min: \(n(coverageMin))
          # 行政办公及生活服务设施用地 ≤ 7 % of the site [policy: 控制指标 正文四（四）, 2004/2008;
          # the 2023 clause not confirmed, kept at 7 % [model]]
          admin_share_max: \(n(adminShareMax))
          # 绿地率 ceiling; null = the edition's: 0.20 in 2008 [policy: domain.md §4 (工业企业内部一般
          # 不得安排绿地，确需安排的绿地率不得超过20%); clause text not found in our sources];
          # 0.15 in 2023 [model: could not be confirmed].
          green_ratio_max: \(n(greenRatioMax))
          area_tolerance: \(n(areaTolerance))     # declared vs ellipsoidal site area [model]
          pass_zones: [cluster]      # dominant zone where a grant passes [policy: domain.md §2]
          review_zones: [reserve]    # needs a plan adjustment first; any other zone fails
          # National FAR floors by GB/T 4754-2002 division: the 2008 edition's 表2 (容积率控制
          # 指标: 13–16, 18, 19, 24, 30, 40–42 ≥ 1.0; 17, 20–23, 28, 29 ≥ 0.8; 27, 31, 34–37,
          # 39, 43 ≥ 0.7; 26, 32, 33 ≥ 0.6; 25 ≥ 0.5). A proposal's GB/T 4754-2017 code is read
          # in 2002 numbers through the published concordance (2002's 29 橡胶 and 30 塑料 became
          # 2017's 29, so 2017's 30 非金属矿物 is 2002's 31 …; 2017's 43 修理 has no 2002
          # division). The city floor dominates wherever it is higher. [policy: 国土资发〔2008〕24号]
          industry_far_min_2008: {\(table)}
          # Edition 2023 applies these FAR floors by GB/T 4754-2017 division where a row is
          # given, else the 2008 table above through the concordance: the 2023 edition's own
          # table could not be confirmed, so none is built in. [model]
          industry_far_min_2017: {\(table2017)}
          # 标准地 thresholds by GB/T 4754-2017 division, with a default row. Each city sets
          # its own [policy: 浙政办发〔2018〕73号]; the default row is a typical Zhejiang value
          # [model]. Keys: investment_per_mu_wan, tax_per_mu_wan (万元/亩),
          # energy_value_added_min (万元/吨标煤), emission_value_added_min (万元/吨),
          # rnd_share_min (share); null = not checked.
          standards:
            default: {investment_per_mu_wan: \(n(d.investmentPerMuWan)), tax_per_mu_wan: \(n(d.taxPerMuWan)), energy_value_added_min: \(n(d.energyValueAddedMin)), emission_value_added_min: \(n(d.emissionValueAddedMin)), rnd_share_min: \(n(d.rndShareMin))}

        """
    }
}

/// One row of 标准地 thresholds.
public struct GrantStandard: Sendable, Equatable {
    /// Fixed-asset investment per 亩, 万元.
    public var investmentPerMuWan: Double?
    /// Annual tax per 亩, 万元.
    public var taxPerMuWan: Double?
    /// Value added per tonne of standard coal, 万元.
    public var energyValueAddedMin: Double?
    /// Value added per tonne of emissions, 万元.
    public var emissionValueAddedMin: Double?
    /// R&D spending as a share of revenue.
    public var rndShareMin: Double?

    public init(investmentPerMuWan: Double? = nil, taxPerMuWan: Double? = nil, energyValueAddedMin: Double? = nil,
                emissionValueAddedMin: Double? = nil, rndShareMin: Double? = nil) {
        self.investmentPerMuWan = investmentPerMuWan
        self.taxPerMuWan = taxPerMuWan
        self.energyValueAddedMin = energyValueAddedMin
        self.emissionValueAddedMin = emissionValueAddedMin
        self.rndShareMin = rndShareMin
    }

    /// Missing values taken from `other` (the default row).
    func filled(from other: GrantStandard?) -> GrantStandard {
        guard let other else { return self }
        return GrantStandard(investmentPerMuWan: investmentPerMuWan ?? other.investmentPerMuWan, taxPerMuWan: taxPerMuWan ?? other.taxPerMuWan,
                             energyValueAddedMin: energyValueAddedMin ?? other.energyValueAddedMin,
                             emissionValueAddedMin: emissionValueAddedMin ?? other.emissionValueAddedMin, rndShareMin: rndShareMin ?? other.rndShareMin)
    }

    mutating func read(_ node: Node, path: String, reader: RulesReader) throws {
        try reader.mapping(node, path: path) { key, value, path in
            let v = try reader.optional(value) { try reader.nonNegative($0, path: path) }
            switch key {
            case "investment_per_mu_wan": investmentPerMuWan = v
            case "tax_per_mu_wan": taxPerMuWan = v
            case "energy_value_added_min": energyValueAddedMin = v
            case "emission_value_added_min": emissionValueAddedMin = v
            case "rnd_share_min": rndShareMin = v
            default:
                throw reader.unknown(key, at: value, path: path, known: ["investment_per_mu_wan", "tax_per_mu_wan", "energy_value_added_min",
                                                                         "emission_value_added_min", "rnd_share_min"])
            }
        }
    }
}

extension RulesReader {
    /// nil for a YAML null (`null`, `~` or empty), else `body(node)`.
    func optional<T>(_ node: Node, _ body: (Node) throws -> T) throws -> T? {
        if let s = node.scalar, s.style == .plain, ["null", "~", "", "Null", "NULL"].contains(s.string) { return nil }
        return try body(node)
    }

    func zoneKinds(_ node: Node, path: String) throws -> [ZoneKind] {
        try strings(node, path: path).map { s in
            guard let k = ZoneKind(value: s) else { throw error(node, path, "'\(s)' is not a zone kind (cluster, transition, reserve, redline)") }
            return k
        }
    }
}
