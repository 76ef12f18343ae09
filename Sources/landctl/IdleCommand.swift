import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl idle`.
    struct Idle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Idle land (闲置土地) per parcel as of a date: idle_1y, recoverable, partial_idle.",
            discussion: """
            Judges every parcel with a grant under 闲置土地处置办法 (国土资源部令第53号): not started one \
            full year after the agreed start date (idle fee = 20 % of the land price), two full years \
            (recoverable without compensation), or started but under-developed and suspended for a \
            year. With --buildings, the building coverage of each parcel is reported and a parcel \
            recorded as started without any footprint is flagged no_buildings_found. Writes idle.csv, \
            idle.geojson and summary.md into the --out folder and prints the summary. Exit code 1 \
            when at least one parcel is idle or an input feature is unusable or has no geometry, 0 \
            otherwise, 2 on a usage or input error.
            """
        )

        @OptionGroup var site: SiteOptions

        @Option(name: .customLong("as-of"), help: "Evaluation date (YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日), taken at the end of that day.")
        var asOf: String

        @Option(help: "The 三区一线 zone layer, to report idle land by zone.")
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
            let summary = IdleSummary.markdown(result)
            let files = try IdleOutput.write(result, to: folder.path, output: output, summary: summary)
            print(output.regions == nil ? summary : publishedSummary(folder.path))
            if site.out != nil { print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
            if let line = DatabaseOptions.report(output.database, language: options.language) { print(line) }
            if result.idleCount > 0 || result.unusableInputs > 0 { throw ExitCode(1) }
        }
    }
}
