//! Report pages and charts.

pub mod charts;
