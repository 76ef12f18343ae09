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
    /// Buildings are buffered by this setback before finding free land. [model]
    public var buildingSetbackM = 6.0
    /// Free land starts this far inside the parcel boundary. [model]
    public var boundarySetbackM = 5.0
    /// A pocket of free land counts when it is at least this large… [model]
    public var minPocketAreaM2 = 500.0
    /// …and a square of this side fits into it. [model]
    public var minPocketSquareM = 20.0
    /// Annual tax per 亩 below this: a low-efficiency firm. [policy: the plan, 亩均税收 5 万元]
    public var lowEfficiencyTaxPerMu = 5.0

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
            default:
                throw reader.unknown(key, at: value, path: path, known: ["target_far", "encouraged_far", "double_count_storey_height_m", "building_setback_m",
                                                                         "boundary_setback_m", "min_pocket_area_m2", "min_pocket_square_m", "low_efficiency_tax_per_mu"])
            }
        }
    }

    var defaultsYAML: String {
        """
        retrofit:                  # landctl retrofit (零地技改, 亩均论英雄)
          target_far: \(NumberFormatting.string(targetFAR))             # [policy: new industrial land FAR ≥ 1.5, Zhoushan plan]
          encouraged_far: \(NumberFormatting.string(encouragedFAR))           # [policy: Zhejiang 增容不增价, 2.0+ encouraged; --target encouraged]
          double_count_storey_height_m: \(NumberFormatting.string(doubleCountStoreyHeightM))   # a storey over 8 m counts twice [policy: 工业项目建设用地控制指标]
          building_setback_m: \(NumberFormatting.string(buildingSetbackM))       # buildings buffered by this before finding free land [model]
          boundary_setback_m: \(NumberFormatting.string(boundarySetbackM))       # free land starts this far inside the parcel [model]
          min_pocket_area_m2: \(NumberFormatting.string(minPocketAreaM2))     # a pocket of free land counts from this area … [model]
          min_pocket_square_m: \(NumberFormatting.string(minPocketSquareM))     # … when a square of this side fits in it [model]
          low_efficiency_tax_per_mu: \(NumberFormatting.string(lowEfficiencyTaxPerMu))  # 亩均税收 below 5 万元/亩: low efficiency [policy: the plan]

        """
    }
}
