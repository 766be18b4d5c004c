import CGit2

/// One `Key: value` line of the trailer block that ends a commit message.
public struct Trailer: Equatable, Sendable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A commit as read back from the repository.
public struct CommitEntry: Equatable, Sendable {
    /// 40 hex digits.
    public var id: String
    public var parents: [String]
    public var author: Signature
    public var message: String
    public var trailers: [Trailer]
    /// Whether the commit carries a signature (`gpgsig` header).
    public var isSigned: Bool

    public var shortID: String { String(id.prefix(12)) }
    /// The first line of the message.
    public var subject: String { String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
}

extension GitRepository {
    /// Every commit reachable from HEAD, parents before children (oldest first); empty on an unborn branch.
    public func commitsFromHead() throws -> [CommitEntry] {
        guard var head = try headOID() else { return [] }
        var walkPointer: OpaquePointer?
        try check(git_revwalk_new(&walkPointer, pointer), "walking the history")
        let walk = GitHandle(walkPointer!, owner: self, free: git_revwalk_free)
        try check(git_revwalk_sorting(walk.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue | GIT_SORT_REVERSE.rawValue),
                  "walking the history")
        try check(git_revwalk_push(walk.pointer, &head), "walking the history")
        var out: [CommitEntry] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walk.pointer)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "walking the history")
            out.append(try commitEntry(&oid))
        }
        return out
    }

    func commitEntry(_ oid: inout git_oid) throws -> CommitEntry {
        var commitPointer: OpaquePointer?
        try check(git_commit_lookup(&commitPointer, pointer, &oid), "reading commit \(oid.hex)")
        let commit = GitHandle(commitPointer!, owner: self, free: git_commit_free)
        var parents: [String] = []
        for k in 0..<git_commit_parentcount(commit.pointer) {
            if let id = git_commit_parent_id(commit.pointer, k) { parents.append(id.pointee.hex) }
        }
        let a = git_commit_author(commit.pointer)!.pointee
        let author = Signature(name: a.name.map { String(cString: $0) } ?? "", email: a.email.map { String(cString: $0) } ?? "",
                               time: Int64(a.when.time), offsetMinutes: Int(a.when.offset))
        let message = git_commit_message(commit.pointer).map { String(cString: $0) } ?? ""
        let header = git_commit_raw_header(commit.pointer).map { String(cString: $0) } ?? ""
        let signed = header.split(separator: "\n").contains { $0.hasPrefix("gpgsig ") || $0.hasPrefix("gpgsig-sha256 ") }
        return CommitEntry(id: oid.hex, parents: parents, author: author, message: message,
                           trailers: Self.trailers(of: message), isSigned: signed)
    }

    /// The trailers of a commit message, as `git interpret-trailers --parse` reads them.
    public static func trailers(of message: String) -> [Trailer] {
        ensureLibgit2()
        var array = git_message_trailer_array()
        guard git_message_trailers(&array, message) == 0 else { return [] }
        defer { git_message_trailer_array_free(&array) }
        var out: [Trailer] = []
        for k in 0..<array.count {
            let t = array.trailers[k]
            out.append(Trailer(key: t.key.map { String(cString: $0) } ?? "", value: t.value.map { String(cString: $0) } ?? ""))
        }
        return out
    }

    /// The files of commit `id` under `folder` (workdir-relative, "" for all), recursively: path → blob id.
    /// Symbolic links and submodules are left out.
    public func files(inCommit id: String, under folder: String) throws -> [String: String] {
        var oid = git_oid()
        try check(git_oid_fromstr(&oid, id), "reading the commit id \(id)")
        var commitPointer: OpaquePointer?
        try check(git_commit_lookup(&commitPointer, pointer, &oid), "reading commit \(id)")
        let commit = GitHandle(commitPointer!, owner: self, free: git_commit_free)
        var treePointer: OpaquePointer?
        try check(git_commit_tree(&treePointer, commit.pointer), "reading the tree of \(id)")
        var tree = GitHandle(treePointer!, owner: self, free: git_tree_free)
        let trimmed = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        if !trimmed.isEmpty {
            var entryPointer: OpaquePointer?
            let code = git_tree_entry_bypath(&entryPointer, tree.pointer, trimmed)
            if code == GIT_ENOTFOUND.rawValue { return [:] }
            try check(code, "reading \(trimmed) in \(id)")
            let entry = GitHandle(entryPointer!, free: git_tree_entry_free)
            guard git_tree_entry_type(entry.pointer) == GIT_OBJECT_TREE else { return [:] }
            var sub: OpaquePointer?
            try check(git_tree_lookup(&sub, pointer, git_tree_entry_id(entry.pointer)), "reading \(trimmed) in \(id)")
            tree = GitHandle(sub!, owner: self, free: git_tree_free)
        }
        var out: [String: String] = [:]
        try collect(tree, prefix: trimmed.isEmpty ? "" : trimmed + "/", into: &out)
        return out
    }

    private func collect(_ tree: GitHandle, prefix: String, into out: inout [String: String]) throws {
        for k in 0..<git_tree_entrycount(tree.pointer) {
            guard let entry = git_tree_entry_byindex(tree.pointer, k), let cName = git_tree_entry_name(entry) else { continue }
            let path = prefix + String(cString: cName)
            let mode = git_tree_entry_filemode(entry)
            if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                var sub: OpaquePointer?
                try check(git_tree_lookup(&sub, pointer, git_tree_entry_id(entry)), "reading \(path)")
                try collect(GitHandle(sub!, owner: self, free: git_tree_free), prefix: path + "/", into: &out)
            } else if mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE {
                out[path] = git_tree_entry_id(entry)!.pointee.hex
            }
        }
    }
}

extension GitRepository {
    /// The signature of commit `id` and the text it signs, nil when the commit is not signed.
    public func commitSignature(_ id: String) throws -> (signature: String, signedData: String)? {
        var oid = git_oid()
        try check(git_oid_fromstr(&oid, id), "reading the commit id \(id)")
        let signature = GitBuffer(), data = GitBuffer()
        let code = git_commit_extract_signature(&signature.buf, &data.buf, pointer, &oid, nil)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "reading the signature of \(id)")
        return (signature.string, data.string)
    }
}
