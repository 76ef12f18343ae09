import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// Issue 18, items 4, 10, 12 and 13 on hand-made layers in EPSG:4550: proposals 200 m × 100 m
/// (20,000 m² = 30 亩) at x = 300·k, y 100–200 (``GrantValidationTests/proposal(_:_:_:x:)``).
@Suite("validate: conflicting zones, the 三区三线, --field-map, verdicts.csv units")
struct AdmissionTests {
    typealias D = HandMadeDistrict
    typealias G = GrantValidationTests

    @Test("a proposal where a cluster and a transition zone overlap is review, with the overlap named")
    func conflictingZones() throws {
        // Cluster C 0–2000, transition T 1700–3000: they overlap on x 1700–2000.
        let zones = D.collection([D.zone("C", "cluster", D.box(0, 0, 2000, 1000)), D.zone("T", "transition", D.box(1700, 0, 3000, 1000))])
        let r = try G().validate([G.proposal("IN-OVERLAP", 0, G.passing, x: 1800), G.proposal("HALF", 0, G.passing, x: 1600),
                                  G.proposal("CLEAN", 0, G.passing, x: 0)], zones: zones)
        func zone(_ id: String) -> CheckOutcome? { r.verdicts.first { $0.id == id }?.check("zone") }
        // Before: "cluster 100.0 %, transition 100.0 %" passed as cluster.
        #expect(zone("IN-OVERLAP")?.result == .review)
        #expect(zone("IN-OVERLAP")?.actual.hasSuffix("overlap 100.0%") == true, "\(zone("IN-OVERLAP")?.actual ?? "")")
        #expect(zone("IN-OVERLAP")?.note?.contains("cluster zone C, transition zone T") == true, "\(zone("IN-OVERLAP")?.note ?? "")")
        #expect(zone("IN-OVERLAP")?.note?.contains("20,000.0 m² (100.0%)") == true, "\(zone("IN-OVERLAP")?.note ?? "")")
        // x 1600–1800: 100 × 100 = 10,000 m² in both.
        #expect(zone("HALF")?.result == .review && zone("HALF")?.note?.contains("10,000.0 m² (50.0%)") == true)
        #expect(zone("CLEAN")?.result == .pass && zone("CLEAN")?.note == nil)
        #expect(r.verdicts.first { $0.id == "IN-OVERLAP" }?.verdict == .review)
    }

    /// The 三区三线: farmland F1 (300–500 × 150–400), a 0.02 m sliver F2, ecological red line
    /// E1 (900–1000), urban development boundary U1 (−100…1150).
    static let constraints = D.collection([
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"F1\",\"三区三线\":\"永久基本农田\"},\"geometry\":\(D.box(300, 150, 500, 400))}",
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"F2\",\"三区三线\":\"JBNT\"},\"geometry\":\(D.box(799.98, 100, 800, 200))}",
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"E1\",\"三区三线\":\"生态保护红线\"},\"geometry\":\(D.box(900, 0, 1000, 1000))}",
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"U1\",\"三区三线\":\"城镇开发边界\"},\"geometry\":\(D.box(-100, -100, 1150, 1000))}",
    ])

