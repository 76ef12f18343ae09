/// Text from input files made safe to show: control characters written out as escapes, so
/// an id holding `ESC [ 2 J` cannot clear a terminal or restyle a Markdown table, and long
/// excerpts cut short. Data files (CSV, GeoJSON) keep the exact text; this is for what is
/// printed and for Markdown.
public enum DisplayText {
    /// `text` with every control character except line feed and tab written as `\u001B`
    /// (C0, DEL, C1, and the bidirectional overrides that reorder what a reader sees).
    public static func escapingControls(_ text: String, keepLineBreaks: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepLineBreaks: keepLineBreaks) }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if needsEscape(s, keepLineBreaks: keepLineBreaks) {
                let hex = String(s.value, radix: 16, uppercase: true)
                out.append(contentsOf: "\\u\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)".unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// At most `limit` characters of `text` with controls escaped (an escape is never cut
    /// in two), and "…" when something was left out.
    public static func excerpt(_ text: String, limit: Int = 200, keepLineBreaks: Bool = true) -> String {
        var out = ""
        var used = 0
        for c in text {
            let piece = escapingControls(String(c), keepLineBreaks: keepLineBreaks)
            if used + piece.count > limit { return out + "…" }
            out += piece
            used += piece.count
        }
        return out
    }

    static func needsEscape(_ s: Unicode.Scalar, keepLineBreaks: Bool) -> Bool {
        switch s.value {
        case 0x0A, 0x09: return !keepLineBreaks
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true // bidi embeddings, overrides, isolates
        default: return false
        }
    }
}
