import Foundation

/// Reads CSV (RFC 4180) with a header row and a WKT geometry column.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF both end a
/// record; a UTF-8 BOM is skipped. GBK files (Chinese Excel) are decoded first when
/// ``TextEncoding/gbk`` is given; a file that is not valid UTF-8 otherwise is refused with a
/// hint. The geometry column is chosen by name (any case), by default the first of
/// `wkt`, `geometry`, `geom`, `the_geom`, `wkt_geom`, `shape`.
public final class CSVReader: FeatureReader {
    public let file: String
    public let format = LayerFormat.csv
    public private(set) var declaredCRS: String?
    public private(set) var notes: [String] = []
    public let header: [String]
    public let geometryColumn: Int

    public static let defaultGeometryColumns = ["wkt", "geometry", "geom", "the_geom", "wkt_geom", "shape"]

    private let mapped: MappedFile
    private let delimiter: UInt8
    private var offset = 0
    private var line = 1
    private var index = 0

    public convenience init(path: String, geometryColumn: String? = nil, encoding: TextEncoding = .utf8, delimiter: Character? = nil) throws {
        var mapped = try MappedFile(path: path)
        if encoding == .gbk {
            mapped = MappedFile(bytes: try encoding.decodeToUTF8(mapped.bytes, file: path), name: path)
        }
        let d = delimiter ?? (path.lowercased().hasSuffix(".tsv") ? "\t" : ",")
        try self.init(mapped: mapped, geometryColumn: geometryColumn, delimiter: d, encodingGiven: encoding == .gbk)
    }

    public init(mapped: MappedFile, geometryColumn: String? = nil, delimiter: Character = ",", encodingGiven: Bool = false) throws {
        self.mapped = mapped
        file = mapped.path
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ",")
        let p = mapped.bytes
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { offset = 3 }
        var cursor = offset, line = 1
        guard let fields = try Self.record(p, &cursor, &line, delimiter: self.delimiter, file: mapped.path, hint: !encodingGiven) else {
            throw ReadError(file: mapped.path, message: "the CSV file is empty: it needs a header row")
        }
        header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let wanted = geometryColumn.map { [$0] } ?? Self.defaultGeometryColumns
        var found: Int?
        for name in wanted {
            if let k = header.firstIndex(where: { $0.lowercased() == name.lowercased() }) {
                found = k
                break
            }
        }
        guard let found else {
            let columns = header.map { "'\($0)'" }.joined(separator: ", ")
            if let geometryColumn {
                throw ReadError(file: mapped.path, line: 1, message: "no column named '\(geometryColumn)'; the columns are \(columns)")
            }
            throw ReadError(file: mapped.path, line: 1, message: "no WKT column: looked for \(Self.defaultGeometryColumns.joined(separator: ", ")); the columns are \(columns); name it with --geometry-column")
        }
        self.geometryColumn = found
        offset = cursor
        self.line = line
    }

    public func next() throws -> Feature? {
        let p = mapped.bytes
        while true {
            let startLine = line
            guard let fields = try Self.record(p, &offset, &line, delimiter: delimiter, file: file, hint: true) else { return nil }
            if fields.count == 1, fields[0].isEmpty { continue } // blank line
            index += 1
            var props = Properties()
            var warnings: [String] = []
            if fields.count != header.count {
                warnings.append("row has \(fields.count) fields but the header has \(header.count)")
            }
            for (k, name) in header.enumerated() where k != geometryColumn {
                props.appendUnchecked(name, k < fields.count ? .string(fields[k]) : .null)
            }
            if fields.count > header.count {
                for k in header.count..<fields.count { props.appendUnchecked("field_\(k + 1)", .string(fields[k])) }
            }
            var feature = Feature(index: index, geometry: nil, properties: props, line: startLine, warnings: warnings)
            let text = geometryColumn < fields.count ? fields[geometryColumn] : ""
            if !text.trimmingCharacters(in: .whitespaces).isEmpty {
                do {
                    var t = text
                    let (g, srid) = try t.withUTF8 { try WKTParser.parse(bytes: $0) }
                    feature.geometry = g
                    if let srid, declaredCRS == nil { declaredCRS = "EPSG:\(srid)" }
                } catch let e as WKTParser.SyntaxError {
                    feature.problem = "column '\(header[geometryColumn])': WKT at column \(e.column): \(e.message)"
                }
            }
            return feature
        }
    }

    /// Reads one record starting at `i`; nil at the end of the file.
    static func record(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ line: inout Int, delimiter: UInt8, file: String, hint: Bool) throws -> [String]? {
        guard i < p.count else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        let quote = UInt8(ascii: "\"")
        while true {
            // One field.
            field.removeAll(keepingCapacity: true)
            if i < p.count, p[i] == quote {
                let openLine = line
                i += 1
                var closed = false
                while i < p.count {
                    let c = p[i]
                    if c == quote {
                        if i + 1 < p.count, p[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if c == 0x0A { line += 1 }
                    field.append(c)
                    i += 1
                }
                if !closed {
                    throw ReadError(file: file, line: openLine, message: "a quoted field opened on line \(openLine) is never closed (the file is truncated or a quote is missing)")
                }
                // Text after the closing quote up to the delimiter is kept (lenient, like Excel).
                while i < p.count, p[i] != delimiter, p[i] != 0x0A, p[i] != 0x0D {
                    field.append(p[i])
                    i += 1
                }
            } else {
                let start = i
                while i < p.count, p[i] != delimiter, p[i] != 0x0A, p[i] != 0x0D { i += 1 }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i]))
            }
            guard let text = String(validating: field, as: UTF8.self) else {
                throw ReadError(file: file, line: line, message: "the text is not valid UTF-8" + (hint ? "; if the file was saved by Excel in a Chinese locale, pass --encoding gbk" : ""))
            }
            fields.append(text)
            if i >= p.count { return fields }
            let c = p[i]
            if c == delimiter {
                i += 1
                continue
            }
            // End of record: CRLF, LF or a lone CR.
            if c == 0x0D { i += 1 }
            if i < p.count, p[i] == 0x0A { i += 1 }
            line += 1
            return fields
        }
    }
}
