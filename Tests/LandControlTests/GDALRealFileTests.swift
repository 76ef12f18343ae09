import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// One real layer from ../shared/data (see each folder's SOURCE.md).
struct RealLayer: Sendable, CustomTestStringConvertible {
    var path: String
    var layer: String?
    var testDescription: String { path + (layer.map { "|\($0)" } ?? "") }
}

/// Real Shapefiles and GeoPackages from R and PyPI packages, read through GDAL, against
/// GDAL's own tools: the feature count `ogrinfo` reports, and the same layer converted by
/// `ogr2ogr` to GeoJSON (17 decimals: every double exact; source CRS kept, curves linearised with
/// the same 1° arc step) and read by LandControl's own GeoJSON reader — geometry areas,
/// structure and every attribute value equal, and the areas `info` reports equal.
@Suite("GDAL reader on real files (ogrinfo and the GeoJSON path as references)",
       .enabled(if: Repository.sharedExists("README.md"), "needs ../shared/data (absent)"),
       .enabled(if: GDALTools.available, "needs GDAL's tools ogr2ogr/ogrinfo (apt-get install gdal-bin)"))
struct GDALRealFileTests {
    static let layers: [RealLayer] = [
        RealLayer(path: "pypi-fixtures/geopandas-0.14.4/naturalearth_lowres/naturalearth_lowres.shp"),
        RealLayer(path: "debian-r-fixtures/r-cran-spdata_2.2.1/boston_tracts.shp"),
        RealLayer(path: "debian-r-fixtures/r-cran-spdata_2.2.1/auckland.shp"),
        RealLayer(path: "debian-r-fixtures/r-cran-sf_1.0-9/olinda1.shp"),
        RealLayer(path: "debian-r-fixtures/r-cran-sf_1.0-9/nc.gpkg"),
        RealLayer(path: "debian-r-fixtures/r-cran-spdata_2.2.1/NY8_bna_utm18.gpkg"),
        RealLayer(path: "pypi-fixtures/pyogrio-0.13.0/curve.gpkg"),
        RealLayer(path: "pypi-fixtures/pyogrio-0.13.0/curvepolygon.gpkg"),
        RealLayer(path: "pypi-fixtures/pyogrio-0.13.0/multisurface.gpkg"),
        RealLayer(path: "pypi-fixtures/pyogrio-0.13.0/test_gpkg_nulls.gpkg"),
        RealLayer(path: "pypi-fixtures/pyogrio-0.13.0/line_zm.gpkg"),
        RealLayer(path: "pypi-fixtures/momepy-0.11.0/tests.gpkg"),
        RealLayer(path: "pypi-fixtures/momepy-0.11.0/bubenec.gpkg", layer: "buildings"),
        RealLayer(path: "pypi-fixtures/momepy-0.11.0/bubenec.gpkg", layer: "plots"),
        RealLayer(path: "pypi-fixtures/momepy-0.11.0/bubenec.gpkg", layer: "streets"),
        RealLayer(path: "pypi-fixtures/momepy-0.11.0/bubenec.gpkg", layer: "tessellation"),
    ]

    /// The layer converted by ogr2ogr to GeoJSON in its own CRS.
    static func viaGeoJSON(_ l: RealLayer, folder: TemporaryFolder) throws -> String {
        let out = folder.file("reference.geojson")
        try GDALTools.ogr2ogr(["--config", "OGR_ARC_STEPSIZE", "1", "-f", "GeoJSON", "-lco", "RFC7946=NO", "-lco", "COORDINATE_PRECISION=17",
                               out, Repository.shared(l.path)] + (l.layer.map { [$0] } ?? []))
        return out
    }

