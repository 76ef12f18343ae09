import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl classify`.
    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.string("classify.abstract"),
            discussion: HelpText.string("classify.discussion")
        )

        @Option(help: HelpText.help("classify.zones"))
        var zones: String

        @Option(help: HelpText.help("classify.parcels"))
        var parcels: String

        @Option(help: HelpText.help("classify.out"))
        var out: String?

        @Option(name: .customLong("id-field"), help: HelpText.help("classify.idField"))
        var idField: String?

        @Option(name: .customLong("use-field"), help: HelpText.help("classify.useField"))
        var useField: String?

        @Option(name: .customLong("status-field"), help: HelpText.help("classify.statusField"))
        var statusField: String?

        @Flag(help: HelpText.help("classify.timings"))
        var timings = false

        @Flag(help: HelpText.help("classify.quiet"))
        var quiet = false

        @Option(name: .customLong("check-offset"), help: HelpText.help("classify.checkOffset"))
        var checkOffset: String?

        @OptionGroup var zone: ZoneOptions
        @OptionGroup var report: ReportOptions
        @OptionGroup var use: UseSchemeOption
        @OptionGroup var constraint: ConstraintOptions
        @OptionGroup var layer: LayerOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let language = try report.language()
            var output = try report.resultFormats(layer: layer)
            try database.check(out: out)
            if let out {
                try OutputStaging.checkNotOverwritingInputs(folder: out, names: ClassificationOutput.fileNames + output.extraFileNames(["parcels", "conflicts"]),
                                                             inputs: [zones, parcels, report.rules, checkOffset, constraint.constraints, output.regions?.path])
            }
            output.database = try database.sink(command: "classify", rules: report.rules,
                                                inputs: [("parcels", parcels), ("zones", zones), ("check_offset", checkOffset), ("constraints", constraint.constraints)])
            var options = ClassifyOptions(zonesPath: zones, parcelsPath: parcels)
            try zone.apply(to: &options)
            options.idField = idField
            options.useField = useField
            options.statusField = statusField
            options.crs = layer.crs
            options.areaCRS = layer.areaCRS
            options.readOptions = try layer.readerOptions()
            options.webMap = layer.webMap
            options.rules = try report.loadRules()
            try use.apply(to: &options.rules)
            options.language = language
            options.checkOffset = checkOffset
            options.constraints = try constraint.inputs()
            let bar = ProgressBar.make(quiet: quiet)
            defer { bar?.finish() } // also when the run fails, before the error is printed
            options.progress = bar?.handler
            let engine = GeometryEngine()
            let result = try Classifier.run(options, engine: engine)
            var written = PhaseTimings() // the write, timed from here
            let pending = PendingText { ClassificationSummary.markdown(result) } // made while the files are written
            output.database?.inputCRS = result.parcelCRS
            output.database?.run.counts = [("parcels_read", result.parcels.count), ("violations", result.violationCount),
                                           ("unusable_inputs", result.unusableInputs)]
            let folder = DatabaseOptions.folder(out)
            defer { if let scratch = folder.scratch { try? FileManager.default.removeItem(atPath: scratch) } }
            let files = try ClassificationOutput.write(result, to: folder.path, summary: { pending.value }, output: output, progress: bar?.handler)
            let summary = pending.value
            bar?.finish()
            if timings {
                written.mark("write")
                // --out-db: the database's part of the write, by step.
                for t in output.database?.written?.timings ?? [] { written.record("db_" + t.phase, seconds: t.seconds) }
                FileHandle.standardError.write(Data((PhaseTimings.line(result.timings + written.phases) + "\n").utf8))
            }
            print(output.regions == nil ? summary : publishedSummary(folder.path))
            if out != nil { print((language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
            if let line = DatabaseOptions.report(output.database, language: language) { print(line) }
            exitKeepingResult(result.violationCount > 0 || result.unusableInputs > 0 ? 1 : 0, scratch: folder.scratch)
        }
    }
}
