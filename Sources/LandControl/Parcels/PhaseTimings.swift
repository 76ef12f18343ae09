import Foundation

/// Wall-clock seconds per phase of a run, for `--timings` (which phase a large run spends its
/// time in, as `classify` reports it).
public struct PhaseTimings: Sendable {
    public private(set) var phases: [(phase: String, seconds: Double)] = []
    private var lap = ContinuousClock.now

    public init() {}

    /// Ends the phase running since the previous mark (or the start).
    public mutating func mark(_ phase: String) {
        let now = ContinuousClock.now
        phases.append((phase, LayerInspector.seconds(now - lap)))
        lap = now
    }

    /// A figure measured otherwise (CPU seconds summed over workers), between the phases.
    public mutating func record(_ phase: String, seconds: Double) {
        phases.append((phase, seconds))
    }

    /// `read 0.412 s · zones 0.031 s · …`, as `--timings` prints it.
    public static func line(_ phases: [(phase: String, seconds: Double)]) -> String {
        "timings: " + phases.map { "\($0.phase) \(String(format: "%.3f", $0.seconds)) s" }.joined(separator: " · ")
    }
}
