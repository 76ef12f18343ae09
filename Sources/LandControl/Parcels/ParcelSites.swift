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
    /// Ellipsoidal area (图斑椭球面积), m², as `classify` measures it; 0 unless the sites
    /// were made with `ellipsoidalAreas`.
    var ellipsoidalAreaM2: Double = 0
    /// Polygonal geometry in the area CRS, as plain data (each worker builds its own GEOS
    /// geometry from it); nil when unusable.
    var projected: FlatGeometry?
    var outputGeometry: FlatGeometry?
    var kindAreas = KindAreas()
    var outsideM2: Double = 0
    var zone: ZoneKind?
    /// Buildings meeting the parcel with a positive area: (building position, area inside).
    var buildingShares: [(building: Int, areaM2: Double)] = []
    /// Area of the parcel covered by buildings (overlapping footprints count once), m².
    var coveredM2: Double = 0

    var measured: Bool { projected != nil }
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
    /// The footprints as plain data, for workers' ``BuildingIndex``es; nil without a building layer.
    let footprints: BuildingFootprints?
    let fields: [KnownField: String]
    let buildingFields: [KnownField: String]
    let idField: String?
    var warnings: [String]
    /// Time spent reading, on zones, buildings, the parcel pipeline and the buildings per parcel.
    let timings: PhaseTimings

    var hasZones: Bool { zones != nil }
    /// Input features of every layer that are unusable or have no geometry.
    var unusableInputs: Int {
        // Counted in place (a filter would copy every unusable site, and test every site by copy).
        var n = 0
        for k in sites.indices where sites[k].status.isUnusable { n += 1 }
        if let zones { for k in zones.records.indices where zones.records[k].status.isUnusable { n += 1 } }
        for k in buildings.indices where buildings[k].status.isUnusable { n += 1 }
        return n
    }
    var hasBuildings: Bool { buildingFile != nil }

    /// `ellipsoidalAreas`: measure each parcel on the ellipsoid too (only for a command that
    /// reports those areas: the geodesic sums cost a few percent of a run).
    init(_ inputs: SiteInputs, parcelFields: [KnownField], ellipsoidalAreas: Bool = false, repair: RepairRules, engine: GeometryEngine) throws {
        self.engine = engine
        var timings = PhaseTimings()
        let parcelLayer = try LayerLoader.load(inputs.parcelsPath, options: inputs.readOptions, crs: inputs.crs, webMap: inputs.webMap,
                                               repair: repair, engine: engine)
        let prefetch = OperationPrefetch(parcels: parcelLayer, requested: inputs.areaCRS)
        let zoneLayerRaw = try inputs.zonesPath.map {
            try LayerLoader.load($0, options: inputs.readOptions, crs: inputs.zonesCRS ?? inputs.crs, webMap: inputs.webMap, repair: repair, engine: engine)
        }
        let buildingLayer = try inputs.buildingsPath.map {
            try LayerLoader.load($0, options: inputs.readOptions, crs: inputs.buildingsCRS ?? inputs.crs, webMap: inputs.webMap, repair: repair, engine: engine)
        }
        prefetch.wait()
        timings.mark("read")
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

        timings.mark("zones")
        // Buildings: projected, checked, repaired like zones, measured (on every core).
        var footprints: BuildingFootprints?
        if let buildingLayer {
            warnings += buildingLayer.warnings.map { "\(buildingLayer.file): \($0)" }
            let bFields = try inputs.fieldMap.resolve(KnownField.buildingFields, in: buildingLayer.features, file: buildingLayer.file)
            buildingFields = bFields
            let bID = try FeatureIdentity.field(given: inputs.buildingIDField, kind: .buildingID, in: buildingLayer.features, file: buildingLayer.file)
            footprints = try BuildingFootprints(buildingLayer, fields: bFields, idField: bID, areaCRS: areaCRS, engine: engine)
            buildingFile = buildingLayer.file
            buildingCRS = buildingLayer.crs
        } else {
            buildingFields = [:]
            buildingFile = nil
            buildingCRS = nil
        }
        buildings = footprints?.records ?? []
        self.footprints = footprints

        timings.mark("buildings")
        // Parcels: prepared, measured and overlaid by the one parcel pipeline (the same as
        // `classify`, on every core); then the buildings on each, on every core too.
        let setup = ParcelWorker.Setup(inputCRS: parcelLayer.crs, areaCRS: areaCRS, outputCRS: outputCRS, zones: plan, idField: idField,
                                       useField: nil, statusField: nil, rules: ClassificationRules(), language: .en,
                                       checkConflicts: false, keepProjected: true, ellipsoidalAreas: ellipsoidalAreas)
        var found = try ParcelWorker.classifyAll(parcelLayer.features, setup: setup, zoneLayer: nil,
                                                 workers: ProcessInfo.processInfo.activeProcessorCount)
        timings.mark("parcels")
        let hasZones = zones != nil
        // Each parcel's candidate buildings, by one envelope grid of the footprints.
        let buildingCandidates = footprints?.candidates(for: found.projected)
        // Each site built in its place, its parcel's result and geometry moved into it (not
        // copied: a copy retained every field, and tearing the results down after released
        // them all again, one by one on one core).
        let sites = try found.results.withUnsafeMutableBufferPointer { results in
          try found.projected.withUnsafeMutableBufferPointer { projected in
            let slots = (results: DisjointSlots(results), projected: DisjointSlots(projected)) // each slot moved by one thread
            return try OrderedChunks.map(count: results.count, chunk: 512, makeState: { SiteChunk(engine: GeometryEngine()) }, transform: { k, chunk -> ParcelSite in
                let r = slots.results.at(k)
                var s = ParcelSite(index: r.pointee.index, id: "", status: r.pointee.status, flags: [], properties: Properties())
                swap(&s.id, &r.pointee.id)
                swap(&s.flags, &r.pointee.flags)
                swap(&s.properties, &r.pointee.properties)
                var polygon: FlatGeometry?
                if r.pointee.status == .ok || r.pointee.status == .repaired { swap(&polygon, &slots.projected.at(k).pointee) }
                if let flat = polygon {
                    do {
                        s.areaM2 = r.pointee.areaM2
                        s.ellipsoidalAreaM2 = r.pointee.ellipsoidalAreaM2
                        swap(&s.outputGeometry, &r.pointee.outputGeometry)
                        if hasZones {
                            s.kindAreas = r.pointee.kindAreas
                            s.outsideM2 = r.pointee.outsideM2
                            s.zone = r.pointee.zone
                        }
                        if let footprints, let candidates = buildingCandidates {
                            (s.buildingShares, s.coveredM2) = try footprints.measure(flat, candidates: candidates[k], clipper: &chunk.clipper, pairClipper: &chunk.pairClipper,
                                                                                     engine: chunk.engine)
                        }
                        s.projected = flat
                    } catch let e as SpatialError {
                        s.status = .error
                        s.flags.append(e.description)
                        s.outputGeometry = nil
                        s.projected = nil
                        s.buildingShares = []
                        s.coveredM2 = 0
                    }
                }
                return s
            })
          }
        }
        self.sites = sites
        self.warnings = warnings
        timings.mark("parcel_buildings")
        self.timings = timings
    }

    /// The zone of a measured parcel by the one zone rule of every command (as `classify`
    /// gives it): its dominant 三区 kind, or `outside`; the red line is told apart by
    /// ``redLineShare(_:)``. nil without zones.
    func zoneCode(_ s: UnsafePointer<ParcelSite>) -> String? {
        guard hasZones, s.pointee.measured else { return nil }
        return s.pointee.zone?.rawValue ?? "outside"
    }

    func redLineShare(_ s: UnsafePointer<ParcelSite>) -> Double? {
        guard hasZones, s.pointee.measured, s.pointee.areaM2 > 0 else { return nil }
        return (s.pointee.kindAreas[.redLine] ?? 0) / s.pointee.areaM2
    }
}

/// A run's inputs (its ``ParcelSites``) kept with its result. Released when the run
/// returned, their 100,000 parcels and features were torn down one by one, on one core
/// (~40 ms), just before the command wrote its files; the command exits without tearing
/// its result down.
final class KeptInputs: @unchecked Sendable { // never read: nothing passes between threads through it
    private let object: AnyObject
    init(_ object: AnyObject) { self.object = object }
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

/// One worker's engine and clippers.
private struct SiteChunk {
    let engine: GeometryEngine
    var clipper = ConvexClipArea()
    var pairClipper = ConvexClipArea()
}
