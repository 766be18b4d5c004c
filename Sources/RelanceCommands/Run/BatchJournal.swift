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
        try FileStore.writeAtomically(Array(try encoder.encode(self)), to: BatchJournal.path(repo))
    }

    static func remove(from repo: GitRepository) {
        try? FileManager.default.removeItem(atPath: path(repo))
    }

    /// Finishes what an interrupted run left: nothing if it had committed, else puts every file back as at HEAD.
    /// Returns a sentence for the user, or nil when there was nothing to recover.
    static func recover(_ repo: GitRepository) throws -> String? {
        let p = path(repo)
        guard let data = FileManager.default.contents(atPath: p) else { return nil }
        guard let journal = try? JSONDecoder().decode(BatchJournal.self, from: data) else {
            throw CommandFailure(.software, "\(p) is unreadable; a run was interrupted. Check `git status`, then delete that file.")
        }
        let head = try repo.headCommitID()
        if head != journal.parent, let message = try repo.headMessage(),
           journal.reminders.allSatisfy({ message.split(separator: "\n").contains(Substring("Reminder: \($0)")) }) {
            remove(from: repo)
            return nil
        }
        guard head == journal.parent else {
            throw CommandFailure(.software, "an interrupted run left \(p), but HEAD moved since; check `git status` and delete that file")
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
                                 + "nothing was rolled back or written.\n  fix: check `git status` and `git diff`, keep what is yours, then delete \(p)")
        }
        for file in journal.files {
            let full = repo.workdir + "/" + file
            if let bytes = try repo.fileAtHead(file) {
                try FileStore.writeAtomically(bytes, to: full)
            } else {
                try? FileManager.default.removeItem(atPath: full)
                removeEmptyFolders(above: file, in: repo.workdir)
            }
        }
        remove(from: repo)
        return "an interrupted run (\(journal.reminders.joined(separator: ", "))) was rolled back: nothing of it had been committed or sent"
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

/// Small file operations with atomic replacement.
enum FileStore {
    /// Writes through a temporary file in the same folder and renames it over the target.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        let temp = dir + "/.relance-" + String(getpid()) + "-" + (path as NSString).lastPathComponent
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CommandFailure(.ioError, "cannot write \(temp): \(String(cString: strerror(errno)))") }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { close(fd); unlink(temp); throw CommandFailure(.ioError, "cannot write \(temp): \(String(cString: strerror(errno)))") }
            offset += n
        }
        fsync(fd)
        close(fd)
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw CommandFailure(.ioError, "cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}
