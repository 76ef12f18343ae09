import Spatial

/// One parcel's 标准地 grant contract and what happened, as read from the ledger.
public struct AuditInputs: Sendable, Equatable {
    // The contract.
    public var grantDate: LedgerDate?
    /// 约定开工 (the same key `idle` reads: `agreed_start`).
    public var startDue: LedgerDate?
    public var completionDue: LedgerDate?
    public var productionDue: LedgerDate?
    /// 达产复核日期 as recorded (else production due + `review_after_years`).
    public var reviewDate: LedgerDate?
    /// 承诺投资强度, 万元/亩.
    public var promisedInvestmentPerMu: Double?
    /// Promised total investment, 万元 (used when no intensity is recorded).
    public var promisedInvestmentWan: Double?
    /// Promised 亩均税收 at the review, 万元/亩.
    public var promisedTaxPerMu: Double?
    public var promisedFAR: Double?
    /// Promised energy per value added, 吨标煤/万元.
    public var promisedEnergyPerValueAdded: Double?
    /// Promised emission per value added, 吨/万元.
    public var promisedEmissionPerValueAdded: Double?
    /// Contract industry, a GB/T 4754-2017 code as written.
    public var contractIndustry: String?
    /// Land price, 万元 (for penalties).
    public var landPriceWan: Double?
    /// Declared site area, m² (per-亩 figures use it when there is one).
    public var declaredSiteAreaM2: Double?
    // What happened.
    public var actualStart: LedgerDate?
    public var actualCompletion: LedgerDate?
    public var actualProduction: LedgerDate?
    /// Investment to date, 万元.
    public var investmentWan: Double?
    /// Tax of the latest full year, 万元.
    public var taxWan: Double?
    public var valueAddedWan: Double?
    public var energyTCE: Double?
    public var emissionT: Double?
    /// Actual industry, a GB/T 4754-2017 code as written.
    public var industryCode: String?
    /// Floor area recorded in the ledger, m².
    public var floorAreaM2: Double?
    /// Values that could not be read, by key: "field 'text' why".
    public var problems: [KnownField: String] = [:]
    /// The parcel carries at least one 标准地 contract term (``KnownField/auditContractTerms``).
    public var hasContract = false
    /// The status marks a proposed (not yet granted) parcel.
    public var proposed = false

    public init() {}
}

extension AuditInputs {
    /// `text` without leading and trailing blanks, nil when nothing is left (without
    /// Foundation's trimming, which costs more than the rest of a parcel's reading).
    static func trimmed(_ text: String) -> String? {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return nil }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        return first == text.startIndex && last == text.index(before: text.endIndex) ? text : String(text[first...last])
    }

    /// Reads one parcel's ledger values; unreadable ones go into ``problems`` with the text.
    static func read(_ p: Properties, fields: [KnownField: String], statusField: String?, rules: Rules,
                     language: ReportLanguage = .en) -> AuditInputs {
        read({ key in fields[key].flatMap { p[$0] } }, fields: fields, status: statusField.flatMap { p[$0] }, rules: rules, language: language)
    }

    /// The same from the values of the layer's fields (`value(key)`: the value of the field
    /// read for `key`, nil when absent), as ``AuditFieldValues`` gives them.
    static func read(_ value: (KnownField) -> PropertyValue?, fields: [KnownField: String], status: PropertyValue?, rules: Rules,
                     language: ReportLanguage = .en) -> AuditInputs {
        var a = AuditInputs()
        let zh = language == .zh
        func date(_ key: KnownField) -> LedgerDate? {
            guard let name = fields[key] else { return nil }
            switch LedgerDate.read(value(key)) {
            case nil: return nil
            case let .success(d)?: return d
            case let .failure(e)?:
                a.problems[key] = "\(name) \(e)"
                return nil
            }
        }
        /// A number that must not be negative (`positive`: above 0, for a promise something is divided by).
        func number(_ key: KnownField, positive: Bool = false) -> Double? {
            guard let name = fields[key] else { return nil }
            switch LedgerNumber.read(value(key)) {
            case nil: return nil
            case let .success(v)?:
                if v < 0 || (positive && v == 0) {
                    let shown = value(key)?.text ?? ""
                    a.problems[key] = zh ? "\(name) '\(shown)' " + (positive ? "不大于 0" : "为负数") : "\(name) '\(shown)' " + (positive ? "is not above 0" : "is negative")
                    return nil
                }
                return v
            case let .failure(e)?:
                a.problems[key] = zh ? "\(name) '\(e.text)' 不是数字" : "\(name) '\(e.text)' is not a number"
                return nil
            }
        }
        func text(_ key: KnownField) -> String? {
            guard let v = value(key), !v.isNull else { return nil }
            return AuditInputs.trimmed(v.text)
        }
        a.grantDate = date(.grantDate)
        a.startDue = date(.agreedStart)
        a.completionDue = date(.completionDue)
        a.productionDue = date(.productionDue)
        a.reviewDate = date(.reviewDate)
        a.promisedInvestmentPerMu = number(.promisedInvestmentPerMu, positive: true)
        a.promisedInvestmentWan = number(.promisedInvestmentWan, positive: true)
        a.promisedTaxPerMu = number(.promisedTaxPerMu, positive: true)
        a.promisedFAR = number(.promisedFAR, positive: true)
        a.promisedEnergyPerValueAdded = number(.promisedEnergyPerValueAdded, positive: true)
        a.promisedEmissionPerValueAdded = number(.promisedEmissionPerValueAdded, positive: true)
        a.contractIndustry = text(.contractIndustry)
        a.landPriceWan = number(.landPriceWan)
        a.declaredSiteAreaM2 = number(.siteAreaM2, positive: true)
        a.actualStart = date(.actualStart)
        a.actualCompletion = date(.actualCompletion)
        a.actualProduction = date(.actualProduction)
        a.investmentWan = number(.investmentWan)
        a.taxWan = number(.taxWan)
        a.valueAddedWan = number(.valueAddedWan)
        a.energyTCE = number(.energyTCE)
        a.emissionT = number(.emissionT)
        a.industryCode = text(.industryCode)
        a.floorAreaM2 = number(.floorAreaM2)
        a.hasContract = KnownField.auditContractTerms.contains { key in
            guard let v = value(key), !v.isNull else { return false }
            if case let .string(t) = v { return t.contains { !$0.isWhitespace } }
            return true
        }
        if let status = status?.text, !status.isEmpty {
            a.proposed = rules.classification.isProposed(status)
        }
        return a
    }
}

/// The values of the fields `audit` reads, feature by feature, found by position (features
/// of one file share their key order) instead of by name.
struct AuditFieldValues {
    private let keys: [KnownField]
    private var lookup: AttributeLookup
    private var current: [PropertyValue?] = []
    private let hasStatus: Bool

    init(fields: [KnownField: String], statusField: String?) {
        keys = KnownField.auditFields.filter { fields[$0] != nil }
        hasStatus = statusField != nil
        lookup = AttributeLookup(names: keys.map { fields[$0]! } + (statusField.map { [$0] } ?? []))
    }

    /// Reads one feature's values; then ``value(_:)`` and ``status`` give them.
    mutating func load(_ p: Properties) { current = lookup.values(in: p) }

    func value(_ key: KnownField) -> PropertyValue? { keys.firstIndex(of: key).flatMap { current[$0] } }

    var status: PropertyValue? { hasStatus ? current[keys.count] : nil }
}

