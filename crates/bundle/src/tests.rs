use super::*;
use crate::columns::{date, DATE_MAX, DATE_MIN};
use crate::varint::{unzz, zz};
use branchlens_core::load::{load, Inputs, LoadOptions, CUSTOMER_COLUMNS};
use branchlens_core::mask;
use branchlens_core::metrics::customer::customer_metrics;
use branchlens_core::model::{Amount, ColumnsPresent, CustomerRow, Date, OptionalColumn};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn sample() -> Dataset {
    let loaded = load(
        Inputs {
            customers: &include_bytes!("../../../sample-data/customers.csv")[..],
            managers: &include_bytes!("../../../sample-data/managers.csv")[..],
            credit_splits: Some(&include_bytes!("../../../sample-data/credit_splits.csv")[..]),
        },
        &LoadOptions::default(),
    )
    .expect("sample-data loads");
    loaded.dataset
}

/// A row with every symbol resolved; names and phones only when `with_personal`.
fn view(ds: &Dataset, r: &CustomerRow, with_personal: bool) -> String {
    let products: Vec<&str> = r.products.iter().map(|p| ds.products.resolve(p)).collect();
    let (name, phone) = if with_personal {
        (ds.text(r.name).to_owned(), r.phone.map(|p| ds.text(p).to_owned()))
    } else {
        (String::new(), None)
    };
    format!(
        "{} {} {name} {:?} {} {:?} {} {} {} {} {} {products:?} {} {:?} {:?} {:?} {:?} {:?} {phone:?}",
        r.period,
        ds.customer_id(r.customer),
        r.kind,
        ds.branch_id(r.branch),
        r.manager.map(|m| ds.manager_id(m)),
        r.open_date,
        r.deposit_avg,
        r.loan_balance,
        r.aum,
        r.fee_income,
        r.txn_count,
        r.industry,
        r.loan_class,
        r.overdue_days,
        r.last_contact,
        r.complaints,
    )
}

/// The score rows of `ds` in `l`, with symbols resolved (the `row` index is left out).
fn scores(ds: &Dataset, cfg: &Config, l: Period) -> Vec<String> {
    customer_metrics(ds, cfg, l)
        .customers
        .iter()
        .map(|m| {
            format!(
                "{} {:?} {} {:?} {} {} {:?} {:?} {} {} {:?} {:?} {:?} {:?}",
                ds.customer_id(m.customer),
                m.kind,
                ds.branch_id(m.branch),
                m.manager.map(|x| ds.manager_id(x)),
                m.contribution.to_bits(),
                m.s3.to_bits(),
                m.p3.map(f64::to_bits),
                m.tier,
                m.rising,
                m.churn_points,
                m.churn_level,
                m.reasons,
                m.funds_drop.map(f64::to_bits),
                m.risk_class,
            )
        })
        .collect()
}

/// Checks that `b` holds exactly the rows of `ds` that the bundle should carry.
fn check_rows(ds: &Dataset, b: &Bundle, l: Period, branch: Option<&str>) {
    let keep: Vec<Sym> = ds
        .rows_in(l)
        .iter()
        .filter(|r| branch.is_none() || Some(ds.branch_id(r.branch)) == branch)
        .map(|r| r.customer)
        .collect();
    let first = b.dataset.periods.first().copied().expect("periods");
    let expected: Vec<String> = ds
        .customers
        .iter()
        .filter(|r| r.period >= first && r.period <= l && keep.binary_search(&r.customer).is_ok())
        .map(|r| view(ds, r, r.period == l))
        .collect();
    let got: Vec<String> = b.dataset.customers.iter().map(|r| view(&b.dataset, r, r.period == l)).collect();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
}

