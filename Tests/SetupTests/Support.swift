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

/// Every file under `root` (`.git` included) with its bytes: equal before and after means nothing was written.
func snapshot(_ root: String) -> [String: Data] {
    var out: [String: Data] = [:]
    guard let e = FileManager.default.enumerator(atPath: root) else { return out }
    while let rel = e.nextObject() as? String {
        out[rel] = FileManager.default.contents(atPath: root + "/" + rel) ?? Data("dir".utf8)
    }
    return out
}
