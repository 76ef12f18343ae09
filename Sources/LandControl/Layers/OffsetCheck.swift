import Foundation
import Spatial

/// `--check-offset REFERENCE`: does the layer sit where a trusted reference layer says it
/// should, or some hundreds of metres off, as data digitised from Chinese web maps do
/// (GCJ-02 for 高德/腾讯, BD-09 for 百度)? Two measures:
///
/// - **Shares**: of a spread-out sample of features, the share whose inner point lies inside
///   the reference's polygons as read, after applying the GCJ-02 formula, and after undoing it.
/// - **Displacement**: how far and which way the layer lies from the reference, by chamfer
///   matching (Barrow et al. 1977; Borgefors, "Hierarchical chamfer matching", IEEE PAMI
///   10(6), 1988), both ways: points spaced evenly along the layer's outlines are matched to
///   the reference's outlines, and points along the reference's outlines to the layer's. A
///   point's cost is its distance to the nearest outline of the other layer, capped at
///   ``capM`` so that lines one layer has and the other lacks (inner parcel edges against a
///   district boundary, a boundary through fields no parcel covers) add a constant instead of
///   pulling the fit (a truncated, robust cost); the two directions' means are averaged, so
///   swapping layer and reference only changes the sign. Outlines, not areas, are matched:
///   parcels separated by narrow roads would fit almost as well one road-width off if only
///   being inside counted. The distances come from exact Euclidean distance transforms of the
///   two layers' rasterised outlines (``DistanceField``), so a trial shift costs one look-up
///   per point: every shift on a coarse grid over a disc that holds the GCJ-02 and BD-09
///   offsets of the place (either sign) is tried on a coarser copy of the rasters, then the
///   best few are refined by a compass search down to an eighth of a cell.
///
/// The displacement found is compared with what the GCJ-02 and BD-09 formulas shift at the
/// layer's centre: a match names the option that undoes it (`--from-gcj02`, `--from-bd09`),
/// or says that the reference itself looks shifted. Findings are warnings, never errors.
public enum OffsetCheck {
    /// A displacement on the ground: metres east and north.
    public struct Displacement: Sendable, Codable, Equatable {
        public var eastM: Double
        public var northM: Double

        public init(eastM: Double, northM: Double) {
            self.eastM = eastM
            self.northM = northM
        }

        public var distanceM: Double { (eastM * eastM + northM * northM).squareRoot() }

        /// Direction, degrees clockwise from north (0 … 360).
        public var bearingDegrees: Double {
            let b = atan2(eastM, northM) * 180 / .pi
            return b < 0 ? b + 360 : b
        }

        /// "east-south-east": one of the 16 points of the compass.
        public var compass: String {
            let names = ["north", "north-north-east", "north-east", "east-north-east", "east", "east-south-east", "south-east", "south-south-east",
                         "south", "south-south-west", "south-west", "west-south-west", "west", "west-north-west", "north-west", "north-north-west"]
            return names[Int((bearingDegrees / 22.5).rounded()) % 16]
        }

        /// "466 m east-south-east (bearing 112°: 434 m east, 171 m south)".
        public var text: String {
            func m(_ v: Double) -> String { NumberText.grouped(abs(v), decimals: 0) + " m" }
            return "\(m(distanceM)) \(compass) (bearing \(NumberText.grouped(bearingDegrees, decimals: 0))°: "
                + "\(m(eastM)) \(eastM < 0 ? "west" : "east"), \(m(northM)) \(northM < 0 ? "south" : "north"))"
        }

        static func - (a: Displacement, b: Displacement) -> Displacement {
            Displacement(eastM: a.eastM - b.eastM, northM: a.northM - b.northM)
        }

        static prefix func - (a: Displacement) -> Displacement { Displacement(eastM: -a.eastM, northM: -a.northM) }
    }

