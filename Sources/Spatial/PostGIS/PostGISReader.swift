import Foundation

/// Reads a layer from a PostGIS table or query into the same ``Feature`` / ``FlatGeometry``
/// model as the file readers, through libpq.
///
/// Everything is read in one READ ONLY transaction (repeatable read: the metadata and the
/// rows are one snapshot), so a `--sql` that writes — `DELETE … RETURNING`, a function that
/// inserts, `nextval` — is refused by the server and nothing changes. A table's geometry
/// column and CRS come from its metadata (the column's type modifier, else the SRID its
/// geometries carry, looked up in `spatial_ref_sys`); a single-column integer primary key is
/// the feature id and sets the order, as GDAL's PostgreSQL driver does. Rows cross as
/// `COPY … TO STDOUT` text (geometries as hex EWKB), decoded on every core. Attributes keep
/// their type: integers, reals and numerics as numbers (their text, exactly), dates and
/// timestamps as dates, booleans as booleans, json/jsonb and one-dimensional arrays as JSON,
/// anything else as text.
public final class PostGISReader: FeatureReader {
    public let file: String
    public let format = LayerFormat.postgis
    public private(set) var declaredCRS: String?
    public private(set) var notes: [String] = []
    /// `schema.table`, or `SQL` for a query.
    public let layerName: String

    private var features: [Feature] = []
    private var position = 0

    /// PostgreSQL's built-in type OIDs that LandControl decodes.
    enum TypeOID {
        static let bool: UInt32 = 16, bytea: UInt32 = 17, int8: UInt32 = 20, int2: UInt32 = 21, int4: UInt32 = 23, oid: UInt32 = 26
        static let json: UInt32 = 114, float4: UInt32 = 700, float8: UInt32 = 701, date: UInt32 = 1082, timestamp: UInt32 = 1114
        static let timestamptz: UInt32 = 1184, numeric: UInt32 = 1700, jsonb: UInt32 = 3802
        static let integers: Set<UInt32> = [int2, int4, int8, oid]
        /// One-dimensional arrays and their elements' kind.
        static let arrays: [UInt32: Decoder] = [1000: .boolean, 1005: .number, 1007: .number, 1016: .number, 1021: .real, 1022: .real,
                                                1231: .real, 1009: .text, 1015: .text, 1014: .text, 1182: .text]
    }

    /// How one column's text becomes a value.
    enum Decoder: Sendable {
        case number, real, boolean, date, timestamp, timestampTZ, json, bytea, text
        indirect case array(Decoder)

        init(type: UInt32) {
            switch type {
            case _ where TypeOID.integers.contains(type): self = .number
            case TypeOID.float4, TypeOID.float8, TypeOID.numeric: self = .real
            case TypeOID.bool: self = .boolean
            case TypeOID.date: self = .date
            case TypeOID.timestamp: self = .timestamp
            case TypeOID.timestamptz: self = .timestampTZ
            case TypeOID.json, TypeOID.jsonb: self = .json
            case TypeOID.bytea: self = .bytea
            default: self = TypeOID.arrays[type].map { .array($0) } ?? .text
            }
        }
    }

    /// What each column of the COPY rows is.
    enum Column: Sendable {
        case key, geometry, value(Decoder), skipped
    }

