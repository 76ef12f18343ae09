import Spatial
import Yams

/// How far LandControl repairs broken rings as it reads a layer (see ``RingRepair``); the
/// same for every command and every input layer.
public struct RepairRules: Sendable, Equatable {
    /// A ring whose first and last positions are at most this many metres apart is closed
    /// (a digitising slip); a wider gap leaves the feature unusable (`error`). Measured on
    /// the ellipsoid for longitude/latitude input, and on the ellipsoid between the two
    /// positions taken back to longitude/latitude for projected input. [model: 1 cm, the
    /// precision of survey-grade 界址点 coordinates]
    public var closeRingToleranceM = 0.01

    public init() {}

    /// The setting's name in messages.
    static let toleranceName = "repair.close_ring_tolerance_m"

    mutating func read(_ node: Node, path: String, reader: RulesReader) throws {
        try reader.mapping(node, path: path) { key, value, path in
            switch key {
            case "close_ring_tolerance_m": closeRingToleranceM = try reader.nonNegative(value, path: path)
            default:
                throw reader.unknown(key, at: value, path: path, known: ["close_ring_tolerance_m"])
            }
        }
    }

    var defaultsYAML: String {
        """
        repair:                    # broken rings, repaired as every layer is read
          # A ring whose ends are at most this far apart (metres, on the ground) is closed by
          # repeating its first position; a wider gap makes the feature an error. Holes with
          # fewer than 3 corners or no area are always dropped. [model: 1 cm]
          close_ring_tolerance_m: \(NumberFormatting.string(closeRingToleranceM))

        """
    }
}
