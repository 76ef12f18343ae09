/// Computes both areas of a geometry given in `input` coordinates: the planar area in the
/// area CRS (m², via a bulk PROJ transform and the shoelace formula, which equals GEOS's
/// area) and the ellipsoidal area on the input datum's ellipsoid (GeographicLib).
public final class AreaCalculator {
    public let input: CRS
    public let areaCRS: CRS
    private let toArea: CoordinateTransform
    private let toGeodetic: CoordinateTransform
    private let geodesic: GeodesicArea
    private let unitSquared: Double

    public init(engine: GeometryEngine, input: CRS, areaCRS: CRS) throws {
        self.input = input
        self.areaCRS = areaCRS
        toArea = try engine.transform(from: input, to: areaCRS)
        let geodetic = input.isGeographic ? input : try engine.crs(input.geodeticDefinition)
        toGeodetic = try engine.transform(from: input, to: geodetic)
        geodesic = GeodesicArea(input.ellipsoid)
        unitSquared = areaCRS.unitToMetre * areaCRS.unitToMetre
    }

    /// The ellipsoid the ellipsoidal areas are computed on.
    public var ellipsoid: Ellipsoid { geodesic.ellipsoid }

    /// Planar area (m²) in the area CRS.
    public func planarArea(_ g: FlatGeometry) throws -> Double {
        var projected = g
        try toArea.apply(&projected)
        return projected.planarArea * unitSquared
    }

    /// Ellipsoidal area (m²).
    public func ellipsoidalArea(_ g: FlatGeometry) throws -> Double {
        if toGeodetic.isIdentity { return geodesic.area(g) }
        var lonLat = g
        try toGeodetic.apply(&lonLat)
        return geodesic.area(lonLat)
    }

    /// The geometry in the area CRS (for overlays measured in metres).
    public func projected(_ g: FlatGeometry) throws -> FlatGeometry {
        var projected = g
        try toArea.apply(&projected)
        return projected
    }
}

/// Area units used in reports: 1 亩 = 10000/15 m² exactly; 1 公顷 (hectare) = 15 亩.
public enum AreaUnits {
    public static func mu(fromSquareMetres m2: Double) -> Double { m2 * 15 / 10_000 }
    public static func hectares(fromSquareMetres m2: Double) -> Double { m2 / 10_000 }
}
