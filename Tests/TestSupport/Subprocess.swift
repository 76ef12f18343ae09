import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program as a user would, with its output captured in temporary files. posix_spawn,
/// not Foundation's `Process`: that one leaks a weak-reference side table AddressSanitizer
/// reports.
public enum Subprocess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `program` (a path) with `arguments`; the exit status is 128 + the signal when
    /// the program was killed.
    public static func run(_ program: String, _ arguments: [String]) throws -> Result {
        let folder = TemporaryFolder(prefix: "landctl-run")
        let outPath = folder.path + "/stdout", errPath = folder.path + "/stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard rc == 0 else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: program]) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: exitCode, stdout: readText(outPath), stderr: readText(errPath))
    }

    /// Reads a file with stdio (Foundation's reader leaks a buffer on empty files under ASan).
    public static func readText(_ path: String) -> String {
        guard let f = fopen(path, "rb") else { return "" }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The full path of a program on PATH, or nil.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}

/// GDAL's command-line tools (Debian's gdal-bin), the independent reference the GDAL tests
/// compare with.
public enum GDALTools {
    public static let ogr2ogr = Subprocess.which("ogr2ogr")
    public static let ogrinfo = Subprocess.which("ogrinfo")
    public static var available: Bool { ogr2ogr != nil && ogrinfo != nil }

    /// Runs ogr2ogr; throws with its stderr when it fails.
    public static func ogr2ogr(_ arguments: [String]) throws {
        guard let ogr2ogr else { throw ToolError(message: "ogr2ogr is not installed (apt-get install gdal-bin)") }
        let r = try Subprocess.run(ogr2ogr, arguments)
        guard r.status == 0 else { throw ToolError(message: "ogr2ogr \(arguments.joined(separator: " ")): \(r.stderr)") }
    }

    /// `ogrinfo -so FILE [LAYER]`'s "Feature Count".
    public static func featureCount(_ file: String, layer: String? = nil) throws -> Int {
        guard let ogrinfo else { throw ToolError(message: "ogrinfo is not installed (apt-get install gdal-bin)") }
        let r = try Subprocess.run(ogrinfo, ["-ro", "-so", file] + (layer.map { [$0] } ?? ["-al"]))
        guard r.status == 0, let line = r.stdout.split(separator: "\n").first(where: { $0.hasPrefix("Feature Count: ") }),
              let n = Int(line.dropFirst("Feature Count: ".count)) else {
            throw ToolError(message: "ogrinfo \(file): \(r.stderr)")
        }
        return n
    }

    public struct ToolError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}

/// A fresh folder under the system's temporary folder, deleted with everything in it when
/// the value goes away.
public final class TemporaryFolder: @unchecked Sendable {
    public let path: String

    public init(prefix: String = "landctl-tests") {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    /// `path/name`.
    public func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
