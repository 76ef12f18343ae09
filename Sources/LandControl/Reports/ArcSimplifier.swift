import Foundation

/// Topology-preserving Douglas–Peucker simplification of a map layer's arcs on its integer
/// grid, done as GEOS's TopologyPreservingSimplifier (3.11, after JTS's
/// TaggedLinesSimplifier) does it — arcs in order, each section flattened only when its
/// farthest point is within the tolerance, the line keeps its minimum size (4 points when
/// closed, else 2), and the flattening segment has no interior intersection with any output
/// segment made so far or any input segment not yet removed outside the section — so that
/// the result is the same, point for point (`MapEncodingTests` compares the two on the demo).
///
/// What differs is only how candidates are found: a uniform grid over the segments rather
/// than GEOS's quadtree (whose root holds every segment crossing the centre lines and is
/// visited by every query), and no look-up at all for a section already too far from
/// straight (GEOS looks up every section; the look-up changes nothing). Coordinates are grid
/// units, so every orientation test is exact in integers.
enum ArcSimplifier {
    /// `arcs` simplified with `tolerance` (grid units); points packed as x << 32 | y.
    static func simplify(_ arcs: [[Int64]], tolerance: Double) -> [[Int64]] {
        var state = State(arcs)
        var out: [[Int64]] = []
        out.reserveCapacity(arcs.count)
        for a in arcs.indices { out.append(state.simplifyArc(a, tolerance: tolerance)) }
        return out
    }

    struct State {
        // Every arc's points, one after the other; arc a is points start[a]..<start[a + 1].
        var x: [Int64] = [], y: [Int64] = []
        var start: [Int] = [0]
        // Input segment i runs from point i to point i + 1 (never across two arcs); removed
        // when a flattening replaces it.
        var removed: [Bool]
        // Output segments (the flattenings so far).
        var out: [(x0: Int64, y0: Int64, x1: Int64, y1: Int64)] = []
        // The grid: cell c holds input segments inputCells[inputFirst[c]..<inputFirst[c+1]],
        // and output segments as a list through outHead/outNext.
        let originX: Int64, originY: Int64, cell: Int64, columns: Int, rows: Int
        var inputFirst: [Int32], inputCells: [Int32]
        var outHead: [Int32], outNext: [Int32] = [], outSegment: [Int32] = []

        init(_ arcs: [[Int64]]) {
            var total = 0
            for a in arcs { total += a.count }
            x.reserveCapacity(total)
            y.reserveCapacity(total)
            start.reserveCapacity(arcs.count + 1)
            var minX = Int64.max, minY = Int64.max, maxX = Int64.min, maxY = Int64.min
            var extent: Int64 = 0, segments = 0
            for a in arcs {
                for (i, p) in a.enumerated() {
                    let px = p >> 32, py = p & 0xFFFF_FFFF
                    x.append(px)
                    y.append(py)
                    minX = min(minX, px); maxX = max(maxX, px); minY = min(minY, py); maxY = max(maxY, py)
                    if i > 0 {
                        extent += max(abs(px - x[x.count - 2]), abs(py - y[y.count - 2]))
                        segments += 1
                    }
                }
                start.append(x.count)
            }
            removed = [Bool](repeating: false, count: x.count)
            if x.isEmpty { minX = 0; minY = 0; maxX = 0; maxY = 0 }
            // Cells about two mean segments wide, at most about two per segment.
            let width = maxX - minX + 1, height = maxY - minY + 1
            var size = max(1, 2 * extent / Int64(max(segments, 1)))
            while (width / size + 1) * (height / size + 1) > Int64(max(2 * segments, 64)) { size *= 2 }
            originX = minX
            originY = minY
            cell = size
            columns = Int(width / size) + 1
            rows = Int(height / size) + 1
            let cellCount = columns * rows
            var counts = [Int32](repeating: 0, count: cellCount + 1)
            // Pass 1: count, pass 2: fill (segments by their envelope's cells).
            for a in 0..<(start.count - 1) {
                for i in start[a]..<max(start[a + 1] - 1, start[a]) {
                    let (c0, c1, r0, r1) = Self.cells(x[i], y[i], x[i + 1], y[i + 1], originX, originY, size, columns, rows)
                    for r in r0...r1 { for c in c0...c1 { counts[r * columns + c] += 1 } }
                }
            }
            var first = [Int32](repeating: 0, count: cellCount + 1)
            for c in 0..<cellCount { first[c + 1] = first[c] + counts[c] }
            var fill = first
            var items = [Int32](repeating: 0, count: Int(first[cellCount]))
            for a in 0..<(start.count - 1) {
                for i in start[a]..<max(start[a + 1] - 1, start[a]) {
                    let (c0, c1, r0, r1) = Self.cells(x[i], y[i], x[i + 1], y[i + 1], originX, originY, size, columns, rows)
                    for r in r0...r1 { for c in c0...c1 {
                        let k = r * columns + c
                        items[Int(fill[k])] = Int32(i)
                        fill[k] += 1
                    } }
                }
            }
            inputFirst = first
            inputCells = items
            outHead = [Int32](repeating: -1, count: cellCount)
        }

