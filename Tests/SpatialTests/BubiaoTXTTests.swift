import Foundation
import Spatial
import Testing

/// The ministry's coordinate TXT (部标格式) and the Gauss–Krüger CRS table. Files are written
/// here by hand to the published description (see BubiaoTXT's comment); areas are rectangles
/// whose sides are read off the coordinates.
@Suite("部标 coordinate TXT")
struct BubiaoTXTTests {
    let engine = GeometryEngine()

    // MARK: Gauss–Krüger zones against PROJ

    @Test("every EPSG code of the 12 families: PROJ's name, datum, central meridian and false easting")
    func zonesAgainstPROJ() throws {
        let zones = GaussKrugerZones.allZones
        // 3 datums × (21 three-degree + 11 six-degree zones) × prefixed and plain.
        #expect(zones.count == 3 * (21 + 11) * 2)
        #expect(Set(zones.map(\.epsg)).count == zones.count)
        for zone in zones {
            let crs = try engine.crs(zone.definition)
            #expect(crs.name == zone.epsgName, "\(zone.epsg)")
            #expect(crs.kind == .projected && crs.projectionMethod == "Transverse Mercator", "\(zone.epsg)")
            #expect(crs.geodeticDefinition == "EPSG:\(zone.datum.geographicEPSG)", "\(zone.epsg)")
            #expect(GaussKrugerZones.Zone(epsg: zone.epsg) == zone)
            // PROJ puts a point of the central meridian at the false easting, and a point one
            // degree east of it about 96 km (at 30°N) further east.
            let geographic = try engine.crs(crs.geodeticDefinition)
            let t = try engine.transform(from: geographic, to: crs)
            let onMeridian = try t.apply(x: Double(zone.centralMeridian), y: 30)
            #expect(abs(onMeridian.x - zone.falseEasting) < 1e-6, "\(zone.epsg): \(onMeridian.x) vs \(zone.falseEasting)")
            let east = try t.apply(x: Double(zone.centralMeridian) + 1, y: 30)
            #expect(east.x - zone.falseEasting > 95_000 && east.x - zone.falseEasting < 98_000, "\(zone.epsg)")
        }
        // Neighbours of the families are other CRSs.
        for code in [2326, 2391, 2400, 2443, 4490, 4555, 21412, 21424, 21472, 21484] {
            #expect(GaussKrugerZones.Zone(epsg: code) == nil, "\(code)")
        }
    }

    @Test("codes from facts: zone number or central meridian, prefix from a sample easting")
    func zoneLookups() throws {
        let cgcs = GaussKrugerZones.Datum.cgcs2000
        #expect(GaussKrugerZones.Zone(datum: cgcs, width: 3, number: 40, prefixed: true)?.epsg == 4528)
        #expect(GaussKrugerZones.Zone(datum: cgcs, width: 3, centralMeridian: 120, prefixed: false)?.epsg == 4549)
        #expect(GaussKrugerZones.Zone(datum: .xian1980, width: 6, centralMeridian: 117, prefixed: false)?.epsg == 2345)
        #expect(GaussKrugerZones.Zone(datum: .beijing1954, width: 6, number: 20, prefixed: true)?.epsg == 21420)
        #expect(GaussKrugerZones.Zone(datum: cgcs, width: 3, number: 24, prefixed: true) == nil)
        #expect(GaussKrugerZones.Zone(datum: cgcs, width: 6, centralMeridian: 120, prefixed: true) == nil)
        #expect(GaussKrugerZones.Zone(datum: cgcs, width: 4, number: 40, prefixed: true) == nil)

        #expect(GaussKrugerZones.zone(datum: cgcs, number: 40, sampleEasting: 40_500_123.4567)?.epsg == 4528)
        #expect(GaussKrugerZones.zone(datum: cgcs, number: 40, sampleEasting: 500_123.4567)?.epsg == 4549)
        #expect(GaussKrugerZones.zone(datum: cgcs, number: 40, sampleEasting: 39_500_123.4567) == nil)
        #expect(GaussKrugerZones.zone(datum: cgcs, number: 20, sampleEasting: 20_410_000)?.epsg == 4498)
        #expect(GaussKrugerZones.zone(datum: cgcs, width: 3, number: 20, sampleEasting: 410_000) == nil)

        #expect(GaussKrugerZones.Datum(chineseName: "2000国家大地坐标系") == .cgcs2000)
        #expect(GaussKrugerZones.Datum(chineseName: "CGCS2000") == .cgcs2000)
        #expect(GaussKrugerZones.Datum(chineseName: "1980西安国家大地坐标系") == .xian1980)
        #expect(GaussKrugerZones.Datum(chineseName: "西安80") == .xian1980)
        #expect(GaussKrugerZones.Datum(chineseName: "1954北京坐标系") == .beijing1954)
        #expect(GaussKrugerZones.Datum(chineseName: "WGS84") == nil)
    }

