import Spatial

/// A layer read into memory with its coordinate reference system settled.
public struct LoadedLayer: Sendable {
    public var file: String
    public var format: LayerFormat
    public var features: [Feature]
    /// The CRS of the coordinates as read.
    public var crs: CRS
    /// Where `crs` came from: `option` (--crs), `file` (declared in it), `default`.
    public var crsSource: String
    /// What the file itself declared, if anything.
    public var declaredCRS: String?
    /// Envelope of all readable geometries, in `crs`.
    public var envelope: Envelope
    /// Layer-level warnings: CRS assumptions, coordinate checks, reader notes.
    public var warnings: [String]
}

/// Reads a layer and settles its CRS: `--crs` wins, then what the file declares, then
/// GeoJSON's RFC 7946 default (WGS 84 lon/lat). WKT and CSV files that declare nothing are
/// read as lon/lat only when their numbers are degrees; otherwise `--crs` is required.
public enum LayerLoader {
    public static func load(_ path: String, options: LayerReader.Options = .init(), crs userCRS: String? = nil,
                            engine: GeometryEngine) throws -> LoadedLayer {
        let reader = try LayerReader.open(path, options: options)
        var features: [Feature] = []
        var envelope = Envelope.empty
        while let f = try reader.next() {
            if let e = f.geometry?.envelope { envelope.expand(e) }
            features.append(f)
        }
        var warnings = reader.notes
        let crs: CRS
        let source: String
        if let userCRS {
            crs = try resolve(userCRS, file: path, engine: engine, what: "--crs")
            source = "option"
            if let declared = reader.declaredCRS, let d = try? engine.crs(declared), d.definition != crs.definition, d.identifier != crs.identifier {
                warnings.append("the file declares \(d); --crs \(crs) is used instead")
            }
        } else if let declared = reader.declaredCRS {
            crs = try resolve(declared, file: path, engine: engine, what: "the CRS the file declares,")
            source = "file"
        } else if reader.format == .geojson {
            crs = try engine.crs("EPSG:4326")
            source = "default"
        } else {
            let looksGeographic = envelope.isEmpty || (envelope.minX >= -180 && envelope.maxX <= 180 && envelope.minY >= -90 && envelope.maxY <= 90)
            guard looksGeographic else {
                throw ReadError(file: path, message: "the file does not say which CRS its coordinates are in, and they are not longitude/latitude (x \(NumberFormatting.string(envelope.minX.rounded()))…\(NumberFormatting.string(envelope.maxX.rounded()))); name it with --crs, e.g. --crs EPSG:4550")
            }
            crs = try engine.crs("EPSG:4326")
            source = "default"
            warnings.append("the file does not declare a CRS; its coordinates look like longitude/latitude and are read as EPSG:4326 (pass --crs EPSG:4490 for CGCS2000)")
        }
        warnings += CoordinateChecks.check(envelope, crs: crs).map(\.message)
        return LoadedLayer(file: path, format: reader.format, features: features, crs: crs, crsSource: source,
                           declaredCRS: reader.declaredCRS, envelope: envelope, warnings: warnings)
    }

    static func resolve(_ text: String, file: String, engine: GeometryEngine, what: String) throws -> CRS {
        do {
            return try engine.crs(text)
        } catch let e as SpatialError {
            throw ReadError(file: file, message: "\(what) '\(text)' is not usable: \(e.description)")
        }
    }
}
