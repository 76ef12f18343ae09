import Foundation
import Spatial

/// Writes a run's report.html (one self-contained page: map, summary, every list, inputs)
/// and results.xlsx (a summary sheet, a sheet per list, a sheet per region table) into the
/// run's staging folder, so that they are published with the rest. Called by every
/// command's output just before ``ResultFormats/finish(_:layers:formats:encoding:)``.
public enum ResultDocuments {
    public static let reportName = "report.html"
    public static let workbookName = "results.xlsx"

    /// The file names `options` adds to a run (for the check that no input is overwritten).
    public static func fileNames(_ options: ResultFormats.Options) -> [String] {
        (options.report ? [reportName] : []) + (options.workbook ? [workbookName] : [])
    }

    /// `LANDCTL_DOCUMENT_REFERENCE=1` in the environment: the map simplified by GEOS and the
    /// workbook written by libxlsxwriter, the libraries landctl's own code replaced for speed
    /// — for `bench/run.sh`, which times both ways on the same run (the tests compare their
    /// outputs: the same map text, the same cells).
    static let referenceEngines = ProcessInfo.processInfo.environment["LANDCTL_DOCUMENT_REFERENCE"] == "1"

    /// Writes the documents `options` asks for. Returns the region assignment's summary
    /// section (Markdown, empty without regions) for summary.md.
    @discardableResult
    public static func write(_ document: ResultDocument, batch: OutputBatch, options: ResultFormats.Options,
                             engine: GeometryEngine = GeometryEngine()) throws -> String {
        guard options.report || options.workbook || options.regions != nil else { return "" }
        // The map needs nothing but the layers: made on another thread while the lists are
        // read and the workbook written here.
        let layers = document.layers, crs = document.mapCRS
        let reference = referenceEngines
        let mapJob = options.report ? Background { try MapEncoding.json(layers: layers, crs: crs, geosReference: reference ? GeometryEngine() : nil) } : nil
        try batch.settle() // the CSVs at their names in the staging folder
        var lists = try document.lists.map { try LoadedList($0, folder: batch.stagingFolder) }
        var regionTable: RegionTable?
        var regionSection = ""
        if var regions = options.regions {
            regions.areaCRS = regions.areaCRS ?? document.areaCRS
            let parcels = document.layers.first { $0.key == "parcels" }?.features.map(\.geometry) ?? []
            let assignment = try RegionAssignment.assign(parcels: parcels, regions: regions, engine: engine, language: document.language)
            RegionAssignment.addColumns(assignment, to: &lists, language: document.language)
            let table = RegionTable(assignment: assignment, lists: lists, document: document)
            regionTable = table
            regionSection = table.markdown(document.language, warnings: assignment.warnings)
            // summary.md gains the region table: written again, whole, over the first one.
            let summary = try AtomicOutputFile(path: batch.path(for: "summary.md"))
            try summary.write(DisplayText.escapingControls(document.summary + regionSection))
            try batch.add(summary)
        }
        var doc = document
        doc.summary += regionSection
        if doc.rulesText == nil, let rules = options.rulesFile, let data = FileManager.default.contents(atPath: rules), data.count < 1 << 20 {
            doc.rulesText = String(decoding: data, as: UTF8.self)
        }
        if options.workbook {
            let sheets = workbook(doc, lists: lists, regions: regionTable)
            if reference {
                try XLSXLibraryWriter.write(sheets, to: batch.path(for: workbookName))
            } else {
                try XLSXWriter.write(sheets, to: batch.path(for: workbookName))
            }
        }
        if options.report {
            let map = try mapJob!.value()
            let page = ReportPage.html(doc, lists: lists, regions: regionTable, mapJSON: map)
            let file = try AtomicOutputFile(path: batch.path(for: reportName))
            try file.write(page)
            try batch.add(file)
        }
        return regionSection
    }

    /// Work on another thread; ``value()`` waits for its result.
    final class Background<T: Sendable>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: Result<T, Error>?

        init(_ work: @escaping @Sendable () throws -> T) {
            DispatchQueue.global().async {
                self.result = Result { try work() }
                self.done.signal()
            }
        }