#[test]
fn sample_round_trip_scores_equal() {
    let ds = sample();
    let cfg = Config::default();
    let l = ds.latest().expect("periods");
    let bytes = encode(&ds, &cfg, &EncodeOptions { period: l, mask: false, branch: None });
    let b = decode(&bytes).expect("decodes");
    assert_eq!(b.period, l);
    assert_eq!(b.config, cfg);
    assert!(!b.masked);
    assert_eq!(b.branch, None);
    assert!(!b.complete, "6 of 13 periods");
    // Default windows: 2×3 (s3 and p3) periods.
    assert_eq!(b.dataset.periods.len(), 6);
    assert_eq!(b.dataset.periods[..], ds.periods[ds.periods.len() - 6..]);
    check_rows(&ds, &b, l, None);
    assert_eq!(b.dataset.managers.len(), ds.managers.len());
    assert_eq!(b.dataset.splits.len(), ds.splits.len());
    // The very same metrics, to the bit.
    assert_eq!(scores(&b.dataset, &b.config, l), scores(&ds, &cfg, l));
    // Deterministic.
    assert_eq!(encode(&ds, &cfg, &EncodeOptions { period: l, mask: false, branch: None }), bytes);
}

#[test]
fn earlier_period_and_wider_windows() {
    let ds = sample();
    let mut cfg = Config::default();
    cfg.tiers.window = 4;
    cfg.churn.complaints_window = 9;
    assert_eq!(periods_needed(&cfg), 9);
    let l = ds.periods[ds.periods.len() - 2];
    let b = decode(&encode(&ds, &cfg, &EncodeOptions { period: l, mask: false, branch: None })).expect("decodes");
    assert_eq!(b.period, l);
    assert_eq!(b.dataset.periods.len(), 9);
    assert!(!b.complete);
    let mut all = Config::default();
    all.churn.complaints_window = 12;
    let whole = decode(&encode(&ds, &all, &EncodeOptions { period: l, mask: true, branch: None })).expect("decodes");
    assert!(whole.complete, "12 periods up to the one before the latest");
    assert_eq!(b.dataset.latest(), Some(l));
    check_rows(&ds, &b, l, None);
    assert_eq!(scores(&b.dataset, &b.config, l), scores(&ds, &cfg, l));
    // managers.csv rows dated after L are not carried.
    assert!(b.dataset.managers.iter().all(|m| m.period.is_none_or(|p| p <= l)));
    let later = ds.managers.iter().filter(|m| m.period.is_some_and(|p| p > l)).count();
    assert!(later > 0, "sample-data has dated manager rows after {l}");
    assert_eq!(b.dataset.managers.len(), ds.managers.len() - later);
}

#[test]
fn masked_split_bundle() {
    let ds = sample();
    let cfg = Config::default();
    let l = ds.latest().expect("periods");
    let b02 = ds.branch_ids.get("B02").expect("branch B02");
    let b = decode(&encode(&ds, &cfg, &EncodeOptions { period: l, mask: true, branch: Some(b02) })).expect("decodes");
    assert!(b.masked);
    assert_eq!(b.branch.map(|s| b.dataset.branch_id(s)), Some("B02"));
    for r in b.dataset.rows_in(l) {
        assert_eq!(b.dataset.branch_id(r.branch), "B02");
        let orig = ds.rows_in(l).iter().find(|o| ds.customer_id(o.customer) == b.dataset.customer_id(r.customer));
        let orig = orig.expect("customer in the data");
        assert_eq!(b.dataset.text(r.name), mask::name(r.kind, ds.text(orig.name)));
        assert_eq!(r.phone.map(|p| b.dataset.text(p).to_owned()), orig.phone.map(|p| mask::phone(ds.text(p))));
    }
    // Earlier rows carry no names or phones at all.
    for r in b.dataset.customers.iter().filter(|r| r.period != l) {
        assert_eq!(b.dataset.text(r.name), "");
        assert_eq!(r.phone, None);
    }
    // No unmasked name of the data appears in the bundle's text.
    // (Manager names are staff names and are kept; a customer may share one.)
    let staff: Vec<&str> = ds.managers.iter().map(|m| ds.text(m.name)).collect();
    let names: Vec<&str> =
        ds.rows_in(l).iter().map(|r| ds.text(r.name)).filter(|n| n.chars().count() > 1 && !staff.contains(n)).collect();
    for (_, t) in b.dataset.text.iter() {
        assert!(!names.contains(&t), "unmasked name {t}");
    }
    let n_b02 = ds.rows_in(l).iter().filter(|r| r.branch == b02).count();
    assert_eq!(b.dataset.rows_in(l).len(), n_b02);
    // Every manager row kept is of B02 or serves a B02 customer.
    assert!(b.dataset.managers.len() < ds.managers.len());
}

