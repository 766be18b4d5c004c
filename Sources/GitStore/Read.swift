import CGit2

extension GitRepository {
    /// The bytes of `path` (workdir-relative) in HEAD's tree; nil when HEAD has no such file or the branch is unborn.
    public func fileAtHead(_ path: String) throws -> [UInt8]? {
        guard try headOID() != nil else { return nil }
        var object: OpaquePointer?
        let code = git_revparse_single(&object, pointer, "HEAD:\(path)")
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "reading \(path) at HEAD")
        let handle = GitHandle(object!, owner: self, free: git_object_free)
        guard git_object_type(handle.pointer) == GIT_OBJECT_BLOB else { return nil }
        let size = Int(git_blob_rawsize(handle.pointer))
        guard size > 0, let raw = git_blob_rawcontent(handle.pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// The full message of the HEAD commit (nil on an unborn branch).
    public func headMessage() throws -> String? {
        guard var oid = try headOID() else { return nil }
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &oid), "reading the HEAD commit")
        let handle = GitHandle(commit!, owner: self, free: git_commit_free)
        return git_commit_message(handle.pointer).map { String(cString: $0) }
    }
}

extension GitRepository {
    /// The id (hex) of HEAD's tree, or nil on an unborn branch.
    public func headTreeID() throws -> String? {
        guard var oid = try headOID() else { return nil }
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &oid), "reading the HEAD commit")
        let handle = GitHandle(commit!, owner: self, free: git_commit_free)
        return git_commit_tree_id(handle.pointer).pointee.hex
    }
}
