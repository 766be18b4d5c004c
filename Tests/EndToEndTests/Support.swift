import Foundation
import Testing

/// Runs the built `relance` executable, as a user would.
enum Relance {
    /// The package root, from this file's place in Tests/EndToEndTests.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The products folder holds the test bundle's resources and the executable; if the executable
    /// was not built yet (`swift test` builds every product), it is built once with `swift build --product relance`.
    static let executable: URL = {
        var candidates: [URL] = []
        if let resources = Bundle.module.resourceURL { candidates.append(resources.deletingLastPathComponent()) }
        candidates.append(Bundle.module.bundleURL.deletingLastPathComponent())
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for dir in candidates {
            let url = dir.appendingPathComponent("relance")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "--product", "relance"]
        build.currentDirectoryURL = packageRoot
        try? build.run()
        build.waitUntilExit()
        return candidates[0].appendingPathComponent("relance")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.currentDirectoryURL = directory
        // A clean environment: no RELANCE_BOOKS of the person running the tests.
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path, "LANG": "C.UTF-8"]
        env.merge(environment) { $1 }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes concurrently so that a full pipe never blocks the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A temporary folder with books in it, removed at the end.
final class TempBooks {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("relance-e2e-\(UUID().uuidString)")
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Every file and folder under the root with its contents and permissions: equal before and after means nothing was written.
    func snapshot() throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: root.path) else { return out }
        while let rel = e.nextObject() as? String {
            let path = root.appendingPathComponent(rel).path
            let attrs = try fm.attributesOfItem(atPath: path)
            let type = attrs[.type] as? FileAttributeType
            let perms = attrs[.posixPermissions] as? Int ?? 0
            let modified = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let content = type == .typeDirectory ? "dir" : (fm.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? "?")
            out[rel] = "\(perms) \(modified) \(content)"
        }
        return out
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

/// Compares `actual` with a golden file under Golden/core; `RELANCE_RECORD_GOLDEN=1` rewrites the golden file instead.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/core/\(name)")
    if ProcessInfo.processInfo.environment["RELANCE_RECORD_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("no golden file \(name): run with RELANCE_RECORD_GOLDEN=1 to record it", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == String(decoding: data, as: UTF8.self), "differs from Golden/core/\(name)", sourceLocation: sourceLocation)
}
