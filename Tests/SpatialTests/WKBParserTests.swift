import Foundation
import Spatial
import Testing
import TestSupport

// WKB as GDAL exports it (ISO) and as PostGIS writes it (EWKB), checked against the
// cschwarz/wkx test data (MIT, ../shared/data/format-edge-cases/wkx, see SOURCE.md): every
// case carries the same geometry as WKT and as little-endian WKB, big-endian (XDR) WKB and
// EWKB with an SRID. Each binary form must read to what our WKT parser reads from the WKT.

private struct WKBCase: Sendable, CustomTestStringConvertible {
    var file: String
    var name: String
    var wkt: String
    /// Form name (`wkb`, `wkbXdr`, `ewkb`, `ewkbXdr`) → hex.
    var binary: [String: String]
    var testDescription: String { "\(file) \(name)" }
}

private enum WKBSuite {
    static let folder = Repository.sharedRoot.appendingPathComponent("format-edge-cases/wkx")
    static let files = ["testdata.json", "testdataZ.json", "testdataM.json", "testdataZM.json"]
    static let available = files.allSatisfy { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }

    static let cases: [WKBCase] = files.flatMap { file -> [WKBCase] in
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(file)),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return root.keys.sorted().compactMap { name in
            guard let entry = root[name] as? [String: Any], let wkt = entry["wkt"] as? String else { return nil }
            var binary: [String: String] = [:]
            for form in ["wkb", "wkbXdr", "ewkb", "ewkbXdr"] { binary[form] = entry[form] as? String }
            return WKBCase(file: file, name: name, wkt: wkt, binary: binary)
        }
    }
}

private func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var it = hex.utf8.makeIterator()
    func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
    while let a = it.next(), let b = it.next() { out.append(nibble(a) << 4 | nibble(b)) }
    return out
}

@Suite("WKB reader (wkx test data, hand-made hostile buffers)")
struct WKBParserTests {
    @Test("all four binary forms read to the WKT's geometry", .enabled(if: WKBSuite.available, "needs ../shared/data/format-edge-cases"),
          arguments: WKBSuite.cases)
    fileprivate func wkxCase(_ c: WKBCase) throws {
        let expected = try WKTParser.parse(c.wkt)
        #expect(c.binary.count == 4, "\(c.binary.keys)")
        for (form, hex) in c.binary.sorted(by: { $0.key < $1.key }) {
            let g = try WKBParser.parse(bytes(hex: hex))
            #expect(g == expected, "\(form) \(hex) → \(WKTWriter.string(g)), WKT \(c.wkt)")
        }
    }

    @Test("a polygon with a hole, by hand: structure, coordinates, area")
    func handMade() throws {
        // Little-endian polygon (type 3), 2 rings: a 4×4 square and a 1×1 hole.
        var b: [UInt8] = [1, 3, 0, 0, 0, 2, 0, 0, 0]
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { b += $0 } }
        func d(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { b += $0 } }
        u32(5)
        for (x, y) in [(0.0, 0.0), (4, 0), (4, 4), (0, 4), (0, 0)] { d(x); d(y) }
        u32(5)
        for (x, y) in [(1.0, 1.0), (1, 2), (2, 2), (2, 1), (1, 1)] { d(x); d(y) }
        let g = try WKBParser.parse(b)
        #expect(g.nodes == [.init(kind: .polygon, count: 2)])
        #expect(g.sequenceEnds == [5, 10])
        #expect(g.planarArea == 15)
        #expect(g.z == nil)
    }

    @Test("hostile buffers are refused with the offset, never trusted for sizes")
    func hostile() {
        func refuses(_ hex: String, _ fragment: String) {
            do {
                let g = try WKBParser.parse(bytes(hex: hex))
                Issue.record("\(hex) read as \(WKTWriter.string(g))")
            } catch let e as WKBParser.SyntaxError {
                #expect(e.description.contains(fragment), "\(hex): \(e)")
            } catch {
                Issue.record("\(error)")
            }
        }
        refuses("", "cut short")
        refuses("02", "byte order")
        refuses("0102000000ffffffff", "more than the 0 bytes left")          // 4 billion positions announced
        refuses("0103000000ffffff7f", "rings announced")                     // 2 billion rings
        refuses("0101000000000000000000f03f", "cut short")                     // a point missing y
        refuses("0108000000", "CircularString geometries must be linearised")
        refuses("0101000000000000000000f07f0000000000000040", "not a finite number") // x = +inf
        refuses("0101000000000000000000f03f000000000000004000", "bytes after the geometry")
        // A multi-polygon holding a point.
        refuses("0106000000010000000101000000000000000000f03f0000000000000040", "inside a multi-geometry")
        // Collections nested deeper than 64.
        refuses(String(repeating: "010700000001000000", count: 70) + "0101000000000000000000f03f0000000000000040", "nested more than 64")
    }
}
