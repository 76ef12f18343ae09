import ArgumentParser
import Foundation
import LandControl
import Spatial

/// `landctl`: industrial-land spatial control (三区一线) from the command line.
struct LandCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landctl",
        abstract: "Industrial-land spatial control (三区一线): zones, parcels, grants, areas.",
        discussion: """
        Exit codes: 0 done, nothing to report; 1 done, with findings (invalid or unusable \
        features for info, rule violations for the checking commands); 2 usage or input error.
        """,
        version: "0.1.0",
        subcommands: [Info.self, Classify.self, Validate.self, Idle.self, Retrofit.self, Convert.self, RulesCommand.self]
    )
}

/// Options every command that reads a layer shares.
struct LayerOptions: ParsableArguments {
    @Option(help: "CRS of the input coordinates (EPSG:4490, 4550, a PROJ string); overrides what the file declares.")
    var crs: String?

    @Option(name: .customLong("area-crs"), help: "Projected CRS for planar areas (default: the CGCS2000 3° Gauss–Krüger zone of the data, EPSG:4534–4554).")
    var areaCRS: String?

    @Option(help: "Input format when the file name does not tell: geojson, wkt, csv, bubiao-txt, or a GDAL driver (GPKG, 'ESRI Shapefile', OpenFileGDB, LIBKML, DXF, FlatGeobuf…).")
    var format: LayerFormat?

    @Option(name: .customLong("geometry-column"), help: "CSV column holding WKT (default: wkt, geometry, geom, the_geom, wkt_geom or shape).")
    var geometryColumn: String?

    @Option(help: "Text encoding of CSV input and Shapefile DBFs: utf-8 or gbk (default: CSV utf-8; a DBF by its .cpg, its code page byte, else utf-8 when valid, else gbk).")
    var encoding: String?

    @Flag(help: "Stop with exit code 2, before writing anything, when any input feature is unreadable, has no geometry or is invalid.")
    var strict = false

    @Flag(exclusivity: .exclusive)
    var webMap: WebMapDatum?

    func readerOptions() throws -> LayerReader.Options {
        var e: TextEncoding?
        if let encoding {
            guard let named = TextEncoding(name: encoding) else {
                throw ValidationError("unknown encoding '\(encoding)': use utf-8 or gbk")
            }
            e = named
        }
        return .init(format: format, geometryColumn: geometryColumn, encoding: e, strict: strict)
    }
}

extension LayerFormat: ExpressibleByArgument {
    public init?(argument: String) {
        guard !argument.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        self.init(named: argument)
    }
}

/// `--from-gcj02` / `--from-bd09`: the input layers' longitude/latitude come from a Chinese
/// web map and are converted to WGS 84 as they are read.
extension WebMapDatum: EnumerableFlag {
    public static func name(for value: WebMapDatum) -> NameSpecification { .customLong("from-\(value.rawValue)") }

    public static func help(for value: WebMapDatum) -> ArgumentHelp? {
        switch value {
        case .gcj02: "The input layers are GCJ-02 longitude/latitude (digitised from 高德/腾讯 maps): convert every input layer (not the --check-offset reference) to WGS 84 as it is read."
        case .bd09: "The input layers are BD-09 longitude/latitude (digitised from 百度 maps): convert every input layer (not the --check-offset reference) to WGS 84 as it is read."
        }
    }
}

/// How the zone layer is read, shared by the commands that take zones.
struct ZoneOptions: ParsableArguments {
    @Option(name: .customLong("zone-field"), help: "Zone attribute holding the kind (default: zone, zone_type, zone_kind, kind, type, 分区…).")
    var zoneField: String?

    @Option(name: .customLong("zone-map"), help: "A city's zone codes mapped to kinds, e.g. 'M1=cluster,PUD=redline'.")
    var zoneMap: String?

    @Option(name: .customLong("zone-id-field"), help: "Zone attribute used as its id (default: zone_id, else the feature id or index).")
    var zoneIDField: String?

    @Option(name: .customLong("zones-crs"), help: "CRS of the zone layer when it differs from --crs.")
    var zonesCRS: String?

    func parsedZoneMap() throws -> ZoneMap {
        guard let zoneMap else { return ZoneMap() }
        do {
            return try ZoneMap(parsing: zoneMap)
        } catch let e as ZoneMapError {
            throw ValidationError(e.description)
        }
    }

    /// Copies these options into classify's.
    func apply(to options: inout ClassifyOptions) throws {
        options.zoneField = zoneField
        options.zoneIDField = zoneIDField
        options.zoneMap = try parsedZoneMap()
        options.zonesCRS = zonesCRS
    }
}

/// The rules file and the report language, shared by the checking commands.
struct ReportOptions: ParsableArguments {
    @Option(help: "Rules file (YAML); see `landctl rules --print-defaults`.")
    var rules: String?

    @Option(help: "Language of messages and the summary: zh or en.")
    var lang: String = "zh"

    func language() throws -> ReportLanguage {
        guard let l = ReportLanguage(rawValue: lang) else { throw ValidationError("--lang must be zh or en") }
        return l
    }

    @Option(name: .customLong("out-format"), help: "Result formats, comma-separated: csv, geojson, gpkg (one results.gpkg, a layer per result), shp (one Shapefile per result), fgb. Default: csv,geojson.")
    var outFormat: String?

    @Option(name: .customLong("out-encoding"), help: "Text encoding of Shapefile results: gbk (default) or utf-8.")
    var outEncoding: String = "gbk"

    func loadRules() throws -> Rules {
        try rules.map { try Rules.load(path: $0) } ?? Rules.defaults
    }

