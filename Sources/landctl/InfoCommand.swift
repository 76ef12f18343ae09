import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl info FILE`.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Describe a layer: format, features, geometry types, CRS, extent, invalid geometries, areas.",
            discussion: "Exit code 1 when some geometries are invalid, unusable or missing, 0 when all are fine, 2 on a usage or input error."
        )

        @Argument(help: "A layer: Shapefile, GeoPackage, FileGDB, KML, DXF, FlatGeobuf, GeoJSON, WKT lines, CSV with WKT, 部标 TXT (a file, a folder, a .zip, or PATH|layername=NAME), or a PostGIS table: PG:\"dbname=… host=…\" with --layer schema.table or --sql.")
        var file: String

        @Option(name: .customLong("layer"), help: "The layer to read in a multi-layer file (GeoPackage, FileGDB, KML, a folder); in DXF/DWG the CAD layer; in a database (PG:…) the table, schema.table.")
        var layerName: String?

        @Option(help: "For a database layer (PG:…): a query whose rows are the layer, e.g. \"SELECT * FROM zs.parcels WHERE status = '拟出让'\" (run in a READ ONLY transaction).")
        var sql: String?

        @OptionGroup var layer: LayerOptions

        @Flag(help: "Print the report as JSON.")
        var json = false

        @Flag(help: "Print the time of each phase (read, check, area) and the read throughput to stderr.")
        var timings = false

        @Option(name: .customLong("check-offset"), help: "A trusted reference layer (WGS 84/CGCS2000): measure how far the data lie from it, and warn when they look shifted by the GCJ-02 or BD-09 (web-map) offset.")
        var checkOffset: String?

        @Option(help: "Rules file (YAML); its repair section (repair.close_ring_tolerance_m) applies here. See `landctl rules --print-defaults`.")
        var rules: String?

        func validate() throws {
            if sql != nil, !PostGISSource.isPostGIS(file) {
                throw ValidationError("--sql reads from a database (PG:\"dbname=… host=…\"), not from a file")
            }
        }

        func run() throws {
            var options = try layer.readerOptions()
            options.layer = layerName
            options.sql = sql
            let repair = try rules.map { try Rules.load(path: $0) }?.repair ?? RepairRules()
            let report = try LayerInspector.inspect(file, options: options, crs: layer.crs, areaCRS: layer.areaCRS,
                                                    checkOffset: checkOffset, webMap: layer.webMap, repair: repair)
            print(json ? try report.json() : DisplayText.escapingControls(report.text), terminator: "")
            if timings { FileHandle.standardError.write(Data(report.timingText.utf8)) }
            if report.invalidCount > 0 || report.count(.error) > 0 || report.count(.noGeometry) > 0 { throw ExitCode(1) }
        }
    }
}
