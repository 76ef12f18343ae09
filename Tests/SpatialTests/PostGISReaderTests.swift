import Foundation
import Spatial
import Testing
import TestSupport

/// Issue 17: passwords masked wherever a connection string is shown, and option names checked
/// before they reach SQL. No server needed.
@Suite("PostGIS connection strings and names")
struct PostGISNameTests {
    @Test("a password is masked in keyword/value strings (quoted or not), in URIs and in their query")
    func masking() {
        #expect(ConnectionSecrets.masked("dbname=landctl password=s3cret host=/tmp") == "dbname=landctl password=******** host=/tmp")
        #expect(ConnectionSecrets.masked("dbname=landctl password = 's3 c\\'ret' user=x") == "dbname=landctl password = '********' user=x")
        #expect(ConnectionSecrets.masked("PG:dbname=x PASSWORD=abc|layername=zs.parcels") == "PG:dbname=x PASSWORD=********|layername=zs.parcels")
        #expect(ConnectionSecrets.masked("PG:postgresql://land:p%40ss@db.example:5432/zs?sslmode=require")
                == "PG:postgresql://land:********@db.example:5432/zs?sslmode=require")
        #expect(ConnectionSecrets.masked("postgres://land@db/zs?password=abc&sslmode=disable") == "postgres://land@db/zs?password=********&sslmode=disable")
        // Nothing to mask: unchanged, including a word that only starts like the keyword.
        #expect(ConnectionSecrets.masked("dbname=passwords user=password_admin") == "dbname=passwords user=password_admin")
        #expect(ConnectionSecrets.masking("FATAL: role x with s3cret", secrets: ["s3cret"]) == "FATAL: role x with ********")
        // The '=' forgotten: libpq refuses the string, and the word after the keyword is masked all the same.
        #expect(ConnectionSecrets.masked("dbname=x password s3cret user=y") == "dbname=x password ******** user=y")
    }

    @Test("PG: names: the table or the query after the connection string, as shown")
    func sources() throws {
        let s = try PostGISSource("PG:dbname=zs password=pw|layername=zs.地块")
        #expect(s.conninfo == "dbname=zs password=pw" && s.table == "zs.地块" && s.sql == nil)
        #expect(s.display == "PG:dbname=zs password=********|layername=zs.地块")
        let q = try PostGISSource("PG:\"dbname=zs\"|sql=SELECT * FROM t WHERE a = 'x|y'")
        #expect(q.conninfo == "dbname=zs" && q.sql == "SELECT * FROM t WHERE a = 'x|y'" && q.table == nil)
        // The options win over the name; both a table and a query is an error.
        #expect(try PostGISSource("PG:dbname=zs|layername=a", layer: "b").table == "b")
        #expect(throws: DatabaseError.self) { try PostGISSource("PG:dbname=zs|layername=a", sql: "SELECT 1") }
        #expect(PostGISSource.isPostGIS("pg:dbname=x") && !PostGISSource.isPostGIS("parcels.geojson"))
    }

    @Test("--schema and --table-prefix: identifiers PostgreSQL takes unquoted, anything else refused")
    func identifiers() {
        for ok in ["zs", "zs_2024", "_x", "规划", "a$b"] {
            #expect(PostGISTarget.identifierProblem(ok, prefix: false) == nil, "\(ok)")
        }
        for bad in ["Zs", "1zs", "$x", "a-b", "a b", "x\"; drop table t; --", "a.b", String(repeating: "a", count: 64), ""] {
            #expect(PostGISTarget.identifierProblem(bad, prefix: false) != nil, "\(bad)")
        }
        // A prefix may be empty, and leaves room for the output's name.
        #expect(PostGISTarget.identifierProblem("", prefix: true) == nil)
        #expect(PostGISTarget.identifierProblem(String(repeating: "p", count: 48), prefix: true) != nil)
        #expect(PostGISTarget.identifierProblem(String(repeating: "p", count: 47), prefix: true) == nil)
    }
}

/// Issue 17: layers read from PostGIS 3.3 (the server `scripts/postgis.sh start` runs; CI
/// starts it): geometry, CRS and key from the table's metadata, every attribute type, the
/// READ ONLY transaction, and the named errors.
@Suite("PostGIS reader", .serialized, .enabled(if: PostGIS.reachable, "\(PostGIS.unreachableReason)"))
struct PostGISReaderTests {
    let server: PostGIS

    init() throws { server = try PostGIS.server.get() }

