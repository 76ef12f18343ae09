import Spatial

/// The land-use classifications parcels carry their use in.
///
/// Letter codes are GB 50137-2011 (城市用地分类与规划建设用地标准) in every scheme: no other
/// classification uses letters. Numeric codes are the question: GB/T 21010 (土地利用现状分类,
/// 2007 three digits, 2017 four digits, with the 第三次全国国土调查 work codes such as `0508`),
/// which 供地备案 and 不动产 ledgers use, and the 2023 《国土空间调查、规划、用途管制用地用海分类
/// 指南》 that plans use, share four-digit codes with different meanings: `0601` is 工业用地 in
/// GB/T 21010-2017 and 种植设施建设用地 in 2023; `1001` is 铁路用地 there and 工业用地 here.
public enum LandUseScheme: String, Sendable, CaseIterable {
    /// GB 50137-2011 letter codes only; numeric codes are not read.
    case gb50137
    /// Numeric codes read as GB/T 21010 (2007, 2017, 三调 work codes).
    case gbt21010
    /// Numeric codes read as the 2023 用地用海分类.
    case y2023 = "2023"
    /// Decided from the layer's values (``LandUse/settle(_:values:file:)``): stops when
    /// its codes fit two schemes and nothing tells which.
    case auto

    public init?(argument: String) {
        let t = argument.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "/", with: "").replacingOccurrences(of: " ", with: "")
        switch t {
        case "gb50137", "gb50137-2011": self = .gb50137
        case "gbt21010", "gbt21010-2017", "gbt21010-2007", "21010": self = .gbt21010
        case "2023", "用地用海", "用地用海分类": self = .y2023
        case "auto": self = .auto
        default: return nil
        }
    }

    public func name(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.gb50137, .zh): "GB 50137-2011 城市用地分类"
        case (.gb50137, .en): "GB 50137-2011 (urban land use)"
        case (.gbt21010, .zh): "GB/T 21010 土地利用现状分类（2007/2017，含三调工作分类）"
        case (.gbt21010, .en): "GB/T 21010 (land use status, 2007/2017 and the third land survey's work codes)"
        case (.y2023, .zh): "国土空间用地用海分类（2023）"
        case (.y2023, .en): "2023 用地用海分类 (territorial spatial land and sea use)"
        case (.auto, .zh): "按代码自动判别（各代码只属一种分类）"
        case (.auto, .en): "per code (each code fits one scheme only)"
        }
    }
}

/// Land-use codes as parcels carry them, in the schemes of ``LandUseScheme``, or their
/// Chinese names.
public enum LandUse {
    public enum Category: String, Sendable {
        case industrial, warehousing, mining, other, unknown
    }

    /// The category of a use value in `scheme`. Chinese names (二类工业用地, 物流仓储用地…)
    /// are read by their words in any scheme. Under `auto` (a layer whose codes were
    /// settled to fit one scheme each) a numeric code is read in the scheme it fits; one
    /// that fits both is read as 2023, as before schemes were told apart.
    public static func category(of value: String, scheme: LandUseScheme = .auto) -> Category {
        let v = normalized(value)
        guard !v.isEmpty else { return .unknown }
        if let letter = v.first, letter.isASCII, letter.isLetter {
            return GB50137.category(v) ?? words(value)
        }
        if isCode(v) {
            switch scheme {
            case .gb50137: return .unknown
            // A code the scheme does not have says nothing about the use (listed as unread).
            case .gbt21010: return GBT21010.category(v) ?? .unknown
            case .y2023: return Y2023.category(v) ?? .unknown
            case .auto: return Y2023.category(v) ?? GBT21010.category(v) ?? .unknown
            }
        }
        return words(value)
    }

    /// Industrial under the rules: industrial codes, mining when `mining_is_industrial`,
    /// warehousing when `warehousing_is_industrial`; nil when the value says nothing.
    public static func isIndustrial(_ value: String, rules: ClassificationRules) -> Bool? {
        switch category(of: value, scheme: rules.useScheme) {
        case .industrial: true
        case .warehousing: rules.warehousingIsIndustrial
        case .mining: rules.miningIsIndustrial
        case .other: false
        case .unknown: nil
        }
    }

