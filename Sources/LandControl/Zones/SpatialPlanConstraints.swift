import Foundation
import Spatial

/// The three control lines of the 国土空间规划 (三区三线) that bind any construction,
/// industrial or not: 永久基本农田 and 生态保护红线 may not be built on, and new construction
/// belongs inside the 城镇开发边界.
public enum ConstraintKind: String, Sendable, CaseIterable {
    case farmland = "permanent_farmland"
    case ecology = "ecological_redline"
    case urbanBoundary = "urban_boundary"

    public var chineseName: String {
        switch self {
        case .farmland: "永久基本农田"
        case .ecology: "生态保护红线"
        case .urbanBoundary: "城镇开发边界"
        }
    }

    public var englishName: String {
        switch self {
        case .farmland: "permanent basic farmland"
        case .ecology: "ecological protection red line"
        case .urbanBoundary: "urban development boundary"
        }
    }

    public func name(_ language: ReportLanguage) -> String { language == .zh ? chineseName : englishName }

    /// A value of the constraint layer: a code, a Chinese name as plans write it, or the
    /// pinyin initials of the 三区三线 data sets (YJJBNT, STBHHX, CZKFBJ); `map` wins.
    public init?(value: String, map: ConstraintMap = ConstraintMap()) {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if let mapped = map[v] {
            self = mapped
            return
        }
        switch v.lowercased() {
        case "permanent_farmland", "farmland", "永久基本农田", "基本农田", "永久基本农田保护区", "yjjbnt", "jbnt": self = .farmland
        case "ecological_redline", "ecology", "eco", "生态保护红线", "生态红线", "stbhhx", "sthx": self = .ecology
        case "urban_boundary", "udb", "城镇开发边界", "城镇开发边界线", "开发边界", "czkfbj": self = .urbanBoundary
        default: return nil
        }
    }
}

/// A city's own values mapped to constraint kinds: `--constraint-map 'JB=permanent_farmland'`.
public struct ConstraintMap: Sendable, Equatable {
    public private(set) var entries: [String: ConstraintKind] = [:]

    public init() {}

    public init(parsing text: String) throws {
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { throw ZoneMapError(message: "'\(item)' is not CODE=kind") }
            guard let kind = ConstraintKind(value: parts[1]) else {
                throw ZoneMapError(message: "'\(parts[1])' in '\(item)' is not a constraint kind (permanent_farmland, ecological_redline, urban_boundary)")
            }
            entries[parts[0]] = kind
        }
    }

    public subscript(code: String) -> ConstraintKind? { entries[code] }
}

/// Where to read the 三区三线 layer from.
public struct ConstraintInputs: Sendable {
    public var path: String
    public var field: String?
    public var idField: String?
    public var map = ConstraintMap()
    public var crs: String?

    public init(path: String) { self.path = path }
}

/// One constraint feature as read, in the area CRS.
public struct ConstraintRecord: Sendable {
    public var index: Int
    public var id: String
    public var value: String
    public var kind: ConstraintKind?
    public var geometry: FlatGeometry?
    public var status: FeatureStatus
    public var note: String?
}

/// The 三区三线 layer read and made ready to measure parcels against: each kind's features
/// dissolved, cut into small pieces, prepared and indexed, inside one engine.
public final class SpatialPlanConstraints {
    public let file: String
    public let records: [ConstraintRecord]
    public let unmappedValues: [String: Int]
    public let field: String
    public let warnings: [String]
    let engine: GeometryEngine
    private var pieces: [(kind: ConstraintKind, geometry: Geometry, prepared: PreparedGeometry)] = []
    private let index: SpatialIndex
    /// The original features' geometries, to name the ones a parcel meets.
    private var originals: [(record: Int, geometry: Geometry, prepared: PreparedGeometry)] = []
    private let originalIndex: SpatialIndex

    /// Kinds the layer has at least one usable feature of.
    public var kinds: Set<ConstraintKind> { Set(records.compactMap { $0.geometry == nil ? nil : $0.kind }) }
    public var unusableCount: Int { records.filter { $0.status.isUnusable }.count }

