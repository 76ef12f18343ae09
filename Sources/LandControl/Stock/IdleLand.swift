import Spatial

/// The verdict on one parcel under 闲置土地处置办法 (国土资源部令第53号, 2012).
public enum IdleClass: String, Sendable, CaseIterable, Codable {
    /// Not idle (not granted, started, or not yet a full year late).
    case none
    /// Not started one full year after the agreed start: idle fee (20 % of the land price).
    case idle1y = "idle_1y"
    /// Not started two full years after it: may be recovered without compensation.
    case recoverable
    /// Started, developed share < 1/3 or invested share < 25 %, suspended ≥ 1 year.
    case partialIdle = "partial_idle"
    /// Dates missing, unreadable or inconsistent: the reason is in the evidence.
    case unknown

    public var isIdle: Bool { self == .idle1y || self == .recoverable || self == .partialIdle }

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.none, .zh): "未闲置"
        case (.none, .en): "not idle"
        case (.idle1y, .zh): "闲置满一年（征缴闲置费）"
        case (.idle1y, .en): "idle ≥ 1 year (idle fee)"
        case (.recoverable, .zh): "闲置满两年（可无偿收回）"
        case (.recoverable, .en): "idle ≥ 2 years (recoverable without compensation)"
        case (.partialIdle, .zh): "开发不足、中止满一年"
        case (.partialIdle, .en): "partly developed, suspended ≥ 1 year"
        case (.unknown, .zh): "无法判定"
        case (.unknown, .en): "unknown"
        }
    }
}

/// What the ledger says about one parcel's grant and construction, as read.
public struct IdleInputs: Sendable, Equatable {
    public var grantDate: LedgerDate?
    public var agreedStart: LedgerDate?
    public var actualStart: LedgerDate?
    public var suspendedSince: LedgerDate?
    /// Dates that could not be read, as "field: 'text' reason".
    public var dateProblems: [String] = []
    public var developedShare: Double?
    public var investedShare: Double?
    /// Shares that could not be read (field names).
    public var shareProblems: [String] = []
    /// Land price, 万元.
    public var landPriceWan: Double?
    public var landPriceProblem: String?
    /// The status marks a proposed (not yet granted) parcel.
    public var proposed = false
    /// Buildings found on the parcel (nil without a building layer or geometry).
    public var buildingCount: Int?
    /// Whether the building layer is expected to show this parcel's buildings: industrial
    /// and warehouse land (or every parcel when the layer has no land use). Green space,
    /// roads or a housing estate outside the building survey are not sent to a site check.
    public var expectsBuildings = true

    public init(grantDate: LedgerDate? = nil, agreedStart: LedgerDate? = nil, actualStart: LedgerDate? = nil,
                suspendedSince: LedgerDate? = nil, developedShare: Double? = nil, investedShare: Double? = nil,
                landPriceWan: Double? = nil, proposed: Bool = false, buildingCount: Int? = nil) {
        self.grantDate = grantDate
        self.agreedStart = agreedStart
        self.actualStart = actualStart
        self.suspendedSince = suspendedSince
        self.developedShare = developedShare
        self.investedShare = investedShare
        self.landPriceWan = landPriceWan
        self.proposed = proposed
        self.buildingCount = buildingCount
    }
}

/// The idle verdict on one parcel with its dates and the evidence.
public struct IdleAssessment: Sendable, Equatable {
    public var idleClass: IdleClass = .none
    /// Days from the reference date (agreed start, else grant) to the as-of date while not
    /// started; for `partial_idle`, days since the suspension; 0 when started on time or not
    /// yet due; nil for `unknown` and parcels not granted.
    public var daysOverdue: Int?
    /// Idle fee (万元) when idle and the land price is known.
    public var idleFeeWan: Double?
    /// The date the periods run from: the agreed start, or the grant date when no start was
    /// agreed (令第53号 第二条).
    public var referenceDate: LedgerDate?
    /// Idle from (reference + one full year) and recoverable from (+ two years).
    public var idleFrom: LedgerDate?
    public var recoverableFrom: LedgerDate?
    /// Construction started by the as-of date (nil when not granted or unknown).
    public var started: Bool?
    /// Machine-readable marks: `no_buildings_found`, `buildings_found`, `started_late`,
    /// `from_grant_date`, `bad_land_price`.
    public var flags: [String] = []
    /// Why, in words (the reason first for `unknown`).
    public var evidence: [String] = []

