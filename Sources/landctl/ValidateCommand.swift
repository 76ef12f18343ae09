import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl validate`.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "标准地 admission checks: a verdict per land-grant proposal with every check's required and actual value.",
            discussion: "Writes verdicts.csv, verdicts.geojson and summary.md. Exit code 0 when every proposal is approved, 1 when any is rejected or needs review or an input feature is unusable or has no geometry, 2 on a usage or input error."
        )

        @Option(help: "The land-grant proposals (polygons with their 标准地 figures).")
        var proposals: String

        @Option(help: "The zone layer (三区一线).")
        var zones: String

        @Option(name: [.customLong("existing"), .customLong("parcels")],
                help: "Existing grants, for the overlap check (features whose status is proposed are left out); --parcels is its former name.")
        var existing: String?

        @Option(help: "Output folder (created when missing).")
        var out: String

        @Option(name: .customLong("id-field"), help: "Proposal attribute used as its id (default, the id rule of every command: id, parcel_id, 宗地编号, 宗地代码, 地块编号, 项目编号, PID, fid, proposal_id, else the feature id, else the 1-based index).")
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
