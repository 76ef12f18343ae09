/// A geometry as plain data: flat coordinate buffers plus a compact description of its
/// structure. This is what readers produce, what crosses tasks, and what transforms run
/// over in bulk; GEOS objects are built from it only inside an engine.
///
/// Layout:
/// - `xy` holds every position as interleaved x, y (easting/longitude first).
/// - `z` holds one height per position when the source had heights, else `nil`.
/// - `sequenceEnds[k]` is the exclusive end, in positions, of the k-th coordinate sequence
///   (a point, a line string or a ring); sequence k starts where k-1 ended.
/// - `nodes` lists the geometry tree in prefix order. A point or line string node has
///   `count` 0 (empty) or 1 sequence; a polygon node has `count` rings (shell first);
///   multi-geometries and collections have `count` child nodes that follow it.
public struct FlatGeometry: Sendable, Equatable {
    public enum Kind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
        case point = 1, lineString, polygon, multiPoint, multiLineString, multiPolygon, geometryCollection

        /// The OGC / GeoJSON type name.
        public var description: String {
            switch self {
            case .point: "Point"
            case .lineString: "LineString"
            case .polygon: "Polygon"
            case .multiPoint: "MultiPoint"
            case .multiLineString: "MultiLineString"
            case .multiPolygon: "MultiPolygon"
            case .geometryCollection: "GeometryCollection"
            }
        }

        var isCollection: Bool { self == .multiPoint || self == .multiLineString || self == .multiPolygon || self == .geometryCollection }
    }

    public struct Node: Sendable, Equatable {
        public var kind: Kind
        public var count: Int32
        public init(kind: Kind, count: Int32) {
            self.kind = kind
            self.count = count
        }
    }

    public var xy: [Double]
    public var z: [Double]?
    public var sequenceEnds: [Int]
    public var nodes: [Node]

    public init(xy: [Double] = [], z: [Double]? = nil, sequenceEnds: [Int] = [], nodes: [Node] = []) {
        self.xy = xy
        self.z = z
        self.sequenceEnds = sequenceEnds
        self.nodes = nodes
    }

    /// Equal positions, structure and heights; missing heights (NaN) equal each other.
    public static func == (a: FlatGeometry, b: FlatGeometry) -> Bool {
        guard a.xy == b.xy, a.sequenceEnds == b.sequenceEnds, a.nodes == b.nodes else { return false }
        switch (a.z, b.z) {
        case (nil, nil): return true
        case let (za?, zb?): return za.count == zb.count && zip(za, zb).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        default: return false
        }
    }

    /// The type of the root geometry.
    public var kind: Kind { nodes.first?.kind ?? .geometryCollection }
    public var pointCount: Int { xy.count / 2 }
    public var hasZ: Bool { z != nil }
    /// True when the geometry has no positions at all (`POLYGON EMPTY`, an empty collection…).
    public var isEmpty: Bool { xy.isEmpty }

    /// The start and end (in positions) of sequence `k`.
    @inlinable public func sequenceRange(_ k: Int) -> Range<Int> {
        (k == 0 ? 0 : sequenceEnds[k - 1])..<sequenceEnds[k]
    }

    /// Envelope of all positions, or nil when empty.
    public var envelope: Envelope? {
        guard !xy.isEmpty else { return nil }
        var e = Envelope.empty
        xy.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                e.expand(x: p[i], y: p[i + 1])
                i += 2
            }
        }
        return e
    }

    /// Calls `body` once per polygon (top level, inside multi-polygons and collections) with
    /// the indices of its rings' sequences; shell first.
    public func forEachPolygon(_ body: (Range<Int>) throws -> Void) rethrows {
        var seq = 0
        for node in nodes {
            switch node.kind {
            case .point, .lineString:
                seq += Int(node.count)
            case .polygon:
                try body(seq..<(seq + Int(node.count)))
                seq += Int(node.count)
            default:
                break
            }
        }
    }

    /// Kinds of the leaf (non-collection) geometries, in order.
    public var leafKinds: [Kind] { nodes.filter { !$0.kind.isCollection }.map(\.kind) }

    /// Planar area of the polygonal parts in the units of the coordinates (shoelace; holes
    /// subtracted). Equal to GEOS's area for the same geometry.
    public var planarArea: Double {
        var total = 0.0
        xy.withUnsafeBufferPointer { p in
            forEachPolygon { rings in
                for (r, k) in rings.enumerated() {
                    let a = abs(Self.shoelace(p, sequenceRange(k)))
                    total += r == 0 ? a : -a
                }
            }
        }
        return total
    }

    /// Twice-signed-area / 2 of one ring; positive when counter-clockwise.
    @inlinable static func shoelace(_ p: UnsafeBufferPointer<Double>, _ range: Range<Int>) -> Double {
        guard range.count >= 3 else { return 0 }
        // Shift to the first vertex so large projected coordinates keep their precision.
        let x0 = p[2 * range.lowerBound], y0 = p[2 * range.lowerBound + 1]
        var s = 0.0
        var i = range.lowerBound
        while i < range.upperBound - 1 {
            let ax = p[2 * i] - x0, ay = p[2 * i + 1] - y0
            let bx = p[2 * i + 2] - x0, by = p[2 * i + 3] - y0
            s += ax * by - bx * ay
            i += 1
        }
        return s / 2
    }

    /// The area of ring sequence `k` as GEOS computes it (`Area::ofRing`: the shoelace
    /// summed from the first vertex's x, operation for operation), so the same double as
    /// GEOS gives for a one-ring polygon, without making a GEOS geometry (measuring 100,000
    /// building footprints that way cost more than projecting them).
    public func geosRingArea(_ k: Int) -> Double {
        xy.withUnsafeBufferPointer { p in
            let r = sequenceRange(k)
            guard r.count >= 3 else { return 0 }
            let x0 = p[2 * r.lowerBound]
            var p0y = 0.0, p1x = 0.0, p1y = p[2 * r.lowerBound + 1]
            var p2x = p[2 * r.lowerBound + 2] - x0, p2y = p[2 * r.lowerBound + 3]
            var sum = 0.0
            for i in (r.lowerBound + 1)..<(r.upperBound - 1) {
                p0y = p1y
                p1x = p2x
                p1y = p2y
                p2x = p[2 * i + 2] - x0
                p2y = p[2 * i + 3]
                sum += p1x * (p0y - p2y)
            }
            return abs(sum / 2)
        }
    }

    /// Signed area of ring sequence `k` (counter-clockwise positive).
    public func signedRingArea(_ k: Int) -> Double {
        xy.withUnsafeBufferPointer { Self.shoelace($0, sequenceRange(k)) }
    }
}

