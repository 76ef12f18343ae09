/// Choosing the projected CRS in which planar areas are computed.
///
/// Geographic input (and Mercator-family input, which distorts area) is projected to the
/// CGCS2000 3° Gauss–Krüger zone of the data's centre, EPSG:4534–4554 (central meridians
/// 75°E–135°E, no zone prefix in the easting). Other projected input keeps its own CRS.
/// A CRS the user names always wins.
public enum AreaCRS {
    /// 3° zone number: floor((lon + 1.5) / 3); its central meridian is 3 × zone.
    public static func gaussKrugerZone(longitude: Double) -> Int {
        Int(((longitude + 1.5) / 3).rounded(.down))
    }

    /// Longitudes and latitudes the CGCS2000 3° zones are meant for (China and its seas).
    public static let chinaLongitudes = 73.5...136.5
    public static let chinaLatitudes = 0.0...56.0

    /// `EPSG:45xx` for the 3° zone containing `longitude`, when China's zones cover it.
    public static func cgcs2000GaussKruger(longitude: Double, latitude: Double) -> String? {
        guard chinaLongitudes.contains(longitude), chinaLatitudes.contains(latitude) else { return nil }
        let zone = gaussKrugerZone(longitude: longitude)
        guard (25...45).contains(zone) else { return nil }
        return "EPSG:\(4534 + zone - 25)"
    }

    /// The area CRS for data in `input` whose centre is at (`longitude`, `latitude`) degrees.
    public static func choose(input: CRS, centreLongitude longitude: Double, centreLatitude latitude: Double,
                              requested: String?, engine: GeometryEngine) throws -> CRS {
        if let requested {
            let crs = try engine.crs(requested)
            guard crs.kind == .projected else {
                throw SpatialError.crs("--area-crs \(requested) is \(crs.kind == .geographic ? "geographic (degrees)" : "not a projected CRS"); areas need a projected CRS in metres, e.g. EPSG:4550")
            }
            if crs.distortsArea {
                throw SpatialError.crs("--area-crs \(requested) uses \(crs.projectionMethod ?? "a Mercator projection"), which distorts areas; pick an equal-area or Gauss–Krüger CRS")
            }
            return crs
        }
        if input.kind == .projected, !input.distortsArea { return input }
        // A "centre" off the globe is not a place: say what the numbers look like instead.
        guard abs(longitude) <= 180, abs(latitude) <= 90 else {
            throw SpatialError.crs(notLonLat(x: longitude, y: latitude, crs: input))
        }
        guard let code = cgcs2000GaussKruger(longitude: longitude, latitude: latitude) else {
            let why = input.distortsArea ? "\(input) distorts areas, and the" : "The"
            throw SpatialError.crs("\(why) data centre (\(fmt(longitude))°E, \(fmt(latitude))°N) is outside China's CGCS2000 3° Gauss–Krüger zones (73.5°E–136.5°E, 0°N–56°N); name a projected CRS for areas with --area-crs (e.g. the data's UTM zone)")
        }
        return try engine.crs(code)
    }

    /// Why coordinates (x, y) under the geographic `crs` are not longitude/latitude, and what
    /// to do: swapped axes (`--swap-xy`) when swapping them gives a place, else a projected
    /// CRS to name.
    public static func notLonLat(x: Double, y: Double, crs: CRS) -> String {
        let at = "(x \(fmt(x)), y \(fmt(y)))"
        if abs(x) <= 90, abs(y) <= 180, abs(y) > 90 {
            return "the coordinates \(at) are not longitude/latitude: y (the latitude) is beyond ±90°, and x and y look swapped (latitude first); pass --swap-xy to swap them as read"
        }
        return "the coordinates \(at) are not longitude/latitude although the CRS is \(crs): they look projected; name their CRS with --crs (e.g. --crs EPSG:4550)"
    }

    private static func fmt(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        return NumberFormatting.string(r)
    }
}
