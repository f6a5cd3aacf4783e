//! The managers file (`客户经理.csv`, GBK, CRLF, targets in 万元) and the credit splits file
//! (`业绩分成.csv`, UTF-8) of the export.

use std::path::Path;

use branchlens_core::model::{Period, Status};

use crate::contract::{field, Table};
use crate::customers::{fen, wan, ymd_number};
use crate::vocab;
use crate::Result;

/// The form a managers column takes in the export.
#[derive(Clone, Copy)]
pub enum Form {
    Text,
    /// `YYYYMMDD`.
    Date,
    /// 在职/离职.
    Status,
    /// `YYYYMM`.
    Period,
    /// 万元, exact decimal.
    Wan,
}

/// The managers columns: platform header, contract column, form. The grade (职级) keeps the
/// contract's words: the report shows it as given, and there is no value map for it.
pub const MANAGER_COLUMNS: [(&str, &str, Form); 11] = [
    ("员工编号", "manager_id", Form::Text),
    ("员工姓名", "name", Form::Text),
    ("所属机构", "branch_id", Form::Text),
    ("职级", "grade", Form::Text),
    ("入职日期", "hire_date", Form::Date),
    ("在职状态", "status", Form::Status),
    ("统计月份", "period", Form::Period),
    ("存款目标(万元)", "deposit_target", Form::Wan),
    ("贷款目标(万元)", "loan_target", Form::Wan),
    ("中收目标(万元)", "fee_target", Form::Wan),
    ("新客户目标", "new_customers_target", Form::Text),
];

/// The credit splits columns: platform header, contract column.
pub const SPLIT_COLUMNS: [(&str, &str); 3] =
    [("客户编号", "customer_id"), ("客户经理编号", "manager_id"), ("分成比例", "share")];

pub const MANAGERS_FILE: &str = "客户经理.csv";
pub const SPLITS_FILE: &str = "业绩分成.csv";

/// Writes `客户经理.csv` in GBK (an error if a name has no GBK form).
pub fn write_managers(dir: &Path, t: &Table) -> Result<()> {
    let idx: Vec<Option<usize>> = MANAGER_COLUMNS.iter().map(|(_, c, _)| t.try_index(c)).collect();
    let mut rows = vec![MANAGER_COLUMNS.iter().map(|(h, _, _)| h.to_string()).collect::<Vec<_>>()];
    for r in &t.rows {
        let mut out = Vec::with_capacity(idx.len());
        for (i, (_, _, form)) in MANAGER_COLUMNS.iter().enumerate() {
            let v = idx[i].map_or("", |c| field(r, c)).trim();
            out.push(if v.is_empty() { String::new() } else { manager_value(v, *form)? });
        }
        rows.push(out);
    }
    let text = String::from_utf8(csv_text(&rows))?;
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    if unmappable {
        return Err("a manager's text has no GBK form".into());
    }
    std::fs::write(dir.join(MANAGERS_FILE), &bytes)?;
    Ok(())
}

fn manager_value(v: &str, form: Form) -> Result<String> {
    Ok(match form {
        Form::Text => v.to_string(),
        Form::Date => ymd_number(v)?.to_string(),
        Form::Status => vocab::status(Status::parse(v).ok_or_else(|| format!("bad status {v:?}"))?).to_string(),
        Form::Period => {
            let p = Period::parse(v).ok_or_else(|| format!("bad period {v:?}"))?;
            format!("{:04}{:02}", p.year(), p.month())
        }
        Form::Wan => format!("{}", wan(fen(v)?)),
    })
}

/// Writes `业绩分成.csv` (UTF-8 without BOM, CRLF).
pub fn write_splits(dir: &Path, t: &Table) -> Result<()> {
    let idx = SPLIT_COLUMNS.iter().map(|(_, c)| t.index(c)).collect::<Result<Vec<_>>>()?;
    let mut rows = vec![SPLIT_COLUMNS.iter().map(|(h, _)| h.to_string()).collect::<Vec<_>>()];
    rows.extend(t.rows.iter().map(|r| idx.iter().map(|&i| field(r, i).to_string()).collect()));
    std::fs::write(dir.join(SPLITS_FILE), csv_text(&rows))?;
    Ok(())
}

fn csv_text(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for r in rows {
        // Writing into a Vec cannot fail.
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}
