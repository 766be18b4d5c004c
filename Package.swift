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
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // C libraries from Debian.
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CHaru", providers: [.apt(["libhpdf-dev"])]),
        .systemLibrary(name: "CQPDF", pkgConfig: "libqpdf", providers: [.apt(["libqpdf-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // Pure core: text in, values out. No I/O, no clock.
        .target(name: "Parallel", swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "Books", dependencies: ["Parallel"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "Receivables", dependencies: ["Books", "Parallel"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "Configuration", dependencies: ["Books"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "Dunning", dependencies: ["Books", "Receivables", "Configuration"], swiftSettings: [.swiftLanguageMode(.v6)]),
        // Bank statements (CSV, OFX, CAMT.053) in, proposed payments out: bytes in, values out, no I/O.
        .target(name: "Import", dependencies: ["Books", "Receivables", "Configuration", .product(name: "SwiftCSV", package: "SwiftCSV")], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "Export", dependencies: ["Books", "Receivables"], swiftSettings: [.swiftLanguageMode(.v6)]),

        // Documents: bytes out (e-mail, PDF letter), still no I/O.
        .target(name: "LetterPDF", dependencies: ["CHaru"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "Documents", dependencies: [
            "Books", "Configuration", "Dunning", "LetterPDF",
            .product(name: "Mustache", package: "swift-mustache"),
        ], swiftSettings: [.swiftLanguageMode(.v6)]),

        // Effects at the edge.
        .target(name: "GitStore", dependencies: ["CGit2"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "Printing", dependencies: ["CQPDF", "Books", .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "Delivery", dependencies: ["CCurl"], swiftSettings: [.swiftLanguageMode(.v6)]),

        // Commands as library calls with an injected context, and the command line that parses and checks their arguments.
        .target(name: "RelanceCommands", dependencies: [
            "Books", "Receivables", "Configuration", "Dunning", "Documents", "GitStore",
            "Parallel", "Printing", "Import", "Delivery", "Export",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], resources: [.embedInCode("Resources/pre-commit")], swiftSettings: [.swiftLanguageMode(.v6)]),
        // The local web screen: requests in, pages out, over the same commands.
        .target(name: "Server", dependencies: [
            "RelanceCommands", "Books", "Receivables", "Configuration",
            .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "Mustache", package: "swift-mustache"),
        ], swiftSettings: [.swiftLanguageMode(.v6)]),
        // The program: the command line of RelanceCommands on the real process, and `relance serve`.
        .executableTarget(name: "relance", dependencies: ["RelanceCommands", "Server"], swiftSettings: [.swiftLanguageMode(.v6)]),

        // What the fuzz harnesses drive and the regression test replays (Fuzz/README.md).
        .target(name: "FuzzEntries", dependencies: ["Books", "Receivables", "Configuration", "Dunning", "Documents"], path: "Fuzz/Entries", swiftSettings: [.swiftLanguageMode(.v6)]),

        .testTarget(name: "ParallelTests", dependencies: ["Parallel"]),
        .testTarget(name: "BooksTests", dependencies: ["Books", "Parallel"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "ReceivablesTests", dependencies: ["Books", "Receivables", "Parallel"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "DunningTests", dependencies: ["Books", "Receivables", "Configuration", "Dunning"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "LetterPDF", "Books", "Configuration", "Dunning", "Receivables"], resources: [.copy("Golden")], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "LetterPDFTests", dependencies: ["LetterPDF"], resources: [.copy("Golden")], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "ImportTests", dependencies: ["Import", "Books", "Receivables", "Configuration", "RelanceCommands"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "DeliveryTests", dependencies: ["Delivery", "RelanceCommands", "Books"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "Books"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzEntries", "Books"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "EndToEndTests", dependencies: ["RelanceCommands", "CommandTestSupport"], resources: [.copy("Golden")], swiftSettings: [.swiftLanguageMode(.v6)]),
        // Helpers shared by the command test targets (temporary folders, external tools, in-process contexts).
        .target(name: "CommandTestSupport", dependencies: ["RelanceCommands", "Books", "GitStore"], path: "Tests/CommandTestSupport", swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "RelanceCommands", "Books", "Receivables", "CommandTestSupport"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "SetupTests", dependencies: ["RelanceCommands", "GitStore", "Configuration", "Books", "CommandTestSupport"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "RelanceCommands", "Books"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "OutputTests", dependencies: ["RelanceCommands", "Books", "Receivables"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "PrintingTests", dependencies: ["Printing", "RelanceCommands", "Books", "LetterPDF", "CommandTestSupport"], swiftSettings: [.swiftLanguageMode(.v6)]),
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
