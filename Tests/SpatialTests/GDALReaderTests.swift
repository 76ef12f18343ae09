import Foundation
@testable import Spatial
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Hand-made drawings and KML, the DBF encoding rule, hostile files, and GDAL kept off the
/// network. Areas are worked out by hand from the coordinates.
@Suite("GDAL reader: CAD, KML, encodings, hostile files, no network")
struct GDALReaderTests {
    /// A DXF drawing in GBK ($DWGCODEPAGE ANSI_936, as Chinese AutoCAD writes): on CAD layer
    /// 红线 a closed 100 × 50 m LWPOLYLINE and a closed right triangle with legs 60 and 40 m
    /// (1,200 m²); on 道路 an open polyline.
    static func drawing(_ folder: TemporaryFolder) throws -> String {
        func polyline(_ layer: String, _ points: [(Double, Double)], closed: Bool) -> String {
            var s = "0\nLWPOLYLINE\n8\n\(layer)\n90\n\(points.count)\n70\n\(closed ? 1 : 0)\n"
            for (x, y) in points { s += "10\n\(x)\n20\n\(y)\n" }
            return s
        }
        var text = "0\nSECTION\n2\nHEADER\n9\n$DWGCODEPAGE\n3\nANSI_936\n0\nENDSEC\n0\nSECTION\n2\nENTITIES\n"
        text += polyline("红线", [(500_000, 3_300_000), (500_100, 3_300_000), (500_100, 3_300_050), (500_000, 3_300_050)], closed: true)
        text += polyline("红线", [(500_200, 3_300_000), (500_260, 3_300_000), (500_260, 3_300_040)], closed: true)
        text += polyline("道路", [(500_000, 3_299_990), (500_300, 3_299_990)], closed: false)
        text += "0\nENDSEC\n0\nEOF\n"
        let path = folder.file("drawing.dxf")
        let bytes = try TextEncoding.gbk.encode(text)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("DXF: closed polylines become polygons, CAD layer names (GBK) as an attribute, --layer keeps one CAD layer")
    func dxf() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let path = try Self.drawing(folder)
        let all = try LayerReader.open(path).readAll()
        #expect(all.map { $0.geometry?.kind } == [.polygon, .polygon, .lineString])
        #expect(all.map { $0.properties["Layer"]?.text } == ["红线", "红线", "道路"])
        #expect(all[0].geometry?.planarArea == 5_000)
        #expect(all[1].geometry?.planarArea == 1_200)
        let red = try LayerReader.open(path, options: .init(layer: "红线"))
        #expect(try red.readAll().count == 2)
        #expect(red.notes.contains { $0.contains("红线") })
        do {
            _ = try LayerReader.open(path, options: .init(layer: "绿地"))
            Issue.record("a missing CAD layer must be an error")
        } catch let e as ReadError {
            #expect(e.message.contains("'红线', '道路'"), "\(e)")
        }
    }