    /// A schema with one table of every attribute type LandControl decodes, in a key order
    /// that differs from the insert order, and a table without geometry.
    func makeTables(_ schema: String) throws {
        _ = try server.rows("""
            create table \(schema).typed (
                gid integer primary key, geom geometry(Polygon, 4490), n_int integer, n_big bigint, n_real double precision,
                n_num numeric, d date, ts timestamp, tstz timestamptz, b boolean, j jsonb, ints integer[], texts text[],
                t text, bin bytea, nothing text);
            insert into \(schema).typed values
              (2, 'SRID=4490;POLYGON((122 30,122.001 30,122.001 30.001,122 30))', -7, 9007199254740993, 0.1, 123.4500,
               '2021-03-25', '2021-03-25 08:30:00', '2021-03-25 08:30:00+08', true, '{"a": [1, "二"]}', '{1,NULL,3}',
               '{"a b","c\\"d",NULL}', E'tab\\there\\nline \\\\ 宗地', '\\x00ff', null),
              (1, null, null, null, 'NaN', null, null, null, null, false, null, '{}', null, '', null, null);
            create table \(schema).plain (id integer primary key, name text);
            insert into \(schema).plain values (1, 'x');
            """)
    }

    @Test("a table: key, geometry, CRS from its metadata; every attribute with its type, in key order")
    func typedTable() throws {
        let schema = try server.freshSchema("types")
        defer { server.dropSchema(schema) }
        try makeTables(schema)
        let reader = try PostGISReader(path: server.layerName, layer: "\(schema).typed")
        #expect(reader.declaredCRS == "EPSG:4490")
        #expect(reader.format == .postgis && reader.layerName == "\(schema).typed")
        let features = try reader.readAll()
        try #require(features.count == 2)
        // Ordered by the primary key, which is the feature id and not an attribute.
        #expect(features.map(\.id) == ["1", "2"])
        #expect(!features[0].properties.keys.contains("gid") && !features[0].properties.keys.contains("geom"))
        #expect(features[0].geometry == nil && features[0].problem == nil)
        let g = try #require(features[1].geometry)
        #expect(Array(g.xy) == [122, 30, 122.001, 30, 122.001, 30.001, 122, 30])
        let p = features[1].properties
        #expect(p["n_int"] == .number("-7"))
        #expect(p["n_big"] == .number("9007199254740993"))    // beyond a double's 2^53: the text, exactly
        #expect(p["n_real"] == .number("0.1"))
        #expect(p["n_num"] == .number("123.4500"))             // numeric keeps its scale
        #expect(p["d"] == .date("2021-03-25"))
        #expect(p["ts"] == .date("2021-03-25T08:30:00"))
        // The session's time zone decides how the server prints a timestamptz; it is the same instant.
        if case let .date(t)? = p["tstz"] {
            #expect(ISO8601DateFormatter().date(from: t) == ISO8601DateFormatter().date(from: "2021-03-25T00:30:00Z"), "\(t)")
        } else {
            Issue.record("tstz: \(String(describing: p["tstz"]))")
        }
        #expect(p["b"] == .bool(true))
        #expect(p["j"] == .json("{\"a\": [1, \"二\"]}"))
        #expect(p["ints"] == .json("[1,null,3]"))
        #expect(p["texts"] == .json("[\"a b\",\"c\\\"d\",null]"))
        #expect(p["t"] == .string("tab\there\nline \\ 宗地"))
        #expect(p["bin"] == .string("00ff"))
        #expect(p["nothing"] == .null)
        let q = features[0].properties
        #expect(q["n_real"] == .null)     // NaN is no number a CSV or GeoJSON can carry
        #expect(q["b"] == .bool(false) && q["ints"] == .json("[]") && q["t"] == .string(""))
    }

    @Test("a query: its geometry column and the SRID its geometries carry; geography tables read as EPSG:4326")
    func query() throws {
        let schema = try server.freshSchema("query")
        defer { server.dropSchema(schema) }
        try makeTables(schema)
        let reader = try PostGISReader(path: server.layerName,
                                       sql: "SELECT n_int AS 编号, ST_Transform(geom, 4326) AS g FROM \(schema).typed WHERE geom IS NOT NULL;")
        #expect(reader.declaredCRS == "EPSG:4326" && reader.layerName == "SQL")
        let features = try reader.readAll()
        #expect(features.count == 1 && features[0].properties["编号"] == .number("-7") && features[0].id == nil)
        _ = try server.rows("create table \(schema).geo (id serial primary key, g geography(Point, 4326)); insert into \(schema).geo (g) values ('POINT(120.3 31.5)')")
        let geo = try PostGISReader(path: server.layerName + "|layername=\(schema).geo")
        #expect(geo.declaredCRS == "EPSG:4326")
        #expect(try geo.readAll().first?.geometry.map { Array($0.xy) } == [120.3, 31.5])
    }

