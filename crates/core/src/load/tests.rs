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
            if (i + p.len() as u32) % 13 == 0 && p == "2026-02" {
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
