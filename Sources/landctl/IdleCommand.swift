import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl idle`.
    struct Idle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.string("idle.abstract"),
            discussion: HelpText.string("idle.discussion")
        )

        @OptionGroup var site: SiteOptions

        @Option(name: .customLong("as-of"), help: HelpText.help("idle.asOf"))
        var asOf: String

        @Option(help: HelpText.help("idle.zones"))
        var zones: String?

        @OptionGroup var layer: LayerOptions

        func validate() throws {
            _ = try parseAsOf(asOf)
            try site.check()
        }

        func run() throws {
            let date = try parseAsOf(asOf)
            let output = try site.resultOutput(command: "idle", fileNames: IdleOutput.fileNames, layers: ["idle"], zones: zones, layer: layer)
            var options = IdleOptions(parcelsPath: site.parcels, asOf: date)
            options.sites = try site.inputs(zones: zones, layer: layer)
            options.statusField = site.statusField
            options.useField = site.useField
            options.rules = try site.loadRules()
            options.language = try site.language()
            let result = try IdleLand.run(options)
            output.database?.inputCRS = result.parcelCRS
            output.database?.run.counts = [("parcels_read", result.parcels.count), ("idle", result.idleCount), ("unusable_inputs", result.unusableInputs)]
            try site.finish(summary: { IdleSummary.markdown(result) }, write: { try IdleOutput.write(result, to: $0, output: output, summary: $1) },
                            runTimings: result.timings, output: output, language: options.language,
                            exitCode: result.idleCount > 0 || result.unusableInputs > 0 ? 1 : 0)
        }
    }
}
