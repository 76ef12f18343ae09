import Spatial

/// Bounds a rules file before the YAML library sees it. Yams builds its node tree
/// recursively, one stack frame per level, so a small file nested thousands of levels deep
/// (`a: [[[[…]]]]`, `- - - - …`) overflows the stack; rules files are a few kilobytes and
/// a handful of levels deep, so anything far beyond that is refused with a named error.
enum RulesText {
    /// Larger than any rules file (the defaults are about 10 KB).
    static let maxBytes = 1 << 20
    /// The defaults nest four levels; 32 leaves room for any hand-written layout.
    static let maxDepth = 32

    /// Throws ``RulesError`` when the text is larger than ``maxBytes`` or nests deeper than
    /// ``maxDepth``.
    static func check(_ bytes: some Collection<UInt8>, file: String) throws {
        try checkSize(bytes.count, file: file)
        if let line = firstLineTooDeep(bytes) {
            throw RulesError(file: file, line: line, key: nil,
                             message: "nested more than \(maxDepth) levels deep; a rules file needs a few levels (see `landctl rules --print-defaults`)")
        }
    }

    /// Throws when a file of `count` bytes is too large to be a rules file.
    static func checkSize(_ count: Int, file: String) throws {
        guard count <= maxBytes else {
            throw RulesError(file: file, line: nil, key: nil,
                             message: "the rules file is \(count) bytes; a rules file is at most \(maxBytes) bytes (1 MB): is this the right file?")
        }
    }

    /// The 1-based line where the nesting first exceeds ``maxDepth``, or nil.
    ///
    /// Counts, never under-counts: the block indentation levels open at the line, each
    /// `- `, `? ` or `: ` that opens a nested node on the same line, and the open flow
    /// collections (`[`, `{`) outside quotes and comments. A `[` inside a plain scalar may
    /// be counted too; that only matters for a file with dozens of them on one path.
    static func firstLineTooDeep(_ bytes: some Collection<UInt8>) -> Int? {
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var indents: [Int] = [] // block indentation columns open at this line
        var flow = 0 // open [ and {
        var quote: UInt8? = nil // inside '…' or "…" (which may span lines)
        var line = 1
        var column = 0
        var atLineStart = true
        var inComment = false
        var inline = 0 // nested nodes opened on this line by "- ", "? ", ": "
        var previous: UInt8 = newline
        var escape = false
        var closing = false // a ' inside '…': the end of it, unless another ' follows ('' is a quote)
        for c in bytes {
            if closing {
                closing = false
                if c == UInt8(ascii: "'") { continue } // still inside
                quote = nil
            }
            if c == newline {
                line += 1
                column = 0
                atLineStart = true
                inComment = false
                inline = 0
                previous = newline
                escape = false
                continue
            }
            defer {
                column += 1
                previous = c
            }
            if inComment || c == cr { continue }
            if let q = quote {
                if escape {
                    escape = false
                } else if q == UInt8(ascii: "\""), c == UInt8(ascii: "\\") {
                    escape = true
                } else if c == q {
                    if q == UInt8(ascii: "'") { closing = true } else { quote = nil }
                }
                continue
            }
            if atLineStart {
                if c == space || c == tab { continue }
                atLineStart = false
                if c == UInt8(ascii: "#") {
                    inComment = true
                    continue
                }
                if flow == 0 {
                    while let last = indents.last, last >= column { indents.removeLast() }
                    indents.append(column)
                }
            }
            let tokenStart = previous == space || previous == tab || previous == newline || previous == UInt8(ascii: "[")
                || previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",") || previous == UInt8(ascii: ":")
            switch c {
            case UInt8(ascii: "#") where previous == space || previous == tab:
                inComment = true
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if tokenStart { quote = c }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if tokenStart || flow > 0 { flow += 1 }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if flow > 0 { flow -= 1 }
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                if flow == 0 { inline += 1 }
            default:
                break
            }
            if indents.count + inline + flow > maxDepth { return line }
        }
        return nil
    }
}
