import CPROJ
import Foundation

/// A coordinate reference system as plain data, resolved by PROJ: what it is, its units
/// and its ellipsoid. `definition` recreates it in any engine.
public struct CRS: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable { case geographic, projected, other }

    /// The text PROJ was given (`EPSG:4490`, a URN, a PROJ string or WKT).
    public let definition: String
    public let name: String
    public let kind: Kind
    /// `EPSG:4550` style identifier when PROJ knows one.
    public let identifier: String?
    /// Metres per unit of the first axis (1 for metres, 0.3048006… for US survey feet).
    public let unitToMetre: Double
    public let ellipsoid: Ellipsoid
    /// Definition of the geographic CRS this one is based on (for ellipsoidal areas).
    public let geodeticDefinition: String
    /// The projection method's name (`Transverse Mercator`, `Popular Visualisation Pseudo Mercator`…).
    public let projectionMethod: String?

    public var isGeographic: Bool { kind == .geographic }
    /// EPSG code when the identifier is an EPSG one.
    public var epsg: Int? {
        guard let identifier, identifier.hasPrefix("EPSG:") else { return nil }
        return Int(identifier.dropFirst(5))
    }

    /// Mercator-family projections (Web Mercator above all) distort area by 1/cos²(lat):
    /// they are never used for areas.
    public var distortsArea: Bool {
        guard let m = projectionMethod?.lowercased() else { return false }
        return m.contains("mercator") && !m.contains("transverse")
    }

    public var description: String {
        if let identifier { return "\(identifier) (\(name))" }
        return name
    }

    public init(definition: String, name: String, kind: Kind, identifier: String?, unitToMetre: Double,
                ellipsoid: Ellipsoid, geodeticDefinition: String, projectionMethod: String?) {
        self.definition = definition
        self.name = name
        self.kind = kind
        self.identifier = identifier
        self.unitToMetre = unitToMetre
        self.ellipsoid = ellipsoid
        self.geodeticDefinition = geodeticDefinition
        self.projectionMethod = projectionMethod
    }

    /// Turns what users and files write into something PROJ accepts: a bare number is an
    /// EPSG code, GeoJSON's old `crs` names (`urn:ogc:def:crs:EPSG::4490`, `EPSG:4550`,
    /// `urn:ogc:def:crs:OGC:1.3:CRS84`) pass through, PROJ strings get `+type=crs`.
    public static func normalizedDefinition(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !t.isEmpty, t.allSatisfy(\.isNumber) { return "EPSG:\(t)" }
        let lower = t.lowercased()
        if lower.hasPrefix("epsg:") { return "EPSG:" + t.dropFirst(5) }
        if lower == "crs84" || lower == "ogc:crs84" { return "OGC:CRS84" }
        if t.hasPrefix("+"), !t.contains("+type=crs") { return t + " +type=crs" }
        return t
    }
}

/// A reference ellipsoid by its semi-major axis and flattening.
public struct Ellipsoid: Sendable, Hashable, CustomStringConvertible {
    public var semiMajorAxis: Double
    public var flattening: Double
    public var name: String

    public init(semiMajorAxis: Double, flattening: Double, name: String) {
        self.semiMajorAxis = semiMajorAxis
        self.flattening = flattening
        self.name = name
    }

    /// CGCS2000 (EPSG:1024): a = 6378137, 1/f = 298.257222101.
    public static let cgcs2000 = Ellipsoid(semiMajorAxis: 6_378_137, flattening: 1 / 298.257222101, name: "CGCS2000")
    /// WGS 84 (EPSG:7030): a = 6378137, 1/f = 298.257223563.
    public static let wgs84 = Ellipsoid(semiMajorAxis: 6_378_137, flattening: 1 / 298.257223563, name: "WGS 84")

    public var description: String { "\(name) (a=\(semiMajorAxis), 1/f=\(flattening == 0 ? 0 : 1 / flattening))" }
}

/// A PROJ CRS object cached by an engine; destroyed exactly once.
final class CRSHandle {
    let pj: OpaquePointer
    let crs: CRS
    let context: ProjContext
    init(pj: OpaquePointer, crs: CRS, context: ProjContext) {
        self.pj = pj
        self.crs = crs
        self.context = context
    }

    deinit { proj_destroy(pj) }
}

extension GeometryEngine {
    /// Resolves a CRS definition with PROJ (`EPSG:4490`, `4550`, a URN, a PROJ string, WKT).
    public func crs(_ text: String) throws -> CRS {
        try crsHandle(text).crs
    }

