import Spatial

/// Writes what `retrofit` found into a folder: retrofit.csv, retrofit.geojson,
/// pockets.geojson and summary.md. All of them appear together (``OutputBatch``).
public enum RetrofitOutput {
    /// The files a run writes into its output folder.
    public static let fileNames = ["retrofit.csv", "retrofit.geojson", "pockets.geojson", "sites.csv", "sites.geojson", "summary.md"]

    /// The fixed leading columns of retrofit.csv, in order; the parcel's own attributes follow.
    public static let columns = ["id", "zone", "area_mu", "far", "far_source", "target_far", "added_floor_area_m2", "building_coverage",
                                 "pocket_count", "largest_pocket_m2", "tax_per_mu", "low_efficiency", "priority", "priority_group",
                                 "candidate", "reason", "status", "area_m2", "existing_floor_area_m2", "building_count", "pocket_area_m2",
                                 "idle_class", "redline_share", "flags"]
    public static let pocketColumns = ["parcel_id", "pocket", "area_m2", "area_mu", "zone", "priority"]
    /// sites.csv and sites.geojson: one 小微企业园 site per row.
    public static let siteColumns = ["site", "area_m2", "area_mu", "parcel_count", "parcel_ids", "firms", "firm_count", "existing_floor_area_m2",
                                     "floor_area_unknown", "target_floor_area_m2", "idle_count", "low_efficiency_count", "candidate_count",
                                     "zones", "digital_park"]

    @discardableResult
    /// `summary` gives `RetrofitSummary.markdown(result)` when the caller makes it (it may be making
    /// it meanwhile: it is asked for only after the parcel files are written).
    public static func write(_ result: RetrofitResult, to folder: String, output: ResultFormats.Options = .init(),
                             summary summaryText: (() -> String)? = nil) throws -> [String] {
        let batch = try OutputBatch(folder: folder, command: "retrofit", names: fileNames) // every file appears at the end, together
        let attributes = OutputColumns.attributes(result.parcels, reserved: columns + ["zone_zh", "reason_text"])
        let csv = try CSVWriter(path: batch.path(for: "retrofit.csv"), header: ColumnNames.header(columns, output.headerLanguage) + attributes.map(\.column), batch: batch)
        let json = try GeoJSONWriter(path: batch.path(for: "retrofit.geojson"), name: "retrofit", batch: batch)
        let parcels = result.parcels, language = result.language
        assert(parcels.isEmpty || parcels.withUnsafeBufferPointer { var n = ParcelRows.NameCheck(); values($0.baseAddress!, into: &n); return n.names == columns })
        try parcels.withUnsafeBufferPointer { parcels in // read in place, not copied per row
            try ParcelRows.write(count: parcels.count, csv: csv, json: json, columns: columns, jsonOnly: ["zone_zh", "reason_text"], attributes: attributes,
                                 properties: { parcels[$0].properties }, geometry: { parcels[$0].outputGeometry },
                                 cells: { values(parcels.baseAddress! + $0, into: &$1) },
                                 jsonOnlyCells: { k, f in
                                     f.put("zone_zh", .text(parcels[k].zone.map { SiteZone.name($0, .zh) }))
                                     f.put("reason_text", .text(parcels[k].reason.map { $0.title(language) }))
                                 })
        }
        try csv.finish()
        try json.finish()

        // Parcel positions by input index (not the parcels themselves: a copy of every parcel).
        let position = Dictionary(uniqueKeysWithValues: result.parcels.indices.map { (result.parcels[$0].index, $0) })
        let pocketJSON = try GeoJSONWriter(path: batch.path(for: "pockets.geojson"), name: "pockets", batch: batch)
        // Encoded in chunks on every core and written in order (one by one on one core, the
        // pockets were the last tenth of a second of a run); pockets and parcels read in place.
        let pocketColumns = GeoJSONWriter.Columns(["parcel_id", "pocket", "area_m2", "area_mu", "zone", "priority"])
        try result.pockets.withUnsafeBufferPointer { pockets in
            try result.parcels.withUnsafeBufferPointer { parcels in
                try OrderedChunks.run(count: pockets.count, chunk: 512, makeState: { ByteSink() }, encode: { range, out in
                    out.removeAll()
                    for i in range {
                        let k = pockets.baseAddress! + i
                        let parcel = position[k.pointee.parcelIndex].map { parcels.baseAddress! + $0 }
                        GeoJSONWriter.encodeFeature(into: out, first: i == 0, geometry: k.pointee.outputGeometry, columns: pocketColumns) { m in
                            m.put("parcel_id", .string(k.pointee.parcelID))
                            m.put("pocket", .integer(k.pointee.number))
                            m.put("area_m2", .decimal(k.pointee.areaM2, 3))
                            m.put("area_mu", .decimal(AreaUnits.mu(fromSquareMetres: k.pointee.areaM2), 4))
                            m.put("zone", .text(parcel?.pointee.zone))
                            m.put("priority", .integer(parcel?.pointee.priority))
                        }
                    }
                }, write: { range, out in try pocketJSON.write(encoded: out, features: range.count) })
            }
        }
        try pocketJSON.finish()

        let siteCSV = try CSVWriter(path: batch.path(for: "sites.csv"), header: ColumnNames.header(siteColumns, output.headerLanguage), batch: batch)
        let siteJSON = try GeoJSONWriter(path: batch.path(for: "sites.geojson"), name: "sites", batch: batch)
        for site in result.microParks {
            let values = siteValues(site)
            try siteCSV.write(row: values.map { $0.1.text })
            try siteJSON.write(geometry: site.outputGeometry, properties: Properties(values))
        }
        try siteCSV.finish()
        try siteJSON.finish()

        let summaryText = summaryText?() ?? RetrofitSummary.markdown(result)
        return try ResultFormats.publish(batch, summary: summaryText, document: { try CommandDocuments.retrofit(result, summary: summaryText) },
                                         layers: [(name: "retrofit", geojson: "retrofit.geojson", csv: "retrofit.csv"), (name: "pockets", geojson: "pockets.geojson", csv: nil),
                                                  (name: "sites", geojson: "sites.geojson", csv: "sites.csv")], output: output)
    }

