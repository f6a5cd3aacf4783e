use super::*;
use branchlens_bundle::{encode, EncodeOptions};
use branchlens_core::config;
use branchlens_core::summary::analyze;
use branchlens_core::{load, Inputs, LoadOptions};

fn sample() -> Dataset {
    load(
        Inputs {
            customers: &include_bytes!("../../../../sample-data/customers.csv")[..],
            managers: &include_bytes!("../../../../sample-data/managers.csv")[..],
            credit_splits: Some(&include_bytes!("../../../../sample-data/credit_splits.csv")[..]),
        },
        &LoadOptions::default(),
    )
    .expect("sample-data loads")
    .dataset
}

fn session(ds: &Dataset, cfg: &Config, lang: Lang) -> Session {
    let l = ds.latest().expect("periods");
    let bytes = encode(ds, cfg, &EncodeOptions { period: l, mask: true, branch: None });
    Session::new(&bytes, lang).expect("bundle decodes")
}

/// Per-customer results as comparable text: id, contribution bits, s3 bits, tier, level, points,
/// reasons, risk, rising.
fn per_customer(ds: &Dataset, m: &CustomerMetrics) -> Vec<String> {
    m.customers
        .iter()
        .map(|x| {
            format!(
                "{} {:x} {:x} {:?} {:?} {} {} {:?} {}",
                ds.customer_id(x.customer),
                x.contribution.to_bits(),
                x.s3.to_bits(),
                x.tier,
                x.churn_level,
                x.churn_points,
                x.reasons.join(),
                x.risk_class,
                x.rising
            )
        })
        .collect()
}

#[test]
fn defaults_equal_the_cli_analysis() {
    let ds = sample();
    let cfg = Config::default();
    let l = ds.latest().expect("periods");
    let a = analyze(&ds, &cfg, l);
    let summary = a.summary();
    let mut s = session(&ds, &cfg, Lang::En);
    assert_eq!(per_customer(s.dataset(), s.metrics()), per_customer(&ds, &a.customers));
    // Everyone selected: the totals are summary.json's.
    s.filter(&Filter::default()).expect("filter");
    let t = s.totals();
    assert_eq!(t.counts, summary.counts);
    assert_eq!(t.figures.customers, summary.headlines.customers.value);
    assert_eq!(t.figures.deposit_avg, summary.headlines.deposit_avg.value);
    assert_eq!(t.figures.loan_balance, summary.headlines.loan_balance.value);
    assert_eq!(t.figures.aum, summary.headlines.aum.value);
    assert_eq!(t.figures.fee_income, summary.headlines.fee_income.value);
    assert_eq!(t.figures.contribution.to_bits(), summary.headlines.contribution.value.to_bits());
    assert_eq!(t.figures.npl_ratio, summary.headlines.npl_ratio.value);
    assert_eq!((t.moved_tier, t.moved_level), (0, 0));
}

#[test]
fn rescoring_equals_the_core_on_the_full_data() {
    let ds = sample();
    let mut s = session(&ds, &Config::default(), Lang::En);
    let mut cfg = Config::default();
    cfg.tiers.vip_share = 0.10;
    cfg.tiers.key_share = 0.30;
    cfg.churn.level_yellow = 20;
    cfg.churn.funds_drop_1_points = 30;
    cfg.contribution.deposit_spread = 0.02;
    let json = serde_json::to_string(&cfg).expect("serializes");
    let d = s.set_config_json(&json).expect("valid config");
    let full = customer_metrics(&ds, &cfg, ds.latest().expect("periods"));
    assert_eq!(per_customer(s.dataset(), s.metrics()), per_customer(&ds, &full));
    // The diff adds up: every customer is in one cell of each matrix.
    let n = s.len();
    assert_eq!(d.tiers.iter().flatten().sum::<usize>(), n);
    assert_eq!(d.levels.iter().flatten().sum::<usize>(), n);
    let off_diag = |m: &[[usize; 4]; 4]| {
        (0..4).flat_map(|i| (0..4).map(move |j| (i, j))).filter(|(i, j)| i != j).map(|(i, j)| m[i][j]).sum::<usize>()
    };
    assert_eq!(off_diag(&d.tiers), d.moved_tier);
    assert_eq!(off_diag(&d.levels), d.moved_level);
    assert!(d.moved_tier > 0, "a wider vip/key share moves customers up");
    assert!(d.moved_level > 0, "a lower yellow threshold moves customers");
    // "moved" selects exactly those customers.
    let moved = s.filter(&Filter { moved: true, ..Filter::default() }).expect("filter").len();
    assert_eq!(moved, d.moved);
    // Back to the defaults: nobody moved.
    let d = s.set_config(Config::default()).expect("defaults");
    assert_eq!(d.moved, 0);
}

