import Foundation
import Spatial

/// Writes verdicts.csv, verdicts.geojson and summary.md for `landctl validate`.
public enum GrantValidationOutput {
    /// The files a run writes into its output folder.
    public static let fileNames = ["verdicts.csv", "verdicts.geojson", "summary.md"]

    /// verdicts.csv's columns: id, verdict, failed_checks, then for every check `<check>_op`
    /// (≥, ≤, =, ∈), `<check>_required` and `<check>_actual` (numbers in the same unit where
    /// the check compares numbers: shares as fractions, 万元/亩, m²), `<check>_result`, then
    /// `explanation`, then the proposal's own attributes (`src_<name>` where a name clashes).
    public static func columns(_ result: ValidationResult) -> (fixed: [String], attributes: [(key: String, column: String)]) {
        var fixed = ["id", "verdict", "failed_checks"]
        for id in GrantValidator.checkIDs { fixed += ["\(id)_op", "\(id)_required", "\(id)_actual", "\(id)_result"] }
        fixed.append("explanation")
        var keys: [String] = []
        var seen = Set<String>()
        for v in result.verdicts { for k in v.properties.keys where seen.insert(k).inserted { keys.append(k) } }
        let reserved = Set(fixed)
        return (fixed, keys.map { ($0, reserved.contains($0) ? "src_" + $0 : $0) })
    }

    /// One verdict's fixed columns, in `columns`' order, to a CSV row or a GeoJSON feature.
    static func fields(_ v: ProposalVerdict, to out: inout some RecordFields) {
        out.text(v.id)
        out.text(v.verdict.rawValue)
        let checks = v.checks
        out.joined(checks.compactMap { $0.result == .fail ? $0.id : nil }, separator: ";")
        // A verdict's checks come in checkIDs' order, some left out; walk both once, reading
        // each check's fields in place (copying every check, twice per proposal, showed in
        // the profile at 100,000 proposals).
        var next = 0
        for id in GrantValidator.checkIDs {
            let found: Int?
            if next < checks.count, checks[next].id == id {
                found = next
                next += 1
            } else {
                found = checks.firstIndex { $0.id == id }
            }
            guard let k = found else {
                for _ in 0..<4 { out.text("") }
                continue
            }
            let op = checks[k].op
            out.text(op)
            // The number the check compared with, else the text without its operator.
            if let r = checks[k].requiredValue {
                out.number(r, decimals: 4)
            } else {
                let required = checks[k].required
                out.text(op.isEmpty || !required.hasPrefix(op) ? required : String(required.dropFirst(op.count)).trimmingCharacters(in: .whitespaces))
            }
            if let a = checks[k].actualValue { out.number(a, decimals: 4) } else { out.text(checks[k].actual) }
            out.text(checks[k].result.rawValue)
        }
        out.text(v.explanation)
    }

    @discardableResult
    /// `summary` is `markdown(result)` when the caller has it already (it also prints it; at
    /// 100,000 proposals the table takes a second to build).
    public static func write(_ result: ValidationResult, to folder: String, output: ResultFormats.Options = .init(),
                             summary summaryText: String? = nil) throws -> [String] {
        let batch = try OutputBatch(folder: folder, command: "validate", names: fileNames) // every file appears at the end, together
        let (fixed, attributes) = columns(result)
        // Both files in one pass: chunks encoded on every core, written in order.
        let csv = try CSVWriter(path: batch.path(for: "verdicts.csv"), header: ColumnNames.header(fixed, output.headerLanguage) + attributes.map(\.column), batch: batch)
        let json = try GeoJSONWriter(path: batch.path(for: "verdicts.geojson"), name: "verdicts", batch: batch)
        try result.verdicts.withUnsafeBufferPointer { verdicts in // read in place, not copied per row
            try ParcelRows.write(count: verdicts.count, csv: csv, json: json, columns: fixed, jsonOnly: [], attributes: attributes,
                                 properties: { verdicts[$0].properties }, geometry: { verdicts[$0].outputGeometry },
                                 cells: { k, f in fields(verdicts[k], to: &f) })
        }
        try csv.finish()
        try json.finish()
        let summaryText = summaryText ?? markdown(result)
        return try ResultFormats.publish(batch, summary: summaryText, document: { try CommandDocuments.validate(result, summary: summaryText) },
                                         layers: [(name: "verdicts", geojson: "verdicts.geojson", csv: "verdicts.csv")], output: output)
    }

    /// Counts per verdict, the most frequent failures, and the table of proposals.
    public static func markdown(_ r: ValidationResult) -> String {
        // Ids and attributes come from the input: control characters are shown as escapes,
        // in the terminal and in Markdown alike.
        DisplayText.escapingControls(markdownText(r))
    }

    /// How many proposals summary.md lists one by one.
    public static let tableLimit = 200

