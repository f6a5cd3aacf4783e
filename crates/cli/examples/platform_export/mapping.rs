//! The `branchlens.toml` that reads the export back (the `[input.*]`/`[values.*]` shape of
//! issue 11, `columns` only for headers that are neither a contract name or alias nor a
//! built-in synonym) and the README describing the export.

use std::fmt::Write as _;
use std::path::Path;

use branchlens_core::load::{
    header_key, split_unit, synonyms, Column, CUSTOMER_COLUMNS, MANAGER_COLUMNS, SPLIT_COLUMNS,
};
use branchlens_core::FileKind;

use crate::customers::{Field, Month, COLUMNS, SHEET};
use crate::others::{
    MANAGERS_FILE, MANAGER_COLUMNS as PLATFORM_MANAGERS, SPLITS_FILE, SPLIT_COLUMNS as PLATFORM_SPLITS,
};
use crate::vocab;
use crate::write::{file_glob, file_name};
use crate::{Format, Result};

/// Whether the loader finds contract column `column` of `file` under `header` without a
/// mapping: the header's key without its unit suffix is the column's name, alias or synonym.
pub fn matched_without_mapping(file: FileKind, column: &str, header: &str) -> bool {
    let key = header_key(header);
    let (name, _) = split_unit(&key);
    let table: &[Column] = match file {
        FileKind::Customers => &CUSTOMER_COLUMNS,
        FileKind::Managers => &MANAGER_COLUMNS,
        FileKind::CreditSplits => &SPLIT_COLUMNS,
    };
    let Some(c) = table.iter().find(|c| c.name == column) else { return false };
    c.names().contains(&name) || synonyms(file, column).iter().any(|s| header_key(s) == name)
}