    static func siteValues(_ s: MicroParkSite) -> [(String, PropertyValue)] {
        [("site", .number("\(s.number)")), ("area_m2", OutputColumns.number(s.areaM2, 3)), ("area_mu", OutputColumns.number(s.areaMu, 4)),
         ("parcel_count", .number("\(s.memberIDs.count)")), ("parcel_ids", .string(s.memberIDs.joined(separator: ";"))),
         ("firms", .string(s.firms.joined(separator: ";"))), ("firm_count", .number("\(s.firms.count)")),
         ("existing_floor_area_m2", OutputColumns.number(s.existingFloorAreaM2, 2)), ("floor_area_unknown", .number("\(s.floorAreaUnknown)")),
         ("target_floor_area_m2", OutputColumns.number(s.targetFloorAreaM2, 2)), ("idle_count", .number("\(s.idleCount)")),
         ("low_efficiency_count", .number("\(s.lowEfficiencyCount)")), ("candidate_count", .number("\(s.candidateCount)")),
         ("zones", .string(s.zones.joined(separator: ";"))), ("digital_park", .bool(s.digitalPark))]
    }

    /// `p` by pointer: read in place (passed by value, each row copied the parcel whole).
    static func values<F: RecordFields>(_ p: UnsafePointer<ParcelRetrofit>, into f: inout F) {
        func n(_ v: Double?, _ d: Int) -> OutputCell { .decimal(v, d) }
        f.put("id", .string(p.pointee.id))
        f.put("zone", p.pointee.zone.map { .string($0) } ?? .null)
        f.put("area_mu", n(p.pointee.areaMu, 4))
        f.put("far", n(p.pointee.far, 4))
        f.put("far_source", p.pointee.farSource.map { .string($0.rawValue) } ?? .null)
        f.put("target_far", n(p.pointee.targetFAR, 4))
        f.put("added_floor_area_m2", n(p.pointee.addedFloorAreaM2, 2))
        f.put("building_coverage", n(p.pointee.buildingCoverage, 6))
        f.put("pocket_count", p.pointee.pocketCount.map { .integer($0) } ?? .null)
        f.put("largest_pocket_m2", n(p.pointee.largestPocketM2, 2))
        f.put("tax_per_mu", n(p.pointee.taxPerMu, 4))
        f.put("low_efficiency", p.pointee.lowEfficiency.map { .bool($0) } ?? .null)
        f.put("priority", p.pointee.priority.map { .integer($0) } ?? .null)
        f.put("priority_group", p.pointee.priorityGroup.map { .string($0.rawValue) } ?? .null)
        f.put("candidate", .bool(p.pointee.candidate))
        f.put("reason", p.pointee.reason.map { .string($0.rawValue) } ?? .null)
        f.put("status", .string(p.pointee.status.rawValue))
        f.put("area_m2", n(p.pointee.areaM2, 3))
        f.put("existing_floor_area_m2", n(p.pointee.floorAreaM2, 2))
        f.put("building_count", p.pointee.buildingCount.map { .integer($0) } ?? .null)
        f.put("pocket_area_m2", n(p.pointee.pocketAreaM2, 2))
        f.put("idle_class", .string(p.pointee.idleClass.rawValue))
        f.put("redline_share", n(p.pointee.redLineShare, 6))
        f.put("flags", .string(p.pointee.flags.joined(separator: "; ")))
    }
}

