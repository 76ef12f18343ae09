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
    public static func run(_ program: String, _ arguments: [String], environment: [String: String?] = [:]) throws -> Result {
        try start(program, arguments, environment: environment).wait()
    }

    /// A program started with ``start(_:_:environment:)``, running until ``wait()``.
    public final class Running: @unchecked Sendable {
        public let pid: pid_t
        private let folder: TemporaryFolder
        private var result: Result?

        init(pid: pid_t, folder: TemporaryFolder) {
            self.pid = pid
            self.folder = folder
        }

        /// Waits for the program to end; its exit status and output.
        public func wait() -> Result {
            if let result { return result }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            let r = Result(status: exitCode, stdout: readText(folder.path + "/stdout"), stderr: readText(folder.path + "/stderr"))
            result = r
            return r
        }
    }

    /// Starts `program` and returns at once; `environment` adds variables to the test's own
    /// (a nil value removes one).
    public static func start(_ program: String, _ arguments: [String], environment: [String: String?] = [:]) throws -> Running {
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
        let rc: Int32
        if environment.isEmpty {
            rc = posix_spawn(&pid, program, &actions, nil, argv, environ)
        } else {
            var variables = ProcessInfo.processInfo.environment
            for (k, v) in environment { variables[k] = v }
            let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for e in envp { free(e) } }
            rc = posix_spawn(&pid, program, &actions, nil, argv, envp)
        }
        guard rc == 0 else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: program]) }
        return Running(pid: pid, folder: folder)
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
/// the value goes away. Swift may end a value's life after its last use, so a test keeps it
/// to its end with `defer { withExtendedLifetime(folder) {} }`.
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

    /// A folder for helpers that hand out paths (a fixture written once and read by several
    /// tests): kept while the test process runs, deleted when it exits.
    public static func untilExit(prefix: String = "landctl-tests") -> String {
        let folder = TemporaryFolder(prefix: prefix)
        KeptFolders.shared.keep(folder)
        return folder.path
    }
}

/// The folders ``TemporaryFolder/untilExit(prefix:)`` handed out, deleted at exit.
private final class KeptFolders: @unchecked Sendable {
    static let shared: KeptFolders = {
        atexit { KeptFolders.shared.removeAll() }
        return KeptFolders()
    }()

    private let lock = NSLock()
    private var folders: [TemporaryFolder] = []

    func keep(_ folder: TemporaryFolder) {
        lock.lock()
        folders.append(folder)
        lock.unlock()
    }

    func removeAll() {
        lock.lock()
        let all = folders
        folders = []
        lock.unlock()
        for f in all { try? FileManager.default.removeItem(atPath: f.path) }
    }
}

/// A PostGIS server to compare with (the one `scripts/postgis.sh start` runs), reached with
/// Debian's `psql` over its Unix socket. Found from the environment the script prints
/// (PGHOST, PGPORT, PGDATABASE, PGUSER), else at the script's default socket folder.
public struct PostGIS: Sendable {
    public let psql: String
    public let host: String
    public let port: String
    public let database: String
    public let user: String
    /// `postgis_full_version()` as the server reports it.
    public let version: String

    /// The script's defaults (LANDCTL_PG_DIR, LANDCTL_PG_PORT, LANDCTL_PG_DB in the script).
    public static let defaultSocketFolder = "/tmp/landctl-postgis/socket"

    /// The server, or why there is none (for the test's skip message).
    public static let server: Result<PostGIS, ToolError> = find()

    public static var reachable: Bool { (try? server.get()) != nil }

    /// Why no server is reachable ("" when one is).
    public static var unreachableReason: String {
        if case let .failure(e) = server { return e.message }
        return ""
    }

    static func find() -> Result<PostGIS, ToolError> {
        let env = ProcessInfo.processInfo.environment
        guard let psql = Subprocess.which("psql") else {
            return .failure(ToolError(message: "psql is not installed (apt-get install postgresql-15 postgresql-15-postgis-3; then scripts/postgis.sh start)"))
        }
        let host = env["PGHOST"] ?? defaultSocketFolder
        let port = env["PGPORT"] ?? "5432"
        let database = env["PGDATABASE"] ?? "landctl"
        let user = env["PGUSER"] ?? (getuid() == 0 ? "postgres" : (env["USER"] ?? "postgres"))
        let probe = PostGIS(psql: psql, host: host, port: port, database: database, user: user, version: "")
        do {
            let rows = try probe.rows("select postgis_full_version()")
            guard let version = rows.first?.first, !version.isEmpty else {
                return .failure(ToolError(message: "PostGIS at \(host):\(port)/\(database) gave no version"))
            }
            return .success(PostGIS(psql: psql, host: host, port: port, database: database, user: user, version: version))
        } catch {
            return .failure(ToolError(message: "no PostGIS server at \(host) (port \(port), database \(database), user \(user)): "
                                      + "\(error) — start one with scripts/postgis.sh start"))
        }
    }

    /// Runs `sql` (any number of statements, in one session) and returns the rows of its
    /// results, each as its fields (tab-separated by psql, NULL as an empty string). Notices
    /// are not shown; an error stops the script and is thrown with psql's message.
    public func rows(_ sql: String) throws -> [[String]] {
        let folder = TemporaryFolder(prefix: "landctl-psql")
        let file = folder.file("script.sql")
        try ("set client_min_messages = warning;\n" + sql + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Subprocess.run(psql, ["-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                                          "-h", host, "-p", port, "-d", database, "-U", user, "-f", file])
        guard r.status == 0 else {
            let message = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw ToolError(message: message.hasPrefix("psql:") ? message : "psql: " + message)
        }
        return r.stdout.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The server as landctl names a database: `PG:dbname=… host=… port=… user=…`.
    public var layerName: String { "PG:dbname=\(database) host=\(host) port=\(port) user=\(user)" }

    /// A schema of its own for one test (`landctl_test_<tag>_<random>`), made empty; drop it
    /// with ``dropSchema(_:)``.
    public func freshSchema(_ tag: String) throws -> String {
        let name = "landctl_test_\(tag)_\(UInt32.random(in: 0...UInt32.max))"
        _ = try rows("drop schema if exists \(name) cascade; create schema \(name)")
        return name
    }

    public func dropSchema(_ name: String) {
        _ = try? rows("drop schema if exists \(name) cascade")
    }

    /// Loads a layer file into `schema.table` with GDAL's ogr2ogr (its PostgreSQL driver:
    /// geometry column `geom`, integer key `ogc_fid` in file order, GiST index), as a
    /// platform's loader would.
    public func load(_ file: String, into table: String, extra: [String] = []) throws {
        try GDALTools.ogr2ogr(["-f", "PostgreSQL", "PG:dbname=\(database) host=\(host) port=\(port) user=\(user)", file,
                               "-nln", table, "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=ogc_fid"] + extra)
    }

    /// Runs psql in the background (a session that holds a lock while a test watches another).
    public func start(_ sql: String) throws -> Subprocess.Running {
        let file = TemporaryFolder.untilExit(prefix: "landctl-psql") + "/script.sql"
        try (sql + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return try Subprocess.start(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-d", database, "-U", user, "-f", file])
    }

    /// `text` as an SQL literal that needs no escaping: dollar-quoted with a tag the text
    /// does not contain.
    public static func literal(_ text: String) -> String {
        var tag = "lc"
        var n = 0
        while text.contains("$\(tag)$") {
            n += 1
            tag = "lc\(n)"
        }
        return "$\(tag)$" + text + "$\(tag)$"
    }

    public typealias ToolError = GDALTools.ToolError
}
