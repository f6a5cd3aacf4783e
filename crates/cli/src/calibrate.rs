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
use branchlens_core::config::Config;
use branchlens_core::{Dataset, Encoding};

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
    Failure::new(2, e.message_en(), e.message_zh())
}

fn io_fail(path: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::new(2, format!("{}: {e}", path.display()), format!("{}：{e}", path.display()))
}

fn check_options(a: &CalibrateArgs) -> Result<ScorecardOptions, Failure> {
    let bad = |name: &str, v: f64, rule_en: &str, rule_zh: &str| {
        Failure::new(2, format!("--{name} {v}: {rule_en}"), format!("--{name} {v}：{rule_zh}"))
    };
    if !(a.l2.is_finite() && a.l2 >= 0.0) {
        return Err(bad("l2", a.l2, "must be a number ≥ 0", "应为不小于 0 的数"));
    }
    if !(a.min_iv.is_finite() && a.min_iv >= 0.0) {
        return Err(bad("min-iv", a.min_iv, "must be a number ≥ 0", "应为不小于 0 的数"));
    }
    for (name, v) in [("base-odds", a.base_odds), ("pdo", a.pdo)] {
        if !(v.is_finite() && v > 0.0) {
            return Err(bad(name, v, "must be a number > 0", "应为大于 0 的数"));
        }
    }
    if !a.base_score.is_finite() {
        return Err(bad("base-score", a.base_score, "must be a finite number", "应为有限数值"));
    }
    Ok(ScorecardOptions {
        bins: BinOptions::default(),
        min_iv: a.min_iv,
        max_features: 20,
        l2: a.l2,
        scaling: Scaling { base_score: a.base_score, base_odds: a.base_odds, pdo: a.pdo },
    })
}

