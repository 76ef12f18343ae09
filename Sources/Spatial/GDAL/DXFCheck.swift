/// A structural check of an ASCII DXF before GDAL reads it. A DXF is a sequence of line
/// pairs, a group code (an integer, −5 … 1071) then its value; GDAL 3.6's DXF reader can loop
/// without end on a file whose group codes are damaged (found by fuzzing: a HATCH whose code
/// line reads `V72` runs for minutes in GDAL's own `ogrinfo` too). Such a file is refused
/// here, naming the line, before GDAL sees it; so is a text DXF holding NUL bytes, or cut
/// short before its closing `0`/`EOF` pair (GDAL's reader also hangs on such a 13-byte file).
/// Binary DXF is left to GDAL.
enum DXFCheck {
    static let binarySentinel = Array("AutoCAD Binary DXF".utf8)

    /// Throws a ``ReadError`` naming the first line that is not a group code where one
    /// belongs.
    static func check(_ path: String, name: String) throws {
        let m = try MappedFile(path: path)
        let p = m.bytes
        if p.count >= binarySentinel.count, Array(p[0..<binarySentinel.count]) == binarySentinel { return }
        if let nul = p.firstIndex(of: 0) {
            let line = p[..<nul].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw ReadError(file: name, line: line, message: "a NUL byte in a text DXF: the drawing is damaged; save it again from the CAD program")
        }
        var line = 1
        var i = 0
        var codeLine = true
        var lastCode: Int?, lastValue = ""
        while i < p.count {
            var end = i
            while end < p.count, p[end] != 0x0A { end += 1 }
            if codeLine {
                var a = i, b = end
                while a < b, p[a] == 0x20 || p[a] == 0x09 { a += 1 }
                while b > a, p[b - 1] == 0x20 || p[b - 1] == 0x09 || p[b - 1] == 0x0D { b -= 1 }
                // A blank line at the very end is harmless.
                let atEnd = end >= p.count - 1
                if !(a == b && atEnd) {
                    var value = 0, negative = false, digits = 0, k = a
                    if k < b, p[k] == UInt8(ascii: "-") {
                        negative = true
                        k += 1
                    }
                    while k < b, p[k] >= 48, p[k] <= 57, digits < 6 {
                        value = value * 10 + Int(p[k] - 48)
                        digits += 1
                        k += 1
                    }
                    let code = negative ? -value : value
                    lastCode = code
                    guard digits > 0, k == b, code >= -5, code <= 1071 else {
                        let text = String(decoding: UnsafeBufferPointer(rebasing: p[a..<min(b, a + 40)]), as: UTF8.self)
                        throw ReadError(file: name, line: line, message: "'\(DisplayText.excerpt(text, limit: 40))' is not a DXF group code (an integer on every other line): the drawing is damaged; save it again from the CAD program")
                    }
                }
            }
            if !codeLine, end > i {
                var b = end
                while b > i, p[b - 1] == 0x20 || p[b - 1] == 0x09 || p[b - 1] == 0x0D { b -= 1 }
                var a = i
                while a < b, p[a] == 0x20 || p[a] == 0x09 { a += 1 }
                lastValue = b - a <= 8 ? String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self) : ""
            } else if !codeLine {
                lastValue = ""
            }
            codeLine.toggle()
            i = end + 1
            line += 1
        }
        // Every drawing a CAD program writes ends with the pair 0 / EOF.
        guard lastCode == 0, lastValue == "EOF" else {
            throw ReadError(file: name, line: line - 1, message: "the drawing is cut short: it does not end with the 0/EOF pair every DXF ends with; save it again from the CAD program")
        }
    }
}
