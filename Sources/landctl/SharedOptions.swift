import ArgumentParser
import Foundation
import LandControl
import Spatial

/// Options every command that reads a layer shares.
struct LayerOptions: ParsableArguments {
    @Option(help: HelpText.help("shared.crs"))
    var crs: String?

    @Option(name: .customLong("area-crs"), help: HelpText.help("shared.areaCRS"))
    var areaCRS: String?

    @Option(help: HelpText.help("shared.format"))
    var format: LayerFormat?

    @Option(name: .customLong("geometry-column"), help: HelpText.help("shared.geometryColumn"))
    var geometryColumn: String?

    @Option(help: HelpText.help("shared.encoding"))
    var encoding: String?

    @Flag(help: HelpText.help("shared.strict"))
    var strict = false

    @Flag(name: .customLong("swap-xy"), help: HelpText.help("shared.swapXY"))
    var swapXY = false

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
        var options = LayerReader.Options(format: format, geometryColumn: geometryColumn, encoding: e, strict: strict)
        options.swapXY = swapXY
        return options
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
        case .gcj02: HelpText.help("shared.from-gcj02")
        case .bd09: HelpText.help("shared.from-bd09")
        }
    }
}

/// How the zone layer is read, shared by the commands that take zones.
struct ZoneOptions: ParsableArguments {
    @Option(name: .customLong("zone-field"), help: HelpText.help("shared.zoneField"))
    var zoneField: String?

    @Option(name: .customLong("zone-map"), help: HelpText.help("shared.zoneMap"))
    var zoneMap: String?

    @Option(name: .customLong("zone-id-field"), help: HelpText.help("shared.zoneIDField"))
    var zoneIDField: String?

    @Option(name: .customLong("zones-crs"), help: HelpText.help("shared.zonesCRS"))
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
    @Option(help: HelpText.help("shared.rules"))
    var rules: String?

    @Option(help: HelpText.help("shared.lang"))
    var lang: String = "zh"

    func language() throws -> ReportLanguage {
        guard let l = ReportLanguage(rawValue: lang) else { throw ValidationError("--lang must be zh or en") }
        return l
    }

    @Option(name: .customLong("out-format"), help: HelpText.help("shared.outFormat"))
    var outFormat: String?

    @Option(name: .customLong("out-encoding"), help: HelpText.help("shared.outEncoding"))
    var outEncoding: String = "gbk"

    @Option(help: HelpText.help("shared.headers"))
    var headers: String = "en"

    @Flag(name: .customLong("no-report"), help: HelpText.help("shared.noReport"))
    var noReport = false

    @Flag(name: .customLong("no-xlsx"), help: HelpText.help("shared.noXLSX"))
    var noXLSX = false

    @Option(help: HelpText.help("shared.regions"))
    var regions: String?

    @Option(name: .customLong("region-field"), help: HelpText.help("shared.regionField"))
    var regionField: String?

    @Option(name: .customLong("regions-crs"), help: HelpText.help("shared.regionsCRS"))
    var regionsCRS: String?

    @Flag(name: .customLong("regions-from-gcj02"), help: HelpText.help("shared.regionsFromGCJ02"))
    var regionsFromGCJ02 = false

    func loadRules() throws -> Rules {
        try rules.map { try Rules.load(path: $0) } ?? Rules.defaults
    }

    /// The output options; `layer`: how the run reads its layers (the region layer is read the same way).
    func resultFormats(layer: LayerOptions? = nil) throws -> ResultFormats.Options {
        guard let e = TextEncoding(name: outEncoding) else { throw ValidationError("--out-encoding must be gbk or utf-8") }
        guard let h = ReportLanguage(rawValue: headers) else { throw ValidationError("--headers must be en or zh") }
        var options: ResultFormats.Options
        do {
            options = ResultFormats.Options(formats: try outFormat.map { try ResultFormats.parse($0) } ?? ResultFormats.defaults, shapefileEncoding: e, headerLanguage: h)
        } catch let error as ReadError {
            throw ValidationError(error.message)
        }
        options.report = !noReport
        options.workbook = !noXLSX
        options.rulesFile = rules
        if let regions {
            guard let regionField, !regionField.isEmpty else { throw ValidationError("--regions needs --region-field NAME (the attribute with each region's name)") }
            var input = RegionInput(path: regions, field: regionField)
            input.crs = regionsCRS
            if let layer {
                input.readOptions = try layer.readerOptions()
                input.readOptions.format = nil // --format names the main layer's format
                input.webMap = layer.webMap
            }
            if regionsFromGCJ02 { input.webMap = .gcj02 }
            options.regions = input
        } else if regionField != nil || regionsFromGCJ02 || regionsCRS != nil {
            throw ValidationError("--region-field, --regions-crs and --regions-from-gcj02 go with --regions FILE")
        }
        return options
    }
}

