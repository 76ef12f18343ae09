/// How far each place of a square-celled raster is from the outlines of a set of geometries
/// (lines and polygon rings traced, points marked): the exact Euclidean distance
/// transform of Felzenszwalb & Huttenlocher ("Distance transforms of sampled functions",
/// Theory of Computing 8, 2012), in linear time: down the columns a sweep each way (the
/// raster is binary), then along the rows the lower envelope of parabolas. A look-up is a bilinear interpolation of the
/// distances at the four nearest cell centres, so it is continuous in the position (what a
/// search over shifts needs) and exact to about half a cell.
public struct DistanceField: Sendable {
    public let originX: Double, originY: Double
    public let cellSize: Double
    public let columns: Int, rows: Int
    /// Per cell, row by row from `originY` up: 0 where an outline is, else (after
    /// ``computeDistances()``) the distance to the nearest such cell, in coordinate units.
    private var cells: [Float]
    private var computed = false

    /// A raster whose lower-left corner is (`originX`, `originY`); cell centres are at
    /// `origin + (k + ½)·cellSize`.
    public init(originX: Double, originY: Double, cellSize: Double, columns: Int, rows: Int) {
        precondition(cellSize > 0 && columns > 0 && rows > 0)
        self.originX = originX
        self.originY = originY
        self.cellSize = cellSize
        self.columns = columns
        self.rows = rows
        cells = Array(repeating: .infinity, count: columns * rows)
    }

    /// The area the raster covers.
    public var bounds: Envelope {
        Envelope(minX: originX, minY: originY, maxX: originX + Double(columns) * cellSize, maxY: originY + Double(rows) * cellSize)
    }

    /// Cells marked as part of the geometries so far.
    public var markedCount: Int { cells.reduce(0) { $0 + ($1 == 0 ? 1 : 0) } }

    /// Marks a geometry's outlines (in the raster's coordinates): the cells along every line
    /// and ring (sampled at a quarter cell) and the cells of points.
    public mutating func mark(_ g: FlatGeometry) {
        precondition(!computed, "mark before computeDistances()")
        g.xy.withUnsafeBufferPointer { p in
            for k in g.sequenceEnds.indices {
                let r = g.sequenceRange(k)
                if r.count == 1 { markCell(p[2 * r.lowerBound], p[2 * r.lowerBound + 1]) }
                for i in r.dropLast() { trace(p[2 * i], p[2 * i + 1], p[2 * i + 2], p[2 * i + 3]) }
            }
        }
    }

    private mutating func markCell(_ x: Double, _ y: Double) {
        let i = Int(((x - originX) / cellSize).rounded(.down)), j = Int(((y - originY) / cellSize).rounded(.down))
        if i >= 0, i < columns, j >= 0, j < rows { cells[j * columns + i] = 0 }
    }

    private mutating func trace(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        let length = max(abs(x1 - x0), abs(y1 - y0))
        let steps = min(Int((4 * length / cellSize).rounded(.up)), 4 * (columns + rows))
        markCell(x0, y0)
        guard steps > 0 else { return }
        for s in 1...steps {
            let t = Double(s) / Double(steps)
            markCell(x0 + t * (x1 - x0), y0 + t * (y1 - y0))
        }
    }

    /// Replaces every unmarked cell by its distance to the nearest marked cell (infinity
    /// when nothing was marked).
    public mutating func computeDistances() {
        precondition(!computed)
        computed = true
        let (columns, rows) = (self.columns, self.rows)
        let far = Float(columns + rows) // more cells than any column has: "none in this column"
        // Down the columns, for a marked/unmarked raster: the distance in cells to the nearest
        // marked cell of the same column, by a sweep down and one up, row by row (so memory
        // is read in order; this is the first pass of the transform for binary input).
        cells.withUnsafeMutableBufferPointer { c in
            for i in 0..<columns where c[i] != 0 { c[i] = far }
            for j in 1..<max(1, rows) {
                let row = j * columns
                for i in 0..<columns where c[row + i] != 0 { c[row + i] = min(far, c[row - columns + i] + 1) }
            }
            if rows > 1 {
                for j in Swift.stride(from: rows - 2, through: 0, by: -1) {
                    let row = j * columns
                    for i in 0..<columns { c[row + i] = min(c[row + i], c[row + columns + i] + 1) }
                }
            }
        }
        // Along each row: the lower envelope of the parabolas (x − q)² + g(q)².
        let n = columns
        let f = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let d = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let v = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let z = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
        defer { f.deallocate(); d.deallocate(); v.deallocate(); z.deallocate() }
        let cell = cellSize
        cells.withUnsafeMutableBufferPointer { c in
            for j in 0..<rows {
                let row = j * columns
                var any = false
                for i in 0..<n {
                    let g = c[row + i]
                    any = any || g < far
                    f[i] = g >= far ? 1e20 : Double(g) * Double(g)
                }
                guard any else {
                    for i in 0..<n { c[row + i] = .infinity }
                    continue
                }
                Self.transform(f, n, d, v, z)
                for i in 0..<n { c[row + i] = Float(d[i].squareRoot() * cell) }
            }
        }
    }

