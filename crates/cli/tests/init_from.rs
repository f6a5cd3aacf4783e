//! `branchlens init --from DATA_DIR` on a realistic platform export: monthly .xlsx files with
//! the data on a second sheet, platform headers with `(万元)`, no period column, a GBK managers
//! file, a splits file, extra columns; and the refusal to overwrite without `--force`.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{branchlens, read_text, run, temp_dir, write};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const HEADERS: [&str; 16] = [
    "客户编号",
    "客户名称",
    "客户类别",
    "所属机构",
    "管户经理",
    "开户日期",
    "存款日均余额(万元)",
    "贷款余额(万元)",
    "金融资产余额(万元)",
    "中间业务收入(万元)",
    "持有产品",
    "交易笔数",
    "国标行业",
    "贷款五级分类",
    "证件号码",
    "手机号码",
];

/// A monthly customers workbook: a notes sheet, then `客户明细` with one empty row and column
/// before the header (the used range starts at B2).
fn customers_book(path: &Path, rows: u32) {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("说明").unwrap().write_string(0, 0, "客户月报，金额单位：万元").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let s = book.add_worksheet().set_name("客户明细").unwrap();
    for (i, h) in HEADERS.iter().enumerate() {
        s.write_string(1, 1 + i as u16, *h).unwrap();
    }
    for r in 0..rows {
        let row = 2 + r;
        let corporate = r % 3 == 0;
        s.write_string(row, 1, format!("C{r:05}")).unwrap();
        s.write_string(row, 2, format!("客户{r}")).unwrap();
        s.write_string(row, 3, if corporate { "单位客户" } else { "个人客户" }).unwrap();
        s.write_string(row, 4, "B01").unwrap();
        s.write_string(row, 5, format!("M{:03}", r % 4)).unwrap();
        s.write_datetime_with_format(row, 6, ExcelDateTime::from_ymd(2015 + (r % 9) as u16, 3, 12).unwrap(), &date)
            .unwrap();
        s.write_number(row, 7, 1.0 + f64::from(r) * 0.123_456).unwrap();
        s.write_number(row, 8, if corporate { 250.5 } else { 0.0 }).unwrap();
        s.write_number(row, 9, f64::from(r % 7) * 1.5).unwrap();
        s.write_number(row, 10, 0.0125).unwrap();
        s.write_string(row, 11, "DEP;CARD").unwrap();
        s.write_number(row, 12, f64::from(r % 30)).unwrap();
        s.write_string(row, 13, if corporate { "制造业" } else { "" }).unwrap();
        s.write_string(row, 14, if corporate { "正常类" } else { "" }).unwrap();
        s.write_string(row, 15, format!("11010119900101{r:04}")).unwrap();
        s.write_string(row, 16, format!("1380000{r:04}")).unwrap();
    }
    book.save(path).unwrap();
}

/// A data directory as a bank's platform exports it.
fn platform_export(dir: &Path) {
    std::fs::create_dir_all(dir.join("exports")).unwrap();
    customers_book(&dir.join("exports/客户月报_202411.xlsx"), 40);
    customers_book(&dir.join("exports/客户月报_202412.xlsx"), 42);
    let managers = "员工编号,员工姓名,所属机构,职级,入行日期,在职状态\n\
                    M000,王一,B01,senior,20150701,在职\nM001,王二,B01,junior,20200301,在职\n\
                    M002,王三,B01,senior,20120101,离职\nM003,王四,B01,principal,20100101,在职\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(managers);
    write(&dir.join("客户经理_202412.csv"), &gbk);
    write(&dir.join("业绩分成.csv"), "客户编号,客户经理编号,业绩分成比例\nC00001,M000,0.6\nC00001,M001,0.4\n");
    write(&dir.join("readme.txt"), "not an input");
}

