#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes a whole layer (features whose geometries are already in `crs`) to one file in
/// one of ``OutputFormat``: GeoJSON, CSV with a WKT column and WKT lines through
/// LandControl's own writers, GeoPackage, Shapefile and FlatGeobuf through GDAL, the
/// ministry's TXT through ``BubiaoTXT``. Every file appears complete or not at all.
public enum LayerWriter {
    public struct Options: Sendable {
        /// Text encoding of a Shapefile's DBF (a `.cpg` says which) and of the ministry's
        /// TXT: GBK (what Chinese desktop GIS and the approval systems read) or UTF-8.
        public var encoding: TextEncoding = .gbk
        /// The layer's name inside the file (GeoPackage, FlatGeobuf, GeoJSON's `name`).
        public var layerName: String?
        public init(encoding: TextEncoding = .gbk, layerName: String? = nil) {
            self.encoding = encoding
            self.layerName = layerName
        }
    }

    public struct Result: Sendable {
        /// Every file written, the main one first.
        public var files: [String]
        /// Short column names used in a Shapefile: (column, short name) where they differ.
        public var renamedColumns: [(String, String)]
        public var warnings: [String]
    }

    /// The columns of `features`: every key, in order of first appearance.
    public static func columns(_ features: [Feature]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for f in features {
            for k in f.properties.keys where seen.insert(k).inserted { out.append(k) }
        }
        return out
    }

    public static func write(_ features: [Feature], to path: String, format: OutputFormat, crs: CRS,
                             options: Options = Options()) throws -> Result {
        let columns = columns(features)
        let name = options.layerName ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        switch format {
        case .geojson:
            // RFC 7946 is lon/lat; any other CRS is named in a `crs` member.
            let w = try GeoJSONWriter(path: path, crs: crs.isGeographic && crs.epsg == 4326 ? nil : crs, name: name)
            for f in features { try w.write(geometry: f.geometry, properties: f.properties, id: f.id) }
            try w.finish()
            return Result(files: [path], renamedColumns: [], warnings: [])
        case .csv:
            let w = try CSVWriter(path: path, header: columns + ["wkt"])
            for f in features {
                try w.write(row: columns.map { f.properties[$0]?.text ?? "" } + [f.geometry.map { WKTWriter.string($0) } ?? ""])
            }
            try w.finish()
            return Result(files: [path], renamedColumns: [], warnings: [])
        case .wkt:
            let w = try WKTFileWriter(path: path)
            for f in features { try w.write(f.geometry) }
            try w.finish()
            return Result(files: [path], renamedColumns: [], warnings: features.isEmpty || columns.isEmpty ? [] : ["WKT lines hold geometry only: the \(columns.count) attribute columns are not written"])
        case .bubiaoTXT:
            guard let code = crs.epsg else {
                throw ReadError(file: path, message: "the ministry's TXT needs a Gauss–Krüger CRS with an EPSG code (--to-crs), not \(crs)")
            }
            let bytes = try BubiaoTXT.encode(features, crs: "EPSG:\(code)", encoding: options.encoding)
            let out = try AtomicOutputFile(path: path)
            try out.write(bytes)
            try out.commit()
            return Result(files: [path], renamedColumns: [], warnings: [])
        case .gpkg, .shp, .fgb:
            return try writeWithGDAL(features, columns: columns, to: path, format: format, crs: crs, layerName: name, options: options)
        }
    }

    private static func writeWithGDAL(_ features: [Feature], columns: [String], to path: String, format: OutputFormat, crs: CRS,
                                      layerName: String, options: Options) throws -> Result {
        try writeLayers([(format == .shp ? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent : layerName, features)],
                        to: path, format: format, crs: crs, options: options)
    }

