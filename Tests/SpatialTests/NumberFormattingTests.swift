import Spatial
import Testing

/// The writers' number text against independent references: Swift's own shortest round-trip
/// text (`description`), and a plain decimal made from the rounded integer with `String`.
@Suite("Number formatting")
struct NumberFormattingTests {
    @Test("300,000 coordinates, figures and random doubles: the shortest text that reads back, as description gives it (integers without .0)")
    func shortest() {
        var generator = SplitMix(seed: 20_261_201)
        for i in 0..<300_000 {
            let v: Double = switch i % 5 {
            case 0: Double(Int(generator.next() % 3_600_000_000)) / 1e7 - 180 // longitudes, 7 decimals
            case 1: Double(Int(generator.next() % 1_000_000)) / [1.0, 10, 100, 1000, 1e5][Int(generator.next() % 5)] // figures as typed
            case 2: Double(bitPattern: generator.next()) // anything, NaN and infinities too
            case 3: Double(Int(generator.next() % 100_000_000_000)) / 1e3 * (i % 2 == 0 ? 1 : -1) // projected metres
            default: Double(bitPattern: 0x3FF0_0000_0000_0000 | (generator.next() >> 12)) * 122 // 17 digits
            }
            let ours = NumberFormatting.string(v)
            let expected: String
            if !v.isFinite {
                expected = "null"
            } else if v == v.rounded(.towardZero), abs(v) < 1e15 {
                expected = String(Int64(v)) == "0" && v.sign == .minus ? "-0" : String(Int64(v))
            } else {
                expected = v.description
            }
            if ours != expected {
                Issue.record("\(v): \(ours), expected \(expected)")
                return
            }
        }
    }

    @Test("every decimal count 0–15: the rounded value's digits with the point put in and trailing zeros dropped")
    func fixedDecimals() {
        var generator = SplitMix(seed: 7)
        for i in 0..<200_000 {
            let decimals = i % 16
            let v = (Double(generator.next() % 10_000_000_000) / Double(generator.next() % 100_000 + 1)) * (i % 3 == 0 ? -1 : 1)
            var out: [UInt8] = []
            NumberFormatting.append(v, decimals: decimals, to: &out)
            let ours = String(decoding: out, as: UTF8.self)
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            let scaled = (abs(v) * scale).rounded()
            let expected: String
            if scaled >= 9e15 {
                expected = NumberFormatting.string(v) // too many digits: the shortest text
            } else {
                var digits = String(UInt64(scaled))
                if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
                var integer = String(digits.dropLast(decimals))
                var fraction = String(digits.suffix(decimals))
                while fraction.hasSuffix("0") { fraction.removeLast() }
                if integer.isEmpty { integer = "0" }
                expected = (v < 0 && scaled != 0 ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction)
            }
            if ours != expected {
                Issue.record("\(v) with \(decimals) decimals: \(ours), expected \(expected)")
                return
            }
        }
    }
}