/// The (contract column, platform header) pairs of a table.
fn pairs(file: FileKind) -> Vec<(&'static str, &'static str)> {
    match file {
        FileKind::Customers => COLUMNS.iter().filter_map(|(h, f)| f.contract().map(|c| (c, *h))).collect(),
        FileKind::Managers => PLATFORM_MANAGERS.iter().map(|(h, c, _)| (*c, *h)).collect(),
        FileKind::CreditSplits => PLATFORM_SPLITS.iter().map(|(h, c)| (*c, *h)).collect(),
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The text of `branchlens.toml` for an export in `format`.
pub fn config_text(format: Format) -> String {
    let mut t = String::from(
        "# Reads the platform export in this directory (written by crates/cli/examples/platform_export).\n\
         # Headers that are a contract alias or a built-in synonym (docs/data-contract.md) need no\n\
         # [input.*.columns] entry; 个人客户/单位客户, 正常类…损失类, 在职/离职, 国标行业 names and\n\
         # division codes are built-in forms, so only the product words need a value map.\n",
    );
    let customers = file_glob(format);
    let tables: [(FileKind, String, &str); 3] = [
        (FileKind::Customers, customers, "customers"),
        (FileKind::Managers, MANAGERS_FILE.to_string(), "managers"),
        (FileKind::CreditSplits, SPLITS_FILE.to_string(), "credit_splits"),
    ];
    for (file, files, section) in tables {
        let _ = writeln!(t, "\n[input.{section}]\nfiles = [{}]", quoted(&files));
        match file {
            FileKind::Customers if format == Format::Xlsx => {
                let _ = writeln!(t, "sheet = {}", quoted(SHEET));
            }
            FileKind::Managers => t.push_str("encoding = \"gbk\"\n"),
            _ => {}
        }
        if file != FileKind::CreditSplits {
            t.push_str("amount_unit = \"wan\"\n");
        }
        let mapped: Vec<_> = pairs(file).into_iter().filter(|(c, h)| !matched_without_mapping(file, c, h)).collect();
        if !mapped.is_empty() {
            let _ = writeln!(t, "[input.{section}.columns]");
            for (c, h) in mapped {
                let _ = writeln!(t, "{c} = {}", quoted(h));
            }
        }
    }
    t.push_str("\n[values.products]\n");
    for (word, code) in vocab::product_values() {
        let _ = writeln!(t, "{} = {}", quoted(word), quoted(code));
    }
    t
}

pub fn write_config(dir: &Path, format: Format) -> Result<()> {
    std::fs::write(dir.join("branchlens.toml"), config_text(format))?;
    Ok(())
}

/// How the README describes the form of a customers column.
fn form(f: Field) -> &'static str {
    match f {
        Field::Text(_) => "text",
        Field::Kind => "个人客户 / 单位客户",
        Field::LoanClass => "正常类 / 关注类 / 次级类 / 可疑类 / 损失类; empty without a loan",
        Field::Industry => "section name (制造业); for a tenth of the customers `C13`, for another tenth `13`",
        Field::Products => "`;`-separated platform words (see the value map below)",
        Field::DateNumber(_) => "`YYYYMMDD` as a number",
        Field::MixedDate(_) => "a date cell (yyyy-mm-dd) for two thirds of the rows, a `YYYYMMDD` number for the rest; CSV: `YYYY/MM/DD` and `YYYYMMDD`",
        Field::Wan(_) => "万元, a number exact to the fen (yuan / 10000)",
        Field::Count(_) => "whole number",
        Field::Phone => "a number cell (text when not all digits)",
        Field::IdNumber => "extra: masked fake id (resident id or 统一社会信用代码)",
        Field::CustomerGrade => "extra: 普通/金卡/白金/钻石/私行客户, 一般/重点/战略客户",
        Field::ExtractDate => "extra: the platform's extraction day (the 2nd of the next month), `YYYYMMDD`",
    }
}

/// The README of the export.
pub fn readme_text(format: Format, months: &[Month]) -> String {
    let mut t = String::from("# Platform export (synthetic)\n\n");
    t.push_str(
        "What a bank's data platform hands an analyst, made from contract-form data by\n\
         `cargo run -p branchlens-cli --example platform_export -- CONTRACT_DIR OUT_DIR`.\n\
         Every value is synthetic (`branchlens sample`); the id numbers are fake and masked.\n\
         `branchlens.toml` here is the mapping that reads it as the contract data it came from.\n\n",
    );
    t.push_str("## Files\n\n| file | rows | what |\n|---|---|---|\n");
    for m in months {
        let what = match format {
            Format::Xlsx => format!("sheet `查询条件` (query notes), then sheet `{SHEET}`: header on row 1"),
            Format::Csv => "UTF-8 with BOM, CRLF, header on line 1".to_string(),
        };
        let _ = writeln!(
            t,
            "| `{}` | {} | customers of {}, no period column: {what} |",
            file_name(m.period, format),
            m.sheet.rows.len() - 1,
            m.period
        );
    }
    let _ = writeln!(t, "| `{MANAGERS_FILE}` | | managers, one row per month: GBK, CRLF, targets in 万元 |");
    let _ = writeln!(t, "| `{SPLITS_FILE}` | | credit splits: UTF-8, CRLF |");
    t.push_str("\n## Customers columns (in the export's order)\n\n| header | contract column | form | needs a mapping |\n|---|---|---|---|\n");
    for (h, f) in COLUMNS {
        let c = f.contract().unwrap_or("—");
        let mapped = f.contract().map_or("ignored", |c| {
            if matched_without_mapping(FileKind::Customers, c, h) {
                "no"
            } else {
                "yes"
            }
        });
        let _ = writeln!(t, "| {h} | {c} | {} | {mapped} |", form(f));
    }
    t.push_str("\nRows are sorted by 所属机构, then 客户编号. Empty cells where the contract value is empty.\n");
    t.push_str("\n## Managers columns\n\n| header | contract column |\n|---|---|\n");
    for (h, c, _) in PLATFORM_MANAGERS {
        let _ = writeln!(t, "| {h} | {c} |");
    }
    t.push_str(
        "\n入职日期 `YYYYMMDD`, 在职状态 在职/离职, 统计月份 `YYYYMM`, targets in 万元. 职级 keeps the\n\
         contract's words (assistant, junior, senior, principal): the report shows grades as given.\n",
    );
    t.push_str("\n## Credit splits columns\n\n| header | contract column |\n|---|---|\n");
    for (h, c) in PLATFORM_SPLITS {
        let _ = writeln!(t, "| {h} | {c} |");
    }
    t.push_str("\n## Product words (`[values.products]`)\n\n| contract code | retail | corporate |\n|---|---|---|\n");
    for (code, retail, corporate) in vocab::PRODUCTS {
        let _ = writeln!(t, "| {code} | {retail} | {corporate} |");
    }
    t.push_str(
        "\n## Determinism\n\nThe same input gives the same bytes: workbook properties are fixed (creation time\n\
         the 2nd of the month after the period, 08:00 UTC), zip entries carry no time, and every\n\
         choice between forms is a hash of the customer id (and period).\n",
    );
    t
}

pub fn write_readme(dir: &Path, format: Format, months: &[Month]) -> Result<()> {
    std::fs::write(dir.join("README.md"), readme_text(format, months))?;
    Ok(())
}
