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
            var timings = PhaseTimings()
            let summary = EvaluationSummary.markdown(result)
            timings.mark("summary")
            let files = try EvaluationOutput.write(result, to: folder.path, output: output, summary: summary)
            timings.mark("write")
            if site.timings { FileHandle.standardError.write(Data((PhaseTimings.line(result.timings + timings.phases) + "\n").utf8)) }
            print(output.regions == nil ? summary : publishedSummary(folder.path))
            if site.out != nil { print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
            if let line = DatabaseOptions.report(output.database, language: options.language) { print(line) }
            if result.hasFindings { throw ExitCode(1) }
        }
    }
}
