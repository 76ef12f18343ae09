import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// Issue 15 A in the commands: broken rings are repaired as every layer is read, the
/// feature says what was repaired, and the hand-made fixtures (`Tests/Fixtures/repair_*.geojson`,
/// EPSG:4490 near Zhoushan) come out as the trusted tools would have them.
@Suite("ring repair in the commands")
struct RingRepairLayerTests {
    static let zones = Repository.fixture("repair_zones.geojson")
    static let parcels = Repository.fixture("repair_parcels.geojson")

    /// CGCS2000's meridian radius of curvature M(φ) and prime-vertical radius N(φ), m: the
    /// textbook formulas, independent of PROJ and GeographicLib.
    static let a = 6_378_137.0, f = 1 / 298.257222101
    static var e2: Double { f * (2 - f) }
    static func meridianRadius(_ latitude: Double) -> Double {
        let s = sin(latitude * .pi / 180)
        return a * (1 - e2) / pow(1 - e2 * s * s, 1.5)
    }
    static func primeVerticalRadius(_ latitude: Double) -> Double {
        let s = sin(latitude * .pi / 180)
        return a / (1 - e2 * s * s).squareRoot()
    }
    /// Area of a small longitude/latitude box on the ellipsoid: (N cos φ Δλ)(M Δφ) at its
    /// middle latitude (relative error of order Δφ², under 1e-9 for these boxes).
    static func boxArea(_ lon0: Double, _ lat0: Double, _ lon1: Double, _ lat1: Double) -> Double {
        let phi = (lat0 + lat1) / 2, rad = Double.pi / 180
        return primeVerticalRadius(phi) * cos(phi * rad) * (lon1 - lon0) * rad * meridianRadius(phi) * (lat1 - lat0) * rad
    }

    @Test("the issue: a red line of 52 positions with two 3-position holes is kept, and the parcels in it are in the red line")
    func redLineWithCollapsedHoles() throws {
        var options = ClassifyOptions(zonesPath: Self.zones, parcelsPath: Self.parcels)
        options.idField = "parcel_id"
        let r = try Classifier.run(options)
        let zone = try #require(r.zones.records.first { $0.id == "RL-52" })
        #expect(zone.status == .repaired && zone.geometry != nil)
        #expect(zone.note == "hole 1 at (122.203, 30.002) dropped: it has 3 positions (2 corners), no area; "
                + "hole 2 at (122.207, 30.004) dropped: it has 3 positions (2 corners), no area")
        let warning = try #require(r.conflicts.first { $0.rule == .invalidZone })
        #expect(warning.zoneIDs == ["RL-52"] && warning.message.contains("hole 1 at (122.203, 30.002) dropped"))
        func parcel(_ id: String) throws -> ParcelClassification { try #require(r.parcels.first { $0.id == id }) }
        // Before: the zone was refused ("hole 1 has 3 positions") and these reported 0 m² of red line.
        for id in ["P-IN", "P-IN-HOLE"] {
            let p = try parcel(id)
            #expect(p.status == .ok)
            #expect(abs((p.kindAreas[.redLine] ?? 0) - p.areaM2) <= 1e-9 * p.areaM2, "\(id): \(p.kindAreas[.redLine] ?? 0) of \(p.areaM2) m²")
            #expect(p.redLineShare > 0.999_999_999)
        }
        // P-IN is 0.001° × 0.0005° at 30.00125°N.
        #expect(abs(try parcel("P-IN").ellipsoidalAreaM2 - Self.boxArea(122.2015, 30.001, 122.2025, 30.0015)) < 1e-3)
        // The zone kept is its 52-position outer ring alone.
        #expect(zone.geometry?.sequenceEnds == [52])
        #expect(FeatureStatus.allCases.map { s in r.parcels.filter { $0.status == s }.count }.reduce(0, +) == 10)
    }

