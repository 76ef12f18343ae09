import Spatial

/// The verdict on one parcel under 闲置土地处置办法 (国土资源部令第53号, 2012).
public enum IdleClass: String, Sendable, CaseIterable, Codable {
    /// Not idle (not granted, 动工开发 started, or not yet a full year late).
    case none
    /// 未动工开发满一年 (第二条): the idle fee, 20 % of the land price (第十四条（一）).
    case idle1y = "idle_1y"
    /// 未动工开发满两年: may be recovered without compensation (第十四条（二）).
    case recoverable
    /// Started, developed share < 1/3 or invested share < 25 %, 中止开发建设满一年 (第二条第二款).
    case partialIdle = "partial_idle"
    /// Idle a full year, caused by the government or force majeure (第八条): no idle fee, no
    /// recovery without compensation; disposed of by agreement (第十二条, 第十三条).
    case negotiated = "idle_negotiated"
    /// Dates missing, unreadable or inconsistent: the reason is in the evidence.
    case unknown

    public var isIdle: Bool { self == .idle1y || self == .recoverable || self == .partialIdle || self == .negotiated }

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.none, .zh): "未闲置"
        case (.none, .en): "not idle"
        case (.idle1y, .zh): "未动工开发满一年（征缴土地闲置费）"
        case (.idle1y, .en): "not started a full year (idle fee)"
        case (.recoverable, .zh): "未动工开发满两年（可无偿收回）"
        case (.recoverable, .en): "not started two full years (recoverable without compensation)"
        case (.partialIdle, .zh): "已动工开发但开发不足、中止开发建设满一年"
        case (.partialIdle, .en): "started, under-developed, suspended a full year"
        case (.negotiated, .zh): "政府原因或不可抗力造成闲置（第八条，协商处置）"
        case (.negotiated, .en): "idle through the government or force majeure (art. 8: disposal by agreement)"
        case (.unknown, .zh): "无法判定"
        case (.unknown, .en): "unknown"
        }
    }
}

/// Why land lay idle, as the ledger records it (闲置原因).
public enum IdleCause: String, Sendable, CaseIterable, Codable {
    /// 政府、政府有关部门的行为 (第八条第一款): late delivery, plan changes, policy, petitions,
    /// military control or heritage protection.
    case government
    /// 自然灾害等不可抗力 (第八条第二款).
    case forceMajeure = "force_majeure"
    /// The land user's own doing: 第十四条 applies.
    case landUser = "land_user"

    /// Reads a ledger value: 政府原因 / 规划调整 / 未按期交地 …, 不可抗力 / 自然灾害, 企业原因 /
    /// 自身原因 / 用地单位原因; nil when the words say none of these.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if ["government", "政府", "规划", "交地", "政策", "信访", "军事", "文物"].contains(where: { t.contains($0) }) {
            self = .government
        } else if ["force_majeure", "force majeure", "不可抗力", "自然灾害", "灾害"].contains(where: { t.contains($0) }) {
            self = .forceMajeure
        } else if ["land_user", "企业", "自身", "用地单位", "用地者", "使用权人", "业主", "单位原因"].contains(where: { t.contains($0) }) {
            self = .landUser
        } else {
            return nil
        }
    }

    /// 第八条 applies: no fee, no recovery without compensation.
    public var isArticle8: Bool { self != .landUser }

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.government, .zh): "政府原因"
        case (.government, .en): "the government"
        case (.forceMajeure, .zh): "不可抗力"
        case (.forceMajeure, .en): "force majeure"
        case (.landUser, .zh): "用地者原因"
        case (.landUser, .en): "the land user"
        }
    }
}

/// Where an idle parcel's fee stands. The fee is levied once, when the land has lain idle a
/// full year (第十四条（一）); at two years the land may be recovered instead.
public enum IdleFeeStatus: String, Sendable, CaseIterable, Codable {
    /// Idle a full year (not two), or partly developed and suspended a year: the fee is due.
    case due
    /// Idle two full years: the fee fell due when it had lain idle one year; it is not
    /// levied again.
    case triggered
    /// The ledger records the fee as paid.
    case paid

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.due, .zh): "应征"
        case (.due, .en): "due"
        case (.triggered, .zh): "满一年时已触发"
        case (.triggered, .en): "fell due at one year"
        case (.paid, .zh): "已缴"
        case (.paid, .en): "paid"
        }
    }
}

