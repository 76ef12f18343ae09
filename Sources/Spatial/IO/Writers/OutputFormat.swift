/// The formats LandControl writes a layer in.
public enum OutputFormat: String, Sendable, CaseIterable {
    case geojson, csv, wkt, gpkg, shp, fgb
    /// 国土资源部/自然资源部 坐标交换格式 (the red-line coordinate TXT).
    case bubiaoTXT = "bubiao-txt"

    /// Parses `geojson`, `csv`, `wkt`, `gpkg`, `shp`, `fgb`, `bubiao-txt` (and a few
    /// spellings: `shapefile`, `geopackage`, `flatgeobuf`, `bubiao`, `txt`).
    public init?(name: String) {
        switch name.lowercased().trimmingCharacters(in: .whitespaces) {
        case "geojson", "json": self = .geojson
        case "csv": self = .csv
        case "wkt": self = .wkt
        case "gpkg", "geopackage": self = .gpkg
        case "shp", "shapefile", "esri shapefile": self = .shp
        case "fgb", "flatgeobuf": self = .fgb
        case "bubiao-txt", "bubiao", "txt", "部标": self = .bubiaoTXT
        default: return nil
        }
    }

    /// The format a file name implies (`.txt` is the ministry's TXT; WKT lines are `.wkt`).
    public static func guess(path: String) -> OutputFormat? {
        let lower = path.lowercased()
        let table: [(String, OutputFormat)] = [(".geojson", .geojson), (".json", .geojson), (".csv", .csv), (".wkt", .wkt),
                                               (".gpkg", .gpkg), (".shp", .shp), (".fgb", .fgb), (".txt", .bubiaoTXT)]
        return table.first { lower.hasSuffix($0.0) }?.1
    }

    /// The GDAL driver that writes it, for the formats GDAL writes.
    public var gdalDriver: String? {
        switch self {
        case .gpkg: "GPKG"
        case .shp: "ESRI Shapefile"
        case .fgb: "FlatGeobuf"
        default: nil
        }
    }

    public var fileExtension: String {
        switch self {
        case .bubiaoTXT: "txt"
        default: rawValue
        }
    }
}
