/// Which envelopes of a layer meet each other: the candidate pairs of a self-join (parcels
/// that may overlap), before any exact test.
///
/// A uniform grid with cells about twice the typical envelope: each envelope is listed in the
/// cells it covers, and a pair is reported only from the cell holding the lower-left corner
/// of the two envelopes' intersection, so each pair comes once. Linear in the envelopes for
/// a layer of similar-sized parcels (a sort-and-sweep along x looks at a whole column of the
/// city for each parcel: n·√n). Envelopes much larger than the cells are checked against all
/// the others directly.
public enum EnvelopeJoin {
    /// Pairs (i, j), i < j, of non-nil envelopes that share at least a point, sorted.
    public static func pairs(_ envelopes: [Envelope?]) -> [(Int, Int)] {
        var items: [(k: Int, e: Envelope)] = []
        items.reserveCapacity(envelopes.count)
        var all = Envelope.empty
        for (k, e) in envelopes.enumerated() {
            guard let e, !e.isEmpty else { continue }
            items.append((k, e))
            all.expand(e)
        }
        guard items.count > 1 else { return [] }

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

        var entries: [(cell: Int, item: Int32)] = []
        entries.reserveCapacity(items.count + items.count / 2)
        var large: [Int] = []
        for (i, item) in items.enumerated() {
            let x0 = cellIndex(item.e.minX, all.minX), x1 = cellIndex(item.e.maxX, all.minX)
            let y0 = cellIndex(item.e.minY, all.minY), y1 = cellIndex(item.e.maxY, all.minY)
            if (x1 - x0 + 1) * (y1 - y0 + 1) > 16 {
                large.append(i)
                continue
            }
            for x in x0...x1 {
                for y in y0...y1 { entries.append((x * columns + y, Int32(i))) }
            }
        }
        entries.sort { ($0.cell, $0.item) < ($1.cell, $1.item) }

        var pairs: [(Int, Int)] = []
        func meet(_ a: Envelope, _ b: Envelope) -> Bool {
            a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
        }
        func add(_ a: Int, _ b: Int) {
            let p = items[a].k, q = items[b].k
            pairs.append((min(p, q), max(p, q)))
        }
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].cell == entries[start].cell { end += 1 }
            let here = entries[start].cell
            if end - start > 1 {
                for s in start..<(end - 1) {
                    let a = Int(entries[s].item), ea = items[a].e
                    for t in (s + 1)..<end {
                        let b = Int(entries[t].item), eb = items[b].e
                        guard meet(ea, eb) else { continue }
                        // Only the cell of the intersection's lower-left corner reports the pair.
                        let corner = cellIndex(max(ea.minX, eb.minX), all.minX) * columns + cellIndex(max(ea.minY, eb.minY), all.minY)
                        if corner == here { add(a, b) }
                    }
                }
            }
            start = end
        }
        // Large envelopes against everything (each pair once: with a smaller one, or with a
        // later large one).
        let isLarge = Set(large)
        for a in large {
            let ea = items[a].e
            for b in items.indices where b != a && meet(ea, items[b].e) && (!isLarge.contains(b) || b > a) { add(a, b) }
        }
        pairs.sort { $0 < $1 }
        return pairs
    }
}