    /// Opens `path` (`PG:CONNINFO`, optionally `|layername=` or `|sql=`); `layer` and `sql`
    /// (`--layer`, `--sql`) win over the name's.
    public init(path: String, layer: String? = nil, sql: String? = nil) throws {
        let source = try PostGISSource(path, layer: layer, sql: sql)
        file = source.display
        let db = try PostGISConnection(conninfo: source.conninfo, display: source.display)
        try db.execute("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", doing: "cannot start a read-only transaction")
        let types = try db.query("SELECT to_regtype('geometry')::oid, to_regtype('geography')::oid", doing: "cannot look up PostGIS's types")
        guard let geometryOID = types.first?[0].flatMap({ UInt32($0) }) else {
            throw DatabaseError(database: source.database, message: "the database has no PostGIS (no type 'geometry'): CREATE EXTENSION postgis, or connect to the database that has it")
        }
        let geographyOID = types.first?[1].flatMap { UInt32($0) } ?? 0
        let spatial: Set<UInt32> = [geometryOID, geographyOID]

        var columns: [Column] = [], keys: [String] = [], copy: String
        var srid: Int32?
        if let sql = source.sql {
            layerName = "SQL"
            var query = sql.trimmingCharacters(in: .whitespacesAndNewlines)
            while query.hasSuffix(";") { query = String(query.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
            let described = try db.describe(query, doing: "the query (--sql) failed")
            guard let g = described.firstIndex(where: { spatial.contains($0.type) }) else {
                throw DatabaseError(database: source.display, message: "the query (--sql) returns no geometry or geography column; its columns are "
                                    + described.map { "'\($0.name)'" }.joined(separator: ", "))
            }
            for (k, c) in described.enumerated() {
                if k == g {
                    columns.append(.geometry)
                } else if spatial.contains(c.type) {
                    columns.append(.skipped)
                    notes.append("the query's geometry column '\(described[g].name)' is read; '\(c.name)' is left out (one geometry per feature)")
                } else {
                    columns.append(.value(Decoder(type: c.type)))
                    keys.append(c.name)
                }
            }
            copy = "COPY (\(query)) TO STDOUT"
        } else {
            let table = try Self.resolveTable(source, db: db, spatial: spatial)
            layerName = table.schema + "." + table.name
            let attributes = try db.query("""
                SELECT attname, atttypid, CASE WHEN atttypid IN ($2::oid, $3::oid) AND atttypmod >= 0 THEN postgis_typmod_srid(atttypmod) END,
                       CASE WHEN atttypid IN ($2::oid, $3::oid) THEN postgis_typmod_type(atttypmod) END
                FROM pg_attribute WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum
                """, [table.oid, String(geometryOID), String(geographyOID)], doing: "cannot read the columns of '\(layerName)'")
            let spatialColumns = attributes.filter { spatial.contains(UInt32($0[1] ?? "") ?? 0) }
            guard !spatialColumns.isEmpty else {
                throw DatabaseError(database: source.display, message: "the table '\(layerName)' has no geometry column (its columns are "
                                    + attributes.map { "'\($0[0] ?? "")'" }.joined(separator: ", ") + "); LandControl reads layers with a geometry or geography column")
            }
            // The first polygonal geometry column, else the first.
            let chosen = spatialColumns.first { ($0[3] ?? "").lowercased().contains("polygon") } ?? spatialColumns[0]
            let geometryColumn = chosen[0] ?? ""
            if let s = chosen[2].flatMap({ Int32($0) }), s > 0 {
                srid = s
            } else if UInt32(chosen[1] ?? "") == geographyOID {
                srid = 4326
            }
            for c in spatialColumns where c[0] != geometryColumn {
                notes.append("the table's geometry column '\(geometryColumn)' is read; '\(c[0] ?? "")' is left out (one geometry per feature)")
            }
            let key = try db.query("""
                SELECT a.attname, a.atttypid FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indrelid = $1::oid AND i.indisprimary
                """, [table.oid], doing: "cannot read the primary key of '\(layerName)'")
            let keyColumn = key.count == 1 && TypeOID.integers.contains(UInt32(key[0][1] ?? "") ?? 0) ? key[0][0] : nil
            var select: [String] = []
            if let keyColumn {
                columns.append(.key)
                select.append(PostGISConnection.quoted(keyColumn))
            }
            columns.append(.geometry)
            select.append(PostGISConnection.quoted(geometryColumn))
            for a in attributes {
                guard let name = a[0], name != keyColumn, !spatial.contains(UInt32(a[1] ?? "") ?? 0) else { continue }
                columns.append(.value(Decoder(type: UInt32(a[1] ?? "") ?? 0)))
                keys.append(name)
                select.append(PostGISConnection.quoted(name))
            }
            copy = "COPY (SELECT " + select.joined(separator: ", ") + " FROM " + PostGISConnection.quoted(table.schema) + "."
                + PostGISConnection.quoted(table.name) + (keyColumn.map { " ORDER BY " + PostGISConnection.quoted($0) } ?? "") + ") TO STDOUT"
        }

        // The rows, gathered as they come (one allocation per megabyte, not per row), then
        // decoded on every core.
        let rows = RowBuffer()
        try db.copyOut(copy, doing: source.sql != nil ? "the query (--sql) failed" : "cannot read '\(layerName)'") { rows.append($0) }
        let decoded = Self.decode(rows, columns: columns, keys: keys)
        features = decoded.features
        if srid == nil, let first = decoded.srids.first { srid = first }
        if decoded.srids.count > 1 {
            notes.append("the geometries carry different SRIDs (\(decoded.srids.sorted().map(String.init).joined(separator: ", "))): all are read as SRID \(srid ?? 0)")
        }
        if let srid, srid > 0 {
            let found = try db.query("SELECT auth_name, auth_srid, srtext, proj4text FROM spatial_ref_sys WHERE srid = $1",
                                     [String(srid)], doing: "cannot look up SRID \(srid) in spatial_ref_sys")
            if let row = found.first {
                if row[0]?.uppercased() == "EPSG", let code = row[1] {
                    declaredCRS = "EPSG:\(code)"
                } else if let wkt = row[2], !wkt.isEmpty {
                    declaredCRS = wkt
                } else if let proj = row[3], !proj.isEmpty {
                    declaredCRS = proj
                }
            }
            if declaredCRS == nil {
                notes.append("SRID \(srid) is not in the database's spatial_ref_sys: the layer is read as having no CRS")
            }
        }
        try? db.execute("ROLLBACK", doing: "")
    }

    /// The table a source names (or the database's only one), with its schema and OID.
    private static func resolveTable(_ source: PostGISSource, db: PostGISConnection, spatial: Set<UInt32>) throws
        -> (oid: String, schema: String, name: String) {
        func listing() throws -> [(name: String, type: String)] {
            let rows = try db.query("""
                SELECT DISTINCT ON (n.nspname, c.relname) n.nspname, c.relname, postgis_typmod_type(a.atttypmod)
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE a.atttypid IN ($1::oid, $2::oid) AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND has_table_privilege(c.oid, 'SELECT')
                ORDER BY n.nspname, c.relname, a.attnum
                """, spatial.sorted().map(String.init), doing: "cannot list the tables")
            return rows.map { ("\($0[0] ?? "").\($0[1] ?? "")", $0[2] ?? "Geometry") }
        }
        func described(_ tables: [(name: String, type: String)]) -> String {
            let shown = tables.prefix(20).map { "'\($0.name)' (\($0.type))" }.joined(separator: ", ")
            return tables.count > 20 ? shown + " and \(tables.count - 20) more" : shown
        }
        var wanted = source.table
        if wanted == nil {
            let tables = try listing()
            let polygonal = tables.filter { $0.type.lowercased().contains("polygon") }
            if tables.count == 1 {
                wanted = tables[0].name
            } else if polygonal.count == 1 {
                wanted = polygonal[0].name
            } else {
                throw DatabaseError(database: source.database, message: tables.isEmpty
                    ? "holds no table with a geometry column that this user may read"
                    : "holds \(tables.count) tables with geometry: \(described(tables)); name one with --layer schema.table or '\(source.database)|layername=schema.table'")
            }
        }
        let name = wanted ?? ""
        let found: [[String?]]
        do {
            found = try db.query("SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)",
                                 [name], doing: "'\(name)' is not a table name")
        } catch let e as DatabaseError {
            throw DatabaseError(database: source.database, message: e.message + " (write schema.table; a name with capitals or spaces in double quotes)", sqlState: e.sqlState)
        }
        guard let row = found.first, let oid = row[0], let schema = row[1], let relname = row[2] else {
            let tables = try listing()
            throw DatabaseError(database: source.database, message: "has no table or view '\(name)'"
                                + (tables.isEmpty ? " (and no table with geometry that this user may read)" : "; its tables with geometry are \(described(tables))"),
                                sqlState: "42P01")
        }
        return (oid, schema, relname)
    }

    public func next() throws -> Feature? {
        guard position < features.count else { return nil }
        defer { position += 1 }
        return features[position]
    }

    public func readAll() throws -> [Feature] {
        defer { position = features.count; features = [] }
        return position == 0 ? features : Array(features[position...])
    }

    // MARK: - Decoding COPY text rows

    /// The rows of a COPY, end to end in large blocks, with where each row starts.
    final class RowBuffer {
        var blocks: [[UInt8]] = []
        /// (block, offset, length) of each row.
        var rows: [(block: Int32, offset: Int32, count: Int32)] = []
        private static let blockSize = 1 << 20

        func append(_ row: UnsafeRawBufferPointer) {
            if blocks.isEmpty || blocks[blocks.count - 1].count + row.count > max(Self.blockSize, row.count) {
                blocks.append([])
                blocks[blocks.count - 1].reserveCapacity(max(Self.blockSize, row.count))
            }
            let b = blocks.count - 1
            rows.append((Int32(b), Int32(blocks[b].count), Int32(row.count)))
            blocks[b].append(contentsOf: row)
        }
    }

    /// Decodes every row into a feature, in parallel chunks joined in order; also returns
    /// the SRIDs the geometries carry.
    static func decode(_ buffer: RowBuffer, columns: [Column], keys: [String]) -> (features: [Feature], srids: Set<Int32>) {
        let count = buffer.rows.count
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, count / 2000))
        let per = (count + workers - 1) / max(1, workers)
        let parts = DecodedParts(count: workers)
        let blocks = buffer.blocks, rows = buffer.rows
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let range = w * per..<min(count, (w + 1) * per)
            var out: [Feature] = []
            out.reserveCapacity(range.count)
            var srids = Set<Int32>()
            var fields: [Range<Int>] = []
            var scratch: [UInt8] = []
            for k in range {
                let r = rows[k]
                blocks[Int(r.block)].withUnsafeBytes { all in
                    let row = UnsafeRawBufferPointer(rebasing: all[Int(r.offset)..<Int(r.offset + r.count)])
                    out.append(decodeRow(row, index: k + 1, columns: columns, keys: keys, fields: &fields, scratch: &scratch, srids: &srids))
                }
            }
            parts.set(w, out, srids)
        }
        return parts.joined()
    }

    static func decodeRow(_ row: UnsafeRawBufferPointer, index: Int, columns: [Column], keys: [String], fields: inout [Range<Int>],
                          scratch: inout [UInt8], srids: inout Set<Int32>) -> Feature {
        fields.removeAll(keepingCapacity: true)
        var start = 0
        for i in 0..<row.count where row[i] == 0x09 {
            fields.append(start..<i)
            start = i + 1
        }
        fields.append(start..<row.count)
        var feature = Feature(index: index, geometry: nil)
        var values: [PropertyValue] = []
        values.reserveCapacity(keys.count)
        for (k, column) in columns.enumerated() {
            let bytes = k < fields.count ? UnsafeRawBufferPointer(rebasing: row[fields[k]]) : UnsafeRawBufferPointer(start: nil, count: 0)
            let isNull = bytes.count == 2 && bytes[0] == 0x5C && bytes[1] == UInt8(ascii: "N")
            switch column {
            case .skipped:
                continue
            case .key:
                if !isNull { feature.id = String(decoding: bytes, as: UTF8.self) }
            case .geometry:
                guard !isNull else { continue }
                do {
                    let (geometry, srid) = try hexEWKB(bytes, scratch: &scratch)
                    feature.geometry = geometry
                    if let srid { srids.insert(srid) }
                } catch let e as WKBParser.SyntaxError {
                    feature.problem = e.description
                } catch {
                    feature.problem = "\(error)"
                }
            case let .value(decoder):
                values.append(isNull ? .null : value(unescaped(bytes), decoder))
            }
        }
        feature.properties = Properties(sharedKeys: keys, values: values)
        return feature
    }

    /// A COPY text field with its backslash escapes undone.
    static func unescaped(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.contains(0x5C) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == 0x5C, i + 1 < bytes.count else {
                out.append(b)
                i += 1
                continue
            }
            let c = bytes[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(c - 48), n = 1
                while n < 3, i < bytes.count, (48...55).contains(bytes[i]) {
                    v = v * 8 + Int(bytes[i] - 48)
                    i += 1
                    n += 1
                }
                out.append(UInt8(truncatingIfNeeded: v))
            case UInt8(ascii: "x"):
                var v = 0, n = 0
                while n < 2, i < bytes.count, let d = hexDigit(bytes[i]) {
                    v = v * 16 + Int(d)
                    i += 1
                    n += 1
                }
                out.append(UInt8(truncatingIfNeeded: v))
            default: out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }

    /// A geometry as PostGIS writes it in text: hex EWKB; also the SRID it carries.
    static func hexEWKB(_ hex: UnsafeRawBufferPointer, scratch: inout [UInt8]) throws -> (FlatGeometry, Int32?) {
        guard hex.count % 2 == 0 else { throw WKBParser.SyntaxError(offset: 0, message: "the hex text has an odd length") }
        let n = hex.count / 2
        if scratch.count < n { scratch = [UInt8](repeating: 0, count: n) }
        try scratch.withUnsafeMutableBufferPointer { out in
            for k in 0..<n {
                guard let hi = hexDigit(hex[2 * k]), let lo = hexDigit(hex[2 * k + 1]) else {
                    throw WKBParser.SyntaxError(offset: k, message: "not hex text")
                }
                out[k] = hi << 4 | lo
            }
        }
        return try scratch.withUnsafeBytes { all in
            let bytes = UnsafeRawBufferPointer(rebasing: all[0..<n])
            var srid: Int32?
            if n >= 9 {
                let little = bytes[0] == 1
                let rawType = bytes.loadUnaligned(fromByteOffset: 1, as: UInt32.self)
                let type = little ? UInt32(littleEndian: rawType) : UInt32(bigEndian: rawType)
                if type & 0x2000_0000 != 0 {
                    let raw = bytes.loadUnaligned(fromByteOffset: 5, as: UInt32.self)
                    srid = Int32(bitPattern: little ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw))
                }
            }
            return (try WKBParser.parse(bytes), srid)
        }
    }

    /// One attribute's text (escapes undone) as the value its column's type says.
    static func value(_ text: String, _ decoder: Decoder) -> PropertyValue {
        switch decoder {
        case .number:
            return .number(text)
        case .real:
            // NaN and ±Infinity (float or numeric) are not numbers JSON or CSV can carry.
            guard let first = text.utf8.first, first == UInt8(ascii: "-") || (48...57).contains(first) || first == UInt8(ascii: ".") ,
                  !text.hasSuffix("Infinity") else { return .null }
            return .number(text)
        case .boolean:
            return .bool(text == "t")
        case .date:
            // ISO dates; BC dates and ±infinity stay text.
            return text.count == 10 ? .date(text) : .string(text)
        case .timestamp, .timestampTZ:
            guard text.count >= 19, !text.hasSuffix("BC") else { return .string(text) }
            var t = text.replacingOccurrences(of: " ", with: "T")
            // `+08` → `+08:00`, as ISO 8601 writes an offset.
            if decoder == .timestampTZ, let sign = t.lastIndex(where: { $0 == "+" || $0 == "-" }), t.distance(from: sign, to: t.endIndex) == 3 {
                t += ":00"
            }
            return .date(t)
        case .json:
            return .json(text)
        case .bytea:
            return .string(text.hasPrefix("\\x") ? String(text.dropFirst(2)) : text)
        case .text:
            return .string(text)
        case let .array(element):
            return arrayJSON(text, element).map { .json($0) } ?? .string(text)
        }
    }

    /// A one-dimensional array literal (`{1,2,NULL}`, `{"a b",c}`) as a JSON array; nil for
    /// anything else (several dimensions, bounds).
    static func arrayJSON(_ text: String, _ element: Decoder) -> String? {
        let s = Array(text.unicodeScalars)
        guard s.first == "{", s.last == "}" else { return nil }
        var items: [String] = []
        var i = 1
        guard s.count > 2 else { return "[]" }
        while i < s.count - 1 {
            var item = String.UnicodeScalarView()
            var quoted = false
            if s[i] == "{" { return nil }
            if s[i] == "\"" {
                quoted = true
                i += 1
                while i < s.count - 1, s[i] != "\"" {
                    if s[i] == "\\", i + 1 < s.count - 1 { i += 1 }
                    item.append(s[i])
                    i += 1
                }
                i += 1
            } else {
                while i < s.count - 1, s[i] != "," {
                    item.append(s[i])
                    i += 1
                }
            }
            let t = String(item)
            if !quoted, t == "NULL" {
                items.append("null")
            } else {
                switch value(t, element) {
                case .null: items.append("null")
                case let .number(n): items.append(n)
                case let .bool(b): items.append(b ? "true" : "false")
                default:
                    var out: [UInt8] = []
                    JSONText.appendString(t, to: &out)
                    items.append(String(decoding: out, as: UTF8.self))
                }
            }
            guard i >= s.count - 1 || s[i] == "," else { return nil }
            i += 1
        }
        return "[" + items.joined(separator: ",") + "]"
    }
}

extension PostGISReader.Decoder: Equatable {}

/// What each decoding worker made, collected across threads.
private final class DecodedParts: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [([Feature], Set<Int32>)]

    init(count: Int) { parts = Array(repeating: ([], []), count: count) }

    func set(_ k: Int, _ features: [Feature], _ srids: Set<Int32>) {
        lock.lock()
        parts[k] = (features, srids)
        lock.unlock()
    }

    func joined() -> (features: [Feature], srids: Set<Int32>) {
        lock.lock()
        defer { lock.unlock() }
        var all: [Feature] = []
        all.reserveCapacity(parts.reduce(0) { $0 + $1.0.count })
        var srids = Set<Int32>()
        for k in parts.indices {
            all.append(contentsOf: parts[k].0)
            srids.formUnion(parts[k].1)
            parts[k] = ([], [])
        }
        return (all, srids)
    }
}
