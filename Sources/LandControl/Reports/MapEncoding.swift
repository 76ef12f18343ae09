import Foundation
import Spatial

/// One legend entry of a map layer: how its features are drawn.
public struct MapCategory: Sendable {
    public var key: String
    public var label: String
    /// Fill colour (`#rrggbb`); nil draws the outline only.
    public var fill: String?
    /// Outline colour.
    public var stroke: String
    /// Outline width in screen pixels.
    public var strokeWidth: Double = 0.6
    /// Diagonal hatching in the outline colour (the red line).
    public var hatch = false

    public init(key: String, label: String, fill: String?, stroke: String, strokeWidth: Double = 0.6, hatch: Bool = false) {
        self.key = key
        self.label = label
        self.fill = fill
        self.stroke = stroke
        self.strokeWidth = strokeWidth
        self.hatch = hatch
    }
}

/// One feature of a map layer: its polygons in the map CRS (metres), its id, its legend
/// entry, and what hovering shows besides the id.
public struct MapFeature: Sendable {
    public var geometry: FlatGeometry?
    public var id: String
    /// Index into the layer's categories.
    public var category: Int
    public var info: String

    public init(geometry: FlatGeometry?, id: String, category: Int, info: String = "") {
        self.geometry = geometry
        self.id = id
        self.category = category
        self.info = info
    }
}

/// A layer of the report's map.
public struct MapLayer: Sendable {
    /// `zones`, `parcels`, `conflicts`, `pockets`, `regions`…; tables link rows to features by it.
    public var key: String
    public var title: String
    public var categories: [MapCategory]
    public var features: [MapFeature]
    /// Shown when the page opens (the layer switch turns it on and off).
    public var visible = true

    public init(key: String, title: String, categories: [MapCategory], features: [MapFeature], visible: Bool = true) {
        self.key = key
        self.title = title
        self.categories = categories
        self.features = features
        self.visible = visible
    }
}

/// The report's map as the page draws it: coordinates quantised to a grid fine enough for
/// the deepest zoom, each layer's rings cut into arcs at the points where they meet other
/// rings (so an edge two parcels share is one arc, stored once), and the arcs simplified per
/// zoom level with a topology-preserving simplification (``ArcSimplifier``: GEOS's, point for
/// point, faster) — arcs keep their end points, so shared edges stay shared and rings stay
/// joined at every level. Numbers go out as zigzag varints in base64.
public enum MapEncoding {
    /// The deepest zoom the page allows, relative to the whole map on a 1,600-pixel canvas;
    /// the grid is one screen pixel there.
    public static let maxZoom = 256.0
    static let fullViewPixels = 1600.0

