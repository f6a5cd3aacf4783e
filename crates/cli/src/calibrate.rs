//! `branchlens calibrate`: fits the churn model or the credit scorecard on a data directory and
//! writes a full branchlens.toml with the model section; or fits both model types on any CSV
//! table (`--table FILE --label COLUMN`). Reads files, calls `core::calibrate`, prints the
//! backtest, writes outputs atomically.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use branchlens_core::calibrate::churn::{calibrate_churn, ChurnCalibration, ChurnOptions};
use branchlens_core::calibrate::credit::{calibrate_credit, parse_labels, CreditCalibration, CreditOptions};
use branchlens_core::calibrate::metrics::Decile;
use branchlens_core::calibrate::scorecard::{Scaling, ScorecardFit, ScorecardOptions};
use branchlens_core::calibrate::table::{calibrate_table, decode, parse_table, TableCalibration, TableOptions};
use branchlens_core::calibrate::woe::BinOptions;
use branchlens_core::calibrate::{config_toml, Backtest, CalibrateError};
use branchlens_core::config::{Config, Lang};
use branchlens_core::{Dataset, Encoding};
use branchlens_i18n::Msg;

use crate::output::write_file_atomic;
use crate::score::report_issues;
use crate::{input, Failure, Timings};

/// What to calibrate on a data directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// Churn model from the history (labels made from the data).
    Churn,
    /// Credit scorecard from a labels file (--labels).
    Credit,
}

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Data directory holding customers.csv and managers.csv (not with --table).
    #[arg(required_unless_present = "table", conflicts_with = "table")]
    data_dir: Option<PathBuf>,
    /// Model to fit on DATA_DIR: churn or credit.
    #[arg(long, value_enum, required_unless_present = "table", conflicts_with = "table")]
    target: Option<Target>,
    /// Labels file for --target credit: customer_id, period, label (1 = default within 12 months).
    #[arg(long, required_if_eq("target", "credit"))]
    labels: Option<PathBuf>,
    /// The full branchlens.toml to write: the input configuration plus the fitted model section.
    #[arg(long, required_unless_present = "table")]
    out: Option<PathBuf>,
    /// Configuration file (default: DATA_DIR/branchlens.toml when present, else built-in defaults).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Text encoding of the data CSV files: auto, utf-8, gbk (GB18030).
    #[arg(long, default_value = "auto", value_parser = crate::parse_encoding)]
    encoding: Encoding,
    /// Fail on any bad row of the data directory.
    #[arg(long)]
    strict: bool,
    /// Any CSV table with a 0/1 label column: fit both model types on a seeded 70/30 split.
    #[arg(long, requires = "label")]
    table: Option<PathBuf>,
    /// The label column of --table (values 0/1).
    #[arg(long)]
    label: Option<String>,
    /// Columns of --table to leave out (comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Seed of the stratified split (credit and --table).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// L2 penalty λ of the logistic regressions (1/C in scikit-learn's terms).
    #[arg(long, default_value_t = 1.0)]
    l2: f64,
    /// Churn label horizon: periods ahead.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=12))]
    horizon: u32,
    /// Churn: the latest labelled periods held out as the test set.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=24))]
    test_periods: u32,
    /// Scorecard: features with a lower information value are left out.
    #[arg(long, default_value_t = 0.02)]
    min_iv: f64,
    /// Scorecard scaling: points at --base-odds.
    #[arg(long, default_value_t = 600.0)]
    base_score: f64,
    /// Scorecard scaling: good:bad odds at --base-score.
    #[arg(long, default_value_t = 50.0)]
    base_odds: f64,
    /// Scorecard scaling: points to double the odds.
    #[arg(long, default_value_t = 20.0)]
    pdo: f64,
    /// Also write every backtest figure (ROC, deciles, histograms, weights, scorecard) as JSON.
    #[arg(long)]
    backtest_json: Option<PathBuf>,
    /// --table: write the table with a `split` column (train/test) for an outside check.
    #[arg(long, requires = "table")]
    split_out: Option<PathBuf>,
}

fn fail(e: CalibrateError) -> Failure {
    Failure::new(2, move |lang| e.message(lang))
}

fn io_fail(path: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::msg(Msg::CliPathError, &[("path", &path.display()), ("error", &e)])
}

