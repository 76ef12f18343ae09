import Foundation
import Spatial
import Testing
import TestSupport

// The mapbox/geojsonhint test documents (ISC), copied to
// ../shared/data/format-edge-cases/geojsonhint (see SOURCE.md there).
//
// Requirement: "geojsonhint good/ all read; bad/ each either rejected with a message naming
// the problem or, where RFC 7946 says SHOULD (winding order, precision), read with a warning."

/// Where the suite lives: <repo>/../shared/data/format-edge-cases/geojsonhint.
private enum HintSuite {
    static let folder = Repository.sharedRoot.appendingPathComponent("format-edge-cases/geojsonhint")
    static let available = FileManager.default.fileExists(atPath: folder.appendingPathComponent("good").path)
        && FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad").path)

    /// `*.geojson` names in `good` or `bad`, without the extension, sorted.
    static func names(_ sub: String) -> [String] {
        let dir = folder.appendingPathComponent(sub).path
        let all = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return all.filter { $0.hasSuffix(".geojson") }.map { String($0.dropLast(".geojson".count)) }.sorted()
    }

    static func path(_ sub: String, _ name: String) -> String {
        folder.appendingPathComponent(sub).appendingPathComponent(name + ".geojson").path
    }
}

/// What reading one `bad/` document must give.
enum HintOutcome: Sendable, CustomStringConvertible {
    /// The file cannot be read: `ReadError` whose message contains the text.
    case fileError(String)
    /// Some feature is rejected with a `problem` containing the text, or its geometry is
    /// refused by `GeometryEngine.geometry(from:)` with a `SpatialError` whose description
    /// contains it (unclosed / short rings and 1-point lines are left to the builder).
    case featureProblem(String)
    /// Like `featureProblem`, for documents with several broken features: every text must
    /// be found in some feature's problem.
    case featureProblems([String])
    /// Read and built without any problem, but with a warning containing the text (RFC 7946
    /// SHOULD rules, and members we ignore).
    case warning(String)
    /// Read and built with neither a problem nor a file error: deliberately more lenient
    /// than geojsonhint where RFC 7946 allows the input.
    case accepted(reason: String)

    var description: String {
        switch self {
        case let .fileError(s): "file error containing \"\(s)\""
        case let .featureProblem(s): "feature problem containing \"\(s)\""
        case let .featureProblems(list): "feature problems containing " + list.map { "\"\($0)\"" }.joined(separator: ", ")
        case let .warning(s): "warning containing \"\(s)\""
        case let .accepted(reason): "accepted (\(reason))"
        }
    }
}

