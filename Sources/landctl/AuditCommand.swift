import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl audit`.
    struct AuditCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "标准地 contract audit (履约监管) as of a date, with each parcel's stage on the exit ladder: ok, rectify, penalty, exit.",
            discussion: """
            Checks each granted 标准地 parcel's contract against what happened, as of the end of \
            --as-of: the start, completion and production dates (START_LATE, COMPLETION_LATE, \
            PRODUCTION_LATE), investment intensity at completion, and at the 达产复核 review the tax \
            per 亩, the FAR (ledger floor area, else --buildings as retrofit computes it), energy and \
            emissions per value added (INVESTMENT_SHORT, TAX_SHORT, FAR_SHORT, ENERGY_OVER, \
            EMISSION_OVER), the industry (INDUSTRY_CHANGED, NEGATIVE_LIST) and every due check that \
            lacks its figure (NO_DATA). Each parcel gets a stage — ok, rectify (整改), penalty (违约金, \
            with the formula) or exit (收回/退出) — by the rules file's audit: section, and with \
            --previous the stages whose deadline passed move up. Writes audit.csv, findings.csv, \
            parcels.geojson, summary.md, report.html and results.xlsx into --out and prints the \
            summary. Exit code 1 when any parcel is past ok or an input feature is unusable or has \
            no geometry, 0 otherwise, 2 on a usage or input error.
            """
        )

        @OptionGroup var site: SiteOptions

        @Option(name: .customLong("as-of"), help: "Audit date (YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日), taken at the end of that day.")
        var asOf: String

        @Option(help: "The 三区一线 zone layer: a zone per parcel, the stages by zone, and zones' own negative lists (negative_list / 负面清单).")
        var zones: String?

        @Option(help: "The previous audit's output folder (or its audit.csv): a penalty (or rectification) whose deadline has passed moves up a stage.")
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
            output.database?.run.counts = [("parcels_read", result.parcels.count), ("audited", result.audited.count), ("past_ok", result.pastOK),
                                           ("unusable_inputs", result.unusableInputs)]
            let folder = DatabaseOptions.folder(site.out)
            defer { if let scratch = folder.scratch { try? FileManager.default.removeItem(atPath: scratch) } }
            let summary = AuditSummary.markdown(result)
            let files = try AuditOutput.write(result, to: folder.path, output: output, summary: summary)
            print(output.regions == nil ? summary : publishedSummary(folder.path))
            if site.out != nil { print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
            if let line = DatabaseOptions.report(output.database, language: options.language) { print(line) }
            if result.pastOK > 0 || result.unusableInputs > 0 { throw ExitCode(1) }
        }
    }
}
