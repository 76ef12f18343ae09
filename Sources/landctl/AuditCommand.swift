import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl audit`.
    struct AuditCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: HelpText.string("audit.abstract"),
            discussion: HelpText.string("audit.discussion")
        )

        @OptionGroup var site: SiteOptions

        @Option(name: .customLong("as-of"), help: HelpText.help("audit.asOf"))
        var asOf: String

        @Option(help: HelpText.help("audit.zones"))
        var zones: String?

        @Option(help: HelpText.help("audit.previous"))
        var previous: String?

        @OptionGroup var layer: LayerOptions

        func validate() throws {
            _ = try parseAsOf(asOf)
            try site.check()
        }

        func run() throws {
            let date = try parseAsOf(asOf)
            let output = try site.resultOutput(command: "audit", fileNames: AuditOutput.fileNames, layers: ["audit"], zones: zones, layer: layer)
            var options = AuditOptions(parcelsPath: site.parcels, asOf: date)
            options.sites = try site.inputs(zones: zones, layer: layer)
            options.statusField = site.statusField
            options.previousPath = previous
            options.rules = try site.loadRules()
            options.language = try site.language()
            let result = try Audit.run(options)
            output.database?.inputCRS = result.parcelCRS
            output.database?.run.counts = [("parcels_read", result.parcels.count), ("audited", result.auditedCount), ("past_ok", result.pastOK),
                                           ("unusable_inputs", result.unusableInputs)]
            try site.finish(summary: { AuditSummary.markdown(result) }, write: { try AuditOutput.write(result, to: $0, output: output, summary: $1) },
                            runTimings: result.timings, output: output, language: options.language,
                            exitCode: result.pastOK > 0 || result.unusableInputs > 0 ? 1 : 0)
        }
    }
}
