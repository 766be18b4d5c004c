import CGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who made a commit and when. The time is explicit (this module reads no clock).
public struct Signature: Equatable, Sendable {
    public var name: String
    public var email: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    /// Offset from UTC in minutes (e.g. 60 for +0100).
    public var offsetMinutes: Int

    public init(name: String, email: String, time: Int64, offsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }
}

/// The outcome of `GitRepository.commit`.
public enum CommitResult: Equatable, Sendable {
    /// A commit was made; both ids are 40-character hex.
    case committed(commitID: String, treeID: String)
    /// The files already match HEAD: no commit was made and nothing was touched.
    case nothingToCommit

    public var commitID: String? {
        if case .committed(let id, _) = self { return id }
        return nil
    }

    public var treeID: String? {
        if case .committed(_, let id) = self { return id }
        return nil
    }
}

extension GitRepository {
    /// Commits exactly `files` (workdir-relative, as they are on disk now; a listed file missing on disk
    /// is removed) on top of HEAD on the current branch, and nothing else.
    ///
    /// The new tree is built from HEAD's tree in memory, so changes the user staged for other paths are
    /// neither committed nor lost; afterwards the on-disk index is updated for the listed paths only.
    /// Throws when a merge/rebase/… is in progress or HEAD is detached. The message is cleaned up like
    /// `git commit` does (trailing whitespace, final newline), comments are kept. No hooks run.
    /// `committed` is called once the commit is made and the branch moved, before the index is updated
    /// (a named crash point for tests).
    ///
    /// `signer`, when given, signs the commit: it gets the commit object's text and returns an armored signature
    /// (e.g. `ssh-keygen -Y sign -n git`), stored in the `gpgsig` header as git does.
    public func commit(files: [String], message: String, author: Signature,
                       committer: Signature? = nil, signer: ((String) throws -> String)? = nil,
                       committed: () -> Void = {}) throws -> CommitResult {
        let currentState = state()
        guard currentState == .clean else { throw GitStoreError.operationInProgress(currentState) }
        guard try headSymbolicTarget() != nil else { throw GitStoreError.detachedHead }

        let paths = try Set(files.map { try validatedPath($0) }).sorted()

        let cleaned = GitBuffer()
        try check(git_message_prettify(&cleaned.buf, message, 0, CChar(UInt8(ascii: "#"))),
                  "cleaning up the commit message")
        let finalMessage = cleaned.string
        guard !finalMessage.isEmpty else { throw GitStoreError.emptyMessage }

        // Parent commit and its tree (none on an unborn branch).
        var parent: GitHandle?
        var parentTree: GitHandle?
        if var parentOID = try headOID() {
            var commitPointer: OpaquePointer?
            try check(git_commit_lookup(&commitPointer, pointer, &parentOID), "reading the HEAD commit")
            parent = GitHandle(commitPointer!, owner: self, free: git_commit_free)
            var treePointer: OpaquePointer?
            try check(git_commit_tree(&treePointer, commitPointer), "reading the HEAD tree")
            parentTree = GitHandle(treePointer!, owner: self, free: git_tree_free)
        }

        // New tree = HEAD's tree + the listed files, in an index that lives only in memory.
        var indexPointer: OpaquePointer?
        try check(git_index_new(&indexPointer), "creating an in-memory index")
        let index = GitHandle(indexPointer!, free: git_index_free)
        if let parentTree {
            try check(git_index_read_tree(index.pointer, parentTree.pointer), "loading the HEAD tree")
        }
        let honourFileMode = try fileModeIsTrusted()
        for path in paths {
            guard let fileStat = try statInWorkdir(path) else {
                let code = git_index_remove(index.pointer, path, 0)
                if code != GIT_ENOTFOUND.rawValue { try check(code, "removing \(path) from the tree") }
                continue
            }
            let kind = fileStat.st_mode & S_IFMT
            var mode: UInt32
            if kind == S_IFLNK {
                mode = GIT_FILEMODE_LINK.rawValue
            } else if kind == S_IFREG {
                mode = fileStat.st_mode & S_IXUSR != 0 ? GIT_FILEMODE_BLOB_EXECUTABLE.rawValue : GIT_FILEMODE_BLOB.rawValue
                if !honourFileMode, let existing = git_index_get_bypath(index.pointer, path, 0)?.pointee,
                   existing.mode == GIT_FILEMODE_BLOB.rawValue || existing.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue {
                    mode = existing.mode
                } else if !honourFileMode {
                    mode = GIT_FILEMODE_BLOB.rawValue
                }
            } else {
                throw GitStoreError.notAFile(path)
            }
            var blobID = git_oid()
            try check(git_blob_create_from_workdir(&blobID, pointer, path), "storing \(path)")
            var entry = git_index_entry()
            entry.mode = mode
            entry.id = blobID
            try path.withCString { cPath in
                entry.path = cPath
                try check(git_index_add(index.pointer, &entry), "adding \(path) to the tree")
            }
        }

        var treeOID = git_oid()
        try check(git_index_write_tree_to(&treeOID, index.pointer, pointer), "writing the tree")
        if let parentTree {
            if git_oid_equal(git_tree_id(parentTree.pointer), &treeOID) != 0 { return .nothingToCommit }
        } else if git_index_entrycount(index.pointer) == 0 {
            return .nothingToCommit
        }

        var treePointer: OpaquePointer?
        try check(git_tree_lookup(&treePointer, pointer, &treeOID), "reading the new tree")
        let tree = GitHandle(treePointer!, owner: self, free: git_tree_free)
        let authorSignature = try GitSignatureHandle(author)
        let committerSignature = try GitSignatureHandle(committer ?? author)

        var parents: [OpaquePointer?] = parent.map { [$0.pointer] } ?? []
        var commitOID = git_oid()
        // "HEAD" makes libgit2 advance the branch HEAD points to (creating it on an unborn branch),
        // and refuse if that branch moved away from `parent` meanwhile.
        if let signer {
            commitOID = try createSignedCommit(signer, author: authorSignature, committer: committerSignature, message: finalMessage,
                                               tree: tree, parents: &parents, parentID: parent.map { git_commit_id($0.pointer)!.pointee })
        } else {
            try check(git_commit_create(&commitOID, pointer, "HEAD", authorSignature.pointer,
                                        committerSignature.pointer, nil, finalMessage, tree.pointer,
                                        parents.count, &parents),
                      "creating the commit")
        }
        let result = CommitResult.committed(commitID: commitOID.hex, treeID: treeOID.hex)
        committed()
        try updateIndex(for: paths, after: commitOID.hex)
        return result
    }

