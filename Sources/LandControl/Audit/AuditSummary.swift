import Spatial

/// summary.md of `audit`: parcels, 亩 and penalties per stage and per finding, the parcels
/// past `ok`, the deadlines of the next 90 days, the stages by zone, what lacks data. The
/// same text is printed by `landctl audit`.
public enum AuditSummary {
    /// Days ahead the timeline looks.
    public static let timelineDays = 90

    public static func markdown(_ r: AuditResult) -> String {
        DisplayText.escapingControls(markdownText(r))
    }

    static func markdownText(_ r: AuditResult) -> String {
        let zh = r.language == .zh
        func t(_ a: String, _ b: String) -> String { zh ? a : b }
        func muText(_ m2: Double) -> String { NumberText.grouped(AreaUnits.mu(fromSquareMetres: m2), decimals: 2) }
        func wan(_ v: Double) -> String { NumberText.grouped(v, decimals: 2) }
        let rules = r.rules.audit
        // One pass over the parcels (read in place, no copies of 100,000 structs):
        // per stage and per finding code the parcels, their area and penalties; the lists below.
        struct Tally { var parcels = 0; var areaM2 = 0.0; var penalties: Double? = nil }
        let stages = AuditStage.allCases, codes = AuditCode.allCases
        var byStageList = [Tally](repeating: Tally(), count: stages.count), byCodeList = [Tally](repeating: Tally(), count: codes.count)
        var notAudited = Tally()
        var byZone: [String: [AuditStage: Int]] = [:], zonePenalties: [String: Double] = [:]
        var flagged: [Int] = [], noData: [(Int, Int)] = [], timeline: [(Int, AuditDeadline)] = []
        var auditedCount = 0
        let end = r.asOf.adding(days: timelineDays)
        r.parcels.withUnsafeBufferPointer { parcels in
            for k in parcels.indices {
                // Through the element's address: its fields are read, the parcel is not copied.
                let p = parcels.baseAddress! + k
                let area = p.pointee.measures.siteAreaM2 ?? p.pointee.areaM2 ?? 0
                guard p.pointee.audited else {
                    notAudited.parcels += 1
                    notAudited.areaM2 += area
                    continue
                }
                auditedCount += 1
                let stage = p.pointee.placement.stage
                let si = stages.firstIndex(of: stage)!
                byStageList[si].parcels += 1
                byStageList[si].areaM2 += area
                if let fee = p.pointee.placement.penaltyWan { byStageList[si].penalties = (byStageList[si].penalties ?? 0) + fee }
                var seen: UInt64 = 0 // the codes met on this parcel, one bit each
                for n in p.pointee.findings.indices {
                    let code = p.pointee.findings[n].code
                    let ci = codes.firstIndex(of: code)!
                    if seen & (1 << ci) == 0 {
                        seen |= 1 << ci
                        byCodeList[ci].parcels += 1
                        byCodeList[ci].areaM2 += area
                    }
                    if let fee = p.pointee.findings[n].penaltyWan { byCodeList[ci].penalties = (byCodeList[ci].penalties ?? 0) + fee }
                    if code == .noData { noData.append((k, n)) }
                }
                if stage > .ok { flagged.append(k) }
                for d in p.pointee.upcoming where d.date <= end { timeline.append((k, d)) }
                if let zone = p.pointee.zone {
                    byZone[zone, default: [:]][stage, default: 0] += 1
                    zonePenalties[zone, default: 0] += p.pointee.placement.penaltyWan ?? 0
                }
            }
        }
        func byStage(_ stage: AuditStage) -> Tally { byStageList[stages.firstIndex(of: stage)!] }
        func byCode(_ code: AuditCode) -> Tally { byCodeList[codes.firstIndex(of: code)!] }
        var s = "# " + t("标准地履约监管", "标准地 contract audit") + " — " + t("评估日期", "as of") + " \(r.asOf)\n\n"
        s += "- " + t("地块", "Parcels") + ": `\(r.parcelFile)` (\(r.parcels.count); " + t("监管 \(auditedCount) 宗", "\(auditedCount) audited") + ")\n"
        if let z = r.zonesFile { s += "- " + t("分区", "Zones") + ": `\(z)`\n" }
        if let b = r.buildingsFile { s += "- " + t("建筑", "Buildings") + ": `\(b)` (\(r.buildingCount))\n" }
        if let p = r.previousFile { s += "- " + t("上次监管", "Previous audit") + ": `\(p)` (" + t("匹配 \(r.previousMatched) 宗", "\(r.previousMatched) parcels matched") + ")\n" }
        s += "- " + t("坐标系", "CRS") + ": " + t("地块", "parcels") + " \(ChineseText.crs(r.parcelCRS, r.language)), " + t("面积计算", "areas in") + " \(ChineseText.crs(r.areaCRS, r.language))\n"
        let fields = KnownField.auditFields.compactMap { k in r.fields[k].map { "\(k.label(r.language)) `\($0)`" } }.joined(separator: ", ")
        s += "- " + t("字段", "Fields") + ": " + t("编号", "id") + " `\(r.idField ?? t("要素 id / 序号", "feature id / index"))`, " + t("状态", "status") + " `\(r.statusField ?? "—")`, \(fields)\n"
        s += "- " + t("规则", "Rules") + ": " + t(
            "指标差距 ≤ \(pct(rules.rectifyMaxGap)) 限期整改（\(rules.rectifyMonths) 个月）；> \(pct(rules.rectifyMaxGap)) 或逾期开工/竣工/投产计违约金（差距比例 × 土地价款 × \(NumberFormatting.string(rules.penaltyFactor))；逾期每日 \(NumberFormatting.string(rules.penaltyPerDayShare * 1000)) ‰ × 土地价款），\(rules.penaltyMonths) 个月内履行；差距 > \(pct(rules.exitMinGap))、约定开工后满 \(rules.exitAfterYears) 年未开工或违约金期满仍未履约的收回/退出",
            "figure gaps ≤ \(pct(rules.rectifyMaxGap)) are rectified within \(rules.rectifyMonths) months; larger gaps, or a late start, completion or production, draw a penalty (gap share × land price × \(NumberFormatting.string(rules.penaltyFactor)); per day late \(NumberFormatting.string(rules.penaltyPerDayShare * 1000)) ‰ of the land price) with \(rules.penaltyMonths) months to comply; a gap above \(pct(rules.exitMinGap)), not started \(rules.exitAfterYears) full years after the agreed start, or a penalty past its deadline: exit") + "\n\n"

        s += "## " + t("按阶段", "By stage") + "\n\n"
        s += t("| 阶段 | 说明 | 地块数 | 面积 (亩) | 违约金 (万元) |\n", "| stage | meaning | parcels | area (mu) | penalties (万元) |\n") + "|---|---|---:|---:|---:|\n"
        for stage in AuditStage.allCases {
            let x = byStage(stage)
            s += "| \(stage.rawValue) | \(stage.title(r.language)) | \(x.parcels) | \(muText(x.areaM2)) | \(x.penalties.map(wan) ?? "") |\n"
        }
        s += "| — | " + t("未监管（无标准地约定、未供地或评估日后供地）", "not audited (no 标准地 terms, not granted, or granted later)") + " | \(notAudited.parcels) | \(muText(notAudited.areaM2)) | |\n\n"

        s += "## " + t("按问题", "By finding") + "\n\n"
        s += t("| 问题 | 说明 | 地块数 | 面积 (亩) | 违约金 (万元) |\n", "| finding | meaning | parcels | area (mu) | penalties (万元) |\n") + "|---|---|---:|---:|---:|\n"
        for code in AuditCode.allCases {
            let x = byCode(code)
            s += "| \(code.rawValue) | \(code.title(r.language)) | \(x.parcels) | \(muText(x.areaM2)) | \(x.penalties.map(wan) ?? "") |\n"
        }
        s += "\n"

        flagged.sort { (r.parcels[$1].placement.stage, $0) < (r.parcels[$0].placement.stage, $1) }
        if !flagged.isEmpty {
            s += "## " + t("需处置地块", "Parcels past ok") + "\n\n"
            s += t("| 地块 | 阶段 | 依据 | 问题 | 违约金 (万元) | 期限 |\n", "| parcel | stage | rule | findings | penalty (万元) | deadline |\n") + "|---|---|---|---|---:|---|\n"
            for k in flagged.prefix(50) {
                let p = r.parcels[k]
                s += "| \(p.id) | \(p.placement.stage.rawValue) | \(p.placement.rule) | \(p.findings.map(\.code.rawValue).joined(separator: ", ")) | "
                    + "\(p.placement.penaltyWan.map(wan) ?? "") | \(p.placement.deadline?.description ?? "") |\n"
            }
            if flagged.count > 50 { s += "\n" + t("……另 \(flagged.count - 50) 宗见 audit.csv。", "… and \(flagged.count - 50) more in audit.csv.") + "\n" }
            s += "\n"
        }

        // The timeline: every date of the next 90 days (the as-of date included: a due date on it is not yet missed).
        timeline.sort { ($0.1.date, $0.0) < ($1.1.date, $1.0) }
        s += "## " + t("未来 \(timelineDays) 天的期限（至 \(end)）", "Deadlines in the next \(timelineDays) days (to \(end))") + "\n\n"
        if timeline.isEmpty {
            s += t("无。", "None.") + "\n\n"
        } else {
            s += t("| 日期 | 地块 | 事项 | 阶段 |\n", "| date | parcel | what | stage |\n") + "|---|---|---|---|\n"
            for (k, d) in timeline.prefix(100) { s += "| \(d.date) | \(r.parcels[k].id) | \(deadlineName(d.what, r.language)) | \(r.parcels[k].placement.stage.rawValue) |\n" }
            if timeline.count > 100 { s += "\n" + t("……另 \(timeline.count - 100) 项见 audit.csv（next_deadline）。", "… and \(timeline.count - 100) more (audit.csv, next_deadline).") + "\n" }
            s += "\n"
        }

        if r.zonesFile != nil {
            s += "## " + t("按分区", "By zone") + "\n\n"
            s += "| " + t("分区", "zone") + " | " + AuditStage.allCases.map(\.rawValue).joined(separator: " | ") + " | " + t("违约金 (万元)", "penalties (万元)") + " |\n"
            s += "|---|" + AuditStage.allCases.map { _ in "---:|" }.joined() + "---:|\n"
            for code in SiteZone.codes {
                let counts = byZone[code] ?? [:]
                s += "| \(SiteZone.name(code, r.language)) (\(code)) | " + AuditStage.allCases.map { "\(counts[$0] ?? 0)" }.joined(separator: " | ")
                    + " | \(wan(zonePenalties[code] ?? 0)) |\n"
            }
            s += "\n"
        }

        if !noData.isEmpty {
            s += "## " + t("缺少数据（NO_DATA）", "Missing data (NO_DATA)") + "\n\n"
            for (k, n) in noData.prefix(50) { s += "- \(r.parcels[k].id) `\(r.parcels[k].findings[n].check)`: \(r.parcels[k].findings[n].message)\n" }
            if noData.count > 50 { s += "- " + t("……另 \(noData.count - 50) 项见 findings.csv", "… and \(noData.count - 50) more in findings.csv") + "\n" }
            s += "\n"
        }

        s += "## " + t("输入处理", "Inputs") + "\n\n"
        var byStatus = [FeatureStatus: Int]()
        r.parcels.withUnsafeBufferPointer { parcels in for k in parcels.indices { byStatus[(parcels.baseAddress! + k).pointee.status, default: 0] += 1 } }
        s += "| | ok | repaired | no_geometry | error |\n|---|---:|---:|---:|---:|\n"
        s += "| \(t("地块", "parcels")) | \(byStatus[.ok] ?? 0) | \(byStatus[.repaired] ?? 0) | \(byStatus[.noGeometry] ?? 0) | \(byStatus[.error] ?? 0) |\n"
        var problems: [Int] = []
        for k in r.parcels.indices where problems.count < 10 && (r.parcels[k].status == .error || r.parcels[k].status == .repaired) { problems.append(k) }
        if !problems.isEmpty {
            s += "\n" + t("地块几何问题（前 10 个；无申报用地面积时亩均指标为 NO_DATA）", "Parcel geometry problems (first 10; without a declared site area their per-mu figures are NO_DATA)") + ":\n\n"
            for k in problems {
                let p = r.parcels[k]
                s += "- #\(p.index) \(p.id) \(p.status.rawValue): \(GeometryNote.text(p.geometryFlags.first))\n"
            }
        }
        s += OutputColumns.warningsSection(r.warnings, language: r.language)
        return s
    }

    static func pct(_ v: Double) -> String { NumberFormatting.string((v * 1000).rounded() / 10) + " %" }

    static func deadlineName(_ what: String, _ l: ReportLanguage) -> String {
        guard l == .zh else { return what.replacingOccurrences(of: "_", with: " ") }
        switch what {
        case "start_due": return "约定开工"
        case "completion_due": return "约定竣工"
        case "production_due": return "约定投产"
        case "review_date": return "达产复核"
        case "rectify_deadline": return "整改期限"
        case "penalty_deadline": return "违约金履行期限"
        default: return what
        }
    }
}
