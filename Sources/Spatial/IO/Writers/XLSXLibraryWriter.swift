import CXLSX
import Foundation

/// The workbook as libxlsxwriter writes it: how results.xlsx was written before
/// ``XLSXWriter`` wrote it itself, kept as the reference its workbooks are compared with
/// (`XLSXWriterTests`: the same cells, formats, widths, panes and filters).
public enum XLSXLibraryWriter {
    /// Writes `sheets` to `path` (replacing it). `rowLimit` lowers the rows per sheet (tests).
    /// Returns the names of the sheets written, in order.
    @discardableResult
    public static func write(_ sheets: [XLSXSheet], to path: String, rowLimit: Int = XLSXWriter.maxDataRows) throws -> [String] {
        let limit = max(1, min(rowLimit, XLSXWriter.maxDataRows))
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
            let names = XLSXWriter.uniqueNames(XLSXWriter.sheetNames(for: sheet.name, rowCount: sheet.rows.count, rowLimit: limit), used: &used)
            let widths = XLSXWriter.columnWidths(sheet)
            for (part, name) in names.enumerated() {
                guard let ws = workbook_add_worksheet(book, name) else {
                    throw ReadError(file: path, message: "cannot add the sheet '\(name)'")
                }
                let lower = part * limit, upper = min(sheet.rows.count, lower + limit)
                for (c, column) in sheet.columns.enumerated() {
                    let format: UnsafeMutablePointer<lxw_format>? = if case let .number(d) = column.kind { numberFormat(d) } else { nil }
                    try check(worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), widths[c], format), path, name)
                    try check(worksheet_write_string(ws, 0, lxw_col_t(c), XLSXWriter.cellText(column.header), header), path, name)
                }
                var row: lxw_row_t = 1
                for r in lower..<upper {
                    for (c, cell) in sheet.rows[r].prefix(sheet.columns.count).enumerated() {
                        switch cell {
                        case let .text(s) where !s.isEmpty:
                            try check(worksheet_write_string(ws, row, lxw_col_t(c), XLSXWriter.cellText(s), nil), path, name)
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

    private static func check(_ status: lxw_error, _ path: String, _ sheet: String) throws {
        guard status == LXW_NO_ERROR else {
            throw ReadError(file: path, message: "sheet '\(sheet)': \(String(cString: lxw_strerror(status)))")
        }
    }
}
