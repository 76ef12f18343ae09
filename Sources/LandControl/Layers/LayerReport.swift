import Foundation
import Spatial

/// What `landctl info` tells about a layer file.
public struct LayerReport: Sendable, Codable {
    public struct Problem: Sendable, Codable, Equatable {
        public var index: Int
        public var id: String?
        public var reason: String
    }

    public struct Areas: Sendable, Codable {
        /// Planar area in `areaCRS`, m².
        public var planarM2: Double?
        /// Ellipsoidal (geodesic) area on `ellipsoid`, m².
        public var ellipsoidalM2: Double
        public var areaCRS: String?
        /// Why there is no planar area (no usable area CRS), when there is none.
        public var areaCRSError: String?
        public var ellipsoid: String

        public var planarHectares: Double? { planarM2.map(AreaUnits.hectares(fromSquareMetres:)) }
        public var planarMu: Double? { planarM2.map(AreaUnits.mu(fromSquareMetres:)) }
        public var ellipsoidalHectares: Double { AreaUnits.hectares(fromSquareMetres: ellipsoidalM2) }
        public var ellipsoidalMu: Double { AreaUnits.mu(fromSquareMetres: ellipsoidalM2) }
    }

    public var file: String
    public var format: String
    public var featureCount: Int
    /// Count per ``FeatureStatus`` raw value.
    public var statusCounts: [String: Int]
    /// Count per root geometry type (`Polygon`, `MultiPolygon`…).
    public var geometryTypes: [String: Int]
    public var declaredCRS: String?
    public var crs: String
    public var crsSource: String
    /// Envelope in the layer's CRS: [minX, minY, maxX, maxY].
    public var bbox: [Double]?
    /// Envelope in longitude/latitude.
    public var bboxLonLat: [Double]?
    /// Geometries that were invalid as read: rings repaired as read, geometries GEOS finds
    /// invalid (repaired with makeValid for the areas).
    public var invalidCount: Int
    public var invalidExamples: [Problem]
    /// Features that could not be used at all (unreadable geometry).
    public var errorExamples: [Problem]
    public var areas: Areas
    /// The web-map datum the coordinates were converted from as read (`--from-gcj02`…).
    public var convertedFrom: WebMapDatum?
    /// `--check-offset`: the shares and the displacement measured against the reference.
    public var offset: OffsetCheck.Finding?
    public var warnings: [String]
    /// Size of the file in bytes.
    public var bytes: Int
    /// Seconds spent per phase: `read` (parse into flat buffers, web-map conversion),
    /// `check` (GEOS build, validity, repair), `area` (transforms and both areas), `offset`
    /// (`--check-offset`: reading the reference and measuring).
    public var timings: [String: Double]

    public func count(_ s: FeatureStatus) -> Int { statusCounts[s.rawValue] ?? 0 }
}

