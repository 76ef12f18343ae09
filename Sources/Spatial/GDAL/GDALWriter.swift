import CGDAL
import Foundation

/// An attribute column of a layer written through GDAL.
public struct GDALField: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case string, integer, real, boolean, date, dateTime, json
    }

    public var name: String
    public var kind: Kind
    /// Width in bytes for formats that need one (a Shapefile's DBF); nil lets GDAL choose.
    public var width: Int?

    public init(name: String, kind: Kind, width: Int? = nil) {
        self.name = name
        self.kind = kind
        self.width = width
    }

    /// The narrowest kind that holds every value: integers, else reals, else booleans,
    /// dates (and dates with times), else text. Nulls say nothing; a column of nulls is text.
    public static func infer<S: Sequence>(name: String, values: S) -> GDALField where S.Element == PropertyValue {
        var integer = true, real = true, boolean = true, date = true, dateTime = true, json = true
        var seen = false
        var longest = 0
        for v in values {
            if case .null = v { continue }
            seen = true
            longest = max(longest, v.text.utf8.count)
            switch v {
            case let .number(t):
                if t.contains(".") || t.contains("e") || t.contains("E") || Int64(t) == nil { integer = false }
                boolean = false
                date = false
                dateTime = false
                json = false
            case .bool:
                integer = false
                real = false
                date = false
                dateTime = false
                json = false
            case let .date(t):
                integer = false
                real = false
                boolean = false
                json = false
                if t.count != 10 { date = false }
            case .json:
                integer = false
                real = false
                boolean = false
                date = false
                dateTime = false
            case .string, .null:
                integer = false
                real = false
                boolean = false
                date = false
                dateTime = false
                json = false
            }
        }
        let kind: Kind = !seen ? .string : integer ? .integer : real ? .real : boolean ? .boolean : date ? .date
            : dateTime ? .dateTime : json ? .json : .string
        return GDALField(name: name, kind: kind, width: kind == .string || kind == .json ? max(1, longest) : nil)
    }
}

/// A vector file (one or more layers) written through GDAL: GeoPackage, Shapefile,
/// FlatGeobuf, FileGDB… Geometry crosses as WKB; GDAL's messages are captured, never
/// printed; the dataset is closed exactly once. Writes go inside one transaction where the
/// format has them (a GeoPackage writes row by row otherwise).
public final class GDALOutputDataset {
    public let path: String
    public let driver: String
    private var handle: GDALDatasetH?
    let messages = GDALMessages()
    private var inTransaction = false
    /// Warnings GDAL gave while writing (text cut to a field's width…), deduplicated.
    public private(set) var warnings: [String] = []

    /// Creates `path` with the GDAL driver `driver` (`GPKG`, `ESRI Shapefile`, `FlatGeobuf`…).
    public init(path: String, driver: String, options: [String] = []) throws {
        try GDALLibrary.ensureReady(for: path)
        self.path = path
        self.driver = driver
        guard let d = GDALGetDriverByName(driver) else {
            throw ReadError(file: path, message: "GDAL has no driver '\(driver)' to write with")
        }
        let h: GDALDatasetH? = messages.capture {
            CStringList.withMutable(options) { GDALCreate(d, path, 0, 0, 0, GDT_Unknown, $0) }
        }
        guard let h else {
            throw ReadError(file: path, message: "GDAL cannot create a \(driver) file here: \(messages.lastText)")
        }
        handle = h
        messages.capture {
            if GDALDatasetTestCapability(h, ODsCTransactions) != 0, GDALDatasetStartTransaction(h, 0) == OGRERR_NONE {
                inTransaction = true
            }
        }
    }

    deinit {
        if let handle {
            let h = handle
            messages.capture { GDALClose(h) }
        }
    }

