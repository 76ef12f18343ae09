import CGDAL
import Foundation

/// Reads one vector layer through GDAL (Shapefile, GeoPackage, FileGDB, KML/KMZ, DXF,
/// FlatGeobuf and every other file format GDAL reads) into the same ``Feature`` /
/// ``FlatGeometry`` model as the own readers.
///
/// Geometry crosses as ISO WKB, one export per feature, parsed in one pass into flat
/// buffers. Curved geometries are linearised by GDAL first (arcs in steps of
/// ``arcStepDegrees``); DXF/DWG closed polylines become polygons. Attributes keep their type:
/// numbers as numbers, dates as ``PropertyValue/date(_:)``, booleans as booleans, lists and
/// JSON fields as JSON. GDAL's messages during a feature become that feature's warnings, or
/// its problem when it has no usable geometry; nothing is printed.
public final class GDALReader: FeatureReader {
    public let file: String
    public let format: LayerFormat
    public private(set) var declaredCRS: String?
    public private(set) var notes: [String] = []
    /// The layer read.
    public let layerName: String

    /// Arcs are replaced by chords every this many degrees: the chord error is at most
    /// r·(1 − cos 0.5°) ≈ 0.004 % of the radius (4 mm on a 100 m arc).
    public static let arcStepDegrees = 1.0

    /// Layers of at least this many features are read by one GDAL dataset per core.
    public static let parallelThreshold = 20_000

    private let dataset: GDALDataset
    private let layer: OGRLayerH
    private let plan: Plan
    private var index = 0
    private var wkb: [UInt8] = []
    private var linearised = 0

    private struct Field: @unchecked Sendable {
        var type: OGRFieldType
        var subtype: OGRFieldSubType
    }

    /// How to open the layer again, in another thread, exactly as it was opened here.
    private struct Plan: Sendable {
        var openPath: String
        var name: String
        var driver: String
        var openOptions: [String]
        var layerName: String
        var cadFilter: String?
        var fields: [Field]
        var keys: [String]
        var idFromFID: Bool
        var closeLines: Bool
    }

    private var fields: [Field] { plan.fields }
    private var keys: [String] { plan.keys }
    private var idFromFID: Bool { plan.idFromFID }
    private var closeLines: Bool { plan.closeLines }

