import Spatial

/// The zones that carry their own negative list (a park's 负面清单), to find those whose area
/// a parcel meets (more than touching). Parks with their own list are few: a parcel is
/// tested against each one's envelope, then its geometry.
final class NegativeListZones {
    private var zones: [(envelope: Envelope, flat: FlatGeometry, entries: [NegativeList.Entry])] = []
    /// The zones' geometries in the engine of the first call (the audit's, one thread).
    private var built: [Geometry?]?

    init(_ layer: ZoneLayer) {
        for z in layer.records {
            guard let entries = z.negativeList, let g = z.geometry, let e = g.envelope else { continue }
            zones.append((e, g, entries))
        }
    }

    var isEmpty: Bool { zones.isEmpty }

    /// The entries of every zone whose area `parcel` (in the area CRS) meets.
    func entries(meeting parcel: FlatGeometry, engine: GeometryEngine) -> [NegativeList.Entry] {
        guard !zones.isEmpty, let pe = parcel.envelope else { return [] }
        var out: [NegativeList.Entry] = []
        let geometries = built ?? zones.map { try? engine.geometry(from: $0.flat) }
        built = geometries
        var parcelGeometry: Geometry? // built when a zone's envelope meets the parcel's
        for (k, z) in zones.enumerated() {
            let e = z.envelope
            guard e.minX < pe.maxX, pe.minX < e.maxX, e.minY < pe.maxY, pe.minY < e.maxY, let zone = geometries[k] else { continue }
            do {
                let p = try parcelGeometry ?? engine.geometry(from: parcel)
                parcelGeometry = p
                let inside = try zone.intersection(p)
                if try inside.area() > 0 { out += z.entries }
            } catch {
                continue // an unusable zone or parcel geometry meets nothing
            }
        }
        return out
    }
}