/// `--field-map`: attributes named outright, for `idle`, `retrofit` and `validate`.
struct FieldMapOption: ParsableArguments {
    @Option(name: .customLong("field-map"), help: HelpText.help("shared.fieldMap"))
    var fieldMap: String?

    /// The value parsed, with a parse failure reported as a usage error.
    func parsed() throws -> FieldMap? {
        guard let fieldMap else { return nil }
        do {
            return try FieldMap(parsing: fieldMap)
        } catch let e as FieldMapError {
            throw ValidationError(e.description)
        }
    }
}

/// `--constraints`: the 国土空间规划's 三区三线 (永久基本农田, 生态保护红线, 城镇开发边界).
struct ConstraintOptions: ParsableArguments {
    @Option(help: HelpText.help("shared.constraints"))
    var constraints: String?

    @Option(name: .customLong("constraint-field"), help: HelpText.help("shared.constraintField"))
    var constraintField: String?

    @Option(name: .customLong("constraint-map"), help: HelpText.help("shared.constraintMap"))
    var constraintMap: String?

    @Option(name: .customLong("constraints-crs"), help: HelpText.help("shared.constraintsCRS"))
    var constraintsCRS: String?

    /// The inputs, nil without --constraints.
    func inputs() throws -> ConstraintInputs? {
        guard let constraints else { return nil }
        var c = ConstraintInputs(path: constraints)
        c.field = constraintField
        c.crs = constraintsCRS
        if let constraintMap {
            do {
                c.map = try ConstraintMap(parsing: constraintMap)
            } catch let e as ZoneMapError {
                throw ValidationError("--constraint-map: \(e.message)")
            }
        }
        return c
    }
}

/// `--use-scheme`: the classification numeric land-use codes are read in.
struct UseSchemeOption: ParsableArguments {
    @Option(name: .customLong("use-scheme"), help: HelpText.help("shared.useScheme"))
    var useScheme: String?

    func scheme() throws -> LandUseScheme? {
        guard let useScheme else { return nil }
        guard let s = LandUseScheme(argument: useScheme) else { throw ValidationError("--use-scheme must be gb50137, gbt21010, 2023 or auto") }
        return s
    }

    /// The rules with the scheme given on the command line, if any.
    func apply(to rules: inout Rules) throws {
        if let s = try scheme() { rules.classification.useScheme = s }
    }
}

/// Options `idle` and `retrofit` share: the parcel ledger's fields and the optional layers.
struct SiteOptions: ParsableArguments {
    @Option(help: HelpText.help("shared.parcels"))
    var parcels: String

    @Option(help: HelpText.help("shared.out"))
    var out: String?

    @Option(help: HelpText.help("shared.buildings"))
    var buildings: String?

    @Option(name: .customLong("id-field"), help: HelpText.help("shared.idField"))
    var idField: String?

    @Option(name: .customLong("status-field"), help: HelpText.help("shared.statusField"))
    var statusField: String?

    @Option(name: .customLong("use-field"), help: HelpText.help("shared.useField"))
    var useField: String?

    @OptionGroup var fields: FieldMapOption

    @OptionGroup var zone: ZoneOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var use: UseSchemeOption

    @Option(name: .customLong("buildings-crs"), help: HelpText.help("shared.buildingsCRS"))
    var buildingsCRS: String?

    @OptionGroup var database: DatabaseOptions

    @Flag(help: HelpText.help("shared.timings"))
    var timings = false

    /// Option values that can be checked before anything is read.
    func check() throws {
        try database.check(out: out)
        _ = try language()
        _ = try parsedFieldMap()
        _ = try zone.parsedZoneMap()
        _ = try use.scheme()
    }

    func parsedFieldMap() throws -> FieldMap? { try fields.parsed() }

