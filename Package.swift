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
        .target(name: "Parallel"),
        .target(name: "Books", dependencies: ["Parallel"]),
        .target(name: "Receivables", dependencies: ["Books", "Parallel"]),
        .target(name: "Configuration", dependencies: ["Books"]),
        .target(name: "Dunning", dependencies: ["Books", "Receivables", "Configuration"]),
        // Bank statements (CSV, OFX, CAMT.053) in, proposed payments out: bytes in, values out, no I/O.
        .target(name: "Import", dependencies: ["Books", "Receivables", "Configuration", .product(name: "SwiftCSV", package: "SwiftCSV")]),
        .target(name: "Export", dependencies: ["Books", "Receivables"]),

        // Documents: bytes out (e-mail, PDF letter), still no I/O.
        .target(name: "LetterPDF", dependencies: ["CHaru"]),
        .target(name: "Documents", dependencies: [
            "Books", "Configuration", "Dunning", "LetterPDF",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),

        // Effects at the edge.
        .target(name: "GitStore", dependencies: ["CGit2"]),
        .target(name: "Printing", dependencies: ["CQPDF", "Books", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "Delivery", dependencies: ["CCurl"]),

        // Commands as library calls with an injected context, and the command line that parses and checks their arguments.
        .target(name: "RelanceCommands", dependencies: [
            "Books", "Receivables", "Configuration", "Dunning", "Documents", "GitStore",
            "Parallel", "Printing", "Import", "Delivery", "Export",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], resources: [.embedInCode("Resources/pre-commit")]),
        // The local web screen: requests in, pages out, over the same commands.
        .target(name: "Server", dependencies: [
            "RelanceCommands", "Books", "Receivables", "Configuration", "Documents",
            .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // The program: the command line of RelanceCommands on the real process, and `relance serve`.
        .executableTarget(name: "relance", dependencies: ["RelanceCommands", "Server"]),

        // What the fuzz harnesses drive and the regression test replays (Fuzz/README.md).
        .target(name: "FuzzEntries", dependencies: ["Books", "Receivables", "Configuration", "Dunning", "Documents"], path: "Fuzz/Entries"),

        .testTarget(name: "ParallelTests", dependencies: ["Parallel"]),
        .testTarget(name: "BooksTests", dependencies: ["Books", "Parallel"]),
        .testTarget(name: "ReceivablesTests", dependencies: ["Books", "Receivables", "Parallel"]),
        .testTarget(name: "DunningTests", dependencies: ["Books", "Receivables", "Configuration", "Dunning", "Documents"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "LetterPDF", "Books", "Configuration", "Dunning", "Receivables"], resources: [.copy("Golden")]),
        .testTarget(name: "LetterPDFTests", dependencies: ["LetterPDF"], resources: [.copy("Golden")]),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore"]),
        .testTarget(name: "ImportTests", dependencies: ["Import", "Books", "Receivables", "Configuration", "RelanceCommands"]),
        .testTarget(name: "DeliveryTests", dependencies: ["Delivery", "RelanceCommands", "Books", "CommandTestSupport"], exclude: ["smtp_server.py"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "Books"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzEntries", "Books"]),
        .testTarget(name: "EndToEndTests", dependencies: ["RelanceCommands", "CommandTestSupport"], resources: [.copy("Golden")]),
        // Helpers shared by the command test targets (temporary folders, external tools, in-process contexts).
        .target(name: "CommandTestSupport", dependencies: ["RelanceCommands", "Books", "GitStore"], path: "Tests/CommandTestSupport"),
        .testTarget(name: "ExportTests", dependencies: ["Export", "RelanceCommands", "Books", "Receivables", "CommandTestSupport"]),
        .testTarget(name: "SetupTests", dependencies: ["RelanceCommands", "GitStore", "Configuration", "Books", "CommandTestSupport"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "RelanceCommands", "Books"]),
        .testTarget(name: "OutputTests", dependencies: ["RelanceCommands", "Books", "Receivables"]),
        .testTarget(name: "PrintingTests", dependencies: ["Printing", "RelanceCommands", "Books", "LetterPDF", "CommandTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer harnesses (Fuzz/README.md): only when Fuzz/run.sh builds them, in their own scratch path,
// so that a plain `swift build` never links an executable without a main.
if Context.environment["RELANCE_FUZZ"] != nil {
    for (name, folder) in [("fuzz-books", "Books"), ("fuzz-toml", "TOML"), ("fuzz-template", "Template")] {
        package.targets.append(.executableTarget(name: name, dependencies: ["FuzzEntries"], path: "Fuzz/Harness/\(folder)",
                                                 swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
