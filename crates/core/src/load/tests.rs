use super::chunk::record_chunks;
use super::*;
use crate::issue::IssueKind;

#[test]
fn record_chunks_cut_only_between_records() {
    let body = b"a,b\nc,\"x\ny\"\ne,\"q\"\"q\"\ng,h\ni,j\n";
    for parts in 1..8 {
        let ranges = record_chunks(body, parts);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(body.len()));
        for w in ranges.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            // Every cut follows a newline outside quotes: never inside "x\ny".
            assert_eq!(body[w[1].start - 1], b'\n');
            assert_ne!(w[1].start, 9, "cut inside a quoted field");
        }
    }
}

#[test]
fn irregular_quotes_fall_back_to_one_chunk() {
    // A quote in the middle of an unquoted field: csv reads it literally, parity would lie.
    let body = b"a,b\"c\nd,e\nf,g\nh,i\nj,k\n";
    assert_eq!(record_chunks(body, 4), std::iter::once(0..body.len()).collect::<Vec<_>>());
    // An unterminated quote.
    let body = b"a,b\nc,\"d\ne,f\ng,h\n";
    assert_eq!(record_chunks(body, 4), std::iter::once(0..body.len()).collect::<Vec<_>>());
}

fn sample_text() -> (String, String, String) {
    let mut c = String::from("period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,loan_class,phone\n");
    for p in ["2026-01", "2026-02", "2026-03"] {
        for i in 0..40u32 {
            if (i + p.len() as u32).is_multiple_of(13) && p == "2026-02" {
                continue; // some customers missing in a month
            }
            let class = if i % 4 == 0 { "normal" } else { "" };
            let loan = if i % 4 == 0 {
                "1000"
            } else if i == 7 {
                "50"
            } else {
                "0"
            };
            c.push_str(&format!(
                "{p},C{:03},\"名{i}, 先生\",{},B{},M{},2020-01-0{},\"1,{:03}.5\",{loan},{},{},deposit;card{},{},{},{class},1380000{:04}\n",
                (i * 7) % 40,
                if i % 5 == 0 { "corporate" } else { "retail" },
                i % 3,
                i % 4,
                1 + i % 9,
                i,
                i * 10,
                i64::from(i) - 5,
                if i % 3 == 0 { ";wealth" } else { "" },
                i % 17,
                if i % 5 == 0 { "C" } else { "" },
                i
            ));
        }
    }
    c.push_str("2026-03,C005,dup,retail,B1,M1,2020-01-01,1,0,0,0,,1,,,\n");
    c.push_str("2026-03,C006,bad,retail,B1,M1,2020-02-30,1,0,0,0,,1,,,\n");
    let m = "manager_id,name,branch_id,grade,hire_date,status\nM0,甲,B0,senior,2019-01-01,active\nM1,乙,B1,junior,2019-01-01,active\nM2,丙,B2,junior,2019-01-01,left\n".to_string();
    let s = "customer_id,manager_id,share\nC001,M0,0.5\nC001,M1,0.5\n".to_string();
    (c, m, s)
}

#[test]
fn chunked_parsing_equals_one_chunk() {
    let (c, m, s) = sample_text();
    let run = |parts: usize| {
        let inputs = Inputs { customers: c.as_bytes(), managers: m.as_bytes(), credit_splits: Some(s.as_bytes()) };
        load_chunked(readers(inputs), &LoadOptions::default(), Some(parts)).expect("loads")
    };
    let one = run(1);
    assert!(one.issues.iter().any(|i| matches!(i.kind, IssueKind::DuplicateKey { .. })));
    assert!(one.issues.iter().any(|i| i.kind == IssueKind::BadDate));
    for parts in [2, 3, 5, 16] {
        let many = run(parts);
        assert_eq!(many.dataset.customers, one.dataset.customers, "{parts} chunks");
        assert_eq!(many.dataset.periods, one.dataset.periods);
        assert_eq!(many.issues, one.issues, "{parts} chunks");
        assert_eq!(many.files, one.files);
        for (a, b) in [
            (&many.dataset.customer_ids, &one.dataset.customer_ids),
            (&many.dataset.text, &one.dataset.text),
            (&many.dataset.products, &one.dataset.products),
            (&many.dataset.branch_ids, &one.dataset.branch_ids),
            (&many.dataset.manager_ids, &one.dataset.manager_ids),
        ] {
            assert!(a.iter().map(|(_, s)| s).eq(b.iter().map(|(_, s)| s)));
        }
    }
}

const MANAGERS_PLATFORM: &str = "manager_id,name,branch_id,grade,hire_date,status\n\
    M1,王一,B1,senior,20150301,在职\nM2,李二,B1,junior,2019/07/01,离职\nM3,赵三,B1,junior,2020-01-01,退休\n";

/// A customers file in contract form with the values a platform exports.
fn platform_customers(rows: &[(&str, &str, &str, &str)]) -> String {
    let mut c = String::from("period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,loan_class\n");
    for (i, (kind, industry, class, products)) in rows.iter().enumerate() {
        let loan = if class.is_empty() { "0" } else { "100" };
        c.push_str(&format!("20241231,C{i:02},n,{kind},B1,M1,20200101,1,{loan},0,0,{products},1,{industry},{class}\n"));
    }
    c
}

fn load_values(customers: &str, values: ValueMaps) -> Loaded {
    let opts = LoadOptions { values, ..LoadOptions::default() };
    let inputs = Inputs {
        customers: customers.as_bytes(),
        managers: MANAGERS_PLATFORM.as_bytes(),
        credit_splits: None::<&[u8]>,
    };
    load(inputs, &opts).expect("loads")
}