#[test]
fn a_platform_export_is_mapped_without_edits() {
    let tmp = temp_dir();
    platform_export(tmp.path());
    let r = run(branchlens().arg("init").arg("--from").arg(tmp.path()));
    r.expect_code(0)
        .stdout_has(&["branchlens.toml", "proposed the mapping of 4 files: 0 guesses to check, 0 TODOs to fill in"]);
    let text = read_text(&tmp.path().join("branchlens.toml"));
    println!("{text}");
    for part in [
        "[input.customers]\nfiles = [\"exports/客户月报_*.xlsx\"]\n",
        "sheet = \"客户明细\"",
        "# the sheet whose headers match (not the first sheet)\n",
        "amount_unit = \"wan\"     # the amount headers say 万元: 存款日均余额(万元), 贷款余额(万元), 金融资产余额(万元), 中间业务收入(万元)\n",
        "# period: no period column; each file's period is the YYYYMM in its name (2024-11 to 2024-12)\n",
        "[input.customers.columns]\ncustomer_id = \"客户编号\"",
        "open_date = \"开户日期\"",
        "# sure: the contract alias; all 40 values seen fit\n",
        "values seen: 单位客户, 个人客户\n",
        "loan_class = \"贷款五级分类\"",
        "phone = \"手机号码\"",
        "# absent (optional): overdue_days, last_contact, complaints\n",
        "# ignored headers (no contract column): 证件号码\n",
        "[input.managers]\nfiles = [\"客户经理_202412.csv\"]\nencoding = \"gbk\"",
        "status = \"在职状态\"",
        "values seen: 在职, 离职",
        "[input.credit_splits]\nfiles = [\"业绩分成.csv\"]\n",
        "share = \"业绩分成比例\"",
    ] {
        assert!(text.contains(part), "{part}\nnot in\n{text}");
    }
    assert!(!text.contains("# TODO") && !text.contains("guess ("), "{text}");
    assert!(!text.contains("readme"), "{text}");
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let tmp = temp_dir();
    platform_export(tmp.path());
    let toml = tmp.path().join("branchlens.toml");
    write(&toml, "# mine\n");
    let r = run(branchlens().arg("init").arg("--from").arg(tmp.path()));
    r.expect_code(2).stderr_has(&["branchlens.toml already exists (use --force to overwrite)"]);
    let zh = run(branchlens().args(["--lang", "zh-CN", "init", "--from"]).arg(tmp.path()));
    zh.expect_code(2).stderr_has(&["已存在（使用 --force 覆盖）"]);
    assert_eq!(read_text(&toml), "# mine\n");
    run(branchlens().args(["--lang", "zh-CN", "init", "--force", "--from"]).arg(tmp.path()))
        .expect_code(0)
        .stdout_has(&["已为 4 个文件生成映射建议"]);
    let text = read_text(&toml);
    assert!(text.contains("customer_id = \"客户编号\""), "{text}");
    assert!(text.contains("# 确定：customer_id 的内置同义表头\n"), "{text}");
    assert!(text.contains("# 金额列表头注明万元"), "{text}");
}

#[test]
fn unreadable_files_are_named_and_skipped() {
    let tmp = temp_dir();
    platform_export(tmp.path());
    write(&tmp.path().join("exports/客户月报_202410.xlsx"), "客户编号,存款\n");
    let out = temp_dir();
    let r = run(branchlens().arg("init").arg(out.path()).arg("--from").arg(tmp.path()));
    r.expect_code(0).stderr_has(&["skipped ", "客户月报_202410.xlsx: not an Excel workbook"]);
    let text = read_text(&out.path().join("branchlens.toml"));
    assert!(text.contains("exports/客户月报_202411.xlsx, exports/客户月报_202412.xlsx\n"), "{text}");
    assert!(!tmp.path().join("branchlens.toml").exists(), "DIR given: written there, not in DATA_DIR");
    let missing =
        run(branchlens().arg("init").arg(out.path()).arg("--force").arg("--from").arg(tmp.path().join("nope")));
    missing.expect_code(2).stderr_has(&["no such directory"]);
}
