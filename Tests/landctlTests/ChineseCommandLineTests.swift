import Foundation
import Testing
import TestSupport

/// Issue 18, item 9 from the command line: --help in the language of --lang or the locale,
/// --headers zh for Chinese CSV headers.
@Suite("landctl in Chinese")
struct ChineseCommandLineTests {
    static let commands = ["info", "classify", "validate", "idle", "retrofit", "convert", "rules"]

    /// landctl with the locale set (LC_ALL and LC_MESSAGES cleared, so LANG decides).
    func withLocale(_ lang: String, _ arguments: [String]) throws -> LandCtl.Result {
        try LandCtl.spawn("/usr/bin/env", ["-u", "LC_ALL", "-u", "LC_MESSAGES", "LANG=\(lang)", LandCtl.binary.path] + arguments)
    }

    @Test("--help speaks Chinese with --lang zh or a zh locale, English otherwise; every option has both texts")
    func help() throws {
        let zh = try LandCtl.run(["classify", "--help", "--lang", "zh"])
        #expect(zh.status == 0 && zh.stdout.contains("逐宗地块的三区一线分区与分区冲突清单。") && zh.stdout.contains("分区图层（三区一线四类）。"))
        let locale = try withLocale("zh_CN.UTF-8", ["validate", "--help"])
        #expect(locale.stdout.contains("标准地准入审查") && locale.stdout.contains("三区三线图层"), "\(locale.stdout.prefix(300))")
        let english = try withLocale("C.UTF-8", ["classify", "--help"])
        #expect(english.stdout.contains("The zone layer (the four kinds of 三区一线).") && !english.stdout.contains("分区图层（"))
        #expect(try withLocale("zh_CN.UTF-8", ["classify", "--help", "--lang", "en"]).stdout.contains("The parcel layer."))
        // The same options in both languages, and no English option text left in the Chinese help.
        for command in Self.commands {
            let en = try LandCtl.run([command, "--help", "--lang", "en"]).stdout, zh = try LandCtl.run([command, "--help", "--lang", "zh"]).stdout
            func options(_ s: String) -> [String] { s.split(separator: "\n").compactMap { $0.hasPrefix("  -") ? String($0.split(separator: " ").first!) : nil } }
            #expect(options(en) == options(zh) && !options(en).isEmpty, "\(command)")
            #expect(en != zh, "\(command)")
            for sentence in ["Output folder", "Rules file", "CRS of the", "Text encoding", "The layer to read",
                             "Do not write", "With --out-db", "region layer", "For a database layer"] {
                #expect(!zh.contains(sentence), "\(command): '\(sentence)' in the Chinese help")
            }
        }
    }

    @Test("--headers zh names LandControl's CSV columns in Chinese; the default keeps the English codes")
    func headers() throws {
        let base = ["validate", "--proposals", LandCtl.repo("shapes/proposals.geojson"), "--zones", LandCtl.repo("shapes/zones.geojson")]
        let zhOut = TemporaryFolder.untilExit(prefix: "lc-zh") + "/out", enOut = TemporaryFolder.untilExit(prefix: "lc-en") + "/out"
        _ = try LandCtl.run(base + ["--out", zhOut, "--headers", "zh"])
        _ = try LandCtl.run(base + ["--out", enOut])
        let zh = LandCtl.readText(zhOut + "/verdicts.csv").split(separator: "\r\n").first.map(String.init) ?? ""
        let en = LandCtl.readText(enOut + "/verdicts.csv").split(separator: "\r\n").first.map(String.init) ?? ""
        #expect(zh.hasPrefix("\u{FEFF}编号,结论,不符合项,图形_比较,图形_要求值,图形_实际值,图形_结果,申报用地面积_比较"), "\(zh.prefix(120))")
        #expect(zh.contains(",容积率下限_要求值,") && zh.contains(",industry_code,")) // the proposals' own columns keep their names
        #expect(en.hasPrefix("\u{FEFF}id,verdict,failed_checks,geometry_op,geometry_required,geometry_actual,geometry_result,area_declared_op"))
        let bad = try LandCtl.run(base + ["--out", zhOut, "--headers", "fr"])
        #expect(bad.status == 2 && bad.stderr.contains("--headers"))
    }

    @Test("report.html in Chinese names the map's CRS in Chinese (2000国家大地坐标系 / 3度带高斯-克吕格), not PROJ's English name")
    func reportCRS() throws {
        let out = TemporaryFolder.untilExit(prefix: "lc-zh-report") + "/out"
        let r = try LandCtl.run(["classify", "--zones", LandCtl.repo("shapes/zones.geojson"), "--parcels", LandCtl.repo("shapes/parcels.geojson"),
                                 "--out", out, "--no-xlsx"])
        #expect(r.status == 1, "\(r.stderr)")
        let page = LandCtl.readText(out + "/report.html")
        #expect(page.contains("EPSG:4550（2000国家大地坐标系 / 3度带高斯-克吕格 123°E）"))
        #expect(!page.contains("Gauss-Kruger"))
    }
}
