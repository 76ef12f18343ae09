import Foundation
import Spatial
import Testing
import TestSupport

/// Every input libFuzzer found crashing (Fuzz/crashers/<target>/, minimised) is read again
/// here, the way the fuzz targets read it: through the reader to the end, then each
/// geometry built, checked, and repaired when invalid. Under `swift test --sanitize=address`
/// these would report the original faults.
@Suite("fuzzer regressions")
struct FuzzRegressionTests {
    static let root = Repository.root.appendingPathComponent("Fuzz/crashers")

    static func inputs(_ target: String) -> [URL] {
        let dir = root.appendingPathComponent(target)
        return ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { !$0.lastPathComponent.hasPrefix(".") && $0.pathExtension != "md" }
    }

    /// `repair: false` for the inputs that make GEOS 3.11.1's makeValid leak memory inside
    /// GEOS (its buffer-by-zero retry; see Fuzz/crashers/README.md): reading them must still
    /// be clean, but under LeakSanitizer the GEOS leak would fail the run.
    func exercise(repair: Bool = true, _ reader: () throws -> any FeatureReader) -> (features: Int, fileError: String?) {
        let engine = GeometryEngine()
        do {
            let r = try reader()
            var n = 0
            while let f = try r.next() {
                n += 1
                guard let g = f.geometry, let geometry = try? engine.geometry(from: g) else { continue }
                if repair, let v = try? geometry.validity(), !v.isValid { _ = try? geometry.makeValid().area() }
            }
            return (n, nil)
        } catch {
            return (0, "\(error)")
        }
    }

    @Test("CSV crashers: a WKT cell with doubled quotes was parsed from a freed buffer")
    func csv() throws {
        let files = Self.inputs("csv")
        #expect(!files.isEmpty)
        for url in files {
            let bytes = Array(try Data(contentsOf: url))
            let outcome = exercise { try CSVReader(mapped: MappedFile(bytes: bytes, name: url.lastPathComponent)) }
            #expect(outcome.features > 0 || outcome.fileError != nil, "\(url.lastPathComponent)")
        }
        // The same shape by hand: an escaped WKT cell is parsed from its own, live copy.
        let text = "id,wkt\n1,\"POLYGON ((0 0, 1 0, 1 1, 0 0)) \"\"x\"\"\"\n"
        let f = try CSVReader(mapped: MappedFile(bytes: Array(text.utf8), name: "t.csv")).readAll()
        #expect(f.first?.problem?.contains("unexpected text after the geometry") == true)
    }

    @Test("GeoJSON and WKT crashers read to the end without a fault")
    func geojsonAndWKT() throws {
        for url in Self.inputs("geojson") {
            let bytes = Array(try Data(contentsOf: url))
            _ = exercise(repair: !url.lastPathComponent.hasPrefix("leak-geos")) { try GeoJSONReader(mapped: MappedFile(bytes: bytes, name: url.lastPathComponent)) }
        }
        for url in Self.inputs("wkt") {
            let bytes = Array(try Data(contentsOf: url))
            _ = exercise(repair: !url.lastPathComponent.hasPrefix("leak-geos")) { try WKTReader(mapped: MappedFile(bytes: bytes, name: url.lastPathComponent)) }
        }
        #expect(Self.inputs("geojson").count + Self.inputs("wkt").count >= 2)
    }
}

extension FuzzRegressionTests {
    @Test("GDAL crashers: damaged DXFs on which GDAL 3.6's reader runs for minutes (bad group codes, NUL bytes, cut short) are refused at once naming the line, also when GDAL recognises them by content")
    func gdal() throws {
        let files = Self.inputs("gdal")
        #expect(!files.isEmpty)
        let folder = TemporaryFolder.untilExit()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for url in files {
            // Under its own name, and under a name that makes GDAL recognise it by content.
            for name in [url.lastPathComponent, "disguised.dat"] {
                let path = folder + "/" + name
                try? FileManager.default.removeItem(atPath: path)
                try FileManager.default.copyItem(atPath: url.path, toPath: path)
                let clock = ContinuousClock(), start = clock.now
                let outcome = exercise { try LayerReader.open(path) }
                #expect(clock.now - start < .seconds(5), "\(name) took \(clock.now - start)")
                if name.hasSuffix(".dxf") {
                    #expect(outcome.fileError?.contains("save it again from the CAD program") == true, "\(name): \(outcome)")
                } else {
                    // Recognised by content as a drawing (then checked), or too short to be one.
                    #expect(outcome.fileError != nil, "\(name): \(outcome)")
                }
            }
        }
    }
}
