import Foundation
import Spatial

/// A firm's own figures for the year evaluated (万元, 吨标煤, 吨, persons, 万千瓦时).
public struct FirmFigures: Sendable, Equatable {
    public var taxWan: Double?
    public var valueAddedWan: Double?
    public var revenueWan: Double?
    public var rndWan: Double?
    public var energyTCE: Double?
    public var emissionT: Double?
    public var employees: Double?
    public var electricity10kKWh: Double?

    public init(taxWan: Double? = nil, valueAddedWan: Double? = nil, revenueWan: Double? = nil, rndWan: Double? = nil,
                energyTCE: Double? = nil, emissionT: Double? = nil, employees: Double? = nil, electricity10kKWh: Double? = nil) {
        self.taxWan = taxWan
        self.valueAddedWan = valueAddedWan
        self.revenueWan = revenueWan
        self.rndWan = rndWan
        self.energyTCE = energyTCE
        self.emissionT = emissionT
        self.employees = employees
        self.electricity10kKWh = electricity10kKWh
    }

    /// A figure; the land (亩) is the evaluation's, passed in.
    public func value(_ figure: Indicator.Figure, landMu: Double?) -> Double? {
        switch figure {
        case .tax: taxWan
        case .valueAdded: valueAddedWan
        case .revenue: revenueWan
        case .rnd: rndWan
        case .energy: energyTCE
        case .emission: emissionT
        case .employees: employees
        case .electricity: electricity10kKWh
        case .land: landMu
        }
    }
}

/// One row of the enterprise table as read.
public struct EnterpriseRecord: Sendable {
    /// 1-based data row (the header is not counted).
    public var row: Int
    public var creditCode: String
    public var name: String
    public var group: EnterpriseGroup?
    public var figures: FirmFigures
    public var declaredLandMu: Double?
    /// Why the firm is not graded (公益性, 初创期…); nil: graded.
    public var exemption: String?
    public var industryCode: String?
    /// Values that could not be used, each `column 'text': why`; such a row is not rated.
    public var problems: [String]
    public var properties: Properties
}

/// The enterprise table (`--enterprises`): CSV (LandControl's reader, no geometry column
/// needed), XLSX or any table GDAL reads; one row per firm.
public struct EnterpriseTable: Sendable {
    public var file: String
    /// The column used for each field.
    public var fields: [KnownField: String]
    public var records: [EnterpriseRecord]
    public var warnings: [String]

    /// The figures read as numbers, and which field each is.
    static var numbers: [(KnownField, WritableKeyPath<FirmFigures, Double?>)] { [
        (.taxWan, \.taxWan), (.valueAddedWan, \.valueAddedWan), (.revenueWan, \.revenueWan), (.rndWan, \.rndWan),
        (.energyTCE, \.energyTCE), (.emissionT, \.emissionT), (.employees, \.employees), (.electricity, \.electricity10kKWh),
    ] }

