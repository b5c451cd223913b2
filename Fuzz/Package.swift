// swift-tools-version:6.0
// The libFuzzer executable for coedit's network-facing decoders. Not part of `swift test` or CI (too slow): run it
// with `Fuzz/run` (Docs/testing.md), which builds it with `-sanitize=fuzzer,address`.
import PackageDescription

let package = Package(
    name: "coedit-fuzz",
    dependencies: [.package(name: "coedit", path: "..")],
    targets: [
        // libFuzzer's driver entry point, declared for Swift.
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "coedit-fuzz", dependencies: ["CFuzzerDriver", .product(name: "FuzzTargets", package: "coedit")]),
    ]
)
