import ArgumentParser
import Foundation
import LandControl
import Spatial

/// `landctl`: industrial-land spatial control (三区一线) from the command line.
struct LandCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landctl",
        abstract: "Industrial-land spatial control (三区一线): zones, parcels, grants, areas.",
        discussion: """
        Exit codes: 0 done, nothing to report; 1 done, with findings (invalid or unusable \
        features for info, rule violations for the checking commands); 2 usage or input error.
        """,
        version: "0.1.0",
        subcommands: [Info.self]
    )
}

/// Options every command that reads a layer shares.
struct LayerOptions: ParsableArguments {
    @Option(help: "CRS of the input coordinates (EPSG:4490, 4550, a PROJ string); overrides what the file declares.")
    var crs: String?

    @Option(name: .customLong("area-crs"), help: "Projected CRS for planar areas (default: the CGCS2000 3° Gauss–Krüger zone of the data, EPSG:4534–4554).")
    var areaCRS: String?

    @Option(help: "Input format when the file name does not tell: geojson, wkt, csv.")
    var format: LayerFormat?

    @Option(name: .customLong("geometry-column"), help: "CSV column holding WKT (default: wkt, geometry, geom, the_geom, wkt_geom or shape).")
    var geometryColumn: String?

    @Option(help: "Text encoding of CSV input: utf-8 (default) or gbk (Excel in a Chinese locale).")
    var encoding: String = "utf-8"

    func readerOptions() throws -> LayerReader.Options {
        guard let e = TextEncoding(name: encoding) else {
            throw ValidationError("unknown encoding '\(encoding)': use utf-8 or gbk")
        }
        return .init(format: format, geometryColumn: geometryColumn, encoding: e)
    }
}

extension LayerFormat: ExpressibleByArgument {}

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a layer: format, features, geometry types, CRS, extent, invalid geometries, areas.",
        discussion: "Exit code 1 when some geometries are invalid or unusable, 0 when all are fine."
    )

    @Argument(help: "A GeoJSON, WKT (one geometry per line) or CSV-with-WKT file.")
    var file: String

    @OptionGroup var layer: LayerOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print the time of each phase (read, check, area) and the read throughput to stderr.")
    var timings = false

    func run() throws {
        let report = try LayerInspector.inspect(file, options: layer.readerOptions(), crs: layer.crs, areaCRS: layer.areaCRS)
        print(json ? try report.json() : report.text, terminator: "")
        if timings { FileHandle.standardError.write(Data(report.timingText.utf8)) }
        if report.invalidCount > 0 || report.count(.error) > 0 { throw ExitCode(1) }
    }
}
