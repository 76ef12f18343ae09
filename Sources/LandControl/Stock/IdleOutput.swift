import Spatial

/// Writes what `idle` found into a folder: idle.csv, idle.geojson and summary.md. All of them
/// appear together (``OutputBatch``).
public enum IdleOutput {
    /// The files a run writes into its output folder.
    public static let fileNames = ["idle.csv", "idle.geojson", "summary.md"]

    /// The fixed leading columns of idle.csv, in order; the parcel's own attributes follow.
    public static let columns = ["id", "status", "idle_class", "days_overdue", "idle_fee_wan", "idle_fee_status", "idle_fee_due_wan", "building_coverage",
                                 "evidence", "flags", "area_m2", "area_mu", "zone", "redline_share", "reference_date", "idle_from", "recoverable_from",
                                 "building_count", "idle_cause", "disposal", "idle_fee_paid_wan"]

    @discardableResult
    /// `summary` gives `IdleSummary.markdown(result)` when the caller makes it (it may be making
    /// it meanwhile: it is asked for only after the parcel files are written).
    public static func write(_ result: IdleResult, to folder: String, output: ResultFormats.Options = .init(),
                             summary summaryText: (() -> String)? = nil) throws -> [String] {
        let batch = try OutputBatch(folder: folder, command: "idle", names: fileNames) // every file appears at the end, together
        let attributes = OutputColumns.attributes(result.parcels, reserved: columns + ["idle_class_zh"])
        let csv = try CSVWriter(path: batch.path(for: "idle.csv"), header: ColumnNames.header(columns, output.headerLanguage) + attributes.map(\.column), batch: batch)
        let json = try GeoJSONWriter(path: batch.path(for: "idle.geojson"), name: "idle", batch: batch)
        let parcels = result.parcels
        assert(parcels.isEmpty || parcels.withUnsafeBufferPointer { var n = ParcelRows.NameCheck(); values($0.baseAddress!, into: &n); return n.names == columns })
        try parcels.withUnsafeBufferPointer { parcels in // read in place, not copied per row
            try ParcelRows.write(count: parcels.count, csv: csv, json: json, columns: columns, jsonOnly: ["idle_class_zh"], attributes: attributes,
                                 properties: { parcels[$0].properties }, geometry: { parcels[$0].outputGeometry },
                                 cells: { values(parcels.baseAddress! + $0, into: &$1) },
                                 jsonOnlyCells: { k, f in f.put("idle_class_zh", .string(parcels[k].idleClass.title(.zh))) })
        }
        try csv.finish()
        try json.finish()
        let summaryText = summaryText?() ?? IdleSummary.markdown(result)
        return try ResultFormats.publish(batch, summary: summaryText, document: { try CommandDocuments.idle(result, summary: summaryText) },
                                         layers: [(name: "idle", geojson: "idle.geojson", csv: "idle.csv")], output: output)
    }

    /// `p` by pointer: read in place (passed by value, each row copied the parcel whole).
    static func values<F: RecordFields>(_ p: UnsafePointer<ParcelIdle>, into f: inout F) {
        func date(_ d: LedgerDate?) -> OutputCell { d.map { .string($0.description) } ?? .null }
        f.put("id", .string(p.pointee.id))
        f.put("status", .string(p.pointee.status.rawValue))
        f.put("idle_class", .string(p.pointee.assessment.idleClass.rawValue))
        f.put("days_overdue", p.pointee.assessment.daysOverdue.map { .integer($0) } ?? .null)
        f.put("idle_fee_wan", p.pointee.assessment.idleFeeWan.map { .decimal($0, 4) } ?? .null)
        f.put("idle_fee_status", p.pointee.assessment.feeStatus.map { .string($0.rawValue) } ?? .null)
        f.put("idle_fee_due_wan", p.pointee.assessment.feeDueWan.map { .decimal($0, 4) } ?? .null)
        f.put("building_coverage", p.pointee.buildingCoverage.map { .decimal($0, 6) } ?? .null)
        f.put("evidence", .string(p.pointee.assessment.evidence.joined(separator: "; ")))
        f.put("flags", .string((p.pointee.geometryFlags + p.pointee.assessment.flags).joined(separator: "; ")))
        f.put("area_m2", p.pointee.areaM2.map { .decimal($0, 3) } ?? .null)
        f.put("area_mu", p.pointee.areaMu.map { .decimal($0, 4) } ?? .null)
        f.put("zone", p.pointee.zone.map { .string($0) } ?? .null)
        f.put("redline_share", p.pointee.redLineShare.map { .decimal($0, 6) } ?? .null)
        f.put("reference_date", date(p.pointee.assessment.referenceDate))
        f.put("idle_from", date(p.pointee.assessment.idleFrom))
        f.put("recoverable_from", date(p.pointee.assessment.recoverableFrom))
        f.put("building_count", p.pointee.buildingCount.map { .integer($0) } ?? .null)
        f.put("idle_cause", p.pointee.inputs.idleCause.map { .string($0.rawValue) } ?? p.pointee.inputs.idleCauseUnread.map { .string($0) } ?? .null)
        f.put("disposal", p.pointee.inputs.disposal.map { .string($0) } ?? .null)
        f.put("idle_fee_paid_wan", (p.pointee.inputs.feePaidInFull ? p.pointee.assessment.idleFeeWan : p.pointee.inputs.feePaidWan).map { .decimal($0, 4) } ?? .null)
    }
}