fn check_options(a: &CalibrateArgs) -> Result<ScorecardOptions, Failure> {
    let bad = |name: &'static str, v: f64, rule: Msg| {
        Failure::new(2, move |lang| {
            Msg::FitBadOption.fill(lang, &[("name", &name), ("value", &v), ("rule", &rule.text(lang))])
        })
    };
    if !(a.l2.is_finite() && a.l2 >= 0.0) {
        return Err(bad("l2", a.l2, Msg::FitRuleNonNegative));
    }
    if !(a.min_iv.is_finite() && a.min_iv >= 0.0) {
        return Err(bad("min-iv", a.min_iv, Msg::FitRuleNonNegative));
    }
    for (name, v) in [("base-odds", a.base_odds), ("pdo", a.pdo)] {
        if !(v.is_finite() && v > 0.0) {
            return Err(bad(name, v, Msg::FitRulePositive));
        }
    }
    if !a.base_score.is_finite() {
        return Err(bad("base-score", a.base_score, Msg::FitRuleFinite));
    }
    Ok(ScorecardOptions {
        bins: BinOptions::default(),
        min_iv: a.min_iv,
        max_features: 20,
        l2: a.l2,
        scaling: Scaling { base_score: a.base_score, base_odds: a.base_odds, pdo: a.pdo },
    })
}

pub fn run(a: &CalibrateArgs, lang: Lang, t: &mut Timings) -> Result<u8, Failure> {
    let sc_opts = check_options(a)?;
    if let (Some(table), Some(label)) = (&a.table, &a.label) {
        return run_table(a, table, label, sc_opts, lang, t);
    }
    let (Some(dir), Some(target), Some(out)) = (&a.data_dir, a.target, &a.out) else {
        return Err(Failure::msg(Msg::FitUsage, &[]));
    };
    let (cfg, cfg_path) = input::read_config(a.config.as_deref(), Some(dir))?;
    let files = input::locate(dir, &cfg.input)?;
    let loaded = input::load_dir(&files, a.encoding, &cfg)?;
    loaded.verdict(a.strict, cfg.data_quality.max_bad_row_ratio).map_err(input::InputError::Load)?;
    report_issues(&loaded.issues, lang);
    t.mark("load");
    let source = cfg_path.as_ref().map_or_else(|| "built-in defaults".to_string(), |p| p.display().to_string());

    let mut text = String::new();
    let on = FitInput { a, ds: &loaded.dataset, cfg: &cfg, source: &source };
    let fitted = match target {
        Target::Churn => fit_churn(&on, &mut text, lang, t)?,
        Target::Credit => fit_credit(&on, sc_opts, &mut text, lang, t)?,
    };
    write_config(out, &fitted.config, &fitted.header)?;
    if let Some(p) = &a.backtest_json {
        write_json(p, &fitted.json)?;
    }
    let _ = writeln!(text, "{}", Msg::FitWroteConfig.fill(lang, &[("path", &out.display())]));
    print!("{text}");
    t.mark("write");
    Ok(0)
}

/// What a fit on a data directory starts from: the arguments, the loaded data, the configuration
/// in force and where it came from (for the header of the written file).
struct FitInput<'a> {
    a: &'a CalibrateArgs,
    ds: &'a Dataset,
    cfg: &'a Config,
    source: &'a str,
}

/// A model fitted on a data directory: the configuration with its section, the backtest as JSON
/// and the comment header of the written branchlens.toml.
struct Fitted {
    config: Config,
    json: serde_json::Value,
    header: String,
}

/// `--target churn`: fits the churn model and appends its report to `text`.
fn fit_churn(on: &FitInput<'_>, text: &mut String, lang: Lang, t: &mut Timings) -> Result<Fitted, Failure> {
    let FitInput { a, ds, cfg, source } = *on;
    let o =
        ChurnOptions { horizon: a.horizon as usize, funds_fall: 0.8, test_periods: a.test_periods as usize, l2: a.l2 };
    let c = calibrate_churn(ds, cfg, &o).map_err(fail)?;
    t.mark("fit");
    churn_report(text, &c, cfg, &o, lang);
    let mut config = cfg.clone();
    config.churn_model = Some(c.model.clone());
    let json = serde_json::json!({ "churn": { "model": c.backtest, "rules": c.rules } });
    let header = format!(
        "branchlens.toml written by `branchlens calibrate --target churn` from {source}.\n\
         [churn_model]: logistic regression, label = gone or funds down ≥ 80% within {} periods;\n\
         test AUC {} on {} (rule-based points: {}).",
        o.horizon,
        f3(c.backtest.auc),
        c.test_periods.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        f3(c.rules.auc)
    );
    Ok(Fitted { config, json, header })
}