    /// What the measured displacement looks like.
    public enum Explanation: String, Sendable, Codable {
        /// Less than ``minimumShiftM`` apart: nothing to report.
        case aligned
        /// The layer is shifted by the GCJ-02 formula (read it with `--from-gcj02`).
        case layerGCJ02 = "layer_gcj02"
        /// The layer is shifted by the BD-09 formula (read it with `--from-bd09`).
        case layerBD09 = "layer_bd09"
        /// The reference is the one shifted by the GCJ-02 formula.
        case referenceGCJ02 = "reference_gcj02"
        /// The reference is the one shifted by the BD-09 formula.
        case referenceBD09 = "reference_bd09"
        /// Clearly shifted (see ``OffsetCheck/explain(_:gcj:bd:)``), but by neither formula (a
        /// CRS or datum mix-up?).
        case unexplained
        /// A best shift of ``minimumShiftM`` or more that neither formula explains and that
        /// matches few more outline points than none: layers that share few outlines (parcels
        /// against large zones, water against land) have such minima; nothing is reported.
        case inconclusive
        /// The layer and the reference hardly meet at any shift tried.
        case notMeasured = "not_measured"

        /// In words, for the report.
        public var summary: String {
            switch self {
            case .aligned: "aligned (less than \(Int(OffsetCheck.minimumShiftM)) m apart)"
            case .layerGCJ02: "the layer is in GCJ-02: read it with --from-gcj02"
            case .layerBD09: "the layer is in BD-09: read it with --from-bd09"
            case .referenceGCJ02: "the reference looks like GCJ-02 data"
            case .referenceBD09: "the reference looks like BD-09 data"
            case .unexplained: "shifted, by neither web-map formula: check both layers' CRS"
            case .inconclusive: "inconclusive: no shift fits clearly better than none (the layers share few outlines)"
            case .notMeasured: "not measured: the layers hardly meet"
            }
        }

        /// The option that reads the layer right, when there is one.
        public var option: String? {
            switch self {
            case .layerGCJ02: WebMapDatum.gcj02.option
            case .layerBD09: WebMapDatum.bd09.option
            default: nil
            }
        }
    }

    public struct Finding: Sendable, Codable {
        public var reference: String
        /// Share of sampled features (a point inside each) inside the reference as read, after WGS→GCJ and after GCJ→WGS.
        public var asRead: Double
        public var shiftedToGCJ: Double
        public var shiftedFromGCJ: Double
        /// Features in the share sample.
        public var sampled: Int
        /// Where the layer lies relative to the reference (undo it to align them); nil when
        /// it could not be measured.
        public var displacement: Displacement?
        /// Mean (capped) distance between the layers' outline points and the other layer, as
        /// read and with the displacement undone, metres.
        public var meanDistanceAsReadM: Double?
        public var meanDistanceAlignedM: Double?
        /// Share of the outline points within ``matchedWithinM`` of the other layer's
        /// outlines, as read and with the displacement undone.
        public var matchedAsRead: Double?
        public var matchedAligned: Double?
        /// Points along the layer's outlines matched against the reference, and along the
        /// reference's against the layer.
        public var points: Int
        public var referencePoints: Int
        /// What the GCJ-02 and BD-09 formulas shift at the layer's centre (WGS 84 → web map).
        public var gcj02Offset: Displacement
        public var bd09Offset: Displacement
        public var explanation: Explanation
        public var warning: String?
    }

    /// Displacements shorter than this are reported as aligned: within what digitising and
    /// generalisation leave between two honest layers.
    public static let minimumShiftM = 50.0
    /// Each point's distance counts up to this much (the truncation of the robust cost).
    public static let capM = 250.0
    /// A point this close to the other layer's outlines counts as matched (or two raster
    /// cells, when they are larger).
    public static let matchedWithinM = 20.0
    /// Outline points matched per layer (about; spread evenly), and in the coarse pass.
    static let maxPoints = 4_000
    static let maxCoarsePoints = 500
    /// Raster cells at most, and the finest and coarsest cell sizes, metres.
    static let maxCells = 4_000_000
    static let finestCellM = 5.0
    static let coarsestCellM = 20.0

