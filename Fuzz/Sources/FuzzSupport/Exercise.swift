#if canImport(Glibc)
import Glibc
#endif
import CFuzzerDriver
import Spatial

/// One engine for the whole fuzzing process (created on first use, never per input), as a
/// command would use one engine for a whole layer.
nonisolated(unsafe) let engine = GeometryEngine()

/// FUZZ_VERBOSE=1: print what happens to every feature (for triage with a single input).
private let verbose = getenv("FUZZ_VERBOSE") != nil

/// FUZZ_KNOWN_GEOS_LEAK=1: also report the known GEOS 3.11.1 makeValid leak (see makeValid below).
private let reportKnownGEOSLeak = getenv("FUZZ_KNOWN_GEOS_LEAK").map { String(cString: $0) == "1" } ?? false

/// Reads `reader` to the end and runs every feature's geometry through the engine, the way
/// the commands do: build, validity, and for an invalid geometry makeValid and area. Errors
/// the API documents (ReadError from the reader, SpatialError from the engine) are correct
/// answers to bad input; anything else thrown breaks the readers' contract and is reported
/// as a crash so that libFuzzer keeps the input.
public func readToEnd(_ open: () throws -> any FeatureReader) {
    do {
        let reader = try open()
        var count = 0
        while let feature = try reader.next() {
            count += 1
            if feature.index != count { contractViolation("feature index \(feature.index), expected \(count)") }
            exercise(feature, file: reader.file)
        }
        _ = reader.notes
        _ = reader.declaredCRS
        // A finished reader stays finished.
        if try reader.next() != nil { contractViolation("next() returned a feature after nil") }
        if verbose { print("end of file after \(count) features; notes \(reader.notes); CRS \(reader.declaredCRS ?? "none")") }
    } catch let e as ReadError {
        let message = e.description
        if verbose { print("ReadError: \(message)") }
    } catch {
        contractViolation("a reader threw \(type(of: error)), not ReadError: \(error)")
    }
}

public func exercise(_ feature: Feature, file: String) {
    let location = feature.location(in: file)
    if verbose { print("\(location): problem \(feature.problem ?? "none"); warnings \(feature.warnings)") }
    guard let flat = feature.geometry else { return }
    if feature.problem != nil { contractViolation("a feature has both a problem and a geometry") }
    // Pure-Swift helpers the commands use on every geometry.
    _ = flat.envelope
    let planar = flat.planarArea
    _ = flat.polygonalPart
    do {
        let g = try engine.geometry(from: flat)
        let validity = try g.validity()
        let message = validity.message
        if verbose { print("  \(g.typeName), \(flat.pointCount) positions, planar area \(planar): \(message)") }
        let checked: Geometry
        if validity.isValid {
            checked = g
        } else {
            checked = try makeValid(g)
            _ = try checked.validity()
        }
        let area = try checked.area()
        // Back to plain data, as outputs do.
        _ = try checked.flat()
        if verbose { print("  area \(area)") }
    } catch let e as SpatialError {
        let message = e.description
        if verbose { print("  SpatialError: \(message)") }
    } catch {
        contractViolation("the engine threw \(type(of: error)), not SpatialError: \(error)")
    }
}

/// `g.makeValid()`, with LeakSanitizer off for the allocations GEOS makes inside it.
///
/// Known GEOS 3.11.1 leak (Fuzz/crashers/geojson/leak-geos-makevalid-*.geojson and
/// Fuzz/crashers/wkt/leak-geos-makevalid-*.wkt): GEOSMakeValidWithParams → GeometryFixer →
/// buffer(0) leaks BufferBuilder's subgraphs and edge rings when the buffer's first,
/// full-precision attempt throws a TopologyException (GEOS catches it and retries with
/// reduced precision). The leak is inside GEOS, a system library LSan cannot unwind (its
/// reports stop at `operator new`, so no suppression by frame is possible), and without
/// this every run stops on it within minutes. Only this one call is excluded: building,
/// validity, area, flattening and freeing (including freeing makeValid's result) are still
/// checked. FUZZ_KNOWN_GEOS_LEAK=1 checks this call too.
func makeValid(_ g: Geometry) throws -> Geometry {
    if reportKnownGEOSLeak { return try g.makeValid() }
    __lsan_disable()
    defer { __lsan_enable() }
    return try g.makeValid()
}

/// An API contract broken by input data: stop so that libFuzzer saves the input.
func contractViolation(_ message: String) -> Never {
    fatalError("fuzz contract violation: \(message)")
}
