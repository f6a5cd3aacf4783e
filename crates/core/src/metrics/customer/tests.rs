use super::fixture::{cid, load, p, Row, MANAGERS};
use super::*;
use crate::metrics::ceil_share;
use proptest::prelude::*;

fn metric<'a>(m: &'a CustomerMetrics, ds: &Dataset, id: &str) -> &'a CustomerMetric {
    m.get(cid(ds, id)).expect("customer present in L")
}

fn tiers_of(m: &CustomerMetrics, ds: &Dataset, ids: &[&str]) -> Vec<Tier> {
    ids.iter().map(|id| metric(m, ds, id).tier).collect()
}

fn codes(m: &CustomerMetric) -> String {
    m.reasons.join()
}

fn cfg() -> Config {
    Config::default()
}

#[test]
fn ceil_share_is_exact() {
    // 5% of 100 = 5 exactly (a naive 0.05 × 100 = 5.000000000000001 would ceil to 6).
    assert_eq!(ceil_share(0.05, 100), 5);
    assert_eq!(ceil_share(0.2, 10), 2);
    assert_eq!(ceil_share(0.07, 100), 7);
    // 5% of 20 = 1; of 21 = 1.05 → 2; 20% of 6 = 1.2 → 2; 5% of 6 = 0.3 → 1.
    assert_eq!(ceil_share(0.05, 20), 1);
    assert_eq!(ceil_share(0.05, 21), 2);
    assert_eq!(ceil_share(0.2, 6), 2);
    assert_eq!(ceil_share(0.05, 6), 1);
    assert_eq!(ceil_share(0.05, 0), 0);
    assert_eq!(ceil_share(0.0, 50), 0);
    assert_eq!(ceil_share(1.0, 50), 50);
    assert_eq!(ceil_share(f64::NAN, 50), 0);
    assert_eq!(ceil_share(7.0, 50), 50);
}

#[test]
fn tiers_rank_cutoffs_and_ties_by_id() {
    // 20 retail customers in one period (s3 = contribution): vip ≤ ceil(0.05 × 20) = 1,
    // key ≤ ceil(0.2 × 20) = 4. C and D tie at 500 on the key cut-off (ranks 4 and 5):
    // the lower id (C) takes rank 4 = key, D rank 5 = ordinary.
    let mut rows = vec![
        Row::new("2026-10", "A").contrib(1_000),
        Row::new("2026-10", "B").contrib(600),
        Row::new("2026-10", "D").contrib(500),
        Row::new("2026-10", "C").contrib(500),
        Row::new("2026-10", "E").contrib(700),
    ];
    for i in 0..15 {
        rows.push(Row::new("2026-10", &format!("F{i:02}")).contrib(10 + i));
    }
    // Ranks: A 1,000 (1), E 700 (2), B 600 (3), C 500 (4), D 500 (5), F14 24 (6) …
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    assert_eq!(m.customers.len(), 20);
    assert_eq!(
        tiers_of(&m, &ds, &["A", "E", "B", "C", "D", "F14"]),
        [Tier::Vip, Tier::Key, Tier::Key, Tier::Key, Tier::Ordinary, Tier::Ordinary]
    );
    // Sorted by customer id.
    assert!(m.customers.windows(2).all(|w| w[0].customer < w[1].customer));
}

#[test]
fn tiers_are_per_kind() {
    // 2 corporate: vip ≤ ceil(0.05 × 2) = 1, key ≤ ceil(0.4) = 1. 3 retail: vip 1, key
    // ceil(0.6) = 1. The corporate X (50) is vip although retail R1 (900) is larger.
    let rows = vec![
        Row::new("2026-10", "R1").contrib(900),
        Row::new("2026-10", "R2").contrib(800),
        Row::new("2026-10", "R3").contrib(700),
        Row::new("2026-10", "X").corporate().contrib(50),
        Row::new("2026-10", "Y").corporate().contrib(40),
    ];
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    assert_eq!(
        tiers_of(&m, &ds, &["R1", "R2", "R3", "X", "Y"]),
        [Tier::Vip, Tier::Ordinary, Tier::Ordinary, Tier::Vip, Tier::Ordinary]
    );
}

