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
        var out: String

        @Option(name: .customLong("id-field"), help: HelpText.help("validate.idField"))
        var idField: String?

        @OptionGroup var zone: ZoneOptions
        @OptionGroup var constraint: ConstraintOptions
        @OptionGroup var fields: FieldMapOption
        @OptionGroup var report: ReportOptions
        @OptionGroup var layer: LayerOptions

        func validate() throws {
            _ = try report.language()
            _ = try fields.parsed()
            _ = try constraint.inputs()
        }

        func run() throws {
            let language = try report.language()
            let output = try report.resultFormats()
            try OutputStaging.checkNotOverwritingInputs(folder: out, names: GrantValidationOutput.fileNames + output.extraFileNames(["verdicts"]),
                                                         inputs: [proposals, zones, existing, report.rules, constraint.constraints])
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
            let files = try GrantValidationOutput.write(result, to: out, output: output)
            print(GrantValidationOutput.markdown(result))
            print((language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", "))
            if result.verdicts.contains(where: { $0.verdict != .approve }) || result.unusableInputs > 0 { throw ExitCode(1) }
        }
    }
}
