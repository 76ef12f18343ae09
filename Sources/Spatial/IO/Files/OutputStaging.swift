#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The staging folder behind ``OutputBatch``: where a run's files are made, how they are
/// published in one step, and how what a killed run left is cleaned up.
///
/// A run into `DIR` stages in `.DIR.landctl-staging-HOST-PID-XXXXXX` beside it (same file
/// system, so a rename can publish it). `DIR/.landctl-outputs` records which command wrote
/// which file, so that the next run of a command replaces all of its own files and keeps
/// every other file in `DIR`.
public enum OutputStaging {
    /// The record of landctl's files in an output folder: `command<TAB>name` per line.
    public static let manifestName = ".landctl-outputs"
    static let stagingMarker = ".landctl-staging-"
    /// An empty file in every staging folder. It goes into the output folder with the swap
    /// (and is removed from there), so a folder left by a killed run that still holds it was
    /// never swapped in: everything in it is the run's own.
    static let unpublishedMarker = ".landctl-unpublished"
    /// A staging folder of a process that cannot be checked (another host) is taken as
    /// abandoned after this long.
    static let abandonedAfterSeconds = 24 * 3600

    /// Refuses an output folder that would replace an input of the run: any output name in
    /// `folder` that is the same file (device and inode, through symlinks and hard links) as
    /// an input. Called before the run reads anything, so no work is wasted.
    public static func checkNotOverwritingInputs(folder: String, names: [String], inputs: [String?]) throws {
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        for input in inputs.compactMap({ $0 }) {
            guard let id = RegularFile.identity(input) else { continue }
            for name in names + [manifestName] where RegularFile.identity(base + name) == id {
                throw ReadError(file: input, message: "is the same file as \(base + name), which this run would write: it would replace the input with the results; write them elsewhere (nothing was written)")
            }
        }
    }

    /// Swaps two folders atomically (`renameat2(RENAME_EXCHANGE)`): the publish step.
    /// Returns 0, or -1 with `errno` set.
    public static func exchangeFolders(_ a: String, _ b: String) -> Int32 {
        renameAt2(a, b, flags: renameExchange)
    }

    static let renameNoReplace: UInt32 = 1
    static let renameExchange: UInt32 = 2
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc has `renameat2` since 2.28, but Swift's Glibc module does not declare it.
    private static let renameAt2Function: RenameAt2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
        .map { unsafeBitCast($0, to: RenameAt2.self) }

    static func renameAt2(_ from: String, _ to: String, flags: UInt32) -> Int32 {
        guard let f = renameAt2Function else {
            errno = ENOSYS
            return -1
        }
        return f(AT_FDCWD, from, AT_FDCWD, to, flags)
    }

    // MARK: - The stage

    final class Stage: @unchecked Sendable {
        /// The staging folder.
        let path: String
        /// The output folder as given (for messages) and resolved (absolute, symlinks
        /// followed: the folder the user sees the files in).
        let userFolder: String
        let target: String
        let command: String
        let exchange: @Sendable (String, String) -> Int32
        /// False when the folder cannot be swapped (its parent is not writable, it is the
        /// working directory, or it is `/`): files are then renamed in one by one.
        private(set) var swap: Bool
        private var exchanged = false
        private var finished = false