    public static func check(_ layer: LoadedLayer, reference path: String, options: LayerReader.Options = .init(),
                             engine: GeometryEngine, sample: Int = 2_000) throws -> Finding {
        // The reference is trusted: read as it is (no web-map conversion).
        var referenceOptions = options
        referenceOptions.swapXY = false // --swap-xy is about the run's layers, not the reference
        let reference = try LayerLoader.load(path, options: referenceOptions, engine: engine)
        let wgs = try engine.crs("EPSG:4326")
        let refToLonLat = try engine.transform(from: reference.crs, to: reference.crs.isGeographic ? reference.crs : wgs)
        let toLonLat = try engine.transform(from: layer.crs, to: layer.crs.isGeographic ? layer.crs : wgs)

        // The layer's centre in lon/lat, and a local plane in metres around it.
        var centre = (x: 0.0, y: 0.0)
        if let c = layer.centre, let p = try? toLonLat.apply(x: c.x, y: c.y) { centre = (p.x, p.y) }
        let plane = LocalPlane(longitude: centre.x, latitude: centre.y)
        let gcj = plane.offset(WebMapDatum.gcj02, atLongitude: centre.x, latitude: centre.y)
        let bd = plane.offset(WebMapDatum.bd09, atLongitude: centre.x, latitude: centre.y)

        // One raster extent for both layers: the layer's envelope, with room for the shifts
        // tried and the distance cap (cut to a window around the layer's median centre when
        // that is too large for the raster).
        let radius = max(300, 1.25 * max(gcj.distanceM, bd.distanceM) + 100)
        var referenceField: DistanceField?, layerField: DistanceField?
        if let box = lonLatBox(layer, toLonLat).map(plane.project(_:)) {
            referenceField = DistanceRaster.make(box, around: plane.project(centre.x, centre.y), margin: radius + capM)
            layerField = referenceField
        }
        let bounds = referenceField?.bounds ?? .empty
        let spacing = referenceField?.cellSize ?? 1

        // The layer: drawn into its raster, points sampled along its outlines.
        var layerSample = OutlineSample(limit: maxPoints, spacing: spacing, bounds: bounds)
        if layerField != nil {
            for f in layer.features where f.problem == nil {
                guard var g = f.geometry, !g.isEmpty, (try? toLonLat.apply(&g)) != nil else { continue }
                plane.project(&g)
                layerField?.mark(g)
                layerSample.add(g)
            }
        }
        // The reference: polygons prepared for the shares; drawn into its raster, points
        // sampled along its outlines.
        var referenceSample = OutlineSample(limit: maxPoints, spacing: spacing, bounds: bounds)
        let index = try SpatialIndex(engine: engine)
        var prepared: [PreparedGeometry] = []
        for f in reference.features {
            guard var g = f.geometry, !g.isEmpty, f.problem == nil, (try? refToLonLat.apply(&g)) != nil else { continue }
            if g.isPolygonal {
                var geometry = try engine.geometry(from: g)
                if try !geometry.isValid() { geometry = try geometry.makeValid() }
                try index.insert(geometry)
                prepared.append(try geometry.prepared())
            }
            if referenceField != nil {
                plane.project(&g)
                referenceField?.mark(g)
                referenceSample.add(g)
            }
        }

        // Shares of feature centres inside the reference.
        let step = max(1, layer.features.count / sample)
        var centres: [(Double, Double)] = []
        for f in stride(from: 0, to: layer.features.count, by: step).map({ layer.features[$0] }) {
            // A point inside the feature (an envelope's centre can fall outside a concave parcel).
            guard let g = f.geometry, f.problem == nil, let inside = try? engine.geometry(from: g).pointOnSurface(),
                  let p = try? toLonLat.apply(x: inside.x, y: inside.y) else { continue }
            centres.append((p.x, p.y))
        }
        func share(_ transform: (Double, Double) -> (Double, Double)) throws -> Double {
            guard !centres.isEmpty else { return 0 }
            var inside = 0
            for (x, y) in centres {
                let (tx, ty) = transform(x, y)
                let point = try engine.geometry(from: FlatGeometry(xy: [tx, ty], sequenceEnds: [1], nodes: [.init(kind: .point, count: 1)]))
                var hit = false
                for i in index.query(point) where !hit { hit = try prepared[i].contains(point) }
                if hit { inside += 1 }
            }
            return Double(inside) / Double(centres.count)
        }
        let asRead = try share { ($0, $1) }
        let toGCJ = try share { let g = GCJ02.fromWGS84(longitude: $0, latitude: $1); return (g.longitude, g.latitude) }
        let fromGCJ = try share { let g = GCJ02.toWGS84(longitude: $0, latitude: $1); return (g.longitude, g.latitude) }

        var finding = Finding(reference: path, asRead: asRead, shiftedToGCJ: toGCJ, shiftedFromGCJ: fromGCJ, sampled: centres.count,
                              displacement: nil, meanDistanceAsReadM: nil, meanDistanceAlignedM: nil, matchedAsRead: nil, matchedAligned: nil,
                              points: layerSample.xs.count, referencePoints: referenceSample.xs.count,
                              gcj02Offset: gcj, bd09Offset: bd, explanation: .notMeasured, warning: nil)
        // The layer's points against the reference and the reference's against the layer.
        var terms: [ShiftSearch.Term] = []
        if var field = referenceField, !layerSample.xs.isEmpty, field.markedCount > 0 {
            referenceField = nil // one owner again: the distances are computed in place, not in a copy
            field.computeDistances()
            terms.append(.init(field: field, xs: layerSample.xs, ys: layerSample.ys, sign: 1))
        }
        if var field = layerField, !referenceSample.xs.isEmpty, !terms.isEmpty, field.markedCount > 0 {
            layerField = nil
            field.computeDistances()
            terms.append(.init(field: field, xs: referenceSample.xs, ys: referenceSample.ys, sign: -1))
        }
        if !terms.isEmpty {
            let fit = ShiftSearch(terms: terms, cap: capM).best(radius: radius, seeds: [Displacement(eastM: 0, northM: 0), gcj, bd, -gcj, -bd])
            finding.displacement = fit.displacement
            finding.meanDistanceAsReadM = fit.asRead
            finding.meanDistanceAlignedM = fit.aligned
            finding.matchedAsRead = fit.matchedAsRead
            finding.matchedAligned = fit.matchedAligned
            finding.explanation = explain(fit, gcj: gcj, bd: bd)
        }
        finding.warning = warning(finding, layer: layer.file)
        return finding
    }

