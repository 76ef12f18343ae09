import Spatial

/// The rules of `classify`, each producing ``Conflict``s with the conflicting area.
enum ConflictChecks {
    static func m2(_ v: Double) -> String { NumberText.grouped(v, decimals: 1) + " m²" }
    static func mu(_ v: Double, _ lang: ReportLanguage = .zh) -> String {
        NumberText.grouped(AreaUnits.mu(fromSquareMetres: v), decimals: 2) + (lang == .zh ? " 亩" : " mu")
    }

    /// Rules on one parcel: red line, new industry, reserve encroachment, straddling; the
    /// conflicts are appended to `out`.
    static func parcel(_ r: ParcelClassification, _ parcel: Geometry, _ overlay: ZoneIndex.ParcelOverlay, _ f: UnsafePointer<Feature>, useField: String?, statusField: String?,
                       zones: ZoneIndex, rules: ClassificationRules, lang: ReportLanguage, memo: Memo, into out: inout [Conflict]) throws {
        let use = useField.flatMap { f.pointee.properties[$0]?.text } ?? "" // read in place (a Feature copied per parcel retained every field)
        let industrial = useField == nil ? nil : memo.isIndustrial(use, rules)
        let proposed = statusField.map { memo.isProposed(f.pointee.properties[$0]?.text ?? "", rules) } ?? false
        let area = r.areaM2
        let red = r.kindAreas[.redLine] ?? 0, reserve = r.kindAreas[.reserve] ?? 0
        // Only the message in the report's language is made.
        func conflict(_ rule: ConflictRule, _ severity: Severity, zoneKind: ZoneKind?, area: Double, geometry: FlatGeometry?,
                      _ zh: @autoclosure () -> String, _ en: @autoclosure () -> String) throws -> Conflict {
            let ids = try zoneKind.map { try zones.zoneIDs(meeting: parcel, kind: $0, overlay) } ?? []
            return Conflict(rule: rule, severity: severity, parcelIDs: [r.id], parcelIndices: [r.index], zoneIDs: ids,
                            areaM2: area, message: lang == .zh ? zh() : en(), geometry: geometry)
        }

        if industrial == false, rules.exceedsSliver(red, of: area) {
            // A conversion is a violation: a proposed non-industrial grant, or a parcel whose
            // ledger records an industrial use before the present one. A non-industrial use
            // that was always there (a dormitory, 配套) was never converted: review.
            let shownUse = LandUse.shown(use, scheme: rules.useScheme)
            let previous = proposed ? "" : memo.previousUseField(in: f.pointee.properties.keys).flatMap { f.pointee.properties[$0]?.text } ?? ""
            let changed = !previous.isEmpty && memo.isIndustrial(previous, rules) == true
            let geometry = try zones.inside(parcel, .redLine, overlay)
            if proposed {
                out.append(try conflict(.redLineNonIndustrial, .violation, zoneKind: .redLine, area: red, geometry: geometry,
                    "拟出让非工业地块 \(r.id)（用途 \(shownUse)）占用工业用地保护红线 \(m2(red))（\(mu(red))），红线内工业用地不得转为非工业用途",
                    "proposed non-industrial parcel \(r.id) (use \(use)) takes \(m2(red)) (\(mu(red, .en))) of the industrial-land red line, where industrial land may not be converted"))
            } else if changed {
                let shownPrevious = LandUse.shown(previous, scheme: rules.useScheme)
                out.append(try conflict(.redLineNonIndustrial, .violation, zoneKind: .redLine, area: red, geometry: geometry,
                    "地块 \(r.id) 由工业用途 \(shownPrevious)改为 \(shownUse)，占用工业用地保护红线 \(m2(red))（\(mu(red))），红线内工业用地不得转为非工业用途",
                    "parcel \(r.id) changed from industrial use \(previous) to \(use) on \(m2(red)) (\(mu(red, .en))) of the industrial-land red line, where industrial land may not be converted"))
            } else {
                out.append(try conflict(.redLineNonIndustrial, .review, zoneKind: .redLine, area: red, geometry: geometry,
                    "现状非工业地块 \(r.id)（用途 \(shownUse)）位于工业用地保护红线内 \(m2(red))（\(mu(red))），台账未记载由工业用途转来：需核实是否为工业配套或纳入改一补一",
                    "existing non-industrial parcel \(r.id) (use \(use)) lies on \(m2(red)) (\(mu(red, .en))) of the industrial-land red line; the ledger records no change from industrial use: check whether it serves the industry (dormitory, 配套) or needs 改一补一"))
            }
        }
        if proposed, industrial == true {
            switch r.zone {
            case .transition?, nil:
                let outside = try zones.outside(parcel, .cluster, overlay)
                let a = try outside.area()
                let whereZH = r.zone == nil ? "不在任何分区" : "主要位于过渡控制区"
                let whereEN = r.zone == nil ? "lies outside every zone" : "lies mainly in the transition zone"
                out.append(try conflict(.newIndustryOutsideCluster, .violation, zoneKind: r.zone, area: a, geometry: try outside.flat().polygonalPart,
                    "拟出让工业地块 \(r.id) \(whereZH)，集聚区外面积 \(m2(a))；新增工业用地须在工业集聚区内",
                    "proposed industrial parcel \(r.id) \(whereEN) (\(m2(a)) outside the cluster zone); new industrial land belongs in the cluster zone"))
            case .reserve?:
                out.append(try conflict(.newIndustryOutsideCluster, .review, zoneKind: .reserve, area: reserve, geometry: try zones.inside(parcel, .reserve, overlay),
                    "拟出让工业地块 \(r.id) 主要位于产业留白区（\(m2(reserve))），需先调整规划",
                    "proposed industrial parcel \(r.id) lies mainly in the reserve zone (\(m2(reserve))): it needs a plan adjustment first"))
            default:
                break
            }
        }
        if proposed, industrial == false, rules.exceedsSliver(reserve, of: area) {
            out.append(try conflict(.reserveEncroachment, .violation, zoneKind: .reserve, area: reserve, geometry: try zones.inside(parcel, .reserve, overlay),
                "拟出让非工业地块 \(r.id)（用途 \(LandUse.shown(use, scheme: rules.useScheme))）占用产业留白区 \(m2(reserve))（\(mu(reserve))），留白区不得安排永久性非工业开发",
                "proposed non-industrial parcel \(r.id) (use \(use)) takes \(m2(reserve)) (\(mu(reserve, .en))) of the reserve zone, which is kept for industry"))
        }
        // Straddling: the second-largest of cluster / transition / reserve / outside.
        // Cheap test first (every parcel passes here): only a parcel whose second-largest
        // share exceeds the tolerance builds the sorted list.
        var largest = 0.0, second = 0.0
        func consider(_ a: Double) {
            if a > largest { (largest, second) = (a, largest) } else if a > second { second = a }
        }
        consider(r.kindAreas.cluster)
        consider(r.kindAreas.transition)
        consider(r.kindAreas.reserve)
        consider(r.outsideM2)
        if rules.exceedsSliver(second, of: area) {
            // Largest first; shares equal within rounding in the order cluster, transition,
            // reserve, outside (as the dominant zone is chosen).
            var rest: [(kind: ZoneKind?, area: Double)] = ZoneKind.threeZones.map { ($0, r.kindAreas[$0] ?? 0) } + [(nil, r.outsideM2)]
            var shares: [(kind: ZoneKind?, area: Double)] = []
            let tolerance = Classifier.shareTolerance(area)
            while let top = rest.map(\.area).max() {
                shares.append(rest.remove(at: rest.firstIndex { $0.area >= top - tolerance }!))
            }
            let second = shares[1]
            let piece: FlatGeometry?
            if let kind = second.kind {
                piece = try zones.inside(parcel, ZoneIndex.Layer(kind), overlay)
            } else {
                piece = try zones.outside(parcel, .anyZone, overlay).flat().polygonalPart
            }
            func name(_ k: ZoneKind?, _ l: ReportLanguage) -> String { k?.name(l) ?? (l == .zh ? "分区外" : "outside the zones") }
            let split = shares.filter { $0.area > 0 }.map { "\(name($0.kind, lang)) \(m2($0.area))" }.joined(separator: lang == .zh ? "，" : ", ")
            out.append(try conflict(.straddlesZones, .warning, zoneKind: second.kind, area: second.area, geometry: piece,
                "地块 \(r.id) 跨越分区：\(split)", "parcel \(r.id) straddles zones: \(split)"))
        }
    }

