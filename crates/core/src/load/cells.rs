//! A worksheet as records: the header on the first non-empty row, and each cell of a data row
//! turned into the text its column's parser reads (amounts from number cells in the file's
//! unit, rounded to the fen by that parser; ids and counts from integral numbers without `.0`;
//! dates and periods from date cells). Issues name the cell (`file!sheet:C17`).

use super::fields::Fields;
use super::header::{map_header, Column, HeaderMap};
use super::records::{long_text, ragged_row};
use super::sheet::{Cell, Sheet};
use super::TableMapping;
use crate::issue::{FileRef, LoadError, RowIssue};

/// The rows of a sheet after its header row.
pub(super) struct SheetRecords {
    header: csv::StringRecord,
    /// The sheet row number of each row of `rows`.
    row_numbers: Vec<u64>,
    rows: Vec<Vec<Cell>>,
    first_col: u32,
}

/// How a column's cells are read.
#[derive(Clone, Copy, Debug, PartialEq)]
enum CellKind {
    /// Amounts and shares: a number cell as its shortest decimal (`0.125`, `12.3456785`).
    Decimal,
    /// A date column: a date cell as `YYYY-MM-DD`.
    Date,
    /// The period column: a date cell as `YYYY-MM`.
    Period,
    /// Ids, texts and counts: an integral number without `.0`.
    Text,
}

fn cell_kind(column: &str) -> CellKind {
    match column {
        "deposit_avg" | "loan_balance" | "aum" | "fee_income" | "deposit_target" | "loan_target" | "fee_target"
        | "share" => CellKind::Decimal,
        "open_date" | "last_contact" | "hire_date" => CellKind::Date,
        "period" => CellKind::Period,
        _ => CellKind::Text,
    }
}

/// The text a cell gives a column of `kind`.
fn cell_text(cell: &Cell, kind: CellKind) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Error(e) => e.clone(),
        Cell::Bool(b) => b.to_string(),
        Cell::Number(f) => number_text(*f, kind),
        Cell::Date { year, month, day } => match kind {
            CellKind::Period => format!("{year:04}-{month:02}"),
            _ => format!("{year:04}-{month:02}-{day:02}"),
        },
    }
}

/// A number cell as text: integral numbers (below 2^53, where floats are exact) without a
/// fraction, others as their shortest decimal representation (never an exponent: `1e-7` is
/// `0.0000001`), which the amount parser rounds half away from zero to the fen.
fn number_text(f: f64, kind: CellKind) -> String {
    if kind != CellKind::Decimal && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        return format!("{}", f as i64);
    }
    format!("{f}")
}

/// The text of a header cell.
fn header_text(cell: &Cell) -> String {
    cell_text(cell, CellKind::Text).trim().to_string()
}

impl SheetRecords {
    /// The sheet with its header on the first non-empty row (`None`: the sheet is empty).
    pub(super) fn new(sheet: Sheet) -> Option<SheetRecords> {
        let Sheet { first_row, first_col, rows, .. } = sheet;
        let blank = |r: &[Cell]| {
            r.iter().all(|c| matches!(c, Cell::Empty) || matches!(c, Cell::Text(t) if t.trim().is_empty()))
        };
        let start = rows.iter().position(|r| !blank(r))?;
        let mut rows = rows.into_iter().enumerate().skip(start);
        let (_, head) = rows.next()?;
        let header: csv::StringRecord = head.iter().map(header_text).collect();
        let (mut row_numbers, mut data) = (Vec::new(), Vec::new());
        for (i, r) in rows {
            if !blank(&r) {
                row_numbers.push(u64::from(first_row) + i as u64);
                data.push(r);
            }
        }
        Some(SheetRecords { header, row_numbers, rows: data, first_col })
    }

    /// Maps the header row (`None` for a sheet without data rows when `allow_empty`).
    pub(super) fn header_map(
        &self,
        file: &FileRef,
        columns: &[Column],
        mapping: &TableMapping,
        may_lack: Option<usize>,
        issues: &mut Vec<RowIssue>,
        allow_empty: bool,
    ) -> Result<Option<HeaderMap>, LoadError> {
        if self.rows.is_empty() && allow_empty && self.header.iter().all(str::is_empty) {
            return Ok(None);
        }
        map_header(file, &self.header, columns, mapping, may_lack, issues).map(Some)
    }

