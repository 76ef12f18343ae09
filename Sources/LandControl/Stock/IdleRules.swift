import Spatial
import Yams

/// Thresholds of `landctl idle` (闲置土地处置办法, 国土资源部令第53号, 2012).
public struct IdleRules: Sendable, Equatable {
    /// Not started this many full years after the agreed start date: idle. [policy]
    public var idleAfterYears = 1
    /// Not started this many full years after it: may be recovered without compensation. [policy]
    public var recoverableAfterYears = 2
    /// Idle fee as a share of the land price. [policy]
    public var idleFeeShare = 0.20
    /// Started, but developed share below this… [policy]
    public var partialDevelopedShare = 1.0 / 3.0
    /// …or invested share below this… [policy]
    public var partialInvestedShare = 0.25
    /// …and suspended at least this many full years: partial idle. [policy]
    public var partialSuspendedYears = 1

    public init() {}

    mutating func read(_ node: Node, path: String, reader: RulesReader) throws {
        try reader.mapping(node, path: path) { key, value, path in
            switch key {
            case "idle_after_years": idleAfterYears = try reader.wholeNumber(value, path: path)
            case "recoverable_after_years": recoverableAfterYears = try reader.wholeNumber(value, path: path)
            case "idle_fee_share": idleFeeShare = try reader.fraction(value, path: path)
            case "partial_developed_share": partialDevelopedShare = try reader.fraction(value, path: path)
            case "partial_invested_share": partialInvestedShare = try reader.fraction(value, path: path)
            case "partial_suspended_years": partialSuspendedYears = try reader.wholeNumber(value, path: path)
            default:
                throw reader.unknown(key, at: value, path: path, known: ["idle_after_years", "recoverable_after_years", "idle_fee_share",
                                                                         "partial_developed_share", "partial_invested_share", "partial_suspended_years"])
            }
        }
    }

    var defaultsYAML: String {
        """
        idle:                      # landctl idle (闲置土地) [policy: 闲置土地处置办法, 国土资源部令第53号, 2012]
          # 未动工开发满一年: idle (第二条). The 动工开发日期 is the agreed one; when none was
          # agreed, one year after the land was actually delivered (实际交付土地之日, 交地确认书:
          # 第二十八条); with no delivery date either, the grant date stands in for it (flagged).
          idle_after_years: \(idleAfterYears)
          recoverable_after_years: \(recoverableAfterYears)     # 未动工开发满两年: may be recovered without compensation (第十四条（二）)
          idle_fee_share: \(NumberFormatting.string(idleFeeShare))          # 土地闲置费 = 20 % of the land price, levied once, at one year (第十四条（一）)
          partial_developed_share: \(NumberFormatting.string(partialDevelopedShare))   # started, developed area below 1/3 … (第二条第二款)
          partial_invested_share: \(NumberFormatting.string(partialInvestedShare))   # … or investment below 25 % …
          partial_suspended_years: \(partialSuspendedYears)     # … and 中止开发建设满一年
          # Idle through the government or force majeure (闲置原因 政府原因 / 不可抗力, 第八条): no
          # fee and no recovery without compensation; disposed of by agreement (第十二条、第十三条).

        """
    }
}
