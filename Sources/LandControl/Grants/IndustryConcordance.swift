/// Manufacturing divisions of GB/T 4754-2017 (《国民经济行业分类》, as 2011) read in the
/// GB/T 4754-2002 numbering of the 2008 《工业项目建设用地控制指标》 FAR table.
///
/// The two lists, division by division (2002 → 2017): 13–28 keep their numbers; 2002's
/// 29 橡胶制品业 and 30 塑料制品业 merged into 2017's 29 橡胶和塑料制品业 (groups 291 橡胶,
/// 292 塑料), so every later division moved down by one: 31 非金属矿物 → 30, 32 黑色金属 → 31,
/// 33 有色金属 → 32, 34 金属制品 → 33, 35 通用设备 → 34, 36 专用设备 → 35; 2002's 37
/// 交通运输设备 split into 2017's 36 汽车 and 37 铁路、船舶、航空航天和其他运输设备; 39 电气
/// → 38, 40 通信设备、计算机 → 39, 41 仪器仪表及文化、办公用机械 → 40 (文化、办公用机械 went to
/// 2017's group 347), 42 工艺品及其他 → 41 (工艺美术 went to 2017's group 243), 43 废弃资源和
/// 废旧材料回收加工 → 42. 2017's 43 金属制品、机械和设备修理业 is new (2011): its repair work
/// sat in no 2002 division of its own, so it has no 2002 number.
public enum IndustryConcordance {
    /// The 2002 division of a 2017 division, where one division corresponds to one.
    static let division2017to2002: [String: String] = {
        var t: [String: String] = [:]
        for d in 13...28 { t[String(d)] = String(d) }
        t["30"] = "31"; t["31"] = "32"; t["32"] = "33"; t["33"] = "34"; t["34"] = "35"; t["35"] = "36"
        t["36"] = "37"; t["37"] = "37"; t["38"] = "39"; t["39"] = "40"; t["40"] = "41"; t["41"] = "42"; t["42"] = "43"
        return t
    }()

    /// 2017 groups (three digits) whose 2002 division is not their division's.
    static let group2017to2002: [String: String] = [
        "291": "29", // 橡胶制品业
        "292": "30", // 塑料制品业
        "243": "42", // 工艺美术及礼仪用品制造 (2002: 工艺品)
        "347": "41", // 文化、办公用机械制造 (2002: 仪器仪表及文化、办公用机械)
    ]

    /// What a 2017 code says about its 2002 division.
    public enum Reading: Equatable, Sendable {
        /// One 2002 division.
        case division(String)
        /// The code is too short to tell between these (2017 division 29 without its group:
        /// 29 橡胶 or 30 塑料).
        case either([String])
        /// No 2002 division corresponds (2017 division 43, or a code outside manufacturing).
        case none
    }

    /// The 2002 division of a GB/T 4754-2017 code (`C3411`, `3411`, `341` or `34`): by its
    /// group where the group moved on its own, else by its division.
    public static func division2002(of code2017: String) -> Reading {
        let digits = code2017.filter(\.isNumber)
        if digits.count >= 3, let d = group2017to2002[String(digits.prefix(3))] { return .division(d) }
        let division = String(digits.prefix(2))
        if division == "29" { return .either(["29", "30"]) }
        if let d = division2017to2002[division] { return .division(d) }
        return .none
    }
}