    /// A new layer. `crs` is a definition PROJ reads (`EPSG:4490`, WKT…); coordinates are
    /// written x = easting/longitude first, whatever the CRS's axis order.
    public func createLayer(_ name: String, crs: String?, geometry: FlatGeometry.Kind?, fields: [GDALField],
                            options: [String] = []) throws -> GDALOutputLayer {
        guard let handle else { throw ReadError(file: path, message: "the file is already closed") }
        return try messages.capture {
            var srs: OGRSpatialReferenceH?
            if let crs {
                srs = OSRNewSpatialReference(nil)
                guard OSRSetFromUserInput(srs, crs) == OGRERR_NONE else {
                    OSRRelease(srs)
                    throw ReadError(file: path, message: "GDAL cannot use the CRS '\(crs)': \(messages.lastText)")
                }
                OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
            }
            defer { if let srs { OSRRelease(srs) } }
            let type: OGRwkbGeometryType = switch geometry {
            case .point?: wkbPoint
            case .multiPoint?: wkbMultiPoint
            case .lineString?, .multiLineString?: wkbMultiLineString
            case .polygon?, .multiPolygon?: wkbMultiPolygon
            default: wkbUnknown
            }
            let layer: OGRLayerH? = CStringList.withMutable(options) {
                GDALDatasetCreateLayer(handle, name, srs, type, $0)
            }
            guard let layer else { throw ReadError(file: path, message: "GDAL cannot create the layer '\(name)': \(messages.lastText)") }
            for f in fields {
                let defn = OGR_Fld_Create(f.name, f.kind.ogrType)
                defer { OGR_Fld_Destroy(defn) }
                if f.kind == .boolean { OGR_Fld_SetSubType(defn, OFSTBoolean) }
                if f.kind == .json { OGR_Fld_SetSubType(defn, OFSTJSON) }
                if let w = f.width { OGR_Fld_SetWidth(defn, Int32(min(w, 254))) }
                guard OGR_L_CreateField(layer, defn, 1) == OGRERR_NONE else {
                    throw ReadError(file: path, message: "GDAL cannot create the column '\(f.name)' in '\(name)': \(messages.lastText)")
                }
            }
            collectWarnings()
            return GDALOutputLayer(dataset: self, layer: layer, fields: fields, type: type)
        }
    }

    func collectWarnings() {
        for m in messages.take() where !warnings.contains(m.text) && warnings.count < 50 { warnings.append(m.text) }
    }

    /// Commits and closes the file; throws what GDAL reported when it could not finish it.
    public func close() throws {
        guard let h = handle else { return }
        handle = nil
        var failure: String?
        messages.capture {
            if inTransaction, GDALDatasetCommitTransaction(h) != OGRERR_NONE { failure = messages.lastText }
            GDALClose(h)
        }
        if failure == nil, let e = messages.errors.last { failure = e }
        collectWarnings()
        if let failure { throw ReadError(file: path, message: "GDAL could not finish writing: \(failure)") }
    }
}

/// A layer being written; features go in the order they are given.
public final class GDALOutputLayer {
    private let dataset: GDALOutputDataset
    private let layer: OGRLayerH
    private let defn: OGRFeatureDefnH
    public let fields: [GDALField]
    private let type: OGRwkbGeometryType
    private var wkb: [UInt8] = []

    init(dataset: GDALOutputDataset, layer: OGRLayerH, fields: [GDALField], type: OGRwkbGeometryType) {
        self.dataset = dataset
        self.layer = layer
        defn = OGR_L_GetLayerDefn(layer)
        self.fields = fields
        self.type = type
    }

    /// Writes one feature: its geometry (in the layer's CRS; nil for none) and one value per
    /// field, in the order of `fields`.
    public func write(geometry: FlatGeometry?, values: [PropertyValue]) throws {
        try dataset.messages.capture {
            guard let f = OGR_F_Create(defn) else { throw ReadError(file: dataset.path, message: "out of memory") }
            defer { OGR_F_Destroy(f) }
            for (k, field) in fields.enumerated() where k < values.count {
                Self.set(f, Int32(k), field.kind, values[k])
            }
            if let g = geometry, !g.nodes.isEmpty {
                wkb.removeAll(keepingCapacity: true)
                WKBWriter.append(promoted(g), to: &wkb)
                var geometry: OGRGeometryH?
                let err = wkb.withUnsafeBytes { OGR_G_CreateFromWkb($0.baseAddress, nil, &geometry, Int32($0.count)) }
                guard err == OGRERR_NONE, let geometry else {
                    throw ReadError(file: dataset.path, message: "GDAL refused a geometry: \(dataset.messages.lastText)")
                }
                OGR_F_SetGeometryDirectly(f, geometry)
            }
            guard OGR_L_CreateFeature(layer, f) == OGRERR_NONE else {
                throw ReadError(file: dataset.path, message: "GDAL cannot write a feature: \(dataset.messages.lastText)")
            }
        }
        if !dataset.messages.isEmpty { dataset.collectWarnings() }
    }

