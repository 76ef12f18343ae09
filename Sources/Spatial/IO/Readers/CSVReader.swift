import Foundation

/// Reads CSV (RFC 4180) with a header row and a WKT geometry column.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF both end a
/// record; a UTF-8 BOM is skipped. GBK files (Chinese Excel) are decoded first when
/// ``TextEncoding/gbk`` is given; a file that is not valid UTF-8 otherwise is refused with a
/// hint. The geometry column is chosen by name (any case), by default the first of
/// `wkt`, `geometry`, `geom`, `the_geom`, `wkt_geom`, `shape`. An attribute table (a firm
/// list) is read with ``init(tablePath:encoding:delimiter:)``: no geometry column, every
/// column an attribute.
public final class CSVReader: FeatureReader {
    public let file: String
    public let format = LayerFormat.csv
    public private(set) var declaredCRS: String?
    public private(set) var notes: [String] = []
    public let header: [String]
    /// The WKT column; nil for an attribute table.
    public let geometryColumn: Int?

    public static let defaultGeometryColumns = ["wkt", "geometry", "geom", "the_geom", "wkt_geom", "shape"]

    private let mapped: MappedFile
    private let delimiter: UInt8
    private var offset = 0
    private var line = 1
    private var index = 0

    public convenience init(path: String, geometryColumn: String? = nil, encoding: TextEncoding = .utf8, delimiter: Character? = nil) throws {
        var mapped = try MappedFile(path: path)
        // Before any decoding: a file with no line break in its first megabyte is no CSV,
        // and decoding or scanning gigabytes of it would only lead to that conclusion.
        try Self.checkHeaderLength(mapped.bytes, file: path)
        if encoding == .gbk {
            mapped = MappedFile(bytes: try encoding.decodeToUTF8(mapped.bytes, file: path), name: path)
        }
        let d = delimiter ?? (path.lowercased().hasSuffix(".tsv") ? "\t" : ",")
        try self.init(mapped: mapped, geometryColumn: geometryColumn, delimiter: d, encodingGiven: encoding == .gbk)
    }

    /// An attribute table: every column is an attribute, no row has a geometry.
    public convenience init(tablePath path: String, encoding: TextEncoding = .utf8, delimiter: Character? = nil) throws {
        var mapped = try MappedFile(path: path)
        try Self.checkHeaderLength(mapped.bytes, file: path)
        if encoding == .gbk {
            mapped = MappedFile(bytes: try encoding.decodeToUTF8(mapped.bytes, file: path), name: path)
        }
        let d = delimiter ?? (path.lowercased().hasSuffix(".tsv") ? "\t" : ",")
        try self.init(mapped: mapped, geometryColumn: nil, delimiter: d, encodingGiven: encoding == .gbk, table: true)
    }

