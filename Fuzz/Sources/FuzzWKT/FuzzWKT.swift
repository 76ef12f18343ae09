import FuzzSupport
import Spatial

/// libFuzzer entry point: the input is one WKT file (one geometry per line), read with
/// WKTReader; the whole input is also given to WKTParser.parse(bytes:) as a single geometry.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let mapped = MappedFile(bytes: bytes, name: "fuzz.wkt")
    readToEnd { try WKTReader(mapped: mapped) }
    bytes.withUnsafeBufferPointer { p in
        do {
            let (flat, _) = try WKTParser.parse(bytes: p)
            exercise(Feature(index: 1, geometry: flat), file: "fuzz.wkt")
        } catch let e as WKTParser.SyntaxError {
            _ = e.description
        } catch {
            fatalError("fuzz contract violation: WKTParser threw \(type(of: error)): \(error)")
        }
    }
    return 0
}

/// The process entry point SwiftPM's link step names (see FuzzSupport/Driver.swift).
@_cdecl("FuzzWKT_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 } // libFuzzer always passes a buffer, even when empty
        return fuzz(data, size)
    }
}