    /// The layer's envelope in longitude/latitude (its corners and edge midpoints
    /// transformed), nil when it has none or it cannot be transformed.
    static func lonLatBox(_ layer: LoadedLayer, _ t: CoordinateTransform) -> Envelope? {
        let e = layer.envelope
        guard !e.isEmpty else { return nil }
        if t.isIdentity { return e }
        var ring = FlatGeometry(xy: [e.minX, e.minY, e.centerX, e.minY, e.maxX, e.minY, e.maxX, e.centerY,
                                     e.maxX, e.maxY, e.centerX, e.maxY, e.minX, e.maxY, e.minX, e.centerY],
                                sequenceEnds: [8], nodes: [.init(kind: .lineString, count: 1)])
        return (try? t.apply(&ring)) != nil ? ring.envelope : nil
    }

    /// Names what the displacement looks like. Its significance is judged by the share of
    /// outline points that the shift brings within ``matchedWithinM`` of the other layer's
    /// outlines (the Hausdorff fraction of Huttenlocher et al., "Comparing images using the
    /// Hausdorff distance", IEEE PAMI 15(9), 1993): a real offset brings more of them
    /// together, while the best shift between layers that share few outlines (parcels against
    /// large zones, water against land) is a chance minimum of the capped mean that matches
    /// no more points than none.
    static func explain(_ fit: ShiftSearch.Fit, gcj: Displacement, bd: Displacement) -> Explanation {
        // Hardly a point within reach of the other layer at any shift: nothing to compare.
        guard fit.matchedAligned > 0, fit.aligned < 0.95 * capM else { return .notMeasured }
        let d = fit.displacement
        guard d.distanceM >= minimumShiftM else { return .aligned }
        let known: [(Displacement, Explanation)] = [(gcj, .layerGCJ02), (bd, .layerBD09), (-gcj, .referenceGCJ02), (-bd, .referenceBD09)]
        let nearest = known.min { (d - $0.0).distanceM < (d - $1.0).distanceM }
        let gain = fit.matchedAligned - fit.matchedAsRead, ratio = fit.matchedAligned / max(fit.matchedAsRead, 1e-9)
        // The formulas are exact; the tolerance is for the data (digitising, generalisation)
        // and for the offset's change across the layer (a few metres per kilometre). A shift
        // the formulas predict needs only to match clearly more points than none (a district
        // boundary against parcels that line half of it: 12 % → 18 %); any other shift must
        // double the matched share or halve the unmatched one (dense layers match many
        // points by chance), by ten points of the share or more.
        if let (e, explanation) = nearest, e.distanceM > 0, (d - e).distanceM <= max(75, 0.25 * e.distanceM), ratio >= 1.25, gain >= 0.03 {
            return explanation
        }
        let halvesUnmatched = 1 - fit.matchedAligned <= 0.5 * (1 - fit.matchedAsRead)
        return gain >= 0.1 && (ratio >= 2 || halvesUnmatched) ? .unexplained : .inconclusive
    }