    /// The map as a JSON object text (see the page's `decodeMap`). `crs` names the map CRS.
    /// `geosReference`: simplify with GEOS itself (the reference the tests compare against).
    public static func json(layers: [MapLayer], crs: String, geosReference: GeometryEngine? = nil) throws -> String {
        var extent = Envelope.empty
        for l in layers { for f in l.features { if let e = f.geometry?.envelope { extent.expand(e) } } }
        if extent.isEmpty { extent = Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1) }
        let size = max(extent.maxX - extent.minX, extent.maxY - extent.minY, 1)
        // Grid step: one pixel at the deepest zoom, at least 1 cm.
        let q = max(size / (fullViewPixels * maxZoom), 0.01)
        // Level tolerances in grid units: about a pixel of the whole-map view, then ×4 zooms; 0 = as quantised.
        let pixel = size / q / fullViewPixels
        let tolerances = [pixel, pixel / 4, pixel / 16, 0]
        var out = "{\"origin\":[\(num(extent.minX)),\(num(extent.minY))],\"q\":\(num(q)),\"crs\":\(jsonString(crs)),"
        out += "\"size\":[\(num((extent.maxX - extent.minX) / q)),\(num((extent.maxY - extent.minY) / q))],"
        out += "\"levels\":[\(tolerances.map { num($0) }.joined(separator: ","))],\"maxZoom\":\(num(maxZoom)),\"layers\":["
        for (n, layer) in layers.enumerated() {
            if n > 0 { out += "," }
            out += try encode(layer, origin: (extent.minX, extent.minY), q: q, tolerances: tolerances, geosReference: geosReference)
        }
        return out + "]}"
    }

    /// A quantised ring: grid points packed as x << 32 | y, not repeated, first not repeated at the end.
    typealias Ring = [Int64]

    static func encode(_ layer: MapLayer, origin: (Double, Double), q: Double, tolerances: [Double], geosReference: GeometryEngine?) throws -> String {
        // Quantise every ring.
        var features: [[[Ring]]] = [] // feature → polygon → ring
        features.reserveCapacity(layer.features.count)
        for f in layer.features {
            var polygons: [[Ring]] = []
            if let g = f.geometry?.polygonalPart {
                g.xy.withUnsafeBufferPointer { xy in
                    g.forEachPolygon { rings in
                        var polygon: [Ring] = []
                        for k in rings {
                            var ring: Ring = []
                            for i in g.sequenceRange(k) {
                                let x = Int64(((xy[2 * i] - origin.0) / q).rounded()), y = Int64(((xy[2 * i + 1] - origin.1) / q).rounded())
                                let p = x << 32 | y
                                if ring.last != p { ring.append(p) }
                            }
                            if ring.count > 1, ring.first == ring.last { ring.removeLast() }
                            if ring.count >= 3 { polygon.append(ring) }
                        }
                        // A polygon whose shell collapsed at this precision is not drawn.
                        if let first = polygon.first, first.count >= 3 { polygons.append(polygon) }
                    }
                }
            }
            features.append(polygons)
        }
        // Junctions: points whose neighbours differ between the rings passing through them.
        var neighbours: [Int64: (Int64, Int64)] = [:]
        var junctions = Set<Int64>()
        for polygons in features { for polygon in polygons { for ring in polygon {
            let n = ring.count
            for i in 0..<n {
                let a = ring[(i + n - 1) % n], b = ring[(i + 1) % n]
                let pair = a < b ? (a, b) : (b, a)
                if let seen = neighbours[ring[i]] {
                    if seen != pair { junctions.insert(ring[i]) }
                } else {
                    neighbours[ring[i]] = pair
                }
            }
        } } }
        neighbours = [:]
        // Arcs: rings cut at their junctions, each arc stored once (either direction).
        var arcs: [[Int64]] = []
        var arcIndex: [[Int64]: Int] = [:]
        func reference(_ arc: [Int64]) -> Int {
            let reversed = Array(arc.reversed())
            let forward = !reversed.lexicographicallyPrecedes(arc)
            let key = forward ? arc : reversed
            let k: Int
            if let found = arcIndex[key] { k = found } else {
                k = arcs.count
                arcs.append(key)
                arcIndex[key] = k
            }
            return forward ? k : -(k + 1)
        }
        var topology: [Int] = [] // per feature: polygons, per polygon: rings, per ring: arcs, arc references
        for polygons in features {
            topology.append(polygons.count)
            for polygon in polygons {
                topology.append(polygon.count)
                for ring in polygon {
                    let cuts = ring.indices.filter { junctions.contains(ring[$0]) }
                    var refs: [Int] = []
                    if cuts.isEmpty {
                        refs.append(reference(ring + [ring[0]]))
                    } else {
                        for (c, start) in cuts.enumerated() {
                            let end = c + 1 < cuts.count ? cuts[c + 1] : cuts[0] + ring.count
                            refs.append(reference((start...end).map { ring[$0 % ring.count] }))
                        }
                    }
                    topology.append(refs.count)
                    topology.append(contentsOf: refs)
                }
            }
        }
        arcIndex = [:]
        // Per level: every arc simplified together (each checked against the others), the
        // levels side by side on every core (they do not depend on each other).
        let finestFirst = Array(tolerances.reversed()) // so a coarse level no smaller than the next finer can point to it
        var simplifiedLevels = [[[Int64]]](repeating: [], count: finestFirst.count)
        if let engine = geosReference {
            for (k, tolerance) in finestFirst.enumerated() {
                simplifiedLevels[k] = tolerance > 0 ? try simplify(arcs, tolerance: tolerance, engine: engine) : arcs
            }
        } else {
            let arcs = arcs
            simplifiedLevels.withUnsafeMutableBufferPointer { levels in
                let levels = UnsafeSendable(levels)
                DispatchQueue.concurrentPerform(iterations: finestFirst.count) { k in
                    levels.value[k] = finestFirst[k] > 0 ? ArcSimplifier.simplify(arcs, tolerance: finestFirst[k]) : arcs
                }
            }
        }
        var levelStreams: [(points: Int, bytes: [UInt8])] = []
        for simplified in simplifiedLevels {
            var bytes: [UInt8] = []
            var points = 0
            for arc in simplified {
                Varint.unsigned(arc.count, &bytes)
                var px: Int64 = 0, py: Int64 = 0
                for (i, p) in arc.enumerated() {
                    let x = p >> 32, y = p & 0xFFFF_FFFF
                    if i == 0 {
                        Varint.unsigned(Int(x), &bytes)
                        Varint.unsigned(Int(y), &bytes)
                    } else {
                        Varint.signed(Int(x - px), &bytes)
                        Varint.signed(Int(y - py), &bytes)
                    }
                    px = x
                    py = y
                }
                points += arc.count
            }
            levelStreams.append((points, bytes))
        }
        // Coarsest first in the output; a level that saves under a tenth of the points of the
        // next finer one is null (the page draws the finer one).
        var kept: [String] = []
        var finerPoints = Int.max
        for (k, stream) in levelStreams.enumerated() {
            if k > 0, Double(stream.points) > 0.9 * Double(finerPoints) {
                kept.append("null")
            } else {
                kept.append("\"" + Data(stream.bytes).base64EncodedString() + "\"")
                finerPoints = stream.points
            }
        }
        let levelTexts = kept.reversed()

        var topologyBytes: [UInt8] = []
        for v in topology { Varint.signed(v, &topologyBytes) }
        var categoryBytes: [UInt8] = []
        var counts = [Int](repeating: 0, count: layer.categories.count)
        for f in layer.features {
            Varint.unsigned(f.category, &categoryBytes)
            if counts.indices.contains(f.category) { counts[f.category] += 1 }
        }
        var s = "{\"key\":\(jsonString(layer.key)),\"title\":\(jsonString(layer.title)),\"visible\":\(layer.visible),\"categories\":["
        s += zip(layer.categories, counts).map { c, n in
            "{\"key\":\(jsonString(c.key)),\"label\":\(jsonString(c.label)),\"fill\":\(c.fill.map(jsonString) ?? "null"),\"stroke\":\(jsonString(c.stroke)),"
                + "\"width\":\(num(c.strokeWidth)),\"hatch\":\(c.hatch),\"count\":\(n)}"
        }.joined(separator: ",")
        s += "],\"count\":\(layer.features.count),\"ids\":[" + layer.features.map { jsonString($0.id) }.joined(separator: ",") + "]"
        s += ",\"info\":[" + layer.features.map { jsonString($0.info) }.joined(separator: ",") + "]"
        s += ",\"cat\":\"" + Data(categoryBytes).base64EncodedString() + "\""
        s += ",\"topo\":\"" + Data(topologyBytes).base64EncodedString() + "\""
        s += ",\"arcCount\":\(arcs.count),\"arcs\":[" + levelTexts.joined(separator: ",") + "]}"
        return s
    }

    /// The arcs simplified together with GEOS's topology-preserving simplification, in
    /// grid units; the arcs as they were when GEOS gives back something else. The reference
    /// ``ArcSimplifier`` is checked against (tests).
    static func simplify(_ arcs: [[Int64]], tolerance: Double, engine: GeometryEngine) throws -> [[Int64]] {
        guard !arcs.isEmpty else { return arcs }
        var b = FlatGeometryBuilder()
        b.node(.multiLineString, count: arcs.count)
        for arc in arcs {
            b.node(.lineString, count: 1)
            for p in arc { b.point(Double(p >> 32), Double(p & 0xFFFF_FFFF)) }
            b.endSequence()
        }
        let flat = b.finish()
        let simplified = try engine.geometry(from: flat).simplifiedPreservingTopology(tolerance: tolerance).flat()
        guard simplified.sequenceEnds.count == arcs.count else { return arcs }
        var out: [[Int64]] = []
        out.reserveCapacity(arcs.count)
        for k in 0..<arcs.count {
            let r = simplified.sequenceRange(k)
            var arc: [Int64] = []
            arc.reserveCapacity(r.count)
            for i in r { arc.append(Int64(simplified.xy[2 * i].rounded()) << 32 | Int64(simplified.xy[2 * i + 1].rounded())) }
            // Ends must be the arc's own (they are what joins it to its neighbours).
            guard arc.first == arcs[k].first, arc.last == arcs[k].last, arc.count >= 2 else { return arcs }
            out.append(arc)
        }
        return out
    }

    static func num(_ v: Double) -> String {
        var out: [UInt8] = []
        NumberFormatting.append(v.isFinite ? v : 0, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string literal, safe inside an HTML `<script>` (no `</`, no U+2028/9).
    static func jsonString(_ s: String) -> String {
        // Most ids and labels need no escape: taken whole.
        var plain = true
        var previous: UInt8 = 0, before: UInt8 = 0
        for b in s.utf8 {
            if b < 0x20 || b == 0x7F || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "&")
                || (before == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9)) {
                plain = false
                break
            }
            before = previous
            previous = b
        }
        if plain { return "\"" + s + "\"" }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

/// LEB128 varints; signed values zigzag-encoded.
enum Varint {
    static func unsigned(_ v: Int, _ out: inout [UInt8]) {
        var u = UInt64(max(v, 0))
        while u >= 0x80 {
            out.append(UInt8(u & 0x7F) | 0x80)
            u >>= 7
        }
        out.append(UInt8(u))
    }

    static func signed(_ v: Int, _ out: inout [UInt8]) {
        let z = UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))
        var u = z
        while u >= 0x80 {
            out.append(UInt8(u & 0x7F) | 0x80)
            u >>= 7
        }
        out.append(UInt8(u))
    }
}

/// Disjoint elements of one buffer, written by several threads.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: UnsafeMutableBufferPointer<T>
    init(_ value: UnsafeMutableBufferPointer<T>) { self.value = value }
}
