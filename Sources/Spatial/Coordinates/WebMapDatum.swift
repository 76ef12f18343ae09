import Foundation

/// The coordinate systems of Chinese web maps: data digitised from 高德 (Amap) or 腾讯
/// (Tencent) maps are in GCJ-02, from 百度 (Baidu) maps in BD-09. Both are WGS 84
/// longitude/latitude moved by published formulas, a few hundred metres to a kilometre
/// (nothing outside China), so PROJ knows neither.
public enum WebMapDatum: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case gcj02
    case bd09

    /// "GCJ-02", "BD-09".
    public var description: String {
        switch self {
        case .gcj02: "GCJ-02"
        case .bd09: "BD-09"
        }
    }

    /// The command-line option that converts a layer from this datum.
    public var option: String { "--from-\(rawValue)" }

    /// A WGS 84 position as this datum has it.
    public func fromWGS84(longitude: Double, latitude: Double) -> (longitude: Double, latitude: Double) {
        switch self {
        case .gcj02: GCJ02.fromWGS84(longitude: longitude, latitude: latitude)
        case .bd09: BD09.fromWGS84(longitude: longitude, latitude: latitude)
        }
    }

    /// A position in this datum back in WGS 84 (exact inverse of ``fromWGS84(longitude:latitude:)``).
    public func toWGS84(longitude: Double, latitude: Double) -> (longitude: Double, latitude: Double) {
        switch self {
        case .gcj02: GCJ02.toWGS84(longitude: longitude, latitude: latitude)
        case .bd09: BD09.toWGS84(longitude: longitude, latitude: latitude)
        }
    }

    /// Converts the geometries of `features` to WGS 84 in place, parts of the list on
    /// several threads (the exact inverse costs a few dozen sines per position). Returns the
    /// number of positions moved (those in China).
    @discardableResult
    public func convertToWGS84(_ features: inout [Feature], workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
        let n = features.count
        let chunk = 1_024
        let chunks = (n + chunk - 1) / chunk
        let datum = self
        let converted: [Int] = features.withUnsafeMutableBufferPointer { buffer in
            let slots = DisjointSlots(buffer) // each chunk of features is touched by one thread only
            return OrderedChunks.map(count: chunks, chunk: 1, workers: workers) { c in
                var moved = 0
                for k in c * chunk..<min(n, (c + 1) * chunk) {
                    moved += slots.at(k).pointee.geometry?.convertToWGS84(from: datum) ?? 0 // in place, not copied
                }
                return moved
            }
        }
        return converted.reduce(0, +)
    }
}

extension FlatGeometry {
    /// Converts every position of this longitude/latitude geometry from a web-map datum to
    /// WGS 84, in place in its coordinate buffer (heights untouched). Returns the number of
    /// positions moved (those in China).
    @discardableResult
    public mutating func convertToWGS84(from datum: WebMapDatum) -> Int {
        xy.withUnsafeMutableBufferPointer { p in
            var i = 0, moved = 0
            while i + 1 < p.count {
                let w = datum.toWGS84(longitude: p[i], latitude: p[i + 1])
                if w.longitude != p[i] || w.latitude != p[i + 1] { moved += 1 }
                p[i] = w.longitude
                p[i + 1] = w.latitude
                i += 2
            }
            return moved
        }
    }
}
