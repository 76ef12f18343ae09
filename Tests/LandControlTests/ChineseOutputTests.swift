import Foundation
@testable import LandControl
import Spatial
import Testing
import TestSupport

/// Issue 18, items 9–11: Chinese all the way through the zh reports, units, totals explained.
@Suite("Chinese reports: CRS names, GEOS reasons, warnings, check names, notes on totals")
struct ChineseOutputTests {
    @Test("CRS names in Chinese, by EPSG code; other CRSs as PROJ names them")
    func crsNames() throws {
        let engine = GeometryEngine()
        #expect(ChineseText.crs(try engine.crs("EPSG:4550"), .zh) == "EPSG:4550（2000国家大地坐标系 / 3度带高斯-克吕格 123°E）")
        #expect(ChineseText.crs(try engine.crs("EPSG:4529"), .zh) == "EPSG:4529（2000国家大地坐标系 / 3度带高斯-克吕格 第41带（东坐标含带号））")
        #expect(ChineseText.crs(try engine.crs("EPSG:4549"), .zh).contains("120°E")) // Ningbo: zone 40, CM 120°E
        #expect(ChineseText.crs(try engine.crs("EPSG:4490"), .zh) == "EPSG:4490（2000国家大地坐标系）")
        #expect(ChineseText.crs(try engine.crs("EPSG:4550"), .en) == "EPSG:4550 (CGCS2000 / 3-degree Gauss-Kruger CM 123E)")
    }

    @Test("every known sentence's pattern and the CRS-name pattern compile (they are read from literals, never from a file)")
    func patternsCompile() {
        #expect(ChineseText.sentences.count == 9)
        #expect(ChineseText.namedCRS != nil)
    }

    @Test("GEOS reasons by kind, known warnings translated, the rest marked as the reader's words")
    func messages() {
        #expect(ChineseText.message("Self-intersection at (122.2025, 30.00045)", .zh) == "自相交，位置 (122.2025, 30.00045)")
        #expect(ChineseText.message("Ring Self-intersection at (1, 2)", .zh) == "环自相交，位置 (1, 2)")
        #expect(ChineseText.message("Hole lies outside shell at (122.208, 30)", .zh) == "内环位于外环之外，位置 (122.208, 30)")
        #expect(ChineseText.message("shapes/x.csv: the file does not declare a CRS; its coordinates look like longitude/latitude and are read as EPSG:4326 (pass --crs EPSG:4490 for CGCS2000)", .zh)
                == "shapes/x.csv: 文件未声明坐标系：坐标看似经纬度，按 EPSG:4326 读取（2000国家大地坐标系请用 --crs EPSG:4490）")
        #expect(ChineseText.message("a.geojson: the file declares EPSG:4326 (WGS 84); --crs EPSG:4490 (China Geodetic Coordinate System 2000) is used instead", .zh)
                .hasPrefix("a.geojson: 文件声明的坐标系为 EPSG:4326"))
        #expect(ChineseText.message("row has 3 fields but the header has 4", .zh) == "（原文）row has 3 fields but the header has 4")
        #expect(ChineseText.message("Self-intersection at (1, 2)", .en) == "Self-intersection at (1, 2)")
        #expect(ChineseText.check("far_min", .zh) == "容积率下限 (far_min)" && ChineseText.check("far_min", .en) == "far_min")
        #expect(GrantValidator.checkIDs.allSatisfy { ChineseText.checkName($0) != $0 }) // every check has its Chinese name
        #expect(KnownField.allCases.allSatisfy { !$0.chineseName.isEmpty })
    }

    /// Words that are codes, shown beside their Chinese (`none`, `not_industrial`…).
    static let codes: Set<String> = Set(IdleClass.allCases.map(\.rawValue) + RetrofitReason.allCases.map(\.rawValue)
        + FeatureStatus.allCases.map(\.rawValue) + ZoneKind.allCases.map(\.rawValue) + PriorityGroup.allCases.map(\.rawValue)
        + FARSource.allCases.map(\.rawValue) + Verdict.allCases.map(\.rawValue) + GrantValidator.checkIDs + ["outside"])

    /// English words left in a Chinese report once codes, paths, identifiers and ids are taken out.
    static func english(_ text: String) -> [String] {
        var t = text
        for pattern in [#"`[^`]*`"#, #"\([A-Za-z_0-9./, -]*\)"#, #"\b[A-Z][A-Z0-9_]{3,}\b"#, #"\S*[/\\.]\S*"#, #"EPSG:\d+"#, #"--[a-z-]+"#,
                        #"\b(CGCS2000|WGS|GEOS|UTM)\b"#, #"ZS-\w+"#] {
            t = t.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        var words = Set<String>()
        for m in t.matches(of: #/[A-Za-z][A-Za-z_0-9]{3,}/#) where !codes.contains(String(m.output)) { words.insert(String(m.output)) }
        return words.sorted()
    }

    @Test("the demo's four Chinese summaries hold no English prose; the totals that are not column sums say why")
    func demoSummaries() throws {
        var c = ClassifyOptions(zonesPath: Repository.shapes("zones.geojson"), parcelsPath: Repository.shapes("parcels.geojson"))
        c.idField = "parcel_id"
        let classify = ClassificationSummary.markdown(try Classifier.run(c))
        var v = ValidateOptions(proposalsPath: Repository.shapes("proposals.geojson"), zonesPath: Repository.shapes("zones.geojson"))
        v.existingPath = Repository.shapes("parcels.geojson")
        let validate = GrantValidationOutput.markdown(try GrantValidator.run(v))
        let idle = IdleSummary.markdown(try IdleDemoTests.run(asOf: "2025-12-31", language: .zh))
        var r = RetrofitOptions(parcelsPath: Repository.shapes("parcels.geojson"), zonesPath: Repository.shapes("zones.geojson"), asOf: try LedgerDate.parse("2025-12-31"))
        r.sites.idField = "parcel_id"
        r.sites.buildingsPath = Repository.shapes("buildings.geojson")
        let retrofit = RetrofitSummary.markdown(try Retrofit.run(r))
        for (name, text) in [("classify", classify), ("validate", validate), ("idle", idle), ("retrofit", retrofit)] {
            #expect(Self.english(text).isEmpty, "\(name): \(Self.english(text))")
        }
        #expect(classify.contains("EPSG:4550（2000国家大地坐标系 / 3度带高斯-克吕格 123°E）"))
        #expect(validate.contains("| 容积率下限 (far_min) |") && validate.contains("| ZS-P0127 | 不通过 | 容积率下限 |"))
        // Zone areas (shapes/README.md): 2,354,991.2 + 728,958.8 + 972,916.4 = 4,056,866.4 m²
        // for the three kinds, 4,038,903.3 m² merged: the 17,963.1 m² of ZS-Z01 ∩ ZS-Z03 once.
        #expect(classify.contains("三区相互重叠的 17,963.1 m²（26.94 亩）只计一次"))
        #expect(classify.contains("注：合计不是各行之和"))
        #expect(retrofit.contains("亩均税收 (万元/亩)") && retrofit.contains("注：合计为四个分区"))
    }
}
