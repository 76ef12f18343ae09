import Foundation
import Spatial
import Testing
import TestSupport

/// results.xlsx's writer, read back by openpyxl (an independent XLSX reader from PyPI).
@Suite("XLSX workbooks (libxlsxwriter), read back with openpyxl")
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

    @Test("an unwritable path is an error naming the file")
    func unwritable() {
        #expect(throws: ReadError.self) {
            try XLSXWriter.write([XLSXSheet(name: "x", columns: Self.columns)], to: "/nonexistent-folder/x.xlsx")
        }
    }
}
