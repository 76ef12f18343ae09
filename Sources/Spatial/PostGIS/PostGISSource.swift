import Foundation

/// A layer in a PostgreSQL/PostGIS database, as a user names it wherever a layer file is
/// accepted: `PG:` and a libpq connection string (`PG:"dbname=landctl host=/run/postgresql"`,
/// or `PG:postgresql://user@host/db`), then the table as QGIS names a layer of a file
/// (`|layername=schema.table`) or a query (`|sql=SELECT …`); `--layer` and `--sql` do the same
/// where a command reads one layer.
public struct PostGISSource: Sendable, Equatable {
    /// The name as given.
    public var name: String
    /// What libpq is given (may hold a password).
    public var conninfo: String
    /// `schema.table` or `table` (PostgreSQL's rules: unquoted names fold to lower case,
    /// `"Name"` keeps its case).
    public var table: String?
    /// A query whose rows are the layer, run in a READ ONLY transaction.
    public var sql: String?

    /// True for names that start with `PG:` (any case).
    public static func isPostGIS(_ name: String) -> Bool {
        name.count >= 3 && name.prefix(3).uppercased() == "PG:"
    }

    /// The name as shown in messages, summaries and the run table: a `PG:` name with its
    /// password masked; any other name unchanged.
    public static func displayName(_ name: String) -> String {
        isPostGIS(name) ? ConnectionSecrets.masked(name) : name
    }

    /// Splits `PG:CONNINFO|layername=TABLE` or `PG:CONNINFO|sql=QUERY`; `layer` and `sql`
    /// (the options) win over what the name says.
    public init(_ name: String, layer: String? = nil, sql: String? = nil) throws {
        self.name = name
        var rest = String(name.dropFirst(3))
        var table: String?, query: String?
        if let bar = rest.range(of: "|sql=", options: .caseInsensitive) {
            query = String(rest[bar.upperBound...])
            rest = String(rest[..<bar.lowerBound])
        }
        if let bar = rest.range(of: "|layername=", options: .caseInsensitive) {
            table = String(rest[bar.upperBound...])
            rest = String(rest[..<bar.lowerBound])
        }
        // A connection string kept in its quotes (`PG:"dbname=x"` passed through a file or a
        // script that did not remove them).
        var conninfo = rest.trimmingCharacters(in: .whitespaces)
        if conninfo.count >= 2, conninfo.hasPrefix("\""), conninfo.hasSuffix("\"") { conninfo = String(conninfo.dropFirst().dropLast()) }
        self.conninfo = conninfo
        if let layer, !layer.isEmpty { table = layer }
        if let sql, !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { query = sql }
        if let t = table, t.trimmingCharacters(in: .whitespaces).isEmpty { table = nil }
        if let q = query, q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { query = nil }
        if table != nil, query != nil {
            throw DatabaseError(database: Self.displayName(name), message: "name a table (--layer or |layername=) or a query (--sql or |sql=), not both")
        }
        self.table = table
        self.sql = query
    }

    /// The database alone, as shown: `PG:dbname=landctl host=… password=********`.
    public var database: String { "PG:" + ConnectionSecrets.masked(conninfo) }

    /// The layer as shown: the database and the table, or the first 80 characters of the query.
    public var display: String {
        if let table { return database + "|layername=" + table }
        if let sql {
            let line = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            return database + "|sql=" + (line.count > 80 ? String(line.prefix(79)) + "…" : line)
        }
        return database
    }
}
