import Foundation

/// The GCJ-02 ("Mars") obfuscation of Chinese web maps (高德/Amap, 腾讯/Tencent): a
/// published formula shifts WGS 84 positions by a few hundred metres. PROJ has no
/// transformation for it, so LandControl carries the formula to detect and undo it
/// (``WebMapDatum`` converts whole geometries).
public enum GCJ02 {
    private static let a = 6_378_245.0
    private static let ee = 0.006_693_421_622_965_943_23

    /// Whether the formula applies (it leaves positions outside China unchanged).
    public static func inChina(longitude: Double, latitude: Double) -> Bool {
        (72.004...137.8347).contains(longitude) && (0.8293...55.8271).contains(latitude)
    }

    /// The formula's two shifts, in metres, at x = longitude − 105, y = latitude − 35 (the
    /// first periodic term is common to both, so it is computed once).
    @inline(__always)
    private static func terms(_ x: Double, _ y: Double) -> (latitude: Double, longitude: Double) {
        let common = (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        var lat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        lat += common
        lat += (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
        lat += (160 * sin(y / 12 * .pi) + 320 * sin(y * .pi / 30)) * 2 / 3
        var lon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        lon += common
        lon += (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
        lon += (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        return (lat, lon)
    }

    /// WGS 84 (or CGCS2000) longitude/latitude → GCJ-02.
    public static func fromWGS84(longitude: Double, latitude: Double) -> (longitude: Double, latitude: Double) {
        guard inChina(longitude: longitude, latitude: latitude) else { return (longitude, latitude) }
        var (dLat, dLon) = terms(longitude - 105, latitude - 35)
        let radLat = latitude / 180 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = dLat * 180 / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = dLon * 180 / (a / sqrtMagic * cos(radLat) * .pi)
        return (longitude + dLon, latitude + dLat)
    }

    /// GCJ-02 → WGS 84, by fixed-point iteration of the forward formula: the shift's slope
    /// is a few thousandths, so each step gains two to three digits, and the loop stops after
    /// a step under 1e-9° (the forward formula then reproduces the input to about 1e-11°;
    /// four steps from the GCJ-02 position itself). Positions outside China are returned
    /// unchanged.
    public static func toWGS84(longitude: Double, latitude: Double) -> (longitude: Double, latitude: Double) {
        guard inChina(longitude: longitude, latitude: latitude) else { return (longitude, latitude) }
        var lon = longitude, lat = latitude
        for _ in 0..<10 {
            let g = fromWGS84(longitude: lon, latitude: lat)
            let dLon = g.longitude - longitude, dLat = g.latitude - latitude
            lon -= dLon
            lat -= dLat
            if abs(dLon) < 1e-9 && abs(dLat) < 1e-9 { break }
        }
        return (lon, lat)
    }
}