    public init(_ inputs: ConstraintInputs, readOptions: LayerReader.Options, defaultCRS: String?, webMap: WebMapDatum?, repair: RepairRules,
                areaCRS: CRS, engine: GeometryEngine) throws {
        self.engine = engine
        let layer = try LayerLoader.load(inputs.path, options: readOptions, crs: inputs.crs ?? defaultCRS, webMap: webMap, repair: repair, engine: engine)
        file = layer.file
        let field = try inputs.field.map { try Classifier.checkField($0, layer.features, file: layer.file) }
            ?? ZoneLayer.guessField(layer.features, candidates: KnownField.constraintKind.aliases, what: "constraint", file: layer.file)
        self.field = field
        let idField = try FeatureIdentity.field(given: inputs.idField, kind: .zoneID, in: layer.features, file: layer.file)
        var records: [ConstraintRecord] = []
        var unmapped: [String: Int] = [:]
        var toPrepare: [(record: Int, geometry: FlatGeometry, repairs: [String])] = []
        for f in layer.features {
            let value = f.properties[field]?.text ?? ""
            var r = ConstraintRecord(index: f.index, id: FeatureIdentity.id(of: f, field: idField), value: value,
                                     kind: ConstraintKind(value: value, map: inputs.map), geometry: nil, status: .ok, note: nil)
            if r.kind == nil { unmapped[value.isEmpty ? "(empty)" : value, default: 0] += 1 }
            if let problem = f.problem {
                r.status = .error
                r.note = problem
            } else if let g = f.geometry, !g.isEmpty {
                toPrepare.append((records.count, g, f.repairs))
            } else {
                r.status = .noGeometry
            }
            records.append(r)
        }
        let prepared = try ZoneLayer.prepareAll(toPrepare.map(\.geometry), ringRepairs: toPrepare.map(\.repairs), from: layer.crs, to: areaCRS, engine: engine)
        for (k, p) in zip(toPrepare, prepared) { (records[k.record].geometry, records[k.record].status, records[k.record].note) = p }
        self.records = records
        unmappedValues = unmapped
        warnings = layer.warnings.map { "\(layer.file): \($0)" }

        index = try SpatialIndex(engine: engine)
        originalIndex = try SpatialIndex(engine: engine)
        for kind in ConstraintKind.allCases {
            let members = try records.indices.compactMap { k -> (Int, Geometry)? in
                guard records[k].kind == kind, let flat = records[k].geometry else { return nil }
                return (k, try engine.geometry(from: flat))
            }
            guard !members.isEmpty else { continue }
            for (k, g) in members {
                originals.append((k, g, try g.prepared()))
                try originalIndex.insert(g)
            }
            // Dissolved, so that overlapping features of one kind count once.
            let union = members.count == 1 ? members[0].1 : try engine.union(of: members.map(\.1))
            for part in try union.polygons().flatMap({ try $0.subdivided(maxVertices: 1024) }) {
                pieces.append((kind, part, try part.prepared()))
                try index.insert(part)
            }
        }
    }

    /// The area of `parcel` (in the area CRS) inside each kind, m².
    public func areas(of parcel: Geometry) throws -> [ConstraintKind: Double] {
        var out: [ConstraintKind: Double] = [:]
        let whole = try parcel.area()
        for i in index.query(parcel) {
            let p = pieces[i]
            if try p.prepared.covers(parcel) {
                out[p.kind, default: 0] += whole
            } else if try p.prepared.intersects(parcel) {
                out[p.kind, default: 0] += try p.geometry.intersection(parcel).area()
            }
        }
        return out
    }

    /// The part of `parcel` inside `kind`, or outside it.
    public func part(of parcel: Geometry, _ kind: ConstraintKind, inside: Bool) throws -> FlatGeometry? {
        let touching = try index.query(parcel).filter { i in
            guard pieces[i].kind == kind else { return false }
            return try pieces[i].prepared.intersects(parcel)
        }
        if touching.isEmpty { return inside ? nil : try parcel.flat().polygonalPart }
        let union = touching.count == 1 ? pieces[touching[0]].geometry : try engine.union(of: touching.map { pieces[$0].geometry })
        return try (inside ? parcel.intersection(union) : parcel.difference(union)).flat().polygonalPart
    }

