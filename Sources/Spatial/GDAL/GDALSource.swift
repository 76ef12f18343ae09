import CGDAL
import Foundation

/// Where a GDAL layer comes from, as a user names it: a file or folder, optionally with a
/// layer the way QGIS writes it (`zones.gpkg|layername=红线`), and what GDAL is given to open
/// (a `.zip` becomes `/vsizip/…`).
public struct GDALSource: Sendable, Equatable {
    /// The name as given, for messages.
    public var name: String
    /// The file or folder on disk.
    public var file: String
    /// The layer asked for (`|layername=`, or `--layer`); in DXF/DWG the CAD layer.
    public var layer: String?
    /// What GDAL opens.
    public var openPath: String

    /// Splits `PATH|layername=NAME` (also `|layerid=`, ignored as GDAL's `layerid` is not
    /// stable across tools), and routes `.zip` files through GDAL's zip reader.
    public init(_ name: String, layer: String? = nil) {
        self.name = name
        var file = name
        var layerName = layer
        if let bar = name.range(of: "|layername=", options: .caseInsensitive) {
            file = String(name[..<bar.lowerBound])
            let l = String(name[bar.upperBound...])
            if layerName == nil, !l.isEmpty { layerName = l.components(separatedBy: "|").first }
        } else if let bar = name.range(of: "|layerid=", options: .caseInsensitive) {
            file = String(name[..<bar.lowerBound])
        }
        self.file = file
        self.layer = layerName
        let lower = file.lowercased()
        // `.shp.zip` and `.shz` GDAL opens itself; any other zip through /vsizip/.
        if lower.hasSuffix(".zip") && !lower.hasSuffix(".shp.zip") {
            openPath = "/vsizip/" + (file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file)
        } else {
            openPath = file
        }
    }

    /// True when the name would send GDAL to the network or to a database: URLs, GDAL's
    /// virtual network file systems, and connection strings (`PG:`, `WFS:`…). LandControl
    /// reads local files only.
    public static func isRemote(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower.contains("://") { return true }
        if lower.hasPrefix("/vsi") {
            // Only the archive readers over local files are local.
            let local = ["/vsizip/", "/vsigzip/", "/vsitar/", "/vsi7z/", "/vsirar/"]
            guard let prefix = local.first(where: { lower.hasPrefix($0) }) else { return true }
            return isRemote(String(name.dropFirst(prefix.count)))
        }
        // A connection prefix: letters (and digits, '_') up to a colon, not a path.
        if let colon = name.firstIndex(of: ":") {
            let head = name[..<colon]
            if !head.isEmpty, !head.contains("/"), head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
               !FileManager.default.fileExists(atPath: name) {
                return true
            }
        }
        return false
    }
}

/// File names GDAL reads for LandControl, by extension; `nil` when the name does not say.
public enum GDALFormats {
    public static func guess(path: String) -> LayerFormat? {
        let source = GDALSource(path)
        let lower = source.file.lowercased().trimmingTrailingSlashes
        let table: [(String, String)] = [
            (".shp", "ESRI Shapefile"), (".shz", "ESRI Shapefile"), (".shp.zip", "ESRI Shapefile"), (".dbf", "ESRI Shapefile"),
            (".gpkg", "GPKG"), (".gdb", "OpenFileGDB"), (".gdb.zip", "OpenFileGDB"),
            (".kml", kmlDriver), (".kmz", "LIBKML"), (".dxf", "DXF"), (".dwg", "CAD"), (".fgb", "FlatGeobuf"),
            (".gml", "GML"), (".tab", "MapInfo File"), (".mif", "MapInfo File"), (".sqlite", "SQLite"), (".gpx", "GPX"),
        ]
        for (suffix, driver) in table where lower.hasSuffix(suffix) { return .gdal(driver) }
        if lower.hasSuffix(".zip") { return .gdal("") } // any driver, inside the zip
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: source.file, isDirectory: &isDirectory), isDirectory.boolValue {
            return .gdal("") // a folder of Shapefiles, a FileGDB without its extension…
        }
        return nil
    }

    /// KML through libkml when GDAL has it (folders, KMZ, schemas), else GDAL's own KML.
    static var kmlDriver: String { GDALLibrary.driverName("LIBKML") ?? "KML" }

    /// Asks GDAL whether one of its file drivers recognises the file (by its first bytes).
    /// Nil too when GDAL cannot be loaded (reading the file through GDAL then says why).
    public static func identify(path: String) -> LayerFormat? {
        guard GDALLibrary.isReady else { return nil }
        let messages = GDALMessages()
        return messages.capture {
            CStringList.with(GDALLibrary.fileDrivers) { allowed in
                guard let driver = GDALIdentifyDriverEx(path, UInt32(GDAL_OF_VECTOR), allowed, nil),
                      let name = GDALGetDriverShortName(driver) else { return nil }
                return .gdal(String(cString: name))
            }
        }
    }
}

extension String {
    var trimmingTrailingSlashes: String {
        var s = self
        while s.count > 1, s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
