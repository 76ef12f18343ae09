import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl evaluate`.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "亩均论英雄: the enterprise 亩均效益 evaluation (classes A/B/C/D) joined to the land.",
            discussion: """
            Each firm's land is the union of its parcels' ellipsoidal areas (the parcels carry its \
            统一社会信用代码; overlaps count once), else its declared land. Each group (规上, 规下) is \
            scored on its indicators (weight × min(value / benchmark, max_ratio)), ranked by total \
            and classed A/B/C/D (rules evaluation:, see `landctl rules --print-defaults`: each city \
            sets its own formula). Writes enterprises.csv, parcels.csv, parcels.geojson and \
            summary.md into the --out folder and prints the summary. Exit code 1 when a firm is in \
            class D or of low efficiency (亩均税收 below 5 万元/亩), or an input row or feature is \
            unusable; 0 otherwise; 2 on a usage or input error.
            """
        )

        @Option(help: "The enterprise table: CSV, XLSX or any table GDAL reads; one row per firm (统一社会信用代码, 规上/规下, 税收, 工业增加值…).")
        var enterprises: String

        @Option(name: .customLong("enterprises-layer"), help: "The sheet or layer of the enterprise table when it has several.")
        var enterprisesLayer: String?

        @Option(name: .customLong("enterprise-field"), help: "The parcels' attribute holding the firm's credit code (default: credit_code, 统一社会信用代码, 社会信用代码…).")
        var enterpriseField: String?

        @OptionGroup var site: SiteOptions

        @Option(help: "The 三区一线 zone layer: each parcel's zone and the class × zone table.")
        var zones: String?

        @OptionGroup var layer: LayerOptions

        func validate() throws {
            try site.check()
        }

        func run() throws {
            var output = try site.report.resultFormats(layer: layer)
            if let out = site.out {
                try OutputStaging.checkNotOverwritingInputs(folder: out, names: EvaluationOutput.fileNames + output.extraFileNames(["parcels"]),
                                                             inputs: [enterprises, site.parcels, site.buildings, zones, site.report.rules, output.regions?.path])
            }
            output.database = try site.database.sink(command: "evaluate", rules: site.report.rules,
                                                     inputs: [("enterprises", enterprises), ("parcels", site.parcels), ("buildings", site.buildings), ("zones", zones)])
            var options = EvaluationOptions(enterprisesPath: enterprises, parcelsPath: site.parcels)
            options.sites = try site.inputs(zones: zones, layer: layer)
            options.enterpriseField = enterpriseField
            options.enterpriseLayer = enterprisesLayer
            options.enterpriseEncoding = try layer.readerOptions().encoding
            options.rules = try site.loadRules()
            options.language = try site.language()
            let result = try Evaluation.run(options)
            output.database?.inputCRS = result.parcelCRS
            output.database?.run.counts = [("enterprises_read", result.firms.count), ("rated", result.firms.filter(\.rated).count),
                                           ("parcels_read", result.parcels.count), ("unusable_inputs", result.unusableInputs + result.rowProblems)]
            let folder = DatabaseOptions.folder(site.out)
            defer { if let scratch = folder.scratch { try? FileManager.default.removeItem(atPath: scratch) } }
            let summary = EvaluationSummary.markdown(result)
            let files = try EvaluationOutput.write(result, to: folder.path, output: output, summary: summary)
            print(output.regions == nil ? summary : publishedSummary(folder.path))
            if site.out != nil { print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
            if let line = DatabaseOptions.report(output.database, language: options.language) { print(line) }
            if result.hasFindings { throw ExitCode(1) }
        }
    }
}
