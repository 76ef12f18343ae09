import Spatial

/// `--out-format`: the formats a command writes its result layers in. CSV and GeoJSON are
/// written directly by each command; GeoPackage, Shapefile and FlatGeobuf are made from the
/// finished GeoJSON layers of the run, so every format holds the same rows, columns and
/// geometries: GeoPackage as one `results.gpkg` with a layer per result, Shapefile and
/// FlatGeobuf as one file per result (`parcels.shp`, `conflicts.fgb`…), each Shapefile with
/// its `NAME.fields.csv` map of shortened column names.
public enum ResultFormats {
    /// What a command's `--out-format` and `--out-encoding` ask for.
    public struct Options: Sendable {
        public var formats: [OutputFormat]
        /// Text encoding of Shapefile DBFs.
        public var shapefileEncoding: TextEncoding
        /// Language of the CSV headers (`--headers`): English codes unless asked for Chinese.
        public var headerLanguage: ReportLanguage
        /// report.html (off with `--no-report`).
        public var report = true
        /// results.xlsx (off with `--no-xlsx`).
        public var workbook = true
        /// `--regions`: a region per parcel and a table per region in the summary, report and workbook.
        public var regions: RegionInput?
        /// The rules file given (`--rules`), shown at the end of the report.
        public var rulesFile: String?

        /// Whether the run writes report.html or results.xlsx or reads regions.
        public var wantsDocuments: Bool { report || workbook || regions != nil }
        /// `--out-db`: the database the result layers are written to as well, if any.
        public var database: ResultDatabase?

        public init(formats: [OutputFormat] = ResultFormats.defaults, shapefileEncoding: TextEncoding = .gbk, headerLanguage: ReportLanguage = .en) {
            self.formats = formats
            self.shapefileEncoding = shapefileEncoding
            self.headerLanguage = headerLanguage
        }

        /// The files the GDAL formats add for result layers named `layers` (a Shapefile with
        /// its companions), so that none may overwrite an input of the run.
        public func extraFileNames(_ layers: [String]) -> [String] {
            var out: [String] = ResultDocuments.fileNames(self)
            for f in formats {
                switch f {
                case .gpkg: out.append("results.gpkg")
                case .shp: for l in layers { out += ["shp", "shx", "dbf", "prj", "cpg", "fields.csv"].map { "\(l).\($0)" } }
                case .fgb: out += layers.map { "\($0).fgb" }
                default: break
                }
            }
            return out
        }
    }

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

    /// The end of every command's output, after its own files: summary.md, then report.html
    /// and results.xlsx from the finished files (`document`, made only when asked for), then
    /// ``finish(_:layers:formats:encoding:database:)``; publishes the batch and returns the
    /// files written.
    public static func publish(_ batch: OutputBatch, summary: String, document: () throws -> ResultDocument,
                               layers: [(name: String, geojson: String, csv: String?)], output: Options) throws -> [String] {
        let file = try AtomicOutputFile(path: batch.path(for: "summary.md"))
        try file.write(summary)
        try batch.add(file)
        if output.wantsDocuments { try ResultDocuments.write(try document(), batch: batch, options: output) }
        // --out-format: GeoPackage/Shapefile/FlatGeobuf from the finished GeoJSON; CSV and
        // GeoJSON only when asked for.
        try finish(batch, layers: layers, formats: output.formats, encoding: output.shapefileEncoding, database: output.database)
        return try batch.publish()
    }

    /// The last step of every command's output, before the run is published: the GDAL
    /// formats among `formats` made from the run's finished GeoJSON layers (`layers`: name,
    /// GeoJSON file, CSV file), inside the staging folder; the layers written to `database`
    /// (`--out-db`) when one is given; then the CSV and GeoJSON files that were not asked for
    /// taken back out. Returns GDAL's and the database writer's warnings.
    @discardableResult
    public static func finish(_ batch: OutputBatch, layers: [(name: String, geojson: String, csv: String?)], formats: [OutputFormat],
                              encoding: TextEncoding = .gbk, database: ResultDatabase? = nil) throws -> [String] {
        var warnings: [String] = []
        if let database {
            try batch.settle()
            warnings += try database.write(layers: layers.map { (name: $0.name, geojson: batch.stagingFolder + "/" + $0.geojson) })
        }
        if formats.contains(where: { $0.gdalDriver != nil }) {
            try batch.settle()
            let staged = layers.map { (name: $0.name, geojson: batch.stagingFolder + "/" + $0.geojson) }
            // The files GDAL will write, named for the record before they exist.
            for f in formats where f.gdalDriver != nil {
                if f == .gpkg { _ = batch.path(for: "results.gpkg") } else { for l in layers { _ = batch.path(for: "\(l.name).\(f.fileExtension)") } }
            }
            warnings = try derive(from: staged, into: batch.stagingFolder, formats: formats, encoding: encoding).warnings
        }
        if !formats.contains(.geojson) { for l in layers { batch.withdraw(l.geojson) } }
        if !formats.contains(.csv) { for l in layers { if let csv = l.csv { batch.withdraw(csv) } } }
        return warnings
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