    /// Calls `row` for every data row, its cells converted by column type. A row with values
    /// beyond the header's width is ragged. Returns (data rows, skipped rows).
    pub(super) fn read_records(
        &self,
        file: &FileRef,
        map: &HeaderMap,
        columns: &[Column],
        issues: &mut Vec<RowIssue>,
        mut row: impl FnMut(&Fields<'_>, &mut Vec<RowIssue>) -> bool,
    ) -> (u64, u64) {
        let mut kinds = vec![CellKind::Text; map.fields];
        for (c, i) in columns.iter().zip(&map.index) {
            if let Some(i) = *i {
                kinds[i] = cell_kind(c.name);
            }
        }
        let (mut rows, mut skipped) = (0u64, 0u64);
        let mut rec = csv::ByteRecord::new();
        for (cells, &line) in self.rows.iter().zip(&self.row_numbers) {
            rows += 1;
            let width = cells.iter().rposition(|c| !matches!(c, Cell::Empty)).map_or(0, |i| i + 1);
            if width > map.fields {
                issues.push(ragged_row(file, line, map.fields, width));
                skipped += 1;
                continue;
            }
            rec.clear();
            for (fi, kind) in kinds.iter().enumerate() {
                let text = cells.get(fi).map_or_else(String::new, |c| cell_text(c, *kind));
                rec.push_field(text.as_bytes());
            }
            let text = std::str::from_utf8(rec.as_slice()).ok();
            let fields = Fields { file, line, rec: &rec, text, map, columns, first_col: Some(self.first_col) };
            long_text(&fields, issues);
            if !row(&fields, issues) {
                skipped += 1;
            }
        }
        (rows, skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, AmountUnit};

    #[test]
    fn number_cells_give_the_texts_their_parsers_read() {
        // Amounts: the shortest decimal, rounded half away from zero to the fen by the parser.
        let amount = |f: f64, unit| Amount::parse_in(&number_text(f, CellKind::Decimal), unit).map(|a| a.0);
        assert_eq!(amount(0.125, AmountUnit::Yuan), Some(13));
        assert_eq!(amount(12.3456785, AmountUnit::Wan), Some(12_345_679));
        assert_eq!(amount(1e-7, AmountUnit::Yuan), Some(0));
        assert_eq!(amount(1e-7, AmountUnit::Wan), Some(0));
        assert_eq!(amount(0.1 + 0.2, AmountUnit::Yuan), Some(30));
        assert_eq!(amount(-2.5, AmountUnit::Yuan), Some(-250));
        assert_eq!(amount(f64::NAN, AmountUnit::Yuan), None);
        // Ids and counts: no `.0`.
        assert_eq!(number_text(1001.0, CellKind::Text), "1001");
        assert_eq!(number_text(20241231.0, CellKind::Date), "20241231");
        assert_eq!(number_text(1.5, CellKind::Text), "1.5");
        assert_eq!(number_text(3.0, CellKind::Decimal), "3");
    }

    #[test]
    fn date_cells_as_dates_and_periods() {
        let d = Cell::Date { year: 2024, month: 3, day: 9 };
        assert_eq!(cell_text(&d, CellKind::Date), "2024-03-09");
        assert_eq!(cell_text(&d, CellKind::Period), "2024-03");
        assert_eq!(cell_text(&Cell::Error("#N/A".into()), CellKind::Decimal), "#N/A");
    }

    #[test]
    fn the_header_is_the_first_non_empty_row() {
        let t = |s: &str| Cell::Text(s.into());
        let sheet = Sheet {
            name: "明细".into(),
            first_row: 2,
            first_col: 1,
            rows: vec![
                vec![Cell::Empty, t(" ")],
                vec![t("客户编号"), Cell::Number(7.0)],
                vec![Cell::Empty],
                vec![t("a"), Cell::Number(1.0)],
            ],
        };
        let r = SheetRecords::new(sheet).expect("not empty");
        assert_eq!(r.header.iter().collect::<Vec<_>>(), ["客户编号", "7"]);
        assert_eq!(r.row_numbers, [5]);
        assert!(SheetRecords::new(Sheet { name: "x".into(), first_row: 1, first_col: 0, rows: vec![] }).is_none());
    }
}
