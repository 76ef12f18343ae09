import CPQ
import Foundation

/// A problem with a PostgreSQL/PostGIS database: it cannot be reached, refuses the login,
/// lacks a table, or reports an error while reading or writing. The message names the
/// database (its connection string with the password masked) and gives the server's own
/// words; like every ``InputError`` it ends the command with exit code 2.
public struct DatabaseError: Error, InputError, Equatable, Sendable {
    /// The database as shown to users: `PG:dbname=… password=********`.
    public var database: String
    public var message: String
    /// The server's SQLSTATE (`28P01` wrong password, `42P01` no such table, `25006`
    /// read-only transaction, `57P01` terminated by an administrator…), when it sent one.
    public var sqlState: String?

    public init(database: String, message: String, sqlState: String? = nil) {
        self.database = database
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { "\(database): \(message)" }
}

/// Passwords in connection strings and in what libpq or the server say: every output, log,
/// summary and report shows `********` in their place.
public enum ConnectionSecrets {
    public static let mask = "********"

    /// The connection string with the value of every `password=` keyword (keyword/value
    /// form, quoted or not), the password of a `postgresql://user:password@host` URI and a
    /// URI's `password=` parameter replaced by ``mask``. Everything else is kept as written.
    public static func masked(_ text: String) -> String {
        maskedKeywordValues(maskedURIs(text), wordAfterKeyword: true)
    }

    /// `text` with every occurrence of each secret replaced by ``mask`` (for messages that
    /// may quote a password in a form ``masked(_:)`` does not recognise).
    public static func masking(_ text: String, secrets: [String]) -> String {
        // A message's "password authentication failed" is not a forgotten '='.
        var out = maskedKeywordValues(maskedURIs(text), wordAfterKeyword: false)
        for s in secrets where !s.isEmpty { out = out.replacingOccurrences(of: s, with: mask) }
        return out
    }