/// summary.md of `idle`: parcels and 亩 per class, the idle parcels, site checks, what could
/// not be judged and why. The same text is printed by `landctl idle`.
public enum IdleSummary {
    public static func markdown(_ r: IdleResult) -> String {
        // Ids and attributes come from the input: control characters are shown as escapes,
        // in the terminal and in Markdown alike.
        DisplayText.escapingControls(markdownText(r))
    }

    static func markdownText(_ r: IdleResult) -> String {
        let zh = r.language == .zh
        func t(_ a: String, _ b: String) -> String { zh ? a : b }
        func m2(_ v: Double) -> String { NumberText.grouped(v, decimals: 1) }
        func mu(_ v: Double) -> String { NumberText.grouped(AreaUnits.mu(fromSquareMetres: v), decimals: 2) }
        func wan(_ v: Double) -> String { NumberText.grouped(v, decimals: 2) }
        var s = "# " + t("闲置土地", "Idle land") + " — " + t("评估日期", "as of") + " \(r.asOf)\n\n"
        s += "- " + t("地块", "Parcels") + ": `\(r.parcelFile)` (\(r.parcels.count))\n"
        if let z = r.zonesFile { s += "- " + t("分区", "Zones") + ": `\(z)`\n" }
        if let b = r.buildingsFile { s += "- " + t("建筑", "Buildings") + ": `\(b)` (\(r.buildingCount))\n" }
        s += "- " + t("坐标系", "CRS") + ": " + t("地块", "parcels") + " \(ChineseText.crs(r.parcelCRS, r.language)), " + t("面积计算", "areas in") + " \(ChineseText.crs(r.areaCRS, r.language))\n"
        let fields = KnownField.idleFields.map { "\($0.label(r.language)) `\(r.fields[$0] ?? "—")`" }.joined(separator: ", ")
        s += "- " + t("字段", "Fields") + ": " + t("编号", "id") + " `\(r.idField ?? t("要素 id / 序号", "feature id / index"))`, "
            + t("状态", "status") + " `\(r.statusField ?? "—")`, " + t("用途", "use") + " `\(r.useField ?? "—")`, \(fields)\n"
        if let u = r.useScheme { s += "- " + t("用途代码", "Use codes") + ": " + LandUse.describe(u, r.language) + "\n" }
        let rules = r.rules.idle
        s += "- " + t("规则", "Rules") + ": " + t("动工开发日期（约定的；未约定的以实际交付土地之日起一年，第二十八条）后满 \(rules.idleAfterYears) 年未动工开发为闲置，征缴土地闲置费 = 土地价款 × \(IdleLand.percent(rules.idleFeeShare))（只征一次）；满 \(rules.recoverableAfterYears) 年可无偿收回（第十四条）；已动工开发但开发 < \(IdleLand.percent(rules.partialDevelopedShare)) 或投资 < \(IdleLand.percent(rules.partialInvestedShare)) 且中止开发建设满 \(rules.partialSuspendedYears) 年亦为闲置（第二条）；政府原因或不可抗力造成的按第八条协商处置（令第53号）",
                                                  "idle when not started \(rules.idleAfterYears) full year(s) after the start date (agreed, else a year after the land was delivered, art. 28), idle fee = land price × \(IdleLand.percent(rules.idleFeeShare)) (levied once); recoverable after \(rules.recoverableAfterYears) years (art. 14); started but developed < \(IdleLand.percent(rules.partialDevelopedShare)) or invested < \(IdleLand.percent(rules.partialInvestedShare)) and suspended \(rules.partialSuspendedYears)+ year(s) is idle too (art. 2); caused by the government or force majeure: disposed of by agreement (art. 8) (Order 53)") + "\n\n"

        s += "## " + t("按类别", "By class") + "\n\n"
        s += t("| 类别 | 说明 | 地块数 | 面积 (亩) | 面积 (m²) | 应征闲置费 (万元) | 已触发闲置费 (万元) |\n",
               "| class | meaning | parcels | area (mu) | area (m²) | idle fee due (万元) | idle fee triggered earlier (万元) |\n")
        s += "|---|---|---:|---:|---:|---:|---:|\n"
        // Lists of parcels are positions in r.parcels (a filtered copy of 100,000 parcels
        // costs more than the whole summary).
        let parcels = r.parcels
        func sum(_ ks: [Int], _ value: (IdleAssessment) -> Double?) -> Double? {
            var total: Double?
            for k in ks { if let v = value(parcels[k].assessment) { total = (total ?? 0) + v } }
            return total
        }
        func area(_ ks: [Int]) -> Double { ks.reduce(0) { $0 + (parcels[$1].areaM2 ?? 0) } }
        // Every class's count, area and fees in one pass over the parcels, reading fields in
        // place (a filtered copy per class copied a city's 100,000 parcels for `none` alone).
        var byClass: [IdleClass: (count: Int, area: Double, due: Double?, triggered: Double?)] = [:]
        for i in r.parcels.indices {
            let c = r.parcels[i].idleClass
            var row = byClass[c] ?? (0, 0, nil, nil)
            row.count += 1
            row.area += r.parcels[i].areaM2 ?? 0
            let a = r.parcels[i].assessment
            if a.feeStatus == .due, let v = a.feeDueWan { row.due = (row.due ?? 0) + v }
            if a.feeStatus == .triggered, let v = a.idleFeeWan { row.triggered = (row.triggered ?? 0) + v }
            byClass[c] = row
        }
        for c in IdleClass.allCases {
            let (count, area, due, triggered) = byClass[c] ?? (0, 0, nil, nil)
            // Fees due for a year idle (or suspended); for two years, the fee that fell due then.
            let dueCell = c == .idle1y || c == .partialIdle ? due.map(wan) ?? "—" : ""
            let triggeredCell = c == .recoverable ? triggered.map(wan) ?? "—" : ""
            s += "| \(c.rawValue) | \(c.title(r.language)) | \(count) | \(mu(area)) | \(m2(area)) | \(dueCell) | \(triggeredCell) |\n"
        }
        let idle = parcels.indices.filter { parcels[$0].idleClass.isIdle }
        let idleArea = area(idle)
        let due = sum(idle) { $0.feeStatus == .due ? $0.feeDueWan : nil }
        let triggered = sum(idle) { $0.feeStatus == .triggered ? $0.idleFeeWan : nil }
        let paid = sum(idle) { $0.feeStatus == .paid ? $0.idleFeeWan : nil }
        s += "\n" + t("闲置地块 \(idle.count) 宗，\(mu(idleArea)) 亩（\(m2(idleArea)) m²）", "\(idle.count) idle parcels, \(mu(idleArea)) mu (\(m2(idleArea)) m²)")
        var fees: [String] = []
        if let due { fees.append(t("应征闲置费 \(wan(due)) 万元", "idle fees due \(wan(due)) 万元")) }
        if let triggered { fees.append(t("满两年地块的闲置费 \(wan(triggered)) 万元已于满一年时触发，不重复征收、未计入应征", "\(wan(triggered)) 万元 of fees on parcels idle two years fell due at one year and are not levied again (not in the fees due)")) }
        if let paid { fees.append(t("已缴 \(wan(paid)) 万元", "\(wan(paid)) 万元 paid")) }
        s += fees.isEmpty ? t("。", ".") : t("；", "; ") + fees.joined(separator: t("；", "; ")) + t("。", ".")
        s += "\n\n"

        if !idle.isEmpty {
            s += "## " + t("闲置地块", "Idle parcels") + "\n\n"
            s += t("| 地块 | 类别 | 动工开发日期 | 逾期天数 | 面积 (亩) | 闲置费 (万元) | 闲置费 |", "| parcel | class | start due | days overdue | area (mu) | idle fee (万元) | fee |")
            s += r.zonesFile != nil ? t(" 分区 |\n", " zone |\n") : "\n"
            s += "|---|---|---|---:|---:|---:|---|" + (r.zonesFile != nil ? "---|\n" : "\n")
            let order: [IdleClass] = [.recoverable, .idle1y, .partialIdle, .negotiated]
            func rank(_ c: IdleClass) -> Int { order.firstIndex(of: c) ?? order.count }
            func key(_ k: Int) -> (Int, Int, Int) { (rank(parcels[k].idleClass), -(parcels[k].assessment.daysOverdue ?? 0), parcels[k].index) }
            let sorted = idle.sorted { key($0) < key($1) }
            for k in sorted.prefix(50) {
                let p = parcels[k]
                let a = p.assessment
                let cls = zh ? "\(a.idleClass.title(.zh)) (\(a.idleClass.rawValue))" : a.idleClass.rawValue
                s += "| \(p.id) | \(cls) | \(a.referenceDate?.description ?? "—") | \(a.daysOverdue.map(String.init) ?? "—") | "
                    + "\(p.areaM2.map(mu) ?? "—") | \(a.idleFeeWan.map(wan) ?? "—") | \(a.feeStatus.map { $0.title(r.language) } ?? "—") |"
                s += r.zonesFile != nil ? " \(p.zone.map { zh ? "\(SiteZone.name($0, .zh)) (\($0))" : $0 } ?? "—") |\n" : "\n"
            }
            if sorted.count > 50 { s += "\n" + t("……另 \(sorted.count - 50) 宗见 idle.csv。", "… and \(sorted.count - 50) more in idle.csv.") + "\n" }
            s += "\n"
        }

        if r.zonesFile != nil {
            s += "## " + t("按分区", "By zone") + "\n\n"
            s += t("| 分区 | 闲置地块 | 闲置面积 (亩) | 无法判定 |\n", "| zone | idle parcels | idle area (mu) | unknown |\n") + "|---|---:|---:|---:|\n"
            // One pass: per zone code (and the red line) the idle parcels, their area and the unknown.
            var idleCount: [String: Int] = [:], idleM2: [String: Double] = [:], unknownCount: [String: Int] = [:]
            let redKey = "\u{0}red" // not a zone code
            for k in parcels.indices {
                let c = parcels[k].idleClass
                guard c.isIdle || c == .unknown else { continue }
                var keys: [String] = []
                if let z = parcels[k].zone { keys.append(z) }
                // The red line lies across the three zones: its parcels are counted again.
                if SiteZone.inRedLine(parcels[k].redLineShare) { keys.append(redKey) }
                for key in keys {
                    if c == .unknown {
                        unknownCount[key, default: 0] += 1
                    } else {
                        idleCount[key, default: 0] += 1
                        idleM2[key, default: 0] += parcels[k].areaM2 ?? 0
                    }
                }
            }
            for code in SiteZone.codes {
                s += "| \(SiteZone.name(code, r.language)) (\(code)) | \(idleCount[code] ?? 0) | \(mu(idleM2[code] ?? 0)) | \(unknownCount[code] ?? 0) |\n"
            }
            s += "| " + t("其中保护红线内（红线占比 > 50 %）", "of which in the red line (share > 50 %)") + " | \(idleCount[redKey] ?? 0) | \(mu(idleM2[redKey] ?? 0)) | \(unknownCount[redKey] ?? 0) |\n"
            s += "\n"
        }

        if r.buildingsFile != nil {
            s += "## " + t("需现场核查", "Site checks") + "\n\n"
            let missing = parcels.indices.filter { parcels[$0].assessment.flags.contains("no_buildings_found") }
            let unrecorded = parcels.indices.filter { parcels[$0].assessment.flags.contains("buildings_found") }
            if missing.isEmpty, unrecorded.isEmpty {
                s += t("无：已动工开发的工业、仓储地块均有建筑轮廓，未动工开发地块均无建筑。", "None: every started industrial or warehouse parcel has building footprints, and no unstarted parcel has any.") + "\n\n"
            }
            func ids(_ ps: [Int]) -> String {
                ps.prefix(100).map { parcels[$0].id }.joined(separator: ", ") + (ps.count > 100 ? t(" ……（见 idle.csv）", " … (see idle.csv)") : "")
            }
            if !missing.isEmpty {
                s += "- `no_buildings_found` (\(missing.count)): " + t("台账记为已动工开发，动工开发日期满一年后仍无建筑轮廓", "recorded as started, no building footprint a year after the agreed start") + ": \(ids(missing))\n"
            }
            if !unrecorded.isEmpty {
                s += "- `buildings_found` (\(unrecorded.count)): " + t("台账未记动工开发，但有建筑", "no start recorded, but buildings stand on the parcel") + ": \(ids(unrecorded))\n"
            }
            if !missing.isEmpty || !unrecorded.isEmpty { s += "\n" }
        }

        let unknown = parcels.indices.filter { parcels[$0].idleClass == .unknown }
        if !unknown.isEmpty {
            s += "## " + t("无法判定（原因）", "Unknown (why)") + "\n\n"
            for k in unknown.prefix(50) { s += "- #\(parcels[k].index) \(parcels[k].id): \(parcels[k].assessment.evidence.first ?? "")\n" }
            if unknown.count > 50 { s += "- " + t("……另 \(unknown.count - 50) 宗见 idle.csv", "… and \(unknown.count - 50) more in idle.csv") + "\n" }
            s += "\n"
        }

        s += "## " + t("输入处理", "Inputs") + "\n\n"
        var byStatus = [FeatureStatus: Int]()
        for i in r.parcels.indices { byStatus[r.parcels[i].status, default: 0] += 1 }
        s += "| | " + FeatureStatus.allCases.map { ChineseText.status($0, r.language) }.joined(separator: " | ") + " |\n|---|---:|---:|---:|---:|\n"
        s += "| \(t("地块", "parcels")) | \(byStatus[.ok] ?? 0) | \(byStatus[.repaired] ?? 0) | \(byStatus[.noGeometry] ?? 0) | \(byStatus[.error] ?? 0) |\n"
        let ps = r.parcels // tested in place (a filter passed every parcel by copy)
        let problems = ps.indices.lazy.filter { ps[$0].status == .error || ps[$0].status == .repaired }.prefix(10).map { ps[$0] }
        if !problems.isEmpty {
            s += "\n" + t("地块几何问题（前 10 个；日期照常判定，面积缺失）", "Parcel geometry problems (first 10; dates judged all the same, no area)") + ":\n\n"
            for p in problems { s += "- #\(p.index) \(p.id) \(ChineseText.status(p.status, r.language)): \(GeometryNote.text(p.geometryFlags.first, r.language))\n" }
        }
        s += OutputColumns.warningsSection(r.warnings, language: r.language)
        return s
    }
}

