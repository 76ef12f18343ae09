import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl convert IN OUT`.
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a layer: GeoJSON, GeoPackage, Shapefile, FlatGeobuf, CSV with WKT, WKT lines or the ministry's coordinate TXT (部标).",
            discussion: """
            Reads any layer LandControl reads (Shapefile, GeoPackage, FileGDB, KML, DXF, GeoJSON, CSV, 部标 TXT…), \
            checks every geometry as `info` does and writes every feature, in order, to OUT (format from its \
            extension, or --to). Invalid geometries are written as read unless --repair is given; unusable ones \
            without geometry. Exit code 0 when every feature was fine, 1 when some were invalid, unusable or had \
            no geometry, 2 on a usage or input error.
            """
        )

        @Argument(help: "The layer to read (a file, a folder, a .zip, or PATH|layername=NAME).")
        var input: String

        @Argument(help: "The file to write: .geojson, .gpkg, .shp, .fgb, .csv, .wkt or .txt (the ministry's format).")
        var output: String

        @Option(help: "Output format when the name does not tell: geojson, gpkg, shp, fgb, csv, wkt, bubiao-txt.")
        var to: String?

        @Option(name: .customLong("to-crs"), help: "CRS to write in (default: the input's; GeoJSON lon/lat of its datum; 部标 TXT the CGCS2000 3° Gauss–Krüger zone of the data, zone-prefixed).")
        var toCRS: String?

        @Option(name: .customLong("to-encoding"), help: "Text encoding of a Shapefile's DBF and of 部标 TXT: gbk (default) or utf-8.")
        var toEncoding: String = "gbk"

        @Option(name: .customLong("id-field"), help: "For 部标 TXT: the column that gives each parcel's 地块编号 when there is no 地块编号 column.")
        var idField: String?

        @Flag(help: "Write invalid geometries repaired (GEOS makeValid, as info repairs them) instead of as read.")
        var repair = false

        @Option(help: "The layer to read in a multi-layer file (GeoPackage, FileGDB, KML, a folder); in DXF/DWG the CAD layer; in a database (PG:…) the table, schema.table.")
        var layer: String?

        @Option(help: "For a database layer (PG:…): a query whose rows are the layer (run in a READ ONLY transaction).")
        var sql: String?

        @Option(help: "Rules file (YAML); its repair section (repair.close_ring_tolerance_m) applies here. See `landctl rules --print-defaults`.")
        var rules: String?

        @OptionGroup var layerOptions: LayerOptions

        func validate() throws {
            if sql != nil, !PostGISSource.isPostGIS(input) {
                throw ValidationError("--sql reads from a database (PG:\"dbname=… host=…\"), not from a file")
            }
        }

        func run() throws {
            // The output must not be the input (the same file through a symlink or a hard link too).
            let slash = output.lastIndex(of: "/")
            try OutputStaging.checkNotOverwritingInputs(folder: slash.map { String(output[..<$0]) } ?? ".",
                                                         names: [slash.map { String(output[output.index(after: $0)...]) } ?? output],
                                                         inputs: [input])
            var o = LayerConversion.Options(input: input, output: output)
            if let to {
                guard let f = OutputFormat(name: to) else {
                    throw ValidationError("--to must be one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                o.format = f
            }
            guard let e = TextEncoding(name: toEncoding) else { throw ValidationError("--to-encoding must be gbk or utf-8") }
            o.encoding = e
            o.readOptions = try layerOptions.readerOptions()
            o.readOptions.layer = layer
            o.readOptions.sql = sql
            o.crs = layerOptions.crs
            o.webMap = layerOptions.webMap
            o.toCRS = toCRS
            o.repair = repair
            if let rules { o.repairRules = try Rules.load(path: rules).repair }
            o.idField = idField
            let r = try LayerConversion.run(o)
            let order = ["ok", "repaired", "invalid", "no_geometry", "error"]
            let tally = order.map { "\($0) \(r.counts[$0] ?? 0)" }.joined(separator: ", ")
            print("Read      \(r.read) features from \(PostGISSource.displayName(input)) (\(r.inputFormat), \(r.inputCRS))")
            print("Status    \(tally)")
            print("Wrote     \(r.written) features to \(r.files.joined(separator: ", ")) (\(r.format.rawValue), \(r.outputCRS))")
            if !r.renamedColumns.isEmpty {
                print("Columns   renamed for the Shapefile's 10-byte limit: " + r.renamedColumns.map { "\($0.0) → \($0.1)" }.joined(separator: ", "))
            }
            for p in r.problems { print("  - " + DisplayText.escapingControls(p)) }
            for w in r.warnings { print("Warning   \(w)") }
            if r.findings > 0 { throw ExitCode(1) }
        }
    }
}
