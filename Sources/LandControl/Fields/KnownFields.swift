import Spatial

/// Every attribute LandControl looks for, each under its English key and the names Chinese
/// ledgers, plans and drawings use: the one place that holds the candidate lists. The first
/// candidate a layer carries (compared ignoring case, or cut by a Shapefile's 10-byte limit)
/// is used; an option (`--id-field`, `--use-field`, `--field-map 'key=NAME,…'`…) names a field
/// outright.
public enum KnownField: String, Sendable, CaseIterable {
    // What every parcel layer may carry.
    /// The parcel's number: the one id rule of every command (see ``FeatureIdentity``).
    case id
    case landUse = "land_use"
    /// The use before a change of use, when the ledger records one (to tell a conversion
    /// inside the red line from a use that was always there).
    case previousUse = "previous_use"
    case status
    // Zones and buildings.
    case zone
    case zoneID = "zone_id"
    /// The 三区三线 layer's kind (永久基本农田, 生态保护红线, 城镇开发边界).
    case constraintKind = "constraint"
    case buildingID = "building_id"
    // Parcels, for idle land (闲置土地).
    case grantDate = "grant_date"
    case agreedStart = "agreed_start"
    /// The day the land was handed over (实际交付土地之日, 交地确认书): with no agreed start,
    /// the 动工开发日期 is a year later (令第53号 第二十八条).
    case landDelivered = "land_delivered"
    case actualStart = "actual_start"
    case landPriceWan = "land_price_wan"
    /// 闲置原因: 政府原因 or 不可抗力 (第八条) against the land user's own.
    case idleCause = "idle_cause"
    /// 处置方式 as decided (第十二条).
    case disposal
    /// The idle fee paid, 万元, or 是/否.
    case idleFeePaidWan = "idle_fee_paid_wan"
    case developedShare = "developed_share"
    case investedShare = "invested_share"
    case suspendedSince = "suspended_since"
    // Parcels, for 零地技改 and 亩均税收, and 标准地 proposals.
    case floorAreaM2 = "floor_area_m2"
    case taxWan = "tax_wan"
    case industryCode = "industry_code"
    case industryCode2002 = "industry_code_2002"
    case siteAreaM2 = "site_area_m2"
    case far
    case footprintM2 = "footprint_m2"
    case coverage
    case adminAreaM2 = "admin_area_m2"
    case adminShare = "admin_share"
    case greenAreaM2 = "green_area_m2"
    case greenRatio = "green_ratio"
    case investmentWan = "investment_wan"
    case valueAddedWan = "value_added_wan"
    case energyTCE = "energy_tce"
    case emissionT = "emission_t"
    case rndShare = "rnd_share"
    case allowedIndustries = "allowed_industries"
    // Buildings.
    case floors
    case storeyHeightM = "storey_height_m"

