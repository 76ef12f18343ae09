import Foundation
import Spatial

/// `--regions FILE --region-field NAME`: the polygon layer results are read by (乡镇街道,
/// 开发区 / 园区 boundaries).
public struct RegionInput: Sendable {
    public var path: String
    public var field: String
    public var crs: String?
    public var readOptions = LayerReader.Options()
    /// The region layer's longitude/latitude come from this web map (`--regions-from-gcj02`,
    /// or the run's `--from-gcj02` / `--from-bd09`, which convert every input layer).
    public var webMap: WebMapDatum?
    /// The area CRS of the run (the parcels' geometries are in it).
    public var areaCRS: CRS?
    public var repair = RepairRules()

    public init(path: String, field: String) {
        self.path = path
        self.field = field
    }
}

/// Each parcel's region: the region holding the largest share of it; parcels with area in
/// more than one region are flagged (across a boundary), parcels in none are `outside`.
public struct RegionAssignment: Sendable {
    /// Region names in first-seen order (features with the same name are one region).
    public var names: [String]
    /// Per parcel (in input order): index into `names`, nil when in none or unmeasured.
    public var region: [Int?]
    /// Share of the parcel inside its region.
    public var share: [Double?]
    /// More than 0.1 % of the parcel lies outside its region (in another region or in none).
    public var across: [Bool]
    public var file: String
    public var field: String
    public var warnings: [String]

    /// Overlays the parcels (polygons in the area CRS, by position) with the regions: an
    /// STRtree of the region polygons, prepared geometries to tell a parcel wholly inside one
    /// region without an intersection, and the intersection area otherwise.
    public static func assign(parcels: [FlatGeometry?], regions input: RegionInput, engine: GeometryEngine, language: ReportLanguage) throws -> RegionAssignment {
        guard let areaCRS = input.areaCRS else { throw ReadError(file: input.path, message: "no area CRS for the regions") }
        let layer = try LayerLoader.load(input.path, options: input.readOptions, crs: input.crs, webMap: input.webMap, repair: input.repair, engine: engine)
        guard layer.features.isEmpty || layer.features.contains(where: { $0.properties[input.field] != nil }) else {
            throw ReadError(file: input.path, message: "no attribute '\(input.field)' (--region-field); the fields are \(FieldNames(layer.features).list)")
        }
        let toArea = try engine.transform(from: layer.crs, to: areaCRS)
        var names: [String] = [], nameIndex: [String: Int] = [:]
        var geometries: [(region: Int, prepared: PreparedGeometry)] = []
        let index = try SpatialIndex(engine: engine)
        var warnings = layer.warnings.map { "\(layer.file): \($0)" }
        var unusable = 0
        for f in layer.features {
            let name = f.properties[input.field]?.text.trimmingCharacters(in: .whitespaces) ?? ""
            guard var g = f.geometry?.polygonalPart, f.problem == nil else {
                unusable += 1
                continue
            }
            do {
                try toArea.apply(&g)
                var geometry = try engine.geometry(from: g)
                if try !geometry.isValid() { geometry = try geometry.makeValid() }
                let key = name.isEmpty ? (language == .zh ? "（未命名）" : "(unnamed)") : name
                let r: Int
                if let k = nameIndex[key] { r = k } else {
                    r = names.count
                    names.append(key)
                    nameIndex[key] = r
                }
                try index.insert(geometry)
                geometries.append((r, try geometry.prepared()))
            } catch {
                unusable += 1
            }
        }
        if unusable > 0 {
            warnings.append(language == .zh ? "\(layer.file)：\(unusable) 个区域要素无法使用（无几何或几何错误），未参与统计"
                                            : "\(layer.file): \(unusable) region features unusable (no geometry or broken), left out")
        }
        var region = [Int?](repeating: nil, count: parcels.count), share = [Double?](repeating: nil, count: parcels.count)
        var across = [Bool](repeating: false, count: parcels.count)
        for (k, flat) in parcels.enumerated() {
            guard let flat, !flat.isEmpty, let parcel = try? engine.geometry(from: flat) else { continue }
            let area = (try? parcel.area()) ?? 0
            guard area > 0 else { continue }
            var byRegion: [Int: Double] = [:]
            var candidates: [Int] = []
            index.query(parcel) { candidates.append($0) }
            for c in candidates.sorted() {
                let g = geometries[c]
                if try g.prepared.covers(parcel) {
                    byRegion[g.region, default: 0] += area
                } else if try g.prepared.intersects(parcel) {
                    let a = try g.prepared.base.intersection(parcel).area()
                    if a > 0 { byRegion[g.region, default: 0] += a }
                }
            }
            // The largest share; a tie goes to the region first in the file.
            guard let best = byRegion.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { continue }
            region[k] = best.key
            share[k] = min(best.value / area, 1)
            // Across a boundary: part of it in another region or in none.
            across[k] = best.value < area * 0.999
        }
        return RegionAssignment(names: names, region: region, share: share, across: across, file: layer.file, field: input.field, warnings: warnings)
    }