    // MARK: Reading

    /// Two parcels in CGCS2000 3° zone 40, eastings with the zone prefix. Parcel 1: a
    /// 120 m × 100 m rectangle with a 40 m × 20 m hole (圈号 2): 12 000 − 800 = 11 200 m²
    /// = 1.12 公顷, 10 rows. Parcel 2: 50 m × 40 m = 2 000 m² = 0.2 公顷, 5 rows.
    static let zone40 = """
    [属性描述]
    格式版本号=1.01版本
    数据产生单位=舟山市自然资源和规划局
    数据产生日期=2024-05-01
    坐标系=2000国家大地坐标系
    几度分带=3
    投影类型=高斯克吕格
    计量单位=米
    带号=40
    精度=0.0001
    转换参数=,,,,,,
    [地块坐标]
    10,1.1200,ZS-01,地块一,面,,工业用地,0601,@
    J1,1,3347600.0000,40500100.0000
    J2,1,3347600.0000,40500220.0000
    J3,1,3347500.0000,40500220.0000
    J4,1,3347500.0000,40500100.0000
    J1,1,3347600.0000,40500100.0000
    J5,2,3347580.0000,40500120.0000
    J6,2,3347580.0000,40500160.0000
    J7,2,3347560.0000,40500160.0000
    J8,2,3347560.0000,40500120.0000
    J5,2,3347580.0000,40500120.0000
    5,0.2,ZS-02,地块二,面,,仓储用地,0508,@
    J1,1,3347440.5,40500300.25
    J2,1,3347440.5,40500350.25
    J3,1,3347400.5,40500350.25
    J4,1,3347400.5,40500300.25
    J1,1,3347440.5,40500300.25

    """

    @Test("UTF-8, zone-prefixed eastings: header in order, EPSG:4528, two parcels, a hole, areas by hand")
    func readPrefixedUTF8() throws {
        let doc = try BubiaoTXT.parse(Array(Self.zone40.utf8), file: "zone40.txt")
        #expect(doc.encoding == .utf8 && !doc.byteOrderMark)
        #expect(doc.header.map(\.key) == BubiaoTXT.headerKeys)
        #expect(doc.header[1].value == "舟山市自然资源和规划局" && doc.header[1].line == 3)
        #expect(doc.headerValue("转换参数") == ",,,,,,")
        #expect(doc.crs == "EPSG:4528")
        #expect(doc.notes.isEmpty, "\(doc.notes)")
        #expect(doc.parcels.count == 2)

        let p1 = doc.parcels[0]
        #expect(p1.problem == nil && p1.warnings.isEmpty, "\(p1.problem ?? "") \(p1.warnings)")
        #expect(p1.index == 1 && p1.line == 13 && p1.id == "ZS-01")
        #expect(p1.properties.keys == BubiaoTXT.parcelFields)
        #expect(p1.properties["界址点数"] == .number("10"))
        #expect(p1.properties["地块面积"] == .number("1.1200"))
        #expect(p1.properties["地块名称"] == .string("地块一"))
        #expect(p1.properties["记录图形属性"] == .string("面"))
        #expect(p1.properties["图幅号"] == .null)
        #expect(p1.properties["地块用途"] == .string("工业用地"))
        #expect(p1.properties["地类编码"] == .string("0601"))
        let g1 = try #require(p1.geometry)
        #expect(g1.kind == .polygon && g1.nodes[0].count == 2)
        #expect(g1.sequenceEnds == [5, 10])
        // x = easting (the file's Y), y = northing (the file's X).
        #expect(Array(g1.xy[0..<4]) == [40_500_100, 3_347_600, 40_500_220, 3_347_600])
        #expect(g1.planarArea == 120 * 100 - 40 * 20)

        let p2 = doc.parcels[1]
        #expect(p2.problem == nil && p2.warnings.isEmpty, "\(p2.warnings)")
        #expect(p2.line == 24)
        let g2 = try #require(p2.geometry)
        #expect(g2.kind == .polygon && g2.pointCount == 5)
        #expect(g2.planarArea == 50 * 40)
        #expect(g2.xy[0] == 40_500_300.25 && g2.xy[1] == 3_347_440.5)

        // GEOS agrees on the area and finds the polygon with its hole valid.
        let geos = try engine.geometry(from: g1)
        #expect(try geos.area() == 11_200)
        #expect(try geos.isValid())
    }

