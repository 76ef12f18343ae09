import ArgumentParser
import Foundation
import LandControl
import Spatial

/// `--out-db` and its companions, shared by the commands that write results (classify,
/// validate, idle, retrofit): the results go into PostGIS tables, with or without `--out`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("out-db"), help: HelpText.help("db.outDB"))
    var outDB: String?

    @Option(help: HelpText.help("db.schema"))
    var schema: String?

    @Option(name: .customLong("table-prefix"), help: HelpText.help("db.tablePrefix"))
    var tablePrefix: String?

    @Flag(help: HelpText.help("db.replace"))
    var replace = false

    @Option(name: .customLong("db-crs"), help: HelpText.help("db.crs"))
    var dbCRS: String?

    /// Checks the options against each other and `--out` before anything is read: at least
    /// one destination, a `PG:` database, names that are valid identifiers.
    func check(out: String?) throws {
        guard let outDB else {
            if out == nil { throw ValidationError("give --out DIR, --out-db PG:…, or both") }
            if schema != nil || tablePrefix != nil || replace || dbCRS != nil {
                throw ValidationError("--schema, --table-prefix, --replace and --db-crs go with --out-db")
            }
            return
        }
        guard PostGISSource.isPostGIS(outDB) else {
            throw ValidationError("--out-db takes a database, PG:\"dbname=… host=…\", not '\(PostGISSource.displayName(outDB))'")
        }
        if let schema, let problem = PostGISTarget.identifierProblem(schema, prefix: false) {
            throw ValidationError("--schema '\(DisplayText.escapingControls(schema))' is not a valid name: it \(problem)")
        }
        if let tablePrefix, let problem = PostGISTarget.identifierProblem(tablePrefix, prefix: true) {
            throw ValidationError("--table-prefix '\(DisplayText.escapingControls(tablePrefix))' is not a valid name: it \(problem)")
        }
    }

    /// The database sink for a run of `command`, or nil without `--out-db`.
    func sink(command: String, rules: String?, inputs: [(String, String?)]) throws -> ResultDatabase? {
        guard let outDB else { return nil }
        let rulesBytes: [UInt8]
        if let rules {
            rulesBytes = Array((try? Data(contentsOf: URL(fileURLWithPath: rules))) ?? Data())
        } else {
            rulesBytes = Array(Rules.defaultsYAML.utf8)
        }
        let run = PostGISRun(command: command, arguments: Array(CommandLine.arguments.dropFirst()), rulesFile: rules, rulesBytes: rulesBytes,
                             inputs: inputs.compactMap { role, name in name.map { (role, $0) } }, startedAt: Date(),
                             version: LandCtl.configuration.version)
        let target = PostGISTarget(database: outDB, schema: schema ?? PostGISTarget.defaultSchema,
                                   tablePrefix: tablePrefix ?? PostGISTarget.defaultPrefix, replace: replace)
        return ResultDatabase(target: target, crs: dbCRS, run: run)
    }

    /// Where the files go: `--out`, or a private folder removed after the run when only the
    /// database is written (the outputs are made there first, as always).
    static func folder(_ out: String?) -> (path: String, scratch: String?) {
        if let out { return (out, nil) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("landctl-out-\(UUID().uuidString)").path
        return (scratch + "/out", scratch)
    }

    /// The line printed after a run that wrote to the database.
    static func report(_ database: ResultDatabase?, language: ReportLanguage) -> String? {
        guard let w = database?.written else { return nil }
        let rows = language == .zh ? "行" : "rows"
        return (language == .zh ? "数据库：" : "Database: ") + "\(w.database), run \(w.runID): "
            + w.tables.map { "\($0.name) (\($0.rows) \(rows))" }.joined(separator: ", ")
            + "; " + (language == .zh ? "运行记录 " : "run table ") + w.runTable
    }
}
