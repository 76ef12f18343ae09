import Spatial

/// `--out-format`: the formats a command writes its result layers in. CSV and GeoJSON are
/// written directly by each command; GeoPackage, Shapefile and FlatGeobuf are made from the
/// finished GeoJSON layers of the run, so every format holds the same rows, columns and
/// geometries: GeoPackage as one `results.gpkg` with a layer per result, Shapefile and
/// FlatGeobuf as one file per result (`parcels.shp`, `conflicts.fgb`…), each Shapefile with
/// its `NAME.fields.csv` map of shortened column names.
public enum ResultFormats {
    /// What a command writes when `--out-format` is not given.
    public static let defaults: [OutputFormat] = [.csv, .geojson]
    /// What `--out-format` accepts.
    public static let allowed: [OutputFormat] = [.csv, .geojson, .gpkg, .shp, .fgb]

    /// Parses `csv,geojson,gpkg` (commas or spaces; order kept, repeats dropped).
    public static func parse(_ text: String) throws -> [OutputFormat] {
        var out: [OutputFormat] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == " " }) where !part.isEmpty {
            guard let f = OutputFormat(name: String(part)), allowed.contains(f) else {
                throw ReadError(file: "--out-format", message: "'\(part)' is not one of \(allowed.map(\.rawValue).joined(separator: ", "))")
            }
            if !out.contains(f) { out.append(f) }
        }
        guard !out.isEmpty else { throw ReadError(file: "--out-format", message: "name at least one of \(allowed.map(\.rawValue).joined(separator: ", "))") }
        return out
    }

    /// Writes the GDAL formats among `formats` from the run's finished GeoJSON layers
    /// (`name` → path), into `folder`. Returns the files written and GDAL's warnings.
    public static func derive(from layers: [(name: String, geojson: String)], into folder: String, formats: [OutputFormat],
                              encoding: TextEncoding = .gbk, engine: GeometryEngine = GeometryEngine()) throws -> (files: [String], warnings: [String]) {
        let wanted = formats.filter { $0.gdalDriver != nil }
        guard !wanted.isEmpty, !layers.isEmpty else { return ([], []) }
        var read: [(name: String, features: [Feature], crs: CRS)] = []
        for (name, path) in layers {
            let reader = try GeoJSONReader(path: path)
            let features = try reader.readAll()
            let crs = try engine.crs(reader.declaredCRS ?? "EPSG:4326")
            read.append((name, features, crs))
        }
        var files: [String] = [], warnings: [String] = []
        for format in wanted {
            if format == .gpkg {
                // One GeoPackage for the run; its layers may differ in CRS only if the run's do.
                let crs = read[0].crs
                let r = try LayerWriter.writeLayers(read.map { ($0.name, $0.features) }, to: folder + "/results.gpkg", format: .gpkg,
                                                    crs: crs, options: .init(encoding: encoding))
                files += r.files
                warnings += r.warnings
            } else {
                for layer in read {
                    let r = try LayerWriter.writeLayers([(layer.name, layer.features)], to: folder + "/\(layer.name).\(format.fileExtension)",
                                                        format: format, crs: layer.crs, options: .init(encoding: encoding))
                    files += r.files
                    warnings += r.warnings
                }
            }
        }
        return (files, warnings)
    }
}
