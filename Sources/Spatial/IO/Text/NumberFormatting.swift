/// Number text for the writers: the shortest text that reads back to the same double, with
/// integral values written without a fraction ("12", not "12.0"), as GEOS and GDAL do.
public enum NumberFormatting {
    @inline(__always)
    public static func append<O: ByteOutput>(_ v: Double, to out: inout O) {
        if appendSevenDecimals(v, to: &out) {
            return
        } else if v == v.rounded(.towardZero), abs(v) < 1e15 {
            appendInteger(Int64(v), negativeZero: v == 0 && v.sign == .minus, to: &out)
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
    /// decimals too, so it is s's trimmed; an integral v is written as an integer either
    /// way). Returns false to leave v to the integer text or `description`.
    @inline(__always)
    static func appendSevenDecimals<O: ByteOutput>(_ v: Double, to out: inout O) -> Bool {
        let magnitude = abs(v)
        // `description` writes plain decimals (no exponent) from 1e-4 up; stay inside.
        guard magnitude >= 1e-3, magnitude < 1e8 else { return false }
        let scaled = (magnitude * 1e7).rounded()
        guard scaled / 1e7 == magnitude else { return false }
        withText(units: UInt64(scaled), decimals: 7, negative: v < 0) { out.append(bytes: $0) }
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
        return withText(units: UInt64(scaled), decimals: decimals, negative: v < 0, body)
    }

    /// The text of `units` · 10^-`decimals` (negative: with a minus sign unless 0), trailing
    /// zeros of the fraction trimmed.
    @inline(__always)
    static func withText<R>(units: UInt64, decimals: Int, negative: Bool, _ body: (UnsafeRawBufferPointer) -> R) -> R {
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
        default: (units / UInt64(powerOfTen(decimals)), units % UInt64(powerOfTen(decimals)))
        }
        // The whole text is made in a buffer on the stack and appended once: one capacity
        // check per number instead of one per character (this runs for every number of every
        // output row).
        var tmp: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0) // 40 bytes: sign, 16 digits, point, 15 decimals
        return withUnsafeMutableBytes(of: &tmp) { b in
            let p = b.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var n = 0
            if negative, units != 0 {
                p[0] = UInt8(ascii: "-")
                n = 1
            }
            n = putDigits(integer, p, at: n)
            if fractionPart != 0 {
                p[n] = UInt8(ascii: ".")
                // All the decimals, leading zeros too, right to left two at a time; then the
                // trailing zeros dropped (the fraction is not 0: a digit other than 0 stops it).
                var rest = fractionPart
                var k = n + decimals
                while k > n + 1 {
                    putPair(rest % 100, p + k - 1)
                    rest /= 100
                    k -= 2
                }
                if k == n + 1 { p[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest) }
                var last = n + decimals
                while p[last] == UInt8(ascii: "0") { last -= 1 }
                n = last + 1
            }
            return body(UnsafeRawBufferPointer(start: p, count: n))
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
            n = putDigits(value.magnitude, b.baseAddress!.assumingMemoryBound(to: UInt8.self), at: n)
            out.append(bytes: UnsafeRawBufferPointer(rebasing: b[0..<n]))
        }
    }

    /// Writes `m`'s decimal digits at `p + n`; returns the position after the last.
    @inline(__always)
    static func putDigits(_ m: UInt64, _ p: UnsafeMutablePointer<UInt8>, at n: Int) -> Int {
        var digits = 1
        var bound: UInt64 = 10
        while digits < 20, m >= bound {
            digits += 1
            bound = bound &* 10
        }
        var k = n + digits
        var rest = m
        while rest >= 100 {
            k -= 2
            putPair(rest % 100, p + k)
            rest /= 100
        }
        if rest >= 10 {
            putPair(rest, p + k - 2)
        } else {
            p[k - 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest)
        }
        return n + digits
    }

    /// "00" to "99": two digits copied at once (a literal's bytes, no array to retain).
    private static let pairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Writes `v` (below 100) as two digits at `p`.
    @inline(__always)
    static func putPair(_ v: UInt64, _ p: UnsafeMutablePointer<UInt8>) {
        let s = pairs.utf8Start + Int(truncatingIfNeeded: v) * 2
        p[0] = s[0]
        p[1] = s[1]
    }

    public static func string(_ v: Double) -> String {
        var out: [UInt8] = []
        append(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
