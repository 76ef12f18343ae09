import Spatial

/// A firm's land from its parcels: the ellipsoidal area of the union of its usable
/// parcels, so that overlapping parcels count once.
struct FirmLand {
    /// Parcels joined to the firm.
    var parcels = 0
    /// Of them, the parcels with a usable geometry.
    var usable = 0
    /// Ellipsoidal area of the union of the usable parcels, m².
    var ellipsoidalM2 = 0.0
    /// The usable parcels overlap: the union was measured instead of the sum.
    var overlapping = false

    var mu: Double { AreaUnits.mu(fromSquareMetres: ellipsoidalM2) }

    /// The land of each of `firms` rows, from the parcels joined to it (`firmOf`: each
    /// parcel's row, or nil). A firm's usable parcels are summed; only where two of them have
    /// overlapping envelopes are they unioned in GEOS (in the area CRS) and, when the union is
    /// smaller than the sum, the union taken back to longitude/latitude and measured on the
    /// ellipsoid as every parcel is.
    static func measure(_ sites: [ParcelSite], firmOf: [Int?], firms: Int, areaCRS: CRS, outputCRS: CRS, ellipsoid: Ellipsoid,
                        engine: GeometryEngine) throws -> [FirmLand] {
        var land = [FirmLand](repeating: FirmLand(), count: firms)
        // The first usable parcel of each firm, and the usable parcels of firms with several.
        var first = [Int?](repeating: nil, count: firms)
        var several: [Int: [Int]] = [:]
        var order: [Int] = []
        for k in sites.indices {
            guard let f = firmOf[k] else { continue }
            land[f].parcels += 1
            guard sites[k].projected != nil else { continue }
            land[f].usable += 1
            land[f].ellipsoidalM2 += sites[k].ellipsoidalAreaM2
            if let one = first[f] {
                if several[f] == nil { order.append(f) }
                several[f, default: [one]].append(k)
            } else {
                first[f] = k
            }
        }
        let geodesic = GeodesicArea(ellipsoid)
        var toLonLat: CoordinateTransform?
        for f in order {
            guard let usable = several[f], envelopesOverlap(usable.compactMap { sites[$0].projected?.envelope }) else { continue }
            let geometries = try usable.compactMap { k in try sites[k].projected.map { try engine.geometry(from: $0) } }
            let union = try engine.union(of: geometries)
            let planarSum = usable.reduce(0) { $0 + sites[$1].areaM2 }
            // Parcels that only touch give the sum again: keep the parcels' own areas then.
            if try union.area() < planarSum * (1 - 1e-9) {
                var flat = try union.flat()
                if toLonLat == nil { toLonLat = try engine.transform(from: areaCRS, to: outputCRS) }
                try toLonLat!.apply(&flat)
                land[f].ellipsoidalM2 = geodesic.area(flat)
                land[f].overlapping = true
            }
        }
        return land
    }

    /// Whether any two of the boxes overlap (touching counts: the union decides).
    static func envelopesOverlap(_ boxes: [Envelope]) -> Bool {
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                let a = boxes[i], b = boxes[j]
                if a.minX <= b.maxX, b.minX <= a.maxX, a.minY <= b.maxY, b.minY <= a.maxY { return true }
            }
        }
        return false
    }
}