    /// Answers that repeat across parcels (the same few land-use codes and statuses), worked
    /// out once per worker.
    final class Memo {
        private var industrial: [String: Bool?] = [:]
        private var proposed: [String: Bool] = [:]
        // Features of a file share their keys: the field found for the last keys is kept.
        private var previousUseKeys: [String]?, previousUse: String?

        func isIndustrial(_ use: String, _ rules: ClassificationRules) -> Bool? {
            if let known = industrial[use] { return known }
            let v = LandUse.isIndustrial(use, rules: rules)
            industrial[use] = .some(v)
            return v
        }

        func isProposed(_ status: String, _ rules: ClassificationRules) -> Bool {
            if let known = proposed[status] { return known }
            let v = rules.isProposed(status)
            proposed[status] = v
            return v
        }

        /// The ledger's previous-use field among `keys` (``KnownField/previousUse``).
        func previousUseField(in keys: [String]) -> String? {
            if keys == previousUseKeys { return previousUse }
            previousUse = FieldNames.key(KnownField.previousUse.aliases, in: keys)
            previousUseKeys = keys
            return previousUse
        }
    }

    /// PARCEL_OVERLAP: each pair of parcels whose envelopes meet (``EnvelopeJoin``, linear
    /// for parcels), then GEOS on those pairs only, each pair once.
    static func parcelOverlaps(_ results: [ParcelClassification], _ envelopes: [Envelope?], engine: GeometryEngine,
                               rules: ClassificationRules, lang: ReportLanguage,
                               projected: (Int) throws -> FlatGeometry?) throws -> [Conflict] {
        let pairs = EnvelopeJoin.pairs(envelopes)
        var built: [Int: Geometry] = [:]
        func geometry(_ k: Int) throws -> Geometry? {
            if let g = built[k] { return g }
            guard let flat = try projected(k) else { return nil }
            let g = try engine.geometry(from: flat)
            built[k] = g
            return g
        }
        var out: [Conflict] = []
        for (k, j) in pairs {
            guard let g = try geometry(k), let h = try geometry(j), try g.intersects(h) else { continue }
            let overlap = try g.intersection(h)
            let a = try overlap.area()
            let smaller = min(results[k].areaM2, results[j].areaM2)
            guard rules.exceedsSliver(a, of: smaller) else { continue }
            let p = results[k], q = results[j]
            out.append(Conflict(rule: .parcelOverlap, severity: .violation, parcelIDs: [p.id, q.id], parcelIndices: [p.index, q.index],
                                zoneIDs: [], areaM2: a,
                                message: lang == .zh ? "地块 \(p.id) 与 \(q.id) 重叠 \(m2(a))（\(mu(a))），可能重复供地"
                                    : "parcels \(p.id) and \(q.id) overlap by \(m2(a)) (\(mu(a, .en))): a possible double grant",
                                geometry: try overlap.flat().polygonalPart))
        }
        return out
    }

