//! The proposal as the `[input.*]` sections of a `branchlens.toml`, in the shape of
//! docs/data-contract.md, each line with a comment in the run's language.

use std::fmt::Write as _;

use branchlens_i18n::{Lang, Msg};

use crate::model::AmountUnit;

use super::{table_key, EncodingProposal, Found, How, Proposal, TableProposal, UnitProposal, ValueNote, SAMPLE_ROWS};

/// Values listed in a comment, at most.
const LISTED: usize = 6;

/// `s` as a TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment text on one line: control characters (a header with a newline) as spaces.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Up to [`LISTED`] items joined, `…` when there are more.
fn list(items: &[String], lang: Lang) -> String {
    let mut v: Vec<String> = items.iter().take(LISTED).map(|s| one_line(s)).collect();
    if items.len() > LISTED {
        v.push("…".into());
    }
    v.join(Msg::ListSeparator.text(lang))
}

/// The columns `s` takes in a terminal or an editor: CJK and full-width characters take two.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if ('\u{2E80}'..='\u{FFEF}').contains(&c) { 2 } else { 1 }).sum()
}

/// `line` padded to `width` columns ([`display_width`]), then `# comment`.
fn with_comment(line: &str, width: usize, comment: &str) -> String {
    let pad = width.saturating_sub(display_width(line)).max(1);
    format!("{line}{}# {}\n", " ".repeat(pad), one_line(comment))
}

/// `# text`, one comment line per line of `text`.
fn comment_lines(text: &str) -> String {
    text.lines().map(|l| format!("# {l}\n").replace("#  \n", "#\n")).collect()
}

impl Proposal {
    /// The `[input.*]` sections as TOML text with comments in `lang`; `dir` names the data
    /// directory in the first comment.
    pub fn render(&self, dir: &str, lang: Lang) -> String {
        let mut out = comment_lines(&Msg::ProposeIntro.fill(lang, &[("dir", &dir), ("rows", &SAMPLE_ROWS)]));
        if !self.unrecognised.is_empty() {
            out.push_str(&comment_lines(
                &Msg::ProposeUnrecognised.fill(lang, &[("files", &list(&self.unrecognised, lang))]),
            ));
        }
        for t in &self.tables {
            out.push('\n');
            render_table(&mut out, t, lang);
        }
        for t in &self.missing {
            out.push('\n');
            out.push_str(&comment_lines(&Msg::ProposeMissingTable.fill(lang, &[("file", t)])));
            let _ = writeln!(out, "# [input.{}]\n# files = [\"…\"]", table_key(*t));
        }
        out
    }
}

