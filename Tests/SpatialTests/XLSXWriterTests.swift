import Foundation
@testable import Spatial
import Testing
import TestSupport

/// results.xlsx's writer, read back by openpyxl (an independent XLSX reader from PyPI).
@Suite("XLSX workbooks, read back with openpyxl and compared with libxlsxwriter's")
struct XLSXWriterTests {
    static let columns = [XLSXColumn("编号 id"), XLSXColumn("面积 (m²)", .number(decimals: 3)), XLSXColumn("亩", .number(decimals: 4)),
                          XLSXColumn("说明")]

    @Test("cells keep their types: ids as text with leading zeros, numbers as numbers with the column's decimals; header frozen, autofilter over the data")
    func typedCells() throws {
        guard let python = ReportTools.python(with: ["openpyxl"]) else {
            print(ReportTools.missing(python: ["openpyxl"])!)
            return
        }
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.file("book.xlsx")
        let rows: [[XLSXCell]] = [
            [.text("007"), .number(1234.5), .number(1.8518), .text("工业集聚区")],
            [.text("0100"), .number(-0.125), .empty, .text("a\u{1}b")],
            [.text("3"), .number(.nan), .number(0), .empty],
        ]
        let names = try XLSXWriter.write([XLSXSheet(name: "汇总", columns: [XLSXColumn("项目"), XLSXColumn("数量", .number(decimals: 0))],
                                                    rows: [[.text("地块"), .number(258)]]),
                                          XLSXSheet(name: "地块 parcels", columns: Self.columns, rows: rows)], to: path)
        #expect(names == ["汇总", "地块 parcels"])
        let book = try ReportTools.dumpWorkbook(path, python: python)
        #expect(book.map(\.name) == ["汇总", "地块 parcels"])
        let sheet = book[1]
        #expect(sheet.rows[0].map(\.value) == ["编号 id", "面积 (m²)", "亩", "说明"])
        #expect(sheet.freeze == "A2")
        #expect(sheet.filter == "A1:D4")
        // Ids: text, leading zeros kept.
        #expect(sheet.rows[1][0].type == "s" && sheet.rows[1][0].value == "007")
        #expect(sheet.rows[2][0].type == "s" && sheet.rows[2][0].value == "0100")
        // Numbers: numeric cells with the column's format; NaN and empty cells stay empty.
        #expect(sheet.rows[1][1].type == "n" && Double(sheet.rows[1][1].value) == 1234.5)
        #expect(sheet.rows[1][1].format == "#,##0.000")
        #expect(sheet.rows[1][2].format == "#,##0.0000")
        #expect(sheet.rows[2][1].type == "n" && Double(sheet.rows[2][1].value) == -0.125)
        #expect(sheet.rows[2][2].type == nil)
        #expect(sheet.rows[3][1].type == nil)
        #expect(sheet.rows[3][2].type == "n" && Double(sheet.rows[3][2].value) == 0)
        // A control character cannot go into the XML: shown as an escape.
        #expect(sheet.rows[2][3].value == "a\\u0001b")
        // Widths fit: the Chinese text (5 characters, 10 columns wide) is wider than "3".
        #expect(sheet.widths[3] >= 10, "\(sheet.widths)")
        #expect(book[0].rows[1][1].format == "#,##0")
    }

    @Test("a list longer than a sheet holds goes on as NAME (2), NAME (3), each with the header; names made legal for Excel")
    func split() throws {
        #expect(XLSXWriter.sheetNames(for: "a/b:c", rowCount: 5, rowLimit: 2) == ["a_b_c", "a_b_c (2)", "a_b_c (3)"])
        #expect(XLSXWriter.sheetNames(for: "x", rowCount: 0) == ["x"])
        #expect(XLSXWriter.sheetNames(for: String(repeating: "长", count: 40), rowCount: 3, rowLimit: 2).map(\.count) == [31, 31])
        #expect(XLSXWriter.maxDataRows == 1_048_575)
        guard let python = ReportTools.python(with: ["openpyxl"]) else {
            print(ReportTools.missing(python: ["openpyxl"])!)
            return
        }
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.file("split.xlsx")
        let rows = (1...5).map { [XLSXCell.text(String(format: "%03d", $0)), .number(Double($0) * 1.5), .empty, .empty] }
        let names = try XLSXWriter.write([XLSXSheet(name: "list", columns: Self.columns, rows: rows)], to: path, rowLimit: 2)
        #expect(names == ["list", "list (2)", "list (3)"])
        let book = try ReportTools.dumpWorkbook(path, python: python)
        #expect(book.map(\.name) == names)
        #expect(book.map { $0.rows.count } == [3, 3, 2])
        #expect(book.allSatisfy { $0.rows[0][0].value == "编号 id" && $0.freeze == "A2" })
        #expect(book.flatMap { $0.rows.dropFirst().map { $0[0].value } } == ["001", "002", "003", "004", "005"])
        #expect(book[2].rows[1][1].type == "n" && Double(book[2].rows[1][1].value) == 7.5)
    }

