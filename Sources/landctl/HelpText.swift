import ArgumentParser
import Foundation
import LandControl

/// The help texts of `landctl`, one table per language (HelpText+en.swift, HelpText+zh.swift).
/// ArgumentParser reads help strings as it builds each command's definition, so the language
/// is settled once in main.swift, before parsing: `--lang` when given, else the locale
/// (LC_ALL, LC_MESSAGES, LANG starting with `zh`), else English.
enum HelpText {
    /// Set once at start-up, before any command is parsed, and only read afterwards.
    nonisolated(unsafe) static var language = ReportLanguage.en

    static func string(_ key: String) -> String {
        (language == .zh ? zh[key] : nil) ?? en[key] ?? key
    }

    static func help(_ key: String) -> ArgumentHelp { ArgumentHelp(string(key)) }

    /// The language `--help` speaks for these arguments and this environment.
    static func language(arguments: [String], environment: [String: String]) -> ReportLanguage {
        for (k, a) in arguments.enumerated() {
            if a == "--lang", k + 1 < arguments.count, let l = ReportLanguage(rawValue: arguments[k + 1]) { return l }
            if a.hasPrefix("--lang="), let l = ReportLanguage(rawValue: String(a.dropFirst(7))) { return l }
        }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = environment[name], !v.isEmpty { return v.lowercased().hasPrefix("zh") ? .zh : .en }
        }
        return .en
    }
}
