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

    /// Reads one parcel's ledger values (the feature `values` last loaded); unreadable ones
    /// go into ``problems`` with the text.
    static func read(_ values: AuditFieldValues, rules: Rules, language: ReportLanguage = .en) -> AuditInputs {
        var a = AuditInputs()
        let zh = language == .zh
        for i in values.keys.indices {
            let value = values.current[i]
            guard let value, !value.isNull else { continue }
            let key = values.keys[i], name = values.names[i]
            if values.isContractTerm[i], !a.hasContract {
                if case let .string(t) = value { a.hasContract = t.contains { !$0.isWhitespace } } else { a.hasContract = true }
            }
            func date() -> LedgerDate? {
                switch LedgerDate.read(value) {
                case nil: return nil
                case let .success(d)?: return d
                case let .failure(e)?:
                    a.problems[key] = "\(name) \(e)"
                    return nil
                }
            }
            /// A number that must not be negative (`positive`: above 0, for a promise something is divided by).
            func number(positive: Bool = false) -> Double? {
                switch LedgerNumber.read(value) {
                case nil: return nil
                case let .success(v)?:
                    if v < 0 || (positive && v == 0) {
                        let shown = value.text
                        a.problems[key] = zh ? "\(name) '\(shown)' " + (positive ? "不大于 0" : "为负数") : "\(name) '\(shown)' " + (positive ? "is not above 0" : "is negative")
                        return nil
                    }
                    return v
                case let .failure(e)?:
                    a.problems[key] = zh ? "\(name) '\(e.text)' 不是数字" : "\(name) '\(e.text)' is not a number"
                    return nil
                }
            }
            // A switch on the key's case, not a dictionary: a String-backed enum hashes and
            // compares its raw text, 24 times per parcel.
            switch key {
            case .grantDate: a.grantDate = date()
            case .agreedStart: a.startDue = date()
            case .completionDue: a.completionDue = date()
            case .productionDue: a.productionDue = date()
            case .reviewDate: a.reviewDate = date()
            case .promisedInvestmentPerMu: a.promisedInvestmentPerMu = number(positive: true)
            case .promisedInvestmentWan: a.promisedInvestmentWan = number(positive: true)
            case .promisedTaxPerMu: a.promisedTaxPerMu = number(positive: true)
            case .promisedFAR: a.promisedFAR = number(positive: true)
            case .promisedEnergyPerValueAdded: a.promisedEnergyPerValueAdded = number(positive: true)
            case .promisedEmissionPerValueAdded: a.promisedEmissionPerValueAdded = number(positive: true)
            case .contractIndustry: a.contractIndustry = AuditInputs.trimmed(value.text)
            case .landPriceWan: a.landPriceWan = number()
            case .siteAreaM2: a.declaredSiteAreaM2 = number(positive: true)
            case .actualStart: a.actualStart = date()
            case .actualCompletion: a.actualCompletion = date()
            case .actualProduction: a.actualProduction = date()
            case .investmentWan: a.investmentWan = number()
            case .taxWan: a.taxWan = number()
            case .valueAddedWan: a.valueAddedWan = number()
            case .energyTCE: a.energyTCE = number()
            case .emissionT: a.emissionT = number()
            case .industryCode: a.industryCode = AuditInputs.trimmed(value.text)
            case .floorAreaM2: a.floorAreaM2 = number()
            default: assertionFailure("\(key) is not one of KnownField.auditFields")
            }
        }
        if let status = values.status?.text, !status.isEmpty {
            a.proposed = rules.classification.isProposed(status)
        }
        return a
    }
}

/// The values of the fields `audit` reads, feature by feature, found by position (features
/// of one file share their key order) instead of by name.
struct AuditFieldValues {
    /// The fields the layer has, in ``KnownField/auditFields`` order, with their names in
    /// the layer and whether each is a contract term.
    let keys: [KnownField]
    let names: [String]
    let isContractTerm: [Bool]
    private var lookup: AttributeLookup
    /// The last loaded feature's values, aligned with `keys` (then the status).
    private(set) var current: [PropertyValue?] = []
    private let hasStatus: Bool

    init(fields: [KnownField: String], statusField: String?) {
        keys = KnownField.auditFields.filter { fields[$0] != nil }
        names = keys.map { fields[$0]! }
        isContractTerm = keys.map { KnownField.auditContractTerms.contains($0) }
        hasStatus = statusField != nil
        lookup = AttributeLookup(names: names + (statusField.map { [$0] } ?? []))
    }

    /// Reads one feature's values; then ``AuditInputs/read(_:rules:language:)`` and
    /// ``status`` take them.
    mutating func load(_ p: Properties) {
        current.removeAll(keepingCapacity: true)
        lookup.forEachValue(in: p) { current.append($0) }
    }

    var status: PropertyValue? { hasStatus ? current[keys.count] : nil }
}

