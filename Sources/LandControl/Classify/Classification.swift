import Foundation
import Spatial

/// How to run `classify`.
public struct ClassifyOptions: Sendable {
    public var zonesPath: String
    public var parcelsPath: String
    public var zoneField: String?
    public var zoneIDField: String?
    public var zoneMap = ZoneMap()
    public var idField: String?
    public var useField: String?
    public var statusField: String?
    public var crs: String?
    public var zonesCRS: String?
    public var areaCRS: String?
    public var readOptions = LayerReader.Options()
    /// Every input layer's longitude/latitude come from this web map (`--from-gcj02`…) and are
    /// converted to WGS 84 as read; the `checkOffset` reference is not.
    public var webMap: WebMapDatum?
    public var rules = Rules.defaults
    public var language = ReportLanguage.zh
    /// Parallel workers for the overlay (each with its own GEOS/PROJ engine); default: one
    /// per core.
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// A trusted reference layer to detect a GCJ-02 (web-map) offset of the parcels.
    public var checkOffset: String?
    /// Called as the run goes (phases, parcels classified), from worker threads.
    public var progress: ProgressHandler?
    /// Keep every parcel's geometry in the area CRS in the result (``ClassificationResult/projected``),
    /// for the commands that measure more on it (`validate`).
    public var keepProjected = false
    /// The 三区三线 layer (永久基本农田, 生态保护红线, 城镇开发边界): parcels on it are
    /// SPATIAL_PLAN_CONFLICT.
    public var constraints: ConstraintInputs?

    public init(zonesPath: String, parcelsPath: String) {
        self.zonesPath = zonesPath
        self.parcelsPath = parcelsPath
    }
}

/// One parcel's classification: every input parcel has one, in input order.
public struct ParcelClassification: Sendable {
    public var index: Int
    public var id: String
    public var status: FeatureStatus
    /// Planar area in the area CRS, m².
    public var areaM2: Double
    /// Ellipsoidal area on the input datum, m².
    public var ellipsoidalAreaM2: Double
    /// Area inside each kind's zones (union), m².
    public var kindAreas: KindAreas
    /// Area outside all three zones, m².
    public var outsideM2: Double
    /// The dominant 三区 kind, nil when the area outside them is largest (`outside`).
    public var zone: ZoneKind?
    public var flags: [String]
    public var properties: Properties
    /// The geometry (repaired when it had to be) in longitude/latitude for output.
    public var outputGeometry: FlatGeometry?

    /// A value holding nothing (no allocation), to move results through.
    static let empty = ParcelClassification(index: 0, id: "", status: .ok, areaM2: 0, ellipsoidalAreaM2: 0, kindAreas: KindAreas(),
                                            outsideM2: 0, zone: nil, flags: [], properties: Properties(), outputGeometry: nil)

    public var redLineShare: Double { Self.redLineShare(areaM2: areaM2, redLine: kindAreas[.redLine] ?? 0) }
    public var zoneCode: String { Self.zoneCode(status: status, zone: zone) }

    // The same from stored fields: a writer reading a result in place through a pointer
    // calls these, since a computed property of `pointee` copies the whole result first.
    static func redLineShare(areaM2: Double, redLine: Double) -> Double { areaM2 > 0 ? redLine / areaM2 : 0 }
    static func zoneCode(status: FeatureStatus, zone: ZoneKind?) -> String { status == .ok || status == .repaired ? (zone?.rawValue ?? "outside") : "" }
}

/// Everything `classify` found.
public struct ClassificationResult: Sendable {
    public var parcels: [ParcelClassification]
    public var conflicts: [Conflict]
    public var zones: ZoneLayer
    public var parcelFile: String
    public var parcelCRS: CRS
    public var areaCRS: CRS
    /// The CRS of the GeoJSON outputs (longitude/latitude).
    public var outputCRS: CRS
    /// Area of each kind's union and of the three zones together, m².
    public var zoneKindAreas: KindAreas
    public var threeZoneArea: Double
    /// The 三区三线 layer checked against, if any: its file, the kinds it draws, features
    /// without a kind (by value) and unusable ones.
    public var constraints: ConstraintSummary?
    /// Which attribute was read as the land use / the status, if any.
    public var useField: String?
    /// How the land-use codes were read (nil without a land-use field).
    public var useScheme: LandUse.Settled?
    public var statusField: String?
    public var idField: String?
    public var warnings: [String]
    public var language: ReportLanguage
    public var rules: Rules
    /// Seconds per phase: read, zones (prepare, dissolve, index), overlay (per parcel, wall
    /// time), overlay_cpu (the overlay proper summed over workers: index query, prepared
    /// predicates, intersections), conflicts (self-join and the remaining rules).
    public var timings: [(phase: String, seconds: Double)] = []
    /// Each parcel's geometry in the area CRS, as measured (repaired where it was), by
    /// position; empty unless ``ClassifyOptions/keepProjected``.
    public var projected: [FlatGeometry?] = []
    /// The parcels as read. Kept, not freed when `run` returns: freeing a million features
    /// one by one takes longer than the self-join, and `landctl` exits without freeing the
    /// result at all.
    var inputFeatures: [Feature] = []

