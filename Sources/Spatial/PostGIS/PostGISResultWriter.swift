import Foundation

/// Where a run's results go in a database: `--out-db PG:…`, `--schema`, `--table-prefix`,
/// `--replace`. The result tables are `<schema>.<prefix><output>` (`public.landctl_parcels`),
/// the run table `<schema>.<prefix>runs`.
public struct PostGISTarget: Sendable {
    /// `PG:` and a libpq connection string (may hold a password; never shown unmasked).
    public var database: String
    public var schema: String
    public var tablePrefix: String
    /// Drop the earlier runs of the same command (their rows in every result table) in the
    /// same transaction; otherwise the run is added beside them.
    public var replace: Bool

    public static let defaultSchema = "public"
    public static let defaultPrefix = "landctl_"

    public init(database: String, schema: String = PostGISTarget.defaultSchema, tablePrefix: String = PostGISTarget.defaultPrefix,
                replace: Bool = false) {
        self.database = database
        self.schema = schema
        self.tablePrefix = tablePrefix
        self.replace = replace
    }

    /// The longest output name a prefix must leave room for (`enterprises`, with margin).
    static let longestOutputName = 16

    /// Checks a schema name or table prefix given as an option: letters (any script), digits,
    /// `_` and `$`, not starting with a digit or `$`, no capital ASCII letters (PostgreSQL
    /// folds unquoted names to lower case, so a platform's SQL would miss them), and short
    /// enough for PostgreSQL's 63-byte names. Returns why not, or nil when it is fine. The
    /// name is quoted in SQL all the same; a name that fails is never used.
    public static func identifierProblem(_ name: String, prefix: Bool) -> String? {
        if name.isEmpty { return prefix ? nil : "is empty" }
        let limit = prefix ? 63 - longestOutputName : 63
        if name.utf8.count > limit { return "is \(name.utf8.count) bytes long; PostgreSQL names hold 63 bytes" + (prefix ? ", and the prefix must leave \(longestOutputName) for the output's name" : "") }
        for (k, c) in name.unicodeScalars.enumerated() {
            let isASCIILetter = (c >= "a" && c <= "z")
            if c >= "A" && c <= "Z" { return "has the capital letter '\(c)': PostgreSQL folds unquoted names to lower case; use '\(name.lowercased())'" }
            let isDigit = c >= "0" && c <= "9"
            let ok = isASCIILetter || c == "_" || (k > 0 && (isDigit || c == "$")) || (c.value > 127 && c.properties.isAlphabetic)
            if !ok {
                return k == 0 && (isDigit || c == "$") ? "starts with '\(c)': a name starts with a letter or '_'"
                    : "has the character '\(DisplayText.escapingControls(String(c)))': names hold letters, digits, '_' and '$'"
            }
        }
        return nil
    }
}

/// What one run did, for the run table (`<prefix>runs`).
public struct PostGISRun: Sendable {
    /// `classify`, `validate`, `idle`, `retrofit`…
    public var command: String
    /// The command line after `landctl` (passwords masked by the writer).
    public var arguments: [String]
    /// The rules file given with `--rules`, nil for the defaults.
    public var rulesFile: String?
    /// The rules' bytes: the file, or the default rules' text; the run table holds their SHA-256.
    public var rulesBytes: [UInt8]
    /// The input layers by role (`parcels`, `zones`…), as named (masked by the writer).
    public var inputs: [(role: String, name: String)]
    /// The command's own counts (parcels, violations…); the rows of each table are added.
    public var counts: [(name: String, value: Int)]
    public var startedAt: Date
    public var version: String

    public init(command: String, arguments: [String], rulesFile: String?, rulesBytes: [UInt8], inputs: [(role: String, name: String)],
                counts: [(name: String, value: Int)] = [], startedAt: Date, version: String) {
        self.command = command
        self.arguments = arguments
        self.rulesFile = rulesFile
        self.rulesBytes = rulesBytes
        self.inputs = inputs
        self.counts = counts
        self.startedAt = startedAt
        self.version = version
    }
}

