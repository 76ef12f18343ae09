import Spatial

extension ReportPalette {
    /// The exit ladder's colours (Okabe–Ito): ok green, rectify yellow, penalty orange, exit
    /// vermilion; parcels not audited grey.
    public static let auditStage: [AuditStage: String] = [.ok: "#009e73", .rectify: "#f0e442", .penalty: "#e69f00", .exit: "#d55e00"]
    public static let notAudited = "#e0e0e0"
}

extension CommandDocuments {
    /// `audit`'s report and workbook: the parcels coloured by stage, the audit list (parcels
    /// past `ok` in the report, every parcel in the workbook) and the findings.
    public static func audit(_ r: AuditResult, summary: String, engine: GeometryEngine = GeometryEngine()) throws -> ResultDocument {
        let l = r.language
        let geometries = try projected(r.parcels.map(\.outputGeometry), from: r.outputCRS, to: r.areaCRS, engine: engine)
        let stages = AuditStage.allCases
        var categories = stages.map { MapCategory(key: $0.rawValue, label: $0.title(l), fill: ReportPalette.auditStage[$0], stroke: "#333333", strokeWidth: 0.5) }
        categories.append(MapCategory(key: "not_audited", label: t(l, "未监管", "not audited"), fill: ReportPalette.notAudited, stroke: "#333333", strokeWidth: 0.5))
        let features = r.parcels.enumerated().map { k, p in
            var info = [mu(p.areaM2)]
            if !p.findings.isEmpty { info.append(p.findings.map(\.code.rawValue).joined(separator: ", ")) }
            if let fee = p.placement.penaltyWan, p.audited { info.append(t(l, "违约金 ", "penalty ") + NumberText.grouped(fee, decimals: 2) + " 万元") }
            return MapFeature(geometry: geometries[k], id: p.id, category: p.stage.map { stages.firstIndex(of: $0)! } ?? stages.count,
                              info: info.filter { !$0.isEmpty }.joined(separator: " · "))
        }
        var layers = [MapLayer]()
        if let z = zoneLayer(r.zoneLayer, l) { layers.append(z) }
        layers.append(MapLayer(key: "parcels", title: t(l, "地块（按监管阶段）", "Parcels (audit stage)"), categories: categories, features: features))
        var list = ResultList(key: "audit", title: t(l, "履约监管", "Contract audit"), source: .csv("audit.csv"), mapLayer: "parcels")
        list.rowsAreParcels = true
        list.fixedColumns = AuditOutput.columns.count
        list.reportFilter = { ["rectify", "penalty", "exit"].contains($0["stage"]) }
        list.reportColumns = ["id", "stage", "stage_rule", "findings", "penalty_wan", "stage_deadline", "next_deadline", "next_deadline_what", "zone"]
        var findingList = ResultList(key: "findings", title: t(l, "问题清单", "Findings"), source: .csv("findings.csv"), mapLayer: "parcels")
        findingList.regionIDColumn = "id"
        // One row per finding: the workbook holds them; the report's audit list names each parcel's findings.
        findingList.inReport = false
        var d = ResultDocument(command: "audit", title: t(l, "标准地履约监管", "标准地 contract audit"), language: l, summary: summary,
                               lists: [list, findingList], layers: layers, mapCRS: crsText(r.areaCRS, l),
                               inputs: [(t(l, "地块", "parcels"), r.parcelFile), (t(l, "分区", "zones"), r.zonesFile ?? "—"),
                                        (t(l, "建筑", "buildings"), r.buildingsFile ?? "—"), (t(l, "上次监管", "previous audit"), r.previousFile ?? "—"),
                                        (t(l, "评估日期", "as of"), r.asOf.description), (t(l, "面积坐标系", "area CRS"), crsText(r.areaCRS, l)),
                                        (t(l, "编号字段", "id field"), r.idField ?? "—"), (t(l, "语言", "language"), l.rawValue)],
                               rulesText: nil, warnings: r.warnings, parcelList: "audit")
        d.areaCRS = r.areaCRS
        d.regionFigures = stages.filter { $0 != .ok }.map { st in
            RegionFigure(header: st.title(l), list: "audit") { $0["stage"] == st.rawValue ? 1 : 0 }
        } + [RegionFigure(header: t(l, "违约金 (万元)", "penalties (万元)"), list: "audit", decimals: 2) { $0.number("penalty_wan") }]
        return d
    }
}
