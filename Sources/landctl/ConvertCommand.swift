import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl convert IN OUT`.
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.string("convert.abstract"),
            discussion: HelpText.string("convert.discussion")
        )

        @Argument(help: HelpText.help("convert.input"))
        var input: String

        @Argument(help: HelpText.help("convert.output"))
        var output: String

        @Option(help: HelpText.help("convert.to"))
        var to: String?

        @Option(name: .customLong("to-crs"), help: HelpText.help("convert.toCRS"))
        var toCRS: String?

        @Option(name: .customLong("to-encoding"), help: HelpText.help("convert.toEncoding"))
        var toEncoding: String = "gbk"

        @Option(name: .customLong("id-field"), help: HelpText.help("convert.idField"))
        var idField: String?

        @Flag(help: HelpText.help("convert.repair"))
        var repair = false

        @Option(help: HelpText.help("convert.layer"))
        var layer: String?

        @Option(help: HelpText.help("convert.sql"))
        var sql: String?

        @Option(help: HelpText.help("convert.rules"))
        var rules: String?

        @OptionGroup var layerOptions: LayerOptions

        func validate() throws {
            if sql != nil, !PostGISSource.isPostGIS(input) {
                throw ValidationError("--sql reads from a database (PG:\"dbname=… host=…\"), not from a file")
            }
        }

        func run() throws {
            // The output must not be the input (the same file through a symlink or a hard link too).
            let slash = output.lastIndex(of: "/")
            try OutputStaging.checkNotOverwritingInputs(folder: slash.map { String(output[..<$0]) } ?? ".",
                                                         names: [slash.map { String(output[output.index(after: $0)...]) } ?? output],
                                                         inputs: [input])
            var o = LayerConversion.Options(input: input, output: output)
            if let to {
                guard let f = OutputFormat(name: to) else {
                    throw ValidationError("--to must be one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                o.format = f
            }
            guard let e = TextEncoding(name: toEncoding) else { throw ValidationError("--to-encoding must be gbk or utf-8") }
            o.encoding = e
            o.readOptions = try layerOptions.readerOptions()
            o.readOptions.layer = layer
            o.readOptions.sql = sql
            o.crs = layerOptions.crs
            o.webMap = layerOptions.webMap
            o.toCRS = toCRS
            o.repair = repair
            if let rules { o.repairRules = try Rules.load(path: rules).repair }
            o.idField = idField
            let r = try LayerConversion.run(o)
            let order = ["ok", "repaired", "invalid", "no_geometry", "error"]
            let tally = order.map { "\($0) \(r.counts[$0] ?? 0)" }.joined(separator: ", ")
            print("Read      \(r.read) features from \(PostGISSource.displayName(input)) (\(r.inputFormat), \(r.inputCRS))")
            print("Status    \(tally)")
            print("Wrote     \(r.written) features to \(r.files.joined(separator: ", ")) (\(r.format.rawValue), \(r.outputCRS))")
            if !r.renamedColumns.isEmpty {
                print("Columns   renamed for the Shapefile's 10-byte limit: " + r.renamedColumns.map { "\($0.0) → \($0.1)" }.joined(separator: ", "))
            }
            for p in r.problems { print("  - " + DisplayText.escapingControls(p)) }
            for w in r.warnings { print("Warning   \(w)") }
            if r.findings > 0 { throw ExitCode(1) }
        }
    }
}
