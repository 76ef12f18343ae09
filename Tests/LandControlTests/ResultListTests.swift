import Foundation
@testable import LandControl
import Spatial
import Testing
import TestSupport

/// How the report and the workbook read a run's CSV back (CSVText) and type its columns
/// (LoadedList): the fast paths give what the general rules give.
@Suite("the run's lists read back for the documents")
struct ResultListTests {
    func read(_ text: String) throws -> (header: [String], rows: [[String]]) {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.file("list.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try CSVText.read(path)
    }

    @Test("RFC 4180 as written by hand: BOM, CRLF and LF, quoted commas, line breaks and doubled quotes, empty fields, a trailing comma, no final line break")
    func csv() throws {
        let r = try read("\u{FEFF}id,name,note\r\n007,\"a, b\",\"say \"\"hi\"\"\"\r\n8,,\"two\nlines\"\n9,x,\n\n10,\"\",last")
        #expect(r.header == ["id", "name", "note"])
        #expect(r.rows == [["007", "a, b", "say \"hi\""], ["8", "", "two\nlines"], ["9", "x", ""], [""], ["10", "", "last"]])
        #expect(try read("a,b\n1,2,").rows == [["1", "2", ""]])
        #expect(try read("a\n\"\"").rows == []) // an empty quoted field alone at the end is no line
        #expect(try read("a\nx\"y\"z,w\n").rows == [["xyz", "w"]]) // quotes inside a field: their text kept
    }

    /// The general rule of a number column, as LoadedList states it (every value a number
    /// Double reads, no sign, exponent, inf or nan, no leading zero; decimals: the most after the point).
    static func generalKind(_ values: [String]) -> XLSXColumn.Kind {
        var decimals = 0, any = false
        for v in values where !v.isEmpty {
            guard Double(v) != nil, v.first != "+", !v.lowercased().contains("e"), !v.lowercased().contains("n"), !v.lowercased().contains("i") else { return .text }
            let digits = v.hasPrefix("-") ? v.dropFirst() : Substring(v)
            if digits.count > 1, digits.first == "0", digits.dropFirst().first != "." { return .text }
            if let dot = v.firstIndex(of: ".") { decimals = max(decimals, v.distance(from: dot, to: v.endIndex) - 1) }
            any = true
        }
        return any ? .number(decimals: decimals) : .text
    }

    @Test("column kinds: plain decimals judged from their bytes as the general rule judges them; other spellings by the rule itself")
    func kinds() throws {
        let columns: [[String]] = [
            ["1", "2.5", "-3.125", ""], ["0", "0.5", "-0.25"], ["007"], ["-007"], ["00.5"], ["1", "x"], ["1.", "2"], [".5"], ["-.5", "1"],
            ["1e5"], ["+1"], ["inf"], ["nan"], ["12", "0012"], ["", ""], ["3.14159265358979", "2"], ["1,234"], [" 1"], ["1 "], ["-"], ["-0"],
        ]
        for values in columns {
            let header = ["c"]
            let list = try LoadedList(ResultList(key: "k", title: "t", source: .rows(header: header, rows: values.map { [$0] })), folder: "/")
            #expect(list.kinds == [Self.generalKind(values)], "\(values)")
        }
        #expect(LoadedList.plainDecimal("12.50") == .number(2))
        #expect(LoadedList.plainDecimal("0123") == .text)
        #expect(LoadedList.plainDecimal("1.") == .other)
    }
}
