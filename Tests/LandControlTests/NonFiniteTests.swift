import Foundation
import LandControl
import Spatial
import Testing
import TestSupport

/// Issue 19: no check passes on a value that is absent or not a finite number, every such
/// value is `missing` with its reason, and coordinates whose area overflows make the
/// feature an error with the counts balancing.
extension GrantValidationTests {
    /// Rules with a threshold for every numeric check, so that none is `n/a`.
    static var everyThreshold: Rules {
        var rules = Rules()
        rules.grant.farMax = 4
        rules.grant.standards["default"] = GrantStandard(investmentPerMuWan: 300, taxPerMuWan: 25, energyValueAddedMin: 1,
                                                         emissionValueAddedMin: 1, rndShareMin: 0.02)
        return rules
    }

    static let ratioCheckIDs = ["far_min", "far_max", "coverage", "admin_share", "green_ratio", "investment_intensity", "tax_per_mu",
                                "energy_value_added", "emission_value_added", "rnd_share"]

    @Test("a site area of 1e-308 m² makes every ratio over it missing with the reason — not an infinite FAR that passes")
    func tinySiteArea() throws {
        var figures = with(["site_area_m2": "1e-308", "value_added_wan": 100.0, "energy_tce": 10.0, "emission_t": 10.0, "rnd_share": 0.05])
        figures["green_area_m2"] = 3_000.0
        let r = try validate([Self.proposal("TINY", 0, figures)], rules: Self.everyThreshold)
        let v = try #require(r.verdicts.first)
        #expect(v.verdict == .review)
        for id in ["far_min", "far_max", "coverage", "admin_share", "green_ratio", "investment_intensity", "tax_per_mu"] {
            let c = try #require(v.check(id))
            #expect(c.result == .missing && c.actual.isEmpty && c.actualValue == nil, "\(id): \(c.result) \(c.actual)")
            #expect(c.note?.contains("site_area_m2: '1e-308' is out of range (≥ 1)") == true, "\(id): \(c.note ?? "")")
        }
        #expect(v.check("area_declared")?.result == .missing)
        #expect(v.check("area_declared")?.note == "declared site area unusable: '1e-308' is out of range (≥ 1)")
        // Ratios that do not involve the site area are still judged.
        #expect(v.check("energy_value_added")?.result == .pass && v.check("energy_value_added")?.actualValue == 10)
        #expect(v.check("rnd_share")?.result == .pass)
        #expect(!v.explanation.contains("inf") && !v.explanation.contains("nan"))
    }

    @Test("each numeric check: a value that is not a finite number, or a ratio that overflows, is missing, never a pass",
          arguments: [
            // (check, the figures that make its value unusable, the reason given)
            ("far_min", ["far": "inf"], "far: 'inf' is not a"),
            ("far_max", ["far": "nan"], "far: 'nan' is not a"),
            ("far_min", ["floor_area_m2": "1e400", "far": nil], "floor_area_m2: '1e400' is not a"),
            ("coverage", ["coverage": "-inf", "footprint_m2": nil], "coverage: '-inf' is not a"),
            ("coverage", ["footprint_m2": "abc"], "footprint_m2: 'abc' is not a number"),
            ("admin_share", ["admin_share": "250"], "admin_share: '250' is more than 100 %"),
            ("green_ratio", ["green_area_m2": "-3000"], "green_area_m2: '-3000' is out of range (≥ 0)"),
            ("investment_intensity", ["investment_wan": "1e309"], "investment_wan: '1e309' is not a finite number"),
            ("tax_per_mu", ["tax_wan": "1.7e308", "site_area_m2": "1.0"], "the ratio is not a finite number"),
            ("energy_value_added", ["value_added_wan": "100.0", "energy_tce": "0.0", "emission_t": "10.0"], "energy_tce is 0"),
            ("emission_value_added", ["value_added_wan": "1e308", "energy_tce": "10.0", "emission_t": "1e-10"], "the ratio is not a finite number"),
            ("rnd_share", ["rnd_share": "NaN"], "rnd_share: 'NaN' is not a"),
          ] as [(String, [String: String?], String)])
    func unusableValue(check: String, figures: [String: String?], reason: String) throws {
        var base: [String: Any?] = ["value_added_wan": 100.0, "energy_tce": 10.0, "emission_t": 10.0, "rnd_share": 0.05]
        for (k, v) in figures {
            if let v { base[k] = v } else { base[k] = .some(nil) } // nil: the attribute is left out
        }
        let r = try validate([Self.proposal("P", 0, with(base))], rules: Self.everyThreshold)
        let v = try #require(r.verdicts.first)
        let c = try #require(v.check(check))
        #expect(c.result == .missing, "\(check): \(c.result) actual '\(c.actual)'")
        #expect(c.actual.isEmpty && c.actualValue == nil)
        #expect(c.note?.contains(reason) == true, "\(check): \(c.note ?? "no note")")
        #expect(v.verdict != .approve)
    }

