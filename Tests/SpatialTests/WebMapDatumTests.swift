import Testing
@testable import Spatial

/// GCJ-02 and BD-09 against the published test vectors of open implementations (typed in
/// from their tests; their code is not used), and the residuals of our exact inverses.
@Suite("Web-map datums (GCJ-02, BD-09)")
struct WebMapDatumTests {
    typealias LonLat = (lon: Double, lat: Double)

    /// github.com/googollee/eviltransform, go/transform_test.go, commit
    /// 03ba58d92dfda57f8a1635f3805483c8fc10bd77 (`tests`: WGS 84 → GCJ-02; written there
    /// latitude first). Shanghai, Shenzhen, Beijing.
    static let evilTransformWGSToGCJ: [(wgs: LonLat, gcj: LonLat)] = [
        ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),
        ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),
        ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),
    ]

    /// github.com/wandergis/coordtransform, test/app.js, commit
    /// 606c6f3b57b6f1d60458793fea39928d2b11b637: the printed results for (116.404, 39.915).
    static let coordTransformWGSToGCJ: (wgs: LonLat, gcj: LonLat) = ((116.404, 39.915), (116.41024449916938, 39.91640428150164))
    static let coordTransformGCJToBD: (gcj: LonLat, bd: LonLat) = ((116.404, 39.915), (116.41036949371029, 39.92133699351021))
    /// The same file's `bd09togcj02(116.404, 39.915)`: Baidu's approximate inverse formula.
    static let coordTransformApproximateBDToGCJ: LonLat = (116.39762729119315, 39.90865673957631)

    /// github.com/hujiulong/gcoord, test/fixtures/china-cities.json, commit
    /// fa43556eaa0a55a25895d4e7b0aca4d2c2f4320e (GCJ02 and BD09 of the first three cities,
    /// 驻马店, 邵阳, 邢台; gcoord's GCJ02.spec.ts checks GCJ02 → BD09 to 6 decimals). Its WGS84
    /// column is not used: it differs from the GCJ-02 formula by up to 7e-6° (the values
    /// were taken from a map service, whose GCJ-02 carries noise).
    static let gcoordGCJToBD: [(gcj: LonLat, bd: LonLat)] = [
        ((114.022306, 33.0115324), (114.0287781, 33.0176697)),
        ((111.4677938, 27.2388981), (111.4742271, 27.2451662)),
        ((114.5048503, 37.0705911), (114.5113116, 37.0766797)),
    ]

    static func close(_ a: (longitude: Double, latitude: Double), _ b: LonLat, within tolerance: Double) -> Bool {
        abs(a.longitude - b.lon) <= tolerance && abs(a.latitude - b.lat) <= tolerance
    }

    @Test("WGS 84 → GCJ-02 matches eviltransform and coordtransform, and the inverse returns the WGS 84 input within 1e-6°")
    func gcj02Vectors() {
        for (wgs, gcj) in Self.evilTransformWGSToGCJ + [Self.coordTransformWGSToGCJ] {
            let forward = GCJ02.fromWGS84(longitude: wgs.lon, latitude: wgs.lat)
            #expect(Self.close(forward, gcj, within: 1e-6), "\(wgs) → \(forward), published \(gcj)")
            let back = GCJ02.toWGS84(longitude: gcj.lon, latitude: gcj.lat)
            #expect(Self.close(back, wgs, within: 1e-6), "\(gcj) ← \(back), published \(wgs)")
            #expect(WebMapDatum.gcj02.toWGS84(longitude: gcj.lon, latitude: gcj.lat) == back)
        }
    }

    @Test("GCJ-02 → BD-09 matches coordtransform and gcoord, and the inverse returns the GCJ-02 input within 1e-6°")
    func bd09Vectors() {
        for (gcj, bd) in [Self.coordTransformGCJToBD] + Self.gcoordGCJToBD {
            let forward = BD09.fromGCJ02(longitude: gcj.lon, latitude: gcj.lat)
            #expect(Self.close(forward, bd, within: 1e-6), "\(gcj) → \(forward), published \(bd)")
            let back = BD09.toGCJ02(longitude: bd.lon, latitude: bd.lat)
            #expect(Self.close(back, gcj, within: 1e-6), "\(bd) ← \(back), published \(gcj)")
        }
        // Baidu's own inverse formula is approximate: ours lands within its 2e-6° of it, and
        // reproduces the BD-09 input exactly where the formula does not.
        let exact = BD09.toGCJ02(longitude: 116.404, latitude: 39.915)
        #expect(Self.close(exact, Self.coordTransformApproximateBDToGCJ, within: 2e-6))
        let again = BD09.fromGCJ02(longitude: exact.longitude, latitude: exact.latitude)
        #expect(abs(again.longitude - 116.404) < 1e-9 && abs(again.latitude - 39.915) < 1e-9)
        let approximate = BD09.fromGCJ02(longitude: Self.coordTransformApproximateBDToGCJ.lon, latitude: Self.coordTransformApproximateBDToGCJ.lat)
        #expect(max(abs(approximate.longitude - 116.404), abs(approximate.latitude - 39.915)) > 1e-8)
    }

    @Test("WGS 84 ↔ BD-09 is GCJ-02 then BD-09, both ways")
    func wgsToBD() {
        // Chained from the published pairs: coordtransform's WGS → GCJ-02 output sent on to BD-09.
        let wgs = Self.coordTransformWGSToGCJ.wgs, gcj = Self.coordTransformWGSToGCJ.gcj
        let bd = BD09.fromWGS84(longitude: wgs.lon, latitude: wgs.lat)
        #expect(Self.close(bd, Self.lonLat(BD09.fromGCJ02(longitude: gcj.lon, latitude: gcj.lat)), within: 1e-9))
        // About a kilometre in all: 0.0065° east and 0.006° north on top of GCJ-02's shift.
        #expect(bd.longitude - wgs.lon > 0.0065 && bd.latitude - wgs.lat > 0.006)
        let back = WebMapDatum.bd09.toWGS84(longitude: bd.longitude, latitude: bd.latitude)
        #expect(Self.close(back, wgs, within: 1e-9))
    }

    static func lonLat(_ p: (longitude: Double, latitude: Double)) -> LonLat { (p.longitude, p.latitude) }

    @Test("the exact inverses leave a residual of at most 1e-7° anywhere in China")
    func residuals() {
        var worstGCJ = 0.0, worstBD = 0.0
        // A grid over the formulas' box, kept 0.05° inside its edges (there the inverse of a
        // position just inside may lie outside, where the formula is the identity).
        var lon = 72.1
        while lon < 137.8 {
            var lat = 0.9
            while lat < 55.8 {
                let w = GCJ02.toWGS84(longitude: lon, latitude: lat)
                let g = GCJ02.fromWGS84(longitude: w.longitude, latitude: w.latitude)
                worstGCJ = max(worstGCJ, abs(g.longitude - lon), abs(g.latitude - lat))
                let c = BD09.toGCJ02(longitude: lon, latitude: lat)
                let b = BD09.fromGCJ02(longitude: c.longitude, latitude: c.latitude)
                worstBD = max(worstBD, abs(b.longitude - lon), abs(b.latitude - lat))
                lat += 0.37
            }
            lon += 0.41
        }
        #expect(worstGCJ <= 1e-7, "GCJ-02 residual \(worstGCJ)")
        #expect(worstBD <= 1e-7, "BD-09 residual \(worstBD)")
        // Both formulas move positions in China by hundreds of metres (so a zero residual
        // above is not the identity's).
        let w = GCJ02.toWGS84(longitude: 120.4, latitude: 31.5)
        #expect(abs(w.longitude - 120.4) > 0.003)
    }

    @Test("positions outside China are unchanged, both ways")
    func outsideChina() {
        for datum in WebMapDatum.allCases {
            #expect(datum.fromWGS84(longitude: 2.35, latitude: 48.85) == (2.35, 48.85))
            #expect(datum.toWGS84(longitude: 2.35, latitude: 48.85) == (2.35, 48.85))
            #expect(datum.toWGS84(longitude: 140.0, latitude: 35.7) == (140.0, 35.7)) // Tokyo is east of the box
        }
    }

    @Test("a geometry converts in place, position by position, as the point formula does")
    func bulk() {
        // A GCJ-02 square with a hole, and a point, in one collection.
        let xy = [120.40, 31.50, 120.41, 31.50, 120.41, 31.51, 120.40, 31.51, 120.40, 31.50,
                  120.402, 31.502, 120.404, 31.502, 120.404, 31.504, 120.402, 31.502,
                  120.45, 31.55]
        let g = FlatGeometry(xy: xy, sequenceEnds: [5, 9, 10],
                             nodes: [.init(kind: .geometryCollection, count: 2), .init(kind: .polygon, count: 2), .init(kind: .point, count: 1)])
        for datum in WebMapDatum.allCases {
            var converted = g
            converted.convertToWGS84(from: datum)
            #expect(converted.sequenceEnds == g.sequenceEnds && converted.nodes == g.nodes)
            for i in stride(from: 0, to: xy.count, by: 2) {
                let expected = datum.toWGS84(longitude: xy[i], latitude: xy[i + 1])
                #expect(converted.xy[i] == expected.longitude && converted.xy[i + 1] == expected.latitude)
            }
            var features = (1...3000).map { Feature(index: $0, geometry: $0 % 7 == 0 ? nil : g) }
            #expect(datum.convertToWGS84(&features, workers: 2) == 10 * (3000 - 3000 / 7))
            #expect(features[5].geometry == converted && features[6].geometry == nil && features[2999].geometry == converted)
        }
    }
}
