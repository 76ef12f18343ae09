/// How serious a conflict is. A `violation` makes `classify` exit with 1.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case violation, review, warning

    private var rank: Int {
        switch self {
        case .violation: 0
        case .review: 1
        case .warning: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    public func name(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.violation, .zh): "违规"
        case (.review, .zh): "待审核"
        case (.warning, .zh): "提示"
        default: rawValue
        }
    }
}

/// The zoning rules `classify` checks. Ids are stable: they appear in outputs and scripts.
public enum ConflictRule: String, Sendable, CaseIterable {
    case redLineNonIndustrial = "REDLINE_NON_INDUSTRIAL"
    case newIndustryOutsideCluster = "NEW_INDUSTRY_OUTSIDE_CLUSTER"
    case reserveEncroachment = "RESERVE_ENCROACHMENT"
    case straddlesZones = "STRADDLES_ZONES"
    case parcelOverlap = "PARCEL_OVERLAP"
    case zoneOverlap = "ZONE_OVERLAP"
    case redLineOutsideZones = "REDLINE_OUTSIDE_ZONES"
    case invalidZone = "INVALID_ZONE"
    case spatialPlanConflict = "SPATIAL_PLAN_CONFLICT"

    /// What the rule checks, in a few words.
    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.redLineNonIndustrial, .zh): "非工业用地占用工业用地保护红线"
        case (.redLineNonIndustrial, .en): "non-industrial use inside the industrial-land red line"
        case (.newIndustryOutsideCluster, .zh): "新增工业用地不在工业集聚区"
        case (.newIndustryOutsideCluster, .en): "new industrial land outside the cluster zone"
        case (.reserveEncroachment, .zh): "非工业项目占用产业留白区"
        case (.reserveEncroachment, .en): "non-industrial proposal in the reserve zone"
        case (.straddlesZones, .zh): "地块跨越分区"
        case (.straddlesZones, .en): "parcel straddles zones"
        case (.parcelOverlap, .zh): "地块重叠（重复供地）"
        case (.parcelOverlap, .en): "parcels overlap (double grant)"
        case (.zoneOverlap, .zh): "不同分区相互重叠"
        case (.zoneOverlap, .en): "zones of different kinds overlap"
        case (.redLineOutsideZones, .zh): "保护红线超出集聚区和过渡区"
        case (.redLineOutsideZones, .en): "red line outside the cluster and transition zones"
        case (.invalidZone, .zh): "分区图形无效（已修复）"
        case (.invalidZone, .en): "invalid zone geometry (repaired)"
        case (.spatialPlanConflict, .zh): "占用永久基本农田、生态保护红线或位于城镇开发边界外（三区三线）"
        case (.spatialPlanConflict, .en): "on permanent farmland or the ecological red line, or outside the urban development boundary (三区三线)"
        }
    }
}

/// One conflict found by `classify`.
public struct Conflict: Sendable {
    public var rule: ConflictRule
    public var severity: Severity
    public var parcelIDs: [String]
    /// 1-based feature indexes of the parcels, in the parcel file.
    public var parcelIndices: [Int]
    public var zoneIDs: [String]
    /// Area of the conflicting part, m² in the area CRS.
    public var areaM2: Double
    public var message: String
    /// The conflicting area itself, in the area CRS (nil when there is no area to show).
    public var geometry: FlatGeometry?
    /// The same area in the output CRS, when it was made with the parcel at hand (a
    /// parcel's own conflicts: its corners exactly as read); otherwise `geometry` is
    /// transformed as it is written.
    public var outputGeometry: FlatGeometry?

    /// A value holding nothing (no allocation), to move conflicts through.
    static let empty = Conflict(rule: .straddlesZones, severity: .warning, parcelIDs: [], parcelIndices: [], zoneIDs: [], areaM2: 0,
                                message: "", geometry: nil)
}

import Spatial
