/// Column names as a Shapefile can hold them: a DBF field name is at most 10 bytes in the
/// file's encoding (five Chinese characters in GBK, three in UTF-8) and unique regardless of
/// case. Long names get a documented short name: LandControl's own output columns a fixed
/// abbreviation (``abbreviations``), any other name its first 10 bytes (whole characters),
/// and a clash a numbered suffix. The map is written beside the files (`fields.csv`).
public enum ShapefileFieldNames {
    /// Short names for LandControl's output columns longer than 10 bytes.
    public static let abbreviations: [String: String] = [
        "ellipsoid_area_m2": "ell_m2", "transition_m2": "trans_m2", "redline_share": "red_share",
        "failed_checks": "failed", "existing_floor_area_m2": "floor_m2", "building_count": "buildings",
        "pocket_area_m2": "pocket_m2", "priority_group": "prio_group", "idle_fee_wan": "idle_fee", "low_efficiency": "low_eff",
        "candidate_reason": "cand_why", "added_floor_area_m2": "add_floor", "target_floor_area_m2": "tgt_floor",
        "agreed_start": "agr_start", "actual_start": "act_start", "days_overdue": "days_late", "land_price_wan": "land_price",
        "investment_wan": "invest", "tax_per_mu": "tax_per_mu", "value_added_per_mu": "va_per_mu",
        "site_area_m2": "site_m2", "floor_area_m2": "floor_m2", "declared_area_m2": "decl_m2",
        "proposal_id": "proposal", "building_id": "building",
    ]

    /// One short name per name, in order.
    public static func shortNames(_ names: [String], encoding: TextEncoding) -> [String] {
        var taken = Set<String>()
        var out: [String] = []
        for name in names {
            var base = byteLength(name, encoding) <= 10 ? name : (abbreviations[name] ?? truncated(name, encoding))
            if base.isEmpty { base = "field" }
            var candidate = base
            var k = 1
            while taken.contains(candidate.lowercased()) {
                let suffix = "_\(k)"
                candidate = truncated(base, encoding, limit: 10 - suffix.utf8.count) + suffix
                k += 1
            }
            taken.insert(candidate.lowercased())
            out.append(candidate)
        }
        return out
    }

    static func byteLength(_ s: String, _ encoding: TextEncoding) -> Int {
        switch encoding {
        case .utf8: s.utf8.count
        // GBK: one byte for ASCII, two for everything else it holds.
        case .gbk: s.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1 : 2) }
        }
    }

    /// The longest prefix of whole characters within `limit` bytes.
    static func truncated(_ s: String, _ encoding: TextEncoding, limit: Int = 10) -> String {
        var out = ""
        for ch in s {
            let next = out + String(ch)
            if byteLength(next, encoding) > limit { break }
            out = next
        }
        return out
    }

    /// The map LandControl writes beside a Shapefile (`NAME.fields.csv`: `column,shapefile_field`),
    /// read back as short name → column; empty when there is none or it is not that table.
    static func readMap(bytes: [UInt8]) -> [String: String] {
        var map: [String: String] = [:]
        bytes.withUnsafeBufferPointer { p in
            var i = p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
            var line = 1
            var spans: [CSVReader.FieldSpan] = []
            func text(_ s: CSVReader.FieldSpan) -> String? {
                let raw = s.escaped ? CSVReader.unescaped(p, s) : Array(p[s.start..<s.end])
                return String(validating: raw, as: UTF8.self)
            }
            guard (try? CSVReader.record(p, &i, &line, delimiter: UInt8(ascii: ","), into: &spans, file: "")) == true,
                  spans.count == 2, text(spans[0]) == "column", text(spans[1]) == "shapefile_field" else { return }
            while (try? CSVReader.record(p, &i, &line, delimiter: UInt8(ascii: ","), into: &spans, file: "")) == true {
                guard spans.count == 2, let long = text(spans[0]), let short = text(spans[1]), !long.isEmpty else { continue }
                map[short] = long
            }
        }
        return map
    }
}