    public var violationCount: Int {
        // Counted in place (a filter copied every violation, on one core, as the run ended).
        var n = 0
        for k in conflicts.indices where conflicts[k].severity == .violation { n += 1 }
        return n
    }
    /// Input features (parcels and zones) unusable or without geometry.
    public var unusableInputs: Int {
        // Counted in place (a filter copies every unusable parcel).
        var n = 0
        for k in parcels.indices where parcels[k].status.isUnusable { n += 1 }
        for k in zones.records.indices where zones.records[k].status.isUnusable { n += 1 }
        return n
    }
}

/// A value handed to exactly one other thread, which alone uses it from then on.
private struct OneThreadOnly<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// What the two side jobs after the overlay found (each writes only its own fields).
private final class SideResults: @unchecked Sendable {
    var parcels: [ParcelClassification] = []
    var overlaps: [Conflict] = []
    var warnings: [String] = []
    var error: Error?
}

/// `landctl classify`: each parcel's 三区一线 classification and the zoning-conflict list.
public enum Classifier {
    public static func run(_ options: ClassifyOptions, engine: GeometryEngine = GeometryEngine()) throws -> ClassificationResult {
        var timings = PhaseTimings()
        func mark(_ phase: String) { timings.mark(phase) }
        var allRules = options.rules
        let lang = options.language
        let progress = options.progress
        progress?(RunProgress(phase: .reading, done: 0, total: 0))
        let parcelLayer = try LayerLoader.load(options.parcelsPath, options: options.readOptions, crs: options.crs, webMap: options.webMap,
                                               repair: options.rules.repair, engine: engine)
        let prefetch = OperationPrefetch(parcels: parcelLayer, requested: options.areaCRS)
        let zoneLayerRaw = try LayerLoader.load(options.zonesPath, options: options.readOptions, crs: options.zonesCRS ?? options.crs,
                                                webMap: options.webMap, repair: options.rules.repair, engine: engine)

        prefetch.wait()
        let (areaCRS, outputCRS) = try StudyArea.crss(parcels: parcelLayer, others: [zoneLayerRaw], requested: options.areaCRS, engine: engine)

        mark("read")
        progress?(RunProgress(phase: .zones, done: 0, total: zoneLayerRaw.features.count))
        let zones = try ZoneLayer.load(zoneLayerRaw, zoneField: options.zoneField, idField: options.zoneIDField,
                                       zoneMap: options.zoneMap, areaCRS: areaCRS, engine: engine)
        let plan = try ZonePlan(zones: zones.records, engine: engine)
        mark("zones")

        let features = parcelLayer.features
        let useField = try options.useField.map { try checkField($0, features, file: parcelLayer.file) } ?? findField(features, KnownField.landUse.aliases)
        let statusField = try options.statusField.map { try checkField($0, features, file: parcelLayer.file) } ?? findField(features, KnownField.status.aliases)
        let idField = try FeatureIdentity.field(given: options.idField, in: features, file: parcelLayer.file)
        // Which classification the use codes are in, settled once for the layer (the use and,
        // where the ledger has it, the previous use).
        let useScheme = try useField.map { try LandUse.settle(allRules.classification.useScheme, values: distinctUses(features, useField: $0), file: parcelLayer.file) }
        if let useScheme { allRules.classification.useScheme = useScheme.scheme }
        let rules = allRules.classification

        var warnings = parcelLayer.warnings.map { "\(parcelLayer.file): \($0)" } + zones.warnings.map { "\(zones.file): \($0)" }
        if let reference = options.checkOffset,
           let w = try OffsetCheck.check(parcelLayer, reference: reference, options: options.readOptions, engine: engine).warning {
            warnings.append(w)
        }
        let setup = ParcelWorker.Setup(inputCRS: parcelLayer.crs, areaCRS: areaCRS, outputCRS: outputCRS, zones: plan,
                                       idField: idField, useField: useField, statusField: statusField, rules: rules, language: lang,
                                       keepProjected: options.keepProjected || options.constraints != nil)
        progress?(RunProgress(phase: .classifying, done: 0, total: features.count))
        var found = try ParcelWorker.classifyAll(features, setup: setup, zoneLayer: zones, workers: options.workers, progress: progress)
        var conflicts: [Conflict] = []
        swap(&conflicts, &found.conflicts) // taken, not shared: appending to a shared array copied every conflict
        mark("overlay")
        progress?(RunProgress(phase: .checking, done: 0, total: features.count))
        timings.record("overlay_cpu", seconds: found.overlaySeconds)
        // Taken out, not copied: the flags below change results in place.
        var results: [ParcelClassification] = []
        swap(&results, &found.results)
        let envelopes = found.envelopes, repaired = found.repaired, zoneConflicts = found.zoneConflicts, layerAreas = found.layerAreas
        let toArea = try engine.transform(from: parcelLayer.crs, to: areaCRS)
        // The parcel self-join and the plausibility checks only read the results: both at once.
        let side = SideResults()
        swap(&side.parcels, &results) // lent to the jobs and taken back: never two owners, never copied
        let mainEngine = OneThreadOnly((engine, toArea)) // used by the self-join job alone
        DispatchQueue.concurrentPerform(iterations: 2) { job in
            if job == 0 {
                do {
                    let (engine, toArea) = mainEngine.value
                    side.overlaps = try ConflictChecks.parcelOverlaps(side.parcels, envelopes, engine: engine, rules: rules, lang: lang) { k in
                        if let g = repaired[k] { return g }
                        guard var g = features[k].geometry else { return nil }
                        try toArea.apply(&g)
                        return g
                    }
                } catch {
                    side.error = error
                }
            } else {
                side.warnings = plausibilityWarnings(side.parcels, rules: rules, lang: lang)
            }
        }
        swap(&side.parcels, &results)
        if let error = side.error { throw error }
        let perParcel = conflicts.count // flagged on their parcels already, by the workers
        conflicts += side.overlaps
        conflicts += zoneConflicts
        var constraintSummary: ConstraintSummary?
        if let inputs = options.constraints {
            let layer = try SpatialPlanConstraints(inputs, readOptions: options.readOptions, defaultCRS: options.crs, webMap: options.webMap,
                                                   repair: options.rules.repair, areaCRS: areaCRS, engine: engine)
            warnings += layer.warnings
            conflicts += try ConflictChecks.spatialPlan(results, projected: found.projected, proposed: { k in
                statusField.map { rules.isProposed(features[k].properties[$0]?.text ?? "") } ?? false
            }, constraints: layer, rules: rules, lang: lang)
            constraintSummary = ConstraintSummary(layer)
            if !options.keepProjected { found.projected = [] }
        }
        // Each parcel's flags name the rules it breaks (those of the per-parcel rules named by
        // the workers). Results are in input order, so a parcel's feature index finds it
        // directly (a dictionary only when they are not).
        let consecutive = results.indices.allSatisfy { results[$0].index == $0 + 1 }
        var position: [Int: Int] = [:]
        if !consecutive { for k in results.indices { position[results[k].index] = k } }
        conflicts.withUnsafeBufferPointer { all in // read in place: a for-in copied every conflict
            for c in perParcel..<all.count {
                for i in all[c].parcelIndices {
                    let k = consecutive ? (i >= 1 && i <= results.count ? i - 1 : nil) : position[i]
                    let rule = all[c].rule.rawValue
                    if let k, !results[k].flags.contains(rule) { results[k].flags.append(rule) }
                }
            }
        }
        warnings += side.warnings
        if useField == nil { warnings.append(lang == .zh ? "未找到用地性质字段（--use-field），未检查 REDLINE_NON_INDUSTRIAL、NEW_INDUSTRY_OUTSIDE_CLUSTER、RESERVE_ENCROACHMENT" : "no land-use field (--use-field): REDLINE_NON_INDUSTRIAL, NEW_INDUSTRY_OUTSIDE_CLUSTER and RESERVE_ENCROACHMENT were not checked") }
        if let w = useScheme.flatMap({ LandUse.unreadWarning($0, lang) }) { warnings.append(w) }
        if statusField == nil { warnings.append(lang == .zh ? "未找到状态字段（--status-field），未检查新增地块规则" : "no status field (--status-field): the rules for proposed parcels were not checked") }

        let sorted = sortedBySeverityAndRule(consume conflicts)
        mark("conflicts")
        var kindAreas = KindAreas()
        for kind in ZoneKind.allCases { kindAreas[kind] = layerAreas[ZoneIndex.Layer(kind).rawValue] }
        return ClassificationResult(
            parcels: results, conflicts: sorted,
            zones: zones, parcelFile: parcelLayer.file, parcelCRS: parcelLayer.crs, areaCRS: areaCRS, outputCRS: outputCRS,
            zoneKindAreas: kindAreas, threeZoneArea: layerAreas[ZoneIndex.Layer.anyZone.rawValue],
            constraints: constraintSummary, useField: useField, useScheme: useScheme, statusField: statusField, idField: idField, warnings: warnings, language: lang, rules: allRules,
            timings: timings.phases, projected: found.projected, inputFeatures: features)
    }