    /// Zone rules: overlapping zones of different kinds, red line outside cluster and
    /// transition, invalid zone geometries.
    static func zones(_ layer: ZoneLayer, _ index: ZoneIndex, rules: ClassificationRules, lang: ReportLanguage) throws -> [Conflict] {
        var out: [Conflict] = []
        for z in layer.records where z.kind != nil && (z.status == .repaired || z.status == .error) {
            let repaired = z.status == .repaired
            let how = z.ringRepairs.isEmpty ? (lang == .zh ? "已按 makeValid 修复后使用" : "repaired with makeValid and used") : (lang == .zh ? "已修复后使用" : "repaired and used")
            let area = try z.geometry.map { try index.engine.geometry(from: $0).area() } ?? 0
            out.append(Conflict(rule: .invalidZone, severity: .warning, parcelIDs: [], parcelIndices: [], zoneIDs: [z.id], areaM2: area,
                                message: lang == .zh
                                    ? "分区 \(z.id)（\(z.value)）图形无效：\(ChineseText.message(z.note ?? "", .zh))" + (repaired ? "；" + how : "；无法使用，已跳过")
                                    : "zone \(z.id) (\(z.value)) is invalid: \(z.note ?? "")" + (repaired ? "; " + how : "; unusable, skipped"),
                                geometry: z.geometry))
        }
        let originals = index.originals
        let three = Set(ZoneKind.threeZones)
        for overlap in try index.overlaps(where: { three.contains($0) && three.contains($1) && $0 != $1 }) where overlap.area > rules.sliverAreaM2 {
            let a = originals[overlap.a], b = originals[overlap.b], area = overlap.area
            out.append(Conflict(rule: .zoneOverlap, severity: .violation, parcelIDs: [], parcelIndices: [],
                                zoneIDs: [a.record.id, b.record.id], areaM2: area,
                                message: lang == .zh
                                    ? "\(a.kind.chineseName) \(a.record.id) 与\(b.kind.chineseName) \(b.record.id) 重叠 \(m2(area))（\(mu(area))），三区应互不重叠"
                                    : "\(a.kind.englishName) \(a.record.id) and \(b.kind.englishName) \(b.record.id) overlap by \(m2(area)) (\(mu(area, .en))); the three zones must not overlap",
                                geometry: overlap.geometry))
        }
        for (k, o) in originals.enumerated() where o.kind == .redLine {
            let outside = try index.originalOutside(k, [.cluster, .transition])
            let area = outside.area
            guard area > rules.sliverAreaM2 else { continue }
            out.append(Conflict(rule: .redLineOutsideZones, severity: .warning, parcelIDs: [], parcelIndices: [], zoneIDs: [o.record.id],
                                areaM2: area,
                                message: lang == .zh
                                    ? "保护红线 \(o.record.id) 有 \(m2(area))（\(mu(area))）位于工业集聚区和过渡控制区之外"
                                    : "red line \(o.record.id) has \(m2(area)) (\(mu(area, .en))) outside the cluster and transition zones",
                                geometry: outside.geometry))
        }
        return out
    }
}