    @Test("every hand-made parcel gets the status and the reason the repair rules give")
    func parcelStatuses() throws {
        var options = ClassifyOptions(zonesPath: Self.zones, parcelsPath: Self.parcels)
        options.idField = "parcel_id"
        let r = try Classifier.run(options)
        func parcel(_ id: String) throws -> ParcelClassification { try #require(r.parcels.first { $0.id == id }) }
        // 5e-8° of latitude at 30.001°N: M(φ) Δφ = 5.54 mm (≤ 1 cm: closed).
        let gap6 = Self.meridianRadius(30.001) * 5e-8 * .pi / 180
        #expect(abs(gap6 - 0.005_542) < 1e-6)
        #expect(try parcel("P-OPEN-6MM").status == .repaired)
        #expect(try parcel("P-OPEN-6MM").flags.first == "repaired: outer ring at (122.204, 30.001) closed: its ends were 0.00554 m apart")
        // 2e-7°: 2.22 cm (> 1 cm: unusable, naming the gap and the setting).
        #expect(abs(Self.meridianRadius(30.001) * 2e-7 * .pi / 180 - 0.022_17) < 1e-5)
        #expect(try parcel("P-OPEN-2CM").status == .error)
        #expect(try parcel("P-OPEN-2CM").flags.first?.hasPrefix("outer ring is not closed: its ends are 0.0222 m apart, more than repair.close_ring_tolerance_m (0.01 m)") == true)
        #expect(try parcel("P-HOLE-DUP").status == .repaired)
        #expect(try parcel("P-HOLE-DUP").flags.first == "repaired: hole 1 at (122.2018, 30.0032) dropped: it has 4 positions (2 corners), no area")
        #expect(try parcel("P-HOLE-LINE").flags.first == "repaired: hole 1 at (122.2042, 30.0031) dropped: it has its 3 corners on one line, no area")
        #expect(try parcel("P-DEAD").status == .error)
        #expect(try parcel("P-DEAD").flags.first?.hasPrefix("outer ring at (122.207, 30.003) has 3 positions (2 corners), no area") == true)
        #expect(try parcel("P-MULTI").status == .repaired)
        #expect(try parcel("P-MULTI").flags.first == "repaired: polygon 1 at (122.2085, 30.001) dropped: its outer ring has 3 positions (2 corners), no area")
        // What is left of P-MULTI is its 0.001° × 0.0005° box; P-HOLE-DUP is its whole box.
        #expect(abs(try parcel("P-MULTI").ellipsoidalAreaM2 - Self.boxArea(122.208, 30.004, 122.209, 30.0045)) < 1e-3)
        #expect(abs(try parcel("P-HOLE-DUP").ellipsoidalAreaM2 - Self.boxArea(122.2015, 30.003, 122.2025, 30.0035)) < 1e-3)
        for id in ["P-DUPS", "P-HOLE-OK", "P-IN"] { #expect(try parcel(id).status == .ok, "\(id)") }
        // The real hole stays: 0.0004° × 0.0004° less.
        #expect(abs(try parcel("P-HOLE-OK").ellipsoidalAreaM2
                    - (Self.boxArea(122.2015, 30.0045, 122.2025, 30.0055) - Self.boxArea(122.2018, 30.0048, 122.2022, 30.0052))) < 1e-3)
    }