        init(folder: String, command: String, names: [String], exchange: @escaping @Sendable (String, String) -> Int32) throws {
            userFolder = folder
            self.command = command
            self.exchange = exchange
            var trimmed = folder
            while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
            var st = stat()
            let exists = stat(trimmed, &st) == 0
            if exists, (st.st_mode & S_IFMT) != S_IFDIR { throw ReadError(file: folder, message: "exists and is not a folder") }
            let parentGiven = AtomicOutputFile.folder(of: trimmed)
            if exists {
                target = OutputStaging.realPath(trimmed) ?? trimmed
            } else {
                try AtomicOutputFile.makeFolders(parentGiven)
                let parent = OutputStaging.realPath(parentGiven.isEmpty ? "." : parentGiven) ?? parentGiven
                target = (parent == "/" ? "" : parent) + "/" + AtomicOutputFile.baseName(trimmed)
            }
            let base = AtomicOutputFile.baseName(target)
            let parent = AtomicOutputFile.folder(of: target)
            swap = !base.isEmpty && !parent.isEmpty
            // Swapping the working directory would leave shells started in it in a removed folder.
            if swap, exists, let here = RegularFile.identity("."), here == RegularFile.identity(target) { swap = false }

            OutputStaging.removeAbandoned(target: target, parent: parent, base: base, names: names)

            let tag = OutputStaging.stagingMarker + OutputStaging.hostTag + "-\(getpid())-XXXXXX"
            // The folder is made and registered under the lock: a signal arriving meanwhile
            // waits for it and then removes the folder with the rest.
            let wanted = swap, targetPath = target
            let (made, beside): (String?, Bool) = try OutputStaging.Registry.withLock {
                OutputStaging.Registry.installOnce()
                if wanted, let made = OutputStaging.makeTemporaryFolder(parent + "/." + String(base.prefix(80)) + tag) {
                    OutputStaging.Registry.reserve(made)
                    return (made, true)
                }
                // The folder above is not writable: stage inside the output folder and
                // publish file by file.
                try AtomicOutputFile.makeFolders(targetPath)
                let made = OutputStaging.makeTemporaryFolder(targetPath + "/" + tag)
                if let made { OutputStaging.Registry.reserve(made) }
                return (made, false)
            }
            swap = beside
            guard let made else {
                throw ReadError(file: folder, message: "cannot create a staging folder for the outputs: \(String(cString: strerror(errno)))")
            }
            path = made
            // mkdtemp makes the folder private (0700); published as a new output folder it
            // gets the mode `mkdir` would give it.
            let mask = umask(0)
            umask(mask)
            _ = chmod(made, 0o777 & ~mask)
            // Written first, so that whoever cleans up after a killed run knows these names.
            try OutputStaging.writeManifest(names.map { (command, $0) }, to: path + "/" + OutputStaging.manifestName)
            let marker = open(path + "/" + OutputStaging.unpublishedMarker, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            if marker >= 0 { close(marker) }
            OutputStaging.Registry.add(self)
        }

        /// Rewrites the staging folder's record of the run's files.
        func record(names: [String]) {
            try? OutputStaging.writeManifest(names.map { (command, $0) }, to: path + "/" + OutputStaging.manifestName)
        }

        /// Removes the staging folder of a run that did not publish (its files only).
        func discard() {
            OutputStaging.Registry.withLock {
                guard !finished else { return }
                finished = true
                if exchanged {
                    OutputStaging.mergeBack(path, into: target, owned: [])
                } else {
                    OutputStaging.removeTree(path)
                }
                OutputStaging.Registry.remove(self)
            }
        }

        /// Makes `names` (files in the staging folder) visible in the output folder in one
        /// step, keeping the files there that this command did not write.
        /// Returns every file published: `names`, and any other file a library wrote into
        /// the staging folder (a Shapefile's .shx, .dbf, .prj…).
        func publish(names declared: [String]) throws -> [String] {
            try OutputStaging.Registry.withLock {
                guard !finished else { return declared }
                let names = declared + OutputStaging.entries(path).sorted().filter {
                    !declared.contains($0) && !$0.hasPrefix(OutputStaging.manifestName) && $0 != OutputStaging.unpublishedMarker
                        && !OutputStaging.isTemporary($0, of: Set(declared))
                }
                if swap {
                    try publishBySwap(names: names)
                } else {
                    try publishFileByFile(names: names)
                }
                finished = true
                OutputStaging.Registry.remove(self)
                return names
            }
        }

        private func publishBySwap(names: [String]) throws {
            let written = Set(names)
            var st = stat()
            if lstat(target, &st) != 0 {
                try OutputStaging.writeManifest(names.map { (command, $0) }, to: path + "/" + OutputStaging.manifestName)
                if rename(path, target) == 0 {
                    _ = unlink(target + "/" + OutputStaging.unpublishedMarker)
                    return
                }
                guard errno == EEXIST || errno == ENOTEMPTY else { throw publishError("cannot move the outputs into place") }
                // The folder appeared meanwhile: swap as below.
            }
            guard stat(target, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
                throw ReadError(file: userFolder, message: "exists and is not a folder")
            }
            // Everything that can fail is checked before the swap, so that a failure leaves
            // the previous results as they were.
            for name in names {
                var e = stat()
                if lstat(target + "/" + name, &e) == 0, (e.st_mode & S_IFMT) == S_IFDIR {
                    throw ReadError(file: OutputStaging.join(userFolder, name),
                                    message: "is a folder where this run writes its \(name): move or rename it (the previous results are unchanged)")
                }
            }
            let old = OutputStaging.readManifest(target + "/" + OutputStaging.manifestName)
            let ownStale = Set(old.filter { $0.command == command }.map(\.name))
            var moveAfter: [String] = []
            for entry in OutputStaging.entries(target) where !written.contains(entry) && !ownStale.contains(entry)
                && !entry.hasPrefix(OutputStaging.manifestName) && entry != OutputStaging.unpublishedMarker
                && !OutputStaging.isTemporary(entry, of: written.union(ownStale)) {
                var e = stat()
                guard lstat(target + "/" + entry, &e) == 0 else { continue }
                // Files are carried as hard links (they never leave the folder); folders, and
                // files that cannot be linked, are moved back right after the swap.
                if (e.st_mode & S_IFMT) == S_IFDIR || linkat(AT_FDCWD, target + "/" + entry, AT_FDCWD, path + "/" + entry, 0) != 0 {
                    moveAfter.append(entry)
                }
            }
            var manifest = old.filter { $0.command != command && !written.contains($0.name) && OutputStaging.exists(target + "/" + $0.name) }
            manifest += names.map { (command, $0) }
            try OutputStaging.writeManifest(manifest, to: path + "/" + OutputStaging.manifestName)
            _ = chmod(path, st.st_mode & 0o7777)
            if getuid() == 0 { _ = chown(path, st.st_uid, st.st_gid) }

            if exchange(path, target) != 0 {
                let reason = errno
                if reason == EINVAL || reason == ENOSYS || reason == ENOTSUP || reason == EXDEV {
                    // The file system cannot swap folders: the files go in one by one.
                    try publishFileByFile(names: names)
                    return
                }
                throw publishError("cannot swap the new outputs in", code: reason)
            }
            exchanged = true
            _ = unlink(target + "/" + OutputStaging.unpublishedMarker)
            // `path` now holds the previous contents: the user's folders go back, the
            // previous outputs and the links to carried files are removed.
            OutputStaging.mergeBack(path, into: target, owned: Set(old.map(\.name)).union(written), first: moveAfter)
        }

        /// Renames the files in one by one (summary last): the fallback where no swap is
        /// possible. A reader may briefly see some files new and others old.
        private func publishFileByFile(names: [String]) throws {
            try AtomicOutputFile.makeFolders(target)
            let old = OutputStaging.readManifest(target + "/" + OutputStaging.manifestName)
            let ordered = names.filter { $0 != "summary.md" } + names.filter { $0 == "summary.md" }
            for name in ordered {
                var e = stat()
                if lstat(target + "/" + name, &e) == 0, (e.st_mode & S_IFMT) == S_IFDIR {
                    throw ReadError(file: OutputStaging.join(userFolder, name), message: "is a folder where this run writes its \(name): move or rename it")
                }
            }
            for name in ordered where rename(path + "/" + name, target + "/" + name) != 0 {
                throw publishError("cannot move \(name) into place")
            }
            let written = Set(names)
            var manifest = old.filter { $0.command != command && !written.contains($0.name) && OutputStaging.exists(target + "/" + $0.name) }
            manifest += names.map { (command, $0) }
            let manifestPath = path + "/" + OutputStaging.manifestName
            try OutputStaging.writeManifest(manifest, to: manifestPath)
            _ = rename(manifestPath, target + "/" + OutputStaging.manifestName)
            OutputStaging.removeTree(path)
        }

        private func publishError(_ what: String, code: Int32 = errno) -> ReadError {
            ReadError(file: userFolder, message: "\(what): \(String(cString: strerror(code))); the previous results are unchanged")
        }
    }

