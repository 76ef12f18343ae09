import FuzzSupport
import Spatial

/// libFuzzer entry point: the input is one CSV file, read with the default geometry column
/// and a comma. When it is not plain ASCII it is also decoded as GBK (`--encoding gbk`)
/// and, if that succeeds, read again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let mapped = MappedFile(bytes: Array(input), name: "fuzz.csv")
    readToEnd { try CSVReader(mapped: mapped, geometryColumn: nil, delimiter: ",") }
    if input.contains(where: { $0 >= 0x80 }) {
        readToEnd {
            let utf8 = try TextEncoding.gbk.decodeToUTF8(input, file: "fuzz.csv")
            return try CSVReader(mapped: MappedFile(bytes: utf8, name: "fuzz.csv"), geometryColumn: nil, delimiter: ",", encodingGiven: true)
        }
    }
    return 0
}

/// The process entry point SwiftPM's link step names (see FuzzSupport/Driver.swift).
@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 } // libFuzzer always passes a buffer, even when empty
        return fuzz(data, size)
    }
}
