//! The generator's tests: determinism, the shape of the files, and the realism figures
//! (through the real core loader and metrics for the manager performance cases).

#![allow(clippy::unwrap_used)]

use super::*;
use crate::period::days_from_civil;
use crate::products::PRODUCTS;
use crate::vocab::GRADES;
use crate::write::{CUSTOMERS_HEADER, MANAGERS_HEADER, SPLITS_HEADER};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

#[derive(Debug)]
struct Row {
    period: String,
    id: String,
    name: String,
    corp: bool,
    branch: String,
    mgr: String,
    open: String,
    dep: f64,
    loan: f64,
    aum: f64,
    fee: f64,
    products: Vec<String>,
    txn: f64,
    industry: String,
    class: String,
    overdue: u32,
    contact: String,
    complaints: u32,
    phone: String,
}

#[derive(Debug)]
struct Data {
    rows: Vec<Row>,
    /// manager rows as records (header order).
    mgr_rows: Vec<Vec<String>>,
    splits: Vec<(String, String, f64)>,
    periods: Vec<String>,
}

impl Data {
    fn last(&self) -> &str {
        self.periods.last().unwrap()
    }
    fn in_period<'a>(&'a self, p: &'a str) -> impl Iterator<Item = &'a Row> + 'a {
        self.rows.iter().filter(move |r| r.period == p)
    }
    /// customer id -> period -> row index
    fn by_customer(&self) -> BTreeMap<&str, BTreeMap<&str, &Row>> {
        let mut m: BTreeMap<&str, BTreeMap<&str, &Row>> = BTreeMap::new();
        for r in &self.rows {
            m.entry(r.id.as_str()).or_default().insert(r.period.as_str(), r);
        }
        m
    }
}

fn spec() -> SampleSpec {
    SampleSpec { customers: 2_000, months: 13, branches: 3, seed: 7, end_period: (2026, 10), managers: None }
}

fn records(bytes: &[u8], header: &str) -> Vec<csv::StringRecord> {
    let mut rd = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let h = rd.headers().unwrap().clone();
    assert_eq!(h.iter().collect::<Vec<_>>().join(","), header.trim_end());
    let n = h.len();
    rd.records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), n);
            r
        })
        .collect()
}

fn parse(f: &SampleFiles) -> Data {
    for b in [&f.customers_csv, &f.managers_csv, &f.credit_splits_csv] {
        assert!(std::str::from_utf8(b).is_ok());
        assert!(!b.contains(&b'\r'));
        assert_eq!(b.last(), Some(&b'\n'));
    }
    let rows: Vec<Row> = records(&f.customers_csv, CUSTOMERS_HEADER)
        .iter()
        .map(|r| {
            assert_eq!(r.len(), 19);
            let num = |k: usize| -> f64 {
                let s = &r[k];
                let (_, frac) = s.split_once('.').expect("2 decimals");
                assert_eq!(frac.len(), 2, "{s}");
                s.parse().unwrap()
            };
            Row {
                period: r[0].to_string(),
                id: r[1].to_string(),
                name: r[2].to_string(),
                corp: match &r[3] {
                    "corporate" => true,
                    "retail" => false,
                    k => panic!("kind {k}"),
                },
                branch: r[4].to_string(),
                mgr: r[5].to_string(),
                open: r[6].to_string(),
                dep: num(7),
                loan: num(8),
                aum: num(9),
                fee: num(10),
                products: r[11].split(';').map(str::to_string).collect(),
                txn: r[12].parse().unwrap(),
                industry: r[13].to_string(),
                class: r[14].to_string(),
                overdue: r[15].parse().unwrap(),
                contact: r[16].to_string(),
                complaints: r[17].parse().unwrap(),
                phone: r[18].to_string(),
            }
        })
        .collect();
    let mgr_rows =
        records(&f.managers_csv, MANAGERS_HEADER).iter().map(|r| r.iter().map(str::to_string).collect()).collect();
    let splits = records(&f.credit_splits_csv, SPLITS_HEADER)
        .iter()
        .map(|r| (r[0].to_string(), r[1].to_string(), r[2].parse().unwrap()))
        .collect();
    let periods: BTreeSet<String> = rows.iter().map(|r| r.period.clone()).collect();
    Data { rows, mgr_rows, splits, periods: periods.into_iter().collect() }
}

fn data() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(|| parse(&generate(&spec())))
}

fn contribution(r: &Row) -> f64 {
    let rate = match r.class.as_str() {
        "special" => 0.03,
        "substandard" => 0.10,
        "doubtful" => 0.20,
        "loss" => 0.30,
        _ => 0.01,
    };
    let cost = if r.corp { 200.0 } else { 5.0 };
    r.dep * 0.015 / 12.0 + r.loan * 0.025 / 12.0 + r.aum * 0.005 / 12.0 + r.fee
        - cost
        - r.txn * 0.5
        - r.loan * rate / 12.0
}

