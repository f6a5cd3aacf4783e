//! The view models of the pages: plain, already formatted and translated values that the
//! templates lay out. Charts are built in [`crate::figures`]; this module holds tables, cards
//! and lists, one module per page family.
//!
//! Lists of customers are capped at [`LIST_CAP`] rows (with the count of the rest): the explorer
//! shows everything. Every list of customers is filtered by the scope of the site, so a branch's
//! site never holds a row of another branch's customer.
//!
//! - [`context`] — [`Ctx`], its translation and formatting helpers, links to branch and manager
//!   pages; [`table`] — [`Table`]; [`customers`] — customer rows and capped lists.
//! - [`scope`] — the overview and branch pages; [`branches`] — the branch ranking;
//!   [`orphans`] — the reassignment list; [`managers`] — the league table and manager pages.
//! - [`segments`], [`warnings`], [`loans`], [`quality`], [`methodology`] — one page each.

pub mod branches;
pub mod context;
pub mod customers;
pub mod loans;
pub mod managers;
pub mod methodology;
pub mod orphans;
pub mod quality;
pub mod scope;
pub mod segments;
pub mod table;
pub mod warnings;

pub use context::{Ctx, Link};
pub use customers::{CustList, CustRow, LIST_CAP};
pub use table::{Table, TableRow};
