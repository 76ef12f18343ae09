import Spatial

/// summary.md of `evaluate`: firms, 亩, tax and value added per class and group; the class ×
/// zone matrix; the low-efficiency firms; firms not rated and why; codes that do not join.
/// Printed by `landctl evaluate`.
public enum EvaluationSummary {
    public static func markdown(_ r: EvaluationResult) -> String {
        // Names and codes come from the input: control characters are shown as escapes.
        DisplayText.escapingControls(markdownText(r))
    }

    /// Rows of the class tables: A–D, then exempt (`—`).
    static let classRows: [String] = EnterpriseClass.allCases.map(\.rawValue) + ["—"]

    static func markdownText(_ r: EvaluationResult) -> String {
        let zh = r.language == .zh
        func t(_ a: String, _ b: String) -> String { zh ? a : b }
        func num(_ v: Double?, _ d: Int) -> String { v.map { NumberText.grouped($0, decimals: d) } ?? "—" }
        func muOf(_ m2: Double) -> String { NumberText.grouped(AreaUnits.mu(fromSquareMetres: m2), decimals: 2) }
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        let rules = r.rules.evaluation
        let firms = r.firms
        // Positions, not copies: a county has tens of thousands of firms.
        let rated = firms.indices.filter { firms[$0].rated }
        let graded = rated.filter { !firms[$0].exempt }
        let low = graded.filter { firms[$0].lowEfficiency == true }.sorted { a, b in
            let x = firms[a], y = firms[b]
            return (x.taxPerMu ?? 0, -(x.landMu ?? 0), x.record.creditCode) < (y.taxPerMu ?? 0, -(y.landMu ?? 0), y.record.creditCode)
        }
        let dFirms = graded.filter { firms[$0].enterpriseClass == .d }
        // Rated firms by group and class text (A–D, — for exempt).
        var byGroupClass: [EnterpriseGroup: [String: [Int]]] = [:]
        var byClass: [String: [Int]] = [:]
        for k in rated {
            byGroupClass[firms[k].record.group ?? .above, default: [:]][firms[k].classText, default: []].append(k)
            byClass[firms[k].classText, default: []].append(k)
        }
        var notRated: [NotRatedReason: Int] = [:]
        for k in firms.indices { if let reason = firms[k].notRated { notRated[reason, default: 0] += 1 } }

        var s = "# " + t("亩均效益综合评价（亩均论英雄）", "亩均效益 evaluation (亩均论英雄)") + "\n\n"
        s += "- " + t("企业", "Enterprises") + ": `\(r.table.file)` (\(firms.count) " + t("行", "rows") + "; "
            + t("信用代码列", "credit code") + " `\(r.table.fields[.creditCode] ?? "—")`, " + t("规模列", "group") + " `\(r.table.fields[.sizeGroup] ?? "—")`, "
            + t("税收列", "tax") + " `\(r.table.fields[.taxWan] ?? "—")`)\n"
        s += "- " + t("地块", "Parcels") + ": `\(r.parcelFile)` (\(r.parcels.count); " + t("信用代码字段", "credit-code field") + " `\(r.enterpriseField)`)\n"
        s += "- " + t("分区", "Zones") + ": " + (r.zonesFile.map { "`\($0)`" } ?? t("未提供", "none given")) + "\n"
        if let b = r.buildingsFile { s += "- " + t("建筑", "Buildings") + ": `\(b)`\n" }
        s += "- " + t("用地面积：企业各地块椭球面积之并（重叠只计一次）× 15/10000；无地块时取申报用地面积", "Land: the union of the firm's parcels' ellipsoidal areas (overlaps once) × 15/10000; the declared land when it has no parcel") + "\n"
        s += "- " + t("分类方法", "Classes") + ": " + (rules.classMethod == .rank
            ? t("按组内排名：前 \(pct(rules.classA)) 为 A，\(pct(rules.classB)) 以内 B，\(pct(rules.classC)) 以内 C，其余 D",
                "by rank in the group: A up to \(pct(rules.classA)), B up to \(pct(rules.classB)), C up to \(pct(rules.classC)), else D")
            : t("按总分：A ≥ \(NumberFormatting.string(rules.classA))，B ≥ \(NumberFormatting.string(rules.classB))，C ≥ \(NumberFormatting.string(rules.classC))，其余 D",
                "by total score: A ≥ \(NumberFormatting.string(rules.classA)), B ≥ \(NumberFormatting.string(rules.classB)), C ≥ \(NumberFormatting.string(rules.classC)), else D"))
            + t("；低效：亩均税收 < \(NumberFormatting.string(rules.lowEfficiencyTaxPerMu)) 万元/亩", "; low efficiency: tax < \(NumberFormatting.string(rules.lowEfficiencyTaxPerMu)) 万元 per 亩") + "\n\n"

        let lowLand = low.reduce(0) { $0 + (firms[$1].landMu ?? 0) }
        s += t("**参评企业 \(rated.count) 家（其中不定等级 \(rated.count - graded.count) 家），未参评 \(firms.count - rated.count) 家；D 类 \(dFirms.count) 家；低效企业（亩均税收 < \(NumberFormatting.string(rules.lowEfficiencyTaxPerMu)) 万元/亩）\(low.count) 家，\(NumberText.grouped(lowLand, decimals: 2)) 亩。**",
               "**\(rated.count) firms rated (\(rated.count - graded.count) of them exempt, not graded), \(firms.count - rated.count) not rated; \(dFirms.count) in class D; \(low.count) low-efficiency firms (tax < \(NumberFormatting.string(rules.lowEfficiencyTaxPerMu)) 万元/亩) on \(NumberText.grouped(lowLand, decimals: 2)) mu.**") + "\n\n"

        // Per group and class.
        s += "## " + t("按规模与类别", "By group and class") + "\n\n"
        s += t("| 规模 | 类别 | 企业 | 用地 (亩) | 税收 (万元) | 增加值 (万元) | 亩均税收 (万元/亩) |\n",
               "| group | class | firms | land (mu) | tax (万元) | value added (万元) | tax per mu (万元/亩) |\n")
        s += "|---|---|---:|---:|---:|---:|---:|\n"
        for g in EnterpriseGroup.allCases {
            guard let classes = byGroupClass[g] else { continue }
            let inGroup = classRows.flatMap { classes[$0] ?? [] }
            for c in classRows {
                guard let fs = classes[c] else { continue }
                s += row(g.name(r.language), EnterpriseClass(rawValue: c)?.name(r.language) ?? t("— 不定等级", "— exempt"), fs)
            }
            s += row(g.name(r.language), "**" + t("小计", "subtotal") + "**", inGroup)
        }
        s += row("**" + t("合计", "total") + "**", "", rated) + "\n"

        // Benchmarks.
        s += "## " + t("指标、权重与基准值", "Indicators, weights and benchmarks") + "\n\n"
        s += t("| 规模 | 指标 | 权重 | 基准 | 基准值 | 平均得分 |\n", "| group | indicator | weight | benchmark | value | mean score |\n") + "|---|---|---:|---|---:|---:|\n"
        for g in EnterpriseGroup.allCases {
            guard let outcome = r.groups[g] else { continue }
            for rule in rules.group(g).indicators {
                let kind: String
                switch rule.benchmark {
                case .group: kind = t("组内均值", "group aggregate")
                case .fixed: kind = t("固定值", "fixed")
                }
                s += "| \(g.name(r.language)) | \(rule.indicator.rawValue) \(rule.indicator.title(r.language)) | \(NumberFormatting.string(rule.weight)) | \(kind) | "
                    + "\(num(outcome.benchmarks[rule.indicator], 4)) | \(num(outcome.meanScores[rule.indicator], 2)) |\n"
            }
        }
        s += "\n" + t("单项得分 = 权重 × min(指标值 / 基准值, \(NumberFormatting.string(rules.group(.above).maxRatio)))；缺项按 ",
                      "indicator score = weight × min(value / benchmark, \(NumberFormatting.string(rules.group(.above).maxRatio))); a missing indicator scores ")
            + (rules.group(.above).missing == .meanScore ? t("同组平均得分。", "the group's mean score of it.") : t("0 分。", "0.")) + "\n\n"

        // Class × zone.
        if r.zonesFile != nil {
            s += "## " + t("类别 × 分区（亩，按地块椭球面积）", "Class × zone (mu, parcels' ellipsoidal areas)") + "\n\n"
            s += "| " + t("类别", "class") + " | " + SiteZone.codes.map { SiteZone.name($0, r.language) }.joined(separator: " | ")
                + " | " + t("其中保护红线内", "of which in the red line") + " |\n"
            s += "|---|" + SiteZone.codes.map { _ in "---:|" }.joined() + "---:|\n"
            for c in classRows {
                guard let fs = byClass[c] else { continue }
                s += "| \(c) | " + SiteZone.codes.map { z in muOf(fs.reduce(0) { $0 + firms[$1].zoneM2[z] }) }.joined(separator: " | ")
                    + " | \(muOf(fs.reduce(0) { $0 + firms[$1].redLineM2 })) |\n"
            }
            let dRed = dFirms.reduce(0) { $0 + firms[$1].redLineM2 }, dTransition = dFirms.reduce(0) { $0 + firms[$1].zoneM2["transition"] }
            s += "\n" + t("D 类用地：保护红线内 \(muOf(dRed)) 亩（保留工业用地，换企业不换地）；过渡控制区 \(muOf(dTransition)) 亩（有序退出）。",
                          "Class D land: \(muOf(dRed)) mu inside the red line (protected industrial land: replace the firm, keep the land); \(muOf(dTransition)) mu in the transition zone (exit).") + "\n\n"
        }

        // Low-efficiency firms.
        s += "## " + t("低效企业（亩均税收由低到高）", "Low-efficiency firms (lowest tax per mu first)") + "\n\n"
        if low.isEmpty {
            s += t("无。", "None.") + "\n\n"
        } else {
            s += t("| 信用代码 | 企业 | 规模 | 类别 | 用地 (亩) | 亩均税收 (万元/亩) | 分区 |\n", "| credit code | name | group | class | land (mu) | tax per mu | zone |\n")
            s += "|---|---|---|---|---:|---:|---|\n"
            for f in low.prefix(50).map({ firms[$0] }) {
                let zone = f.zone.map { SiteZone.name($0, r.language) + (f.inRedLine ? t("（红线内）", " (red line)") : "") } ?? "—"
                s += "| \(cell(f.record.creditCode)) | \(cell(f.record.name)) | \(f.record.group?.name(r.language) ?? "—") | \(f.classText) | \(num(f.landMu, 2)) | \(num(f.taxPerMu, 2)) | \(zone) |\n"
            }
            if low.count > 50 { s += "\n" + t("……另 \(low.count - 50) 家见 enterprises.csv。", "… and \(low.count - 50) more in enterprises.csv.") + "\n" }
            s += "\n"
        }

        // Policies.
        s += "## " + t("差别化政策", "Differentiated measures") + "\n\n"
        for c in EnterpriseClass.allCases {
            s += "- \(c.name(r.language)): \(rules.policies[c] ?? "—")\n"
        }
        s += "\n"

        // Not rated.
        s += "## " + t("未参评企业", "Firms not rated") + "\n\n"
        s += t("| 原因 | 说明 | 企业 |\n", "| reason | what | firms |\n") + "|---|---|---:|\n"
        for reason in NotRatedReason.allCases {
            if let n = notRated[reason] { s += "| \(reason.rawValue) | \(reason.title(r.language)) | \(n) |\n" }
        }
        s += "| — | " + t("参评", "rated") + " | \(rated.count) |\n"
        s += "| **" + t("合计", "total") + "** | | \(firms.count) |\n\n"
        let problems = firms.indices.filter { firms[$0].notRated != nil }
        for f in problems.prefix(30).map({ firms[$0] }) {
            s += "- " + t("第 \(f.record.row) 行", "row \(f.record.row)") + " `\(cell(f.record.creditCode))` \(cell(f.record.name)): " + cell(f.flags.joined(separator: "; ")) + "\n"
        }
        if problems.count > 30 { s += "- " + t("……另 \(problems.count - 30) 家见 enterprises.csv", "… and \(problems.count - 30) more in enterprises.csv") + "\n" }
        if !problems.isEmpty { s += "\n" }

        // Joins.
        s += "## " + t("地块与企业的对应", "Parcels and firms") + "\n\n"
        let withoutParcels = firms.indices.filter { firms[$0].parcelCount == 0 && !firms[$0].record.creditCode.isEmpty }
        let unmatchedParcels = r.unmatchedCodes.reduce(0) { $0 + $1.parcels }
        s += t("信用代码无对应企业的地块 \(unmatchedParcels) 宗（\(r.unmatchedCodes.count) 个代码）；无地块的企业 \(withoutParcels.count) 家（其中按申报用地面积参评 \(withoutParcels.filter { firms[$0].rated }.count) 家）。",
               "\(unmatchedParcels) parcels carry a credit code of no firm (\(r.unmatchedCodes.count) codes); \(withoutParcels.count) firms have no parcel (\(withoutParcels.filter { firms[$0].rated }.count) of them rated on their declared land).") + "\n\n"
        if !r.unmatchedCodes.isEmpty {
            s += t("无对应企业的代码：", "Codes of no firm: ") + r.unmatchedCodes.prefix(20).map { "`\(cell($0.code))` (\($0.parcels))" }.joined(separator: ", ")
                + (r.unmatchedCodes.count > 20 ? " …" : "") + "\n\n"
        }
        if !withoutParcels.isEmpty {
            s += t("无地块的企业：", "Firms without parcels: ") + withoutParcels.prefix(20).map { "`\(cell(firms[$0].record.creditCode))`" }.joined(separator: ", ")
                + (withoutParcels.count > 20 ? " …" : "") + "\n\n"
        }
        let mismatched = firms.indices.reduce(0) { $0 + (firms[$1].flags.contains { $0.hasPrefix("land_mismatch") } ? 1 : 0) }
        if mismatched > 0 {
            s += t("申报用地面积与地块面积相差超过 \(pct(rules.landTolerance)) 的企业 \(mismatched) 家（flags 中 land_mismatch）。",
                   "\(mismatched) firms' declared land differs from their parcels' by more than \(pct(rules.landTolerance)) (land_mismatch in flags).") + "\n\n"
        }

        s += "## " + t("输入处理", "Inputs") + "\n\n"
        var byStatus = [FeatureStatus: Int]()
        for k in r.parcels.indices { byStatus[r.parcels[k].status, default: 0] += 1 }
        s += "| | ok | repaired | no_geometry | error |\n|---|---:|---:|---:|---:|\n"
        s += "| \(t("地块", "parcels")) | \(byStatus[.ok] ?? 0) | \(byStatus[.repaired] ?? 0) | \(byStatus[.noGeometry] ?? 0) | \(byStatus[.error] ?? 0) |\n"
        s += OutputColumns.warningsSection(r.warnings, language: r.language)
        return s

        func row(_ a: String, _ b: String, _ fs: [Int]) -> String {
            let land = fs.reduce(0) { $0 + (firms[$1].landMu ?? 0) }
            let tax = fs.reduce(0) { $0 + (firms[$1].record.figures.taxWan ?? 0) }
            let va = fs.reduce(0) { $0 + (firms[$1].record.figures.valueAddedWan ?? 0) }
            return "| \(a) | \(b) | \(fs.count) | \(NumberText.grouped(land, decimals: 2)) | \(NumberText.grouped(tax, decimals: 1)) | "
                + "\(NumberText.grouped(va, decimals: 1)) | \(land > 0 ? NumberText.grouped(tax / land, decimals: 2) : "—") |\n"
        }
    }

    static func pct(_ share: Double) -> String { NumberFormatting.string(share * 100) + " %" }
}
