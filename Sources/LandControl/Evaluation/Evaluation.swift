import Foundation
import Spatial

/// `landctl evaluate`: the table read, the firms' land from their parcels, scores, ranks and
/// classes, the parcels joined back to their firms.
public enum Evaluation {
    public static func run(_ options: EvaluationOptions, engine: GeometryEngine = GeometryEngine()) throws -> EvaluationResult {
        let rules = options.rules.evaluation
        // The table is read on its own thread while the parcels are read and prepared (it
        // needs nothing of them); its errors come first.
        let reading = TableRead()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            reading.result = Result { try EnterpriseTable.read(path: options.enterprisesPath, encoding: options.enterpriseEncoding,
                                                               layer: options.enterpriseLayer, fieldMap: options.sites.fieldMap) }
            group.leave()
        }
        let parcelSites = Result { try ParcelSites(options.sites, parcelFields: [], ellipsoidalAreas: true, repair: options.rules.repair, engine: engine) }
        var lap = PhaseTimings()
        group.wait()
        lap.mark("enterprises")
        let table = try reading.result!.get()
        let sites = try parcelSites.get()
        // `enterprises`: the wait for the table after the parcels were ready.
        var timings = sites.timings.phases + lap.phases
        lap = PhaseTimings()
        let features = sites.features
        guard let codeField = try options.enterpriseField.map({ try Classifier.checkField($0, features, file: sites.parcelFile) })
            ?? Classifier.findField(features, KnownField.creditCode.aliases) else {
            throw ReadError(file: sites.parcelFile, message: "no credit-code field on the parcels (统一社会信用代码): looked for "
                + KnownField.creditCode.aliases.joined(separator: ", ") + "; the fields are \(FieldNames(features).list); name it with --enterprise-field NAME")
        }
        var warnings = table.warnings + sites.warnings

        // Rows by credit code: a code on several rows joins no parcel.
        var rowOfCode: [String: Int] = [:]
        var duplicated = Set<String>()
        rowOfCode.reserveCapacity(table.records.count)
        for (k, r) in table.records.enumerated() where !r.creditCode.isEmpty {
            if rowOfCode.updateValue(k, forKey: r.creditCode) != nil { duplicated.insert(r.creditCode) }
        }

        // Parcels and their firms: each parcel's code, read by position (the parcels share
        // their keys), and the row it joins.
        let siteList = sites.sites
        var codeLookup = AttributeLookup(names: [codeField])
        var codes = [String?](repeating: nil, count: siteList.count)
        var firmOf = [Int?](repeating: nil, count: siteList.count)
        var duplicateParcels: [String: Int] = [:]
        for k in siteList.indices {
            var text = ""
            codeLookup.forEachValue(in: siteList[k].properties) { text = $0?.text ?? "" }
            let t = EnterpriseTable.trimmed(text)
            guard !t.isEmpty else { continue }
            codes[k] = t
            if duplicated.contains(t) { duplicateParcels[t, default: 0] += 1 } else { firmOf[k] = rowOfCode[t] }
        }
        let land = try FirmLand.measure(siteList, firmOf: firmOf, firms: table.records.count, areaCRS: sites.areaCRS, outputCRS: sites.outputCRS,
                                        ellipsoid: sites.parcelCRS.ellipsoid, engine: engine)

        lap.mark("land")
        var firms: [FirmEvaluation] = []
        firms.reserveCapacity(table.records.count)
        var rated: [EnterpriseScoring.Firm] = []
        var ratedPositions: [Int] = []
        for (k, r) in table.records.enumerated() {
            var f = FirmEvaluation(record: r)
            let found = land[k]
            f.parcelCount = found.parcels + (duplicateParcels[r.creditCode] ?? 0)
            if found.usable > 0 { f.parcelLandMu = found.mu }
            if found.overlapping { f.flags.append("overlapping_parcels") }
            if found.usable < found.parcels { f.flags.append("parcels_unusable: \(found.parcels - found.usable)") }
            if let parcel = f.parcelLandMu, parcel > 0 {
                f.landMu = parcel
                f.landSource = .parcels
                if let declared = r.declaredLandMu, abs(declared - parcel) > rules.landTolerance * parcel {
                    f.flags.append("land_mismatch: declared \(NumberFormatting.string(declared)) 亩, parcels \(NumberText.grouped(parcel, decimals: 2)) 亩")
                }
            } else if let declared = r.declaredLandMu, declared > 0 {
                f.landMu = declared
                f.landSource = .declared
                f.flags.append("land_declared")
            }
            if let text = r.exemption, !["否", "no", "false", "0", "n", "无"].contains(text.lowercased()) {
                f.exempt = true
                f.flags.append("exempt: \(text)")
            }
            f.flags += r.problems
            // Not rated, in order.
            if r.creditCode.isEmpty { f.notRated = .noCreditCode }
            else if duplicated.contains(r.creditCode) { f.notRated = .duplicateCode }
            else if !r.problems.isEmpty || r.group == nil { f.notRated = .badValue }
            else if (f.landMu ?? 0) <= 0 { f.notRated = .noLand }
            else if let g = r.group, f.landMu! < rules.minLandMu[g] ?? 0 { f.notRated = .smallLand }
            if let reason = f.notRated { f.flags.insert("not_rated: \(reason.rawValue)", at: 0) }
            if let land = f.landMu, land > 0, let tax = r.figures.taxWan { f.taxPerMu = tax / land }
            if f.notRated == nil, let g = r.group, let landMu = f.landMu {
                rated.append(EnterpriseScoring.Firm(creditCode: r.creditCode, group: g, exempt: f.exempt, figures: r.figures, landMu: landMu))
                ratedPositions.append(k)
            }
            firms.append(f)
        }

