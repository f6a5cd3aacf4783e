//! Periods in file names and the globs of monthly files: `客户月报_202411.xlsx` and
//! `客户月报_202412.xlsx` are `客户月报_*.xlsx`.

use crate::issue::FileKind;
use crate::load::period_in_name;
use crate::model::Period;

/// The first and last period of the file names, or `None` when some name has none.
pub fn period_span(names: &[String]) -> Option<(String, String)> {
    let mut periods: Vec<Period> = names.iter().map(|n| period_in_name(n).map(|(_, p)| p)).collect::<Option<_>>()?;
    periods.sort();
    Some((periods.first()?.to_string(), periods.last()?.to_string()))
}

/// The `files` entries of table `t` for `names` (sorted): names with a period become the glob
/// with `*` in its place, once per glob. Customers always (a new month is then read when its
/// export is dropped in); the other tables only when two names share a glob.
pub fn globs(t: FileKind, names: &[String]) -> Vec<String> {
    let glob_of = |n: &String| period_in_name(n).map(|(r, _)| format!("{}*{}", &n[..r.start], &n[r.end..]));
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
