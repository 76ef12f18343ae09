import Spatial

/// The floor-area ratio a retrofit aims at.
public enum RetrofitTarget: Sendable, Equatable, CustomStringConvertible {
    /// The plan's floor for industrial land (rules `retrofit.target_far`, 1.5).
    case standard
    /// Zhejiang's encouraged level (rules `retrofit.encouraged_far`, 2.0).
    case encouraged
    /// A FAR given outright.
    case custom(Double)

    /// `standard`, `encouraged` or a positive number.
    public init?(_ text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "standard": self = .standard
        case "encouraged": self = .encouraged
        case let t:
            guard let v = Double(t), v.isFinite, v > 0 else { return nil }
            self = .custom(v)
        }
    }

    public func far(_ rules: RetrofitRules) -> Double {
        switch self {
        case .standard: rules.targetFAR
        case .encouraged: rules.encouragedFAR
        case let .custom(v): v
        }
    }

    public var description: String {
        switch self {
        case .standard: "standard"
        case .encouraged: "encouraged"
        case let .custom(v): NumberFormatting.string(v)
        }
    }
}

/// Where a parcel's floor area comes from.
public enum FARSource: String, Sendable, CaseIterable {
    /// The ledger's `floor_area_m2` (建筑面积).
    case ledger
    /// The building footprints on the parcel: footprint × floors, a storey over 8 m twice.
    case buildings

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.ledger, .zh): "台账建筑面积"
        case (.ledger, .en): "the ledger's floor area"
        case (.buildings, .zh): "建筑轮廓×层数"
        case (.buildings, .en): "footprints × floors"
        }
    }
}

/// Why a parcel is not a retrofit candidate (the first reason that applies, in this order).
public enum RetrofitReason: String, Sendable, CaseIterable {
    case error
    case noGeometry = "no_geometry"
    /// The land use is not industrial (M*, 1001*, 工业, `industrial`).
    case notIndustrial = "not_industrial"
    /// The land-use field is empty for this parcel.
    case noLandUse = "no_land_use"
    /// A proposed grant, not existing land.
    case proposed
    /// The parcel's zone is `reserve` or `outside` (candidates lie in cluster, red line or transition).
    case zone = "zone_not_eligible"
    /// Idle land (idle_1y, recoverable, partial_idle): disposed of under Order 53, not retrofitted.
    case idle
    /// Granted, not started and not yet idle.
    case notStarted = "not_started"
    /// No floor area in the ledger and no building layer.
    case noFloorArea = "no_floor_area"
    /// The FAR already reaches the target.
    case farAtTarget = "far_at_target"

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.error, .zh): "几何无法使用"
        case (.error, .en): "unusable geometry"
        case (.noGeometry, .zh): "无几何"
        case (.noGeometry, .en): "no geometry"
        case (.notIndustrial, .zh): "非工业用地"
        case (.notIndustrial, .en): "not industrial land"
        case (.noLandUse, .zh): "用地性质为空"
        case (.noLandUse, .en): "land use empty"
        case (.proposed, .zh): "拟供地块"
        case (.proposed, .en): "proposed grant"
        case (.zone, .zh): "位于留白区或分区外"
        case (.zone, .en): "in the reserve or outside the zones"
        case (.idle, .zh): "闲置土地（按令第53号处置）"
        case (.idle, .en): "idle land (Order 53 disposal)"
        case (.notStarted, .zh): "已供地未动工开发（尚未闲置）"
        case (.notStarted, .en): "granted, not started, not yet idle"
        case (.noFloorArea, .zh): "无建筑面积数据"
        case (.noFloorArea, .en): "no floor area known"
        case (.farAtTarget, .zh): "容积率已达标"
        case (.farAtTarget, .en): "FAR at or above the target"
        }
    }
}

/// Ranking groups of candidates: low FAR with low efficiency (整治提升) first.
public enum PriorityGroup: String, Sendable, CaseIterable {
    case lowFARLowEfficiency = "low_far_low_efficiency"
    case lowFAR = "low_far"

