import Foundation
import LandControl
import Spatial
import Testing
import TestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Broken input of every class the error policy names: each run goes on, every feature
/// comes out with a status, the counts balance, and the message says what was wrong.
@Suite("hostile input")
struct HostileInputTests {
    func folder() throws -> String {
        let f = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }

    func classify(zones: String, parcels: String, _ configure: (inout ClassifyOptions) -> Void = { _ in }) throws -> ClassificationResult {
        let dir = try folder()
        try zones.write(toFile: dir + "/zones.geojson", atomically: true, encoding: .utf8)
        try parcels.write(toFile: dir + "/parcels.geojson", atomically: true, encoding: .utf8)
        var options = ClassifyOptions(zonesPath: dir + "/zones.geojson", parcelsPath: dir + "/parcels.geojson")
        options.idField = "parcel_id"
        configure(&options)
        return try Classifier.run(options)
    }

    func balanced(_ r: ClassificationResult) -> Bool {
        FeatureStatus.allCases.map { s in r.parcels.filter { $0.status == s }.count }.reduce(0, +) == r.parcels.count
    }

    static let zones = HandMadeDistrict.collection([HandMadeDistrict.zone("C1", "cluster", HandMadeDistrict.box(0, 0, 1000, 1000))])

    @Test("broken parcel geometries: each class gets its status and message, the rest is classified")
    func brokenParcels() throws {
        let P = HandMadeDistrict.parcel
        let parcels = HandMadeDistrict.collection([
            P("OK", "M1", "existing", HandMadeDistrict.box(10, 10, 110, 110)),
            P("BOWTIE", "M1", "existing", HandMadeDistrict.ring([(200, 0), (300, 100), (300, 0), (200, 100), (200, 0)])),
            P("HOLE-OUT", "M1", "existing", "{\"type\":\"Polygon\",\"coordinates\":[[[400000,3300000],[400100,3300000],[400100,3300100],[400000,3300100],[400000,3300000]],[[400500,3300500],[400510,3300500],[400510,3300510],[400500,3300500]]]}"),
            P("SHORT", "M1", "existing", HandMadeDistrict.ring([(0, 0), (10, 0), (0, 0)])),
            P("OPEN", "M1", "existing", "{\"type\":\"Polygon\",\"coordinates\":[[[400000,3300000],[400100,3300000],[400100,3300100],[400000,3300100]]]}"),
            P("EMPTY", "M1", "existing", "{\"type\":\"Polygon\",\"coordinates\":[]}"),
            P("HUGE", "M1", "existing", "{\"type\":\"Polygon\",\"coordinates\":[[[1e308,0],[1e308,1],[1.1e308,1],[1e308,0]]]}"),
            P("LINE", "M1", "existing", "{\"type\":\"LineString\",\"coordinates\":[[400000,3300000],[400100,3300000]]}"),
            P("TEXT", "M1", "existing", "{\"type\":\"Polygon\",\"coordinates\":[[[\"400000\",3300000],[400100,3300000],[400100,3300100],[400000,3300000]]]}"),
            "{\"type\":\"Feature\",\"properties\":{\"parcel_id\":\"NULL\"},\"geometry\":null}",
            P("OK", "M1", "existing", HandMadeDistrict.box(500, 500, 600, 600)), // a duplicate id
            P("ZERO", "M1", "existing", HandMadeDistrict.ring([(700, 700), (800, 700), (900, 700), (700, 700)])),
            P("GIANT", "M1", "existing", HandMadeDistrict.box(0, 0, 3000, 3000)), // 9 km²
        ])
        let r = try classify(zones: Self.zones, parcels: parcels)
        #expect(r.parcels.count == 13 && balanced(r))
        func parcel(_ id: String) -> ParcelClassification? { r.parcels.first { $0.id == id } }
        #expect(parcel("BOWTIE")?.status == .repaired && parcel("BOWTIE")?.flags.first?.contains("Self-intersection") == true)
        #expect(parcel("HOLE-OUT")?.status == .repaired && parcel("HOLE-OUT")?.flags.first?.contains("Hole lies outside shell") == true)
        #expect(parcel("SHORT")?.status == .error && parcel("SHORT")?.flags.first?.contains("outer ring at (400000, 3300000) has 3 positions (2 corners), no area") == true)
        // OPEN stops 100 m of grid short (EPSG:4550, 100 km west of its central meridian):
        // 99.99 m on the ground (pyproj: EPSG:4550 → 4490, Geod(GRS 80).inv = 99.98767 m).
        #expect(parcel("OPEN")?.status == .error && parcel("OPEN")?.flags.first?.contains("outer ring is not closed: its ends are 99.99 m apart") == true)
        #expect(parcel("EMPTY")?.status == .noGeometry)
        #expect(parcel("HUGE")?.status == .error && parcel("HUGE")?.flags.first?.contains("could not be transformed") == true)
        #expect(parcel("LINE")?.status == .error && parcel("LINE")?.flags.first?.contains("has no area") == true)
        #expect(parcel("TEXT")?.status == .error && parcel("TEXT")?.flags.first?.contains("must be a number") == true)
        #expect(parcel("NULL")?.status == .noGeometry)
        #expect(r.warnings.contains { $0.contains("duplicate parcel id OK") || $0.contains("地块编号 OK 重复") })
        #expect(r.warnings.contains { $0.contains("ZERO") })
        #expect(r.warnings.contains { $0.contains("GIANT") })
        #expect(r.parcels.first { $0.id == "OK" }?.kindAreas[.cluster] == 10_000)
    }

