/// Writes a ``FlatGeometry`` as ISO WKB (little-endian; Z types when it has heights): how
/// geometry crosses into GDAL, one buffer per geometry.
public enum WKBWriter {
    public static func bytes(_ g: FlatGeometry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(9 + 16 * g.pointCount + 4 * g.sequenceEnds.count + 9 * g.nodes.count)
        append(g, to: &out)
        return out
    }

    public static func append(_ g: FlatGeometry, to out: inout [UInt8]) {
        if g.nodes.isEmpty {
            // No structure at all: an empty collection.
            header(.geometryCollection, hasZ: false, &out)
            uint32(0, &out)
            return
        }
        var node = 0, seq = 0
        write(g, &node, &seq, &out)
    }

    private static func header(_ kind: FlatGeometry.Kind, hasZ: Bool, _ out: inout [UInt8]) {
        out.append(1)
        uint32(UInt32(kind.rawValue) + (hasZ ? 1000 : 0), &out)
    }

    @inline(__always) private static func uint32(_ v: UInt32, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    @inline(__always) private static func double(_ v: Double, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func sequence(_ g: FlatGeometry, _ k: Int, _ out: inout [UInt8]) {
        let r = g.sequenceRange(k)
        uint32(UInt32(r.count), &out)
        for i in r {
            double(g.xy[2 * i], &out)
            double(g.xy[2 * i + 1], &out)
            if let z = g.z { double(z[i].isNaN ? 0 : z[i], &out) }
        }
    }

    private static func write(_ g: FlatGeometry, _ node: inout Int, _ seq: inout Int, _ out: inout [UInt8]) {
        let n = g.nodes[node]
        node += 1
        let hasZ = g.z != nil
        header(n.kind, hasZ: hasZ, &out)
        switch n.kind {
        case .point:
            if n.count == 0 {
                double(.nan, &out)
                double(.nan, &out)
                if hasZ { double(.nan, &out) }
            } else {
                let i = g.sequenceRange(seq).lowerBound
                double(g.xy[2 * i], &out)
                double(g.xy[2 * i + 1], &out)
                if let z = g.z { double(z[i].isNaN ? 0 : z[i], &out) }
                seq += 1
            }
        case .lineString:
            if n.count == 0 {
                uint32(0, &out)
            } else {
                sequence(g, seq, &out)
                seq += 1
            }
        case .polygon:
            uint32(UInt32(n.count), &out)
            for _ in 0..<Int(n.count) {
                sequence(g, seq, &out)
                seq += 1
            }
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            uint32(UInt32(n.count), &out)
            for _ in 0..<Int(n.count) { write(g, &node, &seq, &out) }
        }
    }
}
