#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks that a path names a regular file before anything opens it. `open()` on a FIFO
/// blocks until a writer appears, a character device such as `/dev/zero` never ends, and a
/// folder cannot be read as a layer; `stat` looks without opening, so it never blocks.
/// Every reader (ours, PROJ's grid and init files, GDAL's) calls this first.
public enum RegularFile {
    /// The file's status (symlinks followed) when `path` is a regular file; a ``ReadError``
    /// naming the file and what it is otherwise.
    @discardableResult
    public static func require(_ path: String) throws -> stat {
        var st = stat()
        guard stat(path, &st) == 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw ReadError(file: path, message: "cannot open: \(reason)")
        }
        guard let kind = kindName(st.st_mode) else { return st }
        throw ReadError(file: path, message: "is \(kind), not a regular file")
    }

    /// For openers that also take folders (GDAL reads a folder of Shapefiles, a FileGDB):
    /// throws when `path` exists and is a FIFO, a device or a socket, which would block or
    /// never end; a regular file, a folder, or a path that does not exist (GDAL's own syntax,
    /// `/vsizip/…`, `PATH|layername=…`) passes.
    public static func refuseSpecial(_ path: String) throws {
        var st = stat()
        guard stat(path, &st) == 0, let kind = kindName(st.st_mode), (st.st_mode & S_IFMT) != S_IFDIR else { return }
        throw ReadError(file: path, message: "is \(kind), not a regular file or a folder")
    }

    /// Opens `path` read-only when it is a regular file. `O_NONBLOCK` keeps the open itself
    /// from blocking should the path be swapped for a FIFO after the check, and the opened
    /// descriptor is checked again, so what is read is what was checked.
    public static func openForReading(_ path: String) throws -> Int32 {
        try require(path)
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(file: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw ReadError(file: path, message: "cannot stat: \(message)")
        }
        if let kind = kindName(st.st_mode) {
            close(fd)
            throw ReadError(file: path, message: "is \(kind), not a regular file")
        }
        // Reads from a regular file never block; clear the flag so that nothing is surprised.
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return fd
    }

    /// nil for a regular file, else what the mode says the path is, in words.
    static func kindName(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a file"
        }
    }

    /// Device and inode of `path` (symlinks followed), nil when it does not exist.
    public static func identity(_ path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }
}

/// What makes two paths the same file: the device and the inode.
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64
}
