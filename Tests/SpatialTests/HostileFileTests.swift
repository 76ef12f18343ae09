import Foundation
import Spatial
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 19: files that are not what they claim to be — FIFOs, devices, folders, empty WKT,
/// a CSV "header" of gigabytes — and text that would drive a terminal.
@Suite("hostile files")
struct HostileFileTests {
    func folder() throws -> String {
        let f = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }

    /// Runs `body` on a thread and fails (instead of hanging) when it has not returned
    /// after `seconds`; `unblock` is then called to let the thread finish.
    func finishes(within seconds: Int, unblock: () -> Void, _ body: @escaping @Sendable () -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            body()
            done.signal()
        }
        if done.wait(timeout: .now() + .seconds(seconds)) == .success { return true }
        unblock()
        done.wait()
        return false
    }

    @Test("a FIFO as a layer is refused at once, never opened (it would block until a writer came)")
    func fifo() throws {
        let path = try folder() + "/f.geojson"
        #expect(mkfifo(path, 0o644) == 0)
        let message = Shared("")
        let returned = finishes(within: 10, unblock: {
            // The reader blocked in open(): a writer lets it through, so the test ends.
            let fd = open(path, O_WRONLY)
            if fd >= 0 { close(fd) }
        }) {
            do {
                _ = try LayerReader.open(path)
            } catch {
                message.set("\(error)")
            }
        }
        #expect(returned, "LayerReader.open blocked on a FIFO")
        #expect(message.get() == "\(path): is a FIFO (named pipe), not a regular file")
    }

    @Test("devices and folders are named for what they are")
    func devicesAndFolders() throws {
        #expect(throws: ReadError(file: "/dev/zero", message: "is a character device, not a regular file")) {
            _ = try MappedFile(path: "/dev/zero")
        }
        let dir = try folder()
        #expect(throws: ReadError(file: dir, message: "is a folder, not a regular file")) { _ = try MappedFile(path: dir) }
        // For GDAL, which also reads folders: only FIFOs, devices and sockets are refused.
        try RegularFile.refuseSpecial(dir)
        try RegularFile.refuseSpecial(dir + "/a.gpkg|layername=x")
        #expect(throws: ReadError(file: "/dev/null", message: "is a character device, not a regular file or a folder")) {
            try RegularFile.refuseSpecial("/dev/null")
        }
        #expect(throws: ReadError(file: dir + "/none.wkt", message: "cannot open: no such file")) { _ = try LayerReader.open(dir + "/none.wkt") }
        // A symlink to a regular file is a regular file.
        try "POINT (1 2)\n".write(toFile: dir + "/a.wkt", atomically: true, encoding: .utf8)
        #expect(symlink(dir + "/a.wkt", dir + "/link.wkt") == 0)
        #expect(try RegularFile.require(dir + "/link.wkt").st_size == 12)
    }

    @Test("a PROJ string naming a FIFO (+init=FILE:ID, grids) is refused before PROJ opens it")
    func projFileReferences() throws {
        let dir = try folder()
        let fifo = dir + "/f.geojson"
        #expect(mkfifo(fifo, 0o644) == 0)
        let text = Shared("")
        let returned = finishes(within: 10, unblock: {
            let fd = open(fifo, O_WRONLY)
            if fd >= 0 { close(fd) }
        }) {
            do {
                _ = try GeometryEngine().crs("+init=\(fifo):1")
            } catch {
                text.set("\(error)")
            }
        }
        #expect(returned, "PROJ blocked on a FIFO")
        #expect(text.get() == "\(fifo): is a FIFO (named pipe), not a regular file")
        #expect(throws: ReadError(file: dir, message: "is a folder, not a regular file")) {
            _ = try GeometryEngine().crs("+proj=longlat +ellps=GRS80 +nadgrids=@\(dir)")
        }
        // Names that are not paths here (PROJ's own grids and init files) are left to PROJ.
        #expect(try GeometryEngine().crs("EPSG:4490").identifier == "EPSG:4490")
    }

    @Test("an empty, BOM-only or comment-only WKT file is a file-level error, not zero features")
    func emptyWKT() throws {
        let dir = try folder()
        for (name, bytes, message) in [("empty.wkt", [UInt8](), "the file is empty"),
                                        ("bom.wkt", [0xEF, 0xBB, 0xBF], "the file is empty"),
                                        ("blank.wkt", Array(" \n\r\n\t\n".utf8), "holds no WKT geometry (only blank lines and # comments): check the file"),
                                        ("comments.wkt", Array("# parcels\n\n# none yet\n".utf8), "holds no WKT geometry (only blank lines and # comments): check the file")] {
            let path = dir + "/" + name
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            #expect(throws: ReadError(file: path, message: message)) { _ = try LayerReader.open(path) }
        }
        // One geometry after comments is a layer.
        try "# parcels\nPOINT (1 2)\n".write(toFile: dir + "/one.wkt", atomically: true, encoding: .utf8)
        let reader = try LayerReader.open(dir + "/one.wkt")
        #expect(try reader.next()?.line == 2)
    }

    @Test("a CSV whose first line is longer than 1 MB is refused without reading it; the header shown is cut at 200 characters")
    func hugeHeader() throws {
        let dir = try folder()
        // 64 MB of zero bytes (sparse): no line break anywhere.
        let sparse = dir + "/sparse.csv"
        FileManager.default.createFile(atPath: sparse, contents: nil)
        #expect(truncate(sparse, 64 << 20) == 0)
        for encoding in [TextEncoding.utf8, .gbk] {
            #expect(throws: ReadError(file: sparse, line: 1, message: "the header line is longer than 1 MB (no line break in the first 1048576 bytes): this is not a CSV file with a header row")) {
                _ = try CSVReader(path: sparse, encoding: encoding)
            }
        }
        // 100 KB of zero bytes, then a line break: a header of one strange column, shown
        // as escapes and cut, not as 100 KB of text.
        var bytes = [UInt8](repeating: 0, count: 100_000)
        bytes += Array("\nx\n".utf8)
        FileManager.default.createFile(atPath: dir + "/zeros.csv", contents: Data(bytes))
        do {
            _ = try CSVReader(path: dir + "/zeros.csv")
            Issue.record("a header of zero bytes was accepted")
        } catch let e as ReadError {
            #expect(e.message.count < 400)
            #expect(e.message.contains("'\\u0000\\u0000") && e.message.contains("…"))
            #expect(!e.message.contains("\u{0}"))
        }
        // A wide but honest header (3,000 columns, no WKT): listed up to 200 characters.
        let header = (0..<3000).map { "column_\($0)" }.joined(separator: ",")
        try (header + "\n").write(toFile: dir + "/wide.csv", atomically: true, encoding: .utf8)
        do {
            _ = try CSVReader(path: dir + "/wide.csv")
            Issue.record("a CSV without a WKT column was accepted")
        } catch let e as ReadError {
            let columns = try #require(e.message.split(separator: "the columns are ").last?.split(separator: "; name it").first)
            #expect(columns.count == 201 && columns.hasPrefix("'column_0', 'column_1'") && columns.hasSuffix("…"))
        }
    }

    @Test("control characters are escaped for display, line breaks kept; an escape is never cut in two")
    func displayText() {
        #expect(DisplayText.escapingControls("P-1\u{1B}[2J\u{7}") == "P-1\\u001B[2J\\u0007")
        #expect(DisplayText.escapingControls("行1\n\t行2\r") == "行1\n\t行2\\u000D")
        #expect(DisplayText.escapingControls("a\u{202E}b\u{9B}c") == "a\\u202Eb\\u009Bc")
        #expect(DisplayText.escapingControls("a\nb", keepLineBreaks: false) == "a\\u000Ab")
        #expect(DisplayText.excerpt("abcdef", limit: 6) == "abcdef")
        #expect(DisplayText.excerpt("abcdefg", limit: 6) == "abcdef…")
        // "ab" fits, the 6-character escape of ESC would not: cut before it.
        #expect(DisplayText.excerpt("ab\u{1B}cd", limit: 6) == "ab…")
        #expect(DisplayText.excerpt("ab\u{1B}cd", limit: 8) == "ab\\u001B…")
    }
}

/// A value shared with a test's worker thread.
final class Shared<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
    func set(_ v: T) {
        lock.lock()
        value = v
        lock.unlock()
    }
}