    @Test("the same figures, finite and in range, are judged (the missing results above are not a blanket refusal)")
    func finiteFiguresJudged() throws {
        let figures = with(["value_added_wan": 100.0, "energy_tce": 10.0, "emission_t": 10.0, "rnd_share": 0.05])
        let r = try validate([Self.proposal("P", 0, figures)], rules: Self.everyThreshold)
        let v = try #require(r.verdicts.first)
        for id in Self.ratioCheckIDs {
            #expect(v.check(id)?.result == .pass, "\(id): \(v.check(id)?.note ?? "")")
            #expect(v.check(id)?.actualValue?.isFinite == true)
        }
        #expect(v.verdict == .approve)
    }

    @Test("a proposal whose coordinates overflow the area is an error: geometry fails, the overlap and area checks are missing, not passed")
    func overflowingProposal() throws {
        let huge = "{\"type\":\"Feature\",\"properties\":{\"id\":\"HUGE\",\"site_area_m2\":20000},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-1.7e308,-1.7e308],[1.7e308,-1.7e308],[1.7e308,1.7e308],[-1.7e308,1.7e308],[-1.7e308,-1.7e308]]]}}"
        let r = try validate([huge, Self.proposal("OK", 1, Self.passing)],
                             existing: "{\"type\":\"Feature\",\"properties\":{\"id\":\"E1\"},\"geometry\":\(HandMadeDistrict.box(0, 0, 10, 10))}")
        let v = try #require(r.verdicts.first { $0.id == "HUGE" })
        #expect(r.classification.parcels.first { $0.id == "HUGE" }?.status == .error)
        #expect(v.check("geometry")?.result == .fail)
        for id in ["area_declared", "overlap_existing", "overlap_proposals", "zone"] {
            #expect(v.check(id)?.result == .missing, "\(id): \(v.check(id)?.result.rawValue ?? "")")
        }
        #expect(r.verdicts.first { $0.id == "OK" }?.verdict == .approve)
    }
}

@Suite("hostile input, round 2")
struct HostileInputRound2Tests {
    func folder() throws -> String {
        let f = TemporaryFolder.untilExit()
        try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }

    func rulesError(_ text: String) -> RulesError? {
        do {
            _ = try Rules.parse(text, file: "r.yaml")
            return nil
        } catch {
            return error as? RulesError
        }
    }

