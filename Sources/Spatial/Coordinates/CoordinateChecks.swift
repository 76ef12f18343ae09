/// Plausibility checks on a layer's coordinates against its declared CRS. They warn and
/// never fail: the numbers may be legitimate, but each pattern here is a common mistake in
/// Chinese land data (surveyed X/Y order, zone-prefixed eastings, degrees in the wrong
/// order, projected files declared as lon/lat).
public enum CoordinateChecks {
    public struct Warning: Sendable, Equatable, CustomStringConvertible {
        /// Stable code: `swapped_lat_lon`, `projected_as_geographic`, `zone_prefix`,
        /// `swapped_northing_easting`, `degrees_as_projected`.
        public var code: String
        public var message: String
        public var description: String { message }
    }

    public static func check(_ e: Envelope, crs: CRS) -> [Warning] {
        guard !e.isEmpty else { return [] }
        var out: [Warning] = []
        let box = "x \(n(e.minX))…\(n(e.maxX)), y \(n(e.minY))…\(n(e.maxY))"
        switch crs.kind {
        case .geographic:
            // A hair of tolerance: world layers reach ±180 with rounding in the last bit.
            let tol = 1e-9
            let fitsLonLat = e.minX >= -180 - tol, fits2 = e.maxX <= 180 + tol && e.minY >= -90 - tol && e.maxY <= 90 + tol
            if !(fitsLonLat && fits2) {
                if abs(e.minX) <= 90, abs(e.maxX) <= 90, abs(e.minY) <= 180, abs(e.maxY) <= 180 {
                    out.append(.init(code: "swapped_lat_lon", message: "coordinates (\(box)) have y outside ±90: latitude and longitude look swapped (x must be longitude); pass --swap-xy"))
                } else {
                    var msg = "coordinates (\(box)) are far outside longitude/latitude ranges although the CRS is geographic (\(crs)): the data look projected; name their CRS with --crs"
                    if let z = prefixedZone(e.minX, e.maxX) {
                        let suggestion = GaussKrugerZones.Zone(datum: .cgcs2000, width: z <= 23 ? 6 : 3, number: z, prefixed: true)
                        msg += " (the eastings carry the zone prefix \(z): \(suggestion?.definition ?? "a prefixed Gauss–Krüger CRS"))"
                    } else if let z = prefixedZone(e.minY, e.maxY) {
                        msg += " (y holds zone-prefixed eastings of zone \(z): X/Y are in surveyors' order, northing first)"
                    }
                    out.append(.init(code: "projected_as_geographic", message: msg))
                }
            } else if AreaCRS.chinaLatitudes.contains(e.minX), AreaCRS.chinaLatitudes.contains(e.maxX),
                      AreaCRS.chinaLongitudes.contains(e.minY), AreaCRS.chinaLongitudes.contains(e.maxY),
                      e.maxX < 60 {
                out.append(.init(code: "swapped_lat_lon", message: "coordinates (\(box)) look like China with latitude first: x must be longitude, y latitude; pass --swap-xy"))
            }
        case .projected:
            if e.minX >= -180, e.maxX <= 180, e.minY >= -90, e.maxY <= 90, e.maxX - e.minX < 10, e.maxY - e.minY < 10 {
                out.append(.init(code: "degrees_as_projected", message: "coordinates (\(box)) look like degrees although the CRS \(crs) is projected; name the right CRS with --crs"))
                break
            }
            let transverse = crs.projectionMethod?.lowercased().contains("transverse") ?? false
            if let z = prefixedZone(e.minX, e.maxX) {
                let zone = crs.epsg.flatMap { GaussKrugerZones.Zone(epsg: $0) }
                if zone?.prefixed == true {
                    // Prefixed CRS and prefixed data: as intended.
                } else {
                    // Suggest the prefixed twin of the CRS when it is a Gauss–Krüger one
                    // (same datum, same zone width), else CGCS2000's 3° zone.
                    let suggestion = zone.flatMap { GaussKrugerZones.Zone(datum: $0.datum, width: $0.width, number: z, prefixed: true) }
                        ?? GaussKrugerZones.Zone(datum: .cgcs2000, width: z <= 23 ? 6 : 3, number: z, prefixed: true)
                    let use = suggestion.map { "use \($0.definition)" } ?? "name the prefixed CRS"
                    out.append(.init(code: "zone_prefix", message: "eastings (\(n(e.minX))…\(n(e.maxX))) carry the zone prefix \(z) (8 digits) but \(crs) expects none: \(use) or strip the prefix"))
                }
            } else if transverse, prefixedZone(e.minY, e.maxY) != nil || (e.minX >= 1_000_000 && e.maxX < 10_000_000 && e.minY >= 0 && e.maxY < 1_000_000) {
                out.append(.init(code: "swapped_northing_easting", message: "coordinates (\(box)) look like surveyors' X = northing, Y = easting: x must be easting, y northing"))
            }
        case .other:
            break
        }
        return out
    }

    /// The zone number when every value in min…max is a zone-prefixed easting: China's 3°
    /// zones are 25–45 and its 6° zones 13–23, so the number alone tells the width.
    static func prefixedZone(_ min: Double, _ max: Double) -> Int? {
        guard min >= 13_000_000, max < 46_000_000 else { return nil }
        let z1 = Int(min / 1_000_000), z2 = Int(max / 1_000_000)
        guard z1 == z2, z1 != 24 else { return nil }
        // Within a zone an easting lies within a few hundred km of the 500 km false easting.
        let e1 = min - Double(z1) * 1_000_000, e2 = max - Double(z1) * 1_000_000
        return e1 >= 100_000 && e2 <= 900_000 ? z1 : nil
    }

    private static func n(_ v: Double) -> String {
        NumberFormatting.string(abs(v) >= 1000 ? v.rounded() : (v * 1e6).rounded() / 1e6)
    }
}
