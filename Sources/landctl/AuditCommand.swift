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
            var output = try site.report.resultFormats(layer: layer)
            if let out = site.out {
                try OutputStaging.checkNotOverwritingInputs(folder: out, names: AuditOutput.fileNames + output.extraFileNames(["audit"]),
                                                             inputs: [site.parcels, site.buildings, zones, site.report.rules, output.regions?.path])
            }
            output.database = try site.database.sink(command: "audit", rules: site.report.rules,
                                                     inputs: [("parcels", site.parcels), ("buildings", site.buildings), ("zones", zones)])
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
            let folder = DatabaseOptions.folder(site.out)
            defer { if let scratch = folder.scratch { try? FileManager.default.removeItem(atPath: scratch) } }
            var timings = PhaseTimings()
            let summary = AuditSummary.markdown(result)
            timings.mark("summary")
            let files = try AuditOutput.write(result, to: folder.path, output: output, summary: summary)
            timings.mark("write")
            if site.timings { FileHandle.standardError.write(Data((PhaseTimings.line(result.timings + timings.phases) + "\n").utf8)) }
            print(output.regions == nil ? summary : publishedSummary(folder.path))
            if site.out != nil { print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
            if let line = DatabaseOptions.report(output.database, language: options.language) { print(line) }
            if result.pastOK > 0 || result.unusableInputs > 0 { throw ExitCode(1) }
        }
    }
}