/// An axis-aligned box.
public struct Envelope: Sendable, Equatable, CustomStringConvertible {
    public var minX: Double, minY: Double, maxX: Double, maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public static let empty = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
    public var isEmpty: Bool { minX > maxX }
    public var centerX: Double { (minX + maxX) / 2 }
    public var centerY: Double { (minY + maxY) / 2 }

    @inlinable public mutating func expand(x: Double, y: Double) {
        if x < minX { minX = x }
        if x > maxX { maxX = x }
        if y < minY { minY = y }
        if y > maxY { maxY = y }
    }

    public mutating func expand(_ other: Envelope) {
        guard !other.isEmpty else { return }
        expand(x: other.minX, y: other.minY)
        expand(x: other.maxX, y: other.maxY)
    }

    public var description: String { isEmpty ? "empty" : "[\(minX), \(minY), \(maxX), \(maxY)]" }
}

/// Builds a `FlatGeometry` node by node; used by every reader.
public struct FlatGeometryBuilder {
    public private(set) var geometry = FlatGeometry()
    private var zValues: [Double] = []
    private var sawZ = false

    public init() {}

    /// Room for `positions` positions, allocated now.
    public mutating func reserve(positions: Int) {
        if positions > 0 { geometry.xy.reserveCapacity(2 * positions) }
    }

    public mutating func node(_ kind: FlatGeometry.Kind, count: Int) {
        geometry.nodes.append(.init(kind: kind, count: Int32(count)))
    }

    /// Appends one position to the current sequence.
    public mutating func point(_ x: Double, _ y: Double, _ z: Double = .nan) {
        geometry.xy.append(x)
        geometry.xy.append(y)
        // Heights are rare in land data: keep no z buffer until the first one appears.
        if sawZ {
            zValues.append(z)
        } else if !z.isNaN {
            zValues = [Double](repeating: .nan, count: geometry.xy.count / 2 - 1)
            zValues.append(z)
            sawZ = true
        }
    }

    /// Closes the current sequence (all positions appended since the previous one).
    public mutating func endSequence() {
        geometry.sequenceEnds.append(geometry.xy.count / 2)
    }

    /// Sets the child/ring count of a node written before its children were known.
    public mutating func setNodeCount(_ index: Int, _ count: Int) {
        geometry.nodes[index].count = Int32(count)
    }

    public mutating func finish() -> FlatGeometry {
        var g = geometry
        g.z = sawZ ? zValues : nil
        self = FlatGeometryBuilder()
        return g
    }
}

extension FlatGeometry {
    /// Only the polygons of this geometry (from any depth of collections), as one
    /// MultiPolygon; nil when there are none.
    public var polygonalPart: FlatGeometry? {
        var out = FlatGeometry(nodes: [.init(kind: .multiPolygon, count: 0)])
        var polygons = 0
        var outZ: [Double] = []
        forEachPolygon { rings in
            out.nodes.append(.init(kind: .polygon, count: Int32(rings.count)))
            for k in rings {
                let r = sequenceRange(k)
                out.xy.append(contentsOf: xy[(2 * r.lowerBound)..<(2 * r.upperBound)])
                if let z { outZ.append(contentsOf: z[r]) }
                out.sequenceEnds.append(out.pointCount)
            }
            polygons += 1
        }
        guard polygons > 0 else { return nil }
        out.nodes[0].count = Int32(polygons)
        if z != nil { out.z = outZ }
        return out
    }

    /// All polygons of `parts` as one MultiPolygon (empty when there are none).
    public static func multiPolygon(combining parts: [FlatGeometry]) -> FlatGeometry {
        var out = FlatGeometry(nodes: [.init(kind: .multiPolygon, count: 0)])
        var polygons = 0
        for part in parts {
            guard let p = part.polygonalPart else { continue }
            let offset = out.pointCount
            out.xy.append(contentsOf: p.xy)
            out.sequenceEnds.append(contentsOf: p.sequenceEnds.map { $0 + offset })
            out.nodes.append(contentsOf: p.nodes.dropFirst())
            polygons += Int(p.nodes[0].count)
        }
        out.nodes[0].count = Int32(polygons)
        return out
    }

    /// Swaps x and y of every position (latitude-first or northing-first data).
    public mutating func swapAxes() {
        xy.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i + 1 < p.count {
                p.swapAt(i, i + 1)
                i += 2
            }
        }
    }

    /// True when the geometry has at least one polygon.
    public var isPolygonal: Bool {
        var found = false
        forEachPolygon { _ in found = true }
        return found
    }
}
