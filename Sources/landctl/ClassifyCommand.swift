import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl classify`.
    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "三区一线 per parcel and the zoning-conflict list.",
            discussion: """
            Writes parcels.csv, parcels.geojson, conflicts.csv, conflicts.geojson and summary.md into \
            the --out folder and prints the summary. Exit code 1 when a conflict of severity \
            'violation' was found or an input feature is unusable or has no geometry, 0 otherwise, 2 on a \
            usage or input error.
            """
        )

        @Option(help: "The zone layer (the four kinds of 三区一线).")
        var zones: String

        @Option(help: "The parcel layer.")
        var parcels: String

        @Option(help: "Output folder (created when missing).")
        var out: String

        @Option(name: .customLong("id-field"), help: "Parcel attribute used as its id (default, the id rule of every command: id, parcel_id, 宗地编号, 宗地代码, 地块编号, 项目编号, PID, fid, else the feature id, else the 1-based index).")
        var idField: String?

        @Option(name: .customLong("use-field"), help: "Parcel land-use attribute, GB 50137 (M1–M3) or 2023 (1001xx) codes (default: land_use, use, 用途, 用地性质…).")
        var useField: String?

        @Option(name: .customLong("status-field"), help: "Parcel status attribute; values such as proposed / 拟出让 / new mark new grants (default: status, 状态…).")
        var statusField: String?

        @Flag(help: "Print the time of each phase to stderr.")
        var timings = false

        @Flag(help: "No progress display (it is shown on stderr only when stderr is a terminal).")
        var quiet = false

        @Option(name: .customLong("check-offset"), help: "A trusted reference layer (WGS 84/CGCS2000): warn when the parcels look shifted against it by the GCJ-02 or BD-09 (web-map) offset, or by any other.")
        var checkOffset: String?

        @OptionGroup var zone: ZoneOptions
        @OptionGroup var report: ReportOptions
        @OptionGroup var use: UseSchemeOption
        @OptionGroup var constraint: ConstraintOptions
        @OptionGroup var layer: LayerOptions

        func run() throws {
            let language = try report.language()
            let output = try report.resultFormats()
            try OutputStaging.checkNotOverwritingInputs(folder: out, names: ClassificationOutput.fileNames + output.extraFileNames(["parcels", "conflicts"]),
                                                         inputs: [zones, parcels, report.rules, checkOffset, constraint.constraints])
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
            let writeStart = ContinuousClock.now
            let summary = ClassificationSummary.markdown(result)
            let files = try ClassificationOutput.write(result, to: out, summary: summary, output: output, progress: bar?.handler)
            bar?.finish()
            if timings {
                let w = ContinuousClock.now - writeStart
                let phases = result.timings.map { "\($0.phase) \(String(format: "%.3f", $0.seconds)) s" }
                    + ["write \(String(format: "%.3f", Double(w.components.seconds) + Double(w.components.attoseconds) * 1e-18)) s"]
                FileHandle.standardError.write(Data(("timings: " + phases.joined(separator: " · ") + "\n").utf8))
            }
            print(summary)
            print((language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", "))
            // Exit here, with the result still alive: taking a million parcels' results apart
            // piece by piece on the way out costs time and nobody needs it.
            fflush(nil)
            Glibc.exit(result.violationCount > 0 || result.unusableInputs > 0 ? 1 : 0)
        }
    }
}
