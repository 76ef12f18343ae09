import CZLIB
import Foundation

/// Writes a ZIP archive of deflated entries (what an `.xlsx` is), ZIP64 where an entry or
/// the archive passes 4 GB. An entry can be given whole (``add(_:_:level:)``) or as pieces
/// deflated elsewhere, on other threads (``DeflatePiece``), appended in order between
/// ``begin(_:)`` and ``end()``: each piece is a raw deflate stream ended by a sync flush, so
/// the pieces one after the other, closed by an empty final block, are one deflate stream,
/// and their CRCs combine (what pigz does).
final class ZipArchiveWriter {
    private let path: String
    private var file: UnsafeMutablePointer<FILE>?
    private var offset: UInt64 = 0
    private struct Entry {
        var name: [UInt8]
        var crc: UInt32 = 0
        var compressed: UInt64 = 0
        var size: UInt64 = 0
        var offset: UInt64
    }
    private var entries: [Entry] = []
    private var open: Entry?

    init(path: String) throws {
        self.path = path
        guard let f = fopen(path, "wb") else {
            throw ReadError(file: path, message: "cannot create the workbook: \(String(cString: strerror(errno)))")
        }
        file = f
    }

    deinit { if let file { fclose(file) } }

    private func put(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        guard let file, fwrite(bytes.baseAddress, 1, bytes.count, file) == bytes.count else {
            throw ReadError(file: path, message: "cannot write the workbook: \(String(cString: strerror(errno)))")
        }
        offset += UInt64(bytes.count)
    }

