import CGDAL

/// What GDAL reported during some calls on one thread: its errors and warnings in its own
/// words, in order. Pushed as that thread's error handler around the calls (GDAL keeps a
/// handler stack per thread), so nothing is printed and nothing leaks between threads.
final class GDALMessages {
    struct Message {
        var isError: Bool
        var text: String
    }

    private(set) var messages: [Message] = []

    var isEmpty: Bool { messages.isEmpty }
    var errors: [String] { messages.filter(\.isError).map(\.text) }
    var warnings: [String] { messages.filter { !$0.isError }.map(\.text) }
    /// The last error, else the last warning, else "".
    var lastText: String { messages.last(where: \.isError)?.text ?? messages.last?.text ?? "" }

    @inline(__always) func clear() {
        if !messages.isEmpty { messages.removeAll(keepingCapacity: true) }
    }

    /// Takes the messages gathered so far.
    func take() -> [Message] {
        defer { clear() }
        return messages
    }

    fileprivate func record(_ level: CPLErr, _ text: String) {
        // Debug output is for GDAL's developers; it never reaches a user.
        guard level.rawValue >= CE_Warning.rawValue else { return }
        // A runaway driver can repeat one message per record: keep the first few hundred.
        guard messages.count < 500 else { return }
        messages.append(Message(isError: level.rawValue >= CE_Failure.rawValue, text: text))
    }

    /// Runs `body` with this sink as the thread's GDAL error handler.
    func capture<T>(_ body: () throws -> T) rethrows -> T {
        // Only reached once GDAL opened a file, wrote one or identified one: it is loaded.
        CPLPushErrorHandlerEx(gdalCaptureHandler, Unmanaged.passUnretained(self).toOpaque())
        defer { CPLPopErrorHandler() }
        return try body()
    }
}

private let gdalCaptureHandler: CPLErrorHandler = { level, _, message in
    guard let data = CPLGetErrorHandlerUserData(), let message else { return }
    Unmanaged<GDALMessages>.fromOpaque(data).takeUnretainedValue().record(level, String(cString: message))
}