    static func warning(_ f: Finding, layer file: String) -> String? {
        func pct(_ v: Double) -> String { NumberText.grouped(v * 100, decimals: 1) + " %" }
        func metres(_ v: Double?) -> String { NumberText.grouped(v ?? 0, decimals: 0) + " m" }
        guard let d = f.displacement else {
            return "\(file) and the reference \(f.reference) do not meet (no reference geometry near the layer): the offset could not be measured"
        }
        let fit = "outline points within \(Int(matchedWithinM)) m of the other layer's: \(pct(f.matchedAsRead ?? 0)) as read, \(pct(f.matchedAligned ?? 0)) with the offset undone"
        let shares = f.sampled >= 20 ? "; feature centres inside it: \(pct(f.asRead)) as read, \(pct(f.shiftedFromGCJ)) after undoing GCJ-02, \(pct(f.shiftedToGCJ)) after applying it" : ""
        switch f.explanation {
        case .aligned, .inconclusive:
            return nil
        case .notMeasured:
            return "\(file) and the reference \(f.reference) hardly meet at any shift up to \(metres(max(f.gcj02Offset.distanceM, f.bd09Offset.distanceM) * 1.25 + 100)): the offset could not be measured"
        case .layerGCJ02, .layerBD09:
            let datum: WebMapDatum = f.explanation == .layerGCJ02 ? .gcj02 : .bd09
            let formula = datum == .gcj02 ? f.gcj02Offset : f.bd09Offset
            let source = datum == .gcj02 ? "高德/腾讯" : "百度"
            return "\(file) lies \(d.text) of \(f.reference), as \(datum) (\(source) web-map) coordinates do here (the \(datum) offset: \(formula.text)); read it with \(datum.option) (\(fit)\(shares))"
        case .referenceGCJ02, .referenceBD09:
            let datum: WebMapDatum = f.explanation == .referenceGCJ02 ? .gcj02 : .bd09
            return "the reference \(f.reference) lies \((-d).text) of \(file), as \(datum) web-map coordinates do here: the reference looks like \(datum) data, not WGS 84/CGCS2000; check against a trusted layer (\(fit)\(shares))"
        case .unexplained:
            return "\(file) lies \(d.text) of \(f.reference): not the GCJ-02 (\(f.gcj02Offset.text)) or BD-09 (\(f.bd09Offset.text)) offset of the place; check the CRS of both layers (\(fit)\(shares))"
        }
    }
}