    /// Opens `path` (a file, a folder, a `.zip`, or `PATH|layername=NAME`).
    /// - Parameters:
    ///   - driver: a GDAL driver short name to use; nil or empty lets GDAL recognise the file.
    ///   - layer: the layer to read (in DXF/DWG: the CAD layer to keep), overriding `|layername=`.
    ///   - encoding: the text encoding of a Shapefile's DBF, overriding `.cpg` and detection.
    public init(path: String, driver: String? = nil, layer requested: String? = nil, encoding: TextEncoding? = nil) throws {
        try GDALLibrary.ensureReady(for: path)
        let source = GDALSource(path, layer: requested)
        file = path
        if GDALSource.isRemote(source.file) {
            throw ReadError(file: path, message: "LandControl reads local files only (no URLs, no network or database paths)")
        }
        guard FileManager.default.fileExists(atPath: source.file) else {
            throw ReadError(file: path, message: "no such file or folder")
        }
        // A FIFO or a device would block GDAL's open() or read forever: the file and, for a
        // Shapefile, the companions GDAL opens with it.
        try RegularFile.refuseSpecial(source.file)
        if source.file.lowercased().hasSuffix(".shp") {
            let stem = String(source.file.dropLast(4))
            for ext in ["shx", "dbf", "prj", "cpg", "SHX", "DBF", "PRJ", "CPG"] { try RegularFile.refuseSpecial(stem + "." + ext) }
        }
        var drivers: [String] = []
        if let driver, !driver.isEmpty {
            guard let name = GDALLibrary.driverName(driver) else {
                throw ReadError(file: path, message: "GDAL has no driver named '\(driver)' (--format); e.g. 'ESRI Shapefile', GPKG, OpenFileGDB, LIBKML, DXF, FlatGeobuf")
            }
            guard GDALLibrary.fileDrivers.contains(name) else {
                throw ReadError(file: path, message: "the GDAL driver '\(name)' reads from a server or needs the network; LandControl reads local files only")
            }
            drivers = [name]
        }
        var dxfChecked = false
        if source.file.lowercased().hasSuffix(".dxf") || drivers == ["DXF"] {
            try DXFCheck.check(source.file, name: path)
            dxfChecked = true
        }
        var dataset = try GDALDataset.open(source.openPath, name: path, drivers: drivers)
        // A drawing GDAL recognised by its content, under another name: checked all the same.
        if dataset.driver == "DXF", !dxfChecked, !source.openPath.hasPrefix("/vsi") { try DXFCheck.check(source.file, name: path) }
        let isCAD = dataset.driver == "DXF" || dataset.driver == "CAD"
        // In a drawing the "layer" asked for is a CAD layer inside GDAL's one layer.
        let cadLayer = isCAD ? source.layer : nil
        var chosen = try dataset.chooseLayer(isCAD ? nil : source.layer)
        var notes: [String] = []
        var hasPRJ = false
        var restoredNames: [String: String] = [:]
        var openOptions: [String] = []
        if dataset.driver == "ESRI Shapefile" {
            let name = String(cString: OGR_L_GetName(chosen))
            let files = dataset.fileList
            func sibling(_ ext: String) -> String? {
                files.first { f in
                    let url = URL(fileURLWithPath: f)
                    return url.pathExtension.lowercased() == ext && url.deletingPathExtension().lastPathComponent == name
                }
            }
            // GDAL leaves a .prj it cannot parse out of its file list: look on disk.
            let stem = source.openPath.lowercased().hasSuffix(".shp") ? String(source.openPath.dropLast(4)) : source.openPath + "/" + name
            hasPRJ = sibling("prj") != nil || ["prj", "PRJ"].contains { ext in
                guard let f = VSIFOpenL(stem + "." + ext, "rb") else { return false }
                VSIFCloseL(f)
                return true
            }
            // The long column names LandControl shortened when it wrote the file.
            let map = ShapefileFieldNames.readMap(bytes: ShapefileEncoding.readBytes(stem + ".fields.csv", offset: 0, count: 1 << 20))
            if !map.isEmpty {
                restoredNames = map
                notes.append("column names restored from \(URL(fileURLWithPath: stem).lastPathComponent).fields.csv (\(map.count) shortened for the Shapefile)")
            }
            if sibling("dbf") == nil {
                notes.append("no .dbf beside the .shp: the features have no attributes; copy the .dbf along with the .shp")
            }
            let sourceEncoding = GDALGetMetadataItem(chosen, "SOURCE_ENCODING", "SHAPEFILE").map { String(cString: $0) }
            let decision = ShapefileEncoding.decide(dbf: sibling("dbf"), hasCPG: sibling("cpg") != nil,
                                                    sourceEncoding: sourceEncoding?.isEmpty == true ? nil : sourceEncoding,
                                                    requested: encoding)
            if let option = decision.openOption {
                openOptions = ["ENCODING=\(option)"]
                dataset = try GDALDataset.open(source.openPath, name: path, drivers: [dataset.driver], options: openOptions)
                chosen = try dataset.chooseLayer(name)
            }
            if let note = decision.note { notes.append(note) }
        }
        self.dataset = dataset
        layer = chosen
        layerName = String(cString: OGR_L_GetName(chosen))
        format = .gdal(dataset.driver)
        let defn = OGR_L_GetLayerDefn(chosen)
        var fields: [Field] = [], keys: [String] = []
        for k in 0..<OGR_FD_GetFieldCount(defn) {
            guard let f = OGR_FD_GetFieldDefn(defn, k) else { continue }
            let name = String(cString: OGR_Fld_GetNameRef(f))
            keys.append(restoredNames[name] ?? name)
            fields.append(Field(type: OGR_Fld_GetType(f), subtype: OGR_Fld_GetSubType(f)))
        }
        let cadFilter = cadLayer.map { "\"Layer\" = '\($0.replacingOccurrences(of: "'", with: "''"))'" }
        // A layer with a real key column (GeoPackage, FileGDB, SQLite) has meaningful FIDs;
        // a Shapefile's are record numbers from 0, which nobody knows its parcels by.
        plan = Plan(openPath: source.openPath, name: path, driver: dataset.driver, openOptions: openOptions, layerName: layerName,
                    cadFilter: cadFilter, fields: fields, keys: keys,
                    idFromFID: OGR_L_GetFIDColumn(chosen).map { $0.pointee != 0 } ?? false, closeLines: isCAD)
        // What GDAL said while opening (a .prj it could not parse…), kept for the notes.
        let openMessage = dataset.messages.lastText
        try dataset.messages.capture {
            dataset.messages.clear()
            if let srs = OGR_L_GetSpatialRef(chosen) {
                declaredCRS = GDALSpatialReference.text(srs)
            } else if hasPRJ {
                let why = dataset.messages.isEmpty ? openMessage : dataset.messages.lastText
                notes.append("the .prj is not a CRS GDAL can read" + (why.isEmpty ? "" : " (\(why))") + "; the layer is read as having no CRS")
            }
            // What PROJ says while identifying the CRS (TOWGS84 that WKT1 cannot hold…) is
            // about the search, not about the data.
            dataset.messages.clear()
            if let cadLayer, let filter = cadFilter {
                guard OGR_L_SetAttributeFilter(chosen, filter) == OGRERR_NONE else {
                    throw ReadError(file: path, message: "cannot select the CAD layer '\(cadLayer)': \(dataset.messages.lastText)")
                }
                notes.append("CAD layer '\(cadLayer)' only")
            }
            OGR_L_ResetReading(chosen)
        }
        if let cadLayer, Int(OGR_L_GetFeatureCount(chosen, 1)) == 0 {
            let names = Self.cadLayers(dataset, layer: chosen)
            throw ReadError(file: path, message: "the drawing has no entity on CAD layer '\(cadLayer)'; its layers are " + names.map { "'\($0)'" }.joined(separator: ", "))
        }
        if !isCAD || cadLayer == nil, dataset.messages.capture({ OGR_L_GetFeatureCount(chosen, 1) }) == 0 {
            // An empty layer, or one GDAL could not read (a VRT whose source is refused…).
            let why = dataset.messages.errors.last.map { ": \($0)" } ?? ""
            throw ReadError(file: path, message: "the layer '\(layerName)' holds no features\(why)")
        }
        if dataset.messages.errors.isEmpty == false { notes += dataset.messages.take().map(\.text) }
        self.notes = notes
    }

    /// The CAD layers of a drawing that hold entities.
    private static func cadLayers(_ dataset: GDALDataset, layer: OGRLayerH) -> [String] {
        dataset.messages.capture {
            OGR_L_SetAttributeFilter(layer, nil)
            OGR_L_ResetReading(layer)
            var seen = Set<String>(), names: [String] = []
            let defn = OGR_L_GetLayerDefn(layer)
            let k = OGR_FD_GetFieldIndex(defn, "Layer")
            while k >= 0, let f = OGR_L_GetNextFeature(layer) {
                let n = String(cString: OGR_F_GetFieldAsString(f, k))
                if seen.insert(n).inserted { names.append(n) }
                OGR_F_Destroy(f)
            }
            return names
        }
    }

    public func next() throws -> Feature? {
        try dataset.messages.capture { try readOne() }
    }

    public func readAll() throws -> [Feature] {
        try readAll(parallelAbove: Self.parallelThreshold, workers: min(ProcessInfo.processInfo.activeProcessorCount, 8))
    }

    func readAll(parallelAbove threshold: Int, workers: Int) throws -> [Feature] {
        let expected = Int(OGR_L_GetFeatureCount(layer, 0))
        if index == 0, workers > 1, expected >= threshold, plan.cadFilter == nil,
           let all = try readInParallel(total: expected, workers: workers) {
            return all
        }
        var out: [Feature] = []
        if expected > 0 { out.reserveCapacity(expected) }
        try dataset.messages.capture {
            while let f = try readOne() { out.append(f) }
        }
        return out
    }

    /// A reader of the same layer in its own dataset, for one worker thread.
    private init(worker plan: Plan) throws {
        self.plan = plan
        file = plan.name
        format = .gdal(plan.driver)
        layerName = plan.layerName
        dataset = try GDALDataset.open(plan.openPath, name: plan.name, drivers: [plan.driver], options: plan.openOptions)
        layer = try dataset.chooseLayer(plan.layerName)
    }

    /// One part of the layer: features `start..<start + count` by position, or those whose
    /// FID passes `filter`.
    private struct Slice: Sendable {
        var start = 0
        var count: Int?
        var filter: String?
    }

    /// Reads the layer with one dataset per worker, each over a contiguous part, and joins
    /// the parts in order. Formats that jump to a position cheaply (Shapefile, FlatGeobuf…)
    /// are split by position; formats with a key column (GeoPackage, FileGDB) by key ranges,
    /// which they read in key order. Nil when the format offers neither.
    private func readInParallel(total: Int, workers: Int) throws -> [Feature]? {
        var slices: [Slice] = []
        let per = (total + workers - 1) / workers
        if OGR_L_TestCapability(layer, OLCFastSetNextByIndex) != 0 {
            slices = stride(from: 0, to: total, by: per).map { Slice(start: $0, count: min(per, total - $0)) }
        } else if let column = OGR_L_GetFIDColumn(layer).map({ String(cString: $0) }), !column.isEmpty {
            // The keys where the parts start, found once by position.
            var bounds: [Int64] = []
            dataset.messages.capture {
                for k in 1..<workers {
                    guard OGR_L_SetNextByIndex(layer, Int64(k * per)) == OGRERR_NONE, let f = OGR_L_GetNextFeature(layer) else { continue }
                    bounds.append(OGR_F_GetFID(f))
                    OGR_F_Destroy(f)
                }
                OGR_L_ResetReading(layer)
            }
            guard bounds.count == workers - 1, zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
            let quoted = "\"" + column.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            for k in 0..<workers {
                var terms: [String] = []
                if k > 0 { terms.append("\(quoted) >= \(bounds[k - 1])") }
                if k < workers - 1 { terms.append("\(quoted) < \(bounds[k])") }
                slices.append(Slice(filter: terms.joined(separator: " AND ")))
            }
        } else {
            return nil
        }
        let parts = PartResults(count: slices.count)
        let plan = self.plan
        let work = slices
        DispatchQueue.concurrentPerform(iterations: work.count) { k in
            do {
                let reader = try GDALReader(worker: plan)
                parts.set(k, try reader.read(work[k]), linearised: reader.linearised)
            } catch {
                parts.fail(k, error)
            }
        }
        var all: [Feature] = []
        all.reserveCapacity(total)
        var curved = 0
        for k in 0..<slices.count {
            let (features, lin) = try parts.take(k)
            all.append(contentsOf: features)
            curved += lin
        }
        for k in all.indices { all[k].index = k + 1 }
        index = all.count
        if curved > 0 { notes.append(Self.linearisedNote(curved)) }
        return all
    }

    private func read(_ slice: Slice) throws -> [Feature] {
        var out: [Feature] = []
        try dataset.messages.capture {
            if let filter = slice.filter {
                guard OGR_L_SetAttributeFilter(layer, filter) == OGRERR_NONE else {
                    throw ReadError(file: file, message: "GDAL cannot split the layer for reading: \(dataset.messages.lastText)")
                }
            } else if slice.start > 0 {
                guard OGR_L_SetNextByIndex(layer, Int64(slice.start)) == OGRERR_NONE else {
                    throw ReadError(file: file, message: "GDAL cannot go to feature \(slice.start + 1): \(dataset.messages.lastText)")
                }
            }
            index = slice.start
            while slice.count.map({ out.count < $0 }) ?? true, let f = try readOne(summarise: false) { out.append(f) }
        }
        return out
    }

    static func linearisedNote(_ n: Int) -> String {
        "\(n) curved geometries (arcs) linearised by GDAL with a chord every \(NumberFormatting.string(arcStepDegrees))° (error ≤ 0.004 % of the arc radius)"
    }

    private func readOne(summarise: Bool = true) throws -> Feature? {
        let messages = dataset.messages
        messages.clear()
        guard let f = OGR_L_GetNextFeature(layer) else {
            if let e = messages.errors.last {
                throw ReadError(file: file, message: "GDAL stopped reading after feature \(index): \(e)")
            }
            if summarise, linearised > 0 {
                notes.append(Self.linearisedNote(linearised))
                linearised = 0
            }
            return nil
        }
        defer { OGR_F_Destroy(f) }
        index += 1
        var feature = Feature(index: index, geometry: nil, properties: Properties(sharedKeys: keys, values: properties(f)))
        if idFromFID { feature.id = String(OGR_F_GetFID(f)) }
        do {
            feature.geometry = try geometry(f)
        } catch let e as WKBParser.SyntaxError {
            feature.problem = e.description
        }
        let reported = messages.take()
        if !reported.isEmpty {
            if feature.geometry == nil, feature.problem == nil, let e = reported.last(where: \.isError) {
                feature.problem = e.text
            } else {
                feature.warnings += reported.map(\.text)
            }
        }
        return feature
    }

    private func geometry(_ f: OGRFeatureH) throws -> FlatGeometry? {
        guard let g = OGR_F_GetGeometryRef(f) else { return nil }
        var owned: OGRGeometryH?
        defer { if let owned { OGR_G_DestroyGeometry(owned) } }
        let flat = OGR_GT_Flatten(OGR_G_GetGeometryType(g))
        if OGR_G_HasCurveGeometry(g, 0) != 0 {
            owned = OGR_G_GetLinearGeometry(g, Self.arcStepDegrees, nil)
            linearised += 1
        } else if flat == wkbPolyhedralSurface || flat == wkbTIN || flat == wkbTriangle {
            owned = OGR_G_ForceTo(OGR_G_Clone(g), wkbMultiPolygon, nil)
        }
        let source = owned ?? g
        let size = Int(OGR_G_WkbSize(source))
        if wkb.count < size { wkb = [UInt8](repeating: 0, count: size) }
        let err = wkb.withUnsafeMutableBufferPointer { OGR_G_ExportToIsoWkb(source, wkbNDR, $0.baseAddress) }
        guard err == OGRERR_NONE else {
            throw WKBParser.SyntaxError(offset: 0, message: "GDAL cannot export this geometry as WKB")
        }
        var parsed = try wkb.withUnsafeBytes { try WKBParser.parse(UnsafeRawBufferPointer(rebasing: $0[0..<size])) }
        if closeLines { parsed = Self.closedLinesAsPolygons(parsed) }
        return parsed
    }

    /// A drawing's closed polylines are boundaries: a line string whose ends meet, with at
    /// least 4 positions, becomes a polygon (also inside multi-line strings).
    static func closedLinesAsPolygons(_ g: FlatGeometry) -> FlatGeometry {
        func closed(_ k: Int) -> Bool {
            let r = g.sequenceRange(k)
            return r.count >= 4 && g.xy[2 * r.lowerBound] == g.xy[2 * (r.upperBound - 1)]
                && g.xy[2 * r.lowerBound + 1] == g.xy[2 * (r.upperBound - 1) + 1]
        }
        switch g.kind {
        case .lineString where g.nodes.count == 1 && g.nodes[0].count == 1 && closed(0):
            var out = g
            out.nodes = [.init(kind: .polygon, count: 1)]
            return out
        case .multiLineString where g.sequenceEnds.indices.allSatisfy(closed) && !g.sequenceEnds.isEmpty:
            var out = g
            out.nodes = [.init(kind: .multiPolygon, count: Int32(g.sequenceEnds.count))]
                + Array(repeating: .init(kind: .polygon, count: 1), count: g.sequenceEnds.count)
            return out
        default:
            return g
        }
    }

    private func properties(_ f: OGRFeatureH) -> [PropertyValue] {
        var values: [PropertyValue] = []
        values.reserveCapacity(fields.count)
        for (k, field) in fields.enumerated() {
            let i = Int32(k)
            guard OGR_F_IsFieldSetAndNotNull(f, i) != 0 else {
                values.append(.null)
                continue
            }
            switch field.type {
            case OFTInteger:
                let v = OGR_F_GetFieldAsInteger(f, i)
                values.append(field.subtype == OFSTBoolean ? .bool(v != 0) : .number(String(v)))
            case OFTInteger64:
                values.append(.number(String(OGR_F_GetFieldAsInteger64(f, i))))
            case OFTReal:
                let v = OGR_F_GetFieldAsDouble(f, i)
                values.append(v.isFinite ? .number(Self.numberText(v)) : .null)
            case OFTDate, OFTDateTime:
                values.append(Self.date(f, i, withTime: field.type == OFTDateTime))
            case OFTString where field.subtype == OFSTJSON:
                values.append(.json(String(cString: OGR_F_GetFieldAsString(f, i))))
            case OFTIntegerList, OFTInteger64List, OFTRealList, OFTStringList:
                values.append(.json(Self.listJSON(f, i, field.type)))
            case OFTBinary:
                var n: Int32 = 0
                let p = OGR_F_GetFieldAsBinary(f, i, &n)
                let hex = Array("0123456789abcdef".utf8)
                var text: [UInt8] = []
                for j in 0..<Int(n) {
                    let b = p?[j] ?? 0
                    text += [hex[Int(b >> 4)], hex[Int(b & 15)]]
                }
                values.append(.string(String(decoding: text, as: UTF8.self)))
            default:
                values.append(.string(String(cString: OGR_F_GetFieldAsString(f, i))))
            }
        }
        return values
    }

    /// Shortest text that reads back as the same double (`12.5`, `0.1`, `1e-07`).
    static func numberText(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    private static func date(_ f: OGRFeatureH, _ i: Int32, withTime: Bool) -> PropertyValue {
        var y: Int32 = 0, m: Int32 = 0, d: Int32 = 0, h: Int32 = 0, mi: Int32 = 0, tz: Int32 = 0
        var s: Float = 0
        guard OGR_F_GetFieldAsDateTimeEx(f, i, &y, &m, &d, &h, &mi, &s, &tz) != 0 else { return .null }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var text = "\(y)-\(two(m))-\(two(d))"
        if withTime {
            let whole = Int32(s)
            text += "T\(two(h)):\(two(mi)):\(two(whole))"
            let fraction = Double(s) - Double(whole)
            if fraction > 0.0005 { text += String(String(format: "%.3f", fraction).dropFirst()) }
            // OGR's time zone flag: 0 unknown, 1 local, 100 UTC, else 100 ± quarter hours.
            if tz == 100 {
                text += "Z"
            } else if tz > 1 {
                let minutes = Int(tz - 100) * 15
                text += (minutes < 0 ? "-" : "+") + two(Int32(abs(minutes) / 60)) + ":" + two(Int32(abs(minutes) % 60))
            }
        }
        return .date(text)
    }

    private static func listJSON(_ f: OGRFeatureH, _ i: Int32, _ type: OGRFieldType) -> String {
        var n: Int32 = 0
        var items: [String] = []
        switch type {
        case OFTIntegerList:
            if let p = OGR_F_GetFieldAsIntegerList(f, i, &n) { items = (0..<Int(n)).map { String(p[$0]) } }
        case OFTInteger64List:
            if let p = OGR_F_GetFieldAsInteger64List(f, i, &n) { items = (0..<Int(n)).map { String(p[$0]) } }
        case OFTRealList:
            if let p = OGR_F_GetFieldAsDoubleList(f, i, &n) {
                items = (0..<Int(n)).map { p[$0].isFinite ? numberText(p[$0]) : "null" }
            }
        default:
            if let p = OGR_F_GetFieldAsStringList(f, i) {
                var k = 0
                while let s = p[k] {
                    var out: [UInt8] = []
                    JSONText.appendString(String(cString: s), to: &out)
                    items.append(String(decoding: out, as: UTF8.self))
                    k += 1
                }
            }
        }
        return "[" + items.joined(separator: ",") + "]"
    }
}

/// What each worker read, collected across threads.
private final class PartResults: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [Result<([Feature], Int), Error>?]

    init(count: Int) { parts = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ features: [Feature], linearised: Int) {
        lock.lock()
        parts[k] = .success((features, linearised))
        lock.unlock()
    }

    func fail(_ k: Int, _ error: Error) {
        lock.lock()
        parts[k] = .failure(error)
        lock.unlock()
    }

    func take(_ k: Int) throws -> ([Feature], Int) {
        lock.lock()
        defer { lock.unlock() }
        guard let part = parts[k] else { throw ReadError(file: "", message: "a reading worker did not finish") }
        parts[k] = nil
        return try part.get()
    }
}
