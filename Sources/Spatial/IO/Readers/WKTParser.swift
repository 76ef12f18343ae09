/// A WKT (and EWKT `SRID=n;`) parser that writes straight into a ``FlatGeometry``.
///
/// Accepts the OGC types, `Z`, `M` and `ZM` tags (also glued: `POINTZ`), `EMPTY` anywhere the
/// standard allows it, and both forms of MULTIPOINT (`(1 2, 3 4)` and `((1 2), (3 4))`).
/// M values are dropped (LandControl works in 2-D with optional heights).
public struct WKTParser {
    /// A syntax error with its 1-based column in the text.
    public struct SyntaxError: Error, CustomStringConvertible, Equatable, Sendable {
        public var column: Int
        public var message: String
        public var description: String { "WKT column \(column): \(message)" }
    }

    private let p: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var builder = FlatGeometryBuilder()
    /// Number of ordinates per position from the dimension tag (nil: decided by the first position).
    private var tagged: (hasZ: Bool, hasM: Bool)?
    public private(set) var srid: Int?

    private init(_ p: UnsafeBufferPointer<UInt8>) { self.p = p }

    /// Parses one geometry; anything but whitespace after it is an error.
    public static func parse(_ text: String) throws -> FlatGeometry {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0).geometry }
    }

    /// Parses one geometry from bytes; returns the geometry and the EWKT SRID if present.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>) throws -> (geometry: FlatGeometry, srid: Int?) {
        var parser = WKTParser(bytes)
        parser.skipSpace()
        try parser.parseSRID()
        try parser.parseGeometry()
        parser.skipSpace()
        if parser.i < bytes.count {
            throw parser.error("unexpected text after the geometry: \(parser.snippet())")
        }
        return (parser.builder.finish(), parser.srid)
    }

    // MARK: Lexing

    private func error(_ message: String) -> SyntaxError { SyntaxError(column: i + 1, message: message) }

    private func snippet() -> String {
        let end = min(p.count, i + 20)
        return "'" + String(decoding: UnsafeBufferPointer(rebasing: p[i..<end]), as: UTF8.self) + "'"
    }

    private mutating func skipSpace() {
        while i < p.count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i += 1 }
    }

    private mutating func word() -> String {
        skipSpace()
        let start = i
        while i < p.count, (p[i] | 0x20) >= UInt8(ascii: "a"), (p[i] | 0x20) <= UInt8(ascii: "z") { i += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self).uppercased()
    }

    private mutating func peek() -> UInt8? {
        skipSpace()
        return i < p.count ? p[i] : nil
    }

    private mutating func expect(_ c: Character) throws {
        guard peek() == c.asciiValue else {
            throw error(i < p.count ? "expected '\(c)' but found \(snippet())" : "expected '\(c)' but the text ended")
        }
        i += 1
    }

    private mutating func parseSRID() throws {
        guard p.count - i >= 5 else { return }
        let save = i
        if word() == "SRID" {
            try expect("=")
            skipSpace()
            guard let v = NumberScanning.parse(p, &i, lenient: true), v == v.rounded(), v >= 0, v < 1e9 else { throw error("SRID must be a whole number below 1,000,000,000") }
            srid = Int(v)
            try expect(";")
        } else {
            i = save
        }
    }

    // MARK: Grammar

    private static let typeNames: [String: FlatGeometry.Kind] = [
        "POINT": .point, "LINESTRING": .lineString, "POLYGON": .polygon, "MULTIPOINT": .multiPoint,
        "MULTILINESTRING": .multiLineString, "MULTIPOLYGON": .multiPolygon, "GEOMETRYCOLLECTION": .geometryCollection,
        "LINEARRING": .lineString,
    ]

    /// Collections nest at most this deep: deeper input is refused instead of exhausting the
    /// stack (the GEOS operations that follow recurse too).
    static let maxDepth = 64
    private var depth = 0

    private mutating func parseGeometry() throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("geometry collections nested more than \(Self.maxDepth) deep") }
        let start = i
        var name = word()
        guard !name.isEmpty else { throw error(i < p.count ? "expected a geometry type but found \(snippet())" : "the text is empty") }
        // Glued dimension tags: POINTZ, POLYGONZM, LINESTRINGM.
        var tag = ""
        for suffix in ["ZM", "Z", "M"] where Self.typeNames[name] == nil && name.hasSuffix(suffix) && Self.typeNames[String(name.dropLast(suffix.count))] != nil {
            tag = suffix
            name = String(name.dropLast(suffix.count))
            break
        }
        guard let kind = Self.typeNames[name] else {
            i = start
            skipSpace()
            if name.hasPrefix("CIRCULARSTRING") || name.hasPrefix("COMPOUNDCURVE") || name.hasPrefix("CURVEPOLYGON") || name.hasPrefix("MULTISURFACE") || name.hasPrefix("MULTICURVE") {
                throw error("curved geometry type \(name) is not supported; linearise it first (e.g. ogr2ogr -nlt CONVERT_TO_LINEAR)")
            }
            throw error("unknown geometry type \(snippet())")
        }
        let save = i
        let next = word()
        if tag.isEmpty, next == "Z" || next == "M" || next == "ZM" {
            tag = next
        } else {
            i = save
        }
        if !tag.isEmpty {
            let t = (hasZ: tag.contains("Z"), hasM: tag.contains("M"))
            if let prior = tagged, prior != t { throw error("dimension \(tag) differs from the enclosing geometry's") }
            tagged = t
        }
        if try emptyKeyword() {
            builder.node(kind, count: 0)
            return
        }
        try expect("(")
        switch kind {
        case .point:
            builder.node(.point, count: 1)
            try position()
            builder.endSequence()
        case .lineString:
            builder.node(.lineString, count: 1)
            try positionList() // consumes the closing parenthesis
            return
        case .polygon:
            try polygonBody()
            return
        case .multiPoint:
            let nodeIndex = builder.geometry.nodes.count
            builder.node(.multiPoint, count: 0)
            var n = 0
            repeat {
                if try emptyKeyword() {
                    builder.node(.point, count: 0)
                } else if peek() == UInt8(ascii: "(") {
                    i += 1
                    builder.node(.point, count: 1)
                    try position()
                    builder.endSequence()
                    try expect(")")
                } else {
                    builder.node(.point, count: 1)
                    try position()
                    builder.endSequence()
                }
                n += 1
            } while try comma()
            builder.setNodeCount(nodeIndex, n)
        case .multiLineString:
            let nodeIndex = builder.geometry.nodes.count
            builder.node(.multiLineString, count: 0)
            var n = 0
            repeat {
                if try emptyKeyword() {
                    builder.node(.lineString, count: 0)
                } else {
                    try expect("(")
                    builder.node(.lineString, count: 1)
                    try positionList()
                }
                n += 1
            } while try comma()
            builder.setNodeCount(nodeIndex, n)
        case .multiPolygon:
            let nodeIndex = builder.geometry.nodes.count
            builder.node(.multiPolygon, count: 0)
            var n = 0
            repeat {
                if try emptyKeyword() {
                    builder.node(.polygon, count: 0)
                } else {
                    try expect("(")
                    try polygonBody()
                }
                n += 1
            } while try comma()
            builder.setNodeCount(nodeIndex, n)
        case .geometryCollection:
            let nodeIndex = builder.geometry.nodes.count
            builder.node(.geometryCollection, count: 0)
            var n = 0
            repeat {
                try parseGeometry()
                n += 1
            } while try comma()
            builder.setNodeCount(nodeIndex, n)
        }
        try expect(")")
    }

    /// Rings after the polygon's opening parenthesis, through its closing one.
    private mutating func polygonBody() throws {
        let nodeIndex = builder.geometry.nodes.count
        builder.node(.polygon, count: 0)
        var n = 0
        repeat {
            if try emptyKeyword() {
                // An EMPTY ring contributes nothing.
                continue
            }
            try expect("(")
            try positionList()
            n += 1
        } while try comma()
        try expect(")")
        builder.setNodeCount(nodeIndex, n)
    }

    private mutating func emptyKeyword() throws -> Bool {
        let save = i
        if word() == "EMPTY" { return true }
        i = save
        return false
    }

    private mutating func comma() throws -> Bool {
        if peek() == UInt8(ascii: ",") {
            i += 1
            return true
        }
        return false
    }

    /// Positions after an opening parenthesis, through the closing one, as one sequence.
    private mutating func positionList() throws {
        repeat { try position() } while try comma()
        try expect(")")
        builder.endSequence()
    }

    private mutating func position() throws {
        var values = (0.0, 0.0, 0.0, 0.0)
        var n = 0
        while true {
            skipSpace()
            guard i < p.count else { break }
            let c = p[i]
            if !(NumberScanning.isDigit(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")) {
                if (c | 0x20) == UInt8(ascii: "n") || (c | 0x20) == UInt8(ascii: "i") {
                    throw error("coordinate \(snippet()) is not a finite number")
                }
                break
            }
            guard let v = NumberScanning.parse(p, &i, lenient: true) else { throw error("bad number \(snippet())") }
            guard v.isFinite else { throw error("coordinate out of range (not a finite double)") }
            switch n {
            case 0: values.0 = v
            case 1: values.1 = v
            case 2: values.2 = v
            case 3: values.3 = v
            default: throw error("a position has more than 4 ordinates")
            }
            n += 1
        }
        guard n >= 2 else { throw error(n == 0 ? "expected a coordinate but found \(i < p.count ? snippet() : "the end of the text")" : "a position needs at least 2 ordinates") }
        var z = Double.nan
        if let t = tagged {
            let expected = 2 + (t.hasZ ? 1 : 0) + (t.hasM ? 1 : 0)
            guard n == expected else { throw error("a position has \(n) ordinates; the dimension tag says \(expected)") }
            if t.hasZ { z = values.2 }
        } else if n >= 3 {
            z = values.2 // untagged 3-D is XYZ; a 4th ordinate is M
        }
        builder.point(values.0, values.1, z)
    }
}
