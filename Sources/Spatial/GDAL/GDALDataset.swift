import CGDAL
import Foundation

/// An open GDAL vector dataset, closed exactly once. Used by one thread at a time, with its
/// own message sink pushed around every call.
final class GDALDataset {
    let handle: GDALDatasetH
    let messages: GDALMessages
    /// The driver's short name (`ESRI Shapefile`, `GPKG`…).
    let driver: String
    /// The name as the user gave it, for messages.
    let name: String

    struct LayerInfo: Equatable {
        var name: String
        /// OGR's name of the declared geometry type (`Multi Polygon`, `Unknown (any)`…).
        var geometryType: String
        var isPolygonal: Bool
        var featureCount: Int
    }

    private init(handle: GDALDatasetH, messages: GDALMessages, name: String) {
        self.handle = handle
        self.messages = messages
        self.name = name
        driver = GDALGetDatasetDriver(handle).flatMap { GDALGetDriverShortName($0) }.map { String(cString: $0) } ?? "GDAL"
    }

    deinit {
        let h = handle
        messages.capture { GDALClose(h) }
    }

    /// Opens `path` read-only with one of `drivers` (all local file drivers when empty).
    static func open(_ path: String, name: String, drivers: [String], options: [String] = []) throws -> GDALDataset {
        try GDALLibrary.ensureReady(for: path)
        let messages = GDALMessages()
        let handle: GDALDatasetH? = messages.capture {
            CStringList.with(drivers.isEmpty ? GDALLibrary.fileDrivers : drivers) { allowed in
                CStringList.with(options) { openOptions in
                    GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR), allowed, openOptions, nil)
                }
            }
        }
        guard let handle else {
            let what = drivers.count == 1 ? "as \(drivers[0])" : "as any GIS layer GDAL knows"
            let reason = messages.lastText
            throw ReadError(file: name, message: "GDAL cannot read it \(what)" + (reason.isEmpty ? "" : ": \(reason)"))
        }
        return GDALDataset(handle: handle, messages: messages, name: name)
    }

    var layerCount: Int { Int(GDALDatasetGetLayerCount(handle)) }

    func layer(at k: Int) -> OGRLayerH? { GDALDatasetGetLayer(handle, Int32(k)) }

    func layer(named n: String) -> OGRLayerH? { GDALDatasetGetLayerByName(handle, n) }

    static func info(_ layer: OGRLayerH) -> LayerInfo {
        var type = OGR_L_GetGeomType(layer)
        // KML folders and DXF entities declare no type: the first feature's tells.
        if OGR_GT_Flatten(type) == wkbUnknown {
            OGR_L_ResetReading(layer)
            if let f = OGR_L_GetNextFeature(layer) {
                if let g = OGR_F_GetGeometryRef(f) { type = OGR_G_GetGeometryType(g) }
                OGR_F_Destroy(f)
            }
            OGR_L_ResetReading(layer)
        }
        let flat = OGR_GT_Flatten(type)
        let polygonal = [wkbPolygon, wkbMultiPolygon, wkbCurvePolygon, wkbMultiSurface, wkbPolyhedralSurface, wkbTIN].contains(flat)
        return LayerInfo(name: String(cString: OGR_L_GetName(layer)), geometryType: String(cString: OGRGeometryTypeToName(type)),
                         isPolygonal: polygonal, featureCount: Int(OGR_L_GetFeatureCount(layer, 1)))
    }

    var layers: [LayerInfo] {
        messages.capture { (0..<layerCount).compactMap { layer(at: $0).map(Self.info) } }
    }

    /// "parcels (Multi Polygon, 258 features), roads (Line String, 12 features)".
    static func list(_ layers: [LayerInfo]) -> String {
        layers.map { "'\($0.name)' (\($0.geometryType), \($0.featureCount < 0 ? "?" : String($0.featureCount)) features)" }
            .joined(separator: ", ")
    }

    /// The layer to read: the one named; else the only layer; else the only polygon layer;
    /// else an error listing them all.
    func chooseLayer(_ requested: String?) throws -> OGRLayerH {
        try messages.capture {
            if let requested {
                if let l = layer(named: requested) { return l }
                throw ReadError(file: name, message: "has no layer '\(requested)'; its layers are \(Self.list(layers))")
            }
            let all = layers
            guard !all.isEmpty else {
                throw ReadError(file: name, message: driver == "OpenFileGDB" ? "holds no layer GDAL can read (are all its .gdbtable files there?)" : "holds no layer")
            }
            if all.count == 1, let l = layer(at: 0) { return l }
            let polygonal = all.enumerated().filter { $0.element.isPolygonal }
            if polygonal.count == 1, let l = layer(at: polygonal[0].offset) { return l }
            throw ReadError(file: name, message: "holds \(all.count) layers and \(polygonal.isEmpty ? "none" : "\(polygonal.count)") of polygons: \(Self.list(all)); name one with --layer NAME or '\(name)|layername=NAME'")
        }
    }

    /// The files GDAL reads for this dataset (a Shapefile's .shp, .shx, .dbf, .prj, .cpg).
    var fileList: [String] {
        guard let list = GDALGetFileList(handle) else { return [] }
        defer { CSLDestroy(list) }
        var out: [String] = []
        var k = 0
        while let p = list[k] {
            out.append(String(cString: p))
            k += 1
        }
        return out
    }
}
