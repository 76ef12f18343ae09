import Foundation
@testable import Spatial
import Testing
import TestSupport

@Suite("Readers")
struct ReaderTests {
    let engine = GeometryEngine()

    @Test("GeoJSON: BOM, CRLF, legacy crs member, foreign members, ids, null geometry, collections, escapes")
    func geoJSONFeatures() throws {
        let reader = try GeoJSONReader(path: Repository.fixture("features_crs_bom.geojson"))
        let features = try reader.readAll()
        #expect(reader.declaredCRS == "urn:ogc:def:crs:EPSG::4490")
        #expect(try engine.crs(try #require(reader.declaredCRS)).epsg == 4490)
        #expect(features.count == 4)
        #expect(features.map(\.index) == [1, 2, 3, 4])
        #expect(features[0].id == "A1")
        #expect(features[0].properties["名称"] == .string("舟山工业"))
        #expect(features[0].properties["n"] == .number("1.50")) // source text kept
        #expect(features[0].properties["ok"] == .bool(true))
        #expect(features[0].properties["tags"] == .json("[\"a\",\"b\"]"))
        #expect(features[0].properties["none"] == .null)
        #expect(features[0].properties.keys == ["名称", "n", "ok", "tags", "none"])
        #expect(features[0].geometry?.kind == .polygon)
        #expect(features[0].geometry?.pointCount == 5)
        #expect(features[1].id == "7" && features[1].geometry == nil && features[1].problem == nil)
        let gc = try #require(features[2].geometry)
        #expect(gc.kind == .geometryCollection)
        #expect(gc.leafKinds == [.point, .lineString])
        #expect(gc.z?[0] == 5.5 && gc.z?[1].isNaN == true)
        #expect(try engine.geometry(from: gc).componentCount == 2)
        // The bow-tie reads; GEOS then finds it invalid, with where.
        let bowTie = try engine.geometry(from: try #require(features[3].geometry))
        guard case let .invalid(reason, x, y) = try bowTie.validity() else {
            Issue.record("a bow-tie must be invalid")
            return
        }
        #expect(reason == "Self-intersection")
        #expect(abs((x ?? 0) - 122.2005) < 1e-9 && abs((y ?? 0) - 30.0005) < 1e-9)
    }

    @Test("GeoJSON: a truncated file is a file error with line and column at every cut")
    func truncatedGeoJSON() throws {
        let text = try String(contentsOfFile: Repository.fixture("features_crs_bom.geojson"), encoding: .utf8)
        let bytes = Array(text.utf8)
        var cuts = 0
        for cut in stride(from: 10, to: bytes.count - 3, by: 7) {
            let m = MappedFile(bytes: Array(bytes[0..<cut]), name: "cut.geojson")
            do {
                let r = try GeoJSONReader(mapped: m)
                _ = try r.readAll()
                Issue.record("cut at \(cut) of \(bytes.count) read without error")
            } catch let e as ReadError {
                #expect(e.file == "cut.geojson")
                #expect(e.line != nil)
                cuts += 1
            }
        }
        #expect(cuts > 100)
    }

    @Test("GeoJSON: a bare geometry, a single Feature and an empty collection")
    func geoJSONRoots() throws {
        func read(_ json: String) throws -> [Feature] {
            try GeoJSONReader(mapped: MappedFile(bytes: Array(json.utf8), name: "t.geojson")).readAll()
        }
        let bare = try read(#"{"coordinates":[[1,2],[3,4]],"type":"LineString"}"#) // members in any order
        #expect(bare.count == 1 && bare[0].geometry?.xy == [1, 2, 3, 4])
        let single = try read(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":1}}"#)
        #expect(single.count == 1 && single[0].properties["a"] == .number("1"))
        #expect(try read(#"{"type":"FeatureCollection","features":[]}"#).isEmpty)
        let multi = try read(#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]],[[5.1,5.1],[5.2,5.1],[5.2,5.2],[5.1,5.1]]]]}"#)
        let g = try #require(multi.first?.geometry)
        #expect(g.nodes.map(\.count) == [2, 1, 2])
        #expect(g.sequenceEnds == [4, 8, 12])
        #expect(abs(g.planarArea - (0.5 + 0.5 - 0.005)) < 1e-12)
        // Member names and types written with escapes (matched by the slow path, not in
        // place) read as written plainly; a "Feature" type that is not one is a problem.
        let plain = try read(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,0]]]}}]}"#)
        let escaped = try read(#"{"type":"FeatureCollection","features":[{"\u0074ype":"Feat\u0075re","propert\u0069es":{"a":"x"},"geometr\u0079":{"typ\u0065":"Pol\u0079gon","coordinat\u0065s":[[[0,0],[2,0],[2,2],[0,0]]]}}]}"#)
        #expect(plain.count == 1 && escaped.count == 1)
        #expect(escaped[0].geometry == plain[0].geometry && escaped[0].geometry?.kind == .polygon)
        #expect(escaped[0].properties == plain[0].properties && escaped[0].problem == nil)
        let notFeature = try read(#"{"type":"FeatureCollection","features":[{"type":"Featur","properties":{},"geometry":null}]}"#)
        #expect(notFeature[0].problem?.contains(#"must be "Feature", found "Featur""#) == true)
    }

    @Test("WKT lines: comments, blank lines, EWKT SRID, a bad line reported with its line and column")
    func wktLines() throws {
        let reader = try WKTReader(path: Repository.fixture("lines.wkt"))
        let features = try reader.readAll()
        #expect(reader.declaredCRS == "EPSG:4490")
        #expect(features.count == 4)
        #expect(features.map(\.line) == [2, 4, 5, 6])
        #expect(features[0].geometry?.kind == .polygon)
        #expect(features[1].problem == nil)
        let bad = try #require(features[2].problem)
        #expect(bad.contains("column"))
        #expect(features[2].geometry == nil)
        // MULTIPOLYGON with an EMPTY member: the empty part is dropped when built.
        let mp = try #require(features[3].geometry)
        #expect(try engine.geometry(from: mp).componentCount == 1)
    }

    @Test("WKT parser: all types, Z/M tags, EMPTY, both MULTIPOINT forms, errors with columns")
    func wktParser() throws {
        #expect(try WKTParser.parse("POINT(1 2)").xy == [1, 2])
        #expect(try WKTParser.parse("pointz (1 2 3)").z == [3])
        #expect(try WKTParser.parse("POINT M (1 2 9)").z == nil) // M is dropped
        #expect(try WKTParser.parse("POINT ZM (1 2 3 4)").z == [3])
        #expect(try WKTParser.parse("MULTIPOINT (1 2, 3 4)") == WKTParser.parse("MULTIPOINT ((1 2), (3 4))"))
        #expect(try WKTParser.parse("POLYGON EMPTY").isEmpty)
        #expect(try WKTParser.parse("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))").leafKinds == [.point, .lineString])
        #expect(try WKTParser.parse("  LINESTRING(1e3 -2.5E-1, +.5 1.)  ").xy == [1000, -0.25, 0.5, 1])
        do {
            _ = try WKTParser.parse("POLYGON ((0 0, 1 0, 1 1, 0 0)")
            Issue.record("unbalanced parentheses accepted")
        } catch let e as WKTParser.SyntaxError {
            #expect(e.column == 30)
            #expect(e.message.contains("')'"))
        }
        #expect(throws: WKTParser.SyntaxError.self) { try WKTParser.parse("POINT (1 nan)") }
        #expect(throws: WKTParser.SyntaxError.self) { try WKTParser.parse("POINT (1 1e999)") }
        #expect(throws: WKTParser.SyntaxError.self) { try WKTParser.parse("TRIANGLE ((0 0, 1 0, 0 1, 0 0))") }
        #expect(throws: WKTParser.SyntaxError.self) { try WKTParser.parse("CIRCULARSTRING (0 0, 1 1, 2 0)") }
        #expect(throws: WKTParser.SyntaxError.self) { try WKTParser.parse("POINT (1 2) extra") }
        #expect(throws: WKTParser.SyntaxError.self) { try WKTParser.parse("SRID=1e300;POINT (1 2)") } // no trap on Int conversion
        // 100,000 nested collections: refused with a message, not a stack overflow.
        let deep = String(repeating: "GEOMETRYCOLLECTION (", count: 100_000) + "POINT (1 2)" + String(repeating: ")", count: 100_000)
        do {
            _ = try WKTParser.parse(deep)
            Issue.record("deep nesting accepted")
        } catch let e as WKTParser.SyntaxError {
            #expect(e.message.contains("nested more than 64 deep"))
        }
        #expect(try WKTParser.parse(String(repeating: "GEOMETRYCOLLECTION (", count: 60) + "POINT (1 2)" + String(repeating: ")", count: 60)).pointCount == 1)
    }

    @Test("CSV: quoted commas, doubled quotes, multi-line fields, empty and bad geometry cells")
    func csvQuoting() throws {
        let reader = try CSVReader(path: Repository.fixture("parcels_multiline.csv"))
        #expect(reader.header == ["id", "name", "geometry"])
        let features = try reader.readAll()
        #expect(features.count == 4)
        #expect(features[0].properties["name"] == .string("a name\nover two lines"))
        #expect(features[0].line == 2 && features[1].line == 4)
        #expect(features[0].geometry?.kind == .point)
        #expect(features[1].geometry == nil && features[1].problem == nil)
        #expect(features[2].problem?.contains("geometry") == true)
        #expect(features[3].properties["name"] == .string("quoted \"x\""))
        #expect(features[3].properties.keys == ["id", "name"])
    }

    @Test("CSV: escapes read from memory: doubled quotes in WKT, text after a closing quote, CR-only line ends, short rows")
    func csvEscapes() throws {
        let text = "id,note,wkt\r1,\"a \"\"b\"\"\" tail,\"POINT (1 2)\"\r2,\"x\",\"POINT (\"\"3\"\" 4)\"\r3,short\r"
        let reader = try CSVReader(mapped: MappedFile(bytes: Array(text.utf8), name: "mem.csv"))
        let f = try reader.readAll()
        #expect(f.count == 3)
        #expect(f[0].properties["note"] == .string("a \"b\" tail"))
        #expect(f[0].geometry?.xy == [1, 2])
        #expect(f[1].problem?.contains("column 'wkt'") == true) // "POINT ("3" 4)" is not WKT
        #expect(f[2].geometry == nil && f[2].warnings == ["row has 2 fields but the header has 3"])
        #expect(f.map(\.line) == [2, 3, 4])
    }

    @Test("CSV: UTF-8 with BOM and GBK (Chinese Excel) read to the same features; GBK without --encoding is refused with a hint")
    func csvEncodings() throws {
        let utf8 = try CSVReader(path: Repository.fixture("utf8_bom.csv")).readAll()
        let gbk = try CSVReader(path: Repository.fixture("gbk.csv"), encoding: .gbk).readAll()
        #expect(utf8.count == 2 && gbk.count == 2)
        #expect(utf8[0].properties["地块编号"] == .string("ZS-001"))
        #expect(utf8[0].properties["备注"] == .string("工业用地, 一类"))
        #expect(utf8[1].properties["备注"] == .string("含\"引号\"的备注"))
        for (a, b) in zip(utf8, gbk) {
            #expect(a.properties == b.properties)
            #expect(a.geometry == b.geometry)
        }
        do {
            _ = try CSVReader(path: Repository.fixture("gbk.csv")).readAll()
            Issue.record("GBK bytes read as UTF-8")
        } catch let e as ReadError {
            #expect(e.message.contains("--encoding gbk"))
            #expect(e.line == 1)
        }
        do {
            _ = try CSVReader(path: Repository.fixture("utf8_bom.csv"), geometryColumn: "shape_wkt")
            Issue.record("a missing column was accepted")
        } catch let e as ReadError {
            #expect(e.message.contains("'地块编号'"))
        }
    }

    @Test("Wuxi EULUC parcels: GeoJSON (EPSG:4326) and CSV+WKT (EPSG:32650) give the same count and area",
          .enabled(if: Repository.sharedExists("china-wuxi-euluc-parcels"), "needs ../shared/data/china-wuxi-euluc-parcels (absent)"))
    func wuxiParcels() throws {
        let json = try GeoJSONReader(path: Repository.shared("china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson")).readAll()
        let csv = try CSVReader(path: Repository.shared("china-wuxi-euluc-parcels/xinwu_land_use_utm50n_wkt.csv")).readAll()
        #expect(json.count == 2033 && csv.count == 2033)
        #expect(json.allSatisfy { $0.problem == nil && $0.geometry != nil })
        #expect(csv.allSatisfy { $0.problem == nil && $0.geometry != nil })
        let wgs = try engine.crs("EPSG:4326"), utm = try engine.crs("EPSG:32650")
        let fromJSON = try AreaCalculator(engine: engine, input: wgs, areaCRS: utm)
        let fromCSV = try AreaCalculator(engine: engine, input: utm, areaCRS: utm)
        var planarJSON = 0.0, planarCSV = 0.0, ellipsoidalJSON = 0.0, ellipsoidalCSV = 0.0, declared = 0.0
        for f in json { planarJSON += try fromJSON.planarArea(f.geometry!); ellipsoidalJSON += try fromJSON.ellipsoidalArea(f.geometry!) }
        for f in csv {
            planarCSV += try fromCSV.planarArea(f.geometry!)
            ellipsoidalCSV += try fromCSV.ellipsoidalArea(f.geometry!)
            declared += f.properties["area_m2"]?.doubleValue ?? 0
        }
        // Same CRS for the planar area: equal but for the GeoJSON's 1e-10° rounding.
        #expect(abs(planarJSON - planarCSV) / planarCSV < 1e-7, "\(planarJSON) vs \(planarCSV)")
        #expect(abs(ellipsoidalJSON - ellipsoidalCSV) / ellipsoidalCSV < 1e-6)
        // The file's own area_m2 column (GDAL, planar UTM) agrees too.
        #expect(abs(declared - planarCSV) / planarCSV < 1e-6, "declared \(declared) vs \(planarCSV)")
        // GeographicLib + shapely/pyproj reference (tools/ref_areas.py in the closing note):
        // ellipsoidal 143,141,265.80 m² (WGS 84).
        #expect(abs(ellipsoidalJSON - 143_141_265.80) < 1)
    }

    @Test("the format is taken from the name, else from the content")
    func formatSniffing() throws {
        let folder = TemporaryFolder.untilExit()
        let path = folder + "/layer.data"
        try Data("SRID=4490;POINT (122 30)\n".utf8).write(to: URL(fileURLWithPath: path))
        let reader = try LayerReader.open(path)
        #expect(reader.format == .wkt)
        #expect(try reader.next()?.geometry?.xy == [122, 30])
        #expect(LayerFormat.guess(path: "a/b.GeoJSON") == .geojson)
        #expect(LayerFormat.guess(path: "x.csv") == .csv)
    }
}

