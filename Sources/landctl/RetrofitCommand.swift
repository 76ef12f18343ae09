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
            var output = try site.report.resultFormats(layer: layer)
            if let out = site.out {
                try OutputStaging.checkNotOverwritingInputs(folder: out, names: RetrofitOutput.fileNames + output.extraFileNames(["retrofit", "pockets"]),
                                                             inputs: [site.parcels, site.buildings, zones, site.report.rules, output.regions?.path])
            }
            output.database = try site.database.sink(command: "retrofit", rules: site.report.rules,
                                                     inputs: [("parcels", site.parcels), ("buildings", site.buildings), ("zones", zones)])
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
            let folder = DatabaseOptions.folder(site.out)
            defer { if let scratch = folder.scratch { try? FileManager.default.removeItem(atPath: scratch) } }
            var timings = PhaseTimings()
            let summary = RetrofitSummary.markdown(result)
            timings.mark("summary")
            let files = try RetrofitOutput.write(result, to: folder.path, output: output, summary: summary)
            timings.mark("write")
            if site.timings { FileHandle.standardError.write(Data((PhaseTimings.line(result.timings + timings.phases) + "\n").utf8)) }
            print(output.regions == nil ? summary : publishedSummary(folder.path))
            if site.out != nil { print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
            if let line = DatabaseOptions.report(output.database, language: options.language) { print(line) }
            if result.parcels.contains(where: \.candidate) || result.unusableInputs > 0 { throw ExitCode(1) }
        }
    }
}
