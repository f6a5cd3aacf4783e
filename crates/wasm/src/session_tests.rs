use super::*;
use branchlens_core::bundle::{encode, EncodeOptions};
use branchlens_core::config;
use branchlens_core::summary::analyze;
use branchlens_core::{load, Inputs, LoadOptions};

fn sample() -> Dataset {
    load(
        Inputs {
            customers: &include_bytes!("../../../sample-data/customers.csv")[..],
            managers: &include_bytes!("../../../sample-data/managers.csv")[..],
            credit_splits: Some(&include_bytes!("../../../sample-data/credit_splits.csv")[..]),
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
