//! Periods in file names and the globs of monthly files: `客户月报_202411.xlsx` and
//! `客户月报_202412.xlsx` are `客户月报_*.xlsx`.

use crate::issue::FileKind;
use crate::model::Period;

/// The byte range and period of the `YYYYMM` or `YYYY-MM` run in the last path segment of
/// `name` (1900–2199, month 01–12, not part of a longer digit run); the last such run wins.
pub fn period_in(name: &str) -> Option<(std::ops::Range<usize>, Period)> {
    let start = name.rfind('/').map_or(0, |i| i + 1);
    let b = name.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut found = None;
    let mut i = start;
    while i < b.len() {
        if !digit(i) || (i > start && digit(i - 1)) {
            i += 1;
            continue;
        }
        let run = (i..b.len()).take_while(|&j| digit(j)).count();
        let span = if run == 6 {
            Some(i..i + 6)
        } else if run == 4 && b.get(i + 4) == Some(&b'-') && (i + 5..i + 7).all(digit) && !digit(i + 7) {
            Some(i..i + 7)
        } else {
            None
        };
        if let Some(span) = span {
            let text: String = name[span.clone()].chars().filter(char::is_ascii_digit).collect();
            let year: i32 = text[..4].parse().unwrap_or(0);
            let month: u32 = text[4..].parse().unwrap_or(0);
            if (1900..=2199).contains(&year) {
                if let Some(p) = Period::new(year, month) {
                    found = Some((span, p));
                }
            }
        }
        i += run;
    }
    found
}

/// The first and last period of the file names, or `None` when some name has none.
pub fn period_span(names: &[String]) -> Option<(String, String)> {
    let mut periods: Vec<Period> = names.iter().map(|n| period_in(n).map(|(_, p)| p)).collect::<Option<_>>()?;
    periods.sort();
    Some((periods.first()?.to_string(), periods.last()?.to_string()))
}

/// The `files` entries of table `t` for `names` (sorted): names with a period become the glob
/// with `*` in its place, once per glob. Customers always (a new month is then read when its
/// export is dropped in); the other tables only when two names share a glob.
pub fn globs(t: FileKind, names: &[String]) -> Vec<String> {
    let glob_of = |n: &String| period_in(n).map(|(r, _)| format!("{}*{}", &n[..r.start], &n[r.end..]));
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let entry = match glob_of(n) {
            Some(g)
                if t == FileKind::Customers || names.iter().filter(|m| glob_of(m).as_ref() == Some(&g)).count() > 1 =>
            {
                g
            }
            _ => n.clone(),
        };
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}
