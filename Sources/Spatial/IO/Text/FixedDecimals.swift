#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NumberFormatting {
    /// Exactly `decimals` decimals, the text C's `%.*f` writes ("1.20"; "-0.00" for -0.001;
    /// ties to even on the double's exact value): the figures of grant documents.
    ///
    /// Done in integers when |v|·10^d stays below 2^53 (every figure a proposal carries), the
    /// C library's formatter otherwise. Foundation's `String(format:)` gives the same text at
    /// many times the cost, and validate writes a dozen such figures per proposal.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        let d = max(0, min(decimals, 17))
        if v.isFinite, d <= 15 {
            let scale = powerOfTen(d)
            let magnitude = abs(v)
            let p = magnitude * scale
            if p < 1_125_899_906_842_624 { // 2^50: p's fraction keeps bits to spare
                // p is the product rounded; e the rounding error (exact by fma), so the exact
                // |v|·10^d is p + e. Round that sum to an integer, ties to even.
                let e = (-p).addingProduct(magnitude, scale)
                let whole = p.rounded(.down)
                let above = (p - whole - 0.5) + e // sign of (exact fraction − ½)
                var units = UInt64(whole)
                if above > 0 || (above == 0 && units % 2 == 1) { units += 1 }
                return fixedText(units: units, decimals: d, negative: v.sign == .minus)
            }
        }
        return formatted(v, decimals: d)
    }

    private static func fixedText(units: UInt64, decimals: Int, negative: Bool) -> String {
        var digits: [UInt8] = []
        var m = units
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(m % 10))
            m /= 10
        } while m > 0
        while digits.count <= decimals { digits.append(UInt8(ascii: "0")) } // "0.05", not ".05"
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + 2)
        if negative { out.append(UInt8(ascii: "-")) }
        for (k, c) in digits.enumerated().reversed() {
            out.append(c)
            if k == decimals, decimals > 0 { out.append(UInt8(ascii: ".")) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `%.*f` through the C library (huge or non-finite values, more than 15 decimals).
    static func formatted(_ v: Double, decimals d: Int) -> String {
        var size = 64
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let n = buffer.withUnsafeMutableBufferPointer { b in
                withVaList([Int32(d), v]) { vsnprintf(b.baseAddress, b.count, "%.*f", $0) }
            }
            guard n >= 0 else { return v.description }
            if Int(n) < size { return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
            size = Int(n) + 1
        }
    }
}