#[test]
fn header_errors() {
    assert_eq!(decode(b"").expect_err("invalid bundle"), BundleError::BadMagic);
    assert_eq!(decode(b"BLBNDX\x01").expect_err("invalid bundle"), BundleError::BadMagic);
    assert_eq!(decode(b"BLBNDL\x02").expect_err("invalid bundle"), BundleError::Version(2));
    assert!(matches!(
        decode(b"BLBNDL\x01").expect_err("invalid bundle"),
        BundleError::Truncated { section: Section::Header, .. }
    ));
    // Flags 0, period 2026-10 (24321 = 0xBE 0x81 0x01), no periods: the latest is missing.
    let e = decode(b"BLBNDL\x01\x00\x81\xBE\x01\x00").expect_err("invalid bundle");
    assert!(matches!(e, BundleError::Invalid { what: "latest period", .. }), "{e:?}");
    // An 11-byte varint.
    let e = decode(b"BLBNDL\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01").expect_err("invalid bundle");
    assert!(matches!(e, BundleError::Varint { .. }), "{e:?}");
}

#[test]
fn trailing_and_truncated() {
    let ds = sample();
    let l = ds.latest().expect("periods");
    let mut bytes = encode(&ds, &Config::default(), &EncodeOptions { period: l, mask: true, branch: None });
    bytes.push(0);
    assert_eq!(decode(&bytes).expect_err("invalid bundle"), BundleError::Trailing(1));
    bytes.pop();
    bytes.pop();
    assert!(decode(&bytes).is_err());
}

#[test]
fn absent_columns_travel_in_the_header_and_bad_sets_are_refused() {
    let mut ds = sample();
    let l = ds.latest().expect("periods");
    let opts = EncodeOptions { period: l, mask: true, branch: None };
    let all = encode(&ds, &Config::default(), &opts);
    assert_eq!(all[7] & 8, 0, "every column present: no flag, no byte (sample_bundle_bytes_are_unchanged)");
    ds.columns.set_absent(OptionalColumn::LastContact);
    ds.columns.set_absent(OptionalColumn::Industry);
    let some = encode(&ds, &Config::default(), &opts);
    assert_eq!(some.len(), all.len() + 1, "one byte more: the absent set");
    assert_eq!((some[7] & 8, some[8]), (8, 0b1001));
    let b = decode(&some).expect("decodes");
    assert_eq!(b.dataset.columns, ds.columns);
    assert!(!b.dataset.columns.has(OptionalColumn::LastContact) && b.dataset.columns.has(OptionalColumn::Complaints));
    // The explorer scores like the CLI: no NO_CONTACT without last_contact.
    let cfg = Config::default();
    assert_eq!(scores(&b.dataset, &b.config, l), scores(&ds, &cfg, l));
    use branchlens_core::metrics::customer::Reason;
    let no_contact = |d: &Dataset| {
        customer_metrics(d, &cfg, l)
            .customers
            .iter()
            .filter(|m| m.reasons.contains(Reason::NoContact90) || m.reasons.contains(Reason::NoContact180))
            .count()
    };
    assert!(no_contact(&sample()) > 0, "the sample has NO_CONTACT signals");
    assert_eq!(no_contact(&b.dataset), 0);
    // Flag bit 3 with an empty set, or with bits beyond the known columns, is refused.
    for bad in [0u8, 64] {
        let mut v = some.clone();
        v[8] = bad;
        assert!(matches!(decode(&v), Err(BundleError::Invalid { what: "columns", .. })), "{bad}");
    }
    assert_eq!(ColumnsPresent::from_absent_bits(0b1001).map(ColumnsPresent::absent_bits), Some(0b1001));
}

