import LandControl
import Testing

@Suite("Report numbers")
struct NumberTextTests {
    @Test("thousands separators, padded decimals, signs, rounding and non-numbers")
    func grouped() {
        #expect(NumberText.grouped(1_234_567.891, decimals: 2) == "1,234,567.89")
        #expect(NumberText.grouped(-1_234.5, decimals: 1) == "-1,234.5")
        #expect(NumberText.grouped(999, decimals: 2) == "999.00")
        #expect(NumberText.grouped(100_000, decimals: 0) == "100,000")
        #expect(NumberText.grouped(123_456.04, decimals: 1) == "123,456.0")
        #expect(NumberText.grouped(12.5, decimals: 3) == "12.500")
        #expect(NumberText.grouped(0.004, decimals: 2) == "0.00")
        #expect(NumberText.grouped(-0.004, decimals: 2) == "0.00") // no "-0.00"
        #expect(NumberText.grouped(9_999.996, decimals: 2) == "10,000.00")
        #expect(NumberText.grouped(.nan) == "–")
    }
}