pub fn run(a: &CalibrateArgs, zh: bool, t: &mut Timings) -> Result<u8, Failure> {
    let sc_opts = check_options(a)?;
    if let (Some(table), Some(label)) = (&a.table, &a.label) {
        return run_table(a, table, label, sc_opts, zh, t);
    }
    let (Some(dir), Some(target), Some(out)) = (&a.data_dir, a.target, &a.out) else {
        return Err(Failure::new(
            2,
            "give DATA_DIR --target churn|credit --out FILE, or --table FILE --label COLUMN",
            "请给出 DATA_DIR --target churn|credit --out 文件，或 --table 文件 --label 列名",
        ));
    };
    let (cfg, cfg_path) = input::read_config(a.config.as_deref(), Some(dir))?;
    let files = input::locate(dir)?;
    let loaded = input::load_dir(&files, a.encoding, &cfg)?;
    loaded
        .verdict(a.strict, cfg.data_quality.max_bad_row_ratio)
        .map_err(|e| Failure::new(2, e.message_en(), e.message_zh()))?;
    report_issues(&loaded.issues, zh);
    t.mark("load");
    let source = cfg_path.as_ref().map_or_else(|| "built-in defaults".to_string(), |p| p.display().to_string());

    let mut text = String::new();
    let on = FitInput { a, ds: &loaded.dataset, cfg: &cfg, source: &source };
    let fitted = match target {
        Target::Churn => fit_churn(&on, &mut text, zh, t)?,
        Target::Credit => fit_credit(&on, sc_opts, &mut text, zh, t)?,
    };
    write_config(out, &fitted.config, &fitted.header)?;
    if let Some(p) = &a.backtest_json {
        write_json(p, &fitted.json)?;
    }
    let _ = writeln!(
        text,
        "{}",
        if zh {
            format!(
                "已写入 {}（输入配置 + 拟合的模型节；branchlens check/score/build --config 可直接使用）",
                out.display()
            )
        } else {
            format!(
                "wrote {} (the input configuration plus the fitted model section; use it with --config)",
                out.display()
            )
        }
    );
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
fn fit_churn(on: &FitInput<'_>, text: &mut String, zh: bool, t: &mut Timings) -> Result<Fitted, Failure> {
    let FitInput { a, ds, cfg, source } = *on;
    let o =
        ChurnOptions { horizon: a.horizon as usize, funds_fall: 0.8, test_periods: a.test_periods as usize, l2: a.l2 };
    let c = calibrate_churn(ds, cfg, &o).map_err(fail)?;
    t.mark("fit");
    churn_report(text, &c, cfg, &o, zh);
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
    zh: bool,
    t: &mut Timings,
) -> Result<Fitted, Failure> {
    let FitInput { a, ds, cfg, source } = *on;
    let path = a
        .labels
        .as_ref()
        .ok_or_else(|| Failure::new(2, "--target credit needs --labels FILE", "--target credit 需要 --labels 文件"))?;
    let file = std::fs::File::open(path).map_err(|e| io_fail(path, e))?;
    let labels = parse_labels(file, &path.display().to_string()).map_err(fail)?;
    let o = CreditOptions { seed: a.seed, train_share: 0.7, scorecard: sc_opts };
    let c = calibrate_credit(ds, cfg, &labels, &o).map_err(fail)?;
    t.mark("fit");
    credit_report(text, &c, labels.len(), zh);
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
        Ok(_) => {
            return Err(Failure::new(
                2,
                "internal: the written config does not read back equal",
                "内部错误：写出的配置读回不一致",
            ))
        }
        Err(e) => {
            return Err(Failure::new(
                2,
                format!("internal: {}", e.message_en()),
                format!("内部错误：{}", e.message_zh()),
            ))
        }
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
fn metrics_block(s: &mut String, rows: &[(&str, &Backtest)], zh: bool) {
    if let Some((_, b)) = rows.first() {
        if zh {
            let _ = writeln!(s, "划分：{}", b.split);
            let _ = writeln!(
                s,
                "样本：训练 {} 行（事件 {}，{}）；测试 {} 行（事件 {}，{}）",
                b.train_rows,
                b.train_events,
                pct(b.train_events, b.train_rows),
                b.test_rows,
                b.test_events,
                pct(b.test_events, b.test_rows)
            );
        } else {
            let _ = writeln!(s, "Split: {}", b.split);
            let _ = writeln!(
                s,
                "Rows: train {} (events {}, {}); test {} (events {}, {})",
                b.train_rows,
                b.train_events,
                pct(b.train_events, b.train_rows),
                b.test_rows,
                b.test_events,
                pct(b.test_events, b.test_rows)
            );
        }
    }
    let head = if zh {
        ["模型（测试集）", "AUC", "KS", "首十分位提升", "训练 AUC"]
    } else {
        ["model (test set)", "AUC", "KS", "top-decile lift", "train AUC"]
    };
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

fn decile_table(s: &mut String, d: &[Decile], zh: bool) {
    let _ = writeln!(
        s,
        "{}",
        if zh {
            "校准表（测试集，按预测概率从高到低分十组）："
        } else {
            "Calibration table (test set, deciles by predicted probability, highest first):"
        }
    );
    let h = if zh {
        ["组", "行数", "事件", "预测率", "实际率", "提升", "累计捕获"]
    } else {
        ["decile", "rows", "events", "predicted", "observed", "lift", "capture"]
    };
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

fn weights_table(s: &mut String, b: &Backtest, zh: bool, limit: usize) {
    let _ = writeln!(s, "{}", if zh { "权重（原始特征尺度）：" } else { "Weights (raw feature scale):" });
    let _ = writeln!(s, "  {:<28} {:>12}", if zh { "截距" } else { "(intercept)" }, format!("{:.6}", b.intercept));
    let mut w: Vec<&branchlens_core::calibrate::Weight> = b.weights.iter().collect();
    if w.len() > limit {
        w.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()).then(a.feature.cmp(&b.feature)));
        w.truncate(limit);
    }
    for x in w {
        let meaning = if zh { &x.meaning_zh } else { &x.meaning_en };
        let _ = writeln!(s, "  {:<28} {:>12} {}", x.feature, format!("{:.6}", x.weight), meaning);
    }
    if b.weights.len() > limit {
        let _ = writeln!(
            s,
            "  {}",
            if zh {
                format!("（共 {} 个，按绝对值列出前 {limit} 个）", b.weights.len())
            } else {
                format!("({} in all; the {limit} largest by size shown)", b.weights.len())
            }
        );
    }
}

fn scorecard_tables(s: &mut String, fit: &ScorecardFit, zh: bool) {
    let b = &fit.backtest;
    let _ = writeln!(s, "{}", if zh { "各特征信息值（IV）：" } else { "Information value per feature:" });
    for x in &b.iv {
        let used = match (x.used, zh) {
            (true, false) => "in the model",
            (true, true) => "入模",
            (false, _) => "",
        };
        let _ = writeln!(s, "  {:<28} {:>8.4} {}", x.feature, x.iv, used);
    }
    let sc = &fit.scorecard;
    let _ = writeln!(
        s,
        "{}",
        if zh {
            format!("评分卡（{} 分对应好坏比 {}:1，每 {} 分比值翻倍）：", sc.base_score, sc.base_odds, sc.pdo)
        } else {
            format!(
                "Scorecard ({} points at {}:1 good:bad odds, {} points to double the odds):",
                sc.base_score, sc.base_odds, sc.pdo
            )
        }
    );
    let h = if zh {
        ["特征", "分箱", "行数", "坏率", "WoE", "分值"]
    } else {
        ["feature", "bin", "rows", "bad rate", "WoE", "points"]
    };
    let _ = writeln!(s, "  {:<22} {:<28} {:>7} {:>9} {:>8} {:>8}", h[0], h[1], h[2], h[3], h[4], h[5]);
    for r in &b.scorecard {
        let feature = if r.feature == "(base)" && zh { "（基础分）" } else { r.feature.as_str() };
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

fn in_force(s: &mut String, cfg: &Config, zh: bool) {
    let line = match (&cfg.churn_model, zh) {
        (None, false) => {
            "Churn model in force (input configuration): the rule-based points only (no [churn_model])".to_string()
        }
        (None, true) => "当前生效的流失模型（输入配置）：仅规则预警分（无 [churn_model]）".to_string(),
        (Some(m), false) => format!(
            "Churn model in force (input configuration): [churn_model] with {} features, beside the rule-based points",
            m.features.len()
        ),
        (Some(m), true) => {
            format!("当前生效的流失模型（输入配置）：[churn_model]（{} 个特征），与规则预警分并行", m.features.len())
        }
    };
    let _ = writeln!(s, "{line}");
    let line = if zh {
        "写出的配置中生效：规则预警分（评分 CSV 不变）+ 新拟合的 [churn_model]（报表与浏览器内探索器用于流失概率）"
    } else {
        "In force in the written configuration: the rule-based points (score CSV unchanged) and the new [churn_model] (churn probability for the report and the explorer)"
    };
    let _ = writeln!(s, "{line}");
}

fn churn_report(s: &mut String, c: &ChurnCalibration, cfg: &Config, o: &ChurnOptions, zh: bool) {
    let _ = writeln!(
        s,
        "{}",
        if zh {
            format!(
                "流失模型：L2 正则逻辑回归（λ = {}），标签 = 未来 {} 个期间内消失或资金下降 ≥ {:.0}%",
                o.l2,
                o.horizon,
                o.funds_fall * 100.0
            )
        } else {
            format!(
                "Churn model: L2-regularised logistic regression (λ = {}), label = gone or funds down ≥ {:.0}% within {} periods",
                o.l2,
                o.funds_fall * 100.0,
                o.horizon
            )
        }
    );
    let (fitted, rules) = if zh {
        ("拟合模型", "规则预警分（现行默认）")
    } else {
        ("fitted model", "rule-based points (default)")
    };
    metrics_block(s, &[(fitted, &c.backtest), (rules, &c.rules)], zh);
    decile_table(s, &c.backtest.deciles, zh);
    weights_table(s, &c.backtest, zh, usize::MAX);
    in_force(s, cfg, zh);
}

fn credit_report(s: &mut String, c: &CreditCalibration, labels: usize, zh: bool) {
    let _ = writeln!(
        s,
        "{}",
        if zh {
            format!("信用评分卡：{labels} 个标签中 {} 个与客户匹配，{} 个未匹配", c.rows, c.unmatched.len())
        } else {
            format!(
                "Credit scorecard: {} of {labels} labels matched a customer in their period; {} unmatched",
                c.rows,
                c.unmatched.len()
            )
        }
    );
    if !c.unmatched.is_empty() {
        let first: Vec<String> = c.unmatched.iter().take(5).map(ToString::to_string).collect();
        let _ = writeln!(
            s,
            "  {} {}",
            if zh { "未匹配的行号（前 5 个）：" } else { "unmatched lines (first 5):" },
            first.join(", ")
        );
    }
    metrics_block(s, &[(if zh { "评分卡" } else { "scorecard" }, &c.fit.backtest)], zh);
    decile_table(s, &c.fit.backtest.deciles, zh);
    weights_table(s, &c.fit.backtest, zh, usize::MAX);
    scorecard_tables(s, &c.fit, zh);
}

fn table_report(s: &mut String, c: &TableCalibration, file: &Path, zh: bool) {
    let _ = writeln!(
        s,
        "{}",
        if zh {
            format!("表格：{}，{} 行，标签列 {}", file.display(), c.rows, c.label)
        } else {
            format!("Table: {}, {} rows, label column {}", file.display(), c.rows, c.label)
        }
    );
    for (name, why) in &c.skipped {
        let why_zh = match *why {
            "identifier-like" => "疑似标识列",
            "constant" => "常数列",
            _ => "已忽略",
        };
        let _ =
            writeln!(s, "  {} {name} ({})", if zh { "未使用列：" } else { "left out:" }, if zh { why_zh } else { why });
    }
    let (lg, sc) =
        if zh { ("逻辑回归", "评分卡（WoE 分箱）") } else { ("logistic", "scorecard (WoE bins)") };
    metrics_block(s, &[(lg, &c.logistic), (sc, &c.scorecard.backtest)], zh);
    let _ = writeln!(s, "[{lg}]");
    decile_table(s, &c.logistic.deciles, zh);
    weights_table(s, &c.logistic, zh, 20);
    let _ = writeln!(s, "[{sc}]");
    decile_table(s, &c.scorecard.backtest.deciles, zh);
    scorecard_tables(s, &c.scorecard, zh);
}

fn run_table(
    a: &CalibrateArgs,
    path: &Path,
    label: &str,
    sc_opts: ScorecardOptions,
    zh: bool,
    t: &mut Timings,
) -> Result<u8, Failure> {
    let bytes = std::fs::read(path).map_err(|e| io_fail(path, e))?;
    let table = parse_table(&bytes[..], &path.display().to_string()).map_err(fail)?;
    t.mark("load");
    let o = TableOptions { seed: a.seed, train_share: 0.7, l2: a.l2, scorecard: sc_opts, ignore: a.ignore.clone() };
    let c = calibrate_table(&table, label, &o).map_err(fail)?;
    t.mark("fit");
    let mut text = String::new();
    table_report(&mut text, &c, path, zh);
    if let Some(p) = &a.backtest_json {
        write_json(p, &serde_json::json!({ "table": { "logistic": c.logistic, "scorecard": c.scorecard.backtest } }))?;
    }
    if let Some(out) = &a.split_out {
        write_split(&bytes, &c.is_train, out)?;
        let _ = writeln!(
            text,
            "{}",
            if zh {
                format!("已写入带 split 列的表格 {}", out.display())
            } else {
                format!("wrote {} (the table with a split column)", out.display())
            }
        );
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