    func writeConstraints() throws -> String {
        let path = TemporaryFolder.untilExit() + ".geojson"
        try Self.constraints.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("validate --constraints: farmland and the ecological red line beyond the sliver fail with the area named, so does outside the boundary")
    func constraints() throws {
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try G.zones.write(toFile: folder + "/zones.geojson", atomically: true, encoding: .utf8)
        try D.collection([G.proposal("CLEAN", 0, G.passing), G.proposal("FARM", 1, G.passing), G.proposal("SLIVER", 2, G.passing),
                          G.proposal("ECO", 3, G.passing), G.proposal("OUTSIDE", 4, G.passing)])
            .write(toFile: folder + "/proposals.geojson", atomically: true, encoding: .utf8)
        var o = ValidateOptions(proposalsPath: folder + "/proposals.geojson", zonesPath: folder + "/zones.geojson")
        o.constraints = ConstraintInputs(path: try writeConstraints())
        o.classify.language = .zh
        let r = try GrantValidator.run(o)
        func c(_ id: String) -> CheckOutcome? { r.verdicts.first { $0.id == id }?.check("constraints") }
        #expect(c("CLEAN")?.result == .pass && c("CLEAN")?.actualValue == 0)
        #expect(c("SLIVER")?.result == .pass) // 0.02 × 100 = 2 m²: under 10 m²
        // 300–500 × 150–200 = 10,000 m² = 15 亩.
        #expect(c("FARM")?.result == .fail && c("FARM")?.note == "占用永久基本农田 F1 10,000.0 m²（15.00 亩）")
        // 900–1000 × 100–200: 10,000 m² on the red line; 1100 < 1150, so inside the boundary.
        #expect(c("ECO")?.note == "占用生态保护红线 E1 10,000.0 m²（15.00 亩）")
        // 1200–1400: wholly outside U1.
        #expect(c("OUTSIDE")?.note == "位于城镇开发边界外 20,000.0 m²（30.00 亩）" && abs((c("OUTSIDE")?.actualValue ?? 0) - 20_000) < 1e-6)
        #expect(r.verdicts.first { $0.id == "FARM" }?.failedChecks == ["constraints"])
        #expect(r.constraints?.counts == [.farmland: 2, .ecology: 1, .urbanBoundary: 1])
        let none = try G().validate([G.proposal("A", 0, G.passing)])
        #expect(none.verdicts[0].check("constraints")?.result == .notApplicable)
    }

    @Test("classify --constraints: SPATIAL_PLAN_CONFLICT, a violation for proposed parcels, review for existing ones")
    func classifyConstraints() throws {
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try G.zones.write(toFile: folder + "/zones.geojson", atomically: true, encoding: .utf8)
        try D.collection([
            D.parcel("NEW-FARM", "M1", "proposed", D.box(300, 100, 500, 200)),
            D.parcel("OLD-ECO", "M1", "existing", D.box(900, 100, 1100, 200)),
            D.parcel("NEW-OUT", "M1", "proposed", D.box(1200, 100, 1400, 200)),
            D.parcel("OLD-OUT", "M1", "existing", D.box(1500, 100, 1700, 200)),
            D.parcel("CLEAN", "M1", "proposed", D.box(0, 100, 200, 200)),
        ]).write(toFile: folder + "/parcels.geojson", atomically: true, encoding: .utf8)
        var o = ClassifyOptions(zonesPath: folder + "/zones.geojson", parcelsPath: folder + "/parcels.geojson")
        o.idField = "parcel_id"
        o.constraints = ConstraintInputs(path: try writeConstraints())
        o.language = .en
        let r = try Classifier.run(o)
        let found = r.conflicts.filter { $0.rule == .spatialPlanConflict }
        #expect(Set(found.map { "\($0.parcelIDs[0]) \($0.severity.rawValue)" }) == ["NEW-FARM violation", "OLD-ECO review", "NEW-OUT violation"])
        let farm = try #require(found.first { $0.parcelIDs == ["NEW-FARM"] })
        #expect(farm.zoneIDs == ["F1"] && abs(farm.areaM2 - 10_000) < 1e-6 && abs((farm.geometry?.planarArea ?? 0) - 10_000) < 1e-6)
        let out = try #require(found.first { $0.parcelIDs == ["NEW-OUT"] })
        #expect(abs(out.areaM2 - 20_000) < 1e-6 && out.message.contains("outside the urban development boundary"))
        #expect(r.parcels.first { $0.id == "NEW-FARM" }?.flags.contains("SPATIAL_PLAN_CONFLICT") == true)
        #expect(r.constraints?.counts[.urbanBoundary] == 1)
        // The layer's kind field must be found, or named.
        let bad = TemporaryFolder.untilExit() + ".geojson"
        try D.collection(["{\"type\":\"Feature\",\"properties\":{\"名称\":\"x\"},\"geometry\":\(D.box(0, 0, 1, 1))}"]).write(toFile: bad, atomically: true, encoding: .utf8)
        o.constraints = ConstraintInputs(path: bad)
        #expect(throws: ReadError.self) { try Classifier.run(o) }
    }

    @Test("--field-map names proposal attributes outright; a name no proposal has is an input error")
    func fieldMap() throws {
        var figures = G.passing
        figures["site_area_m2"] = nil
        figures["出让面积（平方米）"] = 30_000.0 // not an alias: read only when named
        let folder = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try G.zones.write(toFile: folder + "/zones.geojson", atomically: true, encoding: .utf8)
        try D.collection([G.proposal("P", 0, figures)]).write(toFile: folder + "/proposals.geojson", atomically: true, encoding: .utf8)
        var o = ValidateOptions(proposalsPath: folder + "/proposals.geojson", zonesPath: folder + "/zones.geojson")
        let plain = try GrantValidator.run(o)
        #expect(plain.verdicts[0].check("area_declared")?.result == .missing)
        o.fieldMap = try FieldMap(parsing: "site_area_m2=出让面积（平方米）")
        let mapped = try GrantValidator.run(o)
        // 30,000 declared on a 20,000 m² site: the declared area is 50 % off, and every ratio
        // is over 30,000 m² = 45 亩 (FAR 30,000 / 30,000 = 1.0).
        #expect(mapped.verdicts[0].check("area_declared")?.result == .fail)
        #expect(mapped.verdicts[0].check("far_min")?.actualValue == 1.0)
        o.fieldMap = try FieldMap(parsing: "site_area_m2=面积")
        #expect(throws: ReadError.self) { try GrantValidator.run(o) }
    }

    @Test("verdicts.csv: the operator in its own column, required and actual as numbers in the same unit")
    func csvUnits() throws {
        let r = try G().validate([G.proposal("AT", 0, G.passing)])
        let folder = TemporaryFolder.untilExit()
        _ = try GrantValidationOutput.write(r, to: folder)
        let rows = try CSVReader(path: folder + "/verdicts.csv", geometryColumn: "explanation").readAll() // no WKT: read a text column as "geometry"
        let row = try #require(rows.first).properties
        // 8,000 / 20,000 = 0.4 against 0.40; 750 万元 / 30 亩 = 25 against 25 万元/亩.
        #expect(row["coverage_op"]?.text == "≥" && row["coverage_required"]?.text == "0.4" && row["coverage_actual"]?.text == "0.4")
        #expect(row["green_ratio_op"]?.text == "≤" && row["green_ratio_required"]?.text == "0.15" && row["green_ratio_actual"]?.text == "0.15")
        #expect(row["tax_per_mu_required"]?.text == "25" && row["tax_per_mu_actual"]?.text == "25")
        #expect(row["zone_op"]?.text == "∈" && row["zone_required"]?.text == "cluster" && row["zone_actual"]?.text == "cluster")
        #expect(row["overlap_proposals_op"]?.text == "=" && row["overlap_proposals_required"]?.text == "0")
    }
}