    /// Conflicts by severity, then rule id, otherwise in the order found: a counting sort of
    /// their keys (a few severities and rules), read in place; the conflicts themselves are
    /// swapped into place, never copied (a copy of each, and the originals torn down after,
    /// took a tenth of a second at a million parcels, on one core).
    static func sortedBySeverityAndRule(_ conflicts: consuming [Conflict]) -> [Conflict] {
        let severities = Severity.allCases.sorted()
        let rules = ConflictRule.allCases.sorted { $0.rawValue < $1.rawValue }
        let groups = (severities.count + 1) * (rules.count + 1)
        let keys = conflicts.withUnsafeBufferPointer { all in
            all.indices.map { k in
                (severities.firstIndex(of: all[k].severity) ?? severities.count) * (rules.count + 1) + (rules.firstIndex(of: all[k].rule) ?? rules.count)
            }
        }
        // Where each group starts, then each conflict's place: stable, in one pass.
        var next = [Int](repeating: 0, count: groups + 1)
        for key in keys { next[key + 1] += 1 }
        for g in 0..<groups { next[g + 1] += next[g] }
        var order = [Int](repeating: 0, count: keys.count)
        for (k, key) in keys.enumerated() {
            order[next[key]] = k
            next[key] += 1
        }
        var sorted = consume conflicts // the caller's array, not a copy of it
        sorted.permute(to: order)
        return sorted
    }

