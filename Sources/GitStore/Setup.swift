import CGit2

extension GitRepository {
    /// The repository's common directory (shared by its worktrees: hooks, config), without a trailing slash.
    public var commonDirectory: String {
        guard let dir = git_repository_commondir(pointer) else { return gitDirectory }
        var path = String(cString: dir)
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Where git looks for hooks: `core.hooksPath` (relative to the work tree when relative), else `.git/hooks`.
    public var hooksDirectory: String {
        if let configured = configValue("core.hooksPath"), !configured.isEmpty {
            var path = configured.hasPrefix("/") ? configured : workdir + "/" + configured
            while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
            return path
        }
        return commonDirectory + "/hooks"
    }

    /// A value of the user's git configuration (global, XDG and system files), before any repository exists.
    public static func defaultConfigValue(_ key: String) -> String? {
        ensureLibgit2()
        var config: OpaquePointer?
        guard git_config_open_default(&config) == 0, let config else { return nil }
        defer { git_config_free(config) }
        var snapshot: OpaquePointer?
        guard git_config_snapshot(&snapshot, config) == 0, let snapshot else { return nil }
        defer { git_config_free(snapshot) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, snapshot, key) == 0, let value else { return nil }
        return String(cString: value)
    }
}

extension GitRepository {
    /// Reads the user's and the system's git configuration (the global, XDG, system and program-data files) from
    /// `folder` instead of from HOME and /etc, for the whole process: tests that run commands in-process use an
    /// empty folder, so that their results never depend on the configuration of the person running them.
    public static func readUserConfiguration(from folder: String) {
        ensureLibgit2()
        for level in [GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_PROGRAMDATA] {
            _ = relance_git_set_search_path(Int32(level.rawValue), folder)
        }
    }
}
