import Foundation
import Spatial

/// What `idle` and `retrofit` read besides their own options: the parcels, and optionally
/// the 三区一线 zones and the building footprints.
public struct SiteInputs: Sendable {
    public var parcelsPath: String
    public var zonesPath: String?
    public var buildingsPath: String?
    public var zoneField: String?
    public var zoneIDField: String?
    public var zoneMap = ZoneMap()
    public var idField: String?
    public var buildingIDField: String?
    public var fieldMap = FieldMap()
    public var crs: String?
    public var zonesCRS: String?
    public var buildingsCRS: String?
    public var areaCRS: String?
    public var readOptions = LayerReader.Options()
    /// Every input layer's longitude/latitude come from this web map and are converted to
    /// WGS 84 as read (`--from-gcj02`, `--from-bd09`).
    public var webMap: WebMapDatum?

    public init(parcelsPath: String) {
        self.parcelsPath = parcelsPath
    }
}

/// One building footprint as read, in the area CRS.
public struct BuildingRecord: Sendable {
    /// 1-based position in the building file.
    public var index: Int
    public var id: String
    public var status: FeatureStatus
    public var note: String?
    /// Storeys as recorded (nil when missing or unreadable: counted as one).
    public var floors: Double?
    /// Storey height in metres, when recorded.
    public var storeyHeightM: Double?
    /// Footprint area in the area CRS, m².
    public var footprintM2: Double
}

/// A parcel read, checked and measured in the area CRS (the same preparation as
/// `classify`: projected, validity checked, repaired with makeValid when needed).
struct ParcelSite {
    var index: Int
    var id: String
    var status: FeatureStatus
    var flags: [String]
    var properties: Properties
    var areaM2: Double = 0
    /// Polygonal geometry in the area CRS; nil when unusable.
    var geometry: Geometry?
    var outputGeometry: FlatGeometry?
    var kindAreas = KindAreas()
    var outsideM2: Double = 0
    var zone: ZoneKind?
    /// Buildings meeting the parcel with a positive area: (building position, area inside).
    var buildingShares: [(building: Int, areaM2: Double)] = []
    /// Area of the parcel covered by buildings (overlapping footprints count once), m².
    var coveredM2: Double = 0

    var measured: Bool { geometry != nil }
}

/// Parcels with their zones and buildings, inside one engine.
final class ParcelSites {
    let engine: GeometryEngine
    let parcelFile: String
    let parcelCRS: CRS
    let areaCRS: CRS
    let outputCRS: CRS
    let features: [Feature]
    var sites: [ParcelSite]
    let zones: ZoneLayer?
    let buildingFile: String?
    let buildingCRS: CRS?
    let buildings: [BuildingRecord]
    /// Geometry of each building in the area CRS (nil when unusable), by position.
    let buildingGeometries: [Geometry?]
    let buildingIndex: SpatialIndex?
    /// Position in `buildings` of each item of `buildingIndex`.
    let buildingItems: [Int]
    let fields: [KnownField: String]
    let buildingFields: [KnownField: String]
    let idField: String?
    var warnings: [String]

    var hasZones: Bool { zones != nil }
    /// Input features of every layer that are unusable or have no geometry.
    var unusableInputs: Int {
        sites.filter { $0.status.isUnusable }.count + (zones?.records.filter { $0.status.isUnusable }.count ?? 0)
            + buildings.filter { $0.status.isUnusable }.count
    }
    var hasBuildings: Bool { buildingFile != nil }

