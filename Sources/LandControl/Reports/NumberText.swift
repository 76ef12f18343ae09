import Spatial

/// Numbers as people read them in reports: thousands separators, fixed decimals.
public enum NumberText {
    /// "1,234,567.89". Made in bytes (it is in every conflict message).
    public static func grouped(_ v: Double, decimals: Int = 2) -> String {
        guard v.isFinite else { return "–" }
        var text: [UInt8] = []
        NumberFormatting.append(v, decimals: decimals, to: &text)
        let negative = text.first == UInt8(ascii: "-")
        let start = negative ? 1 : 0
        let dot = text.firstIndex(of: UInt8(ascii: ".")) ?? text.count
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 3 + decimals + 2)
        if negative { out.append(UInt8(ascii: "-")) }
        let integerDigits = dot - start
        for k in 0..<integerDigits {
            if k > 0, (integerDigits - k) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(text[start + k])
        }
        if decimals > 0 {
            // Padded to the requested decimals, for aligned columns.
            out.append(UInt8(ascii: "."))
            let have = dot < text.count ? text.count - dot - 1 : 0
            if have > 0 { out.append(contentsOf: text[(dot + 1)...]) }
            for _ in have..<max(have, decimals) { out.append(UInt8(ascii: "0")) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Coordinates: up to 7 decimals for degrees, 2 for metres.
    public static func coordinate(_ v: Double, geographic: Bool) -> String {
        var out: [UInt8] = []
        NumberFormatting.append(v, decimals: geographic ? 7 : 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