fn top20_share<'a>(rows: impl Iterator<Item = &'a Row>) -> f64 {
    let mut c: Vec<f64> = rows.map(contribution).collect();
    c.sort_by(|a, b| b.total_cmp(a));
    let k = (c.len() as f64 * 0.2).ceil() as usize;
    let pos = |s: &[f64]| s.iter().filter(|x| **x > 0.0).sum::<f64>();
    pos(&c[..k]) / pos(&c)
}

fn date_days(s: &str) -> i32 {
    let y = s[0..4].parse().unwrap();
    let m = s[5..7].parse().unwrap();
    let d = s[8..10].parse().unwrap();
    assert_eq!(s.len(), 10);
    days_from_civil(y, m, d)
}

fn period_last_day(p: &str) -> i32 {
    let (y, m): (i32, u32) = (p[0..4].parse().unwrap(), p[5..7].parse().unwrap());
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    days_from_civil(ny, nm, 1) - 1
}

/// Share of customers in `L` whose funds dropped ≥ 30 % vs their previous-3-period average.
fn funds_drop_share(d: &Data) -> f64 {
    let byc = d.by_customer();
    let n = d.periods.len();
    let window = &d.periods[n - 4..n - 1];
    let (mut hit, mut total) = (0, 0);
    for hist in byc.values() {
        let Some(now) = hist.get(d.last()) else { continue };
        total += 1;
        let prev: Vec<f64> = window.iter().filter_map(|p| hist.get(p.as_str())).map(|r| r.dep + r.aum).collect();
        if prev.is_empty() {
            continue;
        }
        let avg = prev.iter().sum::<f64>() / prev.len() as f64;
        if avg >= 1000.0 && 1.0 - (now.dep + now.aum) / avg >= 0.3 {
            hit += 1;
        }
    }
    f64::from(hit) / f64::from(total)
}

#[test]
fn sample_is_deterministic() {
    let s = SampleSpec { customers: 300, months: 6, branches: 2, seed: 11, end_period: (2026, 10), managers: None };
    let a = generate(&s);
    let b = generate(&s);
    assert_eq!(a, b);
    let c = generate(&SampleSpec { seed: 12, ..s.clone() });
    assert_ne!(a.customers_csv, c.customers_csv);
    assert_ne!(a.managers_csv, c.managers_csv);
    // The streaming variant gives the same bytes.
    let (mut x, mut y, mut z) = (Vec::new(), Vec::new(), Vec::new());
    write_to(&s, &mut x, &mut y, &mut z).unwrap();
    assert_eq!((x, y, z), (a.customers_csv, a.managers_csv, a.credit_splits_csv));
}

#[test]
fn sample_periods_ids_and_shape() {
    let d = data();
    assert_eq!(d.periods.len(), 13);
    assert_eq!(d.periods.first().unwrap(), "2025-10");
    assert_eq!(d.last(), "2026-10");
    let mut seen = BTreeSet::new();
    for r in &d.rows {
        assert!(seen.insert((r.period.as_str(), r.id.as_str())), "duplicate {} {}", r.period, r.id);
        assert!(r.id.len() == 8 && r.id.starts_with('C') && r.id[1..].bytes().all(|b| b.is_ascii_digit()));
        assert!(r.branch.len() == 3 && r.branch.starts_with('B'));
        assert!(r.mgr.is_empty() || (r.mgr.len() == 5 && r.mgr.starts_with('M')));
        assert!(r.dep >= 0.0 && r.loan >= 0.0 && r.aum >= 0.0);
        assert!(r.txn <= 200.0);
        date_days(&r.open);
        assert!(r.open <= format!("{}-31", r.period));
        assert!(!r.name.is_empty() && !r.name.contains(','));
    }
    let ids: BTreeSet<&str> = d.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 2_000);
    assert_eq!(ids.first().copied(), Some("C0000001"));
    assert_eq!(ids.last().copied(), Some("C0002000"));
    let branches: BTreeSet<&str> = d.rows.iter().map(|r| r.branch.as_str()).collect();
    assert_eq!(branches.into_iter().collect::<Vec<_>>(), ["B01", "B02", "B03"]);
    // Each customer's rows are consecutive months (no gaps) and static fields stay put.
    for hist in d.by_customer().values() {
        let ps: Vec<usize> = hist.keys().map(|p| d.periods.iter().position(|q| q == p).unwrap()).collect();
        assert!(ps.windows(2).all(|w| w[1] == w[0] + 1));
        let first = hist.values().next().unwrap();
        assert!(hist.values().all(|r| r.name == first.name && r.open == first.open && r.corp == first.corp));
    }
}

