//! Fixture tests for manager and branch performance. Expected numbers are worked out by hand;
//! the arithmetic is in the comments. Unless a test says otherwise, the contribution of a row is
//! a stand-in equal to its fee_income (so it can be read off the fixture); one test uses the
//! real [`crate::metrics::contribution::contributions`].

use super::*;
use crate::load::{load, Inputs, LoadOptions};

const CH: &str = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,loan_class\n";
const MH: &str = "manager_id,name,branch_id,grade,hire_date,status,period,deposit_target,loan_target,fee_target,new_customers_target\n";
const SH: &str = "customer_id,manager_id,share\n";

fn ds(c: &str, m: &str, s: &str) -> Dataset {
    let c = format!("{CH}{c}");
    let m = format!("{MH}{m}");
    let s = format!("{SH}{s}");
    let loaded = load(
        Inputs { customers: c.as_bytes(), managers: m.as_bytes(), credit_splits: Some(s.as_bytes()) },
        &LoadOptions::default(),
    )
    .expect("fixture loads");
    assert!(
        loaded.issues.iter().all(|i| i.severity != crate::Severity::Error),
        "fixture rows skipped: {:?}",
        loaded.issues
    );
    loaded.dataset
}

fn per(s: &str) -> Period {
    Period::parse(s).expect("period")
}

/// Test stand-in for the contribution: the row's fee income.
fn fee_contrib(ds: &Dataset) -> Vec<f64> {
    ds.customers.iter().map(|r| r.fee_income.yuan()).collect()
}

fn cfg() -> Config {
    Config::default()
}

