import Foundation
import Spatial

/// Lets PROJ choose the operation from the parcels' CRS to the area CRS (a search of its
/// database: about 0.04 s on one core for WGS 84 to a CGCS2000 Gauss–Krüger zone) on another
/// thread while the other layers are read, instead of afterwards with one core idle. The
/// choice is kept process-wide (``CoordinateTransform``), where the run's own transforms find
/// it; anything that fails here is left for the run itself to meet and report.
final class OperationPrefetch: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    /// Starts at once for `parcels` (the area CRS follows them, see ``StudyArea``).
    init(parcels: LoadedLayer, requested: String?) {
        DispatchQueue.global().async { [done] in
            let engine = GeometryEngine() // this thread's own
            if let (area, _) = try? StudyArea.crss(parcels: parcels, others: [], requested: requested, engine: engine) {
                _ = try? engine.transform(from: parcels.crs, to: area)
            }
            done.signal()
        }
    }

    /// Waits until the operation is chosen (or found not to be there).
    func wait() {
        done.wait()
        done.signal()
    }
}
