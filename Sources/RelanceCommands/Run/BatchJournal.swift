import Foundation
import GitStore

/// A note in the git folder saying which files a run is about to write, so that a run that
/// dies half-way can be rolled back (or recognised as committed) by the next one.
struct BatchJournal: Codable {
    static let fileName = "relance-batch.json"

    /// HEAD when the batch started (nil on an unborn branch).
    var parent: String?
    /// Workdir-relative paths the batch writes.
    var files: [String]
    /// The reminder ids of the batch.
    var reminders: [String]
    /// Path → hash of the bytes the batch writes there (FNV-1a, hex), to tell them from a person's later edits.
    var written: [String: String]?
    /// Lines the commit's message holds besides the `Reminder:` trailers (e.g. `Printed: R2026-0001`), to recognise it.
    var marks: [String]?

    init(parent: String?, files: [String], reminders: [String], written: [String: String]?, marks: [String]? = nil) {
        self.parent = parent
        self.files = files
        self.reminders = reminders
        self.written = written
        self.marks = marks
    }

    /// What the run was doing, for messages: its reminder ids, else its commit's trailers (`Printed: R2026-0001`), else its files.
    var summary: String {
        if !reminders.isEmpty { return reminders.joined(separator: ", ") }
        if let marks, !marks.isEmpty { return marks.joined(separator: ", ") }
        return files.joined(separator: ", ")
    }

    /// Whether a commit with this message is the one the journal's run was making.
    func isItsCommit(message: String) -> Bool {
        let lines = Set(message.split(separator: "\n").map(String.init))
        return reminders.allSatisfy { lines.contains("Reminder: \($0)") } && (marks ?? []).allSatisfy { lines.contains($0) }
    }

    /// FNV-1a 64-bit: enough to tell the batch's bytes from anything else written there since.
    static func hash(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    static func path(_ repo: GitRepository) -> String { repo.gitDirectory + "/" + fileName }

    func write(to repo: GitRepository) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try FileStore.writeAtomically(Array(try encoder.encode(self)), inside: repo.gitDirectory, at: BatchJournal.fileName)
    }

    static func remove(from repo: GitRepository) {
        unlink(path(repo))
    }

    /// Finishes what an interrupted run left, so that no hand repair is ever needed:
    /// - its temporary files (`.relance-PID-NAME`, in .git and beside the files it wrote) are removed;
    /// - git's own lock files it left (`index.lock`, the branch's `.lock`) are removed, when no process has them open;
    /// - if its commit was made, git's index is brought in line with that commit;
    /// - else every file it wrote is put back as at HEAD (a file edited since by someone is kept, and the run stops).
    /// Returns a sentence for the user, or nil when there was nothing to recover. Runs under the run lock.
    static func recover(_ repo: GitRepository, crashPoint: (String) -> Void = { _ in }) throws -> String? {
        removeTemporaryFiles(in: repo.gitDirectory)
        let p = path(repo)
        var info = stat()
        guard lstat(p, &info) == 0 else { return nil }
        let journalTime = info.st_mtim
        let removedLocks = removeGitLocks(of: repo, since: journalTime)
        guard let data = FileManager.default.contents(atPath: p),
              let journal = try? JSONDecoder().decode(BatchJournal.self, from: data) else {
            return try recoverWithoutJournal(repo)
        }
        for file in journal.files { removeTemporaryFiles(besides: file, in: repo.workdir) }
        let head = try repo.headCommitID()
        if head != journal.parent, let message = try repo.headMessage(), journal.isItsCommit(message: message) {
            // Committed: only git's index may lag behind (the run was stopped while updating it).
            do {
                try repo.alignIndexWithHead(paths: journal.files)
            } catch {
                throw CommandFailure(.ioError, "the last run (\(journal.summary)) was committed, but git's index "
                                     + "could not be brought in line with it: \(error); nothing was done, try again")
            }
            crashPoint("recovered-index")
            remove(from: repo)
            for file in journal.files { removeEmptyFolders(above: file, in: repo.workdir) }
            let locks = removedLocks.isEmpty ? "" : " (removed \(removedLocks.joined(separator: ", ")) it left)"
            return "the last run (\(journal.summary)) had been committed as \(head.map { String($0.prefix(12)) } ?? "?") "
                + "but was stopped before it finished; git's index was brought in line with that commit\(locks)"
        }
        // A file edited since the crash (neither as at HEAD nor as the batch wrote it) is someone's work: keep it.
        var edited: [String] = []
        for file in journal.files {
            guard let current = FileStore.read(repo.workdir + "/" + file) else { continue }
            if let atHead = try repo.fileAtHead(file), atHead == current { continue }
            if let written = journal.written?[file], written == hash(current) { continue }
            edited.append(file)
        }
        guard edited.isEmpty else {
            throw CommandFailure(.temporaryFailure, "an interrupted run left \(p), but \(edited.joined(separator: ", ")) changed since; "
                                 + "nothing was rolled back or written.\n  fix: check `git status` and `git diff`, keep what is yours "
                                 + "(commit it, or put it aside with `git stash --include-untracked`), then delete \(p)")
        }
        for file in journal.files {
            if let problem = InsideBooks.writeProblem(root: repo.workdir, relative: file) {
                throw CommandFailure(.badData, "an interrupted run left \(p), but \(problem); nothing was rolled back or written")
            }
            if let bytes = try repo.fileAtHead(file) {
                if FileStore.read(repo.workdir + "/" + file) != bytes {
                    try FileStore.writeAtomically(bytes, inside: repo.workdir, at: file)
                }
            } else {
                unlink(repo.workdir + "/" + file)
            }
            crashPoint("rolled-back-file")
        }
        remove(from: repo)
        for file in journal.files { removeEmptyFolders(above: file, in: repo.workdir) }
        return "an interrupted run (\(journal.summary)) was rolled back: nothing of it had been committed or sent"
    }

