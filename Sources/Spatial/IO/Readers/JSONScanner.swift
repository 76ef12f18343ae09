import Foundation
/// A JSON byte scanner over a mapped file: strings, numbers and skipping of whole values
/// without building any tree. Syntax errors carry the byte offset for line:column reports.
struct JSONScanner {
    struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    let p: UnsafeBufferPointer<UInt8>
    var i: Int

    init(_ p: UnsafeBufferPointer<UInt8>, at i: Int = 0) {
        self.p = p
        self.i = i
    }

    var atEnd: Bool { i >= p.count }

    @inline(__always) mutating func skipSpace() {
        while i < p.count {
            let c = p[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
        }
    }

    @inline(__always) mutating func peek() -> UInt8? {
        skipSpace()
        return i < p.count ? p[i] : nil
    }

    func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(offset: offset ?? i, message: message)
    }

    func describeHere() -> String {
        guard i < p.count else { return "the end of the file" }
        let c = p[i]
        if c >= 0x20 && c < 0x7F { return "'\(Character(UnicodeScalar(c)))'" }
        return "byte 0x\(String(c, radix: 16))"
    }

    mutating func expect(_ c: UInt8) throws {
        guard peek() == c else {
            throw error("expected '\(Character(UnicodeScalar(c)))' but found \(describeHere())" + (atEnd ? " (the file is truncated)" : ""))
        }
        i += 1
    }

    /// After a member or element: true when a comma follows, false at the closing bracket.
    mutating func nextElement(closing: UInt8) throws -> Bool {
        switch peek() {
        case UInt8(ascii: ","):
            i += 1
            return true
        case closing:
            i += 1
            return false
        default:
            throw error("expected ',' or '\(Character(UnicodeScalar(closing)))' but found \(describeHere())" + (atEnd ? " (the file is truncated)" : ""))
        }
    }

    /// Reads a string value; `i` must be at the opening quote.
    /// When the string here is exactly `text` (written without escapes), moves past it and
    /// returns true; otherwise stays put.
    mutating func skipString(equalTo bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        guard peek() == UInt8(ascii: "\"") else { return false }
        let length = end - start
        let k = i + 1
        guard k + length < p.count, p[k + length] == UInt8(ascii: "\""), let base = p.baseAddress else { return false }
        let same = bytes.withUnsafeBufferPointer { b in
            guard let keyBase = b.baseAddress else { return length == 0 }
            return memcmp(base + k, keyBase + start, length) == 0
        }
        guard same else { return false }
        i = k + length + 1
        return true
    }

    /// When the string here is exactly `text` (written without escapes), moves past it and
    /// returns true; otherwise stays put. For the names and values the reader knows ("type",
    /// "Polygon", …): matched in place, without a String made for each of a million features.
    mutating func skipString(_ text: StaticString) -> Bool {
        guard peek() == UInt8(ascii: "\"") else { return false }
        let length = text.utf8CodeUnitCount, k = i + 1
        guard k + length < p.count, p[k + length] == UInt8(ascii: "\""), let base = p.baseAddress,
              memcmp(base + k, text.utf8Start, length) == 0 else { return false }
        i = k + length + 1
        return true
    }