/// Every `bad/*.geojson` document and what LandControl must make of it. The
/// "every bad document has an entry in the table" test keeps this table complete.
let geoJSONHintBadTable: [String: HintOutcome] = [
    // Broken JSON and unusable roots: nothing in the file can be trusted.
    "bad-json": .fileError("expected ',' or '}'"),
    "rootstring": .fileError("root of a GeoJSON document must be an object"),
    "notype": .fileError("no \"type\" member"),
    "bad-object-type": .fileError("\"type\" member must be a string"),
    "unknowntype": .fileError("unknown GeoJSON type \"FooBar\""),
    "featurecollection-type-case": .fileError("types are case-sensitive"),
    "featurecollection": .fileError("no \"features\" member"),
    "featurecollection-obj": .fileError("\"features\" member must be an array"),
    // Upstream name says "properties" but the document repeats the root "type".
    "bad-duplicate-properties": .fileError("duplicate \"type\" member"),
    // RFC 7946 §7.1: members of a FeatureCollection must not change meaning.
    "featurecollection_changed_semantics": .fileError("a FeatureCollection must not have a \"coordinates\" member"),

    // One feature (or the root geometry) is rejected, reading goes on.
    "badfeature": .featureProblem("every feature must be an object, found null"),
    "nofeaturetype": .featureProblem("must be \"Feature\", found \"Featre\""),
    "badfeatureid": .featureProblem("\"id\" must be a string or a number"),
    "bad-properties-as-array": .featureProblem("\"properties\" member must be an object or null, but is an array"),
    "expected_object": .featureProblem("\"properties\" member must be an object or null, but is a number"),
    "feature_changed_semantics": .featureProblem("a Feature must not have a \"features\" member"),
    "geometry_changed_semantics": .featureProblem("a geometry object must not have a \"features\" member"),
    "point": .featureProblem("no \"coordinates\" member"),
    "false": .featureProblem("must be geometry objects, found a boolean"),
    "badcoord": .featureProblem("must be a number, found a string"),
    "point-string": .featureProblem("must be a number, found a string"),
    "stringcoord": .featureProblem("must be a number, found a string"),
    "point-toofew": .featureProblem("2 or more elements, found 1"),
    // Wrong nesting for the declared type. In bad-featurelist and badcoordtype the innermost
    // array also has a single number, but the first thing wrong is the nesting (geojsonhint:
    // "this needs to be nested more deeply"): a Polygon's coordinates cannot be a position.
    "bad-featurelist": .featureProblem("more deeply"),          // Polygon, "coordinates": [5]
    "badcoordtype": .featureProblem("more deeply"),             // MultiPolygon, [[[1]]]
    "bad-polygonloop": .featureProblem("more deeply"),          // Polygon given one ring's positions
    "point-labeled-as-a-multipolygon": .featureProblem("more deeply"),
    "multipoint-nondimension": .featureProblem("more deeply"),  // MultiPoint, [0, 0]
    "multipoint-multidimension": .featureProblem("nested too deeply"),
    // Left to the geometry builder (SpatialError.invalidStructure).
    "different-first-last": .featureProblem("not closed"),
    // A ring that starts on [100, 0] and ends on [100, 0, 4.9]: RFC 7946 §3.1.6 says the first
    // and last positions MUST contain identical values, so the ring is not closed. (The
    // builder's message for an open ring reads "… first position … differs from last …".)
    "different-first-size": .featureProblem("differ"),
    "short-linearring": .featureProblem("at least 4"),
    "short-line": .featureProblem("at least 2 positions"),
    "short-multilinestring": .featureProblem("at least 2 positions"),
    "multiple_problems": .featureProblems([
        "\"id\" must be a string or a number",             // feature 1
        "must be a number, found a string",                // feature 1
        "must be \"Feature\", found \"Foo\"",              // features 3 and 4
        "found a string",                                  // feature 4: "coordinates": "foo"
    ]),

    // RFC 7946 SHOULD rules: read, with a warning.
    "polygon_winding_order": .warning("right-hand rule"),            // §3.1.6
    "bad-polygon-interiorring-rhr": .warning("right-hand rule"),     // §3.1.6, a CCW hole
    "geometrycollection_nested": .warning("nested GeometryCollection"), // §3.1.8
    "geometrycollection_single": .warning("single geometry"),        // §3.1.8
    "point-toomany": .warning("more than 3 elements"),               // §3.1.1 SHOULD NOT extend
    // A malformed bbox breaks a MUST of RFC 7946 §5 ("an array of length 2*n"), but it is an
    // optional summary that LandControl never uses: it is ignored with a warning naming the
    // problem, and the geometry itself stays usable.
    "bbox-4or6elements": .warning("must have 4 (2-D) or 6 (3-D) numbers, found 3"),
    "bbox-contains-string": .warning("every element of \"bbox\" must be a number"),
    "bbox-string": .warning("\"bbox\" must be an array of numbers, but is a string"),

    // More lenient than geojsonhint, as RFC 7946 allows.
    "excessive_precision_truncated": .accepted(reason:
        "RFC 7946 §11.2 only advises on precision (6 decimals ≈ 10 cm); it is no MUST or SHOULD, and geojsonhint's own .result is empty"),
]

/// What reading (and building) one document gave.
private struct HintObservation: CustomStringConvertible {
    var readError: ReadError?
    var otherError: String?
    var features = 0
    var problems: [String] = []
    var warnings: [String] = []

    var description: String {
        if let readError { return "ReadError: \(readError)" }
        if let otherError { return "unexpected error: \(otherError)" }
        return "\(features) feature(s); problems: \(problems); warnings: \(warnings)"
    }

