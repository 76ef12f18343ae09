import Foundation
import Spatial

extension LayerReport {
    /// The report as aligned text for a terminal.
    public var text: String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) { lines.append(label.padding(toLength: 12, withPad: " ", startingAt: 0) + value) }
        row("File", file)
        row("Format", format)
        let statuses = FeatureStatus.allCases.map { "\($0.rawValue.replacingOccurrences(of: "_", with: " ")) \(count($0))" }.joined(separator: ", ")
        row("Features", "\(featureCount) (\(statuses))")
        row("Geometry", geometryTypes.isEmpty ? "none" : geometryTypes.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        let source = switch crsSource {
        case "option": "given with --crs"
        case "file": "declared in the \(format == LayerFormat.postgis.description ? "table" : "file") (\(Self.shortCRSText(declaredCRS ?? "")))"
        default: declaredCRS == nil ? "default (the file declares none)" : "default"
        }
        row("CRS", "\(crs), \(source)")
        if let b = bbox {
            let geographic = bboxLonLat == b
            row("Extent", "x \(NumberText.coordinate(b[0], geographic: geographic)) … \(NumberText.coordinate(b[2], geographic: geographic)), y \(NumberText.coordinate(b[1], geographic: geographic)) … \(NumberText.coordinate(b[3], geographic: geographic))")
        }
        if let l = bboxLonLat, l != bbox {
            row("Lon/lat", "\(NumberText.coordinate(l[0], geographic: true)) … \(NumberText.coordinate(l[2], geographic: true)) E, \(NumberText.coordinate(l[1], geographic: true)) … \(NumberText.coordinate(l[3], geographic: true)) N")
        }
        row("Invalid", "\(invalidCount)" + (invalidCount > 0 ? " (repaired for the areas: broken rings as read, then GEOS makeValid)" : ""))
        for p in invalidExamples { lines.append("  - " + Self.describe(p)) }
        if invalidCount > invalidExamples.count { lines.append("  - … \(invalidCount - invalidExamples.count) more") }
        let unusable = count(.error)
        if unusable > 0 {
            row("Unusable", "\(unusable)")
            for p in errorExamples { lines.append("  - " + Self.describe(p)) }
            if unusable > errorExamples.count { lines.append("  - … \(unusable - errorExamples.count) more") }
        }
        row("Area CRS", areas.areaCRS ?? "none, so no planar area (see the warning below)")
        if let p = areas.planarM2 {
            row("Area", "planar      \(NumberText.grouped(p)) m²  \(NumberText.grouped(AreaUnits.hectares(fromSquareMetres: p), decimals: 4)) 公顷 (ha)  \(NumberText.grouped(AreaUnits.mu(fromSquareMetres: p))) 亩")
        }
        row(areas.planarM2 == nil ? "Area" : "", "ellipsoidal \(NumberText.grouped(areas.ellipsoidalM2)) m²  \(NumberText.grouped(areas.ellipsoidalHectares, decimals: 4)) 公顷 (ha)  \(NumberText.grouped(areas.ellipsoidalMu)) 亩  (\(areas.ellipsoid))")
        if let o = offset {
            row("Offset", "against \(o.reference): " + (o.displacement.map { "the layer lies \($0.text) of it" } ?? "not measured"))
            if o.displacement != nil {
                func pct(_ v: Double?) -> String { NumberText.grouped((v ?? 0) * 100, decimals: 1) + " %" }
                row("", "outline points (\(o.points) + \(o.referencePoints)) within \(Int(OffsetCheck.matchedWithinM)) m of the other layer's: \(pct(o.matchedAsRead)) as read, \(pct(o.matchedAligned)) with the offset undone; mean distance \(NumberText.grouped(o.meanDistanceAsReadM ?? 0, decimals: 1)) → \(NumberText.grouped(o.meanDistanceAlignedM ?? 0, decimals: 1)) m (each capped at \(Int(OffsetCheck.capM)) m)")
            }
            row("", "web-map offsets here: GCJ-02 \(o.gcj02Offset.text), BD-09 \(o.bd09Offset.text)")
            row("", "verdict: \(o.explanation.summary)")
        }
        if !warnings.isEmpty {
            row("Warnings", "\(warnings.count)")
            for w in warnings { lines.append("  - " + w) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line of phase timings: "read 0.31 s (147.2 MB/s) · check 0.80 s · area 0.20 s"
    /// (and "· offset 0.21 s" with `--check-offset`).
    public var timingText: String {
        let read = timings["read"] ?? 0
        let rate = read > 0 ? Double(bytes) / 1e6 / read : 0
        func s(_ v: Double?) -> String { NumberText.grouped(v ?? 0, decimals: 3) + " s" }
        return "timings: read \(s(read)) (\(NumberText.grouped(Double(bytes) / 1e6, decimals: 1)) MB, \(NumberText.grouped(rate, decimals: 1)) MB/s, \(featureCount) features) · check \(s(timings["check"])) · area \(s(timings["area"]))" + (timings["offset"].map { " · offset \(s($0))" } ?? "") + "\n"
    }

    static func describe(_ p: Problem) -> String {
        "feature \(p.index)" + (p.id.map { " (id \($0))" } ?? "") + ": " + p.reason
    }

    /// The report as JSON (stable key order, areas also in 公顷 and 亩).
    public func json() throws -> String {
        var object: [(String, Any)] = [
            ("file", file), ("format", format), ("features", featureCount),
            ("status", FeatureStatus.allCases.map { ($0.rawValue, count($0) as Any) as (String, Any) }),
            ("geometry_types", geometryTypes.sorted { $0.key < $1.key }.map { ($0.key, $0.value as Any) as (String, Any) }),
            ("crs", crs), ("crs_source", crsSource), ("declared_crs", declaredCRS as Any),
            ("bbox", bbox as Any), ("bbox_lonlat", bboxLonLat as Any),
            ("invalid", invalidCount),
            ("invalid_examples", invalidExamples.map { [("index", $0.index), ("id", $0.id as Any), ("reason", $0.reason)] as [(String, Any)] }),
            ("error_examples", errorExamples.map { [("index", $0.index), ("id", $0.id as Any), ("reason", $0.reason)] as [(String, Any)] }),
            ("area_crs", areas.areaCRS as Any), ("area_crs_error", areas.areaCRSError as Any),
            ("planar_area_m2", areas.planarM2 as Any), ("planar_area_ha", areas.planarHectares as Any), ("planar_area_mu", areas.planarMu as Any),
            ("ellipsoidal_area_m2", areas.ellipsoidalM2), ("ellipsoidal_area_ha", areas.ellipsoidalHectares), ("ellipsoidal_area_mu", areas.ellipsoidalMu),
            ("ellipsoid", areas.ellipsoid),
        ]
        object.append(("converted_from", convertedFrom?.rawValue as Any))
        if let o = offset {
            func displacement(_ d: OffsetCheck.Displacement) -> [(String, Any)] {
                [("east_m", d.eastM), ("north_m", d.northM), ("distance_m", d.distanceM), ("bearing_deg", d.bearingDegrees)]
            }
            object.append(("offset", [
                ("reference", o.reference),
                ("displacement", o.displacement.map(displacement) as Any),
                ("explanation", o.explanation.rawValue), ("option", o.explanation.option as Any),
                ("points", o.points), ("reference_points", o.referencePoints),
                ("matched_as_read", o.matchedAsRead as Any), ("matched_aligned", o.matchedAligned as Any),
                ("mean_distance_as_read_m", o.meanDistanceAsReadM as Any), ("mean_distance_aligned_m", o.meanDistanceAlignedM as Any),
                ("gcj02_offset", displacement(o.gcj02Offset)), ("bd09_offset", displacement(o.bd09Offset)),
                ("features_sampled", o.sampled),
                ("share_inside_as_read", o.asRead), ("share_inside_gcj02_undone", o.shiftedFromGCJ), ("share_inside_gcj02_applied", o.shiftedToGCJ),
            ] as [(String, Any)]))
        }
        object.append(("warnings", warnings))
        var out: [UInt8] = []
        OrderedJSON.append(object, to: &out, indent: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Minimal ordered JSON output for reports (Foundation's encoder does not keep key order).
enum OrderedJSON {
    static func append(_ value: Any, to out: inout [UInt8], indent: Int) {
        let pad = { (n: Int) in [UInt8](repeating: 0x20, count: n) }
        switch value {
        case let pairs as [(String, Any)]:
            out.append(contentsOf: "{\n".utf8)
            for (k, (key, v)) in pairs.enumerated() {
                out.append(contentsOf: pad(indent + 2))
                JSONText.appendString(key, to: &out)
                out.append(contentsOf: ": ".utf8)
                append(v, to: &out, indent: indent + 2)
                out.append(contentsOf: (k < pairs.count - 1 ? ",\n" : "\n").utf8)
            }
            out.append(contentsOf: pad(indent))
            out.append(UInt8(ascii: "}"))
        case let list as [Any]:
            if list.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (k, v) in list.enumerated() {
                if k > 0 { out.append(contentsOf: ", ".utf8) }
                append(v, to: &out, indent: indent)
            }
            out.append(UInt8(ascii: "]"))
        case let s as String:
            JSONText.appendString(s, to: &out)
        case let i as Int:
            out.append(contentsOf: String(i).utf8)
        case let d as Double:
            NumberFormatting.append(d, to: &out)
        case let b as Bool:
            out.append(contentsOf: (b ? "true" : "false").utf8)
        case let o as Optional<Any>:
            if case let .some(v) = o { append(v, to: &out, indent: indent) } else { out.append(contentsOf: "null".utf8) }
        }
    }
}

extension LayerReport {
    /// A declared CRS as a line shows it: codes and names as they are, a WKT definition
    /// (from a .prj or a GeoPackage) as "WKT" with its first name.
    static func shortCRSText(_ text: String) -> String {
        guard text.count > 60, let open = text.firstIndex(of: "[") else { return text }
        let keyword = text[..<open]
        let rest = text[text.index(after: open)...]
        guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else { return "WKT \(keyword)" }
        return "WKT \(keyword) \"\(rest[rest.index(after: rest.startIndex)..<close])\""
    }
}
