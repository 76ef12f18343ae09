import Foundation
import Spatial
import Yams

/// Every threshold LandControl applies, with the defaults of `domain.md`. A city edits a
/// copy of `landctl rules --print-defaults` and passes it with `--rules`.
public struct Rules: Sendable, Equatable {
    public var classification = ClassificationRules()
    public var grant = GrantRules()
    public var idle = IdleRules()
    public var retrofit = RetrofitRules()
    public var audit = AuditRules()
    public var repair = RepairRules()
    public var evaluation = EvaluationRules()

    public init() {}

    public static let defaults = Rules()

    /// Reads a rules file (YAML). Keys left out keep their defaults; an unknown key or a
    /// value of the wrong type is an error naming the line and the key.
    public static func load(path: String) throws -> Rules {
        // Checked before it is opened: /dev/zero, a FIFO or a folder is named as such.
        let st: stat
        do {
            st = try RegularFile.require(path)
        } catch let e as ReadError {
            throw RulesError(file: path, line: nil, key: nil, message: e.message)
        }
        try RulesText.checkSize(Int(st.st_size), file: path)
        let mapped: MappedFile
        do {
            mapped = try MappedFile(path: path)
        } catch let e as ReadError {
            throw RulesError(file: path, line: nil, key: nil, message: "cannot read the rules file: \(e.message)")
        }
        guard let text = String(validating: mapped.bytes, as: UTF8.self) else {
            throw RulesError(file: path, line: nil, key: nil, message: "the rules file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String = "rules") throws -> Rules {
        try RulesText.check(text.utf8, file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            // libyaml quotes the offending line: bounded, with control characters shown.
            throw RulesError(file: file, line: nil, key: nil, message: "not valid YAML: " + DisplayText.excerpt("\(e)", limit: 600))
        }
        var rules = Rules()
        guard let root else { return rules }
        let reader = RulesReader(file: file)
        try reader.mapping(root, path: "") { key, value, path in
            switch key {
            case "classification": try rules.classification.read(value, path: path, reader: reader)
            case "grant": try rules.grant.read(value, path: path, reader: reader)
            case "idle": try rules.idle.read(value, path: path, reader: reader)
            case "retrofit": try rules.retrofit.read(value, path: path, reader: reader)
            case "audit": try rules.audit.read(value, path: path, reader: reader)
            case "repair": try rules.repair.read(value, path: path, reader: reader)
            case "evaluation": try rules.evaluation.read(value, path: path, reader: reader)
            default:
                throw reader.unknown(key, at: value, path: path, known: ["classification", "grant", "idle", "retrofit", "audit", "repair", "evaluation"])
            }
        }
        return rules
    }
}

/// Thresholds of `landctl classify`.
public struct ClassificationRules: Sendable, Equatable {
    /// An overlap is a sliver (ignored) unless it exceeds this share of the parcel…
    public var sliverShare = 0.01
    /// …and this area in m².
    public var sliverAreaM2 = 10.0
    /// Whether warehousing (W1–W3, 1101, GB/T 21010 063/0604/0508) counts as industrial.
    public var warehousingIsIndustrial = false
    /// Whether mining land (GB 50137 H5, GB/T 21010 062/0602, 2023 1002) counts as
    /// industrial: the 2023 classification files it with 工业 under 10 工矿用地. [model]
    public var miningIsIndustrial = true
    /// The classification numeric land-use codes are read in (`auto`: decided from the
    /// layer's codes; see ``LandUseScheme``).
    public var useScheme = LandUseScheme.auto
    /// Status values that mark a parcel as a proposed (new) grant; compared ignoring case.
    public var proposedStatusValues = ClassificationRules.defaultProposedStatusValues {
        didSet { proposedKeys = Set(proposedStatusValues.map { $0.lowercased() }) }
    }
    static let defaultProposedStatusValues = ["proposed", "拟出让", "new", "planned", "拟供地", "新增"]
    /// ``proposedStatusValues`` lowercased, made once (every parcel's status is looked up).
    private var proposedKeys = Set(ClassificationRules.defaultProposedStatusValues.map { $0.lowercased() })
    /// A parcel larger than this is reported as implausible (a CRS or unit mistake, a
    /// district boundary in the parcel layer…). [model]
    public var maxParcelAreaM2 = 5_000_000.0

    public init() {}

    /// True when `area` is more than a sliver of a parcel of `parcelArea`.
    public func exceedsSliver(_ area: Double, of parcelArea: Double) -> Bool {
        area > sliverAreaM2 && area > sliverShare * parcelArea
    }

    public func isProposed(_ status: String) -> Bool {
        // Plain ASCII without capitals or edge blanks is its own trimmed, lowercased form:
        // looked up as it is (most ledgers' statuses), the rest trimmed and lowercased first.
        var plain = !status.isEmpty
        for b in status.utf8 where b >= 0x80 || (b >= 0x41 && b <= 0x5A) {
            plain = false
            break
        }
        if plain, let f = status.utf8.first, let l = status.utf8.last, f != 0x20, f != 0x09, l != 0x20, l != 0x09 {
            return proposedKeys.contains(status)
        }
        return proposedKeys.contains(status.trimmingCharacters(in: .whitespaces).lowercased())
    }

    mutating func read(_ node: Node, path: String, reader: RulesReader) throws {
        try reader.mapping(node, path: path) { key, value, path in
            switch key {
            case "sliver_share": sliverShare = try reader.fraction(value, path: path)
            case "sliver_area_m2": sliverAreaM2 = try reader.nonNegative(value, path: path)
            case "warehousing_is_industrial": warehousingIsIndustrial = try reader.bool(value, path: path)
            case "mining_is_industrial": miningIsIndustrial = try reader.bool(value, path: path)
            case "use_scheme":
                guard let text = value.string, let scheme = LandUseScheme(argument: text) else {
                    throw reader.error(value, path, "must be gb50137, gbt21010, 2023 or auto")
                }
                useScheme = scheme
            case "proposed_status_values": proposedStatusValues = try reader.strings(value, path: path)
            case "max_parcel_area_m2": maxParcelAreaM2 = try reader.nonNegative(value, path: path)
            default:
                throw reader.unknown(key, at: value, path: path, known: ["sliver_share", "sliver_area_m2", "warehousing_is_industrial", "mining_is_industrial", "use_scheme",
                                                                         "proposed_status_values", "max_parcel_area_m2"])
            }
        }
    }
}

/// A rules file problem, with where it is.
public struct RulesError: InputError, Equatable {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let key { s += ": \(key)" }
        return s + ": " + message
    }
}

/// Walks a YAML node tree with line numbers for every error.
public struct RulesReader {
    let file: String