#[test]
fn built_in_forms_of_platform_values_need_no_map() {
    use crate::model::{Industry, Kind, LoanClass, Period, Status};
    let c = platform_customers(&[
        ("个人客户", "", "正常类", "deposit"),
        ("单位客户", "制造业", "关注类", ""),
        ("对公", "C13", "3", ""),
        ("企业", "1310", "可疑", ""),
        ("公司客户", "批发和零售业", "5", ""),
    ]);
    let l = load_values(&c, Default::default());
    let bad: Vec<_> = l.issues.iter().filter(|i| i.severity == Severity::Error).collect();
    assert_eq!(bad.len(), 1, "{bad:?}");
    // 退休 is not a status: the manager row is skipped.
    assert_eq!((bad[0].file.kind, bad[0].line, bad[0].column), (FileKind::Managers, 4, Some("status")));
    let ds = &l.dataset;
    let rows = &ds.customers;
    assert_eq!(
        rows.iter().map(|r| r.kind).collect::<Vec<_>>(),
        [Kind::Retail, Kind::Corporate, Kind::Corporate, Kind::Corporate, Kind::Corporate]
    );
    let letters: Vec<Option<char>> = rows.iter().map(|r| r.industry.map(Industry::letter)).collect();
    assert_eq!(letters, [None, Some('C'), Some('C'), Some('C'), Some('F')]);
    use LoanClass::*;
    assert_eq!(
        rows.iter().map(|r| r.loan_class).collect::<Vec<_>>(),
        [Some(Normal), Some(Special), Some(Substandard), Some(Doubtful), Some(Loss)]
    );
    // The 数据日期 20241231 is the period 2024-12.
    assert!(rows.iter().all(|r| Some(r.period) == Period::parse("2024-12")));
    let statuses: Vec<Status> = ds.managers.iter().map(|m| m.status).collect();
    assert_eq!(statuses, [Status::Active, Status::Left]);
}

#[test]
fn value_maps_come_before_the_built_in_forms() {
    use crate::model::{Industry, Kind, LoanClass};
    let mut values = ValueMaps::default();
    values.kind.insert("私行".into(), "retail".into());
    // A map overrides a built-in form: here 企业 is read as retail.
    values.kind.insert("企业".into(), "retail".into());
    values.loan_class.insert("A1".into(), "normal".into());
    values.industry.insert("电子".into(), "C".into());
    values.industry.insert("坏".into(), "c".into());
    values.status.insert("退休".into(), "left".into());
    values.products.insert("101".into(), "deposit".into());
    values.products.insert("201".into(), "card".into());
    values.products.insert("202".into(), "card".into());
    let c = platform_customers(&[
        ("私行", "电子", "A1", "101;201"),
        (" 企业 ", "J", "正常", "deposit; 202 ;wealth"),
        ("个人", "坏", "", ""),
    ]);
    let l = load_values(&c, values);
    let errors: Vec<_> = l.issues.iter().filter(|i| i.severity == Severity::Error).collect();
    // The target `c` is not a contract code (config validation refuses it): a bad value.
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].column, errors[0].value.as_str()), (4, Some("industry"), "坏"));
    assert!(matches!(errors[0].kind, IssueKind::BadEnum { expected: crate::issue::Accepted::Industry }));
    let ds = &l.dataset;
    assert_eq!(ds.customers.len(), 2);
    assert_eq!(ds.managers.len(), 3, "退休 is mapped to left");
    let r = &ds.customers;
    assert_eq!((r[0].kind, r[1].kind), (Kind::Retail, Kind::Retail));
    assert_eq!(r[0].industry.map(Industry::letter), Some('C'));
    assert_eq!((r[0].loan_class, r[1].loan_class), (Some(LoanClass::Normal), Some(LoanClass::Normal)));
    let codes = |set: crate::model::ProductSet| -> Vec<&str> { set.iter().map(|p| ds.products.resolve(p)).collect() };
    assert_eq!(codes(r[0].products), ["card", "deposit"]);
    assert_eq!(codes(r[1].products), ["card", "deposit", "wealth"]);
    assert_eq!(ds.products.len(), 3, "mapped codes only: {:?}", ds.products.iter().collect::<Vec<_>>());
}

#[test]
fn bad_enum_messages_list_every_accepted_form() {
    use crate::issue::Accepted;
    use crate::model::{Kind, LoanClass, Status};
    let forms: [(Accepted, Vec<&str>); 3] = [
        (Accepted::Kind, Kind::FORMS.iter().flat_map(|(k, f)| f.iter().copied().chain([k.code()])).collect()),
        (Accepted::Status, Status::FORMS.iter().flat_map(|(k, f)| f.iter().copied().chain([k.code()])).collect()),
        (Accepted::LoanClass, LoanClass::ALL.iter().map(|k| k.code()).chain(["pass", "special mention"]).collect()),
    ];
    for lang in [branchlens_i18n::Lang::En, branchlens_i18n::Lang::ZhCn] {
        for (accepted, words) in &forms {
            let text = accepted.msg().text(lang);
            for w in words {
                assert!(text.contains(w), "{lang:?} {accepted:?}: {w} missing from {text}");
            }
        }
        let classes = Accepted::LoanClass.msg().text(lang);
        for w in ["正常", "关注", "次级", "可疑", "损失", "类", "1–5"] {
            assert!(classes.contains(w), "{w} missing from {classes}");
        }
        let industry = Accepted::Industry.msg().text(lang);
        for w in ["A–T", "制造业", "01–97", "C13", "C1310"] {
            assert!(industry.contains(w), "{w} missing from {industry}");
        }
    }
}
