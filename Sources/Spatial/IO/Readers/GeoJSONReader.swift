import Foundation

/// A streaming GeoJSON (RFC 7946) reader over a memory-mapped file.
///
/// Reads a FeatureCollection, a single Feature or a bare geometry; every geometry type;
/// `null` geometries; foreign members (skipped); the legacy `crs` member; a UTF-8 BOM.
/// Coordinates go straight from bytes into flat buffers: no JSON tree is ever built.
/// Structural mistakes in one feature (a string where a number belongs, wrong nesting,
/// `properties` as an array…) become that feature's ``Feature/problem``; broken JSON
/// (truncation, a stray character) is a ``ReadError`` with line and column.
public final class GeoJSONReader: FeatureReader {
    public let file: String
    public let format = LayerFormat.geojson
    public private(set) var declaredCRS: String?
    public private(set) var notes: [String] = []
    /// Also warn about polygons that break RFC 7946's right-hand rule (a SHOULD).
    public var checkRightHandRule = false

    let mapped: MappedFile
    // Read and moved on for every byte: no dynamic exclusivity check (the reader is used by
    // one thread, and no access to it overlaps another).
    @exclusivity(unchecked) var scanner: JSONScanner
    enum Mode { case collection, single(Int), done }
    var mode: Mode = .done
    var index = 0
    /// Byte offset where each feature of the collection starts (found while checking the
    /// array's brackets), so that parts of the collection can be parsed in parallel.
    var featureStarts: [Int] = []
    /// Where this reader stops (a part of the collection), when it reads only a part.
    var partEnd: Int?
    /// The offsets of the features array's `[` and `]` while the array has not been scanned:
    /// a big collection whose file ends right after the array is parsed in parts from
    /// guessed feature boundaries, checked where the parts meet (``readAllInParallel(workers:)``),
    /// instead of scanned through once before it is parsed. nil once scanned.
    var unscanned: (open: Int, close: Int)?
    /// Whether the last ``readAllInParallel(workers:)`` took the guessed parts as they were
    /// (tests tell the two ways apart by it).
    var lastReadGuessed = false
    private var warnings: [String] = []
    /// The previous geometry's structure (shared by the next one when it is the same).
    @exclusivity(unchecked) private var lastShape: (nodes: [FlatGeometry.Node], sequenceEnds: [Int], positions: Int) = ([], [], 0)
    /// A set of property keys met: the keys (shared by every feature that has exactly them),
    /// and the same keys as JSON string bodies end to end (`bytes`, each key ending at its
    /// `ends` entry) for comparing in place; `plain` when no key has a quote or backslash
    /// (escaped keys are never compared in place).
    private struct KeySet {
        var keys: [String] = []
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var plain = false
    }
    /// Features share their key array and geometry structure in runs of this many: enough to
    /// save nearly all the memory, and few enough that two threads working on different
    /// chunks of the features (hundreds or thousands each) do not count references on the
    /// same small arrays. One array shared by a whole file had both cores retaining and
    /// releasing it at once, its reference count bouncing between them at every copy of a
    /// feature (a million parcels classified 8.40 -> 7.73 s without it).
    static let sharingRun = 256

    /// Makes the next feature's keys and geometry structure arrays of their own, shared from
    /// there on.
    private func startSharingRun() {
        lastShape.nodes = []
        lastShape.sequenceEnds = []
        last.keys = last.keys.withUnsafeBufferPointer { Array($0) } // a new buffer, not the same one retained
    }

    /// The previous feature's keys (the next feature's are compared with them first).
    @exclusivity(unchecked) private var last = KeySet()
    /// The last sets of keys met (at most 8), newest last.
    @exclusivity(unchecked) private var recentKeySets: [KeySet] = []
    /// `properties` found inside a bare root geometry (a common non-standard form).
    private var geometryProperties: Properties?
    @exclusivity(unchecked) private var lineCursor = (offset: 0, line: 1)

    /// A mistake inside one feature; the feature is reported and reading goes on.
    private struct FeatureProblem: Error {
        var message: String
    }

    public convenience init(path: String) throws {
        try self.init(mapped: MappedFile(path: path))
    }

