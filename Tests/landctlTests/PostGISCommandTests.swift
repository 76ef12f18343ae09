import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 17, as a user runs it: layers read from PostGIS tables (loaded with GDAL's ogr2ogr,
/// as a platform's loader would) classify as the files they came from; results written with
/// `--out-db` hold the rows of the CSV; one run is one transaction, whatever happens to it;
/// passwords are masked everywhere. Against the private PostGIS 3.3 of
/// `scripts/postgis.sh start` (CI starts it).
@Suite("landctl with PostGIS (--out-db, PG: layers)", .serialized,
       .enabled(if: PostGIS.reachable, "\(PostGIS.unreachableReason)"),
       .enabled(if: GDALTools.available, "needs GDAL's tools ogr2ogr/ogrinfo (apt-get install gdal-bin)"))
struct PostGISCommandTests {
    let server: PostGIS

    init() throws { server = try PostGIS.server.get() }

    /// RFC 4180 rows of a landctl CSV (BOM, CRLF, quoted fields).
    static func csv(_ path: String) -> [[String]] {
        var text = LandCtl.readText(path)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = text.makeIterator()
        var pending: Character?
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r\n" || c == "\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// Cells of two CSVs that differ: as text, and as values (a number written another way,
    /// 26398.0 and 26398, is the same value).
    static func differences(_ a: [[String]], _ b: [[String]]) -> (text: [String], value: [String]) {
        var text: [String] = [], value: [String] = []
        guard a.count == b.count else { return (["\(a.count) rows against \(b.count)"], ["\(a.count) rows against \(b.count)"]) }
        for (r, (x, y)) in zip(a, b).enumerated() {
            guard x.count == y.count else { value.append("row \(r): \(x.count) cells against \(y.count)"); continue }
            for (k, (p, q)) in zip(x, y).enumerated() where p != q {
                let what = "row \(r) column \(a[0][k]): '\(p)' against '\(q)'"
                text.append(what)
                if Double(p) == nil || Double(p) != Double(q) { value.append(what) }
            }
        }
        return (text, value)
    }

    /// The rows of a result table, columns as in `header`, in output order.
    func tableRows(_ table: String, header: [String], run: String) throws -> [[String]] {
        let list = header.map { "coalesce(\"\($0)\"::text, '')" }.joined(separator: ", ")
        return [header] + (try server.rows("select \(list) from \(table) where run_id = \(run) order by row_no"))
    }

    /// Loads the demo's parcels and zones into `schema` with ogr2ogr. ogr2ogr makes the
    /// GeoJSON features' own ids an attribute `id`, which the file readers keep as the feature
    /// id: it is dropped, so that both sides have the same attributes.
    func loadDemo(_ schema: String) throws {
        try server.load(LandCtl.repo("shapes/parcels.geojson"), into: "\(schema).parcels")
        try server.load(LandCtl.repo("shapes/zones.geojson"), into: "\(schema).zones")
        _ = try server.rows("alter table \(schema).parcels drop column id; alter table \(schema).zones drop column id")
    }

    @Test("the demo from PostGIS tables classifies to the same CSVs as from its files; --out-db's tables hold the CSV's rows")
    func demoFromTables() throws {
        let schema = try server.freshSchema("demo")
        defer { server.dropSchema(schema) }
        try loadDemo(schema)
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let files = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                     "--out", folder.file("files"), "--id-field", "parcel_id", "--lang", "en"])
        #expect(files.status == 1, "\(files.stderr)")
        let db = server.layerName
        let tables = try LandCtl.run(["classify", "--zones", db + "|layername=\(schema).zones", "--parcels", db + "|layername=\(schema).parcels",
                                      "--out", folder.file("tables"), "--id-field", "parcel_id", "--lang", "en",
                                      "--out-db", db, "--schema", schema])
        #expect(tables.status == 1, "\(tables.stderr)")
        #expect(tables.stdout.contains("Database: \(db), run 1: \(schema).landctl_parcels (258 rows), \(schema).landctl_conflicts (15 rows)"), "\(tables.stdout)")
        let a = Self.csv(folder.file("files/parcels.csv")), b = Self.csv(folder.file("tables/parcels.csv"))
        #expect(a.count == 259 && a[0] == b[0])
        let (text, value) = Self.differences(a, b)
        // The same values everywhere; where a number was written 26398.0 in the GeoJSON, the
        // float column gives it back as 26398 (only the parcels' own number attributes).
        #expect(value.isEmpty, "\(value.prefix(5))")
        let computed = Set(a[0].prefix(13))
        #expect(text.allSatisfy { d in !computed.contains { d.contains("column \($0):") } }, "\(text.prefix(5))")
        #expect(LandCtl.readText(folder.file("files/conflicts.csv")) == LandCtl.readText(folder.file("tables/conflicts.csv")))
        // The tables written by the same run, queried back: the CSV's rows, cell for cell.
        for name in ["parcels", "conflicts"] {
            let written = Self.csv(folder.file("tables/\(name).csv"))
            let back = try tableRows("\(schema).landctl_\(name)", header: written[0], run: "1")
            #expect(back == written, "\(name): \(Self.differences(written, back).text.prefix(5))")
        }
        // Typed columns, a primary key, the geometry in the input's CRS with a GiST index.
        let columns = try server.rows("""
            select column_name, data_type from information_schema.columns
            where table_schema = '\(schema)' and table_name = 'landctl_parcels' and column_name in ('area_m2', 'grant_date', 'zone', 'run_id')
            order by column_name
            """)
        #expect(columns == [["area_m2", "numeric"], ["grant_date", "date"], ["run_id", "bigint"], ["zone", "text"]])
        #expect(try server.rows("select Find_SRID('\(schema)', 'landctl_parcels', 'geom')") == [["4490"]])
        let indexes = try server.rows("select indexdef from pg_indexes where schemaname = '\(schema)' and tablename = 'landctl_parcels' order by 1")
        #expect(indexes.map { $0[0] }.contains { $0.contains("USING gist (geom)") })
        #expect(indexes.map { $0[0] }.contains { $0.contains("UNIQUE INDEX") && $0.contains("(run_id, row_no)") })
        // README's query for a platform: the latest run's violations in the red line.
        let redLine = try server.rows("""
            SELECT c.parcel_ids, c.area_mu, c.message, c.geom
            FROM \(schema).landctl_conflicts c
            WHERE c.run_id = (SELECT max(run_id) FROM \(schema).landctl_runs WHERE command = 'classify')
              AND c.rule = 'REDLINE_NON_INDUSTRIAL' AND c.severity = 'violation'
            ORDER BY c.row_no;
            """)
        let conflicts = Self.csv(folder.file("tables/conflicts.csv"))
        let expected = conflicts.filter { $0[0] == "REDLINE_NON_INDUSTRIAL" && $0[1] == "violation" }
        // One violation: ZS-P0080, a commercial plot about to be granted in the red line;
        // ZS-P0056 and ZS-P0083 are existing uses never converted, so they are reviews.
        #expect(redLine.count == 1 && redLine.map { [$0[0], $0[1], $0[2]] } == expected.map { [$0[2], $0[5], $0[6]] }, "\(redLine)")
        // The run table: what ran, on what, with which rules, when.
        let run = try server.rows("""
            select command, options->>0, inputs->>'parcels', counts->>'parcels', counts->>'conflicts', counts->>'violations', srid,
                   rules_file is null, length(rules_sha256), finished_at >= started_at, landctl_version
            from \(schema).landctl_runs
            """)
        #expect(run == [["classify", "classify", db + "|layername=\(schema).parcels", "258", "15", "8", "4490", "t", "64", "t", "0.1.0"]])
    }

    @Test("the Wuxi EULUC parcels from a PostGIS table classify to the same CSVs as from the file",
          .enabled(if: FileManager.default.fileExists(atPath: LandCtl.repo("../shared/data/china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson")),
                   "needs ../shared/data/china-wuxi-euluc-parcels (absent)"))
    func wuxiFromTables() throws {
        let schema = try server.freshSchema("wuxi")
        defer { server.dropSchema(schema) }
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let parcels = folder.file("parcels.geojson"), zones = folder.file("zones.geojson")
        try GDALTools.ogr2ogr(["-f", "GeoJSON", "-nln", "parcels", "-dialect", "SQLite", "-sql",
                               "SELECT '新吴-' || printf('%04d', rowid + 1) AS 宗地编号, Class AS 用地分类, geometry FROM xinwu_land_use_wgs84",
                               parcels, LandCtl.repo("../shared/data/china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson")])
        try BureauFormatTests.zones.write(toFile: zones, atomically: true, encoding: .utf8)
        try server.load(parcels, into: "\(schema).parcels")
        try server.load(zones, into: "\(schema).zones")
        // EULUC's class numbers fit two land-use schemes: named, as in BureauFormatTests.
        let common = ["--id-field", "宗地编号", "--use-field", "用地分类", "--use-scheme", "gb50137", "--area-crs", "EPSG:4549", "--lang", "en"]
        let files = try LandCtl.run(["classify", "--zones", zones, "--parcels", parcels, "--out", folder.file("files")] + common)
        let db = server.layerName
        let tables = try LandCtl.run(["classify", "--zones", db + "|layername=\(schema).zones", "--parcels", db + "|layername=\(schema).parcels",
                                      "--out", folder.file("tables")] + common)
        #expect(files.status == tables.status && (files.status == 0 || files.status == 1), "\(files.stderr) \(tables.stderr)")
        let a = LandCtl.readText(folder.file("files/parcels.csv")), b = LandCtl.readText(folder.file("tables/parcels.csv"))
        #expect(Self.csv(folder.file("files/parcels.csv")).count == 2034)
        #expect(a == b, "\(Self.differences(Self.csv(folder.file("files/parcels.csv")), Self.csv(folder.file("tables/parcels.csv"))).text.prefix(5))")
        #expect(LandCtl.readText(folder.file("files/conflicts.csv")) == LandCtl.readText(folder.file("tables/conflicts.csv")))
    }

    @Test("the connection killed mid-write: the previous run intact, no new row, exit 2 naming the database's error")
    func killedMidWrite() throws {
        let schema = try server.freshSchema("kill")
        defer { server.dropSchema(schema) }
        let db = server.layerName
        let args = ["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                    "--id-field", "parcel_id", "--lang", "en", "--out-db", db, "--schema", schema]
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let out = folder.file("out")
        let first = try LandCtl.run(args + ["--out", out])
        #expect(first.status == 1, "\(first.stderr)")
        let before = try FileManager.default.contentsOfDirectory(atPath: out).sorted().map { ($0, LandCtl.readText(out + "/" + $0)) }
        // landctl writes the rows of every table, then the run's row, then commits. A second
        // session holds a lock on the run table, so that the run stops just there, its rows
        // written and not committed; then its connection is killed.
        let lock = try server.start("""
            set application_name = 'landctl-test-lock';
            begin;
            lock table \(schema).landctl_runs in share row exclusive mode;
            select pg_sleep(120);
            """)
        defer {
            _ = try? server.rows("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'landctl-test-lock'")
            _ = lock.wait()
        }
        #expect(try wait(for: "select 1 from pg_stat_activity where application_name = 'landctl-test-lock' and query like '%pg_sleep%'"))
        let second = try Subprocess.start(LandCtl.binary.path, args + ["--out", out])
        let blocked = "select pid, backend_xid is not null, left(query, 60) from pg_stat_activity where application_name = 'landctl' and wait_event_type = 'Lock' and datname = '\(server.database)'"
        #expect(try wait(for: blocked))
        let waiting = try server.rows(blocked)
        try #require(waiting.count == 1, "\(waiting)")
        // It has written (a transaction id) and waits at the run's row, after the tables' rows.
        #expect(waiting[0][1] == "t" && waiting[0][2].hasPrefix("INSERT INTO \"\(schema)\".\"landctl_runs\""), "\(waiting)")
        _ = try server.rows("select pg_terminate_backend(\(waiting[0][0]))")
        let r = second.wait()
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("terminating connection due to administrator command"), "\(r.stderr)")
        #expect(r.stderr.contains("cannot record the run in \(schema).landctl_runs"), "\(r.stderr)")
        _ = try server.rows("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'landctl-test-lock'")
        _ = lock.wait()
        #expect(try server.rows("select run_id from \(schema).landctl_runs") == [["1"]])
        #expect(try server.rows("select count(*), min(run_id), max(run_id) from \(schema).landctl_parcels") == [["258", "1", "1"]])
        #expect(try server.rows("select count(*), min(run_id), max(run_id) from \(schema).landctl_conflicts") == [["15", "1", "1"]])
        // The files are published after the database: the first run's, untouched.
        let after = try FileManager.default.contentsOfDirectory(atPath: out).sorted().map { ($0, LandCtl.readText(out + "/" + $0)) }
        #expect(after.map(\.0) == before.map(\.0) && zip(after, before).allSatisfy { $0.1 == $1.1 })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["out"])
    }

    /// Polls `sql` until it returns a row (30 s at most).
    func wait(for sql: String) throws -> Bool {
        for _ in 0..<300 {
            if try !server.rows(sql).isEmpty { return true }
            usleep(100_000)
        }
        return false
    }

    @Test("two runs writing to the same new schema at once both land, as two runs")
    func concurrentRuns() throws {
        let schema = try server.freshSchema("together")
        _ = try server.rows("drop schema \(schema)") // the runs create it, both at once
        defer { server.dropSchema(schema) }
        let args = ["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                    "--id-field", "parcel_id", "--out-db", server.layerName, "--schema", schema]
        let runs = try (0..<2).map { _ in try Subprocess.start(LandCtl.binary.path, args) }
        let results = runs.map { $0.wait() }
        for r in results { #expect(r.status == 1, "\(r.stderr)") }
        #expect(try server.rows("select run_id, counts->>'parcels' from \(schema).landctl_runs order by 1") == [["1", "258"], ["2", "258"]])
        #expect(try server.rows("select run_id, count(*) from \(schema).landctl_parcels group by 1 order by 1") == [["1", "258"], ["2", "258"]])
        #expect(try server.rows("select run_id, count(*) from \(schema).landctl_conflicts group by 1 order by 1") == [["1", "15"], ["2", "15"]])
    }

    @Test("--replace removes this command's earlier runs and keeps another command's; the default appends")
    func replace() throws {
        let schema = try server.freshSchema("replace")
        defer { server.dropSchema(schema) }
        let db = server.layerName
        let classify = ["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                        "--id-field", "parcel_id", "--out-db", db, "--schema", schema]
        let idle = ["idle", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--as-of", "2025-12-31", "--id-field", "parcel_id",
                    "--out-db", db, "--schema", schema]
        for args in [classify, idle, classify] { #expect(try LandCtl.run(args).status == 1) }
        #expect(try server.rows("select run_id, command from \(schema).landctl_runs order by 1") == [["1", "classify"], ["2", "idle"], ["3", "classify"]])
        let r = try LandCtl.run(classify + ["--replace"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(try server.rows("select run_id, command from \(schema).landctl_runs order by 1") == [["2", "idle"], ["4", "classify"]])
        #expect(try server.rows("select run_id, count(*) from \(schema).landctl_parcels group by 1") == [["4", "258"]])
        #expect(try server.rows("select run_id, count(*) from \(schema).landctl_idle group by 1") == [["2", "258"]])
    }

    @Test("--db-crs: the tables' geometries in another CRS; a table in another SRID is refused, naming it")
    func dbCRS() throws {
        let schema = try server.freshSchema("dbcrs")
        defer { server.dropSchema(schema) }
        let args = ["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                    "--id-field", "parcel_id", "--out-db", server.layerName, "--schema", schema]
        let r = try LandCtl.run(args + ["--db-crs", "EPSG:4550"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(try server.rows("select Find_SRID('\(schema)', 'landctl_parcels', 'geom'), srid from \(schema).landctl_runs") == [["4550", "4550"]])
        // In EPSG:4550, the area CRS of the demo, PostGIS's planar area of each written
        // parcel is the area_m2 landctl computed (given to 3 decimals).
        let worst = try server.rows("select max(abs(ST_Area(geom) - area_m2)) from \(schema).landctl_parcels where status = 'ok'")
        #expect((Double(worst.first?.first ?? "") ?? 1) <= 0.0005 + 1e-6, "\(worst)")
        // The next run in the input's CRS (EPSG:4490) into the same tables: refused, nothing written.
        let again = try LandCtl.run(args)
        #expect(again.status == 2)
        #expect(again.stderr.contains("\(schema).landctl_parcels holds geometries in SRID 4550 and this run's are in SRID 4490; write with --db-crs EPSG:4550"), "\(again.stderr)")
        #expect(try server.rows("select count(*) from \(schema).landctl_runs") == [["1"]])
    }

    @Test("validate, idle and retrofit write their outputs as tables, without --out too")
    func everyCommand() throws {
        let schema = try server.freshSchema("commands")
        defer { server.dropSchema(schema) }
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let db = ["--out-db", server.layerName, "--schema", schema, "--table-prefix", "zs_"]
        let runs: [(args: [String], outputs: [String])] = [
            (["validate", "--proposals", LandCtl.repo("shapes/proposals.geojson"), "--zones", LandCtl.repo("shapes/zones.geojson"),
              "--existing", LandCtl.repo("shapes/parcels.geojson"), "--rules", LandCtl.repo("shapes/rules-zhoushan.yaml")], ["verdicts"]),
            (["idle", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--as-of", "2025-12-31", "--id-field", "parcel_id",
              "--buildings", LandCtl.repo("shapes/buildings.geojson"), "--zones", LandCtl.repo("shapes/zones.geojson")], ["idle"]),
            (["retrofit", "--parcels", LandCtl.repo("shapes/parcels.geojson"), "--zones", LandCtl.repo("shapes/zones.geojson"),
              "--buildings", LandCtl.repo("shapes/buildings.geojson"), "--id-field", "parcel_id", "--as-of", "2025-12-31"], ["retrofit", "pockets"]),
        ]
        for (k, run) in runs.enumerated() {
            let out = folder.file("out\(k)")
            let withFiles = try LandCtl.run(run.args + ["--out", out] + db)
            #expect(withFiles.status == 1, "\(run.args[0]): \(withFiles.stderr)")
            let alone = try LandCtl.run(run.args + db)
            #expect(alone.status == 1, "\(run.args[0]) without --out: \(alone.stderr)")
            #expect(!alone.stdout.contains("Written") && !alone.stdout.contains("输出文件"))
            for output in run.outputs {
                // Every row of the output, in both runs (GeoJSON: pockets have no CSV).
                let geojson = LandCtl.readText(out + "/\(output).geojson")
                let features = geojson.components(separatedBy: "\"type\":\"Feature\"").count - 1
                let counts = try server.rows("select r.command, count(*) from \(schema).zs_\(output) t join \(schema).zs_runs r using (run_id) group by 1")
                #expect(counts == [[run.args[0], String(2 * features)]], "\(output)")
            }
        }
        #expect(try server.rows("select count(*) from \(schema).zs_runs") == [["6"]])
        // The rules' SHA-256, as coreutils computes it: the file given, else the default rules.
        let defaults = folder.file("defaults.yaml")
        try LandCtl.run(["rules", "--print-defaults"]).stdout.write(toFile: defaults, atomically: true, encoding: .utf8)
        let sha256sum = try #require(Subprocess.which("sha256sum"))
        func sha(_ file: String) throws -> String { String(try Subprocess.run(sha256sum, [file]).stdout.prefix(64)) }
        #expect(try server.rows("select distinct command, rules_file, rules_sha256 from \(schema).zs_runs order by 1") == [
            ["idle", "", try sha(defaults)], ["retrofit", "", try sha(defaults)],
            ["validate", LandCtl.repo("shapes/rules-zhoushan.yaml"), try sha(LandCtl.repo("shapes/rules-zhoushan.yaml"))],
        ])
        // Dates are dates in the idle table.
        #expect(try server.rows("select data_type from information_schema.columns where table_schema = '\(schema)' and table_name = 'zs_idle' and column_name = 'idle_from'") == [["date"]])
    }

    @Test("passwords: PGPASSWORD, ~/.pgpass (PGPASSFILE) or the connection string work, a wrong one is a named error, and none shows anywhere")
    func passwords() throws {
        guard try server.rows("select 1 from pg_roles where rolname = 'landctl_password'") == [["1"]] else {
            print("skipped: the server has no role landctl_password (started by an older scripts/postgis.sh; run it again)")
            return
        }
        let schema = try server.freshSchema("password")
        defer { server.dropSchema(schema) }
        try loadDemo(schema)
        let secret = "Pw-\(UInt32.random(in: 0...UInt32.max))-密码"
        _ = try server.rows("""
            alter role landctl_password password \(PostGIS.literal(secret));
            grant usage, create on schema \(schema) to landctl_password;
            grant select on \(schema).parcels, \(schema).zones to landctl_password;
            """)
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let db = "PG:dbname=\(server.database) host=\(server.host) port=\(server.port) user=landctl_password"
        let pgpass = folder.file("pgpass")
        try "*:*:*:landctl_password:\(secret)\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
        chmod(pgpass, 0o600)
        let ways: [(String, String, [String: String?])] = [
            ("PGPASSWORD", db, ["PGPASSWORD": secret]),
            ("PGPASSFILE", db, ["PGPASSFILE": pgpass, "PGPASSWORD": nil]),
            ("connection string", db + " password='\(secret)'", ["PGPASSWORD": nil]),
        ]
        for (k, (way, name, environment)) in ways.enumerated() {
            let out = folder.file("out\(k)")
            let r = try Subprocess.run(LandCtl.binary.path, ["classify", "--zones", name + "|layername=\(schema).zones",
                                                             "--parcels", name + "|layername=\(schema).parcels", "--id-field", "parcel_id",
                                                             "--out", out, "--out-db", name, "--schema", schema], environment: environment)
            #expect(r.status == 1, "\(way): \(r.stderr)")
            for text in [r.stdout, r.stderr, LandCtl.readText(out + "/summary.md")] { #expect(!text.contains(secret), "\(way)") }
        }
        let stored = try server.rows("select options::text || inputs::text from \(schema).landctl_runs").map { $0[0] }.joined()
        #expect(stored.count > 100 && !stored.contains(secret) && stored.contains("password='********'"))
        // A wrong password, in each of those places.
        for (way, name, environment) in [("PGPASSWORD", db, ["PGPASSWORD": "wrong-" + secret]), ("connection string", db + " password=wrong-\(secret)", [:])] {
            let r = try Subprocess.run(LandCtl.binary.path, ["info", name + "|layername=\(schema).parcels"], environment: environment)
            #expect(r.status == 2, "\(way)")
            #expect(r.stderr.contains("password authentication failed for user \"landctl_password\""), "\(way): \(r.stderr)")
            #expect(!r.stderr.contains(secret) && !r.stdout.contains(secret), "\(way): \(r.stderr)")
        }
    }

    @Test("usage errors before anything is read: no destination, a non-database --out-db, names that are not identifiers, options without --out-db")
    func usage() throws {
        let base = ["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson")]
        let cases: [([String], String)] = [
            ([], "give --out DIR, --out-db PG:…, or both"),
            (["--out-db", "results.gpkg"], "--out-db takes a database"),
            (["--out-db", server.layerName, "--schema", "Zhoushan"], "capital letter 'Z'"),
            (["--out-db", server.layerName, "--schema", "zs\"; drop table x; --"], "is not a valid name"),
            (["--out-db", server.layerName, "--table-prefix", "zs-"], "has the character '-'"),
            (["--out", "/tmp/never-written", "--replace"], "go with --out-db"),
        ]
        for (extra, message) in cases {
            let r = try LandCtl.run(base + extra)
            #expect(r.status == 2, "\(extra)")
            #expect(r.stderr.contains(message), "\(extra): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written"))
        #expect(try server.rows("select 1 from pg_namespace where nspname like 'zs%'").isEmpty)
    }
}
