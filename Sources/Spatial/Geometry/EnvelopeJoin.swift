/// Which envelopes of a layer meet each other: the candidate pairs of a self-join (parcels
/// that may overlap), before any exact test.
///
/// A uniform grid with cells about twice the median envelope: each envelope is listed in the
/// cells it covers, and a pair is reported only from the cell holding the lower-left corner
/// of the two envelopes' intersection, so each pair comes once. Linear in the envelopes for
/// a layer of similar-sized parcels (a sort-and-sweep along x looks at a whole column of the
/// city for each parcel: n·√n). Envelopes much larger than the cells look up the small ones
/// in the cells they cover, and are joined among themselves the same way, on a grid sized
/// for them (at most half the envelopes are large at each level, so that ends).
public enum EnvelopeJoin {
    /// Pairs (i, j), i < j, of non-nil envelopes that share at least a point, sorted.
    public static func pairs(_ envelopes: [Envelope?]) -> [(Int, Int)] {
        var items: [Item] = []
        items.reserveCapacity(envelopes.count)
        for (k, e) in envelopes.enumerated() {
            guard let e, !e.isEmpty else { continue }
            items.append(Item(k: k, e: e))
        }
        var pairs: [(Int, Int)] = []
        join(items, into: &pairs)
        pairs.sort { $0 < $1 }
        return pairs
    }

    struct Item {
        let k: Int
        let e: Envelope
    }

    static func meet(_ a: Envelope, _ b: Envelope) -> Bool {
        a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
    }

    private static func join(_ items: [Item], into pairs: inout [(Int, Int)]) {
        guard items.count > 1 else { return }
        var all = Envelope.empty
        for item in items { all.expand(item.e) }
        // Cell size: twice the median envelope size, from a sample.
        let stride = max(1, items.count / 1000)
        var sizes: [Double] = []
        for i in Swift.stride(from: 0, to: items.count, by: stride) {
            sizes.append(max(items[i].e.maxX - items[i].e.minX, items[i].e.maxY - items[i].e.minY))
        }
        sizes.sort()
        let extent = max(all.maxX - all.minX, all.maxY - all.minY)
        var cell = 2 * sizes[sizes.count / 2]
        // Points, or cells so small that the grid's numbers would overflow.
        if !(cell > 0) || extent / cell > 1e9 { cell = max(extent / Double(max(1, Int(Double(items.count).squareRoot()))), 1e-9) }
        let columns = Int(((all.maxY - all.minY) / cell).rounded(.down)) + 1
        func cellIndex(_ v: Double, _ origin: Double) -> Int { Int(((v - origin) / cell).rounded(.down)) }
        func add(_ a: Item, _ b: Item) { pairs.append((min(a.k, b.k), max(a.k, b.k))) }

        // Small envelopes into the grid.
        var small: [Item] = [], large: [Item] = []
        var entries: [(cell: Int, item: Int32)] = []
        entries.reserveCapacity(items.count + items.count / 2)
        for item in items {
            let x0 = cellIndex(item.e.minX, all.minX), x1 = cellIndex(item.e.maxX, all.minX)
            let y0 = cellIndex(item.e.minY, all.minY), y1 = cellIndex(item.e.maxY, all.minY)
            if (x1 - x0 + 1) * (y1 - y0 + 1) > 16 {
                large.append(item)
                continue
            }
            for x in x0...x1 {
                for y in y0...y1 { entries.append((x * columns + y, Int32(small.count))) }
            }
            small.append(item)
        }
        entries.sort { ($0.cell, $0.item) < ($1.cell, $1.item) }

        // Small with small: within each cell, reported by the cell of the corner.
        var cellStart: [Int: Int] = [:] // cell → first entry, for the large envelopes' look-ups
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].cell == entries[start].cell { end += 1 }
            let here = entries[start].cell
            if !large.isEmpty { cellStart[here] = start }
            if end - start > 1 {
                for s in start..<(end - 1) {
                    let a = small[Int(entries[s].item)]
                    for t in (s + 1)..<end {
                        let b = small[Int(entries[t].item)]
                        guard meet(a.e, b.e) else { continue }
                        let corner = cellIndex(max(a.e.minX, b.e.minX), all.minX) * columns + cellIndex(max(a.e.minY, b.e.minY), all.minY)
                        if corner == here { add(a, b) }
                    }
                }
            }
            start = end
        }
        guard !large.isEmpty else { return }

        // Large with small: the small ones listed in the cells a large one covers (or all of
        // them, when it covers more cells than there are small envelopes).
        var seenBy = [Int32](repeating: -1, count: small.count)
        for (l, a) in large.enumerated() {
            let x0 = cellIndex(a.e.minX, all.minX), x1 = cellIndex(a.e.maxX, all.minX)
            let y0 = cellIndex(a.e.minY, all.minY), y1 = cellIndex(a.e.maxY, all.minY)
            if Double(x1 - x0 + 1) * Double(y1 - y0 + 1) > Double(small.count) {
                for b in small where meet(a.e, b.e) { add(a, b) }
                continue
            }
            for x in x0...x1 {
                for y in y0...y1 {
                    let key = x * columns + y
                    guard var e = cellStart[key] else { continue }
                    while e < entries.count, entries[e].cell == key {
                        let b = Int(entries[e].item)
                        if seenBy[b] != Int32(l) {
                            seenBy[b] = Int32(l)
                            if meet(a.e, small[b].e) { add(a, small[b]) }
                        }
                        e += 1
                    }
                }
            }
        }
        // Large with large: the same join on their own grid.
        join(large, into: &pairs)
    }
}