    /// `password = value` pairs of libpq's keyword/value syntax: the value is a single-quoted
    /// string (backslash escapes `\'` and `\\`) or runs to the next white space. With
    /// `wordAfterKeyword`, the word after a `password` without '=' too (a connection string
    /// with the '=' forgotten).
    static func maskedKeywordValues(_ text: String, wordAfterKeyword: Bool) -> String {
        let chars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
        while i < chars.count {
            // A keyword starts the text or follows white space (or a `?`/`&` in a URI query).
            let atStart = i == 0 || isSpace(chars[i - 1]) || chars[i - 1] == "?" || chars[i - 1] == "&" || chars[i - 1] == ":"
                || chars[i - 1] == "\""
            let keyword = Array("password".unicodeScalars)
            if atStart, i + keyword.count <= chars.count,
               zip(chars[i..<i + keyword.count], keyword).allSatisfy({ String($0).lowercased() == String($1) }) {
                var j = i + keyword.count
                while j < chars.count, isSpace(chars[j]) { j += 1 }
                if j < chars.count, chars[j] == "=" {
                    j += 1
                    while j < chars.count, isSpace(chars[j]) { j += 1 }
                    out.append(contentsOf: chars[i..<j])
                    if j < chars.count, chars[j] == "'" {
                        var k = j + 1
                        while k < chars.count, chars[k] != "'" { k += chars[k] == "\\" ? 2 : 1 }
                        out.append(contentsOf: "'\(mask)'".unicodeScalars)
                        i = min(chars.count, k + 1)
                    } else {
                        var k = j
                        while k < chars.count, !isSpace(chars[k]), chars[k] != "&", chars[k] != "|", chars[k] != "\"" { k += 1 }
                        out.append(contentsOf: mask.unicodeScalars)
                        i = k
                    }
                    continue
                }
                if wordAfterKeyword, j > i + keyword.count, j < chars.count {
                    // `password secret`, the '=' forgotten: libpq refuses it, and the word
                    // after the keyword is still a password.
                    var k = j
                    while k < chars.count, !isSpace(chars[k]) { k += 1 }
                    out.append(contentsOf: chars[i..<j])
                    out.append(contentsOf: mask.unicodeScalars)
                    i = k
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return String(out)
    }

    /// The password in the user information of `postgresql://` and `postgres://` URIs.
    static func maskedURIs(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let r = rest.range(of: "postgres", options: .caseInsensitive) {
            out += rest[..<r.lowerBound]
            var tail = rest[r.lowerBound...]
            let scheme = ["postgresql://", "postgres://"].first { tail.lowercased().hasPrefix($0) }
            guard let scheme else {
                out += tail.prefix(1)
                rest = tail.dropFirst()
                continue
            }
            out += tail.prefix(scheme.count)
            tail = tail.dropFirst(scheme.count)
            // The authority ends at the first '/', '?' or white space; the user information
            // at its last '@'.
            let end = tail.firstIndex { $0 == "/" || $0 == "?" || $0 == " " || $0 == "\"" } ?? tail.endIndex
            let authority = tail[..<end]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                out += authority[...colon] + mask + authority[at...]
            } else {
                out += authority
            }
            rest = tail[end...]
        }
        return out + rest
    }
}

/// One connection to a PostgreSQL server through libpq, used by one thread at a time and
/// closed exactly once. Credentials come from the connection string or libpq's environment
/// (`PGHOST`, `PGUSER`, `PGPASSWORD`, `~/.pgpass`, `PGSERVICE`…); the session is UTF-8 with
/// ISO dates, and the server sees `application_name` `landctl` unless the connection
/// string names another. Every message is masked (``ConnectionSecrets``).
final class PostGISConnection {
    private let conn: OpaquePointer
    /// The connection string as shown to users (password masked).
    let display: String
    /// The passwords in play (connection string, PGPASSWORD), masked in every message.
    let secrets: [String]

    /// Connects with `conninfo` (libpq keyword/value pairs or a `postgresql://` URI);
    /// `display` names the database in messages.
    init(conninfo: String, display: String) throws {
        var parseError: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &parseError) else {
            let why = parseError.map { String(cString: $0) } ?? "out of memory"
            if let parseError { PQfreemem(parseError) }
            throw DatabaseError(database: display, message: "not a connection string libpq reads (keyword=value pairs such as 'dbname=landctl host=/run/postgresql', or a postgresql:// URI): "
                                + Self.quotedWordsMasked(why.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        var secrets: [String] = []
        var k = 0
        while let keyword = options[k].keyword {
            if String(cString: keyword) == "password", let v = options[k].val { secrets.append(String(cString: v)) }
            k += 1
        }
        PQconninfoFree(options)
        if let env = ProcessInfo.processInfo.environment["PGPASSWORD"], !env.isEmpty { secrets.append(env) }
        self.secrets = secrets
        self.display = display
        // The user's string first (expand_dbname), then what LandControl needs the session to
        // be: later keywords win, except fallback_application_name, which only fills a gap.
        let keywords = ["dbname", "fallback_application_name", "client_encoding", "options"]
        let values = [conninfo, "landctl", "UTF8", "-c DateStyle=ISO -c extra_float_digits=1 -c IntervalStyle=iso_8601"]
        var userOptions: String?
        if let parsed = PQconninfoParse(conninfo, nil) {
            var j = 0
            while let keyword = parsed[j].keyword {
                if String(cString: keyword) == "options", let v = parsed[j].val { userOptions = String(cString: v) }
                j += 1
            }
            PQconninfoFree(parsed)
        }
        var allValues = values
        // Options the user gave (e.g. '-c search_path=…') are kept, LandControl's after them.
        if let userOptions, !userOptions.isEmpty { allValues[3] = userOptions + " " + values[3] }
        let conn: OpaquePointer? = withCStringArray(keywords) { k in
            withCStringArray(allValues) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let conn else { throw DatabaseError(database: display, message: "cannot connect: libpq is out of memory") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            throw DatabaseError(database: display, message: "cannot connect: " + ConnectionSecrets.masking(Self.tidy(message), secrets: secrets),
                                sqlState: Self.sqlState(inConnectionMessage: message))
        }
        self.conn = conn
    }

    deinit { PQfinish(conn) }

    /// libpq's message on one line: its "FATAL:  " and line breaks folded.
    static func tidy(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "; ").replacingOccurrences(of: ":  ", with: ": ")
    }

    /// libpq does not give the SQLSTATE of a failed login; its words do.
    static func sqlState(inConnectionMessage m: String) -> String? {
        if m.contains("password authentication failed") { return "28P01" }
        if m.contains("does not exist") && m.contains("database") { return "3D000" }
        return nil
    }

    /// A parse message with quoted fragments that are not libpq keywords replaced: libpq
    /// quotes the text where it stopped, which may be a password.
    static func quotedWordsMasked(_ message: String) -> String {
        var keywords = Set<String>()
        if let defaults = PQconndefaults() {
            var k = 0
            while let keyword = defaults[k].keyword {
                keywords.insert(String(cString: keyword))
                k += 1
            }
            PQconninfoFree(defaults)
        }
        let parts = message.components(separatedBy: "\"")
        return parts.enumerated().map { k, part in k % 2 == 1 && !keywords.contains(part) ? ConnectionSecrets.mask : part }
            .joined(separator: "\"")
    }

    /// The database's error for `result` (or the connection's), masked, with its SQLSTATE.
    func error(_ result: OpaquePointer?, doing what: String) -> DatabaseError {
        var message = ""
        var state: String?
        if let result {
            if let p = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) { message = String(cString: p) }
            if let p = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) { state = String(cString: p) }
            if let p = PQresultErrorField(result, Int32(UInt8(ascii: "D"))) { message += " (" + String(cString: p) + ")" }
            if let p = PQresultErrorField(result, Int32(UInt8(ascii: "H"))) { message += "; hint: " + String(cString: p) }
        }
        if message.isEmpty { message = Self.tidy(String(cString: PQerrorMessage(conn))) }
        if message.isEmpty { message = "the server gave no message" }
        if PQstatus(conn) != CONNECTION_OK {
            let lost = Self.tidy(String(cString: PQerrorMessage(conn)))
            if !lost.isEmpty, !message.contains(lost) { message += "; " + lost }
            if state == nil, lost.contains("terminating connection due to administrator command") { state = "57P01" }
        }
        return DatabaseError(database: display, message: "\(what): " + ConnectionSecrets.masking(message, secrets: secrets), sqlState: state)
    }

    /// Runs `sql` with text parameters (`$1`…; nil is NULL) and returns the rows as text
    /// (nil for NULL). Statements that return nothing return no rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = [], doing what: String) throws -> [[String?]] {
        let result = withParameters(parameters) { values in
            PQexecParams(conn, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw error(result, doing: what) }
        guard status == PGRES_TUPLES_OK, let result else { return [] }
        let rows = Int(PQntuples(result)), columns = Int(PQnfields(result))
        var out: [[String?]] = []
        out.reserveCapacity(rows)
        for r in 0..<rows {
            out.append((0..<columns).map { c in
                PQgetisnull(result, Int32(r), Int32(c)) != 0 ? nil : String(cString: PQgetvalue(result, Int32(r), Int32(c)))
            })
        }
        return out
    }

    /// Runs statements without parameters (several may be separated by semicolons).
    func execute(_ sql: String, doing what: String) throws {
        let result = PQexec(conn, sql)
        defer { PQclear(result) }
        let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(result, doing: what) }
    }

    /// The columns `sql` would return (names and type OIDs), without running it.
    func describe(_ sql: String, doing what: String) throws -> [(name: String, type: UInt32)] {
        let prepared = PQprepare(conn, "", sql, 0, nil)
        defer { PQclear(prepared) }
        guard prepared.map({ PQresultStatus($0) }) == PGRES_COMMAND_OK else { throw error(prepared, doing: what) }
        let described = PQdescribePrepared(conn, "")
        defer { PQclear(described) }
        guard let described, PQresultStatus(described) == PGRES_COMMAND_OK else { throw error(described, doing: what) }
        return (0..<PQnfields(described)).map { k in (String(cString: PQfname(described, k)), UInt32(PQftype(described, k))) }
    }

    /// `COPY … TO STDOUT` (text format): calls `row` with each row's bytes (without its line
    /// end), in order.
    func copyOut(_ sql: String, doing what: String, row: (UnsafeRawBufferPointer) throws -> Void) throws {
        let started = PQexec(conn, sql)
        let status = started.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status == PGRES_COPY_OUT else {
            defer { PQclear(started) }
            throw error(started, doing: what)
        }
        PQclear(started)
        var failure: Error?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let n = PQgetCopyData(conn, &buffer, 0)
            if n > 0, let buffer {
                defer { PQfreemem(buffer) }
                if failure == nil {
                    var count = Int(n)
                    if count > 0, buffer[count - 1] == 0x0A { count -= 1 }
                    do { try row(UnsafeRawBufferPointer(start: buffer, count: count)) } catch { failure = error }
                }
                continue
            }
            break // -1: done (the result follows), -2: failed
        }
        var last: DatabaseError?
        while let result = PQgetResult(conn) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, last == nil { last = error(result, doing: what) }
            PQclear(result)
        }
        if let last { throw last }
        if PQstatus(conn) != CONNECTION_OK { throw error(nil, doing: what) }
        if let failure { throw failure }
    }

