import Spatial

/// A firm's land from its parcels: the ellipsoidal area of the union of its usable
/// parcels, so that overlapping parcels count once.
struct FirmLand {
    /// Positions (in the parcel list) of the parcels carrying the firm's credit code.
    var parcels: [Int] = []
    /// Of them, the parcels with a usable geometry.
    var usable = 0
    /// Ellipsoidal area of the union of the usable parcels, m².
    var ellipsoidalM2 = 0.0
    /// The usable parcels overlap: the union was measured instead of the sum.
    var overlapping = false

    var mu: Double { AreaUnits.mu(fromSquareMetres: ellipsoidalM2) }

    /// The land of every credit code found on the parcels. A firm's usable parcels are
    /// summed; only where two of them have overlapping envelopes are they unioned in GEOS (in
    /// the area CRS) and, when the union is smaller than the sum, the union taken back to
    /// longitude/latitude and measured on the ellipsoid as every parcel is.
    static func measure(_ sites: [ParcelSite], codes: [String?], areaCRS: CRS, outputCRS: CRS, ellipsoid: Ellipsoid,
                        engine: GeometryEngine) throws -> [String: FirmLand] {
        var land: [String: FirmLand] = [:]
        for (k, code) in codes.enumerated() {
            guard let code else { continue }
            land[code, default: FirmLand()].parcels.append(k)
        }
        let geodesic = GeodesicArea(ellipsoid)
        var toLonLat: CoordinateTransform?
        // Plain columns of the parcels, read once (an element of `sites` is a large value).
        var measured = [Bool](repeating: false, count: sites.count), ellipsoidal = [Double](repeating: 0, count: sites.count)
        for k in sites.indices where codes[k] != nil {
            measured[k] = sites[k].projected != nil
            ellipsoidal[k] = sites[k].ellipsoidalAreaM2
        }
        for code in Array(land.keys) {
            var firm = land[code]!
            if firm.parcels.count == 1 {
                let k = firm.parcels[0]
                firm.usable = measured[k] ? 1 : 0
                firm.ellipsoidalM2 = measured[k] ? ellipsoidal[k] : 0
                land[code] = firm
                continue
            }
            let usable = firm.parcels.filter { measured[$0] }
            firm.usable = usable.count
            firm.ellipsoidalM2 = usable.reduce(0) { $0 + ellipsoidal[$1] }
            if usable.count > 1, envelopesOverlap(usable.compactMap { sites[$0].projected?.envelope }) {
                let geometries = try usable.map { try engine.geometry(from: sites[$0].projected!) }
                let union = try engine.union(of: geometries)
                let planarSum = usable.reduce(0) { $0 + sites[$1].areaM2 }
                // Parcels that only touch give the sum again: keep the parcels' own areas then.
                if try union.area() < planarSum * (1 - 1e-9) {
                    var flat = try union.flat()
                    if toLonLat == nil { toLonLat = try engine.transform(from: areaCRS, to: outputCRS) }
                    try toLonLat!.apply(&flat)
                    firm.ellipsoidalM2 = geodesic.area(flat)
                    firm.overlapping = true
                }
            }
            land[code] = firm
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
