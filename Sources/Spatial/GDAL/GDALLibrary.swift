import CGDAL

/// GDAL, set up once per process: every driver registered, every way to the network closed,
/// and nothing ever printed. Messages are captured per thread by ``GDALMessages``.
enum GDALLibrary {
    /// Config options, set once. Most keep GDAL off the network whatever a file asks for: `/vsicurl/`
    /// refuses every file, GDAL's HTTP client goes through a proxy that refuses every
    /// connection at once (the discard port on loopback), with no retries; GML schemas are
    /// never downloaded and PROJ never fetches grids.
    static let networkOff: [(String, String)] = [
        ("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".landctl-no-network"),
        ("GDAL_HTTP_PROXY", "127.0.0.1:9"),
        ("GDAL_HTTPS_PROXY", "127.0.0.1:9"),
        ("GDAL_HTTP_MAX_RETRY", "0"),
        ("GDAL_HTTP_TIMEOUT", "1"),
        ("GDAL_HTTP_CONNECTTIMEOUT", "1"),
        ("GML_DOWNLOAD_WFS_SCHEMA", "NO"),
        ("GML_SKIP_RESOLVE_ELEMS", "ALL"),
        ("PROJ_NETWORK", "OFF"),
        ("CPL_DEBUG", "OFF"),
        // libkml turns every non-ASCII column name into underscores and drops its values:
        // Chinese ExtendedData (用途, 地块编号…) would vanish.
        ("LIBKML_LAUNDER_FIELD_NAMES", "NO"),
    ]

    /// Runs once (Swift's global initialisers are thread-safe) before any other GDAL call:
    /// opens the library (it is not linked, CGDAL.h says why) and sets it up. Nil when
    /// ready, else why GDAL cannot be used.
    private static let failure: String? = {
        if let why = landctl_gdal_load() { return String(cString: why) }
        // The process-wide handler: silence. Every call that matters pushes its own
        // capturing handler on its thread; anything outside those is dropped, not printed.
        CPLSetErrorHandler(CPLQuietErrorHandler)
        for (key, value) in networkOff { CPLSetConfigOption(key, value) }
        GDALAllRegister()
        return nil
    }()

    /// Opens GDAL for reading or writing `path`; throws, naming the file, when the library
    /// cannot be loaded.
    static func ensureReady(for path: String) throws {
        if let failure { throw ReadError(file: path, message: failure) }
    }

    /// Whether GDAL is loaded and set up (loading it when not yet).
    static var isReady: Bool { failure == nil }

    /// Vector drivers that read local files: every driver with vector capability except
    /// those that talk to a server (a connection prefix such as `PG:` or `WFS:`, or the HTTP
    /// driver). Used as the allow-list of every open.
    static let fileDrivers: [String] = {
        guard isReady else { return [] }
        var names: [String] = []
        for k in 0..<GDALGetDriverCount() {
            guard let driver = GDALGetDriver(k), let n = GDALGetDriverShortName(driver) else { continue }
            let name = String(cString: n)
            guard GDALGetMetadataItem(driver, GDAL_DCAP_VECTOR, nil).map({ String(cString: $0) }) == "YES" else { continue }
            if let prefix = GDALGetMetadataItem(driver, GDAL_DMD_CONNECTION_PREFIX, nil), prefix.pointee != 0 { continue }
            if ["HTTP", "OAPIF", "WFS", "WFS3", "CSW", "ESRIC", "PLSCENES", "NGW", "EEDA", "GFT", "Elasticsearch", "CouchDB",
                "MongoDBv3", "AmigoCloud", "Carto", "PostgreSQL", "MySQL", "OCI", "MSSQLSpatial", "ODBC", "PGeo", "HANA"].contains(name) {
                continue
            }
            names.append(name)
        }
        return names
    }()

    /// Whether GDAL has a driver by this short name (any case), and its exact spelling.
    static func driverName(_ name: String) -> String? {
        guard isReady else { return nil }
        if let d = GDALGetDriverByName(name), let n = GDALGetDriverShortName(d) { return String(cString: n) }
        for k in 0..<GDALGetDriverCount() {
            guard let d = GDALGetDriver(k), let n = GDALGetDriverShortName(d) else { continue }
            let s = String(cString: n)
            if s.lowercased() == name.lowercased() { return s }
        }
        return nil
    }

    /// GDAL's version, e.g. `3.6.2`.
    static var version: String {
        guard isReady else { return "not available" }
        return String(cString: GDALVersionInfo("RELEASE_NAME"))
    }
}

/// A C string list (`char **`) built for one GDAL call and freed after it.
struct CStringList {
    private(set) var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    init(_ items: [String]) {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        for item in items { list = CSLAddString(list, item) }
        pointer = list
    }

    func free() { CSLDestroy(pointer) }

    /// Calls `body` with the list as GDAL takes it (`const char *const *`), freeing it after.
    static func with<T>(_ items: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> T) rethrows -> T {
        let list = CStringList(items)
        defer { list.free() }
        return try body(list.pointer.map { UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) })
    }

    /// The same for the calls that take `char **`.
    static func withMutable<T>(_ items: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> T) rethrows -> T {
        let list = CStringList(items)
        defer { list.free() }
        return try body(list.pointer)
    }
}