/// summary.md of `retrofit`: the added floor area achievable and the low-efficiency land,
/// by zone; the priority list; why parcels are not candidates. Printed by `landctl retrofit`.
public enum RetrofitSummary {
    /// The 小微企业园 sites: how they are found, then one line per site (the first 20).
    static func microParkSection(_ r: RetrofitResult) -> String {
        let zh = r.language == .zh
        func t(_ a: String, _ b: String) -> String { zh ? a : b }
        let rules = r.rules.retrofit
        let n = NumberFormatting.string
        var s = "## " + t("小微企业园选址", "Sites for 小微企业园 (small and micro enterprise parks)") + "\n\n"
        s += t("集聚区、过渡区内低效、闲置或容积率低于目标的工业地块，相距不超过 \(n(rules.microParkGapM)) m（更窄的道路不分隔）的连成一片，合计不少于 \(n(rules.microParkMinMu)) 亩的为选址；不少于 \(n(rules.digitalParkMinMu)) 亩的可建数字化园区。",
               "Industrial parcels in the cluster or transition zone that are low-efficiency, idle or below the target FAR, joined when within \(n(rules.microParkGapM)) m of each other (a narrower road does not split them); a group of at least \(n(rules.microParkMinMu)) mu is a site, one of at least \(n(rules.digitalParkMinMu)) mu is marked for a 数字化园区.") + "\n\n"
        guard !r.microParks.isEmpty else { return s + t("无。", "None.") + "\n\n" }
        let digital = r.microParks.filter(\.digitalPark).count
        s += t("选址 \(r.microParks.count) 处，其中可建数字化园区 \(digital) 处。", "\(r.microParks.count) sites, \(digital) of them large enough for a 数字化园区.") + "\n\n"
        s += t("| 序号 | 面积 (亩) | 地块 | 企业 | 现状建筑面积 (m²) | 目标容积率建筑面积 (m²) | 闲置 | 低效 | 技改候选 | 数字化园区 |\n",
               "| site | area (mu) | parcels | firms | existing floor area (m²) | floor area at the target FAR (m²) | idle | low efficiency | candidates | 数字化园区 |\n")
        s += "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
        for site in r.microParks.prefix(20) {
            s += "| \(site.number) | \(NumberText.grouped(site.areaMu, decimals: 2)) | \(site.memberIDs.count) | \(site.firms.count) | "
                + "\(NumberText.grouped(site.existingFloorAreaM2, decimals: 0)) | \(NumberText.grouped(site.targetFloorAreaM2, decimals: 0)) | "
                + "\(site.idleCount) | \(site.lowEfficiencyCount) | \(site.candidateCount) | \(site.digitalPark ? t("是", "yes") : "") |\n"
        }
        if r.microParks.count > 20 { s += "\n" + t("……另 \(r.microParks.count - 20) 处见 sites.csv。", "… and \(r.microParks.count - 20) more in sites.csv.") + "\n" }
        return s + "\n"
    }