    func error(_ node: Node, _ path: String, _ message: String) -> RulesError {
        RulesError(file: file, line: node.mark.map { $0.line }, key: path.isEmpty ? nil : path, message: message)
    }

    func unknown(_ key: String, at node: Node, path: String, known: [String]) -> RulesError {
        error(node, path, "unknown key '\(key)'; known here: \(known.joined(separator: ", "))")
    }

    func mapping(_ node: Node, path: String, _ body: (String, Node, String) throws -> Void) throws {
        guard let mapping = node.mapping else { throw error(node, path, "expected a mapping of keys to values") }
        for (k, v) in mapping {
            guard let key = k.string else { throw error(k, path, "keys must be text") }
            try body(key, v, path.isEmpty ? key : path + "." + key)
        }
    }

    func number(_ node: Node, path: String) throws -> Double {
        guard node.scalar != nil, let v = node.float, v.isFinite else { throw error(node, path, "expected a number, found '\(node.string ?? "a list or mapping")'") }
        return v
    }

    func nonNegative(_ node: Node, path: String) throws -> Double {
        let v = try number(node, path: path)
        guard v >= 0 else { throw error(node, path, "must not be negative") }
        return v
    }

    func wholeNumber(_ node: Node, path: String) throws -> Int {
        let v = try nonNegative(node, path: path)
        guard v == v.rounded(), v < 1e6 else { throw error(node, path, "expected a whole number") }
        return Int(v)
    }

