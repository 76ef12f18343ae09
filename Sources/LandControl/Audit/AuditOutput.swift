import Spatial

/// Writes what `audit` found into a folder: audit.csv (one row per parcel), findings.csv
/// (one row per finding), parcels.geojson and summary.md, with the report and workbook; all
/// of them appear together (``OutputBatch``).
public enum AuditOutput {
    /// The files a run writes into its output folder.
    public static let fileNames = ["audit.csv", "findings.csv", "parcels.geojson", "summary.md"]

    static let dateChecks = ["start", "completion", "production"]
    static let figureChecks = ["investment_per_mu", "tax_per_mu", "far", "energy_per_value_added", "emission_per_value_added"]

    /// The fixed leading columns of audit.csv, in order; the parcel's own attributes follow.
    public static let columns: [String] = {
        var c = ["id", "status", "audited", "stage", "stage_rule", "findings", "penalty_wan", "penalty_formula", "stage_deadline",
                 "next_deadline", "next_deadline_what", "previous_stage", "previous_deadline", "as_of"]
        for d in dateChecks { c += ["\(d)_due", "\(d)_actual", "\(d)_days_late"] }
        c.append("review_date")
        for f in figureChecks { c += ["\(f)_due", "\(f)_actual", "\(f)_gap_pct"] }
        c += ["far_source", "contract_industry", "actual_industry", "land_price_wan", "site_area_m2", "site_area_source",
              "area_m2", "area_mu", "zone", "redline_share", "note", "flags"]
        return c
    }()

    /// findings.csv's columns.
    public static let findingColumns = ["id", "code", "check", "due", "actual", "gap_pct", "days_late", "stage", "rule", "penalty_wan",
                                        "penalty_formula", "message", "parcel_stage", "area_mu", "zone"]

    @discardableResult
    /// `summary` gives `AuditSummary.markdown(result)` when the caller makes it (it may be making
    /// it meanwhile: it is asked for only after the parcel files are written).
    public static func write(_ result: AuditResult, to folder: String, output: ResultFormats.Options = .init(),
                             summary summaryText: (() -> String)? = nil) throws -> [String] {
        let batch = try OutputBatch(folder: folder, command: "audit", names: fileNames)
        let attributes = OutputColumns.attributes(result.parcels, reserved: columns + ["stage_zh"])
        let csv = try CSVWriter(path: batch.path(for: "audit.csv"), header: ColumnNames.header(columns, output.headerLanguage) + attributes.map(\.column), batch: batch)
        let json = try GeoJSONWriter(path: batch.path(for: "parcels.geojson"), name: "audit", batch: batch)
        let parcels = result.parcels, asOf = result.asOf
        assert(parcels.isEmpty || parcels.withUnsafeBufferPointer { var n = ParcelRows.NameCheck(); values($0.baseAddress!, asOf: asOf, into: &n); return n.names == columns })
        try parcels.withUnsafeBufferPointer { parcels in // read in place, not copied per row
            try ParcelRows.write(count: parcels.count, csv: csv, json: json, columns: columns, jsonOnly: ["stage_zh"], attributes: attributes,
                                 properties: { parcels[$0].properties }, geometry: { parcels[$0].outputGeometry },
                                 cells: { values(parcels.baseAddress! + $0, asOf: asOf, into: &$1) },
                                 jsonOnlyCells: { k, f in f.put("stage_zh", .text(parcels[k].stage?.title(.zh))) })
        }
        try csv.finish()
        try json.finish()
        let findings = try CSVWriter(path: batch.path(for: "findings.csv"), header: ColumnNames.header(findingColumns, output.headerLanguage), batch: batch)
        // Encoded in chunks of parcels on every core, written in order.
        try OrderedChunks.run(count: parcels.count, chunk: 2048, makeState: { ByteSink() }, encode: { range, out in
            out.removeAll()
            parcels.withUnsafeBufferPointer { parcels in // read in place, not copied
                for k in range where parcels[k].audited { encodeFindings(parcels.baseAddress! + k, into: out) }
            }
        }, write: { _, out in try findings.write(encoded: out) })
        try findings.finish()
        let summaryText = summaryText?() ?? AuditSummary.markdown(result)
        return try ResultFormats.publish(batch, summary: summaryText, document: { try CommandDocuments.audit(result, summary: summaryText) },
                                         layers: [(name: "audit", geojson: "parcels.geojson", csv: "audit.csv")], output: output)
    }

