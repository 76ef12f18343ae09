import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One `<run>` of GEOS's XML test suite (`tests/xmltester/tests/**` in libgeos/geos), read
/// with `XMLParser`. Only what the GEOSXML tests need is kept: the run's precision model,
/// and per case the `<desc>`, the `<a>`/`<b>` inputs and every `<op>` with its expected text.
struct GEOSXMLRun {
    /// The run's `<precisionModel>`. GEOS's XMLTester honours only the first one in a run
    /// (misc/TestIsValid.xml has two: FLOATING first, then scale 1.0).
    enum Precision: Equatable, CustomStringConvertible {
        case floating
        case floatingSingle
        case fixed(scale: Double)

        var isFixed: Bool { if case .fixed = self { true } else { false } }

        var description: String {
            switch self {
            case .floating: "FLOATING"
            case .floatingSingle: "FLOATING_SINGLE"
            case let .fixed(scale): "FIXED scale \(scale)"
            }
        }

        /// GEOS `PrecisionModel::makePrecise` for one ordinate: Java `Math.round` semantics
        /// (halves round towards +∞) on `value * scale`, then divided by the scale.
        func makePrecise(_ value: Double) -> Double {
            switch self {
            case .floating: return value
            case .floatingSingle: return Double(Float(value))
            case let .fixed(scale):
                let v = value * scale
                var whole = 0.0
                let fraction = abs(modf(v, &whole))
                let rounded: Double
                if v >= 0 {
                    rounded = fraction < 0.5 ? v.rounded(.down) : fraction > 0.5 ? v.rounded(.up) : whole + 1
                } else {
                    rounded = fraction < 0.5 ? v.rounded(.up) : fraction > 0.5 ? v.rounded(.down) : whole
                }
                return rounded / scale
            }
        }
    }

    struct Op {
        /// As written in the file (`symDifference`, `intersectionNG`…).
        var name: String
        var arg1: String?
        var arg2: String?
        var arg3: String?
        /// Trimmed element text: WKT, hex WKB, `true`/`false` or a number.
        var expected: String
        /// 1-based line of the `<op>` element in the file.
        var line: Int

        var lowercasedName: String { name.lowercased() }
    }

    struct Case {
        /// 1-based position of the `<case>` in the file.
        var index: Int
        var line: Int
        var desc: String
        var a: String?
        var b: String?
        var ops: [Op]

        /// The input named by an op argument (`A`/`a`, `B`/`b`).
        func input(_ arg: String?) -> String? {
            switch arg?.lowercased() {
            case "a": a
            case "b": b
            default: nil
            }
        }
    }

    /// Path relative to the suite's version folder, e.g. `general/TestValid.xml`.
    var file: String
    var precision: Precision
    var cases: [Case]

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    static func load(_ url: URL, relativePath: String) throws -> GEOSXMLRun {
        let data = try Data(contentsOf: url)
        let parser = XMLParser(data: data)
        let reader = Reader()
        parser.delegate = reader
        guard parser.parse() else {
            let why = parser.parserError.map { "\($0)" } ?? "unknown error"
            throw LoadError(description: "\(relativePath): XML parse error at line \(parser.lineNumber): \(why)")
        }
        if let error = reader.error { throw LoadError(description: "\(relativePath): \(error)") }
        return GEOSXMLRun(file: relativePath, precision: reader.precision ?? .floating, cases: reader.cases)
    }

    /// SAX-style collector. Text is gathered per element of interest and trimmed at its end.
    private final class Reader: NSObject, XMLParserDelegate {
        var precision: Precision?
        var cases: [Case] = []
        var error: String?

        private var current: Case?
        private var op: Op?
        private var text = ""
        private var collecting = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let attrs = Dictionary(attributes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
            switch name.lowercased() {
            case "precisionmodel":
                // The XMLTester reads only the run's first precision model.
                guard current == nil, precision == nil else { return }
                if let type = attrs["type"]?.uppercased() {
                    precision = type == "FLOATING_SINGLE" ? .floatingSingle : type == "FIXED" ? .fixed(scale: Double(attrs["scale"] ?? "1") ?? 1) : .floating
                } else if let s = attrs["scale"], let scale = Double(s) {
                    precision = .fixed(scale: scale)
                } else {
                    precision = .floating
                }
            case "case":
                current = Case(index: cases.count + 1, line: parser.lineNumber, desc: "", a: nil, b: nil, ops: [])
            case "desc", "a", "b":
                guard current != nil, op == nil else { return }
                if attrs["file"] != nil { error = "case \(cases.count + 1): inputs read from files are not supported" }
                text = ""
                collecting = true
            case "op":
                guard current != nil else { return }
                op = Op(name: attrs["name"] ?? "", arg1: attrs["arg1"], arg2: attrs["arg2"], arg3: attrs["arg3"],
                        expected: "", line: parser.lineNumber)
                text = ""
                collecting = true
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if collecting { text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if collecting { text += String(decoding: block, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch name.lowercased() {
            case "desc":
                // Descriptions span lines in some files; keep them on one line for reports.
                if collecting, current != nil, op == nil {
                    current?.desc = value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                }
                collecting = false
            case "a":
                if collecting, op == nil { current?.a = value }
                collecting = false
            case "b":
                if collecting, op == nil { current?.b = value }
                collecting = false
            case "op":
                if var o = op {
                    o.expected = value
                    current?.ops.append(o)
                }
                op = nil
                collecting = false
            case "case":
                if let c = current { cases.append(c) }
                current = nil
            default:
                break
            }
        }
    }
}

extension GEOSXMLRun {
    /// True for hex WKB input (GEOS's XMLTester tells WKT and hex apart the same way).
    static func isHexWKB(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0) }
    }
}