/// One result table's rows: a run's output layer (parcels, conflicts…), geometries in the
/// CRS the run writes in.
public struct PostGISResultTable: Sendable {
    public var name: String
    public var features: [Feature]

    public init(name: String, features: [Feature]) {
        self.name = name
        self.features = features
    }
}

/// Writes a run's result layers into PostGIS in one transaction: a reader sees the earlier
/// results or these, never a part. Each output is a table `<prefix><name>` with the key
/// (`run_id`, `row_no`) — `row_no` the row's place in the output, as in the CSV — a
/// `geom` column in the run's CRS with a GiST index, and typed columns (numbers `numeric`
/// with their exact text, booleans, dates `date`, JSON `jsonb`, anything else `text`); the
/// run is a row of `<prefix>runs`, whose `run_id` every result row carries. Rows cross by COPY,
/// encoded on every core. Writers to one schema take turns (an advisory lock held until
/// commit), so two runs at once both land, one after the other.
public enum PostGISResultWriter {
    public struct Written: Sendable {
        /// One output's table: the output (`parcels`), its table (`public.landctl_parcels`)
        /// and the rows this run wrote.
        public struct Table: Sendable {
            public var output: String
            public var name: String
            public var rows: Int
        }

        public var runID: Int64
        /// The outputs' tables, in order.
        public var tables: [Table]
        public var runTable: String
        public var srid: Int32
        public var warnings: [String]
        /// The database as shown (password masked).
        public var database: String
        /// Seconds spent: `prepare` (connect, lock, tables), `copy` (the rows), `index`
        /// (GiST indexes of new tables), `commit`.
        public var timings: [(phase: String, seconds: Double)] = []
    }

    /// The columns every result table has before the outputs' own.
    static let reserved = ["run_id", "row_no", "geom"]