    @Test("KML: the only polygon folder is chosen; WGS 84; Chinese ExtendedData kept; coordinates as written")
    func kml() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let kml = folder.file("parcels.kml")
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
        <Folder><name>宗地</name>
        <Placemark><name>ZS-01</name><ExtendedData><Data name="用途"><value>M1</value></Data></ExtendedData>
        <Polygon><outerBoundaryIs><LinearRing><coordinates>122.10,30.00 122.11,30.00 122.11,30.01 122.10,30.01 122.10,30.00</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
        </Folder>
        <Folder><name>道路</name>
        <Placemark><name>R1</name><LineString><coordinates>122.10,29.99 122.12,29.99</coordinates></LineString></Placemark>
        </Folder>
        </Document></kml>
        """.write(toFile: kml, atomically: true, encoding: .utf8)
        let reader = try #require(try LayerReader.open(kml) as? GDALReader)
        #expect(reader.layerName == "宗地")
        #expect(reader.declaredCRS == "EPSG:4326")
        let features = try reader.readAll()
        #expect(features.count == 1)
        #expect(features[0].properties["用途"]?.text == "M1")
        let g = try #require(features[0].geometry)
        let same = try WKTParser.parse("POLYGON ((122.10 30.00, 122.11 30.00, 122.11 30.01, 122.10 30.01, 122.10 30.00))")
        #expect(g.xy == same.xy)
        let roads = try LayerReader.open(kml + "|layername=道路").readAll()
        #expect(roads.map { $0.geometry?.kind } == [.lineString])
    }

    @Test("DBF encoding: .cpg, code-page byte, UTF-8, GBK by its common hanzi, else Western")
    func dbfEncoding() throws {
        // 工业用地 in GBK: four level-1 hanzi.
        let gbk: [UInt8] = [0xB9, 0xA4, 0xD2, 0xB5, 0xD3, 0xC3, 0xB5, 0xD8]
        #expect(ShapefileEncoding.readsAsChinese(Array("Lot ".utf8) + gbk))
        // "Nação" in Latin-1 forms a valid GBK pair (E7 E3), but not a common hanzi.
        #expect(!ShapefileEncoding.readsAsChinese(Array("Alto da Na".utf8) + [0xE7, 0xE3] + Array("o".utf8)))
        // "é " cannot be GBK: 0x20 is no trail byte.
        #expect(!ShapefileEncoding.readsAsChinese([0x52, 0xE9, 0x20]))
        #expect(ShapefileEncoding.decide(dbf: nil, hasCPG: true, sourceEncoding: "UTF-8", requested: nil).openOption == nil)
        #expect(ShapefileEncoding.decide(dbf: nil, hasCPG: false, sourceEncoding: nil, requested: .gbk).openOption == "GB18030")
        // A DBF written by hand: header with LDID 0 and one text field, one record.
        func dbf(_ text: [UInt8], ldid: UInt8) throws -> String {
            let folder = TemporaryFolder.untilExit()
            var b = [UInt8](repeating: 0, count: 65)
            b[0] = 3
            b[4] = 1 // one record
            b[8] = 65 // header length
            b[10] = UInt8(1 + 20) // record length
            b[29] = ldid
            b.replaceSubrange(32..<36, with: Array("NAME".utf8))
            b[43] = UInt8(ascii: "C")
            b[48] = 20
            b[64] = 0x0D
            var record: [UInt8] = [0x20] + text
            record += [UInt8](repeating: 0x20, count: 21 - record.count)
            let path = folder + "/t.dbf"
            try Data(b + record + [0x1A]).write(to: URL(fileURLWithPath: path))
            return path
        }
        let decideGBK = ShapefileEncoding.decide(dbf: try dbf(gbk, ldid: 0), hasCPG: false, sourceEncoding: nil, requested: nil)
        #expect(decideGBK.openOption == "GB18030" && decideGBK.isGuess)
        let decideUTF8 = ShapefileEncoding.decide(dbf: try dbf(Array("工业".utf8), ldid: 0), hasCPG: false, sourceEncoding: nil, requested: nil)
        #expect(decideUTF8.openOption == "UTF-8" && !decideUTF8.isGuess)
        let latin = ShapefileEncoding.decide(dbf: try dbf(Array("Na".utf8) + [0xE7, 0xE3, 0x6F], ldid: 0), hasCPG: false, sourceEncoding: nil, requested: nil)
        #expect(latin.openOption == "CP1252")
        // LDID 0x4D names code page 936: GDAL decodes it itself.
        #expect(ShapefileEncoding.decide(dbf: try dbf(gbk, ldid: 0x4D), hasCPG: false, sourceEncoding: "CP936", requested: nil).openOption == nil)
    }

    /// A copy of boston_tracts (Shapefile) to break.
    static func bostonCopy(_ folder: TemporaryFolder) throws -> String {
        for ext in ["shp", "shx", "dbf", "prj"] {
            try FileManager.default.copyItem(atPath: Repository.shared("debian-r-fixtures/r-cran-spdata_2.2.1/boston_tracts.\(ext)"),
                                             toPath: folder.file("tracts.\(ext)"))
        }
        return folder.file("tracts.shp")
    }

    @Test("hostile files: named file errors or per-feature problems, never a crash, never a word from GDAL on stderr",
          .enabled(if: Repository.sharedExists("debian-r-fixtures/r-cran-spdata_2.2.1/boston_tracts.shp"), "needs ../shared/data (absent)"))
    func hostile() throws {
        func fileError(_ path: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                let features = try LayerReader.open(path).readAll()
                Issue.record("read \(features.count) features from \(path)", sourceLocation: sourceLocation)
            } catch let e as ReadError {
                #expect(e.message.lowercased().contains(fragment.lowercased()), "\(e)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("\(error)", sourceLocation: sourceLocation)
            }
        }
        // A .shp cut in the middle of a record: the records GDAL can read, then a named problem.
        do {
            let folder = TemporaryFolder()
            defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
            let shp = try Self.bostonCopy(folder)
            let size = try FileManager.default.attributesOfItem(atPath: shp)[.size] as! Int
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: shp))
            try handle.truncate(atOffset: UInt64(size / 2))
            try handle.close()
            let features = try LayerReader.open(shp).readAll()
            #expect(features.count == 506, "every record of the .dbf is a feature")
            let broken = features.filter { $0.problem != nil }
            #expect(broken.count > 200 && broken.count < 306, "\(broken.count) features without their shape")
            #expect(features.prefix(200).allSatisfy { $0.problem == nil && $0.geometry != nil })
        }
        // No .shx.
        do {
            let folder = TemporaryFolder()
            defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
            let shp = try Self.bostonCopy(folder)
            try FileManager.default.removeItem(atPath: folder.file("tracts.shx"))
            fileError(shp, ".shx")
        }
        // No .dbf: the shapes, no attributes, and a note saying so.
        do {
            let folder = TemporaryFolder()
            defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
            let shp = try Self.bostonCopy(folder)
            try FileManager.default.removeItem(atPath: folder.file("tracts.dbf"))
            let reader = try LayerReader.open(shp)
            let features = try reader.readAll()
            #expect(features.count == 506 && features.allSatisfy { $0.properties.isEmpty })
            #expect(reader.notes.contains { $0.contains(".dbf") }, "\(reader.notes)")
        }
        // A .prj of garbage: no CRS, with a note naming the .prj.
        do {
            let folder = TemporaryFolder()
            defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
            let shp = try Self.bostonCopy(folder)
            try "PROJCS[garbage ;;; 12".write(toFile: folder.file("tracts.prj"), atomically: true, encoding: .utf8)
            let reader = try LayerReader.open(shp)
            #expect(reader.declaredCRS == nil)
            #expect(reader.notes.contains { $0.contains(".prj") }, "\(reader.notes)")
        }
        // A GeoPackage that is not SQLite.
        do {
            let folder = TemporaryFolder()
            defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
            try Data(repeating: 0x41, count: 2048).write(to: URL(fileURLWithPath: folder.file("zones.gpkg")))
            fileError(folder.file("zones.gpkg"), "GDAL cannot read it as GPKG")
        }
        // An empty layer (made by GDAL's own ogr2ogr from an empty selection).
        if GDALTools.available {
            let folder = TemporaryFolder()
            defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
            try GDALTools.ogr2ogr(["-f", "GPKG", "-where", "1 = 0", folder.file("empty.gpkg"),
                                   Repository.shared("debian-r-fixtures/r-cran-sf_1.0-9/nc.gpkg")])
            fileError(folder.file("empty.gpkg"), "holds no features")
            // A FileGDB with its table file gone.
            let gdb = folder.file("p.gdb")
            try GDALTools.ogr2ogr(["-f", "OpenFileGDB", gdb, Repository.shared("debian-r-fixtures/r-cran-sf_1.0-9/nc.gpkg")])
            let tables = try FileManager.default.contentsOfDirectory(atPath: gdb).filter { $0.hasSuffix(".gdbtable") }.sorted()
            try FileManager.default.removeItem(atPath: gdb + "/" + tables.last!)
            fileError(gdb, ".gdbtable")
        }
        // A FIFO as the .shp or as its .dbf: refused, never opened (GDAL would block).
        do {
            let folder = TemporaryFolder()
            defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
            let shp = try Self.bostonCopy(folder)
            try FileManager.default.removeItem(atPath: folder.file("tracts.dbf"))
            #expect(mkfifo(folder.file("tracts.dbf"), 0o644) == 0)
            fileError(shp, "FIFO")
            #expect(mkfifo(folder.file("pipe.gpkg"), 0o644) == 0)
            fileError(folder.file("pipe.gpkg"), "FIFO")
        }
        // Not local: refused before GDAL sees it.
        fileError("/vsicurl/http://127.0.0.1:9/x.shp", "local files only")
    }

    @Test("GDAL never reaches the network: a VRT pointing at a URL on loopback makes no connection")
    func noNetwork() throws {
        // A listening socket on loopback that counts connections.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        #expect(bound == 0)
        #expect(listen(fd, 8) == 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        let vrt = folder.file("remote.vrt")
        try """
        <OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/vsicurl/http://127.0.0.1:\(port)/x.geojson</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>
        """.write(toFile: vrt, atomically: true, encoding: .utf8)
        let gml = folder.file("schema.gml")
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <ogr:FeatureCollection xmlns:ogr="http://ogr.maptools.org/" xmlns:gml="http://www.opengis.net/gml" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://ogr.maptools.org/ http://127.0.0.1:\(port)/schema.xsd">
        <gml:featureMember><ogr:a><ogr:geometryProperty><gml:Point><gml:coordinates>1,2</gml:coordinates></gml:Point></ogr:geometryProperty></ogr:a></gml:featureMember>
        </ogr:FeatureCollection>
        """.write(toFile: gml, atomically: true, encoding: .utf8)
        #expect(throws: ReadError.self) { _ = try LayerReader.open(vrt).readAll() }
        _ = try? LayerReader.open(gml).readAll()
        // Nothing knocked: a non-blocking accept finds no connection.
        _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        let client = accept(fd, nil, nil)
        #expect(client < 0 && (errno == EAGAIN || errno == EWOULDBLOCK), "GDAL connected to 127.0.0.1:\(port)")
        if client >= 0 { close(client) }
    }

    @Test("reading with one dataset per worker gives the serial result: Shapefile split by position, GeoPackage by key, FlatGeobuf",
          .enabled(if: Repository.sharedExists("debian-r-fixtures/r-cran-sf_1.0-9/nc.gpkg"), "needs ../shared/data (absent)"),
          arguments: ["debian-r-fixtures/r-cran-spdata_2.2.1/boston_tracts.shp", "debian-r-fixtures/r-cran-sf_1.0-9/nc.gpkg",
                      "debian-r-fixtures/r-cran-spdata_2.2.1/NY8_bna_utm18.gpkg"])
    func parallel(_ file: String) throws {
        let serial = try #require(try LayerReader.open(Repository.shared(file)) as? GDALReader).readAll(parallelAbove: .max, workers: 1)
        for workers in [2, 3, 7] {
            let reader = try #require(try LayerReader.open(Repository.shared(file)) as? GDALReader)
            let parallel = try reader.readAll(parallelAbove: 10, workers: workers)
            #expect(parallel.count == serial.count, "\(workers) workers")
            for (a, b) in zip(parallel, serial) {
                #expect(a.index == b.index && a.id == b.id && a.geometry == b.geometry && a.properties == b.properties,
                        "\(workers) workers, feature \(b.index)")
            }
        }
    }

    @Test("a .prj in ESRI WKT (as ArcGIS and ogr2ogr write it) of every Gauss–Krüger family is known by its EPSG code",
          .enabled(if: GDALTools.available, "needs GDAL's ogr2ogr (apt-get install gdal-bin)"),
          arguments: [4513, 4549, 4491, 4502, 2349, 2364, 2380, 2327, 2338, 2401, 2422, 21413, 21453])
    func esriProjection(_ code: Int) throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        // A one-parcel Shapefile whose .prj GDAL writes in ESRI's dialect (CGCS2000_3_Degree_GK_Zone_25…).
        try GDALTools.ogr2ogr(["-f", "ESRI Shapefile", "-s_srs", "EPSG:4490", "-a_srs", "EPSG:\(code)", "-limit", "1",
                               folder.file("p.shp"), Repository.shapes("parcels.geojson")])
        let prj = Subprocess.readText(folder.file("p.prj"))
        #expect(prj.hasPrefix("PROJCS[\"") && !prj.contains("AUTHORITY"), "\(prj.prefix(80))")
        let reader = try LayerReader.open(folder.file("p.shp"))
        #expect(reader.declaredCRS == "EPSG:\(code)", "\(prj.prefix(60)) → \(reader.declaredCRS ?? "nil")")
        #expect(GaussKrugerZones.Zone(epsg: code) != nil)
    }

    @Test("a GeoPackage named without its extension is recognised by its content")
    func sniffed() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} } // deleted when the test ends, not after its last mention
        try FileManager.default.copyItem(atPath: Repository.shared("debian-r-fixtures/r-cran-sf_1.0-9/nc.gpkg"), toPath: folder.file("counties.dat"))
        let reader = try LayerReader.open(folder.file("counties.dat"))
        #expect(reader.format == .gdal("GPKG"))
        #expect(try reader.readAll().count == 100)
    }
}
