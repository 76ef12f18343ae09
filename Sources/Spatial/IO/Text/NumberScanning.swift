import Foundation

/// Decimal number parsing straight from bytes, shared by the GeoJSON, WKT and CSV readers.
///
/// The common case (at most 19 significant digits, a short exponent) is converted exactly
/// with Clinger's fast path; anything else goes through `strtod`, so every result is the
/// correctly rounded double, as a general-purpose parser would give.
enum NumberScanning {
    private static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    /// Parses a JSON-style number (`-`? digits (`.` digits)? ([eE] [+-]? digits)?) starting
    /// at `i`; also accepts a leading `+` and a bare leading `.` when `lenient` (WKT, CSV).
    /// Returns nil when no number starts there; `i` then is unchanged.
    @inline(__always)
    static func parse(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int, lenient: Bool = false) -> Double? {
        let start = i
        var j = i
        let n = p.count
        var negative = false
        if j < n, p[j] == UInt8(ascii: "-") {
            negative = true
            j += 1
        } else if lenient, j < n, p[j] == UInt8(ascii: "+") {
            j += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while j < n, isDigit(p[j]) {
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(p[j] &- 0x30)
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
            }
            j += 1
        }
        if j < n, p[j] == UInt8(ascii: ".") {
            j += 1
            var fractionDigits = false
            while j < n, isDigit(p[j]) {
                fractionDigits = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(p[j] &- 0x30)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                }
                j += 1
            }
            // JSON wants digits on both sides of the point; WKT and CSV accept "1." and ".5".
            if !fractionDigits && !lenient { return nil }
            if !sawDigit && !lenient { return nil }
            sawDigit = sawDigit || fractionDigits
        }
        guard sawDigit else { return nil }
        if j < n, p[j] | 0x20 == UInt8(ascii: "e") {
            var k = j + 1
            var expNegative = false
            if k < n, p[k] == UInt8(ascii: "+") || p[k] == UInt8(ascii: "-") {
                expNegative = p[k] == UInt8(ascii: "-")
                k += 1
            }
            guard k < n, isDigit(p[k]) else { return nil }
            var e = 0
            while k < n, isDigit(p[k]) {
                if e < 100_000 { e = e * 10 + Int(p[k] &- 0x30) }
                k += 1
            }
            exponent += expNegative ? -e : e
            j = k
        }
        i = j
        // Clinger's fast path: both the mantissa and 10^|exponent| are exact doubles.
        if mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            let v = exponent < 0 ? m / powersOf10[-exponent] : m * powersOf10[exponent]
            return negative ? -v : v
        }
        return slowParse(p, start, j)
    }

    private static func slowParse(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        var text = [CChar](repeating: 0, count: end - start + 1)
        for k in start..<end { text[k - start] = CChar(bitPattern: p[k]) }
        return strtod(text, nil)
    }

    /// Parses a whole string as a number (used for CSV cells and attribute values).
    static func parse(_ s: Substring) -> Double? {
        var s = s
        return s.withUTF8 { p -> Double? in
            var i = 0
            guard let v = parse(p, &i, lenient: true), i == p.count else { return nil }
            return v
        }
    }
}