    public func title(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.lowFARLowEfficiency, .zh): "低容积率且低效（整治提升）"
        case (.lowFARLowEfficiency, .en): "low FAR and low efficiency (整治提升)"
        case (.lowFAR, .zh): "低容积率（零地技改）"
        case (.lowFAR, .en): "low FAR (零地技改)"
        }
    }
}

/// How to run `retrofit`.
public struct RetrofitOptions: Sendable {
    public var sites: SiteInputs
    public var target = RetrofitTarget.standard
    /// The date idle land is judged at (idle parcels are not candidates).
    public var asOf: LedgerDate
    public var useField: String?
    public var statusField: String?
    public var rules = Rules.defaults
    public var language = ReportLanguage.zh

    public init(parcelsPath: String, zonesPath: String, asOf: LedgerDate = .today()) {
        sites = SiteInputs(parcelsPath: parcelsPath)
        sites.zonesPath = zonesPath
        self.asOf = asOf
    }
}

/// A pocket of free land on a candidate parcel, where added floor space can go.
public struct RetrofitPocket: Sendable {
    public var parcelIndex: Int
    public var parcelID: String
    /// 1-based, largest first, within the parcel.
    public var number: Int
    public var areaM2: Double
    /// The pocket in the area CRS.
    public var geometry: FlatGeometry
    /// The pocket in longitude/latitude.
    public var outputGeometry: FlatGeometry
}

/// One parcel's retrofit assessment: every input parcel has one, in input order.
public struct ParcelRetrofit: Sendable {
    public var index: Int
    public var id: String
    public var status: FeatureStatus
    /// Geometry repair or error reasons, then notes: `no_footprints` (floor area from the
    /// ledger, no building on the parcel), `pockets_not_computed` (so the footprints cannot
    /// tell where free land is), `bad_floor_area: '…'`, `bad_tax: '…'` (unreadable values).
    public var flags: [String]
    /// `cluster`, `transition`, `reserve` or `outside`: the dominant 三区 kind (the zone rule of
    /// every command); nil without zones.
    public var zone: String?
    public var redLineShare: Double?
    public var areaM2: Double?
    public var landUse: String?
    public var floorAreaM2: Double?
    public var far: Double?
    public var farSource: FARSource?
    public var targetFAR: Double
    /// target FAR × site area − floor area, for candidates.
    public var addedFloorAreaM2: Double?
    public var buildingCount: Int?
    public var buildingCoverage: Double?
    public var pocketCount: Int?
    public var pocketAreaM2: Double?
    public var largestPocketM2: Double?
    public var taxWan: Double?
    /// 亩均税收, 万元/亩 (tax / site area in 亩).
    public var taxPerMu: Double?
    /// Tax per 亩 below the threshold; nil when not judged (no tax, or not an operating
    /// existing industrial parcel).
    public var lowEfficiency: Bool?
    public var idleClass: IdleClass
    public var candidate: Bool
    public var reason: RetrofitReason?
    /// 1 = first, among candidates.
    public var priority: Int?
    public var priorityGroup: PriorityGroup?
    public var properties: Properties
    public var outputGeometry: FlatGeometry?

    public var areaMu: Double? { areaM2.map { AreaUnits.mu(fromSquareMetres: $0) } }
}

/// Everything `retrofit` found.
public struct RetrofitResult: Sendable {
    public var parcels: [ParcelRetrofit]
    public var pockets: [RetrofitPocket]
    public var target: RetrofitTarget
    public var targetFAR: Double
    public var asOf: LedgerDate
    public var parcelFile: String
    public var zonesFile: String
    public var buildingsFile: String?
    public var parcelCRS: CRS
    public var areaCRS: CRS
    public var outputCRS: CRS
    public var fields: [KnownField: String]
    public var buildingFields: [KnownField: String]
    public var idField: String?
    public var useField: String?
    /// How the land-use codes were read (nil without a land-use field).
    public var useScheme: LandUse.Settled?
    public var statusField: String?
    /// Buildings read, and those without a usable floor count (counted as one storey) or
    /// with storeys over the double-count height.
    public var buildingCount: Int
    public var buildingsWithoutFloors: Int
    public var buildingsDoubleCounted: Int
    public var unmappedZoneValues: [String: Int]
    public var warnings: [String]
    public var language: ReportLanguage
    public var rules: Rules
    /// Input features (parcels, zones, buildings) unusable or without geometry.
    public var unusableInputs = 0
    /// The zones as read and prepared (in the area CRS), for the report's map; nil without zones.
    public var zoneLayer: ZoneLayer? = nil
    /// The parcels as read and measured, released with the result (see ``KeptInputs``).
    var keptInputs: KeptInputs? = nil
    /// 小微企业园 sites, the largest first (see ``MicroParks``).
    public var microParks: [MicroParkSite] = []
    /// The parcel attribute naming the firm, when the layer has one.
    public var firmField: String? = nil
    /// Seconds per phase of the run (`--timings`).
    public var timings: [(phase: String, seconds: Double)] = []