    /// The journal cannot be read (damaged by hand or by the disk): the run it described is unknown.
    /// When nothing in the work tree differs from HEAD, there is nothing to roll back: the journal goes.
    private static func recoverWithoutJournal(_ repo: GitRepository) throws -> String? {
        let p = path(repo)
        let changes = try repo.uncommittedChanges()
        for change in changes where change.isUntracked && isTemporaryName(lastComponent(change.path)) {
            unlink(repo.workdir + "/" + change.path)
        }
        let left = changes.filter { !($0.isUntracked && isTemporaryName(lastComponent($0.path))) }.map(\.path)
        guard left.isEmpty else {
            throw CommandFailure(.badData, "an interrupted run left \(p), which cannot be read, and \(left.joined(separator: ", ")) "
                                 + "differ from the last commit; nothing was rolled back or written.\n"
                                 + "  fix: check `git status` and `git diff`: keep what is yours (commit it), put back what is not "
                                 + "(`git restore FILE`, `git clean -i` for new files), then delete \(p)")
        }
        remove(from: repo)
        return "an unreadable note of an interrupted run (\(p)) was removed: nothing of that run was left in the books"
    }

    private static func lastComponent(_ path: String) -> Substring {
        path.split(separator: "/").last ?? Substring(path)
    }

    /// `.relance-PID-NAME`, the temporary name `FileStore.writeAtomically` uses.
    static func isTemporaryName(_ name: Substring) -> Bool {
        guard name.hasPrefix(".relance-") else { return false }
        let rest = name.dropFirst(".relance-".count)
        guard let dash = rest.firstIndex(of: "-"), dash != rest.startIndex else { return false }
        return rest[..<dash].allSatisfy(\.isNumber)
    }

    /// Removes the temporary files of dead relance processes in `folder`.
    static func removeTemporaryFiles(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where isTemporaryName(Substring(name)) {
            let pidText = name.dropFirst(".relance-".count).prefix { $0.isNumber }
            if let pid = Int32(pidText), pid != getpid(), kill(pid, 0) == 0 || errno == EPERM { continue }
            var info = stat()
            guard lstat(folder + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            unlink(folder + "/" + name)
        }
    }

    /// Removes the temporary files left beside `file` (workdir-relative), when its folder is a real folder of the work tree.
    static func removeTemporaryFiles(besides file: String, in workdir: String) {
        var folder = workdir
        for part in file.split(separator: "/").dropLast() {
            folder += "/" + part
            var info = stat()
            guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
        }
        removeTemporaryFiles(in: folder)
    }

    /// The lock files of git that a relance run stopped while committing leaves behind: removed when they were
    /// made after the run's journal (so during that run, which is dead since we hold the run lock) and no
    /// process has them open. Returns their names.
    static func removeGitLocks(of repo: GitRepository, since journalTime: timespec) -> [String] {
        func madeSince(_ t: timespec) -> Bool {
            t.tv_sec > journalTime.tv_sec || (t.tv_sec == journalTime.tv_sec && t.tv_nsec >= journalTime.tv_nsec)
        }
        var candidates = ["index.lock", "HEAD.lock"]
        if let branch = try? repo.currentBranch() { candidates.append("refs/heads/\(branch).lock") }
        var removed: [String] = []
        for name in candidates {
            let full = repo.gitDirectory + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFREG, madeSince(info.st_mtim),
                  !OpenFiles.isOpen(device: info.st_dev, inode: info.st_ino) else { continue }
            if unlink(full) == 0 { removed.append(".git/" + name) }
        }
        // libgit2 writes each object to `objects/tmp_object_git2_*` before linking it in place.
        let objects = repo.gitDirectory + "/objects"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: objects)) ?? [] where name.hasPrefix("tmp_object_git2_") {
            var info = stat()
            guard lstat(objects + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG, madeSince(info.st_mtim),
                  !OpenFiles.isOpen(device: info.st_dev, inode: info.st_ino) else { continue }
            unlink(objects + "/" + name)
        }
        return removed
    }
}

