/// Number text for the writers: the shortest text that reads back to the same double, with
/// integral values written without a fraction ("12", not "12.0"), as GEOS and GDAL do.
public enum NumberFormatting {
    @inline(__always)
    public static func append<O: ByteOutput>(_ v: Double, to out: inout O) {
        if v == v.rounded(.towardZero), abs(v) < 1e15 {
            appendInteger(Int64(v), negativeZero: v == 0 && v.sign == .minus, to: &out)
        } else if appendSevenDecimals(v, to: &out) {
            return
        } else if !v.isFinite {
            out.append("null") // never produced by the engine; keeps JSON parseable
        } else {
            v.description.withUTF8Bytes { out.append(bytes: $0) }
        }
    }

    /// The text of a coordinate-like number with at most 7 decimals (longitudes and
    /// latitudes as surveyed, metres to the 0.1 µm), without the general shortest-digits
    /// algorithm. When v·10⁷ rounds to an integer s with s / 10⁷ == v, the decimal s·10⁻⁷
    /// reads back to v (both are the double nearest that rational) and, trailing zeros
    /// trimmed, is the text `description` gives (its shortest round-trip text has at most 7
    /// decimals too, so it is s's trimmed). Returns false to leave v to `description`.
    @inline(__always)
    static func appendSevenDecimals<O: ByteOutput>(_ v: Double, to out: inout O) -> Bool {
        let magnitude = abs(v)
        // `description` writes plain decimals (no exponent) from 1e-4 up; stay inside.
        guard magnitude >= 1e-3, magnitude < 1e8, (magnitude * 1e7).rounded() / 1e7 == magnitude else { return false }
        append(v, decimals: 7, to: &out)
        return true
    }

    /// Fixed number of decimals, trailing zeros trimmed ("120.1234568").
    @inline(__always)
    public static func append<O: ByteOutput>(_ v: Double, decimals: Int, to out: inout O) {
        withText(v, decimals: decimals) { out.append(bytes: $0) }
    }

    /// Calls `body` with the text ``append(_:decimals:to:)`` writes, made once (a cell that
    /// goes into two files is formatted once).
    public static func withText<R>(_ v: Double, decimals: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard v.isFinite, decimals >= 0, decimals <= 15 else { return withShortestText(v, body) }
        let scale = powerOfTen(decimals)
        let scaled = (abs(v) * scale).rounded()
        guard scaled < 9e15 else { return withShortestText(v, body) }
        let units = UInt64(scaled)
        // Division by a constant compiles to a multiplication; by a variable it does not, and
        // this runs for every number of every output row.
        let (integer, fractionPart): (UInt64, UInt64) = switch decimals {
        case 0: (units, 0)
        case 1: (units / 10, units % 10)
        case 2: (units / 100, units % 100)
        case 3: (units / 1000, units % 1000)
        case 4: (units / 10_000, units % 10_000)
        case 6: (units / 1_000_000, units % 1_000_000)
        case 7: (units / 10_000_000, units % 10_000_000)
        default: (units / UInt64(scale), units % UInt64(scale))
        }
        var fraction = fractionPart
        // The whole text is made in a buffer on the stack and appended once: one capacity
        // check per number instead of one per character (this runs for every number of every
        // output row).
        var tmp: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0) // 40 bytes: sign, 16 digits, point, 15 decimals
        return withUnsafeMutableBytes(of: &tmp) { b in
            var n = 0
            if v < 0, integer != 0 || fraction != 0 {
                b[0] = UInt8(ascii: "-")
                n = 1
            }
            n = putDigits(integer, b, at: n)
            if fraction != 0 {
                var places = decimals
                while fraction % 10 == 0 {
                    fraction /= 10
                    places -= 1
                }
                b[n] = UInt8(ascii: ".")
                // The fraction's digits, with its leading zeros, written right to left.
                for k in stride(from: n + places, through: n + 1, by: -1) {
                    b[k] = UInt8(ascii: "0") + UInt8(fraction % 10)
                    fraction /= 10
                }
                n += places + 1
            }
            return body(UnsafeRawBufferPointer(rebasing: b[0..<n]))
        }
    }

    private static func withShortestText<R>(_ v: Double, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var text: [UInt8] = []
        append(v, to: &text)
        return text.withUnsafeBytes(body)
    }

    /// 10^k for 0…15, exact (no table: a global array costs a retain per number).
    @inline(__always)
    static func powerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        default: 1e15
        }
    }

    @inline(__always)
    static func appendInteger<O: ByteOutput>(_ value: Int64, negativeZero: Bool, to out: inout O) {
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes: a sign and 20 digits
        withUnsafeMutableBytes(of: &tmp) { b in
            var n = 0
            if value < 0 || negativeZero {
                b[0] = UInt8(ascii: "-")
                n = 1
            }
            n = putDigits(value.magnitude, b, at: n)
            out.append(bytes: UnsafeRawBufferPointer(rebasing: b[0..<n]))
        }
    }

    /// Writes `m`'s decimal digits into `b` from `n` (right to left, after counting them);
    /// returns the position after the last.
    @inline(__always)
    static func putDigits(_ m: UInt64, _ b: UnsafeMutableRawBufferPointer, at n: Int) -> Int {
        var digits = 1, rest = m
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        rest = m
        for k in stride(from: n + digits - 1, through: n, by: -1) {
            b[k] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return n + digits
    }

    public static func string(_ v: Double) -> String {
        var out: [UInt8] = []
        append(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
