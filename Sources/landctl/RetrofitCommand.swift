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
            let output = try site.report.resultFormats()
            try OutputStaging.checkNotOverwritingInputs(folder: site.out, names: RetrofitOutput.fileNames + output.extraFileNames(["retrofit", "pockets"]),
                                                         inputs: [site.parcels, site.buildings, zones, site.report.rules])
            var options = RetrofitOptions(parcelsPath: site.parcels, zonesPath: zones, asOf: try asOf.map(parseAsOf) ?? .today())
            options.sites = try site.inputs(zones: zones, layer: layer)
            options.target = goal
            options.useField = site.useField
            options.statusField = site.statusField
            options.rules = try site.loadRules()
            options.language = try site.language()
            let result = try LandControl.Retrofit.run(options)
            let files = try RetrofitOutput.write(result, to: site.out, output: output)
            print(RetrofitSummary.markdown(result))
            print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", "))
            if result.parcels.contains(where: \.candidate) || result.unusableInputs > 0 { throw ExitCode(1) }
        }
    }
}