    public init(mapped: MappedFile, geometryColumn: String? = nil, delimiter: Character = ",", encodingGiven: Bool = false, table: Bool = false) throws {
        self.mapped = mapped
        file = mapped.path
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ",")
        let p = mapped.bytes
        try Self.checkHeaderLength(p, file: mapped.path)
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { offset = 3 }
        var cursor = offset, line = 1
        var spans: [FieldSpan] = []
        guard try Self.record(p, &cursor, &line, delimiter: self.delimiter, into: &spans, file: mapped.path) else {
            throw ReadError(file: mapped.path, message: "the CSV file is empty: it needs a header row")
        }
        header = try spans.map { try Self.text(p, $0, line: 1, file: mapped.path, hint: !encodingGiven).trimmingCharacters(in: .whitespaces) }
        if table {
            self.geometryColumn = nil
            offset = cursor
            self.line = line
            return
        }
        let wanted = geometryColumn.map { [$0] } ?? Self.defaultGeometryColumns
        var found: Int?
        for name in wanted {
            if let k = header.firstIndex(where: { $0.lowercased() == name.lowercased() }) {
                found = k
                break
            }
        }
        guard let found else {
            // At most 200 characters of the header, controls escaped: a binary file's
            // "header" must not fill the terminal.
            let columns = DisplayText.excerpt(header.map { "'\($0)'" }.joined(separator: ", "), limit: 200, keepLineBreaks: false)
            if let geometryColumn {
                throw ReadError(file: mapped.path, line: 1, message: "no column named '\(geometryColumn)'; the columns are \(columns)")
            }
            throw ReadError(file: mapped.path, line: 1, message: "no WKT column: looked for \(Self.defaultGeometryColumns.joined(separator: ", ")); the columns are \(columns); name it with --geometry-column")
        }
        self.geometryColumn = found
        offset = cursor
        self.line = line
    }

    /// A header line longer than this is refused before it is read into memory.
    public static let maxHeaderBytes = 1 << 20

    /// Throws when the header record (quoted line breaks included) does not end within
    /// ``maxHeaderBytes``. GBK keeps quotes and line feeds as single bytes, so the raw
    /// bytes can be checked before decoding.
    static func checkHeaderLength(_ p: UnsafeBufferPointer<UInt8>, file: String) throws {
        guard p.count > maxHeaderBytes else { return }
        var inQuotes = false
        for i in 0..<maxHeaderBytes {
            let c = p[i]
            if c == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes, c == 0x0A || c == 0x0D { return }
        }
        throw ReadError(file: file, line: 1, message: "the header line is longer than 1 MB (no line break in the first \(maxHeaderBytes) bytes): this is not a CSV file with a header row")
    }

    public func next() throws -> Feature? {
        let p = mapped.bytes
        while true {
            let startLine = line
            guard try Self.record(p, &offset, &line, delimiter: delimiter, into: &spans, file: file) else { return nil }
            if spans.count == 1, spans[0].isEmpty { continue } // blank line
            index += 1
            var props = Properties()
            var warnings: [String] = []
            if spans.count != header.count {
                warnings.append("row has \(spans.count) fields but the header has \(header.count)")
            }
            for (k, name) in header.enumerated() where k != geometryColumn {
                props.appendUnchecked(name, k < spans.count ? .string(try Self.text(p, spans[k], line: startLine, file: file, hint: true)) : .null)
            }
            if spans.count > header.count {
                for k in header.count..<spans.count {
                    props.appendUnchecked("field_\(k + 1)", .string(try Self.text(p, spans[k], line: startLine, file: file, hint: true)))
                }
            }
            var feature = Feature(index: index, geometry: nil, properties: props, line: startLine, warnings: warnings)
            if let geometryColumn, geometryColumn < spans.count {
                // The WKT is parsed straight from the mapped bytes unless quotes were doubled.
                let span = spans[geometryColumn]
                let result: Result<(geometry: FlatGeometry, srid: Int?), WKTParser.SyntaxError>?
                if span.escaped {
                    // The pointer is used only inside the closure: it is not valid after.
                    result = Self.unescaped(p, span).withUnsafeBufferPointer { Self.parseWKT($0) }
                } else {
                    result = Self.parseWKT(UnsafeBufferPointer(rebasing: p[span.start..<span.end]))
                }
                switch result {
                case let .success((g, srid))?:
                    feature.geometry = g
                    if let srid, declaredCRS == nil { declaredCRS = "EPSG:\(srid)" }
                case let .failure(e)?:
                    feature.problem = "column '\(header[geometryColumn])': WKT at column \(e.column): \(e.message)"
                case nil:
                    break // an empty cell: no geometry
                }
            }
            return feature
        }
    }

    private var spans: [FieldSpan] = []

    /// nil for a blank cell; the parse result otherwise.
    private static func parseWKT(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<(geometry: FlatGeometry, srid: Int?), WKTParser.SyntaxError>? {
        var blank = true
        for b in bytes where b != 0x20 && b != 0x09 && b != 0x0D && b != 0x0A {
            blank = false
            break
        }
        if blank { return nil }
        do {
            return .success(try WKTParser.parse(bytes: bytes))
        } catch let e as WKTParser.SyntaxError {
            return .failure(e)
        } catch {
            return .failure(.init(column: 1, message: "\(error)"))
        }
    }

    /// Where a field's bytes are in the file: `start..<end`, inside the quotes for a quoted
    /// field. `escaped` when the bytes are not the value as is (doubled quotes, or text
    /// after the closing quote), so that they must be unescaped first.
    struct FieldSpan {
        var start: Int
        var end: Int
        var escaped: Bool
        var isEmpty: Bool { start == end }
    }

    /// The field's value as bytes with doubled quotes undone and the closing quote dropped.
    static func unescaped(_ p: UnsafeBufferPointer<UInt8>, _ span: FieldSpan) -> [UInt8] {
        let quote = UInt8(ascii: "\"")
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        var i = span.start
        while i < span.end {
            if p[i] == quote {
                // A doubled quote is one quote; a single one is the closing quote.
                if i + 1 < span.end, p[i + 1] == quote {
                    out.append(quote)
                    i += 2
                } else {
                    i += 1
                }
                continue
            }
            out.append(p[i])
            i += 1
        }
        return out
    }

    /// The field as text; the file must be UTF-8 (GBK files were decoded before).
    static func text(_ p: UnsafeBufferPointer<UInt8>, _ span: FieldSpan, line: Int, file: String, hint: Bool) throws -> String {
        let bytes = span.escaped ? UnsafeBufferPointer<UInt8>(start: nil, count: 0) : UnsafeBufferPointer(rebasing: p[span.start..<span.end])
        var ascii = true
        for b in bytes where b >= 0x80 {
            ascii = false
            break
        }
        if !span.escaped, ascii { return String(decoding: bytes, as: UTF8.self) }
        let owned = span.escaped ? unescaped(p, span) : Array(bytes)
        guard let text = String(validating: owned, as: UTF8.self) else {
            throw ReadError(file: file, line: line, message: "the text is not valid UTF-8" + (hint ? "; if the file was saved by Excel in a Chinese locale, pass --encoding gbk" : ""))
        }
        return text
    }

    /// Reads one record starting at `i` into `spans`; false at the end of the file.
    static func record(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ line: inout Int, delimiter: UInt8,
                       into spans: inout [FieldSpan], file: String) throws -> Bool {
        guard i < p.count else { return false }
        spans.removeAll(keepingCapacity: true)
        let quote = UInt8(ascii: "\"")
        while true {
            if i < p.count, p[i] == quote {
                let openLine = line
                i += 1
                let start = i
                var escaped = false
                var closed = false
                while i < p.count {
                    let c = p[i]
                    if c == quote {
                        if i + 1 < p.count, p[i + 1] == quote {
                            escaped = true
                            i += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if c == 0x0A { line += 1 }
                    i += 1
                }
                if !closed {
                    throw ReadError(file: file, line: openLine, message: "a quoted field opened on line \(openLine) is never closed (the file is truncated or a quote is missing)")
                }
                var end = i
                i += 1 // the closing quote
                // Text after the closing quote up to the delimiter is kept (lenient, like Excel).
                if i < p.count, p[i] != delimiter, p[i] != 0x0A, p[i] != 0x0D {
                    while i < p.count, p[i] != delimiter, p[i] != 0x0A, p[i] != 0x0D { i += 1 }
                    end = i
                    escaped = true
                }
                spans.append(FieldSpan(start: start, end: end, escaped: escaped))
            } else {
                let start = i
                while i < p.count, p[i] != delimiter, p[i] != 0x0A, p[i] != 0x0D { i += 1 }
                spans.append(FieldSpan(start: start, end: i, escaped: false))
            }
            if i >= p.count { return true }
            let c = p[i]
            if c == delimiter {
                i += 1
                continue
            }
            // End of record: CRLF, LF or a lone CR.
            if c == 0x0D { i += 1 }
            if i < p.count, p[i] == 0x0A { i += 1 }
            line += 1
            return true
        }
    }
}