    /// Names looked for, in order (the key itself first).
    public var aliases: [String] {
        switch self {
        case .id:
            // As issue 15 lists them; `proposal_id` for grant proposals.
            ["id", "parcel_id", "宗地编号", "宗地代码", "地块编号", "项目编号", "PID", "fid", "proposal_id"]
        case .landUse:
            [rawValue, "landuse", "use", "use_code", "用途", "用地性质", "用地类型", "地类", "土地用途", "地类编码", "地类代码", "DLBM"]
        case .previousUse:
            [rawValue, "previous_land_use", "former_use", "原用途", "原用地性质", "原土地用途", "原地类", "原地类编码", "变更前用途", "变更前地类", "原规划用途"]
        case .status:
            [rawValue, "grant_status", "状态", "供地状态", "项目状态"]
        case .zone:
            [rawValue, "zone_type", "zone_kind", "kind", "type", "分区", "分区类型", "类型", "功能分区", "三区一线"]
        case .constraintKind:
            [rawValue, "constraint_kind", "control_line", "三区三线", "三线类型", "控制线类型", "管控类型", "控制线", "kind", "type", "类型", "layer", "图层"]
        case .zoneID:
            [rawValue, "id", "分区编号", "区块编号", "编号"]
        case .buildingID:
            [rawValue, "id", "建筑编号", "楼栋编号", "幢号"]
        case .industryCode:
            [rawValue, "industry", "行业代码", "行业类别代码", "国民经济行业代码"]
        case .industryCode2002:
            [rawValue, "行业代码2002"]
        case .siteAreaM2:
            [rawValue, "用地面积", "出让面积", "宗地面积", "土地面积"]
        case .far:
            [rawValue, "容积率"]
        case .footprintM2:
            [rawValue, "建筑基底面积", "建筑占地面积", "基底面积"]
        case .coverage:
            [rawValue, "建筑系数"]
        case .adminAreaM2:
            [rawValue, "行政办公及生活服务设施用地面积", "行政办公用地面积"]
        case .adminShare:
            [rawValue, "行政办公及生活服务设施用地比例", "行政办公用地比例"]
        case .greenAreaM2:
            [rawValue, "绿地面积"]
        case .greenRatio:
            [rawValue, "绿地率"]
        case .investmentWan:
            [rawValue, "固定资产投资", "固定资产投资额", "投资额", "总投资"]
        case .valueAddedWan:
            [rawValue, "增加值", "工业增加值"]
        case .energyTCE:
            [rawValue, "能耗", "综合能耗", "年综合能耗"]
        case .emissionT:
            [rawValue, "排放量", "污染物排放量"]
        case .rndShare:
            [rawValue, "研发投入占比", "研发经费占比", "R&D占比"]
        case .allowedIndustries:
            [rawValue, "准入行业", "产业准入"]
        case .grantDate:
            [rawValue, "grant", "granted", "contract_date", "供地日期", "出让日期", "划拨日期", "供地时间", "出让时间",
             "合同签订日期", "签订日期", "签约日期"]
        case .agreedStart:
            [rawValue, "agreed_start_date", "start_due", "约定开工日期", "约定动工日期", "约定开工时间", "约定动工时间",
             "合同约定开工日期", "开工期限", "动工期限", "约定开工", "约定动工"]
        case .landDelivered:
            [rawValue, "delivery_date", "land_delivery_date", "交地日期", "实际交地日期", "交付土地日期", "实际交付土地日期", "交地确认日期", "交地时间"]
        case .idleCause:
            [rawValue, "idle_reason", "闲置原因", "土地闲置原因", "闲置原因类型", "闲置成因"]
        case .disposal:
            [rawValue, "处置方式", "闲置处置方式", "处置措施", "处置情况"]
        case .idleFeePaidWan:
            [rawValue, "idle_fee_paid", "已缴闲置费", "已缴土地闲置费", "闲置费已缴", "已缴纳闲置费", "闲置费缴纳", "闲置费缴纳情况"]
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
             "纳税额", "年纳税额", "达产年税收"]
        case .floors:
            [rawValue, "floor_count", "storeys", "stories", "levels", "building:levels", "层数", "楼层数", "地上层数", "楼层"]
        case .storeyHeightM:
            [rawValue, "storey_height", "floor_height", "层高", "层高_m", "层高(m)", "层高（米）", "层高(米)"]
        }
    }

    /// What a Chinese report calls the field.
    public var chineseName: String {
        switch self {
        case .id: "编号"
        case .landUse: "用地性质"
        case .previousUse: "原用途"
        case .status: "状态"
        case .zone: "分区"
        case .zoneID: "分区编号"
        case .constraintKind: "三区三线类型"
        case .buildingID: "建筑编号"
        case .grantDate: "供地日期"
        case .agreedStart: "约定动工开发日期"
        case .landDelivered: "交地日期"
        case .actualStart: "实际动工开发日期"
        case .landPriceWan: "土地价款（万元）"
        case .idleCause: "闲置原因"
        case .disposal: "处置方式"
        case .idleFeePaidWan: "已缴闲置费（万元）"
        case .developedShare: "已开发比例"
        case .investedShare: "已投资比例"
        case .suspendedSince: "中止开发建设日期"
        case .floorAreaM2: "建筑面积（m²）"
        case .taxWan: "税收（万元）"
        case .industryCode: "行业代码"
        case .industryCode2002: "行业代码（2002）"
        case .siteAreaM2: "用地面积（m²）"
        case .far: "容积率"
        case .footprintM2: "建筑基底面积（m²）"
        case .coverage: "建筑系数"
        case .adminAreaM2: "行政办公及生活服务设施用地面积（m²）"
        case .adminShare: "行政办公及生活服务设施用地比例"
        case .greenAreaM2: "绿地面积（m²）"
        case .greenRatio: "绿地率"
        case .investmentWan: "固定资产投资（万元）"
        case .valueAddedWan: "增加值（万元）"
        case .energyTCE: "综合能耗（吨标煤）"
        case .emissionT: "排放量（吨）"
        case .rndShare: "研发投入占比"
        case .allowedIndustries: "准入行业"
        case .floors: "层数"
        case .storeyHeightM: "层高（m）"
        }
    }

    /// `供地日期 (grant_date)` in Chinese, the key in English.
    public func label(_ language: ReportLanguage) -> String { language == .zh ? "\(chineseName) (\(rawValue))" : rawValue }

    /// Fields of the parcel layer that `idle` reads.
    public static let idleFields: [KnownField] = [.grantDate, .agreedStart, .landDelivered, .actualStart, .landPriceWan, .developedShare,
                                                   .investedShare, .suspendedSince, .idleCause, .disposal, .idleFeePaidWan]
    public static let retrofitFields: [KnownField] = [.floorAreaM2, .taxWan, .industryCode]
    public static let buildingFields: [KnownField] = [.floors, .storeyHeightM]
}

/// `--field-map 'land_price_wan=出让金额,agreed_start=动工时间'`: ledger fields named outright.
public struct FieldMap: Sendable, Equatable {
    public private(set) var entries: [KnownField: String] = [:]

    public init() {}

    public init(_ entries: [KnownField: String]) { self.entries = entries }

    public init(parsing text: String) throws {
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw FieldMapError(message: "'\(item)' is not KEY=FIELD")
            }
            guard let key = KnownField(rawValue: parts[0]) else {
                throw FieldMapError(message: "unknown key '\(parts[0])'; keys: \(KnownField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            entries[key] = parts[1]
        }
    }

    public subscript(field: KnownField) -> String? { entries[field] }

    /// The layer's field for each of `fields`: the mapped one (which must exist in some
    /// feature), else the first alias present. Fields the layer lacks are left out.
    func resolve(_ fields: [KnownField], in features: [Feature], file: String) throws -> [KnownField: String] {
        var out: [KnownField: String] = [:]
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