    /// Writes a signed commit object and moves the branch HEAD points to onto it, refusing if that branch moved
    /// away from `parentID` meanwhile (as `git_commit_create` does with "HEAD").
    private func createSignedCommit(_ signer: (String) throws -> String, author: GitSignatureHandle, committer: GitSignatureHandle,
                                    message: String, tree: GitHandle, parents: inout [OpaquePointer?],
                                    parentID: git_oid?) throws -> git_oid {
        let buffer = GitBuffer()
        try check(git_commit_create_buffer(&buffer.buf, pointer, author.pointer, committer.pointer, nil, message,
                                           tree.pointer, parents.count, &parents),
                  "preparing the commit to sign")
        let content = buffer.string
        let signature = try signer(content)
        var oid = git_oid()
        try check(git_commit_create_with_signature(&oid, pointer, content, signature, nil), "creating the signed commit")
        guard let branch = try headSymbolicTarget() else { throw GitStoreError.detachedHead }
        var ref: OpaquePointer?
        let log = "commit: " + (message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? "")
        if var old = parentID {
            try check(git_reference_create_matching(&ref, pointer, branch, &oid, 1, &old, log), "moving \(branch) to the signed commit")
        } else {
            try check(git_reference_create(&ref, pointer, branch, &oid, 0, log), "creating \(branch) at the signed commit")
        }
        if let ref { git_reference_free(ref) }
        return oid
    }

