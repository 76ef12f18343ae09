import FuzzSupport
import Spatial

/// libFuzzer entry point: the input is one GeoJSON file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let mapped = MappedFile(bytes: Array(UnsafeBufferPointer(start: data, count: size)), name: "fuzz.geojson")
    readToEnd {
        let reader = try GeoJSONReader(mapped: mapped)
        reader.checkRightHandRule = true
        return reader
    }
    return 0
}

/// The process entry point SwiftPM's link step names (see FuzzSupport/Driver.swift).
@_cdecl("FuzzGeoJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 } // libFuzzer always passes a buffer, even when empty
        return fuzz(data, size)
    }
}