    @Test("a --sql that writes is refused by the READ ONLY transaction, and nothing changes")
    func readOnly() throws {
        let schema = try server.freshSchema("readonly")
        defer { server.dropSchema(schema) }
        try makeTables(schema)
        for sql in ["DELETE FROM \(schema).typed RETURNING geom",
                    "WITH gone AS (DELETE FROM \(schema).typed RETURNING geom) SELECT geom FROM gone"] {
            do {
                _ = try PostGISReader(path: server.layerName, sql: sql)
                Issue.record("not refused: \(sql)")
            } catch let e as DatabaseError {
                #expect(e.sqlState == "25006", "\(sql): \(e)")
                #expect(e.description.contains("in a read-only transaction"), "\(e)")
            }
        }
        // A function that writes, inside a plain SELECT: refused all the same.
        _ = try server.rows("create sequence \(schema).s")
        #expect(throws: DatabaseError.self) { _ = try PostGISReader(path: self.server.layerName, sql: "SELECT geom, nextval('\(schema).s') FROM \(schema).typed") }
        #expect(try server.rows("select count(*) from \(schema).typed") == [["2"]])
        #expect(try server.rows("select last_value, is_called from \(schema).s") == [["1", "f"]])
    }

    @Test("named errors: a missing table (with the list), a table without geometry, several tables and none named, bad SQL")
    func errors() throws {
        let schema = try server.freshSchema("errors")
        defer { server.dropSchema(schema) }
        try makeTables(schema)
        func message(_ body: () throws -> Void) -> DatabaseError? {
            do { try body() } catch let e as DatabaseError { return e } catch { Issue.record("\(error)") }
            return nil
        }
        let missing = message { _ = try PostGISReader(path: self.server.layerName, layer: "\(schema).nope") }
        #expect(missing?.sqlState == "42P01")
        #expect(missing?.message.contains("has no table or view '\(schema).nope'") == true)
        #expect(missing?.message.contains("'\(schema).typed' (Polygon)") == true, "\(String(describing: missing))")
        let plain = message { _ = try PostGISReader(path: self.server.layerName, layer: "\(schema).plain") }
        #expect(plain?.message.contains("has no geometry column (its columns are 'id', 'name')") == true, "\(String(describing: plain))")
        let noGeometry = message { _ = try PostGISReader(path: self.server.layerName, sql: "SELECT 1 AS one") }
        #expect(noGeometry?.message.contains("returns no geometry or geography column; its columns are 'one'") == true)
        let syntax = message { _ = try PostGISReader(path: self.server.layerName, sql: "SELEC geom FROM \(schema).typed") }
        #expect(syntax?.sqlState == "42601" && syntax?.message.contains("the query (--sql) failed") == true)
        let badName = message { _ = try PostGISReader(path: "PG:dbname=landctl nosuchkeyword=1") }
        #expect(badName?.message.contains("not a connection string libpq reads") == true)
        // libpq quotes the text where it stopped, which may be part of a password: anything
        // quoted that is not one of libpq's keywords is masked.
        #expect(badName?.message.contains("invalid connection option \"********\"") == true, "\(String(describing: badName))")
        let noEquals = message { _ = try PostGISReader(path: "PG:dbname=landctl password s3cret") }
        #expect(noEquals?.description.contains("s3cret") == false, "\(String(describing: noEquals))")
    }

    @Test("a wrong password is a named error, and the password shows nowhere")
    func wrongPassword() throws {
        guard try server.rows("select 1 from pg_roles where rolname = 'landctl_password'") == [["1"]] else {
            print("skipped: the server has no role landctl_password (started by an older scripts/postgis.sh; run it again)")
            return
        }
        let secret = "Wrong-\(UInt32.random(in: 0...UInt32.max))"
        let name = "PG:dbname=\(server.database) host=\(server.host) port=\(server.port) user=landctl_password password=\(secret)"
        do {
            _ = try PostGISReader(path: name, sql: "SELECT 'POINT(1 1)'::geometry AS g")
            Issue.record("connected with a wrong password")
        } catch let e as DatabaseError {
            #expect(e.sqlState == "28P01", "\(e)")
            #expect(e.description.contains("password authentication failed for user \"landctl_password\""), "\(e)")
            #expect(!e.description.contains(secret) && e.description.contains("password=********"), "\(e)")
        }
    }
}
