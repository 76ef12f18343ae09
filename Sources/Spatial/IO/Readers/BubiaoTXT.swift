import Foundation

/// The ministry's coordinate exchange TXT for red lines and parcel boundaries ("部标格式"),
/// as natural-resources bureaus exchange them for 建设用地报批 and 勘测定界: a reader into
/// ``Document`` and a writer (``encode(_:crs:header:precision:encoding:)``).
///
/// What the format says, and where it was found:
///
/// - 《建设项目用地红线坐标文件内容要求》(附件1, m.wenku365.com/p-6705749.html): a section
///   `[属性描述]` of `key=value` lines (坐标系, 几度分带, 投影类型, 计量单位, 带号, 精度,
///   转换参数 — "不用填写转换参数，但要保留逗号", hence `转换参数=,,,,,,`), then `[地块坐标]` with,
///   per parcel, the line `界址点数,地块面积,地块编号,地块名称,记录图形属性(面),图幅号,地块用途,,@`
///   ("@ 不能删掉") followed by rows `点号,地块圈号,X坐标,Y坐标`. 地块面积 is in 公顷; 记录图形属性
///   is 面; point names run "J1、J2、……、J1" or "1、2、……、1" — a ring ends by repeating its
///   first point; 地块圈号 is 1 when nothing inside the parcel is deducted (the page's text
///   breaks off there). Punctuation is ASCII ("必须在英文输入法状态下输入").
/// - "勘测定界界址点坐标格式要求（CGCS2000版）" (www.cnblogs.com/loveyl/p/19088909): the header
///   begins 格式版本号, 数据产生单位, 数据产生日期 before 坐标系…精度; several parcels in one file;
///   X has 7 digits before the point (northing), Y 8 (the zone number in front of the easting);
///   a parcel with rings 1…3.
/// - "国土TXT格式" (www.cnblogs.com/znlgis/p/19274558): the parcel fields by name and code —
///   界址点数 JZDS, 地块面积 DKMJ (公顷), 地块编号 DKBH, 地块名称 DKMC, 记录图形属性 JLTXSX
///   (点/线/面), 图幅号 TFH, 地块用途 DKYT, 地类编码 DLBM — with more fields after them in some
///   programmes (土地整治: 图斑类型, 地类…); 圈号 1 is the outer ring, 2 and up inner rings
///   (holes); X is the northing, Y the easting.
/// - Usual header values: 坐标系 = 2000国家大地坐标系, 1980西安坐标系 (also written
///   1980西安国家大地坐标系), 1954北京坐标系; 几度分带 = 3 or 6; 投影类型 = 高斯克吕格; 计量单位 = 米.
///
/// What the format leaves open, and what this code does:
///
/// - A parcel in several pieces (several outer rings): nothing says how they are numbered.
///   Rings are therefore classified by containment — a ring inside an odd number of the
///   parcel's other rings is a hole of the smallest ring around it — and a parcel with
///   several outer rings is a MultiPolygon. A ring numbered 1 that lies inside another is
///   read as a hole, with a warning. The writer numbers rings 1, 2, 3… in order (each
///   polygon's shell, then its holes), so a single polygon follows the convention exactly.
/// - 界址点数: the sources' examples count every row, the repeated closing rows included
///   (J1…J4, J1 and a hole J5…J7, J5 → 9); the writer counts that way. Files that count
///   distinct points (rows minus one per ring) are read without a warning; any other
///   number is a warning, as a declared 地块面积 that the boundary does not give.
///
/// Files in the wild are GBK (Windows), UTF-8 with or without BOM; CRLF, blank lines,
/// trailing spaces and full-width commas occur and are read.
public enum BubiaoTXT {
    /// The parcel line's fields, in the format's order (the properties' keys).
    public static let parcelFields = ["界址点数", "地块面积", "地块编号", "地块名称", "记录图形属性", "图幅号", "地块用途", "地类编码"]
    /// The same fields' usual column codes (the writer also finds attributes under these).
    public static let parcelFieldCodes = ["JZDS", "DKMJ", "DKBH", "DKMC", "JLTXSX", "TFH", "DKYT", "DLBM"]
    /// `[属性描述]` keys in the format's order.
    public static let headerKeys = ["格式版本号", "数据产生单位", "数据产生日期", "坐标系", "几度分带", "投影类型", "计量单位", "带号", "精度", "转换参数"]
    /// Header keys the writer fills from the CRS; they cannot be overridden.
    static let crsHeaderKeys: Set<String> = ["坐标系", "几度分带", "投影类型", "计量单位", "带号"]

    /// One `key=value` line of `[属性描述]`.
    public struct HeaderEntry: Sendable, Equatable {
        public var key: String
        public var value: String
        /// 1-based line in the file.
        public var line: Int
    }