    /// The same kind of file in Xian 1980, 6° zone 20 (CM 117°E), plain eastings, written by
    /// a Windows program: GBK, CRLF, blank lines, trailing spaces, a line with full-width
    /// commas. Parcel 2 has two pieces (圈号 1 and 2 side by side): 30×20 + 10×10 = 700 m².
    static let zone20Plain = """
    [属性描述]\r
    格式版本号=1.01版本\r
    数据产生单位=某县自然资源局 \r
    坐标系=1980西安坐标系\r
    几度分带=6\r
    投影类型=高斯克吕格\r
    计量单位=米\r
    带号=20\r
    精度=0.001\r
    转换参数=,,,,,,\r
    \r
    [地块坐标]\r
    5,0.06,1,一号地块,面,,商业用地,05,@  \r
    1,1,3520000.000,410000.000\r
    2,1,3520000.000,410030.000\r
    3,1,3519980.000,410030.000\r
    4,1,3519980.000,410000.000\r
    1,1,3520000.000,410000.000\r
    \r
    10,0.07,2,二号地块,面,,公园绿地,0810,@\r
    1,1,3520100.000,410000.000\r
    2,1,3520100.000,410030.000\r
    3,1,3520080.000,410030.000\r
    4,1,3520080.000,410000.000\r
    1,1,3520100.000,410000.000\r
    5，2，3520100.000，410100.000\r
    6,2,3520100.000,410110.000\r
    7,2,3520090.000,410110.000\r
    8,2,3520090.000,410100.000\r
    5,2,3520100.000,410100.000\r

    """

    @Test("GBK, CRLF, plain eastings: EPSG:2345 (Xian 1980 CM 117E), a parcel in two pieces")
    func readPlainGBK() throws {
        let bytes = try TextEncoding.gbk.encode(Self.zone20Plain)
        // The file really is GBK: 地 is B5 D8 in GBK (and E5 9C B0 in UTF-8).
        #expect(try TextEncoding.gbk.encode("地块") == [0xB5, 0xD8, 0xBF, 0xE9])
        #expect(String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes) == false)
        let doc = try BubiaoTXT.parse(bytes, file: "zone20.txt")
        #expect(doc.encoding == .gbk)
        #expect(doc.crs == "EPSG:2345")
        #expect(doc.zone?.centralMeridian == 117 && doc.zone?.prefixed == false)
        #expect(doc.headerValue("数据产生单位") == "某县自然资源局")
        #expect(doc.headerValue("数据产生日期") == nil)
        #expect(doc.parcels.count == 2)

        let p1 = doc.parcels[0]
        #expect(p1.problem == nil && p1.warnings.isEmpty, "\(p1.warnings)")
        #expect(p1.properties["地块编号"] == .string("1") && p1.properties["地块名称"] == .string("一号地块"))
        #expect(p1.geometry?.planarArea == Double(30 * 20))
        #expect(p1.geometry?.xy[0] == 410_000 && p1.geometry?.xy[1] == 3_520_000)

        let p2 = doc.parcels[1]
        #expect(p2.problem == nil)
        #expect(p2.line == 20)
        let g2 = try #require(p2.geometry)
        #expect(g2.kind == .multiPolygon && g2.nodes.count == 3)
        #expect(g2.planarArea == 30 * 20 + 10 * 10)
        #expect(p2.warnings.contains { $0.contains("full-width commas") })
        #expect(p2.warnings.contains { $0.contains("2 pieces") })
        #expect(p2.warnings.count == 2, "\(p2.warnings)")
    }

