/// Reads a text file with one WKT geometry per line. Blank lines and lines starting with
/// `#` are skipped; a geometry that does not parse becomes that feature's problem, with the
/// line and column. An EWKT `SRID=n;` prefix declares the layer's CRS.
public final class WKTReader: FeatureReader {
    public let file: String
    public let format = LayerFormat.wkt
    public private(set) var declaredCRS: String?
    public private(set) var notes: [String] = []

    private let mapped: MappedFile
    private var offset = 0
    private var line = 0
    private var index = 0

    public convenience init(path: String) throws {
        try self.init(mapped: MappedFile(path: path))
    }

    public init(mapped: MappedFile) throws {
        self.mapped = mapped
        file = mapped.path
        let p = mapped.bytes
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { offset = 3 }
        // A file without a single geometry line is refused as a whole, as an empty GeoJSON
        // or CSV file is: read as zero features it would replace earlier results with none.
        guard Self.hasGeometryLine(p, from: offset) else {
            throw ReadError(file: file, message: p.count > offset
                ? "holds no WKT geometry (only blank lines and # comments): check the file"
                : "the file is empty")
        }
    }

    /// True when some line from `start` on is neither blank nor a `#` comment.
    static func hasGeometryLine(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var i = start
        while i < p.count {
            let c = p[i]
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A {
                i += 1
                continue
            }
            if c != UInt8(ascii: "#") { return true }
            while i < p.count, p[i] != 0x0A { i += 1 }
        }
        return false
    }

    public func next() throws -> Feature? {
        let p = mapped.bytes
        while offset < p.count {
            line += 1
            var end = offset
            while end < p.count, p[end] != 0x0A { end += 1 }
            let start = offset
            offset = end + 1
            var s = start, e = end
            while s < e, p[s] == 0x20 || p[s] == 0x09 || p[s] == 0x0D { s += 1 }
            while e > s, p[e - 1] == 0x20 || p[e - 1] == 0x09 || p[e - 1] == 0x0D { e -= 1 }
            if s == e || p[s] == UInt8(ascii: "#") { continue }
            index += 1
            do {
                let (g, srid) = try WKTParser.parse(bytes: UnsafeBufferPointer(rebasing: p[s..<e]))
                if let srid {
                    let crs = "EPSG:\(srid)"
                    if declaredCRS == nil {
                        declaredCRS = crs
                    } else if declaredCRS != crs, !notes.contains(where: { $0.contains("SRID") }) {
                        notes.append("line \(line) declares SRID=\(srid), unlike the first line's \(declaredCRS ?? ""); the first is used")
                    }
                }
                return Feature(index: index, geometry: g, line: line)
            } catch let e as WKTParser.SyntaxError {
                return Feature(index: index, geometry: nil, line: line,
                               problem: "WKT at column \(e.column + (s - start)): \(e.message)")
            }
        }
        return nil
    }
}
