import Spatial

/// The one id rule of every command and every output. A feature's id is the value of its
/// id attribute — the option naming it (`--id-field`, `--zone-id-field`,
/// `--building-id-field`), else the first of the known names the layer carries
/// (``KnownField/id``: `id`, `parcel_id`, `宗地编号`, `宗地代码`, `地块编号`, `项目编号`, `PID`,
/// `fid`, `proposal_id`; zones and buildings their own lists) — when it is not empty; else
/// the feature's own id (GeoJSON `id`, a GeoPackage's key); else its 1-based position.
public enum FeatureIdentity {
    /// The attribute that gives the features of a layer their ids: `given` (which some
    /// feature must carry), else the first of `kind`'s names the layer has; nil when none.
    public static func field(given: String?, kind: KnownField = .id, in features: [Feature], file: String) throws -> String? {
        if let given { return try Classifier.checkField(given, features, file: file) }
        return Classifier.findField(features, kind.aliases)
    }

    /// One feature's id under the rule.
    @inline(__always) public static func id(of f: Feature, field: String?) -> String {
        withUnsafePointer(to: f) { id(of: $0, field: field) }
    }

    /// The same, read in place (the feature is not copied: a copy retains every field).
    @inline(__always) public static func id(of f: UnsafePointer<Feature>, field: String?) -> String {
        if let field, let v = f.pointee.properties[field], !v.isNull {
            let t = v.text
            if !t.isEmpty { return t }
        }
        if let own = f.pointee.id, !own.isEmpty { return own }
        return "\(f.pointee.index)"
    }

    /// How a summary names the rule used: the attribute, or "feature id / index".
    public static func describe(_ field: String?, _ language: ReportLanguage) -> String {
        field ?? (language == .zh ? "要素 id / 序号" : "feature id / index")
    }
}
