import Foundation
import Spatial

/// Writes what `classify` found into a folder: parcels.csv, parcels.geojson,
/// conflicts.csv, conflicts.geojson and summary.md. All of them appear together (``OutputBatch``).
public enum ClassificationOutput {
    /// The files a run writes into its output folder.
    public static let fileNames = ["parcels.csv", "parcels.geojson", "conflicts.csv", "conflicts.geojson", "summary.md"]

    /// The fixed leading columns of parcels.csv, in order.
    public static let parcelColumns = ["id", "status", "area_m2", "area_mu", "ellipsoid_area_m2", "cluster_m2", "transition_m2",
                                       "reserve_m2", "redline_m2", "outside_m2", "zone", "redline_share", "flags"]
    public static let conflictColumns = ["rule", "severity", "parcel_ids", "zone_ids", "area_m2", "area_mu", "message"]

    @discardableResult
    /// - Parameter summary: gives summary.md's text when the caller makes it (it prints the
    ///   same text, and may be making it meanwhile: it is asked for only after the parcel and
    ///   conflict files are written); made here otherwise.
    public static func write(_ result: ClassificationResult, to folder: String, summary text: (() -> String)? = nil, output: ResultFormats.Options = .init(),
                             progress: ProgressHandler? = nil) throws -> [String] {
        let batch = try OutputBatch(folder: folder, command: "classify", names: fileNames) // every file appears at the end, together
        let attributes = OutputColumns.attributes(count: result.parcels.count, keys: { result.parcels[$0].properties.keys },
                                                  reserved: parcelColumns + ["zone_zh"])

        // Both parcel files in one pass: chunks encoded on every core, written in order.
        let csv = try CSVWriter(path: batch.path(for: "parcels.csv"), header: ColumnNames.header(parcelColumns, output.headerLanguage) + attributes.map(\.column), batch: batch)
        let json = try GeoJSONWriter(path: batch.path(for: "parcels.geojson"), name: "parcels", batch: batch)
        try result.parcels.withUnsafeBufferPointer { parcels in // read in place, not copied per row
            try ParcelRows.write(count: parcels.count, csv: csv, json: json, columns: parcelColumns, jsonOnly: ["zone_zh"], attributes: attributes,
                                 properties: { parcels[$0].properties }, geometry: { parcels[$0].outputGeometry },
                                 cells: { k, f in parcelFields(parcels.baseAddress! + k, to: &f) },
                                 jsonOnlyCells: { k, members in
                                     let p = parcels.baseAddress! + k
                                     if ParcelClassification.zoneCode(status: p.pointee.status, zone: p.pointee.zone).isEmpty { members.null() } else { members.text(p.pointee.zone?.chineseName ?? "分区外") }
                                 },
                                 progress: { done in progress?(RunProgress(phase: .writing, done: done, total: parcels.count)) })
        }
        try csv.finish()
        try json.finish()

        // Conflicts the same way; each thread has its own engine for the transform to lon/lat.
        let conflictCSV = try CSVWriter(path: batch.path(for: "conflicts.csv"), header: ColumnNames.header(conflictColumns, output.headerLanguage), batch: batch)
        let conflictJSON = try GeoJSONWriter(path: batch.path(for: "conflicts.geojson"), name: "conflicts", batch: batch)
        let conflictJSONColumns = GeoJSONWriter.Columns(conflictColumns + ["rule_title"])
        let conflicts = result.conflicts
        try conflicts.withUnsafeBufferPointer { conflicts in // read in place, not copied per row
        try OrderedChunks.run(count: conflicts.count, chunk: 1024, makeState: {
            let engine = GeometryEngine()
            return ConflictChunk(toOutput: try engine.transform(from: result.areaCRS, to: result.outputCRS))
        }, encode: { range, chunk in
            chunk.csv.removeAll()
            chunk.json.removeAll()
            for k in range {
                let c = conflicts.baseAddress! + k
                var geometry = c.pointee.outputGeometry
                if geometry == nil, var g = c.pointee.geometry, !g.isEmpty {
                    try chunk.toOutput.apply(&g)
                    geometry = g
                }
                ParcelRows.encode(csv: chunk.csv, json: chunk.json, first: k == 0, geometry: geometry, columns: conflictJSONColumns) { both in
                    conflictFields(c, to: &both)
                    both.members.pointee.text(c.pointee.rule.title(result.language))
                }
            }
        }, write: { range, chunk in
            try conflictCSV.write(encoded: chunk.csv)
            try conflictJSON.write(encoded: chunk.json, features: range.count)
        })
        }
        try conflictCSV.finish()
        try conflictJSON.finish()

        let summaryText = text?() ?? ClassificationSummary.markdown(result)
        return try ResultFormats.publish(batch, summary: summaryText, document: { try CommandDocuments.classify(result, summary: summaryText) },
                                         layers: [(name: "parcels", geojson: "parcels.geojson", csv: "parcels.csv"),
                                                  (name: "conflicts", geojson: "conflicts.geojson", csv: "conflicts.csv")], output: output)
    }

