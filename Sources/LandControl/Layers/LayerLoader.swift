import Foundation
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
    /// The median of the features' centres, in `crs`: where the data are, even when a few
    /// features carry absurd coordinates that blow the envelope up.
    public var centre: (x: Double, y: Double)?
    /// Layer-level warnings: CRS assumptions, coordinate checks, reader notes.
    public var warnings: [String]
    /// The web-map datum the coordinates were converted from to WGS 84 as read, if any.
    public var convertedFrom: WebMapDatum? = nil
}

/// Reads a layer and settles its CRS: `--crs` wins, then what the file declares, then
/// GeoJSON's RFC 7946 default (WGS 84 lon/lat). WKT and CSV files that declare nothing are
/// read as lon/lat only when their numbers are degrees; otherwise `--crs` is required.
public enum LayerLoader {
    /// `webMap`: the layer's longitude/latitude come from a Chinese web map (GCJ-02 or BD-09)
    /// and are converted to WGS 84 right after reading, before anything looks at them; only
    /// for a geographic CRS (a projected layer with it is an error naming the option).
    /// Broken rings are then repaired as `repair` says (``repairRings(_:crs:rules:engine:)``).
    public static func load(_ path: String, options: LayerReader.Options = .init(), crs userCRS: String? = nil,
                            webMap: WebMapDatum? = nil, repair: RepairRules = RepairRules(), engine: GeometryEngine) throws -> LoadedLayer {
        let reader = try LayerReader.open(path, options: options)
        // A database layer is named as its reader shows it (the table, the password masked)
        // in every message, summary and report from here on.
        let path = PostGISSource.isPostGIS(path) ? reader.file : path
        // Large GeoJSON collections are parsed on every core.
        var features = try (reader as? GeoJSONReader)?.readAllInParallel() ?? reader.readAll()
        var warnings = reader.notes
        if options.swapXY {
            for k in features.indices { features[k].geometry?.swapAxes() }
            warnings.append("x and y swapped as read (--swap-xy)")
        }
        var (envelope, centre) = extent(features)
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
        if let webMap {
            guard crs.isGeographic else {
                throw ReadError(file: path, message: "\(webMap.option) converts every input layer of the run from \(webMap) longitude/latitude (web maps), but this layer is in the projected CRS \(crs) (\(source == "option" ? "given with --crs" : "declared in the file")), which no web map uses; leave \(webMap.option) out, or run it on longitude/latitude layers only (a run cannot mix web-map and projected layers)")
            }
            let moved = webMap.convertToWGS84(&features)
            (envelope, centre) = extent(features)
            warnings.append(moved > 0
                ? "coordinates converted from \(webMap) (web map) to WGS 84 as read (\(webMap.option)): \(moved) positions moved"
                : "\(webMap.option): no position lies in China, where \(webMap) differs from WGS 84; nothing was moved")
        }
        warnings += CoordinateChecks.check(envelope, crs: crs).map(\.message)
        let offGlobe = envelope.minX < -180 || envelope.maxX > 180 || envelope.minY < -90 || envelope.maxY > 90
        if crs.isGeographic, offGlobe, let c = centre, abs(c.x) <= 180, abs(c.y) <= 90 {
            // Most features are longitude/latitude: the few that are not are unusable, each
            // with the reason (swapped axes, or projected numbers) rather than PROJ's words.
            for k in features.indices where features[k].problem == nil {
                guard let e = features[k].geometry?.envelope, e.minX < -180 || e.maxX > 180 || e.minY < -90 || e.maxY > 90 else { continue }
                let x = abs(e.minX) > abs(e.maxX) ? e.minX : e.maxX, y = abs(e.minY) > abs(e.maxY) ? e.minY : e.maxY
                features[k].problem = AreaCRS.notLonLat(x: x, y: y, crs: crs)
                features[k].geometry = nil
            }
        }
        repairRings(&features, crs: crs, rules: repair, engine: engine)
        if options.strict { try checkStrictly(features, file: path, engine: engine) }
        return LoadedLayer(file: path, format: reader.format, features: features, crs: crs, crsSource: source,
                           declaredCRS: reader.declaredCRS, envelope: envelope, centre: centre, warnings: warnings, convertedFrom: webMap)
    }

