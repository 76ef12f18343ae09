/// CSV headers: English codes by default (machine-readable, the same in every run and in
/// the GeoJSON), Chinese with `--headers zh` for people who open the CSV in a spreadsheet.
/// Only the columns LandControl writes are named in Chinese; a layer's own attributes keep
/// their names.
public enum ColumnNames {
    static let chinese: [String: String] = [
        // classify: parcels.csv
        "id": "编号", "status": "图形状态", "area_m2": "面积_平方米", "area_mu": "面积_亩", "ellipsoid_area_m2": "椭球面积_平方米",
        "cluster_m2": "集聚区内_平方米", "transition_m2": "过渡区内_平方米", "reserve_m2": "留白区内_平方米", "redline_m2": "保护红线内_平方米",
        "outside_m2": "分区外_平方米", "zone": "分区", "redline_share": "保护红线占比", "flags": "标记",
        // classify: conflicts.csv
        "rule": "规则", "severity": "级别", "parcel_ids": "地块编号", "zone_ids": "分区编号", "message": "说明",
        // validate: verdicts.csv
        "verdict": "结论", "failed_checks": "不符合项", "explanation": "说明",
        // idle: idle.csv
        "idle_class": "闲置类别", "days_overdue": "逾期天数", "idle_fee_wan": "闲置费_万元", "idle_fee_status": "闲置费状态",
        "idle_fee_due_wan": "应征闲置费_万元", "building_coverage": "建筑覆盖率", "evidence": "依据", "reference_date": "动工开发日期",
        "idle_from": "闲置起始日", "recoverable_from": "可无偿收回起始日", "building_count": "建筑栋数", "idle_cause": "闲置原因",
        "disposal": "处置方式", "idle_fee_paid_wan": "已缴闲置费_万元",
        // retrofit: retrofit.csv
        "far": "容积率", "far_source": "容积率来源", "target_far": "目标容积率", "added_floor_area_m2": "可增建筑面积_平方米",
        "pocket_count": "可建空地数", "largest_pocket_m2": "最大空地_平方米", "tax_per_mu": "亩均税收_万元每亩", "low_efficiency": "低效",
        "priority": "优先序", "priority_group": "优先类别", "candidate": "候选", "reason": "原因", "existing_floor_area_m2": "现状建筑面积_平方米",
        "pocket_area_m2": "空地面积_平方米",
    ]

    /// verdicts.csv's per-check suffixes.
    static let checkParts: [String: String] = ["op": "比较", "required": "要求值", "actual": "实际值", "result": "结果"]

    /// The header in `language`: fixed columns named in Chinese for `.zh`, others as they are.
    public static func header(_ columns: [String], _ language: ReportLanguage) -> [String] {
        guard language == .zh else { return columns }
        return columns.map { name(of: $0) ?? $0 }
    }

    static func name(of column: String) -> String? {
        if let n = chinese[column] { return n }
        for check in GrantValidator.checkIDs where column.hasPrefix(check + "_") {
            let part = String(column.dropFirst(check.count + 1))
            if let p = checkParts[part] { return ChineseText.checkName(check) + "_" + p }
        }
        return nil
    }
}
