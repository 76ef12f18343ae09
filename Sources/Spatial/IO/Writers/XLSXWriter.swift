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

/// Writes workbooks (`.xlsx`): every sheet with its header row (bold, shaded, ruled) frozen,
/// an autofilter over its columns, column widths that fit the text, number formats per
/// column (thousands grouped, the column's decimals). A sheet with more rows than Excel
/// holds is written as several sheets, `NAME`, `NAME (2)`… (``sheetNames(for:rowCount:rowLimit:)``
/// tells which, so that a summary can say so).
///
/// The package is written here, as libxlsxwriter wrote it before (the same parts, styles,
/// cells; numbers as the shortest text that reads back as the same double): the rows of a
/// sheet are made into XML and deflated in chunks on every core, and the chunks written in
/// order into the ZIP container (``ZipArchiveWriter``). At 100,000 parcels that is a small
/// part of the 6.5 s libxlsxwriter took (one thread, zlib's default level, `printf` per number).
public enum XLSXWriter {
    /// Data rows per sheet: Excel's 1,048,576 rows less the header.
    public static let maxDataRows = 1_048_575
    /// Excel's limit on a sheet name, in characters.
    public static let maxSheetNameLength = 31
    /// zlib level of the sheets: the fastest; about a third larger than zlib's default,
    /// several times faster.
    static let sheetLevel: Int32 = 1
    /// Rows per chunk deflated on one thread.
    static let rowsPerChunk = 2048

    /// Writes `sheets` to `path` (replacing it). `rowLimit` lowers the rows per sheet (tests).
    /// Returns the names of the sheets written, in order.
    @discardableResult
    public static func write(_ sheets: [XLSXSheet], to path: String, rowLimit: Int = maxDataRows) throws -> [String] {
        let limit = max(1, min(rowLimit, maxDataRows))
        // The sheets as written: a list longer than a sheet in parts.
        var parts: [Part] = []
        var used = Set<String>()
        for (s, sheet) in sheets.enumerated() {
            let names = uniqueNames(sheetNames(for: sheet.name, rowCount: sheet.rows.count, rowLimit: limit), used: &used)
            for (k, name) in names.enumerated() {
                parts.append(Part(sheet: s, name: name, rows: k * limit..<min(sheet.rows.count, (k + 1) * limit)))
            }
        }
        let styles = Styles(sheets, parts)
        let zip = try ZipArchiveWriter(path: path)
        try zip.add("[Content_Types].xml", contentTypes(parts.count))
        try zip.add("_rels/.rels", Array(rootRelationships.utf8))
        try zip.add("xl/_rels/workbook.xml.rels", workbookRelationships(parts.count))
        for (n, part) in parts.enumerated() {
            try writeSheet(sheets[part.sheet], part, selected: n == 0, styles: styles, name: "xl/worksheets/sheet\(n + 1).xml", to: zip)
        }
        try zip.add("xl/workbook.xml", workbook(sheets, parts))
        try zip.add("xl/theme/theme1.xml", Array(XLSXTheme.xml.utf8))
        try zip.add("xl/styles.xml", styles.xml())
        try zip.add("docProps/core.xml", coreProperties(Date()))
        try zip.add("docProps/app.xml", appProperties(parts.map(\.name)))
        try zip.finish()
        return parts.map(\.name)
    }

    struct Part {
        var sheet: Int
        var name: String
        var rows: Range<Int>
    }

    // MARK: Styles

    /// The cell formats: 0 the default, the header's, then one per number of decimals, in
    /// the order the sheets first use them.
    struct Styles {
        var header: Int?
        /// Each number format: its decimals and its style, in the order first used.
        var numberFormats: [(decimals: Int, style: Int)] = []
        var index: [Int: Int] = [:]

        init(_ sheets: [XLSXSheet], _ parts: [Part]) {
            var next = 1
            for part in parts where !sheets[part.sheet].columns.isEmpty {
                if header == nil {
                    header = next
                    next += 1
                }
                for column in sheets[part.sheet].columns {
                    if case let .number(d) = column.kind, index[d] == nil {
                        index[d] = next
                        numberFormats.append((d, next))
                        next += 1
                    }
                }
            }
        }

        /// The `s` of a cell of this column (nil: the default).
        func style(_ kind: XLSXColumn.Kind) -> Int? {
            if case let .number(d) = kind { return index[d] } else { return nil }
        }

        static func code(_ decimals: Int) -> String { decimals > 0 ? "#,##0." + String(repeating: "0", count: decimals) : "#,##0" }