    func fraction(_ node: Node, path: String) throws -> Double {
        let v = try number(node, path: path)
        guard (0...1).contains(v) else { throw error(node, path, "must be a share between 0 and 1 (1 % is 0.01)") }
        return v
    }

    func bool(_ node: Node, path: String) throws -> Bool {
        guard node.scalar != nil, let v = node.bool else { throw error(node, path, "expected true or false, found '\(node.string ?? "a list or mapping")'") }
        return v
    }

    func strings(_ node: Node, path: String) throws -> [String] {
        guard let seq = node.sequence else { throw error(node, path, "expected a list") }
        return try seq.map { item in
            guard let s = item.string else { throw error(item, path, "list items must be text") }
            return s
        }
    }
}

extension Rules {
    /// The default rules file, commented, with where each number comes from. Parsing it
    /// gives ``Rules/defaults`` (a test checks that).
    public static var defaultsYAML: String {
        let c = ClassificationRules()
        func list(_ values: [String]) -> String { "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        return """
        # LandControl rules: every threshold the commands apply.
        # Copy this file, change what your city decides, and pass it with --rules FILE.
        # Keys left out keep these defaults; an unknown key or a wrong type is an error.

        classification:            # landctl classify (三区一线)
          # An overlap counts only when it exceeds BOTH of these (smaller ones are slivers from
          # digitising): a share of the parcel and an area. [model: LandControl default]
          sliver_share: \(NumberFormatting.string(c.sliverShare))
          sliver_area_m2: \(NumberFormatting.string(c.sliverAreaM2))
          # How numeric land-use codes are read: gbt21010 (GB/T 21010 土地利用现状分类, 2007
          # 061 / 2017 0601 工业用地, 0602 采矿, 0604 仓储, with the 三调 work codes such as
          # 0508 物流仓储用地: 供地备案 and 不动产 ledgers), 2023 (国土空间调查、规划、用途管制
          # 用地用海分类指南: 1001 工业, 1002 采矿, 1101 物流仓储: plans), gb50137 (letter
          # codes only), or auto: decided from the layer's codes; when they fit both numeric
          # schemes (0601 is 工业用地 in GB/T 21010 and 种植设施建设用地 in 2023) and no code
          # tells which, the run stops and says so. Letter codes (GB 50137-2011: M1–M3 工业,
          # W1–W3 物流仓储, H5 采矿) are read in every scheme. --use-scheme overrides this.
          use_scheme: \(c.useScheme.rawValue)
          # Whether warehousing (GB 50137 W1–W3, GB/T 21010 063/0604/0508, 2023 1101/1102)
          # counts as industrial land. [model: domain.md §3 — only if configured]
          warehousing_is_industrial: \(c.warehousingIsIndustrial)
          # Whether mining land (GB 50137 H5, GB/T 21010 062/0602, 2023 1002) counts as
          # industrial. [model: the 2023 classification files 1002 采矿 with 1001 工业 under
          # 10 工矿用地]
          mining_is_industrial: \(c.miningIsIndustrial)
          # Status values that mark a parcel as a proposed (new) grant, compared ignoring case.
          # [model: common ledger wording; 拟出让 = to be granted]
          proposed_status_values: \(list(c.proposedStatusValues))
          # A parcel larger than this (m²) is reported as implausible: a unit or CRS mistake,
          # or a boundary in the parcel layer. [model: 500 ha]
          max_parcel_area_m2: \(NumberFormatting.string(c.maxParcelAreaM2))

        """ + GrantRules().defaultsYAML + IdleRules().defaultsYAML + RetrofitRules().defaultsYAML + AuditRules().defaultsYAML + RepairRules().defaultsYAML
            + EvaluationRules().defaultsYAML
    }
}
