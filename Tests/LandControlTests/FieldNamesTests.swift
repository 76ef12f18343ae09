@testable import LandControl
import Spatial
import Testing

@Suite("field names cut by a Shapefile's 10-byte limit")
struct FieldNamesTests {
    @Test("10 letters or 5 Chinese characters (GBK) that begin a known name match it; shorter names do not")
    func truncated() {
        // What ogr2ogr and ArcGIS write for the ledger's long names.
        #expect(FieldNames.isTruncation("investment", of: "investment_wan"))
        #expect(FieldNames.isTruncation("agreed_sta", of: "agreed_start"))
        #expect(FieldNames.isTruncation("约定开工日", of: "约定开工日期"))        // GBK: 10 bytes
        #expect(FieldNames.isTruncation("固定资产投", of: "固定资产投资额"))
        #expect(FieldNames.isTruncation("约定开", of: "约定开工日期"))           // UTF-8: 9 bytes
        #expect(!FieldNames.isTruncation("用地", of: "用地面积"))                // 4 bytes: a name of its own
        #expect(!FieldNames.isTruncation("agreed", of: "agreed_start"))
        #expect(!FieldNames.isTruncation("investment", of: "investment"))      // equal is not cut
        #expect(!FieldNames.isTruncation("investor_n", of: "investment_wan"))
    }

    @Test("an exact name wins over a cut one; the ledger readers find cut names")
    func lookup() {
        #expect(FieldNames.key(["agreed_start", "约定开工日期"], in: ["agreed_sta", "约定开工日期"]) == "约定开工日期")
        #expect(FieldNames.key(KnownField.agreedStart.aliases, in: ["parcel_id", "agreed_sta"]) == "agreed_sta")
        let p = GrantProposal(properties: Properties([("investment", .number("1200")), ("用地面积", .number("10000"))]))
        #expect(p.investmentWan == 1200)
    }
}