        func value() throws -> T {
            done.wait()
            done.signal() // a second call does not wait forever
            return try result!.get()
        }
    }

    // MARK: Workbook

    static func workbook(_ d: ResultDocument, lists: [LoadedList], regions: RegionTable?) -> [XLSXSheet] {
        let zh = d.language == .zh
        var summary = XLSXSheet(name: zh ? "汇总" : "Summary", columns: (0..<8).map { _ in XLSXColumn("") })
        summary.columns[0].header = d.title
        for block in MarkdownBlocks.parse(d.summary) {
            switch block {
            case let .heading(_, text): summary.rows.append([.text(text)])
            case let .line(text): summary.rows.append([.text(text)])
            case let .table(header, rows):
                summary.rows.append(header.map { .text($0) })
                for r in rows { summary.rows.append(r.map { cell in NumberText.parseGrouped(cell).map { .number($0) } ?? .text(cell) }) }
            case .blank: summary.rows.append([])
            }
        }
        // Split lists say so on the summary sheet.
        for l in lists {
            let names = XLSXWriter.sheetNames(for: l.list.title, rowCount: l.rows.count)
            if names.count > 1 {
                summary.rows.append([.text(zh ? "“\(l.list.title)”共 \(l.rows.count) 行，超过 Excel 每表 \(XLSXWriter.maxDataRows) 行的上限，分为工作表：\(names.joined(separator: "、"))"
                                             : "\(l.list.title): \(l.rows.count) rows, more than Excel's \(XLSXWriter.maxDataRows) per sheet, split into sheets \(names.joined(separator: ", "))")])
            }
        }
        summary.rows.append([])
        for (k, v) in d.inputs { summary.rows.append([.text(k), .text(v)]) }
        var sheets = [summary]
        if let regions { sheets.append(regions.sheet(d.language)) }
        for l in lists {
            let columns = l.header.enumerated().map { c, name in XLSXColumn(ColumnTitles.title(name, d.language), l.kinds[c]) }
            // Cells made in chunks of rows on every core.
            let kinds = l.kinds, source = l.rows
            var rows = [[XLSXCell]](repeating: [], count: source.count)
            rows.withUnsafeMutableBufferPointer { buffer in
                let out = UnsafeSendable(buffer)
                DispatchQueue.concurrentPerform(iterations: (source.count + 4095) / 4096) { chunk in
                    for r in chunk * 4096..<min(source.count, (chunk + 1) * 4096) {
                        out.value[r] = source[r].enumerated().map { c, v -> XLSXCell in
                            if v.isEmpty { return .empty }
                            if c < kinds.count, case .number = kinds[c], let n = Double(v) { return .number(n) }
                            return .text(v)
                        }
                    }
                }
            }
            sheets.append(XLSXSheet(name: l.list.title, columns: columns, rows: rows))
        }
        return sheets
    }
}

/// summary.md's Markdown as blocks: what the workbook's summary sheet and the page show.
enum MarkdownBlocks {
    enum Block {
        case heading(Int, String)
        case line(String)
        case table([String], [[String]])
        case blank
    }