    // MARK: - Cleaning up

    /// Removes what killed runs left for this output folder: staging folders beside it (or
    /// inside it) whose process is gone, or that are older than a day when they come from
    /// another host, and temporary files of earlier landctl versions (`.NAME.tmp-XXXXXX`).
    static func removeAbandoned(target: String, parent: String, base: String, names: [String]) {
        if !parent.isEmpty, !base.isEmpty {
            let prefix = "." + String(base.prefix(80)) + stagingMarker
            for entry in entries(parent) where entry.hasPrefix(prefix) && isAbandoned(parent + "/" + entry, suffix: entry.dropFirst(prefix.count)) {
                // Names in either record are landctl's: the folder's current outputs are in
                // the target's, the staged or previous ones in the staging folder's.
                let stale = parent + "/" + entry
                if exists(stale + "/" + unpublishedMarker) {
                    // Never swapped in: the run's own files, and links to files that are in
                    // the output folder anyway.
                    removeTree(stale)
                    continue
                }
                let owned = Set(readManifest(stale + "/" + manifestName).map(\.name))
                    .union(readManifest(target + "/" + manifestName).map(\.name))
                mergeBack(stale, into: target, owned: owned)
            }
        }
        // Only temporary files of landctl's own outputs: `.notes.tmp-abcdef` may be the user's.
        _ = unlink(target + "/" + unpublishedMarker) // a run killed right after its swap left it
        let outputs = Set(names).union(readManifest(target + "/" + manifestName).map(\.name))
        for entry in entries(target) {
            if entry.hasPrefix(stagingMarker), isAbandoned(target + "/" + entry, suffix: entry.dropFirst(stagingMarker.count)) {
                removeTree(target + "/" + entry) // only ever holds the run's own files
            } else if isTemporary(entry, of: outputs) {
                _ = unlink(target + "/" + entry)
            }
        }
    }

