import CGDAL

/// How the text in a Shapefile's DBF is decoded. Chinese bureaus' Shapefiles are mostly
/// GBK, often without a `.cpg` and with no (or ArcGIS's "current ANSI code page", 0x57)
/// language-driver byte, which GDAL then reads as raw bytes or as ISO-8859-1: garbage.
///
/// The rule, in order: `--encoding`; the `.cpg` file; the DBF's language-driver byte when it
/// names a code page (not 0 and not 0x57, which only says "the writer's system code page");
/// else UTF-8 when the text bytes are valid UTF-8; else GB18030 (GBK's superset) when they
/// read as Chinese; else a Western code page (what GDAL assumes for 0x57). The last two are
/// guesses and say so in a warning.
///
/// "Read as Chinese": every byte ≥ 0x80 is part of a valid GBK pair and at least half the
/// pairs are GB2312 level-1 hanzi (lead byte 0xB0–0xD7: the 3,755 most frequent characters,
/// about 99 % of running Chinese text). Latin-1 text such as "Nação" can form valid GBK
/// pairs by accident, but they fall in the rare level-2 block or outside the hanzi.
enum ShapefileEncoding {
    struct Decision {
        /// The `ENCODING` open option to give GDAL; nil to let GDAL use `.cpg` / the LDID.
        var openOption: String?
        /// What the reports say about it.
        var note: String?
        var isGuess: Bool
    }

    /// GDAL's `ENCODING` value for one of LandControl's encodings.
    static func gdalName(_ e: TextEncoding) -> String {
        switch e {
        case .utf8: "UTF-8"
        case .gbk: "GB18030"
        }
    }

    /// Decides for the DBF of an opened Shapefile layer. `files` is the dataset's file list;
    /// `sourceEncoding` what GDAL decided by itself (`SOURCE_ENCODING` of the layer).
    static func decide(dbf: String?, hasCPG: Bool, sourceEncoding: String?, requested: TextEncoding?) -> Decision {
        if let requested {
            return Decision(openOption: gdalName(requested), note: "DBF text read as \(gdalName(requested)) (--encoding)", isGuess: false)
        }
        if hasCPG { return Decision(openOption: nil, note: sourceEncoding.map { "DBF text read as \($0) (.cpg)" }, isGuess: false) }
        guard let dbf else { return Decision(openOption: nil, note: nil, isGuess: false) }
        let header = readBytes(dbf, offset: 0, count: 32)
        let ldid = header.count > 29 ? header[29] : 0
        if ldid != 0, ldid != 0x57 {
            return Decision(openOption: nil, note: sourceEncoding.map { "DBF text read as \($0) (language driver byte 0x\(String(ldid, radix: 16)))" }, isGuess: false)
        }
        let headerLength = header.count >= 12 ? Int(header[8]) | Int(header[9]) << 8 : 0
        let sample = readBytes(dbf, offset: headerLength, count: 64 << 20)
        if sample.allSatisfy({ $0 < 0x80 }) {
            return Decision(openOption: "UTF-8", note: nil, isGuess: false)
        }
        if String(validating: sample, as: UTF8.self) != nil {
            return Decision(openOption: "UTF-8", note: "DBF text read as UTF-8 (no .cpg, no code page in the DBF; the bytes are valid UTF-8)", isGuess: false)
        }
        if readsAsChinese(sample) {
            return Decision(openOption: "GB18030",
                            note: "DBF text read as GBK/GB18030: the Shapefile names no encoding (no .cpg, no code page in the DBF) and its bytes read as Chinese, not UTF-8; pass --encoding if it is something else",
                            isGuess: true)
        }
        return Decision(openOption: ldid == 0x57 ? nil : "CP1252",
                        note: "DBF text read as Western (\(ldid == 0x57 ? "ISO-8859-1" : "Windows-1252")): the Shapefile names no encoding (no .cpg, no code page in the DBF) and its bytes are neither UTF-8 nor Chinese; pass --encoding if it is something else",
                        isGuess: true)
    }

    /// True when every byte ≥ 0x80 belongs to a valid GBK double-byte pair and at least half
    /// of the pairs are GB2312 level-1 hanzi.
    static func readsAsChinese(_ bytes: [UInt8]) -> Bool {
        var pairs = 0, common = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            guard b >= 0x81, b <= 0xFE, i + 1 < bytes.count else { return false }
            let t = bytes[i + 1]
            guard t >= 0x40, t <= 0xFE, t != 0x7F else { return false }
            pairs += 1
            if b >= 0xB0, b <= 0xD7, t >= 0xA1 { common += 1 }
            i += 2
        }
        return pairs > 0 && common * 2 >= pairs
    }

    /// Up to `count` bytes of a file through GDAL's virtual file system (so that files
    /// inside a zip are read the same way).
    static func readBytes(_ path: String, offset: Int, count: Int) -> [UInt8] {
        guard let f = VSIFOpenL(path, "rb") else { return [] }
        defer { VSIFCloseL(f) }
        guard VSIFSeekL(f, 0, SEEK_END) == 0 else { return [] }
        let count = max(0, min(count, Int(VSIFTellL(f)) - offset))
        guard count > 0, VSIFSeekL(f, vsi_l_offset(offset), SEEK_SET) == 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        let n = out.withUnsafeMutableBytes { VSIFReadL($0.baseAddress, 1, $0.count, f) }
        out.removeLast(count - n)
        return out
    }
}