#[test]
fn sample_names_phones_industry() {
    let d = data();
    let last: Vec<&Row> = d.in_period(d.last()).collect();
    let corp = last.iter().filter(|r| r.corp).count() as f64 / last.len() as f64;
    assert!((0.12..=0.18).contains(&corp), "corporate share {corp}");
    let mut letters = BTreeMap::new();
    for r in &last {
        if r.corp {
            assert!(r.name.ends_with("有限公司") || r.name.ends_with("有限责任公司"), "{}", r.name);
            assert_eq!(r.industry.len(), 1);
            assert!(('A'..='T').contains(&r.industry.chars().next().unwrap()));
            *letters.entry(r.industry.as_str()).or_insert(0) += 1;
        } else {
            let n = r.name.chars().count();
            assert!((2..=3).contains(&n) && r.name.chars().all(|c| c as u32 >= 0x4e00), "{}", r.name);
            assert!(r.industry.is_empty());
        }
        if !r.phone.is_empty() {
            assert!(r.phone.len() == 11 && r.phone.bytes().all(|b| b.is_ascii_digit()));
            assert!(["13", "15", "18"].contains(&&r.phone[..2]), "{}", r.phone);
        }
    }
    // C and F lead the industries.
    let top: Vec<_> = {
        let mut v: Vec<_> = letters.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1));
        v.into_iter().take(2).map(|(k, _)| *k).collect()
    };
    assert!(top.contains(&"C") && top.contains(&"F"), "{letters:?}");
    let retail: Vec<&&Row> = last.iter().filter(|r| !r.corp).collect();
    let no_phone = retail.iter().filter(|r| r.phone.is_empty()).count();
    assert!(no_phone > 0 && no_phone < retail.len() / 10);
}

#[test]
fn sample_contribution_is_heavy_tailed() {
    let d = data();
    let share = top20_share(d.in_period(d.last()));
    assert!((0.7..=0.9).contains(&share), "top-20% share {share}");
    let retail: Vec<&Row> = d.in_period(d.last()).filter(|r| !r.corp).collect();
    let below = retail.iter().filter(|r| contribution(r) < 0.0).count() as f64 / retail.len() as f64;
    assert!((0.10..=0.30).contains(&below), "retail below cost {below}");
    let mut deps: Vec<f64> = retail.iter().map(|r| r.dep).collect();
    deps.sort_by(f64::total_cmp);
    let median = deps[deps.len() / 2];
    assert!((20_000.0..=200_000.0).contains(&median), "retail median deposit {median}");
    let mut cdeps: Vec<f64> = d.in_period(d.last()).filter(|r| r.corp).map(|r| r.dep).collect();
    cdeps.sort_by(f64::total_cmp);
    assert!(cdeps[cdeps.len() / 2] > 5.0 * median);
    assert!(cdeps[cdeps.len() * 9 / 10] > 1_000_000.0);
    let wealth = retail.iter().filter(|r| r.aum > 0.0).count() as f64 / retail.len() as f64;
    assert!((0.1..=0.4).contains(&wealth), "retail with aum {wealth}");
}

#[test]
fn sample_loans_and_classes() {
    let d = data();
    let last: Vec<&Row> = d.in_period(d.last()).collect();
    let share = |corp: bool| {
        let g: Vec<&&Row> = last.iter().filter(|r| r.corp == corp).collect();
        g.iter().filter(|r| r.loan > 0.0).count() as f64 / g.len() as f64
    };
    assert!((0.18..=0.32).contains(&share(false)), "retail borrowers {}", share(false));
    assert!((0.5..=0.7).contains(&share(true)), "corporate borrowers {}", share(true));
    let total: f64 = last.iter().map(|r| r.loan).sum();
    let npl: f64 =
        last.iter().filter(|r| ["substandard", "doubtful", "loss"].contains(&r.class.as_str())).map(|r| r.loan).sum();
    assert!((0.02..=0.04).contains(&(npl / total)), "NPL ratio {}", npl / total);
    let loans = last.iter().filter(|r| r.loan > 0.0).count() as f64;
    let special = last.iter().filter(|r| r.class == "special").count() as f64 / loans;
    assert!((0.01..=0.08).contains(&special), "special share {special}");
    // Classes only with loans; overdue days in every class.
    let mut overdue: BTreeMap<&str, u32> = BTreeMap::new();
    let mut empty_class = 0;
    for r in &d.rows {
        if r.loan == 0.0 {
            assert!(r.class.is_empty() && r.overdue == 0);
        } else if r.class.is_empty() {
            empty_class += 1;
        }
        if r.loan > 0.0 {
            assert!(r.products.iter().any(|p| p == "loan" || p == "mortgage"));
        }
        if r.overdue > 0 {
            *overdue.entry(r.class.as_str()).or_default() += 1;
            let ok = match r.class.as_str() {
                "normal" => r.overdue <= 30,
                "special" => r.overdue <= 90,
                "substandard" => (91..=180).contains(&r.overdue),
                "doubtful" => (181..=360).contains(&r.overdue),
                "loss" => r.overdue > 360,
                _ => true,
            };
            assert!(ok, "{} overdue {}", r.class, r.overdue);
        }
    }
    for c in ["normal", "special", "substandard", "doubtful", "loss"] {
        assert!(overdue.get(c).copied().unwrap_or(0) > 0, "no overdue in {c}");
    }
    assert!((5..=20).contains(&empty_class), "empty loan_class rows {empty_class}");
    // Sticky classes that sometimes migrate.
    let (mut same, mut moved) = (0, 0);
    for hist in d.by_customer().values() {
        for (a, b) in hist.values().zip(hist.values().skip(1)) {
            if a.loan > 0.0 && b.loan > 0.0 && !a.class.is_empty() && !b.class.is_empty() {
                if a.class == b.class {
                    same += 1;
                } else {
                    moved += 1;
                }
            }
        }
    }
    let stay = f64::from(same) / f64::from(same + moved);
    assert!(stay > 0.97 && moved >= 20, "stay {stay} moved {moved}");
}

