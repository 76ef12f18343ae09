import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl retrofit`.
    struct Retrofit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "零地技改 candidates, where added floor space can go, and low-efficiency land.",
            discussion: """
            Candidates: existing industrial parcels in the cluster, red-line or transition zone, not \
            idle, with a FAR below the target (1.5, or 2.0 with --target encouraged). FAR comes from \
            the buildings (footprint × floors, a storey over 8 m counted twice) when --buildings is \
            given, else from floor_area_m2. Pockets of free land (parcel less setbacks, at least \
            500 m², a 20 m square fits) are written to pockets.geojson. Tax per 亩 below 5 万元 marks \
            low efficiency; low FAR with low efficiency ranks first. Writes retrofit.csv, \
            retrofit.geojson, pockets.geojson and summary.md into the --out folder and prints the \
            summary. Exit code 1 when there is at least one candidate or an input feature is unusable \
            or has no geometry, 0 otherwise, 2 on a usage or input error.
            """
        )

        @OptionGroup var site: SiteOptions

        @Option(help: "The 三区一线 zone layer.")
        var zones: String

        @Option(help: "Target FAR: standard (rules target_far, 1.5), encouraged (encouraged_far, 2.0) or a number.")
        var target: String = "standard"

        @Option(name: .customLong("as-of"), help: "Date idle land is judged at, to leave it out (default: today).")
        var asOf: String?

        @OptionGroup var layer: LayerOptions

        func validate() throws {
            if let asOf { _ = try parseAsOf(asOf) }
            guard RetrofitTarget(target) != nil else { throw ValidationError("--target must be standard, encouraged or a positive number") }
            try site.check()
        }

        func run() throws {
            guard let goal = RetrofitTarget(target) else { throw ValidationError("--target must be standard, encouraged or a positive number") }
            var output = try site.report.resultFormats(layer: layer)
            if let out = site.out {
                try OutputStaging.checkNotOverwritingInputs(folder: out, names: RetrofitOutput.fileNames + output.extraFileNames(["retrofit", "pockets"]),
                                                             inputs: [site.parcels, site.buildings, zones, site.report.rules, output.regions?.path])
            }
            output.database = try site.database.sink(command: "retrofit", rules: site.report.rules,
                                                     inputs: [("parcels", site.parcels), ("buildings", site.buildings), ("zones", zones)])
            var options = RetrofitOptions(parcelsPath: site.parcels, zonesPath: zones, asOf: try asOf.map(parseAsOf) ?? .today())
            options.sites = try site.inputs(zones: zones, layer: layer)
            options.target = goal
            options.useField = site.useField
            options.statusField = site.statusField
            options.rules = try site.loadRules()
            options.language = try site.language()
            let result = try LandControl.Retrofit.run(options)
            output.database?.inputCRS = result.parcelCRS
            output.database?.run.counts = [("parcels_read", result.parcels.count), ("candidates", result.parcels.filter(\.candidate).count),
                                           ("unusable_inputs", result.unusableInputs)]
            let folder = DatabaseOptions.folder(site.out)
            defer { if let scratch = folder.scratch { try? FileManager.default.removeItem(atPath: scratch) } }
            let summary = RetrofitSummary.markdown(result)
            let files = try RetrofitOutput.write(result, to: folder.path, output: output, summary: summary)
            print(output.regions == nil ? summary : publishedSummary(folder.path))
            if site.out != nil { print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
            if let line = DatabaseOptions.report(output.database, language: options.language) { print(line) }
            if result.parcels.contains(where: \.candidate) || result.unusableInputs > 0 { throw ExitCode(1) }
        }
    }
}