@Suite("Parallel GeoJSON parsing")
struct ParallelReadingTests {
    /// 6,000 features, three of them broken, written as raw text.
    static func document() -> String {
        var parts: [String] = []
        for k in 1...6_000 {
            let x = 122.0 + Double(k % 100) * 0.001, y = 30.0 + Double(k / 100) * 0.001
            if k == 1_234 {
                parts.append("{\"type\":\"Feature\",\"id\":\"F\(k)\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[\"x\",1],[2,2],[3,3],[1,1]]]}}")
            } else if k == 4_321 {
                parts.append("42")
            } else if k == 5_999 {
                parts.append("{\"type\":\"Feature\",\"id\":\"F\(k)\",\"properties\":{\"n\":\(k)},\"geometry\":null}")
            } else {
                parts.append("{\"type\":\"Feature\",\"id\":\"F\(k)\",\"properties\":{\"n\":\(k),\"名称\":\"地块\(k)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[\(x),\(y)],[\(x + 0.0005),\(y)],[\(x + 0.0005),\(y + 0.0005)],[\(x),\(y)]]]}}")
            }
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + parts.joined(separator: ",\n") + "\n]}\n"
    }

    @Test("parts parsed on several threads give exactly the features, indices, lines and problems of a sequential read")
    func sameAsSequential() throws {
        let bytes = Array(Self.document().utf8)
        let sequential = try GeoJSONReader(mapped: MappedFile(bytes: bytes, name: "big.geojson")).readAll()
        let parallel = try GeoJSONReader(mapped: MappedFile(bytes: bytes, name: "big.geojson")).readAllInParallel(workers: 2)
        #expect(sequential.count == 6_000 && parallel.count == 6_000)
        for (a, b) in zip(sequential, parallel) {
            #expect(a.index == b.index && a.id == b.id && a.geometry == b.geometry && a.properties == b.properties)
            #expect(a.problem == b.problem && a.line == b.line)
        }
        #expect(parallel[1_233].problem?.contains("must be a number") == true && parallel[1_233].line == 1_235)
        #expect(parallel[4_320].problem?.contains("every feature must be an object") == true)
        #expect(parallel.map(\.index) == Array(1...6_000))
    }

    @Test("a broken document is the same file error in parallel")
    func brokenInParallel() throws {
        var bytes = Array(Self.document().utf8)
        bytes.removeLast(200) // truncated
        #expect(throws: ReadError.self) { try GeoJSONReader(mapped: MappedFile(bytes: bytes, name: "cut.geojson")).readAllInParallel(workers: 2) }
    }

    /// About 18 MB: big enough that the feature starts are found by two threads. `crsAfter`:
    /// a `crs` member after the features (else the file ends with the array, as most do).
    static func bigDocument(tricky: Bool, crsAfter: Bool = true) -> [UInt8] {
        var out = Array("{\"type\":\"FeatureCollection\",\"features\":[\n".utf8)
        let count = tricky ? 125_000 : 170_000
        for k in 1...count {
            if k > 1 { out += Array(",\n".utf8) }
            if k == count - 100 {
                out += Array("42".utf8) // not an object: reported, and the reading goes on
                continue
            }
            // Tricky: "},{" inside a property array and inside a string, where a feature
            // boundary is looked for.
            let extra = tricky ? ",\"tags\":[{\"k\":1},{\"k\":2}],\"note\":\"a},{b\"" : ""
            out += Array("{\"type\":\"Feature\",\"properties\":{\"id\":\"F\(k)\"\(extra)},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(120 + Double(k % 1000) * 0.001),30.5]}}".utf8)
        }
        out += Array((crsAfter ? "\n],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4490\"}}}\n" : "\n]}\n").utf8)
        return out
    }

    /// The features of `bytes` read one by one (the array scanned first), and in parallel.
    static func bothWays(_ bytes: [UInt8]) throws -> (sequential: [Feature], parallel: [Feature], guessed: Bool) {
        let sequential = try GeoJSONReader(mapped: MappedFile(bytes: bytes, name: "huge.geojson")).readAll()
        let reader = try GeoJSONReader(mapped: MappedFile(bytes: bytes, name: "huge.geojson"))
        let parallel = try reader.readAllInParallel(workers: 2)
        return (sequential, parallel, reader.lastReadGuessed)
    }

    static func expectSame(_ a: [Feature], _ b: [Feature]) {
        #expect(a.count == b.count)
        var different = 0
        for (x, y) in zip(a, b) where !(x.index == y.index && x.id == y.id && x.geometry == y.geometry && x.properties == y.properties
                                        && x.problem == y.problem && x.line == y.line && x.warnings == y.warnings) { different += 1 }
        #expect(different == 0)
    }

    @Test("a big collection that ends the file is read in parts from guessed boundaries, unscanned: the features of a sequential read")
    func guessedParts() throws {
        let bytes = Self.bigDocument(tricky: false, crsAfter: false)
        let (sequential, parallel, guessed) = try Self.bothWays(bytes)
        #expect(guessed) // the parts joined: no scan of the array before parsing it
        #expect(parallel.count == 170_000 && parallel.map(\.index) == Array(1...170_000))
        Self.expectSame(sequential, parallel)
        #expect(parallel[170_000 - 101].problem?.contains("every feature must be an object") == true && parallel[170_000 - 101].line == 170_000 - 100 + 1)
        #expect(parallel[99_999].properties["id"]?.text == "F100000" && parallel[99_999].geometry?.xy == [120, 30.5])
    }

    @Test("guessed boundaries inside strings or nested objects do not join: the array is scanned and read as before")
    func guessesInsideFeatures() throws {
        // Each feature nearly all one string full of "},{": every guess falls inside one.
        var out = Array("{\"type\":\"FeatureCollection\",\"features\":[\n".utf8)
        let filler = String(repeating: "x},{\\\"type\\\":\\\"Feature\\\"}, {y", count: 40)
        var k = 0
        while out.count < 17 << 20 {
            k += 1
            if k > 1 { out += Array(",\n".utf8) }
            out += Array("{\"type\":\"Feature\",\"properties\":{\"id\":\"F\(k)\",\"note\":\"\(filler)\",\"tags\":[{\"k\":1},{\"k\":2}]},\"geometry\":{\"type\":\"Point\",\"coordinates\":[120,30]}}".utf8)
        }
        out += Array("\n]}".utf8)
        let (sequential, parallel, guessed) = try Self.bothWays(out)
        #expect(!guessed)
        #expect(parallel.count == k && parallel.map(\.index) == Array(1...k))
        Self.expectSame(sequential, parallel)
        #expect(parallel[k / 2].properties["note"]?.text.hasPrefix("x},{\"type\":\"Feature\"}, {y") == true)
        // The tricky document of the scan test, ending with its array: the same features.
        let tricky = try Self.bothWays(Self.bigDocument(tricky: true, crsAfter: false))
        Self.expectSame(tricky.sequential, tricky.parallel)
        #expect(tricky.parallel.count == 125_000)
    }

    @Test("a big collection broken in its middle but ending like a whole one: the file error of a sequential read (line, column, message)")
    func guessedPartsBroken() throws {
        var bytes = Self.bigDocument(tricky: false, crsAfter: false)
        // A ";" instead of the comma after feature 120,000: the parts no longer join.
        let marker = Array("\"id\":\"F120000\"".utf8)
        let at = try #require((0..<(bytes.count - marker.count)).first { bytes[$0] == marker[0] && Array(bytes[$0..<($0 + marker.count)]) == marker })
        let comma = try #require((at..<bytes.count).first { bytes[$0] == UInt8(ascii: "\n") }) - 1 // the feature's line ends "}},"
        bytes[comma] = UInt8(ascii: ";")
        func failure(_ read: () throws -> [Feature]) -> ReadError? {
            do { _ = try read(); return nil } catch { return error as? ReadError }
        }
        let sequential = try #require(failure { try GeoJSONReader(mapped: MappedFile(bytes: bytes, name: "broken.geojson")).readAll() })
        let parallel = try #require(failure { try GeoJSONReader(mapped: MappedFile(bytes: bytes, name: "broken.geojson")).readAllInParallel(workers: 2) })
        #expect(parallel == sequential)
        #expect(parallel.line == 120_001 && parallel.message.contains("expected ',' or ']' but found ';'"))
    }

    @Test("a big collection's feature starts found by two threads: every feature once, in order, also when '},{' appears inside features")
    func bigCollectionSplitScan() throws {
        for tricky in [false, true] {
            let bytes = Self.bigDocument(tricky: tricky)
            #expect(bytes.count > 17 << 20)
            let reader = try GeoJSONReader(mapped: MappedFile(bytes: bytes, name: "huge.geojson"))
            let features = try reader.readAllInParallel(workers: 2)
            let count = tricky ? 125_000 : 170_000
            #expect(features.count == count)
            #expect(features.map(\.index) == Array(1...count))
            #expect(reader.declaredCRS == "EPSG:4490") // the member after the features is still read
            var wrongIDs = 0
            for f in features where f.index != count - 100 && f.properties["id"]?.text != "F\(f.index)" { wrongIDs += 1 }
            #expect(wrongIDs == 0)
            #expect(features[count - 101].problem != nil && features[count - 101].line == count - 100 + 1)
            if tricky { #expect(features[count / 2].properties["note"]?.text == "a},{b") }
        }
    }

    @Test("a big collection cut in its second half is still a file error")
    func bigCollectionTruncated() throws {
        var bytes = Self.bigDocument(tricky: false)
        bytes.removeLast(bytes.count / 4)
        #expect(throws: ReadError.self) { try GeoJSONReader(mapped: MappedFile(bytes: bytes, name: "cut.geojson")) }
    }
}
