import Spatial
import Yams

/// An industry negative list (产业准入负面清单): GB/T 4754-2017 codes a park does not admit,
/// at any level — a section letter (`C`), a division (`25`), a group (`251`) or a class
/// (`C2511`) — each with its reason. The rules file's `grant.negative_list` applies
/// everywhere; a zone feature's `negative_list` attribute in that zone.
public struct NegativeList: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The code as written (`C2511`, `25`).
        public var code: String
        public var reason: String
        /// Where the entry comes from: `rules`, or `zone ZS-Z01`.
        public var source: String

        public init(code: String, reason: String, source: String = "rules") {
            self.code = code
            self.reason = reason
            self.source = source
        }
    }

    public var entries: [Entry] = []

    public init(_ entries: [Entry] = []) { self.entries = entries }

    public var isEmpty: Bool { entries.isEmpty }

    /// The entries an industry code falls under. A listed code covers every code below it:
    /// `25` covers `2511` and `C2511`; `C2511` covers only class 2511; a section letter
    /// covers its divisions (C: 13–43). A code less specific than the entry (`25` against
    /// `C2511`) does not fall under it.
    public func matches(_ industryCode: String) -> [Entry] {
        guard !entries.isEmpty else { return [] }
        let (digits, first) = Self.parts(industryCode)
        let letter = first.flatMap { $0.isASCII && $0.isLetter ? $0 : nil }
        guard !digits.isEmpty || letter != nil else { return [] }
        return entries.filter { e in
            let (listed, section) = Self.parts(e.code)
            if listed.isEmpty {
                // A section letter: the code's own letter, else its division's section.
                guard let section else { return false }
                if let letter { return letter == section }
                return digits.count >= 2 && Self.section(ofDivision: String(digits.prefix(2))) == section
            }
            return digits.hasPrefix(listed)
        }
    }

    /// A code's ASCII digits and its first character after blanks, uppercased. Plain ASCII
    /// codes (nearly all) are read byte by byte, every parcel's code being matched.
    static func parts(_ code: String) -> (digits: String, first: Character?) {
        guard code.utf8.allSatisfy({ $0 < 0x80 }) else {
            // (A letter whose capital is two, as ß, stays itself rather than trapping.)
            let first = code.trimmingCharacters(in: .whitespaces).first.map { c in c.uppercased().count == 1 ? Character(c.uppercased()) : c }
            return (code.filter(\.isASCII).filter(\.isNumber), first)
        }
        var digits: [UInt8] = []
        var first: UInt8?
        for b in code.utf8 {
            if first == nil, b != 0x20, b != 0x09 { first = b }
            if b >= 0x30, b <= 0x39 { digits.append(b) }
        }
        return (String(decoding: digits, as: UTF8.self), first.map { Character(Unicode.Scalar($0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0)) })
    }

    /// GB/T 4754-2017 sections by their divisions' first and last numbers.
    static let sections: [(Character, ClosedRange<Int>)] = [
        ("A", 1...5), ("B", 6...12), ("C", 13...43), ("D", 44...46), ("E", 47...50), ("F", 51...52), ("G", 53...60),
        ("H", 61...62), ("I", 63...65), ("J", 66...69), ("K", 70...70), ("L", 71...72), ("M", 73...75), ("N", 76...79),
        ("O", 80...82), ("P", 83...83), ("Q", 84...85), ("R", 86...90), ("S", 91...96), ("T", 97...97),
    ]

    static func section(ofDivision division: String) -> Character? {
        guard let d = Int(division) else { return nil }
        return sections.first { $0.1.contains(d) }?.0
    }

    /// A zone's own list as its `negative_list` attribute writes it: codes separated by
    /// `;`, `,` or `、`, each optionally followed by its reason after `:` or `：`
    /// (`25:高耗能; C2511：炼焦`).
    public static func parse(attribute text: String, source: String) -> [Entry] {
        text.split(whereSeparator: { ";,；，、\n".contains($0) }).compactMap { item in
            let parts = item.split(maxSplits: 1, whereSeparator: { $0 == ":" || $0 == "：" })
            let code = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !code.isEmpty else { return nil }
            let reason = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            return Entry(code: code, reason: reason, source: source)
        }
    }

    /// The attribute names a zone's own list is looked for under.
    public static let zoneAttributeNames = ["negative_list", "负面清单", "产业负面清单", "准入负面清单"]

    /// A zone feature's own list, or nil when it has none.
    static func zoneList(in properties: Properties, zoneID: String) -> [Entry]? {
        for name in zoneAttributeNames {
            guard let key = properties.keys.first(where: { $0.lowercased() == name }), let v = properties[key], !v.isNull else { continue }
            let entries = parse(attribute: v.text, source: "zone \(zoneID)")
            return entries.isEmpty ? nil : entries
        }
        return nil
    }
}

extension Rules {
    /// The negative list of the rules file that applies everywhere (`grant.negative_list`).
    public var negativeList: NegativeList { grant.negativeList }
}

extension NegativeList {
    /// `grant.negative_list` of a rules file: a mapping of codes to reasons
    /// (`{"25": 高耗能, C3011: 水泥熟料产能过剩}`), or a list of `{code, reason}` mappings.
    static func read(_ node: Node, path: String, reader: RulesReader) throws -> NegativeList {
        func checked(_ code: String, at n: Node) throws -> String {
            let c = code.trimmingCharacters(in: .whitespaces)
            let letters = c.filter(\.isLetter), digits = c.filter(\.isNumber)
            guard !c.isEmpty, c.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), letters.count <= 1,
                  letters.isEmpty || c.first!.isLetter, digits.count <= 4 else {
                throw reader.error(n, path, "'\(code)' is not a GB/T 4754-2017 code (a section letter, or 2–4 digits such as 25 or C2511)")
            }
            return c
        }
        var out = NegativeList()
        if let sequence = node.sequence {
            for item in sequence {
                var code: String?, reason = ""
                try reader.mapping(item, path: path) { key, value, p in
                    switch key {
                    case "code": code = try checked(value.string ?? "", at: value)
                    case "reason": reason = value.string ?? ""
                    default: throw reader.unknown(key, at: value, path: p, known: ["code", "reason"])
                    }
                }
                guard let code else { throw reader.error(item, path, "each entry needs a code") }
                out.entries.append(Entry(code: code, reason: reason))
            }
            return out
        }
        try reader.mapping(node, path: path) { key, value, _ in
            out.entries.append(Entry(code: try checked(key, at: value), reason: value.string ?? ""))
        }
        return out
    }
}