    @Test("a rules file nested thousands of levels deep is refused before Yams (which overflowed the stack)")
    func deepRules() throws {
        let depthMessage = "nested more than 32 levels deep; a rules file needs a few levels (see `landctl rules --print-defaults`)"
        for text in ["a: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
                     "a: " + String(repeating: "{b: ", count: 5000) + "1" + String(repeating: "}", count: 5000),
                     "a:\n  " + String(repeating: "- ", count: 5000) + "x\n",
                     (0..<200).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined(),
                     // '' is a quote inside a single-quoted scalar: the scalar ends at the last ',
                     // and what follows is counted (a scanner that reopened it would miss it).
                     "a: 'x'' '\nb: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"] {
            let e = rulesError(text)
            #expect(e?.message == depthMessage, "\(e?.description ?? "accepted")")
        }
        #expect(rulesError("a: [[[1]]]\nb:\n  - - - x\n")?.line == 1) // shallow: Yams reads it, the key is unknown
        #expect(rulesError("a: [[[1]]]")?.message.hasPrefix("unknown key 'a'") == true)
        // 30 levels of flow nesting is within the bound: it reaches the reader, not the depth check.
        #expect(rulesError("a: " + String(repeating: "[", count: 28) + String(repeating: "]", count: 28))?.message.hasPrefix("unknown key") == true)
        // Brackets inside quotes and comments are not nesting.
        let quoted = "classification:\n  proposed_status_values: [\"" + String(repeating: "[", count: 100) + "\"]  # " + String(repeating: "[", count: 100) + "\n"
        #expect(try Rules.parse(quoted).classification.proposedStatusValues == [String(repeating: "[", count: 100)])
        // The defaults, printed and read back, pass the bound.
        #expect(try Rules.parse(Rules.defaultsYAML) == Rules.defaults)
    }