    func crsHandle(_ text: String) throws -> CRSHandle {
        let definition = CRS.normalizedDefinition(text)
        if let cached = crsCache[definition] { return cached }
        try ProjFileReferences.check(definition)
        projMessages.clear()
        guard let pj = proj_create(proj, definition) else {
            throw SpatialError.crs("unknown coordinate reference system '\(text)': \(projError("create").description)")
        }
        guard proj_is_crs(pj) == 1 else {
            proj_destroy(pj)
            throw SpatialError.crs("'\(text)' is not a coordinate reference system")
        }
        do {
            let crs = try describe(pj, definition: definition)
            let handle = CRSHandle(pj: pj, crs: crs, context: projContext)
            crsCache[definition] = handle
            return handle
        } catch {
            proj_destroy(pj)
            throw error
        }
    }

    private func describe(_ pj: OpaquePointer, definition: String) throws -> CRS {
        // A bound CRS (WKT1 with TOWGS84, as old .prj files and GeoPackages carry) is
        // described by the CRS it is bound to; a compound CRS (horizontal + height) by its
        // horizontal part.
        var horizontal = pj
        var owned: [OpaquePointer] = []
        defer { owned.forEach { proj_destroy($0) } }
        if proj_get_type(horizontal) == PJ_TYPE_BOUND_CRS, let source = proj_get_source_crs(proj, horizontal) {
            horizontal = source
            owned.append(source)
        }
        if proj_get_type(horizontal) == PJ_TYPE_COMPOUND_CRS, let sub = proj_crs_get_sub_crs(proj, horizontal, 0) {
            horizontal = sub
            owned.append(sub)
        }

        let type = proj_get_type(horizontal)
        let kind: CRS.Kind = switch type {
        case PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS: .geographic
        case PJ_TYPE_PROJECTED_CRS: .projected
        default: .other
        }
        let name = proj_get_name(proj_get_type(pj) == PJ_TYPE_BOUND_CRS ? horizontal : pj).map { String(cString: $0) } ?? definition
        var identifier: String?
        if let auth = proj_get_id_auth_name(pj, 0), let code = proj_get_id_code(pj, 0) {
            identifier = "\(String(cString: auth)):\(String(cString: code))"
        } else if definition.hasPrefix("EPSG:") {
            identifier = definition
        }

        var unit = 1.0
        if let cs = proj_crs_get_coordinate_system(proj, horizontal) {
            var factor = 1.0
            if proj_cs_get_axis_info(proj, cs, 0, nil, nil, nil, &factor, nil, nil, nil) == 1 { unit = factor }
            proj_destroy(cs)
        }

        var ellipsoid = Ellipsoid.wgs84
        if let ell = proj_get_ellipsoid(proj, horizontal) {
            var a = 0.0, b = 0.0, invf = 0.0
            var computed: Int32 = 0
            if proj_ellipsoid_get_parameters(proj, ell, &a, &b, &computed, &invf) == 1 {
                let ellName = proj_get_name(ell).map { String(cString: $0) } ?? "ellipsoid"
                ellipsoid = Ellipsoid(semiMajorAxis: a, flattening: invf == 0 ? 0 : 1 / invf, name: ellName)
            }
            proj_destroy(ell)
        } else {
            throw SpatialError.crs("'\(definition)' has no ellipsoid; areas cannot be computed in it")
        }

        var geodeticDefinition = definition
        if let geodetic = proj_crs_get_geodetic_crs(proj, horizontal) {
            if let auth = proj_get_id_auth_name(geodetic, 0), let code = proj_get_id_code(geodetic, 0) {
                geodeticDefinition = "\(String(cString: auth)):\(String(cString: code))"
            } else if let json = proj_as_projjson(proj, geodetic, nil) {
                geodeticDefinition = String(cString: json)
            }
            proj_destroy(geodetic)
        }

        var method: String?
        if kind == .projected, let op = proj_crs_get_coordoperation(proj, horizontal) {
            var methodName: UnsafePointer<CChar>?
            if proj_coordoperation_get_method_info(proj, op, &methodName, nil, nil) == 1, let methodName {
                method = String(cString: methodName)
            }
            proj_destroy(op)
        }
        return CRS(definition: definition, name: name, kind: kind, identifier: identifier, unitToMetre: unit,
                   ellipsoid: ellipsoid, geodeticDefinition: geodeticDefinition, projectionMethod: method)
    }
}
