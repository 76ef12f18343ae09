import Foundation
import Spatial

/// A list of a run's results as the report and the workbook show it: the rows of one of its
/// CSV files (so that every number is the CSV's), or rows made here (pockets).
public struct ResultList: Sendable {
    public enum Source: Sendable {
        /// A CSV file of the run, by name, read from the staging folder.
        case csv(String)
        case rows(header: [String], rows: [[String]])
    }

    /// Sheet and table key (`conflicts`, `verdicts`…).
    public var key: String
    public var title: String
    public var source: Source
    /// Row k is feature k of this map layer: clicking it zooms there.
    public var mapLayer: String?
    /// Row k belongs to the parcel at position k of the region assignment (lists of every
    /// parcel), else to the region of the parcel whose id is in `regionIDColumn`.
    public var rowsAreParcels = false
    public var regionIDColumn: String?
    /// Which rows the report's table shows (the workbook has them all); nil: every row.
    public var reportFilter: (@Sendable (ResultRow) -> Bool)?
    /// The columns the report's table shows, in order; nil: the fixed columns (`fixedColumns`), or all.
    public var reportColumns: [String]?
    /// Columns before the input's own attributes.
    public var fixedColumns: Int?
    /// Shown in the report at all (the workbook has every list).
    public var inReport = true

    public init(key: String, title: String, source: Source, mapLayer: String? = nil) {
        self.key = key
        self.title = title
        self.source = source
        self.mapLayer = mapLayer
    }
}

/// One row of a list, its values by column name.
public struct ResultRow: Sendable {
    let columns: [String: Int]
    public let values: [String]
    public subscript(_ name: String) -> String { columns[name].map { values.indices.contains($0) ? values[$0] : "" } ?? "" }
    public func number(_ name: String) -> Double? { Double(self[name]) }
}

/// A figure of the per-region table: a sum over the rows of one list that fall in each region.
public struct RegionFigure: Sendable {
    public var header: String
    public var list: String
    public var decimals: Int
    public var value: @Sendable (ResultRow) -> Double?

    public init(header: String, list: String, decimals: Int = 0, value: @escaping @Sendable (ResultRow) -> Double?) {
        self.header = header
        self.list = list
        self.decimals = decimals
        self.value = value
    }
}

/// What a command's report.html and results.xlsx hold.
public struct ResultDocument: Sendable {
    public var command: String
    public var title: String
    public var language: ReportLanguage
    /// summary.md's text.
    public var summary: String
    public var lists: [ResultList]
    public var layers: [MapLayer]
    /// The map's CRS (the run's area CRS) as shown under the map.
    public var mapCRS: String
    /// Inputs and options, as label and value.
    public var inputs: [(String, String)]
    public var rulesText: String?
    public var warnings: [String]
    /// The parcel layer's list whose `area_m2` the per-region table sums.
    public var parcelList: String?
    public var regionFigures: [RegionFigure] = []
    /// The run's area CRS: the map's, and what the regions are projected to.
    public var areaCRS: CRS?

    public init(command: String, title: String, language: ReportLanguage, summary: String, lists: [ResultList], layers: [MapLayer],
                mapCRS: String, inputs: [(String, String)], rulesText: String?, warnings: [String], parcelList: String?) {
        self.command = command
        self.title = title
        self.language = language
        self.summary = summary
        self.lists = lists
        self.layers = layers
        self.mapCRS = mapCRS
        self.inputs = inputs
        self.rulesText = rulesText
        self.warnings = warnings
        self.parcelList = parcelList
    }
}

/// A list read for the documents: its columns typed (a column is numeric when every value is
/// a number and none is written with a leading zero, so ids like 007 stay text).
struct LoadedList {
    var list: ResultList
    var header: [String]
    var rows: [[String]]
    var kinds: [XLSXColumn.Kind]
    var columnIndex: [String: Int]

