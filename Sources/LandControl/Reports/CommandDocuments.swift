import Foundation
import Spatial

/// The fixed palette of every report map (README, "report.html"): Okabe–Ito colours, which
/// stay apart for colour-blind readers and in greyscale print; zones as light tints under
/// the parcels, the red line as a heavy red outline with hatching.
public enum ReportPalette {
    /// A zone kind's fill (none for the red line, which is hatched) and outline.
    public static func zone(_ kind: ZoneKind) -> (fill: String?, stroke: String) {
        switch kind {
        case .cluster: ("#9ecae9", "#2b6a99")
        case .transition: ("#f6c88a", "#a86a00")
        case .reserve: ("#a8ddb5", "#1b7a50")
        case .redLine: (nil, "#d00000")
        }
    }
    public static let parcelByZone: [String: String] = ["cluster": "#0072b2", "transition": "#e69f00", "reserve": "#009e73", "outside": "#bbbbbb"]
    public static let conflict: [Severity: String] = [.violation: "#cc79a7", .review: "#f0e442", .warning: "#ffffff"]
    public static let verdict: [Verdict: String] = [.approve: "#009e73", .review: "#f0e442", .reject: "#d55e00"]
    public static let idle: [IdleClass: String] = [.none: "#e0e0e0", .idle1y: "#e69f00", .recoverable: "#d55e00", .partialIdle: "#cc79a7", .unknown: "#8c8c8c"]
    public static let candidateLowEfficiency = "#d55e00", candidate = "#0072b2", lowEfficiency = "#f0e442", otherParcel = "#e0e0e0"
    public static let pocket = "#009e73"
    public static let microParkSite = "#56b4e9"
    /// 亩均效益 classes A–D, exempt (`—`), and parcels of no rated firm.
    public static let enterpriseClass: [String: String] = ["A": "#1a9850", "B": "#91cf60", "C": "#fee08b", "D": "#d73027", "—": "#8073ac", "": "#e0e0e0"]
}

/// What each command's report and workbook hold.
public enum CommandDocuments {
    // MARK: Shared pieces

    static func t(_ l: ReportLanguage, _ zh: String, _ en: String) -> String { l == .zh ? zh : en }