    /// `COPY … FROM STDIN` (text format): `produce` is called with a `send` function to
    /// hand over the rows' bytes in pieces (any size, whole rows or not). The command's result
    /// is checked at the end; a lost connection stops the copy at once.
    func copyIn(_ sql: String, doing what: String, produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let started = PQexec(conn, sql)
        let status = started.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status == PGRES_COPY_IN else {
            defer { PQclear(started) }
            throw error(started, doing: what)
        }
        PQclear(started)
        var failure: Error?
        do {
            try produce { bytes in
                guard bytes.count > 0 else { return }
                let sent = PQputCopyData(conn, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
                guard sent == 1 else { throw self.error(nil, doing: what) }
            }
        } catch {
            failure = error
        }
        // A failure on our side aborts the COPY (the server discards what it had), then the
        // server's own verdict is read either way.
        _ = PQputCopyEnd(conn, failure == nil ? nil : "landctl stopped the copy")
        var last: DatabaseError?
        while let result = PQgetResult(conn) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, last == nil { last = error(result, doing: what) }
            PQclear(result)
        }
        if let failure {
            if let e = failure as? DatabaseError { throw e }
            throw failure
        }
        if let last { throw last }
    }

    /// `text` as an SQL identifier, in double quotes (inner quotes doubled).
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func withParameters<T>(_ parameters: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        if parameters.isEmpty { return body(nil) }
        var copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for p in copies { free(p) } }
        return copies.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, buffer.count)) {
                body(UnsafePointer($0))
            }
        }
    }
}

/// Calls `body` with a NULL-terminated array of C strings (`const char *const *`), as libpq's
/// connection calls take their keywords and values.
private func withCStringArray<T>(_ items: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
    var copies: [UnsafeMutablePointer<CChar>?] = items.map { strdup($0) } + [nil]
    defer { for p in copies { free(p) } }
    return copies.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { body(UnsafePointer($0)) }
    }
}
