/// A polygon's envelope cut into cells, each known to lie wholly inside the polygon, wholly
/// outside it, or near its boundary: a box that lies in inside cells only is covered by the
/// polygon, one in outside cells only is apart from it — answered without GEOS, which is
/// then asked only about boxes near the boundary.
///
/// For the zone overlay: most parcels lie well inside a zone piece (or in its envelope but
/// outside it), and GEOS's prepared covers and intersects cost half a microsecond and up
/// per parcel and piece. The answers are exact, not approximate: a cell is "inside" or
/// "outside" only when no edge of the polygon comes within a millimetre of it (so rounding
/// in the tests cannot hide an edge), and it takes the side of its cell region by a
/// point-in-polygon test of a cell centre; every other cell answers "unknown".
public struct InteriorGrid: Sendable {
    public enum Answer: Sendable { case inside, outside, unknown }

    private let minX: Double, minY: Double, maxX: Double, maxY: Double
    private let cellWidth: Double, cellHeight: Double
    /// Cells along each side (the grid is square in cells; 0: no grid, every answer unknown).
    private let side: Int
    /// Row-major with a frame of boundary cells around the grid (so that a cell's four
    /// neighbours are always at ±1 and ±width, no bounds or division in the fill); Cell raw
    /// values.
    private let cells: [UInt8]
    private var width: Int { side + 2 }

    private enum Cell: UInt8 {
        case open = 0, inside, outside, boundary
    }

    /// How close (in the polygon's units, metres in the area CRS) an edge may come to a
    /// cell before the cell is "boundary": far above the rounding of the tests (coordinates
    /// of millions of metres carry ~1e-9 m), far below a cell.
    public static let margin = 1e-3