    /// A file as read.
    public struct Document: Sendable {
        public var file: String
        /// The encoding the bytes were in (UTF-8 when valid UTF-8, else GBK/GB18030).
        public var encoding: TextEncoding
        public var byteOrderMark: Bool
        /// `[属性描述]` entries in file order.
        public var header: [HeaderEntry]
        /// The Gauss–Krüger CRS the header and the eastings imply (`EPSG:4528`); nil when they
        /// do not say enough, with the reason in ``notes``.
        public var crs: String? { zone?.definition }
        public var zone: GaussKrugerZones.Zone?
        /// File-level remarks: how the CRS was decided, ignored lines and sections.
        public var notes: [String]
        /// The parcels in file order: properties keyed by ``parcelFields`` (界址点数 and 地块面积
        /// as numbers when they are), the line of the parcel line, the geometry (x = easting,
        /// y = northing, as the file writes them) or the problem that prevented it, warnings.
        public var parcels: [Feature]

        /// The first value of `key` in `[属性描述]`.
        public func headerValue(_ key: String) -> String? {
            header.first { $0.key == key }?.value
        }
    }

    /// Reads the file at `path`.
    public static func read(path: String) throws -> Document {
        let mapped = try MappedFile(path: path)
        return try parse(mapped.bytes, file: path)
    }