/// What the ledger says about one parcel's grant and construction, as read.
public struct IdleInputs: Sendable, Equatable {
    public var grantDate: LedgerDate?
    public var agreedStart: LedgerDate?
    /// The day the land was actually handed over (实际交付土地之日, 交地确认书).
    public var landDelivered: LedgerDate?
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
    /// Why the land lay idle (闲置原因), when recorded and readable.
    public var idleCause: IdleCause?
    /// The cause as written, when it could not be read as one of ``IdleCause``.
    public var idleCauseUnread: String?
    /// 处置方式 as recorded (延长动工开发期限, 调整土地用途, 协议有偿收回, 置换土地…).
    public var disposal: String?
    /// Idle fee paid so far, 万元 (a yes/no column gives the whole fee or 0).
    public var feePaidWan: Double?
    /// The fee was recorded as paid in words (是, 已缴): the whole fee.
    public var feePaidInFull = false
    /// The paid fee could not be read.
    public var feePaidProblem: String?
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
                landPriceWan: Double? = nil, proposed: Bool = false, buildingCount: Int? = nil, landDelivered: LedgerDate? = nil,
                idleCause: IdleCause? = nil, disposal: String? = nil, feePaidWan: Double? = nil) {
        self.grantDate = grantDate
        self.agreedStart = agreedStart
        self.actualStart = actualStart
        self.suspendedSince = suspendedSince
        self.developedShare = developedShare
        self.investedShare = investedShare
        self.landPriceWan = landPriceWan
        self.proposed = proposed
        self.buildingCount = buildingCount
        self.landDelivered = landDelivered
        self.idleCause = idleCause
        self.disposal = disposal
        self.feePaidWan = feePaidWan
    }
}

/// The idle verdict on one parcel with its dates and the evidence.
public struct IdleAssessment: Sendable, Equatable {
    public var idleClass: IdleClass = .none
    /// Days from the reference date (the 动工开发日期) to the as-of date while not started;
    /// for `partial_idle`, days since the suspension; 0 when started on time or not yet due;
    /// nil for `unknown` and parcels not granted.
    public var daysOverdue: Int?
    /// The idle fee (万元): land price × the fee share, for parcels idle a full year whose
    /// price is known (not for 第八条 causes).
    public var idleFeeWan: Double?
    /// Where the fee stands (nil without a fee).
    public var feeStatus: IdleFeeStatus?
    /// The fee still to collect now: for `due`, the fee less what was paid; 0 otherwise.
    public var feeDueWan: Double?
    /// The 动工开发日期 the periods run from: the agreed start; else one year after the land
    /// was delivered (令第53号 第二十八条); else one year after the grant date, standing in for
    /// the delivery (flagged `from_grant_date`).
    public var referenceDate: LedgerDate?
    /// Idle from (reference + one full year) and recoverable from (+ two years).
    public var idleFrom: LedgerDate?
    public var recoverableFrom: LedgerDate?
    /// Construction started by the as-of date (nil when not granted or unknown).
    public var started: Bool?
    /// Machine-readable marks: `no_buildings_found`, `buildings_found`, `started_late`,
    /// `from_land_delivered`, `from_grant_date`, `bad_land_price`, `bad_fee_paid`,
    /// `idle_cause_unread`.
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

    public var idleCount: Int {
        var n = 0 // counted in place: a filter copies every idle parcel
        for k in parcels.indices where parcels[k].idleClass.isIdle { n += 1 }
        return n
    }
    /// Input features (parcels, zones, buildings) unusable or without geometry.
    public var unusableInputs = 0
    /// The zones as read and prepared (in the area CRS), for the report's map; nil without zones.
    public var zoneLayer: ZoneLayer? = nil
    /// The parcels as read and measured, released with the result (see ``KeptInputs``).
    var keptInputs: KeptInputs? = nil
    /// Seconds per phase of the run (`--timings`).
    public var timings: [(phase: String, seconds: Double)] = []
}