/// Helpers shared by the writers of `idle` and `retrofit`.
enum OutputColumns {
    /// The parcels' own attributes, renamed `src_<name>` where they clash with ours.
    static func attributes(_ properties: [Properties], reserved: [String]) -> [(key: String, column: String)] {
        attributes(count: properties.count, keys: { properties[$0].keys }, reserved: reserved)
    }

    /// The same for a command's parcels, each read in place (not copied to take its
    /// attributes).
    static func attributes<P: HasProperties>(_ parcels: [P], reserved: [String]) -> [(key: String, column: String)] {
        parcels.withUnsafeBufferPointer { ps in attributes(count: ps.count, keys: { (ps.baseAddress! + $0).pointee.properties.keys }, reserved: reserved) }
    }

    /// The same for `count` features whose keys `keys(k)` gives (read in place, no array of
    /// properties made for a million parcels).
    static func attributes(count: Int, keys: (Int) -> [String], reserved: [String]) -> [(key: String, column: String)] {
        var found: [String] = []
        var seen = Set<String>()
        // Features of one file nearly always share their keys (the readers share one key
        // array per set of keys): look at a feature's keys only when they are none of the last
        // few sets (features often alternate between two, e.g. with and without a credit
        // code; comparing with the previous one only, every other feature was hashed).
        var recent: [[String]] = []
        for k in 0..<count {
            let current = keys(k)
            if recent.contains(where: { $0 == current }) { continue } // the same buffer: at once
            if recent.count == 8 { recent.removeFirst() }
            recent.append(current)
            for key in current where seen.insert(key).inserted { found.append(key) }
        }
        let reserved = Set(reserved)
        return found.map { ($0, reserved.contains($0) ? "src_" + $0 : $0) }
    }

    /// A summary's closing list of warnings (nothing when there are none).
    static func warningsSection(_ warnings: [String], language: ReportLanguage) -> String {
        guard !warnings.isEmpty else { return "" }
        return "\n" + (language == .zh ? "提示" : "Warnings") + ":\n\n" + warnings.map { "- \(ChineseText.message($0, language))\n" }.joined()
    }

    static func number(_ v: Double, _ decimals: Int) -> PropertyValue {
        var out: [UInt8] = []
        NumberFormatting.append(v, decimals: decimals, to: &out)
        return .number(String(decoding: out, as: UTF8.self))
    }
}

/// A geometry note without the "repaired: " its status already says, in the report's language.
enum GeometryNote {
    static func text(_ flag: String?, _ language: ReportLanguage = .en) -> String {
        guard let flag else { return "" }
        return ChineseText.message(flag.hasPrefix("repaired: ") ? String(flag.dropFirst("repaired: ".count)) : flag, language)
    }
}

/// A result row that carries its input feature's attributes.
protocol HasProperties {
    var properties: Properties { get }
}

extension ParcelIdle: HasProperties {}
extension ParcelRetrofit: HasProperties {}
extension ParcelAudit: HasProperties {}
extension ParcelEvaluation: HasProperties {}
