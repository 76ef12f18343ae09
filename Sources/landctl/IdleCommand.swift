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
            let output = try site.report.resultFormats()
            try OutputStaging.checkNotOverwritingInputs(folder: site.out, names: IdleOutput.fileNames + output.extraFileNames(["idle"]),
                                                         inputs: [site.parcels, site.buildings, zones, site.report.rules])
            var options = IdleOptions(parcelsPath: site.parcels, asOf: date)
            options.sites = try site.inputs(zones: zones, layer: layer)
            options.statusField = site.statusField
            options.useField = site.useField
            options.rules = try site.loadRules()
            options.language = try site.language()
            let result = try IdleLand.run(options)
            let files = try IdleOutput.write(result, to: site.out, output: output)
            print(IdleSummary.markdown(result))
            print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", "))
            if result.idleCount > 0 || result.unusableInputs > 0 { throw ExitCode(1) }
        }
    }
}