        /// The cells (columns c0...c1, rows r0...r1) the envelope of a segment meets, clamped to the grid.
        @inline(__always)
        static func cells(_ ax: Int64, _ ay: Int64, _ bx: Int64, _ by: Int64, _ ox: Int64, _ oy: Int64, _ size: Int64,
                          _ columns: Int, _ rows: Int) -> (Int, Int, Int, Int) {
            func clamp(_ v: Int64, _ n: Int) -> Int { Int(min(max(v, 0), Int64(n - 1))) }
            return (clamp((min(ax, bx) - ox) / size, columns), clamp((max(ax, bx) - ox) / size, columns),
                    clamp((min(ay, by) - oy) / size, rows), clamp((max(ay, by) - oy) / size, rows))
        }

        /// One arc simplified (GEOS's TaggedLineStringSimplifier.simplify).
        mutating func simplifyArc(_ a: Int, tolerance: Double) -> [Int64] {
            let s = start[a], e = start[a + 1]
            guard e - s >= 2 else { return (s..<e).map { x[$0] << 32 | y[$0] } }
            let closed = x[s] == x[e - 1] && y[s] == y[e - 1]
            let minimumSize = closed ? 4 : 2
            // Result segments as the indices of their first and last point.
            var result: [(Int, Int)] = []
            // The sections in the order the recursion visits them: first half, then second.
            var stack: [(i: Int, j: Int, depth: Int)] = [(s, e - 1, 0)]
            while let (i, j, parentDepth) = stack.popLast() {
                let depth = parentDepth + 1
                if i + 1 == j {
                    result.append((i, j)) // an input segment kept: it stays in the input index
                    continue
                }
                var valid = true
                let resultSize = result.isEmpty ? 0 : result.count + 1
                if resultSize < minimumSize, depth + 1 < minimumSize { valid = false }
                let (farthest, distance) = farthestPoint(i, j)
                if distance > tolerance { valid = false }
                if valid, hasBadIntersection(i, j) { valid = false }
                if valid {
                    // Flatten: the section's input segments leave the index, the new one enters it.
                    for k in i..<j { removed[k] = true }
                    addOutput(x[i], y[i], x[j], y[j])
                    result.append((i, j))
                    continue
                }
                stack.append((farthest, j, depth))
                stack.append((i, farthest, depth))
            }
            var points: [Int64] = []
            points.reserveCapacity(result.count + 1)
            for (i, _) in result { points.append(x[i] << 32 | y[i]) }
            if let last = result.last { points.append(x[last.1] << 32 | y[last.1]) }
            return points
        }

        /// GEOS's findFurthestPoint: the first point farthest from segment i–j, with its
        /// distance in the same floating-point steps (so that ties and the tolerance compare alike).
        func farthestPoint(_ i: Int, _ j: Int) -> (Int, Double) {
            let ax = Double(x[i]), ay = Double(y[i]), bx = Double(x[j]), by = Double(y[j])
            var maxDistance = -1.0, maxIndex = i
            for k in (i + 1)..<j {
                let d = Self.pointToSegment(Double(x[k]), Double(y[k]), ax, ay, bx, by)
                if d > maxDistance {
                    maxDistance = d
                    maxIndex = k
                }
            }
            return (maxIndex, maxDistance)
        }