    mutating func string() throws -> String {
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a string but found \(describeHere())") }
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("control character in a string") }
            i += 1
        }
        var bytes = Array(p[start..<i])
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < p.count else { break }
                let e = p[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C)
                case UInt8(ascii: "/"): bytes.append(0x2F)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), i + 1 < p.count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            scalar = 0xFFFD
                        }
                    }
                    let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    bytes.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw error("bad escape '\\\(Character(UnicodeScalar(e)))' in a string", at: i - 2)
                }
                continue
            }
            if c < 0x20 { throw error("control character in a string") }
            bytes.append(c)
            i += 1
        }
        throw error("a string is not closed (the file is truncated)", at: start - 1)
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= p.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i] | 0x20
            let d: UInt32
            if NumberScanning.isDigit(p[i]) { d = UInt32(p[i] - 0x30) } else if c >= UInt8(ascii: "a"), c <= UInt8(ascii: "f") { d = UInt32(c - UInt8(ascii: "a") + 10) } else { throw error("bad \\u escape") }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    /// A number; returns the value and leaves `i` after it.
    @inline(__always) mutating func number() throws -> Double {
        skipSpace()
        guard let v = NumberScanning.parse(p, &i) else { throw error("expected a number but found \(describeHere())") }
        return v
    }

    /// Matches `literal` (true, false, null) at `i`.
    mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { return false }
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        for k in 0..<n where p[i + k] != w[k] { return false }
        i += n
        return true
    }

    /// True when `word` starts at `i` (without consuming it).
    func isLiteral(_ word: StaticString) -> Bool {
        var copy = self
        return copy.literal(word)
    }

    /// Skips one whole value of any kind, checking brackets and strings.
    mutating func skipValue() throws {
        guard let c = peek() else { throw error("expected a value but the file ended (the file is truncated)") }
        switch c {
        case UInt8(ascii: "\""):
            _ = try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainer()
        case UInt8(ascii: "t"):
            guard literal("true") else { throw error("unexpected \(describeHere())") }
        case UInt8(ascii: "f"):
            guard literal("false") else { throw error("unexpected \(describeHere())") }
        case UInt8(ascii: "n"):
            guard literal("null") else { throw error("unexpected \(describeHere())") }
        default:
            _ = try number()
        }
    }

    private mutating func skipString() throws {
        let start = i
        i += 1
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return
            }
            i += c == UInt8(ascii: "\\") ? 2 : 1
        }
        throw error("a string is not closed (the file is truncated)", at: start)
    }

    /// Skips an object or array by counting brackets outside strings (no recursion, so a
    /// deeply nested document cannot overflow the stack). The kinds of the open brackets are
    /// bits of one word up to 64 levels (this runs over every byte of a collection before it
    /// is parsed in parallel), an array beyond.
    private mutating func skipContainer() throws {
        let start = i
        var bits: UInt64 = 0 // 1 = '{' at that level
        var depth = 0
        var deeper: [Bool] = [] // levels beyond 64
        let n = p.count
        var k = i
        guard let base = p.baseAddress else { throw error("an object or array is not closed (the file is truncated)", at: start) }
        while k < n {
            let c = base[k]
            if c == UInt8(ascii: "\"") {
                let stringStart = k
                k += 1
                while k < n {
                    let d = base[k]
                    if d == UInt8(ascii: "\"") { break }
                    k += d == UInt8(ascii: "\\") ? 2 : 1
                }
                guard k < n else {
                    i = k
                    throw error("a string is not closed (the file is truncated)", at: stringStart)
                }
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                let curly = c == UInt8(ascii: "{")
                if depth < 64 {
                    bits = curly ? bits | (1 << UInt64(depth)) : bits & ~(1 << UInt64(depth))
                } else {
                    deeper.append(curly)
                }
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                guard depth > 0 else { i = k; throw error("mismatched '\(Character(UnicodeScalar(c)))'") }
                depth -= 1
                let open = depth < 64 ? bits & (1 << UInt64(depth)) != 0 : deeper.removeLast()
                guard open == (c == UInt8(ascii: "}")) else {
                    i = k
                    throw error("mismatched '\(Character(UnicodeScalar(c)))'")
                }
                if depth == 0 {
                    i = k + 1
                    return
                }
            }
            k += 1
        }
        i = k
        throw error("an \(p[start] == UInt8(ascii: "{") ? "object" : "array") is not closed (the file is truncated)", at: start)
    }

    /// Reads any value as a ``PropertyValue`` (objects and arrays as raw JSON text).
    mutating func propertyValue() throws -> PropertyValue {
        guard let c = peek() else { throw error("expected a value but the file ended (the file is truncated)") }
        switch c {
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let start = i
            try skipContainer()
            return .json(String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self))
        case UInt8(ascii: "t"):
            guard literal("true") else { throw error("unexpected \(describeHere())") }
            return .bool(true)
        case UInt8(ascii: "f"):
            guard literal("false") else { throw error("unexpected \(describeHere())") }
            return .bool(false)
        case UInt8(ascii: "n"):
            guard literal("null") else { throw error("unexpected \(describeHere())") }
            return .null
        default:
            let start = i
            _ = try number()
            return .number(String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self))
        }
    }

    /// A short description of the JSON type at `i` ("an object", "a number"…).
    mutating func kindHere() -> String {
        switch peek() {
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        case nil: "nothing"
        case let c? where NumberScanning.isDigit(c) || c == UInt8(ascii: "-"): "a number"
        default: "an invalid token"
        }
    }
}