        func xml() -> [UInt8] {
            var s = declaration + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            if !numberFormats.isEmpty {
                s += "<numFmts count=\"\(numberFormats.count)\">"
                for (k, f) in numberFormats.enumerated() { s += "<numFmt numFmtId=\"\(164 + k)\" formatCode=\"\(Styles.code(f.decimals))\"/>" }
                s += "</numFmts>"
            }
            let font = "<sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/>"
            s += "<fonts count=\"\(header == nil ? 1 : 2)\"><font>\(font)</font>" + (header == nil ? "" : "<font><b/>\(font)</font>") + "</fonts>"
            s += "<fills count=\"\(header == nil ? 2 : 3)\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
            if header != nil { s += "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE8EEF4\"/><bgColor indexed=\"64\"/></patternFill></fill>" }
            s += "</fills><borders count=\"\(header == nil ? 1 : 2)\"><border><left/><right/><top/><bottom/><diagonal/></border>"
            if header != nil { s += "<border><left/><right/><top/><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border>" }
            s += "</borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            var xfs = ["<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"]
            var byIndex: [(Int, String)] = []
            if let h = header { byIndex.append((h, "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyBorder=\"1\"/>")) }
            for (k, f) in numberFormats.enumerated() {
                byIndex.append((f.style, "<xf numFmtId=\"\(164 + k)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"))
            }
            xfs += byIndex.sorted { $0.0 < $1.0 }.map(\.1)
            s += "<cellXfs count=\"\(xfs.count)\">" + xfs.joined() + "</cellXfs>"
            s += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles><dxfs count=\"0\"/>"
            s += "<tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>"
            return Array(s.utf8)
        }
    }

    // MARK: Sheets

    /// One sheet part: its head (dimension, pane, columns), the rows in chunks deflated on
    /// every core, its tail (autofilter).
    static func writeSheet(_ sheet: XLSXSheet, _ part: Part, selected: Bool, styles: Styles, name: String, to zip: ZipArchiveWriter) throws {
        let columns = sheet.columns
        let hasColumns = !columns.isEmpty
        // The last row and column holding a cell (the header row has every column).
        var lastRow = hasColumns ? 1 : 0
        var lastColumn = max(columns.count - 1, 0)
        for r in part.rows.reversed() where sheet.rows[r].prefix(columns.count).contains(where: hasValue) {
            lastRow = r - part.rows.lowerBound + 2
            break
        }
        if !hasColumns { lastColumn = 0 }
        let dimension = lastRow == 0 ? "A1" : (lastRow == 1 && lastColumn == 0 ? "A1" : "A1:" + columnName(lastColumn) + "\(lastRow)")
        var head = declaration
        head += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        head += "<dimension ref=\"\(dimension)\"/><sheetViews><sheetView \(selected ? "tabSelected=\"1\" " : "")workbookViewId=\"0\""
        head += hasColumns ? "><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView>" : "/>"
        head += "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        let widths = columnWidths(sheet)
        if hasColumns {
            head += "<cols>"
            for (c, column) in columns.enumerated() {
                var w: [UInt8] = []
                NumberFormatting.append(excelWidth(widths[c]), to: &w)
                head += "<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(String(decoding: w, as: UTF8.self))\""
                head += styles.style(column.kind).map { " style=\"\($0)\"" } ?? ""
                head += " customWidth=\"1\"/>"
            }
            head += "</cols>"
        }
        head += "<sheetData>"
        var headBytes = Array(head.utf8)
        if hasColumns {
            // The header row: every column, an empty title as a formatted blank cell.
            headBytes += Array("<row r=\"1\">".utf8)
            let h = styles.header ?? 0
            for (c, column) in columns.enumerated() {
                let title = column.header.isEmpty ? "" : cellText(column.header)
                headBytes += Array("<c r=\"\(columnName(c))1\" s=\"\(h)\"".utf8)
                if title.isEmpty { headBytes += Array("/>".utf8) } else { appendInlineText(title, to: &headBytes) }
            }
            headBytes += Array("</row>".utf8)
        }
        var tail = "</sheetData>"
        if hasColumns { tail += "<autoFilter ref=\"A1:\(columnName(columns.count - 1))\(part.rows.count + 1)\"/>" }
        tail += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>"

