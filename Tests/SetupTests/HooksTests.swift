import CommandTestSupport
import Foundation
import GitStore
import RelanceCommands
import Testing

@Suite("relance hooks install")
struct HooksTests {
    func repository() throws -> TempFolder {
        let folder = try TempFolder()
        let r = try runTool("git", ["init", "-q", "-b", "main"], in: folder.path)
        #expect(r.status == 0)
        return folder
    }

    func install(_ folder: TempFolder, force: Bool = false) -> (RelanceCommands.ExitStatus, String, String) {
        let context = setupContext(folder.path)
        let (status, message) = outcome({ try HooksCommand.run(.init(force: force), $0) }, context)
        return (status, message, context.out.text)
    }

    @Test func theEmbeddedHookIsTheRepositorysOwn() throws {
        let file = try String(contentsOf: packageRoot.appendingPathComponent("hooks/pre-commit"), encoding: .utf8)
        #expect(HooksCommand.preCommit == file)
        #expect(HooksCommand.isRelanceHook(file))
        #expect(file.hasPrefix("#!/bin/sh\n"))
    }

    @Test func installsThenUpdatesItsOwnHook() throws {
        let folder = try repository()
        let path = folder.path + "/.git/hooks/pre-commit"
        #expect(install(folder).0 == .ok)
        #expect(folder.text(".git/hooks/pre-commit") == HooksCommand.preCommit)
        #expect(FileManager.default.isExecutableFile(atPath: path))
        #expect(install(folder).2.contains("up to date"))
        // An older hook of relance's (it has the marker line) is replaced without --force.
        try folder.write(".git/hooks/pre-commit", "#!/bin/sh\n# relance pre-commit hook: old version\nexit 0\n")
        let (status, _, out) = install(folder)
        #expect(status == .ok && out.contains("Updated"))
        #expect(folder.text(".git/hooks/pre-commit") == HooksCommand.preCommit)
    }

    @Test func refusesAForeignHookUnlessForced() throws {
        let folder = try repository()
        let foreign = "#!/bin/sh\nmake lint\n"
        try folder.write(".git/hooks/pre-commit", foreign)
        let before = snapshot(folder.path)
        let (status, message, _) = install(folder)
        #expect(status == .usage && message.contains("--force"), "\(message)")
        #expect(snapshot(folder.path) == before)
        let (forced, _, out) = install(folder, force: true)
        #expect(forced == .ok && out.contains("pre-commit.before-relance"))
        #expect(folder.text(".git/hooks/pre-commit") == HooksCommand.preCommit)
        #expect(folder.text(".git/hooks/pre-commit.before-relance") == foreign)
    }

    @Test func followsCoreHooksPath() throws {
        let folder = try repository()
        try runTool("git", ["config", "core.hooksPath", "githooks"], in: folder.path)
        #expect(install(folder).0 == .ok)
        #expect(folder.text("githooks/pre-commit") == HooksCommand.preCommit)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/.git/hooks/pre-commit"))
        // git itself runs it from there: a commit of bad books is refused.
        try folder.write("relance.toml", "[company]\nname = \"X\"\n")
        try folder.write("a.books", "customer a\n  nmae A\n")
        let env = ["RELANCE": relanceBinary, "GIT_AUTHOR_NAME": "C", "GIT_AUTHOR_EMAIL": "c@example.net",
                   "GIT_COMMITTER_NAME": "C", "GIT_COMMITTER_EMAIL": "c@example.net"]
        try runTool("git", ["add", "relance.toml", "a.books"], in: folder.path)
        let commit = try runTool("git", ["commit", "-m", "x"], in: folder.path, environment: env)
        #expect(commit.status != 0 && commit.stderr.contains("a.books:2:"), "\(commit.stderr)")
    }

    @Test func outsideARepositoryItSaysWhatToDo() throws {
        let folder = try TempFolder()
        let (status, message, _) = install(folder)
        #expect(status == .usage && message.contains("not in a git repository"))
    }

    @Test func thePreCommitFrameworkManifest() throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        for line in ["- id: relance-check", "  entry: relance check", "  language: system", "  always_run: true", "  pass_filenames: false"] {
            #expect(text.contains(line + "\n"), "\(line)")
        }
    }
}
