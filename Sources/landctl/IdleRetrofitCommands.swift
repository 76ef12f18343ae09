import ArgumentParser
import Foundation
import LandControl
import Spatial

/// Options `idle` and `retrofit` share: the parcel ledger's fields and the optional layers.
struct SiteOptions: ParsableArguments {
    @Option(help: "The parcel layer (the land ledger).")
    var parcels: String

    @Option(help: "Output folder (created when missing).")
    var out: String

    @Option(help: "Building footprints (floors, storey_height_m / 层数, 层高).")
    var buildings: String?

    @Option(name: .customLong("id-field"), help: "Parcel attribute used as its id (default: the feature id, else the 1-based index).")
    var idField: String?

    @Option(name: .customLong("status-field"), help: "Parcel status attribute; proposed / 拟出让 / new mark parcels not granted (default: status, 状态…).")
    var statusField: String?

    @Option(name: .customLong("use-field"), help: "Parcel land use, GB 50137 (M1–M3) or 2023 (1001xx) codes (default: land_use, landuse, use, 用途, 用地性质…).")
    var useField: String?

    @Option(name: .customLong("field-map"), help: "Ledger fields named outright, e.g. 'agreed_start=动工时间,land_price_wan=出让金' (keys: grant_date, agreed_start, actual_start, land_price_wan, developed_share, invested_share, suspended_since, floor_area_m2, tax_wan, floors, storey_height_m).")
    var fieldMap: String?

    @OptionGroup var zone: ZoneOptions
    @OptionGroup var report: ReportOptions

    @Option(name: .customLong("buildings-crs"), help: "CRS of the building layer when it differs from --crs.")
    var buildingsCRS: String?

    /// Option values that can be checked before anything is read.
    func check() throws {
        _ = try language()
        _ = try parsedFieldMap()
        _ = try zone.parsedZoneMap()
    }

    /// The `--field-map` value parsed, with a parse failure reported as a usage error.
    func parsedFieldMap() throws -> FieldMap? {
        guard let fieldMap else { return nil }
        do {
            return try FieldMap(parsing: fieldMap)
        } catch let e as FieldMapError {
            throw ValidationError(e.description)
        }
    }

    func language() throws -> ReportLanguage { try report.language() }

    func loadRules() throws -> Rules { try report.loadRules() }

    func inputs(zones: String?, layer: LayerOptions) throws -> SiteInputs {
        var s = SiteInputs(parcelsPath: parcels)
        s.zonesPath = zones
        s.buildingsPath = buildings
        s.zoneField = zone.zoneField
        s.zoneIDField = zone.zoneIDField
        s.zoneMap = try zone.parsedZoneMap()
        s.idField = idField
        if let map = try parsedFieldMap() { s.fieldMap = map }
        s.crs = layer.crs
        s.zonesCRS = zone.zonesCRS
        s.buildingsCRS = buildingsCRS
        s.areaCRS = layer.areaCRS
        s.readOptions = try layer.readerOptions()
        s.webMap = layer.webMap
        return s
    }
}

func parseAsOf(_ text: String) throws -> LedgerDate {
    do {
        return try LedgerDate.parse(text)
    } catch let e as LedgerDate.ParseError {
        throw ValidationError("--as-of \(e)")
    }
}

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
        when at least one parcel is idle, 0 otherwise, 2 on a usage or input error.
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
        let output = try site.report.resultFormats()
        try OutputStaging.checkNotOverwritingInputs(folder: site.out, names: IdleOutput.fileNames + output.extraFileNames(["idle"]),
                                                     inputs: [site.parcels, site.buildings, zones, site.report.rules])
        var options = IdleOptions(parcelsPath: site.parcels, asOf: date)
        options.sites = try site.inputs(zones: zones, layer: layer)
        options.statusField = site.statusField
        options.useField = site.useField
        options.rules = try site.loadRules()
        options.language = try site.language()
        let result = try IdleLand.run(options)
        let files = try IdleOutput.write(result, to: site.out, output: output)
        print(IdleSummary.markdown(result))
        print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", "))
        if result.idleCount > 0 { throw ExitCode(1) }
    }
}

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
        summary. Exit code 1 when there is at least one candidate, 0 otherwise, 2 on a usage or \
        input error.
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
        let output = try site.report.resultFormats()
        try OutputStaging.checkNotOverwritingInputs(folder: site.out, names: RetrofitOutput.fileNames + output.extraFileNames(["retrofit", "pockets"]),
                                                     inputs: [site.parcels, site.buildings, zones, site.report.rules])
        var options = RetrofitOptions(parcelsPath: site.parcels, zonesPath: zones, asOf: try asOf.map(parseAsOf) ?? .today())
        options.sites = try site.inputs(zones: zones, layer: layer)
        options.target = goal
        options.useField = site.useField
        options.statusField = site.statusField
        options.rules = try site.loadRules()
        options.language = try site.language()
        let result = try LandControl.Retrofit.run(options)
        let files = try RetrofitOutput.write(result, to: site.out, output: output)
        print(RetrofitSummary.markdown(result))
        print((options.language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", "))
        if result.parcels.contains(where: \.candidate) { throw ExitCode(1) }
    }
}