        try zip.begin(name)
        var deflater = Deflater(level: sheetLevel)
        var piece = DeflatePiece()
        headBytes.withUnsafeBytes { deflater.deflate($0, into: &piece) }
        try zip.append(piece)
        // Per column, what every cell of it starts with: `<c r="AB` and after the row number its style.
        let prefixes = columns.indices.map { Array("<c r=\"\(columnName($0))".utf8) }
        let styleAttributes = columns.map { column in Array((styles.style(column.kind).map { "\" s=\"\($0)\"" } ?? "\"").utf8) }
        let rows = part.rows
        try sheet.rows.withUnsafeBufferPointer { all in
            try OrderedChunks.run(count: rows.count, chunk: rowsPerChunk, makeState: { ChunkState() }, encode: { range, state in
                state.xml.removeAll(keepingCapacity: true)
                for k in range {
                    let excelRow = k + 2
                    let cells = all[rows.lowerBound + k]
                    let rowStart = state.xml.count
                    var written = false
                    state.xml.append(contentsOf: rowOpen)
                    appendDecimal(excelRow, to: &state.xml)
                    state.xml.append(contentsOf: closeTag)
                    for c in 0..<min(cells.count, columns.count) {
                        switch cells[c] {
                        case let .text(s) where !s.isEmpty:
                            state.xml.append(contentsOf: prefixes[c])
                            appendDecimal(excelRow, to: &state.xml)
                            state.xml.append(contentsOf: styleAttributes[c])
                            appendCellText(s, to: &state.xml)
                            written = true
                        case let .number(v) where v.isFinite:
                            state.xml.append(contentsOf: prefixes[c])
                            appendDecimal(excelRow, to: &state.xml)
                            state.xml.append(contentsOf: styleAttributes[c])
                            state.xml.append(contentsOf: valueOpen)
                            NumberFormatting.append(v, to: &state.xml)
                            state.xml.append(contentsOf: valueClose)
                            written = true
                        default:
                            break
                        }
                    }
                    // No cell, no row.
                    if written { state.xml.append(contentsOf: rowClose) } else { state.xml.removeSubrange(rowStart...) }
                }
                state.xml.withUnsafeBytes { state.deflater.deflate($0, into: &state.piece) }
            }, write: { _, state in
                try zip.append(state.piece)
            })
        }
        Array(tail.utf8).withUnsafeBytes { deflater.deflate($0, into: &piece) }
        try zip.append(piece)
        try zip.end()
    }

    final class ChunkState {
        var xml: [UInt8] = []
        var deflater = Deflater(level: XLSXWriter.sheetLevel)
        var piece = DeflatePiece()
        init() { xml.reserveCapacity(1 << 20) }
    }

    static let rowOpen = Array("<row r=\"".utf8), closeTag = Array("\">".utf8), rowClose = Array("</row>".utf8)
    static let valueOpen = Array("><v>".utf8), valueClose = Array("</v></c>".utf8)

    static func hasValue(_ cell: XLSXCell) -> Bool {
        switch cell {
        case let .text(s): !s.isEmpty
        case let .number(v): v.isFinite
        case .empty: false
        }
    }

    /// An inline-string cell's rest after its `<c r="…"` (and style): the text XML-escaped,
    /// spaces at either end kept.
    static func appendInlineText(_ text: String, to out: inout [UInt8]) {
        let u = text.utf8
        let preserve = u.first.map(isSpace) == true || u.last.map(isSpace) == true
        out.append(contentsOf: preserve ? inlinePreserve : inline)
        for b in u {
            switch b {
            case UInt8(ascii: "&"): out.append(contentsOf: amp)
            case UInt8(ascii: "<"): out.append(contentsOf: lt)
            case UInt8(ascii: ">"): out.append(contentsOf: gt)
            default: out.append(b)
            }
        }
        out.append(contentsOf: inlineClose)
    }

    /// A text cell's rest (as ``appendInlineText(_:to:)``) for any text: in one look at its
    /// bytes when it is plain and has nothing to escape (most ids, codes, dates, words).
    static func appendCellText(_ text: String, to out: inout [UInt8]) {
        let done: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.count <= 32_767, let first = bytes.first, let last = bytes.last else { return false }
            var previous: UInt8 = 0, before: UInt8 = 0
            for b in bytes {
                // Anything to escape for XML or for display: the general way.
                if b < 0x20 || b == 0x7F || b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") { return false }
                if previous == 0xC2, b >= 0x80, b <= 0x9F { return false }
                if before == 0xE2, (previous == 0x80 && b >= 0xAA && b <= 0xAE) || (previous == 0x81 && b >= 0xA6 && b <= 0xA9) { return false }
                before = previous
                previous = b
            }
            out.append(contentsOf: isSpace(first) || isSpace(last) ? inlinePreserve : inline)
            out.append(contentsOf: bytes)
            out.append(contentsOf: inlineClose)
            return true
        }
        if done != true { appendInlineText(cellText(text), to: &out) }
    }

    static let inline = Array(" t=\"inlineStr\"><is><t>".utf8), inlinePreserve = Array(" t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8)
    static let inlineClose = Array("</t></is></c>".utf8)
    static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)

    /// C's isspace in the C locale.
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    static func appendDecimal(_ v: Int, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
        var n = v, k = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[k] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                k += 1
            } while n > 0 && k < 8
            while k > 0 {
                k -= 1
                out.append(d[k])
            }
        }
    }

    /// Excel's column letters: 0 → A, 25 → Z, 26 → AA.
    static func columnName(_ c: Int) -> String {
        var n = c + 1, s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// A width in characters as Excel stores it (libxlsxwriter's conversion for Calibri 11:
    /// whole pixels at 7 per digit plus 5 of padding, in 1/256ths of a digit).
    static func excelWidth(_ w: Double) -> Double {
        let pixels = Double(UInt16(w * 7 + 0.5)) + 5
        return Double(UInt16(pixels / 7 * 256)) / 256
    }

    // MARK: Package parts

    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static func contentTypes(_ sheets: Int) -> [UInt8] {
        var s = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        s += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        s += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        s += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        s += "<Override PartName=\"/xl/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>"
        s += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for n in 1...max(sheets, 1) where n <= sheets {
            s += "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return Array((s + "</Types>").utf8)
    }

    static let rootRelationships = declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "</Relationships>"

    static func workbookRelationships(_ sheets: Int) -> [UInt8] {
        var s = declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for n in 0..<sheets {
            s += "<Relationship Id=\"rId\(n + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(n + 1).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/>"
        s += "<Relationship Id=\"rId\(sheets + 2)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return Array((s + "</Relationships>").utf8)
    }

    static func workbook(_ sheets: [XLSXSheet], _ parts: [Part]) -> [UInt8] {
        var s = declaration + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        s += "<fileVersion appName=\"xl\" lastEdited=\"4\" lowestEdited=\"4\" rupBuild=\"4505\"/><workbookPr defaultThemeVersion=\"124226\"/>"
        s += "<bookViews><workbookView xWindow=\"240\" yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>"
        for (n, part) in parts.enumerated() { s += "<sheet name=\"\(escapeAttribute(part.name))\" sheetId=\"\(n + 1)\" r:id=\"rId\(n + 1)\"/>" }
        s += "</sheets>"
        // Each autofilter's range, as Excel names it (in the order of the sheet names, as libxlsxwriter sorts them).
        let filters = parts.enumerated().filter { !sheets[$0.element.sheet].columns.isEmpty }.map { n, part in
            (sheet: n, name: part.name, range: quotedSheetName(part.name) + "!$A$1:$" + columnName(sheets[part.sheet].columns.count - 1) + "$\(part.rows.count + 1)")
        }.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        if !filters.isEmpty {
            s += "<definedNames>"
            for f in filters { s += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(f.sheet)\" hidden=\"1\">\(escapeText(f.range))</definedName>" }
            s += "</definedNames>"
        }
        s += "<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>"
        return Array(s.utf8)
    }

    /// A sheet name in a formula: quoted (quotes doubled) unless it is letters, digits, `_` and `.` only.
    static func quotedSheetName(_ name: String) -> String {
        let plain = name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2E }
        return plain ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func coreProperties(_ date: Date) -> [UInt8] {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        let stamp = f.string(from: date)
        var s = declaration + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        s += "<dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy><dcterms:created xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:created>"
        s += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:modified></cp:coreProperties>"
        return Array(s.utf8)
    }

    static func appProperties(_ names: [String]) -> [UInt8] {
        var s = declaration + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        s += "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        s += "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>\(names.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        s += "<TitlesOfParts><vt:vector size=\"\(names.count)\" baseType=\"lpstr\">" + names.map { "<vt:lpstr>\(escapeText($0))</vt:lpstr>" }.joined() + "</vt:vector></TitlesOfParts>"
        s += "<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
        return Array(s.utf8)
    }

    static func escapeText(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func escapeAttribute(_ s: String) -> String { escapeText(s).replacingOccurrences(of: "\"", with: "&quot;") }

    // MARK: Names, text, widths

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
    /// them), at most Excel's 32,767 characters. Plain text (no control, C1 or bidi
    /// character, short) is returned as it is without looking at its characters.
    static func cellText(_ s: String) -> String {
        if s.utf8.count <= 32_767, isPlain(s) { return s }
        let shown = DisplayText.escapingControls(s)
        return shown.count > 32_767 ? String(shown.prefix(32_767)) : shown
    }

    /// No byte of a control (C0 but tab and line feed, DEL, C1) or a bidi embedding,
    /// override or isolate (U+202A–U+202E, U+2066–U+2069): what DisplayText escapes.
    static func isPlain(_ s: String) -> Bool {
        var previous: UInt8 = 0, before: UInt8 = 0
        for b in s.utf8 {
            if b < 0x20, b != 0x09, b != 0x0A { return false }
            if b == 0x7F { return false }
            if previous == 0xC2, b >= 0x80, b <= 0x9F { return false }
            if before == 0xE2, previous == 0x80, b >= 0xAA, b <= 0xAE { return false }
            if before == 0xE2, previous == 0x81, b >= 0xA6, b <= 0xA9 { return false }
            before = previous
            previous = b
        }
        return true
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
}