#[test]
fn date_bounds_are_the_loaders() {
    assert_eq!(Date::from_ymd(1900, 1, 1), Some(Date(DATE_MIN)));
    assert_eq!(Date::from_ymd(9999, 12, 31), Some(Date(DATE_MAX)));
    assert_eq!(date(zz(i64::from(DATE_MIN))), Some(Date(DATE_MIN)));
    assert_eq!(date(zz(i64::from(DATE_MIN) - 1)), None);
    assert_eq!(date(zz(i64::from(DATE_MAX) + 1)), None);
}

/// The bytes of the bundles of `sample-data/` (masked, unmasked, one branch) are those written
/// before the bundle became its own crate: SHA-256 computed from the encoder in
/// `branchlens-core` at commit 954bff2.
#[test]
fn sample_bundle_bytes_are_unchanged() {
    let ds = sample();
    let cfg = Config::default();
    let l = ds.latest().expect("periods");
    let b01 = ds.branch_ids.get("B01");
    assert!(b01.is_some(), "sample-data has branch B01");
    let cases = [
        (true, None, "dc0e2175a5560c2d1d00cc09a60ee4dc58e743124b55499bc4ef5f685888ebe6"),
        (false, None, "452ff2bb39e3390787817af6f5dcaa3cf94d900c759e8963fdbe13f3a09bb82d"),
        (true, b01, "83668d1f0542bcf5e096328482d3a6571144638b1f41dc8625c9a4a6acb671f2"),
    ];
    for (mask, branch, want) in cases {
        let bytes = encode(&ds, &cfg, &EncodeOptions { period: l, mask, branch });
        let got: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(got, want, "mask {mask}, branch {branch:?}");
    }
}

fn zz_roundtrip(v: i64) -> bool {
    unzz(zz(v)) == v
}

/// customers.csv rows for the property tests: up to 8 customers over up to 5 periods.
fn arb_rows() -> impl Strategy<Value = String> {
    let row = (
        0u8..5,                                   // period index
        0u8..8,                                   // customer
        any::<bool>(),                            // corporate
        0u8..3,                                   // branch
        0u8..4,                                   // manager (3 = none)
        (0i64..10_000_000, 0i64..10_000_000),     // deposit, aum (fen)
        (0i64..100_000_000, -50_000i64..500_000), // loan, fee (fen)
        (0u32..64, 0u32..40),                     // products bits, txn
        (0u8..6, 0u32..400, 0u8..3),              // loan class (5 = empty), overdue, complaints
        proptest::option::of(0i32..400),          // last contact, days before the period end
    );
    proptest::collection::vec(row, 0..30).prop_map(|rows| {
        let mut seen = std::collections::BTreeSet::new();
        let mut s = CUSTOMER_COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
        s.push('\n');
        for (pi, c, corp, b, m, (dep, aum), (loan, fee), (prods, txn), (class, overdue, compl), contact) in rows {
            if !seen.insert((pi, c)) {
                continue;
            }
            let period = format!("2025-{:02}", pi + 1);
            let products: Vec<&str> =
                ["deposit", "card", "loan", "wealth", "ebank", "payroll"].iter().enumerate().filter(|(i, _)| prods & (1 << i) != 0).map(|x| *x.1).collect();
            let class = ["normal", "special", "substandard", "doubtful", "loss", ""][usize::from(class)];
            let contact = contact.map_or(String::new(), |d| {
                let end = Period::parse(&period).expect("valid").last_day();
                Date(end.0 - d).to_string()
            });
            let fen = |v: i64| Amount(v).to_string();
            s.push_str(&format!(
                "{period},C{c},名{c},{},B{b},{},2020-01-01,{},{},{},{},{},{txn},{},{class},{overdue},{contact},{compl},1381234000{c}\n",
                if corp { "corporate" } else { "retail" },
                if m == 3 { String::new() } else { format!("M{m}") },
                fen(dep),
                fen(loan),
                fen(aum),
                fen(fee),
                products.join(";"),
                if corp { "C" } else { "" },
            ));
        }
        s
    })
}

