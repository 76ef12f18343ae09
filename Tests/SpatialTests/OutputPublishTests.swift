import Foundation
import Spatial
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 19: a run's outputs appear together or not at all, the user's other files in the
/// output folder stay, a failed publish leaves the previous results whole, and nothing a
/// run stages is left behind.
@Suite("output publish")
struct OutputPublishTests {
    let fm = FileManager.default

    func folder() throws -> String {
        TemporaryFolder.untilExit(prefix: "lc-publish")
    }

    /// Writes `files` (name → text) as one run of `command` into `out`.
    @discardableResult
    func run(_ command: String, _ files: [(String, String)], into out: String,
             exchange: @escaping @Sendable (String, String) -> Int32 = OutputStaging.exchangeFolders) throws -> [String] {
        let batch = try OutputBatch(folder: out, command: command, names: files.map(\.0), exchange: exchange)
        for (name, text) in files {
            let f = try AtomicOutputFile(path: batch.path(for: name))
            try f.write(text)
            try batch.add(f)
        }
        return try batch.publish()
    }

    func text(_ path: String) -> String? { fm.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }
    func visible(_ dir: String) throws -> [String] { try fm.contentsOfDirectory(atPath: dir).sorted() }
    func inode(_ path: String) -> UInt64? { RegularFile.identity(path)?.inode }

    /// Entries beside `out` (other than `out` itself): staging folders would show here.
    func besides(_ out: String) throws -> [String] {
        let parent = (out as NSString).deletingLastPathComponent, base = (out as NSString).lastPathComponent
        return try visible(parent).filter { $0 != base }
    }

    @Test("a new output folder appears whole, with the record of what landctl wrote and nothing beside it")
    func newFolder() throws {
        let out = try folder() + "/a/b/out"
        let written = try run("classify", [("parcels.csv", "1"), ("summary.md", "# s")], into: out)
        #expect(written == [out + "/parcels.csv", out + "/summary.md"])
        #expect(try visible(out) == [".landctl-outputs", "parcels.csv", "summary.md"])
        #expect(text(out + "/.landctl-outputs") == "classify\tparcels.csv\nclassify\tsummary.md\n")
        #expect(try besides(out).isEmpty)
        var st = stat()
        #expect(stat(out, &st) == 0 && st.st_mode & 0o700 == 0o700 && st.st_mode & 0o055 != 0) // not mkdtemp's 0700
    }

    @Test("a second run replaces its own files (all of them), keeps the user's files and folders and another command's outputs")
    func secondRun() throws {
        let out = try folder() + "/out"
        try run("classify", [("parcels.csv", "old"), ("extra.csv", "old extra"), ("summary.md", "old")], into: out)
        try run("validate", [("verdicts.csv", "v")], into: out)
        try "mine".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        try fm.createDirectory(atPath: out + "/maps/qgis", withIntermediateDirectories: true)
        try "map".write(toFile: out + "/maps/qgis/p.qgs", atomically: true, encoding: .utf8)
        #expect(symlink("notes.txt", out + "/notes-link") == 0)
        let notes = inode(out + "/notes.txt")

        try run("classify", [("parcels.csv", "new"), ("summary.md", "new")], into: out)
        // extra.csv was classify's and this classify run did not write it: gone, no mixing.
        #expect(try visible(out) == [".landctl-outputs", "maps", "notes-link", "notes.txt", "parcels.csv", "summary.md", "verdicts.csv"])
        #expect(text(out + "/parcels.csv") == "new" && text(out + "/summary.md") == "new" && text(out + "/verdicts.csv") == "v")
        #expect(text(out + "/notes.txt") == "mine" && inode(out + "/notes.txt") == notes) // the same file, never copied
        #expect(text(out + "/maps/qgis/p.qgs") == "map")
        #expect((try? fm.destinationOfSymbolicLink(atPath: out + "/notes-link")) == "notes.txt")
        #expect(text(out + "/.landctl-outputs") == "validate\tverdicts.csv\nclassify\tparcels.csv\nclassify\tsummary.md\n")
        #expect(try besides(out).isEmpty)
    }

