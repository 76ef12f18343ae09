import CGDAL

/// A spatial reference as text our engine (PROJ) resolves: the authority code when GDAL
/// knows or can find one with full confidence, else WKT2.
enum GDALSpatialReference {
    static func text(_ srs: OGRSpatialReferenceH) -> String? {
        if let code = authority(srs) { return code }
        // Not labelled (an ESRI .prj, say): find the EPSG entry it matches, when there is
        // exactly one at full confidence; the definition itself otherwise.
        var count: Int32 = 0
        var confidences: UnsafeMutablePointer<Int32>?
        if let matches = OSRFindMatches(srs, nil, &count, &confidences) {
            defer {
                OSRFreeSRSArray(matches)
                VSIFree(confidences)
            }
            var best: [String] = []
            for k in 0..<Int(count) where confidences?[k] == 100 {
                if let m = matches[k], let code = authority(m) { best.append(code) }
            }
            if best.count == 1 { return best[0] }
        }
        var wkt: UnsafeMutablePointer<CChar>?
        let ok = CStringList.with(["FORMAT=WKT2_2019"]) { OSRExportToWktEx(srs, &wkt, $0) }
        defer { VSIFree(wkt) }
        guard ok == OGRERR_NONE, let wkt else { return nil }
        return String(cString: wkt)
    }

    private static func authority(_ srs: OGRSpatialReferenceH) -> String? {
        guard let name = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) else { return nil }
        let n = String(cString: name), c = String(cString: code)
        guard !n.isEmpty, !c.isEmpty else { return nil }
        return "\(n):\(c)"
    }
}
