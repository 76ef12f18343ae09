/// The EPSG codes of China's Gauss–Krüger projected CRSs: three datums (CGCS2000, Xian 1980,
/// Beijing 1954) × 3° and 6° zones × eastings with or without the zone number in front.
///
/// Zone numbering (as in the EPSG names): a 3° zone n has its central meridian at 3n°E
/// (zones 25–45, 75°–135°E); a 6° zone n at (6n − 3)°E (zones 13–23, 75°–135°E). Eastings
/// "with the zone prefix" have false easting n·10⁶ + 500 000 m, so that 40 500 123.4567 reads
/// as zone 40, 123.4567 m east of the central meridian; "plain" ones have 500 000 m.
///
/// The twelve families were checked against PROJ's database (`/usr/share/proj/proj.db`,
/// tables `projected_crs` and `conversion`: name, longitude of natural origin, false
/// easting, base geographic CRS); `BubiaoTXTTests` checks every code through PROJ again.
public enum GaussKrugerZones {
    /// The geodetic datum of a Gauss–Krüger CRS.
    public enum Datum: String, Sendable, CaseIterable {
        case cgcs2000, xian1980, beijing1954

        /// The EPSG geographic CRS the projected ones are based on.
        public var geographicEPSG: Int {
            switch self {
            case .cgcs2000: 4490
            case .xian1980: 4610
            case .beijing1954: 4214
            }
        }

        /// The EPSG name's datum part (`CGCS2000`, `Xian 1980`, `Beijing 1954`).
        public var epsgName: String {
            switch self {
            case .cgcs2000: "CGCS2000"
            case .xian1980: "Xian 1980"
            case .beijing1954: "Beijing 1954"
            }
        }

        /// How the ministry's coordinate files name it in `坐标系=`.
        public var chineseName: String {
            switch self {
            case .cgcs2000: "2000国家大地坐标系"
            case .xian1980: "1980西安坐标系"
            case .beijing1954: "1954北京坐标系"
            }
        }

        /// Reads what files write in `坐标系=`: `2000国家大地坐标系`, `CGCS2000`,
        /// `1980西安坐标系`, `西安80`, `1954北京坐标系`, `北京54`… (any case, spaces ignored).
        /// Nil for anything else (WGS 84, local systems).
        public init?(chineseName text: String) {
            let t = text.lowercased().filter { !$0.isWhitespace }
            if t.contains("2000") || t.contains("cgcs") {
                self = .cgcs2000
            } else if t.contains("西安") || t.contains("1980") || t.contains("xian") || t.contains("xi'an") || t == "80" {
                self = .xian1980
            } else if t.contains("北京") || t.contains("1954") || t.contains("beijing") || t == "54" {
                self = .beijing1954
            } else {
                return nil
            }
        }
    }

    /// One Gauss–Krüger CRS of the tables: datum, zone width, zone number, and whether
    /// eastings carry the zone number in front.
    public struct Zone: Sendable, Hashable, CustomStringConvertible {
        public let datum: Datum
        /// Zone width in degrees: 3 or 6.
        public let width: Int
        /// The zone number: 25–45 for 3° zones, 13–23 for 6° zones.
        public let number: Int
        /// Eastings carry the zone number in front (false easting n·10⁶ + 500 000 m).
        public let prefixed: Bool
        /// The EPSG code (4528 for CGCS2000, 3°, zone 40, prefixed).
        public let epsg: Int

        /// Nil when the zone is outside China's range for its width, or the width is not 3 or 6.
        public init?(datum: Datum, width: Int, number: Int, prefixed: Bool) {
            guard let f = GaussKrugerZones.families.first(where: { $0.datum == datum && $0.width == width && $0.prefixed == prefixed }),
                  number >= f.firstZone, number < f.firstZone + f.count else { return nil }
            self.datum = datum
            self.width = width
            self.number = number
            self.prefixed = prefixed
            epsg = f.firstCode + number - f.firstZone
        }

        /// The zone whose central meridian is `centralMeridian` (a whole number of degrees
        /// east: a multiple of 3 for 3° zones, 75, 81…135 for 6° zones).
        public init?(datum: Datum, width: Int, centralMeridian: Int, prefixed: Bool) {
            let number: Int
            switch width {
            case 3:
                guard centralMeridian % 3 == 0 else { return nil }
                number = centralMeridian / 3
            case 6:
                guard (centralMeridian + 3) % 6 == 0 else { return nil }
                number = (centralMeridian + 3) / 6
            default:
                return nil
            }
            self.init(datum: datum, width: width, number: number, prefixed: prefixed)
        }

        /// The zone an EPSG code stands for; nil for codes outside the twelve families.
        /// EPSG's deprecated Beijing 1954 6° codes 21473–21483 give the zone of their
        /// replacements 21453–21463.
        public init?(epsg: Int) {
            let epsg = (21473...21483).contains(epsg) ? epsg - 20 : epsg
            for f in GaussKrugerZones.families {
                let k = epsg - f.firstCode
                if k >= 0, k < f.count {
                    self.init(datum: f.datum, width: f.width, number: f.firstZone + k, prefixed: f.prefixed)
                    return
                }
            }
            return nil
        }

