import Spatial

/// Writes what `evaluate` found into a folder: enterprises.csv, parcels.csv,
/// parcels.geojson and summary.md (and the report and workbook). All of them appear
/// together (``OutputBatch``).
public enum EvaluationOutput {
    /// The files a run writes into its output folder.
    public static let fileNames = ["enterprises.csv", "parcels.csv", "parcels.geojson", "summary.md"]

    /// enterprises.csv's fixed leading columns, in order; the table's own columns follow.
    public static let firmColumns: [String] = ["credit_code", "name", "group", "land_mu", "land_source"]
        + Indicator.allCases.map(\.rawValue) + Indicator.allCases.map { $0.rawValue + "_score" }
        + Indicator.allCases.map { $0.rawValue + "_benchmark" } + ["total", "rank", "class", "low_efficiency", "flags"]

    /// parcels.csv's fixed leading columns; the parcel's own attributes follow.
    public static let parcelColumns = ["id", "credit_code", "name", "class", "total", "tax_per_mu", "low_efficiency", "zone", "redline_share",
                                       "status", "ellipsoid_area_m2", "area_mu", "building_coverage", "flags"]

    /// `summary` gives `EvaluationSummary.markdown(result)` when the caller makes it (it may be making
    /// it meanwhile: it is asked for only after the parcel files are written).
    @discardableResult
    public static func write(_ result: EvaluationResult, to folder: String, output: ResultFormats.Options = .init(),
                             summary summaryText: (() -> String)? = nil) throws -> [String] {
        let batch = try OutputBatch(folder: folder, command: "evaluate", names: fileNames)
        // enterprises.csv: every row of the table, in table order.
        let tableColumns = OutputColumns.attributes(result.firms.map(\.record.properties), reserved: firmColumns)
        let firmCSV = try CSVWriter(path: batch.path(for: "enterprises.csv"), header: ColumnNames.header(firmColumns, output.headerLanguage) + tableColumns.map(\.column), batch: batch)
        // Rows encoded in chunks on every core, written in order.
        let firms = result.firms
        try OrderedChunks.run(count: firms.count, chunk: 1024, makeState: { ByteSink() }, encode: { range, out in
            out.removeAll()
            firms.withUnsafeBufferPointer { all in
                for k in range {
                    CSVWriter.encodeRow(into: out) { row in
                        for v in firmValues(all[k]) { row.value(v) }
                        for (key, _) in tableColumns { row.value(all[k].record.properties[key]) }
                    }
                }
            }
        }, write: { _, out in try firmCSV.write(encoded: out) })
        try firmCSV.finish()

        // parcels.csv / parcels.geojson: every parcel, in input order.
        let attributes = OutputColumns.attributes(result.parcels, reserved: parcelColumns)
        let csv = try CSVWriter(path: batch.path(for: "parcels.csv"), header: ColumnNames.header(parcelColumns, output.headerLanguage) + attributes.map(\.column), batch: batch)
        let json = try GeoJSONWriter(path: batch.path(for: "parcels.geojson"), name: "parcels", batch: batch)
        let parcels = result.parcels
        // What a parcel shows of its firm, made once per firm rather than copied per parcel.
        let firmColumns = firms.map { f in
            FirmColumns(name: .string(f.record.name), classText: f.classText.isEmpty ? .null : .string(f.classText), total: .decimal(f.total, 4),
                        taxPerMu: .decimal(f.taxPerMu, 4), lowEfficiency: f.lowEfficiency.map { .bool($0) } ?? .null)
        }
        assert(parcels.isEmpty || parcels.withUnsafeBufferPointer { var n = ParcelRows.NameCheck(); parcelValues($0.baseAddress!, nil, into: &n); return n.names == parcelColumns })
        try parcels.withUnsafeBufferPointer { parcels in // read in place, not copied per row
            try ParcelRows.write(count: parcels.count, csv: csv, json: json, columns: parcelColumns, jsonOnly: [], attributes: attributes,
                                 properties: { parcels[$0].properties }, geometry: { parcels[$0].outputGeometry },
                                 cells: { k, f in parcelValues(parcels.baseAddress! + k, parcels[k].firm.map { firmColumns[$0] }, into: &f) })
        }
        try csv.finish()
        try json.finish()

        let summaryText = summaryText?() ?? EvaluationSummary.markdown(result)
        // enterprises.csv has no geometry: it is written whatever --out-format asks for.
        return try ResultFormats.publish(batch, summary: summaryText, document: { try CommandDocuments.evaluate(result, summary: summaryText) },
                                         layers: [(name: "parcels", geojson: "parcels.geojson", csv: "parcels.csv")], output: output)
    }

    static func n(_ v: Double?, _ d: Int) -> PropertyValue { v.map { OutputColumns.number($0, d) } ?? .null }

    /// enterprises.csv's values of one firm, in the order of ``firmColumns``.
    static func firmValues(_ f: FirmEvaluation) -> [PropertyValue] {
        let r = f.record
        var out: [PropertyValue] = [
            .string(r.creditCode), .string(r.name), r.group.map { .string($0.rawValue) } ?? .null,
            n(f.landMu, 4), f.landSource.map { .string($0.rawValue) } ?? .null,
        ]
        out.reserveCapacity(firmColumns.count)
        // Seven indicators at most: found by a look along the list, no dictionary per firm.
        let scored = Indicator.allCases.map { i in f.indicators.first { $0.indicator == i } }
        // The value whenever it can be computed; empty when the group is not scored on it.
        for k in scored.indices { out.append(n(scored[k]?.value, 6)) }
        for k in scored.indices { out.append(n(scored[k]?.score, 4)) }
        for k in scored.indices { out.append(n(scored[k]?.benchmark, 6)) }
        out += [
            n(f.total, 4), f.rank.map { .number("\($0)") } ?? .null, f.classText.isEmpty ? .null : .string(f.classText),
            f.lowEfficiency.map { .bool($0) } ?? .null, .string(f.flags.joined(separator: "; ")),
        ]
        return out
    }

    /// A firm's columns on each of its parcels.
    struct FirmColumns {
        var name, classText, total, taxPerMu, lowEfficiency: OutputCell
    }

    /// `p` by pointer: read in place (passed by value, each row copied the parcel whole).
    static func parcelValues<F: RecordFields>(_ p: UnsafePointer<ParcelEvaluation>, _ firm: FirmColumns?, into f: inout F) {
        f.put("id", .string(p.pointee.id))
        f.put("credit_code", p.pointee.creditCode.map { .string($0) } ?? .null)
        f.put("name", firm?.name ?? .null)
        f.put("class", firm?.classText ?? .null)
        f.put("total", firm?.total ?? .null)
        f.put("tax_per_mu", firm?.taxPerMu ?? .null)
        f.put("low_efficiency", firm?.lowEfficiency ?? .null)
        f.put("zone", p.pointee.zone.map { .string($0) } ?? .null)
        f.put("redline_share", .decimal(p.pointee.redLineShare, 6))
        f.put("status", .string(p.pointee.status.rawValue))
        f.put("ellipsoid_area_m2", .decimal(p.pointee.ellipsoidalAreaM2, 3))
        f.put("area_mu", .decimal(p.pointee.ellipsoidalAreaM2.map { AreaUnits.mu(fromSquareMetres: $0) }, 4))
        f.put("building_coverage", .decimal(p.pointee.buildingCoverage, 6))
        f.put("flags", .string(p.pointee.flags.joined(separator: "; ")))
    }
}
