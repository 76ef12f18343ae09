import Foundation

/// The ring repairs LandControl makes as a layer is read, so that a polygon with a slightly
/// broken ring is kept — as PostGIS's `ST_MakeValid`, QGIS's Fix Geometries and GDAL keep
/// it — instead of being refused as a whole:
///
/// - consecutive positions equal in x and y count once in every check below (GEOS ignores
///   them too); a geometry that is repaired loses them, one that is not stays as read;
/// - a ring whose first and last positions differ by at most the closing tolerance is
///   closed by repeating its first position (PostGIS closes the same way); a wider gap is
///   an error, since where the missing edge runs is then a guess;
/// - a hole with fewer than 3 corners, or whose corners lie on one line, has no area and is
///   dropped;
/// - a polygon whose outer ring has fewer than 3 corners has no area: it is dropped from a
///   multi-polygon or collection that keeps another polygon, and is an error otherwise.
///
/// Everything else (self-intersections, holes outside their shell…) is left to GEOS's
/// validity check and makeValid.
public enum RingRepair {
    /// The distance in metres between two positions of the layer, (x0, y0) and (x1, y1).
    public typealias GapMeasure = (_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Double

    /// A repaired geometry and what was repaired, one sentence per repair naming the ring.
    public struct Result: Sendable, Equatable {
        public var geometry: FlatGeometry
        public var repairs: [String]
    }

    /// Repairs `g`'s polygon rings; nil when no ring needs a repair (the geometry is used as
    /// read, at the cost of one pass over its positions). Throws
    /// `SpatialError.invalidStructure` for a ring that cannot be repaired: not closed by more
    /// than `closeToleranceMetres`, or an outer ring without area that leaves no polygon.
    /// `toleranceName` names the setting in the messages.
    public static func repair(_ g: FlatGeometry, closeToleranceMetres: Double, toleranceName: String = "the closing tolerance",
                              gap: @escaping GapMeasure) throws -> Result? {
        guard needsRepair(g) else { return nil }
        var rebuild = Rebuild(source: g, tolerance: closeToleranceMetres, toleranceName: toleranceName, gap: gap)
        return try rebuild.run()
    }

    // MARK: The quick check (every feature pays this; nothing is allocated)

    /// True when some polygon ring is not closed, has fewer than 3 corners, or is a hole
    /// without area.
    static func needsRepair(_ g: FlatGeometry) -> Bool {
        var seq = 0
        for node in g.nodes {
            switch node.kind {
            case .point, .lineString:
                seq += Int(node.count)
            case .polygon:
                let rings = Int(node.count)
                defer { seq += rings }
                guard rings > 0, !g.sequenceRange(seq).isEmpty else { continue } // POLYGON EMPTY
                for r in 0..<rings {
                    let shape = RingShape(g, g.sequenceRange(seq + r))
                    if !shape.isClosed || shape.corners < 3 { return true }
                    if r > 0, shape.isOnOneLine(g, g.sequenceRange(seq + r)) { return true }
                }
            default:
                break
            }
        }
        return false
    }

    /// What the checks need to know of one ring, consecutive duplicates counted once.
    struct RingShape {
        /// Positions without consecutive duplicates (x and y equal).
        var distinct = 0
        /// First and last positions equal in x and y (and in height, when there are heights).
        var isClosed = false
        /// Equal in x and y but not in height.
        var heightsDiffer = false
        /// Distinct positions, the closing one not counted (an unclosed ring: all of them).
        var corners: Int { isClosed || heightsDiffer ? distinct - 1 : distinct }

        init(_ g: FlatGeometry, _ range: Range<Int>) {
            guard !range.isEmpty else { return }
            g.xy.withUnsafeBufferPointer { p in
                var px = p[2 * range.lowerBound], py = p[2 * range.lowerBound + 1]
                var n = 1
                for i in (range.lowerBound + 1)..<range.upperBound {
                    let x = p[2 * i], y = p[2 * i + 1]
                    if x != px || y != py { n += 1 }
                    px = x
                    py = y
                }
                distinct = n
                let f = range.lowerBound, l = range.upperBound - 1
                let sameXY = p[2 * f] == p[2 * l] && p[2 * f + 1] == p[2 * l + 1]
                let sameZ = g.z.map { z in z[f] == z[l] || (z[f].isNaN && z[l].isNaN) } ?? true
                isClosed = sameXY && sameZ && n > 1
                heightsDiffer = sameXY && !sameZ && n > 1
                // A ring of one position repeated is "closed" but has no corners.
                if n == 1 { isClosed = true }
            }
        }

        /// True when every position lies on the line through the first and the farthest
        /// one, as far as floating point can tell (Shewchuk's filtered orientation: a turn
        /// it cannot vouch for counts as none). Such a ring encloses no area.
        func isOnOneLine(_ g: FlatGeometry, _ range: Range<Int>) -> Bool {
            g.xy.withUnsafeBufferPointer { p in
                let ax = p[2 * range.lowerBound], ay = p[2 * range.lowerBound + 1]
                var far = range.lowerBound, farDistance = 0.0
                for i in range {
                    let dx = p[2 * i] - ax, dy = p[2 * i + 1] - ay
                    let d = dx * dx + dy * dy
                    if d > farDistance {
                        farDistance = d
                        far = i
                    }
                }
                guard farDistance > 0 else { return true }
                let bx = p[2 * far], by = p[2 * far + 1]
                for i in range where SimpleRingCheck.orientation(ax, ay, bx, by, p[2 * i], p[2 * i + 1]) != 0 {
                    return false
                }
                return true
            }
        }
    }

    // MARK: Rebuilding a geometry that needs a repair

    private struct Rebuild {
        let source: FlatGeometry
        let tolerance: Double
        let toleranceName: String
        let gap: GapMeasure
        var builder = FlatGeometryBuilder()
        var repairs: [String] = []
        var node = 0
        var sequence = 0
        var polygonNumber = 0
        var polygonsKept = 0
        /// Why the first polygon that was dropped had no area (the error when none is kept).
        var firstDeadShell: String?

        init(source: FlatGeometry, tolerance: Double, toleranceName: String, gap: @escaping GapMeasure) {
            self.source = source
            self.tolerance = tolerance
            self.toleranceName = toleranceName
            self.gap = gap
        }

        mutating func run() throws -> Result {
            builder.reserve(positions: source.pointCount)
            try copyNode()
            if polygonsKept == 0, let firstDeadShell { throw SpatialError.invalidStructure(firstDeadShell) }
            return Result(geometry: builder.finish(), repairs: repairs)
        }

        /// Copies the node at `node` and its children; returns false when it was dropped
        /// (a polygon without area inside a collection).
        @discardableResult
        mutating func copyNode() throws -> Bool {
            let n = source.nodes[node]
            node += 1
            switch n.kind {
            case .point, .lineString:
                builder.node(n.kind, count: Int(n.count))
                for _ in 0..<Int(n.count) {
                    copyPositions(source.sequenceRange(sequence))
                    builder.endSequence()
                    sequence += 1
                }
                return true
            case .polygon:
                return try copyPolygon(rings: Int(n.count))
            case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
                let at = builder.geometry.nodes.count
                builder.node(n.kind, count: Int(n.count))
                var kept = 0
                for _ in 0..<Int(n.count) where try copyNode() { kept += 1 }
                builder.setNodeCount(at, kept)
                return true
            }
        }

        func label(_ ring: Int) -> String {
            (ring == 0 ? "outer ring" : "hole \(ring)") + (polygonNumber > 1 || source.kind != .polygon ? " of polygon \(polygonNumber)" : "")
        }

        /// " at (x, y)": where the ring starts ("" for a ring without positions).
        func place(_ range: Range<Int>) -> String {
            guard !range.isEmpty else { return "" }
            return " at (\(NumberFormatting.string(source.xy[2 * range.lowerBound])), \(NumberFormatting.string(source.xy[2 * range.lowerBound + 1])))"
        }

        /// A ring as it will be written: positions without consecutive duplicates, closed.
        struct RingPlan {
            var positions: [Int]
            /// Repeat the first position at the end (the ring was closed within the tolerance).
            var appendFirst = false
            /// Give the last position the first one's height.
            var copyFirstHeight = false
        }

        mutating func copyPolygon(rings: Int) throws -> Bool {
            polygonNumber += 1
            let first = sequence
            sequence += rings
            guard rings > 0, !source.sequenceRange(first).isEmpty else {
                // POLYGON EMPTY (or an empty shell): nothing to repair, nothing to write.
                builder.node(.polygon, count: 0)
                return true
            }
            var plans: [RingPlan] = []
            var notes: [String] = []
            for r in 0..<rings {
                let range = source.sequenceRange(first + r)
                let shape = RingShape(source, range)
                var plan = RingPlan(positions: distinctPositions(range))
                var closing: String?
                if !shape.isClosed, !range.isEmpty {
                    let f = range.lowerBound, l = range.upperBound - 1
                    if shape.heightsDiffer {
                        plan.copyFirstHeight = true
                        closing = "\(label(r))\(place(range)) closed: its ends differed only in height"
                    } else {
                        let metres = gap(source.xy[2 * f], source.xy[2 * f + 1], source.xy[2 * l], source.xy[2 * l + 1])
                        guard metres <= tolerance else {
                            throw SpatialError.invalidStructure(
                                "\(label(r)) is not closed: its ends are \(Self.metres(metres)) apart, more than \(toleranceName) (\(Self.metres(tolerance))); "
                                + "first position (\(NumberFormatting.string(source.xy[2 * f])), \(NumberFormatting.string(source.xy[2 * f + 1]))), last (\(NumberFormatting.string(source.xy[2 * l])), \(NumberFormatting.string(source.xy[2 * l + 1])))")
                        }
                        plan.appendFirst = true
                        closing = "\(label(r))\(place(range)) closed: its ends were \(Self.metres(metres)) apart"
                    }
                }
                let corners = plan.appendFirst ? plan.positions.count : shape.corners
                // Why the ring has no area: "has 3 positions (2 corners)".
                let why: String? = range.isEmpty ? "has no positions"
                    : corners < 3 ? "has \(range.count) position\(range.count == 1 ? "" : "s") (\(corners) corner\(corners == 1 ? "" : "s"))"
                    : r > 0 && shape.isOnOneLine(source, range) ? "has its \(corners) corners on one line"
                    : nil
                if let why {
                    if r == 0 {
                        let dead = "\(label(0))\(place(range)) \(why), no area; a polygon needs at least 3 corners and its first position repeated at the end"
                        if firstDeadShell == nil { firstDeadShell = dead }
                        if source.kind == .polygon { throw SpatialError.invalidStructure(dead) }
                        repairs.append("polygon \(polygonNumber)\(place(range)) dropped: its outer ring \(why), no area")
                        return false
                    }
                    notes.append("\(label(r))\(place(range)) dropped: it \(why), no area")
                    continue
                }
                if let closing { notes.append(closing) }
                plans.append(plan)
            }
            repairs += notes
            polygonsKept += 1
            builder.node(.polygon, count: plans.count)
            for plan in plans {
                for (k, i) in plan.positions.enumerated() {
                    let height = plan.copyFirstHeight && k == plan.positions.count - 1 ? source.z?[plan.positions[0]] : source.z?[i]
                    builder.point(source.xy[2 * i], source.xy[2 * i + 1], height ?? .nan)
                }
                if plan.appendFirst { point(plan.positions[0]) }
                builder.endSequence()
            }
            return true
        }

        /// Indices of the range's positions without consecutive duplicates (the first of a
        /// run is kept, with its height).
        func distinctPositions(_ range: Range<Int>) -> [Int] {
            var out: [Int] = []
            out.reserveCapacity(range.count)
            for i in range {
                if let j = out.last, source.xy[2 * j] == source.xy[2 * i], source.xy[2 * j + 1] == source.xy[2 * i + 1] { continue }
                out.append(i)
            }
            return out
        }

        mutating func point(_ i: Int) {
            builder.point(source.xy[2 * i], source.xy[2 * i + 1], source.z?[i] ?? .nan)
        }

        mutating func copyPositions(_ range: Range<Int>) {
            for i in range { point(i) }
        }

        /// "9.55 m", "0.00732 m", "0.01 m": centimetres above a metre, else three
        /// significant figures.
        static func metres(_ m: Double) -> String {
            guard m.isFinite else { return "an unmeasurable distance" }
            if m >= 1 || m == 0 { return "\(NumberFormatting.string((m * 100).rounded() / 100)) m" }
            let scale = pow(10, Double(2 - Int(log10(m).rounded(.down))))
            return "\(NumberFormatting.string((m * scale).rounded() / scale)) m"
        }
    }
}
