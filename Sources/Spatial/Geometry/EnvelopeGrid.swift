/// The envelopes of one layer (a city's buildings) in a uniform grid, for finding those that
/// meet an envelope of another layer (a parcel's): built once, then asked from every thread
/// at once (it is read only).
///
/// Cells are about twice the median envelope, as in ``EnvelopeJoin``; each envelope is
/// listed in the cells it covers, and one that meets the query is reported from the cell
/// holding the lower-left corner of the two envelopes' intersection only, so once. Envelopes
/// covering more than 16 cells go to a grid of their own, sized for them.
public struct EnvelopeGrid: Sendable {
    private let envelopes: [Envelope]
    private let minX: Double, minY: Double, cell: Double
    private let columns: Int, rows: Int
    /// Each listed cell's key (x · rows + y), ascending; its entries are
    /// `items[starts[i]..<starts[i + 1]]`.
    private let keys: [Int]
    private let starts: [Int]
    private let items: [Int32]
    private let large: Box?

    /// The grid of `envelopes` (nil, empty or not finite: they meet nothing).
    public init(_ envelopes: [Envelope?]) {
        self.init(envelopes.enumerated().compactMap { k, e in
            guard let e, !e.isEmpty, e.minX.isFinite, e.minY.isFinite, e.maxX.isFinite, e.maxY.isFinite else { return nil }
            return (k, e)
        })
    }

    private init(_ listed: [(k: Int, e: Envelope)]) {
        var all = Envelope.empty
        for item in listed { all.expand(item.e) }
        var size: [Double] = []
        let stride = max(1, listed.count / 1000)
        for i in Swift.stride(from: 0, to: listed.count, by: stride) {
            size.append(max(listed[i].e.maxX - listed[i].e.minX, listed[i].e.maxY - listed[i].e.minY))
        }
        size.sort()
        let extent = listed.isEmpty ? 0 : max(all.maxX - all.minX, all.maxY - all.minY)
        var cell = size.isEmpty ? 1 : 2 * size[size.count / 2]
        // Points, or cells so small that the grid's numbers would overflow.
        if !(cell > 0) || extent / cell > 1e9 { cell = max(extent / Double(max(1, Int(Double(listed.count).squareRoot()))), 1e-9) }
        let minX = listed.isEmpty ? 0 : all.minX, minY = listed.isEmpty ? 0 : all.minY
        let columns = listed.isEmpty ? 1 : Int(((all.maxX - minX) / cell).rounded(.down)) + 1
        let rows = listed.isEmpty ? 1 : Int(((all.maxY - minY) / cell).rounded(.down)) + 1
        var envelopes = [Envelope](repeating: .empty, count: (listed.map(\.k).max() ?? -1) + 1)
        for (k, e) in listed { envelopes[k] = e }
        // Each envelope's range of cells, on every core (four floors each: a call into libm).
        let side = cell
        let boxes = listed.withUnsafeBufferPointer { listed in
            OrderedChunks.map(count: listed.count, chunk: 16_384) { i -> CellRange in
                let e = listed[i].e
                return CellRange(x0: Int(((e.minX - minX) / side).rounded(.down)), x1: Int(((e.maxX - minX) / side).rounded(.down)),
                                 y0: Int(((e.minY - minY) / side).rounded(.down)), y1: Int(((e.maxY - minY) / side).rounded(.down)))
            }
        }
        var large: [(k: Int, e: Envelope)] = []
        var entryCount = 0
        for i in boxes.indices {
            if boxes[i].cells > 16 { large.append(listed[i]) } else { entryCount += boxes[i].cells }
        }
        // Each (cell, envelope) of the envelopes listed in cells, in envelope order.
        func forEachEntry(_ body: (_ key: Int, _ item: Int32) -> Void) {
            for (i, b) in boxes.enumerated() where b.cells <= 16 {
                for x in b.x0...b.x1 {
                    for y in b.y0...b.y1 { body(x * rows + y, Int32(listed[i].k)) }
                }
            }
        }
        // Entries by cell, each cell's in envelope order.
        var keys: [Int] = [], starts: [Int] = [], items: [Int32]
        let cells = Double(columns) * Double(rows)
        if cells <= Double(4 * entryCount + 4096) {
            // Few enough cells to count (the usual layer: a comparison sort of the entries was
            // most of the grid's cost, on one core): per cell, how many entries, then where
            // the next of them goes; no list of entries is made.
            var next = [Int32](repeating: 0, count: columns * rows)
            forEachEntry { key, _ in next[key] += 1 }
            var running = 0
            for c in next.indices where next[c] > 0 {
                keys.append(c)
                starts.append(running)
                running += Int(next[c])
                next[c] = Int32(starts[starts.count - 1])
            }
            starts.append(running)
            var placed = [Int32](repeating: 0, count: entryCount)
            forEachEntry { key, item in
                placed[Int(next[key])] = item
                next[key] += 1
            }
            items = placed
        } else {
            var entries: [(key: Int, item: Int32)] = []
            entries.reserveCapacity(entryCount)
            forEachEntry { key, item in entries.append((key, item)) }
            entries.sort { ($0.key, $0.item) < ($1.key, $1.item) }
            for (i, entry) in entries.enumerated() where i == 0 || entry.key != entries[i - 1].key {
                keys.append(entry.key)
                starts.append(i)
            }
            starts.append(entries.count)
            items = entries.map(\.item)
        }
        self.envelopes = envelopes
        self.minX = minX
        self.minY = minY
        self.cell = cell
        self.columns = columns
        self.rows = rows
        self.keys = keys
        self.starts = starts
        self.items = items
        // At most half the envelopes are large at each level (the median sets the cells), so
        // the nesting ends; a grid that kept none small lists them one by one.
        self.large = large.isEmpty ? nil : Box(large.count == listed.count ? nil : EnvelopeGrid(large), all: large)
    }

