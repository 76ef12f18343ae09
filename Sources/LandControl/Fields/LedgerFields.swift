import Spatial

/// The ledger attributes `idle` and `retrofit` read, each under its English key and the
/// names Chinese ledgers use. The first alias a layer carries (compared ignoring case) is
/// used; `--field-map 'key=NAME,…'` names a field outright.
public enum LedgerField: String, Sendable, CaseIterable {
    // Parcels, for idle land (闲置土地).
    case grantDate = "grant_date"
    case agreedStart = "agreed_start"
    case actualStart = "actual_start"
    case landPriceWan = "land_price_wan"
    case developedShare = "developed_share"
    case investedShare = "invested_share"
    case suspendedSince = "suspended_since"
    // Parcels, for 零地技改 and 亩均税收.
    case floorAreaM2 = "floor_area_m2"
    case taxWan = "tax_wan"
    // Buildings.
    case floors
    case storeyHeightM = "storey_height_m"

    /// Names looked for, in order (the key itself first).
    public var aliases: [String] {
        switch self {
        case .grantDate:
            [rawValue, "grant", "granted", "contract_date", "供地日期", "出让日期", "划拨日期", "供地时间", "出让时间",
             "合同签订日期", "签订日期", "签约日期"]
        case .agreedStart:
            [rawValue, "agreed_start_date", "start_due", "约定开工日期", "约定动工日期", "约定开工时间", "约定动工时间",
             "合同约定开工日期", "开工期限", "动工期限", "约定开工", "约定动工"]
        case .actualStart:
            [rawValue, "actual_start_date", "start_date", "started", "实际开工日期", "实际动工日期", "实际开工时间",
             "实际动工时间", "开工日期", "动工日期", "实际开工", "实际动工"]
        case .landPriceWan:
            [rawValue, "land_price", "土地价款", "土地价款_万元", "土地价款(万元)", "土地价款（万元）", "出让价款",
             "成交价款", "成交价", "出让金", "土地出让金", "划拨价款"]
        case .developedShare:
            [rawValue, "developed_ratio", "已开发比例", "开发比例", "已开发面积比例", "开发面积占比", "已开发面积占比"]
        case .investedShare:
            [rawValue, "invested_ratio", "已投资比例", "投资比例", "投资完成比例", "已投资额占比", "投资完成率"]
        case .suspendedSince:
            [rawValue, "suspended", "suspension_date", "停工日期", "停工时间", "中止开发日期", "中止开发建设日期", "中止日期"]
        case .floorAreaM2:
            [rawValue, "floor_area", "gfa", "建筑面积", "总建筑面积", "计容建筑面积", "建筑面积_m2", "建筑面积(m2)",
             "建筑面积（平方米）", "计容面积"]
        case .taxWan:
            [rawValue, "tax", "税收", "税收_万元", "税收(万元)", "税收（万元）", "实缴税收", "年税收", "税收总额", "实缴税金",
             "纳税额", "年纳税额"]
        case .floors:
            [rawValue, "floor_count", "storeys", "stories", "levels", "building:levels", "层数", "楼层数", "地上层数", "楼层"]
        case .storeyHeightM:
            [rawValue, "storey_height", "floor_height", "层高", "层高_m", "层高(m)", "层高（米）", "层高(米)"]
        }
    }

    /// Fields of the parcel layer that `idle` reads.
    public static let idleFields: [LedgerField] = [.grantDate, .agreedStart, .actualStart, .landPriceWan, .developedShare,
                                                   .investedShare, .suspendedSince]
    public static let retrofitFields: [LedgerField] = [.floorAreaM2, .taxWan]
    public static let buildingFields: [LedgerField] = [.floors, .storeyHeightM]
}

/// `--field-map 'land_price_wan=出让金额,agreed_start=动工时间'`: ledger fields named outright.
public struct FieldMap: Sendable, Equatable {
    public private(set) var entries: [LedgerField: String] = [:]

    public init() {}

    public init(_ entries: [LedgerField: String]) { self.entries = entries }

    public init(parsing text: String) throws {
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw FieldMapError(message: "'\(item)' is not KEY=FIELD")
            }
            guard let key = LedgerField(rawValue: parts[0]) else {
                throw FieldMapError(message: "unknown key '\(parts[0])'; keys: \(LedgerField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            entries[key] = parts[1]
        }
    }

    public subscript(field: LedgerField) -> String? { entries[field] }

    /// The layer's field for each of `fields`: the mapped one (which must exist in some
    /// feature), else the first alias present. Fields the layer lacks are left out.
    func resolve(_ fields: [LedgerField], in features: [Feature], file: String) throws -> [LedgerField: String] {
        var out: [LedgerField: String] = [:]
        for field in fields {
            if let named = entries[field] {
                out[field] = try Classifier.checkField(named, features, file: file)
            } else if let found = Classifier.findField(features, field.aliases) {
                out[field] = found
            }
        }
        return out
    }
}

public struct FieldMapError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { "--field-map: \(message)" }
}

/// Reading ledger numbers.
enum LedgerNumber {
    /// A number, or nil when missing; `.failure` with the text when it is not a number.
    /// Text may carry thousands separators ("12,345.6", as spreadsheets write them).
    static func read(_ value: PropertyValue?) -> Result<Double, LedgerValueError>? {
        guard let value, !value.isNull else { return nil }
        if case let .string(s) = value {
            let t = s.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            let plain = t.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "")
            if let v = PropertyValue.string(plain).doubleValue, v.isFinite { return .success(v) }
            return .failure(LedgerValueError(text: s))
        }
        if let v = value.doubleValue, v.isFinite { return .success(v) }
        return .failure(LedgerValueError(text: value.text))
    }

    /// A share: 0.3, 30 (a percentage, when above 1) or "30%". Negative or above 100 %
    /// is refused.
    static func share(_ value: PropertyValue?) -> Result<Double, LedgerValueError>? {
        guard let value, !value.isNull else { return nil }
        var percent = false
        var v: Double?
        if case let .string(s) = value {
            var t = s.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            if t.hasSuffix("%") || t.hasSuffix("％") {
                t.removeLast()
                percent = true
            }
            v = PropertyValue.string(t.replacingOccurrences(of: ",", with: "")).doubleValue
        } else {
            v = value.doubleValue
        }
        guard var share = v, share.isFinite else { return .failure(LedgerValueError(text: value.text)) }
        if percent || share > 1 { share /= 100 }
        guard (0...1).contains(share) else { return .failure(LedgerValueError(text: value.text)) }
        return .success(share)
    }
}

struct LedgerValueError: Error, Sendable, Equatable {
    var text: String
}
