extension FlatGeometry {
    /// The Euclidean distance from (`x`, `y`) to the nearest segment of any sequence (every
    /// ring of a polygon, every line), or infinity when there is none. Exact up to rounding:
    /// each segment's nearest point is found by projection.
    public func distanceToOutline(x: Double, y: Double) -> Double {
        var best = Double.infinity
        xy.withUnsafeBufferPointer { p in
            for k in sequenceEnds.indices {
                let r = sequenceRange(k)
                guard r.count >= 2 else { continue }
                for i in r.lowerBound..<(r.upperBound - 1) {
                    let ax = p[2 * i], ay = p[2 * i + 1], bx = p[2 * i + 2], by = p[2 * i + 3]
                    let dx = bx - ax, dy = by - ay
                    let len2 = dx * dx + dy * dy
                    var t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0
                    t = min(1, max(0, t))
                    let ex = ax + t * dx - x, ey = ay + t * dy - y
                    best = min(best, ex * ex + ey * ey)
                }
            }
        }
        return best.squareRoot()
    }
}