    static func equal(_ a: PropertyValue, _ b: PropertyValue) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): return Double(x) == Double(y)
        case let (.date(x), .string(y)), let (.string(x), .date(y)): return x == y
        default: return a == b
        }
    }

    @Test("count, geometry and every attribute equal ogrinfo's and the GeoJSON path's", arguments: layers)
    func sameAsGeoJSONPath(_ l: RealLayer) throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let path = Repository.shared(l.path)
        let reader = try #require(try LayerReader.open(path, options: .init(layer: l.layer)) as? GDALReader)
        let features = try reader.readAll()
        // The layer GDALReader chose (the only polygon layer of a multi-layer file).
        let chosen = RealLayer(path: l.path, layer: reader.layerName)
        #expect(features.count == (try GDALTools.featureCount(path, layer: chosen.layer)))
        let reference = try GeoJSONReader(path: Self.viaGeoJSON(chosen, folder: folder)).readAll()
        try #require(features.count == reference.count)
        for (f, r) in zip(features, reference) {
            #expect(f.problem == nil && r.problem == nil, "\(f.index): \(f.problem ?? "") / \(r.problem ?? "")")
            #expect(f.geometry?.nodes == r.geometry?.nodes, "feature \(f.index)")
            #expect(f.geometry?.pointCount == r.geometry?.pointCount, "feature \(f.index)")
            let a = f.geometry?.planarArea ?? 0, b = r.geometry?.planarArea ?? 0
            #expect(abs(a - b) <= 1e-6 * max(abs(b), 1e-12), "feature \(f.index): area \(a) vs \(b)")
            // Keys in the same order, values equal (numbers as numbers, dates as their text).
            #expect(f.properties.keys == r.properties.keys.filter { f.properties.keys.contains($0) }, "feature \(f.index)")
            for (key, value) in f.properties.pairs {
                let other = r.properties[key] ?? .null
                #expect(Self.equal(value, other), "feature \(f.index) \(key): \(value) vs \(other)")
            }
        }
    }

    @Test("info reports the same statuses and areas through GDAL as through the GeoJSON", arguments: layers.filter { !$0.path.contains("auckland") })
    func sameReport(_ l: RealLayer) throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let path = Repository.shared(l.path) + (l.layer.map { "|layername=\($0)" } ?? "")
        let reader = try #require(try LayerReader.open(path) as? GDALReader)
        let chosen = RealLayer(path: l.path, layer: reader.layerName)
        // Outside China the planar area needs a named CRS: a global equal-area one. GeoJSON
        // can name only EPSG codes; a CRS without one (NY8's) is given to both the same way.
        let direct = try LayerInspector.inspect(path, crs: reader.declaredCRS, areaCRS: "EPSG:6933")
        let geojson = try LayerInspector.inspect(Self.viaGeoJSON(chosen, folder: folder), crs: reader.declaredCRS, areaCRS: "EPSG:6933")
        #expect(direct.statusCounts == geojson.statusCounts)
        #expect(direct.invalidCount == geojson.invalidCount)
        #expect(direct.featureCount == geojson.featureCount)
        let e1 = try #require(direct.areas.ellipsoidalM2), e2 = try #require(geojson.areas.ellipsoidalM2)
        #expect(abs(e1 - e2) <= 1e-6 * max(e2, 1), "\(e1) vs \(e2)")
        let p1 = try #require(direct.areas.planarM2), p2 = try #require(geojson.areas.planarM2)
        #expect(abs(p1 - p2) <= 1e-6 * max(p2, 1), "\(p1) vs \(p2)")
        #expect(direct.crs == geojson.crs || direct.areas.areaCRS == geojson.areas.areaCRS, "\(direct.crs) vs \(geojson.crs)")
    }

    @Test("a zipped Shapefile (nybb_16a.zip) reads as its GeoJSON copy")
    func zipped() throws {
        let zip = try LayerReader.open(Repository.shared("pypi-fixtures/geopandas-0.14.4/nybb_16a.zip")).readAll()
        let json = try GeoJSONReader(path: Repository.shared("pypi-fixtures/geopandas-0.14.4/nybb_epsg2263.geojson")).readAll()
        #expect(zip.count == 5 && json.count == 5)
        let byName = Dictionary(uniqueKeysWithValues: json.map { ($0.properties["BoroName"]?.text ?? "", $0) })
        for f in zip {
            let name = f.properties["BoroName"]?.text ?? ""
            let other = try #require(byName[name], "\(name)")
            let a = f.geometry?.planarArea ?? 0, b = other.geometry?.planarArea ?? 0
            #expect(abs(a - b) <= 1e-6 * b, "\(name): \(a) vs \(b)")
        }
    }
}