    /// Reads `path` with the right-hand-rule check on and builds every geometry with GEOS.
    static func of(path: String) -> HintObservation {
        var o = HintObservation()
        do {
            let reader = try GeoJSONReader(path: path)
            reader.checkRightHandRule = true
            let engine = GeometryEngine()
            while let f = try reader.next() {
                o.features += 1
                o.warnings += f.warnings.map { "feature \(f.index): \($0)" }
                if let problem = f.problem {
                    o.problems.append("feature \(f.index): \(problem)")
                    continue
                }
                guard let g = f.geometry else { continue }
                do {
                    _ = try engine.geometry(from: g)
                } catch let e as SpatialError {
                    o.problems.append("feature \(f.index) (GEOS build): \(e.description)")
                }
            }
            o.warnings += reader.notes.map { "note: \($0)" }
        } catch let e as ReadError {
            o.readError = e
        } catch {
            o.otherError = String(describing: error)
        }
        return o
    }

    func matches(_ expected: HintOutcome) -> Bool {
        guard otherError == nil else { return false }
        switch expected {
        case let .fileError(s):
            return readError?.message.contains(s) == true
        case let .featureProblem(s):
            return readError == nil && problems.contains { $0.contains(s) }
        case let .featureProblems(list):
            return readError == nil && list.allSatisfy { s in problems.contains { $0.contains(s) } }
        case let .warning(s):
            return readError == nil && problems.isEmpty && warnings.contains { $0.contains(s) }
        case .accepted:
            return readError == nil && problems.isEmpty
        }
    }
}

@Suite("geojsonhint suite (mapbox/geojsonhint test/data)",
       .enabled(if: HintSuite.available, "needs ../shared/data/format-edge-cases (absent)"))
struct GeoJSONHintSuiteTests {
    // MARK: good/

    @Test("the suite has its 18 good and 44 bad documents")
    func suiteIsThere() {
        #expect(HintSuite.names("good").count == 18)
        #expect(HintSuite.names("bad").count == 44)
    }

    @Test("good document reads, with no problem or warning, and builds in GEOS", arguments: HintSuite.names("good"))
    func good(name: String) throws {
        let reader = try GeoJSONReader(path: HintSuite.path("good", name))
        reader.checkRightHandRule = true
        let features = try reader.readAll()
        #expect(!features.isEmpty)
        let engine = GeometryEngine()
        for f in features {
            #expect(f.problem == nil, "feature \(f.index): \(f.problem ?? "")")
            #expect(f.warnings.isEmpty, "feature \(f.index): \(f.warnings)")
            if let g = f.geometry {
                #expect(throws: Never.self, "feature \(f.index) must build") { _ = try engine.geometry(from: g) }
            }
        }
        #expect(reader.notes.isEmpty, "\(reader.notes)")
    }

    @Test("good documents checked by hand")
    func goodByHand() throws {
        func read(_ name: String) throws -> [Feature] {
            try GeoJSONReader(path: HintSuite.path("good", name)).readAll()
        }
        // FeatureCollection of a Point, a LineString and a Polygon.
        let fc = try read("good-featurecollection")
        #expect(fc.map { $0.geometry?.kind } == [.point, .lineString, .polygon])
        #expect(fc[1].geometry?.pointCount == 4)
        #expect(fc[2].geometry?.planarArea == 1)
        #expect(fc[1].properties["prop1"] == .number("0.0"))
        // Foreign members ("custom") on the collection, features and geometries are skipped.
        let ext = try read("good-featurecollection-extensions")
        #expect(ext.map { $0.geometry?.kind } == [.point, .lineString, .polygon])
        // Nested JSON is kept as its source text.
        #expect(ext[2].properties["prop1"]?.text.filter { !$0.isWhitespace } == "{\"this\":\"that\"}")
        #expect(ext[0].properties.keys == ["prop0"])
        // bbox with 4 and with 6 numbers; the 3-D one keeps heights.
        let bb = try read("good-featurecollection-bbox")
        #expect(bb.count == 2)
        #expect(bb.allSatisfy { $0.geometry?.hasZ == false })
        let bb3 = try read("good-featurecollection-bbox3d")
        #expect(bb3.count == 2)
        #expect(bb3.map { $0.geometry?.z } == [[15], [25]])
        // A numeric id is allowed (RFC 7946 §3.2) and kept as its text; a string id as is.
        #expect(try read("good-feature-with-id").map(\.id) == ["100"])
        #expect(try read("good-feature-with-string-id").map(\.id) == ["myfeature"])
        // Null geometry and null properties.
        let nullGeometry = try read("nullgeometry")
        #expect(nullGeometry.count == 1)
        #expect(nullGeometry[0].geometry == nil && nullGeometry[0].problem == nil)
        let nullProperties = try read("nullproperties")
        #expect(nullProperties.count == 1)
        #expect(nullProperties[0].properties.isEmpty)
        #expect(nullProperties[0].geometry?.xy == [0, 0])
        // Bare geometries come back as one feature.
        let point3D = try read("good-point-3d")
        #expect(point3D.count == 1)
        #expect(point3D[0].geometry?.xy == [100, 0] && point3D[0].geometry?.z == [15])
        let gc = try read("good-geometrycollection")
        #expect(gc.count == 1)
        #expect(gc[0].geometry?.nodes == [.init(kind: .geometryCollection, count: 2), .init(kind: .point, count: 1), .init(kind: .lineString, count: 1)])
        // MultiPolygon: a square, and a square with a (clockwise) hole.
        let mp = try read("multipolygon")
        #expect(mp[0].geometry?.nodes == [.init(kind: .multiPolygon, count: 2), .init(kind: .polygon, count: 1), .init(kind: .polygon, count: 2)])
        let area = try #require(mp[0].geometry?.planarArea)
        #expect(abs(area - (1 + 1 - 0.36)) < 1e-12)
        // issue82: a MultiPolygon outside lon/lat range; geojsonhint accepts it and so do we.
        let issue82 = try read("issue82")
        #expect(issue82.count == 1 && issue82[0].geometry?.kind == .multiPolygon)
    }