    /// True when the staging folder `path`, named `…HOST-PID-XXXXXX`, belongs to no running process.
    static func isAbandoned(_ path: String, suffix: Substring) -> Bool {
        let parts = suffix.split(separator: "-")
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return false }
        let age = Int(time(nil)) - Int(st.st_mtim.tv_sec)
        if parts.count >= 3, let pid = Int32(parts[parts.count - 2]), parts[..<(parts.count - 2)].joined(separator: "-") == hostTag {
            if pid == getpid() { return false }
            return kill(pid, 0) != 0 && errno == ESRCH
        }
        return age > abandonedAfterSeconds
    }

    /// Empties `old` (a staging folder, or the previous output folder after a swap) into
    /// `target`: names in `owned` and temporary files are removed; an entry that is the
    /// same file in both is removed from `old`; anything else (the user's folders, a file
    /// made during the swap) is moved into `target`, never over an existing name. `old` is
    /// removed when empty; what could not be placed stays there.
    static func mergeBack(_ old: String, into target: String, owned: Set<String>, first: [String] = []) {
        let targetExists = exists(target)
        // The record of what is landctl's goes last: a run killed half-way through this
        // loop leaves it for the next run to finish the job.
        var list = first
        for e in entries(old) where !first.contains(e) && e != manifestName { list.append(e) }
        list.append(manifestName)
        for entry in list {
            let from = old + "/" + entry
            var a = stat(), b = stat()
            guard lstat(from, &a) == 0 else { continue }
            if owned.contains(entry) || entry.hasPrefix(manifestName) || entry == unpublishedMarker || isTemporary(entry, of: owned) {
                removeTree(from)
            } else if lstat(target + "/" + entry, &b) == 0 {
                if a.st_dev == b.st_dev && a.st_ino == b.st_ino { _ = unlink(from) }
            } else if targetExists {
                if renameAt2(from, target + "/" + entry, flags: renameNoReplace) != 0, errno == ENOSYS || errno == EINVAL {
                    _ = rename(from, target + "/" + entry)
                }
            }
        }
        _ = rmdir(old)
    }

