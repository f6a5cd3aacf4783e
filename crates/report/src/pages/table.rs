//! A generic table of formatted cells, as the templates lay it out.

use serde::Serialize;

/// A generic table (headers and formatted cells; the first column may link).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    /// Columns that hold numbers (right-aligned), by index.
    pub numeric: Vec<usize>,
    /// The column that carries a row's link.
    pub link_col: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TableRow {
    pub cells: Vec<String>,
    /// Link of the cell in `link_col`.
    pub href: Option<String>,
    /// A CSS class for the row (e.g. `current`, `total`).
    pub class: &'static str,
}

impl Table {
    pub fn new(headers: Vec<String>, numeric: Vec<usize>) -> Table {
        Table { headers, rows: Vec::new(), numeric, link_col: 0 }
    }
    pub fn push(&mut self, cells: Vec<String>, href: Option<String>, class: &'static str) {
        self.rows.push(TableRow { cells, href, class });
    }
}
