import Spatial

/// `--check-offset REFERENCE`: does the layer sit where a trusted reference layer says it
/// should, or about half a kilometre off, as data digitised from Chinese web maps (GCJ-02)
/// do? Counts the share of feature centres inside the reference as they are, and after
/// shifting them by the GCJ-02 formula either way; a clearly better fit after a shift is
/// reported as a warning (never an error).
public enum OffsetCheck {
    public struct Finding: Sendable {
        /// Share of sampled features (a point inside each) inside the reference as read, after WGS→GCJ and after GCJ→WGS.
        public var asRead: Double
        public var shiftedToGCJ: Double
        public var shiftedFromGCJ: Double
        public var sampled: Int
        public var warning: String?
    }

    public static func check(_ layer: LoadedLayer, reference path: String, options: LayerReader.Options = .init(),
                             engine: GeometryEngine, sample: Int = 2_000) throws -> Finding {
        let reference = try LayerLoader.load(path, options: options, engine: engine)
        let wgs = try engine.crs("EPSG:4326")
        // The reference's polygons in lon/lat, repaired, prepared, indexed.
        let refToLonLat = try engine.transform(from: reference.crs, to: reference.crs.isGeographic ? reference.crs : wgs)
        let index = try SpatialIndex(engine: engine)
        var prepared: [PreparedGeometry] = []
        for f in reference.features {
            guard var g = f.geometry, g.isPolygonal, f.problem == nil, (try? refToLonLat.apply(&g)) != nil else { continue }
            var geometry = try engine.geometry(from: g)
            if try !geometry.isValid() { geometry = try geometry.makeValid() }
            try index.insert(geometry)
            prepared.append(try geometry.prepared())
        }
        // Centres of a spread-out sample of the layer's features, in lon/lat.
        let toLonLat = try engine.transform(from: layer.crs, to: layer.crs.isGeographic ? layer.crs : wgs)
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
        var warning: String?
        func pct(_ v: Double) -> String { NumberText.grouped(v * 100, decimals: 1) + " %" }
        let margin = 0.02
        if fromGCJ > asRead + margin, fromGCJ >= toGCJ {
            warning = "\(layer.file) looks like GCJ-02 (web-map) coordinates: \(pct(asRead)) of its features fall inside \(path) as read, \(pct(fromGCJ)) after undoing the GCJ-02 shift; convert it to CGCS2000/WGS 84 before overlaying"
        } else if toGCJ > asRead + margin {
            warning = "\(path) looks like GCJ-02 (web-map) coordinates relative to \(layer.file): \(pct(asRead)) of the features fall inside it as read, \(pct(toGCJ)) after applying the GCJ-02 shift to them; the reference is offset by about half a kilometre"
        }
        return Finding(asRead: asRead, shiftedToGCJ: toGCJ, shiftedFromGCJ: fromGCJ, sampled: centres.count, warning: warning)
    }
}
