import Foundation
import Spatial
import Testing
import TestSupport

// The cschwarz/wkx test data (MIT), copied to ../shared/data/format-edge-cases/wkx (see
// SOURCE.md there): 4 files × 21 named cases, each with the same geometry as `wkt` and as
// `geoJSON` (a GeoJSON geometry object).
//
// Requirement: "wkx WKT↔GeoJSON pairs read to equal geometries."
//
// - M: GeoJSON has no measures, so wkx's `geoJSON` drops them (its `geoJSONGeometry` field, a
//   JavaScript expression such as `new Point(1, 2)`, records the loss); WKTParser drops M
//   too, so `POINT M (1 2 3)` and `[1, 2]` must give the same 2-D geometry, and
//   `POINT ZM (1 2 3 4)` and `[1, 2, 3]` the same 3-D one.
// - EMPTY: wkx writes every `X EMPTY` as `{"type": "X", "coordinates": []}` (and
//   `GEOMETRYCOLLECTION EMPTY` as `"geometries": []`). For every type but Point that is a
//   valid RFC 7946 empty geometry and must equal the WKT one (same kind, no positions).
//   RFC 7946 has no empty Point: a Point's coordinates are one position (§3.1.2) and a
//   position has two or more numbers (§3.1.1). §3.1 lets a processor read empty
//   coordinates as a null geometry (MAY). So `POINT EMPTY` cannot be equal: WKTParser gives
//   an empty Point; the GeoJSON reader must give no geometry (a feature problem naming the
//   empty position, or a null geometry), never a made-up position.
// - Z EMPTY: an empty geometry has no heights in either form; `POINT Z EMPTY` and friends
//   read as 2-D empties.

/// Where the data lives: <repo>/../shared/data/format-edge-cases/wkx.
private enum WKXSuite {
    static let folder = Repository.sharedRoot.appendingPathComponent("format-edge-cases/wkx")
    static let files = ["testdata.json", "testdataZ.json", "testdataM.json", "testdataZM.json"]
    static let available = files.allSatisfy {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
    }

    /// Every case of every file, in file order (JSONSerialization loses key order: sorted).
    static let cases: [WKXCase] = files.flatMap(load)

    private static func load(_ file: String) -> [WKXCase] {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(file)),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return root.keys.sorted().compactMap { name in
            guard let entry = root[name] as? [String: Any],
                  let wkt = entry["wkt"] as? String,
                  let geoJSON = entry["geoJSON"],
                  let text = try? JSONSerialization.data(withJSONObject: geoJSON, options: [.sortedKeys])
            else { return nil }
            return WKXCase(file: file, name: name, wkt: wkt, geoJSON: String(decoding: text, as: UTF8.self))
        }
    }
}

struct WKXCase: Sendable, CustomTestStringConvertible {
    var file: String
    var name: String
    var wkt: String
    var geoJSON: String

    var testDescription: String { "\(file) \(name)" }
    /// The file's dimension: heights survive into GeoJSON for Z and ZM, not for M.
    var hasZ: Bool { file == "testdataZ.json" || file == "testdataZM.json" }
    var isEmptyCase: Bool { name.hasPrefix("empty") }

    /// The GeoJSON geometry read as a one-feature document.
    func readGeoJSON() throws -> Feature {
        let mapped = MappedFile(bytes: Array(geoJSON.utf8), name: "\(file)#\(name)")
        let features = try GeoJSONReader(mapped: mapped).readAll()
        guard features.count == 1 else { throw ReadError(file: mapped.path, message: "expected 1 feature, read \(features.count)") }
        return features[0]
    }
}

/// A readable dump of a flat geometry for failure messages.
private func dump(_ g: FlatGeometry?) -> String {
    guard let g else { return "nil" }
    let nodes = g.nodes.map { "\($0.kind)(\($0.count))" }.joined(separator: " ")
    return "\(WKTWriter.string(g)) [nodes: \(nodes); ends: \(g.sequenceEnds); z: \(g.z.map { "\($0)" } ?? "nil")]"
}

@Suite("wkx WKT ↔ GeoJSON pairs (cschwarz/wkx test/*.json)",
       .enabled(if: WKXSuite.available, "needs ../shared/data/format-edge-cases (absent)"))
struct WKXSuiteTests {
    @Test("each of the 4 files has its 21 cases")
    func suiteIsThere() {
        for file in WKXSuite.files {
            #expect(WKXSuite.cases.filter { $0.file == file }.count == 21, "\(file)")
        }
    }

    @Test("WKT and GeoJSON read to equal geometries", arguments: WKXSuite.cases)
    func pair(_ c: WKXCase) throws {
        let fromWKT = try WKTParser.parse(c.wkt)
        let feature = try c.readGeoJSON()

        if c.name == "emptyPoint" {
            // No empty Point in RFC 7946 (see the top of the file): no geometry at all.
            #expect(fromWKT.nodes == [.init(kind: .point, count: 0)] && fromWKT.isEmpty, "\(dump(fromWKT))")
            #expect(feature.geometry == nil, "\(c.geoJSON) must not read as \(dump(feature.geometry))")
            if let problem = feature.problem {
                #expect(problem.contains("empty"), "\(problem)")
            }
            return
        }

        #expect(feature.problem == nil, "\(c.geoJSON): \(feature.problem ?? "")")
        // The one-member collection gets RFC 7946 §3.1.8's SHOULD hint; nothing else warns.
        if c.name == "geometryCollectionWithPoint" {
            #expect(feature.warnings.count == 1 && feature.warnings[0].contains("single geometry"), "\(feature.warnings)")
        } else {
            #expect(feature.warnings.isEmpty, "\(c.geoJSON): \(feature.warnings)")
        }
        let fromGeoJSON = try #require(feature.geometry, "\(c.geoJSON) read no geometry")

        // Same structure, same x/y, same heights (or none on both sides).
        #expect(fromGeoJSON == fromWKT, "WKT \(c.wkt)\n  → \(dump(fromWKT))\nGeoJSON \(c.geoJSON)\n  → \(dump(fromGeoJSON))")
        // Dimension: M is dropped on both sides; Z is kept; empties have no heights.
        #expect(fromWKT.hasZ == (c.hasZ && !c.isEmptyCase), "WKT \(c.wkt) → \(dump(fromWKT))")
        #expect(fromGeoJSON.hasZ == (c.hasZ && !c.isEmptyCase), "GeoJSON \(c.geoJSON) → \(dump(fromGeoJSON))")
        if c.isEmptyCase {
            #expect(fromWKT.isEmpty && fromGeoJSON.isEmpty)
            #expect(fromWKT.kind == fromGeoJSON.kind)
        }
    }

    @Test("WKTWriter output parses back to the same geometry", arguments: WKXSuite.cases)
    func writeBack(_ c: WKXCase) throws {
        let g = try WKTParser.parse(c.wkt)
        let text = WKTWriter.string(g)
        let again = try WKTParser.parse(text)
        #expect(again == g, "\(c.wkt) → \(text) → \(dump(again))")
    }
}
