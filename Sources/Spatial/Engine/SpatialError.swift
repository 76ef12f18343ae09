/// An error raised by the geometry engine: a failed GEOS or PROJ call (with the library's own
/// message), a structurally impossible geometry, or a CRS problem.
public enum SpatialError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A GEOS operation failed; `message` is what GEOS reported.
    case geos(operation: String, message: String)
    /// A PROJ call failed; `message` is what PROJ reported.
    case proj(operation: String, message: String)
    /// A geometry that cannot be built (ring not closed, too few positions…).
    case invalidStructure(String)
    /// A coordinate came out of a transform as infinite or NaN.
    case transformFailed(String)
    /// A coordinate reference system that cannot be used for the job.
    case crs(String)

    public var description: String {
        switch self {
        case let .geos(op, msg): "GEOS \(op) failed: \(msg.isEmpty ? "no message" : msg)"
        case let .proj(op, msg): "PROJ \(op) failed: \(msg.isEmpty ? "no message" : msg)"
        case let .invalidStructure(msg): msg
        case let .transformFailed(msg): msg
        case let .crs(msg): msg
        }
    }
}
