import CGit2

/// One file as it is staged in git's index (what the next `git commit` will record).
public struct StagedFile: Equatable, Sendable {
    /// Workdir-relative path.
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// What the index holds under a folder: the regular files, and the paths that cannot be read as files.
public struct StagedContent: Equatable, Sendable {
    public var files: [StagedFile]
    /// Symbolic links and submodules staged under the folder (their content is not a file's text).
    public var notFiles: [String]
    /// Paths with unresolved merge conflicts (several stages in the index).
    public var conflicted: [String]
}

extension GitRepository {
    /// Every file staged in the index whose workdir-relative path satisfies `include`, read from its blob
    /// (never from the working tree), sorted by path.
    ///
    /// `indexFile` is another index file than the repository's (git's `GIT_INDEX_FILE`, which `git commit -a` and
    /// `git commit PATH` give their hooks), absolute.
    public func stagedFiles(indexFile: String? = nil, where include: (String) -> Bool) throws -> StagedContent {
        var indexPointer: OpaquePointer?
        let index: GitHandle
        if let indexFile {
            try check(git_index_open(&indexPointer, indexFile), "reading git's index \(indexFile)")
            index = GitHandle(indexPointer!, owner: self, free: git_index_free)
        } else {
            try check(git_repository_index(&indexPointer, pointer), "reading git's index")
            index = GitHandle(indexPointer!, owner: self, free: git_index_free)
            // Another handle may have loaded the index earlier: read it again from disk.
            try check(git_index_read(index.pointer, 1), "reading git's index")
        }
        var files: [StagedFile] = []
        var notFiles: [String] = []
        var conflicted: Set<String> = []
        for i in 0..<git_index_entrycount(index.pointer) {
            guard let entry = git_index_get_byindex(index.pointer, i)?.pointee, let cPath = entry.path else { continue }
            let path = String(cString: cPath)
            guard include(path) else { continue }
            let stage = (Int(entry.flags) & 0x3000) >> 12
            if stage != 0 { conflicted.insert(path); continue }
            guard entry.mode == GIT_FILEMODE_BLOB.rawValue || entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue else {
                notFiles.append(path)
                continue
            }
            var id = entry.id
            files.append(StagedFile(path: path, bytes: try blobBytes(&id, what: "reading the staged \(path)")))
        }
        func sorted(_ a: [String]) -> [String] { a.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        return StagedContent(files: files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) },
                             notFiles: sorted(notFiles), conflicted: sorted(Array(conflicted)))
    }

    /// The bytes of the blob `id`.
    func blobBytes(_ id: inout git_oid, what: String) throws -> [UInt8] {
        var blobPointer: OpaquePointer?
        try check(git_blob_lookup(&blobPointer, pointer, &id), what)
        let blob = GitHandle(blobPointer!, owner: self, free: git_blob_free)
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let raw = git_blob_rawcontent(blob.pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// The bytes of the blob whose id is `hex` (40 hex digits).
    public func blob(_ hex: String) throws -> [UInt8] {
        var id = git_oid()
        try check(git_oid_fromstr(&id, hex), "reading the object id \(hex)")
        return try blobBytes(&id, what: "reading the object \(hex)")
    }
}
