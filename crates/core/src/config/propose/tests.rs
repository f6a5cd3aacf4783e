use super::names::globs;
use super::*;
use crate::config::Lang;
use crate::load::period_in_name;

fn file(name: &str, headers: &[&str], rows: &[&[&str]]) -> SampleFile {
    SampleFile {
        name: name.into(),
        encoding: None,
        sheet: Some(SampleSheet { name: "Sheet1".into(), first: true }),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows: rows.iter().map(|r| r.iter().map(|v| v.to_string()).collect()).collect(),
    }
}

/// A platform's monthly customers export: every header a documented synonym, amounts in 万元,
/// no period column, an extra column.
const PLATFORM: &[&str] = &[
    "客户编号",
    "客户名称",
    "客户类别",
    "所属机构",
    "管户经理",
    "开户日期",
    "存款日均余额(万元)",
    "贷款余额（万元）",
    "金融资产余额(万元)",
    "中间业务收入(万元)",
    "持有产品",
    "交易笔数",
    "国标行业",
    "五级分类",
    "证件号码",
];
const ROW: &[&str] = &[
    "C0001",
    "张三",
    "个人客户",
    "B01",
    "M001",
    "20190312",
    "12.345678",
    "0",
    "30.5",
    "0.0123",
    "DEP;FUND",
    "12",
    "",
    "正常类",
    "110101199001011234",
];

fn column<'p>(t: &'p TableProposal, name: &str) -> &'p ColumnProposal {
    t.columns.iter().find(|c| c.column == name).unwrap()
}

#[test]
fn a_platform_export_needs_no_edit() {
    let samples = [
        file("exports/客户月报_202412.xlsx", PLATFORM, &[ROW]),
        file("exports/客户月报_202411.xlsx", PLATFORM, &[ROW]),
        file(
            "managers.csv",
            &["员工编号", "员工姓名", "所属机构", "职级", "入行日期", "在职状态"],
            &[&["M001", "李四", "B01", "senior", "2015-07-01", "在职"]],
        ),
    ];
    let p = propose(&samples);
    assert!(p.missing.is_empty() && p.unrecognised.is_empty(), "{p:?}");
    let c = &p.tables[0];
    assert_eq!(c.table, FileKind::Customers);
    assert_eq!(c.files, ["exports/客户月报_*.xlsx"]);
    assert_eq!(c.matched, ["exports/客户月报_202411.xlsx", "exports/客户月报_202412.xlsx"]);
    assert_eq!(c.sheet, None);
    assert_eq!(c.period_from_names, Some(Some(("2024-11".into(), "2024-12".into()))));
    assert!(matches!(&c.amount_unit, UnitProposal::WanFromHeaders(h) if h.len() == 4), "{:?}", c.amount_unit);
    assert!(c.columns.iter().all(|c| c.column != "period"));
    assert!(matches!(column(c, "customer_id").found, Found::Header { how: How::Synonym, .. }));
    assert!(matches!(column(c, "name").found, Found::Header { how: How::Alias, .. }));
    assert!(
        matches!(&column(c, "deposit_avg").found, Found::Header { header, unit: Some(AmountUnit::Wan), values: ValueNote::Fit { total: 1 }, .. } if header == "存款日均余额(万元)")
    );
    assert!(matches!(&column(c, "kind").found, Found::Header { values: ValueNote::Seen(v), .. } if v == &["个人客户"]));
    // industry is a header with no values; overdue_days, last_contact, complaints, phone are absent.
    assert!(matches!(column(c, "overdue_days").found, Found::Missing { .. }));
    assert_eq!(c.ignored, ["证件号码"]);
    let m = &p.tables[1];
    assert_eq!((m.table, m.files.clone()), (FileKind::Managers, vec!["managers.csv".to_string()]));
    assert_eq!(m.amount_unit, UnitProposal::Yuan);
    assert_eq!(p.to_check(), (0, 0));

    let text = p.render("DATA", Lang::En);
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let input = &doc["input"];
    assert_eq!(input["customers"]["files"].as_array().unwrap()[0].as_str(), Some("exports/客户月报_*.xlsx"));
    assert_eq!(input["customers"]["amount_unit"].as_str(), Some("wan"));
    assert_eq!(input["customers"]["columns"]["deposit_avg"].as_str(), Some("存款日均余额(万元)"));
    assert_eq!(input["customers"]["columns"]["loan_balance"].as_str(), Some("贷款余额（万元）"));
    assert_eq!(input["managers"]["columns"]["status"].as_str(), Some("在职状态"));
    assert!(input["customers"].get("sheet").is_none() && input.get("credit_splits").is_none());
    for line in [
        "[input.customers]\nfiles = [\"exports/客户月报_*.xlsx\"]\n",
        "amount_unit = \"wan\"     # the amount headers say 万元: 存款日均余额(万元), 贷款余额（万元）, 金融资产余额(万元), 中间业务收入(万元)\n",
        "# period: no period column; each file's period is the YYYYMM in its name (2024-11 to 2024-12)\n",
        "customer_id = \"客户编号\"",
        "# sure: built-in synonym of customer_id\n",
        "# sure: built-in synonym of deposit_avg; unit 万元 from the header; all 1 values seen fit\n",
        "kind = \"客户类别\"",
        "# sure: built-in synonym of kind; values seen: 个人客户\n",
        "# absent (optional): overdue_days, last_contact, complaints, phone\n",
        "# ignored headers (no contract column): 证件号码\n",
    ] {
        assert!(text.contains(line), "{line}\nnot in\n{text}");
    }
    assert!(!text.contains("TODO") || text.contains("fill in each \"TODO\""), "{text}");
    let zh = p.render("DATA", Lang::ZhCn);
    assert!(zh.contains("# 确定：customer_id 的内置同义表头\n"), "{zh}");
    assert_eq!(toml::from_str::<toml::Table>(&zh).unwrap(), doc);
}