    @Test("a zone layer where every feature is broken: reported zone by zone, every parcel outside, no crash")
    func allZonesBroken() throws {
        let Z = HandMadeDistrict.zone
        let zones = HandMadeDistrict.collection([
            Z("Z1", "cluster", HandMadeDistrict.ring([(0, 0), (10, 0), (0, 0)])),
            Z("Z2", "transition", "{\"type\":\"Polygon\",\"coordinates\":[[[400000,3300000],[400100,3300000]]]}"),
            Z("Z3", "reserve", "{\"type\":\"Point\",\"coordinates\":[400000,3300000]}"),
            "{\"type\":\"Feature\",\"properties\":{\"zone_id\":\"Z4\",\"zone\":\"redline\"},\"geometry\":null}",
            "{\"type\":\"Feature\",\"properties\":{\"zone_id\":\"Z5\",\"zone\":\"cluster\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\"oops\"}}",
        ])
        let parcels = HandMadeDistrict.collection([HandMadeDistrict.parcel("P1", "M1", "existing", HandMadeDistrict.box(10, 10, 110, 110))])
        let r = try classify(zones: zones, parcels: parcels)
        #expect(r.zones.records.map(\.status) == [.error, .error, .error, .noGeometry, .error])
        #expect(r.conflicts.filter { $0.rule == .invalidZone }.count == 4)
        #expect(r.parcels.first?.zone == nil && r.parcels.first?.outsideM2 == 10_000)
    }

