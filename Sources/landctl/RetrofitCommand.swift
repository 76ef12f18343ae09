import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl retrofit`.
    struct Retrofit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.string("retrofit.abstract"),
            discussion: HelpText.string("retrofit.discussion")
        )

        @OptionGroup var site: SiteOptions

        @Option(help: HelpText.help("retrofit.zones"))
        var zones: String

        @Option(help: HelpText.help("retrofit.target"))
        var target: String = "standard"

        @Option(name: .customLong("as-of"), help: HelpText.help("retrofit.asOf"))
        var asOf: String?

        @OptionGroup var layer: LayerOptions

        func validate() throws {
            if let asOf { _ = try parseAsOf(asOf) }
            guard RetrofitTarget(target) != nil else { throw ValidationError("--target must be standard, encouraged or a positive number") }
            try site.check()
        }

        func run() throws {
            guard let goal = RetrofitTarget(target) else { throw ValidationError("--target must be standard, encouraged or a positive number") }
            let output = try site.resultOutput(command: "retrofit", fileNames: RetrofitOutput.fileNames, layers: ["retrofit", "pockets", "sites"], zones: zones, layer: layer)
            var options = RetrofitOptions(parcelsPath: site.parcels, zonesPath: zones, asOf: try asOf.map(parseAsOf) ?? .today())
            options.sites = try site.inputs(zones: zones, layer: layer)
            options.target = goal
            options.useField = site.useField
            options.statusField = site.statusField
            options.rules = try site.loadRules()
            options.language = try site.language()
            let result = try LandControl.Retrofit.run(options)
            output.database?.inputCRS = result.parcelCRS
            output.database?.run.counts = [("parcels_read", result.parcels.count), ("candidates", result.parcels.filter(\.candidate).count),
                                           ("unusable_inputs", result.unusableInputs)]
            try site.finish(summary: { RetrofitSummary.markdown(result) }, write: { try RetrofitOutput.write(result, to: $0, output: output, summary: $1) },
                            runTimings: result.timings, output: output, language: options.language,
                            exitCode: result.parcels.contains(where: \.candidate) || result.unusableInputs > 0 ? 1 : 0)
        }
    }
}
