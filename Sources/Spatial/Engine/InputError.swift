/// An error in what a user gave LandControl — a layer file, a CRS, a rules file, an option's
/// value — whose message already names the file and, where known, the line, column, feature
/// or key. The command line reports it in one line and exits with code 2.
public protocol InputError: Error, CustomStringConvertible {}

extension ReadError: InputError {}
extension SpatialError: InputError {}