    private func put(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try put($0) } }

    /// Starts an entry: its local header, with room for ZIP64 sizes (patched in ``end()``).
    func begin(_ name: String) throws {
        precondition(open == nil)
        let entry = Entry(name: Array(name.utf8), offset: offset)
        try put(localHeader(entry))
        open = entry
    }

    /// Appends a piece of the open entry (pieces in order).
    func append(_ piece: DeflatePiece) throws {
        guard var entry = open else { preconditionFailure("no open entry") }
        try piece.bytes.withUnsafeBytes { try put(UnsafeRawBufferPointer(rebasing: $0[0..<piece.count])) }
        entry.crc = UInt32(crc32_combine(uLong(entry.crc), uLong(piece.crc), off_t(piece.size)))
        entry.compressed += UInt64(piece.count)
        entry.size += UInt64(piece.size)
        open = entry
    }

    /// Ends the open entry: the final deflate block, then its header completed.
    func end() throws {
        guard var entry = open else { preconditionFailure("no open entry") }
        let final: [UInt8] = [0x03, 0x00] // an empty final block with fixed codes
        try put(final)
        entry.compressed += UInt64(final.count)
        open = nil
        guard let file, fflush(file) == 0, fseeko(file, off_t(entry.offset), SEEK_SET) == 0 else {
            throw ReadError(file: path, message: "cannot write the workbook: \(String(cString: strerror(errno)))")
        }
        let end = offset
        offset = entry.offset
        try put(localHeader(entry))
        guard fseeko(file, off_t(end), SEEK_SET) == 0 else {
            throw ReadError(file: path, message: "cannot write the workbook: \(String(cString: strerror(errno)))")
        }
        offset = end
        entries.append(entry)
    }

    /// A whole entry at once.
    func add(_ name: String, _ data: [UInt8], level: Int32 = 6) throws {
        try begin(name)
        var deflater = Deflater(level: level)
        var piece = DeflatePiece()
        data.withUnsafeBytes { deflater.deflate($0, into: &piece) }
        try append(piece)
        try end()
    }

    /// The central directory and its end; closes the file.
    func finish() throws {
        let start = offset
        for e in entries {
            var zip64: [UInt8] = []
            if e.size >= 0xFFFF_FFFF { Self.le(e.size, 8, &zip64) }
            if e.compressed >= 0xFFFF_FFFF { Self.le(e.compressed, 8, &zip64) }
            if e.offset >= 0xFFFF_FFFF { Self.le(e.offset, 8, &zip64) }
            var h: [UInt8] = []
            Self.le(0x0201_4B50, 4, &h)
            Self.le(45, 2, &h) // made by: 4.5, MS-DOS attributes
            Self.le(zip64.isEmpty ? 20 : 45, 2, &h)
            Self.le(0, 2, &h) // flags
            Self.le(8, 2, &h) // deflate
            Self.le(0, 2, &h) // time 00:00
            Self.le(0x21, 2, &h) // date 1980-01-01
            Self.le(UInt64(e.crc), 4, &h)
            Self.le(min(e.compressed, 0xFFFF_FFFF), 4, &h)
            Self.le(min(e.size, 0xFFFF_FFFF), 4, &h)
            Self.le(UInt64(e.name.count), 2, &h)
            Self.le(zip64.isEmpty ? 0 : UInt64(zip64.count + 4), 2, &h)
            Self.le(0, 2, &h) // comment
            Self.le(0, 2, &h) // disk
            Self.le(0, 2, &h) // internal attributes
            Self.le(0, 4, &h) // external attributes
            Self.le(min(e.offset, 0xFFFF_FFFF), 4, &h)
            h += e.name
            if !zip64.isEmpty {
                Self.le(1, 2, &h)
                Self.le(UInt64(zip64.count), 2, &h)
                h += zip64
            }
            try put(h)
        }
        let size = offset - start
        var end: [UInt8] = []
        if entries.count >= 0xFFFF || size >= 0xFFFF_FFFF || start >= 0xFFFF_FFFF {
            let record = offset
            Self.le(0x0606_4B50, 4, &end)
            Self.le(44, 8, &end)
            Self.le(45, 2, &end)
            Self.le(45, 2, &end)
            Self.le(0, 4, &end)
            Self.le(0, 4, &end)
            Self.le(UInt64(entries.count), 8, &end)
            Self.le(UInt64(entries.count), 8, &end)
            Self.le(size, 8, &end)
            Self.le(start, 8, &end)
            Self.le(0x0706_4B50, 4, &end)
            Self.le(0, 4, &end)
            Self.le(record, 8, &end)
            Self.le(1, 4, &end)
        }
        Self.le(0x0605_4B50, 4, &end)
        Self.le(0, 2, &end)
        Self.le(0, 2, &end)
        Self.le(min(UInt64(entries.count), 0xFFFF), 2, &end)
        Self.le(min(UInt64(entries.count), 0xFFFF), 2, &end)
        Self.le(min(size, 0xFFFF_FFFF), 4, &end)
        Self.le(min(start, 0xFFFF_FFFF), 4, &end)
        Self.le(0, 2, &end)
        try put(end)
        let f = file
        file = nil
        guard let f, fclose(f) == 0 else {
            throw ReadError(file: path, message: "cannot write the workbook: \(String(cString: strerror(errno)))")
        }
    }

    /// A local header; the ZIP64 field always there (as libxlsxwriter's minizip writes it),
    /// the 32-bit sizes 0xFFFFFFFF only when they do not fit.
    private func localHeader(_ e: Entry) -> [UInt8] {
        var h: [UInt8] = []
        Self.le(0x0403_4B50, 4, &h)
        Self.le(45, 2, &h)
        Self.le(0, 2, &h)
        Self.le(8, 2, &h)
        Self.le(0, 2, &h)
        Self.le(0x21, 2, &h)
        Self.le(UInt64(e.crc), 4, &h)
        let big = e.size >= 0xFFFF_FFFF || e.compressed >= 0xFFFF_FFFF
        Self.le(big ? 0xFFFF_FFFF : e.compressed, 4, &h)
        Self.le(big ? 0xFFFF_FFFF : e.size, 4, &h)
        Self.le(UInt64(e.name.count), 2, &h)
        Self.le(20, 2, &h)
        h += e.name
        Self.le(1, 2, &h)
        Self.le(16, 2, &h)
        Self.le(e.size, 8, &h)
        Self.le(e.compressed, 8, &h)
        return h
    }

    private static func le(_ v: UInt64, _ bytes: Int, _ out: inout [UInt8]) {
        for k in 0..<bytes { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) }
    }
}

/// One deflated piece of an entry: raw deflate ended by a sync flush, the CRC-32 and size
/// of what it holds.
struct DeflatePiece {
    var bytes: [UInt8] = []
    var count = 0
    var crc: UInt32 = 0
    var size = 0
}

/// A raw deflate stream reused piece after piece (one per thread).
struct Deflater: ~Copyable {
    private let stream: UnsafeMutablePointer<z_stream>

    init(level: Int32) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Raw deflate (no zlib header): the ZIP entry's own format.
        let status = deflateInit2_(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib deflateInit2 failed: \(status)")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// `input` deflated into `piece` (replacing what it held), ended by a sync flush.
    mutating func deflate(_ input: UnsafeRawBufferPointer, into piece: inout DeflatePiece) {
        deflateReset(stream)
        let bound = Int(deflateBound(stream, uLong(input.count))) + 16
        if piece.bytes.count < bound { piece.bytes = [UInt8](repeating: 0, count: bound) }
        piece.size = input.count
        piece.crc = input.isEmpty ? 0 : UInt32(crc32(0, input.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(input.count)))
        piece.bytes.withUnsafeMutableBytes { out in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(out.count)
            let status = CZLIB.deflate(stream, Z_SYNC_FLUSH)
            // deflateBound leaves room for everything and the flush marker.
            precondition(status == Z_OK && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0, "zlib deflate: \(status)")
            piece.count = out.count - Int(stream.pointee.avail_out)
        }
    }
}