/// `--target credit`: reads `--labels`, fits the scorecard and appends its report to `text`.
fn fit_credit(
    on: &FitInput<'_>,
    sc_opts: ScorecardOptions,
    text: &mut String,
    lang: Lang,
    t: &mut Timings,
) -> Result<Fitted, Failure> {
    let FitInput { a, ds, cfg, source } = *on;
    let path = a.labels.as_ref().ok_or_else(|| Failure::msg(Msg::FitNeedsLabels, &[]))?;
    let file = std::fs::File::open(path).map_err(|e| io_fail(path, e))?;
    let labels = parse_labels(file, &path.display().to_string()).map_err(fail)?;
    let o = CreditOptions { seed: a.seed, train_share: 0.7, scorecard: sc_opts };
    let c = calibrate_credit(ds, cfg, &labels, &o).map_err(fail)?;
    t.mark("fit");
    credit_report(text, &c, labels.len(), lang);
    let mut config = cfg.clone();
    config.credit_scorecard = Some(c.fit.scorecard.clone());
    let json = serde_json::json!({ "credit": { "scorecard": c.fit.backtest } });
    let header = format!(
        "branchlens.toml written by `branchlens calibrate --target credit` from {source}.\n\
         [credit_scorecard]: {} points at {}:1 good:bad odds, {} points to double the odds; test AUC {}.",
        a.base_score,
        a.base_odds,
        a.pdo,
        f3(c.fit.backtest.auc)
    );
    Ok(Fitted { config, json, header })
}

/// Writes `config` as a full branchlens.toml under `header`, after checking that the text
/// reads back as the same configuration.
fn write_config(out: &Path, config: &Config, header: &str) -> Result<(), Failure> {
    let toml_text = config_toml(config, header).map_err(fail)?;
    match branchlens_core::config::parse(&toml_text) {
        Ok(back) if back == *config => {}
        Ok(_) => return Err(Failure::msg(Msg::FitConfigNotEqual, &[])),
        Err(e) => return Err(Failure::new(2, move |lang| Msg::FitInternal.fill(lang, &[("error", &e.message(lang))]))),
    }
    write_file_atomic(out, |w| w.write_all(toml_text.as_bytes())).map_err(|e| io_fail(out, e))
}

fn write_json(path: &Path, v: &serde_json::Value) -> Result<(), Failure> {
    write_file_atomic(path, |w| {
        serde_json::to_writer_pretty(&mut *w, v).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
    .map_err(|e| io_fail(path, e))
}

fn f3(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn f2(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}

fn pct(events: u64, rows: u64) -> String {
    if rows == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * events as f64 / rows as f64)
    }
}

/// Rows/events of both sets, then AUC, KS and top-decile lift of each named backtest.
fn metrics_block(s: &mut String, rows: &[(&str, &Backtest)], lang: Lang) {
    if let Some((_, b)) = rows.first() {
        let _ = writeln!(s, "{}", Msg::FitSplit.fill(lang, &[("split", &b.split)]));
        let (train_share, test_share) = (pct(b.train_events, b.train_rows), pct(b.test_events, b.test_rows));
        let counts: [(&str, &dyn std::fmt::Display); 6] = [
            ("train_rows", &b.train_rows),
            ("train_events", &b.train_events),
            ("train_share", &train_share),
            ("test_rows", &b.test_rows),
            ("test_events", &b.test_events),
            ("test_share", &test_share),
        ];
        let _ = writeln!(s, "{}", Msg::FitRows.fill(lang, &counts));
    }
    let t = |m: Msg| m.text(lang);
    let head = [t(Msg::FitColModel), "AUC", "KS", t(Msg::FitColLift), t(Msg::FitColTrainAuc)];
    let _ = writeln!(s, "  {:<28} {:>7} {:>7} {:>16} {:>10}", head[0], head[1], head[2], head[3], head[4]);
    for (name, b) in rows {
        let _ = writeln!(
            s,
            "  {:<28} {:>7} {:>7} {:>16} {:>10}",
            name,
            f3(b.auc),
            f3(b.ks),
            f2(b.top_decile_lift),
            f3(b.train_auc)
        );
    }
}

fn decile_table(s: &mut String, d: &[Decile], lang: Lang) {
    let t = |m: Msg| m.text(lang);
    let _ = writeln!(s, "{}", t(Msg::FitCalibrationTable));
    let h = [
        t(Msg::FitColDecile),
        t(Msg::FitColRows),
        t(Msg::FitColEvents),
        t(Msg::FitColPredicted),
        t(Msg::FitColObserved),
        t(Msg::FitColDecileLift),
        t(Msg::FitColCapture),
    ];
    let _ = writeln!(s, "  {:>6} {:>8} {:>7} {:>10} {:>9} {:>6} {:>8}", h[0], h[1], h[2], h[3], h[4], h[5], h[6]);
    for x in d {
        let _ = writeln!(
            s,
            "  {:>6} {:>8} {:>7} {:>9.2}% {:>8.2}% {:>6.2} {:>7.1}%",
            x.decile,
            x.rows,
            x.events,
            100.0 * x.mean_predicted,
            100.0 * x.observed_rate,
            x.lift,
            100.0 * x.cumulative_capture
        );
    }
}

fn weights_table(s: &mut String, b: &Backtest, lang: Lang, limit: usize) {
    let _ = writeln!(s, "{}", Msg::FitWeights.text(lang));
    let _ = writeln!(s, "  {:<28} {:>12}", Msg::FitIntercept.text(lang), format!("{:.6}", b.intercept));
    let mut w: Vec<&branchlens_core::calibrate::Weight> = b.weights.iter().collect();
    if w.len() > limit {
        w.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()).then(a.feature.cmp(&b.feature)));
        w.truncate(limit);
    }
    for x in w {
        let _ = writeln!(s, "  {:<28} {:>12} {}", x.feature, format!("{:.6}", x.weight), x.meaning(lang));
    }
    if b.weights.len() > limit {
        let shown = Msg::FitWeightsShown.fill(lang, &[("total", &b.weights.len()), ("limit", &limit)]);
        let _ = writeln!(s, "  {shown}");
    }
}

