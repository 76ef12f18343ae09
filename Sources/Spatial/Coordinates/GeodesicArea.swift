import CPROJ

/// Ellipsoidal (geodesic) polygon area with PROJ's copy of GeographicLib (`geodesic.h`):
/// the figure Chinese land surveys report as 图斑椭球面积.
public struct GeodesicArea: Sendable {
    private var geodesic: geod_geodesic
    public let ellipsoid: Ellipsoid

    public init(_ ellipsoid: Ellipsoid) {
        self.ellipsoid = ellipsoid
        geodesic = geod_geodesic()
        geod_init(&geodesic, ellipsoid.semiMajorAxis, ellipsoid.flattening)
    }

    /// Area in m² of the polygonal parts of `geometry`, whose x is longitude and y latitude
    /// in degrees; holes are subtracted, ring orientation does not matter.
    public func area(_ geometry: FlatGeometry) -> Double {
        var total = 0.0
        var g = geodesic
        geometry.xy.withUnsafeBufferPointer { p in
            geometry.forEachPolygon { rings in
                for (r, k) in rings.enumerated() {
                    let a = abs(Self.ringArea(&g, p, geometry.sequenceRange(k)))
                    total += r == 0 ? a : -a
                }
            }
        }
        return total
    }

    /// Signed area of one ring (counter-clockwise positive).
    public func ringArea(_ geometry: FlatGeometry, sequence k: Int) -> Double {
        var g = geodesic
        return geometry.xy.withUnsafeBufferPointer { Self.ringArea(&g, $0, geometry.sequenceRange(k)) }
    }

    private static func ringArea(_ g: inout geod_geodesic, _ p: UnsafeBufferPointer<Double>, _ range: Range<Int>) -> Double {
        guard range.count >= 3 else { return 0 }
        var polygon = geod_polygon()
        geod_polygon_init(&polygon, 0)
        // The closing position repeats the first; GeographicLib closes rings itself.
        var end = range.upperBound
        if p[2 * range.lowerBound] == p[2 * (end - 1)], p[2 * range.lowerBound + 1] == p[2 * (end - 1) + 1] { end -= 1 }
        for i in range.lowerBound..<end {
            geod_polygon_addpoint(&g, &polygon, p[2 * i + 1], p[2 * i])
        }
        var area = 0.0, perimeter = 0.0
        geod_polygon_compute(&g, &polygon, 0, 1, &area, &perimeter)
        return area
    }
}
