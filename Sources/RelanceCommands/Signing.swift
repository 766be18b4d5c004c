import Configuration
import Foundation
import GitStore

/// Signed commits with an SSH key, as git makes them with `gpg.format = ssh`: `ssh-keygen -Y sign -n git`.
enum CommitSigner {
    /// The signer for relance's commits when relance.toml says `[git] sign = true`, else nil.
    /// The key: `[git] signing_key`, else git's `user.signingkey` (a key file, `~/` allowed).
    static func make(_ config: RelanceConfig, repo: GitRepository, context: CommandContext) throws -> ((String) throws -> String)? {
        guard config.signing.sign else { return nil }
        guard var key = config.signing.key ?? repo.configValue("user.signingkey"), !key.isEmpty else {
            throw CommandFailure(.usage, "[git] sign = true but no signing key: add signing_key = \"~/.ssh/id_ed25519\" to [git] in relance.toml, "
                                 + "or `git config user.signingkey ~/.ssh/id_ed25519`; nothing was done")
        }
        if key.hasPrefix("key::") {
            throw CommandFailure(.usage, "signing key \(key.prefix(20))…: give the key as a file (signing_key = \"~/.ssh/id_ed25519\"); nothing was done")
        }
        if key.hasPrefix("~/") { key = (context.environment["HOME"] ?? NSHomeDirectory()) + String(key.dropFirst(1)) }
        // A relative key is relative to the current folder, as for git: the context's, never the process's.
        if !key.hasPrefix("/") { key = context.currentDirectory + "/" + key }
        guard FileManager.default.fileExists(atPath: key) else {
            throw CommandFailure(.usage, "signing key \(key) does not exist: fix signing_key in [git] of relance.toml (or git's user.signingkey); nothing was done")
        }
        let keyPath = key
        return { content in try sign(content, key: keyPath) }
    }

    /// `ssh-keygen -Y sign -n git -f KEY` over `content`: the armored signature.
    static func sign(_ content: String, key: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("relance-sign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("commit")
        try Data(content.utf8).write(to: file)
        let (status, output) = try runSSHKeygen(["-Y", "sign", "-n", "git", "-f", key, file.path])
        guard status == 0, let data = FileManager.default.contents(atPath: file.path + ".sig") else {
            throw CommandFailure(.ioError, "signing the commit with \(key) failed (ssh-keygen: \(output.trimmingCharacters(in: .whitespacesAndNewlines))); nothing was committed")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Checks a commit's SSH signature: against git's `gpg.ssh.allowedSignersFile` when set (the signer must be listed
    /// for the author's e-mail), else only that it is a good signature of the commit. Returns nil when good, else why not.
    static func check(signature: String, data: String, email: String, allowedSigners: String?) -> String? {
        guard signature.hasPrefix("-----BEGIN SSH SIGNATURE-----") else { return "not an SSH signature (relance checks SSH signatures only)" }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("relance-verify-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let sig = dir.appendingPathComponent("sig"), payload = dir.appendingPathComponent("payload")
            try Data(signature.utf8).write(to: sig)
            try Data(data.utf8).write(to: payload)
            let args = allowedSigners.map { ["-Y", "verify", "-f", $0, "-I", email, "-n", "git", "-s", sig.path] }
                ?? ["-Y", "check-novalidate", "-n", "git", "-s", sig.path]
            let (status, output) = try runSSHKeygen(args, stdin: payload)
            return status == 0 ? nil : output.trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            return "cannot run ssh-keygen to check it"
        }
    }

    private static func runSSHKeygen(_ arguments: [String], stdin: URL? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["ssh-keygen"] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = try stdin.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        do {
            try p.run()
        } catch {
            throw CommandFailure(.ioError, "cannot run ssh-keygen (install openssh-client) to sign or check a commit")
        }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }
}
