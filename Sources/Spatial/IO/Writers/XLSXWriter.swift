import CXLSX
import Foundation

/// One cell of a workbook sheet: text, a number (a real number cell, never text) or nothing.
public enum XLSXCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case empty
}

/// A sheet column: its header and how its cells are shown.
public struct XLSXColumn: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Text cells (ids among them: kept as text so that leading zeros stay).
        case text
        /// Number cells shown with this many decimals (the CSV's precision), thousands grouped.
        case number(decimals: Int)
    }

    public var header: String
    public var kind: Kind

    public init(_ header: String, _ kind: Kind = .text) {
        self.header = header
        self.kind = kind
    }
}

/// A sheet as plain data: a header row and rows of cells.
public struct XLSXSheet: Sendable {
    public var name: String
    public var columns: [XLSXColumn]
    public var rows: [[XLSXCell]]

    public init(name: String, columns: [XLSXColumn], rows: [[XLSXCell]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

/// Writes workbooks (`.xlsx`) with libxlsxwriter: every sheet with its header row frozen, an
/// autofilter over its columns, column widths that fit the text, number formats per column.
/// A sheet with more rows than Excel holds is written as several sheets, `NAME`, `NAME (2)`…
/// (``sheetNames(for:rowCount:rowLimit:)`` tells which, so that a summary can say so).
/// Owns every libxlsxwriter handle; callers pass plain data.
public enum XLSXWriter {
    /// Data rows per sheet: Excel's 1,048,576 rows less the header.
    public static let maxDataRows = Int(LXW_ROW_MAX) - 1
    /// Excel's limit on a sheet name, in characters.
    public static let maxSheetNameLength = 31

    /// Writes `sheets` to `path` (replacing it). `rowLimit` lowers the rows per sheet (tests).
    /// Returns the names of the sheets written, in order.
    @discardableResult
    public static func write(_ sheets: [XLSXSheet], to path: String, rowLimit: Int = maxDataRows) throws -> [String] {
        let limit = max(1, min(rowLimit, maxDataRows))
        // Constant-memory mode: rows go to a temporary file as they are written (a city's
        // 100,000 parcels do not sit in memory twice); the temporary files go beside the
        // workbook, in the run's staging folder.
        // libxlsxwriter prints its errors on stderr: whether the file can be made is found
        // out here first, so that the usual failure is reported as ours and nothing is printed.
        guard let probe = fopen(path, "wb") else {
            throw ReadError(file: path, message: "cannot create the workbook: \(String(cString: strerror(errno)))")
        }
        fclose(probe)
        let folder = (path as NSString).deletingLastPathComponent
        let tmp = strdup(folder.isEmpty ? "." : folder)
        defer { free(tmp) }
        var options = lxw_workbook_options(constant_memory: 1, tmpdir: tmp, use_zip64: 1)
        guard let book = workbook_new_opt(path, &options) else {
            throw ReadError(file: path, message: "cannot create the workbook (libxlsxwriter could not open the file or its temporary folder)")
        }
        var closed = false
        defer { if !closed { _ = workbook_close(book) } }

        let header = workbook_add_format(book)
        format_set_bold(header)
        format_set_bg_color(header, 0xE8EEF4)
        format_set_bottom(header, UInt8(LXW_BORDER_THIN.rawValue))
        var numberFormats: [Int: UnsafeMutablePointer<lxw_format>] = [:]
        func numberFormat(_ decimals: Int) -> UnsafeMutablePointer<lxw_format>? {
            if let f = numberFormats[decimals] { return f }
            let f = workbook_add_format(book)
            format_set_num_format(f, decimals > 0 ? "#,##0." + String(repeating: "0", count: decimals) : "#,##0")
            numberFormats[decimals] = f
            return f
        }

        var written: [String] = []
        var used = Set<String>()
        for sheet in sheets {
            let names = uniqueNames(sheetNames(for: sheet.name, rowCount: sheet.rows.count, rowLimit: limit), used: &used)
            let widths = columnWidths(sheet)
            for (part, name) in names.enumerated() {
                guard let ws = workbook_add_worksheet(book, name) else {
                    throw ReadError(file: path, message: "cannot add the sheet '\(name)'")
                }
                let lower = part * limit, upper = min(sheet.rows.count, lower + limit)
                for (c, column) in sheet.columns.enumerated() {
                    let format: UnsafeMutablePointer<lxw_format>? = if case let .number(d) = column.kind { numberFormat(d) } else { nil }
                    try check(worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), widths[c], format), path, name)
                    try check(worksheet_write_string(ws, 0, lxw_col_t(c), cellText(column.header), header), path, name)
                }
                var row: lxw_row_t = 1
                for r in lower..<upper {
                    for (c, cell) in sheet.rows[r].prefix(sheet.columns.count).enumerated() {
                        switch cell {
                        case let .text(s) where !s.isEmpty:
                            try check(worksheet_write_string(ws, row, lxw_col_t(c), cellText(s), nil), path, name)
                        case let .number(v) where v.isFinite:
                            let format: UnsafeMutablePointer<lxw_format>? = if case let .number(d) = sheet.columns[c].kind { numberFormat(d) } else { nil }
                            try check(worksheet_write_number(ws, row, lxw_col_t(c), v, format), path, name)
                        default:
                            break
                        }
                    }
                    row += 1
                }
                if !sheet.columns.isEmpty {
                    worksheet_freeze_panes(ws, 1, 0)
                    try check(worksheet_autofilter(ws, 0, 0, lxw_row_t(max(upper - lower, 0)), lxw_col_t(sheet.columns.count - 1)), path, name)
                }
                written.append(name)
            }
        }
        closed = true
        let status = workbook_close(book)
        guard status == LXW_NO_ERROR else {
            throw ReadError(file: path, message: "cannot write the workbook: \(String(cString: lxw_strerror(status)))")
        }
        return written
    }

    /// The sheets a list of `rowCount` rows is written as: `name` alone, or `name`,
    /// `name (2)`… when it has more rows than a sheet holds. Names are made legal for Excel
    /// (no `[]:*?/\`, at most 31 characters).
    public static func sheetNames(for name: String, rowCount: Int, rowLimit: Int = maxDataRows) -> [String] {
        let parts = max(1, (rowCount + rowLimit - 1) / max(rowLimit, 1))
        let base = legalName(name)
        guard parts > 1 else { return [base] }
        return (1...parts).map { k in
            guard k > 1 else { return base }
            let suffix = " (\(k))"
            return String(base.prefix(maxSheetNameLength - suffix.count)) + suffix
        }
    }

    static func legalName(_ name: String) -> String {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        let short = String(cleaned.prefix(maxSheetNameLength))
        return short.isEmpty ? "Sheet" : short
    }

    /// Excel compares sheet names without case; a repeated name gets a number.
    static func uniqueNames(_ names: [String], used: inout Set<String>) -> [String] {
        names.map { name in
            var candidate = name
            var k = 2
            while used.contains(candidate.lowercased()) {
                let suffix = "~\(k)"
                candidate = String(name.prefix(maxSheetNameLength - suffix.count)) + suffix
                k += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// Text as a cell may hold it: control characters shown as escapes (XML cannot carry
    /// them), at most Excel's 32,767 characters.
    static func cellText(_ s: String) -> String {
        let shown = DisplayText.escapingControls(s)
        return shown.count > 32_767 ? String(shown.prefix(32_767)) : shown
    }

    /// Widths in Excel's character units that fit the header and the first rows (a CJK
    /// character counts two), between 6 and 60.
    static func columnWidths(_ sheet: XLSXSheet) -> [Double] {
        var widths = sheet.columns.map { Double(displayWidth($0.header)) + 3 } // room for the filter button
        for row in sheet.rows.prefix(2000) {
            for (c, cell) in row.prefix(widths.count).enumerated() {
                let w: Int
                switch cell {
                case let .text(s): w = displayWidth(s)
                case let .number(v) where v.isFinite:
                    let decimals = if case let .number(d) = sheet.columns[c].kind { d } else { 6 }
                    let digits = max(1, Int(log10(max(abs(v), 1))) + 1)
                    w = digits + (digits - 1) / 3 + (decimals > 0 ? decimals + 1 : 0) + (v < 0 ? 1 : 0)
                default: w = 0
                }
                widths[c] = max(widths[c], Double(w) + 1)
            }
        }
        return widths.map { min(max($0, 6), 60) }
    }

    static func displayWidth(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars {
            // East Asian wide characters (CJK, full-width forms) take two columns.
            let v = u.value
            w += (v >= 0x1100 && (v <= 0x115F || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
                || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60)
                || (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x20000 && v <= 0x3FFFD))) ? 2 : 1
        }
        return w
    }

    private static func check(_ status: lxw_error, _ path: String, _ sheet: String) throws {
        guard status == LXW_NO_ERROR else {
            throw ReadError(file: path, message: "sheet '\(sheet)': \(String(cString: lxw_strerror(status)))")
        }
    }
}
