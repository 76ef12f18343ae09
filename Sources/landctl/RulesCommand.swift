import ArgumentParser
import Foundation
import LandControl
import Spatial

extension LandCtl {
    /// `landctl rules`.
    struct RulesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: "Print the default rules file, or check one.",
            discussion: "landctl rules --print-defaults > city-rules.yaml; edit; landctl rules --check city-rules.yaml"
        )

        @Flag(name: .customLong("print-defaults"), help: "Print every threshold with its default and source, as a rules file.")
        var printDefaults = false

        @Option(help: "Check a rules file: exit 0 when it reads, 2 with the line and key when it does not.")
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
