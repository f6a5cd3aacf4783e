//! The call-list CSV of the selection, safe from spreadsheet formula injection.

use std::fmt::Write as _;

use branchlens_core::metrics::customer::{Tier, WarningLevel};
use branchlens_i18n::Msg;

use super::Session;

/// The call list's columns (before the model's probability, when a model is in force): `csv_*`
/// in `messages/wasm.toml`.
const HEADER: [Msg; 17] = [
    Msg::CsvCustomerId,
    Msg::CsvName,
    Msg::CsvPhone,
    Msg::CsvKind,
    Msg::CsvBranchId,
    Msg::CsvManagerId,
    Msg::CsvManagerName,
    Msg::CsvContribution,
    Msg::CsvS3,
    Msg::CsvTier,
    Msg::CsvBuildTier,
    Msg::CsvChurnLevel,
    Msg::CsvBuildChurnLevel,
    Msg::CsvChurnPoints,
    Msg::CsvChurnReasons,
    Msg::CsvRiskClass,
    Msg::CsvAum,
];

impl Session {
    /// The selection, in its order, as a call list CSV in `lang`. Every cell that a spreadsheet
    /// could read as a formula (first character `=`, `+`, `-`, `@`, tab or CR) is prefixed with
    /// `'` — negative amounts included, so they arrive as text.
    pub fn csv(&self) -> String {
        let ds = &self.b.dataset;
        let model = self.model_in_force();
        let mut header: Vec<&str> = HEADER.iter().map(|m| m.text(self.lang)).collect();
        if model {
            header.push(Msg::CsvChurnProbability.text(self.lang));
        }
        let manager_names = self.manager_names();
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(&header);
        for &i in &self.sel {
            let i = i as usize;
            let m = &self.metrics.customers[i];
            let Some(r) = ds.customers.get(m.row) else { continue };
            let mut num = String::new();
            let mut fmt = |v: f64| {
                num.clear();
                let _ = write!(num, "{v}");
                num.clone()
            };
            let base_tier = Tier::ALL.get(usize::from(self.base_tier[i])).map_or("", |t| t.code());
            let base_level = WarningLevel::ALL.get(usize::from(self.base_level[i])).map_or("", |l| l.code());
            let record = [
                ds.customer_id(r.customer).to_owned(),
                ds.text(r.name).to_owned(),
                r.phone.map_or("", |p| ds.text(p)).to_owned(),
                r.kind.code().to_owned(),
                ds.branch_id(r.branch).to_owned(),
                r.manager.map_or("", |s| ds.manager_id(s)).to_owned(),
                r.manager.and_then(|s| manager_names.get(s.index()).copied()).unwrap_or("").to_owned(),
                fmt(m.contribution),
                fmt(m.s3),
                m.tier.code().to_owned(),
                base_tier.to_owned(),
                m.churn_level.code().to_owned(),
                base_level.to_owned(),
                m.churn_points.to_string(),
                m.reasons.join(),
                m.risk_class.code().to_owned(),
                fmt(r.aum.yuan()),
            ]
            .map(|c| safe(&c));
            let _ = if model {
                let p = self.churn_p.get(i).copied().unwrap_or(f64::NAN);
                let cell = if p.is_finite() { safe(&fmt(p)) } else { String::new() };
                w.write_record(record.iter().map(String::as_str).chain([cell.as_str()]))
            } else {
                w.write_record(&record)
            };
        }
        let bytes = w.into_inner().unwrap_or_default();
        // The csv writer writes UTF-8; a BOM lets spreadsheet programs read Chinese text.
        format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
    }
}

/// A call-list cell made safe from spreadsheet formula injection (numbers too: `-5.5` becomes
/// `'-5.5`, which spreadsheets still read as text; the list is for reading and calling).
pub fn safe(s: &str) -> String {
    branchlens_core::summary::spreadsheet_safe(s).into_owned()
}