    /// Industrial with the default rules but `warehousingCounts` (codes read as under `auto`).
    public static func isIndustrial(_ value: String, warehousingCounts: Bool) -> Bool? {
        var rules = ClassificationRules()
        rules.warehousingIsIndustrial = warehousingCounts
        return isIndustrial(value, rules: rules)
    }

    /// The Chinese name of a code in `scheme` (`0601` → 工业用地 in GB/T 21010), nil for a
    /// name or an unknown code.
    public static func label(of value: String, scheme: LandUseScheme = .auto) -> String? {
        let v = normalized(value)
        guard let first = v.first else { return nil }
        if first.isASCII, first.isLetter { return GB50137.name(v) }
        guard isCode(v) else { return nil }
        switch scheme {
        case .gb50137: return nil
        case .gbt21010: return GBT21010.name(v)
        case .y2023: return Y2023.name(v)
        case .auto: return Y2023.name(v) ?? GBT21010.name(v)
        }
    }

    /// `0601（工业用地）`: the value with its name beside it, when it is a known code.
    public static func shown(_ value: String, scheme: LandUseScheme) -> String {
        guard let name = label(of: value, scheme: scheme) else { return value }
        return "\(value)（\(name)）"
    }

    /// How a layer's numeric codes were settled.
    public struct Settled: Sendable, Equatable {
        /// The scheme to read the layer in (`auto`: each code fits one scheme only).
        public var scheme: LandUseScheme
        /// The scheme asked for.
        public var requested: LandUseScheme
        /// Codes that decided it (up to three), for the summary.
        public var evidence: [String]
        /// Numeric codes that no scheme knows, or that the chosen scheme does not read.
        public var unread: [String]
    }

    /// Settles `auto` for a layer from its distinct use values: each numeric code fits
    /// GB/T 21010, the 2023 classification, both or neither. Codes that fit one scheme only
    /// decide for the codes that fit both; when codes fit both and nothing (or both
    /// schemes at once) decides, it stops — an ``InputError`` naming both readings — rather
    /// than guess. A scheme given outright is kept (its unread codes are listed).
    public static func settle(_ requested: LandUseScheme, values: some Sequence<String>, file: String) throws -> Settled {
        var codes = Set<String>()
        for value in values {
            let v = normalized(value)
            if isCode(v) { codes.insert(v) }
        }
        let sorted = codes.sorted()
        switch requested {
        case .gb50137:
            return Settled(scheme: .gb50137, requested: requested, evidence: [], unread: sorted)
        case .gbt21010:
            return Settled(scheme: .gbt21010, requested: requested, evidence: [], unread: sorted.filter { GBT21010.name($0) == nil })
        case .y2023:
            return Settled(scheme: .y2023, requested: requested, evidence: [], unread: sorted.filter { Y2023.name($0) == nil })
        case .auto:
            break
        }
        let only21010 = sorted.filter { GBT21010.name($0) != nil && Y2023.name($0) == nil }
        let only2023 = sorted.filter { Y2023.name($0) != nil && GBT21010.name($0) == nil }
        let both = sorted.filter { Y2023.name($0) != nil && GBT21010.name($0) != nil }
        let neither = sorted.filter { Y2023.name($0) == nil && GBT21010.name($0) == nil }
        if both.isEmpty {
            // Every code fits one scheme at most: nothing to guess.
            let scheme: LandUseScheme = only21010.isEmpty && !only2023.isEmpty ? .y2023 : only2023.isEmpty && !only21010.isEmpty ? .gbt21010 : .auto
            return Settled(scheme: scheme, requested: requested, evidence: Array((only21010 + only2023).prefix(3)), unread: neither)
        }
        if only2023.isEmpty != only21010.isEmpty {
            let scheme: LandUseScheme = only2023.isEmpty ? .gbt21010 : .y2023
            return Settled(scheme: scheme, requested: requested, evidence: Array((only2023.isEmpty ? only21010 : only2023).prefix(3)), unread: neither)
        }
        let examples = both.prefix(3).map { "\($0) = \(GBT21010.name($0)!)（GB/T 21010）/ \(Y2023.name($0)!)（2023）" }.joined(separator: "; ")
        let why = only2023.isEmpty
            ? "no code tells them apart"
            : "the layer has codes of both (GB/T 21010 only: \(only21010.prefix(3).joined(separator: ", ")); 2023 only: \(only2023.prefix(3).joined(separator: ", ")))"
        throw ReadError(file: file, message: "the land-use codes fit two schemes, GB/T 21010 (土地利用现状分类) and the 2023 用地用海分类, and \(why): \(examples). Name the scheme with --use-scheme gbt21010 or --use-scheme 2023 (rules file: classification.use_scheme)")
    }

