import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// Real, messy zone data: Zhoushan's districts from two Amap-derived sources (hundreds of
/// island parts, one self-intersecting MultiPolygon, the two sources overlapping each
/// other), plus a null geometry and a value that maps to no kind.
@Suite("classify on real, messy zones",
       .enabled(if: Repository.sharedExists("zhejiang-admin/datav-gcj02/330900_full.json"), "needs ../shared/data/zhejiang-admin (absent)"))
struct MessyZoneTests {
    /// Builds one zone file: cnmaps 定海 (cluster) and 普陀 (transition), DataV's 定海区
    /// (reserve, the invalid one) and 岱山县 (red line), a null zone and an unknown kind.
    func zoneFile(_ folder: String) throws -> String {
        let path = folder + "/zones.geojson"
        let writer = try GeoJSONWriter(path: path)
        for (code, kind) in [("330902", "cluster"), ("330903", "transition")] {
            let f = try GeoJSONReader(path: Repository.shared("zhejiang-admin/cnmaps-amap-gcj02/\(code).geojson")).readAll()[0]
            try writer.write(geometry: f.geometry, properties: Properties([("zone_id", .string("cn-\(code)")), ("zone", .string(kind))]))
        }
        let datav = try GeoJSONReader(path: Repository.shared("zhejiang-admin/datav-gcj02/330900_full.json")).readAll()
        for f in datav {
            let name = f.properties["name"]?.text ?? ""
            let kind = ["定海区": "留白区", "岱山县": "保护红线"][name] ?? "规划区"
            try writer.write(geometry: f.geometry, properties: Properties([("zone_id", .string("dv-\(name)")), ("zone", .string(kind))]))
        }
        try writer.write(geometry: nil, properties: Properties([("zone_id", .string("null")), ("zone", .string("cluster"))]))
        try writer.finish()
        return path
    }

    /// 400 parcels of about 1 ha on a grid over Dinghai and Putuo, in lon/lat.
    func parcelFile(_ folder: String) throws -> String {
        let path = folder + "/parcels.geojson"
        let writer = try GeoJSONWriter(path: path)
        for i in 0..<20 {
            for j in 0..<20 {
                let lon = 122.0 + Double(i) * 0.018, lat = 29.93 + Double(j) * 0.012
                let d = 0.001
                let g = try WKTParser.parse("POLYGON ((\(lon) \(lat), \(lon + d) \(lat), \(lon + d) \(lat + d), \(lon) \(lat + d), \(lon) \(lat)))")
                try writer.write(geometry: g, properties: Properties([("parcel_id", .string("G\(i)-\(j)")), ("land_use", .string(i % 3 == 0 ? "R2" : "M1")), ("status", .string(j % 4 == 0 ? "proposed" : "existing"))]))
            }
        }
        try writer.finish()
        return path
    }

    @Test("runs through, repairs and reports the invalid zone, and every parcel's areas match a direct GEOS overlay")
    func messyZones() throws {
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var options = ClassifyOptions(zonesPath: try zoneFile(folder), parcelsPath: try parcelFile(folder))
        options.idField = "parcel_id"
        let engine = GeometryEngine()
        let r = try Classifier.run(options, engine: engine)
        #expect(r.parcels.count == 400 && r.parcels.allSatisfy { $0.status == .ok })
        #expect(r.areaCRS.epsg == 4550)
        #expect(r.zones.unmappedValues == ["规划区": 2])
        #expect(r.zones.records.first { $0.id == "null" }?.status == .noGeometry)
        let invalid = r.conflicts.filter { $0.rule == .invalidZone }
        #expect(invalid.map(\.zoneIDs) == [["dv-定海区"]])
        // GEOS's reason, in the report's language (Chinese by default).
        #expect(invalid.first?.message.contains("自相交，位置") == true, "\(invalid.first?.message ?? "")")
        // The two sources disagree along the coast: different kinds overlap.
        #expect(r.conflicts.contains { $0.rule == .zoneOverlap && Set($0.zoneIDs) == ["cn-330902", "dv-定海区"] })

        // Independent check: intersect each parcel with the union of each kind's zones,
        // built directly with GEOS (no pieces, no prepared geometry, no index).
        var unions: [ZoneKind: Geometry] = [:]
        for kind in ZoneKind.allCases {
            let members = try r.zones.records.filter { $0.kind == kind }.compactMap { $0.geometry }.map { try engine.geometry(from: $0) }
            if !members.isEmpty { unions[kind] = try engine.union(of: members) }
        }
        let toArea = try engine.transform(from: r.parcelCRS, to: r.areaCRS)
        let features = try GeoJSONReader(path: options.parcelsPath).readAll()
        var worst = 0.0, inside = 0
        for (f, p) in zip(features, r.parcels) {
            var g = try #require(f.geometry)
            try toArea.apply(&g)
            let parcel = try engine.geometry(from: g)
            #expect(abs(try parcel.area() - p.areaM2) < 1e-6)
            for (kind, union) in unions {
                let direct = try parcel.intersection(union).area()
                worst = max(worst, abs(direct - (p.kindAreas[kind] ?? 0)))
                if direct > 0 { inside += 1 }
            }
            let kinds = ZoneKind.threeZones.map { p.kindAreas[$0] ?? 0 }
            #expect(p.outsideM2 >= 0 && p.outsideM2 <= p.areaM2 + 1e-6)
            #expect(kinds.reduce(0, +) + p.outsideM2 >= p.areaM2 - 1e-3) // overlapping kinds may count twice
        }
        #expect(inside > 100)
        #expect(worst < 1e-4, "largest difference to the direct overlay: \(worst) m²")
    }
}
