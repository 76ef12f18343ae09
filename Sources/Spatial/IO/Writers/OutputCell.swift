/// One cell of a result row as the writers encode it. Numbers stay numbers until they are
/// written (no text made per number and row, then copied into each file).
public enum OutputCell: Sendable, Equatable {
    case null
    case bool(Bool)
    case string(String)
    /// A number as its literal text.
    case number(String)
    /// A number with at most `decimals` decimals, trailing zeros trimmed (as
    /// ``NumberFormatting/append(_:decimals:to:)`` writes it).
    case decimal(Double, Int)
    case integer(Int)

    /// The cell of an optional text: null when nil.
    @inline(__always)
    public static func text(_ s: String?) -> OutputCell { s.map { .string($0) } ?? .null }

    /// The cell of an optional number with `decimals` decimals: null when nil.
    @inline(__always)
    public static func decimal(_ v: Double?, _ decimals: Int) -> OutputCell { v.map { .decimal($0, decimals) } ?? .null }

    /// The cell of an optional integer: null when nil.
    @inline(__always)
    public static func integer(_ v: Int?) -> OutputCell { v.map { .integer($0) } ?? .null }
}

extension RecordFields {
    @inline(__always)
    public mutating func put(_ name: @autoclosure () -> String, _ cell: OutputCell) { self.cell(cell) }

    /// Writes `cell` as the next field.
    @inline(__always)
    public mutating func cell(_ cell: OutputCell) {
        switch cell {
        case .null: null()
        case let .bool(b): value(.bool(b))
        case let .string(s): text(s)
        case let .number(t): value(.number(t))
        case let .decimal(v, d): number(v, decimals: d)
        // Exact below 2^53, and written without a fraction: the text "\(n)" gives.
        case let .integer(n): number(Double(n), decimals: 0)
        }
    }
}
