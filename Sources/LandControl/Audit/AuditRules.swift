import Spatial
import Yams

/// Where a finding puts a parcel on the exit ladder (整改 → 违约金 → 收回/退出).
public enum AuditStage: String, Sendable, CaseIterable, Comparable {
    /// Every check that is due passes.
    case ok
    /// 整改: to put right within `rectify_months`.
    case rectify
    /// 违约金: a penalty under the grant contract.
    case penalty
    /// 收回/退出: the land taken back, the project leaves.
    case exit

    public static func < (a: AuditStage, b: AuditStage) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.ok, .zh): "履约正常"
        case (.ok, .en): "ok"
        case (.rectify, .zh): "限期整改"
        case (.rectify, .en): "rectify (整改)"
        case (.penalty, .zh): "支付违约金"
        case (.penalty, .en): "penalty (违约金)"
        case (.exit, .zh): "收回/退出"
        case (.exit, .en): "exit (收回/退出)"
        }
    }

    /// `rectify`, `penalty` or `exit` from a rules file.
    init?(rulesValue: String) {
        guard let s = AuditStage(rawValue: rulesValue.trimmingCharacters(in: .whitespaces).lowercased()), s != .ok else { return nil }
        self = s
    }
}

/// Thresholds of `landctl audit` (标准地 履约监管 and the exit ladder). Each is a rules-file
/// key under `audit:`; `landctl rules --print-defaults` prints them with their sources.
public struct AuditRules: Sendable, Equatable {
    /// When the ledger has no 达产复核 date: the production due date plus this many years. [model]
    public var reviewAfterYears = 3
    /// Months given to put a finding right (整改期限). [model]
    public var rectifyMonths = 6
    /// Figure gaps up to this share are to be rectified; larger ones draw a penalty. [model]
    public var rectifyMaxGap = 0.2
    /// Months given to pay the penalty and remedy; a parcel still short after them exits. [model]
    public var penaltyMonths = 6
    /// 违约金 for a figure short of the contract = gap share × land price × this.
    /// [policy: GF-2008-2601 出让合同示范文本, the same share of the land price]
    public var penaltyFactor = 1.0
    /// 违约金 per day late (start, completion, production) as a share of the land price.
    /// [policy: GF-2008-2601, a ‰ of the price per day; the rate is the contract's: 1 ‰ model]
    public var penaltyPerDayShare = 0.001
    /// Not started this many full years after the agreed start: exit. [policy: 令第53号, 2 years → recovered]
    public var exitAfterYears = 2
    /// A figure gap above this share: exit. [model]
    public var exitMinGap = 0.5
    /// Stage of an industry other than the contract's (INDUSTRY_CHANGED). [model]
    public var industryChangedStage = AuditStage.rectify
    /// Stage of an industry on a negative list (NEGATIVE_LIST). [model: a forbidden industry leaves]
    public var negativeListStage = AuditStage.exit

    public init() {}

    static let keys = ["review_after_years", "rectify_months", "rectify_max_gap", "penalty_months", "penalty_factor",
                       "penalty_per_day_share", "exit_after_years", "exit_min_gap", "industry_changed_stage", "negative_list_stage"]

    mutating func read(_ node: Node, path: String, reader: RulesReader) throws {
        try reader.mapping(node, path: path) { key, value, path in
            switch key {
            case "review_after_years": reviewAfterYears = try reader.wholeNumber(value, path: path)
            case "rectify_months": rectifyMonths = try reader.wholeNumber(value, path: path)
            case "rectify_max_gap": rectifyMaxGap = try reader.fraction(value, path: path)
            case "penalty_months": penaltyMonths = try reader.wholeNumber(value, path: path)
            case "penalty_factor": penaltyFactor = try reader.nonNegative(value, path: path)
            case "penalty_per_day_share": penaltyPerDayShare = try reader.fraction(value, path: path)
            case "exit_after_years": exitAfterYears = try reader.wholeNumber(value, path: path)
            case "exit_min_gap": exitMinGap = try reader.fraction(value, path: path)
            case "industry_changed_stage": industryChangedStage = try Self.stage(value, path: path, reader: reader)
            case "negative_list_stage": negativeListStage = try Self.stage(value, path: path, reader: reader)
            default: throw reader.unknown(key, at: value, path: path, known: Self.keys)
            }
        }
        guard rectifyMaxGap <= exitMinGap else {
            throw reader.error(node, path, "rectify_max_gap (\(NumberFormatting.string(rectifyMaxGap))) must not be above exit_min_gap (\(NumberFormatting.string(exitMinGap)))")
        }
    }

    private static func stage(_ node: Node, path: String, reader: RulesReader) throws -> AuditStage {
        guard let s = node.string, let stage = AuditStage(rulesValue: s) else {
            throw reader.error(node, path, "expected rectify, penalty or exit, found '\(node.string ?? "a list or mapping")'")
        }
        return stage
    }

    var defaultsYAML: String {
        func n(_ v: Double) -> String { NumberFormatting.string(v) }
        return """
        audit:                     # landctl audit (标准地 履约监管 and the exit ladder 整改 → 违约金 → 收回/退出)
          review_after_years: \(reviewAfterYears)      # no 达产复核 date in the ledger: production due + 3 years [model]
          rectify_months: \(rectifyMonths)          # 整改期限 given for a finding [model]
          rectify_max_gap: \(n(rectifyMaxGap))       # figure gaps up to 20 % are to be rectified, larger draw a penalty [model]
          penalty_months: \(penaltyMonths)          # time to pay and remedy; still short after it: exit [model]
          penalty_factor: \(n(penaltyFactor))          # 违约金 = gap share × land price × 1 [policy: GF-2008-2601 出让合同示范文本]
          penalty_per_day_share: \(n(penaltyPerDayShare)) # per day late: 1 ‰ of the land price [policy: GF-2008-2601, the ‰ the contract sets; 1 ‰ model]
          exit_after_years: \(exitAfterYears)        # not started 2 full years after the agreed start: 收回 [policy: 令第53号]
          exit_min_gap: \(n(exitMinGap))          # a figure gap above 50 %: exit [model]
          industry_changed_stage: \(industryChangedStage.rawValue)   # INDUSTRY_CHANGED [model]
          negative_list_stage: \(negativeListStage.rawValue)        # NEGATIVE_LIST: a forbidden industry leaves [model]

        """
    }
}