#[test]
fn sample_products() {
    let d = data();
    let codes: BTreeSet<&str> = PRODUCTS.iter().copied().collect();
    let mut depth = [0usize; 8];
    for r in &d.rows {
        assert!(r.products.iter().all(|p| codes.contains(p.as_str())), "{:?}", r.products);
        let set: BTreeSet<&String> = r.products.iter().collect();
        assert_eq!(set.len(), r.products.len());
        depth[r.products.len().min(7)] += 1;
    }
    assert_eq!(depth[0] + depth[7], 0);
    assert!(depth[1..=6].iter().all(|&n| n > 0), "{depth:?}");
    let last: Vec<&Row> = d.in_period(d.last()).collect();
    let retail_cm = last.iter().filter(|r| !r.corp && r.products.iter().any(|p| p == "cash_mgmt")).count();
    assert_eq!(retail_cm, 0);
    let corp_mortgage = last.iter().filter(|r| r.corp && r.products.iter().any(|p| p == "mortgage")).count();
    assert_eq!(corp_mortgage, 0);
}

#[test]
fn sample_churn_and_new_customers() {
    let d = data();
    let byc = d.by_customer();
    let gone: Vec<&str> = byc.iter().filter(|(_, h)| !h.contains_key(d.last())).map(|(id, _)| *id).collect();
    let churn = gone.len() as f64 / byc.len() as f64;
    assert!((0.015..=0.07).contains(&churn), "churned {churn}");
    let drop = funds_drop_share(d);
    assert!(drop >= 0.02, "funds drop share {drop}");
    // Product losses happen mostly to churners.
    let lost = |h: &BTreeMap<&str, &Row>| {
        h.values().zip(h.values().skip(1)).any(|(a, b)| a.products.iter().any(|p| !b.products.contains(p)))
    };
    let churn_lost = gone.iter().filter(|id| lost(&byc[**id])).count() as f64 / gone.len() as f64;
    let stay: Vec<_> = byc.iter().filter(|(_, h)| h.contains_key(d.last())).collect();
    let stay_lost = stay.iter().filter(|(_, h)| lost(h)).count() as f64 / stay.len() as f64;
    assert!(churn_lost > 3.0 * stay_lost && stay_lost > 0.0, "{churn_lost} vs {stay_lost}");
    // Complaints come with churn.
    let churn_compl = gone.iter().filter(|id| byc[**id].values().any(|r| r.complaints > 0)).count();
    assert!(churn_compl > 0);
    // New customers every month, open_date inside the month, first row that month.
    for (k, p) in d.periods.iter().enumerate() {
        let month: Vec<&Row> = d.in_period(p).collect();
        let new: Vec<&&Row> = month.iter().filter(|r| r.open[..7] == p[..]).collect();
        let share = new.len() as f64 / month.len() as f64;
        assert!((0.005..=0.03).contains(&share), "{p}: new share {share}");
        for r in new {
            let first = byc[r.id.as_str()].keys().next().unwrap();
            assert_eq!(*first, p.as_str());
        }
        if k > 0 {
            for r in &month {
                let first = byc[r.id.as_str()].keys().next().unwrap();
                if *first == p.as_str() {
                    assert_eq!(&r.open[..7], p.as_str(), "{} appears late", r.id);
                }
            }
        }
    }
    let opens: Vec<i32> = byc.values().map(|h| date_days(&h.values().next().unwrap().open)).collect();
    let span = opens.iter().max().unwrap() - opens.iter().min().unwrap();
    assert!(span > 14 * 365 && span <= 17 * 365, "open span {span}");
}