    public var candidates: [ParcelRetrofit] { candidatePositions.map { parcels[$0] } }

    /// The candidates' positions in ``parcels``, in priority order (the same order as
    /// ``candidates``, without copying the parcels).
    public var candidatePositions: [Int] {
        parcels.indices.filter { parcels[$0].candidate }.sorted { (parcels[$0].priority ?? .max) < (parcels[$1].priority ?? .max) }
    }
}

public enum Retrofit {
    /// Zones whose existing industry is a 零地技改 candidate; a parcel mostly in the red line
    /// (protected industrial land) is one wherever its 三区 zone is.
    static let eligibleZones: Set<String> = ["cluster", "transition"]

    public static func run(_ options: RetrofitOptions, engine: GeometryEngine = GeometryEngine()) throws -> RetrofitResult {
        let sites = try ParcelSites(options.sites, parcelFields: KnownField.idleFields + KnownField.retrofitFields, repair: options.rules.repair, engine: engine)
        var timings = sites.timings
        let lang = options.language
        var rules = options.rules
        let r = rules.retrofit
        let targetFAR = options.target.far(r)
        let features = sites.features
        let useField = try options.useField.map { try Classifier.checkField($0, features, file: sites.parcelFile) }
            ?? Classifier.findField(features, KnownField.landUse.aliases)
        let statusField = try options.statusField.map { try Classifier.checkField($0, features, file: sites.parcelFile) }
            ?? Classifier.findField(features, KnownField.status.aliases)
        var warnings = sites.warnings
        let useScheme = try useField.map { try LandUse.settle(rules.classification.useScheme, values: Classifier.distinctUses(features, useField: $0), file: sites.parcelFile) }
        if let useScheme { rules.classification.useScheme = useScheme.scheme }
        if let w = useScheme.flatMap({ LandUse.unreadWarning($0, lang) }) { warnings.append(w) }
        func t(_ a: String, _ b: String) -> String { lang == .zh ? a : b }
        if useField == nil { warnings.append(t("未找到用地性质字段（--use-field）：所有地块按工业用地处理", "no land-use field (--use-field): every parcel is taken as industrial")) }
        if ![KnownField.grantDate, .agreedStart, .landDelivered, .actualStart].contains(where: { sites.fields[$0] != nil }) {
            warnings.append(t("未找到供地、交地或动工开发日期字段：未剔除闲置土地", "no grant or start date fields: idle land was not excluded"))
        }
        if sites.fields[.floorAreaM2] == nil, !sites.hasBuildings {
            warnings.append(t("既无建筑面积字段也无建筑图层（--buildings）：无法计算容积率", "neither a floor-area field nor a building layer (--buildings): no FAR can be computed"))
        }
        if sites.fields[.taxWan] == nil { warnings.append(t("未找到税收字段：未判定低效用地", "no tax field: low efficiency was not judged")) }

        // Each parcel judged on every core, in chunks appended in order (plain values only;
        // the pockets, which need GEOS, are found afterwards).
        let rulesNow = rules
        let ledgerNames = IdleLand.LedgerNames(sites.fields, statusField: statusField)
        // Looked up once, not per parcel.
        let floorAreaName = sites.fields[.floorAreaM2], taxName = sites.fields[.taxWan], industryName = sites.fields[.industryCode]
        func judge(_ s: UnsafePointer<ParcelSite>, _ f: UnsafePointer<Feature>, industrialUses: inout [String: Bool?]) -> (parcel: ParcelRetrofit, pocketJob: FlatGeometry?) { // read in place
            let rules = rulesNow
            var pocketJob: FlatGeometry?
            let p = f.pointee.properties
            var inputs = IdleLand.readInputs(p, names: ledgerNames, rules: rules)
            if sites.hasBuildings, s.pointee.measured { inputs.buildingCount = s.pointee.buildingShares.count }
            let idle = IdleLand.assess(inputs, asOf: options.asOf, rules: rules.idle, language: lang)
            var out = ParcelRetrofit(index: s.pointee.index, id: s.pointee.id, status: s.pointee.status, flags: s.pointee.flags, zone: sites.zoneCode(s),
                                     redLineShare: sites.redLineShare(s), areaM2: s.pointee.measured ? s.pointee.areaM2 : nil,
                                     landUse: useField.flatMap { p[$0]?.text }, targetFAR: targetFAR, idleClass: idle.idleClass,
                                     candidate: false, properties: p, outputGeometry: s.pointee.outputGeometry)
            // Floor area and FAR.
            var ledgerFloorArea: Double?
            if let name = floorAreaName {
                switch LedgerNumber.read(p[name]) {
                case let .success(v)? where v >= 0: ledgerFloorArea = v
                case .success?, .failure?: out.flags.append("bad_floor_area: '\(p[name]?.text ?? "")'")
                case nil: break
                }
            }
            if let name = taxName {
                switch LedgerNumber.read(p[name]) {
                case let .success(v)? where v >= 0: out.taxWan = v
                case .success?, .failure?: out.flags.append("bad_tax: '\(p[name]?.text ?? "")'")
                case nil: break
                }
            }
            if s.pointee.measured {
                if sites.hasBuildings {
                    out.buildingCount = s.pointee.buildingShares.count
                    out.buildingCoverage = s.pointee.areaM2 > 0 ? s.pointee.coveredM2 / s.pointee.areaM2 : 0
                }
                if sites.hasBuildings, !s.pointee.buildingShares.isEmpty {
                    out.floorAreaM2 = s.pointee.buildingShares.reduce(0) { $0 + $1.areaM2 * floorFactor(sites.buildings[$1.building], rules: r) }
                    out.farSource = .buildings
                } else if let ledgerFloorArea {
                    out.floorAreaM2 = ledgerFloorArea
                    out.farSource = .ledger
                    if sites.hasBuildings, ledgerFloorArea > 0 { out.flags.append("no_footprints") }
                } else if sites.hasBuildings {
                    out.floorAreaM2 = 0
                    out.farSource = .buildings
                }
                // Ratios over a sliver of a parcel can overflow: a value that is not a finite
                // number is left out (with a flag), never compared with a threshold.
                if let floor = out.floorAreaM2, s.pointee.areaM2 > 0 {
                    let far = floor / s.pointee.areaM2
                    if far.isFinite { out.far = far } else { out.flags.append("far_not_finite") }
                }
                if let tax = out.taxWan, s.pointee.areaM2 > 0 {
                    let perMu = tax / AreaUnits.mu(fromSquareMetres: s.pointee.areaM2)
                    if perMu.isFinite { out.taxPerMu = perMu } else { out.flags.append("tax_per_mu_not_finite") }
                }
            }

            // Eligibility, in order.
            var industrial: Bool? = true
            if useField != nil {
                // A layer has a few distinct uses: each one's answer is worked out once per chunk.
                let use = out.landUse ?? ""
                if let known = industrialUses[use] { industrial = known } else {
                    industrial = isIndustrial(use, rules: rules)
                    industrialUses[use] = .some(industrial)
                }
            }
            var reason: RetrofitReason?
            let operating = !idle.idleClass.isIdle && !(idle.idleClass == .none && idle.started == false)
            if s.pointee.status == .error { reason = .error }
            else if s.pointee.status == .noGeometry { reason = .noGeometry }
            else if industrial == nil { reason = .noLandUse }
            else if industrial == false { reason = .notIndustrial }
            else if inputs.proposed { reason = .proposed }
            // Low efficiency is judged for every operating existing industrial parcel, in any zone.
            if reason == nil, operating, let perMu = out.taxPerMu {
                out.lowEfficiency = perMu < r.lowEfficiencyTaxPerMu
            }
            if reason == nil {
                if !eligibleZones.contains(out.zone ?? ""), !SiteZone.inRedLine(out.redLineShare) { reason = .zone }
                else if idle.idleClass.isIdle { reason = .idle }
                else if !operating { reason = .notStarted }
                else if out.far == nil { reason = .noFloorArea }
                else if out.far! >= targetFAR { reason = .farAtTarget }
            }
            out.reason = reason
            out.candidate = reason == nil
            if out.candidate, let floor = out.floorAreaM2 {
                out.addedFloorAreaM2 = max(0, targetFAR * s.pointee.areaM2 - floor)
                out.priorityGroup = out.lowEfficiency == true ? .lowFARLowEfficiency : .lowFAR
                // Where it can go: only where the footprints tell the whole story, and not on
                // the working yards of shipyards and the like.
                let industry = industryName.flatMap { p[$0]?.text }
                let openYard = r.worksOpenLand(industry) && !r.pocketsOnOpenYards
                if openYard, sites.hasBuildings { out.flags.append("open_yard_industry") }
                if sites.hasBuildings, !openYard, let parcel = s.pointee.projected {
                    if out.farSource == .buildings || (ledgerFloorArea ?? 0) == 0 {
                        pocketJob = parcel // found below, on every core
                    } else {
                        out.flags.append("pockets_not_computed")
                    }
                }
            }
            return (out, pocketJob)
        }
        var parcels: [ParcelRetrofit] = []
        parcels.reserveCapacity(sites.sites.count)
        /// Candidates whose pockets are to be found: position in `parcels`, polygon in the area CRS.
        var pocketJobs: [(parcel: Int, projected: FlatGeometry)] = []
        let siteList = sites.sites
        try OrderedChunks.run(count: siteList.count, chunk: 2048, makeState: { [(parcel: ParcelRetrofit, pocketJob: FlatGeometry?)]() },
                              encode: { range, done in
                                  done.removeAll(keepingCapacity: true)
                                  siteList.withUnsafeBufferPointer { ss in // read in place, not copied
                                      features.withUnsafeBufferPointer { fs in
                                          var uses: [String: Bool?] = [:]
                                          for k in range { done.append(judge(ss.baseAddress! + k, fs.baseAddress! + k, industrialUses: &uses)) }
                                      }
                                  }
                              }, write: { _, done in
                                  for (parcel, job) in done {
                                      if let job { pocketJobs.append((parcels.count, job)) }
                                      parcels.append(parcel)
                                  }
                              })

        timings.mark("assess")
        // Pockets, on every core: each worker with its own engine; the buildings near each
        // parcel found by one envelope join, built in the worker as they are needed.
        var pockets: [RetrofitPocket] = []
        if let footprints = sites.footprints, !pocketJobs.isEmpty {
            let areaCRS = sites.areaCRS, outputCRS = sites.outputCRS
            _ = try engine.transform(from: areaCRS, to: outputCRS) // PROJ picks the operation once, for every worker
            let jobs = pocketJobs
            let nearby = footprints.candidates(for: jobs.map { Optional($0.projected) }, distance: r.buildingSetbackM + r.boundarySetbackM)
            try OrderedChunks.run(count: jobs.count, chunk: 64, makeState: {
                let engine = GeometryEngine()
                return PocketChunk(engine: engine, toOutput: try engine.transform(from: areaCRS, to: outputCRS))
            }, encode: { range, chunk in
                chunk.done.removeAll(keepingCapacity: true)
                for k in range {
                    let parcel = try chunk.engine.geometry(from: jobs[k].projected)
                    let near = try nearby[k].compactMap { b in try footprints.footprints[b].map { try chunk.engine.geometry(from: $0) } }
                    let found = try self.pockets(parcel: parcel, buildings: near, rules: r)
                    var measured: [(flat: FlatGeometry, lonLat: FlatGeometry, areaM2: Double)] = []
                    for g in found {
                        let flat = try g.flat()
                        var lonLat = flat
                        try chunk.toOutput.apply(&lonLat)
                        measured.append((flat, lonLat, try g.area()))
                    }
                    chunk.done.append(measured)
                }
            }, write: { range, chunk in
                for (k, found) in zip(range, chunk.done) {
                    let position = jobs[k].parcel
                    let p = parcels[position]
                    parcels[position].pocketCount = found.count
                    parcels[position].pocketAreaM2 = found.reduce(0) { $0 + $1.areaM2 }
                    parcels[position].largestPocketM2 = found.first?.areaM2 ?? 0
                    for (n, g) in found.enumerated() {
                        pockets.append(RetrofitPocket(parcelIndex: p.index, parcelID: p.id, number: n + 1, areaM2: g.areaM2,
                                                      geometry: g.flat, outputGeometry: g.lonLat))
                    }
                }
            })
        }

        timings.mark("pockets")
        // Priority: low FAR with low efficiency first, then by added floor area (largest
        // first), then input order.
        // The keys made once per candidate (comparing parcels copied two of them per comparison).
        let keys = parcels.indices.filter { parcels[$0].candidate }.map { k in
            (k: k, group: parcels[k].priorityGroup == .lowFARLowEfficiency ? 0 : 1, added: parcels[k].addedFloorAreaM2 ?? 0, index: parcels[k].index)
        }
        let ranked = keys.sorted { a, b in
            if a.group != b.group { return a.group < b.group }
            if a.added != b.added { return a.added > b.added }
            return a.index < b.index
        }.map(\.k)
        for (rank, k) in ranked.enumerated() { parcels[k].priority = rank + 1 }

        var withoutFloors = 0, doubled = 0
        for b in sites.buildings.indices {
            if sites.buildings[b].status == .ok || sites.buildings[b].status == .repaired, sites.buildings[b].floors == nil { withoutFloors += 1 }
            if (sites.buildings[b].storeyHeightM ?? 0) > r.doubleCountStoreyHeightM { doubled += 1 }
        }
        if sites.hasBuildings, sites.buildingFields[.floors] == nil {
            warnings.append(t("建筑图层无层数字段：每栋按 1 层计", "the building layer has no floors field: every building counts as one storey"))
        }
        var result = RetrofitResult(parcels: parcels, pockets: pockets, target: options.target, targetFAR: targetFAR, asOf: options.asOf,
                              parcelFile: sites.parcelFile, zonesFile: sites.zones?.file ?? "", buildingsFile: sites.buildingFile,
                              parcelCRS: sites.parcelCRS, areaCRS: sites.areaCRS, outputCRS: sites.outputCRS, fields: sites.fields,
                              buildingFields: sites.buildingFields, idField: sites.idField, useField: useField, useScheme: useScheme, statusField: statusField,
                              buildingCount: sites.buildings.count, buildingsWithoutFloors: withoutFloors, buildingsDoubleCounted: doubled,
                              unmappedZoneValues: sites.zones?.unmappedValues ?? [:], warnings: warnings, language: lang, rules: rules,
                              unusableInputs: sites.unusableInputs)
        result.zoneLayer = sites.zones
        result.keptInputs = KeptInputs(sites)
        timings.mark("rank")
        // 小微企业园 sites from the parcels judged above.
        let firmField = try options.sites.fieldMap[.firm].map { try Classifier.checkField($0, features, file: sites.parcelFile) }
            ?? Classifier.findField(features, KnownField.firm.aliases)
        result.firmField = firmField
        result.microParks = try siteList.withUnsafeBufferPointer { ss in
            try features.withUnsafeBufferPointer { fs in
                try MicroParks.find(parcels, projected: { (ss.baseAddress! + $0).pointee.projected },
                                    firm: { k in firmField.flatMap { (fs.baseAddress! + k).pointee.properties[$0]?.text } },
                                    targetFAR: targetFAR, rules: r, toOutput: try engine.transform(from: sites.areaCRS, to: sites.outputCRS))
            }
        }
        timings.mark("sites")
        result.timings = timings.phases
        return result
    }

