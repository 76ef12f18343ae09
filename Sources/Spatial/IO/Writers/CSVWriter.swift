/// Writes CSV (RFC 4180) atomically: UTF-8 with a BOM by default, so that Excel in a
/// Chinese locale opens it as UTF-8 instead of GBK; CRLF line ends, as Excel writes.
public final class CSVWriter {
    private let output: AtomicOutputFile
    private let batch: OutputBatch?
    public let columns: Int

    /// With a `batch`, the file appears only when the batch is published.
    public init(path: String, header: [String], byteOrderMark: Bool = true, batch: OutputBatch? = nil) throws {
        output = try AtomicOutputFile(path: path)
        self.batch = batch
        columns = header.count
        if byteOrderMark { try output.write([0xEF, 0xBB, 0xBF]) }
        try write(row: header)
    }

    public var path: String { output.path }

    public func write(row: [String]) throws {
        try output.append { out in
            for (k, field) in row.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                Self.appendField(field, to: &out)
            }
            out.append(contentsOf: [0x0D, 0x0A])
        }
    }

    /// Appends one row (fields from `body`, then CRLF) to `sink`: rows encoded by several
    /// threads at once and written in order with ``write(encoded:)``.
    public static func encodeRow(into sink: ByteSink, _ body: (inout Row) -> Void) {
        var row = Row(out: sink)
        body(&row)
        sink.append("\r\n")
    }

    /// Writes rows encoded with ``encodeRow(into:_:)``.
    public func write(encoded sink: ByteSink) throws {
        try sink.withBytes { try output.write(bytes: $0) }
    }

    /// The fields of one row being written.
    public struct Row: RecordFields {
        private var out: ByteSink
        private var first = true

        fileprivate init(out: ByteSink) { self.out = out }

        @inline(__always)
        private mutating func separate() {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
        }

        /// A text field, quoted when it needs to be.
        public mutating func text(_ s: String) {
            separate()
            CSVWriter.appendField(s, to: &out)
        }

        /// A number with at most `decimals` decimals (trailing zeros trimmed).
        public mutating func number(_ v: Double, decimals: Int) {
            separate()
            NumberFormatting.append(v, decimals: decimals, to: &out)
        }

        /// A number's text as ``NumberFormatting`` made it (for a cell written to two files).
        public mutating func numberText(_ text: UnsafeRawBufferPointer) {
            separate()
            out.append(bytes: text)
        }

        /// An empty field (CSV has no null).
        public mutating func null() { separate() }

        /// An attribute as read: its text, empty when absent or null.
        public mutating func value(_ v: PropertyValue?) {
            separate()
            guard let v else { return }
            switch v {
            case .null: break
            case let .bool(b): out.append(b ? "true" : "false")
            case let .number(t), let .string(t), let .json(t), let .date(t): CSVWriter.appendField(t, to: &out)
            }
        }

        /// Texts joined by `separator`, as one field.
        public mutating func joined(_ parts: [String], separator: String) {
            separate()
            if parts.count == 1 { return CSVWriter.appendField(parts[0], to: &out) }
            if parts.isEmpty { return }
            CSVWriter.appendField(parts.joined(separator: separator), to: &out)
        }
    }

    /// Quotes a field when it holds a comma, a quote, a line break, or edge spaces.
    static func appendField<O: ByteOutput>(_ field: String, to out: inout O) {
        field.withUTF8Bytes { utf8 in
            var needsQuotes = false
            for b in utf8 where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D {
                needsQuotes = true
                break
            }
            if let f = utf8.first, f == 0x20 || f == 0x09 { needsQuotes = true }
            if let l = utf8.last, l == 0x20 || l == 0x09 { needsQuotes = true }
            guard needsQuotes else {
                out.append(bytes: utf8)
                return
            }
            out.append(UInt8(ascii: "\""))
            for b in utf8 {
                if b == UInt8(ascii: "\"") { out.append(b) }
                out.append(b)
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    public func finish() throws {
        if let batch { try batch.add(output) } else { try output.commit() }
    }
}

/// The fields of one record, written in order the same way to a CSV row or to a GeoJSON
/// feature's properties.
public protocol RecordFields {
    /// Puts `cell` as the next field, under the column `name` (the writers follow their
    /// column list and only write the cell, never making the name; a checker may look at it).
    mutating func put(_ name: @autoclosure () -> String, _ cell: OutputCell)
    mutating func text(_ s: String)
    mutating func number(_ v: Double, decimals: Int)
    mutating func null()
    mutating func value(_ v: PropertyValue?)
    mutating func joined(_ parts: [String], separator: String)
}

/// Writes one WKT geometry per line, atomically (the format ``WKTReader`` reads).
public final class WKTFileWriter {
    private let output: AtomicOutputFile

    public init(path: String) throws {
        output = try AtomicOutputFile(path: path)
    }

    public func write(_ geometry: FlatGeometry?, decimals: Int? = nil) throws {
        try output.append { out in
            if let geometry { WKTWriter.append(geometry, decimals: decimals, to: &out) } else { out.append(contentsOf: "GEOMETRYCOLLECTION EMPTY".utf8) }
            out.append(0x0A)
        }
    }

    public func finish() throws { try output.commit() }
}
