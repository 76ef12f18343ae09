extension FlatGeometry {
    /// True only when this is a polygon of one ring (no holes) of at most
    /// ``SimpleRingCheck/maxSegments`` segments that is certainly valid: no two of its
    /// segments meet except neighbours at their shared vertex. False means "not proven", not
    /// "invalid": the caller asks GEOS then.
    ///
    /// Nearly every parcel is such a ring, and GEOS's full validity check (a topology graph
    /// per geometry) costs as much as the rest of the parcel's preparation; this test is a
    /// few dozen orientation tests. Each orientation is Shewchuk's filtered determinant: a
    /// sign that the filter cannot vouch for (points collinear or nearly so) makes the answer
    /// "not proven", so the test never calls valid what an exact test would not.
    public var isCertainlySimplePolygon: Bool {
        guard nodes.count == 1, nodes[0].kind == .polygon, nodes[0].count == 1, sequenceEnds.count == 1 else { return false }
        return xy.withUnsafeBufferPointer { SimpleRingCheck.isCertainlySimple($0, count: sequenceEnds[0]) }
    }
}

enum SimpleRingCheck {
    /// Rings with more segments go to GEOS (the test compares every pair).
    static let maxSegments = 48

    /// `p` holds `count` closed-ring positions as interleaved x, y.
    static func isCertainlySimple(_ p: UnsafeBufferPointer<Double>, count: Int) -> Bool {
        guard count >= 4, count <= maxSegments + 1 else { return false }
        // Distinct consecutive vertices (GEOS ignores repeated points).
        var vx = [Double](), vy = [Double]()
        vx.reserveCapacity(count)
        vy.reserveCapacity(count)
        for i in 0..<count {
            let x = p[2 * i], y = p[2 * i + 1]
            guard x.isFinite, y.isFinite else { return false }
            if let lx = vx.last, let ly = vy.last, lx == x, ly == y { continue }
            vx.append(x)
            vy.append(y)
        }
        // Closed: the last equals the first; drop it so that vertices are 0..<n, segment i
        // runs from vertex i to vertex (i + 1) % n.
        guard vx.count >= 4, vx[0] == vx[vx.count - 1], vy[0] == vy[vy.count - 1] else { return false }
        vx.removeLast()
        vy.removeLast()
        let n = vx.count
        guard n >= 3 else { return false }

        // Neighbouring segments: a certain turn at every vertex (no spike, no collinear overlap).
        for i in 0..<n {
            let a = (i + n - 1) % n, c = (i + 1) % n
            guard orientation(vx[a], vy[a], vx[i], vy[i], vx[c], vy[c]) != 0 else { return false }
        }
        // Other pairs: envelopes apart, or certainly on the same side of each other's line.
        for i in 0..<n {
            let i1 = (i + 1) % n
            let minXi = min(vx[i], vx[i1]), maxXi = max(vx[i], vx[i1])
            let minYi = min(vy[i], vy[i1]), maxYi = max(vy[i], vy[i1])
            var j = i + 2
            while j < n {
                if i == 0, j == n - 1 { break } // segment n−1 neighbours segment 0
                let j1 = (j + 1) % n
                if max(vx[j], vx[j1]) < minXi || min(vx[j], vx[j1]) > maxXi || max(vy[j], vy[j1]) < minYi || min(vy[j], vy[j1]) > maxYi {
                    j += 1
                    continue
                }
                let o1 = orientation(vx[i], vy[i], vx[i1], vy[i1], vx[j], vy[j])
                let o2 = orientation(vx[i], vy[i], vx[i1], vy[i1], vx[j1], vy[j1])
                guard o1 != 0, o2 != 0 else { return false }
                if o1 != o2 {
                    let o3 = orientation(vx[j], vy[j], vx[j1], vy[j1], vx[i], vy[i])
                    let o4 = orientation(vx[j], vy[j], vx[j1], vy[j1], vx[i1], vy[i1])
                    guard o3 != 0, o4 != 0 else { return false }
                    if o3 != o4 { return false } // they cross
                }
                j += 1
            }
        }
        return true
    }

    /// Sign of the turn a → b → c (1 left, −1 right), or 0 when the floating-point
    /// determinant cannot be trusted (Shewchuk's orient2d error bound).
    @inline(__always)
    static func orientation(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Int {
        let left = (ax - cx) * (by - cy)
        let right = (ay - cy) * (bx - cx)
        let det = left - right
        let bound = 3.3306690738754716e-16 * (abs(left) + abs(right))
        if det > bound { return 1 }
        if det < -bound { return -1 }
        return 0
    }
}
