/// Helpers shared by the command test targets: temporary folders, external tools, in-process contexts.
import Books
import Foundation
import GitStore
import RelanceCommands

/// A temporary folder, removed at the end.
public final class TempFolder: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(prefix: String = "relance-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func write(_ relative: String, _ text: String) throws { try write(relative, bytes: Array(text.utf8)) }

    public func write(_ relative: String, bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    /// The file's bytes, nil when it does not exist.
    public func read(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: url.appendingPathComponent(relative).path).map { [UInt8]($0) }
    }

    public func text(_ relative: String) -> String { read(relative).map { String(decoding: $0, as: UTF8.self) } ?? "" }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// How a program or an in-process command ended: its exit status and what it wrote.
public struct ToolResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs a program without a shell, in a clean environment.
@discardableResult
public func runTool(_ tool: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> ToolResult {
    let inherited = ProcessInfo.processInfo.environment
    var env = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? directory, "LC_ALL": "C.UTF-8", "TZ": "UTC",
               "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"]
    // pyenv shims (bean-check) need to know their root.
    if let pyenv = inherited["PYENV_ROOT"] { env["PYENV_ROOT"] = pyenv }
    env.merge(environment) { $1 }
    return try runProgram("/usr/bin/env", [tool] + arguments, in: directory, environment: env)
}

/// Runs the program at `path` in `directory` with exactly `environment`, no shell, standard input empty or `stdin`;
/// both pipes are read at once so that a full pipe never blocks the child.
public func runProgram(_ path: String, _ arguments: [String], in directory: String, environment: [String: String],
                       stdin: Data? = nil) throws -> ToolResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    p.environment = environment
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    if let stdin {
        let input = Pipe()
        p.standardInput = input
        try p.run()
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
    } else {
        p.standardInput = FileHandle.nullDevice
        try p.run()
    }
    // Written by the reading thread before `group.leave()`, read after `group.wait()`: the group orders them.
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return ToolResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
}

/// An in-process context on `directory` with a fixed date, output captured.
public func testContext(_ directory: String, today: String = "2026-12-01", environment: [String: String] = [:],
                        now: Int64 = 1_796_000_000) -> CommandContext {
    isolateGitConfiguration()
    let day = Day(today)!
    return CommandContext(currentDirectory: directory, environment: environment, out: OutputSink(), err: OutputSink(),
                          today: { _ in day }, now: { now })
}

/// Runs a command in-process; a `CommandFailure` comes back as its status and message.
public func outcome(_ body: (CommandContext) throws -> ExitStatus, _ context: CommandContext) -> (ExitStatus, String) {
    do {
        return (try body(context), "")
    } catch let failure as CommandFailure {
        return (failure.status, failure.message)
    } catch {
        return (.software, "unexpected error")
    }
}

/// The day in-process runs take for today, unless a test says otherwise (commands given no --as-of).
public let testToday = "2026-12-01"

/// The environment the program gets in the tests, in-process or not: a clean one, whose HOME is the books folder
/// (no RELANCE_BOOKS or git configuration of the person running the tests), and no system or global git configuration.
public func testEnvironment(home: String, _ environment: [String: String] = [:]) -> [String: String] {
    var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
               "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C.UTF-8", "TZ": "UTC"]
    env.merge(environment) { $1 }
    return env
}

/// Runs `relance ARGUMENTS` in-process, as the program would in `directory`: the command line of RelanceCommands with
/// a context on `directory`, a clean environment, `today` for the clock and the output captured.
public func runRelance(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                       today: String = testToday, clock: TestClock = TestClock()) -> ToolResult {
    isolateGitConfiguration()
    let day = Day(today)!
    let context = CommandContext(currentDirectory: directory, environment: testEnvironment(home: directory, environment),
                                 out: OutputSink(), err: OutputSink(), today: { _ in day }, now: clock.now)
    let status = RelanceCommandLine.run(arguments, context: context)
    return ToolResult(status: status, stdout: context.out.text, stderr: context.err.text)
}

/// Runs the built `relance` program in `directory`, with the same clean environment (for what only the program does:
/// its exit, the crash points, the locks held by another process).
public func runRelanceBinary(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> ToolResult {
    try runProgram(relanceBinary, arguments, in: directory, environment: testEnvironment(home: directory, environment))
}

/// Seconds since the epoch for commits and deliveries: a fixed start, one second more at each reading (so that
/// commits keep their order in git's history), the same in every run.
public final class TestClock: @unchecked Sendable {
    // Safe to share between threads: `seconds` is only read and changed while holding `lock`.
    private let lock = NSLock()
    private var seconds: Int64

    public init(start: Int64 = 1_796_000_000) { seconds = start }

    public var now: @Sendable () -> Int64 {
        { [self] in lock.withLock { seconds += 1; return seconds } }
    }
}

/// libgit2 reads the user's configuration (HOME/.gitconfig) once per process: in-process runs read an empty folder instead.
public func isolateGitConfiguration() { _ = gitIsolated }

private let gitIsolated: Bool = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relance-test-no-git-config-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    GitRepository.readUserConfiguration(from: folder)
    return true
}()

/// The package root, from this file's place in Tests/CommandTestSupport.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()


/// The built `relance` executable (swift test builds it next to the tests).
public let relanceBinary: String = {
    let debug = packageRoot.appendingPathComponent(".build/debug/relance").path
    if FileManager.default.isExecutableFile(atPath: debug) { return debug }
    let r = try? runTool("swift", ["build", "--show-bin-path"], in: packageRoot.path)
    return (r?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") + "/relance"
}()
