import Spatial

/// A command's per-parcel CSV and GeoJSON written together, one row per parcel: chunks
/// encoded on every core and written in order (as classify's parcels are), so that the
/// formatting of 100,000 rows does not run on one core.
///
/// A command gives its columns as a function generic over ``RecordFields`` (`put(name, cell)`
/// per column, in order), called for each file: the cells go straight into the bytes, with
/// no row of values made and taken apart per parcel.
enum ParcelRows {
    /// Writes `count` rows (the closures are called from several threads at once: they must
    /// only read shared data). `columns` are the command's column names, `jsonOnly` the
    /// GeoJSON-only ones after them; `attributes` the parcels' own attributes with the column
    /// each is written under. `csvCells`/`jsonCells` put the command's cells of row k (for
    /// the GeoJSON, its `jsonOnly` cells too); `properties` and `geometry` give row k's
    /// attributes and output geometry.
    static func write(count: Int, csv: CSVWriter, json: GeoJSONWriter, columns: [String], jsonOnly: [String],
                      attributes: [(key: String, column: String)],
                      properties: (Int) -> Properties, geometry: (Int) -> FlatGeometry?,
                      csvCells: (Int, inout CSVWriter.Row) -> Void, jsonCells: (Int, inout GeoJSONWriter.Members) -> Void) throws {
        let jsonColumns = GeoJSONWriter.Columns(columns + jsonOnly + attributes.map(\.column))
        try OrderedChunks.run(count: count, chunk: 1024, makeState: { Chunk(lookup: AttributeLookup(names: attributes.map(\.key))) }, encode: { range, chunk in
            chunk.csv.removeAll(keepingCapacity: true)
            chunk.json.removeAll(keepingCapacity: true)
            for k in range {
                let p = properties(k)
                CSVWriter.encodeRow(into: &chunk.csv) { fields in
                    csvCells(k, &fields)
                    chunk.lookup.forEachValue(in: p) { fields.value($0) }
                }
                GeoJSONWriter.encodeFeature(into: &chunk.json, first: k == 0, geometry: geometry(k), columns: jsonColumns) { members in
                    jsonCells(k, &members)
                    chunk.lookup.forEachValue(in: p) { members.value($0 ?? .null) }
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

    /// The column names a command's cell function puts, in order (the header is made from
    /// the command's column list: the two must agree, which the tests check in debug builds).
    struct NameCheck: RecordFields {
        var names: [String] = []
        mutating func put(_ name: @autoclosure () -> String, _ cell: OutputCell) { names.append(name()) }
        mutating func text(_ s: String) {}
        mutating func number(_ v: Double, decimals: Int) {}
        mutating func null() {}
        mutating func value(_ v: PropertyValue?) {}
        mutating func joined(_ parts: [String], separator: String) {}
    }
}
