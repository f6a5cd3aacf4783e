//! `branchlens check DATA_DIR`: a data-quality summary of a data directory.

use std::fmt::Write as _;

use branchlens_core::config::Lang;
use branchlens_core::load::{header_key, ColumnSource, SourceStats, CUSTOMER_COLUMNS, MANAGER_COLUMNS, SPLIT_COLUMNS};
use branchlens_core::{AmountUnit, FileKind, Loaded, Severity};
use branchlens_i18n::Msg;

use crate::input;
use crate::{DataArgs, Failure, Timings};

/// Exit codes of `check`.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_WARNINGS: u8 = 1;
pub const EXIT_REJECTED: u8 = 2;

pub fn run(args: &DataArgs, examples: usize, lang: Lang, t: &mut Timings) -> Result<u8, Failure> {
    let (cfg, _) = input::read_config(args.config.as_deref(), Some(&args.data_dir))?;
    let files = input::locate(&args.data_dir, &cfg.input)?;
    let loaded = input::load_dir(&files, args.encoding, &cfg)?;
    t.mark("load");
    let verdict = loaded.verdict(args.strict, cfg.data_quality.max_bad_row_ratio);
    let report = render(&loaded, examples, lang);
    t.mark("analyze");
    print!("{report}");
    t.mark("write");
    match verdict {
        Err(e) => Err(Failure { code: EXIT_REJECTED, ..input::InputError::Load(e).into() }),
        Ok(()) => {
            let code = match loaded.worst() {
                Some(Severity::Error | Severity::Warning) => EXIT_WARNINGS,
                _ => EXIT_CLEAN,
            };
            let line = if code == EXIT_CLEAN { Msg::CheckResultClean } else { Msg::CheckResultWarnings };
            println!("{}", line.text(lang));
            Ok(code)
        }
    }
}

