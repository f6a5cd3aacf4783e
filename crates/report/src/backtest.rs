//! The backtest page (`backtest.html`) and the "which churn scoring is in force" line of the
//! methodology and early-warning pages.
//!
//! The page exists only when the configuration in force has a `[churn_model]` or a
//! `[credit_scorecard]`. The churn model is measured by
//! [`branchlens_core::calibrate::churn::backtest_model`] on the data being built, with the
//! time-based split of `branchlens calibrate --target churn` (default options, the model's own
//! horizon): nothing is computed here but the presentation. A credit scorecard's labels are not
//! part of the data directory, so its page shows the configured points of every bin and says
//! how to backtest it.

use branchlens_core::calibrate::churn::{backtest_model, ChurnCalibration, ChurnOptions};
use branchlens_core::calibrate::credit;
use branchlens_core::calibrate::scorecard::Scorecard;
use branchlens_core::calibrate::woe::BinKind;
use branchlens_core::calibrate::{Backtest, CalibrateError};
use branchlens_core::summary::Analysis;
use branchlens_i18n::Msg;
use minijinja::Value;
use serde::Serialize;

use crate::figures::ChartView;
use crate::format::{chart_number, chart_pct};
use crate::pages::{Ctx, Table};
use branchlens_charts::{self as charts, BarChart, LorenzChart, Series};

/// What the backtest page is made of, computed once per build (the model is bank-wide).
#[derive(Debug)]
pub struct BacktestData {
    /// `Some` when a `[churn_model]` is configured: its backtest, or why there is none.
    pub churn: Option<Result<ChurnCalibration, CalibrateError>>,
    pub scorecard: Option<Scorecard>,
}

/// The backtest of the models in the configuration of `a`; `None` when none is configured
/// (then the site has no backtest page).
pub fn compute(a: &Analysis<'_>) -> Option<BacktestData> {
    let cfg = a.cfg;
    if cfg.churn_model.is_none() && cfg.credit_scorecard.is_none() {
        return None;
    }
    let churn = cfg.churn_model.as_ref().map(|m| backtest_model(a.ds, cfg, m, &ChurnOptions::default()));
    Some(BacktestData { churn, scorecard: cfg.credit_scorecard.clone() })
}

/// A headline figure.
#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub note: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChurnSection {
    pub split: String,
    pub rows: String,
    pub figures: Vec<Figure>,
    pub compare: Table,
    pub calibration: Table,
    pub weights: Table,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScorecardSection {
    pub scaling: String,
    pub table: Table,
}

#[derive(Clone, Debug, Serialize)]
pub struct BacktestView {
    pub scoring: String,
    pub churn: Option<ChurnSection>,
    /// Why the churn model could not be backtested on these data.
    pub churn_error: Option<String>,
    pub scorecard: Option<ScorecardSection>,
}

fn num(x: f64) -> String {
    chart_number(x)
}

fn pct(x: f64) -> String {
    chart_pct(x)
}

