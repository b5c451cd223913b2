// swift-tools-version:6.0
// coedit: a terminal collaborative text editor. Targets and their direction are described in Docs/architecture.md.
import PackageDescription

let package = Package(
    name: "coedit",
    products: [
        .library(name: "DiffMatchPatch", targets: ["DiffMatchPatch"]),
        .library(name: "EditorCore", targets: ["EditorCore"]),
        .executable(name: "coedit", targets: ["coedit"]),
        .executable(name: "coedit-bench", targets: ["CoeditBench"]),
        .executable(name: "coedit-peer", targets: ["CoeditPeer"]),
        // For the libFuzzer package in Fuzz/ (Docs/testing.md).
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // C shim over ncursesw (Debian: libncursesw5-dev).
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // libsodium (Debian: libsodium-dev): the ChaCha20-Poly1305 of sealed frames, on the caller's buffers.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // Pure: the diff-match-patch algorithms and text formats, counting Unicode scalars.
        .target(name: "DiffMatchPatch"),
        // Pure: LEB128 varints and zigzag numbers, shared by the journal's packed columns and the wire format.
        .target(name: "VarintCoding"),
        // Pure: text buffer, ChangeSet algebra, DMP bridge.
        .target(name: "EditorCore", dependencies: ["DiffMatchPatch"]),
        // Editor state and commands, keymap, viewport; render(Editor) -> Frame. Pure: no terminal, no files.
        .target(name: "EditorModel", dependencies: ["EditorCore", "SyncEngine"]),
        // Pure + deterministic: host revision log, client state machine, presence, messages, best-effort fallback.
        .target(name: "SyncEngine", dependencies: ["EditorCore", "DiffMatchPatch"]),
        // Test-only helpers: seeded random generator, test budget, random non-ASCII text.
        .target(name: "TestSupport"),
        // Test-only: simulated network driving one host and N clients.
        .target(name: "SyncTestSupport", dependencies: ["SyncEngine", "TestSupport"]),
        // Thin SwiftNIO shell: framing, authenticated handshake, sealed (AEAD) frames, host server, joiner client.
        .target(
            name: "Transport",
            dependencies: [
                "CSodium",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Thin shell between the sync engine and the transport: message codec, host and joiner sessions, the run-loop
        // facade, the runtime session directory.
        .target(
            name: "Collaboration",
            dependencies: [
                "SyncEngine",
                "EditorCore",
                "Transport",
                "VarintCoding",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The network-facing decoders wrapped as fuzz targets (Fuzz/ runs them under libFuzzer; tests replay the corpus).
        .target(
            name: "FuzzTargets",
            dependencies: [
                "Collaboration",
                "EditorCore",
                "SyncEngine",
                "Transport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // A scriptable, non-interactive peer (host or joiner) driven by commands on stdin: tests and bots.
        .executableTarget(
            name: "CoeditPeer",
            dependencies: [
                "Collaboration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/coedit-peer"
        ),
        // Thin terminal layer: TerminalScreen protocol, CursesScreen, RecordingScreen, pure InputDecoder.
        .target(name: "TerminalUI", dependencies: ["CNcurses", "EditorModel"]),
        // File I/O: load with UTF-8 checks, atomic save, external-change detection, recovery files. No curses.
        .target(name: "FileStore"),
        // SQLite (GRDB) shell: the durable revision journal, crash recovery, history queries (Docs/history.md).
        .target(
            name: "Journal",
            dependencies: ["SyncEngine", "EditorCore", "VarintCoding", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "coedit",
            dependencies: [
                "EditorCore",
                "EditorModel",
                "TerminalUI",
                "FileStore",
                "Journal",
                "Collaboration",
                "SyncEngine",
                "Transport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Benchmarks against reference implementations measured in the same run (Docs/benchmarks.md).
        .executableTarget(
            name: "CoeditBench",
            dependencies: [
                "Collaboration",
                "DiffMatchPatch",
                "EditorCore",
                "EditorModel",
                "Journal",
                "SyncEngine",
                "TestSupport",
                "Transport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test-only: a Swift Testing trait that runs blocking (tmux, real-process) suites off the cooperative pool.
        .target(name: "BlockingTestThreads", path: "Tests/BlockingTestThreads"),
        .testTarget(name: "CNcursesTests", dependencies: ["CNcurses"]),
        .testTarget(name: "SyncEngineTests", dependencies: ["SyncEngine", "SyncTestSupport", "TestSupport"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "EditorModel", "TestSupport"]),
        .testTarget(name: "FileStoreTests", dependencies: ["FileStore", "TestSupport"]),
        // Runs the real `coedit` binary in private tmux servers; depends on the executable so `swift test` builds it.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "coedit", "TerminalUI", "FileStore", "EditorModel", "EditorCore", "Journal", "SyncEngine", "TestSupport",
                "BlockingTestThreads",
            ]),
        .testTarget(name: "EditorCoreTests", dependencies: ["EditorCore", "TestSupport"]),
        .testTarget(name: "DiffMatchPatchTests", dependencies: ["DiffMatchPatch", "TestSupport"]),
        .testTarget(name: "VarintCodingTests", dependencies: ["VarintCoding", "TestSupport"]),
        .testTarget(
            name: "TransportTests",
            dependencies: [
                "Transport",
                "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Reference"]
        ),
        .testTarget(
            name: "CollaborationTests",
            dependencies: [
                "Collaboration",
                "CoeditPeer",
                "FuzzTargets",
                "SyncEngine",
                "TestSupport",
                "Transport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "EditorModelTests", dependencies: ["EditorModel", "TestSupport"]),
        // Test-only: appends revisions to a journal until it is killed (the crash test's child process).
        .executableTarget(name: "JournalCrashChild", dependencies: ["Journal", "SyncEngine", "EditorCore"],
            path: "Tests/JournalCrashChild"),
        .testTarget(
            name: "JournalTests",
            dependencies: [
                "Journal", "JournalCrashChild", "SyncEngine", "EditorCore", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