    init(_ inputs: SiteInputs, parcelFields: [KnownField], repair: RepairRules, engine: GeometryEngine) throws {
        self.engine = engine
        let parcelLayer = try LayerLoader.load(inputs.parcelsPath, options: inputs.readOptions, crs: inputs.crs, webMap: inputs.webMap,
                                               repair: repair, engine: engine)
        let zoneLayerRaw = try inputs.zonesPath.map {
            try LayerLoader.load($0, options: inputs.readOptions, crs: inputs.zonesCRS ?? inputs.crs, webMap: inputs.webMap, repair: repair, engine: engine)
        }
        let buildingLayer = try inputs.buildingsPath.map {
            try LayerLoader.load($0, options: inputs.readOptions, crs: inputs.buildingsCRS ?? inputs.crs, webMap: inputs.webMap, repair: repair, engine: engine)
        }
        // The study area as every command settles it.
        let (areaCRS, outputCRS) = try StudyArea.crss(parcels: parcelLayer, others: [zoneLayerRaw, buildingLayer].compactMap { $0 },
                                                      requested: inputs.areaCRS, engine: engine)
        self.parcelFile = parcelLayer.file
        self.parcelCRS = parcelLayer.crs
        self.areaCRS = areaCRS
        self.outputCRS = outputCRS
        self.features = parcelLayer.features
        var warnings = parcelLayer.warnings.map { "\(parcelLayer.file): \($0)" }

        let idField = try FeatureIdentity.field(given: inputs.idField, in: parcelLayer.features, file: parcelLayer.file)
        self.idField = idField
        fields = try inputs.fieldMap.resolve(parcelFields, in: parcelLayer.features, file: parcelLayer.file)

        // Zones.
        var plan = try ZonePlan(zones: [], engine: engine)
        if let zoneLayerRaw {
            let zones = try ZoneLayer.load(zoneLayerRaw, zoneField: inputs.zoneField, idField: inputs.zoneIDField,
                                           zoneMap: inputs.zoneMap, areaCRS: areaCRS, engine: engine)
            warnings += zones.warnings.map { "\(zones.file): \($0)" }
            plan = try ZonePlan(zones: zones.records, engine: engine)
            self.zones = zones
        } else {
            zones = nil
        }

        // Buildings: projected, checked, repaired like zones, indexed.
        var records: [BuildingRecord] = []
        var geometries: [Geometry?] = []
        var items: [Int] = []
        var tree: SpatialIndex?
        if let buildingLayer {
            warnings += buildingLayer.warnings.map { "\(buildingLayer.file): \($0)" }
            let bFields = try inputs.fieldMap.resolve(KnownField.buildingFields, in: buildingLayer.features, file: buildingLayer.file)
            buildingFields = bFields
            let bID = try FeatureIdentity.field(given: inputs.buildingIDField, kind: .buildingID, in: buildingLayer.features, file: buildingLayer.file)
            let toArea = try engine.transform(from: buildingLayer.crs, to: areaCRS)
            let t = try SpatialIndex(engine: engine)
            for f in buildingLayer.features {
                let id = FeatureIdentity.id(of: f, field: bID)
                var r = BuildingRecord(index: f.index, id: id, status: .ok, note: nil, floors: nil, storeyHeightM: nil, footprintM2: 0)
                if let field = bFields[.floors], case let .success(v)? = LedgerNumber.read(f.properties[field]), v > 0 { r.floors = v }
                if let field = bFields[.storeyHeightM], case let .success(v)? = LedgerNumber.read(f.properties[field]), v > 0 { r.storeyHeightM = v }
                var geometry: Geometry?
                if let problem = f.problem {
                    r.status = .error
                    r.note = problem
                } else if let g = f.geometry, !g.isEmpty {
                    do {
                        let (flat, status, note) = try ZoneLayer.prepare(g, ringRepairs: f.repairs, toArea: toArea, engine: engine)
                        r.status = status
                        r.note = note
                        if let flat {
                            let built = try engine.geometry(from: flat)
                            r.footprintM2 = try built.area()
                            geometry = built
                            try t.insert(built)
                            items.append(records.count)
                        }
                    } catch let e as SpatialError {
                        r.status = .error
                        r.note = e.description
                    }
                } else {
                    r.status = .noGeometry
                }
                records.append(r)
                geometries.append(geometry)
            }
            tree = t
            buildingFile = buildingLayer.file
            buildingCRS = buildingLayer.crs
        } else {
            buildingFields = [:]
            buildingFile = nil
            buildingCRS = nil
        }
        buildings = records
        buildingGeometries = geometries
        buildingIndex = tree
        buildingItems = items

        // Parcels: prepared, measured and overlaid by the one parcel pipeline (the same as
        // `classify`, on every core); the buildings on each, here.
        let setup = ParcelWorker.Setup(inputCRS: parcelLayer.crs, areaCRS: areaCRS, outputCRS: outputCRS, zones: plan, idField: idField,
                                       useField: nil, statusField: nil, rules: ClassificationRules(), language: .en,
                                       checkConflicts: false, keepProjected: true)
        let found = try ParcelWorker.classifyAll(parcelLayer.features, setup: setup, zoneLayer: nil,
                                                 workers: ProcessInfo.processInfo.activeProcessorCount)
        var sites: [ParcelSite] = []
        sites.reserveCapacity(parcelLayer.features.count)
        for (k, r) in found.results.enumerated() {
            var s = ParcelSite(index: r.index, id: r.id, status: r.status, flags: r.flags, properties: r.properties)
            if r.status == .ok || r.status == .repaired, let flat = found.projected[k] {
                do {
                    let geometry = try engine.geometry(from: flat)
                    s.areaM2 = r.areaM2
                    s.outputGeometry = r.outputGeometry
                    if zones != nil {
                        s.kindAreas = r.kindAreas
                        s.outsideM2 = r.outsideM2
                        s.zone = r.zone
                    }
                    if let tree {
                        try Self.measureBuildings(&s, parcel: geometry, tree: tree, items: items, geometries: geometries,
                                                  records: records, engine: engine)
                    }
                    s.geometry = geometry
                } catch let e as SpatialError {
                    s.status = .error
                    s.flags.append(e.description)
                    s.outputGeometry = nil
                    s.geometry = nil
                    s.buildingShares = []
                    s.coveredM2 = 0
                }
            }
            sites.append(s)
        }
        self.sites = sites
        self.warnings = warnings
    }

