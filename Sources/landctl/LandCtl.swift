import ArgumentParser
import Foundation
import LandControl
import Spatial

/// `landctl`: industrial-land spatial control (三区一线) from the command line.
struct LandCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landctl",
        abstract: "Industrial-land spatial control (三区一线): zones, parcels, grants, areas.",
        discussion: """
        Exit codes: 0 done, nothing to report; 1 done, with findings (invalid or unusable \
        features for info, rule violations for the checking commands); 2 usage or input error.
        """,
        version: "0.1.0",
        subcommands: [Info.self, Classify.self, Validate.self, Idle.self, Retrofit.self, Convert.self, RulesCommand.self]
    )
}