    /// The fixed columns of one parcel (`parcelColumns`), straight into a CSV row or a
    /// GeoJSON feature: numbers formatted into the output, nothing built per parcel.
    static func parcelFields<F: RecordFields>(_ p: UnsafePointer<ParcelClassification>, to f: inout F) {
        let measured = p.pointee.status == .ok || p.pointee.status == .repaired
        f.text(p.pointee.id)
        f.text(p.pointee.status.rawValue)
        if measured {
            f.number(p.pointee.areaM2, decimals: 3)
            f.number(AreaUnits.mu(fromSquareMetres: p.pointee.areaM2), decimals: 4)
            f.number(p.pointee.ellipsoidalAreaM2, decimals: 3)
            f.number(p.pointee.kindAreas.cluster, decimals: 3)
            f.number(p.pointee.kindAreas.transition, decimals: 3)
            f.number(p.pointee.kindAreas.reserve, decimals: 3)
            f.number(p.pointee.kindAreas.redLine, decimals: 3)
            f.number(p.pointee.outsideM2, decimals: 3)
        } else {
            for _ in 0..<8 { f.null() }
        }
        let zone = ParcelClassification.zoneCode(status: p.pointee.status, zone: p.pointee.zone)
        if zone.isEmpty { f.null() } else { f.text(zone) }
        if measured { f.number(ParcelClassification.redLineShare(areaM2: p.pointee.areaM2, redLine: p.pointee.kindAreas.redLine), decimals: 6) } else { f.null() }
        f.joined(p.pointee.flags, separator: "; ")
    }

    /// The columns of one conflict (`conflictColumns`), into a CSV row or a GeoJSON feature.
    static func conflictFields<F: RecordFields>(_ c: UnsafePointer<Conflict>, to f: inout F) {
        f.text(c.pointee.rule.rawValue)
        f.text(c.pointee.severity.rawValue)
        f.joined(c.pointee.parcelIDs, separator: ";")
        f.joined(c.pointee.zoneIDs, separator: ";")
        f.number(c.pointee.areaM2, decimals: 3)
        f.number(AreaUnits.mu(fromSquareMetres: c.pointee.areaM2), decimals: 4)
        f.text(c.pointee.message)
    }
}

/// summary.md: totals per zone kind, parcels per zone, conflicts per rule, what was skipped
/// or repaired, and the CRSs used. The same text is printed by `landctl classify`.
public enum ClassificationSummary {
    public static func markdown(_ r: ClassificationResult) -> String {
        // Ids and attributes come from the input: control characters are shown as escapes,
        // in the terminal and in Markdown alike.
        DisplayText.escapingControls(markdownText(r))
    }