    func resultFormats() throws -> ResultFormats.Options {
        guard let e = TextEncoding(name: outEncoding) else { throw ValidationError("--out-encoding must be gbk or utf-8") }
        do {
            return ResultFormats.Options(formats: try outFormat.map { try ResultFormats.parse($0) } ?? ResultFormats.defaults, shapefileEncoding: e)
        } catch let error as ReadError {
            throw ValidationError(error.message)
        }
    }
}

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a layer: format, features, geometry types, CRS, extent, invalid geometries, areas.",
        discussion: "Exit code 1 when some geometries are invalid or unusable, 0 when all are fine."
    )

    @Argument(help: "A layer: Shapefile, GeoPackage, FileGDB, KML, DXF, FlatGeobuf, GeoJSON, WKT lines, CSV with WKT, 部标 TXT (a file, a folder, a .zip, or PATH|layername=NAME).")
    var file: String

    @Option(name: .customLong("layer"), help: "The layer to read in a multi-layer file (GeoPackage, FileGDB, KML, a folder); in DXF/DWG the CAD layer.")
    var layerName: String?

    @OptionGroup var layer: LayerOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print the time of each phase (read, check, area) and the read throughput to stderr.")
    var timings = false

    @Option(name: .customLong("check-offset"), help: "A trusted reference layer (WGS 84/CGCS2000): measure how far the data lie from it, and warn when they look shifted by the GCJ-02 or BD-09 (web-map) offset.")
    var checkOffset: String?

    @Option(help: "Rules file (YAML); its repair section (repair.close_ring_tolerance_m) applies here. See `landctl rules --print-defaults`.")
    var rules: String?

    func run() throws {
        var options = try layer.readerOptions()
        options.layer = layerName
        let repair = try rules.map { try Rules.load(path: $0) }?.repair ?? RepairRules()
        let report = try LayerInspector.inspect(file, options: options, crs: layer.crs, areaCRS: layer.areaCRS,
                                                checkOffset: checkOffset, webMap: layer.webMap, repair: repair)
        print(json ? try report.json() : DisplayText.escapingControls(report.text), terminator: "")
        if timings { FileHandle.standardError.write(Data(report.timingText.utf8)) }
        if report.invalidCount > 0 || report.count(.error) > 0 { throw ExitCode(1) }
    }
}

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "三区一线 per parcel and the zoning-conflict list.",
        discussion: """
        Writes parcels.csv, parcels.geojson, conflicts.csv, conflicts.geojson and summary.md into \
        the --out folder and prints the summary. Exit code 1 when a conflict of severity \
        'violation' was found, 0 otherwise, 2 on a usage or input error.
        """
    )

    @Option(help: "The zone layer (the four kinds of 三区一线).")
    var zones: String

    @Option(help: "The parcel layer.")
    var parcels: String

    @Option(help: "Output folder (created when missing).")
    var out: String

    @Option(name: .customLong("id-field"), help: "Parcel attribute used as its id (default: the feature id, else the 1-based index).")
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
    @OptionGroup var layer: LayerOptions

    func run() throws {
        let language = try report.language()
        let output = try report.resultFormats()
        try OutputStaging.checkNotOverwritingInputs(folder: out, names: ClassificationOutput.fileNames + output.extraFileNames(["parcels", "conflicts"]),
                                                     inputs: [zones, parcels, report.rules, checkOffset])
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
        options.language = language
        options.checkOffset = checkOffset
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
        Glibc.exit(result.violationCount > 0 ? 1 : 0)
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print the default rules file, or check one.",
        discussion: "landctl rules --print-defaults > city-rules.yaml; edit; landctl rules --check city-rules.yaml"
    )

    @Flag(name: .customLong("print-defaults"), help: "Print every threshold with its default and source, as a rules file.")
    var printDefaults = false

    @Option(help: "Check a rules file: exit 0 when it reads, 2 with the line and key when it does not.")
    var check: String?

    func validate() throws {
        if printDefaults == (check != nil) { throw ValidationError("give either --print-defaults or --check FILE") }
    }

    func run() throws {
        if printDefaults {
            print(Rules.defaultsYAML, terminator: "")
        } else if let check {
            _ = try Rules.load(path: check)
            print("\(check): ok")
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "标准地 admission checks: a verdict per land-grant proposal with every check's required and actual value.",
        discussion: "Writes verdicts.csv, verdicts.geojson and summary.md. Exit code 0 when every proposal is approved, 1 when any is rejected or needs review, 2 on a usage or input error."
    )

    @Option(help: "The land-grant proposals (polygons with their 标准地 figures).")
    var proposals: String

    @Option(help: "The zone layer (三区一线).")
    var zones: String

    @Option(help: "Existing grants, for the overlap check (parcels whose status is proposed are left out).")
    var parcels: String?

    @Option(help: "Output folder (created when missing).")
    var out: String

    @Option(name: .customLong("id-field"), help: "Proposal attribute used as its id (default: id, proposal_id, 项目编号 or 地块编号, else the feature id or index).")
    var idField: String?

    @OptionGroup var zone: ZoneOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var layer: LayerOptions

    func run() throws {
        let language = try report.language()
        let output = try report.resultFormats()
        try OutputStaging.checkNotOverwritingInputs(folder: out, names: GrantValidationOutput.fileNames + output.extraFileNames(["verdicts"]),
                                                     inputs: [proposals, zones, parcels, report.rules])
        var options = ValidateOptions(proposalsPath: proposals, zonesPath: zones)
        options.existingPath = parcels
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
        if result.verdicts.contains(where: { $0.verdict != .approve }) { throw ExitCode(1) }
    }
}