    @Test("UTF-8 with BOM reads like UTF-8 without")
    func readWithBOM() throws {
        let doc = try BubiaoTXT.parse([0xEF, 0xBB, 0xBF] + Array(Self.zone40.utf8), file: "bom.txt")
        let plain = try BubiaoTXT.parse(Array(Self.zone40.utf8), file: "plain.txt")
        #expect(doc.byteOrderMark && doc.encoding == .utf8)
        #expect(doc.header == plain.header && doc.crs == "EPSG:4528")
        #expect(doc.parcels.map(\.geometry) == plain.parcels.map(\.geometry))
        #expect(doc.parcels.map(\.properties) == plain.parcels.map(\.properties))
    }

    /// A header followed by `parcels`.
    static func file(header: [String], parcels: String) -> [UInt8] {
        Array((["[属性描述]"] + header + ["[地块坐标]", parcels]).joined(separator: "\n").utf8)
    }

    static let square = """
    5,0.01,A,甲,面,,,,@
    J1,1,3347600,40500100
    J2,1,3347600,40500110
    J3,1,3347590,40500110
    J4,1,3347590,40500100
    J1,1,3347600,40500100
    """

    static let plainSquare = square.replacingOccurrences(of: ",405", with: ",5")

    @Test("the CRS a header implies, and why not when it cannot")
    func impliedCRS() throws {
        func crs(_ header: [String], _ parcels: String = BubiaoTXTTests.square) throws -> (String?, [String]) {
            let d = try BubiaoTXT.parse(Self.file(header: header, parcels: parcels), file: "h.txt")
            return (d.crs, d.notes)
        }
        let full = ["坐标系=2000国家大地坐标系", "几度分带=3", "投影类型=高斯克吕格", "计量单位=米"]
        #expect(try crs(full + ["带号=40"]).0 == "EPSG:4528")
        #expect(try crs(full + ["带号=40"], Self.plainSquare).0 == "EPSG:4549")
        // No 带号: prefixed eastings name the zone; plain ones cannot.
        let (fromPrefix, notes1) = try crs(full)
        #expect(fromPrefix == "EPSG:4528" && notes1.contains { $0.contains("no 带号") })
        let (unknown, notes2) = try crs(full, Self.plainSquare)
        #expect(unknown == nil && notes2.contains { $0.contains("no 带号") && $0.contains("unknown") })
        // 带号 given as the central meridian.
        let (fromMeridian, notes3) = try crs(full + ["带号=117"], Self.plainSquare)
        #expect(fromMeridian == "EPSG:4548" && notes3.contains { $0.contains("central meridian 117") })
        // A typed 带号 that the eastings' prefix contradicts: the eastings win, with a note.
        let (contradicted, notes4) = try crs(full + ["带号=39"])
        #expect(contradicted == "EPSG:4528" && notes4.contains { $0.contains("带号=39") })
        // Other datums and widths; 几度分带 inferred from the zone number.
        #expect(try crs(["坐标系=1954北京坐标系", "几度分带=3", "带号=40"], Self.plainSquare).0 == "EPSG:2437")
        #expect(try crs(["坐标系=1980西安坐标系", "带号=40"]).0 == "EPSG:2364")
        #expect(try crs(["坐标系=2000国家大地坐标系", "几度分带=6", "带号=20"], Self.square.replacingOccurrences(of: ",405", with: ",205")).0 == "EPSG:4498")
        // Not enough, or something else.
        let (wgs, notes5) = try crs(["坐标系=WGS84", "带号=40"])
        #expect(wgs == nil && notes5.contains { $0.contains("WGS84") })
        #expect(try crs(["带号=40"]).0 == nil)
        #expect(try crs(["坐标系=2000国家大地坐标系", "投影类型=UTM", "带号=40"]).0 == nil)
        #expect(try crs(["坐标系=2000国家大地坐标系", "计量单位=千米", "带号=40"]).0 == nil)
        #expect(try crs(["坐标系=2000国家大地坐标系", "几度分带=6", "带号=40"]).0 == nil)
    }