    /// Compares two workbooks through openpyxl and prints the differences as JSON (`[]`:
    /// none): per sheet its name, selection, frozen pane, autofilter, dimensions, column
    /// widths and formats, and every cell that has a value or a style with its value, number
    /// format, bold, fill and bottom border. Numbers are equal within 1e-15 relative:
    /// libxlsxwriter wrote 16 significant digits, which do not always give back the double
    /// it was given.
    static let compareWorkbooks = """
    import json, math, sys
    import openpyxl
    from openpyxl.utils import get_column_letter
    def dump(path):
        wb = openpyxl.load_workbook(path)
        out = []
        for ws in wb.worksheets:
            cells = []
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None and not c.has_style:
                        continue
                    fill = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type else None
                    cells.append([c.coordinate, c.value, c.number_format, bool(c.font.b), fill, c.border.bottom.style])
            columns = [[ws.column_dimensions[get_column_letter(k + 1)].width, ws.column_dimensions[get_column_letter(k + 1)].number_format] for k in range(ws.max_column)]
            out.append([ws.title, bool(ws.sheet_view.tabSelected), ws.freeze_panes, ws.auto_filter.ref, ws.dimensions, columns, cells])
        return out
    def same(a, b):
        number = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
        if number(a) and number(b):
            return math.isclose(a, b, rel_tol=1e-15, abs_tol=0)
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        return a == b
    a, b = dump(sys.argv[1]), dump(sys.argv[2])
    differences = []
    if len(a) != len(b):
        differences.append(["sheets", [s[0] for s in a], [s[0] for s in b]])
    for x, y in zip(a, b):
        for k in range(6):
            if not same(x[k], y[k]):
                differences.append([x[0], k, x[k], y[k]])
        cx, cy = {c[0]: c for c in x[6]}, {c[0]: c for c in y[6]}
        for ref in sorted(set(cx) | set(cy)):
            if not same(cx.get(ref), cy.get(ref)):
                differences.append([x[0], ref, cx.get(ref), cy.get(ref)])
    json.dump(differences[:20], sys.stdout, ensure_ascii=False)
    """

    @Test("the same workbook as libxlsxwriter wrote: cells, types, values, formats, header style, widths, panes, filters, split sheets (openpyxl sees no difference)")
    func sameAsLibxlsxwriter() throws {
        guard let python = ReportTools.python(with: ["openpyxl"]) else {
            print(ReportTools.missing(python: ["openpyxl"])!)
            return
        }
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        // Numbers whose shortest text is not libxlsxwriter's %.16G (9247.2 → 9247.200000000001),
        // integers, negatives, large and tiny, text in a number column; text with XML's
        // specials, spaces at either end, line breaks, controls, CJK; empty headers.
        var rows: [[XLSXCell]] = [
            [.text("007"), .number(9247.2), .number(1.8518), .text("工业集聚区 & <红线>")],
            [.text(" lead"), .number(-0.125), .empty, .text("a\u{1}b\u{202E}c")],
            [.text("trail "), .number(1e20), .number(0), .text("two\nlines\tand tab")],
            [.text("x"), .number(1e-7), .text("n/a"), .empty],
            [.empty, .empty, .empty, .empty],
            [.text("q\"uote'"), .number(-0.0), .number(123_456_789.123), .text(String(repeating: "长", count: 70))],
        ]
        for k in 0..<40 { rows.append([.text(String(format: "P%05d", k)), .number(Double(k) * 1.1), .number(Double(k) / 7), .text(k % 3 == 0 ? "ok" : "")]) }
        let sheets = [
            XLSXSheet(name: "汇总", columns: [XLSXColumn("项目"), XLSXColumn(""), XLSXColumn("数量", .number(decimals: 0))],
                      rows: [[.text("地块"), .empty, .number(258)], [], [.text("说明"), .text("a & b")]]),
            XLSXSheet(name: "地块 parcels", columns: Self.columns, rows: rows),
            XLSXSheet(name: "Idle land", columns: [XLSXColumn("id"), XLSXColumn("fee", .number(decimals: 2))], rows: []),
            XLSXSheet(name: "it's/[odd]", columns: [XLSXColumn("a", .number(decimals: 6))], rows: (0..<7).map { [.number(Double($0) / 3)] }),
        ]
        for limit in [XLSXWriter.maxDataRows, 3] {
            let ours = folder.file("ours-\(limit).xlsx"), reference = folder.file("libxlsxwriter-\(limit).xlsx")
            let names = try XLSXWriter.write(sheets, to: ours, rowLimit: limit)
            #expect(try XLSXLibraryWriter.write(sheets, to: reference, rowLimit: limit) == names)
            let differences = try ReportTools.runPython(python, script: Self.compareWorkbooks, [ours, reference])
            #expect(differences == "[]", "row limit \(limit): \(differences)")
        }
        // Ours gives back every double exactly (shortest round-trip text; Python's repr is that text too).
        let values = try ReportTools.runPython(python, script: """
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).worksheets[1]
            print(" ".join(repr(float(ws.cell(row=8 + k, column=c).value)) for k in range(40) for c in (2, 3)))
            """, [folder.file("ours-\(XLSXWriter.maxDataRows).xlsx")])
        var expected: [String] = []
        for k in 0..<40 {
            expected.append((Double(k) * 1.1).description)
            expected.append((Double(k) / 7).description)
        }
        let got = values.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        #expect(got == expected, "\(values)")
    }

    @Test("an unwritable path is an error naming the file")
    func unwritable() {
        #expect(throws: ReadError.self) {
            try XLSXWriter.write([XLSXSheet(name: "x", columns: Self.columns)], to: "/nonexistent-folder/x.xlsx")
        }
    }
}
