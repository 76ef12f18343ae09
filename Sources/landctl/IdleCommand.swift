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
            var output = try site.report.resultFormats(layer: layer)
            if let out = site.out {
                try OutputStaging.checkNotOverwritingInputs(folder: out, names: IdleOutput.fileNames + output.extraFileNames(["idle"]),
                                                             inputs: [site.parcels, site.buildings, zones, site.report.rules, output.regions?.path])
            }
            output.database = try site.database.sink(command: "idle", rules: site.report.rules,
                                                     inputs: [("parcels", site.parcels), ("buildings", site.buildings), ("zones", zones)])
            var options = IdleOptions(parcelsPath: site.parcels, asOf: date)
            options.sites = try site.inputs(zones: zones, layer: layer)
            options.statusField = site.statusField
            options.useField = site.useField
            options.rules = try site.loadRules()
            options.language = try site.language()
            let result = try IdleLand.run(options)
            output.database?.inputCRS = result.parcelCRS
            output.database?.run.counts = [("parcels_read", result.parcels.count), ("idle", result.idleCount), ("unusable_inputs", result.unusableInputs)]
            let folder = DatabaseOptions.folder(site.out)
            defer { if let scratch = folder.scratch { try? FileManager.default.removeItem(atPath: scratch) } }
            var timings = PhaseTimings()
            let summary = IdleSummary.markdown(result)
            timings.mark("summary")
            let files = try IdleOutput.write(result, to: folder.path, output: output, summary: summary)
            timings.mark("write")
            if site.timings { FileHandle.standardError.write(Data((PhaseTimings.line(result.timings + timings.phases) + "\n").utf8)) }
            print(output.regions == nil ? summary : publishedSummary(folder.path))
            if site.out != nil { print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
            if let line = DatabaseOptions.report(output.database, language: options.language) { print(line) }
            if result.idleCount > 0 || result.unusableInputs > 0 { throw ExitCode(1) }
        }
    }
}
