/// Streams a GeoJSON FeatureCollection to a file, atomically.
///
/// By default the output is RFC 7946: longitude/latitude, no `crs` member. When the data
/// are written in a projected CRS, pass it as `crs`: a legacy `crs` member names it so
/// that QGIS and GDAL place the layer correctly.
public final class GeoJSONWriter {
    private let output: AtomicOutputFile
    private var count = 0
    private let decimals: Int?
    private let batch: OutputBatch?

    /// - Parameters:
    ///   - crs: the CRS of the coordinates when not lon/lat (written as a `crs` member).
    ///   - decimals: fixed decimals for coordinates; nil writes the shortest exact text.
    ///   - name: the collection's `name` member (QGIS shows it as the layer name).
    ///   - batch: when given, the file appears only when the batch is published.
    public init(path: String, crs: CRS? = nil, decimals: Int? = nil, name: String? = nil, batch: OutputBatch? = nil) throws {
        output = try AtomicOutputFile(path: path)
        self.batch = batch
        self.decimals = decimals
        var head = "{\"type\":\"FeatureCollection\""
        if let name { head += ",\"name\":" + Self.quoted(name) }
        if let crs {
            let id = crs.identifier.map { $0.hasPrefix("EPSG:") ? "urn:ogc:def:crs:EPSG::" + $0.dropFirst(5) : $0 } ?? crs.definition
            head += ",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":" + Self.quoted(id) + "}}"
        }
        head += ",\"features\":[\n"
        try output.write(head)
    }

    public var path: String { output.path }
    public var featureCount: Int { count }

    /// Writes one feature; `geometry` nil writes `"geometry":null`.
    public func write(geometry: FlatGeometry?, properties: Properties, id: String? = nil) throws {
        try feature(geometry: geometry, id: id) { out in
            var first = true
            for (key, value) in properties.pairs {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONText.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                JSONText.append(value, to: &out)
            }
        }
    }

    /// One feature written to the file; `properties` writes the members between the braces.
    private func feature(geometry: FlatGeometry?, id: String?, properties: (inout [UInt8]) -> Void) throws {
        let first = count == 0
        count += 1
        let decimals = decimals
        try output.append { out in Self.encodeFeature(into: &out, first: first, geometry: geometry, id: id, decimals: decimals, properties: properties) }
    }

    /// One feature's text: the envelope shared by the file writer and the chunk encoder.
    @inline(__always)
    private static func encodeFeature<O: ByteOutput>(into out: inout O, first: Bool, geometry: FlatGeometry?, id: String?, decimals: Int?,
                                                     properties: (inout O) -> Void) {
        if !first { out.append(",\n") }
        out.append("{\"type\":\"Feature\"")
        if let id {
            out.append(",\"id\":")
            JSONText.appendString(id, to: &out)
        }
        out.append(",\"properties\":{")
        properties(&out)
        out.append("},\"geometry\":")
        if let geometry, !geometry.nodes.isEmpty {
            GeoJSONGeometryText.append(geometry, decimals: decimals, to: &out)
        } else {
            out.append("null")
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Property names encoded once, for writing many features with the same columns.
    public struct Columns: Sendable {
        /// Each column's `,"name":` (no comma for the first), end to end in one buffer;
        /// `ends[k]` closes column k's. One buffer, so that writing a member touches no array.
        let bytes: [UInt8]
        let ends: [Int]
        public var count: Int { ends.count }

        public init(_ names: [String]) {
            var bytes: [UInt8] = [], ends: [Int] = []
            for (k, name) in names.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONText.appendString(name, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                ends.append(bytes.count)
            }
            self.bytes = bytes
            self.ends = ends
        }
    }

    /// Appends one feature to `sink` (features encoded by several threads at once and
    /// written in order with ``write(encoded:features:)``); `first` for the collection's
    /// first one. Coordinates are written with `decimals` (nil: shortest exact text).
    public static func encodeFeature(into sink: ByteSink, first: Bool, geometry: FlatGeometry?, columns: Columns,
                                     decimals: Int? = nil, _ body: (inout Members) -> Void) {
        var out = sink
        encodeFeature(into: &out, first: first, geometry: geometry, id: nil, decimals: decimals) { out in
            columns.bytes.withUnsafeBytes { bytes in
                columns.ends.withUnsafeBufferPointer { ends in
                    var members = Members(out: out, bytes: bytes, ends: ends)
                    body(&members)
                }
            }
        }
    }

    /// Writes `features` features encoded with ``encodeFeature(into:first:geometry:columns:decimals:_:)``.
    public func write(encoded sink: ByteSink, features: Int) throws {
        count += features
        try sink.withBytes { try output.write(bytes: $0) }
    }

    /// The properties of one feature being written, each under the next column's name.
    public struct Members: RecordFields {
        private var out: ByteSink
        /// The columns' encoded names, valid while the feature is written.
        private let bytes: UnsafeRawBufferPointer
        private let ends: UnsafeBufferPointer<Int>
        private var next = 0

        fileprivate init(out: ByteSink, bytes: UnsafeRawBufferPointer, ends: UnsafeBufferPointer<Int>) {
            self.out = out
            self.bytes = bytes
            self.ends = ends
        }

        @inline(__always)
        private mutating func name() {
            let start = next == 0 ? 0 : ends[next - 1]
            out.append(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<ends[next]]))
            next += 1
        }

        public mutating func text(_ s: String) {
            name()
            JSONText.appendString(s, to: &out)
        }

        public mutating func number(_ v: Double, decimals: Int) {
            name()
            NumberFormatting.append(v, decimals: decimals, to: &out)
        }

        /// A number's text as ``NumberFormatting`` made it (for a cell written to two files).
        public mutating func numberText(_ text: UnsafeRawBufferPointer) {
            name()
            out.append(bytes: text)
        }

        public mutating func null() {
            name()
            out.append("null")
        }

        /// An attribute as read; null when absent.
        public mutating func value(_ v: PropertyValue?) {
            name()
            if let v { JSONText.append(v, to: &out) } else { out.append("null") }
        }

        public mutating func joined(_ parts: [String], separator: String) {
            name()
            if parts.count == 1 { return JSONText.appendString(parts[0], to: &out) }
            JSONText.appendString(parts.joined(separator: separator), to: &out)
        }
    }

    /// Closes the collection and moves the file into place.
    public func finish() throws {
        try output.write("\n]}\n")
        if let batch { try batch.add(output) } else { try output.commit() }
    }

    static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        JSONText.appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// JSON text for values.
