import Foundation
import CPROJ

/// A PROJ transformation between two CRSs, normalised so that x is always easting or
/// longitude and y northing or latitude, whatever axis order the EPSG database gives.
public final class CoordinateTransform {
    public let engine: GeometryEngine
    public let source: CRS
    public let target: CRS
    /// PROJ's description of the operation it chose (e.g. a Helmert fallback).
    public let operation: String
    /// The operation's accuracy in metres when PROJ knows it.
    public let accuracy: Double?
    private let handle: TransformHandle

    init(engine: GeometryEngine, source: CRS, target: CRS, handle: TransformHandle) {
        self.engine = engine
        self.source = source
        self.target = target
        self.handle = handle
        if let known = handle.chosen {
            operation = known.operation
            accuracy = known.accuracy
        } else if let pj = handle.pj {
            let info = proj_pj_info(pj)
            operation = info.description.map { String(cString: $0) } ?? "unknown operation"
            let a = info.accuracy
            accuracy = a >= 0 ? a : nil
        } else {
            operation = "identity"
            accuracy = 0
        }
    }

    var pj: OpaquePointer? { handle.pj }

    public var isIdentity: Bool { pj == nil }

    /// Transforms every position of `geometry` in place, with one bulk PROJ call.
    /// Throws when a position cannot be transformed (PROJ returns infinity for it); the
    /// geometry's coordinates are then partly transformed and must not be used.
    public func apply(_ geometry: inout FlatGeometry) throws {
        guard let pj, !geometry.xy.isEmpty else { return }
        let n = geometry.pointCount
        engine.projMessages.clear()
        proj_errno_reset(pj)
        let ends = geometry.sequenceEnds
        geometry.xy.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            guard ends.last == n else {
                _ = proj_trans_generic(pj, handle.direction, base, 16, n, base + 1, 16, n, nil, 0, 0, nil, 0, 0)
                return
            }
            // A closed ring's last position repeats its first: copied, not transformed again
            // (PROJ gives the same position the same result; a fifth of a four-cornered parcel).
            var start = 0
            for end in ends {
                let count = end - start
                let closed = count > 2 && p[2 * start] == p[2 * end - 2] && p[2 * start + 1] == p[2 * end - 1]
                let first = base + 2 * start, transformed = closed ? count - 1 : count
                if transformed > 0 { _ = proj_trans_generic(pj, handle.direction, first, 16, transformed, first + 1, 16, transformed, nil, 0, 0, nil, 0, 0) }
                if closed {
                    p[2 * end - 2] = first[0]
                    p[2 * end - 1] = first[1]
                }
                start = end
            }
        }
        // proj_trans_generic returns how many it processed, not how many succeeded:
        // failures show up as infinite coordinates.
        try geometry.xy.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                if !p[i].isFinite || !p[i + 1].isFinite {
                    throw SpatialError.transformFailed("position \(i / 2 + 1) could not be transformed from \(source) to \(target)" + (engine.projMessages.lastError.isEmpty ? "" : ": \(engine.projMessages.lastError)"))
                }
                i += 2
            }
        }
    }

    /// A transformed copy of a GEOS geometry: its coordinates are copied out with
    /// `GEOSCoordSeq_copyToBuffer_r`, transformed in one `proj_trans_generic` call and copied
    /// back with `copyFromBuffer_r`.
    public func apply(to geometry: Geometry) throws -> Geometry {
        var flat = try geometry.flat()
        try apply(&flat)
        return try geometry.engine.geometry(from: flat)
    }

    /// Transforms one position.
    public func apply(x: Double, y: Double) throws -> (x: Double, y: Double) {
        var g = FlatGeometry(xy: [x, y], sequenceEnds: [1], nodes: [.init(kind: .point, count: 1)])
        try apply(&g)
        return (g.xy[0], g.xy[1])
    }
}

