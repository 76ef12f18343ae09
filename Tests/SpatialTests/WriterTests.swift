import Foundation
import Spatial
import Testing
import TestSupport

@Suite("Writers")
struct WriterTests {
    let engine = GeometryEngine()

    @Test("GeoJSON written and read back gives the same geometries and properties")
    func geoJSONRoundTrip() throws {
        let source = try GeoJSONReader(path: Repository.fixture("features_crs_bom.geojson")).readAll()
        let path = TemporaryFolder.untilExit() + "/nested/out.geojson" // folders are created
        let writer = try GeoJSONWriter(path: path, name: "parcels")
        for f in source { try writer.write(geometry: f.geometry, properties: f.properties, id: f.id) }
        #expect(!FileManager.default.fileExists(atPath: path)) // nothing under the name until finished
        try writer.finish()
        let back = try GeoJSONReader(path: path).readAll()
        #expect(back.count == source.count)
        for (a, b) in zip(source, back) {
            #expect(a.geometry == b.geometry)
            #expect(a.properties == b.properties)
            #expect(a.id == b.id)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("{\"type\":\"FeatureCollection\",\"name\":\"parcels\",\"features\":["))
        #expect(text.contains("\"n\":1.50")) // numbers as they came
        #expect(!text.contains("\"crs\"")) // RFC 7946 output has no crs member
    }

    @Test("projected output names its CRS in a crs member that our reader (and GDAL) reads back")
    func projectedCRSMember() throws {
        let path = TemporaryFolder.untilExit() + "/projected.geojson"
        let writer = try GeoJSONWriter(path: path, crs: try engine.crs("EPSG:4550"))
        try writer.write(geometry: try WKTParser.parse("POINT (422809.71 3320382.85)"), properties: Properties())
        try writer.finish()
        let reader = try GeoJSONReader(path: path)
        _ = try reader.readAll()
        #expect(reader.declaredCRS == "urn:ogc:def:crs:EPSG::4550")
    }

    @Test("shortest round-trip and fixed-decimal numbers")
    func numbers() throws {
        #expect(NumberFormatting.string(12) == "12")
        #expect(NumberFormatting.string(-0.0) == "-0")
        #expect(NumberFormatting.string(122.2000001) == "122.2000001")
        #expect(NumberFormatting.string(0.1 + 0.2) == "0.30000000000000004")
        for v in [122.123456789012, 3_320_382.8538400354, 1e-7, 1e300, -45.5] {
            #expect(Double(NumberFormatting.string(v)) == v)
        }
        var out: [UInt8] = []
        NumberFormatting.append(122.123456789, decimals: 7, to: &out)
        out.append(0x20)
        NumberFormatting.append(-0.00000001, decimals: 7, to: &out)
        out.append(0x20)
        NumberFormatting.append(30.5, decimals: 7, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "122.1234568 0 30.5")
    }

    @Test("rows encoded into a byte sink that grows hundreds of times: the exact CSV and GeoJSON text, escapes and numbers")
    func byteSinkRows() throws {
        let json = ByteSink(capacity: 1), csv = ByteSink(capacity: 1) // both grow from the first byte on
        let columns = GeoJSONWriter.Columns(["id", "note", "area_m2"])
        let polygon = try WKTParser.parse("POLYGON ((122.2 30, 122.2000001 30, 122.2 30.5, 122.2 30))")
        var expectedJSON = "", expectedCSV = ""
        for k in 0..<300 {
            GeoJSONWriter.encodeFeature(into: json, first: k == 0, geometry: k == 1 ? nil : polygon, columns: columns) { m in
                m.text("P\(k)")
                m.text("say \"hi\"\\\n\u{1}工业")
                m.number(Double(k) + 0.25, decimals: 2)
            }
            CSVWriter.encodeRow(into: csv) { row in
                row.text("P\(k)")
                row.text("a,b")
                row.number(-Double(k) - 0.5, decimals: 3)
                row.null()
            }
            let geometry = k == 1 ? "null" : #"{"type":"Polygon","coordinates":[[[122.2,30],[122.2000001,30],[122.2,30.5],[122.2,30]]]}"#
            expectedJSON += (k == 0 ? "" : ",\n") + #"{"type":"Feature","properties":{"id":"P\#(k)","note":"say \"hi\"\\\n\u0001工业","area_m2":\#(k).25},"geometry":\#(geometry)}"#
            expectedCSV += "P\(k),\"a,b\",-\(k).5,\r\n"
        }
        #expect(String(decoding: json.bytes, as: UTF8.self) == expectedJSON)
        #expect(String(decoding: csv.bytes, as: UTF8.self) == expectedCSV)
        #expect(json.count == expectedJSON.utf8.count)
        // Valid JSON whose note reads back as written.
        let collection = try JSONSerialization.jsonObject(with: Data(("[" + expectedJSON + "]").utf8)) as? [[String: Any]]
        #expect((collection?[7]["properties"] as? [String: Any])?["note"] as? String == "say \"hi\"\\\n\u{1}工业")
        csv.removeAll()
        CSVWriter.encodeRow(into: csv) { $0.text("x") }
        #expect(csv.bytes == Array("x\r\n".utf8))
    }

    @Test("WKT written and parsed back is the same geometry")
    func wktRoundTrip() throws {
        for text in ["POINT (1 2)", "LINESTRING Z (0 0 1, 1 1 2)", "POLYGON ((0 0, 10 0, 10 10, 0 0), (1 1, 2 1, 2 2, 1 1))",
                     "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), EMPTY)", "GEOMETRYCOLLECTION (POINT (1 2), POLYGON EMPTY)", "MULTIPOINT ((1 2), EMPTY)"] {
            let g = try WKTParser.parse(text)
            #expect(try WKTParser.parse(WKTWriter.string(g)) == g, "\(text) → \(WKTWriter.string(g))")
        }
        #expect(WKTWriter.string(try WKTParser.parse("POINT (1.0 2.50)")) == "POINT (1 2.5)")
    }

    @Test("CSV: BOM, CRLF, quoting of commas, quotes, line breaks and edge spaces; read back equal")
    func csv() throws {
        let path = TemporaryFolder.untilExit() + "/out.csv"
        let writer = try CSVWriter(path: path, header: ["id", "备注", "wkt"])
        let rows = [["1", "工业, 一类", "POLYGON ((0 0, 1 0, 1 1, 0 0))"], ["2", "say \"hi\"\nbye", ""], ["3", " padded ", "POINT (1 2)"]]
        for r in rows { try writer.write(row: r) }
        try writer.finish()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("id,备注,wkt\r\n1,\"工业, 一类\",\"POLYGON ((0 0, 1 0, 1 1, 0 0))\"\r\n2,\"say \"\"hi\"\"\nbye\",\r\n3,\" padded \",POINT (1 2)\r\n"))
        let back = try CSVReader(path: path).readAll()
        #expect(back.map { $0.properties["备注"]?.text } == rows.map { $0[1] })
        #expect(back[0].geometry?.kind == .polygon && back[1].geometry == nil)
    }

    @Test("a writer that is not finished leaves no file behind, and does not replace an existing one")
    func atomic() throws {
        let folder = TemporaryFolder.untilExit()
        let path = folder + "/result.geojson"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        do {
            let writer = try GeoJSONWriter(path: path)
            try writer.write(geometry: try WKTParser.parse("POINT (1 2)"), properties: Properties())
            // dropped without finish(): the run failed
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["result.geojson"])
    }
}
