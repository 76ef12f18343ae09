import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl evaluate`.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.string("evaluate.abstract"),
            discussion: HelpText.string("evaluate.discussion")
        )

        @Option(help: HelpText.help("evaluate.enterprises"))
        var enterprises: String

        @Option(name: .customLong("enterprises-layer"), help: HelpText.help("evaluate.enterprisesLayer"))
        var enterprisesLayer: String?

        @Option(name: .customLong("enterprise-field"), help: HelpText.help("evaluate.enterpriseField"))
        var enterpriseField: String?

        @OptionGroup var site: SiteOptions

        @Option(help: HelpText.help("evaluate.zones"))
        var zones: String?

        @OptionGroup var layer: LayerOptions

        func validate() throws {
            try site.check()
        }

        func run() throws {
            let output = try site.resultOutput(command: "evaluate", fileNames: EvaluationOutput.fileNames, layers: ["parcels"], zones: zones, layer: layer, more: [("enterprises", enterprises)])
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
            try site.finish(summary: { EvaluationSummary.markdown(result) }, write: { try EvaluationOutput.write(result, to: $0, output: output, summary: $1) },
                            runTimings: result.timings, output: output, language: options.language,
                            exitCode: result.hasFindings ? 1 : 0)
        }
    }
}
