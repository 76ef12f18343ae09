import Foundation

/// Opens a layer with the right reader: LandControl's own readers for GeoJSON, WKT lines and
/// CSV with WKT (faster than GDAL's on these; see the README's Performance section), GDAL for
/// everything else (Shapefile, GeoPackage, FileGDB, KML/KMZ, DXF, FlatGeobuf…).
public enum LayerReader {
    /// How to read a file: the format (else guessed from the name, then the content), the
    /// layer inside a multi-layer file, the CSV geometry column and the text encoding.
    public struct Options: Sendable {
        public var format: LayerFormat?
        /// The layer to read in a GeoPackage, FileGDB, KML or folder (also `PATH|layername=`);
        /// in DXF/DWG the CAD layer to keep.
        public var layer: String?
        public var geometryColumn: String?
        /// The text encoding of CSV files and of Shapefile DBFs; nil: CSV is UTF-8, a DBF's
        /// encoding is found as ``ShapefileEncoding`` says.
        public var encoding: TextEncoding?
        /// Refuse the whole file when any feature has a problem (`--strict`).
        public var strict: Bool
        /// Swap x and y of every position as read (`--swap-xy`: latitude-first or
        /// northing-first data).
        public var swapXY = false
        /// For a database layer (`PG:…`): a query whose rows are the layer (`--sql`), run in
        /// a READ ONLY transaction.
        public var sql: String?

        public init(format: LayerFormat? = nil, layer: String? = nil, geometryColumn: String? = nil,
                    encoding: TextEncoding? = nil, strict: Bool = false) {
            self.format = format
            self.layer = layer
            self.geometryColumn = geometryColumn
            self.encoding = encoding
            self.strict = strict
        }
    }

    public static func open(_ path: String, options: Options = Options()) throws -> any FeatureReader {
        // A database (`PG:…`) goes to libpq, never to GDAL's network drivers.
        if PostGISSource.isPostGIS(path) { return try PostGISReader(path: path, layer: options.layer, sql: options.sql) }
        let format: LayerFormat
        if let f = options.format ?? LayerFormat.guess(path: path) ?? GDALFormats.guess(path: path) {
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
            return try CSVReader(path: path, geometryColumn: options.geometryColumn, encoding: options.encoding ?? .utf8)
        case .bubiaoTXT:
            return try BubiaoTXTReader(path: path)
        default:
            return try GDALReader(path: path, driver: format.name, layer: options.layer, encoding: options.encoding)
        }
    }

    /// Looks at the first non-blank bytes: `{` is GeoJSON, the sections of the ministry's
    /// coordinate TXT (`[属性描述]`, `[地块坐标]`) are 部标 TXT, a WKT keyword is WKT; a file a
    /// GDAL driver recognises (a GeoPackage, a FlatGeobuf… named without its extension) goes
    /// to GDAL; anything else is read as CSV.
    static func sniff(_ path: String) throws -> LayerFormat {
        let m = try MappedFile(path: path)
        let p = m.bytes
        var i = p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
        while i < p.count, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x09 { i += 1 }
        guard i < p.count else { throw ReadError(file: path, message: "the file is empty") }
        if p[i] == UInt8(ascii: "{") { return .geojson }
        if BubiaoTXTReader.looksLikeBubiao(p) { return .bubiaoTXT }
        let head = String(decoding: UnsafeBufferPointer(rebasing: p[i..<min(p.count, i + 20)]), as: UTF8.self).uppercased()
        for keyword in ["POINT", "LINESTRING", "POLYGON", "MULTI", "GEOMETRYCOLLECTION", "SRID="] where head.hasPrefix(keyword) {
            return .wkt
        }
        if let gdal = GDALFormats.identify(path: path), !["CSV", "GeoJSON", "GeoJSONSeq", "WKT"].contains(gdal.name) {
            return gdal
        }
        return .csv
    }
}
