//! A deterministic synthetic bank for `branchlens sample`: customers.csv, managers.csv and
//! credit_splits.csv in the v1 input contract, realistic enough to exercise every metric of
//! the design (heavy-tailed contribution, churners, five-level loan classes, managers who
//! leave, orphaned and unassigned customers, shared customers, data-quality cases).
//!
//! Same [`SampleSpec`] → identical bytes: one `ChaCha8Rng` seeded from `seed`, consumed in a
//! fixed order, no hash maps, no clock. [`write_to`] streams period by period and holds only
//! per-customer state (about 100 bytes a customer), so a million customers are fine.
//!
//! The crate does no file-system access: it writes into the writers its caller gives it (the
//! CLI's `sample` verb opens the files).

use std::io::{self, Write};

mod bank;
mod customers;
mod draw;
mod events;
mod evolution;
mod loans;
mod managers;
mod month;
mod period;
mod products;
mod splits;
mod vocab;
mod write;

use bank::Bank;
use write::CsvOut;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleSpec {
    /// Distinct customers over the whole range (existing ones plus those opened in range).
    pub customers: u32,
    /// Consecutive monthly periods, ending at `end_period`.
    pub months: u32,
    /// Branches `B01..`.
    pub branches: u32,
    /// Seed of the generator: same spec, same bytes.
    pub seed: u64,
    /// (year, month) of the last period.
    pub end_period: (i32, u32),
    /// Managers in the whole bank (spread over branches by size, at least 3 per branch);
    /// `None`: about one per 80–100 customers.
    pub managers: Option<u32>,
}

impl Default for SampleSpec {
    fn default() -> Self {
        Self { customers: 2_000, months: 13, branches: 3, seed: 42, end_period: (2026, 10), managers: None }
    }
}

/// The three generated files, as bytes (UTF-8, LF).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleFiles {
    pub customers_csv: Vec<u8>,
    pub managers_csv: Vec<u8>,
    pub credit_splits_csv: Vec<u8>,
}

/// Generates the sample bank in memory. Pure and deterministic.
pub fn generate(spec: &SampleSpec) -> SampleFiles {
    let mut f = SampleFiles::default();
    write_to(spec, &mut f.customers_csv, &mut f.managers_csv, &mut f.credit_splits_csv)
        .expect("writing into a Vec<u8> cannot fail");
    f
}

/// Streams the sample bank into three writers (wrap files in a `BufWriter`; the CSV writers
/// also batch their own output in 64 KiB chunks).
pub fn write_to(
    spec: &SampleSpec,
    w_customers: impl Write,
    w_managers: impl Write,
    w_splits: impl Write,
) -> io::Result<()> {
    let mut bank = Bank::new(spec);

    let mut splits = CsvOut::new(w_splits);
    splits.header(write::SPLITS_HEADER)?;
    for s in &bank.splits {
        splits.split_rows(s)?;
    }
    splits.flush()?;

    let mut customers = CsvOut::new(w_customers);
    let mut managers = CsvOut::new(w_managers);
    customers.header(write::CUSTOMERS_HEADER)?;
    managers.header(write::MANAGERS_HEADER)?;
    for p in 0..bank.periods.len() {
        bank.step(p);
        bank.write_month(p, &mut customers, &mut managers)?;
    }
    customers.flush()?;
    managers.flush()
}

#[cfg(test)]
mod tests;
