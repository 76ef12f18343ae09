import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// The industry negative list (负面清单): codes at any level, from the rules file and from a
/// park's zone, in `validate` (check `negative_list`).
@Suite("negative list")
struct NegativeListTests {
    @Test("a listed code covers the codes under it: section, division, class; a less specific code is not covered")
    func matching() {
        let list = NegativeList([.init(code: "25", reason: "高耗能"), .init(code: "C3011", reason: "水泥熟料"), .init(code: "B", reason: "采矿")])
        #expect(list.matches("2511").map(\.code) == ["25"] && list.matches("C2511").map(\.code) == ["25"] && list.matches("25").map(\.code) == ["25"])
        #expect(list.matches("C3011").map(\.code) == ["C3011"] && list.matches("3011").map(\.code) == ["C3011"])
        #expect(list.matches("C3021").isEmpty && list.matches("30").isEmpty && list.matches("2611").isEmpty)
        // Section B is divisions 06–12: 0610 (煤炭开采) is under it, by its letter or its division.
        #expect(list.matches("0610").map(\.code) == ["B"] && list.matches("B0610").map(\.code) == ["B"] && list.matches("1310").isEmpty)
        #expect(NegativeList.parse(attribute: "25:高耗能；C3011：水泥熟料、33", source: "zone P1").map(\.code) == ["25", "C3011", "33"])
        #expect(NegativeList.parse(attribute: "25:高耗能；C3011：水泥熟料、33", source: "zone P1").map(\.reason) == ["高耗能", "水泥熟料", ""])
    }

    @Test("rules file: grant.negative_list as a mapping or a list; a code that is none is refused with its line")
    func rules() throws {
        let r = try Rules.parse("grant:\n  negative_list:\n    \"25\": 石油、煤炭及其他燃料加工业（高耗能）\n    C3011: 水泥熟料（产能过剩）\n")
        #expect(r.negativeList.entries.map(\.code) == ["25", "C3011"] && r.negativeList.entries[0].reason == "石油、煤炭及其他燃料加工业（高耗能）")
        let list = try Rules.parse("grant:\n  negative_list:\n    - {code: \"2511\", reason: 炼油}\n    - {code: C}\n")
        #expect(list.negativeList.entries.map(\.code) == ["2511", "C"] && list.negativeList.entries[1].reason == "")
        #expect(Rules.defaults.negativeList.isEmpty)
        #expect(throws: RulesError.self) { try Rules.parse("grant:\n  negative_list:\n    C30119: 太长\n") }
        do {
            _ = try Rules.parse("grant:\n  negative_list:\n    - {code: 25, why: x}\n")
            Issue.record("an unknown key was accepted")
        } catch let e as RulesError {
            #expect(e.line == 3 && e.description.contains("unknown key 'why'"))
        }
    }

    @Test("validate: fails a proposal under the rules' list at division and class level, and under its park's own list")
    func validate() throws {
        let v = GrantValidationTests()
        // P1 (x 550–1000) carries its own list; C0 (x 0–550) and C2 (x 1000–2000) none.
        let park = "{\"type\":\"Feature\",\"properties\":{\"zone_id\":\"P1\",\"zone\":\"cluster\",\"负面清单\":\"33:园区不再准入金属制品\"},\"geometry\":\(HandMadeDistrict.box(550, 0, 1000, 2000))}"
        let zones = HandMadeDistrict.collection([HandMadeDistrict.zone("C0", "cluster", HandMadeDistrict.box(0, 0, 550, 2000)), park,
                                                 HandMadeDistrict.zone("C2", "cluster", HandMadeDistrict.box(1000, 0, 2000, 2000))])
        var rules = Rules()
        rules.grant.negativeList = NegativeList([.init(code: "25", reason: "高耗能"), .init(code: "C3011", reason: "水泥熟料")])
        let r = try v.validate([
            GrantValidationTests.proposal("DIV", 0, v.with(["industry_code": "2511"])),      // x 0–200: under 25
            GrantValidationTests.proposal("CLASS", 1, v.with(["industry_code": "C3011"])),   // x 300–500: the class itself
            GrantValidationTests.proposal("SIBLING", 4, v.with(["industry_code": "C3021"])), // x 1200–1400: another class of 30
            GrantValidationTests.proposal("PARK", 2, v.with(["industry_code": "C3311"])),    // x 600–800, in P1: 33 is on its list
            GrantValidationTests.proposal("OUTSIDE", 5, v.with(["industry_code": "C3311"])), // x 1500, in C2: no park list
            GrantValidationTests.proposal("NOCODE", 6, v.with(["industry_code": nil])),
        ], rules: rules, zones: zones)
        func check(_ id: String) -> CheckOutcome? { r.verdicts.first { $0.id == id }?.check("negative_list") }
        func verdict(_ id: String) -> Verdict? { r.verdicts.first { $0.id == id }?.verdict }
        #expect(check("DIV")?.result == .fail && check("DIV")?.note == "industry 2511 is on the negative list: 25（rules, 高耗能）")
        #expect(check("DIV")?.required == "25;C3011" && check("PARK")?.required == "25;C3011;33" && verdict("DIV") == .reject)
        #expect(check("CLASS")?.result == .fail && check("CLASS")?.note?.contains("C3011（rules, 水泥熟料）") == true && verdict("CLASS") == .reject)
        #expect(check("SIBLING")?.result == .pass && check("SIBLING")?.required == "25;C3011" && verdict("SIBLING") == .approve)
        #expect(check("PARK")?.result == .fail && check("PARK")?.note == "industry C3311 is on the negative list: 33（zone P1, 园区不再准入金属制品）")
        #expect(check("OUTSIDE")?.result == .pass && verdict("OUTSIDE") == .approve)
        #expect(check("NOCODE")?.result == .missing && verdict("NOCODE") != .approve)
        // Without any list the check does not apply.
        let none = try v.validate([GrantValidationTests.proposal("DIV", 0, v.with(["industry_code": "2511"]))])
        #expect(none.verdicts[0].check("negative_list")?.result == .notApplicable && none.verdicts[0].verdict == .approve)
    }
}