    static func markdownText(_ r: ValidationResult) -> String {
        let zh = r.language == .zh
        func t(_ a: String, _ b: String) -> String { zh ? a : b }
        var s = "# " + t("标准地出让条件审查", "Land-grant proposal checks (标准地)") + "\n\n"
        s += "- " + t("申请地块", "Proposals") + ": `\(r.classification.parcelFile)` (\(r.verdicts.count)), "
            + t("编号", "id") + " `\(FeatureIdentity.describe(r.classification.idField, r.language))`\n"
        var byStatus = [FeatureStatus: Int]()
        let parcels = r.classification.parcels, verdicts = r.verdicts
        // Read by position, in place: a `for p in` over 100,000 results copies each one.
        for k in parcels.indices { byStatus[parcels[k].status, default: 0] += 1 }
        s += "- " + t("读取", "Read") + " \(r.classification.parcels.count) = " + FeatureStatus.allCases.map { "\(ChineseText.status($0, r.language)) \(byStatus[$0] ?? 0)" }.joined(separator: " + ") + "\n"
        s += "- " + t("分区", "Zones") + ": `\(r.classification.zones.file)`\n"
        s += "- " + t("已供地块", "Existing grants") + ": " + (r.existingFile.map { "`\($0)`" } ?? t("未提供（不检查重叠）", "not given (overlap with existing grants not checked)"))
            + (r.unusableExisting > 0 ? t("；\(r.unusableExisting) 宗无可用图形，未参与重叠检查", "; \(r.unusableExisting) without a usable polygon, left out of the overlap check") : "") + "\n"
        let g = r.rules.grant
        s += "- " + t("三区三线", "三区三线 (spatial plan)") + ": " + (r.constraints.map { $0.line(r.language) } ?? t("未提供（不检查）", "not given (not checked)")) + "\n"
        if !r.fieldMap.entries.isEmpty {
            s += "- --field-map: " + r.fieldMap.entries.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=`\($0.value)`" }.joined(separator: ", ") + "\n"
        }
        s += "- " + t("面积计算", "Areas in") + " \(ChineseText.crs(r.classification.areaCRS, r.language))\n"
        let national = g.edition == 2023 && !g.industryFARMin2017.isEmpty
            ? t("2023 版按 GB/T 4754-2017 大类（规则 industry_far_min_2017），其余按 2008 版表2", "the 2023 rows by GB/T 4754-2017 division (industry_far_min_2017), else the 2008 table 2")
            : t("2008 版表2（GB/T 4754-2002 大类；2017 代码经对照读取）", "the 2008 table 2 (GB/T 4754-2002 divisions; 2017 codes read through the concordance)")
        s += "- " + t("控制指标", "Control indicators") + ": 《工业项目建设用地控制指标》\(g.edition) "
            + t("版：建筑系数 ≥ \(GrantValidator.pct(g.effectiveCoverageMin))，行政办公及生活服务设施用地 ≤ \(GrantValidator.pct(g.adminShareMax))，绿地率 ≤ \(GrantValidator.pct(g.effectiveGreenRatioMax))；容积率下限取城市 \(GrantValidator.fixed(g.cityFARMin, 2)) 与国家下限的较高者，国家下限按\(national)",
                "edition: coverage ≥ \(GrantValidator.pct(g.effectiveCoverageMin)), administration ≤ \(GrantValidator.pct(g.adminShareMax)), green ratio ≤ \(GrantValidator.pct(g.effectiveGreenRatioMax)); FAR floor the higher of the city's \(GrantValidator.fixed(g.cityFARMin, 2)) and the national one, from \(national)") + "\n\n"
        s += t("| 结论 | 数量 |\n", "| verdict | count |\n") + "|---|---:|\n"
        var byVerdict = [Verdict: Int]()
        for k in verdicts.indices { byVerdict[verdicts[k].verdict, default: 0] += 1 }
        for v in Verdict.allCases {
            s += "| \(zh ? "\(v.name(.zh)) (\(v.rawValue))" : v.rawValue) | \(byVerdict[v] ?? 0) |\n"
        }
        s += "\n## " + t("最常见的问题", "Most frequent findings") + "\n\n"
        // One pass over the verdicts' checks, not one per check id.
        var counts = [String: (fail: Int, other: Int)]()
        for k in verdicts.indices {
            for j in verdicts[k].checks.indices {
                switch verdicts[k].checks[j].result {
                case .fail: counts[verdicts[k].checks[j].id, default: (0, 0)].fail += 1
                case .review, .missing: counts[verdicts[k].checks[j].id, default: (0, 0)].other += 1
                default: break
                }
            }
        }
        var tally: [(id: String, fail: Int, other: Int)] = GrantValidator.checkIDs.map { id in
            (id, counts[id]?.fail ?? 0, counts[id]?.other ?? 0)
        }
        tally.sort { ($0.fail, $0.other) > ($1.fail, $1.other) }
        s += t("| 检查项 | 不符合 | 待审核/缺数据 |\n", "| check | fail | review / missing |\n") + "|---|---:|---:|\n"
        for row in tally where row.fail + row.other > 0 { s += "| \(ChineseText.check(row.id, r.language)) | \(row.fail) | \(row.other) |\n" }
        s += "\n## " + t("逐项结论", "Proposals") + "\n\n"
        s += t("| 编号 | 结论 | 不符合项 | 说明 |\n", "| id | verdict | failed checks | explanation |\n") + "|---|---|---|---|\n"
        // The first `tableLimit` proposals; a summary of a city's 100,000 grants is not a
        // table of 100,000 rows (verdicts.csv has them all, as idle's summary does).
        var rows: [String] = [s]
        rows.reserveCapacity(min(r.verdicts.count, tableLimit) + 2)
        for v in r.verdicts.prefix(tableLimit) {
            let failed = v.failedChecks.map { zh ? ChineseText.checkName($0) : $0 }.joined(separator: zh ? "、" : ", ")
            let explanation = v.explanation.utf8.contains(UInt8(ascii: "|")) ? v.explanation.replacingOccurrences(of: "|", with: "/") : v.explanation
            rows.append("| \(v.id) | \(v.verdict.name(r.language)) | \(failed) | \(explanation) |\n")
        }
        if r.verdicts.count > tableLimit {
            rows.append("\n" + t("……另 \(r.verdicts.count - tableLimit) 宗见 verdicts.csv。", "… and \(r.verdicts.count - tableLimit) more in verdicts.csv.") + "\n")
        }
        return rows.joined()
    }
}