    static func markdownText(_ r: ClassificationResult) -> String {
        let zh = r.language == .zh
        func t(_ a: String, _ b: String) -> String { zh ? a : b }
        func m2(_ v: Double) -> String { NumberText.grouped(v, decimals: 1) }
        func mu(_ v: Double) -> String { NumberText.grouped(AreaUnits.mu(fromSquareMetres: v), decimals: 2) }
        var s = "# " + t("三区一线分类结果", "三区一线 classification") + "\n\n"
        s += "- " + t("地块", "Parcels") + ": `\(r.parcelFile)` (\(r.parcels.count))\n"
        s += "- " + t("分区", "Zones") + ": `\(r.zones.file)` (\(r.zones.records.count))\n"
        let lang = r.language
        s += "- " + t("坐标系", "CRS") + ": " + t("地块", "parcels") + " \(ChineseText.crs(r.parcelCRS, lang)), " + t("分区", "zones") + " \(ChineseText.crs(r.zones.crs, lang)), "
            + t("面积计算", "areas in") + " \(ChineseText.crs(r.areaCRS, lang)), " + t("椭球面积", "ellipsoidal areas on") + " \(ChineseText.ellipsoid(r.parcelCRS.ellipsoid.name, lang))\n"
        if let c = r.constraints { s += "- " + t("三区三线", "三区三线 (spatial plan)") + ": " + c.line(lang) + "\n" }
        s += "- " + t("字段", "Fields") + ": " + t("编号", "id") + " `\(r.idField ?? t("要素 id / 序号", "feature id / index"))`, "
            + t("用途", "use") + " `\(r.useField ?? "—")`, " + t("状态", "status") + " `\(r.statusField ?? "—")`\n"
        if let u = r.useScheme { s += "- " + t("用途代码", "Use codes") + ": " + LandUse.describe(u, r.language) + "\n" }
        s += "\n"

        // Parcel area per zone kind: one pass over the parcels, reading them in place.
        var parcelArea = KindAreas(), outside = 0.0, total = 0.0
        var dominant = [Int](repeating: 0, count: ZoneKind.allCases.count + 1) // by kind, then outside
        var byStatus = [FeatureStatus: Int]()
        r.parcels.withUnsafeBufferPointer { parcels in
            var statusCounts = [Int](repeating: 0, count: FeatureStatus.allCases.count)
            for k in parcels.indices {
                let status = parcels[k].status
                statusCounts[FeatureStatus.allCases.firstIndex(of: status)!] += 1
                guard status == .ok || status == .repaired else { continue }
                total += parcels[k].areaM2
                outside += parcels[k].outsideM2
                let a = parcels[k].kindAreas
                parcelArea.cluster += a.cluster
                parcelArea.transition += a.transition
                parcelArea.reserve += a.reserve
                parcelArea.redLine += a.redLine
                dominant[parcels[k].zone.map { ZoneKind.allCases.firstIndex(of: $0)! } ?? ZoneKind.allCases.count] += 1
            }
            for (n, status) in FeatureStatus.allCases.enumerated() where statusCounts[n] > 0 { byStatus[status] = statusCounts[n] }
        }
        var counts = [String: Int]()
        for (n, kind) in ZoneKind.allCases.enumerated() where dominant[n] > 0 { counts[kind.rawValue] = dominant[n] }
        if dominant[ZoneKind.allCases.count] > 0 { counts["outside"] = dominant[ZoneKind.allCases.count] }
        s += "## " + t("按分区统计", "By zone kind") + "\n\n"
        s += t("| 分区 | 分区面积 (亩) | 分区面积 (m²) | 地块在区内面积 (亩) | 地块在区内面积 (m²) | 主分区地块数 |\n", "| zone | zone area (mu) | zone area (m²) | parcel area inside (mu) | parcel area inside (m²) | parcels (dominant zone) |\n")
        s += "|---|---:|---:|---:|---:|---:|\n"
        for k in ZoneKind.allCases {
            let z = r.zoneKindAreas[k] ?? 0, p = parcelArea[k] ?? 0
            let n = k == .redLine ? "—" : "\(counts[k.rawValue] ?? 0)"
            s += "| \(k.name(r.language)) (\(k.rawValue)) | \(mu(z)) | \(m2(z)) | \(mu(p)) | \(m2(p)) | \(n) |\n"
        }
        s += "| \(t("分区外", "outside")) (outside) | — | — | \(mu(outside)) | \(m2(outside)) | \(counts["outside"] ?? 0) |\n"
        s += "| **\(t("合计", "total"))** | \(mu(r.threeZoneArea)) | \(m2(r.threeZoneArea)) | \(mu(total)) | \(m2(total)) | \(counts.values.reduce(0, +)) |\n\n"
        // The totals are not the column sums: say why (the red line overlays the three zones,
        // and zones of different kinds may overlap).
        let kindsSum = ZoneKind.threeZones.reduce(0.0) { $0 + (r.zoneKindAreas[$1] ?? 0) }
        let zoneOverlap = max(0, kindsSum - r.threeZoneArea)
        let parcelsOverlap = max(0, parcelArea.cluster + parcelArea.transition + parcelArea.reserve + outside - total)
        s += t("注：合计不是各行之和。分区面积合计为三区（集聚区、过渡区、留白区）合并后的面积，不含叠加在三区之上的保护红线",
               "Note: the totals are not the column sums. The zone-area total is the three zones (cluster, transition, reserve) merged, without the red line, which overlays them")
        if zoneOverlap > 0.05 {
            s += t("；三区相互重叠的 \(m2(zoneOverlap)) m²（\(mu(zoneOverlap)) 亩）只计一次", "; \(m2(zoneOverlap)) m² (\(mu(zoneOverlap)) mu) where zones of different kinds overlap counts once")
        }
        s += t("。地块在区内面积合计为地块总面积，保护红线一行已含在三区之中",
               ". The parcel-area total is the parcels' area; the red-line row is part of the three zones' rows")
        if parcelsOverlap > 0.05 {
            s += t("，地块落在重叠分区中的 \(m2(parcelsOverlap)) m² 在两个分区中各计一次", ", and \(m2(parcelsOverlap)) m² of parcels in overlapping zones appear in both zones' rows")
        }
        s += t("。", ".") + "\n\n"

        s += "## " + t("冲突", "Conflicts") + "\n\n"
        s += t("| 规则 | 说明 | 级别 | 数量 | 面积 (亩) | 面积 (m²) |\n", "| rule | what | severity | count | area (mu) | area (m²) |\n")
        s += "|---|---|---|---:|---:|---:|\n"
        // Conflicts per rule and severity in one pass.
        var perRule: [ConflictRule: (count: Int, area: Double, severities: Set<Severity>)] = [:]
        var bySeverity: [Severity: Int] = [:]
        for c in r.conflicts {
            perRule[c.rule, default: (0, 0, [])].count += 1
            perRule[c.rule, default: (0, 0, [])].area += c.areaM2
            perRule[c.rule, default: (0, 0, [])].severities.insert(c.severity)
            bySeverity[c.severity, default: 0] += 1
        }
        for rule in ConflictRule.allCases {
            let found = perRule[rule] ?? (0, 0, [])
            let severities = found.severities.sorted().map { $0.name(r.language) }.joined(separator: "/")
            let a = found.area
            s += "| \(rule.rawValue) | \(rule.title(r.language)) | \(severities.isEmpty ? "—" : severities) | \(found.count) | \(mu(a)) | \(m2(a)) |\n"
        }
        let v = bySeverity[.violation] ?? 0
        let rv = bySeverity[.review] ?? 0
        let w = bySeverity[.warning] ?? 0
        s += "\n" + t("违规 \(v) 项，待审核 \(rv) 项，提示 \(w) 项。", "\(v) violations, \(rv) to review, \(w) warnings.") + "\n\n"

        s += "## " + t("输入处理", "Inputs") + "\n\n"
        s += "| | " + FeatureStatus.allCases.map { ChineseText.status($0, lang) }.joined(separator: " | ") + " | \(t("忽略（未识别分区类型）", "ignored (no zone kind)")) |\n|---|---:|---:|---:|---:|---:|\n"
        s += "| \(t("地块", "parcels")) | \(byStatus[.ok] ?? 0) | \(byStatus[.repaired] ?? 0) | \(byStatus[.noGeometry] ?? 0) | \(byStatus[.error] ?? 0) | — |\n"
        var zoneStatus = [FeatureStatus: Int]()
        for z in r.zones.records where z.kind != nil { zoneStatus[z.status, default: 0] += 1 }
        let ignored = r.zones.unmappedValues.values.reduce(0, +)
        s += "| \(t("分区", "zones")) | \(zoneStatus[.ok] ?? 0) | \(zoneStatus[.repaired] ?? 0) | \(zoneStatus[.noGeometry] ?? 0) | \(zoneStatus[.error] ?? 0) | \(ignored) |\n"
        let read = r.parcels.count
        s += "\n" + t("地块读取 \(read) = 正常 \(byStatus[.ok] ?? 0) + 已修复 \(byStatus[.repaired] ?? 0) + 无图形 \(byStatus[.noGeometry] ?? 0) + 无法使用 \(byStatus[.error] ?? 0)",
                       "parcels read \(read) = ok \(byStatus[.ok] ?? 0) + repaired \(byStatus[.repaired] ?? 0) + no_geometry \(byStatus[.noGeometry] ?? 0) + error \(byStatus[.error] ?? 0)") + "\n"
        if !r.zones.unmappedValues.isEmpty {
            s += "\n" + t("未识别的分区取值", "Zone values with no kind") + ": "
                + r.zones.unmappedValues.sorted { $0.key < $1.key }.map { "`\($0.key)` × \($0.value)" }.joined(separator: ", ") + "\n"
        }
        if (byStatus[.error] ?? 0) + (byStatus[.repaired] ?? 0) > 0 {
            s += "\n" + t("地块问题（前 10 个）", "Parcel problems (first 10)") + ":\n\n"
            var listed = 0
            for k in r.parcels.indices where listed < 10 && (r.parcels[k].status == .error || r.parcels[k].status == .repaired) {
                let p = r.parcels[k]
                s += "- #\(p.index) \(p.id) \(ChineseText.status(p.status, lang)): \(ChineseText.message(p.flags.first ?? "", lang))\n"
                listed += 1
            }
        }
        s += OutputColumns.warningsSection(r.warnings, language: r.language)
        return s
    }
}

/// One writing thread's buffers and transform for a chunk of conflicts.
private struct ConflictChunk {
    let csv = ByteSink()
    let json = ByteSink()
    let toOutput: CoordinateTransform
}