    public init() {}
}

/// `landctl idle`: idle land (闲置土地) per parcel as of a date.
public struct IdleOptions: Sendable {
    public var sites: SiteInputs
    public var asOf: LedgerDate
    public var statusField: String?
    /// Land use, to send only industrial and warehouse parcels to a site check.
    public var useField: String?
    public var rules = Rules.defaults
    public var language = ReportLanguage.zh

    public init(parcelsPath: String, asOf: LedgerDate) {
        sites = SiteInputs(parcelsPath: parcelsPath)
        self.asOf = asOf
    }
}

/// One parcel's idle verdict: every input parcel has one, in input order.
public struct ParcelIdle: Sendable {
    public var index: Int
    public var id: String
    public var status: FeatureStatus
    /// Geometry repair or error reasons.
    public var geometryFlags: [String]
    /// Planar area in the area CRS, m² (nil when the geometry is unusable).
    public var areaM2: Double?
    /// `cluster`, `transition`, `reserve`, `outside`: the dominant 三区 kind (the zone rule of
    /// every command); nil without zones.
    public var zone: String?
    /// Red-line area / parcel area; nil without zones.
    public var redLineShare: Double?
    /// Share of the parcel covered by building footprints (nil without buildings).
    public var buildingCoverage: Double?
    public var buildingCount: Int?
    public var inputs: IdleInputs
    public var assessment: IdleAssessment
    public var properties: Properties
    public var outputGeometry: FlatGeometry?

    public var idleClass: IdleClass { assessment.idleClass }
    public var areaMu: Double? { areaM2.map { AreaUnits.mu(fromSquareMetres: $0) } }
}

/// Everything `idle` found.
public struct IdleResult: Sendable {
    public var parcels: [ParcelIdle]
    public var asOf: LedgerDate
    public var parcelFile: String
    public var parcelCRS: CRS
    public var areaCRS: CRS
    public var outputCRS: CRS
    public var zonesFile: String?
    public var buildingsFile: String?
    public var buildingCount: Int
    /// The layer's field read for each ledger key.
    public var fields: [KnownField: String]
    public var idField: String?
    public var statusField: String?
    public var useField: String?
    /// How the land-use codes were read (nil without a land-use field).
    public var useScheme: LandUse.Settled?
    public var warnings: [String]
    public var language: ReportLanguage
    public var rules: Rules

    public var idleCount: Int { parcels.filter { $0.idleClass.isIdle }.count }
    /// Input features (parcels, zones, buildings) unusable or without geometry.
    public var unusableInputs = 0
}