    /// The grid of a polygonal geometry (its rings: shells and holes alike, even–odd), with
    /// up to `cellsPerSide` cells along each side of its envelope.
    public init(_ polygon: FlatGeometry, cellsPerSide: Int = 64) {
        let e = polygon.envelope ?? .empty
        let usable = !e.isEmpty && e.minX.isFinite && e.maxX.isFinite && e.minY.isFinite && e.maxY.isFinite
            && e.maxX > e.minX && e.maxY > e.minY
        minX = e.minX
        minY = e.minY
        maxX = e.maxX
        maxY = e.maxY
        // Cells no smaller than a few margins: a tiny polygon gets a coarse grid.
        let n = usable ? max(1, min(cellsPerSide, Int(min(e.maxX - e.minX, e.maxY - e.minY) / (8 * Self.margin)))) : 0
        side = n
        cellWidth = usable ? (e.maxX - e.minX) / Double(max(n, 1)) : 0
        cellHeight = usable ? (e.maxY - e.minY) / Double(max(n, 1)) : 0
        guard usable else {
            cells = []
            return
        }
        let wide = n + 2
        var state = [UInt8](repeating: Cell.open.rawValue, count: wide * wide)
        for k in 0..<wide {
            state[k] = Cell.boundary.rawValue
            state[(wide - 1) * wide + k] = Cell.boundary.rawValue
            state[k * wide] = Cell.boundary.rawValue
            state[k * wide + wide - 1] = Cell.boundary.rawValue
        }
        let (x0, y0, w, h, margin) = (minX, minY, cellWidth, cellHeight, Self.margin)
        let xy = polygon.xy
        // Every edge marks the cells it passes within the margin of.
        for k in 0..<polygon.sequenceEnds.count {
            let range = polygon.sequenceRange(k)
            guard range.count >= 2 else { continue }
            for i in range {
                let j = i + 1 < range.upperBound ? i + 1 : range.lowerBound // the closing edge too
                let ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1]
                // The cells the edge's box, widened by the margin, falls in (the margin is far
                // larger than the rounding of these divisions).
                let c0 = Swift.max(0, Int(((Swift.min(ax, bx) - margin) - x0) / w))
                let c1 = Swift.min(n - 1, Int(((Swift.max(ax, bx) + margin) - x0) / w))
                let r0 = Swift.max(0, Int(((Swift.min(ay, by) - margin) - y0) / h))
                let r1 = Swift.min(n - 1, Int(((Swift.max(ay, by) + margin) - y0) / h))
                guard c0 <= c1, r0 <= r1 else { continue }
                let dx = bx - ax, dy = by - ay
                for r in r0...r1 {
                    let lowY = y0 + Double(r) * h - margin, highY = y0 + Double(r + 1) * h + margin
                    if Swift.max(ay, by) < lowY || Swift.min(ay, by) > highY { continue }
                    for c in c0...c1 where state[(r + 1) * wide + c + 1] != Cell.boundary.rawValue {
                        let lowX = x0 + Double(c) * w - margin, highX = x0 + Double(c + 1) * w + margin
                        if Swift.max(ax, bx) < lowX || Swift.min(ax, bx) > highX { continue }
                        // The widened cell meets the edge unless its four corners are all on
                        // one side of the edge's line.
                        let s1 = dx * (lowY - ay) - dy * (lowX - ax), s2 = dx * (lowY - ay) - dy * (highX - ax)
                        let s3 = dx * (highY - ay) - dy * (lowX - ax), s4 = dx * (highY - ay) - dy * (highX - ax)
                        if (s1 > 0 && s2 > 0 && s3 > 0 && s4 > 0) || (s1 < 0 && s2 < 0 && s3 < 0 && s4 < 0) { continue }
                        state[(r + 1) * wide + c + 1] = Cell.boundary.rawValue
                    }
                }
            }
        }
        // Cells side by side without a boundary cell between them lie in one region of the
        // plane (no edge separates them): a cell takes the side of the cell left of it or
        // above it, and only a cell with neither asks a point-in-polygon test of its centre.
        let open = Cell.open.rawValue
        state.withUnsafeMutableBufferPointer { state in
            for k in (wide + 1)..<(wide * (wide - 1) - 1) where state[k] == open {
                let left = state[k - 1], up = state[k - wide]
                if left == Cell.inside.rawValue || left == Cell.outside.rawValue {
                    state[k] = left
                } else if up == Cell.inside.rawValue || up == Cell.outside.rawValue {
                    state[k] = up
                } else {
                    let cx = x0 + (Double(k % wide - 1) + 0.5) * w, cy = y0 + (Double(k / wide - 1) + 0.5) * h
                    state[k] = Self.contains(polygon, cx, cy) ? Cell.inside.rawValue : Cell.outside.rawValue
                }
            }
        }
        cells = state
    }

    /// Where the box lies: inside the polygon (covered by it), outside (apart from it), or
    /// unknown (it comes near the boundary: ask GEOS).
    public func locate(_ box: Envelope) -> Answer {
        guard side > 0, box.minX <= box.maxX, box.minY <= box.maxY else { return .unknown }
        if box.minX > maxX || box.maxX < minX || box.minY > maxY || box.maxY < minY { return .outside }
        // A box reaching beyond the envelope has points outside the polygon: not inside.
        let within = box.minX >= minX && box.maxX <= maxX && box.minY >= minY && box.maxY <= maxY
        // A box side on a cell border may round into the cell beside it: the strip it then
        // leaves out is nanometres wide, within the margin that no edge enters around a cell
        // that is not "boundary", so it lies on the side of the cell that is counted.
        let c0 = Swift.min(side - 1, Int((Swift.max(box.minX, minX) - minX) / cellWidth))
        let c1 = Swift.min(side - 1, Int((Swift.min(box.maxX, maxX) - minX) / cellWidth))
        let r0 = Swift.min(side - 1, Int((Swift.max(box.minY, minY) - minY) / cellHeight))
        let r1 = Swift.min(side - 1, Int((Swift.min(box.maxY, maxY) - minY) / cellHeight))
        guard c0 <= c1, r0 <= r1 else { return .unknown }
        let first = cells[(r0 + 1) * width + c0 + 1]
        guard first != Cell.boundary.rawValue, within || first == Cell.outside.rawValue else { return .unknown }
        return cells.withUnsafeBufferPointer { p in
            for r in r0...r1 {
                let row = (r + 1) * width + 1
                for c in c0...c1 where p[row + c] != first { return .unknown }
            }
            return first == Cell.inside.rawValue ? .inside : .outside
        }
    }

    /// Even–odd point in polygon over every ring (for points well away from the edges).
    private static func contains(_ g: FlatGeometry, _ x: Double, _ y: Double) -> Bool {
        var inside = false
        let xy = g.xy
        for k in 0..<g.sequenceEnds.count {
            let range = g.sequenceRange(k)
            guard range.count >= 3 else { continue }
            var j = range.upperBound - 1
            for i in range {
                let xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1]
                if (yi > y) != (yj > y), x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
                j = i
            }
        }
        return inside
    }
}