public enum IdleLand {
    /// Reads the parcels (and zones and buildings when given) and judges every parcel.
    public static func run(_ options: IdleOptions, engine: GeometryEngine = GeometryEngine()) throws -> IdleResult {
        let sites = try ParcelSites(options.sites, parcelFields: KnownField.idleFields, repair: options.rules.repair, engine: engine)
        var timings = sites.timings
        let dateFields: [KnownField] = [.grantDate, .agreedStart, .landDelivered, .actualStart]
        guard dateFields.contains(where: { sites.fields[$0] != nil }) || sites.features.isEmpty else {
            throw ReadError(file: sites.parcelFile, message: "no grant or start date field found (looked for \(dateFields.flatMap(\.aliases).joined(separator: ", "))); the fields are \(FieldNames(sites.features).list); name them with --field-map, e.g. --field-map 'agreed_start=动工开发日期'")
        }
        let statusField = try options.statusField.map { try Classifier.checkField($0, sites.features, file: sites.parcelFile) }
            ?? Classifier.findField(sites.features, KnownField.status.aliases)
        let useField = try options.useField.map { try Classifier.checkField($0, sites.features, file: sites.parcelFile) }
            ?? Classifier.findField(sites.features, KnownField.landUse.aliases)
        let lang = options.language
        var rules = options.rules
        let useScheme = try useField.map { try LandUse.settle(rules.classification.useScheme, values: Classifier.distinctUses(sites.features, useField: $0), file: sites.parcelFile) }
        if let useScheme { rules.classification.useScheme = useScheme.scheme }
        // Each parcel's ledger read and judged on every core (pure Swift on plain values:
        // nothing shared is written).
        let scheme = rules.classification.useScheme
        let idleRules = rules
        let ledgerNames = LedgerNames(sites.fields, statusField: statusField)
        func judge(_ s: UnsafePointer<ParcelSite>, _ f: UnsafePointer<Feature>, expectsBuildings: inout [String: Bool]) -> ParcelIdle { // read in place
            let rules = idleRules
            var inputs = readInputs(f.pointee.properties, names: ledgerNames, rules: rules)
            var coverage: Double?
            if let useField {
                let use = f.pointee.properties[useField]?.text ?? ""
                // A layer has a few distinct uses: each one's category is found once per thread.
                if let known = expectsBuildings[use] {
                    inputs.expectsBuildings = known
                } else {
                    inputs.expectsBuildings = use.trimmingCharacters(in: .whitespaces).lowercased() == "industrial"
                        || [.industrial, .warehousing, .mining].contains(LandUse.category(of: use, scheme: scheme))
                    expectsBuildings[use] = inputs.expectsBuildings
                }
            }
            if sites.hasBuildings, s.pointee.measured {
                inputs.buildingCount = s.pointee.buildingShares.count
                coverage = s.pointee.areaM2 > 0 ? s.pointee.coveredM2 / s.pointee.areaM2 : 0
            }
            var a = assess(inputs, asOf: options.asOf, rules: rules.idle, language: lang)
            if let coverage, inputs.buildingCount ?? 0 > 0 {
                a.evidence.append(lang == .zh ? "建筑覆盖率 \(percent(coverage))" : "building coverage \(percent(coverage))")
            }
            return ParcelIdle(index: s.pointee.index, id: s.pointee.id, status: s.pointee.status, geometryFlags: s.pointee.flags,
                              areaM2: s.pointee.measured ? s.pointee.areaM2 : nil, zone: sites.zoneCode(s), redLineShare: sites.redLineShare(s),
                              buildingCoverage: coverage,
                              buildingCount: inputs.buildingCount, inputs: inputs, assessment: a,
                              properties: s.pointee.properties, outputGeometry: s.pointee.outputGeometry)
        }
        let siteList = sites.sites, features = sites.features
        // Each verdict built in its place (no per-chunk lists copied into the result).
        let parcels = try siteList.withUnsafeBufferPointer { siteList in
            try features.withUnsafeBufferPointer { features in
                try OrderedChunks.map(count: siteList.count, chunk: 2048, makeState: { [String: Bool]() }, transform: { k, uses in
                    judge(siteList.baseAddress! + k, features.baseAddress! + k, expectsBuildings: &uses)
                })
            }
        }
        var warnings = sites.warnings
        if let w = useScheme.flatMap({ LandUse.unreadWarning($0, lang) }) { warnings.append(w) }
        if statusField == nil {
            warnings.append(lang == .zh ? "未找到状态字段：无日期的地块按“无法判定”处理，而非“未供地”" : "no status field: parcels without dates are `unknown`, not `not granted`")
        }
        var result = IdleResult(parcels: parcels, asOf: options.asOf, parcelFile: sites.parcelFile, parcelCRS: sites.parcelCRS,
                          areaCRS: sites.areaCRS, outputCRS: sites.outputCRS, zonesFile: sites.zones?.file,
                          buildingsFile: sites.buildingFile, buildingCount: sites.buildings.count, fields: sites.fields,
                          idField: sites.idField, statusField: statusField, useField: useField, useScheme: useScheme, warnings: warnings, language: lang, rules: rules,
                          unusableInputs: sites.unusableInputs)
        result.zoneLayer = sites.zones
        result.keptInputs = KeptInputs(sites)
        timings.mark("assess")
        result.timings = timings.phases
        return result
    }

