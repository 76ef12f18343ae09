import Foundation
import Spatial

/// What the Chinese reports say for what the libraries and readers say in English: CRS
/// names, GEOS's validity reasons, the layer loader's warnings, feature statuses, check ids.
/// Codes (`ok`, `far_min`, `EPSG:4550`) stay beside the Chinese so that a reader can find
/// them in the CSV files, which keep English column names and codes.
public enum ChineseText {
    // MARK: Coordinate reference systems

    /// `EPSG:4550（2000国家大地坐标系 / 3度带高斯-克吕格 123°E）`; in English the CRS as it is.
    public static func crs(_ crs: CRS, _ language: ReportLanguage) -> String {
        guard language == .zh else { return crs.description }
        guard let name = crsName(crs) else { return crs.description }
        return (crs.identifier.map { "\($0)（" } ?? "") + name + (crs.identifier == nil ? "" : "）")
    }

    /// The Chinese name of the CRSs Chinese land data come in; nil for others.
    public static func crsName(_ crs: CRS) -> String? { crs.epsg.flatMap(crsName(epsg:)) }

    /// The Chinese name of an EPSG code's CRS, for the codes Chinese land data come in.
    public static func crsName(epsg code: Int) -> String? {
        let cgcs = "2000国家大地坐标系"
        switch code {
        case 4490: return cgcs
        case 4326: return "WGS 84 经纬度"
        case 4214: return "1954北京坐标系"
        case 4610: return "1980西安坐标系"
        case 3857: return "Web墨卡托（WGS 84）"
        case 4534...4554: return "\(cgcs) / 3度带高斯-克吕格 \(75 + 3 * (code - 4534))°E"
        case 4513...4533: return "\(cgcs) / 3度带高斯-克吕格 第\(25 + code - 4513)带（东坐标含带号）"
        case 4502...4512: return "\(cgcs) / 6度带高斯-克吕格 \(75 + 6 * (code - 4502))°E"
        case 4491...4501: return "\(cgcs) / 6度带高斯-克吕格 第\(13 + code - 4491)带（东坐标含带号）"
        case 32601...32660: return "WGS 84 / UTM 第\(code - 32600)带（北半球）"
        default: return nil
        }
    }

    /// An ellipsoid's name: CGCS2000 and WGS 84 are known by these names in Chinese too.
    public static func ellipsoid(_ name: String, _ language: ReportLanguage) -> String {
        language == .zh ? "\(name) 椭球" : name
    }

    // MARK: Statuses and checks

    public static func status(_ s: FeatureStatus, _ language: ReportLanguage) -> String {
        guard language == .zh else { return s.rawValue }
        let zh = switch s {
        case .ok: "正常"
        case .repaired: "已修复"
        case .noGeometry: "无图形"
        case .error: "无法使用"
        }
        return "\(zh) (\(s.rawValue))"
    }

    /// The Chinese name of a `validate` check id.
    public static func checkName(_ id: String) -> String {
        switch id {
        case "geometry": "图形"
        case "area_declared": "申报用地面积"
        case "zone": "三区一线分区"
        case "constraints": "三区三线"
        case "overlap_existing": "与已供地块重叠"
        case "overlap_proposals": "与其他申请地块重叠"
        case "far_min": "容积率下限"
        case "far_max": "容积率上限"
        case "coverage": "建筑系数"
        case "admin_share": "行政办公及生活服务设施用地比例"
        case "green_ratio": "绿地率"
        case "investment_intensity": "投资强度"
        case "tax_per_mu": "亩均税收"
        case "energy_value_added": "单位能耗增加值"
        case "emission_value_added": "单位排放增加值"
        case "rnd_share": "研发投入占比"
        case "industry": "产业准入"
        case "negative_list": "负面清单"
        default: id
        }
    }

    /// `容积率下限 (far_min)` in Chinese, the id in English.
    public static func check(_ id: String, _ language: ReportLanguage) -> String {
        language == .zh ? "\(checkName(id)) (\(id))" : id
    }

    // MARK: Messages

    /// GEOS's validity reasons (IsValidOp), by kind.
    static let geosReasons: [(String, String)] = [
        ("Ring Self-intersection", "环自相交"), ("Self-intersection", "自相交"), ("Too few points in geometry component", "组成部分点数过少"),
        ("Too few points", "点数过少"), ("Interior is disconnected", "内部不连通"), ("Hole lies outside shell", "内环位于外环之外"),
        ("Holes are nested", "内环相互嵌套"), ("Nested shells", "外环相互嵌套"), ("Duplicate Rings", "重复的环"),
        ("Invalid Coordinate", "坐标无效"), ("Ring is not closed", "环未闭合"), ("Nested holes", "内环相互嵌套"),
    ]

