/// The ministry's coordinate TXT (部标格式) as a layer: its parcels, in the Gauss–Krüger CRS
/// its header names (see ``BubiaoTXT``).
public final class BubiaoTXTReader: FeatureReader {
    public let file: String
    public let format = LayerFormat.bubiaoTXT
    public let declaredCRS: String?
    public let notes: [String]
    public let document: BubiaoTXT.Document
    private var position = 0

    public init(path: String) throws {
        document = try BubiaoTXT.read(path: path)
        file = path
        declaredCRS = document.crs
        notes = document.notes
    }

    public func next() throws -> Feature? {
        guard position < document.parcels.count else { return nil }
        defer { position += 1 }
        return document.parcels[position]
    }

    public func readAll() throws -> [Feature] {
        defer { position = document.parcels.count }
        return Array(document.parcels[position...])
    }

    /// True when the first bytes hold the format's section names, in UTF-8 or GBK.
    static func looksLikeBubiao(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let head = Array(p.prefix(4096))
        // 属性描述 / 地块坐标 in UTF-8 and in GBK.
        let markers: [[UInt8]] = [[0xE5, 0xB1, 0x9E, 0xE6, 0x80, 0xA7, 0xE6, 0x8F, 0x8F, 0xE8, 0xBF, 0xB0],
                                  [0xE5, 0x9C, 0xB0, 0xE5, 0x9D, 0x97, 0xE5, 0x9D, 0x90, 0xE6, 0xA0, 0x87],
                                  [0xCA, 0xF4, 0xD0, 0xD4, 0xC3, 0xE8, 0xCA, 0xF6],
                                  [0xB5, 0xD8, 0xBF, 0xE9, 0xD7, 0xF8, 0xB1, 0xEA]]
        for m in markers where head.count >= m.count {
            for i in 0...(head.count - m.count) where head[i] == m[0] && Array(head[i..<(i + m.count)]) == m { return true }
        }
        return false
    }
}