public enum IdleLand {
    /// Reads the parcels (and zones and buildings when given) and judges every parcel.
    public static func run(_ options: IdleOptions, engine: GeometryEngine = GeometryEngine()) throws -> IdleResult {
        let sites = try ParcelSites(options.sites, parcelFields: KnownField.idleFields, repair: options.rules.repair, engine: engine)
        let dateFields: [KnownField] = [.grantDate, .agreedStart, .actualStart]
        guard dateFields.contains(where: { sites.fields[$0] != nil }) || sites.features.isEmpty else {
            throw ReadError(file: sites.parcelFile, message: "no grant or start date field found (looked for \(dateFields.flatMap(\.aliases).joined(separator: ", "))); the fields are \(FieldNames(sites.features).list); name them with --field-map, e.g. --field-map 'agreed_start=开工时间'")
        }
        let statusField = try options.statusField.map { try Classifier.checkField($0, sites.features, file: sites.parcelFile) }
            ?? Classifier.findField(sites.features, KnownField.status.aliases)
        let useField = try options.useField.map { try Classifier.checkField($0, sites.features, file: sites.parcelFile) }
            ?? Classifier.findField(sites.features, KnownField.landUse.aliases)
        let lang = options.language
        var rules = options.rules
        let useScheme = try useField.map { try LandUse.settle(rules.classification.useScheme, values: Classifier.distinctUses(sites.features, useField: $0), file: sites.parcelFile) }
        if let useScheme { rules.classification.useScheme = useScheme.scheme }
        var parcels: [ParcelIdle] = []
        parcels.reserveCapacity(sites.sites.count)
        for (s, f) in zip(sites.sites, sites.features) {
            var inputs = readInputs(f.properties, fields: sites.fields, statusField: statusField, rules: rules)
            var coverage: Double?
            if let useField {
                let use = f.properties[useField]?.text ?? ""
                inputs.expectsBuildings = use.trimmingCharacters(in: .whitespaces).lowercased() == "industrial"
                    || [.industrial, .warehousing, .mining].contains(LandUse.category(of: use, scheme: rules.classification.useScheme))
            }
            if sites.hasBuildings, s.measured {
                inputs.buildingCount = s.buildingShares.count
                coverage = s.areaM2 > 0 ? s.coveredM2 / s.areaM2 : 0
            }
            var a = assess(inputs, asOf: options.asOf, rules: rules.idle, language: lang)
            if let coverage, inputs.buildingCount ?? 0 > 0 {
                a.evidence.append(lang == .zh ? "建筑覆盖率 \(percent(coverage))" : "building coverage \(percent(coverage))")
            }
            parcels.append(ParcelIdle(index: s.index, id: s.id, status: s.status, geometryFlags: s.flags,
                                      areaM2: s.measured ? s.areaM2 : nil, zone: sites.zoneCode(s), redLineShare: sites.redLineShare(s),
                                      buildingCoverage: coverage,
                                      buildingCount: inputs.buildingCount, inputs: inputs, assessment: a,
                                      properties: s.properties, outputGeometry: s.outputGeometry))
        }
        var warnings = sites.warnings
        if let w = useScheme.flatMap({ LandUse.unreadWarning($0, lang) }) { warnings.append(w) }
        if statusField == nil {
            warnings.append(lang == .zh ? "未找到状态字段：无日期的地块按“无法判定”处理，而非“未供地”" : "no status field: parcels without dates are `unknown`, not `not granted`")
        }
        return IdleResult(parcels: parcels, asOf: options.asOf, parcelFile: sites.parcelFile, parcelCRS: sites.parcelCRS,
                          areaCRS: sites.areaCRS, outputCRS: sites.outputCRS, zonesFile: sites.zones?.file,
                          buildingsFile: sites.buildingFile, buildingCount: sites.buildings.count, fields: sites.fields,
                          idField: sites.idField, statusField: statusField, useField: useField, useScheme: useScheme, warnings: warnings, language: lang, rules: rules,
                          unusableInputs: sites.unusableInputs)
    }

    /// The ledger values of one parcel.
    static func readInputs(_ p: Properties, fields: [KnownField: String], statusField: String?, rules: Rules) -> IdleInputs {
        var inputs = IdleInputs()
        func date(_ field: KnownField) -> LedgerDate? {
            guard let name = fields[field] else { return nil }
            switch LedgerDate.read(p[name]) {
            case nil: return nil
            case let .success(d)?: return d
            case let .failure(e)?:
                inputs.dateProblems.append("\(name) \(e)")
                return nil
            }
        }
        inputs.grantDate = date(.grantDate)
        inputs.agreedStart = date(.agreedStart)
        inputs.actualStart = date(.actualStart)
        inputs.suspendedSince = date(.suspendedSince)
        func share(_ field: KnownField) -> Double? {
            guard let name = fields[field] else { return nil }
            switch LedgerNumber.share(p[name]) {
            case nil: return nil
            case let .success(v)?: return v
            case let .failure(e)?:
                inputs.shareProblems.append("\(name) '\(e.text)'")
                return nil
            }
        }
        inputs.developedShare = share(.developedShare)
        inputs.investedShare = share(.investedShare)
        if let name = fields[.landPriceWan] {
            switch LedgerNumber.read(p[name]) {
            case nil: break
            case let .success(v)?:
                if v >= 0 { inputs.landPriceWan = v } else { inputs.landPriceProblem = "\(name) '\(p[name]?.text ?? "")'" }
            case let .failure(e)?: inputs.landPriceProblem = "\(name) '\(e.text)'"
            }
        }
        if let statusField, let status = p[statusField]?.text, !status.isEmpty {
            inputs.proposed = rules.classification.isProposed(status)
        }
        return inputs
    }

