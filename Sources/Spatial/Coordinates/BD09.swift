import Foundation

/// BD-09, the coordinates of 百度 (Baidu) maps: GCJ-02 shifted once more by Baidu's published
/// formula (a small rotation and stretch about the origin plus a fixed 0.0065° east,
/// 0.006° north), about a kilometre from WGS 84 in all. Like ``GCJ02``, positions outside
/// China are left as they are.
public enum BD09 {
    /// π × 3000 / 180, the frequency of Baidu's extra terms.
    private static let k = Double.pi * 3000 / 180

    /// GCJ-02 → BD-09: the published forward formula.
    public static func fromGCJ02(longitude: Double, latitude: Double) -> (longitude: Double, latitude: Double) {
        guard GCJ02.inChina(longitude: longitude, latitude: latitude) else { return (longitude, latitude) }
        return forward(longitude, latitude)
    }

    @inline(__always)
    private static func forward(_ x: Double, _ y: Double) -> (longitude: Double, latitude: Double) {
        let r = (x * x + y * y).squareRoot() + 0.000_02 * sin(y * k)
        let theta = atan2(y, x) + 0.000_003 * cos(x * k)
        return (r * cos(theta) + 0.0065, r * sin(theta) + 0.006)
    }

    /// BD-09 → GCJ-02, exact to the forward formula: Baidu's published inverse is only an
    /// approximation (off by up to 2e-6°, a fifth of a metre), so it is the first guess of a
    /// fixed-point iteration that stops after a step under 1e-9° (the forward formula then
    /// reproduces the input to about 1e-11°).
    public static func toGCJ02(longitude: Double, latitude: Double) -> (longitude: Double, latitude: Double) {
        guard GCJ02.inChina(longitude: longitude, latitude: latitude) else { return (longitude, latitude) }
        // The published approximate inverse.
        let x = longitude - 0.0065, y = latitude - 0.006
        let r = (x * x + y * y).squareRoot() - 0.000_02 * sin(y * k)
        let theta = atan2(y, x) - 0.000_003 * cos(x * k)
        var lon = r * cos(theta), lat = r * sin(theta)
        // The forward map is the identity plus terms whose slope is ~1e-3, so each step
        // gains about three digits; two or three steps reach the stopping point.
        for _ in 0..<8 {
            let b = forward(lon, lat)
            let dLon = b.longitude - longitude, dLat = b.latitude - latitude
            lon -= dLon
            lat -= dLat
            if abs(dLon) < 1e-9 && abs(dLat) < 1e-9 { break }
        }
        return (lon, lat)
    }

    /// WGS 84 (or CGCS2000) → BD-09: GCJ-02 first, then Baidu's shift.
    public static func fromWGS84(longitude: Double, latitude: Double) -> (longitude: Double, latitude: Double) {
        let g = GCJ02.fromWGS84(longitude: longitude, latitude: latitude)
        return fromGCJ02(longitude: g.longitude, latitude: g.latitude)
    }

    /// BD-09 → WGS 84: both exact inverses in turn.
    public static func toWGS84(longitude: Double, latitude: Double) -> (longitude: Double, latitude: Double) {
        let g = toGCJ02(longitude: longitude, latitude: latitude)
        return GCJ02.toWGS84(longitude: g.longitude, latitude: g.latitude)
    }
}
