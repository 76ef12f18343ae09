import Foundation

/// Where the tests find their data: the repository's demo data (`shapes/`) and fixtures
/// (`Tests/Fixtures/`), and the team's shared data beside the repository
/// (`../shared/data`, see each folder's SOURCE.md). Tests that need the shared data are
/// skipped, with the reason printed, when it is absent, so a fresh clone on its own passes.
public enum Repository {
    /// The repository's root folder.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/data`.
    public static let sharedRoot = root.deletingLastPathComponent().appendingPathComponent("shared/data", isDirectory: true)

    /// A file of the demo district, `shapes/NAME`.
    public static func shapes(_ name: String) -> String { root.appendingPathComponent("shapes/\(name)").path }
    /// A fixture, `Tests/Fixtures/NAME`.
    public static func fixture(_ name: String) -> String { root.appendingPathComponent("Tests/Fixtures/\(name)").path }
    /// A file of the shared data, by its path inside `shared/data`.
    public static func shared(_ relative: String) -> String { sharedRoot.appendingPathComponent(relative).path }
    public static func sharedExists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: shared(relative)) }
    /// Whether the shared data is there at all.
    public static var sharedAvailable: Bool { sharedExists("README.md") }
}
