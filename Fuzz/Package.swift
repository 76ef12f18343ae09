// swift-tools-version:6.0
// libFuzzer targets for LandControl's readers (issue 6) and its rules reader (issue 19). A separate package so that the root
// package's `swift build` / `swift test` (and CI) never build or link the fuzzers.
// Build and run with scripts/fuzz.sh (see the commands at its top).
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, lowercased; the root checkout may be
// called anything (main, LandControl, …).
let rootIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "LandControlFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // What every fuzzer does with a feature: build it with GEOS, check it, repair it.
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver", .product(name: "Spatial", package: rootIdentity)]),
        // Declares libFuzzer's LLVMFuzzerRunDriver and LeakSanitizer's __lsan_disable/enable.
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "FuzzGeoJSON", dependencies: ["FuzzSupport", .product(name: "Spatial", package: rootIdentity)]),
        .executableTarget(name: "FuzzWKT", dependencies: ["FuzzSupport", .product(name: "Spatial", package: rootIdentity)]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", .product(name: "Spatial", package: rootIdentity)]),
        // The rules reader (issue 19): bounded before Yams sees the text.
        .executableTarget(name: "FuzzGDAL", dependencies: ["FuzzSupport", .product(name: "Spatial", package: rootIdentity)]),
        .executableTarget(name: "FuzzRules", dependencies: ["FuzzSupport", .product(name: "LandControl", package: rootIdentity)]),
    ]
)
