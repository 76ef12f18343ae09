import Foundation
import Spatial

/// How to run `landctl audit`.
public struct AuditOptions: Sendable {
    public var sites: SiteInputs
    /// The audit is as of the end of this day.
    public var asOf: LedgerDate
    public var statusField: String?
    /// The previous audit's output folder (or its audit.csv): escalates stages whose deadline passed.
    public var previousPath: String?
    public var rules = Rules.defaults
    public var language = ReportLanguage.zh

    public init(parcelsPath: String, asOf: LedgerDate) {
        sites = SiteInputs(parcelsPath: parcelsPath)
        self.asOf = asOf
    }
}

/// A date to watch: a contract due date not yet met, or a stage's deadline.
public struct AuditDeadline: Sendable, Equatable {
    public var date: LedgerDate
    /// `start_due`, `completion_due`, `production_due`, `review_date`, `rectify_deadline`, `penalty_deadline`.
    public var what: String

    public init(date: LedgerDate, what: String) {
        self.date = date
        self.what = what
    }
}

/// One parcel's audit: every input parcel has one, in input order.
public struct ParcelAudit: Sendable {
    public var index: Int
    public var id: String
    public var status: FeatureStatus
    /// Geometry repair or error reasons.
    public var geometryFlags: [String]
    /// Planar area in the area CRS, m² (nil when the geometry is unusable).
    public var areaM2: Double?
    public var zone: String?
    public var redLineShare: Double?
    public var inputs: AuditInputs
    public var measures: AuditMeasures
    /// Audited: granted by the as-of date with 标准地 contract terms. Otherwise `note` says why not.
    public var audited: Bool
    public var note: String?
    public var dates: [AuditDateCheck] = []
    public var figures: [AuditFigureCheck] = []
    /// The review date used (recorded, else production due + `review_after_years`).
    public var reviewDate: LedgerDate?
    public var findings: [AuditFinding] = []
    public var placement = AuditPlacement()
    public var previous: PreviousAudit?
    /// Dates still ahead (from the as-of date on), earliest first.
    public var upcoming: [AuditDeadline] = []
    public var properties: Properties
    public var outputGeometry: FlatGeometry?

    /// The stage; nil when not audited.
    public var stage: AuditStage? { audited ? placement.stage : nil }
    public var areaMu: Double? { areaM2.map { AreaUnits.mu(fromSquareMetres: $0) } }
    public var nextDeadline: AuditDeadline? { upcoming.first }

    public func date(_ name: String) -> AuditDateCheck? { dates.first { $0.name == name } }
    public func figure(_ name: String) -> AuditFigureCheck? { figures.first { $0.name == name } }
}

/// Everything `audit` found.
public struct AuditResult: Sendable {
    public var parcels: [ParcelAudit]
    public var asOf: LedgerDate
    public var parcelFile: String
    public var parcelCRS: CRS
    public var areaCRS: CRS
    public var outputCRS: CRS
    public var zonesFile: String?
    public var buildingsFile: String?
    public var buildingCount: Int
    public var previousFile: String?
    /// Parcels of the previous audit matched by id.
    public var previousMatched = 0
    public var fields: [KnownField: String]
    public var idField: String?
    public var statusField: String?
    public var warnings: [String]
    public var language: ReportLanguage
    public var rules: Rules
    /// Input features (parcels, zones, buildings) unusable or without geometry.
    public var unusableInputs = 0
    public var zoneLayer: ZoneLayer? = nil
    /// The parcels as read and measured, released with the result (see ``KeptInputs``).
    var keptInputs: KeptInputs? = nil

    public var audited: [ParcelAudit] { parcels.filter(\.audited) }
    /// Parcels audited, and those past `ok` (counted once, as the run ends).
    public var auditedCount = 0
    public var pastOK = 0
    /// Seconds per phase of the run (`--timings`): the parcel pipeline's, then `audit` (the checks).
    public var timings: [(phase: String, seconds: Double)] = []
}