/// Whether a process has a file open, from /proc (Linux).
enum OpenFiles {
    static func isOpen(device: dev_t, inode: ino_t) -> Bool {
        guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for pid in pids where pid.allSatisfy(\.isNumber) {
            let folder = "/proc/\(pid)/fd"
            guard let fds = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for fd in fds {
                var info = stat()
                if stat(folder + "/" + fd, &info) == 0, info.st_dev == device, info.st_ino == inode { return true }
            }
        }
        return false
    }
}

/// Removes the folders of `file` (workdir-relative) that the removal of the file left empty, deepest first
/// (`reminders/2027/` made by the rolled-back run), and stops at the first one that still holds something.
private func removeEmptyFolders(above file: String, in workdir: String) {
    var parts = file.split(separator: "/").dropLast()
    while !parts.isEmpty {
        // rmdir only removes an empty folder.
        guard rmdir(workdir + "/" + parts.joined(separator: "/")) == 0 else { return }
        parts = parts.dropLast()
    }
}

/// Small file operations with atomic replacement, never through a symbolic link.
enum FileStore {
    /// Writes `root/relative` through a temporary file `.relance-PID-NAME` in the same folder, fsync'd and renamed
    /// over the target. Folders on the way are created; none of them, nor the target, may be a symbolic link.
    static func writeAtomically(_ bytes: [UInt8], inside root: String, at relative: String) throws {
        if let problem = InsideBooks.writeProblem(root: root, relative: relative) {
            throw CommandFailure(.badData, "\(problem); nothing more was written")
        }
        let parts = relative.split(separator: "/")
        var dir = root
        for part in parts.dropLast() {
            dir += "/" + part
            if mkdir(dir, 0o755) != 0 && errno != EEXIST {
                throw CommandFailure(.ioError, "cannot create the folder \(dir): \(InsideBooks.errorText(errno))")
            }
            var info = stat()
            guard lstat(dir, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw CommandFailure(.badData, "\(dir) is not a folder (relance never writes through a link); nothing more was written")
            }
        }
        let path = root + "/" + relative
        let temp = dir + "/.relance-" + String(getpid()) + "-" + parts.last!
        unlink(temp)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandFailure(.ioError, "cannot write \(temp): \(InsideBooks.errorText(errno))") }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { let e = errno; close(fd); unlink(temp); throw CommandFailure(.ioError, "cannot write \(temp): \(InsideBooks.errorText(e))") }
            offset += n
        }
        guard fsync(fd) == 0 else { let e = errno; close(fd); unlink(temp); throw CommandFailure(.ioError, "cannot write \(temp): \(InsideBooks.errorText(e))") }
        close(fd)
        guard rename(temp, path) == 0 else {
            let e = errno
            unlink(temp)
            throw CommandFailure(.ioError, "cannot replace \(path): \(InsideBooks.errorText(e))")
        }
    }

    /// Writes `path` atomically in its folder (made if missing: a path the user named, such as `print --out`);
    /// the file itself may not be a symbolic link.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(.ioError, "cannot create the folder \(folder): \(error.localizedDescription)")
        }
        try writeAtomically(bytes, inside: folder, at: (path as NSString).lastPathComponent)
    }

    static func read(_ path: String) -> [UInt8]? {
        if case .bytes(let b) = InsideBooks.readRegularFile(path) { return b }
        return nil
    }
}
