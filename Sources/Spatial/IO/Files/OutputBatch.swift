#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A run's outputs, made in a staging folder beside the output folder and published
/// together: every file of the run becomes visible at once, or none does.
///
/// Writers ask for ``path(for:)`` (a path inside the staging folder: byte-stream writers
/// such as ``CSVWriter`` and libraries that write a whole file to a path alike) and hand
/// finished ``AtomicOutputFile``s to ``add(_:)``. Files a library makes beside the one it
/// was given (a Shapefile's .shx, .dbf, .prj) are published with the rest. ``publish()`` then swaps the staging
/// folder in for the output folder with one `renameat2(RENAME_EXCHANGE)` (or one `rename`
/// when the folder is new), after giving the staging folder the user's other files in the
/// output folder (hard links; their folders are moved back right after the swap). A
/// failure before the swap leaves the previous results whole. A batch dropped unpublished,
/// or a run ended by SIGINT, SIGTERM or SIGHUP, removes its staging folder; one left by a
/// killed run is removed by the next run into the same folder (see ``OutputStaging``).
public final class OutputBatch: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [AtomicOutputFile] = []
    private var names: [String]
    private var published = false
    private let staging: OutputStaging.Stage

    /// The output folder as the user gave it.
    public let folder: String
    /// Where this run's files are made until ``publish()``.
    public var stagingFolder: String { staging.path }

    /// Prepares the staging folder for `folder` (created, like its parents, when missing).
    /// - Parameters:
    ///   - command: the command writing (`classify`, …), recorded so that a later run of
    ///     the same command replaces all of its files and another command's are kept.
    ///   - names: the files the run will write (more may be asked for with ``path(for:)``).
    ///   - exchange: how the staging folder is swapped in (tests pass one that fails).
    public init(folder: String, command: String, names: [String] = [],
                exchange: @escaping @Sendable (String, String) -> Int32 = OutputStaging.exchangeFolders) throws {
        self.folder = folder
        self.names = names
        staging = try OutputStaging.Stage(folder: folder, command: command, names: names, exchange: exchange)
    }

    deinit {
        if !published { staging.discard() }
    }

    /// A path inside the staging folder for the output `name` (a plain file name). The file
    /// written there is published with the rest.
    public func path(for name: String) -> String {
        lock.lock()
        if !names.contains(name) {
            names.append(name)
            // Recorded at once: should the run be killed, whoever cleans up knows the file
            // (complete or not) is landctl's, not the user's.
            staging.record(names: names)
        }
        lock.unlock()
        return staging.path + "/" + name
    }

    /// Called by the writers when a file is complete.
    public func add(_ file: AtomicOutputFile) throws {
        try file.close()
        lock.lock()
        files.append(file)
        lock.unlock()
    }

    /// Puts every completed file under its own name inside the staging folder (still
    /// invisible in ``folder``), so that files can be made from finished ones before the
    /// run is published (GeoPackage and Shapefile from the GeoJSON, `--out-format`).
    public func settle() throws {
        lock.lock()
        let all = files
        lock.unlock()
        for f in all { try f.publish() }
    }

    /// Takes the output `name` back out of the run: it is not published, and its file in the
    /// staging folder is removed.
    public func withdraw(_ name: String) {
        let staged = staging.path + "/" + name
        lock.lock()
        names.removeAll { $0 == name }
        files.removeAll { $0.path == staged }
        staging.record(names: names)
        lock.unlock()
        _ = unlink(staged)
    }

    /// Makes every file of the run visible in ``folder`` in one step; returns their paths
    /// under ``folder``.
    @discardableResult
    public func publish() throws -> [String] {
        lock.lock()
        let all = files
        let written = names
        lock.unlock()
        for f in all { try f.publish() } // into their names inside the staging folder
        let everything = try staging.publish(names: written)
        published = true
        return everything.map { (folder.hasSuffix("/") ? folder : folder + "/") + $0 }
    }
}
