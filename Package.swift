// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "LandControl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "landctl", targets: ["landctl"]),
        .library(name: "Spatial", targets: ["Spatial"]),
        .library(name: "LandControl", targets: ["LandControl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // System libraries: Debian's libgeos-dev (3.11) and libproj-dev (9.1).
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        // Debian's libgdal-dev (3.6): Shapefile, GeoPackage, FileGDB, KML, DXF, FlatGeobuf…
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        // Debian's libxlsxwriter-dev (1.1): results.xlsx.
        .systemLibrary(name: "CXLSX", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // Debian's libpq-dev (PostgreSQL 15's client): reading layers from and writing results to PostGIS.
        .systemLibrary(name: "CPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // Debian's zlib1g-dev: deflate for results.xlsx, written on every core.
        .systemLibrary(name: "CZLIB", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Geometry engine: owns every GEOS/PROJ/GDAL/libxlsxwriter/libpq/zlib handle, readers and writers.
        .target(name: "Spatial", dependencies: ["CGEOS", "CPROJ", "CGDAL", "CXLSX", "CPQ", "CZLIB"]),
        // Domain: zones, parcels, rules, reports. Never touches a C pointer.
        .target(name: "LandControl", dependencies: ["Spatial", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "landctl",
            dependencies: ["LandControl", "Spatial", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // What the test targets share: running programs, GDAL's tools, temporary folders.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SpatialTests", dependencies: ["Spatial", "TestSupport"]),
        .testTarget(name: "LandControlTests", dependencies: ["LandControl", "Spatial", "TestSupport"]),
        .testTarget(name: "landctlTests", dependencies: ["landctl", "TestSupport"]),
    ]
)