#[test]
fn sample_contacts_complaints_txn() {
    let d = data();
    let last: Vec<&Row> = d.in_period(d.last()).collect();
    let end = period_last_day(d.last());
    let empty = last.iter().filter(|r| r.contact.is_empty()).count() as f64 / last.len() as f64;
    assert!((0.015..=0.06).contains(&empty), "empty contact {empty}");
    let ages: Vec<i32> = last.iter().filter(|r| !r.contact.is_empty()).map(|r| end - date_days(&r.contact)).collect();
    assert!(ages.iter().all(|a| *a >= 0));
    let recent = ages.iter().filter(|a| **a <= 120).count() as f64 / ages.len() as f64;
    assert!(recent >= 0.7, "contacted within 120 days {recent}");
    assert!(ages.iter().any(|a| *a > 180));
    // Some of the biggest customers were never contacted.
    let mut by_c: Vec<(&&Row, f64)> = last.iter().map(|r| (r, contribution(r))).collect();
    by_c.sort_by(|a, b| b.1.total_cmp(&a.1));
    let vip = (last.len() as f64 * 0.05).ceil() as usize;
    assert!(by_c[..vip].iter().any(|(r, _)| r.contact.is_empty()));
    // complaints mostly 0, some 1, rare 2–4.
    let mut compl = [0usize; 6];
    for r in &d.rows {
        compl[r.complaints.min(5) as usize] += 1;
    }
    let rows = d.rows.len() as f64;
    assert!(compl[0] as f64 / rows > 0.95 && compl[1] > 0 && compl[2] + compl[3] + compl[4] > 0 && compl[5] == 0);
    let mut txn: Vec<f64> = last.iter().filter(|r| !r.corp).map(|r| r.txn).collect();
    txn.sort_by(f64::total_cmp);
    let med = txn[txn.len() / 2];
    assert!((5.0..=40.0).contains(&med), "retail median txn {med}");
    assert!(d.rows.iter().any(|r| r.txn == 0.0));
}

#[test]
fn sample_managers() {
    let d = data();
    let h: Vec<&str> = MANAGERS_HEADER.trim_end().split(',').collect();
    let col = |name: &str| h.iter().position(|c| *c == name).unwrap();
    let (id, br, grade, status, period) =
        (col("manager_id"), col("branch_id"), col("grade"), col("status"), col("period"));
    let (dt, lt, ft, nt) = (col("deposit_target"), col("loan_target"), col("fee_target"), col("new_customers_target"));
    let ids: BTreeSet<&str> = d.mgr_rows.iter().map(|r| r[id].as_str()).collect();
    let n = ids.len();
    assert_eq!(d.mgr_rows.len(), n * d.periods.len());
    let expected: BTreeSet<String> = (1..=n).map(|k| format!("M{k:04}")).collect();
    assert_eq!(ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>(), expected);
    // ≥ 3 per branch, about one per 80–100 customers.
    let last: Vec<&Row> = d.in_period(d.last()).collect();
    for b in ["B01", "B02", "B03"] {
        let m: BTreeSet<&str> = d.mgr_rows.iter().filter(|r| r[br] == b).map(|r| r[id].as_str()).collect();
        let c = last.iter().filter(|r| r.branch == b).count() as f64;
        assert!(
            m.len() >= 3 && (60.0..=115.0).contains(&(c / m.len() as f64)),
            "{b}: {} managers, {c} customers",
            m.len()
        );
    }
    for r in &d.mgr_rows {
        assert!(GRADES.contains(&r[grade].as_str()));
        assert!(d.periods.contains(&r[period]));
    }
    // 1–3 leavers; from the month they leave: `left`, no targets; before: active.
    let mut left_from: BTreeMap<&str, &str> = BTreeMap::new();
    for r in &d.mgr_rows {
        if r[status] == "left" {
            let e = left_from.entry(r[id].as_str()).or_insert(r[period].as_str());
            if r[period].as_str() < *e {
                *e = r[period].as_str();
            }
            assert!(r[dt].is_empty() && r[lt].is_empty() && r[ft].is_empty() && r[nt].is_empty());
        } else {
            assert_eq!(r[status], "active");
        }
    }
    assert!((1..=3).contains(&left_from.len()), "{left_from:?}");
    for r in &d.mgr_rows {
        if let Some(from) = left_from.get(r[id].as_str()) {
            assert_eq!(r[status] == "left", r[period].as_str() >= *from);
            assert!(*from > d.periods[0].as_str());
        }
    }
    // Orphans, unassigned and unknown ids in the latest month.
    let orphans = last.iter().filter(|r| left_from.contains_key(r.mgr.as_str())).count();
    let unassigned = last.iter().filter(|r| r.mgr.is_empty()).count() as f64 / last.len() as f64;
    let unknown =
        last.iter().filter(|r| !r.mgr.is_empty() && !ids.contains(r.mgr.as_str())).count() as f64 / last.len() as f64;
    assert!(orphans > 0);
    assert!((0.003..=0.02).contains(&unassigned), "unassigned {unassigned}");
    assert!(unknown > 0.0 && unknown < 0.01, "unknown {unknown}");
    // Targets ≈ 0.9–1.2 × the credited portfolio; some active managers without targets.
    let mut credited: BTreeMap<&str, f64> = BTreeMap::new();
    let mut split_of: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
    for (c, m, s) in &d.splits {
        split_of.entry(c.as_str()).or_default().push((m.as_str(), *s));
    }
    for r in &last {
        match split_of.get(r.id.as_str()) {
            Some(v) => v.iter().for_each(|(m, s)| *credited.entry(m).or_default() += r.dep * s),
            None => *credited.entry(r.mgr.as_str()).or_default() += r.dep,
        }
    }
    let mut without = 0;
    let mut ratios = Vec::new();
    for r in d.mgr_rows.iter().filter(|r| r[period] == d.last() && r[status] == "active") {
        if r[dt].is_empty() && r[nt].is_empty() {
            without += 1;
            continue;
        }
        let t: f64 = r[dt].parse().unwrap();
        let a = credited.get(r[id].as_str()).copied().unwrap_or(0.0);
        ratios.push(t / a);
        let ntv: u32 = r[nt].parse().unwrap();
        assert!((1..=5).contains(&ntv));
    }
    assert!(without >= 1);
    // Most within 0.85–1.25; the planted outperformers (1–3) at 0.63–0.75 and as many
    // strugglers at 1.9–2.4.
    let low = ratios.iter().filter(|x| (0.6..=0.75).contains(*x)).count();
    let high = ratios.iter().filter(|x| (1.9..=2.4).contains(*x)).count();
    let usual = ratios.iter().filter(|x| (0.85..=1.25).contains(*x)).count();
    assert!((1..=3).contains(&low) && low == high && usual + low + high == ratios.len(), "{ratios:?}");
    assert!(usual >= ratios.len() * 3 / 4, "{ratios:?}");
}

