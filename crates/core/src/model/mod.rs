//! The typed data model: periods, dates, amounts, enums, interned ids and the loaded dataset.
//!
//! Lean by design: a customer-month is one fixed-size [`CustomerRow`] (no `String` per cell);
//! every text value (ids, names, phones, grades) is interned once in an [`Interner`]. After
//! loading, every interner is renumbered in ascending string order, so comparing two [`Sym`]s
//! compares their strings: "ties break by customer_id ascending" is `a.customer < b.customer`.

mod amount;
mod columns;
mod enums;
mod industry;
mod intern;
mod rows;
mod time;

pub use amount::{Amount, AmountUnit};
pub use columns::{ColumnsPresent, OptionalColumn};
pub use enums::{Kind, LoanClass, Status};
pub use industry::{Industry, SECTIONS};
pub use intern::{Interner, ProductSet, Sym, MAX_PRODUCTS};
pub use rows::{CustomerRow, Dataset, ManagerRow, Split, Targets};
pub use time::{days_in_month, Date, Period};

#[cfg(test)]
mod tests;
