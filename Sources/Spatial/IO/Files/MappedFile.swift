#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file. Readers scan it in place, so a large layer is
/// never copied into Swift arrays; the kernel pages it in (and out) as the scan moves on.
public final class MappedFile {
    public let path: String
    public let count: Int
    private let base: UnsafeMutableRawPointer?

    public init(path: String) throws {
        self.path = path
        let fd = try RegularFile.openForReading(path)
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ReadError(file: path, message: "cannot stat: \(String(cString: strerror(errno)))") }
        count = Int(st.st_size)
        if count == 0 {
            base = nil
            return
        }
        let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw ReadError(file: path, message: "cannot map: \(String(cString: strerror(errno)))") }
        _ = madvise(p, count, MADV_SEQUENTIAL)
        // Read ahead the whole file now, in the background: a file the kernel has let go of
        // (page cache reclaimed since it was last read) is then read from disk while the
        // scan runs, instead of one read-ahead window at a time as the scan faults on it.
        _ = madvise(p, count, MADV_WILLNEED)
        base = p
    }

    /// Wraps bytes already in memory (tests, decoded GBK text).
    public init(bytes: [UInt8], name: String) {
        path = name
        count = bytes.count
        if bytes.isEmpty {
            base = nil
        } else {
            let p = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 8)
            bytes.withUnsafeBytes { if let src = $0.baseAddress { p.copyMemory(from: src, byteCount: bytes.count) } }
            base = p
            owned = true
        }
    }

    private var owned = false

    deinit {
        guard let base else { return }
        if owned { base.deallocate() } else { munmap(base, count) }
    }

    /// Tells the kernel that `range` (byte offsets) will not be read again, so its pages
    /// stop counting towards the process's memory; they are read back from the file should
    /// anything touch them after all.
    public func release(_ range: Range<Int>) {
        guard let base, !owned else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = min(count, range.upperBound) / page * page
        guard end > start else { return }
        _ = madvise(base + start, end - start, MADV_DONTNEED)
    }

    public var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base?.assumingMemoryBound(to: UInt8.self), count: count)
    }
}

/// A file-level read error: the whole file cannot be read (not JSON, truncated, missing
/// column, unknown CRS…). Names the file and, where known, line and column.
public struct ReadError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var s = file
        if let line {
            s += ":\(line)"
            if let column { s += ":\(column)" }
        }
        return s + ": " + message
    }

    /// Line and column (1-based) of byte `offset` in `bytes`.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            if bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        // Column counts characters, not bytes, so that Chinese text lines up.
        let column = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]), as: UTF8.self).count + 1
        return (line, column)
    }
}
