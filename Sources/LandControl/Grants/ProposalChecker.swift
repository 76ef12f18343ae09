import Foundation
import Spatial

/// Existing grants for validate's overlap check: their polygons in the area CRS (prepared as
/// every parcel is), as plain data that each worker indexes in its own engine.
struct ExistingGrants: Sendable {
    var ids: [String] = []
    var projected: [FlatGeometry] = []

    /// The grants rebuilt and indexed inside one engine.
    struct Indexed {
        let index: SpatialIndex
        let ids: [String]
        let geometries: [Geometry]

        init(_ grants: ExistingGrants, engine: GeometryEngine) throws {
            index = try SpatialIndex(engine: engine)
            var geometries: [Geometry] = []
            geometries.reserveCapacity(grants.projected.count)
            for g in grants.projected {
                let geometry = try engine.geometry(from: g)
                try index.insert(geometry)
                geometries.append(geometry)
            }
            self.geometries = geometries
            ids = grants.ids
        }
    }
}

/// One worker of `validate`: checks proposals one by one with its own GEOS engine, existing
/// grants index and zone index (GEOS objects never cross threads).
final class ProposalChecker {
    /// What every worker reads (plain data, shared read only).
    struct Setup: Sendable {
        var classification: ClassificationResult
        var existing: ExistingGrants?
        /// Each proposal's overlaps with the others, by parcel index.
        var overlaps: [Int: [Conflict]]
        /// The zones that name admitted industries (most plans have none), planned once.
        var industryZones: ZonePlan
        var hasIndustryZones: Bool
        /// Every zone, to name the zones of an overlap a proposal lies on.
        var allZones: ZonePlan
        /// The `constraints` check of each proposal, by position, when a 三区三线 layer was given.
        var constraintOutcomes: [CheckOutcome]?
        /// Proposal attributes named with --field-map.
        var fieldMap: FieldMap
        var rules: GrantRules
        var sliver: ClassificationRules
        var lang: ReportLanguage
    }

    private let setup: Setup
    private let engine = GeometryEngine()
    private let existing: ExistingGrants.Indexed?
    private let zoneIndex: ZoneIndex
    private let allZones: ZoneIndex
    /// Which attribute holds each 标准地 field, per attribute-name set (see `GrantProposal.Fields`).
    private let fields: GrantProposal.Fields

    init(_ setup: Setup) throws {
        self.setup = setup
        let engine = engine
        existing = try setup.existing.map { try ExistingGrants.Indexed($0, engine: engine) }
        zoneIndex = try ZoneIndex(plan: setup.industryZones, engine: engine)
        allZones = try ZoneIndex(plan: setup.allZones, engine: engine)
        fields = GrantProposal.Fields(map: setup.fieldMap)
    }

    /// Every proposal's verdict, in input order, checked on `workers` threads in chunks.
    static func checkAll(_ setup: Setup, workers: Int) throws -> [ProposalVerdict] {
        let count = setup.classification.parcels.count
        // Chunks checked on every core, each verdict built in its place in input order.
        return try OrderedChunks.map(count: count, chunk: 512, workers: max(1, min(workers, count / 500 + 1)),
                                     makeState: { try ProposalChecker(setup) }, transform: { k, checker in try checker.verdict(k) })
    }

    /// The verdict on proposal `k` (its position in the classification).
    func verdict(_ k: Int) throws -> ProposalVerdict {
        let c = setup.classification
        let p = c.parcels[k]
        let lang = setup.lang, rules = setup.rules
        let proposal = GrantProposal(properties: p.properties, fields: fields)
        // The geometry the proposal was measured with, in the area CRS (not its lon/lat output
        // projected back); built only when a check needs it.
        var built: Geometry??
        func geometry() throws -> Geometry? {
            if let built { return built }
            let g = try c.projected[k].map { try engine.geometry(from: $0) }
            built = .some(g)
            return g
        }
        let needsGeometry = existing != nil || setup.hasIndustryZones
        let projected = needsGeometry ? try geometry() : nil
        var checks: [CheckOutcome] = []
        checks.reserveCapacity(GrantValidator.checkIDs.count)
        checks.append(GrantValidator.geometryCheck(p, lang))
        checks.append(GrantValidator.areaCheck(p, proposal, rules, lang))
        checks.append(try GrantValidator.zoneCheck(p, geometry, allZones, rules, setup.sliver, lang))
        checks.append(try setup.constraintOutcomes?[k] ?? GrantValidator.constraintCheck(p, nil, nil, setup.sliver, lang))
        checks.append(try GrantValidator.existingOverlapCheck(projected, p, existing, setup.sliver, lang))
        checks.append(GrantValidator.proposalOverlapCheck(p, setup.overlaps[p.index] ?? [], lang))
        let measured = (p.status == .ok || p.status == .repaired) && p.ellipsoidalAreaM2.isFinite && p.ellipsoidalAreaM2 >= GrantProposal.minSiteAreaM2
        let site = proposal.siteAreaM2 ?? (proposal.problems["site_area_m2"] == nil && measured ? p.ellipsoidalAreaM2 : nil)
        checks += GrantValidator.ratioChecks(proposal, site: site, rules: rules, lang: lang)
        checks.append(try GrantValidator.industryCheck(proposal, projected, zoneIndex, lang))
        checks.append(try GrantValidator.negativeListCheck(proposal, projected, zoneIndex, rules, lang))
        let verdict: Verdict = checks.contains { $0.result == .fail } ? .reject
            : checks.contains { $0.result == .review || $0.result == .missing } ? .review : .approve
        return ProposalVerdict(index: p.index, id: p.id, verdict: verdict, checks: checks,
                               explanation: GrantValidator.explanation(checks, verdict, lang), properties: p.properties,
                               outputGeometry: p.outputGeometry)
    }
}