    /// Ids of the features of `kind` that share an area with `parcel` (more than a square
    /// centimetre: edges drawn on the same line meet by rounding only), in file order.
    public func ids(meeting parcel: Geometry, _ kind: ConstraintKind) throws -> [String] {
        var found = Set<Int>()
        for i in originalIndex.query(parcel) where records[originals[i].record].kind == kind {
            let o = originals[i]
            if try o.prepared.covers(parcel) {
                found.insert(o.record)
            } else if try o.prepared.intersects(parcel), try o.geometry.intersection(parcel).area() > 1e-4 {
                found.insert(o.record)
            }
        }
        return found.sorted().map { records[$0].id }
    }

    /// What `parcel` (area `parcelArea`) does against the lines, beyond the sliver tolerance:
    /// its area on 永久基本农田 and 生态保护红线, and outside the 城镇开发边界 when the layer
    /// draws one. Empty when it breaks none.
    public func findings(_ parcel: Geometry, parcelArea: Double, rules: ClassificationRules) throws -> [ConstraintFinding] {
        let areas = try areas(of: parcel)
        var out: [ConstraintFinding] = []
        for kind in [ConstraintKind.farmland, .ecology] {
            let a = areas[kind] ?? 0
            if rules.exceedsSliver(a, of: parcelArea) {
                out.append(ConstraintFinding(kind: kind, outside: false, areaM2: a, ids: try ids(meeting: parcel, kind)))
            }
        }
        if kinds.contains(.urbanBoundary) {
            let outside = max(0, parcelArea - (areas[.urbanBoundary] ?? 0))
            if rules.exceedsSliver(outside, of: parcelArea) {
                out.append(ConstraintFinding(kind: .urbanBoundary, outside: true, areaM2: outside, ids: []))
            }
        }
        return out
    }
}

/// One line a parcel breaks: its area on 永久基本农田 or 生态保护红线 (with the features'
/// ids), or outside the 城镇开发边界.
public struct ConstraintFinding: Sendable, Equatable {
    public var kind: ConstraintKind
    public var outside: Bool
    public var areaM2: Double
    public var ids: [String]

    public func text(_ language: ReportLanguage) -> String {
        let m2 = NumberText.grouped(areaM2, decimals: 1) + " m²"
        let mu = NumberText.grouped(AreaUnits.mu(fromSquareMetres: areaM2), decimals: 2)
        let named = ids.isEmpty ? "" : " " + ids.joined(separator: language == .zh ? "、" : ", ")
        if language == .zh {
            return outside ? "位于城镇开发边界外 \(m2)（\(mu) 亩）" : "占用\(kind.chineseName)\(named) \(m2)（\(mu) 亩）"
        }
        return outside ? "\(m2) (\(mu) mu) outside the urban development boundary" : "\(m2) (\(mu) mu) on the \(kind.englishName)\(named)"
    }
}

/// What a run says about the 三区三线 layer it used (plain data).
public struct ConstraintSummary: Sendable {
    public var file: String
    public var field: String
    /// Usable features per kind.
    public var counts: [ConstraintKind: Int]
    public var unmappedValues: [String: Int]
    public var unusable: Int

    init(_ c: SpatialPlanConstraints) {
        file = c.file
        field = c.field
        var counts: [ConstraintKind: Int] = [:]
        for r in c.records where r.geometry != nil { if let k = r.kind { counts[k, default: 0] += 1 } }
        self.counts = counts
        unmappedValues = c.unmappedValues
        unusable = c.unusableCount
    }

    /// One summary line: the file and the features per kind.
    public func line(_ language: ReportLanguage) -> String {
        let kinds = ConstraintKind.allCases.map { "\($0.name(language)) \(counts[$0] ?? 0)" }.joined(separator: language == .zh ? "，" : ", ")
        var s = "`\(file)` (" + kinds + ")"
        if !unmappedValues.isEmpty {
            s += language == .zh ? "；未识别取值 " : "; values with no kind "
            s += unmappedValues.sorted { $0.key < $1.key }.map { "`\($0.key)` × \($0.value)" }.joined(separator: ", ")
        }
        return s
    }
}