/// One `[input.<table>]` section and its `columns` table.
fn render_table(out: &mut String, t: &TableProposal, lang: Lang) {
    let key = table_key(t.table);
    out.push_str(&comment_lines(
        &Msg::ProposeTableFiles.fill(lang, &[("table", &t.table), ("files", &list(&t.matched, lang))]),
    ));
    let _ = writeln!(out, "[input.{key}]");
    let files: Vec<String> = t.files.iter().map(|f| quoted(f)).collect();
    let _ = writeln!(out, "files = [{}]", files.join(", "));
    const W: usize = 24;
    if let Some(s) = &t.sheet {
        out.push_str(&with_comment(&format!("sheet = {}", quoted(s)), W, Msg::ProposeSheet.text(lang)));
    }
    if !t.sheet_differs.is_empty() {
        out.push_str(&comment_lines(&Msg::ProposeSheetDiffers.fill(lang, &[("files", &list(&t.sheet_differs, lang))])));
    }
    match t.encoding {
        EncodingProposal::Default => {}
        EncodingProposal::Gbk => {
            out.push_str(&with_comment("encoding = \"gbk\"", W, Msg::ProposeEncodingGbk.text(lang)))
        }
        EncodingProposal::Mixed => out.push_str(&comment_lines(Msg::ProposeEncodingMixed.text(lang))),
    }
    match &t.amount_unit {
        UnitProposal::Yuan => {}
        UnitProposal::YuanFromHeaders => out.push_str(&comment_lines(Msg::ProposeUnitYuanHeaders.text(lang))),
        UnitProposal::WanFromHeaders(h) => out.push_str(&with_comment(
            "amount_unit = \"wan\"",
            W,
            &Msg::ProposeUnitHeaders.fill(lang, &[("headers", &list(h, lang))]),
        )),
        UnitProposal::WanFromValues { fine, total } => out.push_str(&with_comment(
            "amount_unit = \"wan\"",
            W,
            &Msg::ProposeUnitValues.fill(lang, &[("fine", fine), ("total", total)]),
        )),
        UnitProposal::Mixed(h) => {
            let none = Msg::ProposeUnitNone.text(lang);
            let units: Vec<String> = h
                .iter()
                .map(|(h, u)| format!("{h}: {}", u.map_or(none, |u| if u == AmountUnit::Wan { "万元" } else { "元" })))
                .collect();
            out.push_str(&comment_lines(&Msg::ProposeUnitMixed.fill(lang, &[("headers", &list(&units, lang))])));
        }
    }
    match &t.period_from_names {
        Some(Some((first, last))) if first == last => {
            out.push_str(&comment_lines(&Msg::ProposePeriodFromName.fill(lang, &[("period", first)])))
        }
        Some(Some((first, last))) => {
            out.push_str(&comment_lines(&Msg::ProposePeriodFromNames.fill(lang, &[("first", first), ("last", last)])))
        }
        Some(None) => out.push_str(&comment_lines(&format!("TODO {}", Msg::ProposePeriodTodo.text(lang)))),
        None => {}
    }
    let _ = writeln!(out, "[input.{key}.columns]");
    let lines: Vec<(String, String)> = t.columns.iter().filter_map(|c| column_line(c, lang)).collect();
    let width = lines.iter().map(|(l, _)| display_width(l)).max().unwrap_or(0) + 2;
    for (line, comment) in &lines {
        out.push_str(&with_comment(line, width, comment));
    }
    let absent: Vec<String> = t
        .columns
        .iter()
        .filter(|c| !c.required && matches!(c.found, Found::Missing { .. }))
        .map(|c| c.column.to_string())
        .collect();
    if !absent.is_empty() {
        out.push_str(&comment_lines(&Msg::ProposeAbsent.fill(lang, &[("columns", &absent.join(", "))])));
    }
    if !t.ignored.is_empty() {
        out.push_str(&comment_lines(&Msg::ProposeIgnored.fill(lang, &[("headers", &list(&t.ignored, lang))])));
    }
}

/// The `column = "header"` line (or `# TODO column = "…"`) and its comment; `None` for an
/// absent optional column (listed together).
fn column_line(c: &super::ColumnProposal, lang: Lang) -> Option<(String, String)> {
    match &c.found {
        Found::Header { header, how, unit, values, missing_in } => {
            let mut parts = vec![match how {
                How::Name => Msg::ProposeSureName.text(lang).to_string(),
                How::Alias => Msg::ProposeSureAlias.text(lang).to_string(),
                How::Synonym => Msg::ProposeSureSynonym.fill(lang, &[("column", &c.column)]),
                How::Similar(s) => Msg::ProposeGuess.fill(lang, &[("score", &format!("{s:.2}"))]),
            }];
            if let Some(u) = unit {
                let u = if *u == AmountUnit::Wan { "万元" } else { "元" };
                parts.push(Msg::ProposeUnitSuffix.fill(lang, &[("unit", &u)]));
            }
            match values {
                ValueNote::Nothing => {}
                ValueNote::Fit { total } => parts.push(Msg::ProposeValuesFit.fill(lang, &[("total", total)])),
                ValueNote::Misfit { bad, total, example } => parts.push(
                    Msg::ProposeValuesMisfit
                        .fill(lang, &[("bad", bad), ("total", total), ("example", &one_line(example))]),
                ),
                ValueNote::Seen(v) => parts.push(Msg::ProposeValuesSeen.fill(lang, &[("values", &list(v, lang))])),
            }
            if !missing_in.is_empty() {
                parts.push(Msg::ProposeMissingIn.fill(lang, &[("files", &list(missing_in, lang))]));
            }
            let sep = if lang == Lang::En { "; " } else { "；" };
            Some((format!("{} = {}", c.column, quoted(header)), parts.join(sep)))
        }
        Found::Missing { closest } if c.required => {
            let why = if closest.is_empty() {
                Msg::ProposeTodoColumnNone.text(lang).to_string()
            } else {
                Msg::ProposeTodoColumn.fill(lang, &[("closest", &list(closest, lang))])
            };
            Some((format!("# TODO {} = \"…\"", c.column), why))
        }
        Found::Missing { .. } => None,
    }
}
