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
