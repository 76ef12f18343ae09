import Spatial

extension ConflictChecks {
    /// SPATIAL_PLAN_CONFLICT: parcels on 永久基本农田 or 生态保护红线 beyond the sliver
    /// tolerance (a violation when proposed; review when existing, which predates the lines
    /// or needs rectifying), and proposed parcels outside the 城镇开发边界 (a violation: new
    /// construction belongs inside it). Existing parcels outside the boundary (村庄, scattered
    /// industry) are not conflicts of the plan.
    static func spatialPlan(_ results: [ParcelClassification], projected: [FlatGeometry?], proposed: (Int) -> Bool,
                            constraints: SpatialPlanConstraints, rules: ClassificationRules, lang: ReportLanguage) throws -> [Conflict] {
        var out: [Conflict] = []
        let engine = constraints.engine
        for (k, r) in results.enumerated() where r.status == .ok || r.status == .repaired {
            guard k < projected.count, let flat = projected[k] else { continue }
            let parcel = try engine.geometry(from: flat)
            let isProposed = proposed(k)
            for finding in try constraints.findings(parcel, parcelArea: r.areaM2, rules: rules) {
                if finding.outside, !isProposed { continue }
                let what = finding.text(lang)
                let message: String
                if lang == .zh {
                    message = (isProposed ? "拟出让地块 \(r.id) " : "现状地块 \(r.id) ") + what
                        + (finding.outside ? "：新增建设须在城镇开发边界内" : isProposed ? "：\(finding.kind.chineseName)内不得新增建设" : "：需核实是否为划定前已有建设并按规定整改")
                } else {
                    message = (isProposed ? "proposed parcel \(r.id): " : "existing parcel \(r.id): ") + what
                        + (finding.outside ? "; new construction belongs inside the boundary" : isProposed ? "; no new construction there" : "; check whether it predates the line and needs rectifying")
                }
                out.append(Conflict(rule: .spatialPlanConflict, severity: isProposed ? .violation : .review, parcelIDs: [r.id], parcelIndices: [r.index],
                                    zoneIDs: finding.ids, areaM2: finding.areaM2, message: message,
                                    geometry: try constraints.part(of: parcel, finding.kind, inside: !finding.outside)))
            }
        }
        return out
    }
}