    /// The verdict on one parcel as of the end of `asOf` (see ``LedgerDate`` for how full
    /// years are counted).
    public static func assess(_ d: IdleInputs, asOf: LedgerDate, rules: IdleRules, language: ReportLanguage = .en) -> IdleAssessment {
        let zh = language == .zh
        func t(_ a: String, _ b: String) -> String { zh ? a : b }
        var a = IdleAssessment()
        func unknown(_ reason: String) -> IdleAssessment {
            a.idleClass = .unknown
            a.daysOverdue = nil
            a.evidence.insert(reason, at: 0)
            return a
        }
        if let p = d.landPriceProblem {
            a.flags.append("bad_land_price")
            a.evidence.append(t("土地价款无法读取：\(p)", "land price unreadable: \(p)"))
        }
        if d.proposed {
            a.evidence.insert(t("未供地（拟供地块）", "not granted (proposed)"), at: 0)
            return a
        }
        if !d.dateProblems.isEmpty {
            return unknown(t("日期无法读取：", "unreadable date: ") + d.dateProblems.joined(separator: "; "))
        }
        if d.grantDate == nil, d.agreedStart == nil, d.actualStart == nil {
            return unknown(t("无供地日期、约定开工日期和实际开工日期", "no grant date, agreed start or actual start"))
        }
        if let g = d.grantDate, g > asOf {
            a.evidence.insert(t("供地日期 \(g) 晚于评估日期", "granted on \(g), after the as-of date"), at: 0)
            a.started = false
            return a
        }
        if let g = d.grantDate, let s = d.agreedStart, s < g {
            return unknown(t("约定开工日期 \(s) 早于供地日期 \(g)", "agreed start \(s) is before the grant date \(g)"))
        }
        if let g = d.grantDate, let s = d.actualStart, s < g {
            return unknown(t("实际开工日期 \(s) 早于供地日期 \(g)（台账错误或未批先建）", "actual start \(s) is before the grant date \(g) (a ledger error, or built before the grant)"))
        }
        if let s = d.actualStart, let p = d.suspendedSince, p < s {
            return unknown(t("停工日期 \(p) 早于实际开工日期 \(s)", "suspended since \(p), before the actual start \(s)"))
        }
        let reference = d.agreedStart ?? d.grantDate
        if d.agreedStart == nil, d.grantDate != nil {
            a.flags.append("from_grant_date")
            a.evidence.append(t("无约定开工日期，自供地日期起算（令第53号第二条）", "no agreed start: counted from the grant date (Order 53, art. 2)"))
        }
        a.referenceDate = reference
        if let r = reference {
            a.idleFrom = r.adding(years: rules.idleAfterYears)
            a.recoverableFrom = r.adding(years: rules.recoverableAfterYears)
        }
        let started = d.actualStart.map { $0 <= asOf } ?? false
        a.started = started
        func fee() {
            guard let price = d.landPriceWan else { return }
            a.idleFeeWan = price * rules.idleFeeShare
        }

        if !started {
            guard let r = reference, let idleFrom = a.idleFrom, let recoverableFrom = a.recoverableFrom else {
                // Only a start date after the as-of date: nothing to count from.
                return unknown(t("无供地日期或约定开工日期", "no grant date or agreed start"))
            }
            a.daysOverdue = max(0, r.days(to: asOf))
            if let s = d.actualStart {
                a.evidence.append(t("实际开工日期 \(s) 晚于评估日期，视为未开工", "actual start \(s) is after the as-of date: not started then"))
            }
            if asOf >= recoverableFrom {
                a.idleClass = .recoverable
                a.evidence.insert(t("约定开工日期 \(r) 后满 \(rules.recoverableAfterYears) 年（\(recoverableFrom)）未开工，逾期 \(a.daysOverdue!) 天",
                                    "not started \(rules.recoverableAfterYears) full years after \(r) (since \(recoverableFrom)); \(a.daysOverdue!) days overdue"), at: 0)
                fee()
            } else if asOf >= idleFrom {
                a.idleClass = .idle1y
                a.evidence.insert(t("约定开工日期 \(r) 后满 \(rules.idleAfterYears) 年（\(idleFrom)）未开工，逾期 \(a.daysOverdue!) 天；\(recoverableFrom) 起可无偿收回",
                                    "not started \(rules.idleAfterYears) full year\(rules.idleAfterYears == 1 ? "" : "s") after \(r) (since \(idleFrom)); \(a.daysOverdue!) days overdue; recoverable from \(recoverableFrom)"), at: 0)
                fee()
            } else if r < asOf {
                a.evidence.insert(t("未开工，逾期 \(a.daysOverdue!) 天；\(idleFrom) 起闲置", "not started, \(a.daysOverdue!) days overdue; idle from \(idleFrom)"), at: 0)
            } else {
                a.evidence.insert(t("未到约定开工日期 \(r)", "agreed start \(r) not reached"), at: 0)
            }
            if let n = d.buildingCount, n > 0 {
                a.flags.append("buildings_found")
                a.evidence.append(t("台账未记开工，但有 \(n) 栋建筑", "no start recorded, but \(n) building\(n == 1 ? "" : "s") found"))
            }
            if a.idleClass.isIdle, d.landPriceWan == nil, d.landPriceProblem == nil {
                a.evidence.append(t("无土地价款，未计闲置费", "no land price: idle fee not computed"))
            }
            return a
        }

        // Started by the as-of date (`started` above implies a start date).
        guard let s = d.actualStart else { return a }
        a.daysOverdue = 0
        var said = t("\(s) 开工", "started \(s)")
        if let r = reference, s > r {
            a.flags.append("started_late")
            said += t("，晚于约定 \(r.days(to: s)) 天", ", \(r.days(to: s)) days after the agreed \(r)")
        }
        a.evidence.insert(said, at: 0)
        if let p = d.suspendedSince, p <= asOf {
            let suspendedLongEnough = asOf >= p.adding(years: rules.partialSuspendedYears)
            if suspendedLongEnough {
                if !d.shareProblems.isEmpty {
                    return unknown(t("停工满 \(rules.partialSuspendedYears) 年，但开发或投资比例无法读取：", "suspended \(rules.partialSuspendedYears)+ years, but a share is unreadable: ") + d.shareProblems.joined(separator: "; "))
                }
                if d.developedShare == nil, d.investedShare == nil {
                    return unknown(t("自 \(p) 停工满 \(rules.partialSuspendedYears) 年，但无开发比例和投资比例", "suspended since \(p) (\(rules.partialSuspendedYears)+ years) but no developed or invested share"))
                }
                var short: [String] = []
                if let v = d.developedShare, v < rules.partialDevelopedShare {
                    short.append(t("已开发 \(percent(v)) < \(percent(rules.partialDevelopedShare))", "developed \(percent(v)) < \(percent(rules.partialDevelopedShare))"))
                }
                if let v = d.investedShare, v < rules.partialInvestedShare {
                    short.append(t("已投资 \(percent(v)) < \(percent(rules.partialInvestedShare))", "invested \(percent(v)) < \(percent(rules.partialInvestedShare))"))
                }
                if !short.isEmpty {
                    a.idleClass = .partialIdle
                    a.daysOverdue = p.days(to: asOf)
                    a.evidence.insert(t("\(short.joined(separator: "、"))，自 \(p) 中止开发满 \(rules.partialSuspendedYears) 年", "\(short.joined(separator: ", ")), suspended since \(p)"), at: 0)
                    fee()
                    if d.landPriceWan == nil, d.landPriceProblem == nil {
                        a.evidence.append(t("无土地价款，未计闲置费", "no land price: idle fee not computed"))
                    }
                } else {
                    a.evidence.append(t("自 \(p) 停工，但开发和投资比例均达标", "suspended since \(p), but the developed and invested shares are above the thresholds"))
                }
            } else {
                a.evidence.append(t("自 \(p) 停工，未满 \(rules.partialSuspendedYears) 年", "suspended since \(p), less than \(rules.partialSuspendedYears) year\(rules.partialSuspendedYears == 1 ? "" : "s")"))
            }
        }
        // Spatial evidence: recorded as started, but no footprint a full year after the start was due.
        if let n = d.buildingCount, n == 0, d.expectsBuildings {
            let due = (reference ?? s).adding(years: rules.idleAfterYears)
            if asOf >= due {
                a.flags.append("no_buildings_found")
                a.evidence.append(t("台账记为已开工，但 \(due) 后仍无建筑轮廓：需现场核查", "recorded as started, but no building footprint after \(due): check on site"))
            }
        }
        return a
    }

    static func percent(_ v: Double) -> String {
        let p = v * 100
        let r = (p * 10).rounded() / 10
        return NumberFormatting.string(r) + " %"
    }
}
