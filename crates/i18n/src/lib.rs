//! Every text Branchlens shows, in English and Chinese (zh-CN): one typed key table.
//!
//! The texts live as data in `messages/<domain>.toml` (or `messages/<domain>/*.toml`), one
//! table per message:
//!
//! ```toml
//! [card_aum]
//! en = "AUM"
//! zh-CN = "金融资产"
//! ```
//!
//! The build script turns them into [`Msg`], one variant per message (`card_aum` →
//! [`Msg::CardAum`]), so a message that does not exist is a compile error, and it fails the
//! build when a message lacks a language, has an empty text, has the same text in both
//! languages, or has placeholders that differ between them. Placeholders are `{name}` holes
//! (`{tiers.vip_share}` in the methodology texts); [`Msg::fill`] fills them and checks, in
//! debug builds, that the holes given are exactly the message's.
//!
//! Domains ([`Domain`]) group the messages by who shows them: `load`, `config` and `calibrate`
//! (the core's errors), `cli`, `report` (the pages; the templates read them as `t.<key>`),
//! `explorer` (the in-page explorer's script, which gets the table of its page's language) and
//! `wasm` (the explorer module's errors and call list). No dependencies; builds for wasm32.

use std::fmt;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// A language of the messages and the reports. TOML and BCP 47 spellings `"en"` and `"zh-CN"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// English (`"en"`).
    #[default]
    En,
    /// Simplified Chinese (`"zh-CN"`).
    ZhCn,
}

impl Lang {
    /// Every language, in the order of [`Lang::CHOICES`].
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];
    /// The TOML spellings, in the order of [`Lang::ALL`].
    pub const CHOICES: [&'static str; 2] = ["en", "zh-CN"];

    /// The TOML spelling (also a BCP 47 language tag): `"en"` or `"zh-CN"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language of a TOML spelling (exactly one of [`Lang::CHOICES`]).
    pub fn parse(s: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Msg {
    /// The stable string key (the table name in `messages/`, `t.<key>` in the templates).
    pub fn key(self) -> &'static str {
        KEYS[self.index()]
    }

    /// The message whose key is `key`.
    pub fn from_key(key: &str) -> Option<Msg> {
        BY_KEY.binary_search_by(|m| m.key().cmp(key)).ok().map(|i| BY_KEY[i])
    }

    /// The domain (file or folder of `messages/`) the message is in.
    pub fn domain(self) -> Domain {
        DOMAINS[self.index()]
    }

    /// The text in `lang`, with its `{holes}` as written (see [`Msg::fill`] for a message that
    /// has holes).
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => EN[self.index()],
            Lang::ZhCn => ZH_CN[self.index()],
        }
    }

    /// The names of the message's `{holes}`, in order of first appearance (the same in both
    /// languages, checked by the build).
    pub fn holes(self) -> &'static [&'static str] {
        HOLES[self.index()]
    }

    /// The text in `lang` with each `{name}` hole replaced by the value given for `name`.
    ///
    /// In debug builds, giving a name that is not a hole of the message, or leaving a hole
    /// without a value, panics (a release build leaves such a hole as written).
    pub fn fill(self, lang: Lang, args: &[(&str, &dyn fmt::Display)]) -> String {
        debug_assert!(
            args.iter().all(|(name, _)| self.holes().contains(name)),
            "{}: no hole {:?} (holes: {:?})",
            self.key(),
            args.iter().map(|(n, _)| *n).find(|n| !self.holes().contains(n)).unwrap_or_default(),
            self.holes()
        );
        self.fill_with(lang, |name| args.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    /// The text in `lang` with each `{name}` hole replaced by `value(name)`: for holes filled
    /// from a lookup (the methodology's `{section.key}` from the configuration in force).
    ///
    /// In debug builds a hole for which `value` gives `None` panics.
    pub fn fill_with(self, lang: Lang, mut value: impl FnMut(&str) -> Option<String>) -> String {
        let text = self.text(lang);
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text;
        // The build checked the braces: each `{` opens a hole closed by the next `}`.
        while let Some(i) = rest.find('{') {
            let Some(len) = rest[i + 1..].find('}') else { break };
            let name = &rest[i + 1..i + 1 + len];
            out.push_str(&rest[..i]);
            match value(name) {
                Some(v) => out.push_str(&v),
                None => {
                    debug_assert!(false, "{}: hole {{{name}}} left unfilled", self.key());
                    out.push_str(&rest[i..i + len + 2]);
                }
            }
            rest = &rest[i + len + 2..];
        }
        out.push_str(rest);
        out
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests;
