extension Array {
    /// Puts the element at `order[i]` at position i, for every i (`order` a permutation of
    /// the indices), by swaps along the permutation's cycles: each element moves, none is
    /// copied (the buffer's swaps move the bytes; the array's own `swapAt` copied each
    /// element through a temporary, retaining and releasing all it holds).
    mutating func permute(to order: [Int]) {
        assert(order.count == count && Set(order).count == count, "the order must name every position once")
        var placed = [Bool](repeating: false, count: count)
        withUnsafeMutableBufferPointer { elements in
            for start in elements.indices where !placed[start] {
                // Position i holds the element that started at `start` until it is placed.
                var i = start
                while true {
                    placed[i] = true
                    let j = order[i]
                    if j == start { break }
                    elements.swapAt(i, j)
                    i = j
                }
            }
        }
    }
}
