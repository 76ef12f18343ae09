import ArgumentParser
import Foundation
import LandControl
import Spatial

/// `landctl`: industrial-land spatial control (三区一线) from the command line.
struct LandCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landctl",
        abstract: HelpText.string("landctl.abstract"),
        discussion: HelpText.string("landctl.discussion"),
        version: "0.1.0",
        subcommands: [Info.self, Classify.self, Validate.self, Idle.self, Retrofit.self, Convert.self, RulesCommand.self]
    )
}
