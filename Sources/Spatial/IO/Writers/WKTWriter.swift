/// Writes a ``FlatGeometry`` as WKT (`POLYGON Z` when it has heights).
public enum WKTWriter {
    public static func string(_ g: FlatGeometry, decimals: Int? = nil) -> String {
        var out: [UInt8] = []
        append(g, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func append(_ g: FlatGeometry, decimals: Int? = nil, to out: inout [UInt8]) {
        guard !g.nodes.isEmpty else {
            out.append(contentsOf: "GEOMETRYCOLLECTION EMPTY".utf8)
            return
        }
        var node = 0, seq = 0
        write(g, &node, &seq, decimals, &out)
    }

    private static func name(_ kind: FlatGeometry.Kind) -> String {
        switch kind {
        case .point: "POINT"
        case .lineString: "LINESTRING"
        case .polygon: "POLYGON"
        case .multiPoint: "MULTIPOINT"
        case .multiLineString: "MULTILINESTRING"
        case .multiPolygon: "MULTIPOLYGON"
        case .geometryCollection: "GEOMETRYCOLLECTION"
        }
    }

    private static func sequence(_ g: FlatGeometry, _ k: Int, _ decimals: Int?, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "("))
        for (n, i) in g.sequenceRange(k).enumerated() {
            if n > 0 { out.append(contentsOf: ", ".utf8) }
            number(g.xy[2 * i], decimals, &out)
            out.append(UInt8(ascii: " "))
            number(g.xy[2 * i + 1], decimals, &out)
            if let z = g.z {
                out.append(UInt8(ascii: " "))
                number(z[i], decimals, &out)
            }
        }
        out.append(UInt8(ascii: ")"))
    }

    private static func number(_ v: Double, _ decimals: Int?, _ out: inout [UInt8]) {
        if let decimals { NumberFormatting.append(v, decimals: decimals, to: &out) } else { NumberFormatting.append(v, to: &out) }
    }

    private static func write(_ g: FlatGeometry, _ node: inout Int, _ seq: inout Int, _ decimals: Int?, _ out: inout [UInt8]) {
        let n = g.nodes[node]
        node += 1
        out.append(contentsOf: name(n.kind).utf8)
        if g.z != nil { out.append(contentsOf: " Z".utf8) }
        if n.count == 0 {
            out.append(contentsOf: " EMPTY".utf8)
            return
        }
        out.append(UInt8(ascii: " "))
        switch n.kind {
        case .point, .lineString:
            sequence(g, seq, decimals, &out)
            seq += 1
        case .polygon:
            rings(g, Int(n.count), &seq, decimals, &out)
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            out.append(UInt8(ascii: "("))
            for c in 0..<Int(n.count) {
                if c > 0 { out.append(contentsOf: ", ".utf8) }
                if n.kind == .geometryCollection {
                    write(g, &node, &seq, decimals, &out)
                    continue
                }
                let child = g.nodes[node]
                node += 1
                if child.count == 0 {
                    out.append(contentsOf: "EMPTY".utf8)
                } else if child.kind == .polygon {
                    rings(g, Int(child.count), &seq, decimals, &out)
                } else {
                    sequence(g, seq, decimals, &out)
                    seq += 1
                }
            }
            out.append(UInt8(ascii: ")"))
        }
    }

    private static func rings(_ g: FlatGeometry, _ count: Int, _ seq: inout Int, _ decimals: Int?, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "("))
        for r in 0..<count {
            if r > 0 { out.append(contentsOf: ", ".utf8) }
            sequence(g, seq, decimals, &out)
            seq += 1
        }
        out.append(UInt8(ascii: ")"))
    }
}