    /// Brings the repository's on-disk index in line with the workdir for `paths` only.
    private func updateIndex(for paths: [String], after commitID: String) throws {
        let what = "updating the index after commit \(commitID)"
        var indexPointer: OpaquePointer?
        try check(git_repository_index(&indexPointer, pointer), what)
        let index = GitHandle(indexPointer!, owner: self, free: git_index_free)
        try check(git_index_read(index.pointer, 0), what)
        for path in paths {
            if try statInWorkdir(path) != nil {
                try check(git_index_add_bypath(index.pointer, path), "\(what) (\(path))")
            } else {
                let code = git_index_remove_bypath(index.pointer, path)
                if code != GIT_ENOTFOUND.rawValue { try check(code, "\(what) (\(path))") }
            }
        }
        try check(git_index_write(index.pointer), what)
    }

    /// `core.filemode` (true unless set to false).
    private func fileModeIsTrusted() throws -> Bool {
        let config = try configSnapshot()
        var value: Int32 = 1
        let code = git_config_get_bool(&value, config.pointer, "core.filemode")
        if code == GIT_ENOTFOUND.rawValue { return true }
        try check(code, "reading core.filemode")
        return value != 0
    }

    /// A plain workdir-relative path: no leading slash, no empty, ".", ".." or ".git" component,
    /// and no symbolic link among its parent directories.
    private func validatedPath(_ path: String) throws -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.utf8.contains(0),
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && $0.lowercased() != ".git" })
        else { throw GitStoreError.invalidPath(path) }
        var prefix = workdir
        for part in parts.dropLast() {
            prefix += "/" + part
            var info = stat()
            if lstat(prefix, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK {
                throw GitStoreError.invalidPath(path)
            }
        }
        return path
    }

    /// `lstat` of a workdir-relative path; nil when it does not exist.
    private func statInWorkdir(_ path: String) throws -> stat? {
        var info = stat()
        if lstat(workdir + "/" + path, &info) == 0 { return info }
        let error = errno
        if error == ENOENT || error == ENOTDIR { return nil }
        throw GitError(code: -1, errorClass: 0, message: String(cString: strerror(error)),
                       what: "reading \(path)")
    }
}

extension GitRepository {
    /// Makes the on-disk index say exactly what HEAD's tree says for `paths` (workdir-relative), and leaves every
    /// other entry as it is: what `git reset -- paths` does. Used after a run that committed and was stopped
    /// before it could update the index (git would otherwise show its files as deleted or modified).
    public func alignIndexWithHead(paths: [String]) throws {
        let what = "bringing git's index in line with HEAD"
        var treePointer: OpaquePointer?
        var tree: GitHandle?
        if var head = try headOID() {
            var commitPointer: OpaquePointer?
            try check(git_commit_lookup(&commitPointer, pointer, &head), what)
            let commit = GitHandle(commitPointer!, owner: self, free: git_commit_free)
            try check(git_commit_tree(&treePointer, commit.pointer), what)
            tree = GitHandle(treePointer!, owner: self, free: git_tree_free)
        }
        var indexPointer: OpaquePointer?
        try check(git_repository_index(&indexPointer, pointer), what)
        let index = GitHandle(indexPointer!, owner: self, free: git_index_free)
        try check(git_index_read(index.pointer, 1), what)
        for path in Set(paths).sorted() {
            var entryPointer: OpaquePointer?
            let found = tree.map { git_tree_entry_bypath(&entryPointer, $0.pointer, path) == 0 } ?? false
            guard found, let entryPointer else {
                let code = git_index_remove_bypath(index.pointer, path)
                if code != GIT_ENOTFOUND.rawValue { try check(code, "\(what) (\(path))") }
                continue
            }
            defer { git_tree_entry_free(entryPointer) }
            var blobID = git_tree_entry_id(entryPointer).pointee
            // The file on disk as committed: add it from there, so that git also knows its size and time.
            var onDisk = git_oid()
            if git_odb_hashfile(&onDisk, workdir + "/" + path, GIT_OBJECT_BLOB) == 0, git_oid_equal(&onDisk, &blobID) != 0 {
                try check(git_index_add_bypath(index.pointer, path), "\(what) (\(path))")
                continue
            }
            var entry = git_index_entry()
            entry.mode = git_tree_entry_filemode(entryPointer).rawValue
            entry.id = blobID
            try path.withCString { cPath in
                entry.path = cPath
                try check(git_index_add(index.pointer, &entry), "\(what) (\(path))")
            }
        }
        try check(git_index_write(index.pointer), what)
    }
}