    static func parse(_ text: String) -> [Block] {
        var blocks: [Block] = []
        var table: ([String], [[String]])?
        func flush() {
            if let t = table { blocks.append(.table(t.0, t.1)) }
            table = nil
        }
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("|") {
                let cells = splitRow(line)
                if table == nil {
                    table = (cells, [])
                } else if cells.allSatisfy({ $0.allSatisfy { "-:".contains($0) } && !$0.isEmpty }) {
                    continue
                } else {
                    table!.1.append(cells)
                }
                continue
            }
            flush()
            if line.isEmpty {
                blocks.append(.blank)
            } else if let hashes = line.firstIndex(where: { $0 != "#" }), hashes != line.startIndex, line[hashes] == " " {
                blocks.append(.heading(line.distance(from: line.startIndex, to: hashes), plain(String(line[line.index(after: hashes)...]))))
            } else {
                blocks.append(.line(plain(line)))
            }
        }
        flush()
        return blocks
    }

    static func splitRow(_ line: String) -> [String] {
        var s = Substring(line)
        if s.hasPrefix("|") { s = s.dropFirst() }
        if s.hasSuffix("|") { s = s.dropLast() }
        return s.components(separatedBy: "|").map { plain($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Markdown emphasis and code marks taken out.
    static func plain(_ s: String) -> String {
        s.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
    }
}

extension NumberText {
    /// A summary figure as a number ("1,234.56", "12", "-3.5"); nil for anything else.
    static func parseGrouped(_ s: String) -> Double? {
        guard !s.isEmpty, s.allSatisfy({ "0123456789,.-".contains($0) }), s.contains(where: \.isNumber) else { return nil }
        let plain = s.replacingOccurrences(of: ",", with: "")
        if plain.count > 1, plain.first == "0", plain.dropFirst().first != "." { return nil }
        return Double(plain)
    }
}

/// Column titles of the lists in the report and the workbook, by CSV column name (the CSV
/// keeps its names); a column of the input's own attributes keeps its name.
public enum ColumnTitles {
    static let titles: [String: (zh: String, en: String)] = [
        "id": ("编号", "id"), "status": ("几何状态", "geometry status"), "area_m2": ("面积 (m²)", "area (m²)"),
        "area_mu": ("面积 (亩)", "area (mu)"), "ellipsoid_area_m2": ("椭球面积 (m²)", "ellipsoidal area (m²)"),
        "cluster_m2": ("集聚区内 (m²)", "in cluster (m²)"), "transition_m2": ("过渡区内 (m²)", "in transition (m²)"),
        "reserve_m2": ("留白区内 (m²)", "in reserve (m²)"), "redline_m2": ("红线内 (m²)", "in red line (m²)"),
        "outside_m2": ("分区外 (m²)", "outside (m²)"), "zone": ("主分区", "zone"), "redline_share": ("红线占比", "red-line share"),
        "flags": ("标记", "flags"), "rule": ("规则", "rule"), "severity": ("级别", "severity"), "parcel_ids": ("地块编号", "parcel ids"),
        "zone_ids": ("分区编号", "zone ids"), "message": ("说明", "message"), "verdict": ("审查结论", "verdict"),
        "failed_checks": ("未通过项", "failed checks"), "explanation": ("说明", "explanation"), "idle_class": ("闲置类别", "idle class"),
        "days_overdue": ("逾期天数", "days overdue"), "idle_fee_wan": ("闲置费 (万元)", "idle fee (万元)"),
        "building_coverage": ("建筑覆盖率", "building coverage"), "evidence": ("依据", "evidence"), "reference_date": ("起算日期", "reference date"),
        "idle_from": ("闲置起始", "idle from"), "recoverable_from": ("可收回起始", "recoverable from"), "building_count": ("建筑数", "buildings"),
        "far": ("容积率", "FAR"), "far_source": ("容积率来源", "FAR source"), "target_far": ("目标容积率", "target FAR"),
        "added_floor_area_m2": ("可增建筑面积 (m²)", "floor area to add (m²)"), "pocket_count": ("可建空地数", "pockets"),
        "largest_pocket_m2": ("最大空地 (m²)", "largest pocket (m²)"), "tax_per_mu": ("亩均税收 (万元/亩)", "tax per mu (万元/亩)"),
        "low_efficiency": ("低效", "low efficiency"), "priority": ("优先序", "priority"), "priority_group": ("优先组", "priority group"),
        "candidate": ("技改候选", "candidate"), "reason": ("非候选原因", "reason"), "existing_floor_area_m2": ("现有建筑面积 (m²)", "floor area (m²)"),
        "pocket_area_m2": ("空地面积 (m²)", "pocket area (m²)"), "parcel_id": ("地块编号", "parcel id"), "pocket": ("空地序号", "pocket"),
        "region": ("所属区域", "region"), "region_share": ("区域内占比", "share in region"), "region_across": ("跨界", "across a boundary"),
    ]
    static let checkNames: [String: (zh: String, en: String)] = [
        "geometry": ("几何", "geometry"), "area_declared": ("申报面积", "declared area"), "zone": ("分区", "zone"),
        "overlap_existing": ("与已供地重叠", "overlap with grants"), "overlap_proposals": ("申请间重叠", "overlap between proposals"),
        "far_min": ("容积率下限", "FAR min"), "far_max": ("容积率上限", "FAR max"), "coverage": ("建筑系数", "coverage"),
        "admin_share": ("行政办公比例", "admin share"), "green_ratio": ("绿地率", "green ratio"),
        "investment_intensity": ("投资强度", "investment intensity"), "tax_per_mu": ("亩均税收", "tax per mu"),
        "energy_value_added": ("单位能耗增加值", "value added per energy"), "emission_value_added": ("单位排放增加值", "value added per emission"),
        "rnd_share": ("研发投入占比", "R&D share"), "industry": ("行业准入", "industry"),
        "negative_list": ("负面清单", "negative list"),
    ]

    /// The title of CSV column `name` in `language`.
    public static func title(_ name: String, _ language: ReportLanguage) -> String {
        if let t = titles[name] { return language == .zh ? t.zh : t.en }
        for (suffix, zh, en) in [("_required", "要求", "required"), ("_actual", "实际", "actual"), ("_result", "结果", "result")] where name.hasSuffix(suffix) {
            if let c = checkNames[String(name.dropLast(suffix.count))] { return language == .zh ? c.zh + zh : c.en + " " + en }
        }
        return name
    }
}
