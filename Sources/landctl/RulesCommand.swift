import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl rules`.
    struct RulesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: HelpText.string("rules.abstract"),
            discussion: HelpText.string("rules.discussion")
        )

        @Flag(name: .customLong("print-defaults"), help: HelpText.help("rules.printDefaults"))
        var printDefaults = false

        @Option(help: HelpText.help("rules.check"))
        var check: String?

        func validate() throws {
            if printDefaults == (check != nil) { throw ValidationError("give either --print-defaults or --check FILE") }
        }

        func run() throws {
            if printDefaults {
                print(Rules.defaultsYAML, terminator: "")
            } else if let check {
                _ = try Rules.load(path: check)
                print("\(check): ok")
            }
        }
    }
}