        /// GEOS's Distance::pointToSegment, step for step.
        @inline(__always)
        static func pointToSegment(_ px: Double, _ py: Double, _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Double {
            if ax == bx, ay == by {
                let dx = px - ax, dy = py - ay
                return (dx * dx + dy * dy).squareRoot()
            }
            let len2 = (bx - ax) * (bx - ax) + (by - ay) * (by - ay)
            let r = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len2
            if r <= 0 {
                let dx = px - ax, dy = py - ay
                return (dx * dx + dy * dy).squareRoot()
            }
            if r >= 1 {
                let dx = px - bx, dy = py - by
                return (dx * dx + dy * dy).squareRoot()
            }
            let s = ((ay - py) * (bx - ax) - (ax - px) * (by - ay)) / len2
            return abs(s) * len2.squareRoot()
        }

        mutating func addOutput(_ x0: Int64, _ y0: Int64, _ x1: Int64, _ y1: Int64) {
            let id = Int32(out.count)
            out.append((x0, y0, x1, y1))
            let (c0, c1, r0, r1) = Self.cells(x0, y0, x1, y1, originX, originY, cell, columns, rows)
            for r in r0...r1 { for c in c0...c1 {
                let k = r * columns + c
                outNext.append(outHead[k])
                outSegment.append(id)
                outHead[k] = Int32(outNext.count - 1)
            } }
        }

        /// Whether the segment from point i to point j (a section of one arc) meets an output segment, or an input segment outside the section, in
        /// the interior of either.
        func hasBadIntersection(_ i: Int, _ j: Int) -> Bool {
            let px = x[i], py = y[i], qx = x[j], qy = y[j]
            let (c0, c1, r0, r1) = Self.cells(px, py, qx, qy, originX, originY, cell, columns, rows)
            let lowX = min(px, qx), highX = max(px, qx), lowY = min(py, qy), highY = max(py, qy)
            for r in r0...r1 { for c in c0...c1 {
                let k = r * columns + c
                var n = outHead[k]
                while n >= 0 {
                    let o = out[Int(outSegment[Int(n)])]
                    if max(o.x0, o.x1) >= lowX, min(o.x0, o.x1) <= highX, max(o.y0, o.y1) >= lowY, min(o.y0, o.y1) <= highY,
                       Self.interiorIntersection(o.x0, o.y0, o.x1, o.y1, px, py, qx, qy) { return true }
                    n = outNext[Int(n)]
                }
                for t in Int(inputFirst[k])..<Int(inputFirst[k + 1]) {
                    let g = Int(inputCells[t])
                    if removed[g] { continue }
                    // A segment of this section is not a conflict (GEOS's isInLineSection).
                    if g >= i, g < j { continue }
                    let ax = x[g], ay = y[g], bx = x[g + 1], by = y[g + 1]
                    if max(ax, bx) >= lowX, min(ax, bx) <= highX, max(ay, by) >= lowY, min(ay, by) <= highY,
                       Self.interiorIntersection(ax, ay, bx, by, px, py, qx, qy) { return true }
                }
            } }
            return false
        }

        /// GEOS's LineIntersector on segments p1–p2 and q1–q2 followed by
        /// isInteriorIntersection: they meet, and some intersection point is not an end point
        /// of p or not an end point of q. Exact: every orientation in integers.
        static func interiorIntersection(_ p1x: Int64, _ p1y: Int64, _ p2x: Int64, _ p2y: Int64,
                                         _ q1x: Int64, _ q1y: Int64, _ q2x: Int64, _ q2y: Int64) -> Bool {
            if max(p1x, p2x) < min(q1x, q2x) || max(q1x, q2x) < min(p1x, p2x) || max(p1y, p2y) < min(q1y, q2y) || max(q1y, q2y) < min(p1y, p2y) { return false }
            func orientation(_ ax: Int64, _ ay: Int64, _ bx: Int64, _ by: Int64, _ cx: Int64, _ cy: Int64) -> Int {
                let d = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
                return d > 0 ? 1 : (d < 0 ? -1 : 0)
            }
            let pq1 = orientation(p1x, p1y, p2x, p2y, q1x, q1y), pq2 = orientation(p1x, p1y, p2x, p2y, q2x, q2y)
            if (pq1 > 0 && pq2 > 0) || (pq1 < 0 && pq2 < 0) { return false }
            let qp1 = orientation(q1x, q1y, q2x, q2y, p1x, p1y), qp2 = orientation(q1x, q1y, q2x, q2y, p2x, p2y)
            if (qp1 > 0 && qp2 > 0) || (qp1 < 0 && qp2 < 0) { return false }
            let p1 = (p1x, p1y), p2 = (p2x, p2y), q1 = (q1x, q1y), q2 = (q2x, q2y)
            func interior(_ points: [(Int64, Int64)]) -> Bool {
                for v in points where !(v == p1 || v == p2) { return true }
                for v in points where !(v == q1 || v == q2) { return true }
                return false
            }
            if pq1 == 0, pq2 == 0, qp1 == 0, qp2 == 0 {
                // Collinear: GEOS's computeCollinearIntersection, branch for branch.
                func within(_ a: (Int64, Int64), _ b: (Int64, Int64), _ v: (Int64, Int64)) -> Bool {
                    v.0 >= min(a.0, b.0) && v.0 <= max(a.0, b.0) && v.1 >= min(a.1, b.1) && v.1 <= max(a.1, b.1)
                }
                let q1inP = within(p1, p2, q1), q2inP = within(p1, p2, q2), p1inQ = within(q1, q2, p1), p2inQ = within(q1, q2, p2)
                if q1inP && q2inP { return interior([q1, q2]) }
                if p1inQ && p2inQ { return interior([p1, p2]) }
                if q1inP && p1inQ { return interior(q1 == p1 && !q2inP && !p2inQ ? [q1] : [q1, p1]) }
                if q1inP && p2inQ { return interior(q1 == p2 && !q2inP && !p1inQ ? [q1] : [q1, p2]) }
                if q2inP && p1inQ { return interior(q2 == p1 && !q1inP && !p2inQ ? [q2] : [q2, p1]) }
                if q2inP && p2inQ { return interior(q2 == p2 && !q1inP && !p1inQ ? [q2] : [q2, p2]) }
                return false
            }
            if pq1 == 0 || pq2 == 0 || qp1 == 0 || qp2 == 0 {
                // One point, an end point copied as GEOS copies it.
                let v: (Int64, Int64)
                if p1 == q1 { v = p1 } else if p1 == q2 { v = p1 } else if p2 == q1 { v = p2 } else if p2 == q2 { v = p2 }
                else if pq1 == 0 { v = q1 } else if pq2 == 0 { v = q2 } else if qp1 == 0 { v = p1 } else { v = p2 }
                return interior([v])
            }
            return true // a proper crossing: interior to both
        }
    }
}