fn mgr<'a>(v: &'a [ManagerPerf], id: &str) -> &'a ManagerPerf {
    v.iter().find(|m| m.state.manager_id == id).unwrap_or_else(|| panic!("manager {id} not listed"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn assert_close(a: Option<f64>, b: f64) {
    match a {
        Some(a) => assert!(close(a, b), "{a} != {b}"),
        None => panic!("None != {b}"),
    }
}

/// A customer line with defaults: retail, open 2020-01-01, aum 0, fee 0, no loan.
fn line(period: &str, id: &str, branch: &str, manager: &str, deposit: f64) -> String {
    format!("{period},{id},n,retail,{branch},{manager},2020-01-01,{deposit},0,0,0,deposit,0,\n")
}

// ---------------------------------------------------------------------------------------------
// Manager state and targets
// ---------------------------------------------------------------------------------------------

#[test]
fn state_from_latest_row_targets_from_month_or_undated() {
    let m = "\
M1,n,B1,senior,2020-01-01,active,,1000,,,
M1,n,B2,senior,2020-01-01,active,2026-01,,,,
M1,n,B3,senior,2020-01-01,left,2026-03,5000,,,
M2,n,B1,junior,2020-01-01,active,2026-03,100,,,
M3,n,B1,junior,2020-01-01,active,,9000,,,
M3,n,B1,junior,2020-01-01,active,2026-02,,2000,,
M4,n,B1,junior,2020-01-01,active,,,,,
M5,n,B1,junior,2020-01-01,active,,,,300,
M5,n,B4,junior,2020-01-01,active,2026-02,,,,
M6,n,B1,junior,2020-01-01,active,2026-01,,,,
M6,n,B1,junior,2020-01-01,active,2026-03,800,,,
";
    let c = [
        line("2026-01", "c1", "B1", "M1", 100.0),
        line("2026-02", "c1", "B1", "M1", 100.0),
        line("2026-02", "c2", "B1", "M2", 100.0),
        line("2026-03", "c1", "B1", "M1", 100.0),
    ]
    .concat();
    let d = ds(&c, m, "");
    let s = manager_states(&d, per("2026-02"));
    let ids: Vec<&str> = s.iter().map(|s| s.manager_id.as_str()).collect();
    // M2 has only a 2026-03 row: not known in 2026-02.
    assert_eq!(ids, ["M1", "M3", "M4", "M5", "M6"]);
    // M1: latest dated row ≤ 2026-02 is 2026-01 (branch B2, no targets); no row for 2026-02, so the
    // undated row's targets (deposit 1000).
    assert_eq!(s[0].branch_id, "B2");
    assert_eq!(s[0].state_period, Some(per("2026-01")));
    assert_eq!(s[0].targets.deposit, Some(Amount(100_000)));
    assert_eq!(s[0].targets_source, TargetSource::Undated);
    // M3: the 2026-02 row has a loan target: only it counts (no merge with the undated deposit).
    assert_eq!(s[1].targets, TargetSet { loan: Some(Amount(200_000)), ..TargetSet::default() });
    assert_eq!(s[1].targets_source, TargetSource::Month);
    // M4: undated only, no targets.
    assert_eq!(s[2].state_period, None);
    assert_eq!(s[2].targets_source, TargetSource::None);
    // M5: the 2026-02 row is the state (branch B4) but carries no target: undated fee 300.
    assert_eq!(s[3].branch_id, "B4");
    assert_eq!(s[3].targets.fee, Some(Amount(30_000)));
    // M6: targets only in a later month (2026-03): none in 2026-02.
    assert_eq!(s[4].targets_source, TargetSource::None);

    let perf = manager_performance(&d, &cfg(), &fee_contrib(&d), per("2026-02"));
    // M6 (targets only later) and M4 (no targets): no score, no rank.
    for id in ["M4", "M6"] {
        let m = mgr(&perf, id);
        assert_eq!((m.score, m.rank_bank, m.suggestion), (None, None, None));
    }
    // c2 names M2, unknown in 2026-02: an orphan, credited to nobody.
    let o = orphans(&d, &fee_contrib(&d), per("2026-02"));
    assert_eq!(o.len(), 1);
    assert_eq!((o[0].customer_id.as_str(), o[0].reason), ("c2", OrphanReason::Unknown));

    // In 2026-03: M1's state is the 2026-03 row (left, B3, deposit target 5000); M2 is known.
    let s = manager_states(&d, per("2026-03"));
    assert_eq!(s.len(), 6);
    assert_eq!((s[0].status, s[0].branch_id.as_str()), (Status::Left, "B3"));
    assert_eq!(s[0].targets.deposit, Some(Amount(500_000)));
    assert_eq!(s[5].targets.deposit, Some(Amount(80_000)));
}

// ---------------------------------------------------------------------------------------------
// Credited portfolio, splits, orphans
// ---------------------------------------------------------------------------------------------

const SPLIT_MANAGERS: &str = "\
A,n,B1,senior,2020-01-01,active,,,,,
B,n,B2,senior,2020-01-01,active,,,,,
C,n,B1,senior,2020-01-01,left,,1000,,,
";
const SPLIT_CUSTOMERS: &str = "\
2026-01,c1,n,retail,B1,A,2025-05-01,1000000,0,200000,1000,deposit,0,
2026-01,c2,n,corporate,B2,A,2026-01-15,600000,300000,0,300,deposit,0,normal
2026-01,c3,n,retail,B1,C,2020-01-01,100000,0,0,50,deposit,0,
2026-01,c4,n,retail,B2,,2020-01-01,40000,0,0,20,deposit,0,
2026-01,c5,n,retail,B1,X9,2020-01-01,10000,0,0,0,deposit,0,
2026-01,c6,n,retail,B1,,2026-01-31,200000,0,0,0,deposit,0,
";
const SPLITS: &str = "c2,B,0.75\nc2,A,0.25\nc6,A,0.5\nc6,B,0.5\n";

#[test]
fn credited_share_weighted_with_splits_across_branches() {
    let d = ds(SPLIT_CUSTOMERS, SPLIT_MANAGERS, SPLITS);
    let p = credited(&d, &fee_contrib(&d), per("2026-01"), per("2026-01"));
    assert_eq!(p.len(), 3);
    let (a, b, c) = (&p[0], &p[1], &p[2]);
    // A: c1 whole + c2 × 0.25 (c2's own manager_id A is ignored: it has splits) + c6 × 0.5.
    // customers 1 + 0.25 + 0.5 = 1.75; new (open in 2026-01): c2, c6 → 0.25 + 0.5 = 0.75
    // deposit 1,000,000 + 0.25·600,000 + 0.5·200,000 = 1,250,000; loan 0.25·300,000 = 75,000
    // aum 200,000; fee 1,000 + 0.25·300 = 1,075
    assert_eq!(
        a.figures,
        Figures {
            customers: 1.75,
            new_customers: 0.75,
            deposit: 1_250_000.0,
            loan: 75_000.0,
            aum: 200_000.0,
            fee: 1_075.0,
            contribution: 1_075.0,
        }
    );
    assert_eq!(a.customer_rows, 3);
    // B (branch B2) gets c2 × 0.75 (a B2 customer) and c6 × 0.5 (a B1 customer):
    // customers 1.25, new 1.25, deposit 450,000 + 100,000 = 550,000, loan 225,000, fee 225.
    assert_eq!(
        b.figures,
        Figures {
            customers: 1.25,
            new_customers: 1.25,
            deposit: 550_000.0,
            loan: 225_000.0,
            aum: 0.0,
            fee: 225.0,
            contribution: 225.0,
        }
    );
    // C has left but is still credited its customer c3.
    assert_eq!((c.figures.customers, c.figures.deposit), (1.0, 100_000.0));
    // 1.75 + 1.25 + 1 = 4 credited customers (c1, c2, c3, c6); c4 (empty) and c5 (X9 unknown) not.
    assert_eq!(p.iter().map(|p| p.figures.customers).sum::<f64>(), 4.0);

    // Orphans by own manager_id: c3 (C left, 50), c4 (empty, 20), c5 (unknown X9, 0),
    // c6 (empty, 0, but credited via splits); c5 before c6 on the tie by customer id.
    let o = orphans(&d, &fee_contrib(&d), per("2026-01"));
    let got: Vec<(&str, OrphanReason, f64, bool)> =
        o.iter().map(|o| (o.customer_id.as_str(), o.reason, o.contribution, o.credited_via_splits)).collect();
    assert_eq!(
        got,
        [
            ("c3", OrphanReason::Left, 50.0, false),
            ("c4", OrphanReason::Unassigned, 20.0, false),
            ("c5", OrphanReason::Unknown, 0.0, false),
            ("c6", OrphanReason::Unassigned, 0.0, true),
        ]
    );
    assert_eq!(o[2].manager_id.as_deref(), Some("X9"));
    assert_eq!(o[1].branch_id, "B2");

    // The left manager C has a target: it gets a score (100,000 / 1,000 = 100 → capped 1.5 → 150)
    // but no rank and no suggestion.
    let perf = manager_performance(&d, &cfg(), &fee_contrib(&d), per("2026-01"));
    let cm = mgr(&perf, "C");
    assert_close(cm.score, 150.0);
    assert_eq!((cm.rank_bank, cm.rank_branch, cm.suggestion), (None, None, None));
}

// ---------------------------------------------------------------------------------------------
// Completion and score
// ---------------------------------------------------------------------------------------------

#[test]
fn completion_and_score_worked_example() {
    let m = "\
A,n,B1,senior,2020-01-01,active,2026-01,1200000,500000,2000,4
Z,n,B1,senior,2020-01-01,active,2026-01,1000000,0,,
Y,n,B1,senior,2020-01-01,active,2026-01,0,0,0,0
";
    let c = "\
2026-01,a1,n,retail,B1,A,2026-01-05,1080000,900000,0,-100,deposit,0,normal
2026-01,a2,n,retail,B1,A,2019-01-05,0,0,0,0,deposit,0,
2026-01,z1,n,retail,B1,Z,2019-01-05,1100000,0,0,0,deposit,0,
2026-01,y1,n,retail,B1,Y,2019-01-05,5,0,0,0,deposit,0,
";
    let d = ds(c, m, "");
    let perf = manager_performance(&d, &cfg(), &fee_contrib(&d), per("2026-01"));
    let a = mgr(&perf, "A");
    // deposit 1,080,000 / 1,200,000 = 0.9; loan 900,000 / 500,000 = 1.8 (capped at 1.5 in the
    // score); fee max(0, −100) / 2,000 = 0; new customers 1 (a1 opened 2026-01-05) / 4 = 0.25
    assert_close(a.completion.deposit, 0.9);
    assert_close(a.completion.loan, 1.8);
    assert_eq!(a.completion.fee, Some(0.0));
    assert_close(a.completion.new_customers, 0.25);
    // score = 100 × (0.35·0.9 + 0.25·1.5 + 0.25·0 + 0.15·0.25) / (0.35+0.25+0.25+0.15)
    //       = 100 × (0.315 + 0.375 + 0 + 0.0375) / 1.0 = 72.75
    assert_close(a.score, 72.75);
    // Z: the zero loan target is not present: score = 100 × 0.35·1.1 / 0.35 = 110
    let z = mgr(&perf, "Z");
    assert_eq!(z.completion.loan, None);
    assert_close(z.score, 110.0);
    // Y: every target is 0 → no completion, no score, no rank.
    let y = mgr(&perf, "Y");
    assert_eq!(y.completion, Completion::default());
    assert_eq!((y.score, y.rank_bank), (None, None));
    // Ranked: Z (110) then A (72.75); n = 2, ceil(0.2·2) = 1, ceil(0.1·2) = 1:
    // Z rank 1 ≤ 1 and 110 ≥ 110 → promote; A rank 2 > 2 − 1 → review.
    assert_eq!((z.rank_bank, z.suggestion), (Some(1), Some(Suggestion::Promote)));
    assert_eq!((a.rank_bank, a.suggestion), (Some(2), Some(Suggestion::Review)));
}

// ---------------------------------------------------------------------------------------------
// Ranks and suggestions
// ---------------------------------------------------------------------------------------------

/// Managers with only a deposit target of 100 yuan: score = 100 × min(deposit/100, 1.5).
fn ranked_fixture(spec: &[(&str, &str, f64)]) -> Vec<ManagerPerf> {
    let mut m = String::new();
    let mut c = String::new();
    for (id, branch, dep) in spec {
        m.push_str(&format!("{id},n,{branch},junior,2020-01-01,active,,100,,,\n"));
        c.push_str(&line("2026-01", &format!("c{id}"), branch, id, *dep));
    }
    let d = ds(&c, &m, "");
    manager_performance(&d, &cfg(), &fee_contrib(&d), per("2026-01"))
}

#[test]
fn ranks_and_suggestions_at_the_boundaries() {
    // n = 10: promote ranks ≤ ceil(0.2·10) = 2 with score ≥ 110; review ranks > 10 − ceil(0.1·10)
    // = 9, or score < 60.
    let perf = ranked_fixture(&[
        ("M01", "B1", 112.0),
        ("M02", "B1", 115.0),
        ("M03", "B1", 100.0),
        ("M04", "B1", 90.0),
        ("M05", "B1", 115.0),
        ("M06", "B2", 80.0),
        ("M07", "B2", 50.0),
        ("M08", "B2", 59.5),
        ("M09", "B2", 60.0),
        ("M10", "B2", 60.0),
    ]);
    use Suggestion::*;
    let expect = [
        // (id, bank rank, branch rank, suggestion)
        ("M02", 1, 1, Promote), // 115, tie with M05 broken by id
        ("M05", 2, 2, Promote), // 115
        ("M01", 3, 3, Keep),    // 112 ≥ 110 but rank 3 > 2
        ("M03", 4, 4, Keep),
        ("M04", 5, 5, Keep),
        ("M06", 6, 1, Keep),
        ("M09", 7, 2, Keep),   // exactly 60 is not < 60
        ("M10", 8, 3, Keep),   // 60, tie with M09 broken by id
        ("M08", 9, 4, Review), // rank 9 is not > 9, but 59.5 < 60
        ("M07", 10, 5, Review),
    ];
    for (id, rb, rbr, s) in expect {
        let m = mgr(&perf, id);
        assert_eq!((m.rank_bank, m.rank_branch, m.suggestion), (Some(rb), Some(rbr), Some(s)), "{id}");
    }

    // n = 5: ceil(0.2·5) = 1, ceil(0.1·5) = 1. Rank 2 with 149 is not promoted; rank 5 with 80
    // is reviewed on rank alone. Deposit 200 → completion 2 → capped 1.5 → 150.
    let perf = ranked_fixture(&[
        ("A", "B1", 200.0),
        ("B", "B1", 149.0),
        ("C", "B1", 100.0),
        ("D", "B1", 95.0),
        ("E", "B1", 80.0),
    ]);
    let got: Vec<_> = perf.iter().map(|m| (m.rank_bank, m.suggestion)).collect();
    assert_eq!(
        got,
        [
            (Some(1), Some(Promote)),
            (Some(2), Some(Keep)),
            (Some(3), Some(Keep)),
            (Some(4), Some(Keep)),
            (Some(5), Some(Review))
        ]
    );
    assert_close(perf[0].score, 150.0);

    // n = 11: ceil(2.2) = 3 promote places, ceil(1.1) = 2 review places (ranks 10 and 11).
    let spec: Vec<(String, f64)> = (0..11).map(|i| (format!("M{i:02}"), 140.0 - 5.0 * f64::from(i))).collect();
    let spec: Vec<(&str, &str, f64)> = spec.iter().map(|(id, s)| (id.as_str(), "B1", *s)).collect();
    let perf = ranked_fixture(&spec);
    // scores 140, 135, 130, 125, ..., 90: ranks 1–3 promote (≥ 110), 4–9 keep, 10–11 review.
    let sug: Vec<Suggestion> = perf.iter().filter_map(|m| m.suggestion).collect();
    assert_eq!(sug, [Promote, Promote, Promote, Keep, Keep, Keep, Keep, Keep, Keep, Review, Review]);

    // n = 1 and score ≥ 110: promote (rules in the order of docs/metrics.md); with 100: review (rank 1 > 1 − 1).
    assert_eq!(ranked_fixture(&[("A", "B1", 120.0)])[0].suggestion, Some(Promote));
    assert_eq!(ranked_fixture(&[("A", "B1", 100.0)])[0].suggestion, Some(Review));
}

#[test]
fn ceil_share_is_integer_safe() {
    assert_eq!(ceil_share(0.2, 10), 2); // not 3
    assert_eq!(ceil_share(0.1, 10), 1);
    assert_eq!(ceil_share(0.07, 100), 7); // 0.07·100 = 7.000000000000001 in f64
    assert_eq!(ceil_share(0.2, 11), 3);
    assert_eq!(ceil_share(0.1, 1), 1);
    assert_eq!(ceil_share(0.2, 0), 0);
    assert_eq!(ceil_share(0.0, 5), 0);
    assert_eq!(ceil_share(1.0, 5), 5);
    assert_eq!(ceil_share(1.5, 4), 4);
    assert_eq!(ceil_share(f64::NAN, 4), 0);
    assert_eq!(ceil_share(-0.5, 4), 0);
}

// ---------------------------------------------------------------------------------------------
// Anomalies
// ---------------------------------------------------------------------------------------------

#[test]
fn median_even_and_odd() {
    assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
    assert_eq!(median(&mut []), None);
}

#[test]
fn anomaly_robust_rule_mad_zero_and_short_history() {
    // Eight months 2025-01..2025-08, L = 2025-08, all three managers in B1.
    let months: Vec<String> = (1..=8).map(|m| format!("2025-{m:02}")).collect();
    // A: 1000, 1010, 1030, 1060, 1100, 1150, 1210 | L 1330
    //   D = 10, 20, 30, 40, 50, 60 (6 values); median = (30+40)/2 = 35
    //   |D − 35| = 25, 15, 5, 5, 15, 25 → MAD = (15+15)/2 = 15; 1.4826·15 = 22.239
    //   d = 1330 − 1210 = 120; z = |120 − 35| / 22.239 = 85 / 22.239 ≈ 3.822 > 3.5 → robust
    //   jump: 120 > 0.5·1210 = 605? no.
    let a = [1000.0, 1010.0, 1030.0, 1060.0, 1100.0, 1150.0, 1210.0, 1330.0];
    // B: +10 every month (D = six 10s, MAD = 0: the robust rule does not flag), then +500:
    //   jump: 500 > 0.5·1060 = 530? no → nothing flagged.
    let b = [1000.0, 1010.0, 1020.0, 1030.0, 1040.0, 1050.0, 1060.0, 1560.0];
    // C: no customer in 2025-01/02, then 500, 510, 520, 530, 540 | L 1000
    //   D only over months with credited customers in both: (03,04) … (06,07) = 4 values < 6:
    //   no robust rule (z None). The (02,03) change 0 → 500 is not in D.
    //   d = 460 > 0.5·540 = 270, and the B1 average deposit in L over active managers is
    //   (1330 + 1560 + 1000)/3 = 1296.67; 460 > 129.67 → jump rule.
    let cc = [None, None, Some(500.0), Some(510.0), Some(520.0), Some(530.0), Some(540.0), Some(1000.0)];
    let mut c = String::new();
    for (i, mo) in months.iter().enumerate() {
        c.push_str(&line(mo, "a", "B1", "A", a[i]));
        c.push_str(&line(mo, "b", "B1", "B", b[i]));
        if let Some(x) = cc[i] {
            c.push_str(&line(mo, "c", "B1", "C", x));
        }
    }
    let m = "A,n,B1,j,2020-01-01,active,,,,,\nB,n,B1,j,2020-01-01,active,,,,,\nC,n,B1,j,2020-01-01,active,,,,,\n";
    let d = ds(&c, m, "");
    let perf = manager_performance(&d, &cfg(), &fee_contrib(&d), per("2025-08"));

    let an = &mgr(&perf, "A").anomalies;
    assert_eq!(an.len(), 1, "{an:?}"); // loan and contribution: all zero, nothing
    let x = &an[0];
    assert_eq!((x.metric, x.robust_rule, x.jump_rule), (Metric::Deposit, true, false));
    assert_eq!((x.current, x.previous, x.change, x.history), (1330.0, 1210.0, 120.0, 6));
    assert_eq!((x.median, x.mad), (Some(35.0), Some(15.0)));
    assert_close(x.z, 85.0 / 22.239);
    assert!(close(x.z.unwrap_or(0.0), 3.822_114_3), "{:?}", x.z);

    assert!(mgr(&perf, "B").anomalies.is_empty());

    let an = &mgr(&perf, "C").anomalies;
    assert_eq!(an.len(), 1, "{an:?}");
    let x = &an[0];
    assert_eq!((x.metric, x.robust_rule, x.jump_rule, x.history, x.z), (Metric::Deposit, false, true, 4, None));
    assert_eq!(x.change, 460.0);
    assert_close(x.branch_average, 3890.0 / 3.0);

    // Rebuilt for 2025-07 (rows of 2025-08 ignored): A's D = 10, 20, 30, 40, 50 (5 values < 6),
    // d = 60 → nothing.
    let perf = manager_performance(&d, &cfg(), &fee_contrib(&d), per("2025-07"));
    assert!(mgr(&perf, "A").anomalies.is_empty());
}

#[test]
fn anomaly_jump_rule_uses_magnitudes_and_the_branch_average() {
    let m = "\
A,n,B1,j,2020-01-01,active,,,,,
B,n,B1,j,2020-01-01,active,,,,,
L1,n,B2,j,2020-01-01,left,,,,,
";
    let c = "\
2025-01,a,n,retail,B1,A,2020-01-01,1000,0,0,-100,deposit,0,
2025-02,a,n,retail,B1,A,2020-01-01,2000,0,0,-400,deposit,0,
2025-01,b,n,retail,B1,B,2020-01-01,20000,0,0,0,deposit,0,
2025-02,b,n,retail,B1,B,2020-01-01,9000,0,0,0,deposit,0,
2025-01,l,n,retail,B2,L1,2020-01-01,100,0,0,0,deposit,0,
2025-02,l,n,retail,B2,L1,2020-01-01,1000,0,0,0,deposit,0,
";
    let d = ds(c, m, "");
    let perf = manager_performance(&d, &cfg(), &fee_contrib(&d), per("2025-02"));
    // B1 averages in L over its active managers A and B: deposit (2000 + 9000)/2 = 5500,
    // contribution (−400 + 0)/2 = −200.
    // A deposit: d = 2000 − 1000 = 1000 > 0.5·1000 = 500 and > 0.1·5500 = 550 → jump.
    // A contribution: d = −400 − (−100) = −300; |d| = 300 > 0.5·|−100| = 50 and
    // > 0.1·|−200| = 20 → jump (magnitudes: the month before's value and the average are negative).
    let a = &mgr(&perf, "A").anomalies;
    let got: Vec<(Metric, f64, bool, bool)> =
        a.iter().map(|x| (x.metric, x.change, x.robust_rule, x.jump_rule)).collect();
    assert_eq!(got, [(Metric::Deposit, 1000.0, false, true), (Metric::Contribution, -300.0, false, true)]);
    assert_close(a[0].branch_average, 5500.0);
    assert_close(a[1].branch_average, -200.0);
    // B deposit: d = −11,000; 11,000 > 0.5·20,000 = 10,000 and > 550 → flagged.
    let b = &mgr(&perf, "B").anomalies;
    assert_eq!(b.len(), 1);
    assert_eq!((b[0].change, b[0].previous, b[0].current), (-11_000.0, 20_000.0, 9_000.0));
    // L1 (left) is alone in B2: no active manager there, so no branch average, no jump rule.
    assert!(mgr(&perf, "L1").anomalies.is_empty());

    // First condition alone: A 1000 → 1400 and B 2000 → 2000. d = 400 > 0.1·(1400 + 2000)/2 = 170,
    // but 400 ≤ 0.5·1000 = 500 → no deposit anomaly.
    let c2 = c
        .replace("2025-02,a,n,retail,B1,A,2020-01-01,2000", "2025-02,a,n,retail,B1,A,2020-01-01,1400")
        .replace("B1,B,2020-01-01,20000", "B1,B,2020-01-01,2000")
        .replace("B1,B,2020-01-01,9000", "B1,B,2020-01-01,2000");
    let d2 = ds(&c2, m, "");
    let perf = manager_performance(&d2, &cfg(), &fee_contrib(&d2), per("2025-02"));
    assert!(mgr(&perf, "A").anomalies.iter().all(|x| x.metric != Metric::Deposit));
    assert!(mgr(&perf, "B").anomalies.is_empty());
}

#[test]
fn anomaly_second_condition_branch_average() {
    // A small manager next to a big one: A 100 → 300 (d = 200 > 0.5·100), but the B1 average in L
    // is (300 + 10,000)/2 = 5,150 and 200 ≤ 515 → not flagged.
    let m = "A,n,B1,j,2020-01-01,active,,,,,\nB,n,B1,j,2020-01-01,active,,,,,\n";
    let c = [
        line("2025-01", "a", "B1", "A", 100.0),
        line("2025-02", "a", "B1", "A", 300.0),
        line("2025-01", "b", "B1", "B", 10_000.0),
        line("2025-02", "b", "B1", "B", 10_000.0),
    ]
    .concat();
    let d = ds(&c, m, "");
    let perf = manager_performance(&d, &cfg(), &fee_contrib(&d), per("2025-02"));
    assert!(perf.iter().all(|m| m.anomalies.is_empty()));
}

// ---------------------------------------------------------------------------------------------
// Key-person risk
// ---------------------------------------------------------------------------------------------

#[test]
fn key_person_share_and_non_positive_branch_totals() {
    let m = "\
A,n,B1,j,2020-01-01,active,,,,,
B,n,B1,j,2020-01-01,active,,,,,
E,n,B1,j,2020-01-01,active,,,,,
D,n,B2,j,2020-01-01,active,,,,,
F,n,B3,j,2020-01-01,active,,,,,
";
    let c = "\
2026-01,c1,n,retail,B1,A,2020-01-01,0,0,0,250,deposit,0,
2026-01,c2,n,retail,B1,B,2020-01-01,0,0,0,500,deposit,0,
2026-01,c5,n,retail,B1,E,2020-01-01,0,0,0,250,deposit,0,
2026-01,c3,n,retail,B2,D,2020-01-01,0,0,0,400,deposit,0,
2026-01,c4,n,retail,B2,D,2020-01-01,0,0,0,-1000,deposit,0,
2026-01,c6,n,retail,B3,F,2020-01-01,0,0,0,0,deposit,0,
";
    let s = "c3,A,0.5\nc3,D,0.5\n";
    let d = ds(c, m, s);
    let perf = manager_performance(&d, &cfg(), &fee_contrib(&d), per("2026-01"));
    // B1 total = 250 + 500 + 250 = 1000.
    // A: 250 + 0.5·400 (c3, a B2 customer) = 450 → 0.45 > 0.25 → key person.
    let a = mgr(&perf, "A");
    assert_close(a.key_person_share, 0.45);
    assert!(a.key_person);
    // B: 500 / 1000 = 0.5 → key person.
    assert_close(mgr(&perf, "B").key_person_share, 0.5);
    // E: 250 / 1000 = 0.25, not > 0.25.
    let e = mgr(&perf, "E");
    assert_close(e.key_person_share, 0.25);
    assert!(!e.key_person);
    // B2 total = 400 − 1000 = −600 ≤ 0 → no share, no flag (D's own 0.5·400 − 1000 = −800).
    let dm = mgr(&perf, "D");
    assert_eq!((dm.key_person_share, dm.key_person), (None, false));
    assert_eq!(dm.portfolio.contribution, -800.0);
    // B3 total = 0 → no share.
    assert_eq!(mgr(&perf, "F").key_person_share, None);
}

// ---------------------------------------------------------------------------------------------
// Branches
// ---------------------------------------------------------------------------------------------

#[test]
fn branch_sums_npl_provision_targets_score_rank() {
    let m = "\
A,n,B1,j,2020-01-01,active,,1000000,500000,,1
B,n,B1,j,2020-01-01,active,,800000,,2000,
C,n,B1,j,2020-01-01,left,,9999999,,,
D,n,B2,j,2020-01-01,active,,,,,
E,n,B3,j,2020-01-01,active,,100,,,
";
    let c = "\
2026-02,c1,n,retail,B1,A,2020-01-01,900000,0,0,0,deposit,0,
2026-03,c1,n,retail,B1,A,2020-01-01,1000000,400000,100000,1000,deposit,0,normal
2026-03,c2,n,retail,B1,B,2026-03-10,200000,100000,0,500,deposit,0,
2026-03,c3,n,corporate,B1,A,2020-01-01,0,50000,0,0,deposit,0,substandard
2026-03,c4,n,corporate,B1,X,2020-01-01,0,30000,0,-200,deposit,0,loss
2026-03,c5,n,retail,B1,B,2020-01-01,300000,20000,0,0,deposit,0,special
2026-03,c6,n,retail,B2,D,2026-03-01,500000,0,0,100,deposit,0,
2026-04,c1,n,retail,B1,A,2020-01-01,99000000,0,0,0,deposit,0,
";
    let d = ds(c, m, "");
    let br = branch_performance(&d, &cfg(), &fee_contrib(&d), per("2026-03"));
    let ids: Vec<&str> = br.iter().map(|b| b.branch_id.as_str()).collect();
    assert_eq!(ids, ["B1", "B2", "B3"]);
    let b1 = &br[0];
    // Rows of 2026-02 and 2026-04 are ignored. B1 in 2026-03: 5 customers, 1 new (c2).
    // deposit 1,000,000 + 200,000 + 300,000 = 1,500,000; loans 400,000 + 100,000 + 50,000 +
    // 30,000 + 20,000 = 600,000; aum 100,000; fee 1,000 + 500 − 200 = 1,300.
    assert_eq!(
        b1.figures,
        BranchFigures {
            customers: 5,
            new_customers: 1,
            deposit: 1_500_000.0,
            loan: 600_000.0,
            aum: 100_000.0,
            fee: 1_300.0,
            contribution: 1_300.0,
        }
    );
    // c2's balance with an empty class counts as normal: normal 400,000 + 100,000.
    assert_eq!(
        b1.loans_by_class,
        LoanBook { normal: 500_000.0, special: 20_000.0, substandard: 50_000.0, doubtful: 0.0, loss: 30_000.0 }
    );
    // NPL = (50,000 + 0 + 30,000) / 600,000 = 0.1333…
    assert_close(b1.npl_ratio, 80_000.0 / 600_000.0);
    // provision = 500,000·0.01 + 20,000·0.02 + 50,000·0.25 + 0·0.5 + 30,000·1.0
    //           = 5,000 + 400 + 12,500 + 0 + 30,000 = 47,900
    assert!(close(b1.required_provision, 47_900.0), "{}", b1.required_provision);
    // Targets of the active managers A and B (C has left): deposit 1,000,000 + 800,000,
    // loan 500,000, fee 2,000, new 1.
    assert_eq!(b1.active_managers, 2);
    assert_eq!(
        b1.targets,
        TargetSet {
            deposit: Some(Amount(180_000_000)),
            loan: Some(Amount(50_000_000)),
            fee: Some(Amount(200_000)),
            new_customers: Some(1),
        }
    );
    // completion: deposit 1,500,000/1,800,000 = 0.8333…, loan 600,000/500,000 = 1.2,
    // fee 1,300/2,000 = 0.65, new 1/1 = 1
    // score = 100 × (0.35·0.8333… + 0.25·1.2 + 0.25·0.65 + 0.15·1) / 1.0
    //       = 100 × (0.291666… + 0.3 + 0.1625 + 0.15) = 90.41666…
    assert_close(b1.completion.deposit, 1_500_000.0 / 1_800_000.0);
    assert_close(b1.completion.loan, 1.2);
    assert_close(b1.completion.fee, 0.65);
    assert_close(b1.completion.new_customers, 1.0);
    assert_close(b1.score, 100.0 * (0.35 * (1.5 / 1.8) + 0.3 + 0.1625 + 0.15));
    assert_close(b1.score, 90.416_666_666_666_67);
    assert_eq!(b1.rank, Some(1));
    // B2: no loans → no NPL ratio, provision 0; no targets → no score, no rank.
    let b2 = &br[1];
    assert_eq!((b2.figures.customers, b2.figures.new_customers, b2.npl_ratio), (1, 1, None));
    assert_eq!((b2.required_provision, b2.score, b2.rank), (0.0, None, None));
    // B3: no customers, one active manager with a deposit target of 100: completion 0, score 0,
    // rank 2.
    let b3 = &br[2];
    assert_eq!((b3.figures.customers, b3.score, b3.rank), (0, Some(0.0), Some(2)));
}

// ---------------------------------------------------------------------------------------------
// Degenerate data and the real contribution
// ---------------------------------------------------------------------------------------------

#[test]
fn degenerate_datasets_do_not_panic() {
    let empty = Dataset::default();
    let r = report_with(&empty, &PerfParams::default(), &[], per("2026-01"));
    assert!(r.managers.is_empty() && r.branches.is_empty() && r.orphans.is_empty());

    // No managers at all (a hand-made dataset): every customer is an unknown or unassigned orphan.
    let mut d = ds(SPLIT_CUSTOMERS, SPLIT_MANAGERS, "");
    d.managers.clear();
    let r = report_with(&d, &PerfParams::default(), &[], per("2026-01"));
    assert!(r.managers.is_empty());
    assert_eq!(r.orphans.len(), 6);
    assert!(r.orphans.iter().all(|o| o.reason != OrphanReason::Left));
    assert!(r.branches.iter().all(|b| b.score.is_none() && b.active_managers == 0));

    // One period only, and an as_of before any data; a short contrib slice.
    let d = ds(SPLIT_CUSTOMERS, SPLIT_MANAGERS, SPLITS);
    let r = report_with(&d, &PerfParams::default(), &[1.0], per("2026-01"));
    assert!(r.managers.iter().all(|m| m.anomalies.is_empty()));
    let r = report_with(&d, &PerfParams::default(), &fee_contrib(&d), per("2020-01"));
    assert_eq!(r.managers.len(), 3);
    assert!(r.branches.iter().all(|b| b.figures.customers == 0));
    let c = r.managers.iter().find(|m| m.state.manager_id == "C").map(|m| m.score);
    assert_eq!(c, Some(Some(0.0)));

    // Zero weights: no score anywhere.
    let p = PerfParams { weight_deposit: 0.0, ..PerfParams::default() };
    let r = report_with(&d, &p, &fee_contrib(&d), per("2026-01"));
    assert!(r.managers.iter().all(|m| m.score.is_none()));
}

#[test]
fn uses_the_real_contribution() {
    // One retail customer: deposit 1,200,000, nothing else, 0 transactions:
    // contribution = 1,200,000·0.015/12 − 5 (cost per retail customer) = 1,500 − 5 = 1,495.
    let c = line("2026-01", "c1", "B1", "A", 1_200_000.0);
    let d = ds(&c, "A,n,B1,j,2020-01-01,active,,,,,\n", "");
    let r = performance(&d, &cfg(), per("2026-01"));
    assert_eq!(r.managers.len(), 1);
    assert!(close(r.managers[0].portfolio.contribution, 1_495.0), "{}", r.managers[0].portfolio.contribution);
    assert_close(r.managers[0].key_person_share, 1.0);
    assert!(close(r.branches[0].figures.contribution, 1_495.0));
    let json = serde_json::to_value(&r).expect("serializes");
    assert_eq!(json["managers"][0]["manager_id"], "A");
    assert_eq!(json["branches"][0]["branch_id"], "B1");
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

mod props {
    use super::*;
    use proptest::prelude::*;

    /// Share patterns that sum to exactly 1 in binary floating point.
    const PATTERNS: [&[f64]; 5] = [&[1.0], &[0.5, 0.5], &[0.25, 0.75], &[0.25, 0.25, 0.5], &[0.125, 0.875]];
    const MONTHS: [&str; 4] = ["2026-01", "2026-02", "2026-03", "2026-04"];

    #[derive(Clone, Debug)]
    struct Cust {
        branch: u8,
        /// 0..4 → M0..M3, 4 → unknown MX, 5 → empty.
        manager: u8,
        /// Per month: (present, deposit, loan, fee, class 0..6, opened that month).
        rows: Vec<(bool, u32, u32, i32, u8, bool)>,
        split: Option<(usize, usize)>,
    }

    fn cust() -> impl Strategy<Value = Cust> {
        (
            0u8..3,
            0u8..6,
            prop::collection::vec(
                (any::<bool>(), 0u32..100_000, 0u32..50_000, -1000i32..1000, 0u8..6, any::<bool>()),
                4,
            ),
            prop::option::of((0usize..PATTERNS.len(), 0usize..4)),
        )
            .prop_map(|(branch, manager, rows, split)| Cust { branch, manager, rows, split })
    }

    /// (customers, managers, splits) data lines.
    fn fixture() -> impl Strategy<Value = (Vec<String>, Vec<String>, Vec<String>)> {
        (
            prop::collection::vec(cust(), 1..10),
            prop::collection::vec((any::<bool>(), 0u8..3, any::<bool>(), 0u32..300_000), 4),
        )
            .prop_map(|(custs, mgrs)| {
                let classes = ["", "normal", "special", "substandard", "doubtful", "loss"];
                let mut c = Vec::new();
                let mut s = Vec::new();
                for (i, k) in custs.iter().enumerate() {
                    let mid = match k.manager {
                        0..=3 => format!("M{}", k.manager),
                        4 => "MX".to_string(),
                        _ => String::new(),
                    };
                    for (mi, &(present, dep, loan, fee, class, new)) in k.rows.iter().enumerate() {
                        if !present {
                            continue;
                        }
                        let open = if new { format!("{}-15", MONTHS[mi]) } else { "2020-01-01".to_string() };
                        let class = if loan > 0 { classes[usize::from(class)] } else { "" };
                        c.push(format!(
                            "{},c{i:02},n,retail,B{},{mid},{open},{dep},{loan},0,{fee},deposit,1,{class}",
                            MONTHS[mi], k.branch
                        ));
                    }
                    if let Some((pat, off)) = k.split {
                        if k.rows.iter().any(|r| r.0) {
                            for (j, share) in PATTERNS[pat].iter().enumerate() {
                                s.push(format!("c{i:02},M{},{share}", (off + j) % 4));
                            }
                        }
                    }
                }
                let m = mgrs
                    .iter()
                    .enumerate()
                    .map(|(i, &(active, branch, dated, target))| {
                        let status = if active { "active" } else { "left" };
                        let period = if dated { "2026-02" } else { "" };
                        format!("M{i},n,B{branch},j,2020-01-01,{status},{period},{target},,,1")
                    })
                    .collect();
                (c, m, s)
            })
    }

    fn load_lines(c: &[String], m: &[String], s: &[String]) -> Option<Dataset> {
        let join = |h: &str, l: &[String]| format!("{h}{}\n", l.join("\n"));
        let (c, m, s) = (join(CH, c), join(MH, m), join(SH, s));
        load(
            Inputs { customers: c.as_bytes(), managers: m.as_bytes(), credit_splits: Some(s.as_bytes()) },
            &LoadOptions::default(),
        )
        .ok()
        .map(|l| {
            assert!(l.issues.iter().all(|i| i.severity != crate::Severity::Error), "{:?}", l.issues);
            l.dataset
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn credited_counts_sum_to_credited_customers((c, m, s) in fixture()) {
            let Some(d) = load_lines(&c, &m, &s) else { return Err(TestCaseError::reject("empty")) };
            let Some(l) = d.latest() else { return Err(TestCaseError::reject("no rows")) };
            let known = manager_states(&d, l);
            // Every manager known in L, so every split share is credited.
            prop_assume!(known.len() == 4);
            let credited_customers = d
                .rows_in(l)
                .iter()
                .filter(|r| {
                    d.splits.iter().any(|s| s.customer == r.customer)
                        || r.manager.is_some_and(|m| known.iter().any(|k| k.manager == m))
                })
                .count();
            let p = credited(&d, &fee_contrib(&d), l, l);
            let sum: f64 = p.iter().map(|p| p.figures.customers).sum();
            prop_assert!((sum - credited_customers as f64).abs() < 1e-9, "{} vs {}", sum, credited_customers);
        }

        #[test]
        fn results_do_not_depend_on_row_order(
            ((c, m, s), (c2, m2, s2)) in fixture().prop_flat_map(|(c, m, s)| {
                let orig = (Just(c.clone()), Just(m.clone()), Just(s.clone()));
                let shuffled = (Just(c).prop_shuffle(), Just(m).prop_shuffle(), Just(s).prop_shuffle());
                (orig, shuffled)
            })
        ) {
            let (Some(a), Some(b)) = (load_lines(&c, &m, &s), load_lines(&c2, &m2, &s2)) else {
                return Err(TestCaseError::reject("empty"));
            };
            let cfg = Config::default();
            for as_of in MONTHS.iter().map(|p| per(p)) {
                let ra = performance(&a, &cfg, as_of);
                let rb = performance(&b, &cfg, as_of);
                let ja = serde_json::to_string(&ra).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let jb = serde_json::to_string(&rb).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(ja, jb);
            }
        }
    }
}
