import CGEOS
import CPROJ
import Foundation

/// Serialises context creation: `GEOS_init_r` in 3.11 writes a global without a lock.
private let contextCreationLock = NSLock()

/// Collects the messages GEOS and PROJ report through their handlers, so that the library
/// never prints to stderr and every failure carries the library's own words.
final class MessageSink {
    var errors: [String] = []
    var notices: [String] = []

    @inline(__always) func clear() {
        // Called before every GEOS/PROJ call: nearly always there is nothing to clear.
        if !errors.isEmpty { errors.removeAll(keepingCapacity: true) }
        if !notices.isEmpty { notices.removeAll(keepingCapacity: true) }
    }

    var lastError: String { errors.last ?? notices.last ?? "" }
}

private let geosErrorHandler: GEOSMessageHandler_r = { message, userdata in
    guard let userdata, let message else { return }
    Unmanaged<MessageSink>.fromOpaque(userdata).takeUnretainedValue().errors.append(String(cString: message))
}

private let geosNoticeHandler: GEOSMessageHandler_r = { message, userdata in
    guard let userdata, let message else { return }
    Unmanaged<MessageSink>.fromOpaque(userdata).takeUnretainedValue().notices.append(String(cString: message))
}

private let projLogHandler: PJ_LOG_FUNCTION = { userdata, level, message in
    guard let userdata, let message else { return }
    let sink = Unmanaged<MessageSink>.fromOpaque(userdata).takeUnretainedValue()
    if level <= Int32(PJ_LOG_ERROR.rawValue) {
        sink.errors.append(String(cString: message))
    } else {
        sink.notices.append(String(cString: message))
    }
}

/// A PROJ context and its message sink, destroyed when the last owner goes: the engine and
/// every transform it handed out hold it, so a transform that outlives its engine still
/// frees its PROJ object into a live context.
final class ProjContext {
    let pointer: OpaquePointer
    let messages = MessageSink()

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { proj_context_destroy(pointer) }
}

/// One GEOS context and one PROJ context, with everything made from them.
///
/// An engine is used by one task at a time and never crosses tasks: it is not `Sendable`,
/// and the plain data that does cross (``FlatGeometry``, ``CRS``) is rebuilt inside each
/// engine. Every object it hands out (``Geometry``, ``PreparedGeometry``, ``SpatialIndex``,
/// ``CoordinateTransform``) keeps the engine alive and frees its C object exactly once.
public final class GeometryEngine {
    let geos: GEOSContextHandle_t
    /// The PROJ context, shared with the transforms handed out so that it outlives them.
    let projContext: ProjContext
    var proj: OpaquePointer { projContext.pointer }
    let geosMessages = MessageSink()
    var projMessages: MessageSink { projContext.messages }
    private var wkbReader: OpaquePointer?
    private var makeValidParams: OpaquePointer?
    var crsCache: [String: CRSHandle] = [:]
    var transformCache: [String: TransformHandle] = [:]

    public init() {
        contextCreationLock.lock()
        let g = GEOS_init_r()
        let p = proj_context_create()
        contextCreationLock.unlock()
        // Both allocations fail only when memory is exhausted; there is no sensible recovery.
        guard let g, let p else { preconditionFailure("cannot allocate GEOS/PROJ contexts") }
        geos = g
        projContext = ProjContext(p)
        let geosSink = Unmanaged.passUnretained(geosMessages).toOpaque()
        _ = GEOSContext_setErrorMessageHandler_r(geos, geosErrorHandler, geosSink)
        _ = GEOSContext_setNoticeMessageHandler_r(geos, geosNoticeHandler, geosSink)
        proj_log_func(p, Unmanaged.passUnretained(projContext.messages).toOpaque(), projLogHandler)
        proj_log_level(p, PJ_LOG_ERROR)
        // Never reach for grids over the network: results must not depend on connectivity.
        _ = proj_context_set_enable_network(p, 0)
    }

    deinit {
        // Objects that hold a reference to this engine are gone by now; the caches are the
        // only remaining users of the contexts.
        transformCache.removeAll()
        crsCache.removeAll()
        if let wkbReader { GEOSWKBReader_destroy_r(geos, wkbReader) }
        if let makeValidParams { GEOSMakeValidParams_destroy_r(geos, makeValidParams) }
        GEOS_finish_r(geos)
        // The PROJ context goes when the last transform made from it goes (ProjContext).
    }

    // MARK: - Error capture

    /// Runs a GEOS call that returns a new geometry, turning NULL into a Swift error.
    func geosCall(_ operation: String, _ body: () -> OpaquePointer?) throws -> Geometry {
        geosMessages.clear()
        guard let result = body() else {
            throw SpatialError.geos(operation: operation, message: geosMessages.lastError)
        }
        return Geometry(engine: self, handle: result)
    }

    /// Runs a GEOS predicate (0 false, 1 true, 2 exception).
    func geosPredicate(_ operation: String, _ body: () -> CChar) throws -> Bool {
        geosMessages.clear()
        let r = body()
        if r == 2 { throw SpatialError.geos(operation: operation, message: geosMessages.lastError) }
        return r == 1
    }

    /// Runs a GEOS call that returns 0 on failure.
    func geosStatus(_ operation: String, _ body: () -> Int32) throws {
        geosMessages.clear()
        if body() == 0 { throw SpatialError.geos(operation: operation, message: geosMessages.lastError) }
    }

    func projError(_ operation: String) -> SpatialError {
        var msg = projMessages.lastError
        if msg.isEmpty {
            let errno = proj_context_errno(proj)
            if errno != 0, let s = proj_context_errno_string(proj, errno) { msg = String(cString: s) }
        }
        return .proj(operation: operation, message: msg)
    }

    // MARK: - Reading geometries the engine parses itself

    /// Parses a hex-encoded WKB/EWKB geometry with GEOS's reader.
    public func geometry(hexWKB: String) throws -> Geometry {
        if wkbReader == nil { wkbReader = GEOSWKBReader_create_r(geos) }
        let bytes = Array(hexWKB.utf8)
        return try geosCall("WKB read") {
            bytes.withUnsafeBufferPointer { GEOSWKBReader_readHEX_r(geos, wkbReader, $0.baseAddress, $0.count) }
        }
    }

    /// Parses WKT with LandControl's own reader and builds the GEOS geometry.
    public func geometry(wkt: String) throws -> Geometry {
        try geometry(from: WKTParser.parse(wkt))
    }

    func makeValidParameters() -> OpaquePointer? {
        if makeValidParams == nil {
            let p = GEOSMakeValidParams_create_r(geos)
            // The structure method keeps areas: self-overlaps are unioned, a hole outside
            // its shell becomes a polygon of its own, collapsed rings are not kept as lines.
            _ = GEOSMakeValidParams_setMethod_r(geos, p, GEOS_MAKE_VALID_STRUCTURE)
            _ = GEOSMakeValidParams_setKeepCollapsed_r(geos, p, 0)
            makeValidParams = p
        }
        return makeValidParams
    }
}
