#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text encodings of input files. Chinese Excel saves CSV as GBK (code page 936); GB18030
/// is its superset, so GBK files are decoded as GB18030 with the C library's iconv.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case gbk

    /// Parses `utf8`, `utf-8`, `gbk`, `gb2312`, `gb18030`, `cp936` (any case).
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
        case "utf8": self = .utf8
        case "gbk", "gb2312", "gb18030", "cp936", "936": self = .gbk
        default: return nil
        }
    }

    /// Converts `bytes` in this encoding to UTF-8.
    public func decodeToUTF8(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> [UInt8] {
        switch self {
        case .utf8:
            return Array(bytes)
        case .gbk:
            return try Self.iconvToUTF8(bytes, from: "GB18030", file: file)
        }
    }

    /// Converts UTF-8 `text` to this encoding. GBK output is GBK proper (code page 936, what
    /// Windows programs in a Chinese locale read), not GB18030: a character GBK has no code
    /// for (rarer CJK extension characters such as 㐀, emoji, ²) throws, naming the
    /// character, its line and column, instead of becoming a four-byte GB18030 sequence that
    /// those programs would show as garbage.
    public func encode(_ text: String) throws -> [UInt8] {
        switch self {
        case .utf8:
            return Array(text.utf8)
        case .gbk:
            return try Self.iconvFromUTF8(Array(text.utf8), to: "GBK", name: "GBK")
        }
    }

    /// Text that cannot be written in the encoding asked for.
    public struct EncodingError: Error, CustomStringConvertible, Equatable, Sendable {
        /// The character that has no code, when there is one to blame.
        public var character: String?
        /// 1-based line and column (in characters) of that character.
        public var line: Int
        public var column: Int
        public var message: String

        public var description: String { "line \(line), column \(column): \(message)" }
    }

    private static func iconvFromUTF8(_ bytes: [UInt8], to encoding: String, name: String) throws -> [UInt8] {
        let cd = iconv_open(encoding, "UTF-8")
        guard cd != iconv_t(bitPattern: -1) else {
            throw EncodingError(character: nil, line: 1, column: 1, message: "this system's iconv cannot encode \(name)")
        }
        defer { iconv_close(cd) }
        // UTF-8 → GBK never grows: ASCII stays 1 byte, everything else shrinks or keeps its size.
        let capacity = bytes.count + 16
        var out = [UInt8](repeating: 0, count: capacity)
        var input = bytes
        var failedAt: Int?
        let written: Int = input.withUnsafeMutableBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                var inPtr = UnsafeMutableRawPointer(i.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPtr = UnsafeMutableRawPointer(o.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = bytes.count
                var outLeft = capacity
                if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { failedAt = bytes.count - inLeft }
                return capacity - outLeft
            }
        }
        if let failedAt {
            // Where the character is: lines by LF bytes (a Swift String sees CR LF as one
            // Character), the column in characters as an editor shows it.
            let line = bytes[0..<failedAt].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let lineStart = bytes[0..<failedAt].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let column = String(decoding: bytes[lineStart..<failedAt], as: UTF8.self).count + 1
            let rest = String(decoding: bytes[failedAt...], as: UTF8.self)
            let character = rest.first.map(String.init)
            let code = character?.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ") ?? "?"
            throw EncodingError(character: character, line: line, column: column,
                                message: "'\(character ?? "?")' (\(code)) has no \(name) code; write the file as UTF-8 or replace the character")
        }
        out.removeLast(capacity - written)
        return out
    }

    private static func iconvToUTF8(_ bytes: UnsafeBufferPointer<UInt8>, from encoding: String, file: String) throws -> [UInt8] {
        let cd = iconv_open("UTF-8", encoding)
        guard cd != iconv_t(bitPattern: -1) else {
            throw ReadError(file: file, message: "this system's iconv cannot decode \(encoding)")
        }
        defer { iconv_close(cd) }
        // GB18030 → UTF-8 grows at most 3 bytes per 2 (CJK) and keeps ASCII 1:1.
        let capacity = bytes.count * 2 + 16
        var out = [UInt8](repeating: 0, count: capacity)
        let written: Int = try out.withUnsafeMutableBufferPointer { o in
            var inPtr = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self))
            var outPtr = UnsafeMutableRawPointer(o.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var inLeft = bytes.count
            var outLeft = capacity
            if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 {
                let consumed = bytes.count - inLeft
                var line = 1
                for k in 0..<consumed where bytes[k] == 0x0A { line += 1 }
                throw ReadError(file: file, line: line, message: "the bytes at offset \(consumed) are not valid GBK/GB18030 text")
            }
            return capacity - outLeft
        }
        out.removeLast(capacity - written)
        return out
    }
}