    @Test("a failed swap (injected) leaves the previous results whole and removes the staging folder")
    func failedSwap() throws {
        let out = try folder() + "/out"
        try run("classify", [("parcels.csv", "old"), ("summary.md", "old")], into: out)
        try "mine".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        do {
            try run("classify", [("parcels.csv", "new"), ("summary.md", "new")], into: out) { _, _ in
                errno = EIO
                return -1
            }
            Issue.record("the failed swap was not reported")
        } catch let e as ReadError {
            #expect(e.file == out && e.message == "cannot swap the new outputs in: Input/output error; the previous results are unchanged")
        }
        #expect(try visible(out) == [".landctl-outputs", "notes.txt", "parcels.csv", "summary.md"])
        #expect(text(out + "/parcels.csv") == "old" && text(out + "/summary.md") == "old" && text(out + "/notes.txt") == "mine")
        #expect(try besides(out).isEmpty)
    }

    @Test("a folder where an output goes (summary.md/) stops the publish before anything changes")
    func folderInTheWay() throws {
        let out = try folder() + "/out"
        try run("classify", [("parcels.csv", "old")], into: out)
        try fm.createDirectory(atPath: out + "/summary.md", withIntermediateDirectories: true)
        #expect(throws: ReadError(file: out + "/summary.md", message: "is a folder where this run writes its summary.md: move or rename it (the previous results are unchanged)")) {
            try run("classify", [("parcels.csv", "new"), ("summary.md", "new")], into: out)
        }
        #expect(text(out + "/parcels.csv") == "old")
        #expect(try besides(out).isEmpty)
    }

    @Test("a batch dropped unpublished leaves nothing; its files exist only in the staging folder until then")
    func dropped() throws {
        let out = try folder() + "/out"
        do {
            let batch = try OutputBatch(folder: out, command: "classify", names: ["a.csv"])
            try CSVWriter(path: batch.path(for: "a.csv"), header: ["x"], batch: batch).finish()
            #expect(try visible(batch.stagingFolder).contains { $0.hasPrefix(".a.csv.tmp-") }) // renamed at the publish
            #expect(!fm.fileExists(atPath: out + "/a.csv"))
        }
        #expect(!fm.fileExists(atPath: out))
        #expect(try besides(out).isEmpty)
    }

    @Test("staging folders of killed runs are cleaned up by the next run: files removed, the user's folder put back")
    func abandoned() throws {
        let parent = try folder(), out = parent + "/out"
        try run("classify", [("parcels.csv", "current"), ("summary.md", "current")], into: out)
        try "mine".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        let host = hostName()
        // As a run killed after its swap leaves it: the previous outputs, a link to the
        // user's file, the user's folder not yet moved back, the old record.
        let dead = parent + "/.out.landctl-staging-\(host)-2147483646-AbC123"
        try fm.createDirectory(atPath: dead + "/maps", withIntermediateDirectories: true)
        try "map".write(toFile: dead + "/maps/m.qgs", atomically: true, encoding: .utf8)
        try "previous".write(toFile: dead + "/parcels.csv", atomically: true, encoding: .utf8)
        #expect(link(out + "/notes.txt", dead + "/notes.txt") == 0)
        try "classify\tparcels.csv\n".write(toFile: dead + "/.landctl-outputs", atomically: true, encoding: .utf8)
        // A temporary file of an older landctl, and a staging folder inside the output folder.
        try "partial".write(toFile: out + "/.parcels.csv.tmp-Xy12Zq", atomically: true, encoding: .utf8)
        // …but a file of the user's that only looks like one stays.
        try "draft".write(toFile: out + "/.notes.txt.tmp-Ab12Cd", atomically: true, encoding: .utf8)
        try fm.createDirectory(atPath: out + "/.landctl-staging-\(host)-2147483646-QwErTy", withIntermediateDirectories: true)
        // A live run's staging folder (this process) is left alone.
        let live = parent + "/.out.landctl-staging-\(host)-\(getpid())-LiVe12"
        try fm.createDirectory(atPath: live, withIntermediateDirectories: true)

        try run("classify", [("parcels.csv", "next"), ("summary.md", "next")], into: out)
        #expect(try besides(out) == [(live as NSString).lastPathComponent])
        #expect(try visible(out) == [".landctl-outputs", ".notes.txt.tmp-Ab12Cd", "maps", "notes.txt", "parcels.csv", "summary.md"])
        #expect(text(out + "/maps/m.qgs") == "map" && text(out + "/notes.txt") == "mine" && text(out + "/parcels.csv") == "next")
        try fm.removeItem(atPath: live)
    }

    @Test("files a library writes beside its own (a Shapefile's .shx, .dbf) are published and recorded; a killed run's are removed, never published")
    func sidecars() throws {
        let parent = try folder(), out = parent + "/out"
        let batch = try OutputBatch(folder: out, command: "classify", names: ["parcels.shp"])
        for name in ["parcels.shp", "parcels.shx", "parcels.dbf"] {
            // As GDAL would: given parcels.shp, it makes the other two itself.
            try name.write(toFile: batch.stagingFolder + "/" + name, atomically: false, encoding: .utf8)
        }
        #expect(try batch.publish() == [out + "/parcels.shp", out + "/parcels.dbf", out + "/parcels.shx"])
        #expect(text(out + "/.landctl-outputs") == "classify\tparcels.shp\nclassify\tparcels.dbf\nclassify\tparcels.shx\n")
        #expect(try visible(out) == [".landctl-outputs", "parcels.dbf", "parcels.shp", "parcels.shx"]) // no marker left
        // The next run writes no .dbf: the old one goes, as a file of the same command.
        try run("classify", [("parcels.shp", "new")], into: out)
        #expect(try visible(out) == [".landctl-outputs", "parcels.shp"])
        // A run killed before its swap: its folder still has the marker, and everything in
        // it, recorded or not, is removed by the next run rather than moved in.
        let host = hostName()
        let dead = parent + "/.out.landctl-staging-\(host)-2147483646-DeAd12"
        try fm.createDirectory(atPath: dead, withIntermediateDirectories: true)
        for name in [".landctl-unpublished", ".landctl-outputs", "parcels.shp", "half-written.dbf"] {
            try "x".write(toFile: dead + "/" + name, atomically: false, encoding: .utf8)
        }
        try run("classify", [("parcels.shp", "next")], into: out)
        #expect(try besides(out).isEmpty)
        #expect(try visible(out) == [".landctl-outputs", "parcels.shp"] && text(out + "/parcels.shp") == "next")
    }

    /// The host part of staging names, as landctl writes it.
    func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = gethostname(&buffer, 255)
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let kept = String(name.unicodeScalars.filter { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" }.prefix(32))
        return kept.isEmpty ? "host" : kept
    }

    @Test("--out that holds an input is refused: same file, through a symlink or a hard link")
    func inputOverwrite() throws {
        let dir = try folder()
        try fm.createDirectory(atPath: dir + "/d", withIntermediateDirectories: true)
        try "{}".write(toFile: dir + "/d/parcels.geojson", atomically: true, encoding: .utf8)
        #expect(symlink(dir + "/d/parcels.geojson", dir + "/via-link.geojson") == 0)
        #expect(link(dir + "/d/parcels.geojson", dir + "/hard.geojson") == 0)
        try "{}".write(toFile: dir + "/other.geojson", atomically: true, encoding: .utf8)
        let names = ["parcels.csv", "parcels.geojson", "summary.md"]
        for input in [dir + "/d/parcels.geojson", dir + "/via-link.geojson", dir + "/hard.geojson"] {
            #expect(throws: ReadError(file: input, message: "is the same file as \(dir)/d/parcels.geojson, which this run would write: it would replace the input with the results; write them elsewhere (nothing was written)")) {
                try OutputStaging.checkNotOverwritingInputs(folder: dir + "/d", names: names, inputs: [dir + "/other.geojson", input])
            }
        }
        // An input in the folder under a name no output has is fine (it is kept).
        try OutputStaging.checkNotOverwritingInputs(folder: dir, names: names, inputs: [dir + "/other.geojson", nil])
    }
}