    func language() throws -> ReportLanguage { try report.language() }

    func loadRules() throws -> Rules {
        var rules = try report.loadRules()
        try use.apply(to: &rules)
        return rules
    }

    /// The output options of a run of `command` (idle, retrofit, audit, evaluate): checked
    /// not to overwrite an input (`fileNames` and the GDAL formats' files of `layers`), with
    /// the `--out-db` sink; `more` are the command's inputs beside parcels, buildings, zones.
    func resultOutput(command: String, fileNames: [String], layers: [String], zones: String?, layer: LayerOptions,
                      more: [(String, String?)] = []) throws -> ResultFormats.Options {
        var output = try report.resultFormats(layer: layer)
        let roles = more + [("parcels", parcels), ("buildings", buildings), ("zones", zones)]
        if let out {
            try OutputStaging.checkNotOverwritingInputs(folder: out, names: fileNames + output.extraFileNames(layers),
                                                         inputs: roles.map(\.1) + [report.rules, output.regions?.path])
        }
        output.database = try database.sink(command: command, rules: report.rules, inputs: roles)
        return output
    }

    /// The end of such a run: the summary made once (`summary`) and the files written
    /// (`write`, into the folder given), `--timings` on stderr after the run's own phases,
    /// the summary, the files and the database line printed; then the process exits with
    /// `exitCode` (1 when the run found something) by ``exitKeepingResult(_:scratch:)``.
    /// `makeSummary` runs on another thread while `write` writes the files (it reads the
    /// result only); `write` gets the summary when it needs it, at the end.
    func finish(summary makeSummary: @escaping @Sendable () -> String, write: (_ folder: String, _ summary: @escaping () -> String) throws -> [String],
                runTimings: [(phase: String, seconds: Double)], output: ResultFormats.Options, language: ReportLanguage,
                exitCode: Int32) throws -> Never {
        let folder = DatabaseOptions.folder(out)
        defer { if let scratch = folder.scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        var timings = PhaseTimings()
        let pending = PendingText(makeSummary)
        let files = try write(folder.path, { pending.value })
        timings.mark("write")
        timings.record("summary", seconds: pending.seconds)
        let summary = pending.value
        if self.timings { FileHandle.standardError.write(Data((PhaseTimings.line(runTimings + timings.phases) + "\n").utf8)) }
        print(output.regions == nil ? summary : publishedSummary(folder.path))
        if out != nil { print((language == .zh ? "输出文件：" : "Written: ") + files.joined(separator: ", ")) }
        if let line = DatabaseOptions.report(output.database, language: language) { print(line) }
        exitKeepingResult(exitCode, scratch: folder.scratch)
    }

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

/// A text made on another thread while this one goes on (a command's summary, while its
/// files are written on every core: made first, it kept one core idle for its duration).
final class PendingText: @unchecked Sendable {
    private var text = ""
    private var made = 0.0
    private let done = DispatchSemaphore(value: 0)

    init(_ make: @escaping @Sendable () -> String) {
        DispatchQueue.global().async { [self] in
            let start = DispatchTime.now().uptimeNanoseconds
            text = make()
            made = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            done.signal()
        }
    }

    /// The text, once made (waits for it).
    var value: String {
        done.wait()
        done.signal() // later reads return at once
        return text
    }

    /// Seconds the text took to make (waits for it).
    var seconds: Double {
        _ = value
        return made
    }
}

func parseAsOf(_ text: String) throws -> LedgerDate {
    do {
        return try LedgerDate.parse(text)
    } catch let e as LedgerDate.ParseError {
        throw ValidationError("--as-of \(e)")
    }
}

/// summary.md as published: with `--regions` it ends with the table per region, which the
/// command prints too.
func publishedSummary(_ folder: String) -> String {
    let path = (folder.hasSuffix("/") ? folder : folder + "/") + "summary.md"
    return FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
}

/// Ends a finished run with `code`, the result still alive: taking 100,000 parcels' results
/// apart piece by piece on the way out costs time nobody needs. Removes the `--out-db`-only
/// scratch folder first (exit skips the callers' defers) and flushes what was printed.
func exitKeepingResult(_ code: Int32, scratch: String?) -> Never {
    if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
    fflush(nil)
    Glibc.exit(code)
}
