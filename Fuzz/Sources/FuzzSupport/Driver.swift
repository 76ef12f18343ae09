import CFuzzerDriver

/// The type of `LLVMFuzzerTestOneInput`.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer's driver.
///
/// Why this exists: SwiftPM links an executable target with `--defsym main=<Module>_main`
/// (it renames executables' entry points so that tests can link them). With
/// `-parse-as-library` and no `@main` there is no `<Module>_main`, so each fuzzer defines
/// one with `@_cdecl("<Module>_main")` that calls this; `-sanitize=fuzzer` links libFuzzer,
/// whose `LLVMFuzzerRunDriver` does what libFuzzer's own `main` would.
public func runLibFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ callback: FuzzCallback) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
