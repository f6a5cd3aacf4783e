//! Writing the monthly customers exports: `.xlsx` workbooks with fixed metadata (byte-identical
//! for the same input) or UTF-8-with-BOM CSV, several months at once on `jobs` threads.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use branchlens_core::load::Cell;
use branchlens_core::model::Period;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use crate::customers::{Field, Month, COLUMNS};
use crate::{Format as OutFormat, Result};

fn extension(format: OutFormat) -> &'static str {
    match format {
        OutFormat::Xlsx => "xlsx",
        OutFormat::Csv => "csv",
    }
}

/// The file name of a month's customers export.
pub fn file_name(p: Period, format: OutFormat) -> String {
    format!("客户月报_{:04}{:02}.{}", p.year(), p.month(), extension(format))
}

/// The glob matching every month's customers export.
pub fn file_glob(format: OutFormat) -> String {
    format!("客户月报_*.{}", extension(format))
}

/// Writes every month's export into `dir`, `jobs` months at a time; prints a line per file.
pub fn monthly_exports(dir: &Path, format: OutFormat, months: &[Month], jobs: usize) -> Result<()> {
    let next = AtomicUsize::new(0);
    let failure: Mutex<Option<String>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..jobs.min(months.len()) {
            s.spawn(|| {
                while let Some(m) = months.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(e) = write_month(dir, format, m) {
                        failure.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e.to_string());
                        break;
                    }
                }
            });
        }
    });
    match failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

fn write_month(dir: &Path, format: OutFormat, m: &Month) -> Result<()> {
    let start = Instant::now();
    let name = file_name(m.period, format);
    let bytes = match format {
        OutFormat::Xlsx => workbook(m)?,
        OutFormat::Csv => csv_bytes(&m.sheet.rows),
    };
    std::fs::write(dir.join(&name), &bytes)?;
    let rows = m.sheet.rows.len() - 1;
    eprintln!("wrote {name}: {rows} rows, {} bytes, {:.2} s", bytes.len(), start.elapsed().as_secs_f64());
    Ok(())
}

/// A customers workbook: a `查询条件` sheet first (as platforms add one), then `客户明细`.
/// Every document property is a function of the period (creation time: the extraction day,
/// 08:00 UTC), so the bytes depend on the input only.
fn workbook(m: &Month) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let next = Period(m.period.0 + 1);
    let created = ExcelDateTime::from_ymd(next.year() as u16, next.month() as u8, 2)?.and_hms(8, 0, 0)?;
    let props = DocProperties::new()
        .set_title(format!("客户月报 {:04}{:02}", m.period.year(), m.period.month()))
        .set_author("数据平台")
        .set_company("示例银行")
        .set_comment("synthetic data written by branchlens's platform_export example")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    conditions(wb.add_worksheet(), m.period)?;
    let ws = wb.add_worksheet();
    ws.set_name(m.sheet.name.as_str())?;
    ws.set_freeze_panes(1, 0)?;
    let formats = ColumnFormats::new();
    for (r, cells) in m.sheet.rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, r as u32, c as u16, cell, formats.number(c), &formats.date)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// The query sheet a platform puts before the data: what was exported, for which month.
fn conditions(ws: &mut Worksheet, p: Period) -> Result<()> {
    ws.set_name("查询条件")?;
    let end = p.last_day().ymd();
    let rows = [
        ("报表名称", "客户月报（客户明细）".to_string()),
        ("数据日期", format!("{:04}{:02}{:02}", end.0, end.1, end.2)),
        ("机构范围", "全辖".to_string()),
        ("金额单位", "万元".to_string()),
        ("说明", "本表由数据平台导出，仅供内部使用".to_string()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string(i as u32, 0, *k)?;
        ws.write_string(i as u32, 1, v)?;
    }
    Ok(())
}

/// Number formats by column: amounts with thousands separators, dates-as-numbers and phones
/// without (so Excel shows `20241231`, not `2.0E+07`), real dates as `yyyy-mm-dd`.
struct ColumnFormats {
    amount: Format,
    plain: Format,
    date: Format,
}

impl ColumnFormats {
    fn new() -> ColumnFormats {
        ColumnFormats {
            amount: Format::new().set_num_format("#,##0.00"),
            plain: Format::new().set_num_format("0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
    fn number(&self, col: usize) -> Option<&Format> {
        match COLUMNS.get(col)?.1 {
            Field::Wan(_) => Some(&self.amount),
            Field::DateNumber(_) | Field::MixedDate(_) | Field::ExtractDate | Field::Phone => Some(&self.plain),
            _ => None,
        }
    }
}

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, cell: &Cell, number: Option<&Format>, date: &Format) -> Result<()> {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) | Cell::Error(s) => {
            ws.write_string(r, c, s.as_str())?;
        }
        Cell::Number(x) => {
            match number {
                Some(f) => ws.write_number_with_format(r, c, *x, f)?,
                None => ws.write_number(r, c, *x)?,
            };
        }
        Cell::Bool(b) => {
            ws.write_boolean(r, c, *b)?;
        }
        Cell::Date { year, month, day } => {
            let d = ExcelDateTime::from_ymd(*year as u16, *month as u8, *day as u8)?;
            ws.write_datetime_with_format(r, c, &d, date)?;
        }
    }
    Ok(())
}

/// The CSV form of a sheet, as Excel's "CSV UTF-8" saves it: BOM, CRLF, numbers in their
/// shortest form (exact for the 万元 decimals), date cells as `YYYY/MM/DD`.
fn csv_bytes(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        for r in rows {
            // Writing into a Vec cannot fail.
            let _ = w.write_record(r.iter().map(csv_text));
        }
        let _ = w.flush();
    }
    out
}

/// The text of a cell in a CSV export.
pub fn csv_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) | Cell::Error(s) => s.clone(),
        Cell::Number(x) => format!("{x}"),
        Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Cell::Date { year, month, day } => format!("{year:04}/{month:02}/{day:02}"),
    }
}