    /// A single polygon, line or point as a one-member multi-geometry when the layer holds
    /// multi-geometries (GeoPackage's rule; Shapefiles do not mind).
    private func promoted(_ g: FlatGeometry) -> FlatGeometry {
        let wrap: FlatGeometry.Kind? = switch (g.kind, type) {
        case (.polygon, wkbMultiPolygon): .multiPolygon
        case (.lineString, wkbMultiLineString): .multiLineString
        default: nil
        }
        guard let wrap else { return g }
        var out = g
        out.nodes.insert(.init(kind: wrap, count: 1), at: 0)
        return out
    }

    private static func set(_ f: OGRFeatureH, _ i: Int32, _ kind: GDALField.Kind, _ v: PropertyValue) {
        if case .null = v {
            OGR_F_SetFieldNull(f, i)
            return
        }
        switch kind {
        case .integer, .boolean:
            if case let .bool(b) = v {
                OGR_F_SetFieldInteger64(f, i, b ? 1 : 0)
            } else if let n = Int64(v.text) {
                OGR_F_SetFieldInteger64(f, i, n)
            } else if let d = v.doubleValue, d.isFinite, abs(d) < 9e18 {
                OGR_F_SetFieldInteger64(f, i, Int64(d.rounded()))
            } else {
                OGR_F_SetFieldNull(f, i)
            }
        case .real:
            if let d = v.doubleValue, d.isFinite { OGR_F_SetFieldDouble(f, i, d) } else { OGR_F_SetFieldNull(f, i) }
        case .date, .dateTime:
            if let p = ISODateParts(v.text) {
                OGR_F_SetFieldDateTimeEx(f, i, p.year, p.month, p.day, p.hour, p.minute, p.second, p.zone)
            } else {
                OGR_F_SetFieldNull(f, i)
            }
        case .string, .json:
            OGR_F_SetFieldString(f, i, v.text)
        }
    }
}

extension GDALField.Kind {
    var ogrType: OGRFieldType {
        switch self {
        case .string, .json: OFTString
        case .integer: OFTInteger64
        case .boolean: OFTInteger
        case .real: OFTReal
        case .date: OFTDate
        case .dateTime: OFTDateTime
        }
    }
}

/// `2021-03-25` or `2021-03-25T08:00:00[.sss][Z|±hh:mm]` in OGR's parts (time zone flag:
/// 0 unknown, 100 UTC, 100 ± quarter hours).
struct ISODateParts {
    var year: Int32, month: Int32, day: Int32, hour: Int32 = 0, minute: Int32 = 0
    var second: Float = 0
    var zone: Int32 = 0

    init?(_ text: String) {
        let t = Array(text.utf8)
        func num(_ r: Range<Int>) -> Int32? {
            guard r.upperBound <= t.count else { return nil }
            var v: Int32 = 0
            for c in t[r] {
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int32(c - 48)
            }
            return v
        }
        guard t.count >= 10, t[4] == 45, t[7] == 45, let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        (year, month, day) = (y, m, d)
        guard t.count > 10 else { return }
        guard t.count >= 19, t[10] == 84 || t[10] == 32, let h = num(11..<13), let mi = num(14..<16), let s = num(17..<19) else { return nil }
        (hour, minute, second) = (h, mi, Float(s))
        var k = 19
        if k < t.count, t[k] == 46 {
            var fraction = "0."
            k += 1
            while k < t.count, t[k] >= 48, t[k] <= 57 {
                fraction.append(Character(UnicodeScalar(t[k])))
                k += 1
            }
            second += Float(fraction) ?? 0
        }
        if k < t.count {
            if t[k] == 90 {
                zone = 100
            } else if t[k] == 43 || t[k] == 45, let zh = num((k + 1)..<(k + 3)), let zm = num((k + 4)..<(k + 6)) {
                let quarters = (zh * 60 + zm) / 15
                zone = 100 + (t[k] == 45 ? -quarters : quarters)
            }
        }
    }
}