    /// The cells an envelope covers, x0...x1 by y0...y1.
    private struct CellRange {
        let x0: Int, x1: Int, y0: Int, y1: Int
        var cells: Int { (x1 - x0 + 1) * (y1 - y0 + 1) }
    }

    /// Grids nest through a class (a struct cannot hold itself).
    private final class Box: Sendable {
        let grid: EnvelopeGrid?
        let all: [(k: Int, e: Envelope)]
        init(_ grid: EnvelopeGrid?, all: [(k: Int, e: Envelope)]) {
            self.grid = grid
            self.all = all
        }
    }

    private static func meet(_ a: Envelope, _ b: Envelope) -> Bool {
        a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
    }

    /// The positions of the envelopes that share at least a point with `q`, ascending.
    public func meeting(_ q: Envelope) -> [Int] {
        var found: [Int] = []
        collect(q, into: &found)
        found.sort()
        return found
    }

    /// The envelopes that meet each other, as pairs (i, j), i < j, each once, sorted: the
    /// self-join of the layer (``EnvelopeJoin``), its cells on every core.
    public func pairs() -> [(Int, Int)] {
        var all: [(Int, Int)] = []
        collectPairs(into: &all)
        all.sort { $0 < $1 }
        return all
    }

    private func collectPairs(into all: inout [(Int, Int)]) {
        // Listed with listed: within each cell, reported from the cell of the lower-left corner
        // of the two envelopes' intersection only (a cell both cover), so once.
        let chunk = 8192
        let parts = OrderedChunks.map(count: (keys.count + chunk - 1) / chunk, chunk: 1) { c -> [(Int, Int)] in
            var found: [(Int, Int)] = []
            for slot in c * chunk..<min(keys.count, (c + 1) * chunk) where starts[slot + 1] - starts[slot] > 1 {
                for s in starts[slot]..<(starts[slot + 1] - 1) {
                    let a = Int(items[s])
                    for t in (s + 1)..<starts[slot + 1] {
                        let b = Int(items[t])
                        guard Self.meet(envelopes[a], envelopes[b]) else { continue }
                        if cornerKey(envelopes[a], envelopes[b]) == keys[slot] { found.append((min(a, b), max(a, b))) }
                    }
                }
            }
            return found
        }
        for part in parts { all += part }
        guard let large else { return }
        // Large with listed: each large one looks up the listed ones in the cells it covers.
        for (k, e) in large.all {
            var found: [Int] = []
            collectListed(e, into: &found)
            for j in found { all.append((min(k, j), max(k, j))) }
        }
        // Large with large: on their own grid, or one by one when it kept none listed.
        if let grid = large.grid {
            grid.collectPairs(into: &all)
        } else {
            for i in large.all.indices {
                for j in (i + 1)..<large.all.count where Self.meet(large.all[i].e, large.all[j].e) {
                    all.append((min(large.all[i].k, large.all[j].k), max(large.all[i].k, large.all[j].k)))
                }
            }
        }
    }

    /// The cell (clamped to the grid) of a position.
    private func cellIndex(_ v: Double, _ origin: Double, _ count: Int) -> Int {
        min(max(Int(((v - origin) / cell).rounded(.down)), 0), count - 1)
    }

    /// The key of the cell holding the lower-left corner of two meeting envelopes' intersection.
    private func cornerKey(_ a: Envelope, _ b: Envelope) -> Int {
        cellIndex(max(a.minX, b.minX), minX, columns) * rows + cellIndex(max(a.minY, b.minY), minY, rows)
    }

    private func collect(_ q: Envelope, into found: inout [Int]) {
        guard !q.isEmpty, q.minX.isFinite, q.minY.isFinite, q.maxX.isFinite, q.maxY.isFinite else { return }
        collectListed(q, into: &found)
        if let large {
            if let grid = large.grid {
                grid.collect(q, into: &found)
            } else {
                for (k, e) in large.all where Self.meet(q, e) { found.append(k) }
            }
        }
    }

    /// The envelopes listed in this grid's cells (not the large ones) that meet `q`.
    private func collectListed(_ q: Envelope, into found: inout [Int]) {
        if !keys.isEmpty {
            // Cells outside the grid hold nothing: the query is clamped to it.
            let x0 = cellIndex(q.minX, minX, columns), x1 = cellIndex(q.maxX, minX, columns)
            let y0 = cellIndex(q.minY, minY, rows), y1 = cellIndex(q.maxY, minY, rows)
            func visit(_ slot: Int) {
                let key = keys[slot]
                for e in starts[slot]..<starts[slot + 1] {
                    let k = Int(items[e])
                    let b = envelopes[k]
                    guard Self.meet(q, b) else { continue }
                    // Reported from the cell of the intersection's lower-left corner only.
                    if cornerKey(q, b) == key { found.append(k) }
                }
            }
            if Double(x1 - x0 + 1) * Double(y1 - y0 + 1) > Double(keys.count) {
                // A query over more cells than are listed: every listed cell in its range.
                for slot in keys.indices {
                    let x = keys[slot] / rows, y = keys[slot] % rows
                    if x >= x0, x <= x1, y >= y0, y <= y1 { visit(slot) }
                }
            } else {
                for x in x0...x1 {
                    // The cells of one column are consecutive keys: one search per column.
                    var slot = lowerBound(x * rows + y0)
                    while slot < keys.count, keys[slot] <= x * rows + y1 {
                        visit(slot)
                        slot += 1
                    }
                }
            }
        }
    }

    /// The first slot whose key is at least `key`.
    private func lowerBound(_ key: Int) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
