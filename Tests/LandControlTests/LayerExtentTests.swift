import Foundation
@testable import LandControl
@testable import Spatial
import Testing
import TestSupport

/// The extent every command settles its study area from: the layer's envelope and the median
/// of its features' centres (the area CRS's Gauss–Krüger zone follows it).
@Suite("Layer extent: envelope and median centre")
struct LayerExtentTests {
    @Test("quickselect gives the element a sort puts at k: random values with many repeats, every k of small arrays, sorted and reversed input")
    func selection() {
        var rng = SeededGenerator(seed: 20261130)
        for n in [1, 2, 3, 4, 5, 8, 17, 100, 1001] {
            for trial in 0..<20 {
                // Few distinct values (repeats stress the partition), or nearly all distinct.
                let values: [Double] = (0..<n).map { _ in trial % 2 == 0 ? Double(Int.random(in: 0..<5, using: &rng)) : Double.random(in: -1e6...1e6, using: &rng) }
                let sorted = values.sorted()
                for k in (n <= 17 ? Array(0..<n) : [0, n / 3, n / 2, n - 1]) {
                    var v = values
                    #expect(LayerLoader.element(k, ofSorted: &v) == sorted[k], "n \(n) trial \(trial) k \(k)")
                }
            }
        }
        var ascending = (0..<1000).map(Double.init), descending = Array(ascending.reversed())
        #expect(LayerLoader.element(500, ofSorted: &ascending) == 500)
        #expect(LayerLoader.element(500, ofSorted: &descending) == 500)
    }

    @Test("the demo's parcels: the envelope of all 258 and the median centre, as a sort of the centres gives them")
    func demoParcels() throws {
        let layer = try LayerLoader.load(Repository.shapes("parcels.geojson"), engine: GeometryEngine())
        let (envelope, centre) = LayerLoader.extent(layer.features)
        let boxes = layer.features.compactMap { $0.geometry?.envelope }
        #expect(boxes.count == 258)
        #expect(envelope.minX == boxes.map(\.minX).min() && envelope.maxY == boxes.map(\.maxY).max())
        let xs = boxes.map(\.centerX).sorted(), ys = boxes.map(\.centerY).sorted()
        #expect(centre?.x == xs[129] && centre?.y == ys[129])
        // The same median from the file by Python (json; envelope centres of the 258 polygons,
        // sorted, element 129): 122.0977718, 29.99855725.
        #expect(abs((centre?.x ?? 0) - 122.0977718) < 1e-9 && abs((centre?.y ?? 0) - 29.99855725) < 1e-9)
    }
}

@Suite("PROJ's choice of operation made while other layers are read")
struct OperationPrefetchTests {
    @Test("after the prefetch, the operation from the parcels' CRS to the area CRS is chosen: another engine builds it from the kept pipeline, with the same coordinates as a fresh search")
    func chosenAhead() throws {
        let layer = try LayerLoader.load(Repository.shapes("parcels.geojson"), engine: GeometryEngine())
        // A requested area CRS no other test uses (the choice is kept process-wide).
        let requested = "EPSG:32750"
        OperationPrefetch(parcels: layer, requested: requested).wait()
        let engine = GeometryEngine()
        let area = try engine.crs(requested)
        let kept = try #require(ChosenOperation.cache[layer.crs.definition + "\u{1}" + area.definition])
        #expect(kept.pipeline.contains("+proj=utm") && kept.pipeline.contains("+south"))
        let p = try engine.transform(from: layer.crs, to: area).apply(x: 122.1, y: 30.0)
        // UTM 50S (central meridian 117°E, false northing 10,000 km), by pyproj 3.7.2:
        // Transformer.from_crs(4326, 32750, always_xy=True).transform(122.1, 30.0)
        #expect(abs(p.x - 992_210.2953) < 1e-3 && abs(p.y - 13_329_756.7915) < 1e-3, "\(p)")
    }
}