    /// Heuristics that warn and never fail: duplicate ids (``duplicateIDs(count:id:number:)``),
    /// parcels with no area, parcels too large to be parcels.
    static func plausibilityWarnings(_ results: [ParcelClassification], rules: ClassificationRules, lang: ReportLanguage) -> [String] {
        var out: [String] = []
        let duplicates = results.withUnsafeBufferPointer { r in // read in place, not copied
            duplicateIDs(count: r.count, id: { r[$0].id }, number: { r[$0].index })
        }
        for (id, numbers) in duplicates.prefix(10) {
            let at = numbers.prefix(5).map(String.init).joined(separator: ", ")
            out.append(lang == .zh ? "地块编号 \(id) 重复（要素 \(at)）" : "duplicate parcel id \(id) (features \(at))")
        }
        if duplicates.count > 10 { out.append(lang == .zh ? "另有 \(duplicates.count - 10) 个重复编号" : "\(duplicates.count - 10) more duplicate ids") }
        func measured(_ k: Int) -> Bool { results[k].status == .ok || results[k].status == .repaired }
        let zero = results.indices.filter { measured($0) && results[$0].areaM2 <= 0 }
        if !zero.isEmpty {
            let ids = zero.prefix(5).map { results[$0].id }.joined(separator: ", ")
            out.append(lang == .zh ? "\(zero.count) 个地块面积为 0（\(ids)）" : "\(zero.count) parcel(s) with zero area (\(ids))")
        }
        let huge = results.indices.filter { measured($0) && results[$0].areaM2 > rules.maxParcelAreaM2 }
        if !huge.isEmpty {
            let ids = huge.prefix(5).map { "\(results[$0].id) \(NumberText.grouped(results[$0].areaM2 / 1e6, decimals: 2)) km²" }.joined(separator: ", ")
            out.append(lang == .zh ? "\(huge.count) 个地块面积超过 \(NumberText.grouped(rules.maxParcelAreaM2, decimals: 0)) m²，请检查坐标系或单位（\(ids)）"
                       : "\(huge.count) parcel(s) larger than \(NumberText.grouped(rules.maxParcelAreaM2, decimals: 0)) m²: check the CRS and units (\(ids))")
        }
        return out
    }

