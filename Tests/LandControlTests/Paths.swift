import Foundation

/// Paths for the domain tests: the repository's demo data and the shared data beside it.
enum Paths {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func shapes(_ name: String) -> String { repoRoot.appendingPathComponent("shapes/\(name)").path }
    static func fixture(_ name: String) -> String { repoRoot.appendingPathComponent("Tests/Fixtures/\(name)").path }
    static let shared = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    static func shared(_ relative: String) -> String { shared.appendingPathComponent(relative).path }
    static func sharedExists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: shared(relative)) }
}