    /// The one-dimensional squared distance transform of `f[0..<n]` into `d` (Felzenszwalb
    /// & Huttenlocher's algorithm 1).
    private static func transform(_ f: UnsafeMutablePointer<Double>, _ n: Int, _ d: UnsafeMutablePointer<Double>,
                                  _ v: UnsafeMutablePointer<Int>, _ z: UnsafeMutablePointer<Double>) {
        var k = 0
        v[0] = 0
        z[0] = -.infinity
        z[1] = .infinity
        for q in Swift.stride(from: 1, to: n, by: 1) {
            let fq = f[q] + Double(q * q)
            var s = (fq - (f[v[k]] + Double(v[k] * v[k]))) / Double(2 * (q - v[k]))
            while s <= z[k] {
                k -= 1
                s = (fq - (f[v[k]] + Double(v[k] * v[k]))) / Double(2 * (q - v[k]))
            }
            k += 1
            v[k] = q
            z[k] = s
            z[k + 1] = .infinity
        }
        k = 0
        for q in 0..<n {
            while z[k + 1] < Double(q) { k += 1 }
            let dq = Double(q - v[k])
            d[q] = dq * dq + f[v[k]]
        }
    }

    /// The distance at (x, y), interpolated between the four nearest cell centres, and at
    /// most `cap` (which is also the value off the raster, and where nothing is in reach).
    public func distance(x: Double, y: Double, cap: Double) -> Double {
        cells.withUnsafeBufferPointer { lookUp($0, x, y, cap) }
    }

    /// The mean of ``distance(x:y:cap:)`` over the points (xs[k] − shiftX, ys[k] − shiftY):
    /// how far, on average, the points moved back by the shift lie from the geometries.
    public func meanDistance(xs: [Double], ys: [Double], shiftX: Double, shiftY: Double, cap: Double) -> Double {
        guard !xs.isEmpty else { return cap }
        var sum = 0.0
        cells.withUnsafeBufferPointer { c in
            xs.withUnsafeBufferPointer { xs in
                ys.withUnsafeBufferPointer { ys in
                    for k in 0..<xs.count { sum += lookUp(c, xs[k] - shiftX, ys[k] - shiftY, cap) }
                }
            }
        }
        return sum / Double(xs.count)
    }

    /// The share of the points (xs[k] − shiftX, ys[k] − shiftY) at most `within` from the
    /// geometries.
    public func shareWithin(_ within: Double, xs: [Double], ys: [Double], shiftX: Double, shiftY: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        var n = 0
        cells.withUnsafeBufferPointer { c in
            for k in xs.indices where lookUp(c, xs[k] - shiftX, ys[k] - shiftY, .infinity) <= within { n += 1 }
        }
        return Double(n) / Double(xs.count)
    }

    @inline(__always)
    private func lookUp(_ c: UnsafeBufferPointer<Float>, _ x: Double, _ y: Double, _ cap: Double) -> Double {
        let gx = (x - originX) / cellSize - 0.5, gy = (y - originY) / cellSize - 0.5
        guard gx >= 0, gy >= 0, gx < Double(columns - 1), gy < Double(rows - 1) else { return cap }
        let i = Int(gx), j = Int(gy)
        let tx = gx - Double(i), ty = gy - Double(j)
        let base = c.baseAddress.unsafelyUnwrapped + (j * columns + i)
        let a = Double(base[0]), b = Double(base[1]), e = Double(base[columns]), g = Double(base[columns + 1])
        let v = (a * (1 - tx) + b * tx) * (1 - ty) + (e * (1 - tx) + g * tx) * ty
        return v.isFinite ? min(v, cap) : cap
    }

    /// A coarser copy for a first, cheap search (a level of Borgefors' resolution pyramid):
    /// cells `factor` (odd) times larger, each holding the distance at its centre, which is
    /// the centre of a cell of this field. Look-ups between centres are off by at most about
    /// a coarse cell, and the raster is `factor`² times smaller (it stays in the cache).
    public func downsampled(by factor: Int) -> DistanceField {
        precondition(computed && factor >= 1 && factor % 2 == 1)
        var coarse = DistanceField(originX: originX, originY: originY, cellSize: cellSize * Double(factor),
                                   columns: max(2, columns / factor), rows: max(2, rows / factor))
        for j in 0..<coarse.rows {
            for i in 0..<coarse.columns {
                let fi = min(columns - 1, i * factor + factor / 2), fj = min(rows - 1, j * factor + factor / 2)
                coarse.cells[j * coarse.columns + i] = cells[fj * columns + fi]
            }
        }
        coarse.computed = true
        return coarse
    }

    /// The value of one cell (0 on a geometry).
    public func cell(column: Int, row: Int) -> Double { Double(cells[row * columns + column]) }
}
