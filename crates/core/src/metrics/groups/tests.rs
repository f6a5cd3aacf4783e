use super::*;
use crate::metrics::customer::fixture::{load_text, p, Row};
use crate::metrics::customer::{
    call_list, counts, customer_metrics, figures, monthly, tier_migration_between, tier_sums, Tier,
};
use crate::summary::analyze;

/// The old way, one group at a time: every aggregate with a row filter over the whole bank.
/// `filter` is the group's test on a customer's row.
fn by_filter(
    ds: &Dataset,
    cfg: &Config,
    l: Period,
    cur: &CustomerMetrics,
    prev: Option<&CustomerMetrics>,
    filter: &dyn Fn(&CustomerRow) -> bool,
) -> GroupFigures {
    let on_row = |row: usize| ds.customers.get(row).is_some_and(filter);
    let rows = || ds.rows_in(l).iter().filter(|r| filter(r));
    let periods: Vec<Period> = ds.periods.iter().copied().filter(|&q| q <= l).collect();
    let lost = prev.map_or_else(Vec::new, |p| {
        (0..p.customers.len())
            .filter(|&i| cur.get(p.customers[i].customer).is_none() && on_row(p.customers[i].row))
            .collect()
    });
    GroupFigures {
        customers: (0..cur.customers.len()).filter(|&i| on_row(cur.customers[i].row)).collect(),
        lost,
        monthly: periods.iter().map(|&q| monthly(cfg, ds.rows_in(q).iter().filter(|r| filter(r)))).collect(),
        data_rows: ds.periods.iter().map(|&q| ds.rows_in(q).iter().filter(|r| filter(r)).count()).collect(),
        counts: counts(ds, cur, filter),
        retail: counts(ds, cur, |r| r.kind == Kind::Retail && filter(r)),
        corporate: counts(ds, cur, |r| r.kind == Kind::Corporate && filter(r)),
        pareto: pareto(cfg, l, rows()),
        migration: prev.map(|p| tier_migration_between(ds, Some(p), cur, filter)),
        cross_sell: cross_sell(ds, cfg, l, rows()),
        industries: industries(cfg, rows()),
        loans: loan_quality(rows(), &cfg.provision),
        loans_by_industry: loans_by_industry(rows(), &cfg.provision),
        headlines: headlines(ds, l, |q| figures(ds, cfg, q, filter)),
    }
}

/// `Debug` text: floats print as the shortest decimal that reads back to the same bits, so two
/// values print alike exactly when their floats are bit-identical (`-0.0` included).
fn bits<T: std::fmt::Debug>(v: &T) -> String {
    format!("{v:?}")
}

/// Every group of `groups(ds, cfg, l, …)` equals its filter-based figures, to the bit; every
/// manager's customers of record, tiers and call list equal those of a filter on the manager.
fn check_every_group(ds: &Dataset, cfg: &Config, l: Period) {
    let cur = customer_metrics(ds, cfg, l);
    let prev_period = ds.periods.iter().rev().find(|&&q| q < l).copied();
    let prev = prev_period.map(|q| customer_metrics(ds, cfg, q));
    let g = groups(ds, cfg, l, &cur, prev.as_ref());
    assert_eq!(g.periods, ds.periods.iter().copied().filter(|&q| q <= l).collect::<Vec<_>>());
    assert_eq!(bits(&g.bank), bits(&by_filter(ds, cfg, l, &cur, prev.as_ref(), &|_| true)), "bank in {l}");
    assert_eq!(g.branches.len(), ds.branch_ids.len());
    for (b, id) in ds.branch_ids.iter() {
        let want = by_filter(ds, cfg, l, &cur, prev.as_ref(), &|r| r.branch == b);
        assert_eq!(g.branch(b).map(bits), Some(bits(&want)), "branch {id} in {l}");
    }
    assert_eq!(g.managers.len(), ds.manager_ids.len());
    for (m, id) in ds.manager_ids.iter() {
        let own: Vec<usize> = (0..cur.customers.len()).filter(|&i| cur.customers[i].manager == Some(m)).collect();
        let metrics = || own.iter().map(|&i| &cur.customers[i]);
        let calls: Vec<usize> = call_list(metrics())
            .iter()
            .map(|c| own[metrics().position(|x| x.customer == c.customer).unwrap_or(0)])
            .collect();
        let want = ManagerCustomers { customers: own.clone(), tiers: tier_sums(metrics()), call_list: calls };
        assert_eq!(g.manager(m).map(bits), Some(bits(&want)), "manager {id} in {l}");
    }
    // summary.json from the pass' bank figures is the summary computed on its own.
    let a = analyze(ds, cfg, l);
    assert_eq!(bits(&a.summary_of(&g.bank)), bits(&a.summary()), "summary in {l}");
}

const MANAGERS: &str = "manager_id,name,branch_id,grade,hire_date,status,period\n\
                        M1,Wang,B1,senior,2018-01-01,active,\n\
                        M2,Li,B2,junior,2018-01-01,left,\n\
                        M3,Zhao,B2,junior,2018-01-01,active,\n";