    public static func markdown(_ r: RetrofitResult) -> String {
        // Ids and attributes come from the input: control characters are shown as escapes,
        // in the terminal and in Markdown alike.
        DisplayText.escapingControls(markdownText(r))
    }

    static func markdownText(_ r: RetrofitResult) -> String {
        let zh = r.language == .zh
        func t(_ a: String, _ b: String) -> String { zh ? a : b }
        func m2(_ v: Double) -> String { NumberText.grouped(v, decimals: 1) }
        func mu(_ v: Double) -> String { NumberText.grouped(AreaUnits.mu(fromSquareMetres: v), decimals: 2) }
        func num(_ v: Double?, _ d: Int) -> String { v.map { NumberText.grouped($0, decimals: d) } ?? "—" }
        let rules = r.rules.retrofit
        var s = "# " + t("零地技改与低效用地", "零地技改 (zero-new-land retrofit) and low-efficiency land") + "\n\n"
        s += "- " + t("地块", "Parcels") + ": `\(r.parcelFile)` (\(r.parcels.count))\n"
        s += "- " + t("分区", "Zones") + ": `\(r.zonesFile)`\n"
        if let b = r.buildingsFile {
            s += "- " + t("建筑", "Buildings") + ": `\(b)` (\(r.buildingCount); "
                + t("层数字段 `\(r.buildingFields[.floors] ?? "—")`，层高字段 `\(r.buildingFields[.storeyHeightM] ?? "—")`；无层数按 1 层计 \(r.buildingsWithoutFloors) 栋，层高超过 \(NumberFormatting.string(rules.doubleCountStoreyHeightM)) m 加倍计算 \(r.buildingsDoubleCounted) 栋)",
                    "floors `\(r.buildingFields[.floors] ?? "—")`, storey height `\(r.buildingFields[.storeyHeightM] ?? "—")`; \(r.buildingsWithoutFloors) without floors counted as one storey, \(r.buildingsDoubleCounted) with storeys over \(NumberFormatting.string(rules.doubleCountStoreyHeightM)) m counted twice)") + "\n"
        } else {
            s += "- " + t("建筑：未提供（容积率取台账建筑面积，不计算可建空地）", "Buildings: none given (FAR from the ledger's floor area; no pockets)") + "\n"
        }
        s += "- " + t("坐标系", "CRS") + ": " + t("地块", "parcels") + " \(ChineseText.crs(r.parcelCRS, r.language)), " + t("面积计算", "areas in") + " \(ChineseText.crs(r.areaCRS, r.language))\n"
        if let u = r.useScheme { s += "- " + t("用途代码", "Use codes") + ": " + LandUse.describe(u, r.language) + "\n" }
        s += "- " + t("字段", "Fields") + ": " + t("编号", "id") + " `\(r.idField ?? t("要素 id / 序号", "feature id / index"))`, " + t("用途", "use") + " `\(r.useField ?? "—")`, "
            + t("状态", "status") + " `\(r.statusField ?? "—")`, \(KnownField.floorAreaM2.label(r.language)) `\(r.fields[.floorAreaM2] ?? "—")`, \(KnownField.taxWan.label(r.language)) `\(r.fields[.taxWan] ?? "—")`, \(KnownField.industryCode.label(r.language)) `\(r.fields[.industryCode] ?? "—")`\n"
        let targetName: String = switch r.target {
        case .standard: t("标准", "standard")
        case .encouraged: t("鼓励", "encouraged")
        case .custom: t("指定", "given")
        }
        s += "- " + t("目标容积率", "Target FAR") + ": \(NumberFormatting.string(r.targetFAR))（\(targetName)，\(r.target)）; "
            + t("低效：亩均税收 < \(NumberFormatting.string(rules.lowEfficiencyTaxPerMu)) 万元/亩；闲置判定日期 \(r.asOf)",
                "low efficiency: tax < \(NumberFormatting.string(rules.lowEfficiencyTaxPerMu)) 万元 per 亩; idle land judged as of \(r.asOf)") + "\n"
        let yards = rules.pocketsOnOpenYards || rules.openYardIndustries.isEmpty ? "" : t("；露天作业行业（GB/T 4754 \(rules.openYardIndustries.joined(separator: "、"))）的空地为作业场地，不计可建空地",
                                                                                   "; none on the parcels of industries working their open land (GB/T 4754 \(rules.openYardIndustries.joined(separator: ", ")))")
        s += "- " + t("可建空地：地块内缩 \(NumberFormatting.string(rules.boundarySetbackM)) m，扣除建筑外扩 \(NumberFormatting.string(rules.buildingSetbackM)) m（厂房防火间距，GB 50016 表3.4.1），保留 ≥ \(NumberFormatting.string(rules.minPocketAreaM2)) m² 且可容纳 \(NumberFormatting.string(rules.minPocketSquareM)) m × \(NumberFormatting.string(rules.minPocketSquareM)) m 方形的地块",
                      "pockets: parcel less a \(NumberFormatting.string(rules.boundarySetbackM)) m boundary setback, less buildings grown by \(NumberFormatting.string(rules.buildingSetbackM)) m (fire separation, GB 50016 table 3.4.1); kept when ≥ \(NumberFormatting.string(rules.minPocketAreaM2)) m² and a \(NumberFormatting.string(rules.minPocketSquareM)) m square fits") + yards + "\n\n"

        // Positions in r.parcels, read in place (filtered copies of the parcels copied most of
        // a city's parcels, several times over).
        let ps = r.parcels
        let candidates = r.candidatePositions
        let added = candidates.reduce(0) { $0 + (ps[$1].addedFloorAreaM2 ?? 0) }
        let candidateArea = candidates.reduce(0) { $0 + (ps[$1].areaM2 ?? 0) }
        let low = ps.indices.filter { ps[$0].lowEfficiency == true }
        let lowArea = low.reduce(0) { $0 + (ps[$1].areaM2 ?? 0) }
        s += t("**零地技改候选地块 \(candidates.count) 宗，\(mu(candidateArea)) 亩，可增加建筑面积 \(m2(added)) m²；低效用地（亩均税收 < \(NumberFormatting.string(rules.lowEfficiencyTaxPerMu)) 万元/亩）\(low.count) 宗，\(mu(lowArea)) 亩。**",
               "**\(candidates.count) retrofit candidates on \(mu(candidateArea)) mu can add \(m2(added)) m² of floor area; \(low.count) low-efficiency parcels (tax < \(NumberFormatting.string(rules.lowEfficiencyTaxPerMu)) 万元/亩) hold \(mu(lowArea)) mu.**") + "\n\n"

        s += "## " + t("按分区", "By zone") + "\n\n"
        s += t("| 分区 | 候选地块 | 候选面积 (亩) | 可增建筑面积 (m²) | 其中低效 | 可建空地 | 空地面积 (m²) | 低效地块 | 低效面积 (亩) |\n",
               "| zone | candidates | candidate area (mu) | added floor area (m²) | of them low-efficiency | pockets | pocket area (m²) | low-efficiency parcels | low-efficiency area (mu) |\n")
        s += "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for code in SiteZone.codes {
            let cs = candidates.filter { ps[$0].zone == code }
            let ls = low.filter { ps[$0].zone == code }
            s += "| \(SiteZone.name(code, r.language)) (\(code)) | \(cs.count) | \(mu(cs.reduce(0) { $0 + (ps[$1].areaM2 ?? 0) })) | "
                + "\(m2(cs.reduce(0) { $0 + (ps[$1].addedFloorAreaM2 ?? 0) })) | \(cs.filter { ps[$0].lowEfficiency == true }.count) | "
                + "\(cs.reduce(0) { $0 + (ps[$1].pocketCount ?? 0) }) | \(m2(cs.reduce(0) { $0 + (ps[$1].pocketAreaM2 ?? 0) })) | "
                + "\(ls.count) | \(mu(ls.reduce(0) { $0 + (ps[$1].areaM2 ?? 0) })) |\n"
        }
        // The red line lies across the three zones: its parcels are counted again here.
        let redCandidates = candidates.filter { SiteZone.inRedLine(ps[$0].redLineShare) }, redLow = low.filter { SiteZone.inRedLine(ps[$0].redLineShare) }
        s += "| " + t("其中保护红线内（红线占比 > 50 %）", "of which in the red line (share > 50 %)") + " | \(redCandidates.count) | \(mu(redCandidates.reduce(0) { $0 + (ps[$1].areaM2 ?? 0) })) | "
            + "\(m2(redCandidates.reduce(0) { $0 + (ps[$1].addedFloorAreaM2 ?? 0) })) | \(redCandidates.filter { ps[$0].lowEfficiency == true }.count) | "
            + "\(redCandidates.reduce(0) { $0 + (ps[$1].pocketCount ?? 0) }) | \(m2(redCandidates.reduce(0) { $0 + (ps[$1].pocketAreaM2 ?? 0) })) | "
            + "\(redLow.count) | \(mu(redLow.reduce(0) { $0 + (ps[$1].areaM2 ?? 0) })) |\n"
        let pocketArea = candidates.reduce(0) { $0 + (ps[$1].pocketAreaM2 ?? 0) }
        s += "| **\(t("合计", "total"))** | \(candidates.count) | \(mu(candidateArea)) | \(m2(added)) | \(candidates.filter { ps[$0].lowEfficiency == true }.count) | "
            + "\(r.pockets.count) | \(m2(pocketArea)) | \(low.count) | \(mu(lowArea)) |\n\n"
        s += t("注：合计为四个分区（集聚区、过渡区、留白区、分区外）之和；“其中保护红线内”一行已含在各分区中，不另加。",
               "Note: the totals are the sums of the four zone rows; the red-line row is part of them and not added again.") + "\n\n"
        if !low.isEmpty {
            let notCandidates = low.filter { !ps[$0].candidate }
            if !notCandidates.isEmpty {
                let rs = Dictionary(grouping: notCandidates) { ps[$0].reason?.rawValue ?? "" }.sorted { $0.key < $1.key }
                    .map { "\(zh ? (RetrofitReason(rawValue: $0.key)?.title(.zh) ?? "") + " " : "")`\($0.key)` \($0.value.count)" }
                s += t("低效地块中非候选：", "Low-efficiency parcels that are not candidates: ") + rs.joined(separator: ", ") + "\n\n"
            }
        }