#[test]
fn invalid_parameters_are_refused_in_the_page_language() {
    let ds = sample();
    let mut s = session(&ds, &Config::default(), Lang::ZhCn);
    let mut cfg = Config::default();
    cfg.tiers.vip_share = 0.5; // > key_share
    let e = s.set_config(cfg).expect_err("vip_share > key_share");
    assert!(e.message(Lang::ZhCn).contains("tiers.vip_share"), "{}", e.message(Lang::ZhCn));
    let mut cfg = Config::default();
    cfg.tiers.window = 4; // needs 8 months; the bundle carries 6 of 13
    let e = s.set_config(cfg).expect_err("window too long");
    assert!(matches!(e, ExplorerError::Window { needed: 8, carried: 6 }));
    assert_eq!(e.message(Lang::ZhCn), "该窗口需要 8 个月的数据，本站点只包含 6 个月");
    assert!(s.set_config_json("{\"tiers\": {\"vip_sharez\": 1}}").is_err());
    // Nothing changed.
    assert_eq!(s.config(), &Config::default());
}

#[test]
fn toml_export_round_trips_through_the_cli_parser() {
    let ds = sample();
    let mut s = session(&ds, &Config::default(), Lang::En);
    let mut cfg = Config::default();
    cfg.tiers.vip_share = 0.07;
    cfg.churn.level_red = 65;
    cfg.contribution.credit_cost_rate.special = 0.035;
    cfg.risk.watch_funds_drop = 0.25;
    s.set_config(cfg.clone()).expect("valid");
    let text = s.config_toml();
    assert_eq!(config::parse(&text), Ok(cfg));
    // A configuration with a fitted churn model (`branchlens calibrate`) goes back out whole.
    let with_model = config::parse(
        "[tiers]\nvip_share = 0.06\n\n[churn_model]\nhorizon = 3\nintercept = -2.5\nfeatures = [\"funds_drop\"]\nweights = [1.25]\n",
    )
    .expect("a valid configuration with a churn model");
    assert!(with_model.churn_model.is_some());
    let s2 = session(&ds, &with_model, Lang::En);
    assert_eq!(config::parse(&s2.config_toml()), Ok(with_model));
    let defaults = session(&ds, &Config::default(), Lang::En).config_toml();
    assert_eq!(config::parse(&defaults), Ok(Config::default()));
}

#[test]
fn filters_groups_and_sorting() {
    let ds = sample();
    let mut s = session(&ds, &Config::default(), Lang::En);
    let all = s.filter(&Filter::default()).expect("filter").len();
    assert_eq!(all, s.len());
    let b0 = s.dataset().branch_ids.get("B01").expect("B01").0;
    let sel = s.filter(&Filter { branch: vec![b0], tier: vec![0, 1], ..Filter::default() }).expect("filter").to_vec();
    assert!(!sel.is_empty());
    for &i in &sel {
        let m = &s.metrics().customers[i as usize];
        assert_eq!(m.branch.0, b0);
        assert!(m.tier.is_valuable());
    }
    // Groups by branch of everyone add up to the totals (amounts exact).
    s.filter(&Filter::default()).expect("filter");
    let t = s.totals();
    let groups = s.groups("branch").expect("groups");
    assert_eq!(groups.iter().map(|g| g.customers).sum::<usize>(), t.figures.customers);
    let dep: f64 = groups.iter().map(|g| g.deposit).sum();
    assert!((dep - t.figures.deposit_avg.yuan()).abs() < 1e-3);
    assert!(s.groups("colour").is_err());
    // Ranges and the id search.
    let sel = s
        .filter(&Filter { aum: [Some(100_000.0), None], q: "c00000".into(), ..Filter::default() })
        .expect("f")
        .to_vec();
    for &i in &sel {
        let r = &s.dataset().customers[s.metrics().customers[i as usize].row];
        assert!(r.aum.yuan() >= 100_000.0);
        assert!(s.dataset().customer_id(r.customer).starts_with("C00000"));
    }
    // Sorting: descending contribution, ties by id.
    s.filter(&Filter::default()).expect("filter");
    let order = s.sort("contribution", true).expect("sort").to_vec();
    let c = |i: u32| s.metrics().customers[i as usize].contribution;
    assert!(order.windows(2).all(|w| c(w[0]) > c(w[1]) || (c(w[0]) == c(w[1]) && w[0] < w[1])));
    assert!(s.filter(&Filter { reason: vec!["NOPE".into()], ..Filter::default() }).is_err());
}