        // Scores, ranks, classes; low efficiency for the graded firms.
        let (scores, groups) = EnterpriseScoring.score(rated, rules: rules)
        for (s, k) in zip(scores, ratedPositions) {
            firms[k].indicators = s.indicators
            firms[k].total = s.total
            firms[k].rank = s.rank
            firms[k].enterpriseClass = s.enterpriseClass
            firms[k].rankedOf = firms[k].record.group.flatMap { groups[$0]?.ranked }
            for i in s.indicators where i.missing { firms[k].flags.append("missing: \(i.indicator.rawValue)") }
            if !firms[k].exempt, let perMu = firms[k].taxPerMu { firms[k].lowEfficiency = perMu < rules.lowEfficiencyTaxPerMu }
        }

        lap.mark("score")
        // Parcels: each with its firm (a code on exactly one row), zone and land by zone.
        var parcels: [ParcelEvaluation] = []
        parcels.reserveCapacity(sites.sites.count)
        var unmatched: [String: Int] = [:], unmatchedOrder: [String] = []
        let hasZones = sites.hasZones, hasBuildings = sites.hasBuildings
        let all = siteList
        for k in all.indices {
            // Fields read in place: a parcel's site is a large value, not copied whole.
            let measured = all[k].projected != nil, areaM2 = all[k].areaM2
            var p = ParcelEvaluation(index: all[k].index, id: all[k].id, status: all[k].status, flags: all[k].flags, creditCode: codes[k], firm: nil,
                                     ellipsoidalAreaM2: measured ? all[k].ellipsoidalAreaM2 : nil,
                                     zone: hasZones && measured ? all[k].zone?.rawValue ?? "outside" : nil,
                                     redLineShare: hasZones && measured && areaM2 > 0 ? (all[k].kindAreas[.redLine] ?? 0) / areaM2 : nil,
                                     properties: all[k].properties, outputGeometry: all[k].outputGeometry)
            if hasBuildings, measured, areaM2 > 0 { p.buildingCoverage = all[k].coveredM2 / areaM2 }
            if let f = firmOf[k] {
                p.firm = f
                if let zone = p.zone, let area = p.ellipsoidalAreaM2 {
                    firms[f].zoneM2[zone] += area
                    firms[f].redLineM2 += area * (p.redLineShare ?? 0)
                }
            } else if let code = codes[k] {
                if duplicated.contains(code) {
                    p.flags.append("duplicate_credit_code")
                } else {
                    if unmatched[code] == nil { unmatchedOrder.append(code) }
                    unmatched[code, default: 0] += 1
                    p.flags.append("no_firm")
                }
            }
            parcels.append(p)
        }
        if !codes.contains(where: { $0 != nil }) { warnings.append(language(options) == .zh ? "地块上没有任何信用代码（\(codeField)）" : "no parcel carries a credit code (\(codeField))") }

        var result = EvaluationResult(firms: firms, parcels: parcels, groups: groups, table: table, parcelFile: sites.parcelFile,
                                      zonesFile: sites.zones?.file, buildingsFile: sites.buildingFile, parcelCRS: sites.parcelCRS,
                                      areaCRS: sites.areaCRS, outputCRS: sites.outputCRS, enterpriseField: codeField, idField: sites.idField,
                                      warnings: warnings, language: options.language, rules: options.rules, unusableInputs: sites.unusableInputs,
                                      zoneLayer: sites.zones, unmatchedCodes: unmatchedOrder.map { ($0, unmatched[$0]!) })
        result.zoneLayer = sites.zones
        result.keptInputs = KeptInputs(sites)
        lap.mark("join")
        timings += lap.phases
        result.timings = timings
        return result
    }

    private static func language(_ o: EvaluationOptions) -> ReportLanguage { o.language }
}

/// The enterprise table read on another thread: written once before the group is left, read
/// after the wait.
private final class TableRead: @unchecked Sendable {
    var result: Result<EnterpriseTable, Error>?
}
