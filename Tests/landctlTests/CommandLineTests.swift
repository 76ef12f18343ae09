import Foundation
import Testing

/// Runs the built `landctl` binary, as a user would.
enum LandCtl {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The test bundle sits in the build folder next to the executable.
    static var binary: URL {
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL
            ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return bundle.deletingLastPathComponent().appendingPathComponent("landctl")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repoRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

@Suite("landctl command line")
struct CommandLineTests {
    @Test("info on the demo data: exit 0, the report names the area CRS and totals in 亩")
    func infoDemo() throws {
        let r = try LandCtl.run(["info", "shapes/parcels.geojson"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Features    2500 (ok 2500"))
        #expect(r.stdout.contains("EPSG:4550"))
        #expect(r.stdout.contains("亩"))
        #expect(r.stderr.isEmpty)
    }

    @Test("info exits 1 when geometries are invalid or unusable, and --json is machine-readable")
    func infoFindings() throws {
        let r = try LandCtl.run(["info", "--json", "shapes/ledger_problems.geojson"])
        #expect(r.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["invalid"] as? Int == 3)
    }

    @Test("input and usage errors exit 2 with a message naming the file")
    func errors() throws {
        let missing = try LandCtl.run(["info", "no/such/file.geojson"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/file.geojson"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lc-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let broken = folder.appendingPathComponent("broken.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"#.write(to: broken, atomically: true, encoding: .utf8)
        let truncated = try LandCtl.run(["info", broken.path])
        #expect(truncated.status == 2)
        #expect(truncated.stderr.contains("broken.geojson:1:"))
        #expect(truncated.stderr.contains("truncated"))
        let usage = try LandCtl.run(["info", "--no-such-option", "shapes/parcels.geojson"])
        #expect(usage.status == 2)
        let badCRS = try LandCtl.run(["info", "--crs", "EPSG:0", "shapes/parcels.geojson"])
        #expect(badCRS.status == 2)
        #expect(badCRS.stderr.contains("EPSG:0"))
        #expect(try LandCtl.run(["--help"]).status == 0)
        #expect(try LandCtl.run(["info", "--encoding", "latin9", "shapes/parcels_sample.csv"]).status == 2)
    }

    @Test("--timings reports the read throughput on stderr")
    func timings() throws {
        let r = try LandCtl.run(["info", "--timings", "shapes/parcels_sample.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("MB/s"))
        #expect(r.stdout.contains("Features    300"))
    }
}
