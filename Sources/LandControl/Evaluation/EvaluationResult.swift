import Foundation
import Spatial

/// How to run `evaluate`.
public struct EvaluationOptions: Sendable {
    /// The parcels (with each firm's credit code), and optionally zones and buildings.
    public var sites: SiteInputs
    public var enterprisesPath: String
    /// The parcels' credit-code attribute (default: the credit-code names of the firm table).
    public var enterpriseField: String?
    /// The sheet or layer of the enterprise table, when it has several.
    public var enterpriseLayer: String?
    public var enterpriseEncoding: TextEncoding?
    public var rules = Rules.defaults
    public var language = ReportLanguage.zh

    public init(enterprisesPath: String, parcelsPath: String) {
        self.enterprisesPath = enterprisesPath
        sites = SiteInputs(parcelsPath: parcelsPath)
    }
}

/// Why a firm is not rated (the first that applies, in this order).
public enum NotRatedReason: String, Sendable, CaseIterable {
    /// The row has no credit code.
    case noCreditCode = "no_credit_code"
    /// Another row has the same credit code: neither is rated, nor are their parcels joined.
    case duplicateCode = "duplicate_code"
    /// A number column holds text or a negative number, or the group is not above/below.
    case badValue = "bad_value"
    /// No usable parcel and no declared land.
    case noLand = "no_land"
    /// Land below the group's `min_land_mu`.
    case smallLand = "small_land"

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.noCreditCode, .zh): "无统一社会信用代码"
        case (.noCreditCode, .en): "no credit code"
        case (.duplicateCode, .zh): "信用代码重复"
        case (.duplicateCode, .en): "credit code on several rows"
        case (.badValue, .zh): "数据无法读取（文字、负数或规模类别不明）"
        case (.badValue, .en): "unreadable value (text, negative, or group not above/below)"
        case (.noLand, .zh): "无用地（无地块、未申报用地面积）"
        case (.noLand, .en): "no land (no parcel, no declared land)"
        case (.smallLand, .zh): "用地面积低于参评下限"
        case (.smallLand, .en): "land below min_land_mu"
        }
    }
}

/// Where a firm's land comes from.
public enum LandSource: String, Sendable {
    /// The union of its parcels' ellipsoidal areas.
    case parcels
    /// The table's declared land (用地面积): the firm has no usable parcel.
    case declared
}

/// One firm's evaluation: every row of the table has one, in table order.
public struct FirmEvaluation: Sendable {
    public var record: EnterpriseRecord
    public var landMu: Double?
    public var landSource: LandSource?
    /// The parcels' land, 亩 (nil without a usable parcel).
    public var parcelLandMu: Double?
    public var parcelCount = 0
    public var notRated: NotRatedReason?
    public var exempt = false
    /// The group's indicators, in the rules' order (empty when not rated).
    public var indicators: [EnterpriseScoring.IndicatorScore] = []
    public var total: Double?
    public var rank: Int?
    /// Ranked firms of its group.
    public var rankedOf: Int?
    public var enterpriseClass: EnterpriseClass?
    public var taxPerMu: Double?
    /// 亩均税收 below `low_efficiency_tax_per_mu`; nil when not judged (not rated, exempt, no tax).
    public var lowEfficiency: Bool?
    public var flags: [String] = []
    /// Parcel land by zone code (`cluster`, `transition`, `reserve`, `outside`), m², with `--zones`.
    public var zoneM2 = ZoneLand()
    /// Parcel land inside the red line, m².
    public var redLineM2 = 0.0

    public var rated: Bool { notRated == nil && total != nil }
    /// The zone holding most of the firm's parcel land; nil without zones or parcels.
    public var zone: String? { zoneM2.dominant }
    /// More than half of its parcel land lies in the red line.
    public var inRedLine: Bool {
        let all = zoneM2.total
        return all > 0 && redLineM2 / all > 0.5
    }
    /// The class as written: A–D, `—` for an exempt firm, empty when not rated.
    public var classText: String { exempt && rated ? "—" : enterpriseClass?.rawValue ?? "" }
}

/// A firm's parcel land by zone (m²): `cluster`, `transition`, `reserve`, `outside` (no
/// dictionary per firm).
public struct ZoneLand: Sendable {
    static let codes = ["cluster", "transition", "reserve", "outside"]
    private var m2: (Double, Double, Double, Double) = (0, 0, 0, 0)

    public init() {}

    /// The land in the zone of `code` (0 for a code that is none of the four).
    public subscript(code: String) -> Double {
        get {
            switch code {
            case "cluster": m2.0
            case "transition": m2.1
            case "reserve": m2.2
            case "outside": m2.3
            default: 0
            }
        }
        set {
            switch code {
            case "cluster": m2.0 = newValue
            case "transition": m2.1 = newValue
            case "reserve": m2.2 = newValue
            case "outside": m2.3 = newValue
            default: break
            }
        }
    }

    public var total: Double { m2.0 + m2.1 + m2.2 + m2.3 }

    /// The zone holding most of the land (the first of the four on a tie); nil when there is none.
    public var dominant: String? {
        var best: String?, most = 0.0
        for code in Self.codes where self[code] > most {
            best = code
            most = self[code]
        }
        return best
    }
}

/// One parcel: its firm's class and figures, its zone.
public struct ParcelEvaluation: Sendable {
    public var index: Int
    public var id: String
    public var status: FeatureStatus
    public var flags: [String]
    public var creditCode: String?
    /// Position of its firm in ``EvaluationResult/firms`` (nil: no code, or a code of no single row).
    public var firm: Int?
    public var ellipsoidalAreaM2: Double?
    public var zone: String?
    public var redLineShare: Double?
    public var buildingCoverage: Double?
    public var properties: Properties
    public var outputGeometry: FlatGeometry?
}

/// Everything `evaluate` found.
public struct EvaluationResult: Sendable {
    public var firms: [FirmEvaluation]
    public var parcels: [ParcelEvaluation]
    public var groups: [EnterpriseGroup: EnterpriseScoring.GroupOutcome]
    public var table: EnterpriseTable
    public var parcelFile: String
    public var zonesFile: String?
    public var buildingsFile: String?
    public var parcelCRS: CRS
    public var areaCRS: CRS
    public var outputCRS: CRS
    public var enterpriseField: String
    public var idField: String?
    public var warnings: [String]
    public var language: ReportLanguage
    public var rules: Rules
    /// Parcels, zones and buildings unusable or without geometry.
    public var unusableInputs: Int
    public var zoneLayer: ZoneLayer?
    /// The parcels as read and measured, released with the result (see ``KeptInputs``).
    var keptInputs: KeptInputs? = nil
    /// Credit codes on parcels that match no row, with their parcel count, in first-seen order.
    public var unmatchedCodes: [(code: String, parcels: Int)]
    /// Seconds per phase of the run (`--timings`).
    public var timings: [(phase: String, seconds: Double)] = []

    /// Rows that could not be rated for a problem of their own (not for land).
    public var rowProblems: Int { firms.filter { [.noCreditCode, .duplicateCode, .badValue].contains($0.notRated) }.count }
    /// Exit code 1: a D firm, a low-efficiency firm, or an unusable input.
    public var hasFindings: Bool {
        firms.contains { $0.enterpriseClass == .d || $0.lowEfficiency == true } || unusableInputs > 0 || rowProblems > 0
    }
}