    @Test("repair.close_ring_tolerance_m: a wider tolerance closes the 2.2 cm gap; 0 closes nothing; bad values are rule errors")
    func tolerance() throws {
        let wide = try Rules.parse("repair:\n  close_ring_tolerance_m: 0.05\n")
        #expect(wide.repair.closeRingToleranceM == 0.05)
        let report = try LayerInspector.inspect(Self.parcels, repair: wide.repair)
        #expect(report.count(.repaired) == 5 && report.count(.error) == 1)
        #expect(report.invalidExamples.contains { $0.reason == "outer ring at (122.206, 30.001) closed: its ends were 0.0222 m apart" })
        let none = try LayerInspector.inspect(Self.parcels, repair: try Rules.parse("repair:\n  close_ring_tolerance_m: 0\n").repair)
        #expect(none.count(.repaired) == 3 && none.count(.error) == 3)
        #expect(Rules.defaultsYAML.contains("repair:") && Rules.defaultsYAML.contains("close_ring_tolerance_m: 0.01"))
        #expect(try Rules.parse(Rules.defaultsYAML).repair.closeRingToleranceM == 0.01)
        #expect {
            _ = try Rules.parse("repair:\n  close_ring_tolerance_m: -1\n", file: "r.yaml")
        } throws: { e in
            "\(e)" == "r.yaml:2: repair.close_ring_tolerance_m: must not be negative"
        }
        #expect {
            _ = try Rules.parse("repair:\n  close_ring_tolerance: 0.02\n", file: "r.yaml")
        } throws: { e in
            "\(e)" == "r.yaml:2: repair.close_ring_tolerance: unknown key 'close_ring_tolerance'; known here: close_ring_tolerance_m"
        }
    }

    @Test("projected input: the gap is measured on the ground — Web Mercator's grid centimetre at 30°N is 0.867 cm")
    func webMercatorGap() throws {
        // Web Mercator at φ = 30°: y = a ln tan(45° + φ/2); an east–west step dx on the grid
        // is N(φ) cos φ dx / a on the ellipsoid (WGS 84): 0.011 → 0.00953 m (closed),
        // 0.012 → 0.01040 m (refused), though both are over 1 cm of grid.
        let a = 6_378_137.0, f = 1 / 298.257223563, e2 = f * (2 - f), phi = 30.0 * .pi / 180
        let y = a * log(tan(.pi / 4 + phi / 2))
        let scale = cos(phi) / (1 - e2 * sin(phi) * sin(phi)).squareRoot()
        #expect(abs(0.011 * scale - 0.009_534) < 1e-6 && abs(0.012 * scale - 0.010_401) < 1e-6)
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let x = 13_600_000.0
        func ring(_ dx: Double) -> String {
            let p = [(x, y), (x + 100, y), (x + 100, y + 100), (x, y + 100), (x + dx, y)]
            return "SRID=3857;POLYGON((" + p.map { "\(NumberFormatting.string($0.0)) \(NumberFormatting.string($0.1))" }.joined(separator: ",") + "))"
        }
        try [ring(0.011), ring(0.012)].joined(separator: "\n").write(toFile: folder.file("m.wkt"), atomically: true, encoding: .utf8)
        let layer = try LayerLoader.load(folder.file("m.wkt"), engine: GeometryEngine())
        #expect(layer.features[0].problem == nil)
        #expect(layer.features[0].repairs.count == 1 && layer.features[0].repairs[0].hasSuffix("closed: its ends were 0.00953 m apart"))
        #expect(layer.features[1].problem?.contains("its ends are 0.0104 m apart, more than repair.close_ring_tolerance_m (0.01 m)") == true)
    }

    @Test("部标 TXT: a hole of 3 point rows is dropped, a ring 5 mm open is closed, one 10 m open is unusable — as in any other format")
    func ministryTXT() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let text = """
        [属性描述]
        坐标系=2000国家大地坐标系
        几度分带=3
        带号=40
        [地块坐标]
        8,0.01,A,空洞,面,,,,@
        J1,1,3347600,40500100
        J2,1,3347600,40500110
        J3,1,3347590,40500110
        J4,1,3347590,40500100
        J1,1,3347600,40500100
        J5,2,3347595,40500104
        J6,2,3347596,40500105
        J5,2,3347595,40500104
        5,0.01,B,小缺口,面,,,,@
        J1,1,3347600,40500100
        J2,1,3347600,40500110
        J3,1,3347590,40500110
        J4,1,3347590,40500100
        J5,1,3347600.005,40500100
        4,0.01,C,开口,面,,,,@
        J1,1,3347600,40500100
        J2,1,3347600,40500110
        J3,1,3347590,40500110
        J4,1,3347590,40500100

        """
        try text.write(toFile: folder.file("parcels.txt"), atomically: true, encoding: .utf8)
        let layer = try LayerLoader.load(folder.file("parcels.txt"), engine: GeometryEngine())
        #expect(layer.crs.identifier == "EPSG:4528")
        let (a, b, c) = (layer.features[0], layer.features[1], layer.features[2])
        #expect(a.problem == nil && a.repairs == ["hole 1 at (40500104, 3347595) dropped: it has 3 positions (2 corners), no area"])
        #expect(a.geometry?.planarArea == 100)
        // 5 mm of grid northing 100 m from zone 40's central meridian: 5 mm on the ground
        // (the Gauss–Krüger scale there is 1 + 100²/(2 R²) ≈ 1 + 1.2e-10).
        #expect(b.problem == nil && b.repairs == ["outer ring at (40500100, 3347600) closed: its ends were 0.005 m apart"])
        #expect(c.geometry == nil && c.problem?.hasPrefix("outer ring is not closed: its ends are 10 m apart") == true)
        #expect(c.warnings.contains("ring 1 (lines 22–25) is not closed: its last point J4 is not its first point J1 repeated"))
    }

    @Test("convert writes the repaired rings (also without --repair); --strict refuses a layer that needed repairs")
    func convertAndStrict() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        var o = LayerConversion.Options(input: Self.parcels, output: folder.file("out.geojson"))
        o.repair = false
        let r = try LayerConversion.run(o)
        #expect(r.counts == ["ok": 4, "repaired": 4, "error": 2])
        let back = try GeoJSONReader(path: folder.file("out.geojson")).readAll()
        #expect(back.count == 10)
        // P-OPEN-6MM: its 5 positions and the first repeated; P-HOLE-DUP: the shell only.
        #expect(back[2].geometry?.sequenceEnds == [6])
        #expect(back[2].geometry.map { Array($0.xy.suffix(2)) } == [122.204, 30.001])
        #expect(back[4].geometry?.nodes == [.init(kind: .polygon, count: 1)])
        #expect(back[3].geometry == nil && back[6].geometry == nil)
        #expect(r.problems.contains { $0.hasPrefix("feature 5: repaired: hole 1 at (122.2018, 30.0032) dropped") })
        var strict = LayerReader.Options()
        strict.strict = true
        #expect {
            _ = try LayerLoader.load(Self.parcels, options: strict, engine: GeometryEngine())
        } throws: { e in
            "\(e)".contains("6 of 10 features have problems (ok 4, repaired 4, no_geometry 0, error 2)")
                && "\(e)".contains("invalid (would be repaired): outer ring at (122.204, 30.001) closed")
        }
    }
}
