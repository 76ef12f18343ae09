import Foundation
@testable import LandControl
import Spatial
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