        if !candidates.isEmpty {
            s += "## " + t("优先序（前 20）", "Priority (first 20)") + "\n\n"
            s += t("| 序 | 地块 | 分区 | 类别 | 容积率 | 来源 | 可增建筑面积 (m²) | 空地 | 最大空地 (m²) | 亩均税收 (万元/亩) |\n",
                   "| rank | parcel | zone | group | FAR | source | added floor area (m²) | pockets | largest pocket (m²) | tax per mu (万元/亩) |\n")
            s += "|---:|---|---|---|---:|---|---:|---:|---:|---:|\n"
            for k in candidates.prefix(20) {
                let p = ps[k]
                let zone = p.zone.map { zh ? "\(SiteZone.name($0, .zh)) (\($0))" : $0 } ?? "—"
                let group = p.priorityGroup.map { zh ? "\($0.title(.zh)) (\($0.rawValue))" : $0.rawValue } ?? "—"
                let source = p.farSource.map { zh ? "\($0.title(.zh)) (\($0.rawValue))" : $0.rawValue } ?? "—"
                s += "| \(p.priority ?? 0) | \(p.id) | \(zone) | \(group) | \(num(p.far, 2)) | \(source) | "
                    + "\(num(p.addedFloorAreaM2, 1)) | \(p.pocketCount.map(String.init) ?? "—") | \(num(p.largestPocketM2, 1)) | \(num(p.taxPerMu, 2)) |\n"
            }
            if candidates.count > 20 { s += "\n" + t("……另 \(candidates.count - 20) 宗见 retrofit.csv。", "… and \(candidates.count - 20) more in retrofit.csv.") + "\n" }
            s += "\n"
        }

