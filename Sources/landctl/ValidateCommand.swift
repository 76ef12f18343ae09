import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl validate`.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: HelpText.string("validate.abstract"),
            discussion: HelpText.string("validate.discussion")
        )

        @Option(help: HelpText.help("validate.proposals"))
        var proposals: String

        @Option(help: HelpText.help("validate.zones"))
        var zones: String

        @Option(name: [.customLong("existing"), .customLong("parcels")],
                help: HelpText.help("validate.existing"))
        var existing: String?

        @Option(help: HelpText.help("validate.out"))
        var out: String?

        @Option(name: .customLong("id-field"), help: HelpText.help("validate.idField"))
        var idField: String?

        @OptionGroup var zone: ZoneOptions
        @OptionGroup var constraint: ConstraintOptions
        @OptionGroup var fields: FieldMapOption
        @OptionGroup var report: ReportOptions
        @OptionGroup var layer: LayerOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            _ = try report.language()
            _ = try fields.parsed()
            _ = try constraint.inputs()
        }

        func run() throws {
            let language = try report.language()
            var output = try report.resultFormats(layer: layer)
            try database.check(out: out)
            if let out {
                try OutputStaging.checkNotOverwritingInputs(folder: out, names: GrantValidationOutput.fileNames + output.extraFileNames(["verdicts"]),
                                                             inputs: [proposals, zones, existing, report.rules, constraint.constraints, output.regions?.path])
            }
            output.database = try database.sink(command: "validate", rules: report.rules,
                                                inputs: [("proposals", proposals), ("zones", zones), ("existing", existing), ("constraints", constraint.constraints)])
            var options = ValidateOptions(proposalsPath: proposals, zonesPath: zones)
            options.existingPath = existing
            options.constraints = try constraint.inputs()
            if let map = try fields.parsed() { options.fieldMap = map }
            try zone.apply(to: &options.classify)
            options.classify.idField = idField
            options.classify.crs = layer.crs
            options.classify.areaCRS = layer.areaCRS
            options.classify.readOptions = try layer.readerOptions()
            options.classify.webMap = layer.webMap
            options.classify.rules = try report.loadRules()
            options.classify.language = language
            let result = try GrantValidator.run(options)
            output.database?.inputCRS = result.classification.parcelCRS
            var byVerdict = [Verdict: Int]()
            for k in result.verdicts.indices { byVerdict[result.verdicts[k].verdict, default: 0] += 1 } // in place, no copies
            output.database?.run.counts = Verdict.allCases.map { v in ("verdict_\(v.rawValue)", byVerdict[v] ?? 0) }
                + [("unusable_inputs", result.unusableInputs)]
            let folder = DatabaseOptions.folder(out)
            defer { if let scratch = folder.scratch { try? FileManager.default.removeItem(atPath: scratch) } }
            let summary = GrantValidationOutput.markdown(result)
            let files = try GrantValidationOutput.write(result, to: folder.path, output: output, summary: summary)
            print(output.regions == nil ? summary : publishedSummary(folder.path))
            if out != nil { print((language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
            if let line = DatabaseOptions.report(output.database, language: language) { print(line) }
            exitKeepingResult(byVerdict[.approve] ?? 0 < result.verdicts.count || result.unusableInputs > 0 ? 1 : 0, scratch: folder.scratch)
        }
    }
}