    @Test("truncated CSV and WKT: a file error naming the line, or the complete records read; never a crash")
    func truncatedTextFiles() throws {
        let csv = try String(contentsOfFile: Repository.fixture("parcels_multiline.csv"), encoding: .utf8)
        let bytes = Array(csv.utf8)
        var errors = 0, reads = 0
        for cut in 1..<bytes.count {
            do {
                let features = try CSVReader(mapped: MappedFile(bytes: Array(bytes[0..<cut]), name: "cut.csv")).readAll()
                reads += 1
                #expect(features.count <= 4)
            } catch let e as ReadError {
                errors += 1
                #expect(e.file == "cut.csv" && (e.message.contains("never closed") || e.message.contains("no WKT column") || e.message.contains("empty")), "\(e)")
            }
        }
        #expect(errors > 20 && reads > 20)
        let wkt = try String(contentsOfFile: Repository.fixture("lines.wkt"), encoding: .utf8)
        let wktBytes = Array(wkt.utf8)
        var noGeometry = 0
        for cut in 1..<wktBytes.count {
            do {
                let features = try WKTReader(mapped: MappedFile(bytes: Array(wktBytes[0..<cut]), name: "cut.wkt")).readAll()
                #expect(features.allSatisfy { $0.geometry != nil || $0.problem != nil })
            } catch let e as ReadError {
                // A cut inside the leading comment leaves no geometry line: a file error (issue 19).
                noGeometry += 1
                #expect(e.message == "holds no WKT geometry (only blank lines and # comments): check the file")
            }
        }
        // Exactly the cuts up to and including the comment's line break.
        #expect(noGeometry == (wktBytes.firstIndex(of: 0x0A) ?? -1) + 1)
    }

    @Test("numbers that are not coordinates: NaN and Infinity are not JSON (file error with line), 1e999 is refused per feature")
    func nonFiniteNumbers() throws {
        for (text, words) in [("{\"type\":\"Point\",\"coordinates\":[NaN,1]}", "not JSON"), ("{\"type\":\"Point\",\"coordinates\":[Infinity,1]}", "not JSON"),
                              ("{\"type\":\"Point\",\"coordinates\":[-Infinity,1]}", "not JSON")] {
            do {
                _ = try GeoJSONReader(mapped: MappedFile(bytes: Array(text.utf8), name: "nan.geojson")).readAll()
                Issue.record("\(text) read")
            } catch let e as ReadError {
                #expect(e.line == 1 && e.message.contains(words), "\(e)")
            }
        }
        let huge = try GeoJSONReader(mapped: MappedFile(bytes: Array("{\"type\":\"Point\",\"coordinates\":[1e999,1]}".utf8), name: "inf.geojson")).readAll()
        #expect(huge.first?.problem?.contains("out of range") == true)
    }

    @Test("--strict refuses a layer with any problem before anything is written")
    func strict() throws {
        var options = LayerReader.Options()
        options.strict = true
        do {
            _ = try LayerLoader.load(Repository.shapes("ledger_problems.geojson"), options: options, engine: GeometryEngine())
            Issue.record("strict accepted a broken ledger")
        } catch let e as ReadError {
            #expect(e.message.contains("5 of 6 features have problems (ok 1, repaired 2, no_geometry 1, error 2)"))
            #expect(e.message.contains("feature 2 (id ZS-0002)"))
        }
        #expect(try LayerLoader.load(Repository.shapes("parcels.geojson"), options: options, engine: GeometryEngine()).features.count == 258)
    }

    @Test("antimeridian inputs (gadomski/antimeridian) read and measure without a crash",
          .enabled(if: Repository.sharedExists("format-edge-cases/antimeridian"), "needs ../shared/data/format-edge-cases (absent)"))
    func antimeridian() throws {
        let dir = Repository.shared("format-edge-cases/antimeridian/data/input")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }
        #expect(files.count == 33)
        for file in files {
            let r = try LayerInspector.inspect(dir + "/" + file)
            #expect(FeatureStatus.allCases.map(r.count).reduce(0, +) == r.featureCount, "\(file)")
            #expect(r.areas.ellipsoidalM2.isFinite, "\(file)")
        }
    }

    @Test("osm2pgsql's invalid multipolygons (OSM XML → rings) are repaired or reported",
          .enabled(if: Repository.sharedExists("osm-extracts/osm2pgsql_test_validgeom.osm"), "needs ../shared/data/osm-extracts (absent)"))
    func osmInvalidMultipolygons() throws {
        let osm = try OSMRings(path: Repository.shared("osm-extracts/osm2pgsql_test_validgeom.osm"))
        #expect(osm.ways.count == 10)
        let dir = try folder()
        let writer = try GeoJSONWriter(path: dir + "/osm.geojson")
        for (id, ring) in osm.ways {
            var b = FlatGeometryBuilder()
            b.node(.polygon, count: 1)
            for (lon, lat) in ring { b.point(lon, lat) }
            b.endSequence()
            try writer.write(geometry: b.finish(), properties: Properties([("osm_way_id", .string(id))]), id: id)
        }
        try writer.finish()
        let r = try LayerInspector.inspect(dir + "/osm.geojson", areaCRS: "EPSG:3035")
        #expect(r.featureCount == 10)
        #expect(FeatureStatus.allCases.map(r.count).reduce(0, +) == 10)
        #expect(r.invalidCount >= 1, "osm2pgsql's test file is made of invalid polygons")
        #expect(r.invalidExamples.allSatisfy { !$0.reason.isEmpty })
    }
}

