import Foundation

/// A layer format: one of LandControl's own readers (GeoJSON, WKT lines, CSV with WKT, the
/// ministry's coordinate TXT) or a GDAL vector driver by its short name (`ESRI Shapefile`,
/// `GPKG`, `OpenFileGDB`, `DXF`, `LIBKML`, `FlatGeobuf`…).
public struct LayerFormat: Hashable, Sendable, CustomStringConvertible {
    /// `geojson`, `wkt`, `csv`, `bubiao-txt`, or the GDAL driver's short name.
    public let name: String
    /// True when GDAL reads it.
    public let isGDAL: Bool

    public static let geojson = LayerFormat(name: "geojson", isGDAL: false)
    public static let wkt = LayerFormat(name: "wkt", isGDAL: false)
    public static let csv = LayerFormat(name: "csv", isGDAL: false)
    /// 国土资源部/自然资源部 坐标交换格式 (the red-line coordinate TXT).
    public static let bubiaoTXT = LayerFormat(name: "bubiao-txt", isGDAL: false)
    public static let own: [LayerFormat] = [.geojson, .wkt, .csv, .bubiaoTXT]
    /// A table or query in a PostgreSQL/PostGIS database (`PG:…`), read through libpq.
    public static let postgis = LayerFormat(name: "postgis", isGDAL: false)

    /// A GDAL vector driver by its short name.
    public static func gdal(_ driver: String) -> LayerFormat { LayerFormat(name: driver, isGDAL: true) }

    private init(name: String, isGDAL: Bool) {
        self.name = name
        self.isGDAL = isGDAL
    }

    /// Parses what `--format` takes: an own format (`geojson`, `wkt`, `csv`, `bubiao-txt`,
    /// any case), a GDAL driver short name (checked when the file is opened), or `gdal:NAME`
    /// for GDAL's driver of a format LandControl also reads itself.
    public init(named argument: String) {
        let t = argument.trimmingCharacters(in: .whitespaces)
        // `gdal:GeoJSON`, `gdal:CSV`: GDAL's own driver even where LandControl has a reader.
        if t.lowercased().hasPrefix("gdal:") {
            self = .gdal(String(t.dropFirst(5)))
            return
        }
        switch t.lowercased() {
        case "geojson", "json": self = .geojson
        case "wkt": self = .wkt
        case "csv": self = .csv
        case "bubiao-txt", "bubiao", "txt-bubiao", "部标", "部标txt": self = .bubiaoTXT
        case "shp", "shapefile": self = .gdal("ESRI Shapefile")
        case "gpkg", "geopackage": self = .gdal("GPKG")
        case "fgb", "flatgeobuf": self = .gdal("FlatGeobuf")
        case "gdb", "filegdb", "openfilegdb": self = .gdal("OpenFileGDB")
        case "kml": self = .gdal("KML")
        case "libkml", "kmz": self = .gdal("LIBKML")
        case "dxf": self = .gdal("DXF")
        default: self = .gdal(t)
        }
    }

    /// How reports name it: `GeoJSON`, `WKT`, `CSV`, `部标 TXT`, `GPKG (GDAL)`.
    public var description: String {
        switch self {
        case .geojson: "GeoJSON"
        case .wkt: "WKT"
        case .csv: "CSV"
        case .bubiaoTXT: "部标 TXT"
        case .postgis: "PostGIS"
        default: "\(name) (GDAL)"
        }
    }

    /// The own format a file name implies: `.geojson`/`.json`, `.wkt`, `.csv`/`.tsv`
    /// (`.txt` is WKT or 部标 TXT, decided by the content); GDAL formats by
    /// ``GDALFormats/guess(path:)``.
    public static func guess(path: String) -> LayerFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") || lower.hasSuffix(".geojsonl") { return .geojson }
        if lower.hasSuffix(".wkt") { return .wkt }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { return .csv }
        return nil
    }
}