    // MARK: bad/

    @Test("every bad document has an entry in the table, and every entry a document")
    func tableIsComplete() {
        let names = Set(HintSuite.names("bad"))
        let missing = names.subtracting(geoJSONHintBadTable.keys).sorted()
        let stale = Set(geoJSONHintBadTable.keys).subtracting(names).sorted()
        #expect(missing.isEmpty, "bad documents without an expected outcome: \(missing)")
        #expect(stale.isEmpty, "table entries without a document: \(stale)")
    }

    @Test("bad document gives its expected outcome", arguments: HintSuite.names("bad"))
    func bad(name: String) throws {
        let expected = try #require(geoJSONHintBadTable[name], "no table entry for bad/\(name).geojson")
        let observed = HintObservation.of(path: HintSuite.path("bad", name))
        #expect(observed.matches(expected), "bad/\(name).geojson: expected \(expected); got \(observed)")
    }

    @Test("file errors and feature problems say where they are")
    func locations() throws {
        // bad-json: the missing comma is noticed where "coordinates" starts, line 3 column 5.
        do {
            _ = try GeoJSONReader(path: HintSuite.path("bad", "bad-json"))
            Issue.record("bad-json must not read")
        } catch let e as ReadError {
            #expect(e.line == 3 && e.column == 5, "\(e)")
            #expect(e.file.hasSuffix("bad-json.geojson"))
        }
        // multiple_problems: features 1, 3 and 4 are rejected (they start on lines 4, 27 and
        // 38), feature 2 reads; reading goes on past each broken feature.
        let features = try GeoJSONReader(path: HintSuite.path("bad", "multiple_problems")).readAll()
        #expect(features.count == 4)
        #expect(features.filter { $0.problem != nil }.map(\.index) == [1, 3, 4])
        #expect(features.filter { $0.problem != nil }.map(\.line) == [4, 27, 38])
        #expect(features[1].geometry?.xy == [20.390625, 41.508577])
        // stringcoord: the first feature is rejected, the second reads.
        let sc = try GeoJSONReader(path: HintSuite.path("bad", "stringcoord")).readAll()
        #expect(sc.map { $0.geometry == nil } == [true, false])
        #expect(sc[0].line == 4)
    }

    @Test("the right-hand rule is only checked when asked for")
    func rightHandRuleIsOptIn() throws {
        let reader = try GeoJSONReader(path: HintSuite.path("bad", "polygon_winding_order"))
        let features = try reader.readAll()
        #expect(features.count == 1)
        #expect(features[0].warnings.isEmpty)
        #expect(features[0].geometry?.kind == .polygon)
    }
}
