import Foundation
import Spatial

/// The result of one check on one proposal.
public enum CheckResult: String, Sendable, CaseIterable {
    case pass, fail, review, missing
    /// The check does not apply (no threshold set, no list given, no existing grants).
    case notApplicable = "n/a"
}

/// `approve` (every check passes), `reject` (any fails), `review` (no fail, some review or missing).
public enum Verdict: String, Sendable, CaseIterable {
    case approve, reject, review

    public func name(_ l: ReportLanguage) -> String {
        switch (self, l) {
        case (.approve, .zh): "通过"
        case (.reject, .zh): "不通过"
        case (.review, .zh): "待审核"
        default: rawValue
        }
    }
}

/// One check's required and actual value, unit and result.
public struct CheckOutcome: Sendable {
    /// Stable id: geometry, area_declared, zone, overlap_existing, overlap_proposals, far_min,
    /// far_max, coverage, admin_share, green_ratio, investment_intensity, tax_per_mu,
    /// energy_value_added, emission_value_added, rnd_share, industry.
    public var id: String
    /// How `actual` is compared with `required`: `≥`, `≤`, `=` (a count or area that must be
    /// nil, a state that must hold) or `∈` (one of a list); empty when nothing is compared.
    public var op: String = ""
    public var required: String
    public var actual: String
    public var unit: String
    public var result: CheckResult
    /// Numbers behind `required` / `actual`, where they are numbers.
    public var requiredValue: Double?
    public var actualValue: Double?
    /// Why, in words, when the result is not a plain pass.
    public var note: String?

    public init(id: String, op: String = "", required: String, actual: String, unit: String, result: CheckResult,
                requiredValue: Double? = nil, actualValue: Double? = nil, note: String? = nil) {
        self.id = id
        self.op = op
        self.required = required
        self.actual = actual
        self.unit = unit
        self.result = result
        self.requiredValue = requiredValue
        self.actualValue = actualValue
        self.note = note
    }
}

/// A proposal's verdict with every check.
public struct ProposalVerdict: Sendable {
    public var index: Int
    public var id: String
    public var verdict: Verdict
    public var checks: [CheckOutcome]
    public var explanation: String
    public var properties: Properties
    public var outputGeometry: FlatGeometry?

    public func check(_ id: String) -> CheckOutcome? { checks.first { $0.id == id } }
    public var failedChecks: [String] { checks.filter { $0.result == .fail }.map(\.id) }
}

public struct ValidateOptions: Sendable {
    public var proposalsPath: String
    public var zonesPath: String
    public var existingPath: String?
    /// Proposal attributes named outright (`--field-map 'site_area_m2=出让面积'`).
    public var fieldMap = FieldMap()
    /// The 三区三线 layer for the `constraints` check.
    public var constraints: ConstraintInputs?
    public var classify: ClassifyOptions

    public init(proposalsPath: String, zonesPath: String) {
        self.proposalsPath = proposalsPath
        self.zonesPath = zonesPath
        classify = ClassifyOptions(zonesPath: zonesPath, parcelsPath: proposalsPath)
    }
}

public struct ValidationResult: Sendable {
    public var verdicts: [ProposalVerdict]
    public var classification: ClassificationResult
    public var existingFile: String?
    public var language: ReportLanguage
    public var rules: Rules
    /// Existing grants without a usable polygon, left out of the overlap check.
    public var unusableExisting = 0
    /// The 三区三线 layer of the `constraints` check, if one was given.
    public var constraints: ConstraintSummary?
    /// Proposal attributes named with --field-map.
    public var fieldMap = FieldMap()
    /// Input features (proposals, zones, existing grants) unusable or without geometry.
    public var unusableInputs: Int { classification.unusableInputs + unusableExisting + (constraints?.unusable ?? 0) }
}

/// `landctl validate`: 标准地 admission checks for land-grant proposals.
public enum GrantValidator {
    public static let checkIDs = ["geometry", "area_declared", "zone", "constraints", "overlap_existing", "overlap_proposals", "far_min", "far_max",
                                  "coverage", "admin_share", "green_ratio", "investment_intensity", "tax_per_mu",
                                  "energy_value_added", "emission_value_added", "rnd_share", "industry"]

