import Books

/// Who sends the reminders: the company's identity, printed on letters and e-mails.
public struct Company: Sendable, Equatable {
    public var name: String
    public var address: [String] = []
    /// Where letters are written from ("Lyon, le 22 novembre 2026").
    public var city: String?
    public var email: String?
    public var phone: String?
    public var siret: String?
    public var vat: String?
    public var iban: String?
    public var bic: String?
    /// `fr` or `en`.
    public var language: String = "fr"
    /// IANA time zone of the books ("today" is computed there).
    public var timeZone: String = "Europe/Paris"
    public var currency: Currency = .EUR
    /// Default payment terms in days.
    public var terms: Int = 30
    /// Legal mentions printed in the letters' footer.
    public var legal: [String] = []
    /// Signature lines (default: the company name).
    public var signature: [String] = []
    /// Domain used in Message-IDs (default: the domain of `email`).
    public var mailDomain: String?

    public init(name: String) { self.name = name }
}

/// A department (service) of the company with its own identity and templates (seed: multi-départements).
public struct Department: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var address: [String] = []
    public var email: String?
    public var phone: String?
    public var signature: [String] = []
    /// Folder, relative to the books root, whose templates override the books' templates.
    public var templates: String?
}

/// The author of relance's commits, when it should not come from git's config.
public struct GitIdentity: Sendable, Equatable {
    public var name: String
    public var email: String
}

/// Everything `relance.toml` says.
public struct RelanceConfig: Sendable {
    public var company: Company
    public var dunning: DunningPolicy
    public var departments: [String: Department]
    public var git: GitIdentity?
    public var smtp: SMTPSettings?
    /// `[import.csv.NAME]`: how to read each bank's CSV statement, by name.
    public var csvImports: [String: CSVImportProfile] = [:]
    /// Delivery through a local command instead of SMTP (exactly one of the two).
    public var sendmail: SendmailSettings?
    /// `[export]`: the accounts of `relance export`.
    public var export = ExportSettings()
    /// `[hooks]`: what the pre-commit check (`check --staged`) refuses.
    public var hooks = HookSettings()
    /// `[git] sign` and `signing_key`: relance's commits signed with an SSH key.
    public var signing = CommitSigning()

    public init(company: Company, dunning: DunningPolicy = .french, departments: [String: Department] = [:],
                git: GitIdentity? = nil, smtp: SMTPSettings? = nil, sendmail: SendmailSettings? = nil) {
        self.company = company
        self.dunning = dunning
        self.departments = departments
        self.git = git
        self.smtp = smtp
        self.sendmail = sendmail
    }
}

/// `[git] sign = true`: relance signs its commits with an SSH key (as git does with `gpg.format = ssh`).
public struct CommitSigning: Sendable, Equatable {
    public var sign = false
    /// The key file (private, or public with the private key in ssh-agent); nil: git's `user.signingkey`.
    public var key: String?

    public init(sign: Bool = false, key: String? = nil) {
        self.sign = sign
        self.key = key
    }
}

/// `[hooks]` of relance.toml.
public struct HookSettings: Sendable, Equatable {
    /// Refuse a commit while an invoice is overdue (default: overdue invoices are only listed).
    public var blockOnOverdue = false

    public init(blockOnOverdue: Bool = false) { self.blockOnOverdue = blockOnOverdue }
}

/// How to reach the outgoing mail server (the password is never in the file).
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var security: String
    public var username: String?
    public var passwordEnv: String?
    public var passwordCommand: String?
    /// Extra certificates to trust (a PEM file, relative to the books root or absolute).
    public var caFile: String?
    /// Seconds to wait for the connection and for each reply.
    public var timeout: Int = 30
    /// A copy of each reminder to the sender, in the envelope only.
    public var bccSelf: Bool = false
}

/// Delivery through a local command (`/usr/sbin/sendmail -t -i`, `msmtp -t`): the message on its standard input.
public struct SendmailSettings: Sendable, Equatable {
    public var command: String
    /// A copy of each reminder to the sender, in the envelope only.
    public var bccSelf: Bool = false

    public init(command: String, bccSelf: Bool = false) {
        self.command = command
        self.bccSelf = bccSelf
    }
}
