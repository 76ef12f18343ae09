import ArgumentParser
import Foundation
import LandControl
import Spatial

// Help texts in the language of --lang or the locale, chosen before ArgumentParser reads them.
HelpText.language = HelpText.language(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)

// Exit codes are ours (0 ok, 1 findings, 2 usage or input error), not ArgumentParser's 64.
do {
    var command = try LandCtl.parseAsRoot()
    try command.run()
} catch let code as ExitCode {
    exit(code.rawValue)
} catch let error as InputError {
    // Input errors: the message names the file (and line, feature or key) already.
    // Messages quote input (ids, header cells, YAML lines): controls are shown as escapes.
    // At most 4,000 characters: each reader bounds what it quotes, this bounds the sum.
    FileHandle.standardError.write(Data("landctl: error: \(DisplayText.excerpt("\(error)", limit: 4000))\n".utf8))
    exit(2)
} catch {
    let code = LandCtl.exitCode(for: error)
    let message = LandCtl.fullMessage(for: error)
    if code == .success {
        print(message)
        exit(0)
    }
    FileHandle.standardError.write(Data(DisplayText.excerpt(message.isEmpty ? "\(error)" : message, limit: 4000).utf8 + [0x0A]))
    exit(2)
}