    public static func run(_ options: ValidateOptions, engine: GeometryEngine = GeometryEngine()) throws -> ValidationResult {
        var classifyOptions = options.classify
        classifyOptions.zonesPath = options.zonesPath
        classifyOptions.parcelsPath = options.proposalsPath
        classifyOptions.keepProjected = true
        // Every proposal is a new grant: the status field plays no part here.
        let classification = try Classifier.run(classifyOptions, engine: engine)
        let rules = classifyOptions.rules.grant
        let sliver = classifyOptions.rules.classification
        let lang = classifyOptions.language

        // Existing grants (not proposed ones) for the overlap check, in the area CRS, as plain
        // data: every worker builds its own index from them.
        var existing: ExistingGrants?
        var unusableExisting = 0
        if let path = options.existingPath {
            let layer = try LayerLoader.load(path, options: classifyOptions.readOptions, crs: classifyOptions.crs, webMap: classifyOptions.webMap,
                                             repair: classifyOptions.rules.repair, engine: engine)
            // Existing grants prepared as every parcel is (polygonal part, rings repaired, made valid).
            let transforms = ParcelGeometry.Transforms(toArea: try engine.transform(from: layer.crs, to: classification.areaCRS),
                                                       toOutput: try engine.transform(from: layer.crs, to: classification.outputCRS),
                                                       areaToOutput: try engine.transform(from: classification.areaCRS, to: classification.outputCRS))
            let statusField = Classifier.findField(layer.features, KnownField.status.aliases)
            // The proposals' --id-field when the existing grants carry it too, else the id rule.
            let idField = try classifyOptions.idField.flatMap { f in layer.features.contains { $0.properties[f] != nil } ? f : nil }
                ?? FeatureIdentity.field(given: nil, in: layer.features, file: layer.file)
            var grants = ExistingGrants()
            for f in layer.features {
                if let statusField, sliver.isProposed(f.properties[statusField]?.text ?? "") { continue }
                guard let g = f.geometry, g.isPolygonal, f.problem == nil,
                      let prepared = try? ParcelGeometry(g, ringRepairs: f.repairs, transforms, engine: engine) else {
                    unusableExisting += 1
                    continue
                }
                grants.projected.append(prepared.projected)
                grants.ids.append(FeatureIdentity.id(of: f, field: idField))
            }
            existing = grants
        }

        // Proposal attributes named outright must exist.
        for (_, name) in options.fieldMap.entries {
            _ = try Classifier.checkField(name, classification.inputFeatures, file: classification.parcelFile)
        }
        // The 三区三线 check, done here in this engine: the constraint layer's geometries are
        // this engine's, and the check is optional and cheap beside the rest.
        let constraints = try options.constraints.map {
            try SpatialPlanConstraints($0, readOptions: classifyOptions.readOptions, defaultCRS: classifyOptions.crs, webMap: classifyOptions.webMap,
                                       repair: classifyOptions.rules.repair, areaCRS: classification.areaCRS, engine: engine)
        }
        let constraintOutcomes = try constraints.map { constraints in
            try classification.parcels.indices.map { k in
                let p = classification.parcels[k]
                let projected = try classification.projected[k].map { try engine.geometry(from: $0) }
                return try constraintCheck(p, projected, constraints, sliver, lang)
            }
        }
        // Each proposal's overlaps with the others, found once (not every conflict scanned
        // for every proposal).
        var overlaps: [Int: [Conflict]] = [:]
        for c in classification.conflicts where c.rule == .parcelOverlap {
            for i in c.parcelIndices { overlaps[i, default: []].append(c) }
        }
        // Proposals checked on every core in chunks; each worker has its own engine and
        // indexes, and writes only its own chunks' slots.
        let industryZones = classification.zones.records.filter { $0.allowedIndustries != nil }
        let setup = ProposalChecker.Setup(classification: classification, existing: existing, overlaps: overlaps,
                                          industryZones: try ZonePlan(zones: industryZones, engine: engine), hasIndustryZones: !industryZones.isEmpty,
                                          allZones: try ZonePlan(zones: classification.zones.records, engine: engine),
                                          constraintOutcomes: constraintOutcomes, fieldMap: options.fieldMap,
                                          rules: rules, sliver: sliver, lang: lang)
        let verdicts = try ProposalChecker.checkAll(setup, workers: ProcessInfo.processInfo.activeProcessorCount)
        return ValidationResult(verdicts: verdicts, classification: classification, existingFile: options.existingPath,
                                language: lang, rules: classifyOptions.rules, unusableExisting: unusableExisting,
                                constraints: constraints.map(ConstraintSummary.init), fieldMap: options.fieldMap)
    }

