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
        Exit codes, the same for every command: 0 done, nothing to report; 1 done, with findings \
        (any input feature unusable or without geometry, invalid geometries for info and convert, \
        and each command's own findings); 2 usage or input error.
        """,
        version: "0.1.0",
        subcommands: [Info.self, Classify.self, Validate.self, Idle.self, Retrofit.self, Evaluate.self, Convert.self, RulesCommand.self]
    )
}
