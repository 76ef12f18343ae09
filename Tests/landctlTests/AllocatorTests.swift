import Foundation
import Testing
import TestSupport

/// landctl is linked with jemalloc (Sources/CJEMALLOC/shim.h): it, not glibc's malloc, serves
/// the process. jemalloc prints its statistics at exit when `MALLOC_CONF` asks for them; glibc
/// ignores the variable.
@Suite("landctl's allocator")
struct AllocatorTests {
    @Test("a classify run is served by jemalloc: its statistics at exit, with allocations counted; the run's results as without")
    func jemallocServesTheRun() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let r = try Subprocess.run(LandCtl.binary.path,
                                   ["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                    "--out", folder.file("out"), "--no-report", "--no-xlsx", "--lang", "en"],
                                   environment: ["MALLOC_CONF": "stats_print:true"])
        #expect(r.status == 1) // the demo has violations
        #expect(r.stderr.contains("___ Begin jemalloc statistics ___"), "\(r.stderr.prefix(300))")
        // "Allocated: N, active: …": the run allocated through jemalloc (megabytes for 258 parcels).
        let allocated = r.stderr.firstMatch(of: /Allocated: (\d+)/).flatMap { Int($0.1) }
        #expect((allocated ?? 0) > 100_000, "\(String(describing: allocated))")
        #expect(LandCtl.readText(folder.file("out") + "/parcels.csv").components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 259)
    }
}
