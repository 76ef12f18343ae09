/// Reads well-known binary (ISO WKB as GDAL exports it, and PostGIS's EWKB flags) into a
/// ``FlatGeometry``: coordinates go straight from the buffer into the flat arrays, one pass,
/// no per-coordinate allocation. M values are dropped (as the WKT reader drops them).
///
/// Every count is checked against the bytes left before anything is reserved, so a hostile
/// buffer cannot make it allocate more than its own size; nesting is bounded like the
/// GeoJSON reader's (64 levels).
public enum WKBParser {
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        /// Byte offset where the problem was found.
        public var offset: Int
        public var message: String
        public var description: String { "WKB at byte \(offset): \(message)" }
    }

    static let maxDepth = 64

    public static func parse(_ bytes: UnsafeRawBufferPointer) throws -> FlatGeometry {
        var cursor = Cursor(bytes: bytes)
        var builder = FlatGeometryBuilder()
        try geometry(&cursor, &builder, depth: 0, allowed: nil)
        if cursor.offset != bytes.count {
            throw SyntaxError(offset: cursor.offset, message: "\(bytes.count - cursor.offset) bytes after the geometry")
        }
        return builder.finish()
    }

    public static func parse(_ bytes: [UInt8]) throws -> FlatGeometry {
        try bytes.withUnsafeBytes { try parse($0) }
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var littleEndian = true

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        var remaining: Int { bytes.count - offset }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw SyntaxError(offset: offset, message: "the geometry is cut short") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint32() throws -> UInt32 {
            guard remaining >= 4 else { throw SyntaxError(offset: offset, message: "the geometry is cut short") }
            let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            offset += 4
            return littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
        }

        @inline(__always) mutating func double() -> Double {
            let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
            return Double(bitPattern: littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw))
        }

        /// A count of items of at least `itemBytes` bytes each, refused when the buffer cannot
        /// hold that many.
        mutating func count(itemBytes: Int, what: String) throws -> Int {
            let at = offset
            let n = Int(try uint32())
            if n > remaining / max(itemBytes, 1) {
                throw SyntaxError(offset: at, message: "\(n) \(what) announced, more than the \(remaining) bytes left can hold")
            }
            return n
        }
    }

    private enum Dimensions {
        case xy, xyz, xym, xyzm
        var width: Int {
            switch self {
            case .xy: 2
            case .xyz, .xym: 3
            case .xyzm: 4
            }
        }

        var hasZ: Bool { self == .xyz || self == .xyzm }
    }

    private static func geometry(_ c: inout Cursor, _ b: inout FlatGeometryBuilder, depth: Int, allowed: FlatGeometry.Kind?) throws {
        guard depth < maxDepth else { throw SyntaxError(offset: c.offset, message: "collections nested more than \(maxDepth) deep") }
        let start = c.offset
        switch try c.byte() {
        case 0: c.littleEndian = false
        case 1: c.littleEndian = true
        case let other: throw SyntaxError(offset: start, message: "byte order \(other) is neither 0 (big-endian) nor 1 (little-endian)")
        }
        var code = try c.uint32()
        // PostGIS EWKB: flags in the high bits, and an SRID after the type when flagged.
        var dims = Dimensions.xy
        let ewkbZ = code & 0x8000_0000 != 0, ewkbM = code & 0x4000_0000 != 0
        if code & 0x2000_0000 != 0 { _ = try c.uint32() }
        code &= 0x0FFF_FFFF
        let base = code % 1000
        switch code / 1000 {
        case 0: dims = ewkbZ ? (ewkbM ? .xyzm : .xyz) : (ewkbM ? .xym : .xy)
        case 1: dims = .xyz
        case 2: dims = .xym
        case 3: dims = .xyzm
        default: throw SyntaxError(offset: start + 1, message: "geometry type \(code) is not a WKB type")
        }
        guard let kind = FlatGeometry.Kind(rawValue: UInt8(clamping: base)), base <= 7 else {
            let name = [8: "CircularString", 9: "CompoundCurve", 10: "CurvePolygon", 11: "MultiCurve", 12: "MultiSurface",
                        15: "PolyhedralSurface", 16: "TIN", 17: "Triangle"][Int(base)]
            throw SyntaxError(offset: start + 1, message: name.map { "\($0) geometries must be linearised first" } ?? "geometry type \(code) is not a WKB type")
        }
        if let allowed, kind != allowed {
            throw SyntaxError(offset: start + 1, message: "a \(kind) inside a multi-geometry of \(allowed)s")
        }
        let width = dims.width * 8
        switch kind {
        case .point:
            guard c.remaining >= width else { throw SyntaxError(offset: c.offset, message: "the point is cut short") }
            let at = c.offset
            let x = c.double(), y = c.double()
            let z = dims.width >= 3 ? c.double() : .nan
            if dims.width == 4 { _ = c.double() }
            // WKB writes POINT EMPTY as NaN NaN.
            if x.isNaN && y.isNaN {
                b.node(.point, count: 0)
            } else {
                guard x.isFinite, y.isFinite else { throw SyntaxError(offset: at, message: "a coordinate is not a finite number") }
                b.node(.point, count: 1)
                b.point(x, y, dims.hasZ ? z : .nan)
                b.endSequence()
            }
        case .lineString:
            let n = try c.count(itemBytes: width, what: "positions")
            b.node(.lineString, count: n == 0 ? 0 : 1)
            if n > 0 { try sequence(&c, &b, n, dims) }
        case .polygon:
            let rings = try c.count(itemBytes: 4, what: "rings")
            b.node(.polygon, count: rings)
            for _ in 0..<rings {
                let n = try c.count(itemBytes: width, what: "positions")
                try sequence(&c, &b, n, dims)
            }
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            let parts = try c.count(itemBytes: 9, what: "parts")
            b.node(kind, count: parts)
            let member: FlatGeometry.Kind? = switch kind {
            case .multiPoint: .point
            case .multiLineString: .lineString
            case .multiPolygon: .polygon
            default: nil
            }
            let order = c.littleEndian
            for _ in 0..<parts { try geometry(&c, &b, depth: depth + 1, allowed: member) }
            c.littleEndian = order
        }
    }

    private static func sequence(_ c: inout Cursor, _ b: inout FlatGeometryBuilder, _ n: Int, _ dims: Dimensions) throws {
        b.reserve(positions: n)
        let at = c.offset
        var finite = true
        for _ in 0..<n {
            let x = c.double(), y = c.double()
            var z = Double.nan
            switch dims {
            case .xy: break
            case .xyz: z = c.double()
            case .xym: _ = c.double()
            case .xyzm:
                z = c.double()
                _ = c.double()
            }
            finite = finite && x.isFinite && y.isFinite
            b.point(x, y, z)
        }
        guard finite else { throw SyntaxError(offset: at, message: "a coordinate is not a finite number") }
        b.endSequence()
    }
}
