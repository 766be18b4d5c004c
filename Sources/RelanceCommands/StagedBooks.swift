import Books
import Configuration
import Documents
import Foundation
import Parallel
import GitStore
import Receivables

/// The books as the next `git commit` will record them: every `*.books` file, relance.toml and the template
/// overrides read from git's index (blobs), never from the working tree.
public enum StagedBooks {
    /// Reads the staged books of the repository holding `root`, through the same parsing as the books on disk.
    /// `indexFile`: git's `GIT_INDEX_FILE` when the hook runs for `git commit -a` or `git commit PATH` (relative to the current folder).
    public static func load(root: String, indexFile: String? = nil) throws -> LoadedBooks {
        let repo: GitRepository
        do {
            repo = try GitRepository.open(at: root)
        } catch {
            throw CommandFailure(.usage, "--staged: the books at \(root) are not in a git repository; run `git init` there, or check without --staged")
        }
        let prefix = try booksPrefix(root: root, workdir: repo.workdir)
        let staged: StagedContent
        do {
            staged = try repo.stagedFiles(indexFile: indexFile) { $0.hasPrefix(prefix) }
        } catch {
            throw CommandFailure(.ioError, "--staged: cannot read git's index: \(error)")
        }
        var files: [String: [UInt8]] = [:]
        for f in staged.files { files[String(f.path.dropFirst(prefix.count))] = f.bytes }
        var extra: [Diagnostic] = []
        for path in staged.conflicted {
            extra.append(Diagnostic(.error, SourceLocation(file: String(path.dropFirst(prefix.count)), line: 1, column: 1),
                                    "this file has an unresolved merge conflict in git's index",
                                    fix: "resolve the conflict, then `git add` the file"))
        }
        for path in staged.notFiles {
            let rel = String(path.dropFirst(prefix.count))
            guard rel.hasSuffix(".books") || rel == BooksLocation.configName || rel.hasSuffix(".mustache") else { continue }
            extra.append(Diagnostic(.error, SourceLocation(file: rel, line: 1, column: 1),
                                    "this file is staged as a symbolic link (or a submodule), not as a file: its content cannot be checked",
                                    fix: "stage the file itself: `git rm --cached \(rel)`, copy the file in place of the link, `git add \(rel)`"))
        }
        var loaded = make(files: files, root: root)
        loaded.diagnostics += extra
        loaded.diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        return loaded
    }

    /// The books root relative to the repository's work tree, with a final "/" ("" when they are the same).
    static func booksPrefix(root: String, workdir: String) throws -> String {
        let work = URL(fileURLWithPath: workdir).resolvingSymlinksInPath().path
        let books = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        if books == work { return "" }
        guard books.hasPrefix(work + "/") else {
            throw CommandFailure(.usage, "--staged: the books at \(root) are outside the work tree of their repository (\(workdir))")
        }
        return String(books.dropFirst(work.count + 1)) + "/"
    }