/// A local plane in metres around a place: longitude and latitude differences scaled by the
/// WGS 84 radii of curvature there (equirectangular). Over a city (tens of kilometres) its
/// scale error is a few parts in a thousand, a metre or two on a shift of 500 m.
struct LocalPlane {
    let longitude0: Double, latitude0: Double
    /// Metres per degree east and north.
    let kx: Double, ky: Double

    init(longitude: Double, latitude: Double) {
        let a = 6_378_137.0, e2 = 0.006_694_379_990_14
        let phi = latitude * .pi / 180
        let w = 1 - e2 * sin(phi) * sin(phi)
        longitude0 = longitude
        latitude0 = latitude
        kx = a / w.squareRoot() * cos(phi) * .pi / 180
        ky = a * (1 - e2) / (w * w.squareRoot()) * .pi / 180
    }

    func project(_ lon: Double, _ lat: Double) -> (x: Double, y: Double) {
        ((lon - longitude0) * kx, (lat - latitude0) * ky)
    }

    /// An envelope in longitude/latitude in the plane (the plane is affine in them).
    func project(_ e: Envelope) -> Envelope {
        let a = project(e.minX, e.minY), b = project(e.maxX, e.maxY)
        return Envelope(minX: a.x, minY: a.y, maxX: b.x, maxY: b.y)
    }

    func project(_ g: inout FlatGeometry) {
        let (lon0, lat0, kx, ky) = (longitude0, latitude0, kx, ky)
        g.xy.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i + 1 < p.count {
                p[i] = (p[i] - lon0) * kx
                p[i + 1] = (p[i + 1] - lat0) * ky
                i += 2
            }
        }
    }

    /// What a web-map datum's formula shifts at a place, in metres.
    func offset(_ datum: WebMapDatum, atLongitude lon: Double, latitude lat: Double) -> OffsetCheck.Displacement {
        let m = datum.fromWGS84(longitude: lon, latitude: lat)
        return OffsetCheck.Displacement(eastM: (m.longitude - lon) * kx, northM: (m.latitude - lat) * ky)
    }
}

/// Points spaced evenly along the outlines of a stream of geometries (in the plane), as
/// chamfer matching samples edges: a long straight edge weighs by its length, not by its two
/// vertices. Points are kept at every multiple of `spacing` along the running length (a
/// lone point counts as one spacing); when twice `limit` are kept, every other one is dropped
/// and the spacing doubles, so the sample stays even without knowing the total length.
/// Points outside `bounds` advance the length but are not kept.
struct OutlineSample {
    let limit: Int
    let bounds: Envelope
    private(set) var spacing: Double
    /// Metres walked along the outlines so far.
    private var walked = 0.0
    /// The next multiple of the spacing along the walk at which to keep a point.
    private var nextMark = 0
    private(set) var xs: [Double] = [], ys: [Double] = []
    /// For each point kept, its multiple of the spacing along the walk.
    private var marks: [Int] = []

    init(limit: Int, spacing: Double, bounds: Envelope) {
        self.limit = limit
        self.spacing = spacing
        self.bounds = bounds
    }

    mutating func add(_ g: FlatGeometry) {
        g.xy.withUnsafeBufferPointer { p in
            for k in g.sequenceEnds.indices {
                let r = g.sequenceRange(k)
                if r.count == 1 {
                    let step = spacing
                    if Double(nextMark) * spacing < walked + step { keepNext(p[2 * r.lowerBound], p[2 * r.lowerBound + 1]) }
                    walked += step
                    continue
                }
                for i in r.dropLast() {
                    let (x0, y0, x1, y1) = (p[2 * i], p[2 * i + 1], p[2 * i + 2], p[2 * i + 3])
                    let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
                    guard length.isFinite, length > 0 else { continue }
                    // Every multiple of the spacing in [walked, walked + length).
                    while Double(nextMark) * spacing < walked + length {
                        let t = (Double(nextMark) * spacing - walked) / length
                        keepNext(x0 + t * (x1 - x0), y0 + t * (y1 - y0))
                    }
                    walked += length
                }
            }
        }
    }