#[test]
fn sample_credit_splits() {
    let d = data();
    let mut by: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
    for (c, m, s) in &d.splits {
        by.entry(c.as_str()).or_default().push((m.as_str(), *s));
    }
    let share = by.len() as f64 / 2_000.0;
    assert!((0.01..=0.03).contains(&share), "split share {share}");
    let kind: BTreeMap<&str, bool> = d.rows.iter().map(|r| (r.id.as_str(), r.corp)).collect();
    let home: BTreeMap<&str, &str> = d.rows.iter().map(|r| (r.id.as_str(), r.branch.as_str())).collect();
    let mgr_branch: BTreeMap<&str, &str> = d.mgr_rows.iter().map(|r| (r[0].as_str(), r[2].as_str())).collect();
    let corp = by.keys().filter(|c| kind[**c]).count();
    assert!(corp * 2 > by.len());
    let mut cross = 0;
    for (c, v) in &by {
        assert!((2..=3).contains(&v.len()));
        let total: f64 = v.iter().map(|x| x.1).sum();
        assert!((total - 1.0).abs() < 1e-9, "{c}: {total}");
        let ms: BTreeSet<&str> = v.iter().map(|x| x.0).collect();
        assert_eq!(ms.len(), v.len());
        if v.iter().any(|(m, _)| mgr_branch[m] != home[c]) {
            cross += 1;
        }
    }
    assert!(cross > 0);
    let text = std::str::from_utf8(&generate(&spec()).credit_splits_csv).unwrap().to_string();
    for line in text.lines().skip(1) {
        let s = line.rsplit(',').next().unwrap();
        assert!(s.len() <= 4 && s.starts_with("0."), "{s}");
    }
}

