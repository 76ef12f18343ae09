import Foundation

/// The programs the report and workbook tests check LandControl's files with: a Python with
/// openpyxl (PyPI), Debian's headless Chromium and LibreOffice. `.ci/run` installs them; on a
/// developer machine without them those tests are skipped with the reason printed.
public enum ReportTools {
    /// A Python that can `import` every module of `modules`: the repository's test venv
    /// (`.venv-tests`, made by `.ci/run`), else `python3` on PATH. Nil when neither can.
    public static func python(with modules: [String]) -> String? {
        let venv = Repository.root.appendingPathComponent(".venv-tests/bin/python").path
        for candidate in [venv, Subprocess.which("python3")].compactMap({ $0 }) where FileManager.default.isExecutableFile(atPath: candidate) {
            let check = modules.map { "import \($0)" }.joined(separator: "; ")
            if let r = try? Subprocess.run(candidate, ["-c", check]), r.status == 0 { return candidate }
        }
        return nil
    }

    /// Debian's chromium (or a chromium-browser / google-chrome on PATH).
    public static let chromium = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap { Subprocess.which($0) }.first
    /// LibreOffice's command line (`libreoffice`, else `soffice`).
    public static let libreOffice = ["libreoffice", "soffice"].lazy.compactMap { Subprocess.which($0) }.first

    /// Why a test that needs these cannot run here, or nil when it can.
    public static func missing(python modules: [String] = [], chromium needsChromium: Bool = false, libreOffice needsOffice: Bool = false) -> String? {
        var missing: [String] = []
        if !modules.isEmpty, python(with: modules) == nil {
            missing.append("a Python with \(modules.joined(separator: ", ")) (.ci/run makes .venv-tests; or python3 -m venv .venv-tests && .venv-tests/bin/pip install \(modules.joined(separator: " ")))")
        }
        if needsChromium, chromium == nil { missing.append("chromium (apt-get install chromium fonts-noto-cjk)") }
        if needsOffice, libreOffice == nil { missing.append("libreoffice (apt-get install libreoffice-calc)") }
        return missing.isEmpty ? nil : "skipped: needs " + missing.joined(separator: " and ")
    }

    /// Runs a Python script (text) with `arguments`; returns its stdout, throws with its stderr.
    public static func runPython(_ python: String, script: String, _ arguments: [String]) throws -> String {
        let folder = TemporaryFolder(prefix: "landctl-py")
        let path = folder.file("script.py")
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Subprocess.run(python, [path] + arguments)
        guard r.status == 0 else { throw GDALTools.ToolError(message: "python \(arguments.joined(separator: " ")): exit \(r.status): \(r.stderr)") }
        return r.stdout
    }
}

extension ReportTools {
    /// A Python script that prints a workbook as openpyxl reads it, as JSON: per sheet (in
    /// order) its name, frozen cell, autofilter range, column widths and every cell with its
    /// type (`n` number, `s` text, `null`), value and number format.
    public static let openpyxlDump = """
    import json, sys
    import openpyxl
    from openpyxl.utils import get_column_letter
    wb = openpyxl.load_workbook(sys.argv[1])
    out = []
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            cells = []
            for c in row:
                t = None if c.value is None else ("n" if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) else "s")
                cells.append([t, c.value, c.number_format])
            rows.append(cells)
        widths = [ws.column_dimensions[get_column_letter(k + 1)].width for k in range(ws.max_column)]
        out.append({"name": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "widths": widths, "rows": rows})
    json.dump(out, sys.stdout, ensure_ascii=False)
    """

    /// One sheet of ``openpyxlDump``'s output.
    public struct DumpedSheet: Sendable {
        public var name: String
        public var freeze: String?
        public var filter: String?
        public var widths: [Double]
        /// Rows of cells: (type `n`/`s`/nil, value as text, number format).
        public var rows: [[(type: String?, value: String, format: String)]]
    }

    /// Reads a workbook through openpyxl.
    public static func dumpWorkbook(_ path: String, python: String) throws -> [DumpedSheet] {
        let text = try runPython(python, script: openpyxlDump, [path])
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String: Any]]
        return json.map { s in
            let rows = (s["rows"] as! [[[Any]]]).map { row in
                row.map { c -> (type: String?, value: String, format: String) in
                    let t = c[0] as? String
                    let v: String = switch c[1] {
                    case let n as NSNumber where t == "n": "\(n.doubleValue)"
                    case let x as String: x
                    default: ""
                    }
                    return (t, v, c[2] as? String ?? "")
                }
            }
            return DumpedSheet(name: s["name"] as! String, freeze: s["freeze"] as? String, filter: s["filter"] as? String,
                               widths: (s["widths"] as! [Any]).map { ($0 as? NSNumber)?.doubleValue ?? 0 }, rows: rows)
        }
    }
}
