import Foundation
import Spatial

/// A land-grant proposal's declared figures, read from its attributes by English name or a
/// Chinese alias. Anything absent or unreadable is nil (the check it feeds is `missing`).
public struct GrantProposal: Sendable {
    /// The GB/T 4754-2017 division (two digits) of `industry_code`.
    public var industryCode: String?
    /// `industry_code` as written, digits only (`C3411` → `3411`): its group tells 2017's
    /// division 29 apart (291 橡胶 / 292 塑料) for the 2002 FAR table.
    public var industryCodeDigits: String?
    public var industryCode2002: String?
    public var siteAreaM2: Double?
    public var floorAreaM2: Double?
    public var far: Double?
    public var footprintM2: Double?
    public var coverage: Double?
    public var adminAreaM2: Double?
    public var adminShare: Double?
    public var greenAreaM2: Double?
    public var greenRatio: Double?
    public var investmentWan: Double?
    public var taxWan: Double?
    public var valueAddedWan: Double?
    public var energyTCE: Double?
    public var emissionT: Double?
    public var rndShare: Double?
    /// The plot's admissible industry codes, when the proposal lists them.
    public var allowedIndustries: [String]?
    /// Values that were present but not numbers, by attribute name.
    public var unreadable: [String: String] = [:]
    /// Why a value present in the attributes is not used, by field (`site_area_m2`…): not a
    /// number, not finite, or out of its range. The check it feeds is `missing` with this reason.
    public var problems: [String: (zh: String, en: String)] = [:]

    /// The smallest declared site area taken as one (a smaller value makes every ratio
    /// over it meaningless, or infinite).
    public static let minSiteAreaM2 = 1.0

    /// The attribute name actually present for a field, if any.
    static func key(_ field: String, in properties: Properties) -> String? {
        FieldNames.key(KnownField(rawValue: field)?.aliases ?? [field], in: properties.keys)
    }

    /// Which attribute holds each field, worked out once per set of attribute names in a run
    /// of proposals, not once per proposal. A layer's features share a few such sets (GeoJSON
    /// leaves out what a feature lacks, so industrial and other parcels alternate); each set's
    /// answers are kept, up to `maxSets`, beyond which the table starts again.
    public final class Fields {
        private var keys: [String]?
        private var found: [String: String?] = [:]
        private var bySet: [[String]: [String: String?]] = [:]
        static let maxSets = 256
        /// Attributes named outright (`--field-map`): they win over the aliases.
        private let map: FieldMap

        public init(map: FieldMap = FieldMap()) { self.map = map }

        func key(_ field: String, in properties: Properties) -> String? {
            if keys != properties.keys {
                if let keys { bySet[keys] = found }
                if bySet.count > Self.maxSets { bySet.removeAll() }
                keys = properties.keys
                found = bySet[properties.keys] ?? [:]
            }
            if let k = found[field] { return k }
            let named = KnownField(rawValue: field).flatMap { map[$0] }
            let k = named.map { properties[$0] != nil ? $0 : nil } ?? GrantProposal.key(field, in: properties)
            found[field] = k
            return k
        }
    }

    public init(properties: Properties, fields: Fields = Fields()) {
        func text(_ field: String) -> String? {
            guard let k = fields.key(field, in: properties), let v = properties[k], !v.isNull else { return nil }
            let t = v.text.trimmingCharacters(in: .whitespaces)
            return t.isEmpty ? nil : t
        }
        func number(_ field: String, min: Double = 0, max: Double = .greatestFiniteMagnitude) -> Double? {
            // A typed number in range, the usual case, needs none of the text handling below.
            if let k = fields.key(field, in: properties), case let .number(literal)? = properties[k],
               let v = Double(literal), v.isFinite, v >= min, v <= max { return v }
            guard let t = text(field) else { return nil }
            // Thousands separators and a trailing % are common in spreadsheets.
            var cleaned = t.contains(",") || t.contains("，")
                ? t.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "") : t
            var percent = false
            if cleaned.hasSuffix("%") {
                percent = true
                cleaned.removeLast()
            }
            var shown: String { DisplayText.excerpt(t, limit: 40, keepLineBreaks: false) } // only for a problem
            guard let v = PropertyValue.string(cleaned).doubleValue else {
                unreadable[field] = t
                problems[field] = ("'\(shown)' 不是数值", "'\(shown)' is not a number")
                return nil
            }
            guard v.isFinite else {
                unreadable[field] = t
                problems[field] = ("'\(shown)' 不是有限数值", "'\(shown)' is not a finite number")
                return nil
            }
            let value = percent ? v / 100 : v
            guard value >= min, value <= max else {
                let range = max == .greatestFiniteMagnitude ? "≥ \(Self.plain(min))" : "\(Self.plain(min))–\(Self.plain(max))"
                problems[field] = ("'\(shown)' 超出取值范围（\(range)）", "'\(shown)' is out of range (\(range))")
                return nil
            }
            return value
        }
        /// Shares may be written as 0.45, 45 or 45 %; after that they lie between 0 and 1.
        func share(_ field: String) -> Double? {
            guard let v = number(field) else { return nil }
            let s = v > 1 ? v / 100 : v
            guard s <= 1 else {
                let shown = DisplayText.excerpt(text(field) ?? "", limit: 40, keepLineBreaks: false)
                problems[field] = ("'\(shown)' 超过 100%", "'\(shown)' is more than 100 %")
                return nil
            }
            return s
        }
        industryCode = text("industry_code").map(Self.division)
        industryCodeDigits = text("industry_code").map { $0.filter(\.isNumber) }
        industryCode2002 = text("industry_code_2002").map(Self.division)
        siteAreaM2 = number("site_area_m2", min: Self.minSiteAreaM2)
        floorAreaM2 = number("floor_area_m2")
        far = number("far")
        footprintM2 = number("footprint_m2")
        coverage = share("coverage")
        adminAreaM2 = number("admin_area_m2")
        adminShare = share("admin_share")
        greenAreaM2 = number("green_area_m2")
        greenRatio = share("green_ratio")
        investmentWan = number("investment_wan")
        taxWan = number("tax_wan")
        valueAddedWan = number("value_added_wan")
        energyTCE = number("energy_tce")
        emissionT = number("emission_t")
        rndShare = share("rnd_share")
        allowedIndustries = Self.allowedIndustries(text("allowed_industries"))
    }

    /// The admitted industries a feature lists (`allowed_industries`, `准入行业`…), as
    /// divisions; nil when it lists none. Zones need only this of all the attributes.
    static func allowedIndustries(in properties: Properties) -> [String]? {
        guard let k = key("allowed_industries", in: properties), let v = properties[k], !v.isNull else { return nil }
        let t = v.text.trimmingCharacters(in: .whitespaces)
        return allowedIndustries(t.isEmpty ? nil : t)
    }

    private static func allowedIndustries(_ list: String?) -> [String]? {
        list.map { list in list.split(whereSeparator: { ",;，；、 ".contains($0) }).map { division(String($0)) } }
    }

    /// `1` for 1.0, `0.5` for 0.5: a bound as a person writes it.
    static func plain(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    }

    /// The two-digit division of a GB/T 4754 code ("C3411", "3411" and "34" give "34").
    static func division(_ code: String) -> String {
        let digits = code.filter(\.isNumber)
        return String(digits.prefix(2))
    }
}