    /// The warning for codes a run could not read (nil when every code was read).
    public static func unreadWarning(_ s: Settled, _ language: ReportLanguage) -> String? {
        guard !s.unread.isEmpty else { return nil }
        let list = s.unread.prefix(8).joined(separator: ", ") + (s.unread.count > 8 ? " …" : "")
        return language == .zh
            ? "\(s.unread.count) 个用途代码不属于\(s.scheme.name(.zh))：\(list)；这些地块的用途按未知处理"
            : "\(s.unread.count) land-use code(s) are not in \(s.scheme.name(.en)): \(list); those parcels' use is taken as unknown"
    }

    /// How a summary names the reading: the scheme, and for `auto` the codes that decided it.
    public static func describe(_ s: Settled, _ language: ReportLanguage) -> String {
        let zh = language == .zh
        var text = s.scheme.name(language)
        if s.requested == .auto {
            text = (zh ? "自动判别：" : "auto: ") + text
            if !s.evidence.isEmpty { text += zh ? "（依据 \(s.evidence.joined(separator: "、"))）" : " (from \(s.evidence.joined(separator: ", ")))" }
        }
        return text
    }

    // MARK: Reading values

    static func normalized(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }

    /// Digits, possibly with the third land survey's letter suffix (`05H1`, `0810A`, `1104K`).
    static func isCode(_ v: String) -> Bool {
        guard let first = v.first, first.isASCII, first.isNumber, v.count <= 8 else { return false }
        return v.allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase) }
    }

    /// A use written out in words: 工业 industrial, 工矿 (工业 and 采矿) industrial, 采矿
    /// mining, 仓储/物流 warehousing.
    static func words(_ value: String) -> Category {
        if value.contains("工业") || value.contains("工矿") { return .industrial }
        if value.contains("采矿") { return .mining }
        if value.contains("仓储") || value.contains("物流") { return .warehousing }
        return .other
    }

    /// GB 50137-2011 城市用地分类 (letters): M 工业, W 物流仓储, H5 采矿.
    enum GB50137 {
        static let names: [String: String] = [
            "H": "建设用地", "H1": "城乡居民点建设用地", "H11": "城市建设用地", "H12": "镇建设用地", "H13": "乡建设用地", "H14": "村庄建设用地",
            "H2": "区域交通设施用地", "H3": "区域公用设施用地", "H4": "特殊用地", "H5": "采矿用地", "H9": "其他建设用地",
            "E": "非建设用地", "E1": "水域", "E2": "农林用地", "E9": "其他非建设用地",
            "R": "居住用地", "R1": "一类居住用地", "R2": "二类居住用地", "R3": "三类居住用地",
            "A": "公共管理与公共服务设施用地", "A1": "行政办公用地", "A2": "文化设施用地", "A3": "教育科研用地", "A31": "高等院校用地",
            "A32": "中等专业学校用地", "A33": "中小学用地", "A34": "特殊教育用地", "A35": "科研用地", "A4": "体育用地", "A5": "医疗卫生用地",
            "A6": "社会福利用地", "A7": "文物古迹用地", "A8": "外事用地", "A9": "宗教用地",
            "B": "商业服务业设施用地", "B1": "商业用地", "B2": "商务用地", "B3": "娱乐康体用地", "B4": "公用设施营业网点用地", "B9": "其他服务设施用地",
            "M": "工业用地", "M1": "一类工业用地", "M2": "二类工业用地", "M3": "三类工业用地",
            "W": "物流仓储用地", "W1": "一类物流仓储用地", "W2": "二类物流仓储用地", "W3": "三类物流仓储用地",
            "S": "道路与交通设施用地", "S1": "城市道路用地", "S2": "城市轨道交通用地", "S3": "交通枢纽用地", "S4": "交通场站用地", "S9": "其他交通设施用地",
            "U": "公用设施用地", "U1": "供应设施用地", "U2": "环境设施用地", "U3": "安全设施用地", "U9": "其他公用设施用地",
            "G": "绿地与广场用地", "G1": "公园绿地", "G2": "防护绿地", "G3": "广场用地",
        ]

        /// A code and its sub-codes (`M1a` → `M1`), longest known prefix.
        static func name(_ v: String) -> String? {
            var k = v
            while !k.isEmpty {
                if let n = names[k] { return n }
                k.removeLast()
            }
            return nil
        }

        static func category(_ v: String) -> LandUse.Category? {
            func major(_ letter: Character) -> Bool {
                v.first == letter && (v.count == 1 || v.dropFirst().first.map { $0 >= "1" && $0 <= "3" } == true)
            }
            if major("M") { return .industrial }
            if major("W") { return .warehousing }
            if v.hasPrefix("H5") { return .mining }
            return names[String(v.prefix(1))] != nil ? .other : nil
        }
    }

    /// GB/T 21010-2007 (three digits), GB/T 21010-2017 (four) and the 第三次全国国土调查 work
    /// classification (三调工作分类: `05H1`, `0508`, `08H1`, `08H2`…): 061/0601 工业用地,
    /// 062/0602 采矿用地, 063/0604 仓储用地, 0508 物流仓储用地.
    enum GBT21010 {
        static let names: [String: String] = {
            var t: [String: String] = [
                // First level (the same in 2007 and 2017).
                "01": "耕地", "02": "园地", "03": "林地", "04": "草地", "05": "商服用地", "06": "工矿仓储用地", "07": "住宅用地",
                "08": "公共管理与公共服务用地", "09": "特殊用地", "10": "交通运输用地", "11": "水域及水利设施用地", "12": "其他土地",
                // 2007, second level.
                "011": "水田", "012": "水浇地", "013": "旱地", "021": "果园", "022": "茶园", "023": "其他园地", "031": "有林地", "032": "灌木林地",
                "033": "其他林地", "041": "天然牧草地", "042": "人工牧草地", "043": "其他草地", "051": "批发零售用地", "052": "住宿餐饮用地",
                "053": "商务金融用地", "054": "其他商服用地", "061": "工业用地", "062": "采矿用地", "063": "仓储用地", "071": "城镇住宅用地",
                "072": "农村宅基地", "081": "机关团体用地", "082": "新闻出版用地", "083": "科教用地", "084": "医卫慈善用地", "085": "文体娱乐用地",
                "086": "公共设施用地", "087": "公园与绿地", "088": "风景名胜设施用地", "091": "军事设施用地", "092": "使领馆用地", "093": "监教场所用地",
                "094": "宗教用地", "095": "殡葬用地", "101": "铁路用地", "102": "公路用地", "103": "街巷用地", "104": "农村道路", "105": "机场用地",
                "106": "港口码头用地", "107": "管道运输用地", "111": "河流水面", "112": "湖泊水面", "113": "水库水面", "114": "坑塘水面",
                "115": "沿海滩涂", "116": "内陆滩涂", "117": "沟渠", "118": "水工建筑用地", "119": "冰川及永久积雪", "121": "空闲地",
                "122": "设施农用地", "123": "田坎", "124": "盐碱地", "125": "沼泽地", "126": "沙地", "127": "裸地",
                // 2017, second level.
                "0101": "水田", "0102": "水浇地", "0103": "旱地", "0201": "果园", "0202": "茶园", "0203": "橡胶园", "0204": "其他园地",
                "0301": "乔木林地", "0302": "竹林地", "0303": "红树林地", "0304": "森林沼泽", "0305": "灌木林地", "0306": "灌丛沼泽", "0307": "其他林地",
                "0401": "天然牧草地", "0402": "沼泽草地", "0403": "人工牧草地", "0404": "其他草地",
                "0501": "零售商业用地", "0502": "批发市场用地", "0503": "餐饮用地", "0504": "旅馆用地", "0505": "商务金融用地", "0506": "娱乐用地",
                "0507": "其他商服用地", "0601": "工业用地", "0602": "采矿用地", "0603": "盐田", "0604": "仓储用地", "0701": "城镇住宅用地",
                "0702": "农村宅基地", "0801": "机关团体用地", "0802": "新闻出版用地", "0803": "教育用地", "0804": "科研用地", "0805": "医疗卫生用地",
                "0806": "社会福利用地", "0807": "文化设施用地", "0808": "体育用地", "0809": "公用设施用地", "0810": "公园与绿地",
                "0901": "军事设施用地", "0902": "使领馆用地", "0903": "监教场所用地", "0904": "宗教用地", "0905": "殡葬用地", "0906": "风景名胜设施用地",
                "1001": "铁路用地", "1002": "轨道交通用地", "1003": "公路用地", "1004": "城镇村道路用地", "1005": "交通服务场站用地", "1006": "农村道路",
                "1007": "机场用地", "1008": "港口码头用地", "1009": "管道运输用地", "1101": "河流水面", "1102": "湖泊水面", "1103": "水库水面",
                "1104": "坑塘水面", "1105": "沿海滩涂", "1106": "内陆滩涂", "1107": "沟渠", "1108": "沼泽地", "1109": "水工建筑用地",
                "1110": "冰川及永久积雪", "1201": "空闲地", "1202": "设施农用地", "1203": "田坎", "1204": "盐碱地", "1205": "沙地", "1206": "裸土地",
                "1207": "裸岩石砾地",
                // 三调 work classification.
                "05H1": "商业服务业设施用地", "0508": "物流仓储用地", "08H1": "机关团体新闻出版用地", "08H2": "科教文卫用地", "08H2A": "高教用地",
                "0810A": "广场用地", "1104A": "养殖坑塘", "201": "城市", "202": "建制镇", "203": "村庄", "204": "盐田及采矿用地", "205": "特殊用地",
            ]
            // 三调: a K suffix marks farmland changed but still restorable (可调整).
            for k in ["0201", "0202", "0203", "0204", "0301", "0302", "0305", "0307", "0403", "1104"] { if let name = t[k] { t[k + "K"] = "可调整" + name } }
            return t
        }()

        static func name(_ v: String) -> String? { names[v] }

        static func category(_ v: String) -> LandUse.Category? {
            guard names[v] != nil else { return nil }
            switch v {
            case "06", "061", "0601": return .industrial
            case "062", "0602": return .mining
            case "063", "0604", "0508": return .warehousing
            default: return .other
            }
        }
    }

    /// 《国土空间调查、规划、用途管制用地用海分类指南》(2023): 1001 工业用地 (100101–100103),
    /// 1002 采矿用地, 1101 物流仓储用地 (110101–110103), 1102 储备库用地.
    enum Y2023 {
        static let names: [String: String] = [
            "01": "耕地", "0101": "水田", "0102": "水浇地", "0103": "旱地",
            "02": "园地", "0201": "果园", "0202": "茶园", "0203": "橡胶园地", "0204": "油料园地", "0205": "其他园地",
            "03": "林地", "0301": "乔木林地", "0302": "竹林地", "0303": "灌木林地", "0304": "其他林地",
            "04": "草地", "0401": "天然牧草地", "0402": "人工牧草地", "0403": "其他草地",
            "05": "湿地", "0501": "森林沼泽", "0502": "灌丛沼泽", "0503": "沼泽草地", "0504": "其他沼泽地", "0505": "沿海滩涂", "0506": "内陆滩涂",
            "0507": "红树林地",
            "06": "农业设施建设用地", "0601": "种植设施建设用地", "0602": "畜禽养殖设施建设用地", "0603": "水产养殖设施建设用地",
            "07": "居住用地", "0701": "城镇住宅用地", "070101": "一类城镇住宅用地", "070102": "二类城镇住宅用地", "070103": "三类城镇住宅用地",
            "0702": "城镇社区服务设施用地", "0703": "农村宅基地", "070301": "一类农村宅基地", "070302": "二类农村宅基地", "0704": "农村社区服务设施用地",
            "08": "公共管理与公共服务用地", "0801": "机关团体用地", "0802": "科研用地", "0803": "文化用地", "0804": "教育用地", "0805": "体育用地",
            "0806": "医疗卫生用地", "0807": "社会福利用地",
            "09": "商业服务业用地", "0901": "商业用地", "0902": "商务金融用地", "0903": "娱乐康体用地", "0904": "其他商业服务业用地",
            "10": "工矿用地", "1001": "工业用地", "100101": "一类工业用地", "100102": "二类工业用地", "100103": "三类工业用地",
            "1002": "采矿用地", "1003": "盐田",
            "11": "仓储用地", "1101": "物流仓储用地", "110101": "一类物流仓储用地", "110102": "二类物流仓储用地", "110103": "三类物流仓储用地",
            "1102": "储备库用地",
            "12": "交通运输用地", "1201": "铁路用地", "1202": "公路用地", "1203": "机场用地", "1204": "港口码头用地", "1205": "管道运输用地",
            "1206": "城市轨道交通用地", "1207": "城镇道路用地", "1208": "交通场站用地", "1209": "其他交通设施用地",
            "13": "公用设施用地", "1301": "供水用地", "1302": "排水用地", "1303": "供电用地", "1304": "供燃气用地", "1305": "供热用地",
            "1306": "通信用地", "1307": "邮政用地", "1308": "广播电视设施用地", "1309": "环卫用地", "1310": "消防用地", "1311": "水工设施用地",
            "1312": "其他公用设施用地",
            "14": "绿地与开敞空间用地", "1401": "公园绿地", "1402": "防护绿地", "1403": "广场用地",
            "15": "特殊用地", "1501": "军事设施用地", "1502": "使领馆用地", "1503": "宗教用地", "1504": "文物古迹用地", "1505": "监教场所用地",
            "1506": "殡葬用地", "1507": "其他特殊用地",
            "16": "留白用地",
            "17": "陆地水域", "1701": "河流水面", "1702": "湖泊水面", "1703": "水库水面", "1704": "坑塘水面", "1705": "沟渠", "1706": "冰川及常年积雪",
            "18": "渔业用海", "19": "工矿通信用海", "20": "交通运输用海", "21": "游憩用海", "22": "特殊用海",
            "23": "其他土地", "2301": "空闲地", "2302": "田坎", "2303": "田间道", "2304": "盐碱地", "2305": "沙地", "2306": "裸土地", "2307": "裸岩石砾地",
            "24": "其他海域",
        ]

        /// A code, or a third-level code under a known second level (`100104` reads as 1001).
        static func name(_ v: String) -> String? {
            if let n = names[v] { return n }
            if v.count == 6, v.allSatisfy(\.isNumber), let parent = names[String(v.prefix(4))] { return parent }
            return nil
        }

        static func category(_ v: String) -> LandUse.Category? {
            guard name(v) != nil else { return nil }
            if v == "10" || v.hasPrefix("1001") { return .industrial }
            if v.hasPrefix("1002") { return .mining }
            if v == "11" || v.hasPrefix("1101") || v.hasPrefix("1102") { return .warehousing }
            return .other
        }
    }
}
