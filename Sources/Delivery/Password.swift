/// Where the SMTP password comes from: an environment variable or a command. It stays in memory.
public enum PasswordSource {
    public struct Failure: Error, Sendable {
        public var message: String
        /// Whether trying again later may help (a command that failed), or the settings must change.
        public var temporary: Bool
    }

    /// The password named by `variable` or printed by `command` (its first line), or nil when neither is given.
    /// The messages of the failures never contain the password, nor the command's output.
    public static func resolve(variable: String?, command: String?, environment: [String: String]) throws(Failure) -> String? {
        if let variable {
            guard let value = environment[variable], !value.isEmpty else {
                throw Failure(message: "the environment variable \(variable) (password_env in [smtp]) is not set: "
                              + "set it where relance runs (e.g. in the cron line or the systemd unit)", temporary: false)
            }
            return value
        }
        guard let command else { return nil }
        let result: ShellResult
        do {
            result = try Shell.run(command, input: [], environment: environment)
        } catch {
            throw Failure(message: "the password_command of [smtp] could not start", temporary: false)
        }
        guard result.status == 0 else {
            throw Failure(message: "the password_command of [smtp] exited with status \(result.status) (its output is not shown: it may hold the password)",
                          temporary: true)
        }
        var line = result.stdout.prefix { $0 != 10 }
        if line.last == 13 { line = line.dropLast() }
        guard !line.isEmpty else {
            throw Failure(message: "the password_command of [smtp] printed nothing", temporary: false)
        }
        return String(decoding: line, as: UTF8.self)
    }
}
