import Foundation
import Spatial

/// One zone feature as read and checked, in the area CRS. Plain data: any engine can
/// rebuild its geometry.
public struct ZoneRecord: Sendable {
    /// 1-based position in the zone file.
    public var index: Int
    public var id: String
    /// The zone field's value as read.
    public var value: String
    /// nil when the value maps to no kind (the zone is ignored and counted).
    public var kind: ZoneKind?
    /// Polygonal geometry in the area CRS, repaired when it was invalid; nil when unusable.
    public var geometry: FlatGeometry?
    public var status: FeatureStatus
    /// The repair reason or why the zone is unusable.
    public var note: String?
    /// Rings repaired as the zone was read (a dead hole dropped, an open ring closed); a zone
    /// `repaired` without them was repaired by GEOS makeValid alone.
    public var ringRepairs: [String] = []
    /// Industries (GB/T 4754 divisions) admitted in this zone, when the zone lists them
    /// (attribute `allowed_industries` or `准入行业`).
    public var allowedIndustries: [String]? = nil
    /// The zone's own industry negative list (attribute `negative_list` or `负面清单`), when it has one.
    public var negativeList: [NegativeList.Entry]? = nil
}

/// Zones read, projected to the area CRS and checked: what `classify` overlays parcels with.
public struct ZoneLayer: Sendable {
    public var file: String
    public var crs: CRS
    public var records: [ZoneRecord]
    /// Counts of zone-field values that map to no kind (ignored zones).
    public var unmappedValues: [String: Int]
    public var warnings: [String]

    public var usable: [ZoneRecord] { records.filter { $0.kind != nil && $0.geometry != nil } }

    /// Reads the zone file and prepares every zone: transform to `areaCRS`, validity check,
    /// repair with makeValid (kept with its reason), polygons only.
    public static func load(_ layer: LoadedLayer, zoneField: String?, idField: String?, zoneMap: ZoneMap,
                            areaCRS: CRS, engine: GeometryEngine) throws -> ZoneLayer {
        let field = try zoneField ?? guessField(layer.features, candidates: KnownField.zone.aliases, what: "zone", file: layer.file)
        let idField = try FeatureIdentity.field(given: idField, kind: .zoneID, in: layer.features, file: layer.file)
        var records: [ZoneRecord] = []
        var unmapped: [String: Int] = [:]
        var toPrepare: [(record: Int, geometry: FlatGeometry, repairs: [String])] = []
        for f in layer.features {
            let value = f.properties[field]?.text ?? ""
            let id = FeatureIdentity.id(of: f, field: idField)
            var record = ZoneRecord(index: f.index, id: id, value: value, kind: ZoneKind(value: value, map: zoneMap),
                                    geometry: nil, status: .ok, note: nil)
            if record.kind == nil { unmapped[value.isEmpty ? "(empty)" : value, default: 0] += 1 }
            record.allowedIndustries = GrantProposal.allowedIndustries(in: f.properties)
            record.negativeList = NegativeList.zoneList(in: f.properties, zoneID: id)
            if let problem = f.problem {
                record.status = .error
                record.note = problem
            } else if let g = f.geometry, !g.isEmpty {
                toPrepare.append((records.count, g, f.repairs))
            } else {
                record.status = .noGeometry
            }
            records.append(record)
        }
        // Transform, check and repair every zone; a city's thousands of zones on every core.
        let prepared = try prepareAll(toPrepare.map(\.geometry), ringRepairs: toPrepare.map(\.repairs), from: layer.crs, to: areaCRS, engine: engine)
        for (k, r) in zip(toPrepare, prepared) {
            (records[k.record].geometry, records[k.record].status, records[k.record].note) = r
            records[k.record].ringRepairs = k.repairs
        }
        return ZoneLayer(file: layer.file, crs: layer.crs, records: records, unmappedValues: unmapped, warnings: layer.warnings)
    }

    /// `prepare` for each geometry, in order, in chunks on every core (each thread with its
    /// own engine); a geometry that cannot be used is an error status with the reason,
    /// never a thrown error. `ringRepairs`: each feature's `repairs`, or empty.
    static func prepareAll(_ geometries: [FlatGeometry], ringRepairs: [[String]] = [], from source: CRS, to areaCRS: CRS, engine: GeometryEngine) throws
        -> [(FlatGeometry?, FeatureStatus, String?)] {
        try prepareAllMeasured(geometries, ringRepairs: ringRepairs, from: source, to: areaCRS, engine: engine).map { ($0.0, $0.1, $0.2) }
    }