    /// The ids that more than one of `count` parcels has (`id(k)`), each with the parcels'
    /// feature numbers (`number(k)`), in the order of their first appearance.
    static func duplicateIDs(count: Int, id: (Int) -> String, number: (Int) -> Int) -> [(id: String, features: [Int])] {
        // The ids' hashes first, on every core, into a table of hashes (cheap to compare):
        // only the ids whose hash is there already are compared as texts (a set of a million
        // texts took a fifth of a second on one core).
        let hashes = OrderedChunks.map(count: count, chunk: 16_384) { id($0).hashValue }
        var size = 16
        while size < 2 * count { size *= 2 }
        var table = [Int](repeating: -1, count: size) // positions, by hash (open addressing)
        var again = Set<Int>() // hashes met a second time
        for k in 0..<count {
            var slot = hashes[k] & (size - 1)
            while table[slot] >= 0, hashes[table[slot]] != hashes[k] { slot = (slot + 1) & (size - 1) }
            if table[slot] >= 0 { again.insert(hashes[k]) } else { table[slot] = k }
        }
        guard !again.isEmpty else { return [] }
        // Ids seen once in a set; only ids seen again collect their feature numbers.
        var seen = Set<String>(), repeated = Set<String>()
        for k in 0..<count where again.contains(hashes[k]) && !seen.insert(id(k)).inserted { repeated.insert(id(k)) }
        guard !repeated.isEmpty else { return [] }
        var numbers: [String: [Int]] = [:]
        for k in 0..<count where again.contains(hashes[k]) && repeated.contains(id(k)) { numbers[id(k), default: []].append(number(k)) }
        return numbers.map { (id: $0.key, features: $0.value) }.sorted { $0.features[0] < $1.features[0] }
    }

    /// The 三区 kind with the largest share; nil (outside) when the area outside them is
    /// largest. Ties go to cluster, then transition, then reserve, then outside.
    ///
    /// Areas within rounding of each other (1e-9 of the parcel) tie: a parcel's area in one
    /// zone is measured whole where a zone covers it and summed over the pieces it crosses
    /// otherwise, and the two can differ in the last bits — how a zone happens to be cut
    /// must not decide the zone.
    static func dominantZone(_ r: ParcelClassification) -> ZoneKind? {
        let tolerance = shareTolerance(r.areaM2)
        var largest = r.outsideM2
        for kind in ZoneKind.threeZones { largest = max(largest, r.kindAreas[kind] ?? 0) }
        return ZoneKind.threeZones.first { (r.kindAreas[$0] ?? 0) > 0 && (r.kindAreas[$0] ?? 0) >= largest - tolerance }
    }

    /// Below this, two shares of a parcel of `area` m² differ only by rounding.
    static func shareTolerance(_ area: Double) -> Double { 1e-9 * max(area, 1) }

    static func lonLatCentre(_ layer: LoadedLayer, engine: GeometryEngine) throws -> (x: Double, y: Double) {
        guard let c = layer.centre else { throw ReadError(file: layer.file, message: "the layer has no geometry to measure") }
        let geodetic = layer.crs.isGeographic ? layer.crs : try engine.crs(layer.crs.geodeticDefinition)
        do {
            return try engine.transform(from: layer.crs, to: geodetic).apply(x: c.x, y: c.y)
        } catch let e as SpatialError {
            throw ReadError(file: layer.file, message: "the middle of the data (\(NumberFormatting.string(c.x)), \(NumberFormatting.string(c.y))) is not a place in \(layer.crs): \(e); check --crs")
        }
    }

    /// The distinct values of the land use (and of the previous use, where the layer has it).
    static func distinctUses(_ features: [Feature], useField: String) -> Set<String> {
        let previous = findField(features, KnownField.previousUse.aliases)
        // Found by position (features of a file share their key order), each feature read in
        // place, in chunks on every core: a for-in copied every feature, and the keys were
        // searched by name twice, on one core.
        let names = [useField] + (previous.map { [$0] } ?? [])
        let chunk = 8192
        let parts: [Set<String>] = features.withUnsafeBufferPointer { fs in
            OrderedChunks.map(count: (fs.count + chunk - 1) / chunk, chunk: 1) { c in
                var lookup = AttributeLookup(names: names)
                var values = Set<String>()
                var last: String?
                for k in (c * chunk)..<min(fs.count, (c + 1) * chunk) {
                    lookup.forEachValue(in: (fs.baseAddress! + k).pointee.properties) { v in
                        guard let v, !v.isNull else { return }
                        let text = v.text
                        if text != last { // a layer repeats a few values: most are the last one again
                            values.insert(text)
                            last = text
                        }
                    }
                }
                return values
            }
        }
        return parts.reduce(into: Set<String>()) { $0.formUnion($1) }
    }

    static func checkField(_ name: String, _ features: [Feature], file: String) throws -> String {
        if features.contains(where: { $0.properties[name] != nil }) || features.isEmpty { return name }
        throw ReadError(file: file, message: "no feature has a field '\(name)'; the fields are \(FieldNames(features).list)")
    }

    static func findField(_ features: [Feature], _ candidates: [String]) -> String? {
        FieldNames(features).find(candidates)
    }
}