    public init(mapped: MappedFile) throws {
        self.mapped = mapped
        file = mapped.path
        scanner = JSONScanner(mapped.bytes)
        do {
            try readRoot()
        } catch let e as JSONScanner.SyntaxError {
            throw readError(e)
        }
    }

    func readError(_ e: JSONScanner.SyntaxError) -> ReadError {
        let pos = ReadError.position(of: e.offset, in: mapped.bytes)
        return ReadError(file: file, line: pos.line, column: pos.column, message: e.message)
    }

    private func fileError(_ message: String, at offset: Int) -> ReadError {
        let pos = ReadError.position(of: offset, in: mapped.bytes)
        return ReadError(file: file, line: pos.line, column: pos.column, message: message)
    }

    /// Line of byte `offset`, counted forward from the last feature's (offsets only grow).
    private func line(at offset: Int) -> Int {
        let p = mapped.bytes
        var (o, l) = lineCursor
        if offset < o { (o, l) = (0, 1) }
        while o < offset && o < p.count {
            if p[o] == 0x0A { l += 1 }
            o += 1
        }
        lineCursor = (o, l)
        return l
    }

    // MARK: Root

    private func readRoot() throws {
        let p = mapped.bytes
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF {
            scanner.i = 3
        }
        scanner.skipSpace()
        guard !scanner.atEnd else { throw ReadError(file: file, message: "the file is empty") }
        let rootStart = scanner.i
        guard scanner.peek() == UInt8(ascii: "{") else {
            throw fileError("not GeoJSON: the root of a GeoJSON document must be an object, found \(scanner.kindHere())", at: rootStart)
        }
        scanner.i += 1
        var type: String?
        var featuresAt: Int?
        var seen = Set<String>()
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.i += 1
        } else {
            repeat {
                let keyAt = scanner.i
                let key = try scanner.string()
                try scanner.expect(UInt8(ascii: ":"))
                if !seen.insert(key).inserted, ["type", "features", "geometry", "coordinates", "geometries"].contains(key) {
                    throw fileError("the root object has a duplicate \"\(key)\" member, which makes it ambiguous", at: keyAt)
                }
                switch key {
                case "type":
                    guard scanner.peek() == UInt8(ascii: "\"") else {
                        throw fileError("the \"type\" member must be a string, but is \(scanner.kindHere())", at: scanner.i)
                    }
                    type = try scanner.string()
                case "features":
                    featuresAt = scanner.i
                    if let close = bigArrayClosingTheFile() {
                        unscanned = (scanner.i, close)
                        scanner.i = close + 1
                    } else {
                        try recordFeatureStarts()
                    }
                case "crs":
                    declaredCRS = try readCRSMember()
                default:
                    try scanner.skipValue()
                }
            } while try scanner.nextElement(closing: UInt8(ascii: "}"))
        }
        scanner.skipSpace()
        if !scanner.atEnd {
            throw fileError("unexpected \(scanner.describeHere()) after the end of the GeoJSON object", at: scanner.i)
        }
        guard let type else { throw fileError("the root object has no \"type\" member", at: rootStart) }
        switch type {
        case "FeatureCollection":
            for bad in ["coordinates", "geometry", "geometries", "properties"] where seen.contains(bad) {
                throw fileError("a FeatureCollection must not have a \"\(bad)\" member (RFC 7946 §7.1)", at: rootStart)
            }
            guard let featuresAt else { throw fileError("the FeatureCollection has no \"features\" member", at: rootStart) }
            scanner.i = featuresAt
            guard scanner.peek() == UInt8(ascii: "[") else {
                throw fileError("the \"features\" member must be an array, but is \(scanner.kindHere())", at: featuresAt)
            }
            scanner.i += 1
            mode = scanner.peek() == UInt8(ascii: "]") ? .done : .collection
        case "Feature":
            mode = .single(rootStart)
        case _ where Self.geometryTypes[type] != nil:
            mode = .single(rootStart)
        default:
            let known = ["FeatureCollection", "Feature"] + Self.geometryTypes.keys.sorted()
            if let match = known.first(where: { $0.lowercased() == type.lowercased() }) {
                throw fileError("unknown GeoJSON type \"\(type)\": types are case-sensitive, expected \"\(match)\"", at: rootStart)
            }
            throw fileError("unknown GeoJSON type \"\(type)\"", at: rootStart)
        }
    }

    /// A reader for features `range` (indices into the collection) of a shared file.
    init(part shared: Shared, range: Range<Int>) {
        mapped = shared.mapped
        file = shared.mapped.path
        declaredCRS = shared.declaredCRS
        checkRightHandRule = shared.checkRightHandRule
        scanner = JSONScanner(shared.mapped.bytes, at: shared.starts[range.lowerBound])
        index = range.lowerBound
        mode = range.isEmpty ? .done : .collection
        partEnd = range.upperBound < shared.starts.count ? shared.starts[range.upperBound] : nil
    }

    /// A reader for the features from byte `start` to byte `end` (the next part's start; nil:
    /// to the end of the array) of a shared file, numbered from 1.
    init(part shared: Shared, from start: Int, to end: Int?) {
        mapped = shared.mapped
        file = shared.mapped.path
        declaredCRS = shared.declaredCRS
        checkRightHandRule = shared.checkRightHandRule
        scanner = JSONScanner(shared.mapped.bytes, at: start)
        index = 0
        mode = .collection
        partEnd = end
    }

    /// The legacy (2008 GeoJSON) `crs` member: `{"type":"name","properties":{"name":…}}`
    /// or `{"type":"EPSG","properties":{"code":4326}}`.
    private func readCRSMember() throws -> String? {
        guard scanner.peek() == UInt8(ascii: "{") else {
            try scanner.skipValue()
            return nil
        }
        let start = scanner.i
        let value = try scanner.propertyValue()
        guard case let .json(text) = value else { return nil }
        // Re-scan the small member text with a private scanner over its own bytes.
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { b -> String? in
            var s = JSONScanner(b)
            var crsType: String?
            var name: String?
            try s.expect(UInt8(ascii: "{"))
            if s.peek() == UInt8(ascii: "}") { return nil }
            repeat {
                let key = try s.string()
                try s.expect(UInt8(ascii: ":"))
                if key == "type", s.peek() == UInt8(ascii: "\"") {
                    crsType = try s.string()
                } else if key == "properties", s.peek() == UInt8(ascii: "{") {
                    s.i += 1
                    if s.peek() != UInt8(ascii: "}") {
                        repeat {
                            let k = try s.string()
                            try s.expect(UInt8(ascii: ":"))
                            let v = try s.propertyValue()
                            if k == "name" || k == "code" { name = v.text }
                        } while try s.nextElement(closing: UInt8(ascii: "}"))
                    } else {
                        s.i += 1
                    }
                } else {
                    try s.skipValue()
                }
            } while try s.nextElement(closing: UInt8(ascii: "}"))
            guard let name else {
                notes.append("the \"crs\" member at byte \(start) names no CRS; ignored")
                return nil
            }
            if crsType?.uppercased() == "EPSG" { return "EPSG:\(name)" }
            if crsType == "link" {
                notes.append("linked CRS \(name) in the \"crs\" member is not followed; ignored")
                return nil
            }
            return name
        }
    }

    static let geometryTypes: [String: FlatGeometry.Kind] = [
        "Point": .point, "LineString": .lineString, "Polygon": .polygon, "MultiPoint": .multiPoint,
        "MultiLineString": .multiLineString, "MultiPolygon": .multiPolygon, "GeometryCollection": .geometryCollection,
    ]

    // MARK: Features

    public func next() throws -> Feature? {
        try scanUnscanned() // read one by one, a broken file fails before its first feature
        do {
            switch mode {
            case .done:
                return nil
            case let .single(start):
                mode = .done
                scanner.i = start
                index += 1
                return try readFeatureOrGeometry()
            case .collection:
                if let partEnd, scanner.peek() != nil, scanner.i >= partEnd {
                    mode = .done
                    return nil
                }
                index += 1
                let f: Feature
                if scanner.peek() == UInt8(ascii: "{") {
                    f = try readFeature()
                } else {
                    let at = scanner.i
                    let kind = scanner.kindHere()
                    try scanner.skipValue()
                    f = Feature(index: index, geometry: nil, line: line(at: at), problem: "every feature must be an object, found \(kind)")
                }
                if try !scanner.nextElement(closing: UInt8(ascii: "]")) { mode = .done }
                return f
            }
        } catch let e as JSONScanner.SyntaxError {
            mode = .done
            throw readError(e)
        }
    }

    private func readFeatureOrGeometry() throws -> Feature {
        // Peek at the type to tell a root Feature from a bare geometry.
        let start = scanner.i
        var probe = scanner
        var isFeature = false
        try probe.expect(UInt8(ascii: "{"))
        if probe.peek() != UInt8(ascii: "}") {
            repeat {
                let k = try probe.string()
                try probe.expect(UInt8(ascii: ":"))
                if k == "type", probe.peek() == UInt8(ascii: "\"") {
                    isFeature = try probe.string() == "Feature"
                } else {
                    try probe.skipValue()
                }
            } while try probe.nextElement(closing: UInt8(ascii: "}"))
        }
        if isFeature { return try readFeature() }
        warnings = []
        geometryProperties = nil
        do {
            let g = try readGeometry(depth: 0, bare: true)
            return Feature(index: index, geometry: g, properties: geometryProperties ?? Properties(), warnings: warnings)
        } catch let problem as FeatureProblem {
            scanner.i = start
            try scanner.skipValue()
            return Feature(index: index, geometry: nil, line: line(at: start), problem: problem.message)
        }
    }

    private func readFeature() throws -> Feature {
        let start = scanner.i
        warnings = []
        if index % Self.sharingRun == 0 { startSharingRun() }
        var feature = Feature(index: index, geometry: nil)
        var problems: [String] = []
        var sawType = false, sawGeometry = false
        // Duplicates matter only for the four members we read (bit per member).
        var seen: UInt8 = 0
        try scanner.expect(UInt8(ascii: "{"))
        if scanner.peek() != UInt8(ascii: "}") {
            repeat {
                // The usual members matched in place; any other (or one written with escapes) read.
                let key: String = if scanner.skipString("type") { "type" } else if scanner.skipString("properties") { "properties" }
                    else if scanner.skipString("geometry") { "geometry" } else { try scanner.string() }
                try scanner.expect(UInt8(ascii: ":"))
                let bit: UInt8 = switch key {
                case "type": 1
                case "id": 2
                case "geometry": 4
                case "properties": 8
                default: 0
                }
                if seen & bit != 0 { problems.append("duplicate \"\(key)\" member makes the feature ambiguous") }
                seen |= bit
                switch key {
                case "type":
                    sawType = true
                    if scanner.skipString("Feature") {
                        // as it should be
                    } else if scanner.peek() == UInt8(ascii: "\"") {
                        let t = try scanner.string()
                        if t != "Feature" { problems.append("a feature's \"type\" must be \"Feature\", found \"\(t)\"") }
                    } else {
                        problems.append("the \"type\" member must be a string, but is \(scanner.kindHere())")
                        try scanner.skipValue()
                    }
                case "id":
                    switch try scanner.propertyValue() {
                    case let .string(s): feature.id = s
                    case let .number(n): feature.id = n
                    case .null: break
                    default: problems.append("the feature \"id\" must be a string or a number")
                    }
                case "properties":
                    switch scanner.peek() {
                    case UInt8(ascii: "{"):
                        feature.properties = try readProperties()
                    case UInt8(ascii: "n"):
                        try scanner.skipValue()
                    default:
                        problems.append("the \"properties\" member must be an object or null, but is \(scanner.kindHere())")
                        try scanner.skipValue()
                    }
                case "geometry":
                    sawGeometry = true
                    let gStart = scanner.i
                    switch scanner.peek() {
                    case UInt8(ascii: "{"):
                        do {
                            feature.geometry = try readGeometry(depth: 0)
                        } catch let problem as FeatureProblem {
                            problems.append(problem.message)
                            scanner.i = gStart
                            try scanner.skipValue()
                        }
                    case UInt8(ascii: "n"):
                        try scanner.skipValue()
                    default:
                        problems.append("the \"geometry\" member must be an object or null, but is \(scanner.kindHere())")
                        try scanner.skipValue()
                    }
                case "features", "coordinates", "geometries":
                    problems.append("a Feature must not have a \"\(key)\" member (RFC 7946 §7.1)")
                    try scanner.skipValue()
                default:
                    try scanner.skipValue()
                }
            } while try scanner.nextElement(closing: UInt8(ascii: "}"))
        } else {
            scanner.i += 1
        }
        if !sawType { problems.append("the feature has no \"type\": \"Feature\" member") }
        if !sawGeometry { warnings.append("the feature has no \"geometry\" member; read as a null geometry") }
        if !problems.isEmpty {
            feature.problem = problems.joined(separator: "; ")
            feature.geometry = nil
        }
        feature.warnings = warnings
        if feature.problem != nil || !warnings.isEmpty { feature.line = line(at: start) }
        return feature
    }

    private func readProperties() throws -> Properties {
        scanner.i += 1
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.i += 1
            return Properties()
        }
        // Features of one file nearly always have the same keys in the same order: while the
        // keys match the previous feature's (compared in place, no string made), its key
        // array is shared, which saves memory and makes looking up attributes cheap.
        var keys: [String] = []
        var values: [PropertyValue] = []
        values.reserveCapacity(last.keys.count)
        var same = last.plain
        repeat {
            let n = values.count
            if same, n < last.keys.count, scanner.skipString(equalTo: last.bytes, n == 0 ? 0 : last.ends[n - 1], last.ends[n]) {
                // keys stay empty while they are the previous feature's
            } else {
                if same {
                    same = false
                    keys = Array(last.keys[0..<n])
                }
                keys.append(try scanner.string())
            }
            try scanner.expect(UInt8(ascii: ":"))
            values.append(try scanner.propertyValue())
        } while try scanner.nextElement(closing: UInt8(ascii: "}"))
        if same, values.count == last.keys.count { return Properties(sharedKeys: last.keys, values: values) }
        if same { keys = Array(last.keys[0..<values.count]) }
        var props = Properties()
        var duplicate = false
        for (key, value) in zip(keys, values) {
            if props[key] != nil {
                warnings.append("property \"\(key)\" appears twice; the last value is kept")
                props[key] = value
                duplicate = true
            } else {
                props.appendUnchecked(key, value)
            }
        }
        if !duplicate {
            // A file whose features take turns between a few sets of keys (fields left out
            // where empty) shares one key array per set: met before, the set is taken again.
            let set: KeySet
            if let k = recentKeySets.firstIndex(where: { $0.keys == props.keys }) {
                set = recentKeySets[k]
                props = Properties(sharedKeys: set.keys, values: props.values)
            } else {
                let keys = props.keys
                var end = 0
                // Keys with a quote or a backslash are escaped in JSON: never compared in place.
                set = KeySet(keys: keys, bytes: keys.flatMap { Array($0.utf8) }, ends: keys.map { end += $0.utf8.count; return end },
                             plain: !keys.contains { $0.utf8.contains(UInt8(ascii: "\\")) || $0.utf8.contains(UInt8(ascii: "\"")) })
                recentKeySets.append(set)
                if recentKeySets.count > 8 { recentKeySets.removeFirst() }
            }
            last = set
        }
        return props
    }

    // MARK: Geometry

    private func readGeometry(depth: Int, bare: Bool = false) throws -> FlatGeometry {
        guard depth < 64 else { throw FeatureProblem(message: "geometry collections nested more than 64 deep") }
        try scanner.expect(UInt8(ascii: "{"))
        var type: String?
        var coordinates: Coordinates?
        var members: [FlatGeometry]?
        if scanner.peek() != UInt8(ascii: "}") {
            repeat {
                let key: String = if scanner.skipString("type") { "type" } else if scanner.skipString("coordinates") { "coordinates" }
                    else { try scanner.string() }
                try scanner.expect(UInt8(ascii: ":"))
                switch key {
                case "type":
                    guard scanner.peek() == UInt8(ascii: "\"") else {
                        throw FeatureProblem(message: "the geometry \"type\" must be a string, but is \(scanner.kindHere())")
                    }
                    type = if scanner.skipString("Polygon") { "Polygon" } else if scanner.skipString("MultiPolygon") { "MultiPolygon" }
                        else { try scanner.string() }
                case "coordinates":
                    var c = Coordinates()
                    // Sized like the previous geometry: neighbouring parcels have alike shapes,
                    // so the buffer is usually allocated once, at its final size.
                    // (Only for parcel-sized shapes: a small geometry after a huge one must not
                    // keep a huge buffer.)
                    c.builder.reserve(positions: lastShape.positions <= 1_024 ? lastShape.positions : 0)
                    c.depth = try readCoordinateArray(&c, level: 0)
                    coordinates = c
                case "geometries":
                    guard scanner.peek() == UInt8(ascii: "[") else {
                        throw FeatureProblem(message: "\"geometries\" must be an array, but is \(scanner.kindHere())")
                    }
                    scanner.i += 1
                    var list: [FlatGeometry] = []
                    if scanner.peek() != UInt8(ascii: "]") {
                        repeat {
                            guard scanner.peek() == UInt8(ascii: "{") else {
                                throw FeatureProblem(message: "the geometries of a GeometryCollection must be geometry objects, found \(scanner.kindHere())")
                            }
                            list.append(try readGeometry(depth: depth + 1))
                        } while try scanner.nextElement(closing: UInt8(ascii: "]"))
                    } else {
                        scanner.i += 1
                    }
                    members = list
                case "properties":
                    // RFC 7946 §7.1 forbids it, but real files carry it (cnmaps' boundaries put
                    // the adcode there): keep it for a bare geometry, and say so.
                    if bare, scanner.peek() == UInt8(ascii: "{") {
                        geometryProperties = try readProperties()
                        warnings.append("a geometry object has a \"properties\" member (RFC 7946 §7.1 forbids it); read as the feature's properties")
                    } else {
                        warnings.append("a geometry object has a \"properties\" member (RFC 7946 §7.1 forbids it); ignored")
                        try scanner.skipValue()
                    }
                case "geometry", "features":
                    throw FeatureProblem(message: "a geometry object must not have a \"\(key)\" member (RFC 7946 §7.1)")
                case "bbox":
                    checkBBox()
                default:
                    try scanner.skipValue()
                }
            } while try scanner.nextElement(closing: UInt8(ascii: "}"))
        } else {
            scanner.i += 1
        }
        guard let type else { throw FeatureProblem(message: "the geometry has no \"type\" member") }
        guard let kind = Self.geometryTypes[type] else {
            if let match = Self.geometryTypes.keys.first(where: { $0.lowercased() == type.lowercased() }) {
                throw FeatureProblem(message: "unknown geometry type \"\(type)\" (types are case-sensitive: \"\(match)\")")
            }
            throw FeatureProblem(message: "unknown geometry type \"\(type)\"")
        }
        if kind == .geometryCollection {
            guard let members else { throw FeatureProblem(message: "a GeometryCollection needs a \"geometries\" member") }
            if depth > 0 { warnings.append("nested GeometryCollection (RFC 7946 §3.1.8 says to avoid them)") }
            if members.count == 1 { warnings.append("GeometryCollection with a single geometry (RFC 7946 suggests the geometry itself)") }
            return FlatGeometry.collection(members)
        }
        guard let coordinates else { throw FeatureProblem(message: "the \(type) has no \"coordinates\" member") }
        var g = try coordinates.geometry(kind)
        // The same structure as the previous geometry (one ring of five positions, say):
        // share its small arrays instead of keeping a copy per feature.
        if g.nodes == lastShape.nodes { g.nodes = lastShape.nodes } else { lastShape.nodes = g.nodes }
        if g.sequenceEnds == lastShape.sequenceEnds { g.sequenceEnds = lastShape.sequenceEnds } else { lastShape.sequenceEnds = g.sequenceEnds }
        lastShape.positions = g.pointCount
        if checkRightHandRule, kind == .polygon || kind == .multiPolygon, !Self.followsRightHandRule(g) {
            warnings.append("polygon rings do not follow the right-hand rule (RFC 7946 §3.1.6: exterior counter-clockwise, holes clockwise)")
        }
        return g
    }

    private func checkBBox() {
        let start = scanner.i
        guard scanner.peek() == UInt8(ascii: "[") else {
            warnings.append("\"bbox\" must be an array of numbers, but is \(scanner.kindHere()); ignored")
            scanner.i = start
            try? scanner.skipValue()
            return
        }
        var n = 0
        var numeric = true
        scanner.i += 1
        if scanner.peek() != UInt8(ascii: "]") {
            repeat {
                if (try? scanner.number()) == nil {
                    numeric = false
                    try? scanner.skipValue()
                }
                n += 1
            } while (try? scanner.nextElement(closing: UInt8(ascii: "]"))) == true
        } else {
            scanner.i += 1
        }
        if !numeric { warnings.append("every element of \"bbox\" must be a number; bbox ignored") } else if n != 4 && n != 6 { warnings.append("\"bbox\" must have 4 (2-D) or 6 (3-D) numbers, found \(n); ignored") }
    }

    /// Nested coordinate arrays, flattened: positions plus the end of every array at each
    /// nesting level (2 = a list of positions, 3 = a list of lists, 4 = …).
    private struct Coordinates {
        var builder = FlatGeometryBuilder()
        var ends3: [Int] = []   // sequences so far at the end of each depth-3 array
        var ends4: [Int] = []   // depth-3 arrays so far at the end of each depth-4 array
        var sequences = 0
        var depth = 0
        /// Element count of a position with fewer than 2 numbers, if any.
        var shortPosition: Int?

        func geometry(_ kind: FlatGeometry.Kind) throws -> FlatGeometry {
            let wanted: Int = switch kind {
            case .point: 1
            case .lineString, .multiPoint: 2
            case .polygon, .multiLineString: 3
            case .multiPolygon: 4
            case .geometryCollection: 0
            }
            var b = builder
            if depth == 0 {
                // "coordinates": [] — an empty geometry.
                guard kind != .point else { throw FeatureProblem(message: "a Point needs a position, found an empty array") }
                b.node(kind, count: 0)
                return b.finish()
            }
            guard depth == wanted else {
                let shape = ["a position", "an array of positions", "an array of arrays of positions", "an array of arrays of arrays of positions"]
                throw FeatureProblem(message: "the coordinates of a \(kind) must be \(shape[wanted - 1]), found \(depth > 4 ? "deeper nesting" : shape[depth - 1])" + (depth > wanted ? " (nested too deeply)" : " (a number where a coordinate array belongs: nest it more deeply)"))
            }
            if let n = shortPosition { throw FeatureProblem(message: "a position must have 2 or more elements, found \(n)") }
            var g = b.finish()
            let pointCount = g.pointCount
            switch kind {
            case .point:
                g.sequenceEnds = [1]
                g.nodes = [.init(kind: .point, count: 1)]
            case .lineString, .polygon:
                g.nodes = [.init(kind: kind, count: Int32(g.sequenceEnds.count))]
                if kind == .lineString { g.nodes[0].count = 1 }
            case .multiPoint:
                g.sequenceEnds = (0..<pointCount).map { $0 + 1 }
                g.nodes = [.init(kind: .multiPoint, count: Int32(pointCount))] + Array(repeating: .init(kind: .point, count: 1), count: pointCount)
            case .multiLineString:
                g.nodes = [.init(kind: .multiLineString, count: Int32(g.sequenceEnds.count))] + Array(repeating: .init(kind: .lineString, count: 1), count: g.sequenceEnds.count)
            case .multiPolygon:
                g.nodes = [.init(kind: .multiPolygon, count: Int32(ends3.count))]
                var previous = 0
                for e in ends3 {
                    g.nodes.append(.init(kind: .polygon, count: Int32(e - previous)))
                    previous = e
                }
            case .geometryCollection:
                break
            }
            return g
        }
    }

    /// Reads one coordinate array and returns its depth (1 for a position, 0 when empty).
    private func readCoordinateArray(_ c: inout Coordinates, level: Int) throws -> Int {
        guard level < 8 else { throw FeatureProblem(message: "coordinates nested more than 8 deep") }
        guard scanner.peek() == UInt8(ascii: "[") else {
            if scanner.kindHere() == "a number" {
                throw FeatureProblem(message: "a number was found where a coordinate array belongs: the coordinates need to be nested more deeply")
            }
            throw FeatureProblem(message: "each element of the coordinates must be an array or a number, found \(scanner.kindHere())")
        }
        scanner.i += 1
        guard let first = scanner.peek() else { throw scanner.error("an array is not closed (the file is truncated)") }
        if first == UInt8(ascii: "]") {
            scanner.i += 1
            if level > 0 { throw FeatureProblem(message: "an empty array inside the coordinates") }
            return 0
        }
        if first != UInt8(ascii: "[") {
            try readPosition(&c)
            return 1
        }
        var childDepth = -1
        repeat {
            let d = try readCoordinateArray(&c, level: level + 1)
            if childDepth >= 0, d != childDepth {
                throw FeatureProblem(message: "the coordinates mix nesting depths (a position next to an array of positions)")
            }
            childDepth = d
        } while try scanner.nextElement(closing: UInt8(ascii: "]"))
        let depth = childDepth + 1
        switch depth {
        case 2:
            c.builder.endSequence()
            c.sequences += 1
        case 3:
            c.ends3.append(c.sequences)
        case 4:
            c.ends4.append(c.ends3.count)
        default:
            throw FeatureProblem(message: "coordinates are nested \(depth) deep; no GeoJSON geometry nests deeper than 4")
        }
        return depth
    }

    @inline(__always)
    private func readPosition(_ c: inout Coordinates) throws {
        var x = 0.0, y = 0.0, z = Double.nan
        var n = 0
        repeat {
            scanner.skipSpace()
            guard let v = NumberScanning.parse(scanner.p, &scanner.i) else {
                // NaN, Infinity and other bare words are not JSON at all: the file is broken.
                if let c = scanner.peek(), !"\"[{tfn".utf8.contains(c) || (c == UInt8(ascii: "n") && !scanner.isLiteral("null")) {
                    throw scanner.error("not JSON: \(scanner.describeHere()) cannot start a value (NaN and Infinity are not JSON numbers)")
                }
                let kind = scanner.kindHere()
                throw FeatureProblem(message: kind == "an array"
                    ? "a position must contain numbers, found an array (the coordinates are nested too deeply)"
                    : "each element of a position must be a number, found \(kind)")
            }
            guard v.isFinite else { throw FeatureProblem(message: "coordinate \(v) is out of range") }
            switch n {
            case 0: x = v
            case 1: y = v
            case 2: z = v
            default: break
            }
            n += 1
        } while try scanner.nextElement(closing: UInt8(ascii: "]"))
        // Reported after the nesting is compared with the type: `[5]` in a Polygon is a
        // nesting mistake first.
        if n < 2 { c.shortPosition = n }
        if n > 3, !warnings.contains(where: { $0.hasPrefix("positions with more than 3") }) {
            warnings.append("positions with more than 3 elements (RFC 7946 §3.1.1 says not to extend positions); extra elements ignored")
        }
        c.builder.point(x, y, z)
    }

    /// RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise (in lon/lat).
    static func followsRightHandRule(_ g: FlatGeometry) -> Bool {
        var ok = true
        g.forEachPolygon { rings in
            for (r, k) in rings.enumerated() {
                let a = g.signedRingArea(k)
                if (r == 0 && a < 0) || (r > 0 && a > 0) { ok = false }
            }
        }
        return ok
    }
}

extension FlatGeometry {
    /// A GeometryCollection of `members`.
    public static func collection(_ members: [FlatGeometry]) -> FlatGeometry {
        var g = FlatGeometry(nodes: [.init(kind: .geometryCollection, count: Int32(members.count))])
        let anyZ = members.contains { $0.z != nil }
        var z: [Double] = []
        for m in members {
            let offset = g.pointCount
            g.xy.append(contentsOf: m.xy)
            g.sequenceEnds.append(contentsOf: m.sequenceEnds.map { $0 + offset })
            if m.nodes.isEmpty {
                g.nodes.append(.init(kind: .geometryCollection, count: 0))
            } else {
                g.nodes.append(contentsOf: m.nodes)
            }
            if anyZ { z.append(contentsOf: m.z ?? [Double](repeating: .nan, count: m.pointCount)) }
        }
        if anyZ { g.z = z }
        return g
    }
}