    /// Repairs every feature's broken rings (``RingRepair``): the repaired geometry replaces
    /// the one read and `repairs` says what was done; a ring that cannot be repaired makes
    /// the feature unusable (`problem`, no geometry). Clean features cost one pass over
    /// their positions and are not copied. On every core, in chunks of features (one by one
    /// on one core, this pass was the main part of reading a layer once it was parsed).
    public static func repairRings(_ features: inout [Feature], crs: CRS, rules: RepairRules, engine: GeometryEngine) {
        let n = features.count, chunk = 2048
        let chunks = (n + chunk - 1) / chunk
        features.withUnsafeMutableBufferPointer { fs in
            let slots = DisjointSlots(fs)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                // Built on a chunk's first gap to measure (a projected layer's needs a PROJ
                // transform, in an engine of this thread's own).
                var built: RingRepair.GapMeasure?
                let measure: RingRepair.GapMeasure = { x0, y0, x1, y1 in
                    let m = built ?? gapMeasure(crs, engine: GeometryEngine())
                    built = m
                    return m(x0, y0, x1, y1)
                }
                for k in (c * chunk)..<min(n, (c + 1) * chunk) {
                    let f = slots.at(k) // each feature is repaired by the one thread of its chunk
                    guard f.pointee.problem == nil, let g = f.pointee.geometry, !g.isEmpty else { continue }
                    do {
                        guard let r = try RingRepair.repair(g, closeToleranceMetres: rules.closeRingToleranceM,
                                                            toleranceName: RepairRules.toleranceName, gap: measure) else { continue }
                        f.pointee.geometry = r.geometry
                        f.pointee.repairs = r.repairs
                    } catch {
                        f.pointee.problem = (error as? SpatialError)?.description ?? "\(error)"
                        f.pointee.geometry = nil
                    }
                }
            }
        }
    }

    /// Metres between two positions in `crs`: the geodesic on the CRS's ellipsoid, for a
    /// projected CRS between the positions taken back to longitude/latitude (exact whatever
    /// the projection's scale, Web Mercator's 1/cos φ included); the plain distance in the
    /// CRS's unit when that fails. Only ring ends that differ are measured, so this is rare.
    static func gapMeasure(_ crs: CRS, engine: GeometryEngine) -> RingRepair.GapMeasure {
        let ellipsoid = crs.ellipsoid
        if crs.isGeographic {
            return { x0, y0, x1, y1 in ellipsoid.geodesicDistance(longitude1: x0, latitude1: y0, longitude2: x1, latitude2: y1) }
        }
        let planar: RingRepair.GapMeasure = { x0, y0, x1, y1 in ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot() * crs.unitToMetre }
        guard crs.kind == .projected, let geodetic = try? engine.crs(crs.geodeticDefinition),
              let toLonLat = try? engine.transform(from: crs, to: geodetic) else { return planar }
        return { x0, y0, x1, y1 in
            guard let a = try? toLonLat.apply(x: x0, y: y0), let b = try? toLonLat.apply(x: x1, y: y1) else { return planar(x0, y0, x1, y1) }
            return ellipsoid.geodesicDistance(longitude1: a.x, latitude1: a.y, longitude2: b.x, latitude2: b.y)
        }
    }

    /// The envelope of the features' geometries and the median of their envelopes' centres.
    static func extent(_ features: [Feature]) -> (Envelope, (x: Double, y: Double)?) {
        // Each feature's envelope on every core (a layer's every coordinate is scanned; on
        // one core this was ~20 ms per 100,000 features, with nothing else running).
        let envelopes: [Envelope?] = features.withUnsafeBufferPointer { fs in
            OrderedChunks.map(count: fs.count, chunk: 4096) { (fs.baseAddress! + $0).pointee.geometry?.envelope }
        }
        var envelope = Envelope.empty
        var centresX: [Double] = [], centresY: [Double] = []
        centresX.reserveCapacity(envelopes.count)
        centresY.reserveCapacity(envelopes.count)
        for case let e? in envelopes {
            envelope.expand(e)
            centresX.append(e.centerX)
            centresY.append(e.centerY)
        }
        guard !centresX.isEmpty else { return (envelope, nil) }
        return (envelope, (x: element(centresX.count / 2, ofSorted: &centresX), y: element(centresY.count / 2, ofSorted: &centresY)))
    }

    /// The element that would be at `k` were `values` sorted (quickselect: linear, where the
    /// sort of two 100,000-value arrays per layer was not). Reorders `values`.
    static func element(_ k: Int, ofSorted values: inout [Double]) -> Double {
        values.withUnsafeMutableBufferPointer { v in
            var lo = 0, hi = v.count - 1
            while lo < hi {
                // Median of three as the pivot; Hoare partition.
                let mid = lo + (hi - lo) / 2
                let pivot = max(min(v[lo], v[mid]), min(max(v[lo], v[mid]), v[hi]))
                var i = lo, j = hi
                while i <= j {
                    while v[i] < pivot { i += 1 }
                    while v[j] > pivot { j -= 1 }
                    if i <= j {
                        v.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { return v[k] }
            }
            return v[k]
        }
    }

    /// `--strict`: any feature that is unreadable, has no geometry, or whose geometry GEOS
    /// finds invalid stops the run before anything is written (exit 2), with the counts and
    /// the first problems.
    static func checkStrictly(_ features: [Feature], file: String, engine: GeometryEngine) throws {
        var counts: [FeatureStatus: Int] = [:]
        var problems: [String] = []
        for f in features {
            var status = FeatureStatus.ok
            var reason = ""
            if let p = f.problem {
                (status, reason) = (.error, p)
            } else if let g = f.geometry, !g.isEmpty {
                do {
                    let v = try engine.geometry(from: g).validity()
                    if !f.repairs.isEmpty {
                        (status, reason) = (.repaired, (f.repairs + (v.isValid ? [] : [v.message])).joined(separator: "; "))
                    } else if !v.isValid { (status, reason) = (.repaired, v.message) }
                } catch let e as SpatialError {
                    (status, reason) = (.error, e.description)
                }
            } else {
                (status, reason) = (.noGeometry, "no geometry")
            }
            counts[status, default: 0] += 1
            if status != .ok, problems.count < 10 {
                problems.append("feature \(f.index)" + (f.id.map { " (id \($0))" } ?? "") + ": " + (status == .repaired ? "invalid (would be repaired): " : "") + reason)
            }
        }
        let bad = features.count - (counts[.ok] ?? 0)
        guard bad > 0 else { return }
        let tally = FeatureStatus.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
        throw ReadError(file: file, message: "--strict: \(bad) of \(features.count) features have problems (\(tally)); nothing was written. First: "
                        + problems.joined(separator: "; "))
    }

    static func resolve(_ text: String, file: String, engine: GeometryEngine, what: String) throws -> CRS {
        do {
            return try engine.crs(text)
        } catch let e as SpatialError {
            throw ReadError(file: file, message: "\(what) '\(text)' is not usable: \(e.description)")
        }
    }
}
