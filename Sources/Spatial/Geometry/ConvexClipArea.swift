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
    /// Distances below this are rounding (1e-12 of the clip polygon's size).
    private var tolerance = 0.0
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
            let size = max((clipX.max() ?? 0) - (clipX.min() ?? 0), (clipY.max() ?? 0) - (clipY.min() ?? 0))
            tolerance = size * 1e-12
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

    /// The part of `g` inside the clip polygon as a polygon, when `g` is one ring (no holes)
    /// and the clipped ring is certainly simple (it is not when the ring leaves the clip
    /// polygon and comes back: the clipped ring then runs twice along the clip's edge);
    /// nil otherwise, or when nothing is inside.
    public mutating func clippedPolygon(of g: FlatGeometry) -> FlatGeometry? {
        guard g.nodes.count == 1, g.nodes[0].kind == .polygon, g.nodes[0].count == 1, g.sequenceEnds.count == 1 else { return nil }
        let a = g.xy.withUnsafeBufferPointer { ringArea($0, g.sequenceRange(0)) }
        guard a != 0, ax.count >= 3 else { return nil }
        removeSpikes()
        guard ax.count >= 3, !hasBridge() else { return nil }
        var xy: [Double] = []
        xy.reserveCapacity(2 * ax.count + 2)
        for i in ax.indices {
            xy.append(ax[i] + originX)
            xy.append(ay[i] + originY)
        }
        xy.append(xy[0])
        xy.append(xy[1])
        let polygon = FlatGeometry(xy: xy, sequenceEnds: [ax.count + 1], nodes: [.init(kind: .polygon, count: 1)])
        return polygon.isCertainlySimplePolygon ? polygon : nil
    }

    /// True when the clipped ring runs along one clip edge twice over the same stretch: the
    /// ring left the clip polygon and came back, and Sutherland–Hodgman joined the two parts
    /// by a zero-width bridge (GEOS makes the parts then).
    private func hasBridge() -> Bool {
        let m = clipX.count, n = ax.count
        let near = tolerance * 1e3
        for e in 0..<m {
            let x0 = clipX[e], y0 = clipY[e]
            let dx = clipX[(e + 1) % m] - x0, dy = clipY[(e + 1) % m] - y0
            let length = (dx * dx + dy * dy).squareRoot()
            guard length > 0 else { continue }
            var runs: [(Double, Double)] = []
            for i in 0..<n {
                let j = (i + 1) % n
                let di = (dx * (ay[i] - y0) - dy * (ax[i] - x0)) / length
                let dj = (dx * (ay[j] - y0) - dy * (ax[j] - x0)) / length
                guard abs(di) <= near, abs(dj) <= near else { continue }
                let ti = (dx * (ax[i] - x0) + dy * (ay[i] - y0)) / length
                let tj = (dx * (ax[j] - x0) + dy * (ay[j] - y0)) / length
                runs.append((min(ti, tj), max(ti, tj)))
            }
            guard runs.count > 1 else { continue }
            runs.sort { $0.0 < $1.0 }
            for k in 1..<runs.count where runs[k].0 < runs[k - 1].1 - near { return true }
        }
        return false
    }

    /// Drops the zero-width excursions Sutherland–Hodgman leaves where the ring goes round a
    /// corner of the clip polygon from outside (out along an edge and back along the same
    /// line) and repeated vertices: they hold no area, but they make the ring touch itself.
    private mutating func removeSpikes() {
        var changed = true
        while changed, ax.count >= 3 {
            changed = false
            var k = 0
            while k < ax.count, ax.count >= 3 {
                let n = ax.count
                let p = (k + n - 1) % n, q = (k + 1) % n
                let ux = ax[k] - ax[p], uy = ay[k] - ay[p], vx = ax[q] - ax[k], vy = ay[q] - ay[k]
                let lu = (ux * ux + uy * uy).squareRoot(), lv = (vx * vx + vy * vy).squareRoot()
                let repeated = lu <= tolerance
                let turnsBack = abs(ux * vy - uy * vx) <= 1e-10 * lu * lv && ux * vx + uy * vy < 0
                if repeated || turnsBack {
                    ax.remove(at: k)
                    ay.remove(at: k)
                    changed = true
                } else {
                    k += 1
                }
            }
        }
    }

    /// |area| of one ring's region inside the clip polygon (the sign follows the ring's
    /// orientation). Leaves the clipped ring in `ax`, `ay`.
    private mutating func ringArea(_ p: UnsafeBufferPointer<Double>, _ range: Range<Int>) -> Double {
        ax.removeAll(keepingCapacity: true)
        ay.removeAll(keepingCapacity: true)
        guard range.count >= 4 else { return 0 }
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
