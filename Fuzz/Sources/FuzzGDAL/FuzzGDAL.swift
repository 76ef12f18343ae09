#if canImport(Glibc)
import Glibc
#endif
import FuzzSupport
import Spatial

/// libFuzzer entry point for the GDAL reader: the first byte picks the format, the rest is
/// the file (for a Shapefile, three files: two little-endian 32-bit lengths, then the .shp,
/// the .shx and the .dbf). The file is written under a private folder in /dev/shm (GDAL
/// reads by path) and read to the end as the commands read a layer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let formats = ["gpkg", "fgb", "kml", "dxf", "gml", "shp", "shp.zip", "gpx"]
    let ext = formats[Int(input[0]) % formats.count]
    let body = Array(input.dropFirst())
    let stem = folder + "/layer"
    if ext == "shp" {
        func length(_ at: Int) -> Int {
            guard body.count >= at + 4 else { return 0 }
            return Int(body[at]) | Int(body[at + 1]) << 8 | Int(body[at + 2]) << 16 | Int(body[at + 3]) << 24
        }
        var rest = body.count >= 8 ? Array(body[8...]) : []
        let shpLength = min(length(0), rest.count)
        let shp = Array(rest.prefix(shpLength))
        rest.removeFirst(shpLength)
        let shxLength = min(length(4), rest.count)
        let shx = Array(rest.prefix(shxLength))
        rest.removeFirst(shxLength)
        write(stem + ".shp", shp)
        write(stem + ".shx", shx)
        write(stem + ".dbf", rest)
    } else {
        write(stem + "." + ext, body)
    }
    readToEnd { try LayerReader.open(stem + "." + ext) }
    for e in ["shp", "shx", "dbf", ext] { unlink(stem + "." + e) }
    return 0
}

/// One folder per fuzzing process.
private let folder: String = {
    var template = Array("/dev/shm/landctl-fuzz-gdal-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
    precondition(made, "cannot create a folder in /dev/shm")
    return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
}()

private func write(_ path: String, _ bytes: [UInt8]) {
    guard let f = fopen(path, "wb") else { return }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
}

/// The process entry point SwiftPM's link step names (see FuzzSupport/Driver.swift).
@_cdecl("FuzzGDAL_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}