    @Test("broken parcels: a bad number, an open ring, a short ring, a missing field, another zone; the other parcels are still read")
    func brokenParcels() throws {
        let header = ["坐标系=2000国家大地坐标系", "几度分带=3", "带号=40"]
        let broken = """
        5,0.01,A,坏数,面,,,,@
        J1,1,3347600,40500100
        J2,1,3347600,40500110
        J3,1,3347a90,40500110
        J4,1,3347590,40500100
        J1,1,3347600,40500100
        \(Self.square.replacingOccurrences(of: ",A,甲,", with: ",B,好,"))
        4,0,C,开口,面,,,,@
        J1,1,3347600,40500100
        J2,1,3347600,40500110
        J3,1,3347590,40500110
        J4,1,3347590,40500100
        3,0,D,三点,面,,,,@
        J1,1,3347600,40500100
        J2,1,3347600,40500110
        J1,1,3347600,40500100
        5,0.01,E,缺列,面,,,,@
        J1,1,3347600,40500100
        J2,1,3347600
        \(Self.plainSquare.replacingOccurrences(of: ",A,甲,", with: ",F,无带号,"))
        """
        let doc = try BubiaoTXT.parse(Self.file(header: header, parcels: broken), file: "broken.txt")
        #expect(doc.crs == "EPSG:4528")
        #expect(doc.parcels.count == 6)
        let bad = doc.parcels[0]
        #expect(bad.geometry == nil)
        // Header (3 lines + section lines): the bad row is line 9 of the file.
        #expect(bad.problem == "line 9: X (northing) '3347a90' is not a number")
        #expect(bad.properties["地块名称"] == .string("坏数"))
        let good = doc.parcels[1]
        #expect(good.problem == nil && good.geometry?.planarArea == 100 && good.id == "B")
        // An open ring and a short one are read as they are, with their lines in the
        // warnings: the ring repairs every layer gets as it is read decide (the loader's
        // tests: a gap over 1 cm or an outer ring of 2 corners is unusable).
        #expect(doc.parcels[2].problem == nil && doc.parcels[2].geometry?.sequenceEnds == [4])
        #expect(doc.parcels[2].warnings.contains("ring 1 (lines 19–22) is not closed: its last point J4 is not its first point J1 repeated"))
        #expect(doc.parcels[3].problem == nil && doc.parcels[3].geometry?.sequenceEnds == [3])
        #expect(doc.parcels[3].warnings.contains { $0.hasPrefix("ring 1 (lines 24–26) has 3 point rows") })
        #expect(doc.parcels[4].problem?.hasPrefix("line 29: a point row needs 点号,圈号,X,Y") == true)
        // Eastings without the prefix in a file whose eastings carry it: another CRS.
        #expect(doc.parcels[5].problem == "line 31: Y = 500100 is not an easting of zone 40 with its prefix, as the other eastings of the file (EPSG:4528)")
    }

    @Test("declared 界址点数 and 地块面积 that the boundary does not give are warnings, not errors")
    func declaredMismatches() throws {
        let header = ["坐标系=2000国家大地坐标系", "几度分带=3", "带号=40"]
        func warnings(_ counts: String) throws -> [String] {
            let text = Self.square.replacingOccurrences(of: "5,0.01,", with: counts)
            let parcel = try BubiaoTXT.parse(Self.file(header: header, parcels: text), file: "w.txt").parcels[0]
            #expect(parcel.problem == nil && parcel.geometry?.planarArea == 100)
            return parcel.warnings
        }
        #expect(try warnings("5,0.01,").isEmpty)
        #expect(try warnings("4,0.0100,").isEmpty) // distinct points: the other counting in use
        #expect(try warnings("7,0.01,") == ["界址点数 7 but the parcel has 5 point rows (4 without the closing rows)"])
        #expect(try warnings("5,0.02,") == ["地块面积 0.02 公顷 but the boundary encloses 0.0100 公顷 (planar)"])
        #expect(try warnings("5,100,").first?.contains("square metres") == true)
        #expect(try warnings("5,0.0100公顷,").isEmpty)
        // Rounding as written is allowed: 0.010 ± 0.0005.
        #expect(try warnings("5,0.0104,").count == 1)
        #expect(try warnings("5,0.010,").isEmpty)
    }