    // MARK: Checks

    /// An area or amount as reports write it: thousands separated, `d` decimals.
    static func f(_ v: Double, _ d: Int) -> String { NumberText.grouped(v, decimals: d) }

    /// Exactly `d` decimals ("1.20"), as the figures appear in grant documents.
    static func fixed(_ v: Double, _ d: Int) -> String { NumberFormatting.fixed(v, decimals: d) }

    static func pct(_ v: Double) -> String { fixed(v * 100, 1) + "%" }

    /// Values equal to a threshold (within rounding noise) meet it.
    static func atLeast(_ v: Double, _ min: Double) -> Bool { v >= min - 1e-9 * max(1, abs(min)) }
    static func atMost(_ v: Double, _ max: Double) -> Bool { v <= max + 1e-9 * Swift.max(1, abs(max)) }

    static func geometryCheck(_ p: ParcelClassification, _ l: ReportLanguage) -> CheckOutcome {
        let reason = p.flags.first ?? ""
        switch p.status {
        case .ok: return CheckOutcome(id: "geometry", op: "=", required: "valid", actual: "valid", unit: "", result: .pass)
        case .repaired:
            let reason = reason.hasPrefix("repaired: ") ? String(reason.dropFirst(10)) : reason
            return CheckOutcome(id: "geometry", op: "=", required: "valid", actual: "repaired", unit: "", result: .review,
                                            note: l == .zh ? "图形无效，已修复（\(ChineseText.message(reason, .zh))）" : "invalid geometry, repaired (\(reason))")
        case .noGeometry: return CheckOutcome(id: "geometry", op: "=", required: "valid", actual: "none", unit: "", result: .missing,
                                              note: l == .zh ? "缺少图形" : "no geometry")
        case .error: return CheckOutcome(id: "geometry", op: "=", required: "valid", actual: "unusable", unit: "", result: .fail,
                                         note: l == .zh ? "图形无法使用：\(ChineseText.message(reason, .zh))" : "geometry unusable: \(reason)")
        }
    }

    static func areaCheck(_ p: ParcelClassification, _ g: GrantProposal, _ rules: GrantRules, _ l: ReportLanguage) -> CheckOutcome {
        let required = "≤ " + pct(rules.areaTolerance)
        let op = "≤"
        let diff = g.siteAreaM2.map { abs($0 - p.ellipsoidalAreaM2) / p.ellipsoidalAreaM2 }
        guard let declared = g.siteAreaM2, p.status == .ok || p.status == .repaired, p.ellipsoidalAreaM2.isFinite,
              p.ellipsoidalAreaM2 >= GrantProposal.minSiteAreaM2, let diff, diff.isFinite else {
            let why = g.problems["site_area_m2"].map { l == .zh ? "申报用地面积不可用：\($0.zh)" : "declared site area unusable: \($0.en)" }
            return CheckOutcome(id: "area_declared", op: op, required: required, actual: "", unit: "%", result: .missing, requiredValue: rules.areaTolerance,
                                note: why ?? (l == .zh ? "缺少申报用地面积或可量算的图形" : "no declared site area or no measurable geometry"))
        }
        let ok = atMost(diff, rules.areaTolerance)
        return CheckOutcome(id: "area_declared", op: op, required: required, actual: pct(diff), unit: "%", result: ok ? .pass : .fail,
                            requiredValue: rules.areaTolerance, actualValue: diff,
                            note: ok ? nil : l == .zh ? "申报用地面积 \(f(declared, 1)) m² 与椭球面积 \(f(p.ellipsoidalAreaM2, 1)) m² 相差 \(pct(diff))，超过 \(pct(rules.areaTolerance))"
                                : "declared site area \(f(declared, 1)) m² differs from the ellipsoidal area \(f(p.ellipsoidalAreaM2, 1)) m² by \(pct(diff)) (more than \(pct(rules.areaTolerance)))")
    }