/// The PROJ object of a transform, cached by its engine and destroyed exactly once. It holds
/// no reference back to the engine, so the cache makes no retain cycle.
final class TransformHandle {
    let pj: OpaquePointer?
    /// Keeps the PROJ context alive until this object is destroyed (not the engine: the
    /// engine's cache holds this handle, which must not hold the engine back).
    let context: ProjContext
    /// What PROJ chose, when this object was rebuilt from another engine's pipeline text.
    let chosen: ChosenOperation?
    /// `PJ_INV` when `pj` is the operation chosen for the opposite way, run backwards.
    let direction: PJ_DIRECTION
    init(pj: OpaquePointer?, context: ProjContext, chosen: ChosenOperation? = nil, direction: PJ_DIRECTION = PJ_FWD) {
        self.pj = pj
        self.context = context
        self.chosen = chosen
        self.direction = direction
    }

    deinit { if let pj { proj_destroy(pj) } }
}

extension GeometryEngine {
    /// The transform from `source` to `target`; the PROJ object is created once per engine.
    public func transform(from source: CRS, to target: CRS) throws -> CoordinateTransform {
        let key = source.definition + "\u{1}" + target.definition
        if let cached = transformCache[key] {
            return CoordinateTransform(engine: self, source: source, target: target, handle: cached)
        }
        let handle: TransformHandle
        if source.definition == target.definition {
            handle = TransformHandle(pj: nil, context: projContext)
        } else if let chosen = ChosenOperation.cache[key], let pj = proj_create(proj, chosen.pipeline) {
            // Another engine chose this operation already: build it from its text (no
            // database queries; choosing costs tens of milliseconds per transform and engine).
            handle = TransformHandle(pj: pj, context: projContext, chosen: chosen)
        } else if let there = ChosenOperation.cache[target.definition + "\u{1}" + source.definition],
                  let pj = proj_create(proj, there.pipeline) {
            if proj_pj_info(pj).has_inverse != 0 {
                // The way back is the operation chosen for the way there, run inverse (as
                // `cs2cs -I` does), rather than a second search of proj.db (~25 ms).
                handle = TransformHandle(pj: pj, context: projContext,
                                         chosen: ChosenOperation(pipeline: there.pipeline, operation: "Inverse of " + there.operation,
                                                                 accuracy: there.accuracy),
                                         direction: PJ_INV)
            } else {
                proj_destroy(pj)
                handle = try choose(from: source, to: target, key: key)
            }
        } else {
            handle = try choose(from: source, to: target, key: key)
        }
        transformCache[key] = handle
        return CoordinateTransform(engine: self, source: source, target: target, handle: handle)
    }

    /// Asks PROJ for the operation from `source` to `target` (a search of proj.db) and
    /// remembers its pipeline text for every engine of the process.
    private func choose(from source: CRS, to target: CRS, key: String) throws -> TransformHandle {
        let s = try crsHandle(source.definition), d = try crsHandle(target.definition)
        projMessages.clear()
        guard let raw = proj_create_crs_to_crs_from_pj(proj, s.pj, d.pj, nil, nil) else {
            throw SpatialError.crs("no transformation from \(source) to \(target): \(projError("create_crs_to_crs").description)")
        }
        let normalized = proj_normalize_for_visualization(proj, raw)
        proj_destroy(raw)
        guard let normalized else {
            throw SpatialError.crs("cannot normalise the axis order from \(source) to \(target): \(projError("normalize_for_visualization").description)")
        }
        // A single operation has a pipeline text; a set of alternatives (chosen per point
        // by area of use) has none and is chosen again by every engine.
        if let text = proj_as_proj_string(proj, normalized, PJ_PROJ_5, nil) {
            let info = proj_pj_info(normalized)
            ChosenOperation.cache[key] = ChosenOperation(pipeline: String(cString: text),
                                                         operation: info.description.map { String(cString: $0) } ?? "unknown operation",
                                                         accuracy: info.accuracy >= 0 ? info.accuracy : nil)
        }
        return TransformHandle(pj: normalized, context: projContext)
    }
}

/// An operation PROJ chose between two CRSs, kept as pipeline text for every engine of the
/// process: only text is shared between threads, each engine builds its own PROJ object.
struct ChosenOperation: Sendable {
    var pipeline: String
    var operation: String
    var accuracy: Double?

    static let cache = Cache()

    final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String: ChosenOperation] = [:]

        subscript(key: String) -> ChosenOperation? {
            get {
                lock.lock()
                defer { lock.unlock() }
                return entries[key]
            }
            set {
                lock.lock()
                entries[key] = newValue
                lock.unlock()
            }
        }
    }
}