    private mutating func keepNext(_ x: Double, _ y: Double) {
        let mark = nextMark
        nextMark += 1
        guard x >= bounds.minX, x <= bounds.maxX, y >= bounds.minY, y <= bounds.maxY else { return }
        xs.append(x)
        ys.append(y)
        marks.append(mark)
        if xs.count >= 2 * limit { thin() }
    }

    /// Keeps the points at even multiples, and doubles the spacing.
    private mutating func thin() {
        var k = 0
        for i in marks.indices where marks[i] % 2 == 0 {
            xs[k] = xs[i]
            ys[k] = ys[i]
            marks[k] = marks[i] / 2
            k += 1
        }
        xs.removeLast(xs.count - k)
        ys.removeLast(ys.count - k)
        marks.removeLast(marks.count - k)
        spacing *= 2
        nextMark = (nextMark + 1) / 2 // the first multiple of the new spacing not yet passed
    }
}

/// The raster both layers are drawn into.
enum DistanceRaster {
    /// A raster over `box` (the layer, in the plane) grown by `margin`, cells as fine as the
    /// budget allows (≥ 5 m). When even 20 m cells would not cover it, the raster is a
    /// window around `centre` (the layer's median) that does fit: a city-sized window
    /// measures the shift as well as a province.
    static func make(_ box: Envelope, around centre: (x: Double, y: Double), margin: Double) -> DistanceField? {
        guard !box.isEmpty, box.minX.isFinite, box.maxX.isFinite, box.minY.isFinite, box.maxY.isFinite else { return nil }
        var box = box
        func cells(_ b: Envelope, _ c: Double) -> Double { ((b.maxX - b.minX + 2 * margin) / c) * ((b.maxY - b.minY + 2 * margin) / c) }
        if cells(box, OffsetCheck.coarsestCellM) > Double(OffsetCheck.maxCells) {
            let half = max(1_000, (Double(OffsetCheck.maxCells).squareRoot() * OffsetCheck.coarsestCellM) / 2 - margin - OffsetCheck.coarsestCellM)
            box = Envelope(minX: max(box.minX, centre.x - half), minY: max(box.minY, centre.y - half),
                           maxX: min(box.maxX, centre.x + half), maxY: min(box.maxY, centre.y + half))
            if box.isEmpty { box = Envelope(minX: centre.x - half, minY: centre.y - half, maxX: centre.x + half, maxY: centre.y + half) }
        }
        let cell = max(OffsetCheck.finestCellM, (cells(box, 1) / Double(OffsetCheck.maxCells)).squareRoot())
        let columns = Int(((box.maxX - box.minX + 2 * margin) / cell).rounded(.up)) + 1
        let rows = Int(((box.maxY - box.minY + 2 * margin) / cell).rounded(.up)) + 1
        return DistanceField(originX: box.minX - margin, originY: box.minY - margin, cellSize: cell, columns: columns, rows: rows)
    }
}

/// The translation between the layers that brings each one's outline points closest to the other.
struct ShiftSearch {
    /// Points of one layer against the other's distance field. `sign` +1: the layer's own
    /// points, moved back by a trial displacement; −1: the reference's, moved forward by it.
    struct Term {
        let field: DistanceField
        let xs: [Double], ys: [Double]
        let sign: Double
    }

    let terms: [Term]
    let cap: Double

    struct Fit {
        var displacement: OffsetCheck.Displacement
        /// Mean capped distance as read (no shift) and at the displacement (the mean of the
        /// terms' means, so that each direction weighs the same).
        var asRead: Double
        var aligned: Double
        /// Share of the points within ``OffsetCheck/matchedWithinM`` of the other layer's
        /// outlines, as read and at the displacement (mean of the terms' shares).
        var matchedAsRead: Double
        var matchedAligned: Double
    }

