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
        // retrofit: sites.csv (小微企业园)
        "site": "园区序号", "parcel_count": "地块数", "firms": "企业", "firm_count": "企业数", "floor_area_unknown": "建筑面积未知地块数",
        "target_floor_area_m2": "目标容积率建筑面积_平方米", "idle_count": "闲置地块数", "low_efficiency_count": "低效地块数",
        "candidate_count": "技改候选地块数", "zones": "分区", "digital_park": "可建数字化园区",
        // audit: audit.csv and findings.csv
        "audited": "是否监管", "stage": "处置阶段", "stage_rule": "阶段依据", "findings": "问题", "penalty_wan": "违约金_万元",
        "penalty_formula": "违约金计算", "stage_deadline": "阶段期限", "next_deadline": "下一期限", "next_deadline_what": "下一期限事项",
        "previous_stage": "上次阶段", "previous_deadline": "上次期限", "as_of": "评估日期",
        "start_due": "约定开工日期", "start_actual": "实际开工日期", "start_days_late": "开工逾期天数",
        "completion_due": "约定竣工日期", "completion_actual": "实际竣工日期", "completion_days_late": "竣工逾期天数",
        "production_due": "约定投产日期", "production_actual": "实际投产日期", "production_days_late": "投产逾期天数", "review_date": "达产复核日期",
        "investment_per_mu_due": "约定投资强度_万元每亩", "investment_per_mu_actual": "实际投资强度_万元每亩", "investment_per_mu_gap_pct": "投资强度差距_百分比",
        "tax_per_mu_due": "约定亩均税收_万元每亩", "tax_per_mu_actual": "实际亩均税收_万元每亩", "tax_per_mu_gap_pct": "亩均税收差距_百分比",
        "far_due": "约定容积率", "far_actual": "实际容积率", "far_gap_pct": "容积率差距_百分比",
        "energy_per_value_added_due": "约定单位增加值能耗", "energy_per_value_added_actual": "实际单位增加值能耗", "energy_per_value_added_gap_pct": "能耗超出_百分比",
        "emission_per_value_added_due": "约定单位增加值排放", "emission_per_value_added_actual": "实际单位增加值排放", "emission_per_value_added_gap_pct": "排放超出_百分比",
        "contract_industry": "约定行业代码", "actual_industry": "实际行业代码", "land_price_wan": "土地价款_万元", "site_area_m2": "用地面积_平方米",
        "site_area_source": "用地面积来源", "note": "备注",
        "code": "问题代码", "check": "核查项", "due": "约定值", "actual": "实际值", "gap_pct": "差距_百分比", "days_late": "逾期天数",
        "parcel_stage": "地块处置阶段",
        // evaluate: enterprises.csv, parcels.csv
        "credit_code": "统一社会信用代码", "name": "企业名称", "group": "规模", "land_mu": "用地_亩", "land_source": "用地来源",
        "value_added_per_mu": "亩均增加值_万元每亩", "value_added_per_energy": "单位能耗增加值_万元每吨标煤",
        "value_added_per_emission": "单位排放增加值_万元每吨", "labour_productivity": "全员劳动生产率_万元每人", "rnd_share": "研发经费占营业收入比重",
        "tax_per_electricity": "单位电耗税收_万元每万千瓦时", "total": "总分", "rank": "排名", "class": "类别",
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
        // evaluate's per-indicator score and benchmark columns.
        for (suffix, part) in [("_score", "得分"), ("_benchmark", "基准值")] where column.hasSuffix(suffix) {
            if let n = chinese[String(column.dropLast(suffix.count))] { return (n.split(separator: "_").first.map(String.init) ?? n) + "_" + part }
        }
        for check in GrantValidator.checkIDs where column.hasPrefix(check + "_") {
            let part = String(column.dropFirst(check.count + 1))
            if let p = checkParts[part] { return ChineseText.checkName(check) + "_" + p }
        }
        return nil
    }
}
