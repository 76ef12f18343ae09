/// What became of an input feature. Every feature read appears in every output with one.
public enum FeatureStatus: String, Sendable, CaseIterable, Codable {
    /// Read and valid.
    case ok
    /// Invalid geometry fixed with GEOS makeValid (structure method); the reason is kept.
    case repaired
    /// The feature has no geometry (`null`, an empty cell, `EMPTY`).
    case noGeometry = "no_geometry"
    /// The feature could not be used; the reason says why.
    case error

    /// Unusable or without geometry: a finding of every command (exit code 1).
    public var isUnusable: Bool { self == .error || self == .noGeometry }
}
