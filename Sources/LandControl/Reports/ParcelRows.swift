import Spatial

/// A command's per-parcel CSV and GeoJSON written together, one row per parcel: chunks
/// encoded on every core and written in order, so that the formatting of 100,000 rows does
/// not run on one core.
///
/// A command gives its columns as a function generic over ``RecordFields`` (`put(name, cell)`
/// per column, in order), called once per row for both files (``BothFiles``): the cells go
/// straight into the bytes, with no row of values made and taken apart per parcel.
enum ParcelRows {
    /// Writes `count` rows (the closures are called from several threads at once: they must
    /// only read shared data). `columns` are the command's column names, `jsonOnly` the
    /// GeoJSON-only ones after them; `attributes` the parcels' own attributes with the column
    /// each is written under. `cells` puts the command's cells of row k, once for both files;
    /// `jsonOnlyCells` the GeoJSON's `jsonOnly` cells after them; `properties` and `geometry`
    /// give row k's attributes and output geometry.
    static func write(count: Int, csv: CSVWriter, json: GeoJSONWriter, columns: [String], jsonOnly: [String],
                      attributes: [(key: String, column: String)],
                      properties: (Int) -> Properties, geometry: (Int) -> FlatGeometry?,
                      cells: (Int, inout BothFiles) -> Void, jsonOnlyCells: (Int, inout GeoJSONWriter.Members) -> Void = { _, _ in },
                      progress: ((Int) -> Void)? = nil) throws {
        let jsonColumns = GeoJSONWriter.Columns(columns + jsonOnly + attributes.map(\.column))
        try OrderedChunks.run(count: count, chunk: 1024, makeState: { Chunk(lookup: AttributeLookup(names: attributes.map(\.key))) }, encode: { range, chunk in
            chunk.csv.removeAll()
            chunk.json.removeAll()
            for k in range {
                let p = properties(k)
                encode(csv: chunk.csv, json: chunk.json, first: k == 0, geometry: geometry(k), columns: jsonColumns) { both in
                    cells(k, &both)
                    jsonOnlyCells(k, &both.members.pointee)
                    chunk.lookup.forEachValue(in: p) { both.value($0) }
                }
            }
        }, write: { range, chunk in
            try csv.write(encoded: chunk.csv)
            try json.write(encoded: chunk.json, features: range.count)
            progress?(range.upperBound)
        })
    }

    /// Appends one row to a CSV chunk and the same row as a GeoJSON feature to a GeoJSON
    /// chunk: `body` puts the cells through ``BothFiles`` (a GeoJSON-only member goes to
    /// `both.members.pointee`).
    static func encode(csv: ByteSink, json: ByteSink, first: Bool, geometry: FlatGeometry?, columns: GeoJSONWriter.Columns,
                       _ body: (inout BothFiles) -> Void) {
        CSVWriter.encodeRow(into: csv) { row in
            GeoJSONWriter.encodeFeature(into: json, first: first, geometry: geometry, columns: columns) { members in
                withUnsafeMutablePointer(to: &row) { row in
                    withUnsafeMutablePointer(to: &members) { members in
                        var both = BothFiles(row: row, members: members)
                        body(&both)
                    }
                }
            }
        }
    }

    /// One row's cells put into the CSV row and the GeoJSON feature at once: each cell is
    /// made once (its texts joined, its numbers formatted) for both files. `put` is the
    /// protocol's own, which sends each cell to these.
    struct BothFiles: RecordFields {
        let row: UnsafeMutablePointer<CSVWriter.Row>
        let members: UnsafeMutablePointer<GeoJSONWriter.Members>

        mutating func text(_ s: String) {
            row.pointee.text(s)
            members.pointee.text(s)
        }
        mutating func number(_ v: Double, decimals: Int) {
            // Formatted once: the same text is a CSV field and a JSON number.
            NumberFormatting.withText(v, decimals: decimals) { text in
                row.pointee.numberText(text)
                members.pointee.numberText(text)
            }
        }
        mutating func null() {
            row.pointee.null()
            members.pointee.null()
        }
        mutating func value(_ v: PropertyValue?) {
            row.pointee.value(v)
            members.pointee.value(v)
        }
        mutating func joined(_ parts: [String], separator: String) {
            text(parts.count == 1 ? parts[0] : parts.joined(separator: separator))
        }
    }

    private struct Chunk {
        let csv = ByteSink()
        let json = ByteSink()
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
