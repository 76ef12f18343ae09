import ArgumentParser
import Foundation
import LandControl
import Spatial

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

    @Flag(name: .customLong("swap-xy"), help: "Swap x and y of every input position as read (latitude-first or northing-first data); applies to every layer of the run.")
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

/// `--field-map`: attributes named outright, for `idle`, `retrofit` and `validate`.
struct FieldMapOption: ParsableArguments {
    @Option(name: .customLong("field-map"), help: "Attributes named outright, e.g. 'agreed_start=动工时间,land_price_wan=出让金' or, for validate, 'site_area_m2=出让面积' (keys: grant_date, agreed_start, actual_start, land_delivered, land_price_wan, idle_cause, disposal, idle_fee_paid_wan, developed_share, invested_share, suspended_since, floor_area_m2, tax_wan, industry_code, floors, storey_height_m, and every proposal figure of validate).")
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
    @Option(help: "The 三区三线 layer (永久基本农田, 生态保护红线, 城镇开发边界): proposals on farmland or the ecological red line, or outside the urban development boundary, fail; classify reports SPATIAL_PLAN_CONFLICT.")
    var constraints: String?

    @Option(name: .customLong("constraint-field"), help: "Constraint attribute holding the kind (default: constraint, 三区三线, 三线类型, 控制线类型, 管控类型, kind, type, 类型…).")
    var constraintField: String?

    @Option(name: .customLong("constraint-map"), help: "A city's values mapped to kinds, e.g. 'JB=permanent_farmland,ST=ecological_redline,KFBJ=urban_boundary'.")
    var constraintMap: String?

    @Option(name: .customLong("constraints-crs"), help: "CRS of the constraint layer when it differs from --crs.")
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
    @Option(name: .customLong("use-scheme"), help: "Land-use codes: gb50137 (letters only), gbt21010 (土地利用现状分类: 061/0601 工业, 0508 物流仓储…), 2023 (用地用海分类: 1001 工业, 1101 物流仓储…) or auto (decided from the codes; stops when they fit two schemes). Default: the rules file's classification.use_scheme (auto).")
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
    @Option(help: "The parcel layer (the land ledger).")
    var parcels: String

    @Option(help: "Output folder (created when missing).")
    var out: String

    @Option(help: "Building footprints (floors, storey_height_m / 层数, 层高).")
    var buildings: String?

    @Option(name: .customLong("id-field"), help: "Parcel attribute used as its id (default, the id rule of every command: id, parcel_id, 宗地编号, 宗地代码, 地块编号, 项目编号, PID, fid, else the feature id, else the 1-based index).")
    var idField: String?

    @Option(name: .customLong("status-field"), help: "Parcel status attribute; proposed / 拟出让 / new mark parcels not granted (default: status, 状态…).")
    var statusField: String?

    @Option(name: .customLong("use-field"), help: "Parcel land use, GB 50137 (M1–M3) or 2023 (1001xx) codes (default: land_use, landuse, use, 用途, 用地性质…).")
    var useField: String?

    @OptionGroup var fields: FieldMapOption

    @OptionGroup var zone: ZoneOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var use: UseSchemeOption

    @Option(name: .customLong("buildings-crs"), help: "CRS of the building layer when it differs from --crs.")
    var buildingsCRS: String?

    /// Option values that can be checked before anything is read.
    func check() throws {
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