/// Builds a ``LayerReport``: reads the layer, checks every geometry with GEOS, repairs the
/// invalid ones for the totals, and sums planar and ellipsoidal areas.
public enum LayerInspector {
    public static let exampleLimit = 5

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    public static func inspect(_ path: String, options: LayerReader.Options = .init(), crs: String? = nil,
                               areaCRS requestedAreaCRS: String? = nil, checkOffset: String? = nil, webMap: WebMapDatum? = nil,
                               repair: RepairRules = RepairRules(), engine: GeometryEngine = GeometryEngine()) throws -> LayerReport {
        let clock = ContinuousClock()
        let started = clock.now
        let layer = try LayerLoader.load(path, options: options, crs: crs, webMap: webMap, repair: repair, engine: engine)
        let readSeconds = seconds(clock.now - started)
        var checkSeconds = 0.0, areaSeconds = 0.0, offsetSeconds = 0.0
        var warnings = layer.warnings
        var offset: OffsetCheck.Finding?
        if let checkOffset {
            let t0 = clock.now
            offset = try OffsetCheck.check(layer, reference: checkOffset, options: options, engine: engine)
            offsetSeconds = seconds(clock.now - t0)
            if let w = offset?.warning { warnings.append(w) }
        }

        // Centre of the data in lon/lat, for the Gauss–Krüger zone.
        var lonLatBox: Envelope?
        if !layer.envelope.isEmpty {
            let geodetic = layer.crs.isGeographic ? layer.crs : try engine.crs(layer.crs.geodeticDefinition)
            let t = try engine.transform(from: layer.crs, to: geodetic)
            var corners = FlatGeometry(xy: [layer.envelope.minX, layer.envelope.minY, layer.envelope.maxX, layer.envelope.maxY,
                                            layer.envelope.minX, layer.envelope.maxY, layer.envelope.maxX, layer.envelope.minY],
                                       sequenceEnds: [4], nodes: [.init(kind: .lineString, count: 1)])
            if (try? t.apply(&corners)) != nil { lonLatBox = corners.envelope }
        }
        var areaCRS: CRS?
        var areaCRSError: String?
        do {
            // The median feature centre, not the envelope's: one absurd feature must not move it.
            guard let centre = try? Classifier.lonLatCentre(layer, engine: engine) else {
                throw SpatialError.crs(layer.centre == nil ? "the layer has no geometry to measure" : "the middle of the data is not a place in \(layer.crs); check --crs")
            }
            areaCRS = try AreaCRS.choose(input: layer.crs, centreLongitude: centre.x,
                                         centreLatitude: centre.y, requested: requestedAreaCRS, engine: engine)
        } catch let e as SpatialError {
            if requestedAreaCRS != nil { throw e }
            areaCRSError = e.description
            warnings.append(e.description)
        }
        let calculator = try AreaCalculator(engine: engine, input: layer.crs, areaCRS: areaCRS ?? layer.crs)

        var counts: [FeatureStatus: Int] = [:]
        var types: [String: Int] = [:]
        var invalid: [LayerReport.Problem] = []
        var invalidCount = 0
        var errors: [LayerReport.Problem] = []
        var planar = 0.0, ellipsoidal = 0.0
        for f in layer.features {
            func problem(_ reason: String) -> LayerReport.Problem { .init(index: f.index, id: f.id, reason: reason) }
            if let reason = f.problem {
                counts[.error, default: 0] += 1
                if errors.count < exampleLimit { errors.append(problem(reason)) }
                continue
            }
            guard let g = f.geometry, !g.isEmpty else {
                counts[.noGeometry, default: 0] += 1
                continue
            }
            types[g.kind.description, default: 0] += 1
            var measured = g
            do {
                let t0 = clock.now
                // A plain ring proven simple needs no GEOS geometry at all (most parcels).
                let geometry = g.isCertainlySimplePolygon ? nil : try engine.geometry(from: g)
                let validity = try geometry?.validity() ?? .valid
                var status = FeatureStatus.ok
                if case .invalid = validity, let geometry {
                    invalidCount += 1
                    if invalid.count < exampleLimit { invalid.append(problem((f.repairs + [validity.message]).joined(separator: "; "))) }
                    measured = try geometry.makeValid().flat()
                    status = .repaired
                } else if !f.repairs.isEmpty {
                    // Rings repaired as read (a ring closed, a dead hole dropped): valid now.
                    invalidCount += 1
                    if invalid.count < exampleLimit { invalid.append(problem(f.repairs.joined(separator: "; "))) }
                    status = .repaired
                }
                let t1 = clock.now
                // The status is counted once the areas are known: a feature whose transform or
                // area fails is an error only, so that the counts add up to the features.
                let planarArea = areaCRS != nil ? try calculator.planarArea(measured) : 0
                let ellipsoidalArea = try calculator.ellipsoidalArea(measured)
                guard planarArea.isFinite, ellipsoidalArea.isFinite else {
                    throw SpatialError.transformFailed("the area is not a finite number: coordinates out of range")
                }
                planar += planarArea
                ellipsoidal += ellipsoidalArea
                counts[status, default: 0] += 1
                checkSeconds += seconds(t1 - t0)
                areaSeconds += seconds(clock.now - t1)
            } catch let e as SpatialError {
                if case .invalidStructure = e {
                    invalidCount += 1
                    if invalid.count < exampleLimit { invalid.append(problem(e.description)) }
                }
                counts[.error, default: 0] += 1
                if errors.count < exampleLimit { errors.append(problem(e.description)) }
            }
        }
        let env = layer.envelope
        return LayerReport(
            file: layer.file, format: layer.format.description, featureCount: layer.features.count,
            statusCounts: Dictionary(uniqueKeysWithValues: FeatureStatus.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
            geometryTypes: types, declaredCRS: layer.declaredCRS, crs: layer.crs.description, crsSource: layer.crsSource,
            bbox: env.isEmpty ? nil : [env.minX, env.minY, env.maxX, env.maxY],
            bboxLonLat: lonLatBox.map { [$0.minX, $0.minY, $0.maxX, $0.maxY] },
            invalidCount: invalidCount, invalidExamples: invalid, errorExamples: errors,
            areas: .init(planarM2: areaCRS == nil ? nil : planar, ellipsoidalM2: ellipsoidal, areaCRS: areaCRS?.description,
                         areaCRSError: areaCRSError, ellipsoid: calculator.ellipsoid.name),
            convertedFrom: layer.convertedFrom, offset: offset, warnings: warnings, bytes: Self.fileSize(path),
            timings: ["read": readSeconds, "check": checkSeconds, "area": areaSeconds]
                .merging(checkOffset == nil ? [:] : ["offset": offsetSeconds]) { a, _ in a })
    }
}