    /// `projected` gives the proposal's geometry in the area CRS; it is asked for only to name
    /// the zones of an overlap.
    static func zoneCheck(_ p: ParcelClassification, _ projected: () throws -> Geometry?, _ zones: ZoneIndex, _ rules: GrantRules,
                          _ sliver: ClassificationRules, _ l: ReportLanguage) throws -> CheckOutcome {
        let required = rules.passZones.map(\.rawValue).joined(separator: "/")
        guard p.status == .ok || p.status == .repaired else {
            return CheckOutcome(id: "zone", op: "∈", required: required, actual: "", unit: "", result: .missing, note: l == .zh ? "无图形，无法判断分区" : "no geometry to place")
        }
        let shares: [(String, Double)] = ZoneKind.threeZones.map { ($0.rawValue, p.kindAreas[$0] ?? 0) } + [("outside", p.outsideM2)]
        let present = shares.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }
        // Where zones of two kinds overlap inside the proposal, the kinds' areas add up to more
        // than the area in any zone: the excess is the overlap.
        let inKinds = ZoneKind.threeZones.reduce(0.0) { $0 + (p.kindAreas[$1] ?? 0) }
        let overlap = max(0, inKinds - (p.areaM2 - p.outsideM2))
        let conflicting = sliver.exceedsSliver(overlap, of: p.areaM2)
        var split = present.count > 1 ? " (" + present.map { "\($0.0) \(pct($0.1 / max(p.areaM2, 1e-9)))" }.joined(separator: ", ") + ")" : ""
        if conflicting { split += " overlap \(pct(overlap / max(p.areaM2, 1e-9)))" }
        let actual = p.zoneCode + split
        var result: CheckResult = p.zone.map { rules.passZones.contains($0) ? .pass : rules.reviewZones.contains($0) ? .review : .fail } ?? .fail
        let where_ = p.zone?.name(l) ?? (l == .zh ? "分区外" : "outside every zone")
        var note: String? = switch result {
        case .pass: nil
        case .review: l == .zh ? "主要位于\(where_)，需先调整规划" : "lies mainly in the \(where_): needs a plan adjustment first"
        default: l == .zh ? "主要位于\(where_)，新增工业用地须在工业集聚区" : "lies mainly \(p.zone == nil ? where_ : "in the " + where_): new industrial land belongs in the cluster zone"
        }
        if conflicting {
            // The plan says two things here: which zone holds is for the plan's authors.
            let named = try projected().map { g in
                try zones.zones(meeting: g).filter { $0.kind.map(ZoneKind.threeZones.contains) == true }
                    .map { "\($0.kind!.name(l)) \($0.id)" }
            } ?? []
            let a = NumberText.grouped(overlap, decimals: 1)
            let said = l == .zh
                ? "位于相互重叠的分区（\(named.joined(separator: "、"))）上，重叠部分 \(a) m²（\(pct(overlap / max(p.areaM2, 1e-9)))），分区须先核实"
                : "lies where zones overlap (\(named.joined(separator: ", "))): \(a) m² (\(pct(overlap / max(p.areaM2, 1e-9)))) in both; the zoning must be settled first"
            note = note.map { $0 + (l == .zh ? "；" : "; ") + said } ?? said
            result = .review
        }
        return CheckOutcome(id: "zone", op: "∈", required: required, actual: actual, unit: "", result: result, note: note)
    }

    /// `constraints`: no more than a sliver on 永久基本农田 or 生态保护红线, and no more than a
    /// sliver outside the 城镇开发边界 when the layer draws one.
    static func constraintCheck(_ p: ParcelClassification, _ projected: Geometry?, _ constraints: SpatialPlanConstraints?,
                                _ sliver: ClassificationRules, _ l: ReportLanguage) throws -> CheckOutcome {
        guard let constraints else { return CheckOutcome(id: "constraints", required: "", actual: "", unit: "m²", result: .notApplicable) }
        guard let g = projected, p.status == .ok || p.status == .repaired else {
            return CheckOutcome(id: "constraints", op: "=", required: "0", actual: "", unit: "m²", result: .missing, requiredValue: 0,
                                note: l == .zh ? "无可用图形，无法检查三区三线" : "no usable geometry to check against the 三区三线")
        }
        let findings = try constraints.findings(g, parcelArea: p.areaM2, rules: sliver)
        let total = findings.reduce(0) { $0 + $1.areaM2 }
        return CheckOutcome(id: "constraints", op: "=", required: "0", actual: f(total, 1), unit: "m²", result: findings.isEmpty ? .pass : .fail,
                            requiredValue: 0, actualValue: total,
                            note: findings.isEmpty ? nil : findings.map { $0.text(l) }.joined(separator: l == .zh ? "；" : "; "))
    }

    static func existingOverlapCheck(_ g: Geometry?, _ p: ParcelClassification, _ existing: ExistingGrants.Indexed?,
                                     _ sliver: ClassificationRules, _ l: ReportLanguage) throws -> CheckOutcome {
        guard let existing else { return CheckOutcome(id: "overlap_existing", required: "no overlap", actual: "", unit: "m²", result: .notApplicable) }
        guard let g, p.status == .ok || p.status == .repaired else {
            return CheckOutcome(id: "overlap_existing", required: "no overlap", actual: "", unit: "m²", result: .missing,
                                note: l == .zh ? "无可用图形，无法检查重叠" : "no usable geometry to check for overlaps")
        }
        var total = 0.0
        var ids: [String] = []
        let prepared = try g.prepared()
        for i in existing.index.query(g).sorted() where try prepared.intersects(existing.geometries[i]) {
            let a = try g.intersection(existing.geometries[i]).area()
            if sliver.exceedsSliver(a, of: min(p.areaM2, try existing.geometries[i].area())) {
                total += a
                ids.append(existing.ids[i])
            }
        }
        guard total.isFinite else {
            return CheckOutcome(id: "overlap_existing", op: "=", required: "0", actual: "", unit: "m²", result: .missing, requiredValue: 0,
                                note: l == .zh ? "重叠面积无法计算（坐标超出范围）" : "the overlap area cannot be computed (coordinates out of range)")
        }
        return CheckOutcome(id: "overlap_existing", op: "=", required: "0", actual: f(total, 1), unit: "m²", result: ids.isEmpty ? .pass : .fail,
                            requiredValue: 0, actualValue: total,
                            note: ids.isEmpty ? nil : l == .zh ? "与已供地块 \(ids.joined(separator: "、")) 重叠 \(f(total, 1)) m²" : "overlaps existing grant(s) \(ids.joined(separator: ", ")) by \(f(total, 1)) m²")
    }

    static func proposalOverlapCheck(_ p: ParcelClassification, _ conflicts: [Conflict], _ l: ReportLanguage) -> CheckOutcome {
        let mine = conflicts.filter { $0.rule == .parcelOverlap && $0.parcelIndices.contains(p.index) }
        let total = mine.reduce(0) { $0 + $1.areaM2 }
        let others = mine.flatMap(\.parcelIDs).filter { $0 != p.id }
        guard p.status == .ok || p.status == .repaired, total.isFinite else {
            return CheckOutcome(id: "overlap_proposals", op: "=", required: "0", actual: "", unit: "m²", result: .missing, requiredValue: 0,
                                note: l == .zh ? "无可用图形，无法检查重叠" : "no usable geometry to check for overlaps")
        }
        return CheckOutcome(id: "overlap_proposals", op: "=", required: "0", actual: f(total, 1), unit: "m²", result: mine.isEmpty ? .pass : .fail,
                            requiredValue: 0, actualValue: total,
                            note: mine.isEmpty ? nil : l == .zh ? "与其他申请地块 \(others.joined(separator: "、")) 重叠 \(f(total, 1)) m²" : "overlaps proposal(s) \(others.joined(separator: ", ")) by \(f(total, 1)) m²")
    }

    /// A "≥ min" or "≤ max" check on a value that may be missing.
    static func threshold(_ id: String, value: Double?, min: Double? = nil, max: Double? = nil, unit: String, decimals: Int,
                          percent: Bool = false, label: (zh: String, en: String), _ l: ReportLanguage, missingWhy: String? = nil) -> CheckOutcome {
        func show(_ v: Double) -> String { percent ? pct(v) : fixed(v, decimals) }
        guard let limit = min ?? max else {
            let shown = value.flatMap { $0.isFinite ? $0 : nil }
            return CheckOutcome(id: id, required: "", actual: shown.map(show) ?? "", unit: unit, result: .notApplicable, actualValue: shown)
        }
        let op = min != nil ? "≥" : "≤"
        let required = op + " " + show(limit)
        // No check passes on a value that is absent or not a finite number.
        guard let value, value.isFinite else {
            let why = value == nil ? missingWhy : (missingWhy ?? (l == .zh ? "不是有限数值" : "not a finite number"))
            return CheckOutcome(id: id, op: op, required: required, actual: "", unit: unit, result: .missing, requiredValue: limit,
                                note: l == .zh ? "缺少\(label.zh)" + (why.map { "（\($0)）" } ?? "") : "\(label.en) missing" + (why.map { " (\($0))" } ?? ""))
        }
        let ok = min != nil ? atLeast(value, limit) : atMost(value, limit)
        // Never "1.50 is below 1.50": add decimals until the two numbers read differently.
        var digits = decimals
        func shown(_ v: Double) -> String { percent ? fixed(v * 100, digits) + "%" : fixed(v, digits) }
        while !ok, digits < 8, shown(value) == shown(limit) { digits += 1 }
        let note: String? = ok ? nil : l == .zh
            ? "\(label.zh) \(shown(value)) \(min != nil ? "低于下限" : "超过上限") \(shown(limit))"
            : "\(label.en) \(shown(value)) is \(min != nil ? "below the minimum" : "above the maximum") \(shown(limit))"
        return CheckOutcome(id: id, op: op, required: required, actual: show(value), unit: unit, result: ok ? .pass : .fail,
                            requiredValue: limit, actualValue: value, note: note)
    }

    static func ratioChecks(_ g: GrantProposal, site: Double?, rules: GrantRules, lang l: ReportLanguage) -> [CheckOutcome] {
        let siteMu = site.map { AreaUnits.mu(fromSquareMetres: $0) }
        /// A value read directly, or `v / over`; nil with the reason when an input is
        /// unusable or the ratio is not a finite number.
        func value(_ direct: String?, _ v: String, over: String?, _ a: Double?, _ b: Double?, direct d: Double? = nil) -> (Double?, String?) {
            func reason(_ field: String) -> String? { g.problems[field].map { "\(field): " + (l == .zh ? $0.zh : $0.en) } }
            if let direct, let why = reason(direct) { return (nil, why) }
            if let d { return (d, nil) }
            if let why = reason(v) { return (nil, why) }
            if let over, let why = reason(over) { return (nil, why) }
            guard let a, let b else { return (nil, nil) }
            guard b > 0 else { return (nil, l == .zh ? "\(over ?? "分母") 为 0" : "\(over ?? "the denominator") is 0") }
            let r = a / b
            guard r.isFinite else { return (nil, l == .zh ? "比值不是有限数值" : "the ratio is not a finite number") }
            return (r, nil)
        }
        let siteField = g.siteAreaM2 != nil || g.problems["site_area_m2"] != nil ? "site_area_m2" : nil
        let far = value("far", "floor_area_m2", over: siteField, g.floorAreaM2, site, direct: g.far)
        let coverage = value("coverage", "footprint_m2", over: siteField, g.footprintM2, site, direct: g.coverage)
        let admin = value("admin_share", "admin_area_m2", over: siteField, g.adminAreaM2, site, direct: g.adminShare)
        let green = value("green_ratio", "green_area_m2", over: siteField, g.greenAreaM2, site, direct: g.greenRatio)
        let investment = value(nil, "investment_wan", over: siteField, g.investmentWan, siteMu)
        let tax = value(nil, "tax_wan", over: siteField, g.taxWan, siteMu)
        let energy = value(nil, "value_added_wan", over: "energy_tce", g.valueAddedWan, g.energyTCE)
        let emission = value(nil, "value_added_wan", over: "emission_t", g.valueAddedWan, g.emissionT)
        let rnd = value("rnd_share", "rnd_share", over: nil, nil, nil, direct: g.rndShare)
        let national = rules.nationalFARFloor(code2002: g.industryCode2002, code2017: g.industryCodeDigits).floor ?? 0
        let standard = rules.standard(for: g.industryCode)
        return [
            threshold("far_min", value: far.0, min: max(rules.cityFARMin, national), unit: "", decimals: 2, label: ("容积率", "FAR"), l, missingWhy: far.1),
            threshold("far_max", value: far.0, max: rules.farMax, unit: "", decimals: 2, label: ("容积率", "FAR"), l, missingWhy: far.1),
            threshold("coverage", value: coverage.0, min: rules.effectiveCoverageMin, unit: "%", decimals: 1, percent: true,
                      label: ("建筑系数", "building coverage (建筑系数)"), l, missingWhy: coverage.1),
            threshold("admin_share", value: admin.0, max: rules.adminShareMax, unit: "%", decimals: 1, percent: true,
                      label: ("行政办公及生活服务设施用地比例", "administration and living share"), l, missingWhy: admin.1),
            threshold("green_ratio", value: green.0, max: rules.effectiveGreenRatioMax, unit: "%", decimals: 1, percent: true,
                      label: ("绿地率", "green ratio"), l, missingWhy: green.1),
            threshold("investment_intensity", value: investment.0, min: standard.investmentPerMuWan, unit: "万元/亩", decimals: 1,
                      label: ("投资强度（万元/亩）", "investment intensity (10k CNY per mu)"), l, missingWhy: investment.1),
            threshold("tax_per_mu", value: tax.0, min: standard.taxPerMuWan, unit: "万元/亩", decimals: 1,
                      label: ("亩均税收（万元/亩）", "tax per mu (10k CNY)"), l, missingWhy: tax.1),
            threshold("energy_value_added", value: energy.0, min: standard.energyValueAddedMin, unit: "万元/吨标煤", decimals: 2,
                      label: ("单位能耗增加值（万元/吨标煤）", "value added per tonne of coal equivalent (10k CNY)"), l, missingWhy: energy.1),
            threshold("emission_value_added", value: emission.0, min: standard.emissionValueAddedMin, unit: "万元/吨", decimals: 2,
                      label: ("单位排放增加值（万元/吨）", "value added per tonne of emissions (10k CNY)"), l, missingWhy: emission.1),
            threshold("rnd_share", value: rnd.0, min: standard.rndShareMin, unit: "%", decimals: 1, percent: true,
                      label: ("研发投入占比", "R&D share"), l, missingWhy: rnd.1),
        ]
    }

    static func industryCheck(_ g: GrantProposal, _ projected: Geometry?, _ zones: ZoneIndex,
                              _ l: ReportLanguage) throws -> CheckOutcome {
        var lists: [[String]] = []
        if let plot = g.allowedIndustries { lists.append(plot) }
        if let projected {
            lists += try zones.zones(meeting: projected).compactMap(\.allowedIndustries)
        }
        guard !lists.isEmpty else { return CheckOutcome(id: "industry", required: "", actual: g.industryCode ?? "", unit: "", result: .notApplicable) }
        // Every list that applies must admit the industry.
        let allowed = lists.dropFirst().reduce(Set(lists[0])) { $0.intersection($1) }
        let required = allowed.sorted().joined(separator: ";")
        guard let code = g.industryCode else {
            return CheckOutcome(id: "industry", op: "∈", required: required, actual: "", unit: "", result: .missing, note: l == .zh ? "缺少行业代码" : "industry code missing")
        }
        let ok = allowed.contains(code)
        return CheckOutcome(id: "industry", op: "∈", required: required, actual: code, unit: "", result: ok ? .pass : .fail,
                            note: ok ? nil : l == .zh ? "行业 \(code) 不在准入行业 \(required.replacingOccurrences(of: ";", with: "、")) 之内" : "industry \(code) is not among the admitted \(required.replacingOccurrences(of: ";", with: ", "))")
    }

    static func explanation(_ checks: [CheckOutcome], _ verdict: Verdict, _ l: ReportLanguage) -> String {
        let notes = checks.filter { $0.result != .pass && $0.result != .notApplicable }.compactMap(\.note)
        if notes.isEmpty { return l == .zh ? "各项指标均符合要求" : "all checks pass" }
        return notes.joined(separator: l == .zh ? "；" : "; ")
    }
}
