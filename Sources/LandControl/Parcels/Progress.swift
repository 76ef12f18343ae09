/// How far a long run has come, for a progress display: the phase, and within it how many of
/// how many items are done. Sent from worker threads; the receiver must be thread-safe.
public struct RunProgress: Sendable {
    public enum Phase: String, Sendable {
        case reading, zones, classifying, checking, writing
    }

    public var phase: Phase
    public var done: Int
    public var total: Int

    public init(phase: Phase, done: Int, total: Int) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}

/// Receives ``RunProgress`` reports (from any thread).
public typealias ProgressHandler = @Sendable (RunProgress) -> Void
