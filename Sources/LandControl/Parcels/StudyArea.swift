import Spatial

/// The one study-area step of every command: given the layers a run read, the CRS planar
/// areas are computed in and the CRS its GeoJSON outputs are written in.
enum StudyArea {
    /// The area CRS follows the parcels (or, when no parcel has a geometry, the first of
    /// `others` that has one): `--area-crs`, else the input's own projected CRS, else the
    /// CGCS2000 3° Gauss–Krüger zone of the data's median centre (``AreaCRS``). It must be in
    /// metres. The outputs are in longitude/latitude of the parcels' datum.
    static func crss(parcels: LoadedLayer, others: [LoadedLayer], requested: String?,
                     engine: GeometryEngine) throws -> (area: CRS, output: CRS) {
        let basis = parcels.envelope.isEmpty ? (others.first { !$0.envelope.isEmpty } ?? parcels) : parcels
        let centre = try Classifier.lonLatCentre(basis, engine: engine)
        let area = try AreaCRS.choose(input: basis.crs, centreLongitude: centre.x, centreLatitude: centre.y,
                                      requested: requested, engine: engine)
        guard abs(area.unitToMetre - 1) < 1e-12 else {
            throw SpatialError.crs("the area CRS \(area) is not in metres; pass a metric projected CRS with --area-crs (e.g. the data's Gauss–Krüger or UTM zone)")
        }
        let output = parcels.crs.isGeographic ? parcels.crs : try engine.crs(parcels.crs.geodeticDefinition)
        return (area, output)
    }
}
