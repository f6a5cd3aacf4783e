use super::*;
use crate::config::Config;
use crate::metrics::customer::customer_metrics;
use crate::metrics::customer::fixture::{bid, cid, csv, load, load_text, p, Row, MANAGERS};
use crate::metrics::customer::{Reason, Tier};
use crate::model::{Amount, CustomerRow, Dataset, Industry, Kind, Period, Sym};
use proptest::prelude::*;

fn cfg() -> Config {
    Config::default()
}

/// The rows of period `q` matching `f`, in row order.
fn rows_where(ds: &Dataset, q: Period, f: impl Fn(&CustomerRow) -> bool) -> Vec<&CustomerRow> {
    ds.rows_in(q).iter().filter(|r| f(r)).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn pareto_top_share_and_lorenz() {
    // 11 retail customers in L with contributions 100, 90, …, 10 and −50.
    // n = 11 → top ceil(0.2 × 11) = ceil(2.2) = 3: 100 + 90 + 80 = 270.
    // Positive total = 100 + 90 + … + 10 = 550 (the −50 adds nothing) → 270 / 550.
    let mut rows: Vec<Row> = (1..=10).map(|i| Row::new("2026-10", &format!("R{i:02}")).contrib(10 * i)).collect();
    rows.push(Row::new("2026-10", "Z").contrib(-50));
    // Two corporate: 1,000 and 0 → top ceil(0.4) = 1 → 1,000 / 1,000 = 1.
    rows.push(Row::new("2026-10", "C1").corporate().contrib(1_000));
    rows.push(Row::new("2026-10", "C2").corporate().contrib(0));
    // A row in another period is not counted.
    rows.push(Row::new("2026-09", "R01").contrib(1_000_000));
    let ds = load(&rows, MANAGERS);
    let s = pareto(&cfg(), p("2026-10"), ds.rows_in(p("2026-10")));
    let r = &s.retail;
    assert_eq!((r.customers, r.top_customers), (11, 3));
    assert_eq!((r.top_positive, r.total_positive), (270.0, 550.0));
    assert_eq!(r.share, Some(270.0 / 550.0));
    // Curve: 12 points, (0, 0), (1/11, 100/550), …, (1, 1); the last two are flat (Z adds 0).
    assert_eq!(r.curve.len(), 12);
    assert_eq!(r.curve[0], LorenzPoint { customers: 0.0, contribution: 0.0 });
    assert_eq!(r.curve[1], LorenzPoint { customers: 1.0 / 11.0, contribution: 100.0 / 550.0 });
    assert_eq!(r.curve[10].contribution, 1.0);
    assert_eq!(r.curve[11], LorenzPoint { customers: 1.0, contribution: 1.0 });
    assert_eq!((s.corporate.customers, s.corporate.top_customers, s.corporate.share), (2, 1, Some(1.0)));
    // Overall: n = 13 → top ceil(2.6) = 3: 1,000 + 100 + 90 = 1,190 of 1,550.
    assert_eq!((s.overall.customers, s.overall.top_customers), (13, 3));
    assert_eq!((s.overall.top_positive, s.overall.total_positive), (1_190.0, 1_550.0));
    // A branch subset.
    let b = pareto(&cfg(), p("2026-10"), rows_where(&ds, p("2026-10"), |r| r.kind == Kind::Corporate));
    assert_eq!(b.overall.total_positive, 1_000.0);
}

#[test]
fn pareto_ties_empty_and_no_positive() {
    // Ties at the cut by id: n = 5 → top 1; A and B both 100: A (lower id) is the top one.
    let items: Vec<(Sym, f64)> = vec![(Sym(0), 100.0), (Sym(1), 100.0), (Sym(2), 5.0), (Sym(3), 0.0), (Sym(4), -1.0)];
    let x = pareto_of(&items, 0.2);
    assert_eq!((x.top_customers, x.top_positive, x.total_positive), (1, 100.0, 205.0));
    assert_eq!(x.curve[1].contribution, 100.0 / 205.0);
    // No positive contribution: no share, no curve.
    let x = pareto_of(&[(Sym(0), -5.0), (Sym(1), 0.0)], 0.2);
    assert_eq!((x.share, x.curve.len()), (None, 0));
    let x = pareto_of(&[], 0.2);
    assert_eq!((x.customers, x.top_customers, x.share, x.curve.len()), (0, 0, None, 0));
}

#[test]
fn lorenz_down_sampled() {
    // n = 1,000 equal contributions: 200 points, k_j = round(j × 1000 / 199), from (0, 0) to
    // (1, 1), strictly increasing, and on the diagonal.
    let items: Vec<(Sym, f64)> = (0..1_000).map(|i| (Sym(i), 1.0)).collect();
    let x = pareto_of(&items, 0.2);
    assert_eq!(x.curve.len(), LORENZ_MAX_POINTS);
    assert_eq!(x.curve[0], LorenzPoint { customers: 0.0, contribution: 0.0 });
    assert_eq!(x.curve[199], LorenzPoint { customers: 1.0, contribution: 1.0 });
    // j = 1: (1000 + 99) / 199 = 5 → (0.005, 0.005).
    assert_eq!(x.curve[1].customers, 0.005);
    assert!(x.curve.windows(2).all(|w| w[0].customers < w[1].customers));
    assert!(x.curve.iter().all(|pt| close(pt.customers, pt.contribution)));
    // top 200 of 1,000 = 0.2.
    assert_eq!(x.share, Some(0.2));
    // n = 199: all 200 points.
    let items: Vec<(Sym, f64)> = (0..199).map(|i| (Sym(i), 1.0)).collect();
    assert_eq!(pareto_of(&items, 0.2).curve.len(), 200);
}

#[test]
fn loan_quality_by_class() {
    let rows = vec![
        Row::new("2026-10", "A").corporate().loan(1_000_000, "normal", ""),
        Row::new("2026-10", "B").corporate().loan(200_000, "special", ""),
        Row::new("2026-10", "C").corporate().loan(100_000, "substandard", ""),
        Row::new("2026-10", "D").corporate().loan(50_000, "doubtful", ""),
        Row::new("2026-10", "E").corporate().loan(10_000, "loss", ""),
        Row::new("2026-10", "F").loan(40_000, "", ""), // empty class → normal
        Row::new("2026-10", "G"),                      // no loan
        Row::new("2026-09", "A").corporate().loan(9_999_999, "loss", ""),
    ];
    let ds = load(&rows, MANAGERS);
    let q = loan_quality(ds.rows_in(p("2026-10")), &cfg().provision);
    // normal 1,000,000 + 40,000 = 1,040,000; total 1,400,000; NPL 100,000 + 50,000 + 10,000
    // = 160,000 → 160,000 / 1,400,000 = 0.1142857…
    let y = |v: i64| Amount(v * 100);
    assert_eq!(q.balances.normal, y(1_040_000));
    assert_eq!(q.balances.special, y(200_000));
    assert_eq!(q.balances.loss, y(10_000));
    assert_eq!((q.total, q.npl, q.unclassified, q.borrowers), (y(1_400_000), y(160_000), y(40_000), 6));
    assert_eq!(q.npl_ratio, Some(160_000.0 / 1_400_000.0));
    // Provision: 1,040,000 × 0.01 = 10,400; 200,000 × 0.02 = 4,000; 100,000 × 0.25 = 25,000;
    // 50,000 × 0.50 = 25,000; 10,000 × 1.00 = 10,000 → 74,400.
    assert!(close(q.provision, 74_400.0), "{}", q.provision);
    // A branch / kind subset: retail only → F: 40,000 normal, provision 400, NPL ratio 0.
    let r = loan_quality(rows_where(&ds, p("2026-10"), |r| r.kind == Kind::Retail), &cfg().provision);
    assert_eq!((r.total, r.npl_ratio), (y(40_000), Some(0.0)));
    assert!(close(r.provision, 400.0));
    // No loans: ratio None.
    let e = loan_quality(std::iter::empty(), &cfg().provision);
    assert_eq!((e.total, e.npl_ratio, e.provision), (Amount::ZERO, None, 0.0));
}

#[test]
fn counts_by_group() {
    // Branch B1: A (vip), B (ordinary, MANAGER_LEFT 20 → none); branch B2: C (below_cost).
    // n = 3 retail: vip ≤ 1, key ≤ ceil(0.6) = 1.
    let rows = vec![
        Row::new("2026-10", "A").contrib(100),
        Row::new("2026-10", "B").contrib(10).manager("M2"),
        Row::new("2026-10", "C").contrib(-10).branch("B2"),
    ];
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let all = counts(&ds, &m, |_| true);
    assert_eq!(all.customers, 3);
    assert_eq!(all.tiers, TierCounts { vip: 1, key: 0, ordinary: 1, below_cost: 1 });
    assert_eq!(all.levels, LevelCounts { none: 3, yellow: 0, orange: 0, red: 0 });
    assert_eq!(all.risk.normal, 3);
    let left = all.reasons.iter().find(|r| r.reason == Reason::ManagerLeft).map(|r| r.customers);
    assert_eq!(left, Some(1));
    assert_eq!(all.reasons.len(), 11);
    let b2 = bid(&ds, "B2");
    let g = Group::branch(b2);
    let c2 = counts(&ds, &m, |r| g.matches(r));
    assert_eq!((c2.customers, c2.tiers.below_cost, c2.tiers.vip), (1, 1, 0));
}

#[test]
fn tier_migration_matrix() {
    // 2026-09 (n = 6; vip ≤ ceil(0.3) = 1, key ≤ ceil(1.2) = 2), s3 = that month:
    //   A 100 vip, B 90 key, L1 60, C 50, D 10 ordinary, E −5 below_cost.
    // 2026-10 (n = 6), s3 = mean of 09 and 10:
    //   A (100 + 0) / 2 = 50, B 90, C (50 + 250) / 2 = 150, D 10, E (−5 + 25) / 2 = 10,
    //   N1 500 → N1 vip, C key, B, A, D, E (D/E tie at 10, D first) ordinary.
    // A vip→ordinary, B key→ordinary, C ordinary→key, D ordinary→ordinary,
    // E below_cost→ordinary, L1 ordinary→lost, N1 new→vip.
    let rows = vec![
        Row::new("2026-09", "A").contrib(100),
        Row::new("2026-09", "B").contrib(90),
        Row::new("2026-09", "C").contrib(50),
        Row::new("2026-09", "D").contrib(10),
        Row::new("2026-09", "E").contrib(-5),
        Row::new("2026-09", "L1").contrib(60).branch("B2"),
        Row::new("2026-10", "A").contrib(0),
        Row::new("2026-10", "B").contrib(90),
        Row::new("2026-10", "C").contrib(250),
        Row::new("2026-10", "D").contrib(10),
        Row::new("2026-10", "E").contrib(25),
        Row::new("2026-10", "N1").contrib(500).branch("B2"),
    ];
    let ds = load(&rows, MANAGERS);
    let cur = customer_metrics(&ds, &cfg(), p("2026-10"));
    let mg = tier_migration(&ds, &cfg(), &cur, |_| true);
    use TierState::*;
    assert_eq!(mg.from, Some(p("2026-09")));
    let mut want = [[0usize; 6]; 6];
    for (f, t) in [
        (Vip, Ordinary),
        (Key, Ordinary),
        (Ordinary, Key),
        (Ordinary, Ordinary),
        (BelowCost, Ordinary),
        (Ordinary, Lost),
        (New, Vip),
    ] {
        want[f.index()][t.index()] += 1;
    }
    assert_eq!(mg.cells, want);
    assert_eq!(mg.get(Ordinary, Lost), 1);
    // Branch B2: L1 (lost, judged on its 09 row) and N1 (new).
    let g = Group::branch(bid(&ds, "B2"));
    let b = tier_migration(&ds, &cfg(), &cur, |r| g.matches(r));
    let total: usize = b.cells.iter().flatten().sum();
    assert_eq!((total, b.get(Ordinary, Lost), b.get(New, Vip)), (2, 1, 1));
    // No position before: everyone is new.
    let first = customer_metrics(&ds, &cfg(), p("2026-09"));
    let f = tier_migration(&ds, &cfg(), &first, |_| true);
    assert_eq!(
        (f.from, f.get(New, Vip), f.get(New, Key), f.get(New, Ordinary), f.get(New, BelowCost)),
        (None, 1, 1, 3, 1)
    );
    // The tier of C in 09 matches customer_metrics as of 09.
    assert_eq!(first.get(cid(&ds, "C")).map(|x| x.tier), Some(Tier::Ordinary));
}

#[test]
fn cross_sell_depth_and_penetration() {
    let rows = vec![
        Row::new("2026-10", "R1").products("deposit;card;wealth"), // 3
        Row::new("2026-10", "R2").products("deposit"),             // 1
        Row::new("2026-10", "R3").products(""),                    // 0
        Row::new("2026-10", "C1").corporate().products("deposit;loan;ebank;settle"), // 4
        Row::new("2026-10", "C2").corporate().products("deposit;ebank"), // 2
        Row::new("2026-09", "R1").products("fx"),
    ];
    let ds = load(&rows, MANAGERS);
    let x = cross_sell(&ds, &cfg(), p("2026-10"), ds.rows_in(p("2026-10")));
    // Depths 3, 1, 0, 4, 2: histogram [1, 1, 1, 1, 1]; mean 10 / 5 = 2; embedded (≥ 3) R1, C1
    // = 2 of 5 = 0.4.
    assert_eq!((x.customers, x.retail, x.corporate), (5, 3, 2));
    assert_eq!(x.histogram, vec![1, 1, 1, 1, 1]);
    assert_eq!((x.mean_depth, x.embedded, x.embedded_share), (Some(2.0), 2, Some(0.4)));
    let codes: Vec<&str> = x.products.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["card", "deposit", "ebank", "fx", "loan", "settle", "wealth"]);
    // deposit: R1, R2, C1, C2 → 4 / 5 = 0.8; retail 2 / 3; corporate 2 / 2 = 1.
    let d = &x.products[1];
    assert_eq!(
        (d.customers, d.share, d.retail, d.retail_share, d.corporate, d.corporate_share),
        (4, Some(0.8), 2, Some(2.0 / 3.0), 2, Some(1.0))
    );
    // fx: held only in 09 → 0.
    assert_eq!((x.products[3].customers, x.products[3].share), (0, Some(0.0)));
    // Embedded threshold from config: ≥ 2 → R1, C1, C2.
    let mut c = cfg();
    c.cross_sell.embedded_min_products = 2;
    assert_eq!(cross_sell(&ds, &c, p("2026-10"), ds.rows_in(p("2026-10"))).embedded, 3);
    // Empty group.
    let e = cross_sell(&ds, &cfg(), p("2026-10"), rows_where(&ds, p("2026-10"), |_| false));
    assert_eq!((e.customers, e.histogram.len(), e.mean_depth, e.embedded_share), (0, 0, None, None));
}

