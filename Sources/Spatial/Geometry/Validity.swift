import CGEOS

/// GEOS's validity verdict.
public enum Validity: Equatable, Sendable {
    case valid
    case invalid(reason: String, x: Double?, y: Double?)

    public var isValid: Bool { self == .valid }

    /// The same verdict with its location transformed (e.g. from the area CRS back to the
    /// input's longitude/latitude, so that people can find the spot).
    public func located(by transform: CoordinateTransform) -> Validity {
        guard case let .invalid(reason, x?, y?) = self, let p = try? transform.apply(x: x, y: y) else { return self }
        let digits = transform.target.isGeographic ? 1e7 : 1e3
        return .invalid(reason: reason, x: (p.x * digits).rounded() / digits, y: (p.y * digits).rounded() / digits)
    }

    /// "Self-intersection at (121.99, 30.07)".
    public var message: String {
        switch self {
        case .valid: "valid"
        case let .invalid(reason, x, y):
            if let x, let y { "\(reason) at (\(NumberFormatting.string(x)), \(NumberFormatting.string(y)))" } else { reason }
        }
    }
}