impl Ctx<'_> {
    /// "Churn scoring in force: …" — rule-based points, or the configured logistic model.
    pub fn churn_scoring(&self) -> String {
        match &self.m.a.cfg.churn_model {
            None => self.t(Msg::BtScoringRules),
            Some(m) => self.tf(
                Msg::BtScoringModel,
                &[("features", m.features.len().to_string()), ("horizon", m.horizon.to_string())],
            ),
        }
    }

    fn opt3(&self, x: Option<f64>) -> String {
        x.filter(|v| v.is_finite()).map_or_else(|| charts::MISSING_CELL.to_string(), |v| self.f.num(v, 3))
    }

    fn lift(&self, x: Option<f64>) -> String {
        x.filter(|v| v.is_finite())
            .map_or_else(|| charts::MISSING_CELL.to_string(), |v| format!("{}×", self.f.num(v, 2)))
    }

    pub fn backtest_view(&self, d: &BacktestData) -> BacktestView {
        let (churn, churn_error) = match &d.churn {
            Some(Ok(c)) => (Some(self.churn_section(c)), None),
            Some(Err(e)) => (None, Some(self.tf(Msg::BtNoBacktest, &[("why", e.message(self.tr.lang()))]))),
            None => (None, None),
        };
        BacktestView {
            scoring: self.churn_scoring(),
            churn,
            churn_error,
            scorecard: d.scorecard.as_ref().map(|s| self.scorecard_section(s)),
        }
    }

    fn churn_section(&self, c: &ChurnCalibration) -> ChurnSection {
        let (b, r) = (&c.backtest, &c.rules);
        let f = &self.f;
        let periods = |ps: &[branchlens_core::Period]| match (ps.first(), ps.last()) {
            (Some(a), Some(z)) if a == z => f.period(*a),
            (Some(a), Some(z)) => format!("{} – {}", f.period(*a), f.period(*z)),
            _ => charts::MISSING_CELL.to_string(),
        };
        let split = self.tf(
            Msg::BtSplit,
            &[
                ("train", periods(&c.train_periods)),
                ("test", periods(&c.test_periods)),
                ("horizon", c.model.horizon.to_string()),
            ],
        );
        let rows = self.tf(
            Msg::BtRows,
            &[
                ("train_rows", f.count(b.train_rows as usize)),
                ("train_events", f.count(b.train_events as usize)),
                ("test_rows", f.count(b.test_rows as usize)),
                ("test_events", f.count(b.test_events as usize)),
            ],
        );
        let figures = vec![
            Figure { label: self.t(Msg::BtAuc), value: self.opt3(b.auc), note: self.t(Msg::BtAucNote) },
            Figure { label: self.t(Msg::BtKs), value: self.opt3(b.ks), note: self.t(Msg::BtKsNote) },
            Figure { label: self.t(Msg::BtLift), value: self.lift(b.top_decile_lift), note: self.t(Msg::BtLiftNote) },
        ];
        let mut compare = Table::new(
            vec![self.t(Msg::ColMeasure), self.t(Msg::ColFittedModel), self.t(Msg::ColRulePoints)],
            vec![1, 2],
        );
        for (key, m, x) in [
            (Msg::BtAuc, self.opt3(b.auc), self.opt3(r.auc)),
            (Msg::BtKs, self.opt3(b.ks), self.opt3(r.ks)),
            (Msg::BtLift, self.lift(b.top_decile_lift), self.lift(r.top_decile_lift)),
            (Msg::BtTrainAuc, self.opt3(b.train_auc), self.opt3(r.train_auc)),
        ] {
            compare.push(vec![self.t(key), m, x], None, "");
        }
        let mut calibration = Table::new(
            vec![
                self.t(Msg::ColDecile),
                self.t(Msg::ColRows),
                self.t(Msg::ColEvents),
                self.t(Msg::ColPredicted),
                self.t(Msg::ColObserved),
                self.t(Msg::ColLift),
            ],
            vec![1, 2, 3, 4, 5],
        );
        for d in &b.deciles {
            calibration.push(
                vec![
                    d.decile.to_string(),
                    f.count(d.rows as usize),
                    f.count(d.events as usize),
                    f.pct2(d.mean_predicted),
                    f.pct2(d.observed_rate),
                    self.lift(Some(d.lift)),
                ],
                None,
                "",
            );
        }
        let mut weights =
            Table::new(vec![self.t(Msg::ColFeature), self.t(Msg::ColWeight), self.t(Msg::ColMeaning)], vec![1]);
        weights.push(vec![self.t(Msg::BtIntercept), f.num(b.intercept, 4), String::new()], None, "");
        for w in &b.weights {
            weights.push(vec![w.feature.clone(), f.num(w.weight, 4), w.meaning(self.tr.lang()).to_string()], None, "");
        }
        ChurnSection { split, rows, figures, compare, calibration, weights }
    }

    fn scorecard_section(&self, s: &Scorecard) -> ScorecardSection {
        let f = &self.f;
        let scaling = self.tf(
            Msg::BtScaling,
            &[("base_score", f.num(s.base_score, 0)), ("base_odds", f.num(s.base_odds, 0)), ("pdo", f.num(s.pdo, 0))],
        );
        let mut table = Table::new(
            vec![
                self.t(Msg::ColFeature),
                self.t(Msg::ColBin),
                self.t(Msg::ColWoe),
                self.t(Msg::ColPoints),
                self.t(Msg::ColMeaning),
            ],
            vec![2, 3],
        );
        table.push(
            vec![self.t(Msg::BtBasePoints), String::new(), String::new(), f.num(s.base_points, 1), String::new()],
            None,
            "",
        );
        for feat in &s.features {
            let meaning = credit::meaning(&feat.name).map_or_else(String::new, |m| self.t(m));
            let mut lower = None;
            for bin in &feat.bins {
                let rule = bin.rule();
                table.push(
                    vec![
                        feat.name.clone(),
                        rule.label(lower),
                        f.num(bin.woe, 3),
                        f.num(bin.points, 1),
                        meaning.clone(),
                    ],
                    None,
                    "",
                );
                if bin.kind == BinKind::Range {
                    lower = bin.upper;
                }
            }
        }
        ScorecardSection { scaling, table }
    }

    /// The charts of the backtest page: ROC curve, lift per decile, score distribution by outcome.
    pub fn backtest_charts(&self, d: &BacktestData) -> Value {
        let mut slots: Vec<(&str, Value)> =
            vec![("roc", Value::from(())), ("lift", Value::from(())), ("scores", Value::from(()))];
        if let Some(Ok(c)) = &d.churn {
            let b: &Backtest = &c.backtest;
            let roc = charts::lorenz(
                &LorenzChart {
                    id: "chart-roc".into(),
                    title: self.t(Msg::ChartRoc),
                    x_label: self.t(Msg::AxisFpr),
                    y_label: self.t(Msg::AxisTpr),
                    curve_label: self.t(Msg::AxisTpr),
                    equality_label: self.t(Msg::BtRandom),
                    points: b.roc.iter().map(|p| (p.fpr, p.tpr)).collect(),
                },
                &pct,
            );
            let lift = charts::bar(
                &BarChart {
                    id: "chart-lift".into(),
                    title: self.t(Msg::ChartLift),
                    x_label: self.t(Msg::ColDecile),
                    y_label: self.t(Msg::ColLift),
                    categories: b.deciles.iter().map(|d| d.decile.to_string()).collect(),
                    series: vec![Series {
                        name: self.t(Msg::ColLift),
                        values: b.deciles.iter().map(|d| Some(d.lift)).collect(),
                    }],
                    stacked: false,
                    horizontal: false,
                },
                &num,
            );
            let h = &b.histogram;
            let categories: Vec<String> =
                h.edges.windows(2).map(|w| format!("{}–{}", chart_pct(w[0]), chart_pct(w[1]))).collect();
            let share = |v: &[u64]| -> Vec<Option<f64>> {
                let total: u64 = v.iter().sum();
                v.iter().map(|&n| (total > 0).then(|| n as f64 / total as f64)).collect()
            };
            let scores = charts::bar(
                &BarChart {
                    id: "chart-scores".into(),
                    title: self.t(Msg::ChartScoreByOutcome),
                    x_label: self.t(Msg::AxisProbability),
                    y_label: self.t(Msg::AxisShareOfOutcome),
                    categories,
                    series: vec![
                        Series { name: self.t(Msg::BtChurned), values: share(&h.events) },
                        Series { name: self.t(Msg::BtStayed), values: share(&h.non_events) },
                    ],
                    stacked: false,
                    horizontal: false,
                },
                &pct,
            );
            slots = vec![
                ("roc", Value::from_serialize(ChartView::from(roc))),
                ("lift", Value::from_serialize(ChartView::from(lift))),
                ("scores", Value::from_serialize(ChartView::from(scores))),
            ];
        }
        Value::from_iter(slots)
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use branchlens_core::calibrate::churn::{backtest_model, ChurnModel, ChurnOptions};
    use branchlens_core::calibrate::scorecard::{ScoreBin, Scorecard, ScorecardFeature};
    use branchlens_core::calibrate::woe::BinKind;
    use branchlens_core::config::{Config, Lang, Unit};
    use branchlens_core::summary::analyze;
    use branchlens_core::{load, Inputs, LoadOptions, Loaded, Period};

    use crate::format::Fmt;
    use crate::{render_site, QualityInput, SiteFile, SiteOptions, Templates};

    const MANAGERS: &str =
        "manager_id,name,branch_id,grade,hire_date,status,deposit_target,loan_target,fee_target,new_customers_target\n\
        M01,王芳,B01,senior,2015-03-01,active,,,,\n";

    /// Ten months (2026-01..10), 40 customers. Customer k (k % 4 == 0) leaves after month
    /// (k / 4) % 10 (0-based), its funds at a fifth and its transactions at 1 in its last two
    /// months (so its churn label and its funds/transaction drops mostly coincide); the others
    /// stay with steady funds, except that k % 8 == 1 dips the same way in month k % 10 (a false
    /// alarm). So each of the months 1, 2, 5, 6 has customers who are gone within 3 months (the
    /// churn label) and customers who stay.
    fn dataset() -> Loaded {
        let mut csv = String::from(
            "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,loan_class,overdue_days,last_contact,complaints,phone\n",
        );
        for m in 0..10u32 {
            for k in 0..40u32 {
                let last = if k % 4 == 0 { (k / 4) % 10 } else { 9 };
                if m > last {
                    continue;
                }
                let falling = (k % 4 == 0 && last < 9 && m + 1 >= last) || (k % 8 == 1 && m == k % 10);
                let (funds, txn) = if falling { (10_000 + 100 * k, 1) } else { (50_000 + 500 * k, 10 + k % 5) };
                let _ = writeln!(
                    csv,
                    "2026-{:02},C{k:03},客户{k},retail,B01,M01,2018-01-01,{funds},0,0,0,deposit,{txn},,,,2026-{:02}-01,0,",
                    m + 1,
                    m + 1
                );
            }
        }
        load(
            Inputs { customers: csv.as_bytes(), managers: MANAGERS.as_bytes(), credit_splits: None::<&[u8]> },
            &LoadOptions::default(),
        )
        .expect("fixture loads")
    }

    fn model() -> ChurnModel {
        ChurnModel {
            horizon: 3,
            intercept: -2.0,
            features: vec!["funds_drop".into(), "txn_drop".into()],
            weights: vec![3.0, 1.5],
        }
    }

    fn options(lang: Lang) -> SiteOptions {
        SiteOptions {
            lang,
            unit: Unit::Yuan,
            mask: true,
            split_by_branch: false,
            tool_version: "0.0.0-test".into(),
            inputs: Vec::new(),
            config_file: None,
            templates_overridden: Vec::new(),
            encryption: None,
        }
    }

    fn build(l: &Loaded, cfg: &Config, lang: Lang, p: &str) -> Vec<SiteFile> {
        let a = analyze(&l.dataset, cfg, Period::parse(p).expect("period"));
        let q = QualityInput { files: &l.files, issues: &l.issues };
        render_site(&a, &q, &options(lang), &Templates::embedded()).expect("site renders")
    }

    fn page<'f>(files: &'f [SiteFile], path: &str) -> Option<&'f str> {
        files.iter().find(|f| f.path == path).map(|f| std::str::from_utf8(&f.bytes).expect("utf-8"))
    }

    fn without_svg(html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let (Some(i), Some(j)) = (rest.find("<svg"), rest.find("</svg>")) {
            out.push_str(&rest[..i]);
            out.push_str("<svg/>");
            rest = &rest[j + "</svg>".len()..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn backtest_page_shows_the_core_backtest_of_the_configured_model() {
        let l = dataset();
        let cfg = Config { churn_model: Some(model()), ..Config::default() };
        // The figures the page must show, from core (the page computes none of them).
        let c = backtest_model(&l.dataset, &cfg, &model(), &ChurnOptions::default()).expect("backtest");
        let b = &c.backtest;
        assert_eq!(b.weights.len(), 2);
        assert!(b.test_events > 0 && b.test_events < b.test_rows, "{} of {}", b.test_events, b.test_rows);
        let f = Fmt::new(Lang::En, Unit::Yuan);
        for lang in [Lang::En, Lang::ZhCn] {
            let files = build(&l, &cfg, lang, "2026-10");
            let html = page(&files, "backtest.html").expect("backtest page");
            assert!(html.contains("href=\"backtest.html\""), "nav link");
            for id in ["chart-roc", "chart-lift", "chart-scores"] {
                assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
            }
            let auc = f.num(b.auc.expect("auc"), 3);
            let ks = f.num(b.ks.expect("ks"), 3);
            assert!(html.contains(&format!("<div class=\"value\">{auc}</div>")), "AUC {auc}");
            assert!(html.contains(&format!("<div class=\"value\">{ks}</div>")), "KS {ks}");
            // Every fitted weight with its feature's meaning; ten decile rows.
            assert!(html.contains("funds_drop") && html.contains("3.0000") && html.contains("1.5000"));
            let meaning = if lang == Lang::En { "Funds drop 1 − f" } else { "资金降幅（相对基期" };
            assert!(html.contains(meaning), "{meaning}");
            // The held-out months are named: positions 5 and 6 of 0..9 (2026-06, 2026-07; a label
            // needs the 3 months after it).
            let fl = Fmt::new(lang, Unit::Yuan);
            assert_eq!(
                c.test_periods,
                vec![Period::parse("2026-06").expect("p"), Period::parse("2026-07").expect("p")]
            );
            for p in &c.test_periods {
                assert!(html.contains(&fl.period(*p)), "test month {p} named");
            }
            // The early-warning and methodology pages name the model in force.
            for p in ["warnings.html", "methodology.html"] {
                let text = page(&files, p).expect(p);
                let key = if lang == Lang::En { "fitted logistic model" } else { "拟合的逻辑回归模型" };
                assert!(text.contains(key), "{p}");
            }
            if lang == Lang::En {
                insta::assert_snapshot!("backtest_en", without_svg(html));
            }
        }
    }

    #[test]
    fn early_warning_lists_show_the_model_probability_beside_the_rule_points() {
        let l = dataset();
        let cfg = Config { churn_model: Some(model()), ..Config::default() };
        // In 2026-07, C028 (k = 28 → leaves after month index 7, 2026-08) has its funds at about
        // a fifth of the baseline and 1 transaction: funds and transaction warnings, and a model
        // probability σ(−2 + 3·drop + 1.5·txn_drop) well above the steady customers' σ(−2).
        let files = build(&l, &cfg, Lang::En, "2026-07");
        let html = page(&files, "warnings.html").expect("warnings");
        assert!(html.contains("Model P(churn)"));
        let row = html.split("<tr>").find(|r| r.contains(">C028<")).expect("C028 listed");
        let cells: Vec<&str> =
            row.split("<td class=\"num\">").skip(1).map(|c| c.split('<').next().unwrap_or("")).collect();
        assert!(cells.iter().any(|c| c.ends_with('%')), "{row}");
        let plain = build(&l, &Config::default(), Lang::En, "2026-07");
        let html0 = page(&plain, "warnings.html").expect("warnings");
        assert!(!html0.contains("Model P(churn)"));
        assert!(html0.contains("rule-based points (default)"));
        // The rule-based levels are the same with and without the model.
        let levels = |h: &str| h.matches("class=\"tag level-").count();
        assert_eq!(levels(html), levels(html0));
        let sj = |fs: &[SiteFile]| fs.iter().find(|f| f.path == "summary.json").map(|f| f.bytes.clone());
        let (a, b) = (sj(&files).expect("summary"), sj(&plain).expect("summary"));
        assert_eq!(a, b, "summary.json does not depend on the model");
    }

    #[test]
    fn without_a_model_there_is_no_backtest_page_or_link() {
        let l = dataset();
        let files = build(&l, &Config::default(), Lang::En, "2026-10");
        assert!(page(&files, "backtest.html").is_none());
        for f in files.iter().filter(|f| f.path.ends_with(".html")) {
            assert!(!String::from_utf8_lossy(&f.bytes).contains("backtest.html"), "{}", f.path);
        }
    }

    #[test]
    fn too_few_periods_are_said_plainly_and_a_scorecard_shows_its_points() {
        let scorecard = Scorecard {
            base_score: 600.0,
            base_odds: 50.0,
            pdo: 20.0,
            intercept: -3.0,
            base_points: 512.5,
            features: vec![ScorecardFeature {
                name: "overdue_days".into(),
                coefficient: 0.9,
                bins: vec![
                    ScoreBin {
                        kind: BinKind::Range,
                        upper: Some(0.0),
                        categories: Vec::new(),
                        with_missing: true,
                        woe: 0.4,
                        points: 10.4,
                    },
                    ScoreBin {
                        kind: BinKind::Range,
                        upper: None,
                        categories: Vec::new(),
                        with_missing: false,
                        woe: -1.2,
                        points: -31.2,
                    },
                ],
            }],
        };
        let cfg = Config { churn_model: Some(model()), credit_scorecard: Some(scorecard), ..Config::default() };
        // With four months of data, the churn backtest (horizon 3, 2 test months) needs
        // 2·3 + 2 + 1 = 9 and says so.
        let short = steady_csv(4);
        let l4 = load(
            Inputs { customers: short.as_bytes(), managers: MANAGERS.as_bytes(), credit_splits: None::<&[u8]> },
            &LoadOptions::default(),
        )
        .expect("loads");
        for (lang, said) in [
            (Lang::En, "No backtest on these data: the data has 4 periods; labelling churn needs at least 9."),
            (Lang::ZhCn, "本数据无法回测：数据只有 4 个期间；标注流失至少需要 9 个。"),
        ] {
            let files = build(&l4, &cfg, lang, "2026-04");
            let html = page(&files, "backtest.html").expect("page");
            assert!(html.contains(said), "{html}");
            assert!(!html.contains("chart-roc"));
            // The scorecard: base points and every bin with its points.
            assert!(html.contains("512.5") && html.contains("≤ 0 (+missing)") && html.contains("&gt; 0"));
            assert!(html.contains("10.4") && html.contains("-31.2"));
        }
    }

    /// `n` months of ten steady customers.
    fn steady_csv(n: u32) -> String {
        let mut csv = String::from(
            "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,loan_class,overdue_days,last_contact,complaints,phone\n",
        );
        for m in 0..n {
            for k in 0..10u32 {
                let _ = writeln!(
                    csv,
                    "2026-{:02},C{k:03},客户{k},retail,B01,M01,2018-01-01,50000,0,0,0,deposit,10,,,,2026-{:02}-01,0,",
                    m + 1,
                    m + 1
                );
            }
        }
        csv
    }
}