    @Test("a ring numbered 1 inside ring 2 is read as its hole, with a warning")
    func holeFirst() throws {
        let text = """
        10,0.96,A,先内后外,面,,,,@
        J1,1,3347580,40500120
        J2,1,3347580,40500140
        J3,1,3347560,40500140
        J4,1,3347560,40500120
        J1,1,3347580,40500120
        J5,2,3347600,40500100
        J6,2,3347600,40500200
        J7,2,3347500,40500200
        J8,2,3347500,40500100
        J5,2,3347600,40500100
        """
        let p = try BubiaoTXT.parse(Self.file(header: ["坐标系=2000国家大地坐标系", "带号=40"], parcels: text), file: "h.txt").parcels[0]
        let g = try #require(p.geometry)
        #expect(g.kind == .polygon && g.nodes[0].count == 2)
        #expect(g.xy[0] == 40_500_100) // the shell comes first
        #expect(g.planarArea == 100 * 100 - 20 * 20)
        #expect(p.warnings == ["ring 1 lies inside ring 2: read as a hole"])
    }

    @Test("file-level errors name the file and line: no [地块坐标], not text, invalid GBK, rows before a parcel line")
    func fileErrors() throws {
        func error(_ bytes: [UInt8]) -> ReadError? {
            do {
                _ = try BubiaoTXT.parse(bytes, file: "bad.txt")
                return nil
            } catch {
                return error as? ReadError
            }
        }
        // The [地块坐标] line forgotten: the first parcel line is where it shows.
        let noSection = "[属性描述]\n坐标系=2000国家大地坐标系\n带号=40\n" + Self.square
        let e1 = try #require(error(Array(noSection.utf8)))
        #expect(e1.file == "bad.txt" && e1.line == 4 && e1.message.contains("[地块坐标]"))
        // No parcels and no section at all: the file's last line.
        let e2 = try #require(error(Array("[属性描述]\n坐标系=2000国家大地坐标系\n带号=40\n".utf8)))
        #expect(e2.line == 3 && e2.message.hasPrefix("no [地块坐标] section"))
        // Binary.
        let e3 = try #require(error([0x5B, 0x0A, 0x0A, 0x00, 0x01]))
        #expect(e3.line == 3 && e3.message.contains("not a text file"))
        // Neither UTF-8 nor GBK: 0x81 0x0A is no GB18030 sequence (line 2).
        let e4 = try #require(error(Array("[地块坐标]\n".utf8) + [0x81, 0x0A]))
        #expect(e4.line == 2 && e4.message.contains("GBK"))
        // A point row with no parcel line above it.
        let e5 = try #require(error(Array("[地块坐标]\nJ1,1,3347600,40500100\n".utf8)))
        #expect(e5.line == 2 && e5.message.contains("before the first parcel line"))
        #expect(error([]) != nil)
    }

    // MARK: Writing

    /// Parcel 1 of `zone40` as a feature built here (not read from the file).
    static func parcelWithHole(decimalsNoise: Double = 0) -> Feature {
        let shell: [Double] = [40_500_100, 3_347_600, 40_500_220, 3_347_600, 40_500_220, 3_347_500, 40_500_100, 3_347_500, 40_500_100, 3_347_600]
        let hole: [Double] = [40_500_120, 3_347_580, 40_500_160, 3_347_580, 40_500_160, 3_347_560, 40_500_120, 3_347_560, 40_500_120, 3_347_580]
        let g = FlatGeometry(xy: (shell + hole).map { $0 + decimalsNoise }, sequenceEnds: [5, 10], nodes: [.init(kind: .polygon, count: 2)])
        let props = Properties([("地块编号", .string("ZS-01")), ("地块名称", .string("地块一")), ("地块用途", .string("工业用地")),
                                ("地类编码", .string("0601")), ("界址点数", .number("999")), ("other", .string("x"))])
        return Feature(index: 1, geometry: g, properties: props)
    }