    /// Adds `region`, `region_share` and `region_across` after the fixed columns of every
    /// list of parcels (and `region` to lists that name a parcel).
    static func addColumns(_ a: RegionAssignment, to lists: inout [LoadedList], language: ReportLanguage) {
        let outside = language == .zh ? "区域外" : "outside"
        var byID: [String: Int] = [:]
        if let parcelList = lists.first(where: { $0.list.rowsAreParcels }), let idColumn = parcelList.columnIndex["id"] {
            for (k, row) in parcelList.rows.enumerated() where k < a.region.count && idColumn < row.count {
                if let r = a.region[k], byID[row[idColumn]] == nil { byID[row[idColumn]] = r }
            }
        }
        for l in lists.indices {
            let at = lists[l].list.fixedColumns ?? lists[l].header.count
            if lists[l].list.rowsAreParcels {
                lists[l].header.insert(contentsOf: ["region", "region_share", "region_across"], at: at)
                lists[l].kinds.insert(contentsOf: [.text, .number(decimals: 4), .text], at: at)
                for k in lists[l].rows.indices {
                    let r = k < a.region.count ? a.region[k] : nil
                    let shareText = (k < a.share.count ? a.share[k] : nil).map { String(format: "%.4f", $0) } ?? ""
                    let values = [r.map { a.names[$0] } ?? (shareText.isEmpty && (k >= a.share.count) ? "" : outside), shareText,
                                  k < a.across.count && a.across[k] ? "true" : "false"]
                    lists[l].rows[k].insert(contentsOf: values, at: min(at, lists[l].rows[k].count))
                }
                lists[l].list.fixedColumns = at + 3
            } else if let column = lists[l].list.regionIDColumn, let c = lists[l].columnIndex[column] {
                lists[l].header.insert("region", at: at)
                lists[l].kinds.insert(.text, at: at)
                for k in lists[l].rows.indices {
                    let ids = c < lists[l].rows[k].count ? lists[l].rows[k][c].split(separator: ";").map(String.init) : []
                    let r = ids.lazy.compactMap { byID[$0] }.first
                    lists[l].rows[k].insert(r.map { a.names[$0] } ?? outside, at: min(at, lists[l].rows[k].count))
                }
                lists[l].list.fixedColumns = at + 1
            } else {
                continue
            }
            lists[l].columnIndex = Dictionary(lists[l].header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }
}

/// The table per region: parcels, 亩, 公顷, parcels across a boundary, then the command's figures.
struct RegionTable {
    var headers: [String]
    var decimals: [Int]
    /// Region name, then one value per header after the first.
    var rows: [(name: String, values: [Double])]
    var file: String
    var field: String

    init(assignment a: RegionAssignment, lists: [LoadedList], document d: ResultDocument) {
        let zh = d.language == .zh
        file = a.file
        field = a.field
        headers = [zh ? "区域" : "region", zh ? "地块数" : "parcels", zh ? "面积 (亩)" : "area (mu)", zh ? "面积 (公顷)" : "area (ha)",
                   zh ? "跨界地块" : "across a boundary"] + d.regionFigures.map(\.header)
        decimals = [0, 2, 4, 0] + d.regionFigures.map(\.decimals)
        let outsideName = zh ? "区域外" : "outside"
        let names = a.names + [outsideName]
        var values = [[Double]](repeating: [Double](repeating: 0, count: headers.count - 1), count: names.count)
        func regionOf(_ list: LoadedList, _ k: Int) -> Int? {
            guard let r = list.columnIndex["region"], r < list.rows[k].count else { return nil }
            let name = list.rows[k][r]
            if name.isEmpty { return nil }
            return a.names.firstIndex(of: name) ?? names.count - 1
        }
        if let parcels = lists.first(where: { $0.list.rowsAreParcels }) {
            let areaColumn = parcels.columnIndex["area_m2"]
            for k in parcels.rows.indices {
                guard let r = regionOf(parcels, k) else { continue }
                values[r][0] += 1
                if let c = areaColumn, c < parcels.rows[k].count, let m2 = Double(parcels.rows[k][c]) {
                    values[r][1] += AreaUnits.mu(fromSquareMetres: m2)
                    values[r][2] += m2 / 10_000
                }
                if k < a.across.count, a.across[k] { values[r][3] += 1 }
            }
        }
        for (f, figure) in d.regionFigures.enumerated() {
            guard let list = lists.first(where: { $0.list.key == figure.list }) else { continue }
            for k in list.rows.indices {
                guard let r = regionOf(list, k), let v = figure.value(list.row(k)) else { continue }
                values[r][4 + f] += v
            }
        }
        rows = names.enumerated().compactMap { n, name in
            n == names.count - 1 && values[n].allSatisfy({ $0 == 0 }) ? nil : (name, values[n])
        }
    }

    func markdown(_ language: ReportLanguage, warnings: [String]) -> String {
        let zh = language == .zh
        var s = "\n## " + (zh ? "按区域统计" : "By region") + "\n\n"
        s += (zh ? "区域：`\(file)`，名称字段 `\(field)`；地块归入面积占比最大的区域，跨界地块另计。" : "Regions: `\(file)`, name field `\(field)`; each parcel counts in the region holding most of it; parcels across a boundary are counted too.") + "\n\n"
        s += "| " + headers.joined(separator: " | ") + " |\n|---" + String(repeating: "|---:", count: headers.count - 1) + "|\n"
        for row in rows {
            s += "| \(row.name) | " + zip(row.values, decimals).map { NumberText.grouped($0, decimals: $1) }.joined(separator: " | ") + " |\n"
        }
        for w in warnings { s += "\n- " + w }
        return s + (warnings.isEmpty ? "" : "\n")
    }

    func sheet(_ language: ReportLanguage) -> XLSXSheet {
        let columns = headers.enumerated().map { c, h in XLSXColumn(h, c == 0 ? .text : .number(decimals: decimals[c - 1])) }
        return XLSXSheet(name: language == .zh ? "按区域" : "By region", columns: columns,
                         rows: rows.map { [.text($0.name)] + zip($0.values, decimals).map { .number(rounded($0, $1)) } })
    }

    func rounded(_ v: Double, _ decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (v * scale).rounded() / scale
    }
}