    /// The zones layer: every usable zone with a kind, filled by kind, the red line on top.
    static func zoneLayer(_ zones: ZoneLayer?, _ l: ReportLanguage) -> MapLayer? {
        guard let zones else { return nil }
        let kinds = ZoneKind.allCases
        let categories = kinds.map { k in
            let p = ReportPalette.zone(k)
            return MapCategory(key: k.rawValue, label: k.name(l), fill: p.fill, stroke: p.stroke, strokeWidth: k == .redLine ? 3 : 1, hatch: k == .redLine)
        }
        let category = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, $0) })
        var features: [MapFeature] = []
        for z in zones.records {
            guard let kind = z.kind, let g = z.geometry, let c = category[kind] else { continue }
            features.append(MapFeature(geometry: g, id: z.id, category: c, info: z.value))
        }
        return MapLayer(key: "zones", title: t(l, "三区一线", "Zones"), categories: categories, features: features)
    }

    /// Longitude/latitude output geometries in the area CRS (the map's), by position; in
    /// slices on every core, each with its own engine (a transform is not shared between threads).
    static func projected(_ geometries: [FlatGeometry?], from: CRS, to: CRS, engine: GeometryEngine) throws -> [FlatGeometry?] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, geometries.count / 4096))
        @Sendable func project(_ range: Range<Int>, _ transform: CoordinateTransform, into out: UnsafeMutableBufferPointer<FlatGeometry?>) {
            for k in range {
                guard var g = geometries[k], !g.isEmpty else { continue }
                do { try transform.apply(&g) } catch { continue }
                out[k] = g
            }
        }
        var out = [FlatGeometry?](repeating: nil, count: geometries.count)
        if workers == 1 {
            let transform = try engine.transform(from: from, to: to)
            out.withUnsafeMutableBufferPointer { project(0..<geometries.count, transform, into: $0) }
            return out
        }
        let failure = FirstError()
        let count = geometries.count
        out.withUnsafeMutableBufferPointer { buffer in
            let slices = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                do {
                    let transform = try GeometryEngine().transform(from: from, to: to)
                    project(w * count / workers..<(w + 1) * count / workers, transform, into: slices.value)
                } catch { failure.set(error) }
            }
        }
        if let e = failure.error { throw e }
        return out
    }

    final class FirstError: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var error: Error?
        func set(_ e: Error) {
            lock.lock()
            if error == nil { error = e }
            lock.unlock()
        }
    }

    static func mu(_ m2: Double?) -> String { m2.map { NumberText.grouped(AreaUnits.mu(fromSquareMetres: $0), decimals: 2) + " 亩" } ?? "" }

    /// A CRS as the report names it: in Chinese, `EPSG:4550（2000国家大地坐标系 / 3度带高斯-克吕格 123°E）`.
    static func crsText(_ crs: CRS, _ l: ReportLanguage) -> String { ChineseText.crs(crs, l) }

    static let idleClasses: Set<String> = ["idle_1y", "recoverable", "partial_idle"]

    // MARK: classify

    public static func classify(_ r: ClassificationResult, summary: String, engine: GeometryEngine = GeometryEngine()) throws -> ResultDocument {
        let l = r.language
        let parcelGeometries = try projected(r.parcels.map(\.outputGeometry), from: r.outputCRS, to: r.areaCRS, engine: engine)
        let zoneLabels = ZoneKind.threeZones.map { ($0.rawValue, $0.name(l)) } + [("outside", t(l, "分区外", "outside"))]
        let parcelCategories = zoneLabels.map { code, label in
            MapCategory(key: code, label: label, fill: ReportPalette.parcelByZone[code], stroke: "#333333", strokeWidth: 0.5)
        }
        var parcels: [MapFeature] = []
        parcels.reserveCapacity(r.parcels.count)
        for (k, p) in r.parcels.enumerated() {
            let info = p.zoneCode.isEmpty ? p.status.rawValue
                : mu(p.areaM2) + (p.redLineShare > 0 ? " · " + t(l, "红线占比", "red line") + " " + NumberText.grouped(p.redLineShare * 100, decimals: 1) + "%" : "")
            parcels.append(MapFeature(geometry: parcelGeometries[k], id: p.id, category: zoneLabels.firstIndex { $0.0 == p.zoneCode } ?? 3, info: info))
        }
        let severities = Severity.allCases
        let conflicts = r.conflicts.map { c in
            MapFeature(geometry: c.geometry, id: c.parcelIDs.joined(separator: ";"), category: severities.firstIndex(of: c.severity)!,
                       info: c.rule.rawValue + " " + c.rule.title(l) + " · " + NumberText.grouped(c.areaM2, decimals: 1) + " m²")
        }
        let conflictCategories = severities.map { MapCategory(key: $0.rawValue, label: $0.name(l), fill: ReportPalette.conflict[$0], stroke: "#5a1846", strokeWidth: 1.5) }
        var layers = [MapLayer]()
        if let z = zoneLayer(r.zones, l) { layers.append(z) }
        layers.append(MapLayer(key: "parcels", title: t(l, "地块（按主分区）", "Parcels (dominant zone)"), categories: parcelCategories, features: parcels))
        layers.append(MapLayer(key: "conflicts", title: t(l, "冲突", "Conflicts"), categories: conflictCategories, features: conflicts))

        var conflictList = ResultList(key: "conflicts", title: t(l, "冲突清单", "Conflicts"), source: .csv("conflicts.csv"), mapLayer: "conflicts")
        conflictList.regionIDColumn = "parcel_ids"
        var parcelList = ResultList(key: "parcels", title: t(l, "地块", "Parcels"), source: .csv("parcels.csv"), mapLayer: "parcels")
        parcelList.rowsAreParcels = true
        parcelList.fixedColumns = ClassificationOutput.parcelColumns.count
        parcelList.inReport = false
        var d = ResultDocument(command: "classify", title: t(l, "三区一线分类结果", "三区一线 classification"), language: l, summary: summary,
                               lists: [conflictList, parcelList], layers: layers, mapCRS: crsText(r.areaCRS, l),
                               inputs: [(t(l, "地块", "parcels"), r.parcelFile), (t(l, "分区", "zones"), r.zones.file),
                                        (t(l, "地块坐标系", "parcel CRS"), crsText(r.parcelCRS, l)), (t(l, "面积坐标系", "area CRS"), crsText(r.areaCRS, l)),
                                        (t(l, "编号字段", "id field"), r.idField ?? "—"), (t(l, "用途字段", "use field"), r.useField ?? "—"),
                                        (t(l, "状态字段", "status field"), r.statusField ?? "—"), (t(l, "语言", "language"), l.rawValue)],
                               rulesText: nil, warnings: r.warnings, parcelList: "parcels")
        d.areaCRS = r.areaCRS
        d.regionFigures = ConflictRule.allCases.map { rule in
            RegionFigure(header: t(l, "冲突 ", "conflicts ") + rule.rawValue, list: "conflicts") { $0["rule"] == rule.rawValue ? 1 : 0 }
        } + [RegionFigure(header: t(l, "冲突面积 (亩)", "conflict area (mu)"), list: "conflicts", decimals: 2) { $0.number("area_mu") }]
        return d
    }

    // MARK: validate

    public static func validate(_ r: ValidationResult, summary: String, engine: GeometryEngine = GeometryEngine()) throws -> ResultDocument {
        let l = r.language
        let c = r.classification
        let geometries = try projected(r.verdicts.map(\.outputGeometry), from: c.outputCRS, to: c.areaCRS, engine: engine)
        let verdicts = Verdict.allCases
        let categories = verdicts.map { MapCategory(key: $0.rawValue, label: $0.name(l), fill: ReportPalette.verdict[$0], stroke: "#333333", strokeWidth: 0.8) }
        let features = r.verdicts.enumerated().map { k, v in
            MapFeature(geometry: geometries[k], id: v.id, category: verdicts.firstIndex(of: v.verdict)!,
                       info: v.failedChecks.isEmpty ? "" : t(l, "未通过：", "failed: ") + v.failedChecks.joined(separator: ", "))
        }
        var layers = [MapLayer]()
        if let z = zoneLayer(c.zones, l) { layers.append(z) }
        layers.append(MapLayer(key: "parcels", title: t(l, "申请地块（按结论）", "Proposals (verdict)"), categories: categories, features: features))
        var list = ResultList(key: "verdicts", title: t(l, "审查结论", "Verdicts"), source: .csv("verdicts.csv"), mapLayer: "parcels")
        list.rowsAreParcels = true
        list.fixedColumns = GrantValidationOutput.columns(r).fixed.count
        list.reportColumns = ["id", "verdict", "failed_checks", "far_min_actual", "coverage_actual", "investment_intensity_actual", "tax_per_mu_actual", "explanation"]
        var d = ResultDocument(command: "validate", title: t(l, "标准地出让条件审查", "Land-grant proposal checks (标准地)"), language: l, summary: summary,
                               lists: [list], layers: layers, mapCRS: crsText(c.areaCRS, l),
                               inputs: [(t(l, "申请地块", "proposals"), c.parcelFile), (t(l, "分区", "zones"), c.zones.file),
                                        (t(l, "已供地", "existing grants"), r.existingFile ?? "—"), (t(l, "面积坐标系", "area CRS"), crsText(c.areaCRS, l)),
                                        (t(l, "编号字段", "id field"), c.idField ?? "—"), (t(l, "语言", "language"), l.rawValue)],
                               rulesText: nil, warnings: c.warnings, parcelList: "verdicts")
        d.areaCRS = c.areaCRS
        d.regionFigures = verdicts.map { v in
            RegionFigure(header: v.name(l), list: "verdicts") { $0["verdict"] == v.rawValue ? 1 : 0 }
        }
        return d
    }

    // MARK: idle

    public static func idle(_ r: IdleResult, summary: String, engine: GeometryEngine = GeometryEngine()) throws -> ResultDocument {
        let l = r.language
        let geometries = try projected(r.parcels.map(\.outputGeometry), from: r.outputCRS, to: r.areaCRS, engine: engine)
        let classes = IdleClass.allCases
        let categories = classes.map { MapCategory(key: $0.rawValue, label: $0.title(l), fill: ReportPalette.idle[$0], stroke: "#333333", strokeWidth: 0.5) }
        let features = r.parcels.enumerated().map { k, p in
            MapFeature(geometry: geometries[k], id: p.id, category: classes.firstIndex(of: p.idleClass)!,
                       info: [mu(p.areaM2), p.assessment.idleFeeWan.map { t(l, "闲置费 ", "idle fee ") + NumberText.grouped($0, decimals: 2) + t(l, " 万元", " 万元") } ?? ""]
                           .filter { !$0.isEmpty }.joined(separator: " · "))
        }
        var layers = [MapLayer]()
        if let z = zoneLayer(r.zoneLayer, l) { layers.append(z) }
        layers.append(MapLayer(key: "parcels", title: t(l, "地块（按闲置类别）", "Parcels (idle class)"), categories: categories, features: features))
        var list = ResultList(key: "idle", title: t(l, "闲置土地", "Idle land"), source: .csv("idle.csv"), mapLayer: "parcels")
        list.rowsAreParcels = true
        list.fixedColumns = IdleOutput.columns.count
        list.reportFilter = { idleClasses.contains($0["idle_class"]) || $0["idle_class"] == "unknown" }
        var d = ResultDocument(command: "idle", title: t(l, "闲置土地认定", "Idle land"), language: l, summary: summary,
                               lists: [list], layers: layers, mapCRS: crsText(r.areaCRS, l),
                               inputs: [(t(l, "地块", "parcels"), r.parcelFile), (t(l, "分区", "zones"), r.zonesFile ?? "—"),
                                        (t(l, "建筑", "buildings"), r.buildingsFile ?? "—"), (t(l, "认定日期", "as of"), r.asOf.description),
                                        (t(l, "面积坐标系", "area CRS"), crsText(r.areaCRS, l)), (t(l, "编号字段", "id field"), r.idField ?? "—"),
                                        (t(l, "语言", "language"), l.rawValue)],
                               rulesText: nil, warnings: r.warnings, parcelList: "idle")
        d.areaCRS = r.areaCRS
        d.regionFigures = [
            RegionFigure(header: t(l, "闲置地块", "idle parcels"), list: "idle") { idleClasses.contains($0["idle_class"]) ? 1 : 0 },
            RegionFigure(header: t(l, "闲置面积 (亩)", "idle area (mu)"), list: "idle", decimals: 2) { idleClasses.contains($0["idle_class"]) ? $0.number("area_mu") : nil },
            RegionFigure(header: t(l, "闲置费 (万元)", "idle fees (万元)"), list: "idle", decimals: 2) { idleClasses.contains($0["idle_class"]) ? $0.number("idle_fee_wan") : nil },
        ] + classes.map { c in RegionFigure(header: c.title(l), list: "idle") { $0["idle_class"] == c.rawValue ? 1 : 0 } }
        return d
    }

    // MARK: retrofit

    public static func retrofit(_ r: RetrofitResult, summary: String, engine: GeometryEngine = GeometryEngine()) throws -> ResultDocument {
        let l = r.language
        let geometries = try projected(r.parcels.map(\.outputGeometry), from: r.outputCRS, to: r.areaCRS, engine: engine)
        let categories = [
            MapCategory(key: "low_far_low_efficiency", label: t(l, "候选：低容积率且低效（整治提升）", "candidate: low FAR, low efficiency"), fill: ReportPalette.candidateLowEfficiency, stroke: "#333333", strokeWidth: 0.5),
            MapCategory(key: "low_far", label: t(l, "候选：低容积率", "candidate: low FAR"), fill: ReportPalette.candidate, stroke: "#333333", strokeWidth: 0.5),
            MapCategory(key: "low_efficiency", label: t(l, "低效（非候选）", "low efficiency (not a candidate)"), fill: ReportPalette.lowEfficiency, stroke: "#333333", strokeWidth: 0.5),
            MapCategory(key: "other", label: t(l, "其他地块", "other parcels"), fill: ReportPalette.otherParcel, stroke: "#333333", strokeWidth: 0.5),
        ]
        let features = r.parcels.enumerated().map { k, p in
            let category = p.candidate ? (p.priorityGroup == .lowFARLowEfficiency ? 0 : 1) : (p.lowEfficiency == true ? 2 : 3)
            var info = [mu(p.areaM2)]
            if let far = p.far { info.append(t(l, "容积率 ", "FAR ") + NumberText.grouped(far, decimals: 2)) }
            if let add = p.addedFloorAreaM2, p.candidate { info.append(t(l, "可增 ", "add ") + NumberText.grouped(add, decimals: 0) + " m²") }
            if let tax = p.taxPerMu { info.append(t(l, "亩均税收 ", "tax/mu ") + NumberText.grouped(tax, decimals: 2)) }
            return MapFeature(geometry: geometries[k], id: p.id, category: category, info: info.filter { !$0.isEmpty }.joined(separator: " · "))
        }
        let pockets = r.pockets.map { k in
            MapFeature(geometry: k.geometry, id: k.parcelID + "#\(k.number)", category: 0, info: NumberText.grouped(k.areaM2, decimals: 0) + " m²")
        }
        var layers = [MapLayer]()
        if let z = zoneLayer(r.zoneLayer, l) { layers.append(z) }
        layers.append(MapLayer(key: "parcels", title: t(l, "地块（零地技改）", "Parcels (retrofit)"), categories: categories, features: features))
        // 小微企业园 sites, under the pockets: outlines over the parcels.
        let siteGeometries = try projected(r.microParks.map { Optional($0.outputGeometry) }, from: r.outputCRS, to: r.areaCRS, engine: engine)
        layers.append(MapLayer(key: "sites", title: t(l, "小微企业园选址", "小微企业园 sites"),
                               categories: [MapCategory(key: "site", label: t(l, "小微企业园选址", "site"), fill: nil, stroke: ReportPalette.microParkSite, strokeWidth: 2.5)],
                               features: r.microParks.enumerated().map { k, site in
                                   MapFeature(geometry: siteGeometries[k], id: t(l, "选址 ", "site ") + "\(site.number)", category: 0,
                                              info: NumberText.grouped(site.areaMu, decimals: 2) + " 亩 · " + site.memberIDs.joined(separator: ", "))
                               }))
        layers.append(MapLayer(key: "pockets", title: t(l, "可建空地", "Pockets of free land"),
                               categories: [MapCategory(key: "pocket", label: t(l, "可建空地", "pocket"), fill: ReportPalette.pocket, stroke: "#004d38", strokeWidth: 1)],
                               features: pockets))
        var list = ResultList(key: "retrofit", title: t(l, "零地技改候选与低效用地", "Candidates, low efficiency"), source: .csv("retrofit.csv"), mapLayer: "parcels")
        list.rowsAreParcels = true
        list.fixedColumns = RetrofitOutput.columns.count
        list.reportFilter = { $0["candidate"] == "true" || $0["low_efficiency"] == "true" }
        // Each pocket's parcel by its index (the first parcel with it), looked up, not searched for.
        var positionOfIndex: [Int: Int] = [:]
        for (position, p) in r.parcels.enumerated() where positionOfIndex[p.index] == nil { positionOfIndex[p.index] = position }
        var pocketList = ResultList(key: "pockets", title: t(l, "可建空地", "Pockets"),
                                    source: .rows(header: RetrofitOutput.pocketColumns, rows: r.pockets.map { k in
                                        let parcel = positionOfIndex[k.parcelIndex].map { r.parcels[$0] }
                                        var a: [UInt8] = [], b: [UInt8] = []
                                        NumberFormatting.append(k.areaM2, decimals: 3, to: &a)
                                        NumberFormatting.append(AreaUnits.mu(fromSquareMetres: k.areaM2), decimals: 4, to: &b)
                                        return [k.parcelID, "\(k.number)", String(decoding: a, as: UTF8.self), String(decoding: b, as: UTF8.self),
                                                parcel?.zone ?? "", parcel?.priority.map { "\($0)" } ?? ""]
                                    }), mapLayer: "pockets")
        pocketList.regionIDColumn = "parcel_id"
        var d = ResultDocument(command: "retrofit", title: t(l, "零地技改与低效用地", "零地技改 candidates and low-efficiency land"), language: l, summary: summary,
                               lists: [list, pocketList, ResultList(key: "sites", title: t(l, "小微企业园选址", "小微企业园 sites"), source: .csv("sites.csv"), mapLayer: "sites")], layers: layers, mapCRS: crsText(r.areaCRS, l),
                               inputs: [(t(l, "地块", "parcels"), r.parcelFile), (t(l, "分区", "zones"), r.zonesFile),
                                        (t(l, "建筑", "buildings"), r.buildingsFile ?? "—"), (t(l, "目标容积率", "target FAR"), NumberText.grouped(r.targetFAR, decimals: 2)),
                                        (t(l, "认定日期", "as of"), r.asOf.description), (t(l, "面积坐标系", "area CRS"), crsText(r.areaCRS, l)),
                                        (t(l, "编号字段", "id field"), r.idField ?? "—"), (t(l, "语言", "language"), l.rawValue)],
                               rulesText: nil, warnings: r.warnings, parcelList: "retrofit")
        d.areaCRS = r.areaCRS
        d.regionFigures = [
            RegionFigure(header: t(l, "技改候选", "candidates"), list: "retrofit") { $0["candidate"] == "true" ? 1 : 0 },
            RegionFigure(header: t(l, "候选面积 (亩)", "candidate area (mu)"), list: "retrofit", decimals: 2) { $0["candidate"] == "true" ? $0.number("area_mu") : nil },
            RegionFigure(header: t(l, "可增建筑面积 (m²)", "floor area to add (m²)"), list: "retrofit", decimals: 0) { $0["candidate"] == "true" ? $0.number("added_floor_area_m2") : nil },
            RegionFigure(header: t(l, "低效地块", "low-efficiency parcels"), list: "retrofit") { $0["low_efficiency"] == "true" ? 1 : 0 },
            RegionFigure(header: t(l, "低效面积 (亩)", "low-efficiency area (mu)"), list: "retrofit", decimals: 2) { $0["low_efficiency"] == "true" ? $0.number("area_mu") : nil },
        ]
        return d
    }

    // MARK: evaluate

    public static func evaluate(_ r: EvaluationResult, summary: String, engine: GeometryEngine = GeometryEngine()) throws -> ResultDocument {
        let l = r.language
        let geometries = try projected(r.parcels.map(\.outputGeometry), from: r.outputCRS, to: r.areaCRS, engine: engine)
        // (class text as the parcels carry it, map key, label)
        let classes = EnterpriseClass.allCases.map { ($0.rawValue, $0.rawValue, $0.name(l)) }
            + [("—", "exempt", t(l, "不定等级", "exempt")), ("", "none", t(l, "无评价企业", "no rated firm"))]
        let categories = classes.map { text, key, label in
            MapCategory(key: key, label: label, fill: ReportPalette.enterpriseClass[text], stroke: "#333333", strokeWidth: 0.5)
        }
        let features = r.parcels.enumerated().map { k, p in
            let firm = p.firm.map { r.firms[$0] }
            var info = [mu(p.ellipsoidalAreaM2)]
            if let firm {
                info.append(firm.record.name.isEmpty ? firm.record.creditCode : firm.record.name)
                if let total = firm.total { info.append(t(l, "得分 ", "score ") + NumberText.grouped(total, decimals: 2)) }
                if let tax = firm.taxPerMu { info.append(t(l, "亩均税收 ", "tax/mu ") + NumberText.grouped(tax, decimals: 2)) }
            }
            return MapFeature(geometry: geometries[k], id: p.id, category: classes.firstIndex { $0.0 == firm?.classText ?? "" } ?? classes.count - 1,
                              info: info.filter { !$0.isEmpty }.joined(separator: " · "))
        }
        var layers = [MapLayer]()
        if let z = zoneLayer(r.zoneLayer, l) { layers.append(z) }
        layers.append(MapLayer(key: "parcels", title: t(l, "地块（按企业亩均效益类别）", "Parcels (firm's class)"), categories: categories, features: features))
        var firmList = ResultList(key: "enterprises", title: t(l, "企业评价", "Enterprises"), source: .csv("enterprises.csv"))
        firmList.fixedColumns = EvaluationOutput.firmColumns.count
        firmList.reportColumns = ["credit_code", "name", "group", "land_mu", "land_source", "tax_per_mu", "total", "rank", "class", "low_efficiency", "flags"]
        var parcelList = ResultList(key: "parcels", title: t(l, "地块", "Parcels"), source: .csv("parcels.csv"), mapLayer: "parcels")
        parcelList.rowsAreParcels = true
        parcelList.fixedColumns = EvaluationOutput.parcelColumns.count
        parcelList.inReport = false
        var d = ResultDocument(command: "evaluate", title: t(l, "亩均效益综合评价", "亩均效益 evaluation"), language: l, summary: summary,
                               lists: [firmList, parcelList], layers: layers, mapCRS: crsText(r.areaCRS, l),
                               inputs: [(t(l, "企业", "enterprises"), r.table.file), (t(l, "地块", "parcels"), r.parcelFile),
                                        (t(l, "分区", "zones"), r.zonesFile ?? "—"), (t(l, "建筑", "buildings"), r.buildingsFile ?? "—"),
                                        (t(l, "信用代码字段", "credit-code field"), r.enterpriseField), (t(l, "面积坐标系", "area CRS"), crsText(r.areaCRS, l)),
                                        (t(l, "编号字段", "id field"), r.idField ?? "—"), (t(l, "语言", "language"), l.rawValue)],
                               rulesText: nil, warnings: r.warnings, parcelList: "parcels")
        d.areaCRS = r.areaCRS
        d.regionFigures = EnterpriseClass.allCases.map { c in
            RegionFigure(header: t(l, "\(c.rawValue) 类地块 (亩)", "class \(c.rawValue) parcels (mu)"), list: "parcels", decimals: 2) { $0["class"] == c.rawValue ? $0.number("area_mu") : nil }
        } + [RegionFigure(header: t(l, "低效企业地块 (亩)", "low-efficiency firms' parcels (mu)"), list: "parcels", decimals: 2) { $0["low_efficiency"] == "true" ? $0.number("area_mu") : nil }]
        return d
    }
}