/// `csv` without the optional columns whose bit is set in `absent` (bit i =
/// `OptionalColumn::ALL[i]`). The generated rows hold no quoted fields.
fn drop_columns(csv: &str, absent: u8) -> String {
    let names: Vec<&str> =
        OptionalColumn::ALL.iter().enumerate().filter(|(i, _)| absent & (1 << i) != 0).map(|(_, c)| c.name()).collect();
    let header: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
    let keep: Vec<bool> = header.iter().map(|h| !names.contains(h)).collect();
    let mut out = String::new();
    for line in csv.lines() {
        let fields: Vec<&str> = line.split(',').zip(&keep).filter(|(_, k)| **k).map(|(f, _)| f).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

const MANAGERS: &str = "manager_id,name,branch_id,grade,hire_date,status,period\n\
                        M0,Wang,B0,senior,2018-01-01,active,\n\
                        M1,Li,B1,junior,2018-01-01,left,\n\
                        M2,Zhao,B2,junior,2018-01-01,active,2025-01\n\
                        M2,Zhao,B2,junior,2018-01-01,left,2025-04\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn zigzag(v in any::<i64>()) {
        prop_assert!(zz_roundtrip(v));
    }

    #[test]
    fn round_trip(csv in arb_rows(), mask_on in any::<bool>(), window in 1u32..4, absent in prop_oneof![Just(0u8), 0u8..64]) {
        let csv = drop_columns(&csv, absent);
        let loaded = load(
            Inputs { customers: csv.as_bytes(), managers: MANAGERS.as_bytes(), credit_splits: None::<&[u8]> },
            &LoadOptions::default(),
        );
        let Ok(loaded) = loaded else { return Ok(()) };
        let ds = loaded.dataset;
        let Some(l) = ds.latest() else { return Ok(()) };
        let mut cfg = Config::default();
        cfg.tiers.window = window;
        let bytes = encode(&ds, &cfg, &EncodeOptions { period: l, mask: mask_on, branch: None });
        let b = decode(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(b.masked, mask_on);
        // The absent columns travel (the explorer's signals are off like the CLI's).
        prop_assert_eq!(ds.columns.absent_bits(), absent);
        prop_assert_eq!(b.dataset.columns, ds.columns);
        if !mask_on {
            check_rows(&ds, &b, l, None);
        }
        prop_assert_eq!(scores(&b.dataset, &b.config, l), scores(&ds, &cfg, l));
        // Re-encoding the decoded bundle gives the same bytes (names are already masked).
        let again = encode(&b.dataset, &b.config, &EncodeOptions { period: l, mask: false, branch: None });
        if !mask_on {
            // Byte 7 is the flags: the decoded data holds only the bundle's periods, so its
            // re-encoding is always "complete".
            prop_assert_eq!(again.len(), bytes.len());
            prop_assert_eq!(&again[..7], &bytes[..7]);
            prop_assert_eq!(again[7] & 11, bytes[7] & 11);
            prop_assert_eq!(&again[8..], &bytes[8..]);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode(&bytes);
        let mut with_magic = b"BLBNDL\x01".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = decode(&with_magic);
    }

    #[test]
    fn corrupted_bundles_never_panic(csv in arb_rows(), absent in 0u8..64, edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6), cut in any::<prop::sample::Index>()) {
        let csv = drop_columns(&csv, absent);
        let Ok(loaded) = load(
            Inputs { customers: csv.as_bytes(), managers: MANAGERS.as_bytes(), credit_splits: None::<&[u8]> },
            &LoadOptions::default(),
        ) else { return Ok(()) };
        let ds = loaded.dataset;
        let Some(l) = ds.latest() else { return Ok(()) };
        let mut bytes = encode(&ds, &Config::default(), &EncodeOptions { period: l, mask: true, branch: None });
        for (i, v) in edits {
            let i = i.index(bytes.len());
            bytes[i] = v;
        }
        if let Ok(b) = decode(&bytes) {
            // Whatever decodes is a dataset the metrics accept.
            let _ = customer_metrics(&b.dataset, &b.config, b.period);
        }
        bytes.truncate(cut.index(bytes.len()));
        let _ = decode(&bytes);
    }
}