    /// `p` by pointer: its fields are read in place (a `borrowing` parameter was still copied
    /// whole, retaining every field, once per row and file).
    static func values<F: RecordFields>(_ p: UnsafePointer<ParcelAudit>, asOf: LedgerDate, into f: inout F) {
        func date(_ d: LedgerDate?) -> OutputCell { d.map { .string($0.description) } ?? .null }
        f.put("id", .string(p.pointee.id))
        f.put("status", .string(p.pointee.status.rawValue))
        f.put("audited", .bool(p.pointee.audited))
        f.put("stage", .text(p.pointee.stage?.rawValue))
        f.put("stage_rule", .text(p.pointee.audited ? p.pointee.placement.rule : nil))
        f.put("findings", .string(p.pointee.findings.isEmpty ? "" : p.pointee.findings.map(\.code.rawValue).joined(separator: ";")))
        f.put("penalty_wan", .decimal(p.pointee.placement.penaltyWan, 4))
        f.put("penalty_formula", .text(p.pointee.placement.penaltyFormula))
        f.put("stage_deadline", date(p.pointee.placement.deadline))
        f.put("next_deadline", date(p.pointee.nextDeadline?.date))
        f.put("next_deadline_what", .text(p.pointee.nextDeadline?.what))
        f.put("previous_stage", .text(p.pointee.previous?.stage.rawValue))
        f.put("previous_deadline", date(p.pointee.previous?.deadline))
        f.put("as_of", .string(asOf.description))
        // The checks come in dateChecks' and figureChecks' order (when the parcel was audited).
        func recorded(_ k: Int) -> (LedgerDate?, LedgerDate?) {
            switch k {
            case 0: (p.pointee.inputs.startDue, p.pointee.inputs.actualStart)
            case 1: (p.pointee.inputs.completionDue, p.pointee.inputs.actualCompletion)
            default: (p.pointee.inputs.productionDue, p.pointee.inputs.actualProduction)
            }
        }
        for (k, name) in dateChecks.enumerated() {
            let c: AuditDateCheck? = k < p.pointee.dates.count ? p.pointee.dates[k] : nil
            f.put("\(name)_due", date(c?.due ?? recorded(k).0))
            f.put("\(name)_actual", date(c?.actual ?? recorded(k).1))
            f.put("\(name)_days_late", .integer(c?.daysLate))
            assert(c == nil || c!.name == name)
        }
        f.put("review_date", date(p.pointee.reviewDate ?? p.pointee.inputs.reviewDate))
        for (k, name) in figureChecks.enumerated() {
            let c: AuditFigureCheck? = k < p.pointee.figures.count ? p.pointee.figures[k] : nil
            f.put("\(name)_due", .decimal(c?.promised, 4))
            f.put("\(name)_actual", .decimal(c?.actual, 4))
            f.put("\(name)_gap_pct", .decimal(c?.gap.map { $0 * 100 }, 2))
            assert(c == nil || c!.name == name)
        }
        var flags = p.pointee.geometryFlags
        if !p.pointee.inputs.problems.isEmpty {
            flags += p.pointee.inputs.problems.sorted { $0.key.rawValue < $1.key.rawValue }.map { "bad_\($0.key.rawValue): \($0.value)" }
        }
        f.put("far_source", .text(p.pointee.measures.farSource?.rawValue))
        f.put("contract_industry", .text(p.pointee.inputs.contractIndustry))
        f.put("actual_industry", .text(p.pointee.inputs.industryCode))
        f.put("land_price_wan", .decimal(p.pointee.inputs.landPriceWan, 4))
        f.put("site_area_m2", .decimal(p.pointee.measures.siteAreaM2, 3))
        f.put("site_area_source", .text(p.pointee.measures.siteAreaSource))
        f.put("area_m2", .decimal(p.pointee.areaM2, 3))
        f.put("area_mu", .decimal(p.pointee.areaMu, 4))
        f.put("zone", .text(p.pointee.zone))
        f.put("redline_share", .decimal(p.pointee.redLineShare, 6))
        f.put("note", .text(p.pointee.note))
        f.put("flags", .string(flags.joined(separator: "; ")))
    }

    /// One parcel's rows of findings.csv.
    static func encodeFindings(_ p: UnsafePointer<ParcelAudit>, into out: ByteSink) {
        for f in p.pointee.findings {
            CSVWriter.encodeRow(into: out) { row in
                row.text(p.pointee.id)
                row.text(f.code.rawValue)
                row.text(f.check)
                row.text(f.due)
                row.text(f.actual)
                if let gap = f.gap { row.number(gap * 100, decimals: 2) } else { row.null() }
                if let days = f.daysLate { row.text(String(days)) } else { row.null() }
                row.text(f.stage.rawValue)
                row.text(f.rule)
                if let fee = f.penaltyWan { row.number(fee, decimals: 4) } else { row.null() }
                row.text(f.penaltyFormula ?? "")
                row.text(f.message)
                row.text(p.pointee.placement.stage.rawValue)
                if let mu = p.pointee.areaMu { row.number(mu, decimals: 4) } else { row.null() }
                row.text(p.pointee.zone ?? "")
            }
        }
    }
}