/// `landctl audit`: each granted 标准地 parcel's contract against what happened, as of a date,
/// and its stage on the exit ladder.
public enum Audit {
    public static func run(_ options: AuditOptions, engine: GeometryEngine = GeometryEngine()) throws -> AuditResult {
        let sites = try ParcelSites(options.sites, parcelFields: KnownField.auditFields, ellipsoidalAreas: true, repair: options.rules.repair, engine: engine)
        var timings = sites.timings
        let lang = options.language
        func t(_ a: String, _ b: String) -> String { lang == .zh ? a : b }
        let contractFields = KnownField.auditContractTerms.filter { sites.fields[$0] != nil }
        guard !contractFields.isEmpty || sites.features.isEmpty else {
            throw ReadError(file: sites.parcelFile, message: "no 标准地 contract field found (looked for \(KnownField.auditContractTerms.map(\.rawValue).joined(separator: ", ")) and their Chinese names, e.g. 约定竣工日期, 承诺投资强度, 承诺亩均税收); the fields are \(FieldNames(sites.features).list); name them with --field-map, e.g. --field-map 'promised_tax_per_mu=亩均税收承诺'")
        }
        let statusField = try options.statusField.map { try Classifier.checkField($0, sites.features, file: sites.parcelFile) }
            ?? Classifier.findField(sites.features, KnownField.status.aliases)
        var previous: [String: PreviousAudit] = [:]
        var previousFile: String?
        if let path = options.previousPath {
            let read = try AuditPrevious.read(path)
            previous = read.parcels
            previousFile = read.file
        }
        let rules = options.rules
        let negativeList = rules.negativeList
        let zoneLists = sites.zones
        let hasBuildings = sites.hasBuildings
        let buildings = sites.buildings
        let asOf = options.asOf
        let fields = sites.fields
        let siteList = sites.sites, features = sites.features
        // Parcels judged in chunks on every core (each with its own engine for the zones'
        // negative lists), each built in its place in input order.
        let parcels = try siteList.withUnsafeBufferPointer { siteList in
          try OrderedChunks.map(count: siteList.count, chunk: 1024, makeState: {
            AuditChunk(engine: GeometryEngine(), zones: zoneLists.map { NegativeListZones($0) },
                       values: AuditFieldValues(fields: fields, statusField: statusField))
        }, transform: { k, chunk -> ParcelAudit in
                let s = siteList.baseAddress! + k // read in place: the site is not copied
                chunk.values.load(features[k].properties)
                let inputs = AuditInputs.read(chunk.values, rules: rules, language: lang)
                var measures = AuditMeasures()
                if let declared = inputs.declaredSiteAreaM2 {
                    (measures.siteAreaM2, measures.siteAreaSource) = (declared, "declared")
                } else if s.pointee.measured, s.pointee.ellipsoidalAreaM2 > 0 {
                    (measures.siteAreaM2, measures.siteAreaSource) = (s.pointee.ellipsoidalAreaM2, "ellipsoidal")
                }
                // Floor area: the ledger's, else the footprints' as `retrofit` counts them.
                if let floor = inputs.floorAreaM2 {
                    (measures.floorAreaM2, measures.farSource) = (floor, .ledger)
                } else if hasBuildings, s.pointee.measured {
                    measures.floorAreaM2 = s.pointee.buildingShares.reduce(0) { $0 + $1.areaM2 * Retrofit.floorFactor(buildings[$1.building], rules: rules.retrofit) }
                    measures.farSource = .buildings
                }
                var p = ParcelAudit(index: s.pointee.index, id: s.pointee.id, status: s.pointee.status, geometryFlags: s.pointee.flags, areaM2: s.pointee.measured ? s.pointee.areaM2 : nil,
                                    zone: s.pointee.measured && zoneLists != nil ? s.pointee.zone?.rawValue ?? "outside" : nil,
                                    redLineShare: zoneLists != nil && s.pointee.measured && s.pointee.areaM2 > 0 ? (s.pointee.kindAreas[.redLine] ?? 0) / s.pointee.areaM2 : nil,
                                    inputs: inputs, measures: measures, audited: false, properties: s.pointee.properties, outputGeometry: s.pointee.outputGeometry)
                if let why = AuditChecks.scope(inputs, asOf: asOf, language: lang) {
                    p.note = why
                    return p
                }
                p.audited = true
                var lists = negativeList
                if let zones = chunk.zones, let flat = s.pointee.projected { lists.entries += zones.entries(meeting: flat, engine: chunk.engine) }
                let checked = AuditChecks.run(inputs, measures: measures, asOf: asOf, rules: rules.audit, negativeList: lists, language: lang)
                p.dates = checked.dates
                p.figures = checked.figures
                p.reviewDate = checked.review
                p.findings = checked.findings
                p.previous = previous.isEmpty ? nil : previous[s.pointee.id] // no hashing of every id without --previous
                p.placement = AuditLadder.place(&p.findings, landPriceWan: inputs.landPriceWan, asOf: asOf, rules: rules.audit,
                                                previous: p.previous, startDue: inputs.startDue, language: lang)
                p.upcoming = upcoming(p, asOf: asOf)
                return p
          })
        }
        let matched = parcels.reduce(0) { $0 + ($1.previous != nil ? 1 : 0) }
        var warnings = sites.warnings
        if let file = previousFile, matched == 0, !previous.isEmpty {
            warnings.append(t("上次监管结果 \(file) 的地块编号与本次均不匹配", "no parcel id of the previous audit \(file) matches this run's"))
        }
        if sites.fields[.landPriceWan] == nil {
            warnings.append(t("未找到土地价款字段：未计违约金", "no land price field: penalties are not computed"))
        }
        var result = AuditResult(parcels: parcels, asOf: options.asOf, parcelFile: sites.parcelFile, parcelCRS: sites.parcelCRS,
                                 areaCRS: sites.areaCRS, outputCRS: sites.outputCRS, zonesFile: sites.zones?.file,
                                 buildingsFile: sites.buildingFile, buildingCount: sites.buildings.count, previousFile: previousFile,
                                 previousMatched: matched, fields: sites.fields, idField: sites.idField, statusField: statusField,
                                 warnings: warnings, language: lang, rules: rules, unusableInputs: sites.unusableInputs)
        result.zoneLayer = sites.zones
        result.keptInputs = KeptInputs(sites)
        timings.mark("audit")
        result.timings = timings.phases
        for k in parcels.indices where parcels[k].audited { // in place: a for-in copies each parcel
            result.auditedCount += 1
            if parcels[k].placement.stage > .ok { result.pastOK += 1 }
        }
        return result
    }

