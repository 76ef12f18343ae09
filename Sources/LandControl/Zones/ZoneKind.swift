import Spatial

/// The four layers of 三区一线.
public enum ZoneKind: String, Sendable, CaseIterable, Codable {
    /// 工业集聚区: where new industrial land goes.
    case cluster
    /// 过渡控制区: existing industry kept, no new industrial grants.
    case transition
    /// 产业留白区: kept free for future industry.
    case reserve
    /// 工业用地保护红线: industrial land that may not be converted.
    case redLine = "redline"

    /// The three zones that partition space (the red line overlays them).
    public static let threeZones: [ZoneKind] = [.cluster, .transition, .reserve]

    public var chineseName: String {
        switch self {
        case .cluster: "工业集聚区"
        case .transition: "过渡控制区"
        case .reserve: "产业留白区"
        case .redLine: "工业用地保护红线"
        }
    }

    public var englishName: String {
        switch self {
        case .cluster: "cluster zone"
        case .transition: "transition zone"
        case .reserve: "reserve zone"
        case .redLine: "red line"
        }
    }

    public func name(_ language: ReportLanguage) -> String { language == .zh ? chineseName : englishName }

    /// Reads a zone layer value: a code (`cluster`, `redline`…) or a Chinese name as found in
    /// plans (工业集聚区/集聚区, 过渡控制区/过渡区, 产业留白区/留白区,
    /// 工业用地保护红线/保护红线/工业用地控制线/工业区块线). `map` (a city's own codes) wins.
    public init?(value: String, map: ZoneMap = ZoneMap()) {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if let mapped = map[v] {
            self = mapped
            return
        }
        switch v.lowercased() {
        case "cluster", "工业集聚区", "集聚区", "产业集聚区": self = .cluster
        case "transition", "过渡控制区", "过渡区": self = .transition
        case "reserve", "产业留白区", "留白区": self = .reserve
        case "redline", "red_line", "red line", "工业用地保护红线", "保护红线", "工业用地控制线", "工业区块线", "工业红线": self = .redLine
        default: return nil
        }
    }
}

import Foundation

/// An area (m²) per zone kind, as plain fields: read and written for every parcel, so no
/// dictionary hashing. `areas[.cluster]` reads like a dictionary.
public struct KindAreas: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public var cluster = 0.0, transition = 0.0, reserve = 0.0, redLine = 0.0

    public init() {}

    public init(dictionaryLiteral elements: (ZoneKind, Double)...) {
        for (k, v) in elements { self[k] = v }
    }

    public subscript(kind: ZoneKind) -> Double? {
        get {
            switch kind {
            case .cluster: cluster
            case .transition: transition
            case .reserve: reserve
            case .redLine: redLine
            }
        }
        set {
            let v = newValue ?? 0
            switch kind {
            case .cluster: cluster = v
            case .transition: transition = v
            case .reserve: reserve = v
            case .redLine: redLine = v
            }
        }
    }
}

/// A city's own zone codes mapped to kinds: `--zone-map 'M1=cluster,PUD=redline'`.
public struct ZoneMap: Sendable, Equatable {
    public private(set) var entries: [String: ZoneKind] = [:]

    public init() {}

    /// Parses `CODE=kind,CODE=kind`; kinds as codes or Chinese names.
    public init(parsing text: String) throws {
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ZoneMapError(message: "'\(item)' is not CODE=kind")
            }
            guard let kind = ZoneKind(value: parts[1]) else {
                throw ZoneMapError(message: "'\(parts[1])' in '\(item)' is not a zone kind (cluster, transition, reserve, redline)")
            }
            entries[parts[0]] = kind
        }
    }

    public subscript(code: String) -> ZoneKind? { entries[code] }
}

public struct ZoneMapError: InputError {
    public var message: String
    public var description: String { "--zone-map: \(message)" }
}

/// The language of messages and reports.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case zh, en
}
