#if canImport(Glibc)
import Glibc
#endif
import FuzzTargets

/// The target chosen by `COEDIT_FUZZ_TARGET` (`frames`, `host-bound`, `joiner-bound`, `host-document`), read once.
let chosenTarget: FuzzTarget = {
    let name = getenv("COEDIT_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        let message = Array("coedit-fuzz: set COEDIT_FUZZ_TARGET to one of: \(names)\n".utf8)
        _ = message.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        exit(2)
    }
    return target
}()

/// libFuzzer's per-input callback: traps when a decoder breaks one of its laws (and, through the sanitizers, on any memory
/// error or trap inside the decoders).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if case .lawBroken(let law) = chosenTarget.run(bytes) { fatalError(law) }
    return 0
}