    /// The dates still ahead of an audited parcel, earliest first: due dates not yet met
    /// (a due date equal to the as-of date is still ahead) and its stage's deadline.
    static func upcoming(_ p: ParcelAudit, asOf: LedgerDate) -> [AuditDeadline] {
        var out: [AuditDeadline] = []
        func done(_ d: LedgerDate?) -> Bool { d.map { $0 <= asOf } ?? false }
        // p.inputs read field by field, not copied whole.
        if let due = p.inputs.startDue, due >= asOf, !done(p.inputs.actualStart) { out.append(AuditDeadline(date: due, what: "start_due")) }
        if let due = p.inputs.completionDue, due >= asOf, !done(p.inputs.actualCompletion) { out.append(AuditDeadline(date: due, what: "completion_due")) }
        if let due = p.inputs.productionDue, due >= asOf, !done(p.inputs.actualProduction) { out.append(AuditDeadline(date: due, what: "production_due")) }
        if let review = p.reviewDate, review >= asOf { out.append(AuditDeadline(date: review, what: "review_date")) }
        if let deadline = p.placement.deadline { out.append(AuditDeadline(date: deadline, what: "\(p.placement.stage.rawValue)_deadline")) }
        return out.sorted { $0.date < $1.date }
    }
}

/// One worker's engine, the zones' negative lists built in it, and its latest parcels.
private struct AuditChunk {
    let engine: GeometryEngine
    let zones: NegativeListZones?
    var values: AuditFieldValues
}
