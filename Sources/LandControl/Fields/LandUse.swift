/// Land-use codes as parcels carry them: GB 50137-2011 (M1–M3 industrial, W1–W3
/// warehousing, R, B, A, S, U, G…) or the 2023 国土空间 classification (1001xx industrial,
/// 1101xx warehousing, 07 residential…), or their Chinese names.
public enum LandUse {
    public enum Category: String, Sendable {
        case industrial, warehousing, other, unknown
    }

    public static func category(of value: String) -> Category {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard !v.isEmpty else { return .unknown }
        // GB 50137: M, M1, M2, M3 (and sub-codes such as M1a).
        if v.hasPrefix("M"), v.count == 1 || v.dropFirst().first.map({ $0 >= "1" && $0 <= "3" }) == true { return .industrial }
        if v.hasPrefix("W"), v.count == 1 || v.dropFirst().first.map({ $0 >= "1" && $0 <= "3" }) == true { return .warehousing }
        // 2023 classification: 1001 工业用地 and its sub-classes; 1101 物流仓储.
        if v.allSatisfy(\.isNumber) {
            if v.hasPrefix("1001") { return .industrial }
            if v.hasPrefix("1101") { return .warehousing }
            return .other
        }
        if v.contains("工业") { return .industrial }
        if v.contains("仓储") || v.contains("物流") { return .warehousing }
        return .other
    }

    /// Industrial under the rules: M*/1001*/工业, and warehousing when configured so.
    public static func isIndustrial(_ value: String, warehousingCounts: Bool) -> Bool? {
        switch category(of: value) {
        case .industrial: true
        case .warehousing: warehousingCounts
        case .other: false
        case .unknown: nil
        }
    }
}

import Foundation