    /// Parses a file's bytes. File-level problems (not text, no `[地块坐标]`, a point row
    /// before any parcel line) throw ``ReadError`` with the line; a parcel that cannot be read
    /// gets a ``Feature/problem`` and the others are read all the same.
    public static func parse(_ bytes: [UInt8], file: String) throws -> Document {
        try bytes.withUnsafeBufferPointer { try parse($0, file: file) }
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> Document {
        let (utf8, encoding, bom) = try decode(bytes, file: file)
        var notes: [String] = []
        var header: [HeaderEntry] = []
        var blocks: [Block] = []
        var sawCoordinates = false
        var sawHeaderSection = false
        var section = Section.none
        var lineNumber = 0, lastContentLine = 0
        // Split on LF bytes: a Swift String sees CR LF as one Character, never equal to "\n".
        for rawLine in utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(decoding: rawLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            lastContentLine = lineNumber
            if let name = sectionName(line) {
                switch name {
                case "属性描述":
                    section = .header
                    sawHeaderSection = true
                case "地块坐标":
                    section = .coordinates
                    sawCoordinates = true
                default:
                    section = .other
                    notes.append("line \(lineNumber): section [\(name)] is not part of the format; its lines are ignored")
                }
                continue
            }
            switch section {
            case .header, .none:
                if line.hasSuffix("@") {
                    throw ReadError(file: file, line: lineNumber, message: "a parcel line (ending in ,@) before any [地块坐标] section: add the line [地块坐标] above the parcels")
                }
                if let eq = line.firstIndex(where: { $0 == "=" || $0 == "＝" }) {
                    let key = line[..<eq].trimmingCharacters(in: .whitespaces)
                    let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                    if section == .none {
                        notes.append("line \(lineNumber): '\(key)=' before any [属性描述] section, read as a header entry")
                    }
                    header.append(HeaderEntry(key: key, value: value, line: lineNumber))
                } else {
                    notes.append("line \(lineNumber): '\(line.prefix(40))' is not a key=value entry; ignored")
                }
            case .coordinates:
                if line.hasSuffix("@") {
                    blocks.append(Block(line: lineNumber, text: line))
                } else if blocks.isEmpty {
                    throw ReadError(file: file, line: lineNumber, message: "a point row before the first parcel line (界址点数,地块面积,…,@) in [地块坐标]")
                } else {
                    blocks[blocks.count - 1].rows.append((lineNumber, line))
                }
            case .other:
                continue
            }
        }
        guard sawCoordinates else {
            throw ReadError(file: file, line: lastContentLine, message: "no [地块坐标] section: the file ends at line \(lastContentLine) without one; this is not a ministry coordinate file (部标 TXT), or its [地块坐标] line is missing")
        }
        if !sawHeaderSection { notes.append("no [属性描述] section") }
        if blocks.isEmpty { notes.append("[地块坐标] holds no parcels") }

        let zone = impliedZone(header: header, sampleEasting: blocks.lazy.compactMap(\.firstEasting).first, notes: &notes)
        let parcels = blocks.enumerated().map { parcel($1, index: $0 + 1, zone: zone) }
        return Document(file: file, encoding: encoding, byteOrderMark: bom, header: header, zone: zone, notes: notes, parcels: parcels)
    }

    // MARK: - Reading

    private enum Section { case none, header, coordinates, other }

    /// The lines of one parcel: its `…,@` line and its point rows.
    private struct Block {
        var line: Int
        var text: String
        var rows: [(line: Int, text: String)] = []

        /// The easting of the first point row that has one (to tell prefixed eastings).
        var firstEasting: Double? {
            for row in rows {
                let f = BubiaoTXT.fields(row.text)
                if f.count >= 4, let y = NumberScanning.parse(Substring(f[3])) { return y }
            }
            return nil
        }
    }

    /// `[name]` or `【name】` → name.
    private static func sectionName(_ line: String) -> String? {
        guard let first = line.first, let last = line.last, line.count >= 2,
              (first == "[" && last == "]") || (first == "【" && last == "】") else { return nil }
        return line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
    }

    /// Comma-separated fields, trimmed; full-width commas count as commas.
    static func fields(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "，" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Decodes UTF-8 (with or without BOM) or, when the bytes are not valid UTF-8, GBK/GB18030.
    private static func decode(_ p: UnsafeBufferPointer<UInt8>, file: String) throws -> ([UInt8], TextEncoding, Bool) {
        guard !p.isEmpty else { throw ReadError(file: file, message: "the file is empty") }
        if p.count >= 2, (p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF) {
            throw ReadError(file: file, line: 1, message: "the file is UTF-16 (Windows \"Unicode\"); save it as UTF-8 or ANSI (GBK)")
        }
        if let nul = p.firstIndex(of: 0) {
            let line = ReadError.position(of: nul, in: p).line
            throw ReadError(file: file, line: line, message: "not a text file: a NUL byte at offset \(nul)")
        }
        let bom = p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF
        let body = UnsafeBufferPointer(rebasing: p[(bom ? 3 : 0)...])
        // Decoding repairs invalid sequences with U+FFFD: the bytes were UTF-8 exactly when
        // the text encodes back to them.
        if String(decoding: body, as: UTF8.self).utf8.elementsEqual(body) { return (Array(body), .utf8, bom) }
        if bom {
            throw ReadError(file: file, line: firstInvalidUTF8Line(body), message: "the file starts with a UTF-8 byte-order mark but holds bytes that are not UTF-8")
        }
        return (try TextEncoding.gbk.decodeToUTF8(body, file: file), .gbk, false)
    }

    /// The line of the first byte sequence that is not UTF-8.
    private static func firstInvalidUTF8Line(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1, start = 0
        for i in 0...p.count where i == p.count || p[i] == 0x0A {
            let chunk = UnsafeBufferPointer(rebasing: p[start..<i])
            if !String(decoding: chunk, as: UTF8.self).utf8.elementsEqual(chunk) { return line }
            line += 1
            start = i + 1
        }
        return line
    }

    /// The CRS `[属性描述]` implies, with `sampleEasting` telling whether eastings carry the
    /// zone prefix. Every decision that is not read straight from the header goes to `notes`.
    static func impliedZone(header: [HeaderEntry], sampleEasting: Double?, notes: inout [String]) -> GaussKrugerZones.Zone? {
        func value(_ key: String) -> String? {
            guard let v = header.first(where: { $0.key == key })?.value, !v.isEmpty else { return nil }
            return v
        }
        let unknown = "the CRS is unknown"
        guard let datumText = value("坐标系") else {
            notes.append("[属性描述] gives no 坐标系: \(unknown)")
            return nil
        }
        guard let datum = GaussKrugerZones.Datum(chineseName: datumText) else {
            notes.append("坐标系=\(datumText) is none of 2000国家大地坐标系, 1980西安坐标系, 1954北京坐标系: \(unknown)")
            return nil
        }
        if let projection = value("投影类型") {
            let p = projection.lowercased()
            guard p.contains("高斯") || p.contains("gauss") || p.contains("克吕格") else {
                notes.append("投影类型=\(projection) is not 高斯克吕格 (Gauss–Krüger): \(unknown)")
                return nil
            }
        } else {
            notes.append("[属性描述] gives no 投影类型: Gauss–Krüger assumed, the format's only projection")
        }
        if let unit = value("计量单位") {
            guard ["米", "m", "metre", "meter", "公尺"].contains(unit.lowercased()) else {
                notes.append("计量单位=\(unit) is not 米: \(unknown)")
                return nil
            }
        } else {
            notes.append("[属性描述] gives no 计量单位: metres assumed")
        }
        var width: Int?
        if let w = value("几度分带") {
            if w.hasPrefix("3") || w.hasPrefix("三") {
                width = 3
            } else if w.hasPrefix("6") || w.hasPrefix("六") {
                width = 6
            } else {
                notes.append("几度分带=\(w) is neither 3 nor 6: \(unknown)")
                return nil
            }
        }
        let prefix = sampleEasting.flatMap(GaussKrugerZones.zonePrefix(of:))
        guard let sampleEasting else {
            notes.append("no easting to tell whether eastings carry the zone prefix: \(unknown)")
            return nil
        }
        func validNumbers(_ n: Int) -> [Int] {
            [3, 6].filter { (width == nil || width == $0) && GaussKrugerZones.Zone.zoneNumbers(width: $0)?.contains(n) == true }
        }
        var number: Int
        if let text = value("带号"), let n = Int(text.filter(\.isASCII).filter(\.isNumber)) {
            number = n
            if validNumbers(n).isEmpty {
                // Some files give the central meridian (带号=117) instead of the zone number.
                let asMeridian = [3, 6].filter { width == nil || width == $0 }
                    .compactMap { GaussKrugerZones.Zone(datum: datum, width: $0, centralMeridian: n, prefixed: false) }
                if asMeridian.count == 1, let z = asMeridian.first {
                    notes.append("带号=\(text) is no zone number but the central meridian \(n)°E: zone \(z.number) (\(z.width)°)")
                    number = z.number
                    width = z.width
                } else {
                    let w = width.map { "a \($0)° zone (\(GaussKrugerZones.Zone.zoneNumbers(width: $0).map { "\($0.lowerBound)–\($0.upperBound)" } ?? ""))" } ?? "a zone of China (3°: 25–45, 6°: 13–23)"
                    notes.append("带号=\(text) is not \(w): \(unknown)")
                    return nil
                }
            }
        } else if let prefix, !validNumbers(prefix).isEmpty {
            notes.append("[属性描述] gives no 带号: zone \(prefix) taken from the eastings' prefix")
            number = prefix
        } else {
            notes.append("[属性描述] gives no 带号 and the eastings carry no zone prefix: \(unknown)")
            return nil
        }
        if let prefix, prefix != number {
            // The prefix is written by the surveying software from the zone the coordinates
            // were computed in; a 带号 line is typed by hand.
            guard !validNumbers(prefix).isEmpty else {
                notes.append("the eastings start with \(prefix), which is not a zone number: \(unknown)")
                return nil
            }
            notes.append("带号=\(number) but the eastings carry the zone prefix \(prefix): the eastings' zone \(prefix) is used")
            number = prefix
        }
        if width == nil {
            width = validNumbers(number).first
            if let width { notes.append("[属性描述] gives no 几度分带: \(width)° zones, as zone \(number) implies") }
        }
        guard let width, let zone = GaussKrugerZones.zone(datum: datum, width: width, number: number, sampleEasting: sampleEasting) else {
            notes.append("zone \(number) and the easting \(sampleEasting) do not make a zone of the tables: \(unknown)")
            return nil
        }
        return zone
    }

    /// A ring as read: its 圈号, its lines, its positions (x = easting, y = northing).
    private struct RingRows {
        var number: Int
        var firstLine: Int
        var lastLine: Int
        var firstLabel: String
        var lastLabel: String
        var xy: [Double] = []
        var count: Int { xy.count / 2 }
        /// The last point repeats the first one's position.
        var isClosed: Bool { count >= 2 && xy[0] == xy[xy.count - 2] && xy[1] == xy[xy.count - 1] }
        /// The ring has come back to its start: its first point's name repeated (J1…J1), or,
        /// in a file whose rows are unnamed, its first position after at least 3 others. A
        /// later point at the first one's position under another name (a collapsed corner,
        /// as real red lines have) does not end the ring.
        var hasEnded: Bool {
            guard isClosed else { return false }
            if !firstLabel.isEmpty { return lastLabel == firstLabel && count > 1 }
            return count >= 4
        }
    }

    private enum Shape { case polygon, line, point }

    /// Builds one parcel's feature from its lines.
    private static func parcel(_ block: Block, index: Int, zone: GaussKrugerZones.Zone?) -> Feature {
        var warnings: [String] = []
        // Properties from the parcel line: everything before the trailing "@".
        var head = String(block.text.dropLast()).trimmingCharacters(in: .whitespaces)
        if head.hasSuffix(",") || head.hasSuffix("，") { head.removeLast() }
        if head.contains("，") || block.rows.contains(where: { $0.text.contains("，") }) {
            warnings.append("full-width commas (，) read as commas; the format wants ASCII punctuation")
        }
        let values = fields(head)
        if values.count < parcelFields.count {
            warnings.append("the parcel line has \(values.count) field(s) before @; the format has \(parcelFields.count) (\(parcelFields.joined(separator: ",")))")
        }
        var props = Properties()
        for k in 0..<max(values.count, parcelFields.count) {
            let key = k < parcelFields.count ? parcelFields[k] : "字段\(k + 1)"
            let text = k < values.count ? values[k] : ""
            if text.isEmpty {
                props.appendUnchecked(key, .null)
            } else if k == 0 {
                props.appendUnchecked(key, NumberScanning.parse(Substring(text)) != nil ? .number(text) : .string(text))
            } else if k == 1 {
                let number = text.hasSuffix("公顷") ? String(text.dropLast(2)).trimmingCharacters(in: .whitespaces) : text
                props.appendUnchecked(key, NumberScanning.parse(Substring(number)) != nil ? .number(number) : .string(text))
            } else {
                props.appendUnchecked(key, .string(text))
            }
        }
        let id = props["地块编号"].flatMap { $0.isNull ? nil : $0.text }
        func failed(_ problem: String) -> Feature {
            Feature(index: index, id: id, geometry: nil, properties: props, line: block.line, problem: problem, warnings: warnings)
        }

        let shapeText = props["记录图形属性"]?.text ?? ""
        let shape: Shape
        switch shapeText {
        case "", "面": shape = .polygon
        case "线": shape = .line
        case "点": shape = .point
        default:
            shape = .polygon
            warnings.append("记录图形属性=\(shapeText) is none of 点, 线, 面: read as 面")
        }

        // Point rows → rings: a ring ends where its 圈号 changes or its first point comes back.
        var rings: [RingRows] = []
        var extraFields = false
        for (line, text) in block.rows {
            let f = fields(text)
            guard f.count >= 4 else {
                return failed("line \(line): a point row needs 点号,圈号,X,Y; found \(f.count) field(s) in '\(text.prefix(60))'")
            }
            if f.count > 4, !extraFields {
                extraFields = true
                warnings.append("line \(line): point rows have more than 4 fields; the fields after Y are ignored")
            }
            guard let number = Int(f[1]), number > 0 else {
                return failed("line \(line): 圈号 '\(f[1])' is not a positive whole number")
            }
            guard let northing = NumberScanning.parse(Substring(f[2])), northing.isFinite else {
                return failed("line \(line): X (northing) '\(f[2])' is not a number")
            }
            guard let easting = NumberScanning.parse(Substring(f[3])), easting.isFinite else {
                return failed("line \(line): Y (easting) '\(f[3])' is not a number")
            }
            if northing >= 10_000_000 {
                return failed("line \(line): X = \(f[2]) is no northing (it looks like an easting with its zone prefix); the format puts X (northing) before Y (easting)")
            }
            if let zone {
                // Every easting must be in the zone, and prefixed or not, as the file's CRS says.
                let prefix = GaussKrugerZones.zonePrefix(of: easting)
                if zone.prefixed, prefix != zone.number {
                    return failed("line \(line): Y = \(f[3]) is not an easting of zone \(zone.number) with its prefix, as the other eastings of the file (\(zone.definition))")
                } else if !zone.prefixed, prefix != nil {
                    return failed("line \(line): Y = \(f[3]) carries a zone prefix, unlike the file's first easting (\(zone.definition), no prefix)")
                }
            }
            if let last = rings.last, last.number == number, !(shape == .polygon && last.hasEnded) {
                rings[rings.count - 1].xy.append(easting)
                rings[rings.count - 1].xy.append(northing)
                rings[rings.count - 1].lastLine = line
                rings[rings.count - 1].lastLabel = f[0]
            } else {
                rings.append(RingRows(number: number, firstLine: line, lastLine: line, firstLabel: f[0], lastLabel: f[0], xy: [easting, northing]))
            }
        }
        guard !rings.isEmpty else { return failed("no point rows under the parcel line") }

        var builder = FlatGeometryBuilder()
        switch shape {
        case .point:
            let count = rings.reduce(0) { $0 + $1.count }
            builder.node(count == 1 ? .point : .multiPoint, count: count)
            for r in rings {
                for k in 0..<r.count {
                    if count > 1 { builder.node(.point, count: 1) }
                    builder.point(r.xy[2 * k], r.xy[2 * k + 1])
                    builder.endSequence()
                }
            }
        case .line:
            if let short = rings.first(where: { $0.count < 2 }) {
                return failed("line \(short.firstLine): line \(short.number) has a single point")
            }
            if rings.count > 1 { builder.node(.multiLineString, count: rings.count) }
            for r in rings {
                builder.node(.lineString, count: 1)
                for k in 0..<r.count { builder.point(r.xy[2 * k], r.xy[2 * k + 1]) }
                builder.endSequence()
            }
        case .polygon:
            // An open or short ring is read as it is: the repairs every layer gets as it is
            // read (RingRepair: closed within the tolerance, a hole without area dropped)
            // decide, as for any other format. The lines are kept in the feature's warnings.
            for r in rings {
                let lines = r.firstLine == r.lastLine ? "line \(r.firstLine)" : "lines \(r.firstLine)–\(r.lastLine)"
                if !r.isClosed {
                    warnings.append("ring \(r.number) (\(lines)) is not closed: its last point \(r.lastLabel) is not its first point \(r.firstLabel) repeated")
                } else if r.count < 4 {
                    warnings.append("ring \(r.number) (\(lines)) has \(r.count) point rows; a ring needs at least 4 (3 corners and the first repeated)")
                }
            }
            buildPolygons(rings.map(\.xy), numbers: rings.map(\.number), into: &builder, warnings: &warnings)
        }
        let geometry = builder.finish()

        // Declared counts and areas are checked, never trusted.
        let rows = block.rows.count
        if case let .number(t)? = props["界址点数"], let declared = Int(t) {
            let distinct = shape == .polygon ? rows - rings.count : rows
            if declared != rows, declared != distinct {
                warnings.append("界址点数 \(t) but the parcel has \(rows) point rows" + (distinct != rows ? " (\(distinct) without the closing rows)" : ""))
            }
        }
        if shape == .polygon, case let .number(t)? = props["地块面积"], let declared = Double(t), declared != 0 {
            let m2 = geometry.planarArea
            let ha = m2 / 10_000
            let decimals = t.firstIndex(of: ".").map { t.distance(from: $0, to: t.endIndex) - 1 } ?? 0
            let slack = 0.5 * pow(10, -Double(decimals))
            if abs(declared - ha) > slack + 1e-9 * ha {
                if abs(declared - m2) <= max(slack, 1e-6 * m2) {
                    warnings.append("地块面积 \(t) is the area in square metres; the format wants 公顷 (\(fixed(ha, decimals: 4)))")
                } else {
                    warnings.append("地块面积 \(t) 公顷 but the boundary encloses \(fixed(ha, decimals: 4)) 公顷 (planar)")
                }
            }
        }
        return Feature(index: index, id: id, geometry: geometry, properties: props, line: block.line, warnings: warnings)
    }

    /// Polygons from the rings: a ring inside an odd number of the others is a hole of
    /// the innermost ring around it; one outer ring makes a Polygon, several a MultiPolygon.
    private static func buildPolygons(_ rings: [[Double]], numbers: [Int], into builder: inout FlatGeometryBuilder, warnings: inout [String]) {
        let n = rings.count
        // Nesting is judged with open rings closed (the even–odd test needs every edge).
        let closed = rings.map { r in
            r.count >= 4 && (r[0] != r[r.count - 2] || r[1] != r[r.count - 1]) ? r + [r[0], r[1]] : r
        }
        var containers = [[Int]](repeating: [], count: n)
        for i in 0..<n {
            for j in 0..<n where j != i && ring(closed[i], isInside: closed[j]) {
                containers[i].append(j)
            }
        }
        let depth = containers.map(\.count)
        var holesOf = [[Int]](repeating: [], count: n)
        var outers: [Int] = []
        for i in 0..<n {
            if depth[i] % 2 == 1, let parent = containers[i].first(where: { depth[$0] == depth[i] - 1 }) {
                holesOf[parent].append(i)
                if numbers[i] == 1 {
                    warnings.append("ring 1 lies inside ring \(numbers[parent]): read as a hole")
                }
            } else {
                outers.append(i)
            }
        }
        if outers.count > 1 {
            warnings.append("rings \(outers.map { String(numbers[$0]) }.joined(separator: ", ")) lie outside one another: the parcel is read as \(outers.count) pieces (MultiPolygon)")
            builder.node(.multiPolygon, count: outers.count)
        }
        for o in outers {
            builder.node(.polygon, count: 1 + holesOf[o].count)
            for r in [o] + holesOf[o] {
                let xy = rings[r]
                for k in 0..<(xy.count / 2) { builder.point(xy[2 * k], xy[2 * k + 1]) }
                builder.endSequence()
            }
        }
    }

    /// Whether ring `a` lies inside ring `b`, judged at the first vertex (then edge midpoint)
    /// of `a` that is not on `b`'s boundary; rings that share every such point are not nested.
    private static func ring(_ a: [Double], isInside b: [Double]) -> Bool {
        let m = a.count / 2
        for k in 0..<m {
            if let inside = pointInRing(a[2 * k], a[2 * k + 1], b) { return inside }
        }
        for k in 0..<(m - 1) {
            let x = (a[2 * k] + a[2 * k + 2]) / 2, y = (a[2 * k + 1] + a[2 * k + 3]) / 2
            if let inside = pointInRing(x, y, b) { return inside }
        }
        return false
    }

    /// Even–odd test of (x, y) against closed ring `r`; nil when the point is on the boundary.
    private static func pointInRing(_ x: Double, _ y: Double, _ r: [Double]) -> Bool? {
        var inside = false
        let m = r.count / 2
        for k in 0..<(m - 1) {
            let ax = r[2 * k], ay = r[2 * k + 1], bx = r[2 * k + 2], by = r[2 * k + 3]
            let cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
            if cross == 0, min(ax, bx) <= x, x <= max(ax, bx), min(ay, by) <= y, y <= max(ay, by) { return nil }
            if (ay > y) != (by > y) {
                let xAtY = ax + (y - ay) * (bx - ax) / (by - ay)
                if x < xAtY { inside.toggle() }
            }
        }
        return inside
    }

    // MARK: - Writing

    /// Why a file could not be written.
    public struct WriteError: Error, CustomStringConvertible, Equatable, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// Writes `parcels` as a ministry coordinate file.
    ///
    /// - `parcels`: polygons or multipolygons in the projected Gauss–Krüger CRS `crs`
    ///   (x = easting, with the zone prefix exactly when the CRS has it). Attributes are
    ///   taken from ``parcelFields`` keys, else their codes (``parcelFieldCodes``, any case);
    ///   界址点数, 地块面积 and 记录图形属性 are always computed: the rows written, the planar
    ///   area in 公顷 to 4 decimals (1 m²) of the coordinates as written, 面.
    /// - `crs`: an EPSG code of ``GaussKrugerZones`` (`EPSG:4528`, `4528`); it fills 坐标系,
    ///   几度分带, 投影类型, 计量单位 and 带号.
    /// - `header`: other `[属性描述]` values (格式版本号, 数据产生单位, 数据产生日期, 转换参数);
    ///   defaults 1.01版本, empty, today, `,,,,,,`.
    /// - `precision`: the `精度=` value, which sets the coordinates' decimals (0.0001 → 4).
    /// - `encoding`: GBK (default; what the approval systems, Windows programs, read) or UTF-8.
    ///
    /// Points are numbered J1, J2… through the parcel's rings, each ring closed by repeating
    /// its first point and number; rings are numbered 1, 2… (each polygon's shell, then its
    /// holes). Lines end with CRLF. Throws ``WriteError`` for a parcel that cannot be written
    /// (no geometry, not polygonal, coordinates outside the CRS's zone, a comma in a value)
    /// and ``TextEncoding/EncodingError`` for text GBK has no code for.
    public static func encode(_ parcels: [Feature], crs: String, header: [String: String] = [:],
                              precision: String = "0.0001", encoding: TextEncoding = .gbk) throws -> [UInt8] {
        let definition = CRS.normalizedDefinition(crs)
        guard definition.hasPrefix("EPSG:"), let code = Int(definition.dropFirst(5)), let zone = GaussKrugerZones.Zone(epsg: code) else {
            throw WriteError(message: "'\(crs)' is not a Gauss–Krüger CRS of the format (CGCS2000, Xian 1980 or Beijing 1954, 3° or 6° zones: EPSG 2327–2390, 2401–2442, 4491–4554, 21413–21423, 21453–21463)")
        }
        guard let decimals = decimals(ofPrecision: precision) else {
            throw WriteError(message: "精度 '\(precision)' is not a step like 0.001 or 0.0001")
        }
        for (key, value) in header {
            guard headerKeys.contains(key) else {
                throw WriteError(message: "'\(key)' is not a [属性描述] key of the format (\(headerKeys.joined(separator: ", ")))")
            }
            guard !crsHeaderKeys.contains(key), key != "精度" else {
                throw WriteError(message: "\(key) is set from the CRS and precision, not as a header value")
            }
            guard !value.contains(where: \.isNewline) else {
                throw WriteError(message: "the header value of \(key) holds a line break")
            }
        }
        var headerValues: [String: String] = [
            "格式版本号": "1.01版本", "数据产生单位": "", "数据产生日期": today(), "转换参数": ",,,,,,",
            "坐标系": zone.datum.chineseName, "几度分带": String(zone.width), "投影类型": "高斯克吕格", "计量单位": "米",
            "带号": String(zone.number), "精度": precision,
        ]
        headerValues.merge(header) { $1 }

        var text = "[属性描述]\r\n"
        for key in headerKeys { text += "\(key)=\(headerValues[key] ?? "")\r\n" }
        text += "[地块坐标]\r\n"
        for (k, feature) in parcels.enumerated() {
            text += try parcelText(feature, number: k + 1, zone: zone, decimals: decimals)
        }
        return try encoding.encode(text)
    }

    /// The decimals a 精度 step asks for: "0.0001" → 4, "1" → 0.
    static func decimals(ofPrecision p: String) -> Int? {
        let t = p.trimmingCharacters(in: .whitespaces)
        if t == "1" { return 0 }
        guard t.hasPrefix("0."), t.count > 2 else { return nil }
        let fraction = t.dropFirst(2)
        guard fraction.last == "1", fraction.dropLast().allSatisfy({ $0 == "0" }), fraction.count <= 9 else { return nil }
        return fraction.count
    }

    private static func parcelText(_ feature: Feature, number k: Int, zone: GaussKrugerZones.Zone, decimals: Int) throws -> String {
        let name = "parcel \(k)" + (feature.line.map { " (line \($0))" } ?? "") + (feature.id.map { " id \($0)" } ?? "")
        guard let geometry = feature.geometry else {
            throw WriteError(message: "\(name) has no geometry" + (feature.problem.map { ": \($0)" } ?? ""))
        }
        guard !geometry.isEmpty, geometry.leafKinds.allSatisfy({ $0 == .polygon }), let polygons = geometry.polygonalPart else {
            throw WriteError(message: "\(name) is a \(geometry.kind), not a polygon: the format's parcels are 面")
        }
        // Rings as written: rounded to the file's decimals, closing position left out.
        let scale = pow(10, Double(decimals))
        func rounded(_ v: Double) -> Double { (v * scale).rounded() / scale }
        var rings: [(number: Int, xy: [Double])] = []
        var writtenGeometry = FlatGeometry(nodes: [.init(kind: .multiPolygon, count: 0)])
        var ringNumber = 0
        // Inside China a zone's eastings stay within ≈ 340 km of its central meridian; degrees,
        // another zone or a missing/extra prefix fall outside.
        let eastingRange = zone.falseEasting - 400_000...zone.falseEasting + 400_000
        var polygonCount = 0
        try polygons.forEachPolygon { ringSequences in
            writtenGeometry.nodes.append(.init(kind: .polygon, count: Int32(ringSequences.count)))
            polygonCount += 1
            for s in ringSequences {
                let range = polygons.sequenceRange(s)
                var xy: [Double] = []
                for i in range {
                    let x = polygons.xy[2 * i], y = polygons.xy[2 * i + 1]
                    guard eastingRange.contains(x), y > 0, y < 10_000_000 else {
                        throw WriteError(message: "\(name): (\(x), \(y)) is not a position of \(zone.description), whose eastings run \(Int(eastingRange.lowerBound))–\(Int(eastingRange.upperBound)) m; transform the parcels to it first")
                    }
                    xy.append(rounded(x))
                    xy.append(rounded(y))
                }
                if xy.count >= 4, xy[0] == xy[xy.count - 2], xy[1] == xy[xy.count - 1] { xy.removeLast(2) }
                guard xy.count >= 6 else {
                    throw WriteError(message: "\(name): a ring with \(xy.count / 2) distinct corner(s) at \(decimals) decimals; a ring needs 3")
                }
                ringNumber += 1
                rings.append((ringNumber, xy))
                writtenGeometry.xy.append(contentsOf: xy)
                writtenGeometry.xy.append(contentsOf: xy[0..<2])
                writtenGeometry.sequenceEnds.append(writtenGeometry.pointCount)
            }
        }
        writtenGeometry.nodes[0].count = Int32(polygonCount)

        var rows = ""
        var label = 0
        var rowCount = 0
        for ring in rings {
            let first = label + 1
            for p in 0..<(ring.xy.count / 2) {
                label += 1
                rows += "J\(label),\(ring.number),\(fixed(ring.xy[2 * p + 1], decimals: decimals)),\(fixed(ring.xy[2 * p], decimals: decimals))\r\n"
            }
            rows += "J\(first),\(ring.number),\(fixed(ring.xy[1], decimals: decimals)),\(fixed(ring.xy[0], decimals: decimals))\r\n"
            rowCount += ring.xy.count / 2 + 1
        }

        var fieldsText: [String] = [String(rowCount), fixed(writtenGeometry.planarArea / 10_000, decimals: 4)]
        for f in 2..<parcelFields.count {
            if parcelFields[f] == "记录图形属性" {
                fieldsText.append("面")
                continue
            }
            let value = attribute(feature.properties, field: f)
            if value.contains(",") || value.contains(where: \.isNewline) {
                throw WriteError(message: "\(name): \(parcelFields[f]) '\(value)' holds a comma or line break, which the format cannot hold")
            }
            fieldsText.append(value)
        }
        return fieldsText.joined(separator: ",") + ",@\r\n" + rows
    }

    /// A parcel attribute by its Chinese name, else its code (any case); "" when absent or null.
    private static func attribute(_ properties: Properties, field: Int) -> String {
        if let v = properties[parcelFields[field]], !v.isNull { return v.text.trimmingCharacters(in: .whitespaces) }
        let code = parcelFieldCodes[field]
        for (key, v) in properties.pairs where key.uppercased() == code && !v.isNull {
            return v.text.trimmingCharacters(in: .whitespaces)
        }
        return ""
    }

    /// `v` with exactly `decimals` decimals ("3347523.1000"), as survey coordinate lists write them.
    static func fixed(_ v: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        guard v.isFinite, abs(v) * scale < 9e15 else { return String(v) }
        let units = (abs(v) * scale).rounded()
        let u = UInt64(units), p = UInt64(scale)
        var s = (v < 0 && u != 0 ? "-" : "") + String(u / p)
        if decimals > 0 {
            let fraction = String(u % p)
            s += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return s
    }

    /// Today's date as the format's examples write it (2024-05-01), local time.
    private static func today() -> String {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
