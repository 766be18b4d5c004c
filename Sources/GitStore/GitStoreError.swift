/// A refusal or precondition failure of this module, with a plain message for the user.
public enum GitStoreError: Error, Equatable, CustomStringConvertible {
    /// No repository contains the path.
    case notARepository(path: String)
    /// The repository has no working directory.
    case bareRepository(path: String)
    /// HEAD points at a commit, not at a branch.
    case detachedHead
    /// A merge, rebase, cherry-pick, … is in progress.
    case operationInProgress(RepositoryState)
    /// A path given to `commit` is not a plain workdir-relative path.
    case invalidPath(String)
    /// A path given to `commit` exists but is neither a regular file nor a symbolic link.
    case notAFile(String)
    /// The commit message is empty once cleaned up.
    case emptyMessage

    public var description: String {
        switch self {
        case .notARepository(let path):
            return "\(path) is not inside a git repository; run `git init` there first"
        case .bareRepository(let path):
            return "\(path) is a bare git repository; relance needs a working directory"
        case .detachedHead:
            return "HEAD is detached; check out a branch (`git switch <branch>`) before running relance"
        case .operationInProgress(let state):
            return "a \(state.displayName) is in progress in this repository; finish or abort it first"
        case .invalidPath(let path):
            return "\"\(path)\" is not a plain path relative to the repository's working directory"
        case .notAFile(let path):
            return "\(path) is not a regular file"
        case .emptyMessage:
            return "the commit message is empty"
        }
    }
}