    /// Writes several layers into one GeoPackage (one layer per name), or one layer into a
    /// Shapefile or FlatGeobuf, through GDAL. GDAL writes into a private folder beside the
    /// target; the files are moved into place only when GDAL has closed them without error.
    public static func writeLayers(_ layers: [(name: String, features: [Feature])], to path: String, format: OutputFormat, crs: CRS,
                                   options: Options = Options()) throws -> Result {
        guard let driver = format.gdalDriver else { throw ReadError(file: path, message: "\(format.rawValue) is not written through GDAL") }
        guard format == .gpkg || layers.count == 1 else { throw ReadError(file: path, message: "a \(format.rawValue) file holds one layer") }
        let folder = AtomicOutputFile.folder(of: path)
        try AtomicOutputFile.makeFolders(folder)
        let staging = try TemporaryOutputFolder(beside: path)
        let base = URL(fileURLWithPath: path).lastPathComponent
        let dataset = try GDALOutputDataset(path: staging.path + "/" + base, driver: driver)
        var renamed: [(String, String)] = []
        for (name, features) in layers {
            renamed += try addLayer(name, features, to: dataset, format: format, crs: crs, options: options, file: path)
        }
        try dataset.close()
        var produced = try staging.files()
        if format == .shp {
            // Old readers look at the DBF's code-page byte, not the .cpg: 0x4D is GBK (936).
            if options.encoding == .gbk, let dbf = produced.first(where: { $0.lowercased().hasSuffix(".dbf") }) {
                try patchLanguageDriver(staging.path + "/" + dbf, to: 0x4D)
            }
            if !renamed.isEmpty {
                let map = URL(fileURLWithPath: base).deletingPathExtension().lastPathComponent + ".fields.csv"
                let w = try CSVWriter(path: staging.path + "/" + map, header: ["column", "shapefile_field"])
                for (long, short) in renamed { try w.write(row: [long, short]) }
                try w.finish()
                produced.append(map)
            }
        }
        // The main file first, then its companions.
        produced.sort { a, b in (a == base ? 0 : 1, a) < (b == base ? 0 : 1, b) }
        var files: [String] = []
        for name in produced {
            let final = (folder.isEmpty ? "" : folder + "/") + name
            guard rename(staging.path + "/" + name, final) == 0 else {
                throw ReadError(file: final, message: "cannot move the finished file into place: \(String(cString: strerror(errno)))")
            }
            files.append(final)
        }
        return Result(files: files, renamedColumns: renamed, warnings: dataset.warnings)
    }

    /// One layer into an open GDAL file: typed columns (short names in a Shapefile), the
    /// geometry kind its features share, every feature in order. Returns the renamed columns.
    private static func addLayer(_ name: String, _ features: [Feature], to dataset: GDALOutputDataset, format: OutputFormat, crs: CRS,
                                 options: Options, file: String) throws -> [(String, String)] {
        let columns = columns(features)
        var fields = columns.map { c in GDALField.infer(name: c, values: features.lazy.map { $0.properties[c] ?? .null }) }
        var renamed: [(String, String)] = []
        var layerOptions: [String] = []
        if format == .shp {
            let short = ShapefileFieldNames.shortNames(columns, encoding: options.encoding)
            for (k, s) in short.enumerated() where s != columns[k] {
                renamed.append((columns[k], s))
                fields[k].name = s
            }
            layerOptions.append("ENCODING=" + (options.encoding == .gbk ? "CP936" : "UTF-8"))
            // Widths in the DBF's bytes: GBK needs at most 2 per character, UTF-8 up to 4.
            for k in fields.indices where fields[k].kind == .string || fields[k].kind == .json {
                let longest = features.reduce(0) { m, f in
                    max(m, ShapefileFieldNames.byteLength(f.properties[columns[k]]?.text ?? "", options.encoding))
                }
                fields[k].width = min(254, max(1, longest))
            }
        }
        if format == .fgb {
            // FlatGeobuf's spatial index sorts the features along a Hilbert curve; every
            // LandControl output keeps the input order, so the file is written without it.
            layerOptions.append("SPATIAL_INDEX=NO")
        }
        let kinds = Set(features.compactMap { $0.geometry?.isEmpty == false ? $0.geometry?.kind : nil })
        let geometryKind: FlatGeometry.Kind? = kinds.isEmpty ? nil
            : kinds.isSubset(of: [.polygon, .multiPolygon]) ? .multiPolygon
            : kinds.isSubset(of: [.lineString, .multiLineString]) ? .multiLineString
            : kinds == [.point] ? .point : kinds.isSubset(of: [.point, .multiPoint]) ? .multiPoint : nil
        if format == .shp, geometryKind == nil, !kinds.isEmpty {
            throw ReadError(file: file, message: "a Shapefile holds one kind of geometry; this layer mixes \(kinds.map(\.description).sorted().joined(separator: ", ")) (write GeoPackage instead)")
        }
        let layer = try dataset.createLayer(name, crs: crs.identifier ?? crs.definition, geometry: geometryKind, fields: fields,
                                            options: layerOptions)
        for f in features {
            try layer.write(geometry: f.geometry?.isEmpty == false ? f.geometry : nil, values: columns.map { f.properties[$0] ?? .null })
        }
        return renamed
    }

    /// Sets a DBF's language-driver byte (offset 29).
    static func patchLanguageDriver(_ path: String, to value: UInt8) throws {
        let fd = open(path, O_WRONLY)
        guard fd >= 0 else { throw ReadError(file: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var v = value
        guard pwrite(fd, &v, 1, 29) == 1 else { throw ReadError(file: path, message: "cannot write: \(String(cString: strerror(errno)))") }
    }
}

/// A private folder beside an output, removed with whatever is left in it.
final class TemporaryOutputFolder {
    let path: String

    init(beside target: String) throws {
        let folder = AtomicOutputFile.folder(of: target)
        var template = Array(((folder.isEmpty ? "" : folder + "/") + ".landctl-tmp-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        guard made else { throw ReadError(file: target, message: "cannot create a temporary folder beside it: \(String(cString: strerror(errno)))") }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
