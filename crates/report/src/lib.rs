//! Report pages and charts.
