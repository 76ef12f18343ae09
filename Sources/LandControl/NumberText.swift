import Spatial

/// Numbers as people read them in reports: thousands separators, fixed decimals.
public enum NumberText {
    /// "1,234,567.89".
    public static func grouped(_ v: Double, decimals: Int = 2) -> String {
        guard v.isFinite else { return "–" }
        var out: [UInt8] = []
        NumberFormatting.append(v, decimals: decimals, to: &out)
        var s = String(decoding: out, as: UTF8.self)
        // Pad to the requested decimals for aligned columns.
        if decimals > 0 {
            if let dot = s.firstIndex(of: ".") {
                let have = s.distance(from: dot, to: s.endIndex) - 1
                s += String(repeating: "0", count: max(0, decimals - have))
            } else {
                s += "." + String(repeating: "0", count: decimals)
            }
        }
        let negative = s.hasPrefix("-")
        if negative { s.removeFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var integer = String(parts[0])
        var groupedInteger = ""
        while integer.count > 3 {
            groupedInteger = "," + integer.suffix(3) + groupedInteger
            integer.removeLast(3)
        }
        groupedInteger = integer + groupedInteger
        return (negative ? "-" : "") + groupedInteger + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Coordinates: up to 7 decimals for degrees, 2 for metres.
    public static func coordinate(_ v: Double, geographic: Bool) -> String {
        var out: [UInt8] = []
        NumberFormatting.append(v, decimals: geographic ? 7 : 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