    /// The buildings on a parcel: the part of each footprint inside it, and the area
    /// covered by all of them (overlapping footprints count once).
    static func measureBuildings(_ s: inout ParcelSite, parcel: Geometry, tree: SpatialIndex, items: [Int],
                                 geometries: [Geometry?], records: [BuildingRecord], engine: GeometryEngine) throws {
        let prepared = try parcel.prepared()
        var pieces: [Geometry] = []
        for item in tree.query(parcel).sorted() {
            let b = items[item]
            guard let g = geometries[b] else { continue }
            if try prepared.covers(g) {
                s.buildingShares.append((b, records[b].footprintM2))
                pieces.append(g)
            } else if try prepared.intersects(g) {
                let inside = try g.intersection(parcel)
                let a = try inside.area()
                if a > 0 {
                    s.buildingShares.append((b, a))
                    pieces.append(inside)
                }
            }
        }
        if pieces.count == 1 {
            s.coveredM2 = s.buildingShares[0].areaM2
        } else if pieces.count > 1 {
            s.coveredM2 = try engine.union(of: pieces).area()
        }
    }

    /// Building geometries within `distance` of a parcel's envelope (for setbacks).
    func buildingsNear(_ parcel: Geometry, distance: Double) throws -> [Geometry] {
        guard let tree = buildingIndex else { return [] }
        let e = parcel.envelope
        guard !e.isEmpty else { return [] }
        let box = try engine.rectangle(Envelope(minX: e.minX - distance, minY: e.minY - distance, maxX: e.maxX + distance, maxY: e.maxY + distance))
        return tree.query(box).sorted().compactMap { buildingGeometries[buildingItems[$0]] }
    }

    /// The zone of a measured parcel by the one zone rule of every command (as `classify`
    /// gives it): its dominant 三区 kind, or `outside`; the red line is told apart by
    /// ``redLineShare(_:)``. nil without zones.
    func zoneCode(_ s: ParcelSite) -> String? {
        guard hasZones, s.measured else { return nil }
        return s.zone?.rawValue ?? "outside"
    }

    func redLineShare(_ s: ParcelSite) -> Double? {
        guard hasZones, s.measured, s.areaM2 > 0 else { return nil }
        return (s.kindAreas[.redLine] ?? 0) / s.areaM2
    }
}

/// Zone labels used by `idle` and `retrofit`, in report order (the red line is a share, not a
/// zone of its own: see ``inRedLine(_:)``).
enum SiteZone {
    static let codes = ["cluster", "transition", "reserve", "outside"]

    /// A parcel counted as in the red line in summaries: the red line covers more than half.
    static func inRedLine(_ share: Double?) -> Bool { (share ?? 0) > 0.5 }

    static func name(_ code: String, _ language: ReportLanguage) -> String {
        if let kind = ZoneKind(rawValue: code) { return kind.name(language) }
        return language == .zh ? "分区外" : "outside the zones"
    }
}
