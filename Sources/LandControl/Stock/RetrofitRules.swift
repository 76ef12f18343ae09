import Spatial
import Yams

/// Thresholds of `landctl retrofit` (零地技改 and 亩均论英雄 low-efficiency firms).
public struct RetrofitRules: Sendable, Equatable {
    /// Target floor-area ratio: the plan's floor for industrial land. [policy: Zhoushan plan, FAR ≥ 1.5]
    public var targetFAR = 1.5
    /// The "encouraged" target, selectable instead. [policy: Zhejiang 增容不增价 practice, 2.0+]
    public var encouragedFAR = 2.0
    /// A storey taller than this counts twice in the floor area. [policy: 工业项目建设用地控制指标]
    public var doubleCountStoreyHeightM = 8.0
    /// Buildings are buffered by this setback before finding free land: the fire separation
    /// between 一、二级耐火 丙类 single- and multi-storey factory buildings, the common case.
    /// [policy: GB 50016-2014（2018年版）《建筑设计防火规范》 表3.4.1, 10 m]
    public var buildingSetbackM = 10.0
    /// Free land starts this far inside the parcel boundary. [model]
    public var boundarySetbackM = 5.0
    /// A pocket of free land counts when it is at least this large… [model]
    public var minPocketAreaM2 = 500.0
    /// …and a square of this side fits into it. [model]
    public var minPocketSquareM = 20.0
    /// Annual tax per 亩 below this: a low-efficiency firm. [policy: the plan, 亩均税收 5 万元]
    public var lowEfficiencyTaxPerMu = 5.0
    /// Industries (GB/T 4754-2017 code prefixes) whose open land is working land — slipways,
    /// test tracks, yards — so that it is no free land for new floor space. [model]
    public var openYardIndustries = ["37", "42", "43"]
    /// Whether pockets are looked for on those industries' parcels all the same.
    public var pocketsOnOpenYards = false

    /// Whether a parcel of `industry` (a GB/T 4754 code as the ledger writes it) works its open land.
    public func worksOpenLand(_ industry: String?) -> Bool {
        guard let digits = industry?.filter(\.isNumber), !digits.isEmpty else { return false }
        return openYardIndustries.contains { digits.hasPrefix($0) }
    }

    public init() {}

    mutating func read(_ node: Node, path: String, reader: RulesReader) throws {
        try reader.mapping(node, path: path) { key, value, path in
            switch key {
            case "target_far": targetFAR = try reader.nonNegative(value, path: path)
            case "encouraged_far": encouragedFAR = try reader.nonNegative(value, path: path)
            case "double_count_storey_height_m": doubleCountStoreyHeightM = try reader.nonNegative(value, path: path)
            case "building_setback_m": buildingSetbackM = try reader.nonNegative(value, path: path)
            case "boundary_setback_m": boundarySetbackM = try reader.nonNegative(value, path: path)
            case "min_pocket_area_m2": minPocketAreaM2 = try reader.nonNegative(value, path: path)
            case "min_pocket_square_m": minPocketSquareM = try reader.nonNegative(value, path: path)
            case "low_efficiency_tax_per_mu": lowEfficiencyTaxPerMu = try reader.nonNegative(value, path: path)
            case "open_yard_industries": openYardIndustries = try reader.strings(value, path: path)
            case "pockets_on_open_yards": pocketsOnOpenYards = try reader.bool(value, path: path)
            default:
                throw reader.unknown(key, at: value, path: path, known: ["target_far", "encouraged_far", "double_count_storey_height_m", "building_setback_m",
                                                                         "boundary_setback_m", "min_pocket_area_m2", "min_pocket_square_m", "low_efficiency_tax_per_mu",
                                                                         "open_yard_industries", "pockets_on_open_yards"])
            }
        }
    }

    var defaultsYAML: String {
        """
        retrofit:                  # landctl retrofit (零地技改, 亩均论英雄)
          target_far: \(NumberFormatting.string(targetFAR))             # [policy: new industrial land FAR ≥ 1.5, Zhoushan plan]
          encouraged_far: \(NumberFormatting.string(encouragedFAR))           # [policy: Zhejiang 增容不增价, 2.0+ encouraged; --target encouraged]
          double_count_storey_height_m: \(NumberFormatting.string(doubleCountStoreyHeightM))   # a storey over 8 m counts twice [policy: 工业项目建设用地控制指标]
          # Buildings are grown by this before finding free land: the fire separation between
          # 一、二级耐火等级 单、多层丙类厂房 (the common factory) [policy: GB 50016-2014（2018年版）
          # 《建筑设计防火规范》 表3.4.1: 10 m; 丁、戊类 also 10 m, 甲类 12 m, 三级耐火 12 m, 四级 14 m]
          building_setback_m: \(NumberFormatting.string(buildingSetbackM))
          boundary_setback_m: \(NumberFormatting.string(boundarySetbackM))       # free land starts this far inside the parcel [model]
          min_pocket_area_m2: \(NumberFormatting.string(minPocketAreaM2))     # a pocket of free land counts from this area … [model]
          min_pocket_square_m: \(NumberFormatting.string(minPocketSquareM))     # … when a square of this side fits in it [model]
          low_efficiency_tax_per_mu: \(NumberFormatting.string(lowEfficiencyTaxPerMu))  # 亩均税收 below 5 万元/亩: low efficiency [policy: the plan]
          # Industries whose open land is working land get no pockets (GB/T 4754-2017 code
          # prefixes): 37 铁路、船舶、航空航天和其他运输设备 (船台、滑道、试车线), 42 废弃资源
          # 综合利用 (堆场), 43 金属制品、机械和设备修理 (船坞、修理场地). Ledgers with group
          # codes can narrow 37 to 371 and 373 (motorcycles and bicycles work indoors). [model]
          open_yard_industries: [\(openYardIndustries.map { "\"\($0)\"" }.joined(separator: ", "))]
          pockets_on_open_yards: \(pocketsOnOpenYards)       # true: look for pockets on them all the same

        """
    }
}
