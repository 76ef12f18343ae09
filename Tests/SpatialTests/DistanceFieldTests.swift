import Testing
@testable import Spatial

@Suite("Distance field")
struct DistanceFieldTests {
    /// 200 m × 200 m in 2 m cells: cell k spans [2k, 2k + 2), its centre is 2k + 1.
    static func field(_ geometries: [FlatGeometry]) -> DistanceField {
        var f = DistanceField(originX: 0, originY: 0, cellSize: 2, columns: 100, rows: 100)
        for g in geometries { f.mark(g) }
        f.computeDistances()
        return f
    }

    static func point(_ x: Double, _ y: Double) -> FlatGeometry {
        FlatGeometry(xy: [x, y], sequenceEnds: [1], nodes: [.init(kind: .point, count: 1)])
    }

    @Test("distances from a point and a line are Euclidean and exact at cell centres, linear between them")
    func exact() {
        let p = Self.field([Self.point(101, 101)])
        #expect(p.distance(x: 131, y: 141, cap: 1_000) == 50)  // a 30-40-50 triangle
        #expect(p.distance(x: 101, y: 101, cap: 1_000) == 0)
        #expect(abs(p.distance(x: 21, y: 101, cap: 1_000) - 80) < 1e-4)
        #expect(p.markedCount == 1)
        let line = Self.field([FlatGeometry(xy: [0, 101, 200, 101], sequenceEnds: [2], nodes: [.init(kind: .lineString, count: 1)])])
        #expect(line.distance(x: 57, y: 151, cap: 1_000) == 50)
        #expect(abs(line.distance(x: 58, y: 152, cap: 1_000) - 51) < 1e-4) // halfway between the centres at 50 and 52
        #expect(line.markedCount == 100)
        // Capped, and the cap off the raster.
        #expect(line.distance(x: 57, y: 191, cap: 40) == 40)
        #expect(line.distance(x: -50, y: 101, cap: 40) == 40)
        // A ring's outline, not its inside: the centre of a 100 m square is 50 m from it.
        let square = Self.field([FlatGeometry(xy: [51, 51, 151, 51, 151, 151, 51, 151, 51, 51], sequenceEnds: [5], nodes: [.init(kind: .polygon, count: 1)])])
        #expect(square.distance(x: 101, y: 101, cap: 1_000) == 50)
        #expect(square.distance(x: 51, y: 121, cap: 1_000) == 0)
    }

    @Test("mean distance of shifted points, the share within a distance, and the coarse copy")
    func aggregates() {
        let line = Self.field([FlatGeometry(xy: [0, 101, 200, 101], sequenceEnds: [2], nodes: [.init(kind: .lineString, count: 1)])])
        let xs = [57.0, 77, 97, 117], ys = [151.0, 131, 111, 101] // 50, 30, 10 and 0 m from the line
        #expect(abs(line.meanDistance(xs: xs, ys: ys, shiftX: 0, shiftY: 0, cap: 1_000) - 22.5) < 1e-4)
        #expect(abs(line.meanDistance(xs: xs, ys: ys, shiftX: 0, shiftY: 0, cap: 20) - 12.5) < 1e-4) // 20, 20, 10, 0
        #expect(abs(line.meanDistance(xs: [57], ys: [151], shiftX: 0, shiftY: 50, cap: 1_000)) < 1e-4) // moved back onto it
        #expect(line.shareWithin(30, xs: xs, ys: ys, shiftX: 0, shiftY: 0) == 0.75)
        let coarse = line.downsampled(by: 5) // 10 m cells; coarse cell k's centre is fine cell 5k + 2's
        #expect(coarse.cellSize == 10 && coarse.columns == 20)
        #expect(coarse.cell(column: 3, row: 15) == line.cell(column: 17, row: 77))
        #expect(coarse.distance(x: 35, y: 155, cap: 1_000) == 54)
    }
}
