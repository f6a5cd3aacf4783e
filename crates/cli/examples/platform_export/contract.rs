//! The contract-form input: the three CSV files as text records under their contract headers,
//! and the subset (first customers of the last months) the committed fixture is made of.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use branchlens_core::model::Period;
use csv::StringRecord;

use crate::Result;

/// One contract CSV file: its header row and its records.
pub struct Table {
    pub headers: StringRecord,
    pub rows: Vec<StringRecord>,
}

impl Table {
    fn read(path: &Path) -> Result<Table> {
        let mut reader = csv::ReaderBuilder::new().from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let headers = reader.headers().map_err(|e| format!("{}: {e}", path.display()))?.clone();
        let rows = reader
            .records()
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Table { headers, rows })
    }

    fn write(&self, path: &Path) -> Result<()> {
        let mut w = csv::Writer::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
        w.write_record(&self.headers)?;
        for r in &self.rows {
            w.write_record(r)?;
        }
        w.flush()?;
        Ok(())
    }

    /// The index of contract column `name` (the converter reads its own contract form: exact,
    /// canonical header names).
    pub fn index(&self, name: &str) -> Result<usize> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("no column {name} in the contract file").into())
    }

    /// Like [`Table::index`], for an optional column.
    pub fn try_index(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    fn keep(&self, f: impl Fn(&StringRecord) -> bool) -> Table {
        Table { headers: self.headers.clone(), rows: self.rows.iter().filter(|r| f(r)).cloned().collect() }
    }
}

/// The field `i` of a record (empty when the record is short).
pub fn field(r: &StringRecord, i: usize) -> &str {
    r.get(i).unwrap_or("")
}

/// A contract data directory.
pub struct Contract {
    pub customers: Table,
    pub managers: Table,
    pub credit_splits: Table,
}

const FILES: [&str; 3] = ["customers.csv", "managers.csv", "credit_splits.csv"];

impl Contract {
    pub fn read(dir: &Path) -> Result<Contract> {
        Ok(Contract {
            customers: Table::read(&dir.join(FILES[0]))?,
            managers: Table::read(&dir.join(FILES[1]))?,
            credit_splits: Table::read(&dir.join(FILES[2]))?,
        })
    }

    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir)?;
        self.customers.write(&dir.join(FILES[0]))?;
        self.managers.write(&dir.join(FILES[1]))?;
        self.credit_splits.write(&dir.join(FILES[2]))
    }

    /// The first `customers` customers (in file order) of the last `months` periods of
    /// customers.csv: their rows, the managers' rows of those periods (and undated ones), and
    /// the credit splits of those customers.
    pub fn subset(&self, customers: usize, months: usize) -> Result<Contract> {
        let period = self.customers.index("period")?;
        let id = self.customers.index("customer_id")?;
        let mut periods = BTreeSet::new();
        for r in &self.customers.rows {
            periods.insert(parse_period(field(r, period))?);
        }
        let last: BTreeSet<Period> = periods.iter().rev().take(months).copied().collect();
        let in_months = |r: &StringRecord| Period::parse(field(r, period)).is_some_and(|p| last.contains(&p));
        let mut chosen: HashSet<String> = HashSet::new();
        for r in self.customers.rows.iter().filter(|r| in_months(r)) {
            if chosen.len() == customers {
                break;
            }
            chosen.insert(field(r, id).to_string());
        }
        let customers_table = self.customers.keep(|r| in_months(r) && chosen.contains(field(r, id)));
        let managers = match self.managers.try_index("period") {
            Some(mp) => self.managers.keep(|r| {
                let p = field(r, mp);
                p.is_empty() || Period::parse(p).is_some_and(|p| last.contains(&p))
            }),
            None => self.managers.keep(|_| true),
        };
        let split_id = self.credit_splits.index("customer_id")?;
        let credit_splits = self.credit_splits.keep(|r| chosen.contains(field(r, split_id)));
        Ok(Contract { customers: customers_table, managers, credit_splits })
    }
}

pub fn parse_period(s: &str) -> Result<Period> {
    Period::parse(s).ok_or_else(|| format!("bad period {s:?} in the contract data").into())
}
