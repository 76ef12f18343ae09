/// Which envelopes of a layer meet each other: the candidate pairs of a self-join (parcels
/// that may overlap), before any exact test.
///
/// The layer's ``EnvelopeGrid`` (cells about twice the median envelope, counted into place)
/// lists each envelope in the cells it covers; a pair is reported only from the cell holding
/// the lower-left corner of the two envelopes' intersection, so each pair comes once, and the
/// cells are worked through on every core. Linear in the envelopes for a layer of
/// similar-sized parcels (a sort-and-sweep along x looks at a whole column of the city for
/// each parcel: n·√n). Envelopes much larger than the cells look up the small ones in the
/// cells they cover, and are joined among themselves the same way, on a grid sized for them.
public enum EnvelopeJoin {
    /// Pairs (i, j), i < j, of non-nil envelopes that share at least a point, sorted.
    public static func pairs(_ envelopes: [Envelope?]) -> [(Int, Int)] {
        EnvelopeGrid(envelopes).pairs()
    }
}