    /// Writes `tables` as one run. `crs` is the CRS of their geometries: its EPSG code must be
    /// in the database's `spatial_ref_sys`.
    public static func write(_ tables: [PostGISResultTable], run: PostGISRun, to target: PostGISTarget, crs: CRS) throws -> Written {
        let source = try PostGISSource(target.database)
        for (what, name, prefix) in [("--schema", target.schema, false), ("--table-prefix", target.tablePrefix, true)] {
            if let problem = PostGISTarget.identifierProblem(name, prefix: prefix) {
                throw DatabaseError(database: source.database, message: "\(what) '\(name)' \(problem)")
            }
        }
        let clock = ContinuousClock()
        var lap = clock.now
        var timings: [String: Double] = [:]
        func mark(_ phase: String) {
            let now = clock.now
            let d = now - lap
            timings[phase, default: 0] += Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            lap = now
        }
        let db = try PostGISConnection(conninfo: source.conninfo, display: source.database)
        let q = PostGISConnection.quoted
        let schema = q(target.schema)
        let runTable = "\(schema).\(q(target.tablePrefix + "runs"))"
        var warnings: [String] = []

        try db.execute("BEGIN", doing: "cannot start the transaction")
        // One writer per schema at a time, until commit: creating tables and columns, and the
        // run numbers, are never raced.
        try db.query("SELECT pg_advisory_xact_lock(hashtext($1))", ["landctl schema " + target.schema], doing: "cannot lock the schema for writing")
        guard let srid = crs.epsg.map(Int32.init),
              try !db.query("SELECT 1 FROM spatial_ref_sys WHERE srid = $1 AND upper(auth_name) = 'EPSG' AND auth_srid = $1",
                            [String(srid)], doing: "cannot read spatial_ref_sys (is PostGIS installed in this database?)").isEmpty else {
            throw DatabaseError(database: source.database, message: "the results' CRS \(crs) has no EPSG code that the database's spatial_ref_sys knows; name one with --db-crs, e.g. --db-crs EPSG:4490")
        }
        if try db.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [target.schema], doing: "cannot look up the schema").isEmpty {
            try db.execute("CREATE SCHEMA \(schema)", doing: "cannot create the schema '\(target.schema)'")
        }
        if try exists(runTable, db) == false {
            try db.execute("""
                CREATE TABLE \(runTable) (
                    run_id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    command text NOT NULL,
                    options jsonb NOT NULL,
                    rules_file text,
                    rules_sha256 text NOT NULL,
                    inputs jsonb NOT NULL,
                    counts jsonb NOT NULL,
                    tables jsonb NOT NULL,
                    srid integer NOT NULL,
                    started_at timestamptz NOT NULL,
                    finished_at timestamptz NOT NULL,
                    landctl_version text NOT NULL)
                """, doing: "cannot create the run table \(target.schema).\(target.tablePrefix)runs")
            try db.execute("COMMENT ON TABLE \(runTable) IS 'LandControl (landctl) runs: one row per run; every result table''s run_id refers to it'",
                           doing: "cannot comment on the run table")
        }
        let runID = try db.query("SELECT nextval(pg_get_serial_sequence($1, 'run_id'))", [runTable], doing: "cannot number the run")
            .first?[0].flatMap { Int64($0) } ?? 0
        if target.replace {
            // The earlier runs of this command, and their rows in every table they wrote.
            let earlier = try db.query("DELETE FROM \(runTable) WHERE command = $1 RETURNING run_id, tables", [run.command],
                                       doing: "cannot remove the earlier \(run.command) runs (--replace)")
            var byTable: [String: [String]] = [:]
            for row in earlier {
                guard let id = row[0] else { continue }
                for output in Self.tableNames(row[1] ?? "{}") { byTable[output, default: []].append(id) }
            }
            for (table, ids) in byTable.sorted(by: { $0.key < $1.key }) {
                let parts = table.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                let qualified = "\(q(parts[0])).\(q(parts[1]))"
                guard try exists(qualified, db) else { continue }
                try db.query("DELETE FROM \(qualified) WHERE run_id = ANY ($1::bigint[])", ["{" + ids.joined(separator: ",") + "}"],
                             doing: "cannot remove the earlier \(run.command) runs' rows from \(table) (--replace)")
            }
        }
        var written: [Written.Table] = []
        for table in tables {
            let name = target.tablePrefix + table.name
            let qualified = "\(schema).\(q(name))"
            let (columns, notes) = try prepareTable(table, qualified: qualified, shown: "\(target.schema).\(name)", runTable: runTable, srid: srid, db: db)
            warnings += notes
            mark("prepare")
            try copy(table.features, columns: columns, into: qualified, runID: runID, srid: srid, db: db, shown: "\(target.schema).\(name)")
            mark("copy")
            if columns.isNew {
                try db.execute("CREATE INDEX ON \(qualified) USING gist (geom)", doing: "cannot index \(target.schema).\(name)")
                mark("index")
            }
            written.append(.init(output: table.name, name: "\(target.schema).\(name)", rows: table.features.count))
        }
        // The run's row last: until the commit nobody sees any of it.
        let counts = run.counts.map { ($0.name, $0.value) } + tables.map { ($0.name, $0.features.count) }
        try db.query("""
            INSERT INTO \(runTable) (run_id, command, options, rules_file, rules_sha256, inputs, counts, tables, srid, started_at, finished_at, landctl_version)
            VALUES ($1, $2, $3::jsonb, $4, encode(sha256(decode($5, 'hex')), 'hex'), $6::jsonb, $7::jsonb, $8::jsonb, $9, $10::timestamptz, clock_timestamp(), $11)
            """, [String(runID), run.command, jsonArray(run.arguments.map(ConnectionSecrets.masked)), run.rulesFile, hex(run.rulesBytes),
                  jsonObject(run.inputs.map { ($0.role, .string(PostGISSource.displayName($0.name))) }),
                  jsonObject(counts.map { ($0.0, .number(String($0.1))) }),
                  jsonObject(tables.map { ($0.name, .string("\(target.schema).\(target.tablePrefix)\($0.name)")) }),
                  String(srid), iso8601(run.startedAt), run.version],
            doing: "cannot record the run in \(target.schema).\(target.tablePrefix)runs")
        try db.execute("COMMIT", doing: "cannot commit the run")
        mark("commit")
        return Written(runID: runID, tables: written, runTable: "\(target.schema).\(target.tablePrefix)runs", srid: srid,
                       warnings: warnings, database: source.database,
                       timings: ["prepare", "copy", "index", "commit"].compactMap { p in timings[p].map { (p, $0) } })
    }

    // MARK: - Tables and columns

    /// A column's type in the database.
    enum ColumnType: String, Sendable {
        case numeric, boolean, date, jsonb, text

        /// The narrowest type that holds each column's values: numbers, booleans, ISO dates
        /// (typed, or text that is a real calendar date), JSON; else text. A column of nulls
        /// is text. One pass over the features for all columns.
        static func infer(_ features: [Feature], keys: [String]) -> [ColumnType] {
            // Per column: which types are still possible (bits: numeric, boolean, date, jsonb) and
            // whether a value was seen.
            var possible = [UInt8](repeating: 0b1111, count: keys.count), seen = [Bool](repeating: false, count: keys.count)
            var lookup = AttributeLookup(names: keys)
            for f in features {
                var c = 0
                lookup.forEachValue(in: f.properties) { v in
                    defer { c += 1 }
                    guard let v, possible[c] != 0 else { return }
                    switch v {
                    case .null: return
                    case .number: possible[c] &= 0b0001
                    case .bool: possible[c] &= 0b0010
                    case let .date(t), let .string(t): possible[c] &= isDate(t) ? 0b0100 : 0
                    case .json: possible[c] &= 0b1000
                    }
                    seen[c] = true
                }
            }
            return keys.indices.map { c in
                guard seen[c] else { return .text }
                switch possible[c] {
                case 0b0001: return .numeric
                case 0b0010: return .boolean
                case 0b0100: return .date
                case 0b1000: return .jsonb
                default: return .text
                }
            }
        }
    }

    /// `YYYY-MM-DD`, a day that exists (1 ≤ year ≤ 9999).
    static func isDate(_ t: String) -> Bool {
        let b = Array(t.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45 else { return false }
        func n(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard (48...57).contains(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = n(0..<4), let m = n(5..<7), let d = n(8..<10), y >= 1, (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    /// The output's attributes as the table's columns: (attribute key, column name, type).
    struct Columns {
        var items: [(key: String, column: String, type: ColumnType)]
        /// The table was created by this run (its GiST index is built after the rows).
        var isNew: Bool
    }

    /// Column names PostgreSQL takes: at most 63 bytes (cut at a character), not one of the
    /// reserved columns (`src_` is put before those), no NUL, distinct.
    static func columnNames(_ keys: [String]) -> (names: [String], notes: [String]) {
        var used = Set(reserved), names: [String] = [], notes: [String] = []
        for (k, key) in keys.enumerated() {
            var name = key.replacingOccurrences(of: "\u{0}", with: "")
            if name.isEmpty { name = "column_\(k + 1)" }
            if reserved.contains(name) { name = "src_" + name }
            var cut = name
            while cut.utf8.count > 63 { cut.removeLast() }
            var candidate = cut, n = 1
            while used.contains(candidate) {
                n += 1
                let suffix = "_\(n)"
                var base = cut
                while base.utf8.count + suffix.utf8.count > 63 { base.removeLast() }
                candidate = base + suffix
            }
            used.insert(candidate)
            if candidate != key { notes.append("column '\(DisplayText.escapingControls(key))' is '\(candidate)' in the database") }
            names.append(candidate)
        }
        return (names, notes)
    }

    private static func exists(_ qualified: String, _ db: PostGISConnection) throws -> Bool {
        try db.query("SELECT to_regclass($1) IS NOT NULL", [qualified], doing: "cannot look up \(qualified)").first?[0] == "t"
    }

    /// Creates the table, or adds the columns it lacks; a column whose values no longer fit
    /// its type becomes text.
    private static func prepareTable(_ table: PostGISResultTable, qualified: String, shown: String, runTable: String, srid: Int32,
                                     db: PostGISConnection) throws -> (Columns, [String]) {
        let keys = LayerWriter.columns(table.features)
        let (names, notes) = columnNames(keys)
        let inferred = ColumnType.infer(table.features, keys: keys)
        var items = keys.indices.map { (key: keys[$0], column: names[$0], type: inferred[$0]) }
        var warnings = notes.map { "\(shown): \($0)" }
        let q = PostGISConnection.quoted
        guard try exists(qualified, db) else {
            // run_id is the run table's; no foreign key: the rows and the run are written in
            // one transaction, and a key checked row by row would cost more than the COPY.
            let columns = ["run_id bigint NOT NULL", "row_no integer NOT NULL", "geom geometry(Geometry, \(srid))"]
                + items.map { "\(q($0.column)) \($0.type.rawValue)" } + ["PRIMARY KEY (run_id, row_no)"]
            try db.execute("CREATE TABLE \(qualified) (\n    " + columns.joined(separator: ",\n    ") + ")", doing: "cannot create \(shown)")
            return (Columns(items: items, isNew: true), warnings)
        }
        let existing = try db.query("""
            SELECT attname, format_type(atttypid, NULL), CASE WHEN atttypid = to_regtype('geometry') THEN postgis_typmod_srid(atttypmod) END
            FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped
            """, [qualified], doing: "cannot read the columns of \(shown)")
        var types: [String: String] = [:]
        for row in existing { if let n = row[0] { types[n] = row[1] ?? "" } }
        guard types["run_id"] != nil, types["row_no"] != nil, types["geom"] == "geometry" else {
            throw DatabaseError(database: db.display, message: "\(shown) exists and is not a LandControl result table (it lacks run_id, row_no or a geometry column geom); write into another --schema or --table-prefix")
        }
        if let s = existing.first(where: { $0[0] == "geom" })?[2].flatMap({ Int32($0) }), s != srid, s != 0 {
            throw DatabaseError(database: db.display, message: "\(shown) holds geometries in SRID \(s) and this run's are in SRID \(srid); write with --db-crs EPSG:\(s), or into another --schema or --table-prefix")
        }
        for k in items.indices {
            let c = items[k].column
            guard let have = types[c] else {
                try db.execute("ALTER TABLE \(qualified) ADD COLUMN \(q(c)) \(items[k].type.rawValue)", doing: "cannot add the column '\(c)' to \(shown)")
                continue
            }
            if have == items[k].type.rawValue { continue }
            if have != "text" {
                try db.execute("ALTER TABLE \(qualified) ALTER COLUMN \(q(c)) TYPE text USING \(q(c))::text",
                               doing: "cannot change the column '\(c)' of \(shown) to text")
                warnings.append("\(shown): column '\(c)' was \(have) and now holds \(items[k].type.rawValue) values too: it is text from now on (earlier rows keep their values as text)")
            }
            items[k].type = .text
        }
        return (Columns(items: items, isNew: false), warnings)
    }

    // MARK: - Rows

    /// The rows by COPY (text format), encoded in chunks on every core and sent in order.
    private static func copy(_ features: [Feature], columns: Columns, into qualified: String, runID: Int64, srid: Int32,
                             db: PostGISConnection, shown: String) throws {
        let q = PostGISConnection.quoted
        let list = (["run_id", "row_no", "geom"] + columns.items.map { q($0.column) }).joined(separator: ", ")
        let keys = columns.items.map(\.key), types = columns.items.map(\.type)
        let runText = Array(String(runID).utf8)
        try db.copyIn("COPY \(qualified) (\(list)) FROM STDIN", doing: "cannot write the rows of \(shown)") { send in
            try features.withUnsafeBufferPointer { features in
                try OrderedChunks.run(count: features.count, chunk: 2048, makeState: { CopyChunk(keys: keys) }, encode: { range, chunk in
                    chunk.bytes.removeAll(keepingCapacity: true)
                    for k in range {
                        let f = features[k]
                        chunk.bytes.append(contentsOf: runText)
                        chunk.bytes.append(0x09)
                        chunk.bytes.append(contentsOf: String(k + 1).utf8)
                        chunk.bytes.append(0x09)
                        if let g = f.geometry {
                            appendHexEWKB(g, srid: srid, to: &chunk.bytes, scratch: &chunk.wkb)
                        } else {
                            chunk.bytes += [0x5C, UInt8(ascii: "N")]
                        }
                        var c = 0
                        chunk.lookup.forEachValue(in: f.properties) { v in
                            chunk.bytes.append(0x09)
                            appendValue(v ?? .null, as: types[c], to: &chunk.bytes)
                            c += 1
                        }
                        chunk.bytes.append(0x0A)
                    }
                }, write: { _, chunk in
                    try chunk.bytes.withUnsafeBytes { try send($0) }
                })
            }
        }
    }

    private struct CopyChunk {
        var bytes: [UInt8] = []
        var wkb: [UInt8] = []
        var lookup: AttributeLookup

        init(keys: [String]) { lookup = AttributeLookup(names: keys) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The geometry as PostGIS reads it from text: hex EWKB, the SRID on the outer geometry
    /// (its flag 0x20000000 on the ISO type code, which PostGIS also reads).
    static func appendHexEWKB(_ g: FlatGeometry, srid: Int32, to out: inout [UInt8], scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        WKBWriter.append(g, to: &scratch)
        let type = scratch.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 1, as: UInt32.self)) }
        func hexByte(_ b: UInt8) {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 15)])
        }
        hexByte(scratch[0])
        withUnsafeBytes(of: (type | 0x2000_0000).littleEndian) { for b in $0 { hexByte(b) } }
        withUnsafeBytes(of: UInt32(bitPattern: srid).littleEndian) { for b in $0 { hexByte(b) } }
        for b in scratch[5...] { hexByte(b) }
    }

    /// One value in COPY's text format: `\N` for null, backslash, tab and line ends escaped.
    static func appendValue(_ v: PropertyValue, as type: ColumnType, to out: inout [UInt8]) {
        switch v {
        case .null:
            out += [0x5C, UInt8(ascii: "N")]
        case let .bool(b) where type == .boolean:
            out.append(b ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case let .number(t) where type == .numeric:
            out.append(contentsOf: t.utf8)
        default:
            appendEscaped(v.text, to: &out)
        }
    }

    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            for b in bytes {
                switch b {
                case 0x5C: out += [0x5C, 0x5C]
                case 0x09: out += [0x5C, UInt8(ascii: "t")]
                case 0x0A: out += [0x5C, UInt8(ascii: "n")]
                case 0x0D: out += [0x5C, UInt8(ascii: "r")]
                // PostgreSQL's text holds no NUL: U+FFFD in its place.
                case 0x00: out += [0xEF, 0xBF, 0xBD]
                default: out.append(b)
                }
            }
        }
    }

    // MARK: - The run's row

    /// The table names (`schema.table`) in a run row's `tables` object.
    static func tableNames(_ json: String) -> [String] {
        guard let data = json.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return object.values.compactMap { $0 as? String }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func jsonArray(_ items: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (k, s) in items.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendString(s, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func jsonObject(_ pairs: [(String, PropertyValue)]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (k, pair) in pairs.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendString(pair.0, to: &out)
            out.append(UInt8(ascii: ":"))
            switch pair.1 {
            case let .number(n): out.append(contentsOf: n.utf8)
            case .null: out.append(contentsOf: "null".utf8)
            default: JSONText.appendString(pair.1.text, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
