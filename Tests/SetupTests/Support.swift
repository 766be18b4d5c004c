import Books
import CommandTestSupport
import Foundation
import RelanceCommands
import Testing

/// A context whose environment names the commit author (no global git configuration is read in tests).
func setupContext(_ directory: String, today: String = "2026-12-01") -> CommandContext {
    var c = testContext(directory, today: today)
    c.environment = ["GIT_AUTHOR_NAME": "Claire Martin", "GIT_AUTHOR_EMAIL": "claire@example.net"]
    return c
}

/// Runs a command in-process; a `CommandFailure` comes back as its status and message.
func outcome(_ body: (CommandContext) throws -> RelanceCommands.ExitStatus, _ context: CommandContext) -> (RelanceCommands.ExitStatus, String) {
    do {
        return (try body(context), "")
    } catch let failure as CommandFailure {
        return (failure.status, failure.message)
    } catch {
        return (.software, "unexpected error")
    }
}

/// Every file under `root` (`.git` included) with its bytes: equal before and after means nothing was written.
func snapshot(_ root: String) -> [String: Data] {
    var out: [String: Data] = [:]
    guard let e = FileManager.default.enumerator(atPath: root) else { return out }
    while let rel = e.nextObject() as? String {
        out[rel] = FileManager.default.contents(atPath: root + "/" + rel) ?? Data("dir".utf8)
    }
    return out
}
