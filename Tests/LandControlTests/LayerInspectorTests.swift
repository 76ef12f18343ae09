import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

@Suite("Layer inspection (landctl info)")
struct LayerInspectorTests {
    @Test("a ledger with broken parcels: every feature counted with its status, reasons with index and id, areas of the repaired parcels")
    func ledgerProblems() throws {
        let r = try LayerInspector.inspect(Repository.shapes("ledger_problems.geojson"))
        #expect(r.featureCount == 6)
        #expect(r.count(.ok) == 1 && r.count(.repaired) == 2 && r.count(.noGeometry) == 1 && r.count(.error) == 2)
        #expect(FeatureStatus.allCases.map(r.count).reduce(0, +) == r.featureCount) // counts balance
        #expect(r.crs.hasPrefix("EPSG:4490") && r.crsSource == "file")
        #expect(r.areas.areaCRS?.hasPrefix("EPSG:4550") == true)
        #expect(r.invalidCount == 2)
        #expect(r.invalidExamples.map(\.index) == [2, 5])
        #expect(r.invalidExamples[0].id == "ZS-0002")
        #expect(r.invalidExamples[0].reason.hasPrefix("Self-intersection at (122.2025"))
        #expect(r.errorExamples.map(\.index) == [4, 6])
        // ZS-0004's ring stops 0.0009° of latitude short of its start at 30°N: 99.77 m on the
        // CGCS2000 ellipsoid (meridian radius M(30.00045°) × Δφ = 99.7672 m; pyproj's
        // Geod(a=6378137, f=1/298.257222101).inv(122.204, 30, 122.204, 30.0009) = 99.76720507),
        // far over the 1 cm up to which a ring is closed: unusable, not repaired.
        #expect(r.errorExamples[0].reason.hasPrefix("outer ring is not closed: its ends are 99.77 m apart, more than repair.close_ring_tolerance_m (0.01 m)"))
        #expect(r.errorExamples[1].reason.contains("must be a number"))
        // Reference: Shapely 2.1 make_valid(method="structure") of features 1, 2 and 5, then
        // GeographicLib on CGCS2000 → 24118.786377325654 m², pyproj to EPSG:4550 + shapely
        // area → 24122.30179880453 m².
        #expect(abs(r.areas.ellipsoidalM2 - 24_118.786377325654) < 1e-3)
        #expect(abs((r.areas.planarM2 ?? 0) - 24_122.30179880453) < 1e-3)
        #expect(abs(r.areas.ellipsoidalMu - 24_118.786377325654 * 15 / 10_000) < 1e-6)
    }

    @Test("the demo district: 258 valid parcels in the Zhoushan zone (EPSG:4550); area equals the sum of the declared site areas")
    func demoCity() throws {
        let r = try LayerInspector.inspect(Repository.shapes("parcels.geojson"))
        #expect(r.featureCount == 258 && r.count(.ok) == 258)
        #expect(r.geometryTypes == ["Polygon": 258])
        #expect(r.crs.hasPrefix("EPSG:4490") && r.areas.areaCRS?.hasPrefix("EPSG:4550") == true)
        // make_demo.py declares each parcel's area from its local metric shape (a flat-earth
        // approximation at 30°N): our ellipsoidal total must agree to well under 1 %.
        let declared = try GeoJSONReader(path: Repository.shapes("parcels.geojson")).readAll()
            .reduce(0.0) { $0 + ($1.properties["site_area_m2"]?.doubleValue ?? 0) }
        #expect(abs(r.areas.ellipsoidalM2 - declared) / declared < 0.005, "\(r.areas.ellipsoidalM2) vs \(declared)")
        #expect(r.warnings.isEmpty)
    }

    @Test("CRS settling: WKT/CSV without a CRS need --crs unless they are lon/lat; --crs overrides the file and says so")
    func crsSettling() throws {
        let engine = GeometryEngine()
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let projected = folder + "/projected.wkt"
        try "POLYGON ((422000 3320000, 422100 3320000, 422100 3320100, 422000 3320100, 422000 3320000))\n".write(toFile: projected, atomically: true, encoding: .utf8)
        do {
            _ = try LayerLoader.load(projected, engine: engine)
            Issue.record("projected numbers read without a CRS")
        } catch let e as ReadError {
            #expect(e.message.contains("--crs"))
        }
        let r = try LayerInspector.inspect(projected, crs: "EPSG:4550", engine: engine)
        #expect(r.areas.planarM2 == 10_000)
        #expect(r.areas.areaCRS?.hasPrefix("EPSG:4550") == true)
        let lonLat = try LayerLoader.load(Repository.fixture("utf8_bom.csv"), engine: engine)
        #expect(lonLat.crs.epsg == 4326 && lonLat.crsSource == "default")
        #expect(lonLat.warnings.contains { $0.contains("EPSG:4490") })
        let overridden = try LayerLoader.load(Repository.shapes("ledger_problems.geojson"), crs: "EPSG:4326", engine: engine)
        #expect(overridden.warnings.contains { $0.contains("declares") })
    }

    @Test("data outside China: no planar area without --area-crs, with a message saying so; ellipsoidal area still given",
          .enabled(if: Repository.sharedExists("osm-extracts"), "needs ../shared/data/osm-extracts (absent)"))
    func outsideChina() throws {
        let path = Repository.shared("osm-extracts/liechtenstein-2013-08-03_landuse.geojson")
        let r = try LayerInspector.inspect(path)
        #expect(r.areas.planarM2 == nil)
        #expect(r.areas.areaCRSError?.contains("--area-crs") == true)
        #expect(r.areas.ellipsoidalM2 > 0)
        let named = try LayerInspector.inspect(path, areaCRS: "EPSG:32632")
        let planar = try #require(named.areas.planarM2)
        #expect(abs(planar - r.areas.ellipsoidalM2) / r.areas.ellipsoidalM2 < 0.002) // UTM scale ≤ 0.1 % off
    }

    @Test("the JSON report is valid JSON with the documented keys")
    func jsonReport() throws {
        let r = try LayerInspector.inspect(Repository.shapes("ledger_problems.geojson"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.json().utf8)) as? [String: Any])
        #expect(object["features"] as? Int == 6)
        #expect((object["status"] as? [String: Int])?["repaired"] == 2)
        #expect((object["invalid_examples"] as? [[String: Any]])?.first?["id"] as? String == "ZS-0002")
        #expect(abs((object["ellipsoidal_area_m2"] as? Double ?? 0) - 24_118.786377325654) < 1e-3)
        #expect(object["area_crs"] as? String != nil)
    }
}
