import Spatial

/// `landctl convert IN OUT`: any layer LandControl reads to GeoJSON, GeoPackage, Shapefile,
/// FlatGeobuf, CSV with WKT, WKT lines or the ministry's TXT, with the checks of `info`
/// (and its repair with `--repair`) and every input feature written, in order.
public enum LayerConversion {
    public struct Options: Sendable {
        public var input: String
        public var output: String
        public var readOptions = LayerReader.Options()
        /// The input's CRS when the file does not say (or says wrong).
        public var crs: String?
        /// The input's longitude/latitude come from a Chinese web map (`--from-gcj02`, `--from-bd09`).
        public var webMap: WebMapDatum?
        /// The output's CRS; default: the input's (lon/lat of its datum for GeoJSON, the
        /// CGCS2000 3° Gauss–Krüger zone of the data, zone-prefixed, for the ministry's TXT).
        public var toCRS: String?
        /// The output format; default: from the output's extension.
        public var format: OutputFormat?
        /// Invalid geometries are written repaired (GEOS makeValid, as `info` repairs), not as read.
        /// Broken rings are repaired as read whatever this says (``RingRepair``).
        public var repair = false
        /// How broken rings are repaired as read (`repair.close_ring_tolerance_m`).
        public var repairRules = RepairRules()
        /// Text encoding of a Shapefile's DBF and of the ministry's TXT.
        public var encoding: TextEncoding = .gbk
        /// A column whose value becomes the parcel number (地块编号) in the ministry's TXT.
        public var idField: String?

        public init(input: String, output: String) {
            self.input = input
            self.output = output
        }
    }

    public struct Result: Sendable {
        public var format: OutputFormat
        public var inputFormat: LayerFormat
        public var inputCRS: CRS
        public var outputCRS: CRS
        /// Features by status; invalid geometries not repaired count as `invalid`.
        public var counts: [String: Int]
        public var read: Int
        public var written: Int
        /// The first problems: feature, id, status, reason.
        public var problems: [String]
        public var files: [String]
        public var renamedColumns: [(String, String)]
        public var warnings: [String]

        /// Features that are findings: unusable, without geometry, or invalid.
        public var findings: Int { (counts["error"] ?? 0) + (counts["no_geometry"] ?? 0) + (counts["invalid"] ?? 0) + (counts["repaired"] ?? 0) }
    }

    public static func run(_ o: Options, engine: GeometryEngine = GeometryEngine()) throws -> Result {
        guard let format = o.format ?? OutputFormat.guess(path: o.output) else {
            throw ReadError(file: o.output, message: "cannot tell the output format from the name; end it in .geojson, .gpkg, .shp, .fgb, .csv, .wkt or .txt, or name it with --to")
        }
        let layer = try LayerLoader.load(o.input, options: o.readOptions, crs: o.crs, webMap: o.webMap, repair: o.repairRules, engine: engine)
        let target = try outputCRS(layer, format: format, requested: o.toCRS, engine: engine)
        let transform = try engine.transform(from: layer.crs, to: target)
        var counts: [String: Int] = [:]
        var problems: [String] = []
        var out: [Feature] = []
        out.reserveCapacity(layer.features.count)
        for var f in layer.features {
            var status = "ok", reason: String?
            if let p = f.problem {
                (status, reason) = ("error", p)
                f.geometry = nil
            } else if let g = f.geometry, !g.isEmpty {
                do {
                    var written = g
                    if !f.repairs.isEmpty { (status, reason) = ("repaired", f.repairs.joined(separator: "; ")) }
                    if !g.isCertainlySimplePolygon {
                        let geometry = try engine.geometry(from: g)
                        let v = try geometry.validity()
                        if case .invalid = v {
                            let asRead = f.repairs.isEmpty ? "" : f.repairs.joined(separator: "; ") + "; "
                            if o.repair {
                                written = try geometry.makeValid().flat()
                                (status, reason) = ("repaired", asRead + v.message)
                            } else {
                                (status, reason) = ("invalid", asRead + v.message + " (written as read; --repair writes it repaired)")
                            }
                        }
                    }
                    try transform.apply(&written)
                    f.geometry = written
                } catch let e as SpatialError {
                    (status, reason) = ("error", e.description)
                    f.geometry = nil
                }
            } else {
                status = "no_geometry"
                f.geometry = nil
            }
            counts[status, default: 0] += 1
            if let reason, problems.count < 10 {
                problems.append("feature \(f.index)" + (f.id.map { " (id \($0))" } ?? "") + ": \(status): \(reason)")
            }
            if format == .bubiaoTXT, let idField = o.idField, f.properties["地块编号"] == nil, let v = f.properties[idField] {
                f.properties["地块编号"] = v
            }
            out.append(f)
        }
        var warnings = layer.warnings
        if format == .bubiaoTXT {
            // The format has no empty parcels: unusable features cannot be written there.
            let missing = out.filter { $0.geometry == nil }.count
            if missing > 0 { warnings.append("\(missing) features without a usable geometry are left out of the ministry's TXT, which has no empty parcels") }
            out.removeAll { $0.geometry == nil }
        }
        let result = try LayerWriter.write(out, to: o.output, format: format, crs: target,
                                           options: .init(encoding: o.encoding, layerName: nil))
        return Result(format: format, inputFormat: layer.format, inputCRS: layer.crs, outputCRS: target, counts: counts,
                      read: layer.features.count, written: out.count, problems: problems, files: result.files,
                      renamedColumns: result.renamedColumns, warnings: warnings + result.warnings)
    }

    static func outputCRS(_ layer: LoadedLayer, format: OutputFormat, requested: String?, engine: GeometryEngine) throws -> CRS {
        if let requested {
            do {
                return try engine.crs(requested)
            } catch let e as SpatialError {
                throw ReadError(file: layer.file, message: "--to-crs '\(requested)' is not usable: \(e.description)")
            }
        }
        switch format {
        case .geojson:
            return layer.crs.isGeographic ? layer.crs : try engine.crs(layer.crs.geodeticDefinition)
        case .bubiaoTXT:
            if let code = layer.crs.epsg, GaussKrugerZones.Zone(epsg: code) != nil { return layer.crs }
            let centre = try Classifier.lonLatCentre(layer, engine: engine)
            let number = Int((centre.x / 3).rounded())
            guard let zone = GaussKrugerZones.Zone(datum: .cgcs2000, width: 3, number: number, prefixed: true) else {
                throw ReadError(file: layer.file, message: "the data (centre \(NumberFormatting.string(centre.x))°E) lie outside China's Gauss–Krüger zones; name the output CRS with --to-crs")
            }
            return try engine.crs(zone.definition)
        default:
            return layer.crs
        }
    }
}
