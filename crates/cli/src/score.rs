//! `branchlens score DATA_DIR --out FILE.csv`: per-customer scores of the latest period, and
//! summary.json beside them.

use std::path::{Path, PathBuf};

use branchlens_core::config::Lang;
use branchlens_core::summary::{analyze, spreadsheet_safe};
use branchlens_core::{Dataset, Period, Severity};
use branchlens_i18n::Msg;

use crate::output::{commit_all, Staged};
use crate::{input, DataArgs, Failure, Timings};

pub fn run(data: &DataArgs, out: &Path, period: Option<Period>, lang: Lang, t: &mut Timings) -> Result<u8, Failure> {
    let (cfg, config_path) = input::read_config(data.config.as_deref(), Some(&data.data_dir))?;
    let files = input::locate(&data.data_dir, &cfg.input)?;
    let summary_path = summary_path(out);
    if out.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.eq_ignore_ascii_case("summary.json")) {
        return Err(Failure::msg(Msg::ScoreSummaryNameTaken, &[("path", &out.display())]));
    }
    let mut inputs = files.paths();
    inputs.extend(config_path.as_deref());
    input::refuse_overwriting_inputs(&[out, &summary_path], &inputs)?;
    let loaded = input::load_dir(&files, data.encoding, &cfg)?;
    t.mark("load");
    loaded.verdict(data.strict, cfg.data_quality.max_bad_row_ratio).map_err(input::InputError::Load)?;
    report_issues(&loaded.issues, lang);
    let ds = &loaded.dataset;
    let as_of = as_of(ds, period)?;
    let analysis = analyze(ds, &cfg, as_of);
    report_findings(&analysis.findings, lang);
    let summary = analysis.summary();
    t.mark("analyze");

    let io = |path: &Path, e: std::io::Error| {
        Failure::msg(Msg::CliCannotWrite, &[("path", &path.display()), ("reason", &e)])
    };
    // Both files are written in full first, then renamed into place together: a failure leaves
    // neither (and the previous pair, if any, as it was).
    let scores = Staged::write(out, |w| {
        let mut csv = csv::Writer::from_writer(w);
        for mut row in analysis.score_rows() {
            // Ids come from the bank's exports: a leading = + - @ would be a formula in a
            // spreadsheet (numbers are written as numbers and left alone).
            let (c, b, m) =
                (spreadsheet_safe(row.customer_id), spreadsheet_safe(row.branch_id), spreadsheet_safe(row.manager_id));
            (row.customer_id, row.branch_id, row.manager_id) = (&c, &b, &m);
            csv.serialize(row).map_err(std::io::Error::other)?;
        }
        csv.flush()
    })
    .map_err(|e| io(out, e))?;
    let summary_file = Staged::write(&summary_path, |w| {
        serde_json::to_writer_pretty(&mut *w, &summary).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
    .map_err(|e| io(&summary_path, e))?;
    commit_all(vec![scores, summary_file]).map_err(|(path, e)| io(&path, e))?;
    let n = analysis.customers.customers.len();
    let line = Msg::ScoreWrote
        .fill(lang, &[("period", &as_of), ("n", &n), ("out", &out.display()), ("summary", &summary_path.display())]);
    println!("{line}");
    t.mark("write");
    Ok(0)
}

/// summary.json in the directory of the score file.
fn summary_path(out: &Path) -> PathBuf {
    out.with_file_name("summary.json")
}

/// The period to report on: `period` when given (must be in the data), else the latest.
pub fn as_of(ds: &Dataset, period: Option<Period>) -> Result<Period, Failure> {
    match period {
        Some(p) if ds.period_index(p).is_some() => Ok(p),
        Some(p) => {
            let list = ds.periods.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
            Err(Failure::msg(Msg::ScorePeriodNotInData, &[("period", &p), ("periods", &list)]))
        }
        None => ds.latest().ok_or_else(|| Failure::msg(Msg::ScoreNoPeriods, &[])),
    }
}

/// One line on stderr when rows were skipped or flagged.
/// The analysis's findings (signals off for want of a column, no targets for `L`) on stderr.
pub fn report_findings(findings: &[branchlens_core::findings::Finding], lang: Lang) {
    for f in findings {
        eprintln!("{}", Msg::CliFinding.fill(lang, &[("message", &f.message(lang))]));
    }
}

pub fn report_issues(issues: &[branchlens_core::RowIssue], lang: Lang) {
    let errors = issues.iter().filter(|i| i.severity == Severity::Error).count();
    let warnings = issues.iter().filter(|i| i.severity == Severity::Warning).count();
    if errors + warnings == 0 {
        return;
    }
    eprintln!("{}", Msg::ScoreIssuesNote.fill(lang, &[("errors", &errors), ("warnings", &warnings)]));
}
