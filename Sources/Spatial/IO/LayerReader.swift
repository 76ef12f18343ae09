/// Opens a layer file with the right reader.
public enum LayerReader {
    /// How to read a file: the format (else guessed from the name, then the content), the
    /// CSV geometry column and the text encoding.
    public struct Options: Sendable {
        public var format: LayerFormat?
        public var geometryColumn: String?
        public var encoding: TextEncoding
        /// Refuse the whole file when any feature has a problem (`--strict`).
        public var strict: Bool

        public init(format: LayerFormat? = nil, geometryColumn: String? = nil, encoding: TextEncoding = .utf8, strict: Bool = false) {
            self.format = format
            self.geometryColumn = geometryColumn
            self.encoding = encoding
            self.strict = strict
        }
    }

    public static func open(_ path: String, options: Options = Options()) throws -> any FeatureReader {
        let format: LayerFormat
        if let f = options.format ?? LayerFormat.guess(path: path) {
            format = f
        } else {
            format = try sniff(path)
        }
        switch format {
        case .geojson:
            return try GeoJSONReader(path: path)
        case .wkt:
            return try WKTReader(path: path)
        case .csv:
            return try CSVReader(path: path, geometryColumn: options.geometryColumn, encoding: options.encoding)
        }
    }

    /// Looks at the first non-blank bytes: `{` is GeoJSON, a WKT keyword is WKT, else CSV.
    static func sniff(_ path: String) throws -> LayerFormat {
        let m = try MappedFile(path: path)
        let p = m.bytes
        var i = p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
        while i < p.count, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x09 { i += 1 }
        guard i < p.count else { throw ReadError(file: path, message: "the file is empty") }
        if p[i] == UInt8(ascii: "{") { return .geojson }
        let head = String(decoding: UnsafeBufferPointer(rebasing: p[i..<min(p.count, i + 20)]), as: UTF8.self).uppercased()
        for keyword in ["POINT", "LINESTRING", "POLYGON", "MULTI", "GEOMETRYCOLLECTION", "SRID="] where head.hasPrefix(keyword) {
            return .wkt
        }
        return .csv
    }
}