#[test]
fn csv_cells_are_safe_from_formula_injection() {
    assert_eq!(safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    assert_eq!(safe("+1"), "'+1");
    assert_eq!(safe("-5.5"), "'-5.5");
    assert_eq!(safe("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(safe("\tx"), "'\tx");
    assert_eq!(safe("\rx"), "'\rx");
    assert_eq!(safe("C0001"), "C0001");
    assert_eq!(safe(""), "");
    let ds = sample();
    let mut s = session(&ds, &Config::default(), Lang::ZhCn);
    s.filter(&Filter { tier: vec![3], ..Filter::default() }).expect("filter");
    let text = s.csv();
    let mut lines = text.lines();
    assert!(lines.next().expect("header").starts_with("\u{feff}客户号,客户名称,手机号"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), s.selection().len());
    // below_cost customers have a negative s3: that cell is protected.
    assert!(rows.iter().all(|r| r.contains(",'-")), "{:?}", rows.first());
}

/// A `[churn_model]` over every kind of feature (ratios, counts, windows, tiers, signal flags).
fn model_config() -> Config {
    let mut cfg = Config::default();
    let features = [
        "funds_drop",
        "txn_drop",
        "products_lost",
        "product_count",
        "months_since_contact",
        "complaints",
        "tenure_years",
        "log_funds",
        "tier_vip",
        "tier_below_cost",
        "corporate",
        "signal_funds30",
        "signal_no_contact90",
        "signal_unassigned",
    ];
    cfg.churn_model = Some(churn::ChurnModel {
        horizon: 3,
        intercept: -2.25,
        features: features.iter().map(|f| (*f).to_owned()).collect(),
        weights: vec![1.5, 0.75, 0.4, -0.2, 0.05, 0.3, -0.04, -0.1, -0.6, 0.25, -0.3, 0.8, 0.35, 0.9],
    });
    cfg.validate().expect("a valid model");
    cfg
}

/// The session's P(churn) column as (customer id, bits).
fn session_probabilities(s: &Session) -> Vec<(String, u64)> {
    let ds = s.dataset();
    let p = s.score_column("p_churn").expect("p_churn column");
    assert_eq!(p.len(), s.len());
    s.metrics().customers.iter().zip(p).map(|(m, v)| (ds.customer_id(m.customer).to_owned(), v.to_bits())).collect()
}

/// Core `calibrate::churn::predict` on the full data as (customer id, bits).
fn core_probabilities(ds: &Dataset, cfg: &Config) -> Vec<(String, u64)> {
    let l = ds.latest().expect("periods");
    churn::predict(ds, cfg, l).into_iter().map(|(c, v)| (ds.customer_id(c).to_owned(), v.to_bits())).collect()
}

#[test]
fn churn_model_probabilities_equal_the_core_predict_to_the_bit() {
    // The bundle carries only the periods the scoring windows reach (fewer than the 13 months of
    // sample-data) and only the customers of L; the model's features read the same windows, so
    // every probability is the CLI's.
    let ds = sample();
    let cfg = model_config();
    assert!(
        bundle::periods_needed(&cfg) < ds.periods.len(),
        "the bundle must be a truncated one for this test to mean something"
    );
    let mut s = session(&ds, &cfg, Lang::En);
    assert!(!s.b.complete);
    assert!(s.model_in_force());
    let want = core_probabilities(&ds, &cfg);
    assert_eq!(want.len(), s.len());
    assert!(want.iter().all(|(_, b)| f64::from_bits(*b).is_finite()));
    let distinct: std::collections::BTreeSet<u64> = want.iter().map(|x| x.1).collect();
    assert!(distinct.len() > 100, "the model separates customers: {} values", distinct.len());
    assert_eq!(session_probabilities(&s), want);

    // A re-score changes the rules behind the signal flags and tiers: the probabilities follow.
    let mut changed = cfg.clone();
    changed.churn.funds_drop_1 = 0.1;
    changed.churn.no_contact_days_1 = 30;
    changed.tiers.vip_share = 0.2;
    let want2 = core_probabilities(&ds, &changed);
    assert_ne!(want2, want, "the change must move some probabilities");
    s.set_config(changed).expect("re-score");
    assert_eq!(session_probabilities(&s), want2);

    // Sorting by the probability puts the highest first.
    let sel = s.sort("p_churn", true).expect("sort").to_vec();
    let p = s.churn_probabilities();
    assert!(sel.windows(2).all(|w| p[w[0] as usize] >= p[w[1] as usize]));

    // The call list carries the probability as its last column.
    let text = s.csv();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(r.headers().expect("header").iter().next_back(), Some("churn_probability"));
    let first = r.records().next().expect("a row").expect("a record");
    let top = sel[0] as usize;
    assert_eq!(first.get(0), Some(s.dataset().customer_id(s.metrics().customers[top].customer)));
    assert_eq!(
        first.iter().next_back().map(str::parse::<f64>).and_then(Result::ok).map(f64::to_bits),
        Some(p[top].to_bits())
    );
}

#[test]
fn without_a_model_only_the_rule_points_are_in_force() {
    let ds = sample();
    let mut s = session(&ds, &Config::default(), Lang::ZhCn);
    assert!(!s.model_in_force());
    assert!(s.score_column("p_churn").expect("column").iter().all(|v| v.is_nan()));
    assert!(!s.csv().contains("模型流失概率"));
    // A configuration with a model turns it on (the page never edits the weights, but the core
    // takes what it is given); back without it, it is off again.
    s.set_config(model_config()).expect("re-score");
    assert!(s.model_in_force());
    assert_eq!(session_probabilities(&s), core_probabilities(&ds, &model_config()));
    let header = s.csv().lines().next().map(str::to_owned).unwrap_or_default();
    assert!(header.ends_with(",模型流失概率"), "{header}");
    s.set_config(Config::default()).expect("re-score");
    assert!(!s.model_in_force());
    assert!(s.churn_probabilities().iter().all(|v| v.is_nan()));
}
