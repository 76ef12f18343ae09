import Spatial

/// A command's per-parcel CSV and GeoJSON written together, one row per parcel: chunks
/// encoded on every core and written in order (as classify's parcels are), so that the
/// formatting of 100,000 rows does not run on one core.
enum ParcelRows {
    /// One parcel's row.
    struct Row {
        /// The command's own columns, in the files' column order.
        var values: [(String, OutputCell)]
        /// Columns that only the GeoJSON carries (Chinese labels), after `values`.
        var jsonOnly: [OutputCell] = []
        /// The parcel's own attributes, written after the command's columns.
        var properties: Properties
        var geometry: FlatGeometry?
    }

    /// Writes `count` rows from `row` (called from several threads at once: it must only
    /// read shared data). `columns` are the command's column names (`values`' keys, in
    /// order), `jsonOnly` the GeoJSON-only names; `attributes` the parcels' own attributes
    /// with the column each is written under.
    static func write(count: Int, csv: CSVWriter, json: GeoJSONWriter, columns: [String], jsonOnly: [String],
                      attributes: [(key: String, column: String)], row: (Int) -> Row) throws {
        let jsonColumns = GeoJSONWriter.Columns(columns + jsonOnly + attributes.map(\.column))
        try OrderedChunks.run(count: count, chunk: 1024, makeState: { Chunk(lookup: AttributeLookup(names: attributes.map(\.key))) }, encode: { range, chunk in
            chunk.csv.removeAll(keepingCapacity: true)
            chunk.json.removeAll(keepingCapacity: true)
            for k in range {
                let r = row(k)
                // The header comes from `columns`, the cells from `values`: they must agree (checked in debug builds, which the tests run).
                assert(k != range.lowerBound || r.values.map(\.0) == columns, "ParcelRows: values' keys differ from the columns")
                CSVWriter.encodeRow(into: &chunk.csv) { fields in
                    for (_, v) in r.values { fields.cell(v) }
                    chunk.lookup.forEachValue(in: r.properties) { fields.value($0) }
                }
                GeoJSONWriter.encodeFeature(into: &chunk.json, first: k == 0, geometry: r.geometry, columns: jsonColumns) { members in
                    for (_, v) in r.values { members.cell(v) }
                    for v in r.jsonOnly { members.cell(v) }
                    chunk.lookup.forEachValue(in: r.properties) { members.value($0 ?? .null) }
                }
            }
        }, write: { range, chunk in
            try csv.write(encoded: chunk.csv)
            try json.write(encoded: chunk.json, features: range.count)
        })
    }

    private struct Chunk {
        var csv: [UInt8] = []
        var json: [UInt8] = []
        var lookup: AttributeLookup
    }
}
