/// The area of a polygon inside a convex polygon, without building the intersection.
///
/// Most parcels are convex quadrilaterals, and most of the work of the overlay is the area
/// of a parcel inside a zone piece it crosses. GEOS builds the intersection as a geometry
/// (noding, a topology graph) to measure it; here each ring of the piece is clipped by the
/// parcel with Sutherland–Hodgman and measured with the shoelace formula. The clipped ring
/// may run along the parcel's edges where the piece leaves and re-enters it (zero-width
/// bridges), which changes no area, so the result is the exact area up to rounding (about
/// 1e-12 of the parcel). Where a geometry is needed (a conflict's area), GEOS still makes it.
public struct ConvexClipArea {
    /// The convex polygon, counter-clockwise, relative to `origin` (coordinates near zero
    /// keep the products exact enough).
    private var clipX: [Double] = [], clipY: [Double] = []
    private var originX = 0.0, originY = 0.0
    // Work buffers, reused between calls (one clipper per thread).
    private var ax: [Double] = [], ay: [Double] = [], bx: [Double] = [], by: [Double] = []

    public init() {}

    /// Takes `g` as the clip polygon when it is one ring (no holes) that is strictly convex
    /// (every turn certainly the same way, no repeated or collinear vertices); false
    /// otherwise, and then the clipper must not be used for it.
    public mutating func setClip(_ g: FlatGeometry) -> Bool {
        guard g.nodes.count == 1, g.nodes[0].kind == .polygon, g.nodes[0].count == 1, g.sequenceEnds.count == 1 else { return false }
        let n = g.sequenceEnds[0] - 1 // the closing position repeats the first
        guard n >= 3 else { return false }
        return g.xy.withUnsafeBufferPointer { p in
            guard p[0] == p[2 * n], p[1] == p[2 * n + 1] else { return false }
            originX = p[0]
            originY = p[1]
            clipX.removeAll(keepingCapacity: true)
            clipY.removeAll(keepingCapacity: true)
            for i in 0..<n {
                clipX.append(p[2 * i] - originX)
                clipY.append(p[2 * i + 1] - originY)
            }
            var turn = 0
            for i in 0..<n {
                let a = (i + n - 1) % n, c = (i + 1) % n
                let o = SimpleRingCheck.orientation(clipX[a], clipY[a], clipX[i], clipY[i], clipX[c], clipY[c])
                guard o != 0, turn == 0 || o == turn else { return false }
                turn = o
            }
            if turn < 0 {
                clipX.reverse()
                clipY.reverse()
            }
            return true
        }
    }

    /// Area of the polygonal parts of `g` (shell minus holes) inside the clip polygon.
    public mutating func area(of g: FlatGeometry) -> Double {
        var total = 0.0
        g.xy.withUnsafeBufferPointer { p in
            g.forEachPolygon { rings in
                for (r, k) in rings.enumerated() {
                    let a = abs(ringArea(p, g.sequenceRange(k)))
                    total += r == 0 ? a : -a
                }
            }
        }
        return max(0, total)
    }

    /// |area| of one ring's region inside the clip polygon (the sign follows the ring's
    /// orientation).
    private mutating func ringArea(_ p: UnsafeBufferPointer<Double>, _ range: Range<Int>) -> Double {
        guard range.count >= 4 else { return 0 }
        ax.removeAll(keepingCapacity: true)
        ay.removeAll(keepingCapacity: true)
        for i in range.dropLast() { // open ring
            ax.append(p[2 * i] - originX)
            ay.append(p[2 * i + 1] - originY)
        }
        let m = clipX.count
        for e in 0..<m {
            let x0 = clipX[e], y0 = clipY[e]
            let dx = clipX[(e + 1) % m] - x0, dy = clipY[(e + 1) % m] - y0
            bx.removeAll(keepingCapacity: true)
            by.removeAll(keepingCapacity: true)
            let count = ax.count
            guard count > 0 else { return 0 }
            var px = ax[count - 1], py = ay[count - 1]
            var ps = dx * (py - y0) - dy * (px - x0) // > 0: left of the edge, inside
            for i in 0..<count {
                let qx = ax[i], qy = ay[i]
                let qs = dx * (qy - y0) - dy * (qx - x0)
                if qs >= 0 {
                    if ps < 0 {
                        let t = ps / (ps - qs)
                        bx.append(px + t * (qx - px))
                        by.append(py + t * (qy - py))
                    }
                    bx.append(qx)
                    by.append(qy)
                } else if ps >= 0 {
                    let t = ps / (ps - qs)
                    bx.append(px + t * (qx - px))
                    by.append(py + t * (qy - py))
                }
                px = qx
                py = qy
                ps = qs
            }
            swap(&ax, &bx)
            swap(&ay, &by)
        }
        let count = ax.count
        guard count >= 3 else { return 0 }
        var twice = 0.0
        var jx = ax[count - 1], jy = ay[count - 1]
        for i in 0..<count {
            twice += jx * ay[i] - ax[i] * jy
            jx = ax[i]
            jy = ay[i]
        }
        return twice / 2
    }
}
