//! The pages' translations: the `report` domain of the message table ([`branchlens_i18n`],
//! `crates/i18n/messages/report/`) as the templates' `t` value, and the message of every code
//! the pages name (tiers, levels, classes, …), as exhaustive matches so that a missing label is
//! a compile error.
//!
//! Templates read the texts as `t.<key>`; a key missing from the table is a rendering error
//! (strict undefined), never an empty string, and a test checks every `t.<key>` of the embedded
//! templates. Texts may hold `{name}` placeholders that the page code fills in; the methodology
//! texts hold `{section.key}` placeholders filled from the configuration in force.

use std::fmt::Display;

use branchlens_core::config::Lang;
use branchlens_core::metrics::customer::{RiskClass, Tier, TierState, WarningLevel};
use branchlens_core::{Kind, LoanClass, Status};
use branchlens_i18n::{Domain, Msg};
use minijinja::Value;

/// The translations of one language.
#[derive(Clone, Debug)]
pub struct I18n {
    lang: Lang,
    value: Value,
}

impl I18n {
    pub fn new(lang: Lang) -> I18n {
        let value = Value::from_iter(Domain::Report.messages().iter().map(|m| (m.key(), m.text(lang))));
        I18n { lang, value }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The text of `m` (see [`I18n::fill`] for a text with placeholders).
    pub fn text(&self, m: Msg) -> &'static str {
        m.text(self.lang)
    }

    /// The text of `m` with its `{name}` placeholders filled in.
    pub fn fill(&self, m: Msg, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, &dyn Display)> = args.iter().map(|(k, v)| (*k, v as &dyn Display)).collect();
        m.fill(self.lang, &args)
    }

    /// The report domain as a template value (`t`).
    pub fn value(&self) -> Value {
        self.value.clone()
    }
}

pub fn tier(t: Tier) -> Msg {
    match t {
        Tier::Vip => Msg::TierVip,
        Tier::Key => Msg::TierKey,
        Tier::Ordinary => Msg::TierOrdinary,
        Tier::BelowCost => Msg::TierBelowCost,
    }
}

pub fn level(l: WarningLevel) -> Msg {
    match l {
        WarningLevel::None => Msg::LevelNone,
        WarningLevel::Yellow => Msg::LevelYellow,
        WarningLevel::Orange => Msg::LevelOrange,
        WarningLevel::Red => Msg::LevelRed,
    }
}

pub fn risk(r: RiskClass) -> Msg {
    match r {
        RiskClass::Normal => Msg::RiskNormal,
        RiskClass::Watch => Msg::RiskWatch,
        RiskClass::Doubtful => Msg::RiskDoubtful,
        RiskClass::Exit => Msg::RiskExit,
    }
}

pub fn kind(k: Kind) -> Msg {
    match k {
        Kind::Retail => Msg::KindRetail,
        Kind::Corporate => Msg::KindCorporate,
    }
}

pub fn class(c: LoanClass) -> Msg {
    match c {
        LoanClass::Normal => Msg::ClassNormal,
        LoanClass::Special => Msg::ClassSpecial,
        LoanClass::Substandard => Msg::ClassSubstandard,
        LoanClass::Doubtful => Msg::ClassDoubtful,
        LoanClass::Loss => Msg::ClassLoss,
    }
}

pub fn status(s: Status) -> Msg {
    match s {
        Status::Active => Msg::StatusActive,
        Status::Left => Msg::StatusLeft,
    }
}

pub fn tier_state(s: TierState) -> Msg {
    match s {
        TierState::New => Msg::StateNew,
        TierState::Vip => Msg::StateVip,
        TierState::Key => Msg::StateKey,
        TierState::Ordinary => Msg::StateOrdinary,
        TierState::BelowCost => Msg::StateBelowCost,
        TierState::Lost => Msg::StateLost,
    }
}

/// The name of a GB/T 4754 industry section (`A`..=`T`, the letters the loader accepts).
pub fn industry(letter: char) -> Option<Msg> {
    Some(match letter.to_ascii_uppercase() {
        'A' => Msg::IndustryA,
        'B' => Msg::IndustryB,
        'C' => Msg::IndustryC,
        'D' => Msg::IndustryD,
        'E' => Msg::IndustryE,
        'F' => Msg::IndustryF,
        'G' => Msg::IndustryG,
        'H' => Msg::IndustryH,
        'I' => Msg::IndustryI,
        'J' => Msg::IndustryJ,
        'K' => Msg::IndustryK,
        'L' => Msg::IndustryL,
        'M' => Msg::IndustryM,
        'N' => Msg::IndustryN,
        'O' => Msg::IndustryO,
        'P' => Msg::IndustryP,
        'Q' => Msg::IndustryQ,
        'R' => Msg::IndustryR,
        'S' => Msg::IndustryS,
        'T' => Msg::IndustryT,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every `t.<key>` in the embedded templates is a message of the report domain (templates
    /// are data read at run time, so this stays a test).
    #[test]
    fn every_key_the_templates_use_exists() {
        let known: BTreeSet<&str> = Domain::Report.messages().iter().map(|m| m.key()).collect();
        let mut missing = BTreeSet::new();
        for (name, src) in crate::site::EMBEDDED {
            let b = src.as_bytes();
            for (i, _) in src.match_indices("t.") {
                if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.') {
                    continue;
                }
                let key: String = src[i + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !key.is_empty() && !known.contains(key.as_str()) {
                    missing.insert(format!("{name}: {key}"));
                }
            }
        }
        assert!(missing.is_empty(), "missing keys: {missing:?}");
    }

    #[test]
    fn methodology_placeholders_name_config_keys() {
        let cfg = crate::pages::methodology::flatten_config(&branchlens_core::config::Config::default());
        for (_, title, paragraphs) in crate::pages::methodology::DEFINITIONS {
            for m in std::iter::once(&title).chain(paragraphs) {
                for hole in m.holes() {
                    assert!(cfg.contains_key(*hole), "{}: {{{hole}}} is not a configuration key", m.key());
                }
            }
        }
    }

    #[test]
    fn every_industry_section_has_a_name() {
        for c in 'A'..='T' {
            assert!(industry(c).is_some(), "{c}");
        }
        assert_eq!(industry('a'), Some(Msg::IndustryA));
        assert_eq!(industry('U'), None);
    }
}