    /// Reads the table. A table without a credit-code column is an input error naming its
    /// columns; a row's unreadable or negative number, unknown group or missing code is a
    /// problem of that row.
    public static func read(path: String, encoding: TextEncoding? = nil, layer: String? = nil, fieldMap: FieldMap = FieldMap()) throws -> EnterpriseTable {
        let rows = try readRows(path: path, encoding: encoding, layer: layer)
        guard !rows.isEmpty else { throw ReadError(file: path, message: "the enterprise table has no rows") }
        let fields = try fieldMap.resolve(KnownField.enterpriseFields, in: rows, file: path)
        guard fields[.creditCode] != nil else {
            throw ReadError(file: path, message: "no credit-code column (统一社会信用代码): looked for \(KnownField.creditCode.aliases.joined(separator: ", ")); "
                + "the columns are \(FieldNames(rows).list); name it with --field-map credit_code=COLUMN")
        }
        var warnings: [String] = []
        if fields[.sizeGroup] == nil { warnings.append("\(path): no 规上/规下 column (size_group): every firm is taken as above (规上)") }
        if fields[.taxWan] == nil { warnings.append("\(path): no tax column (tax_wan): tax-based indicators are missing for every firm") }
        var records: [EnterpriseRecord] = []
        records.reserveCapacity(rows.count)
        // Every field's value by position in the row (rows share their columns): no search by
        // name per cell.
        let wanted: [KnownField] = [.creditCode, .enterpriseName, .sizeGroup, .declaredLandMu, .exemption, .industryCode] + numbers.map(\.0)
        let present = wanted.compactMap { f in fields[f].map { (field: f, column: $0) } }
        var lookup = AttributeLookup(names: present.map(\.column))
        let slot = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1.field, $0) })
        let numberSlots = numbers.compactMap { field, path in
            slot[field].flatMap { s in fields[field].map { (column: $0, slot: s, path: path) } }
        }
        for (k, f) in rows.enumerated() {
            let p = f.properties
            let values = lookup.values(in: p)
            func value(_ field: KnownField) -> PropertyValue? { slot[field].flatMap { values[$0] } }
            var problems: [String] = []
            let code = trimmed(value(.creditCode)?.text ?? "")
            var figures = FirmFigures()
            for (column, at, path) in numberSlots {
                switch number(values[at]) {
                case let .success(v)? where v >= 0: figures[keyPath: path] = v
                case .success?: problems.append("\(column) '\(values[at]?.text ?? "")': negative")
                case .failure?: problems.append("\(column) '\(values[at]?.text ?? "")': not a number")
                case nil: break
                }
            }
            var declared: Double?
            if let column = fields[.declaredLandMu] {
                let cell = value(.declaredLandMu)
                switch number(cell) {
                case let .success(v)? where v >= 0: declared = v
                case .success?: problems.append("\(column) '\(cell?.text ?? "")': negative")
                case .failure?: problems.append("\(column) '\(cell?.text ?? "")': not a number")
                case nil: break
                }
            }
            var group: EnterpriseGroup? = .above
            if let column = fields[.sizeGroup] {
                let text = value(.sizeGroup)?.text ?? ""
                group = EnterpriseGroup(text: text)
                if group == nil { problems.append("\(column) '\(text)': not above/below (规上/规下)") }
            }
            func text(_ field: KnownField) -> String? {
                guard let t = value(field).map({ trimmed($0.text) }), !t.isEmpty else { return nil }
                return t
            }
            records.append(EnterpriseRecord(row: k + 1, creditCode: code, name: text(.enterpriseName) ?? "", group: group, figures: figures,
                                            declaredLandMu: declared, exemption: text(.exemption), industryCode: text(.industryCode),
                                            problems: problems, properties: p))
        }
        return EnterpriseTable(file: path, fields: fields, records: records, warnings: warnings)
    }

    /// A number cell: plain numbers parsed directly (a table of 50,000 firms has half a million
    /// of them), anything else as ledgers are read (thousands separators, spaces).
    static func number(_ value: PropertyValue?) -> Result<Double, LedgerValueError>? {
        switch value {
        case nil, .null?: return nil
        case let .number(t)?: if let v = Double(t), v.isFinite { return .success(v) }
        case let .string(t)?:
            if t.isEmpty { return nil }
            if let v = Double(t), v.isFinite { return .success(v) }
        default: break
        }
        return LedgerNumber.read(value)
    }

    /// `text` without surrounding white space; untouched (no copy) when there is none.
    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        if first.properties.isWhitespace || last.properties.isWhitespace { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
        return text
    }

    /// The rows as features without geometry: CSV/TSV by LandControl's reader in table mode,
    /// anything else (XLSX, ODS, DBF, GeoPackage attribute tables…) through GDAL.
    static func readRows(path: String, encoding: TextEncoding?, layer: String?) throws -> [Feature] {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") {
            _ = try RegularFile.require(path)
            return try CSVReader(tablePath: path, encoding: encoding ?? .utf8).readAll()
        }
        return try GDALReader(path: path, layer: layer, encoding: encoding).readAll()
    }
}