fn scorecard_tables(s: &mut String, fit: &ScorecardFit, lang: Lang) {
    let t = |m: Msg| m.text(lang);
    let b = &fit.backtest;
    let _ = writeln!(s, "{}", t(Msg::FitIv));
    for x in &b.iv {
        let used = if x.used { t(Msg::FitInModel) } else { "" };
        let _ = writeln!(s, "  {:<28} {:>8.4} {}", x.feature, x.iv, used);
    }
    let sc = &fit.scorecard;
    let scaling =
        [("base_score", &sc.base_score as &dyn std::fmt::Display), ("base_odds", &sc.base_odds), ("pdo", &sc.pdo)];
    let _ = writeln!(s, "{}", Msg::FitScorecard.fill(lang, &scaling));
    let h = [
        t(Msg::FitColFeature),
        t(Msg::FitColBin),
        t(Msg::FitColRows),
        t(Msg::FitColBadRate),
        "WoE",
        t(Msg::FitColPoints),
    ];
    let _ = writeln!(s, "  {:<22} {:<28} {:>7} {:>9} {:>8} {:>8}", h[0], h[1], h[2], h[3], h[4], h[5]);
    for r in &b.scorecard {
        // The base points' row is named "(base)" by the core.
        let feature = if r.feature == "(base)" { t(Msg::FitBasePoints) } else { r.feature.as_str() };
        let _ = writeln!(
            s,
            "  {:<22} {:<28} {:>7} {:>8.2}% {:>8.4} {:>8.1}",
            feature,
            r.bin,
            r.rows,
            100.0 * r.bad_rate,
            r.woe,
            r.points
        );
    }
}

fn in_force(s: &mut String, cfg: &Config, lang: Lang) {
    let line = match &cfg.churn_model {
        None => Msg::FitInForceRules.text(lang).to_string(),
        Some(m) => Msg::FitInForceModel.fill(lang, &[("features", &m.features.len())]),
    };
    let _ = writeln!(s, "{line}");
    let _ = writeln!(s, "{}", Msg::FitInForceWritten.text(lang));
}

fn churn_report(s: &mut String, c: &ChurnCalibration, cfg: &Config, o: &ChurnOptions, lang: Lang) {
    let fall = format!("{:.0}", o.funds_fall * 100.0);
    let model = Msg::FitChurnModel.fill(lang, &[("l2", &o.l2), ("horizon", &o.horizon), ("fall", &fall)]);
    let _ = writeln!(s, "{model}");
    let (fitted, rules) = (Msg::FitFittedModel.text(lang), Msg::FitRulePoints.text(lang));
    metrics_block(s, &[(fitted, &c.backtest), (rules, &c.rules)], lang);
    decile_table(s, &c.backtest.deciles, lang);
    weights_table(s, &c.backtest, lang, usize::MAX);
    in_force(s, cfg, lang);
}

