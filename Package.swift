// swift-tools-version:6.0
// coedit: a terminal collaborative text editor. Targets and their direction are described in Docs/architecture.md.
import PackageDescription

let package = Package(
    name: "coedit",
    products: [
        .library(name: "DiffMatchPatch", targets: ["DiffMatchPatch"]),
        .library(name: "EditorCore", targets: ["EditorCore"]),
        .executable(name: "coedit", targets: ["coedit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C shim over ncursesw (Debian: libncursesw5-dev).
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // Pure: the diff-match-patch algorithms and text formats, counting Unicode scalars.
        .target(name: "DiffMatchPatch"),
        // Pure: text buffer, ChangeSet algebra, DMP bridge.
        .target(name: "EditorCore", dependencies: ["DiffMatchPatch"]),
        // Editor state and commands, keymap, viewport; render(Editor) -> Frame. Pure: no terminal, no files.
        .target(name: "EditorModel", dependencies: ["EditorCore"]),
        // Test-only helpers: seeded random generator, test budget, random non-ASCII text.
        .target(name: "TestSupport"),
        .executableTarget(
            name: "coedit",
            dependencies: [
                "EditorCore",
                "EditorModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CNcursesTests", dependencies: ["CNcurses"]),
        .testTarget(name: "EditorCoreTests", dependencies: ["EditorCore", "TestSupport"]),
        .testTarget(name: "DiffMatchPatchTests", dependencies: ["DiffMatchPatch", "TestSupport"]),
        .testTarget(name: "EditorModelTests", dependencies: ["EditorModel", "TestSupport"]),
    ]
)