    /// Books, configuration and template checks over files given in memory (books-root relative path → bytes),
    /// exactly as `BooksLocation.load` does over the files on disk.
    static func make(files: [String: [UInt8]], root: String) -> LoadedBooks {
        var diagnostics: [Diagnostic] = []
        var config = RelanceConfig(company: Company(name: ""), dunning: .french, departments: [:], git: nil, smtp: nil)
        if let bytes = files[BooksLocation.configName] {
            let (parsed, configDiagnostics) = ConfigParser.parse(String(decoding: bytes, as: UTF8.self), path: BooksLocation.configName)
            diagnostics += configDiagnostics
            if let parsed { config = parsed }
        } else {
            diagnostics.append(Diagnostic(.warning, SourceLocation(file: BooksLocation.configName, line: 1, column: 1),
                                          "there is no \(BooksLocation.configName) staged in the books root: using default settings",
                                          fix: "`git add relance.toml`"))
        }
        // The same files as on disk: *.books anywhere, dot-folders excluded; sorted by bytes.
        let paths = files.keys.filter { path in
            path.hasSuffix(".books") && !path.split(separator: "/").contains { $0.hasPrefix(".") }
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let sources = paths.map { SourceFile(path: $0, bytes: files[$0]!) }
        let parallel = BooksLocation.parts(for: sources)
        let books = Books.load(sources, defaultTerms: config.company.terms, parallel: parallel)
        diagnostics += books.diagnostics
        // Template overrides: the books' templates/ and each department's folder.
        var folders = ["templates/"]
        for dep in config.departments.values { if let f = dep.templates { folders.append(f.hasSuffix("/") ? f : f + "/") } }
        for path in files.keys.sorted() where folders.contains(where: { path.hasPrefix($0) }) && path.hasSuffix(".mustache") {
            if let d = TemplateSyntax.diagnostic(path: path, text: String(decoding: files[path]!, as: UTF8.self)) { diagnostics.append(d) }
        }
        diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        return LoadedBooks(root: root, config: config, books: books, diagnostics: diagnostics, parallel: parallel)
    }
}

extension StagedBooks {
    /// The short list of overdue invoices the pre-commit check prints (stderr); returns how many are overdue.
    static func overdueSummary(_ loaded: LoadedBooks, asOf: Day, context: CommandContext) -> Int {
        let report = StatusReport.make(loaded.books, Allocation.compute(loaded.books, asOf: asOf, parallel: loaded.parallel),
                                     filter: StatusFilter(lateOnly: true), parallel: loaded.parallel)
        let late = report.lines.filter { $0.state == .late }.sorted { ($0.daysLate, $1.number) > ($1.daysLate, $0.number) }
        guard !late.isEmpty else { return 0 }
        let shown = 5
        context.err.line("overdue as of \(asOf): \(late.count) invoice\(late.count == 1 ? "" : "s")"
                         + " (" + report.totals.map { "\($0.outstanding)" }.joined(separator: ", ") + " outstanding in all)")
        for line in late.prefix(shown) {
            context.err.line("  \(line.number) \(line.customer) \(line.outstanding) due \(line.due.map { "\($0)" } ?? "") (\(line.daysLate) days late)")
        }
        if late.count > shown { context.err.line("  … and \(late.count - shown) more: `relance status --late-only`") }
        return late.count
    }
}

extension StagedBooks {
    /// The check `git commit` would get from the pre-commit hook, for relance's own commits (libgit2 runs no hooks):
    /// the books of HEAD's tree with `changes` (books-root relative path → new bytes) laid over them.
    /// Prints the located errors and throws (exit 65) when they have any; nothing has been written then.
    static func checkCommit(repo: GitRepository, prefix: String, root: String, changes: [String: [UInt8]],
                            context: CommandContext) throws {
        var files: [String: [UInt8]] = [:]
        if let head = try repo.headCommitID() {
            let inTree = try repo.files(inCommit: head, under: prefix)
            for (path, blob) in inTree {
                let rel = String(path.dropFirst(prefix.count))
                guard rel.hasSuffix(".books") || rel == BooksLocation.configName || rel.hasSuffix(".mustache") else { continue }
                files[rel] = try repo.blob(blob)
            }
        }
        for (path, bytes) in changes { files[path] = bytes }
        let loaded = make(files: files, root: root)
        var diagnostics = loaded.diagnostics.filter { $0.severity == .error }
        if diagnostics.isEmpty { diagnostics = Allocation.computeAll(loaded.books, parallel: loaded.parallel).diagnostics.filter { $0.severity == .error } }
        guard !diagnostics.isEmpty else { return }
        for d in diagnostics { context.err.write(DiagnosticRenderer.text(d, colors: context.err)) }
        throw CommandFailure(.badData, "the books this commit would record have \(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s") (above), "
                             + "as `relance check --staged` would report them before a `git commit`; nothing was written or committed")
    }
}
