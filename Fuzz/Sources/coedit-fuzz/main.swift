#if canImport(Glibc)
import Glibc
#endif
import CFuzzerDriver

// SwiftPM renames this executable's main (so tests can link it), which keeps libFuzzer's own main out of the link:
// run libFuzzer's driver from here instead, with the same command line.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
