import FuzzSupport
import LandControl

/// libFuzzer entry point: the input is a rules file. `Rules.parse` must either read it or
/// throw a `RulesError` (too large, nested too deep, not YAML, a wrong key or value) —
/// never crash, overflow the stack inside Yams, or throw anything else.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let rules = try Rules.parse(text, file: "fuzz.yaml")
        _ = rules == Rules.defaults
    } catch let e as RulesError {
        _ = e.description
    } catch {
        fatalError("fuzz contract violation: Rules.parse threw \(type(of: error)): \(error)")
    }
    return 0
}

/// The process entry point SwiftPM's link step names (see FuzzSupport/Driver.swift).
@_cdecl("FuzzRules_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}