        /// Zone numbers of China's zones: 3° zones 25–45, 6° zones 13–23.
        public static func zoneNumbers(width: Int) -> ClosedRange<Int>? {
            switch width {
            case 3: 25...45
            case 6: 13...23
            default: nil
            }
        }

        /// Longitude of the central meridian, degrees east.
        public var centralMeridian: Int { width == 3 ? 3 * number : 6 * number - 3 }

        /// False easting in metres.
        public var falseEasting: Double { prefixed ? Double(number) * 1_000_000 + 500_000 : 500_000 }

        /// `EPSG:4528`, as PROJ and `GeometryEngine.crs` take it.
        public var definition: String { "EPSG:\(epsg)" }

        /// The name the EPSG database gives this CRS (`CGCS2000 / 3-degree Gauss-Kruger zone 40`).
        public var epsgName: String {
            let kind = width == 3 ? "3-degree Gauss-Kruger" : "Gauss-Kruger"
            if prefixed { return "\(datum.epsgName) / \(kind) zone \(number)" }
            return "\(datum.epsgName) / \(kind) CM \(centralMeridian)E"
        }

        public var description: String { "\(definition) (\(epsgName))" }
    }

    /// Whether eastings carry the zone prefix, judged from one easting of zone `zone`:
    /// plain Gauss–Krüger eastings stay well below 1 000 000 m (at most ≈ 340 km from the
    /// central meridian inside China, so 160 000–840 000 m); prefixed ones are
    /// n·10⁶ + that. Returns nil when the easting has a prefix that is not `zone`.
    public static func eastingsCarryPrefix(_ easting: Double, zone: Int) -> Bool? {
        guard let prefix = zonePrefix(of: easting) else { return false }
        return prefix == zone ? true : nil
    }

    /// The zone number in front of an easting (40 for 40 500 123.4), or nil for a plain easting.
    public static func zonePrefix(of easting: Double) -> Int? {
        guard easting.isFinite, easting >= 1_000_000 else { return nil }
        return Int((easting / 1_000_000).rounded(.down))
    }

    /// The EPSG zone for a file's 带号 and one of its eastings: the width is `width` when
    /// given, else the one whose zone numbers include `number` (the ranges 13–23 and 25–45 do
    /// not overlap); the prefix is decided by the easting. Nil when `number` is not a zone of
    /// that width or the easting's prefix names another zone.
    public static func zone(datum: Datum, width: Int? = nil, number: Int, sampleEasting: Double) -> Zone? {
        let w: Int
        if let width {
            w = width
        } else if let inferred = [3, 6].first(where: { Zone.zoneNumbers(width: $0)?.contains(number) == true }) {
            w = inferred
        } else {
            return nil
        }
        guard let prefixed = eastingsCarryPrefix(sampleEasting, zone: number) else { return nil }
        return Zone(datum: datum, width: w, number: number, prefixed: prefixed)
    }

    /// One family: consecutive EPSG codes for consecutive zones.
    struct Family {
        let datum: Datum
        let width: Int
        let prefixed: Bool
        let firstCode: Int
        let firstZone: Int
        let count: Int
    }

    /// The twelve families as found in proj.db (see the type's comment).
    static let families: [Family] = [
        Family(datum: .cgcs2000, width: 3, prefixed: true, firstCode: 4513, firstZone: 25, count: 21),
        Family(datum: .cgcs2000, width: 3, prefixed: false, firstCode: 4534, firstZone: 25, count: 21),
        Family(datum: .cgcs2000, width: 6, prefixed: true, firstCode: 4491, firstZone: 13, count: 11),
        Family(datum: .cgcs2000, width: 6, prefixed: false, firstCode: 4502, firstZone: 13, count: 11),
        Family(datum: .xian1980, width: 3, prefixed: true, firstCode: 2349, firstZone: 25, count: 21),
        Family(datum: .xian1980, width: 3, prefixed: false, firstCode: 2370, firstZone: 25, count: 21),
        Family(datum: .xian1980, width: 6, prefixed: true, firstCode: 2327, firstZone: 13, count: 11),
        Family(datum: .xian1980, width: 6, prefixed: false, firstCode: 2338, firstZone: 13, count: 11),
        Family(datum: .beijing1954, width: 3, prefixed: true, firstCode: 2401, firstZone: 25, count: 21),
        Family(datum: .beijing1954, width: 3, prefixed: false, firstCode: 2422, firstZone: 25, count: 21),
        Family(datum: .beijing1954, width: 6, prefixed: true, firstCode: 21413, firstZone: 13, count: 11),
        // 21453–21463 "Gauss-Kruger CM 75E…135E"; the older 21473–21483 ("… 13N…23N", the
        // same definitions) are deprecated in EPSG and read as these (see `init(epsg:)`).
        Family(datum: .beijing1954, width: 6, prefixed: false, firstCode: 21453, firstZone: 13, count: 11),
    ]

    /// Every zone of every family (192 CRSs), for checks and listings.
    public static var allZones: [Zone] {
        families.flatMap { f in
            (0..<f.count).compactMap { Zone(datum: f.datum, width: f.width, number: f.firstZone + $0, prefixed: f.prefixed) }
        }
    }
}