        s += microParkSection(r)

        s += "## " + t("未列入候选的原因", "Why parcels are not candidates") + "\n\n"
        s += t("| 原因 | 说明 | 地块数 |\n", "| reason | what | parcels |\n") + "|---|---|---:|\n"
        // Counted in one pass, fields read in place (a filtered copy per reason copied most of
        // a city's parcels for `zone` alone).
        var reasons: [RetrofitReason: Int] = [:], farSources: [FARSource: Int] = [:]
        for i in r.parcels.indices {
            if let reason = r.parcels[i].reason { reasons[reason, default: 0] += 1 }
            if let src = r.parcels[i].farSource { farSources[src, default: 0] += 1 }
        }
        for reason in RetrofitReason.allCases {
            let n = reasons[reason] ?? 0
            if n > 0 { s += "| \(reason.rawValue) | \(reason.title(r.language)) | \(n) |\n" }
        }
        s += "| — | " + t("候选", "candidates") + " | \(candidates.count) |\n\n"
        var sources: [String] = []
        for src in FARSource.allCases {
            let n = farSources[src] ?? 0
            if n > 0 { sources.append((zh ? src.title(.zh) + " " : "") + "`\(src.rawValue)` \(n)") }
        }
        s += t("容积率来源：", "FAR source: ") + (sources.isEmpty ? "—" : sources.joined(separator: ", ")) + "\n"

