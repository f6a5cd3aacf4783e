//! The table's API: keys, texts, holes and the checked filler (with every domain compiled in:
//! the crate's default features).

use super::*;

#[test]
fn every_message_has_a_unique_key_and_both_texts() {
    let mut keys: Vec<&str> = Msg::ALL.iter().map(|m| m.key()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), Msg::ALL.len());
    for &m in Msg::ALL {
        assert_eq!(Msg::from_key(m.key()), Some(m));
        for lang in Lang::ALL {
            assert!(!m.text(lang).trim().is_empty(), "{}: empty {lang} text", m.key());
        }
        assert_ne!(m.text(Lang::En), m.text(Lang::ZhCn), "{}", m.key());
    }
    assert_eq!(Msg::from_key("no_such_message"), None);
}

#[test]
fn domains_slice_the_table_in_order() {
    let mut all: Vec<Msg> = Vec::new();
    for &d in Domain::ALL {
        assert!(!d.messages().is_empty(), "{d} is empty");
        assert!(d.messages().iter().all(|m| m.domain() == d), "{d}");
        assert!(d.messages().windows(2).all(|w| w[0].key() < w[1].key()), "{d} not in key order");
        all.extend(d.messages());
    }
    assert_eq!(all, Msg::ALL);
    let names: Vec<&str> = Domain::ALL.iter().map(|d| d.name()).collect();
    assert_eq!(names, ["calibrate", "cli", "common", "config", "explorer", "load", "report", "wasm"]);
}

#[test]
fn keys_are_the_variants_in_snake_case() {
    assert_eq!(Msg::CardAum.key(), "card_aum");
    assert_eq!(Msg::DefTiers1.key(), "def_tiers_1");
    assert_eq!(Msg::CardAum.domain(), Domain::Report);
    assert_eq!(Msg::CardAum.text(Lang::En), "AUM");
    assert_eq!(Msg::CardAum.text(Lang::ZhCn), "金融资产");
}

#[test]
fn holes_are_the_same_in_both_languages() {
    assert_eq!(Msg::RowAtColumn.holes(), ["file", "line", "column"]);
    assert_eq!(Msg::CardAum.holes(), [] as [&str; 0]);
    for &m in Msg::ALL {
        for lang in Lang::ALL {
            let text = m.text(lang);
            for h in m.holes() {
                assert!(text.contains(&format!("{{{h}}}")), "{}: {lang} lacks {{{h}}}", m.key());
            }
        }
    }
}

#[test]
fn fill_replaces_each_hole_once_in_a_single_pass() {
    let m = Msg::RowAtColumn;
    assert_eq!(
        m.fill(Lang::En, &[("file", &"customers.csv"), ("line", &7), ("column", &"kind")]),
        "customers.csv:7 [kind]"
    );
    assert_eq!(m.fill(Lang::ZhCn, &[("column", &"kind"), ("line", &7), ("file", &"c.csv")]), "c.csv 第 7 行 [kind]");
    // A value that looks like a hole is not filled again.
    assert_eq!(Msg::RowAt.fill(Lang::En, &[("file", &"{line}"), ("line", &1)]), "{line}:1");
    assert_eq!(Msg::CardAum.fill(Lang::En, &[]), "AUM");
}

#[test]
fn fill_with_takes_holes_from_a_lookup() {
    let got = Msg::RowAt.fill_with(Lang::En, |h| Some(h.to_uppercase()));
    assert_eq!(got, "FILE:LINE");
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "row_at: no hole \"colum\"")]
fn filling_a_hole_that_does_not_exist_panics_in_debug_builds() {
    let _ = Msg::RowAt.fill(Lang::En, &[("file", &"c.csv"), ("line", &1), ("colum", &"kind")]);
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "row_at: hole {line} left unfilled")]
fn leaving_a_hole_unfilled_panics_in_debug_builds() {
    let _ = Msg::RowAt.fill(Lang::En, &[("file", &"c.csv")]);
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "left unfilled")]
fn a_lookup_without_a_value_panics_in_debug_builds() {
    let _ = Msg::RowAt.fill_with(Lang::ZhCn, |h| (h == "file").then(|| "c.csv".to_string()));
}

#[test]
fn lang_spellings_round_trip() {
    for l in Lang::ALL {
        assert_eq!(Lang::parse(l.as_str()), Some(l));
        assert_eq!(l.to_string(), l.as_str());
    }
    assert_eq!(Lang::parse("zh"), None);
    assert_eq!(Lang::default(), Lang::En);
}
