import CGit2

/// One path with uncommitted changes, as `git status` would list it.
public struct FileChange: Equatable, Sendable {
    /// What happened to a path, between HEAD and the index (staged) or the index and the workdir (unstaged).
    public enum Kind: Equatable, Sendable {
        /// Added to the index (staged) or untracked (unstaged).
        case new
        case modified
        case deleted
        case renamed
        case typeChange
    }

    /// Workdir-relative path (the new path of a rename).
    public var path: String
    /// The path before a staged rename.
    public var originalPath: String?
    /// The change recorded in the index relative to HEAD, if any.
    public var staged: Kind?
    /// The change in the working directory relative to the index, if any.
    public var unstaged: Kind?
    /// The path has unresolved merge conflicts.
    public var isConflicted: Bool

    public init(path: String, originalPath: String? = nil, staged: Kind? = nil, unstaged: Kind? = nil,
                isConflicted: Bool = false) {
        self.path = path
        self.originalPath = originalPath
        self.staged = staged
        self.unstaged = unstaged
        self.isConflicted = isConflicted
    }

    /// Not tracked by git at all.
    public var isUntracked: Bool { staged == nil && unstaged == .new }
}

extension GitRepository {
    /// Every path whose index or working copy differs from HEAD, untracked files included
    /// (also inside untracked directories), ignored files excluded, sorted by path.
    public func uncommittedChanges() throws -> [FileChange] {
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "preparing status options")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, pointer, &options), "reading the working directory status")
        let statusList = GitHandle(list!, owner: self, free: git_status_list_free)

        var changes: [FileChange] = []
        for i in 0..<git_status_list_entrycount(statusList.pointer) {
            guard let entry = git_status_byindex(statusList.pointer, i)?.pointee else { continue }
            let bits = entry.status.rawValue
            func has(_ flag: git_status_t) -> Bool { bits & flag.rawValue != 0 }

            var staged: FileChange.Kind?
            if has(GIT_STATUS_INDEX_NEW) { staged = .new }
            else if has(GIT_STATUS_INDEX_MODIFIED) { staged = .modified }
            else if has(GIT_STATUS_INDEX_DELETED) { staged = .deleted }
            else if has(GIT_STATUS_INDEX_RENAMED) { staged = .renamed }
            else if has(GIT_STATUS_INDEX_TYPECHANGE) { staged = .typeChange }

            var unstaged: FileChange.Kind?
            if has(GIT_STATUS_WT_NEW) { unstaged = .new }
            else if has(GIT_STATUS_WT_MODIFIED) { unstaged = .modified }
            else if has(GIT_STATUS_WT_DELETED) { unstaged = .deleted }
            else if has(GIT_STATUS_WT_RENAMED) { unstaged = .renamed }
            else if has(GIT_STATUS_WT_TYPECHANGE) { unstaged = .typeChange }

            let conflicted = has(GIT_STATUS_CONFLICTED)
            if staged == nil && unstaged == nil && !conflicted { continue }

            let headToIndex = entry.head_to_index?.pointee
            let indexToWorkdir = entry.index_to_workdir?.pointee
            guard let pathPointer = headToIndex?.new_file.path ?? indexToWorkdir?.new_file.path
                ?? headToIndex?.old_file.path ?? indexToWorkdir?.old_file.path else { continue }
            var original: String?
            if staged == .renamed, let old = headToIndex?.old_file.path { original = String(cString: old) }
            changes.append(FileChange(path: String(cString: pathPointer), originalPath: original,
                                      staged: staged, unstaged: unstaged, isConflicted: conflicted))
        }
        return changes.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}
