import Foundation
import Testing
import TestSupport

/// The benchmark's workload in miniature, run in CI: `bench/run.sh` itself (release build,
/// peers from PyPI, a million parcels) stays out of it.
enum BenchmarkSmoke {
    static let generator = LandCtl.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/gen_city.py").path

    /// python3 on the PATH.
    static let python: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { $0 + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    static var isPossible: Bool { python != nil && FileManager.default.fileExists(atPath: generator) }
}

@Suite("Benchmark smoke run", .enabled(if: BenchmarkSmoke.isPossible, "needs python3 and ../shared/bench/gen_city.py (absent)"))
struct BenchmarkSmokeTests {
    @Test("a 400-parcel gen_city.py city through classify --timings: every phase timed, every parcel out, areas that add up")
    func smallCity() throws {
        let dir = TemporaryFolder.untilExit()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let made = try LandCtl.spawn(try #require(BenchmarkSmoke.python), [BenchmarkSmoke.generator, dir, "--parcels", "400"])
        #expect(made.status == 0, "\(made.stderr)")
        let r = try LandCtl.run(["classify", "--zones", dir + "/zones.geojson", "--parcels", dir + "/parcels.geojson",
                                 "--out", dir + "/out", "--id-field", "parcel_id", "--timings", "--lang", "en"])
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        let timings = try #require(r.stderr.split(separator: "\n").first { $0.hasPrefix("timings:") })
        for phase in ["read", "zones", "overlay", "overlay_cpu", "conflicts", "write"] {
            #expect(timings.contains("\(phase) "), "\(phase) in \(timings)")
        }
        // parcels.csv: every parcel, and its areas consistent.
        let rows = LandCtl.readText(dir + "/out/parcels.csv").split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 401)
        let header = rows[0].map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
        let column = { (name: String) in header.firstIndex(of: name)! }
        var checked = 0
        for row in rows.dropFirst() {
            let area = Double(row[column("area_m2")])!, outside = Double(row[column("outside_m2")])!
            let ellipsoid = Double(row[column("ellipsoid_area_m2")])!
            let kinds = ["cluster_m2", "transition_m2", "reserve_m2"].map { Double(row[column($0)])! }
            #expect(row[column("status")] == "ok")
            #expect(area > 0 && outside >= 0 && outside <= area + 0.001)
            #expect(kinds.allSatisfy { $0 >= 0 && $0 <= area + 0.001 })
            // Inside and outside the three zones make the parcel (kinds never overlap by more).
            #expect(kinds.reduce(0, +) + outside >= area - 0.01)
            #expect(abs(ellipsoid - area) < area * 0.002) // Gauss–Krüger scale in the zone
            checked += 1
        }
        #expect(checked == 400)
    }
}