#[test]
fn guesses_todos_and_values() {
    let headers = [
        "客户号码X",
        "户名",
        "类型",
        "网点号",
        "经理",
        "开户日",
        "存款日均额",
        "贷款余额",
        "金融资产",
        "中收",
        "产品",
        "笔数",
        "统计月份",
    ];
    let rows: Vec<Vec<&str>> = (0..10)
        .map(|i| {
            vec![
                "C1",
                "n",
                "个人",
                "B1",
                "M1",
                "2020-01-01",
                if i < 6 { "1.234567" } else { "2.5" },
                "0",
                "1",
                "0",
                "",
                "1",
                "202412",
            ]
        })
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let p = propose(&[file("cust.csv", &headers, &rows)]);
    let c = &p.tables[0];
    assert_eq!(c.files, ["cust.csv"], "no period in the name: the name itself");
    assert_eq!(c.period_from_names, None, "a period column");
    // 存款日均额 is close to the alias 存款日均: a guess.
    assert!(
        matches!(&column(c, "deposit_avg").found, Found::Header { how: How::Similar(s), .. } if *s >= 0.6),
        "{:?}",
        column(c, "deposit_avg")
    );
    // No header names customer_id exactly; 客户号码X is close to the synonym 客户号码.
    assert!(matches!(&column(c, "customer_id").found, Found::Header { how: How::Similar(_), .. }));
    // 类型 is not close enough to 客户类型 (0.5): a TODO with the closest headers.
    assert!(
        matches!(&column(c, "kind").found, Found::Missing { closest } if closest.first().map(String::as_str) == Some("类型")),
        "{:?}",
        column(c, "kind")
    );
    // Amounts with 6 decimals: 万元, from the values (6 of the 10+ non-zero).
    assert!(matches!(c.amount_unit, UnitProposal::WanFromValues { fine: 6, .. }), "{:?}", c.amount_unit);
    let (guesses, todos) = p.to_check();
    assert!(guesses >= 3 && todos >= 2, "{guesses} {todos}");
    let text = p.render("d", Lang::En);
    assert!(text.contains("# TODO kind = \"…\""), "{text}");
    assert!(text.contains("required, no header matches; closest: 类型"), "{text}");
    assert!(text.contains("guess (similarity 0.80): check"), "{text}");
    assert!(text.contains("guess from values: 6 of"), "{text}");
    assert!(
        text.contains("# TODO: no file's headers match managers.csv; name its files:\n# [input.managers]\n"),
        "{text}"
    );
    toml::from_str::<toml::Table>(&text).unwrap();
}

