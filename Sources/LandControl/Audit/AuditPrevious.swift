import Foundation
import Spatial

/// The previous audit (`--previous`): its output folder or its audit.csv, read for each
/// parcel's stage and the deadline of that stage.
public enum AuditPrevious {
    /// Stages and deadlines by parcel id; `file` is the audit.csv read.
    public static func read(_ path: String) throws -> (file: String, parcels: [String: PreviousAudit]) {
        var isFolder: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            ? (path.hasSuffix("/") ? path : path + "/") + "audit.csv" : path
        do {
            _ = try RegularFile.require(file)
        } catch let e as ReadError {
            throw ReadError(file: file, message: "--previous: \(e.message) (give the previous audit's output folder or its audit.csv)")
        }
        let mapped = try MappedFile(path: file)
        guard let text = String(validating: mapped.bytes, as: UTF8.self) else {
            throw ReadError(file: file, message: "--previous: not UTF-8 text; expected the audit.csv an earlier `landctl audit` wrote")
        }
        let rows = parse(text)
        guard let header = rows.first else { throw ReadError(file: file, message: "--previous: empty; expected the audit.csv an earlier `landctl audit` wrote") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let id = names.firstIndex(of: "id"), let stage = names.firstIndex(of: "stage"), let deadline = names.firstIndex(of: "stage_deadline") else {
            throw ReadError(file: file, line: 1, message: "--previous: needs the columns id, stage and stage_deadline of an audit.csv; found \(DisplayText.excerpt(names.joined(separator: ", "), limit: 200, keepLineBreaks: false))")
        }
        let asOfColumn = names.firstIndex(of: "as_of")
        var out: [String: PreviousAudit] = [:]
        for (n, row) in rows.dropFirst().enumerated() where row.count > 1 || !(row.first ?? "").isEmpty {
            func cell(_ k: Int) -> String { k < row.count ? row[k].trimmingCharacters(in: .whitespaces) : "" }
            let stageText = cell(stage)
            guard !stageText.isEmpty else { continue } // not audited then
            guard let s = AuditStage(rawValue: stageText) else {
                throw ReadError(file: file, line: n + 2, message: "--previous: stage '\(DisplayText.excerpt(stageText, limit: 40, keepLineBreaks: false))' is not ok, rectify, penalty or exit")
            }
            func date(_ k: Int?) throws -> LedgerDate? {
                guard let k, !cell(k).isEmpty else { return nil }
                do { return try LedgerDate.parse(cell(k)) } catch let e as LedgerDate.ParseError {
                    throw ReadError(file: file, line: n + 2, message: "--previous: \(names[k]) \(e)")
                }
            }
            out[cell(id)] = PreviousAudit(stage: s, deadline: try date(deadline), asOf: try date(asOfColumn))
        }
        return (file, out)
    }

    /// RFC 4180 records: quoted fields with commas, doubled quotes and line breaks; a
    /// byte-order mark is skipped.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        var chars = Substring(text)
        if chars.first == "\u{FEFF}" { chars = chars.dropFirst() }
        for c in chars {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
                continue
            }
            switch c {
            case "\"":
                if afterQuote { field.append("\"") }
                quoted = true
                afterQuote = false
            case ",":
                row.append(field); field = ""; afterQuote = false
            case "\n", "\r\n", "\r":
                row.append(field); field = ""; afterQuote = false
                rows.append(row); row = []
            default:
                field.append(c); afterQuote = false
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
