//! A worksheet as the loader reads it: rows of typed [`Cell`]s, already decoded by the caller
//! (the CLI reads `.xlsx`/`.xls` with calamine; core does no IO). Positions print the way Excel
//! numbers them: `客户明细:C17` is sheet row 17, column C.

/// One cell of a sheet, as the workbook stores it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A numeric cell (Excel stores integers as floats too).
    Number(f64),
    Bool(bool),
    /// A real date cell (a date-formatted number or an ISO date cell), as a calendar date.
    Date {
        year: i32,
        month: u32,
        day: u32,
    },
    /// An error cell such as `#N/A` or `#DIV/0!`, with its text.
    Error(String),
}

/// The used range of one sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// The sheet's name in its workbook.
    pub name: String,
    /// The sheet row (1-based, as Excel numbers rows) of `rows[0]`.
    pub first_row: u32,
    /// The sheet column (0 = A) of cell 0 of every row.
    pub first_col: u32,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The sheet row number (1-based) of `rows[index]`.
    pub fn row_number(&self, index: usize) -> u64 {
        u64::from(self.first_row) + index as u64
    }

    /// The column letters (`A`, `Z`, `AA`, …) of cell `index` of a row.
    pub fn column_letters(&self, index: usize) -> String {
        column_letters(self.first_col as usize + index)
    }
}

/// Excel's column letters for the 0-based column `col`: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        // 0 → A, 25 → Z, 26 → AA (1·26 + 1), 701 → ZZ (26·26 + 26 − 1), 702 → AAA.
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(2), "C");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn positions_count_from_the_used_range() {
        let s = Sheet { name: "客户明细".into(), first_row: 3, first_col: 1, rows: vec![vec![Cell::Empty]] };
        assert_eq!(s.row_number(0), 3);
        assert_eq!(s.row_number(14), 17);
        assert_eq!(s.column_letters(1), "C");
    }
}
