/// The elements of one buffer handed to several threads at once, each thread reading and
/// writing only its own positions (its chunk's): the buffer is shared, no element is.
/// The caller keeps the buffer alive and guarantees that no two threads touch one position.
public struct DisjointSlots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T>?
    public let count: Int

    public init(_ buffer: UnsafeMutableBufferPointer<T>) {
        base = buffer.baseAddress
        count = buffer.count
    }

    /// The address of position `k` (0 ≤ k < count).
    @inline(__always)
    public func at(_ k: Int) -> UnsafeMutablePointer<T> {
        assert(k >= 0 && k < count, "slot \(k) outside 0..<\(count)")
        return base.unsafelyUnwrapped + k // non-nil: count > 0 here
    }
}
