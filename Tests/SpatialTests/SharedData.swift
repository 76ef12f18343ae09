import Foundation

/// The team's shared external test data, `<repo>/../shared/data` (see each folder's
/// SOURCE.md). Tests that need it are skipped, with the reason printed, when it is absent,
/// so that a fresh clone on its own still passes.
enum SharedData {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let root = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data", isDirectory: true)

    /// Absolute path of `relative` inside shared/data.
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    static var available: Bool { exists("README.md") }

    /// The project's own fixtures (`Tests/Fixtures`).
    static func fixture(_ name: String) -> String {
        repoRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name).path
    }

    /// A fresh temporary folder for outputs.
    static func temporaryFolder() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("landctl-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