#[test]
fn industry_breakdown() {
    let rows = vec![
        Row::new("2026-10", "C1").corporate().industry("C").funds(1_000_000, 0).loan(500_000, "substandard", ""),
        Row::new("2026-10", "C2").corporate().industry("C").funds(200_000, 0).loan(300_000, "normal", ""),
        Row::new("2026-10", "C3").corporate().industry("F").funds(50_000, 0),
        Row::new("2026-10", "C4").corporate().funds(10_000, 0),
        Row::new("2026-10", "R1").industry("C").funds(999_999, 0), // retail: excluded
    ];
    let ds = load(&rows, MANAGERS);
    let v = industries(&cfg(), ds.rows_in(p("2026-10")));
    assert_eq!(v.iter().map(|r| r.industry.map(Industry::letter)).collect::<Vec<_>>(), [Some('C'), Some('F'), None]);
    let c = &v[0];
    let y = |v: i64| Amount(v * 100);
    assert_eq!((c.customers, c.deposits, c.loans, c.npl), (2, y(1_200_000), y(800_000), y(500_000)));
    // NPL ratio 500,000 / 800,000 = 0.625.
    assert_eq!(c.npl_ratio, Some(0.625));
    // C1: 1,000,000 × 0.015 / 12 = 1,250; 500,000 × 0.025 / 12 = 1,041.67; − 200;
    //     − 500,000 × 0.10 / 12 = 4,166.67 → −2,075.
    // C2: 200,000 × 0.015 / 12 = 250; 300,000 × 0.025 / 12 = 625; − 200; − 300,000 × 0.01 / 12
    //     = 250 → 425.  Industry C: −2,075 + 425 = −1,650.
    assert!(close(c.contribution, -1_650.0), "{}", c.contribution);
    // F: 50,000 × 0.015 / 12 = 62.5 − 200 = −137.5; no loans → ratio None.
    assert_eq!((v[1].contribution, v[1].npl_ratio), (-137.5, None));
    // Unspecified: 10,000 × 0.015 / 12 = 12.5 − 200 = −187.5.
    assert_eq!((v[2].customers, v[2].contribution), (1, -187.5));
    assert!(serde_json::to_string(&v).expect("serializes").contains(r#""industry":"C""#));
}

#[test]
fn headlines_mom_and_yoy() {
    // P = 2025-10, 2026-08, 2026-10.
    let rows = vec![
        Row::new("2025-10", "A").funds(100_000, 0),
        Row::new("2026-08", "A").funds(150_000, 0),
        Row::new("2026-08", "B").funds(50_000, 0).branch("B2"),
        Row::new("2026-10", "A").funds(200_000, 0),
        Row::new("2026-10", "B").funds(60_000, 0).branch("B2"),
        Row::new("2026-10", "C").loan(100_000, "doubtful", "").branch("B2"),
    ];
    let ds = load(&rows, MANAGERS);
    let h = headlines(&ds, p("2026-10"), |q| figures(&ds, &cfg(), q, |_| true));
    // 环比 base is the position before (2026-08), not the calendar month 2026-09.
    assert_eq!((h.mom_period, h.yoy_period), (Some(p("2026-08")), Some(p("2025-10"))));
    assert_eq!(h.customers, Headline { value: 3, mom: Some(2), yoy: Some(1) });
    let y = |v: i64| Amount(v * 100);
    assert_eq!(h.deposit_avg, Headline { value: y(260_000), mom: Some(y(200_000)), yoy: Some(y(100_000)) });
    assert_eq!(h.loan_balance.value, y(100_000));
    // NPL: doubtful 100,000 of 100,000 → 1; no loans in 08 → Some(None).
    assert_eq!(h.npl_ratio, Headline { value: Some(1.0), mom: Some(None), yoy: Some(None) });
    // Contribution 2026-10: A 200,000 × 0.015 / 12 − 5 = 245; B 60,000 → 75 − 5 = 70;
    // C 100,000 × 0.025 / 12 = 208.33 − 5 − 100,000 × 0.20 / 12 = 1,666.67 → −1,463.33.
    // Σ = 245 + 70 − 1,463.33 = −1,148.33…; 2026-08: 182.5 + 57.5 = 240; 2025-10: 120.
    let want = 245.0 + 70.0 + (100_000.0 * 0.025 / 12.0 - 5.0 - 100_000.0 * 0.2 / 12.0);
    assert!(close(h.contribution.value, want), "{}", h.contribution.value);
    assert_eq!(h.contribution.mom, Some(240.0));
    assert_eq!(h.contribution.yoy, Some(120.0));
    // Branch B2: 2 customers, 1 the position before, 0 a year before (period exists).
    let g = Group::branch(bid(&ds, "B2"));
    let b = headlines(&ds, p("2026-10"), |q| figures(&ds, &cfg(), q, |r| g.matches(r)));
    assert_eq!(b.customers, Headline { value: 2, mom: Some(1), yoy: Some(0) });
    // As of 2026-08: 环比 is 2025-10 (the position before); 同比 2025-08 is not in P.
    let e = headlines(&ds, p("2026-08"), |q| figures(&ds, &cfg(), q, |_| true));
    assert_eq!((e.mom_period, e.yoy_period), (Some(p("2025-10")), None));
    assert_eq!(e.customers, Headline { value: 2, mom: Some(1), yoy: None });
    // First period: neither.
    let f = headlines(&ds, p("2025-10"), |q| figures(&ds, &cfg(), q, |_| true));
    assert_eq!((f.customers.mom, f.customers.yoy), (None, None));
    assert_eq!(growth(150.0, 100.0), Some(0.5));
    assert_eq!(growth(1.0, 0.0), None);
}

#[test]
fn empty_dataset_everywhere() {
    let ds = Dataset::default();
    let c = cfg();
    let l = p("2026-10");
    let m = customer_metrics(&ds, &c, l);
    assert_eq!(counts(&ds, &m, |_| true).customers, 0);
    assert_eq!(pareto(&c, l, ds.rows_in(l)).overall.share, None);
    assert_eq!(loan_quality(ds.rows_in(l), &c.provision).npl_ratio, None);
    assert_eq!(tier_migration(&ds, &c, &m, |_| true).cells, [[0; 6]; 6]);
    assert_eq!(cross_sell(&ds, &c, l, ds.rows_in(l)).customers, 0);
    assert!(industries(&c, ds.rows_in(l)).is_empty());
    let h = headlines(&ds, l, |q| figures(&ds, &c, q, |_| true));
    assert_eq!((h.customers.value, h.mom_period, h.yoy_period), (0, None, None));
}

/// Every output of this module and of `customer_metrics`, as JSON (f64 printed exactly).
fn everything(ds: &Dataset) -> String {
    let c = cfg();
    let mut out = Vec::new();
    for &q in &ds.periods {
        let m = customer_metrics(ds, &c, q);
        let b1 = ds.branch_ids.get("B1");
        let g = Group { branch: b1, kind: None };
        out.push(serde_json::to_string(&m).expect("json"));
        out.push(serde_json::to_string(&counts(ds, &m, |r| g.matches(r))).expect("json"));
        out.push(serde_json::to_string(&pareto(&c, q, ds.rows_in(q))).expect("json"));
        out.push(
            serde_json::to_string(&loan_quality(rows_where(ds, q, |r| g.matches(r)), &c.provision)).expect("json"),
        );
        out.push(serde_json::to_string(&tier_migration(ds, &c, &m, |_| true)).expect("json"));
        out.push(serde_json::to_string(&cross_sell(ds, &c, q, ds.rows_in(q))).expect("json"));
        out.push(serde_json::to_string(&industries(&c, ds.rows_in(q))).expect("json"));
        out.push(serde_json::to_string(&headlines(ds, q, |q| figures(ds, &c, q, |r| g.matches(r)))).expect("json"));
    }
    out.join("\n")
}

fn arb_row(q: &'static str, id: String) -> impl Strategy<Value = Row> {
    (
        (any::<bool>(), 0usize..3, 0usize..5, 0i64..2_000_000, 0i64..2_000_000, 0i64..500_000, -5_000i64..20_000),
        (
            0u32..40,
            0u32..64,
            0usize..7,
            0u32..200,
            proptest::option::of(0u32..300),
            proptest::option::of(0u32..4),
            proptest::option::of(0u8..20),
        ),
    )
        .prop_map(
            move |((corp, br, mg, dep, loan, aum, fee), (txn, prods, class, overdue, contact, compl, ind))| {
                let mut r = Row::new(q, &id).funds(dep, aum).txn(txn);
                if corp {
                    r = r.corporate();
                }
                r.fee = fee;
                r.branch = ["B1", "B2", "B3"][br].into();
                r.manager = ["M1", "M2", "MX", "", "M1"][mg].into();
                let codes = ["deposit", "card", "wealth", "ebank", "loan", "fx"];
                r.products = codes
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| prods & (1 << i) != 0)
                    .map(|(_, c)| *c)
                    .collect::<Vec<_>>()
                    .join(";");
                let classes = ["", "normal", "special", "substandard", "doubtful", "loss", "normal"];
                if loan % 3 != 0 {
                    r = r.loan(loan, classes[class], &overdue.to_string());
                }
                r.contact = contact.map_or(String::new(), |d| {
                    let base = crate::model::Date::parse("2026-02-01").expect("valid date");
                    crate::model::Date(base.0 + d as i32).to_string()
                });
                r.complaints = compl.map_or(String::new(), |c| c.to_string());
                if corp {
                    r.industry = ind.map_or(String::new(), |i| char::from(b'A' + i).to_string());
                }
                r
            },
        )
}

fn arb_rows() -> impl Strategy<Value = Vec<Row>> {
    let periods: [&'static str; 5] = ["2025-06", "2026-05", "2026-06", "2026-08", "2026-09"];
    proptest::collection::vec(proptest::collection::vec(any::<bool>(), 5), 1..14).prop_flat_map(move |present| {
        let mut strategies = Vec::new();
        for (i, ps) in present.iter().enumerate() {
            for (j, &here) in ps.iter().enumerate() {
                if here || j == 4 && i % 3 == 0 {
                    strategies.push(arb_row(periods[j], format!("K{i:02}")));
                }
            }
        }
        strategies
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Shuffling the lines of customers.csv and managers.csv changes nothing.
    #[test]
    fn independent_of_input_row_order(rows in arb_rows(), seed in any::<u64>()) {
        let managers_lines = ["M1,Wang,B1,senior,2018-01-01,active,", "M2,Li,B2,junior,2018-01-01,left,",
            "M2,Li,B2,junior,2018-01-01,active,2026-05"];
        let managers = |order: &[usize]| {
            let mut s = String::from("manager_id,name,branch_id,grade,hire_date,status,period\n");
            for &i in order {
                s.push_str(managers_lines[i]);
                s.push('\n');
            }
            s
        };
        let a = load_text(&csv(&rows), &managers(&[0, 1, 2]));
        // A deterministic shuffle from the seed (Fisher–Yates with an LCG).
        let mut shuffled = rows.clone();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let j = (x >> 33) as usize % (i + 1);
            shuffled.swap(i, j);
        }
        let b = load_text(&csv(&shuffled), &managers(&[2, 0, 1]));
        prop_assert_eq!(everything(&a), everything(&b));
    }
}
