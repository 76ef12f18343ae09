import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl info FILE`.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.string("info.abstract"),
            discussion: HelpText.string("info.discussion")
        )

        @Argument(help: HelpText.help("info.file"))
        var file: String

        @Option(name: .customLong("layer"), help: HelpText.help("info.layerName"))
        var layerName: String?

        @Option(help: HelpText.help("info.sql"))
        var sql: String?

        @OptionGroup var layer: LayerOptions

        @Flag(help: HelpText.help("info.json"))
        var json = false

        @Flag(help: HelpText.help("info.timings"))
        var timings = false

        @Option(name: .customLong("check-offset"), help: HelpText.help("info.checkOffset"))
        var checkOffset: String?

        @Option(help: HelpText.help("info.rules"))
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