#[test]
fn sample_streams_a_larger_set() {
    // Correctness only (no timing): 20,000 customers × 12 months through a counting sink.
    #[derive(Default)]
    struct Count {
        bytes: usize,
        lines: usize,
    }
    impl Write for Count {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.bytes += b.len();
            self.lines += b.iter().filter(|&&c| c == b'\n').count();
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let s = SampleSpec { customers: 20_000, months: 12, branches: 12, seed: 1, end_period: (2026, 10), managers: None };
    let (mut c, mut m, mut p) = (Count::default(), Count::default(), Count::default());
    write_to(&s, &mut c, &mut m, &mut p).unwrap();
    // ~20,000 customers a month minus churn, plus the header.
    assert!(c.lines > 20_000 * 11 && c.lines < 20_000 * 12 + 2, "{}", c.lines);
    assert!(c.bytes / c.lines > 100 && c.bytes / c.lines < 200);
    let managers = (m.lines - 1) / 12;
    assert!((200..=260).contains(&managers), "{managers}");
    assert!(p.lines > 200);
}

#[test]
fn managers_total_is_spread_over_branches() {
    // 5,000 customers, 25 branches, 250 managers asked: each branch gets round(250·w/Σw)
    // (at least 3), so the total is within ±13 of 250 (25 roundings of at most ½ each).
    let s =
        SampleSpec { customers: 5_000, months: 2, branches: 25, seed: 5, end_period: (2026, 10), managers: Some(250) };
    let distinct = |d: &Data| d.mgr_rows.iter().map(|r| r[0].clone()).collect::<BTreeSet<_>>().len();
    let count = distinct(&parse(&generate(&s)));
    assert!((237..=263).contains(&count), "{count}");
    // The default: about one per 80–100 customers, at least 3 per branch.
    let count = distinct(&parse(&generate(&SampleSpec { managers: None, ..s })));
    assert!((50..=80).contains(&count), "{count}");
}

#[test]
fn sample_edge_specs() {
    let empty = generate(&SampleSpec { customers: 0, months: 1, branches: 1, ..SampleSpec::default() });
    assert_eq!(empty.customers_csv, CUSTOMERS_HEADER.as_bytes());
    let one =
        generate(&SampleSpec { customers: 5, months: 1, branches: 0, seed: 3, end_period: (2026, 1), managers: None });
    let d = parse(&one);
    assert_eq!(d.periods, ["2026-01"]);
    let wrap = parse(&generate(&SampleSpec {
        customers: 50,
        months: 3,
        branches: 1,
        seed: 3,
        end_period: (2026, 1),
        managers: None,
    }));
    assert_eq!(wrap.periods, ["2025-11", "2025-12", "2026-01"]);
}

/// The manager performance of a generated set in its last month, through the real core.
fn performance(spec: &SampleSpec) -> Vec<branchlens_core::metrics::performance::ManagerPerf> {
    use branchlens_core::{config::Config, load, Inputs, LoadOptions};
    let f = generate(spec);
    let inputs = Inputs {
        customers: f.customers_csv.as_slice(),
        managers: f.managers_csv.as_slice(),
        credit_splits: Some(f.credit_splits_csv.as_slice()),
    };
    let ds = load(inputs, &LoadOptions::default()).unwrap().dataset;
    let cfg = Config::default();
    let latest = ds.latest().unwrap();
    branchlens_core::summary::analyze(&ds, &cfg, latest).performance.managers
}

/// One line per manager: score, suggestion, anomalies (rules fired), key-person share.
fn perf_lines(managers: &[branchlens_core::metrics::performance::ManagerPerf]) -> Vec<String> {
    managers
        .iter()
        .map(|m| {
            let an: Vec<String> = m
                .anomalies
                .iter()
                .map(|a| {
                    let rules = match (a.robust_rule, a.jump_rule) {
                        (true, true) => "robust+jump",
                        (true, false) => "robust",
                        _ => "jump",
                    };
                    format!("{:?} {:+.0} ({rules}, z {:.1})", a.metric, a.change, a.z.unwrap_or(f64::NAN))
                })
                .collect();
            format!(
                "{} {} {:?} score {} {:?} kp {:.3}{} {}",
                m.state.manager_id,
                m.state.branch_id,
                m.state.status,
                m.score.map_or("-".into(), |s| format!("{s:.1}")),
                m.suggestion,
                m.key_person_share.unwrap_or(0.0),
                if m.key_person { " KEY" } else { "" },
                an.join("; ")
            )
        })
        .collect()
}

/// The committed sample-data/ (2000 × 13 × 3, seed 42) shows every performance feature.
#[test]
fn sample_performance_features() {
    use branchlens_core::metrics::performance::Suggestion;
    let m = performance(&SampleSpec::default());
    let lines = perf_lines(&m).join("\n");
    let count = |s: Suggestion| m.iter().filter(|x| x.suggestion == Some(s)).count();
    assert!((1..=3).contains(&count(Suggestion::Promote)), "{lines}");
    assert!(count(Suggestion::Review) >= 1, "{lines}");
    assert!(m.iter().any(|x| x.score.is_some_and(|s| s < 60.0)), "weak completion: {lines}");
    let flagged = m.iter().filter(|x| !x.anomalies.is_empty()).count();
    assert!((1..=3).contains(&flagged), "{lines}");
    // The planted inflow trips the jump rule on deposits.
    assert!(m.iter().flat_map(|x| &x.anomalies).any(|a| a.jump_rule && a.change > 0.0), "no deposit jump: {lines}");
}

/// Other seeds and sizes show the planted cases too.
#[test]
fn sample_performance_features_other_seeds() {
    use branchlens_core::metrics::performance::Suggestion;
    for spec in [
        spec(),
        SampleSpec { seed: 1, ..spec() },
        SampleSpec { customers: 5_000, months: 12, branches: 5, seed: 3, end_period: (2026, 1), managers: None },
    ] {
        let m = performance(&spec);
        let lines = perf_lines(&m).join("\n");
        let count = |s: Suggestion| m.iter().filter(|x| x.suggestion == Some(s)).count();
        assert!((1..=3).contains(&count(Suggestion::Promote)), "{spec:?}\n{lines}");
        assert!(m.iter().any(|x| x.score.is_some_and(|s| s < 60.0)), "{spec:?}\n{lines}");
        assert!(m.iter().any(|x| !x.anomalies.is_empty()), "{spec:?}\n{lines}");
    }
}

/// Prints the manager performance of a spec (default: the sample-data spec):
/// `cargo test -p branchlens-sample sample_performance_report -- --ignored --nocapture`
#[test]
#[ignore]
fn sample_performance_report() {
    fn env<T: std::str::FromStr>(k: &str) -> Option<T> {
        std::env::var(k).ok().and_then(|s| s.parse().ok())
    }
    let d = SampleSpec::default();
    let s = SampleSpec {
        customers: env("BRANCHLENS_SAMPLE_N").unwrap_or(d.customers),
        months: env("BRANCHLENS_SAMPLE_MONTHS").unwrap_or(d.months),
        branches: env("BRANCHLENS_SAMPLE_BRANCHES").unwrap_or(d.branches),
        seed: env("BRANCHLENS_SAMPLE_SEED").unwrap_or(d.seed),
        ..d
    };
    println!("{s:?}");
    for l in perf_lines(&performance(&s)) {
        println!("{l}");
    }
}

/// The realism figures of one generated set, for the report test below.
fn measures(d: &Data) -> Vec<(&'static str, f64)> {
    let last: Vec<&Row> = d.in_period(d.last()).collect();
    let retail: Vec<&Row> = last.iter().copied().filter(|r| !r.corp).collect();
    let corp: Vec<&Row> = last.iter().copied().filter(|r| r.corp).collect();
    let frac = |v: &[&Row], f: &dyn Fn(&Row) -> bool| v.iter().filter(|r| f(r)).count() as f64 / v.len() as f64;
    let total: f64 = last.iter().map(|r| r.loan).sum();
    let cls = |c: &str| last.iter().filter(|r| r.class == c).map(|r| r.loan).sum::<f64>() / total;
    let byc = d.by_customer();
    let gone = byc.values().filter(|h| !h.contains_key(d.last())).count() as f64 / byc.len() as f64;
    let empty_class = d.rows.iter().filter(|r| r.loan > 0.0 && r.class.is_empty()).count() as f64;
    let mut deps: Vec<f64> = retail.iter().map(|r| r.dep).collect();
    deps.sort_by(f64::total_cmp);
    let mut cdeps: Vec<f64> = corp.iter().map(|r| r.dep).collect();
    cdeps.sort_by(f64::total_cmp);
    let end = period_last_day(d.last());
    vec![
        ("top20_all", top20_share(last.iter().copied())),
        ("top20_retail", top20_share(retail.iter().copied())),
        ("top20_corp", top20_share(corp.iter().copied())),
        ("corp_share", corp.len() as f64 / last.len() as f64),
        ("corp_contrib_share", {
            let pos = |v: &[&Row]| v.iter().map(|r| contribution(r).max(0.0)).sum::<f64>();
            pos(&corp) / pos(&last)
        }),
        ("retail_below_cost", frac(&retail, &|r| contribution(r) < 0.0)),
        ("corp_below_cost", frac(&corp, &|r| contribution(r) < 0.0)),
        ("retail_median_dep", deps[deps.len() / 2]),
        ("corp_median_dep", cdeps[cdeps.len() / 2]),
        ("retail_aum", frac(&retail, &|r| r.aum > 0.0)),
        ("retail_borrowers", frac(&retail, &|r| r.loan > 0.0)),
        ("corp_borrowers", frac(&corp, &|r| r.loan > 0.0)),
        ("npl_ratio", cls("substandard") + cls("doubtful") + cls("loss")),
        ("special_bal", cls("special")),
        ("empty_class_rows", empty_class),
        ("churned_before_L", gone),
        ("funds_drop30_L", funds_drop_share(d)),
        ("contact_empty_L", frac(&last, &|r| r.contact.is_empty())),
        ("contact_le120_L", frac(&last, &|r| !r.contact.is_empty() && end - date_days(&r.contact) <= 120)),
        ("unassigned_L", frac(&last, &|r| r.mgr.is_empty())),
        (
            "split_customers",
            d.splits.iter().map(|s| s.0.as_str()).collect::<BTreeSet<_>>().len() as f64 / byc.len() as f64,
        ),
    ]
}

/// Prints the realism figures of the test set (seed 7) and of seeds 1–6:
/// `cargo test -p branchlens-sample sample_realism_report -- --ignored --nocapture`
#[test]
#[ignore]
fn sample_realism_report() {
    let mut table: Vec<(&str, Vec<f64>)> = Vec::new();
    for seed in std::iter::once(spec().seed).chain(1..=6) {
        let m = measures(&parse(&generate(&SampleSpec { seed, ..spec() })));
        if table.is_empty() {
            table = m.iter().map(|(k, _)| (*k, Vec::new())).collect();
        }
        for (row, (_, v)) in table.iter_mut().zip(m) {
            row.1.push(v);
        }
    }
    for (k, v) in &table {
        let cells: Vec<String> =
            v.iter().map(|x| if x.abs() >= 100.0 { format!("{x:>9.0}") } else { format!("{x:>9.4}") }).collect();
        println!("{k:<18}{}", cells.join(""));
    }
}