    @Test("the writer's text: header keys in order, counts, J numbering through the rings, closing rows, GBK bytes")
    func writtenText() throws {
        let bytes = try BubiaoTXT.encode([Self.parcelWithHole()], crs: "EPSG:4528",
                                         header: ["数据产生单位": "舟山市自然资源和规划局", "数据产生日期": "2024-05-01"])
        // GBK by default: decode it as a GBK reader would.
        let text = String(decoding: try bytes.withUnsafeBufferPointer { try TextEncoding.gbk.decodeToUTF8($0, file: "w") }, as: UTF8.self)
        let expected = """
        [属性描述]
        格式版本号=1.01版本
        数据产生单位=舟山市自然资源和规划局
        数据产生日期=2024-05-01
        坐标系=2000国家大地坐标系
        几度分带=3
        投影类型=高斯克吕格
        计量单位=米
        带号=40
        精度=0.0001
        转换参数=,,,,,,
        [地块坐标]
        10,1.1200,ZS-01,地块一,面,,工业用地,0601,@
        J1,1,3347600.0000,40500100.0000
        J2,1,3347600.0000,40500220.0000
        J3,1,3347500.0000,40500220.0000
        J4,1,3347500.0000,40500100.0000
        J1,1,3347600.0000,40500100.0000
        J5,2,3347580.0000,40500120.0000
        J6,2,3347580.0000,40500160.0000
        J7,2,3347560.0000,40500160.0000
        J8,2,3347560.0000,40500120.0000
        J5,2,3347580.0000,40500120.0000

        """
        #expect(text == expected.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(bytes.count < text.utf8.count) // two bytes a character, not UTF-8's three

        // Plain eastings and 6° zones fill the header from the CRS; precision sets decimals.
        var plain = Self.parcelWithHole()
        let prefixed = try #require(plain.geometry)
        plain.geometry?.xy = prefixed.xy.enumerated().map { $0.offset % 2 == 0 ? $0.element - 40_000_000 : $0.element }
        let plainText = String(decoding: try BubiaoTXT.encode([plain], crs: "4549", precision: "0.001", encoding: .utf8), as: UTF8.self)
        #expect(plainText.contains("带号=40\r\n精度=0.001\r\n"))
        #expect(plainText.contains("J1,1,3347600.000,500100.000\r\n"))
    }

    @Test("round trip: write → parse gives the coordinates to the file's precision, the properties and the areas")
    func roundTrip() throws {
        // Coordinates with more decimals than the file keeps.
        let noisy = Self.parcelWithHole(decimalsNoise: 0.123_456)
        let pieces = FlatGeometry(
            xy: [40_500_300.25, 3_347_440.5, 40_500_350.25, 3_347_440.5, 40_500_350.25, 3_347_400.5, 40_500_300.25, 3_347_400.5, 40_500_300.25, 3_347_440.5,
                 40_500_400, 3_347_440, 40_500_400, 3_347_430, 40_500_410, 3_347_430, 40_500_400, 3_347_440],
            sequenceEnds: [5, 9],
            nodes: [.init(kind: .multiPolygon, count: 2), .init(kind: .polygon, count: 1), .init(kind: .polygon, count: 1)])
        let second = Feature(index: 2, geometry: pieces, properties: Properties([("DKBH", .string("ZS-02")), ("dkmc", .string("地块二")), ("TFH", .string("H51G001001"))]))
        for encoding in TextEncoding.allCases {
            let bytes = try BubiaoTXT.encode([noisy, second], crs: "EPSG:4528", encoding: encoding)
            let doc = try BubiaoTXT.parse(bytes, file: "rt.txt")
            #expect(doc.encoding == encoding)
            #expect(doc.crs == "EPSG:4528")
            #expect(doc.header.map(\.key) == BubiaoTXT.headerKeys)
            #expect(doc.parcels.count == 2)
            let p1 = doc.parcels[0], p2 = doc.parcels[1]
            #expect(p1.problem == nil && p1.warnings.isEmpty && p2.problem == nil, "\(p1.warnings) \(p2.problem ?? "")")
            // Coordinates: exactly the originals rounded to 4 decimals.
            let expected = try #require(noisy.geometry).xy.map { ($0 * 10_000).rounded() / 10_000 }
            #expect(p1.geometry?.xy == expected)
            #expect(p1.geometry?.sequenceEnds == [5, 10])
            #expect(p2.geometry?.xy == pieces.xy)
            #expect(p2.geometry?.kind == .multiPolygon)
            // Properties: the format's eight, from Chinese keys or codes; counts and areas computed.
            #expect(p1.properties["地块编号"] == .string("ZS-01") && p1.properties["地块名称"] == .string("地块一"))
            #expect(p1.properties["界址点数"] == .number("10"))
            #expect(p1.properties["地块面积"] == .number("1.1200"))
            #expect(p1.properties["记录图形属性"] == .string("面"))
            #expect(p1.properties["other"] == nil)
            #expect(p2.properties["地块编号"] == .string("ZS-02") && p2.properties["地块名称"] == .string("地块二"))
            #expect(p2.properties["图幅号"] == .string("H51G001001"))
            // 2 000 m² + a right triangle of legs 10 m: 50 m² → 0.2050 公顷, 9 rows.
            #expect(p2.properties["地块面积"] == .number("0.2050"))
            #expect(p2.properties["界址点数"] == .number("9"))
            #expect(p2.geometry?.planarArea == 2_050)
            // Written again, the file is the same bytes.
            #expect(try BubiaoTXT.encode(doc.parcels, crs: "EPSG:4528", header: ["数据产生日期": doc.headerValue("数据产生日期") ?? ""], encoding: encoding) == bytes)
        }
    }

