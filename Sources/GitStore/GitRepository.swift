import CGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `git_repository_state` says is going on in a repository.
public enum RepositoryState: Equatable, Sendable {
    case clean
    case merge
    /// Any kind of rebase (plain, interactive, merge-based).
    case rebase
    case cherryPick
    case revert
    case bisect
    /// `git am` (possibly ambiguous with a rebase).
    case applyMailbox
    /// A state this module does not know, with libgit2's raw value.
    case other(Int32)

    /// How a person names the operation in progress ("merge", "cherry-pick"…).
    public var displayName: String {
        switch self {
        case .clean: return "nothing"
        case .merge: return "merge"
        case .rebase: return "rebase"
        case .cherryPick: return "cherry-pick"
        case .revert: return "revert"
        case .bisect: return "bisect"
        case .applyMailbox: return "`git am`"
        case .other(let raw): return "git operation (state \(raw))"
        }
    }
}

/// A non-bare git repository opened through libgit2.
///
/// Not thread-safe: use each instance (and everything made from it) from one thread at a time.
public final class GitRepository {
    let pointer: OpaquePointer

    /// Absolute path of the working directory, without a trailing slash.
    public let workdir: String
    /// Absolute path of the `.git` directory (of this worktree), without a trailing slash.
    public let gitDirectory: String

    private init(taking pointer: OpaquePointer, requestedPath: String) throws {
        self.pointer = pointer
        guard let wd = git_repository_workdir(pointer) else {
            git_repository_free(pointer)
            throw GitStoreError.bareRepository(path: requestedPath)
        }
        workdir = Self.withoutTrailingSlash(String(cString: wd))
        gitDirectory = Self.withoutTrailingSlash(String(cString: git_repository_path(pointer)))
    }

    deinit { git_repository_free(pointer) }

    /// Opens the repository containing `path`, searching upward like git does.
    public static func open(at path: String) throws -> GitRepository {
        ensureLibgit2()
        var repo: OpaquePointer?
        let code = git_repository_open_ext(&repo, path, 0, nil)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitStoreError.notARepository(path: path)
        }
        try check(code, "opening the git repository at \(path)")
        return try GitRepository(taking: repo!, requestedPath: path)
    }

    /// Creates a non-bare repository at `path` (making directories as needed), with HEAD on `initialBranch`.
    public static func create(at path: String, initialBranch: String = "main") throws -> GitRepository {
        ensureLibgit2()
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
                  "preparing repository options")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        var repo: OpaquePointer?
        try initialBranch.withCString { branch in
            options.initial_head = branch
            try check(git_repository_init_ext(&repo, path, &options),
                      "creating a git repository at \(path)")
        }
        return try GitRepository(taking: repo!, requestedPath: path)
    }

    /// The operation in progress, if any.
    public func state() -> RepositoryState {
        let raw = git_repository_state(pointer)
        func is_(_ s: git_repository_state_t) -> Bool { raw == Int32(s.rawValue) }
        if is_(GIT_REPOSITORY_STATE_NONE) { return .clean }
        if is_(GIT_REPOSITORY_STATE_MERGE) { return .merge }
        if is_(GIT_REPOSITORY_STATE_REBASE) || is_(GIT_REPOSITORY_STATE_REBASE_INTERACTIVE)
            || is_(GIT_REPOSITORY_STATE_REBASE_MERGE) { return .rebase }
        if is_(GIT_REPOSITORY_STATE_CHERRYPICK) || is_(GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE) { return .cherryPick }
        if is_(GIT_REPOSITORY_STATE_REVERT) || is_(GIT_REPOSITORY_STATE_REVERT_SEQUENCE) { return .revert }
        if is_(GIT_REPOSITORY_STATE_BISECT) { return .bisect }
        if is_(GIT_REPOSITORY_STATE_APPLY_MAILBOX) || is_(GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE) {
            return .applyMailbox
        }
        return .other(raw)
    }

    /// A configuration value (repository, global, XDG and system files), or nil when unset or unreadable.
    public func configValue(_ key: String) -> String? {
        guard let config = try? configSnapshot() else { return nil }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config.pointer, key) == 0, let value else { return nil }
        return String(cString: value)
    }

    func configSnapshot() throws -> GitHandle {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer), "reading the repository configuration")
        return GitHandle(config!, owner: self, free: git_config_free)
    }

    /// The branch HEAD points to (short name, e.g. "main"), also when it has no commit yet; nil when detached.
    public func currentBranch() throws -> String? {
        guard let target = try headSymbolicTarget() else { return nil }
        let prefix = "refs/heads/"
        return target.hasPrefix(prefix) ? String(target.dropFirst(prefix.count)) : target
    }

    /// The full reference name HEAD points to, or nil when HEAD is detached.
    func headSymbolicTarget() throws -> String? {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, pointer, "HEAD"), "reading HEAD")
        let head = GitHandle(ref!, owner: self, free: git_reference_free)
        guard git_reference_type(head.pointer) == GIT_REFERENCE_SYMBOLIC,
              let target = git_reference_symbolic_target(head.pointer) else { return nil }
        return String(cString: target)
    }

    /// The id (hex) of the commit HEAD points to, or nil on an unborn branch.
    public func headCommitID() throws -> String? {
        try headOID()?.hex
    }

    func headOID() throws -> git_oid? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, "HEAD")
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(code, "resolving HEAD")
        return oid
    }

    private static func withoutTrailingSlash(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