    /// Known English sentences of the readers, the layer loader and the coordinate checks,
    /// as regular expressions with their Chinese (`$1`… are the captured parts).
    static let sentences: [(NSRegularExpression, String)] = [
        (#"x and y swapped as read \(--swap-xy\)"#, "读取时已交换 x、y（--swap-xy）"),
        (#"the file declares (.+); --crs (.+) is used instead"#, "文件声明的坐标系为 $1，按 --crs 改用 $2"),
        (#"the file does not declare a CRS; its coordinates look like longitude/latitude and are read as EPSG:4326 \(pass --crs EPSG:4490 for CGCS2000\)"#,
         "文件未声明坐标系：坐标看似经纬度，按 EPSG:4326 读取（2000国家大地坐标系请用 --crs EPSG:4490）"),
        (#"coordinates converted from (\S+) \(web map\) to WGS 84 as read \((\S+)\): (\d+) positions moved"#, "读取时已将坐标由 $1（网络地图）转换为 WGS 84（$2）：移动 $3 个点"),
        (#"coordinates \((.+)\) have y outside ±90: latitude and longitude look swapped \(x must be longitude\); pass --swap-xy"#,
         "坐标（$1）的 y 超出 ±90：经纬度似乎颠倒（x 应为经度），请加 --swap-xy"),
        (#"coordinates \((.+)\) look like China with latitude first: x must be longitude, y latitude; pass --swap-xy"#,
         "坐标（$1）像是纬度在前的中国范围：x 应为经度、y 为纬度，请加 --swap-xy"),
        (#"coordinates \((.+)\) look like degrees although the CRS (.+) is projected; name the right CRS with --crs"#,
         "坐标（$1）像是经纬度，但坐标系 $2 是投影坐标系：请用 --crs 指定正确的坐标系"),
        (#"coordinates \((.+)\) look like surveyors' X = northing, Y = easting: x must be easting, y northing"#,
         "坐标（$1）像是测量习惯的 X 为北坐标、Y 为东坐标：x 应为东坐标、y 为北坐标"),
        (#"(\d+) curved geometr(?:y|ies) linearised"#, "$1 个曲线图形已折线化"),
    ].compactMap { pattern, zh in (try? NSRegularExpression(pattern: pattern)).map { ($0, zh) } } // literals: all compile (tested)

    /// A GEOS reason in Chinese (`Self-intersection at (x, y)` → `自相交，位置 (x, y)`); other
    /// text as it is.
    public static func geometryReason(_ text: String) -> String {
        var out = text
        for (en, zh) in geosReasons where out.contains(en) {
            out = out.replacingOccurrences(of: en + " at (", with: zh + "，位置 (").replacingOccurrences(of: en, with: zh)
        }
        return out.replacingOccurrences(of: "repaired: ", with: "已修复：")
            .replacingOccurrences(of: "nothing with an area is left after repair", with: "修复后无面积")
    }

    /// `EPSG:code (name)` in a message, compiled once (not per message).
    static let namedCRS = try? NSRegularExpression(pattern: #"EPSG:(\d+) \((?:[^()]|\([^()]*\))*\)"#)

    /// A message for a Chinese report: the known sentences and GEOS reasons translated; one
    /// that is still English is marked as the reader's own words (`（原文）…`), never passed
    /// off as translated.
    public static func message(_ text: String, _ language: ReportLanguage) -> String {
        guard language == .zh else { return text }
        var out = geometryReason(text)
        for (pattern, zh) in sentences {
            let range = NSRange(out.startIndex..., in: out)
            out = pattern.stringByReplacingMatches(in: out, range: range, withTemplate: zh)
        }
        // "EPSG:4490 (China Geodetic Coordinate System 2000)" → "EPSG:4490（2000国家大地坐标系）".
        for m in (namedCRS?.matches(in: out, range: NSRange(out.startIndex..., in: out)) ?? []).reversed() {
            guard let r = Range(m.range, in: out), let codeRange = Range(m.range(at: 1), in: out), let code = Int(out[codeRange]),
                  let name = crsName(epsg: code) else { continue }
            out.replaceSubrange(r, with: "EPSG:\(code)（\(name)）")
        }
        return isStillEnglish(out) ? "（原文）" + out : out
    }

    /// Whether prose words remain: a run of four or more ASCII letters once `code`, paths,
    /// options, CRS identifiers and names of software are taken out.
    static func isStillEnglish(_ text: String) -> Bool {
        var t = text
        for pattern in [#"`[^`]*`"#, #"\S*[/\\.]\S*"#, #"--[A-Za-z0-9-]+"#, #"EPSG:\d+"#, #"\b(WGS|CGCS|GEOS|GDAL|PROJ|UTM|Web|GCJ|BD)\S*"#] {
            t = t.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return t.range(of: "[A-Za-z]{4,}", options: .regularExpression) != nil
    }
}
