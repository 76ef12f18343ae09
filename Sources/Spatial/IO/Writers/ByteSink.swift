/// Where the text encoders (numbers, JSON strings, CSV fields, GeoJSON geometries) put
/// their bytes: a byte array, or a ``ByteSink``.
public protocol ByteOutput {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeRawBufferPointer)
}

extension ByteOutput {
    /// A literal's bytes (the encoders' punctuation and keywords).
    @inline(__always)
    public mutating func append(_ literal: StaticString) {
        append(bytes: UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

extension Array: ByteOutput where Element == UInt8 {
    @inline(__always)
    public mutating func append(bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}

/// A growable byte buffer for encoding many rows: an append is a capacity check and a copy.
///
/// The result files' rows were encoded into `[UInt8]`, whose every append also checks that
/// the array is not shared and goes through its storage object: on a million parcels that
/// bookkeeping was a fifth of the time spent writing (profile of `landctl classify`). One
/// sink belongs to one thread at a time (an encoding worker's chunk buffer).
public final class ByteSink: ByteOutput {
    // Unchecked: the sink is never shared between threads, and every append would
    // otherwise register a dynamic exclusivity access.
    @exclusivity(unchecked) private var start: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) public private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(16, capacity)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    @inline(__always)
    public func append(_ byte: UInt8) {
        if count == capacity { grow(1) }
        start[count] = byte
        count += 1
    }

    @inline(__always)
    public func append(bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0, let from = bytes.baseAddress else { return }
        if capacity - count < n { grow(n) }
        UnsafeMutableRawPointer(start + count).copyMemory(from: from, byteCount: n)
        count += n
    }

    // The protocol's own is mutating, which a `let` sink (a chunk's buffer) cannot call.
    @inline(__always)
    public func append(_ literal: StaticString) {
        append(bytes: UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Forgets the bytes, keeping the memory.
    public func removeAll() { count = 0 }

    /// The bytes so far.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// A copy of the bytes so far.
    public var bytes: [UInt8] { withBytes { Array($0) } }

    @inline(never)
    private func grow(_ needed: Int) {
        let size = max(capacity * 2, count + needed)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        bigger.update(from: start, count: count)
        start.deallocate()
        start = bigger
        capacity = size
    }
}

extension String {
    /// The string's UTF-8 bytes in place (native strings, small or not, need no copy of the
    /// string value, whose copy would retain its storage: this runs for every text cell).
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let r = try utf8.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) { return r }
        var copy = self
        return try copy.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
