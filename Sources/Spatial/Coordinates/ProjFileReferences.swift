/// Files a PROJ string makes PROJ open: `+init=FILE:CODE`, and the grid lists of
/// `+nadgrids`, `+geoidgrids`, `+grids` and the like. PROJ opens them with a plain `open()`,
/// which blocks on a FIFO, so each one that exists as a path is checked with
/// ``RegularFile/require(_:)`` before PROJ sees the definition. Names PROJ finds only in its
/// own data folders are its installation's and are not checked.
enum ProjFileReferences {
    /// Parameters whose value names one file (`init`, before the colon) or a list of them.
    static let fileParameters: Set<String> = ["init", "nadgrids", "geoidgrids", "grids", "file", "hgridshift", "vgridshift"]

    /// The file names `definition` refers to, in order.
    static func names(in definition: String) -> [String] {
        var out: [String] = []
        for token in definition.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            var t = Substring(token)
            if t.hasPrefix("+") { t = t.dropFirst() }
            guard let eq = t.firstIndex(of: "=") else { continue }
            let key = t[..<eq].lowercased()
            guard fileParameters.contains(key) else { continue }
            var value = t[t.index(after: eq)...]
            if key == "init", let colon = value.lastIndex(of: ":") { value = value[..<colon] }
            for item in value.split(separator: ",") {
                var name = item
                if name.hasPrefix("@") { name = name.dropFirst() } // optional grid
                if !name.isEmpty { out.append(String(name)) }
            }
        }
        return out
    }

    /// Throws a ``ReadError`` naming the first referenced path that exists and is not a
    /// regular file (a FIFO, a device, a folder).
    static func check(_ definition: String) throws {
        guard definition.contains("=") else { return }
        for name in names(in: definition) where RegularFile.identity(name) != nil {
            try RegularFile.require(name)
        }
    }
}
