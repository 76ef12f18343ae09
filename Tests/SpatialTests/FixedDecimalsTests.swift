import Foundation
import Spatial
import Testing

/// `NumberFormatting.fixed` against the C library's `%.*f` (through Foundation's
/// `String(format:)`), the text it replaces in validate's figures.
@Suite("Fixed decimals")
struct FixedDecimalsTests {
    @Test("hand-checked values: padding, ties to even on the exact double, negative zero")
    func handChecked() {
        #expect(NumberFormatting.fixed(1.2, decimals: 2) == "1.20")
        #expect(NumberFormatting.fixed(0.05, decimals: 2) == "0.05")
        #expect(NumberFormatting.fixed(0.125, decimals: 2) == "0.12") // exact tie → even
        #expect(NumberFormatting.fixed(0.375, decimals: 2) == "0.38")
        #expect(NumberFormatting.fixed(2.5, decimals: 0) == "2")
        #expect(NumberFormatting.fixed(3.5, decimals: 0) == "4")
        #expect(NumberFormatting.fixed(1.005, decimals: 2) == "1.00") // 1.005 is 1.00499999… as a double
        #expect(NumberFormatting.fixed(-0.001, decimals: 2) == "-0.00")
        #expect(NumberFormatting.fixed(-0.0, decimals: 1) == "-0.0")
        #expect(NumberFormatting.fixed(-12.345678, decimals: 3) == "-12.346")
        #expect(NumberFormatting.fixed(1e300, decimals: 1) == String(format: "%.1f", 1e300)) // the C library's path
        #expect(NumberFormatting.fixed(.infinity, decimals: 2) == "inf")
    }

    @Test("300,000 values and every decimal count 0–6 agree with %.*f")
    func agreesWithC() {
        var generator = SplitMix(seed: 20_261_130)
        var checked = 0
        for i in 0..<300_000 {
            let d = i % 7
            let v: Double = switch i % 4 {
            case 0: Double(generator.next() % 2_000_000) / 8 - 100_000 // exact ties at every eighth
            case 1: Double(bitPattern: 0x3FF0_0000_0000_0000 | (generator.next() >> 12)) * pow(10, Double(generator.next() % 12) - 4)
            case 2: Double(generator.next() % 100_000_000) / 1000 // figures as typed: 1234.567
            default: (Double(generator.next() % 1_000_000) + 0.5) / pow(10, Double(d)) * (i % 8 == 3 ? -1 : 1)
            }
            let ours = NumberFormatting.fixed(v, decimals: d)
            let c = String(format: "%.\(d)f", v)
            if ours != c {
                Issue.record("\(v) with \(d) decimals: \(ours), C gives \(c)")
                return
            }
            checked += 1
        }
        #expect(checked == 300_000)
    }
}

/// A small deterministic generator (SplitMix64), so a failure names a value that repeats.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
