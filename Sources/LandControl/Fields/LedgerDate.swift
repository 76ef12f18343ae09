/// A calendar date as land ledgers write it (no time, no time zone): the dates of a grant,
/// of the agreed and the actual start of construction, of a suspension.
///
/// Accepted spellings: `2021-03-25`, `2021/03/25`, `2021年3月25日` (months and days with one
/// or two digits), also `2021.3.25` as spreadsheets in China often write it; a time of day
/// after the date (`2021-03-25 00:00:00`, `2021-03-25T08:00`) is ignored. Years 1900–2199.
///
/// Periods in years follow the PRC Civil Code (民法典) 第二百零一条–第二百零三条: the first day
/// is not counted, and a period of N years ends on the *corresponding day* N years later —
/// "one full year" after 2024-05-20 ends with 2025-05-20. When that year has no
/// corresponding day (29 February in a common year) the period ends on the last day of the
/// month: 2024-02-29 + 1 year = **2025-02-28** (第二百零二条: 没有对应日的，月末日为期间的最后一日).
/// An evaluation "as of" a date is taken at the end of that day, so a parcel agreed to start
/// on 2024-05-20 and not started is idle as of 2025-05-20 and not as of 2025-05-19.
public struct LedgerDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A checked date; nil when the day does not exist (2023-02-29, 2021-04-31, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2199).contains(year), (1...12).contains(month),
              day >= 1, day <= LedgerDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO 8601: "2025-12-31".
    /// YYYY-MM-DD (the year is always four digits: 1900–2199). Written byte by byte: dates
    /// go into every row of every output.
    public var description: String {
        String(unsafeUninitializedCapacity: 10) { b in
            let zero = UInt8(ascii: "0")
            b[0] = zero + UInt8(year / 1000)
            b[1] = zero + UInt8(year / 100 % 10)
            b[2] = zero + UInt8(year / 10 % 10)
            b[3] = zero + UInt8(year % 10)
            b[4] = UInt8(ascii: "-")
            b[5] = zero + UInt8(month / 10)
            b[6] = zero + UInt8(month % 10)
            b[7] = UInt8(ascii: "-")
            b[8] = zero + UInt8(day / 10)
            b[9] = zero + UInt8(day % 10)
            return 10
        }
    }

    public static func < (a: LedgerDate, b: LedgerDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: LedgerDate) -> Int { other.dayNumber - dayNumber }

    public func adding(days n: Int) -> LedgerDate { LedgerDate(dayNumber: dayNumber + n) }

    /// The end of a period of `n` full years starting on this date: the corresponding day
    /// `n` years later, or the last day of that month when there is none (29 February in a
    /// common year → 28 February).
    public func adding(years n: Int) -> LedgerDate {
        let y = year + n
        return LedgerDate(unchecked: y, month, min(day, LedgerDate.daysIn(month: month, year: y)))
    }

    /// The end of a period of `n` months starting on this date, by the same rule as
    /// ``adding(years:)``: the corresponding day, or the month's last day when there is none
    /// (2025-08-31 + 6 months → 2026-02-28).
    public func adding(months n: Int) -> LedgerDate {
        let total = year * 12 + (month - 1) + n
        let y = total / 12, m = total % 12 + 1
        return LedgerDate(unchecked: y, m, min(day, LedgerDate.daysIn(month: m, year: y)))
    }

    /// Today in the local time zone of the machine.
    public static func today() -> LedgerDate {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        return LedgerDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
            ?? LedgerDate(unchecked: Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    // MARK: - Parsing

    /// Why a text is not a date.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String { "'\(text)' \(reason)" }
    }

    /// The accepted spellings, for messages.
    public static let formats = "YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日"

    /// Parses a ledger date. Throws ``ParseError`` with the reason when the text is not one
    /// of the accepted spellings or names a day that does not exist.
    public static func parse(_ text: String) throws -> LedgerDate {
        func fail(_ reason: String) -> ParseError { ParseError(text: text, reason: reason) }
        let (y, m, d) = try plainISO(text) ?? spelled(text)
        guard (1900...2199).contains(y) else { throw fail("has the year \(y), outside 1900–2199") }
        guard (1...12).contains(m) else { throw fail("has no month \(m)") }
        let last = daysIn(month: m, year: y)
        guard d >= 1, d <= last else {
            throw fail(m == 2 && d == 29 ? "is not a date: \(y) is not a leap year" : "is not a date: month \(m) of \(y) has \(last) days")
        }
        return LedgerDate(unchecked: y, m, d)
    }

    /// Year, month and day of exactly `YYYY-MM-DD` (what most ledgers and every typed date
    /// field hold), read from the bytes; nil for any other text.
    private static func plainISO(_ text: String) -> (Int, Int, Int)? {
        var text = text
        return text.withUTF8 { b -> (Int, Int, Int)? in
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
            func digits(_ range: Range<Int>) -> Int? {
                var v = 0
                for k in range {
                    guard b[k] >= UInt8(ascii: "0"), b[k] <= UInt8(ascii: "9") else { return nil }
                    v = v * 10 + Int(b[k] - UInt8(ascii: "0"))
                }
                return v
            }
            guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
            return (y, m, d)
        }
    }

    /// Year, month and day of every accepted spelling, not yet checked as a date.
    private static func spelled(_ text: String) throws -> (Int, Int, Int) {
        let s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        func fail(_ reason: String) -> ParseError { ParseError(text: text, reason: reason) }
        let notADate = fail("is not a date (expected \(formats))")
        // A time of day after the date is ignored: "2021-03-25 00:00:00", "2021-03-25T08:00".
        var datePart = Substring(s)
        if let cut = s.firstIndex(where: { $0 == " " || $0 == "T" }) {
            datePart = s[..<cut]
            let time = s[s.index(after: cut)...].trimmingCharacters(in: .whitespaces)
            guard !time.isEmpty, time.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":" || $0 == ".") }) else { throw notADate }
        }
        var parts: [Substring]
        if datePart.contains("年") {
            // 2021年3月25日
            guard datePart.hasSuffix("日") else { throw notADate }
            parts = datePart.dropLast().split(separator: "年", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw notADate }
            let monthDay = parts[1].split(separator: "月", maxSplits: 1, omittingEmptySubsequences: false)
            guard monthDay.count == 2 else { throw notADate }
            parts = [parts[0]] + monthDay
        } else {
            guard let separator = datePart.first(where: { $0 == "-" || $0 == "/" || $0 == "." }) else { throw notADate }
            parts = datePart.split(separator: separator, omittingEmptySubsequences: false)
        }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { throw notADate }
        return (y, m, d)
    }

    /// A ledger value read as a date: nil when missing (null, empty), else the date or why
    /// it is not one. A number is refused (Excel serial dates must be exported as text).
    public static func read(_ value: PropertyValue?) -> Result<LedgerDate, ParseError>? {
        guard let value else { return nil }
        switch value {
        case .null: return nil
        case let .string(s), let .date(s):
            if plainISO(s) == nil, s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return nil }
            do {
                return .success(try parse(s))
            } catch let e as ParseError {
                return .failure(e)
            } catch {
                return .failure(ParseError(text: s, reason: "\(error)"))
            }
        case let .number(t):
            return .failure(ParseError(text: t, reason: "is a number, not a date (an Excel serial date? write dates as \(formats))"))
        default:
            return .failure(ParseError(text: value.text, reason: "is not a date (expected \(formats))"))
        }
    }
}

import Foundation
import Spatial