    /// ``prepareAll(_:ringRepairs:from:to:engine:)`` with each geometry's area in the area
    /// CRS as GEOS measures it (0 when unusable): building footprints need it, and it is
    /// made here anyway.
    static func prepareAllMeasured(_ geometries: [FlatGeometry], ringRepairs: [[String]] = [], from source: CRS, to areaCRS: CRS, engine: GeometryEngine) throws
        -> [(FlatGeometry?, FeatureStatus, String?, Double)] {
        // PROJ chooses the two operations here, once: the threads' engines then build them
        // from the pipeline text instead of each querying PROJ's database.
        _ = try engine.transform(from: source, to: areaCRS)
        _ = try engine.transform(from: areaCRS, to: source)
        return try OrderedChunks.map(count: geometries.count, chunk: 256, makeState: {
            let engine = GeometryEngine()
            return Preparation(engine: engine, toArea: try engine.transform(from: source, to: areaCRS),
                               back: try engine.transform(from: areaCRS, to: source))
        }, transform: { k, p in
            do {
                return try prepareMeasured(geometries[k], ringRepairs: ringRepairs.isEmpty ? [] : ringRepairs[k], toArea: p.toArea, back: p.back, engine: p.engine)
            } catch {
                return (nil, .error, (error as? SpatialError)?.description ?? "\(error)", 0)
            }
        })
    }

    /// One preparing thread's engine and transforms.
    private struct Preparation {
        let engine: GeometryEngine
        let toArea: CoordinateTransform
        let back: CoordinateTransform
    }

    /// Transforms, checks and (when needed) repairs one polygonal geometry whose rings were
    /// repaired as read (`ringRepairs`, the feature's `repairs`: they make it `repaired`).
    /// `back` (area CRS → input CRS) puts the location of a problem in the input's terms.
    public static func prepare(_ g: FlatGeometry, ringRepairs: [String] = [], toArea: CoordinateTransform, back: CoordinateTransform? = nil,
                               engine: GeometryEngine) throws -> (FlatGeometry?, FeatureStatus, String?) {
        let p = try prepareMeasured(g, ringRepairs: ringRepairs, toArea: toArea, back: back, engine: engine)
        return (p.0, p.1, p.2)
    }

    /// ``prepare(_:ringRepairs:toArea:back:engine:)`` with the area of what it returns (0
    /// when unusable). A plain ring proven simple needs no GEOS validity check (most zones
    /// and building footprints), as for parcels.
    static func prepareMeasured(_ g: FlatGeometry, ringRepairs: [String] = [], toArea: CoordinateTransform, back: CoordinateTransform? = nil,
                                engine: GeometryEngine) throws -> (FlatGeometry?, FeatureStatus, String?, Double) {
        guard g.isPolygonal else { return (nil, .error, "a \(g.kind) has no area", 0) }
        var projected = g
        try toArea.apply(&projected)
        let asRead = ringRepairs.joined(separator: "; ")
        // A ring proven simple is valid, and measured as GEOS measures it, with no GEOS
        // geometry made; anything else goes through GEOS.
        let geometry = projected.isCertainlySimplePolygon ? nil : try engine.geometry(from: projected)
        // Coordinates near the largest doubles transform, but their area overflows: such a
        // zone cannot be measured or overlaid, so it is an error rather than "ok" with no area.
        let area = try geometry?.area() ?? projected.geosRingArea(0)
        guard area.isFinite else { return (nil, .error, ParcelGeometry.nonFiniteArea, 0) }
        let found = try geometry?.validity() ?? .valid
        let validity = back.map { found.located(by: $0) } ?? found
        guard let geometry, !validity.isValid else {
            return (projected.polygonalPart, ringRepairs.isEmpty ? .ok : .repaired, ringRepairs.isEmpty ? nil : asRead, area)
        }
        let reason = ringRepairs.isEmpty ? validity.message : asRead + "; " + validity.message
        guard let repaired = try geometry.makeValid().flat().polygonalPart else {
            return (nil, .error, reason + "; nothing with an area is left after repair", 0)
        }
        return (repaired, .repaired, reason, try engine.geometry(from: repaired).area())
    }

    /// The first property among `candidates` that the features carry (any case).
    static func guessField(_ features: [Feature], candidates: [String], what: String, file: String) throws -> String {
        let fields = FieldNames(features)
        if let k = fields.find(candidates) { return k }
        throw ReadError(file: file, message: "no \(what) field found (looked for \(candidates.joined(separator: ", "))); the fields are \(fields.list); name it with --\(what)-field")
    }
}