/// The closed ways of an OSM XML file as lon/lat rings (enough to read osm2pgsql's test file).
final class OSMRings: NSObject, XMLParserDelegate {
    private var nodes: [String: (Double, Double)] = [:]
    private var currentWay: String?
    private var currentRefs: [String] = []
    private(set) var ways: [(String, [(Double, Double)])] = []

    init(path: String) throws {
        super.init()
        let parser = XMLParser(contentsOf: URL(fileURLWithPath: path))
        parser?.delegate = self
        guard parser?.parse() == true else { throw CocoaError(.fileReadCorruptFile) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "node":
            if let id = attributes["id"], let lat = attributes["lat"].flatMap(Double.init), let lon = attributes["lon"].flatMap(Double.init) { nodes[id] = (lon, lat) }
        case "way":
            currentWay = attributes["id"]
            currentRefs = []
        case "nd":
            if let ref = attributes["ref"] { currentRefs.append(ref) }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard name == "way", let id = currentWay else { return }
        ways.append((id, currentRefs.compactMap { nodes[$0] }))
        currentWay = nil
    }
}

@Suite("GCJ-02 offset check")
struct OffsetCheckTests {
    @Test("the GCJ-02 formula matches the published example and inverts to 1e-9°")
    func formula() {
        // The example every GCJ-02 library prints (wandergis/coordtransform, Tiananmen):
        // wgs84togcj02(116.404, 39.915) = (116.41024449916938, 39.91640428150164).
        let g = GCJ02.fromWGS84(longitude: 116.404, latitude: 39.915)
        #expect(abs(g.longitude - 116.41024449916938) < 1e-9 && abs(g.latitude - 39.91640428150164) < 1e-9)
        let back = GCJ02.toWGS84(longitude: g.longitude, latitude: g.latitude)
        #expect(abs(back.longitude - 116.404) < 1e-9 && abs(back.latitude - 39.915) < 1e-9)
        #expect(GCJ02.fromWGS84(longitude: 2.35, latitude: 48.85) == (2.35, 48.85)) // outside China: unchanged
    }

    @Test("Wuxi's WGS 84 parcels against cnmaps' GCJ-02 district boundary are flagged; against themselves they are not",
          .enabled(if: Repository.sharedExists("china-wuxi-euluc-parcels"), "needs ../shared/data/china-wuxi-euluc-parcels (absent)"))
    func wuxi() throws {
        let engine = GeometryEngine()
        let parcels = try LayerLoader.load(Repository.shared("china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson"), engine: engine)
        let shifted = try OffsetCheck.check(parcels, reference: Repository.shared("china-wuxi-euluc-parcels/xinwu_district_cnmaps_gcj02.geojson"), engine: engine)
        #expect(shifted.shiftedToGCJ > shifted.asRead + 0.02, "\(shifted.asRead) → \(shifted.shiftedToGCJ)")
        #expect(shifted.warning?.contains("GCJ-02") == true)
        let same = try OffsetCheck.check(parcels, reference: Repository.shared("china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson"), engine: engine)
        #expect(same.asRead > 0.99 && same.warning == nil)
    }
}