    init(_ list: ResultList, folder: String) throws {
        self.list = list
        switch list.source {
        case let .csv(name):
            (header, rows) = try CSVText.read(folder + "/" + name)
        case let .rows(h, r):
            header = h
            rows = r
        }
        columnIndex = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let textColumns: Set<String> = ["id", "parcel_id", "parcel_ids", "zone_ids", "region"]
        let header = header, rows = rows
        // Columns typed side by side on every core (a list of 100,000 rows and 84 columns is
        // 8.4 million values).
        var kinds = [XLSXColumn.Kind](repeating: .text, count: header.count)
        kinds.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: header.count) { c in
                out.value[c] = textColumns.contains(header[c]) ? .text : Self.kind(column: c, rows: rows)
            }
        }
        self.kinds = kinds
    }

    /// A column's kind: number (with the most decimals any value has) when every value is a
    /// number and none is written with a leading zero; else text.
    static func kind(column c: Int, rows: [[String]]) -> XLSXColumn.Kind {
        var decimals = 0, any = false
        for row in rows {
            guard c < row.count, !row[c].isEmpty else { continue }
            let v = row[c]
            // Most values are plain decimals (-12.345): judged from their bytes, as the
            // general test below would judge them; anything else goes through that test.
            switch Self.plainDecimal(v) {
            case .text: return .text
            case let .number(d):
                decimals = max(decimals, d)
                any = true
                continue
            case .other: break
            }
            guard Double(v) != nil, v.first != "+", !v.lowercased().contains("e"), !v.lowercased().contains("n"), !v.lowercased().contains("i") else { return .text }
            let digits = v.hasPrefix("-") ? v.dropFirst() : Substring(v)
            if digits.count > 1, digits.first == "0", digits.dropFirst().first != "." { return .text } // 007
            if let dot = v.firstIndex(of: ".") { decimals = max(decimals, v.distance(from: dot, to: v.endIndex) - 1) }
            any = true
        }
        return any ? .number(decimals: decimals) : .text
    }

    func row(_ k: Int) -> ResultRow { ResultRow(columns: columnIndex, values: rows[k]) }

    enum PlainDecimal: Equatable {
        /// A plain decimal, with this many decimals.
        case number(Int)
        /// A plain decimal written with a leading zero (007): text.
        case text
        /// Not of the form `-?digits(.digits)?`.
        case other
    }

    /// `-?[0-9]+(\.[0-9]+)?` from its bytes: a number (Double reads it, no sign, exponent,
    /// inf or nan), text when written with a leading zero, else `other`.
    static func plainDecimal(_ v: String) -> PlainDecimal {
        var u = v.utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        var integerDigits = 0, decimals = 0, dot = false, leadingZero = false
        for b in u {
            if b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                if dot { decimals += 1 } else {
                    if integerDigits == 0, b == UInt8(ascii: "0") { leadingZero = true }
                    integerDigits += 1
                }
            } else if b == UInt8(ascii: "."), !dot, integerDigits > 0 {
                dot = true
            } else {
                return .other
            }
        }
        guard integerDigits > 0, !dot || decimals > 0 else { return .other }
        return leadingZero && integerDigits > 1 ? .text : .number(decimals)
    }
}

/// Minimal RFC 4180 reading of the run's own CSV files (UTF-8, BOM, CRLF, quoted fields).
enum CSVText {
    static func read(_ path: String) throws -> (header: [String], rows: [[String]]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReadError(file: path, message: "cannot read the run's own CSV back for the report") }
        var records: [[String]] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            let n = b.count
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
            var i = n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
            var record: [String] = []
            while i < n {
                // A field: most are unquoted and become a string straight from the bytes.
                let start = i
                while i < n, b[i] != comma, b[i] != lf, b[i] != cr, b[i] != quote { i += 1 }
                var text: String
                var quotedAtEnd = false
                if i < n, b[i] == quote {
                    // Quotes: "" inside is one quote; a comma or line break inside is text.
                    var field = Array(b[start..<i])
                    var quoted = false
                    while i < n {
                        let c = b[i]
                        if quoted {
                            if c == quote {
                                if i + 1 < n, b[i + 1] == quote { field.append(c); i += 1 } else { quoted = false }
                            } else { field.append(c) }
                        } else if c == quote {
                            quoted = true
                        } else if c == comma || c == lf || c == cr {
                            break
                        } else { field.append(c) }
                        i += 1
                    }
                    text = String(decoding: field, as: UTF8.self)
                    quotedAtEnd = i >= n
                } else {
                    text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                }
                record.append(text)
                if i >= n {
                    // The last line without a line break (an empty quoted field alone is no line).
                    if !(quotedAtEnd && record.count == 1 && text.isEmpty) { records.append(record) }
                    record = []
                    break
                }
                if b[i] == comma {
                    i += 1
                    if i == n { // a trailing comma: one more, empty field
                        record.append("")
                        records.append(record)
                        record = []
                    }
                    continue
                }
                if b[i] == cr, i + 1 < n, b[i + 1] == lf { i += 1 }
                i += 1
                records.append(record)
                record = []
            }
        }
        guard let header = records.first else { return ([], []) }
        return (header, Array(records.dropFirst()))
    }
}