#[test]
fn misfit_values_are_not_guessed_and_are_flagged() {
    // 开户日 is similar to open_date's names, but its values are no dates: not guessed.
    let p = propose(&[file(
        "customers.csv",
        &["customer_id", "name", "kind", "branch_id", "manager_id", "开户日", "deposit_avg", "txn_count"],
        &[&["C1", "n", "retail", "B1", "M1", "yesterday", "1", "x"]],
    )]);
    let c = &p.tables[0];
    assert!(matches!(column(c, "open_date").found, Found::Missing { .. }));
    assert!(
        matches!(&column(c, "txn_count").found, Found::Header { how: How::Name, values: ValueNote::Misfit { bad: 1, total: 1, example }, .. } if example == "x")
    );
    assert!(p.render("d", Lang::En).contains("check: 1 of 1 values seen do not fit, e.g. x"));
}

#[test]
fn sheets_encodings_splits_and_unrecognised_files() {
    let mut notes = file("book.xlsx", &["说明"], &[]);
    notes.sheet = Some(SampleSheet { name: "说明".into(), first: true });
    let mut data = file("book.xlsx", &["员工编号", "员工姓名", "所属机构", "职级", "入行日期", "在职状态"], &[]);
    data.sheet = Some(SampleSheet { name: "人员".into(), first: false });
    let mut splits = file("分成_202412.csv", &["客户编号", "客户经理编号", "业绩分成比例"], &[&["C1", "M1", "0.5"]]);
    splits.sheet = None;
    splits.encoding = Some(Encoding::Gb18030);
    let other = file("readme.xlsx", &["a", "b"], &[]);
    let p = propose(&[notes, data, splits, other]);
    assert_eq!(p.unrecognised, ["readme.xlsx"]);
    assert_eq!(p.missing, [FileKind::Customers]);
    let m = &p.tables[0];
    assert_eq!((m.table, m.sheet.as_deref()), (FileKind::Managers, Some("人员")));
    let s = &p.tables[1];
    assert_eq!(s.table, FileKind::CreditSplits);
    assert_eq!(s.files, ["分成_202412.csv"], "one splits file: its name, no glob");
    assert_eq!(s.encoding, EncodingProposal::Gbk);
    let text = p.render("d", Lang::En);
    assert!(text.contains("sheet = \"人员\""), "{text}");
    assert!(text.contains("encoding = \"gbk\""), "{text}");
    let doc: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(doc["input"]["credit_splits"]["columns"]["share"].as_str(), Some("业绩分成比例"));
}

#[test]
fn mixed_units_set_no_amount_unit() {
    let p = propose(&[file(
        "customers_2024-12.csv",
        &["客户号", "客户名称", "客户类型", "机构号", "客户经理号", "开户日期", "存款日均(万元)", "贷款余额(元)"],
        &[],
    )]);
    let c = &p.tables[0];
    assert_eq!(c.files, ["customers_*.csv"]);
    assert!(matches!(&c.amount_unit, UnitProposal::Mixed(h) if h.len() == 2));
    let text = p.render("d", Lang::En);
    assert!(!text.contains("amount_unit ="), "{text}");
    assert!(
        text.contains("# period: no period column; the file's period is the YYYYMM in its name (2024-12), and so"),
        "{text}"
    );
    assert!(
        text.contains("amount_unit not set: the amount headers' units differ (存款日均(万元): 万元, 贷款余额(元): 元)"),
        "{text}"
    );
}

#[test]
fn periods_in_names() {
    let p = |n: &str| period_in_name(n).map(|(_, p)| p.to_string());
    assert_eq!(p("客户月报_202412.xlsx").as_deref(), Some("2024-12"));
    assert_eq!(p("exports/2023/客户月报-2024-01.csv").as_deref(), Some("2024-01"));
    assert_eq!(p("cust_20241231.csv"), None, "part of a longer digit run");
    assert_eq!(p("cust_202413.csv"), None);
    assert_eq!(p("cust_189912.csv"), None);
    assert_eq!(p("202411/customers.csv"), None, "only the file name counts");
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(globs(FileKind::Managers, &names(&["m_202411.csv", "m_202412.csv"])), ["m_*.csv"]);
    assert_eq!(globs(FileKind::Managers, &names(&["m_202412.csv"])), ["m_202412.csv"]);
    assert_eq!(globs(FileKind::Customers, &names(&["a_202412.csv", "b.csv"])), ["a_*.csv", "b.csv"]);
}
