// The relance program: the command line lives in RelanceCommands; this file gives it the real process
// (working directory, environment, terminal, clock) and the web screen of `relance serve`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RelanceCommands

exit(RelanceCommandLine.run(Array(CommandLine.arguments.dropFirst()), context: .live(), serve: serve))
