import Foundation
import LandControl

/// A one-line progress display on stderr for long runs: the phase, how many of how many
/// parcels, parcels per second and the time left. Drawn only when stderr is a terminal (so
/// logs and pipes stay clean), at most ten times a second, and erased at the end.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let clock = ContinuousClock()
    private var phase: RunProgress.Phase?
    private var phaseStart: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant
    private var drawn = false

    private init() {
        phaseStart = clock.now
        lastDraw = clock.now
    }

    /// A bar when stderr is a terminal and `quiet` is off; nil otherwise.
    static func make(quiet: Bool) -> ProgressBar? {
        guard !quiet, isatty(2) == 1 else { return nil }
        return ProgressBar()
    }

    /// The handler to give a run.
    var handler: ProgressHandler { { [self] in report($0) } }

    func report(_ p: RunProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = clock.now
        if p.phase != phase {
            phase = p.phase
            phaseStart = now
        } else if now - lastDraw < .milliseconds(100), p.done < p.total {
            return
        }
        lastDraw = now
        var line = Self.label(p.phase)
        if p.total > 0, p.phase == .classifying || p.phase == .writing {
            line += " \(NumberText.grouped(Double(p.done), decimals: 0)) / \(NumberText.grouped(Double(p.total), decimals: 0)) parcels"
            let elapsed = now - phaseStart
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if p.done > 0, seconds > 0.2 {
                let rate = Double(p.done) / seconds
                let left = Double(p.total - p.done) / rate
                line += " · \(NumberText.grouped(rate, decimals: 0))/s · ETA \(left < 10 ? String(format: "%.1f", left) : String(Int(left.rounded()))) s"
            }
        } else if p.total > 0 {
            line += " (\(NumberText.grouped(Double(p.total), decimals: 0)))"
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// Erases the line, before the results are printed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    static func label(_ phase: RunProgress.Phase) -> String {
        switch phase {
        case .reading: "reading the layers…"
        case .zones: "preparing the zones"
        case .classifying: "classifying"
        case .checking: "checking overlaps between parcels…"
        case .writing: "writing"
        }
    }
}