public enum JSONText {
    public static func appendString<O: ByteOutput>(_ s: String, to out: inout O) {
        out.append(UInt8(ascii: "\""))
        s.withUTF8Bytes { bytes in
            // Copy runs that need no escaping in one go.
            var start = 0
            for (k, b) in bytes.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                if k > start { out.append(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<k])) }
                switch b {
                case UInt8(ascii: "\""): out.append("\\\"")
                case UInt8(ascii: "\\"): out.append("\\\\")
                case 0x0A: out.append("\\n")
                case 0x0D: out.append("\\r")
                case 0x09: out.append("\\t")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    out.append("\\u00")
                    out.append(hex.utf8Start[Int(b >> 4)])
                    out.append(hex.utf8Start[Int(b & 15)])
                }
                start = k + 1
            }
            if start < bytes.count { out.append(bytes: UnsafeRawBufferPointer(rebasing: bytes[start...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    public static func append<O: ByteOutput>(_ v: PropertyValue, to out: inout O) {
        switch v {
        case .null: out.append("null")
        case let .bool(b): out.append(b ? "true" : "false")
        case let .number(t), let .json(t): t.withUTF8Bytes { out.append(bytes: $0) }
        case let .string(s), let .date(s): appendString(s, to: &out)
        }
    }
}

/// GeoJSON geometry objects from flat geometries.
public enum GeoJSONGeometryText {
    public static func string(_ g: FlatGeometry, decimals: Int? = nil) -> String {
        var out: [UInt8] = []
        append(g, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func append<O: ByteOutput>(_ g: FlatGeometry, decimals: Int?, to out: inout O) {
        var node = 0, seq = 0
        write(g, &node, &seq, decimals, &out)
    }

    private static func position<O: ByteOutput>(_ g: FlatGeometry, _ i: Int, _ decimals: Int?, _ out: inout O) {
        out.append(UInt8(ascii: "["))
        number(g.xy[2 * i], decimals, &out)
        out.append(UInt8(ascii: ","))
        number(g.xy[2 * i + 1], decimals, &out)
        if let z = g.z, !z[i].isNaN {
            out.append(UInt8(ascii: ","))
            number(z[i], decimals, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    @inline(__always) private static func number<O: ByteOutput>(_ v: Double, _ decimals: Int?, _ out: inout O) {
        if let decimals { NumberFormatting.append(v, decimals: decimals, to: &out) } else { NumberFormatting.append(v, to: &out) }
    }

    private static func sequence<O: ByteOutput>(_ g: FlatGeometry, _ k: Int, _ decimals: Int?, _ out: inout O) {
        out.append(UInt8(ascii: "["))
        var first = true
        for i in g.sequenceRange(k) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            position(g, i, decimals, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func rings<O: ByteOutput>(_ g: FlatGeometry, _ count: Int, _ seq: inout Int, _ decimals: Int?, _ out: inout O) {
        out.append(UInt8(ascii: "["))
        for r in 0..<count {
            if r > 0 { out.append(UInt8(ascii: ",")) }
            sequence(g, seq, decimals, &out)
            seq += 1
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func write<O: ByteOutput>(_ g: FlatGeometry, _ node: inout Int, _ seq: inout Int, _ decimals: Int?, _ out: inout O) {
        let n = g.nodes[node]
        node += 1
        out.append("{\"type\":\"")
        n.kind.description.withUTF8Bytes { out.append(bytes: $0) }
        if n.kind == .geometryCollection {
            out.append("\",\"geometries\":[")
            for c in 0..<Int(n.count) {
                if c > 0 { out.append(UInt8(ascii: ",")) }
                write(g, &node, &seq, decimals, &out)
            }
            out.append("]}")
            return
        }
        out.append("\",\"coordinates\":")
        switch n.kind {
        case .point:
            if n.count == 0 {
                out.append("[]")
            } else {
                position(g, g.sequenceRange(seq).lowerBound, decimals, &out)
                seq += 1
            }
        case .lineString:
            if n.count == 0 { out.append("[]") } else {
                sequence(g, seq, decimals, &out)
                seq += 1
            }
        case .polygon:
            rings(g, Int(n.count), &seq, decimals, &out)
        case .multiPoint, .multiLineString, .multiPolygon:
            out.append(UInt8(ascii: "["))
            var first = true
            for _ in 0..<Int(n.count) {
                let child = g.nodes[node]
                node += 1
                // GeoJSON cannot hold empty members of multi-geometries: leave them out.
                if child.count == 0 { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                switch child.kind {
                case .point:
                    position(g, g.sequenceRange(seq).lowerBound, decimals, &out)
                    seq += 1
                case .lineString:
                    sequence(g, seq, decimals, &out)
                    seq += 1
                default:
                    rings(g, Int(child.count), &seq, decimals, &out)
                }
            }
            out.append(UInt8(ascii: "]"))
        case .geometryCollection:
            break
        }
        out.append(UInt8(ascii: "}"))
    }
}