    /// The cost of displacement (e, n): the mean over the terms of their points' mean
    /// capped distance, on the given points and fields.
    func cost(_ e: Double, _ n: Double, _ points: [(xs: [Double], ys: [Double])], _ fields: [DistanceField]) -> Double {
        var total = 0.0
        for (t, term) in terms.enumerated() {
            total += fields[t].meanDistance(xs: points[t].xs, ys: points[t].ys, shiftX: term.sign * e, shiftY: term.sign * n, cap: cap)
        }
        return total / Double(terms.count)
    }

    /// Every shift on a grid over the disc of `radius` (and the seeds), on a subsample of the
    /// points and fields about as coarse as the grid; then a compass search from the best few,
    /// on all the points and the full fields.
    func best(radius: Double, seeds: [OffsetCheck.Displacement]) -> Fit {
        let all = terms.map { ($0.xs, $0.ys) }
        let fine = terms.map(\.field)
        let coarsePoints = terms.map { t -> (xs: [Double], ys: [Double]) in
            let every = max(1, t.xs.count / OffsetCheck.maxCoarsePoints)
            return (Swift.stride(from: 0, to: t.xs.count, by: every).map { t.xs[$0] }, Swift.stride(from: 0, to: t.ys.count, by: every).map { t.ys[$0] })
        }
        let cell = terms.map(\.field.cellSize).max() ?? 1
        let s0 = max(cell, radius / 25)
        // Coarse cells no larger than half the grid step (an odd factor).
        let factor = max(1, Int((s0 / 2 / cell).rounded(.down)) | 1)
        let coarse = fine.map { $0.downsampled(by: factor) }
        func cost(_ e: Double, _ n: Double, _ points: [(xs: [Double], ys: [Double])]) -> Double {
            self.cost(e, n, points, fine)
        }
        let n = Int((radius / s0).rounded(.up))
        var trials: [(cost: Double, e: Double, n: Double)] = []
        for i in -n...n {
            for j in -n...n {
                let e = Double(i) * s0, north = Double(j) * s0
                guard e * e + north * north <= radius * radius else { continue }
                trials.append((self.cost(e, north, coarsePoints, coarse), e, north))
            }
        }
        for s in seeds { trials.append((self.cost(s.eastM, s.northM, coarsePoints, coarse), s.eastM, s.northM)) }
        trials.sort { $0.cost < $1.cost }
        // The best few that are not neighbours of a better one.
        var starts: [(e: Double, n: Double)] = []
        for t in trials where starts.count < 3 {
            if starts.allSatisfy({ hypot($0.e - t.e, $0.n - t.n) > 3 * s0 }) { starts.append((t.e, t.n)) }
        }
        var best = (cost: Double.infinity, e: 0.0, n: 0.0)
        let finest = max(0.5, cell / 8)
        for start in starts {
            var at = (cost: cost(start.e, start.n, all), e: start.e, n: start.n)
            var step = s0 / 2
            while step >= finest {
                var moved = false
                for (de, dn) in [(1.0, 0.0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)] {
                    let e = at.e + de * step, north = at.n + dn * step
                    guard e * e + north * north <= radius * radius else { continue }
                    let c = cost(e, north, all)
                    if c < at.cost {
                        at = (c, e, north)
                        moved = true
                    }
                }
                if !moved { step /= 2 }
            }
            if at.cost < best.cost { best = at }
        }
        let within = max(OffsetCheck.matchedWithinM, 2 * cell)
        func matched(_ e: Double, _ n: Double) -> Double {
            terms.reduce(0) { $0 + $1.field.shareWithin(within, xs: $1.xs, ys: $1.ys, shiftX: $1.sign * e, shiftY: $1.sign * n) } / Double(terms.count)
        }
        return Fit(displacement: .init(eastM: best.e, northM: best.n), asRead: cost(0, 0, all), aligned: best.cost,
                   matchedAsRead: matched(0, 0), matchedAligned: matched(best.e, best.n))
    }
}