fn credit_report(s: &mut String, c: &CreditCalibration, labels: usize, lang: Lang) {
    let counts =
        [("matched", &c.rows as &dyn std::fmt::Display), ("labels", &labels), ("unmatched", &c.unmatched.len())];
    let _ = writeln!(s, "{}", Msg::FitCreditLabels.fill(lang, &counts));
    if !c.unmatched.is_empty() {
        let first: Vec<String> = c.unmatched.iter().take(5).map(ToString::to_string).collect();
        let _ = writeln!(s, "  {} {}", Msg::FitUnmatchedLines.text(lang), first.join(", "));
    }
    metrics_block(s, &[(Msg::FitScorecardName.text(lang), &c.fit.backtest)], lang);
    decile_table(s, &c.fit.backtest.deciles, lang);
    weights_table(s, &c.fit.backtest, lang, usize::MAX);
    scorecard_tables(s, &c.fit, lang);
}

fn table_report(s: &mut String, c: &TableCalibration, file: &Path, lang: Lang) {
    let head = [("path", &file.display() as &dyn std::fmt::Display), ("rows", &c.rows), ("label", &c.label)];
    let _ = writeln!(s, "{}", Msg::FitTable.fill(lang, &head));
    for (name, why) in &c.skipped {
        let why = match *why {
            "identifier-like" => Msg::FitSkipIdentifier.text(lang),
            "constant" => Msg::FitSkipConstant.text(lang),
            "ignored" => Msg::FitSkipIgnored.text(lang),
            other => other,
        };
        let _ = writeln!(s, "  {} {name} ({why})", Msg::FitLeftOut.text(lang));
    }
    let (lg, sc) = (Msg::FitLogistic.text(lang), Msg::FitWoeScorecard.text(lang));
    metrics_block(s, &[(lg, &c.logistic), (sc, &c.scorecard.backtest)], lang);
    let _ = writeln!(s, "[{lg}]");
    decile_table(s, &c.logistic.deciles, lang);
    weights_table(s, &c.logistic, lang, 20);
    let _ = writeln!(s, "[{sc}]");
    decile_table(s, &c.scorecard.backtest.deciles, lang);
    scorecard_tables(s, &c.scorecard, lang);
}

fn run_table(
    a: &CalibrateArgs,
    path: &Path,
    label: &str,
    sc_opts: ScorecardOptions,
    lang: Lang,
    t: &mut Timings,
) -> Result<u8, Failure> {
    let bytes = std::fs::read(path).map_err(|e| io_fail(path, e))?;
    let table = parse_table(&bytes[..], &path.display().to_string()).map_err(fail)?;
    t.mark("load");
    let o = TableOptions { seed: a.seed, train_share: 0.7, l2: a.l2, scorecard: sc_opts, ignore: a.ignore.clone() };
    let c = calibrate_table(&table, label, &o).map_err(fail)?;
    t.mark("fit");
    let mut text = String::new();
    table_report(&mut text, &c, path, lang);
    if let Some(p) = &a.backtest_json {
        write_json(p, &serde_json::json!({ "table": { "logistic": c.logistic, "scorecard": c.scorecard.backtest } }))?;
    }
    if let Some(out) = &a.split_out {
        write_split(&bytes, &c.is_train, out)?;
        let _ = writeln!(text, "{}", Msg::FitWroteSplit.fill(lang, &[("path", &out.display())]));
    }
    print!("{text}");
    t.mark("write");
    Ok(0)
}

/// The table's records with a `split` column (`train`/`test`) appended.
fn write_split(bytes: &[u8], is_train: &[bool], out: &Path) -> Result<(), Failure> {
    let text = decode(bytes);
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = rdr.headers().map_err(|e| io_fail(out, e))?.clone();
    let records: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().map_err(|e| io_fail(out, e))?;
    write_file_atomic(out, |w| {
        let mut wr = csv::Writer::from_writer(w);
        let mut h = header.clone();
        h.push_field("split");
        wr.write_record(&h).map_err(std::io::Error::other)?;
        for (r, &train) in records.iter().zip(is_train) {
            let mut r = r.clone();
            r.push_field(if train { "train" } else { "test" });
            wr.write_record(&r).map_err(std::io::Error::other)?;
        }
        wr.flush()
    })
    .map_err(|e| io_fail(out, e))
}