    @Test("what the writer refuses: other CRSs, degrees, other zones, commas in values, characters GBK lacks")
    func writerRefusals() throws {
        let parcel = Self.parcelWithHole()
        #expect(throws: BubiaoTXT.WriteError.self) { try BubiaoTXT.encode([parcel], crs: "EPSG:4490") }
        // Prefixed coordinates under the plain CRS of the same zone.
        #expect(throws: BubiaoTXT.WriteError.self) { try BubiaoTXT.encode([parcel], crs: "EPSG:4549") }
        // Another zone's prefixed CRS.
        #expect(throws: BubiaoTXT.WriteError.self) { try BubiaoTXT.encode([parcel], crs: "EPSG:4527") }
        var degrees = parcel
        degrees.geometry?.xy = [122.1, 30.0, 122.2, 30.0, 122.2, 29.9, 122.1, 30.0]
        degrees.geometry?.sequenceEnds = [4]
        degrees.geometry?.nodes = [.init(kind: .polygon, count: 1)]
        #expect(throws: BubiaoTXT.WriteError.self) { try BubiaoTXT.encode([degrees], crs: "EPSG:4528") }
        var line = parcel
        line.geometry = FlatGeometry(xy: [40_500_100, 3_347_600, 40_500_200, 3_347_600], sequenceEnds: [2], nodes: [.init(kind: .lineString, count: 1)])
        #expect(throws: BubiaoTXT.WriteError.self) { try BubiaoTXT.encode([line], crs: "EPSG:4528") }
        var comma = parcel
        comma.properties["地块名称"] = .string("一号,二号")
        #expect(throws: BubiaoTXT.WriteError.self) { try BubiaoTXT.encode([comma], crs: "EPSG:4528") }
        #expect(throws: BubiaoTXT.WriteError.self) { try BubiaoTXT.encode([parcel], crs: "EPSG:4528", header: ["带号": "39"]) }
        #expect(throws: BubiaoTXT.WriteError.self) { try BubiaoTXT.encode([parcel], crs: "EPSG:4528", precision: "0.005") }

        // A rare character (CJK Extension A) fits UTF-8 and GB18030 but not GBK.
        var rare = parcel
        rare.properties["地块名称"] = .string("地块㐀")
        #expect(try !BubiaoTXT.encode([rare], crs: "EPSG:4528", encoding: .utf8).isEmpty)
        do {
            _ = try BubiaoTXT.encode([rare], crs: "EPSG:4528")
            Issue.record("㐀 was written as GBK")
        } catch let e as TextEncoding.EncodingError {
            #expect(e.character == "㐀")
            #expect(e.line == 13 && e.column == 19)
            #expect(e.message.contains("U+3400"))
        }
    }
}