        s += "\n## " + t("输入处理", "Inputs") + "\n\n"
        var byStatus = [FeatureStatus: Int]()
        for i in r.parcels.indices { byStatus[r.parcels[i].status, default: 0] += 1 }
        s += "| | " + FeatureStatus.allCases.map { ChineseText.status($0, r.language) }.joined(separator: " | ") + " |\n|---|---:|---:|---:|---:|\n"
        s += "| \(t("地块", "parcels")) | \(byStatus[.ok] ?? 0) | \(byStatus[.repaired] ?? 0) | \(byStatus[.noGeometry] ?? 0) | \(byStatus[.error] ?? 0) |\n"
        if !r.unmappedZoneValues.isEmpty {
            s += "\n" + t("未识别的分区取值", "Zone values with no kind") + ": "
                + r.unmappedZoneValues.sorted { $0.key < $1.key }.map { "`\($0.key)` × \($0.value)" }.joined(separator: ", ") + "\n"
        }
        let problems = ps.indices.lazy.filter { ps[$0].status == .error || ps[$0].status == .repaired }.prefix(10).map { ps[$0] }
        if !problems.isEmpty {
            s += "\n" + t("地块几何问题（前 10 个）", "Parcel geometry problems (first 10)") + ":\n\n"
            for p in problems { s += "- #\(p.index) \(p.id) \(ChineseText.status(p.status, r.language)): \(GeometryNote.text(p.flags.first, r.language))\n" }
        }
        s += OutputColumns.warningsSection(r.warnings, language: r.language)
        return s
    }
}
