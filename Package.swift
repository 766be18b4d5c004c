// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "relance",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "relance", targets: ["relance"]),
        .library(name: "RelanceCommands", targets: ["RelanceCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // C libraries from Debian.
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CHaru", providers: [.apt(["libhpdf-dev"])]),

        // Pure core: text in, values out. No I/O, no clock.
        .target(name: "Books"),
        .target(name: "Receivables", dependencies: ["Books"]),
        .target(name: "Configuration", dependencies: ["Books"]),
        .target(name: "Dunning", dependencies: ["Books", "Receivables", "Configuration"]),

        // Documents: bytes out (e-mail, PDF letter), still no I/O.
        .target(name: "LetterPDF", dependencies: ["CHaru"]),
        .target(name: "Documents", dependencies: [
            "Books", "Receivables", "Configuration", "Dunning", "LetterPDF",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),

        // Effects at the edge.
        .target(name: "GitStore", dependencies: ["CGit2"]),

        // Commands as library calls with an injected context; the executable only parses arguments.
        .target(name: "RelanceCommands", dependencies: [
            "Books", "Receivables", "Configuration", "Dunning", "Documents", "GitStore",
        ]),
        .executableTarget(name: "relance", dependencies: [
            "RelanceCommands", "Books", "Receivables",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // What the fuzz harnesses drive and the regression test replays (Fuzz/README.md).
        .target(name: "FuzzEntries", dependencies: ["Books", "Receivables", "Configuration", "Dunning", "Documents"], path: "Fuzz/Entries"),

        .testTarget(name: "BooksTests", dependencies: ["Books"]),
        .testTarget(name: "ReceivablesTests", dependencies: ["Books", "Receivables"]),
        .testTarget(name: "DunningTests", dependencies: ["Books", "Receivables", "Configuration", "Dunning"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "LetterPDF", "Books", "Configuration", "Dunning", "Receivables"], resources: [.copy("Golden")]),
        .testTarget(name: "LetterPDFTests", dependencies: ["LetterPDF"], resources: [.copy("Golden")]),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "Books"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzEntries", "Books"]),
        .testTarget(name: "EndToEndTests", dependencies: ["RelanceCommands"], resources: [.copy("Golden")]),
    ],
    swiftLanguageModes: [.v5]
)

// libFuzzer harnesses (Fuzz/README.md): only when Fuzz/run.sh builds them, in their own scratch path,
// so that a plain `swift build` never links an executable without a main.
if Context.environment["RELANCE_FUZZ"] != nil {
    for (name, folder) in [("fuzz-books", "Books"), ("fuzz-toml", "TOML"), ("fuzz-template", "Template")] {
        package.targets.append(.executableTarget(name: name, dependencies: ["FuzzEntries"], path: "Fuzz/Harness/\(folder)",
                                                 swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
