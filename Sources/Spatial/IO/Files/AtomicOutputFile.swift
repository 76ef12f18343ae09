#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A buffered output file that appears under its name only when complete: bytes go to a
/// temporary file in the same folder, renamed over the target by ``commit()``. A run that
/// fails (or never commits) leaves no partial file behind; missing folders are created.
public final class AtomicOutputFile {
    public let path: String
    private let temporaryPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var committed = false
    private static let flushSize = 1 << 20

    public init(path: String) throws {
        self.path = path
        let folder = Self.folder(of: path)
        try Self.makeFolders(folder)
        let templateText = (folder.isEmpty ? "" : folder + "/") + ".\(Self.baseName(path)).tmp-XXXXXX"
        var template = Array(templateText.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { b -> Int32 in
            guard let base = b.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw ReadError(file: path, message: "cannot create an output file: \(String(cString: strerror(errno)))") }
        self.fd = fd
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fchmod(fd, 0o644)
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
        if !committed { unlink(temporaryPath) }
    }

    @inline(__always) public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(bytes: $0) }
    }

    public func write(bytes: UnsafeRawBufferPointer) throws {
        if bytes.count >= Self.flushSize / 4 {
            // A big block (a chunk encoded elsewhere) goes out as it is, not through the buffer.
            try flush()
            try writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushSize { try flush() }
    }

    public func write(_ text: String) throws {
        var t = text
        t.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Appends through a closure that writes straight into the buffer (no copies).
    @inline(__always) public func append(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        if buffer.count >= Self.flushSize { try flush() }
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(file: path, message: "cannot write: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }

    /// Writes what is buffered, closes the file and renames it over `path`.
    public func commit() throws {
        try close()
        try publish()
    }

    /// Writes what is buffered and closes the temporary file; it is not yet under its name.
    public func close() throws {
        guard fd >= 0 else { return }
        try flush()
        let rc = Glibc.close(fd)
        fd = -1
        guard rc == 0 else { throw ReadError(file: path, message: "cannot close: \(String(cString: strerror(errno)))") }
    }

    /// Renames the closed temporary file over `path`.
    public func publish() throws {
        guard !committed else { return }
        try close()
        guard rename(temporaryPath, path) == 0 else {
            throw ReadError(file: path, message: "cannot rename the finished output into place: \(String(cString: strerror(errno)))")
        }
        committed = true
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `mkdir -p`.
    public static func makeFolders(_ folder: String) throws {
        guard !folder.isEmpty else { return }
        var st = stat()
        if stat(folder, &st) == 0 {
            if (st.st_mode & S_IFMT) != S_IFDIR { throw ReadError(file: folder, message: "exists and is not a folder") }
            return
        }
        try makeFolders(Self.folder(of: folder))
        if mkdir(folder, 0o755) != 0, errno != EEXIST {
            throw ReadError(file: folder, message: "cannot create the folder: \(String(cString: strerror(errno)))")
        }
    }
}