    /// Removes a folder made by landctl with everything in it (symlinks are removed, not followed).
    static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            for e in entries(path) { removeTree(path + "/" + e) }
            _ = rmdir(path)
        } else {
            _ = unlink(path)
        }
    }

    /// A temporary file of ``AtomicOutputFile`` for one of `outputs`: `.NAME.tmp-XXXXXX`
    /// with NAME in `outputs` (a user's `.notes.tmp-abcdef` is not landctl's).
    static func isTemporary(_ name: String, of outputs: Set<String>) -> Bool {
        guard name.hasPrefix("."), let r = name.range(of: ".tmp-", options: .backwards), name[r.upperBound...].count == 6 else { return false }
        return outputs.contains(String(name[name.index(after: name.startIndex)..<r.lowerBound]))
    }

    // MARK: - Small helpers

    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19

    static func entries(_ folder: String) -> [String] {
        guard let d = opendir(folder) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            // The name is read where it lies: a record is only as long as its name, so
            // copying the whole 256-byte d_name field could read past the buffer.
            let name = String(cString: (UnsafeRawPointer(e) + nameOffset).assumingMemoryBound(to: CChar.self))
            if name != ".", name != ".." { out.append(name) }
        }
        return out
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    static func join(_ folder: String, _ name: String) -> String {
        (folder.hasSuffix("/") ? folder : folder + "/") + name
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func makeTemporaryFolder(_ template: String) -> String? {
        var t = Array(template.utf8CString)
        let ok = t.withUnsafeMutableBufferPointer { b -> Bool in
            guard let base = b.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard ok else { return nil }
        return String(decoding: t.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The host name as it appears in staging folder names (letters, digits, `-`).
    static let hostTag: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, 255) == 0 else { return "host" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let kept = String(name.unicodeScalars.filter { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" }.prefix(32))
        return kept.isEmpty ? "host" : kept
    }()

    static func readManifest(_ path: String) -> [(command: String, name: String)] {
        guard RegularFile.identity(path) != nil, (try? RegularFile.require(path)) != nil,
              let data = FileManager.default.contents(atPath: path), data.count < 1 << 20 else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, !parts[1].contains("/"), parts[1] != ".", parts[1] != ".." else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
    }

    /// Writes the record beside `path` and renames it over `path`, so that a kill never
    /// leaves it half-written.
    static func writeManifest(_ entries: [(command: String, name: String)], to path: String) throws {
        let text = entries.map { "\($0.command)\t\($0.name)\n" }.joined()
        let temporary = path + ".new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ReadError(file: path, message: "cannot write: \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            _ = unlink(temporary)
            throw ReadError(file: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
    }

    // MARK: - Signals

    /// The live staging folders, removed when SIGINT, SIGTERM or SIGHUP ends the run. A
    /// publish holds the lock, so a signal waits for it to finish rather than cutting a
    /// swap in two.
    enum Registry {
        private static let lock = NSRecursiveLock()
        /// Staging folders to remove on a signal: made but not yet published.
        nonisolated(unsafe) private static var live: [String: Stage?] = [:]

        static func withLock<T>(_ body: () throws -> T) rethrows -> T {
            lock.lock()
            defer { lock.unlock() }
            return try body()
        }

        /// A staging folder just made (its stage is not built yet).
        static func reserve(_ path: String) {
            withLock { live[path] = .some(nil) }
        }

        static func add(_ stage: Stage) {
            withLock { live[stage.path] = stage }
        }

        static func remove(_ stage: Stage) {
            withLock { _ = live.removeValue(forKey: stage.path) }
        }

        /// Installs the handlers for SIGINT, SIGTERM and SIGHUP once, before the first
        /// staging folder exists. The handler itself only writes the signal's number to a
        /// pipe (all a signal handler may safely do); a thread of ours reads it, removes the
        /// staging folders and ends the process by the same signal.
        static func installOnce() {
            withLock {
                guard signalPipe < 0 else { return }
                var fds: [Int32] = [-1, -1]
                guard pipe(&fds) == 0 else { return }
                _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
                signalPipe = fds[1]
                let reader = fds[0]
                Thread.detachNewThread {
                    while true {
                        var b: UInt8 = 0
                        let n = read(reader, &b, 1)
                        if n == 1 { abort(Int32(b)) }
                        if n < 0, errno == EINTR { continue }
                        return
                    }
                }
                for sig in [SIGINT, SIGTERM, SIGHUP] {
                    var action = sigaction()
                    action.__sigaction_handler.sa_handler = { sig in
                        var b = UInt8(truncatingIfNeeded: sig)
                        _ = write(Registry.signalPipe, &b, 1)
                    }
                    action.sa_flags = SA_RESTART
                    sigemptyset(&action.sa_mask)
                    sigaction(sig, &action, nil)
                }
            }
        }

        /// The write end of the pipe the signal handler writes to.
        nonisolated(unsafe) static var signalPipe: Int32 = -1

        /// Removes every live staging folder, then ends the process by the signal.
        private static func abort(_ sig: Int32) {
            lock.lock() // waits for a publish under way; never released: the process ends
            for path in live.keys {
                // Renamed first: the writers, still running, can then create nothing more
                // in it (their paths lead nowhere), so that removing it is final.
                let gone = path + "x"
                if rename(path, gone) == 0 { removeTree(gone) } else { removeTree(path) }
            }
            signal(sig, SIG_DFL)
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, sig)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(sig)
            _exit(128 + sig) // only should the signal not end the process
        }
    }
}