    func loadError(_ path: String) -> String? {
        do {
            _ = try Rules.load(path: path)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("rules files: too large, /dev/zero, a FIFO and a folder are refused with the real reason")
    func rulesFiles() throws {
        let dir = try folder()
        #expect(loadError("/dev/zero") == "/dev/zero: is a character device, not a regular file")
        #expect(mkfifo(dir + "/fifo.yaml", 0o644) == 0)
        #expect(loadError(dir + "/fifo.yaml") == dir + "/fifo.yaml: is a FIFO (named pipe), not a regular file")
        #expect(loadError(dir) == dir + ": is a folder, not a regular file")
        let big = dir + "/big.yaml"
        FileManager.default.createFile(atPath: big, contents: nil)
        #expect(truncate(big, 3 << 20) == 0)
        #expect(loadError(big) == big + ": the rules file is 3145728 bytes; a rules file is at most 1048576 bytes (1 MB): is this the right file?")
        try "grant:\n  far_max: 3\n".write(toFile: dir + "/ok.yaml", atomically: true, encoding: .utf8)
        #expect(try Rules.load(path: dir + "/ok.yaml").grant.farMax == 3)
    }

    @Test("info: a polygon whose transform fails is counted as an error only, so the status counts add up")
    func infoCountsBalance() throws {
        let path = try folder() + "/huge.wkt"
        try "POLYGON((1e308 1e308,-1e308 1e308,-1e308 -1e308,1e308 1e308))\nPOLYGON((120 30,120.001 30,120.001 30.001,120 30.001,120 30))\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let r = try LayerInspector.inspect(path, crs: "EPSG:4490")
        #expect(r.count(.ok) == 1 && r.count(.error) == 1 && r.count(.repaired) == 0 && r.count(.noGeometry) == 0)
        #expect(FeatureStatus.allCases.map(r.count).reduce(0, +) == r.featureCount)
        // The one good square: 0.001° × 0.001° at 30° N, about 96.4 m × 111 m (ellipsoidal).
        #expect(abs(r.areas.ellipsoidalM2 - 10_695.69) < 0.01)
        // Projected coordinates at ±1.7e308: transform to lon/lat fails, the area overflows.
        let zones = try folder() + "/zones.geojson"
        try HandMadeDistrict.collection([Self.giantZone("A", "cluster"), Self.giantZone("B", "reserve")])
            .write(toFile: zones, atomically: true, encoding: .utf8)
        let z = try LayerInspector.inspect(zones)
        #expect(z.count(.error) == 2 && z.count(.ok) == 0 && z.areas.planarM2 == 0)
    }

    static func giantZone(_ id: String, _ kind: String) -> String {
        HandMadeDistrict.zone(id, kind, "{\"type\":\"Polygon\",\"coordinates\":[[[-1.7e308,-1.7e308],[1.7e308,-1.7e308],[1.7e308,1.7e308],[-1.7e308,1.7e308],[-1.7e308,-1.7e308]]]}")
    }

    @Test("zones whose area overflows are errors (reported), not 'ok' zones with no area that hide their overlap")
    func giantZones() throws {
        let dir = try folder()
        try HandMadeDistrict.collection([Self.giantZone("A", "cluster"), Self.giantZone("B", "reserve"),
                                         HandMadeDistrict.zone("C", "cluster", HandMadeDistrict.box(0, 0, 1000, 1000))])
            .write(toFile: dir + "/zones.geojson", atomically: true, encoding: .utf8)
        try HandMadeDistrict.collection([HandMadeDistrict.parcel("P1", "M1", "existing", HandMadeDistrict.box(10, 10, 110, 110))])
            .write(toFile: dir + "/parcels.geojson", atomically: true, encoding: .utf8)
        var options = ClassifyOptions(zonesPath: dir + "/zones.geojson", parcelsPath: dir + "/parcels.geojson")
        options.idField = "parcel_id"
        let r = try Classifier.run(options)
        let status = Dictionary(uniqueKeysWithValues: r.zones.records.map { ($0.id, $0.status) })
        #expect(status == ["A": .error, "B": .error, "C": .ok])
        #expect(r.conflicts.filter { $0.rule == .invalidZone }.flatMap(\.zoneIDs).sorted() == ["A", "B"])
        let p = try #require(r.parcels.first)
        #expect(p.status == .ok && abs(p.areaM2 - 10_000) < 1e-6 && abs((p.kindAreas[.cluster] ?? 0) - 10_000) < 1e-6)
        #expect(p.zone == .cluster && p.outsideM2.isFinite)
    }

    @Test("ids with control characters: exact in CSV and GeoJSON, escaped in summary.md and what is printed")
    func controlCharacters() throws {
        let dir = try folder()
        try HandMadeDistrict.collection([HandMadeDistrict.zone("Z", "cluster", HandMadeDistrict.box(0, 0, 1000, 1000))])
            .write(toFile: dir + "/zones.geojson", atomically: true, encoding: .utf8)
        // ESC [2J clears a terminal, OSC 0 sets its title; JSON escapes put them in the id.
        try HandMadeDistrict.collection([
            "{\"type\":\"Feature\",\"properties\":{\"id\":\"P\\u001b[2J\\u001b]0;pwned\\u0007\"},\"geometry\":\(HandMadeDistrict.box(10, 10, 110, 110))}",
        ]).write(toFile: dir + "/proposals.geojson", atomically: true, encoding: .utf8)
        var options = ValidateOptions(proposalsPath: dir + "/proposals.geojson", zonesPath: dir + "/zones.geojson")
        options.classify.language = .en
        let r = try GrantValidator.run(options)
        let raw = "P\u{1B}[2J\u{1B}]0;pwned\u{7}"
        #expect(r.verdicts.first?.id == raw)
        let summary = GrantValidationOutput.markdown(r)
        #expect(summary.contains("| P\\u001B[2J\\u001B]0;pwned\\u0007 |"))
        #expect(!summary.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F })
        try GrantValidationOutput.write(r, to: dir + "/out")
        #expect(try String(contentsOfFile: dir + "/out/summary.md", encoding: .utf8) == summary)
        // Data files keep the exact text (CSV as is; GeoJSON with JSON's own escapes).
        #expect(try String(contentsOfFile: dir + "/out/verdicts.csv", encoding: .utf8).contains("\n" + raw + ","))
        let json = try String(contentsOfFile: dir + "/out/verdicts.geojson", encoding: .utf8)
        #expect(json.contains("P\\u001b[2J\\u001b]0;pwned\\u0007") || json.contains("P\\u001B[2J\\u001B]0;pwned\\u0007"))
    }
}