/// A small bank: three branches, five months (one a year before `L`, one after it), customers
/// moving between branches, lost and new customers, corporate borrowers of several industries
/// and classes, products, complaints and managers who left.
fn bank() -> Dataset {
    let mut rows = Vec::new();
    for (q, k) in [("2025-10", 0i64), ("2026-08", 1), ("2026-09", 2), ("2026-10", 3), ("2026-11", 4)] {
        let r = |id: &str| Row::new(q, id);
        rows.push(r("R1").funds(50_000 - 9_000 * k, 10_000).txn(20 - 4 * k as u32).products("deposit;card"));
        rows.push(r("R2").branch("B2").manager("M2").contrib(300 + 7 * k).complaints(&k.to_string()));
        rows.push(r("R3").branch("B2").manager("M3").funds(8_000, 0).contrib(-20).products("deposit;wealth;ebank"));
        // R4 moves from B1 to B2 in L.
        rows.push(r("R4").branch(if k >= 3 { "B2" } else { "B1" }).contrib(40 + k).manager("M3"));
        rows.push(r("R5").branch("B3").manager("").contrib(1_000 - 100 * k));
        let corp = |id: &str| r(id).corporate();
        rows.push(corp("K1").industry("C").loan(2_000_000, "normal", "").funds(300_000, 0).contrib(5_000));
        rows.push(corp("K2").industry("C").loan(
            900_000,
            ["normal", "special", "substandard", "doubtful", "loss"][k as usize],
            "40",
        ));
        rows.push(corp("K3").branch("B2").manager("M2").industry("F").loan(500_000, "", "").products("deposit;loan"));
        rows.push(corp("K4").branch("B3").manager("MX").loan(100_000, "doubtful", "200").contrib(-300));
        if k <= 2 {
            // Lost in L: L1 from B1, L2 from B2 (by their rows the month before).
            rows.push(r("L1").contrib(77));
            rows.push(r("L2").branch("B2").manager("M3").contrib(88));
        }
        if k >= 3 {
            rows.push(r("N1").branch("B3").contrib(60));
            rows.push(corp("N2").loan(50_000, "special", "3"));
        }
    }
    load_text(&crate::metrics::customer::fixture::csv(&rows), MANAGERS)
}

#[test]
fn every_group_equals_the_filter_based_figures() {
    let ds = bank();
    let cfg = Config::default();
    for &l in &ds.periods {
        check_every_group(&ds, &cfg, l);
    }
    // Not a period of the data: nobody is present, the trend stops before it.
    check_every_group(&ds, &cfg, p("2026-07"));
    check_every_group(&ds, &cfg, p("2027-01"));
}

#[test]
fn the_hand_built_bank_in_l() {
    let ds = bank();
    let cfg = Config::default();
    let l = p("2026-10");
    let cur = customer_metrics(&ds, &cfg, l);
    let prev = customer_metrics(&ds, &cfg, p("2026-09"));
    let g = groups(&ds, &cfg, l, &cur, Some(&prev));
    let b = |id: &str| g.branch(ds.branch_ids.get(id).expect("branch")).expect("figures");
    let ids = |v: &[usize], m: &CustomerMetrics| -> Vec<String> {
        v.iter().map(|&i| ds.customer_id(m.customers[i].customer).to_string()).collect()
    };
    // B2 holds R4 (moved in from B1) in L; B1 lost L1, B2 lost L2.
    assert_eq!(ids(&b("B2").customers, &cur), ["K3", "R2", "R3", "R4"]);
    assert_eq!(ids(&b("B1").lost, &prev), ["L1"]);
    assert_eq!(ids(&b("B2").lost, &prev), ["L2"]);
    assert_eq!(ids(&g.bank.lost, &prev), ["L1", "L2"]);
    // R4's move is a migration inside B2 (from its L row), not a loss of B1.
    let m = b("B1").migration.as_ref().expect("a month before");
    assert_eq!((0..6).map(|f| m.cells[f][TierState::Lost.index()]).sum::<usize>(), 1);
    // Customers per period of the data, also after L: B3 has R5, K4 and, from L on, N1.
    assert_eq!(b("B3").data_rows, [2, 2, 2, 3, 3]);
    assert_eq!(b("B3").monthly.len(), 4);
    // Loans by industry of B1's corporate borrowers in L: K1 (C, normal 2,000,000) and K2 (C,
    // doubtful 900,000) in one section; N2 (no industry) under "none".
    let lbi = &b("B1").loans_by_industry;
    assert_eq!(lbi.len(), 2);
    assert_eq!((lbi[0].industry.map(|i| i.letter()), lbi[0].quality.borrowers), (Some('C'), 2));
    assert_eq!(lbi[0].quality.total, crate::model::Amount(290_000_000));
    assert_eq!((lbi[1].industry, lbi[1].quality.borrowers), (None, 1));
    // M3's customers of record in L: R3, R4 (L2 is gone).
    let m3 = g.manager(ds.manager_ids.get("M3").expect("M3")).expect("M3 figures");
    assert_eq!(ids(&m3.customers, &cur), ["R3", "R4"]);
    assert_eq!(m3.tiers.iter().map(|t| t.customers).sum::<usize>(), 2);
    assert_eq!(m3.tiers.map(|t| t.tier), Tier::ALL);
    // Only those of one branch.
    let b2 = ds.branch_ids.get("B2").expect("B2");
    assert_eq!(m3.only(&cur, |c| c.branch != b2).customers, Vec::<usize>::new());
}

#[test]
fn every_group_of_the_sample_data() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample-data");
    let read = |f: &str| std::fs::read(dir.join(f)).expect("sample-data is in the repository");
    let (c, m, s) = (read("customers.csv"), read("managers.csv"), read("credit_splits.csv"));
    let inputs = crate::load::Inputs { customers: &c[..], managers: &m[..], credit_splits: Some(&s[..]) };
    let ds = crate::load::load(inputs, &crate::load::LoadOptions::default()).expect("sample-data loads").dataset;
    let cfg = Config::default();
    // The latest month and one without a month before (the first).
    for l in [ds.periods.last(), ds.periods.first(), ds.periods.get(6)].into_iter().flatten() {
        check_every_group(&ds, &cfg, *l);
    }
}