    /// The attribute read for each ledger value `idle` judges, looked up once per run (not
    /// once per parcel and value: hashing the field keys was a few percent of a run).
    struct LedgerNames {
        var grantDate, agreedStart, landDelivered, actualStart, suspendedSince: String?
        var developedShare, investedShare, landPriceWan, idleCause, disposal, idleFeePaidWan: String?
        var status: String?

        init(_ fields: [KnownField: String], statusField: String?) {
            grantDate = fields[.grantDate]
            agreedStart = fields[.agreedStart]
            landDelivered = fields[.landDelivered]
            actualStart = fields[.actualStart]
            suspendedSince = fields[.suspendedSince]
            developedShare = fields[.developedShare]
            investedShare = fields[.investedShare]
            landPriceWan = fields[.landPriceWan]
            idleCause = fields[.idleCause]
            disposal = fields[.disposal]
            idleFeePaidWan = fields[.idleFeePaidWan]
            status = statusField
        }
    }

    /// The ledger values of one parcel.
    static func readInputs(_ p: Properties, names: LedgerNames, rules: Rules) -> IdleInputs {
        var inputs = IdleInputs()
        func date(_ name: String?) -> LedgerDate? {
            guard let name else { return nil }
            switch LedgerDate.read(p[name]) {
            case nil: return nil
            case let .success(d)?: return d
            case let .failure(e)?:
                inputs.dateProblems.append("\(name) \(e)")
                return nil
            }
        }
        inputs.grantDate = date(names.grantDate)
        inputs.agreedStart = date(names.agreedStart)
        inputs.landDelivered = date(names.landDelivered)
        inputs.actualStart = date(names.actualStart)
        inputs.suspendedSince = date(names.suspendedSince)
        func share(_ name: String?) -> Double? {
            guard let name else { return nil }
            switch LedgerNumber.share(p[name]) {
            case nil: return nil
            case let .success(v)?: return v
            case let .failure(e)?:
                inputs.shareProblems.append("\(name) '\(e.text)'")
                return nil
            }
        }
        inputs.developedShare = share(names.developedShare)
        inputs.investedShare = share(names.investedShare)
        if let name = names.landPriceWan {
            switch LedgerNumber.read(p[name]) {
            case nil: break
            case let .success(v)?:
                if v >= 0 { inputs.landPriceWan = v } else { inputs.landPriceProblem = "\(name) '\(p[name]?.text ?? "")'" }
            case let .failure(e)?: inputs.landPriceProblem = "\(name) '\(e.text)'"
            }
        }
        if let name = names.idleCause, let v = p[name], !v.isNull, !v.text.trimmingCharacters(in: .whitespaces).isEmpty {
            if let cause = IdleCause(text: v.text) { inputs.idleCause = cause } else { inputs.idleCauseUnread = v.text }
        }
        if let name = names.disposal, let v = p[name], !v.isNull {
            let t = v.text.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty { inputs.disposal = t }
        }
        if let name = names.idleFeePaidWan, let v = p[name], !v.isNull {
            let t = v.text.trimmingCharacters(in: .whitespaces).lowercased()
            if ["是", "已缴", "已缴纳", "已缴清", "已征缴", "yes", "y", "true", "paid"].contains(t) {
                inputs.feePaidInFull = true
            } else if ["否", "未缴", "未缴纳", "no", "n", "false", "unpaid"].contains(t) {
                inputs.feePaidWan = 0
            } else if !t.isEmpty {
                switch LedgerNumber.read(v) {
                case let .success(paid)? where paid >= 0: inputs.feePaidWan = paid
                default: inputs.feePaidProblem = "\(name) '\(v.text)'"
                }
            }
        }
        if let statusField = names.status, let status = p[statusField]?.text, !status.isEmpty {
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
        if let p = d.feePaidProblem {
            a.flags.append("bad_fee_paid")
            a.evidence.append(t("已缴闲置费无法读取：\(p)", "idle fee paid unreadable: \(p)"))
        }
        if d.proposed {
            a.evidence.insert(t("未供地（拟供地块）", "not granted (proposed)"), at: 0)
            return a
        }
        if !d.dateProblems.isEmpty {
            return unknown(t("日期无法读取：", "unreadable date: ") + d.dateProblems.joined(separator: "; "))
        }
        if d.grantDate == nil, d.agreedStart == nil, d.landDelivered == nil, d.actualStart == nil {
            return unknown(t("无供地日期、约定动工开发日期、交地日期和实际动工开发日期", "no grant date, agreed start, land delivery or actual start"))
        }
        if let g = d.grantDate, g > asOf {
            a.evidence.insert(t("供地日期 \(g) 晚于评估日期", "granted on \(g), after the as-of date"), at: 0)
            a.started = false
            return a
        }
        if let g = d.grantDate, let s = d.agreedStart, s < g {
            return unknown(t("约定动工开发日期 \(s) 早于供地日期 \(g)", "agreed start \(s) is before the grant date \(g)"))
        }
        if let g = d.grantDate, let s = d.actualStart, s < g {
            return unknown(t("实际动工开发日期 \(s) 早于供地日期 \(g)（台账错误或未批先建）", "actual start \(s) is before the grant date \(g) (a ledger error, or built before the grant)"))
        }
        if let s = d.actualStart, let p = d.suspendedSince, p < s {
            return unknown(t("停工日期 \(p) 早于实际动工开发日期 \(s)", "suspended since \(p), before the actual start \(s)"))
        }
        // The 动工开发日期: agreed, else one year after the land was handed over (第二十八条);
        // the grant date stands in for the delivery when that is not recorded either (the
        // land cannot have been handed over earlier, so the dates are the earliest possible).
        let reference: LedgerDate?
        if let agreed = d.agreedStart {
            reference = agreed
        } else if let delivered = d.landDelivered {
            let due = delivered.adding(years: 1)
            reference = due
            a.flags.append("from_land_delivered")
            a.evidence.append(t("无约定动工开发日期：以实际交付土地之日 \(delivered) 起一年（\(due)）为动工开发日期（令第53号第二十八条）",
                                "no agreed start: the start was due one year after the land was delivered on \(delivered), on \(due) (Order 53, art. 28)"))
        } else if let g = d.grantDate {
            let due = g.adding(years: 1)
            reference = due
            a.flags.append("from_grant_date")
            a.evidence.append(t("无约定动工开发日期和交地日期：以供地日期 \(g) 代替交地日期起算一年（\(due)，第二十八条），需核对交地确认书",
                                "no agreed start or land delivery: the grant date \(g) stands in for the delivery, the start due a year later on \(due) (art. 28); check the delivery record"))
        } else {
            reference = nil
        }
        a.referenceDate = reference
        if let r = reference {
            a.idleFrom = r.adding(years: rules.idleAfterYears)
            a.recoverableFrom = r.adding(years: rules.recoverableAfterYears)
        }
        let started = d.actualStart.map { $0 <= asOf } ?? false
        a.started = started
        if let text = d.idleCauseUnread {
            a.flags.append("idle_cause_unread")
            a.evidence.append(t("闲置原因“\(text)”无法归类（政府原因、不可抗力或用地者原因）：按第十四条判定", "idle cause '\(text)' not recognised (government, force majeure or the land user): art. 14 applies"))
        }
        /// Idle under 第八条 (government, force majeure): negotiated, no fee.
        func article8() -> Bool {
            guard let cause = d.idleCause, cause.isArticle8 else { return false }
            a.idleClass = .negotiated
            a.evidence.append(t("闲置原因：\(cause.title(.zh))（第八条）：不征收土地闲置费、不无偿收回，按第十二条、第十三条协商处置",
                                "idle through \(cause.title(.en)) (art. 8): no idle fee and no recovery without compensation; disposed of by agreement (arts. 12, 13)"))
            return true
        }
        func fee(recoverable: Bool) {
            guard let price = d.landPriceWan else {
                if d.landPriceProblem == nil { a.evidence.append(t("无土地价款，未计闲置费", "no land price: idle fee not computed")) }
                return
            }
            let fee = price * rules.idleFeeShare
            a.idleFeeWan = fee
            let paid = d.feePaidInFull ? fee : d.feePaidWan
            if let paid, paid >= fee - 0.005 {
                a.feeStatus = .paid
                a.feeDueWan = 0
                a.evidence.append(t("闲置费 \(NumberFormatting.string(fee)) 万元已缴", "idle fee \(NumberFormatting.string(fee)) 万元 paid"))
            } else if recoverable {
                a.feeStatus = .triggered
                a.feeDueWan = 0
                let when = a.idleFrom.map { t("于 \($0) ", "on \($0) ") } ?? ""
                a.evidence.append(t("闲置费 \(NumberFormatting.string(fee)) 万元已\(when)满一年时触发（只征一次，不再重复征收）",
                                    "the idle fee of \(NumberFormatting.string(fee)) 万元 fell due \(when)at one year (levied once, not again)"))
            } else {
                a.feeStatus = .due
                a.feeDueWan = max(0, fee - (paid ?? 0))
                if let paid, paid > 0 {
                    a.evidence.append(t("闲置费已缴 \(NumberFormatting.string(paid)) 万元，尚欠 \(NumberFormatting.string(a.feeDueWan!)) 万元",
                                        "\(NumberFormatting.string(paid)) 万元 of the idle fee paid, \(NumberFormatting.string(a.feeDueWan!)) 万元 outstanding"))
                }
            }
        }
        func disposal() {
            if let disposal = d.disposal, a.idleClass.isIdle { a.evidence.append(t("处置方式：\(disposal)", "disposal: \(disposal)")) }
        }

        if !started {
            guard let r = reference, let idleFrom = a.idleFrom, let recoverableFrom = a.recoverableFrom else {
                // Only a start date after the as-of date: nothing to count from.
                return unknown(t("无供地日期、约定动工开发日期或交地日期", "no grant date, agreed start or land delivery"))
            }
            a.daysOverdue = max(0, r.days(to: asOf))
            if let s = d.actualStart {
                a.evidence.append(t("实际动工开发日期 \(s) 晚于评估日期，视为未动工开发", "actual start \(s) is after the as-of date: not started then"))
            }
            if asOf >= recoverableFrom {
                a.idleClass = .recoverable
                a.evidence.insert(t("动工开发日期 \(r) 后满 \(rules.recoverableAfterYears) 年（\(recoverableFrom)）未动工开发，逾期 \(a.daysOverdue!) 天：可无偿收回（第十四条第（二）项）",
                                    "not started \(rules.recoverableAfterYears) full years after \(r) (since \(recoverableFrom)); \(a.daysOverdue!) days overdue: recoverable without compensation (art. 14 (2))"), at: 0)
                if !article8() { fee(recoverable: true) }
            } else if asOf >= idleFrom {
                a.idleClass = .idle1y
                a.evidence.insert(t("动工开发日期 \(r) 后满 \(rules.idleAfterYears) 年（\(idleFrom)）未动工开发，逾期 \(a.daysOverdue!) 天：征缴土地闲置费（第十四条第（一）项）；\(recoverableFrom) 起可无偿收回",
                                    "not started \(rules.idleAfterYears) full year\(rules.idleAfterYears == 1 ? "" : "s") after \(r) (since \(idleFrom)); \(a.daysOverdue!) days overdue: idle fee (art. 14 (1)); recoverable from \(recoverableFrom)"), at: 0)
                if !article8() { fee(recoverable: false) }
            } else if r < asOf {
                a.evidence.insert(t("未动工开发，逾期 \(a.daysOverdue!) 天；\(idleFrom) 起闲置", "not started, \(a.daysOverdue!) days overdue; idle from \(idleFrom)"), at: 0)
            } else {
                a.evidence.insert(t("未到动工开发日期 \(r)", "agreed start \(r) not reached"), at: 0)
            }
            disposal()
            if let n = d.buildingCount, n > 0 {
                a.flags.append("buildings_found")
                a.evidence.append(t("台账未记动工开发，但有 \(n) 栋建筑", "no start recorded, but \(n) building\(n == 1 ? "" : "s") found"))
            }
            return a
        }

        // Started by the as-of date (`started` above implies a start date).
        guard let s = d.actualStart else { return a }
        a.daysOverdue = 0
        var said = t("\(s) 动工开发", "started \(s)")
        if let r = reference, s > r {
            a.flags.append("started_late")
            said += t("，晚于动工开发日期 \(r.days(to: s)) 天", ", \(r.days(to: s)) days after the agreed \(r)")
        }
        a.evidence.insert(said, at: 0)
        if let p = d.suspendedSince, p <= asOf {
            let suspendedLongEnough = asOf >= p.adding(years: rules.partialSuspendedYears)
            if suspendedLongEnough {
                if !d.shareProblems.isEmpty {
                    return unknown(t("中止开发建设满 \(rules.partialSuspendedYears) 年，但开发或投资比例无法读取：", "suspended \(rules.partialSuspendedYears)+ years, but a share is unreadable: ") + d.shareProblems.joined(separator: "; "))
                }
                if d.developedShare == nil, d.investedShare == nil {
                    return unknown(t("自 \(p) 中止开发建设满 \(rules.partialSuspendedYears) 年，但无开发比例和投资比例", "suspended since \(p) (\(rules.partialSuspendedYears)+ years) but no developed or invested share"))
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
                    a.evidence.insert(t("\(short.joined(separator: "、"))，自 \(p) 中止开发建设满 \(rules.partialSuspendedYears) 年（第二条第二款）", "\(short.joined(separator: ", ")), suspended since \(p)"), at: 0)
                    if !article8() { fee(recoverable: false) }
                    disposal()
                } else {
                    a.evidence.append(t("自 \(p) 中止开发建设，但开发和投资比例均达标", "suspended since \(p), but the developed and invested shares are above the thresholds"))
                }
            } else {
                a.evidence.append(t("自 \(p) 中止开发建设，未满 \(rules.partialSuspendedYears) 年", "suspended since \(p), less than \(rules.partialSuspendedYears) year\(rules.partialSuspendedYears == 1 ? "" : "s")"))
            }
        }
        // Spatial evidence: recorded as started, but no footprint a full year after the start was due.
        if let n = d.buildingCount, n == 0, d.expectsBuildings {
            let due = (reference ?? s).adding(years: rules.idleAfterYears)
            if asOf >= due {
                a.flags.append("no_buildings_found")
                a.evidence.append(t("台账记为已动工开发，但 \(due) 后仍无建筑轮廓：需现场核查", "recorded as started, but no building footprint after \(due): check on site"))
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