#[test]
fn negative_s3_is_below_cost_and_the_place_is_not_handed_on() {
    // W has the largest contribution in L (3,000) but s3 = (−3,000 − 3,000 + 3,000) / 3
    // = −1,000 < 0 → below_cost. Only A (s3 = 100) and B (s3 = 50) are ≥ 0.
    // n = 20 retail: vip ≤ 1, key ≤ 4. Ranks by s3: A (1) vip, B (2) key, then the 18
    // negative ones (W at −1,000 and the fillers at −1 … −17) — all below_cost: key places 3
    // and 4 are not handed on to anyone.
    let mut rows = Vec::new();
    for per in ["2026-08", "2026-09"] {
        rows.push(Row::new(per, "W").contrib(-3_000));
        rows.push(Row::new(per, "A").contrib(100));
        rows.push(Row::new(per, "B").contrib(50));
    }
    rows.push(Row::new("2026-10", "W").contrib(3_000));
    rows.push(Row::new("2026-10", "A").contrib(100));
    rows.push(Row::new("2026-10", "B").contrib(50));
    for i in 1..=17 {
        rows.push(Row::new("2026-10", &format!("F{i:02}")).contrib(-i));
    }
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let w = metric(&m, &ds, "W");
    assert_eq!(w.contribution, 3_000.0);
    assert_eq!(w.s3, -1_000.0);
    assert_eq!(w.tier, Tier::BelowCost);
    assert_eq!(tiers_of(&m, &ds, &["A", "B", "F01"]), [Tier::Vip, Tier::Key, Tier::BelowCost]);
    let n = |t: Tier| m.customers.iter().filter(|x| x.tier == t).count();
    assert_eq!((n(Tier::Vip), n(Tier::Key), n(Tier::Ordinary), n(Tier::BelowCost)), (1, 1, 0, 18));

    // All negative: no vip and no key at all.
    let rows: Vec<Row> = (1..=5).map(|i| Row::new("2026-10", &format!("N{i}")).contrib(-i)).collect();
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    assert!(m.customers.iter().all(|x| x.tier == Tier::BelowCost));
    // s3 = 0 is not below cost: Z (0) is the vip of one.
    let ds = load(&[Row::new("2026-10", "Z").contrib(0)], MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    assert_eq!(metric(&m, &ds, "Z").tier, Tier::Vip);
}

#[test]
fn s3_p3_rising_windows_are_positions() {
    // P = 2026-03, 04, 05, 07, 08, 10 (gaps: positions, not calendar months).
    // A: 100, 100, 100 | 150, 150, 150 → p3 = 100, s3 = 150 = 1.5 × 100 → rising (≥).
    // B: 100, 100, 100 | 140, 150, 160 → s3 = 150 → rising; C: p3 = 100, s3 = 149 → no.
    // G (gaps): rows in 04 (300) | 08 (30), 10 (90) → p3 = 300 (one row),
    //   s3 = (30 + 90) / 2 = 60 → not rising.
    // H: p3 = −100 (≤ 0) → not rising although s3 = 500.
    // N: one month of history (10 only, 42) → s3 = 42, p3 None, not rising.
    let ps = ["2026-03", "2026-04", "2026-05", "2026-07", "2026-08", "2026-10"];
    let mut rows = Vec::new();
    for (i, per) in ps.iter().enumerate() {
        let early = i < 3;
        rows.push(Row::new(per, "A").contrib(if early { 100 } else { 150 }));
        rows.push(Row::new(per, "B").contrib(if early { 100 } else { [140, 150, 160][i - 3] }));
        rows.push(Row::new(per, "C").contrib(if early { 100 } else { [149, 149, 149][i - 3] }));
        rows.push(Row::new(per, "H").contrib(if early { -100 } else { 500 }));
    }
    rows.push(Row::new("2026-04", "G").contrib(300));
    rows.push(Row::new("2026-08", "G").contrib(30));
    rows.push(Row::new("2026-10", "G").contrib(90));
    rows.push(Row::new("2026-10", "N").contrib(42));
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let get = |id: &str| {
        let x = metric(&m, &ds, id);
        (x.s3, x.p3, x.rising)
    };
    assert_eq!(get("A"), (150.0, Some(100.0), true));
    assert_eq!(get("B"), (150.0, Some(100.0), true));
    assert_eq!(get("C"), (149.0, Some(100.0), false));
    assert_eq!(get("G"), (60.0, Some(300.0), false));
    assert_eq!(get("H"), (500.0, Some(-100.0), false));
    assert_eq!(get("N"), (42.0, None, false));
    assert_eq!(metric(&m, &ds, "G").contribution, 90.0);

    // As of 2026-07 (position 4): s3 over 04, 05, 07; p3 over 03 only; rows after ignored.
    // A: s3 = (100 + 100 + 150) / 3 = 116.66…, p3 = 100 → not rising. G: s3 = 300, p3 None.
    let m7 = customer_metrics(&ds, &cfg(), p("2026-07"));
    let a = metric(&m7, &ds, "A");
    assert!((a.s3 - 350.0 / 3.0).abs() < 1e-12);
    assert_eq!((a.p3, a.rising), (Some(100.0), false));
    assert!(m7.get(cid(&ds, "G")).is_none(), "G has no row in 2026-07");
    assert!(m7.get(cid(&ds, "N")).is_none());
}

#[test]
fn custom_window_and_rising_factor() {
    // window 2, rising_factor 2: A 10 | 10, 20 | 40, 40 → s3 = 40, p3 = 15 → 40 ≥ 30 → rising.
    let per = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"];
    let vals = [10, 10, 20, 40, 40];
    let rows: Vec<Row> = per.iter().zip(vals).map(|(q, v)| Row::new(q, "A").contrib(v)).collect();
    let ds = load(&rows, MANAGERS);
    let mut c = cfg();
    c.tiers.window = 2;
    c.tiers.rising_factor = 2.0;
    let m = customer_metrics(&ds, &c, p("2026-09"));
    let a = metric(&m, &ds, "A");
    assert_eq!((a.s3, a.p3, a.rising), (40.0, Some(15.0), true));
}

#[test]
fn funds_signals_and_baseline_minimum() {
    // L = 2026-10; the baseline is the (up to) 3 positions before: 07, 08, 09 (06 ignored).
    let mut rows = Vec::new();
    let base = |rows: &mut Vec<Row>, id: &str, f: [i64; 3], l: i64| {
        for (q, v) in ["2026-07", "2026-08", "2026-09"].iter().zip(f) {
            rows.push(Row::new(q, id).funds(v - v / 4, v / 4));
        }
        rows.push(Row::new("2026-10", id).funds(l, 0));
    };
    // F1: f_prev = 10,000 (6,000 + 4,000 style split), f = 7,000 → 1 − 0.7 = 0.3 → FUNDS30.
    base(&mut rows, "F1", [10_000; 3], 7_000);
    rows.push(Row::new("2026-06", "F1").funds(1_000_000, 0)); // outside the baseline window
                                                              // F2: f = 4,000 → drop 0.6 → FUNDS60 (only the higher grade).
    base(&mut rows, "F2", [10_000; 3], 4_000);
    // F3: f = 7,001 → drop 0.2999 → nothing.
    base(&mut rows, "F3", [10_000; 3], 7_001);
    // F4: f_prev = 999 < 1,000 → no baseline, even with f = 0.
    base(&mut rows, "F4", [999; 3], 0);
    // F5: f_prev = 1,000 exactly (≥ minimum), f = 0 → drop 1 → FUNDS60.
    base(&mut rows, "F5", [1_000; 3], 0);
    // F8: (9,000 + 10,000 + 11,000) / 3 = 10,000; f = 6,000 → 0.4 → FUNDS30.
    base(&mut rows, "F8", [9_000, 10_000, 11_000], 6_000);
    // F7: one baseline row (09: 20,000), f = 12,000 → 0.4 → FUNDS30.
    rows.push(Row::new("2026-09", "F7").funds(20_000, 0));
    rows.push(Row::new("2026-10", "F7").funds(12_000, 0));
    // F6: one month of history → no baseline.
    rows.push(Row::new("2026-10", "F6").funds(0, 0));
    rows.push(Row::new("2026-06", "F0").funds(0, 0));
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let get = |id: &str| {
        let x = metric(&m, &ds, id);
        (codes(x), x.churn_points, x.funds_drop)
    };
    assert_eq!(get("F1"), ("FUNDS30".into(), 25, Some(0.3)));
    assert_eq!(get("F2"), ("FUNDS60".into(), 40, Some(0.6)));
    assert_eq!(get("F3"), (String::new(), 0, Some(0.2999)));
    assert_eq!(get("F4"), (String::new(), 0, None));
    assert_eq!(get("F5"), ("FUNDS60".into(), 40, Some(1.0)));
    assert_eq!(get("F7"), ("FUNDS30".into(), 25, Some(0.4)));
    assert_eq!(get("F8"), ("FUNDS30".into(), 25, Some(0.4)));
    assert_eq!(get("F6"), (String::new(), 0, None));
}

#[test]
fn txn_signals_and_baseline_minimum() {
    let mut rows = Vec::new();
    let mut add = |id: &str, base: [u32; 3], l: u32| {
        for (q, t) in ["2026-07", "2026-08", "2026-09"].iter().zip(base) {
            rows.push(Row::new(q, id).txn(t));
        }
        rows.push(Row::new("2026-10", id).txn(l));
    };
    add("T1", [10, 10, 10], 0); // t_prev 10 ≥ 5, txn 0 → TXN0 20
    add("T2", [10, 10, 10], 5); // 5 ≤ 0.5 × 10 → TXN50 15
    add("T3", [10, 10, 10], 6); // 6 > 5 → nothing
    add("T4", [4, 5, 5], 0); // t_prev 14 / 3 = 4.67 < 5 → nothing
    add("T5", [5, 5, 5], 0); // t_prev 5 ≥ 5 → TXN0
    add("T6", [6, 0, 9], 2); // t_prev 15 / 3 = 5; 2 ≤ 2.5 → TXN50
    add("T8", [6, 0, 9], 3); // 3 > 2.5 → nothing
    rows.push(Row::new("2026-06", "T7").txn(20)); // outside the window
    for q in ["2026-07", "2026-08", "2026-09", "2026-10"] {
        rows.push(Row::new(q, "T7").txn(0)); // t_prev 0 → nothing
    }
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let get = |id: &str| {
        let x = metric(&m, &ds, id);
        (codes(x), x.churn_points)
    };
    assert_eq!(get("T1"), ("TXN0".into(), 20));
    assert_eq!(get("T2"), ("TXN50".into(), 15));
    assert_eq!(get("T3"), (String::new(), 0));
    assert_eq!(get("T4"), (String::new(), 0));
    assert_eq!(get("T5"), ("TXN0".into(), 20));
    assert_eq!(get("T6"), ("TXN50".into(), 15));
    assert_eq!(get("T8"), (String::new(), 0));
    assert_eq!(get("T7"), (String::new(), 0));
}

#[test]
fn product_lost_against_the_position_before() {
    let rows = vec![
        // P1: wealth held in 09, missing in 10 → PRODUCT_LOST 15.
        Row::new("2026-09", "P1").products("deposit;card;wealth"),
        Row::new("2026-10", "P1").products("deposit;card"),
        // P2: only gains → nothing.
        Row::new("2026-09", "P2").products("deposit;card"),
        Row::new("2026-10", "P2").products("deposit;card;wealth;ebank"),
        // P3: no row in 09 (the position before L); 08 is not compared → nothing.
        Row::new("2026-08", "P3").products("deposit;card;wealth"),
        Row::new("2026-10", "P3").products("deposit"),
        // P4: same set in another order → nothing.
        Row::new("2026-09", "P4").products("card;deposit"),
        Row::new("2026-10", "P4").products("deposit;card"),
        // P5: everything gone → fires.
        Row::new("2026-09", "P5").products("deposit"),
        Row::new("2026-10", "P5").products(""),
    ];
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let got: Vec<(String, u32)> = ["P1", "P2", "P3", "P4", "P5"]
        .iter()
        .map(|id| (codes(metric(&m, &ds, id)), metric(&m, &ds, id).churn_points))
        .collect();
    assert_eq!(
        got,
        [
            ("PRODUCT_LOST".to_string(), 15),
            (String::new(), 0),
            (String::new(), 0),
            (String::new(), 0),
            ("PRODUCT_LOST".to_string(), 15)
        ]
    );
}

#[test]
fn no_contact_only_for_vip_and_key() {
    // n = 40 retail in 2026-10: vip ≤ ceil(0.05 × 40) = 2, key ≤ ceil(0.2 × 40) = 8.
    // Days to 2026-10-31: 2026-08-02 → 29 + 30 + 31 = 90 (not > 90);
    // 2026-08-01 → 91 → NO_CONTACT90; 2026-05-04 → 27 + 30 + 31 + 31 + 30 + 31 = 180
    // (not > 180) → NO_CONTACT90; 2026-05-03 → 181 → NO_CONTACT180; empty → NO_CONTACT180.
    let mut rows = vec![
        Row::new("2026-10", "V1").contrib(10_000).contact(""), // vip, empty
        Row::new("2026-10", "V2").contrib(9_000).contact("2026-08-02"), // vip, 90 days
        Row::new("2026-10", "K1").contrib(8_000).contact("2026-08-01"), // key, 91
        Row::new("2026-10", "K2").contrib(7_000).contact("2026-05-04"), // key, 180
        Row::new("2026-10", "K3").contrib(6_000).contact("2026-05-03"), // key, 181
        Row::new("2026-10", "O1").contrib(1).contact(""),      // ordinary, empty
        Row::new("2026-10", "O2").contrib(2).contact("2020-01-01"), // ordinary, years
    ];
    for i in 0..33 {
        rows.push(Row::new("2026-10", &format!("F{i:02}")).contrib(100 + i).contact("2026-10-15"));
    }
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let got = |id: &str| {
        let x = metric(&m, &ds, id);
        (x.tier, codes(x), x.churn_points)
    };
    assert_eq!(got("V1"), (Tier::Vip, "NO_CONTACT180".into(), 20));
    assert_eq!(got("V2"), (Tier::Vip, String::new(), 0));
    assert_eq!(got("K1"), (Tier::Key, "NO_CONTACT90".into(), 10));
    assert_eq!(got("K2"), (Tier::Key, "NO_CONTACT90".into(), 10));
    assert_eq!(got("K3"), (Tier::Key, "NO_CONTACT180".into(), 20));
    assert_eq!(got("O1"), (Tier::Ordinary, String::new(), 0));
    assert_eq!(got("O2"), (Tier::Ordinary, String::new(), 0));
}

const MANAGERS_DATED: &str = "manager_id,name,branch_id,grade,hire_date,status,period\n\
                              M1,Wang,B1,senior,2018-01-01,active,\n\
                              M2,Li,B1,junior,2018-01-01,left,\n\
                              M3,Zhao,B1,junior,2018-01-01,active,2026-08\n\
                              M3,Zhao,B1,junior,2018-01-01,left,2026-10\n\
                              M4,Qian,B1,junior,2026-11-01,active,2026-11\n\
                              M5,Sun,B1,junior,2018-01-01,active,\n\
                              M5,Sun,B1,junior,2018-01-01,left,2026-09\n";

#[test]
fn manager_left_and_unassigned() {
    // n = 20 retail, vip ≤ 1, key ≤ 4: K1 (vip), K2–K4 (key); the rest ordinary.
    // Managers in L = 2026-10: M1 active; M2 left (undated); M3 left (its 2026-10 row);
    // M4 only dated 2026-11 → not known in L; M5 left (2026-09 row beats the undated one);
    // MX not in managers.csv.
    let mut rows = Vec::new();
    for q in ["2026-09", "2026-10"] {
        rows.extend([
            Row::new(q, "K1").contrib(9_000).manager(""),   // vip, none → UNASSIGNED 10
            Row::new(q, "K2").contrib(8_000).manager("MX"), // key, unknown → UNASSIGNED 10
            Row::new(q, "K3").contrib(7_000).manager("M4"), // key, not known in L → UNASSIGNED
            Row::new(q, "K4").contrib(6_000).manager("M2"), // key, left → MANAGER_LEFT 20
            Row::new(q, "O1").contrib(1).manager("M2"),     // ordinary, left → MANAGER_LEFT 20
            Row::new(q, "O2").contrib(2).manager(""),       // ordinary, none → nothing
            Row::new(q, "O3").contrib(3).manager("MX"),     // ordinary, unknown → nothing
            Row::new(q, "O4").contrib(4).manager("M3"),     // left in 10, active in 09
            Row::new(q, "O5").contrib(5).manager("M5"),     // left from 09
        ]);
        for i in 0..11 {
            rows.push(Row::new(q, &format!("F{i:02}")).contrib(100 + i));
        }
    }
    let ds = load(&rows, MANAGERS_DATED);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let got = |m: &CustomerMetrics, id: &str| {
        let x = metric(m, &ds, id);
        (x.tier, codes(x), x.churn_points)
    };
    assert_eq!(got(&m, "K1"), (Tier::Vip, "UNASSIGNED".into(), 10));
    assert_eq!(got(&m, "K2"), (Tier::Key, "UNASSIGNED".into(), 10));
    assert_eq!(got(&m, "K3"), (Tier::Key, "UNASSIGNED".into(), 10));
    assert_eq!(got(&m, "K4"), (Tier::Key, "MANAGER_LEFT".into(), 20));
    assert_eq!(got(&m, "O1"), (Tier::Ordinary, "MANAGER_LEFT".into(), 20));
    assert_eq!(got(&m, "O2"), (Tier::Ordinary, String::new(), 0));
    assert_eq!(got(&m, "O3"), (Tier::Ordinary, String::new(), 0));
    assert_eq!(got(&m, "O4"), (Tier::Ordinary, "MANAGER_LEFT".into(), 20));
    assert_eq!(got(&m, "O5"), (Tier::Ordinary, "MANAGER_LEFT".into(), 20));
    // As of 2026-09: M3's state is its 2026-08 row (active); M5 already left.
    let m9 = customer_metrics(&ds, &cfg(), p("2026-09"));
    assert_eq!(got(&m9, "O4"), (Tier::Ordinary, String::new(), 0));
    assert_eq!(got(&m9, "O5"), (Tier::Ordinary, "MANAGER_LEFT".into(), 20));
    // manager_state directly.
    let mid = |s: &str| ds.manager_ids.get(s).expect("known manager");
    assert_eq!(manager_state(&ds, mid("M3"), p("2026-07")).map(|r| r.status), None);
    assert_eq!(manager_state(&ds, mid("M3"), p("2026-09")).map(|r| r.period), Some(Some(p("2026-08"))));
    assert_eq!(manager_state(&ds, mid("M3"), p("2027-01")).map(|r| r.status), Some(Status::Left));
    assert_eq!(manager_state(&ds, mid("M5"), p("2026-08")).map(|r| r.status), Some(Status::Active));
    assert_eq!(manager_state(&ds, mid("M4"), p("2026-10")).map(|r| r.status), None);
}

#[test]
fn complaints_over_three_positions() {
    // L = 2026-10; window 08, 09, 10.
    let rows = vec![
        // C1: 07 = 5 (outside), 08 = 1, 09 empty (= 0), 10 = 1 → 2 → COMPLAINTS1 10.
        Row::new("2026-07", "C1").complaints("5"),
        Row::new("2026-08", "C1").complaints("1"),
        Row::new("2026-09", "C1").complaints(""),
        Row::new("2026-10", "C1").complaints("1"),
        // C2: 1 + 1 + 1 = 3 → COMPLAINTS3 20.
        Row::new("2026-08", "C2").complaints("1"),
        Row::new("2026-09", "C2").complaints("1"),
        Row::new("2026-10", "C2").complaints("1"),
        // C3: 9 in 07 only → 0 → nothing.
        Row::new("2026-07", "C3").complaints("9"),
        Row::new("2026-10", "C3").complaints("0"),
        // C4: 08 = 2, no row in 09 (missing = 0), 10 = 0 → 2 → COMPLAINTS1.
        Row::new("2026-08", "C4").complaints("2"),
        Row::new("2026-10", "C4").complaints("0"),
        // C5: 3 in L alone → COMPLAINTS3.
        Row::new("2026-10", "C5").complaints("3"),
    ];
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let got: Vec<(String, u32)> = ["C1", "C2", "C3", "C4", "C5"]
        .iter()
        .map(|id| (codes(metric(&m, &ds, id)), metric(&m, &ds, id).churn_points))
        .collect();
    let want: Vec<(String, u32)> =
        [("COMPLAINTS1", 10), ("COMPLAINTS3", 20), ("", 0), ("COMPLAINTS1", 10), ("COMPLAINTS3", 20)]
            .iter()
            .map(|(c, n)| (c.to_string(), *n))
            .collect();
    assert_eq!(got, want);
}

#[test]
fn level_boundaries() {
    let c = crate::config::ChurnConfig::default();
    let lv = |n| WarningLevel::from_points(n, &c);
    assert_eq!(
        [lv(0), lv(29), lv(30), lv(49), lv(50), lv(69), lv(70), lv(100)],
        [
            WarningLevel::None,
            WarningLevel::None,
            WarningLevel::Yellow,
            WarningLevel::Yellow,
            WarningLevel::Orange,
            WarningLevel::Orange,
            WarningLevel::Red,
            WarningLevel::Red
        ]
    );
}

#[test]
fn points_sum_levels_and_cap() {
    // Baseline 07–09: funds 10,000, txn 10, products deposit;card; L = 2026-10.
    // All contacts recent, manager M1 (active) unless stated.
    let mut rows = Vec::new();
    let mut add = |id: &str, funds: i64, txn: u32, products: &str, manager: &str, complaints: &str| {
        for q in ["2026-07", "2026-08", "2026-09"] {
            rows.push(Row::new(q, id).funds(10_000, 0).txn(10).products("deposit;card"));
        }
        rows.push(
            Row::new("2026-10", id).funds(funds, 0).txn(txn).products(products).manager(manager).complaints(complaints),
        );
    };
    // X: FUNDS60 40 + TXN0 20 + PRODUCT_LOST 15 + MANAGER_LEFT 20 + COMPLAINTS3 20 = 115 → 100, red.
    add("X", 0, 0, "deposit", "M2", "3");
    // Y30: TXN50 15 + PRODUCT_LOST 15 = 30 → yellow.
    add("Y30", 10_000, 5, "card", "M1", "");
    // Y45: FUNDS30 25 + MANAGER_LEFT 20 = 45 → yellow.
    add("Y45", 7_000, 10, "deposit;card", "M2", "");
    // O50: FUNDS30 25 + TXN50 15 + COMPLAINTS1 10 = 50 → orange.
    add("O50", 7_000, 5, "deposit;card", "M1", "1");
    // O65: FUNDS60 40 + TXN50 15 + COMPLAINTS1 10 = 65 → orange.
    add("O65", 4_000, 5, "deposit;card", "M1", "2");
    // R70: FUNDS60 40 + TXN50 15 + PRODUCT_LOST 15 = 70 → red.
    add("R70", 4_000, 5, "deposit", "M1", "");
    // N25: FUNDS30 25 → none.
    add("N25", 7_000, 10, "deposit;card", "M1", "");
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let got = |id: &str| {
        let x = metric(&m, &ds, id);
        (codes(x), x.churn_points, x.churn_level)
    };
    assert_eq!(got("X"), ("FUNDS60|TXN0|PRODUCT_LOST|MANAGER_LEFT|COMPLAINTS3".into(), 100, WarningLevel::Red));
    assert_eq!(got("Y30"), ("TXN50|PRODUCT_LOST".into(), 30, WarningLevel::Yellow));
    assert_eq!(got("Y45"), ("FUNDS30|MANAGER_LEFT".into(), 45, WarningLevel::Yellow));
    assert_eq!(got("O50"), ("FUNDS30|TXN50|COMPLAINTS1".into(), 50, WarningLevel::Orange));
    assert_eq!(got("O65"), ("FUNDS60|TXN50|COMPLAINTS1".into(), 65, WarningLevel::Orange));
    assert_eq!(got("R70"), ("FUNDS60|TXN50|PRODUCT_LOST".into(), 70, WarningLevel::Red));
    assert_eq!(got("N25"), ("FUNDS30".into(), 25, WarningLevel::None));
}

#[test]
fn risk_class_rules() {
    // L = 2026-10 only, except W (funds baseline 10,000 in 09 → 7,000: drop 0.3).
    let rows = vec![
        Row::new("2026-10", "A").corporate().loan(100_000, "loss", ""), // exit
        Row::new("2026-10", "B").corporate().loan(100_000, "doubtful", "181"), // exit
        Row::new("2026-10", "C").corporate().loan(100_000, "doubtful", "180"), // doubtful
        Row::new("2026-10", "D").corporate().loan(100_000, "substandard", "0"), // doubtful
        Row::new("2026-10", "E").corporate().loan(100_000, "normal", "91"), // doubtful
        Row::new("2026-10", "F").corporate().loan(100_000, "normal", "90"), // watch
        Row::new("2026-10", "G").corporate().loan(100_000, "special", ""), // watch
        Row::new("2026-10", "H").corporate().loan(100_000, "normal", "1"), // watch
        Row::new("2026-10", "I").corporate().loan(100_000, "", ""),     // empty class → normal
        Row::new("2026-10", "J").corporate().loan(100_000, "normal", "0"), // normal
        Row::new("2026-10", "K").loan(0, "", "200"),                    // no loan → normal
        Row::new("2026-09", "W").loan(100_000, "normal", "").funds(10_000, 0),
        Row::new("2026-10", "W").loan(100_000, "normal", "").funds(7_000, 0), // watch (drop 0.3)
        Row::new("2026-09", "V").funds(10_000, 0),
        Row::new("2026-10", "V").funds(0, 0), // no loan → normal despite the drop
        Row::new("2026-09", "U").loan(100_000, "normal", "").funds(10_000, 0),
        Row::new("2026-10", "U").loan(100_000, "normal", "").funds(7_001, 0), // drop 0.2999 → normal
    ];
    let ds = load(&rows, MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let ids = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "W", "V", "U"];
    let got: Vec<RiskClass> = ids.iter().map(|id| metric(&m, &ds, id).risk_class).collect();
    use RiskClass::*;
    assert_eq!(
        got,
        [Exit, Exit, Doubtful, Doubtful, Doubtful, Watch, Watch, Watch, Normal, Normal, Normal, Watch, Normal, Normal]
    );
}

#[test]
fn single_period_and_empty_inputs_do_not_panic() {
    let ds = load(&[Row::new("2026-10", "A").funds(5_000, 0).txn(3)], MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let a = metric(&m, &ds, "A");
    // 5,000 × 0.015 / 12 = 6.25; − 5; − 3 × 0.5 = 1.5 → −0.25 → below_cost.
    assert_eq!((a.contribution, a.s3, a.p3, a.rising), (-0.25, -0.25, None, false));
    assert_eq!((a.tier, a.churn_points, a.funds_drop), (Tier::BelowCost, 0, None));
    // as_of without data (before, between, after): nothing present, no panic.
    for q in ["2026-09", "2026-11"] {
        let m = customer_metrics(&ds, &cfg(), p(q));
        assert!(m.customers.is_empty() && !m.has_data);
    }
    let empty = Dataset::default();
    let m = customer_metrics(&empty, &cfg(), p("2026-10"));
    assert!(m.customers.is_empty());
}

#[test]
fn as_of_equals_truncated_dataset() {
    let mut rows = Vec::new();
    for (i, q) in ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"].iter().enumerate() {
        let i = i as i64;
        rows.push(Row::new(q, "A").contrib(100 * i).funds(10_000 - 2_000 * i, 0).txn(10 - 2 * i as u32));
        rows.push(Row::new(q, "B").contrib(50).complaints("1"));
        if i != 2 {
            rows.push(Row::new(q, "C").contrib(-10 + 7 * i).products(if i % 2 == 0 {
                "deposit;card"
            } else {
                "deposit"
            }));
        }
    }
    let ds = load(&rows, MANAGERS);
    for q in ["2026-07", "2026-08", "2026-09"] {
        let mut t = ds.clone();
        t.truncate_to(p(q));
        assert_eq!(customer_metrics(&ds, &cfg(), p(q)), customer_metrics(&t, &cfg(), p(q)), "{q}");
    }
}

#[test]
fn reasons_codes_and_serde_names() {
    let r: Reasons = [Reason::Complaints3, Reason::Funds30, Reason::Unassigned].into_iter().collect();
    assert_eq!(r.codes().collect::<Vec<_>>(), ["FUNDS30", "UNASSIGNED", "COMPLAINTS3"]);
    assert_eq!(r.join(), "FUNDS30|UNASSIGNED|COMPLAINTS3");
    assert_eq!(Reasons::default().join(), "");
    assert_eq!(Reason::ALL.map(Reason::code).join("|"),
        "FUNDS30|FUNDS60|TXN0|TXN50|PRODUCT_LOST|NO_CONTACT90|NO_CONTACT180|MANAGER_LEFT|UNASSIGNED|COMPLAINTS1|COMPLAINTS3");
    assert!(Reason::ALL.iter().all(|&x| Reason::parse(x.code()) == Some(x)));
    let json = |v: &dyn erased::Ser| v.json();
    assert_eq!(json(&r), r#"["FUNDS30","UNASSIGNED","COMPLAINTS3"]"#);
    assert_eq!(json(&Tier::BelowCost), r#""below_cost""#);
    assert_eq!(json(&Tier::Vip), r#""vip""#);
    assert_eq!(json(&WarningLevel::None), r#""none""#);
    assert_eq!(json(&WarningLevel::Orange), r#""orange""#);
    assert_eq!(json(&RiskClass::Exit), r#""exit""#);
    assert_eq!(json(&RiskClass::Watch), r#""watch""#);
    assert_eq!(Tier::ALL.map(Tier::code), ["vip", "key", "ordinary", "below_cost"]);
    // A whole metrics set serializes.
    let ds = load(&[Row::new("2026-10", "A").contrib(10)], MANAGERS);
    let m = customer_metrics(&ds, &cfg(), p("2026-10"));
    let s = serde_json::to_string(&m).expect("serializes");
    assert!(s.contains(r#""tier":"vip""#) && s.contains(r#""period":"2026-10""#), "{s}");
}

/// A tiny object-safe wrapper to serialize different types through one closure.
mod erased {
    pub trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            serde_json::to_string(self).expect("serializes")
        }
    }
}

proptest! {
    /// Per kind, the tiers partition the customers; vip = min(ceil(vip·n), #s3≥0), key =
    /// min(ceil(key·n), #s3≥0) − vip; below_cost ⇔ s3 < 0; better tiers have higher
    /// (s3, then lower id).
    #[test]
    fn tiers_partition_each_kind(
        cust in proptest::collection::vec((any::<bool>(), proptest::collection::vec(proptest::option::of(-500i64..2_000), 3)), 1..60),
        vip_share in 0.0f64..0.5,
        extra in 0.0f64..0.5,
    ) {
        let per = ["2026-08", "2026-09", "2026-10"];
        let mut rows = Vec::new();
        for (i, (corp, vals)) in cust.iter().enumerate() {
            for (q, v) in per.iter().zip(vals) {
                // Always a row in L.
                let v = if *q == "2026-10" { Some(v.unwrap_or(0)) } else { *v };
                if let Some(v) = v {
                    let r = Row::new(q, &format!("C{i:03}"));
                    rows.push(if *corp { r.corporate() } else { r }.contrib(v));
                }
            }
        }
        let ds = load(&rows, MANAGERS);
        let mut c = cfg();
        c.tiers.vip_share = vip_share;
        c.tiers.key_share = vip_share + extra;
        let m = customer_metrics(&ds, &c, p("2026-10"));
        prop_assert_eq!(m.customers.len(), cust.len());
        for kind in Kind::ALL {
            let xs: Vec<&CustomerMetric> = m.customers.iter().filter(|x| x.kind == kind).collect();
            let n = xs.len();
            let count = |t: Tier| xs.iter().filter(|x| x.tier == t).count();
            prop_assert_eq!(Tier::ALL.iter().map(|&t| count(t)).sum::<usize>(), n);
            let nonneg = xs.iter().filter(|x| x.s3 >= 0.0).count();
            let vip = ceil_share(c.tiers.vip_share, n).min(nonneg);
            let key = ceil_share(c.tiers.key_share, n).min(nonneg);
            prop_assert_eq!(count(Tier::Vip), vip);
            prop_assert_eq!(count(Tier::Key), key - vip);
            for a in &xs {
                prop_assert_eq!(a.tier == Tier::BelowCost, a.s3 < 0.0);
                for b in &xs {
                    if a.tier < b.tier && b.tier != Tier::BelowCost {
                        prop_assert!(a.s3 > b.s3 || (a.s3 == b.s3 && a.customer < b.customer));
                    }
                }
            }
        }
    }
}