/// The mapping in force, when any source is not a contract file or any column was read from a
/// header other than its contract name: per table and group of sources with the same headers,
/// each column's header (and unit, in 万元), the period from the file name, absent columns.
fn mapping(o: &mut String, loaded: &Loaded, lang: Lang) {
    let t = |m: Msg| m.text(lang);
    // A contract file read under its contract names and aliases, in yuan.
    let plain = |s: &SourceStats| {
        let table = match s.file.kind {
            FileKind::Customers => &CUSTOMER_COLUMNS[..],
            FileKind::Managers => &MANAGER_COLUMNS[..],
            FileKind::CreditSplits => &SPLIT_COLUMNS[..],
        };
        let contract_name = |c: &ColumnSource, h: &str| {
            let k = header_key(h);
            table.iter().any(|col| col.name == c.column && col.names().contains(&k.as_str()))
        };
        s.file.is_contract()
            && s.columns
                .iter()
                .all(|c| c.unit != Some(AmountUnit::Wan) && c.header.as_deref().is_none_or(|h| contract_name(c, h)))
    };
    if loaded.sources.iter().all(plain) {
        return;
    }
    let _ = writeln!(o, "{}", t(Msg::CheckMapping));
    let mut groups: Vec<(FileKind, &[ColumnSource], Vec<String>)> = Vec::new();
    for s in &loaded.sources {
        match groups.last_mut() {
            Some((k, cols, names)) if *k == s.file.kind && *cols == &s.columns[..] => names.push(s.file.to_string()),
            _ => groups.push((s.file.kind, &s.columns, vec![s.file.to_string()])),
        }
    }
    for (kind, columns, names) in groups {
        let names = match &names[..] {
            [a, .., z] if names.len() > 2 => format!("{a} … {z} ({})", names.len()),
            _ => names.join(Msg::ListSeparator.text(lang)),
        };
        let _ = writeln!(o, "  {}: {names}", kind.table_name());
        for c in columns {
            let what = match (&c.header, c.column) {
                (Some(h), _) => {
                    let unit = if c.unit == Some(AmountUnit::Wan) { t(Msg::CheckMappingWan) } else { "" };
                    format!("← {h}{unit}")
                }
                (None, "period") if kind == FileKind::Customers => t(Msg::CheckMappingFromName).to_string(),
                (None, _) => t(Msg::CheckMappingAbsent).to_string(),
            };
            let _ = writeln!(o, "    {:<22} {what}", c.column);
        }
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The human-readable report (deterministic; no paths, so it can be snapshot-tested).
pub fn render(loaded: &Loaded, examples: usize, lang: Lang) -> String {
    let t = |m: Msg| m.text(lang);
    let mut o = String::new();
    let ds = &loaded.dataset;
    let _ = writeln!(o, "{}", t(Msg::CheckFiles));
    for f in &loaded.files {
        let sources: Vec<&SourceStats> = loaded.sources.iter().filter(|s| s.file == f.file).collect();
        let contract = matches!(&sources[..], [one] if one.file.is_contract());
        let name = if contract || sources.is_empty() { f.file.file_name() } else { f.file.table_name() };
        let line = |o: &mut String, indent: &str, name: &str, encoding: &str, rows: u64, skipped: u64| {
            let _ = writeln!(
                o,
                "{indent}{name:<18} {encoding:<8} {:>10} {}  {:>8} {}",
                thousands(rows),
                t(Msg::CheckRows),
                thousands(skipped),
                t(Msg::CheckSkipped)
            );
        };
        line(&mut o, "  ", name, f.encoding, f.rows, f.skipped);
        if !contract {
            for s in &sources {
                line(&mut o, "    ", &s.file.to_string(), s.encoding, s.rows, s.skipped);
            }
        }
    }
    mapping(&mut o, loaded, lang);
    match (ds.periods.first(), ds.periods.last()) {
        (Some(first), Some(last)) => {
            let _ = writeln!(o, "{} {first} … {last} ({})", t(Msg::CheckPeriods), ds.periods.len());
        }
        _ => {
            let _ = writeln!(o, "{}", t(Msg::CheckNoPeriods));
        }
    }
    let _ = writeln!(o, "{}", t(Msg::CheckCustomersPerPeriod));
    for &p in &ds.periods {
        let _ = writeln!(o, "  {p}  {:>10}", thousands(ds.rows_in(p).len() as u64));
    }
    let managers = {
        let mut ids: Vec<_> = ds.managers.iter().map(|m| m.manager).collect();
        ids.dedup();
        ids.len()
    };
    let _ = writeln!(o, "{} {}", t(Msg::CheckManagers), thousands(managers as u64));
    let _ = writeln!(o, "{} {}", t(Msg::CheckBranches), thousands(ds.branch_ids.len() as u64));
    let _ = writeln!(o, "{} {}", t(Msg::CheckSplits), thousands(ds.splits.len() as u64));
    // What no row shows (issue 11): signals off for want of a column, a latest period without
    // targets; the same findings the pages and the explorer show.
    if let Some(&l) = ds.periods.last() {
        let found = branchlens_core::findings::findings(ds, l);
        if !found.is_empty() {
            let _ = writeln!(o, "{}", Msg::CheckFindings.fill(lang, &[("period", &l)]));
            for f in found {
                let _ = writeln!(o, "  ! {}", f.message(lang));
            }
        }
    }

    // Group issues by (severity desc, file, kind code), in a fixed order.
    let mut groups: Vec<(Severity, &'static str, Vec<&branchlens_core::RowIssue>)> = Vec::new();
    for i in &loaded.issues {
        let code = i.kind.code();
        match groups.iter_mut().find(|(s, c, v)| *s == i.severity && *c == code && v[0].file == i.file) {
            Some(g) => g.2.push(i),
            None => groups.push((i.severity, code, vec![i])),
        }
    }
    groups.sort_by(|a, b| (b.0, &a.2[0].file, a.1).cmp(&(a.0, &b.2[0].file, b.1)));
    let count = |s: Severity| loaded.issues.iter().filter(|i| i.severity == s).count() as u64;
    let _ = writeln!(
        o,
        "{} {} {}, {} {}, {} {}",
        t(Msg::CheckIssues),
        thousands(count(Severity::Error)),
        t(Msg::CheckErrors),
        thousands(count(Severity::Warning)),
        t(Msg::CheckWarnings),
        thousands(count(Severity::Notice)),
        t(Msg::CheckNotices)
    );
    for (sev, _, items) in &groups {
        let sev_label = match sev {
            Severity::Error => t(Msg::CheckSeverityError),
            Severity::Warning => t(Msg::CheckSeverityWarning),
            Severity::Notice => t(Msg::CheckSeverityNotice),
        };
        let first = items[0];
        let title = first.kind.title(lang);
        let _ = writeln!(o, "  [{sev_label}] {} — {title}: {}", first.file, thousands(items.len() as u64));
        for i in items.iter().take(examples) {
            let _ = writeln!(o, "      {}", i.message(lang));
        }
        if items.len() > examples {
            let _ = writeln!(o, "      … {} {}", thousands((items.len() - examples) as u64), t(Msg::CheckMore));
        }
    }
    o
}