    /// Industrial land for retrofit: what `classify` counts as industrial (M*, 1001*, 工业,
    /// warehousing when configured), and OpenStreetMap's `industrial`.
    static func isIndustrial(_ value: String, rules: Rules) -> Bool? {
        if value.trimmingCharacters(in: .whitespaces).lowercased() == "industrial" { return true }
        return LandUse.isIndustrial(value, rules: rules.classification)
    }

    /// Floor area per m² of footprint: the floors (one when not recorded), twice when the
    /// storey height is over `double_count_storey_height_m` (工业项目建设用地控制指标).
    public static func floorFactor(floors: Double?, storeyHeightM: Double?, rules: RetrofitRules) -> Double {
        (floors ?? 1) * ((storeyHeightM ?? 0) > rules.doubleCountStoreyHeightM ? 2 : 1)
    }

    static func floorFactor(_ b: BuildingRecord, rules: RetrofitRules) -> Double {
        floorFactor(floors: b.floors, storeyHeightM: b.storeyHeightM, rules: rules)
    }

    /// Pockets of free land on a parcel: the parcel shrunk by the boundary setback, less
    /// the buildings grown by the building setback; the parts of at least
    /// `min_pocket_area_m2` into which a square of `min_pocket_square_m` fits, largest first.
    ///
    /// The square test is a negative buffer by half the side (less 1 cm, so that a pocket
    /// exactly as wide as the square counts): a part passes when something is left. This
    /// is exact for rectangles and other convex shapes in the square's orientation and
    /// slightly generous elsewhere (it is the test for a circle of that diameter).
    public static func pockets(parcel: Geometry, buildings: [Geometry], rules: RetrofitRules) throws -> [Geometry] {
        let engine = parcel.engine
        var free = rules.boundarySetbackM > 0 ? try parcel.buffer(-rules.boundarySetbackM) : parcel
        if free.isEmpty { return [] }
        if !buildings.isEmpty {
            let built = try engine.union(of: buildings)
            let blocked = rules.buildingSetbackM > 0 ? try built.buffer(rules.buildingSetbackM) : built
            free = try free.difference(blocked)
        }
        var kept: [(Geometry, Double)] = []
        for part in try free.polygons() {
            let a = try part.area()
            guard a >= rules.minPocketAreaM2, a > 0 else { continue }
            if try fitsSquare(part, side: rules.minPocketSquareM) { kept.append((part, a)) }
        }
        return kept.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// Whether a square of `side` (roughly) fits into `polygon`: see ``pockets(parcel:buildings:rules:)``.
    public static func fitsSquare(_ polygon: Geometry, side: Double) throws -> Bool {
        guard side > 0.02 else { return !polygon.isEmpty }
        let d = side / 2 - 0.01
        // Two exact answers that spare the inward buffer (the most expensive step of finding
        // pockets). GEOS draws the buffer's arcs as chords, which only add points to an inward
        // buffer, each still at least d·cos(π/32) > 0.99 d from the outline. No point of a
        // polygon is farther from its outline than half its envelope's width or height: below
        // 0.9 d on either, the buffer is empty.
        let e = polygon.envelope
        if min(e.maxX - e.minX, e.maxY - e.minY) < 1.8 * d { return false }
        // A point of the polygon well over d from its outline is kept by GEOS's inward buffer:
        // the chords only add, and GEOS first simplifies the outline by at most 1 % of d
        // (BufferParameters' simplify factor), hence the 2 % (and a centimetre) to spare.
        let p = try polygon.pointOnSurface()
        if try polygon.flat().distanceToOutline(x: p.x, y: p.y) >= d * 1.02 + 0.01 { return true }
        return try !polygon.buffer(-d).isEmpty
    }
}

/// One pocket-finding worker's engine, transform and latest results.
private struct PocketChunk {
    let engine: GeometryEngine
    let toOutput: CoordinateTransform
    var done: [[(flat: FlatGeometry, lonLat: FlatGeometry, areaM2: Double)]] = []
}
