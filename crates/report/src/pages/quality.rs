//! The data-quality page: the files read, the periods, and the row issues of the load grouped
//! like `branchlens check` (values shown on the head-office site only).

use branchlens_i18n::Msg;
use std::collections::BTreeMap;

use branchlens_core::issue::FileRef;
use branchlens_core::{RowIssue, Severity};
use serde::Serialize;

use crate::model::Scope;
use crate::pages::{Ctx, Table};
use crate::QualityInput;

/// Examples shown per issue group.
pub const EXAMPLES: usize = 5;

#[derive(Clone, Debug, Serialize)]
pub struct IssueExample {
    pub line: u64,
    pub column: String,
    pub value: String,
    pub message: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct IssueGroup {
    pub severity: String,
    pub severity_code: &'static str,
    pub file: String,
    pub title: String,
    pub count: String,
    pub examples: Vec<IssueExample>,
    pub more: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct QualityView {
    pub files: Table,
    pub periods: Table,
    pub summary: String,
    pub groups: Vec<IssueGroup>,
    /// Branch sites show line numbers only (values may belong to other branches).
    pub values_shown: bool,
    /// What the export cannot show (see [`Ctx::findings`]).
    pub findings: Vec<String>,
}

impl Ctx<'_> {
    pub fn quality_view(&self, q: &QualityInput<'_>) -> QualityView {
        let f = &self.f;
        let ds = self.m.a.ds;
        let lang = self.tr.lang();
        let mut files = Table::new(
            vec![self.t(Msg::ColFile), self.t(Msg::ColEncoding), self.t(Msg::ColRows), self.t(Msg::ColSkipped)],
            vec![2, 3],
        );
        for fs in q.files {
            files.push(
                vec![
                    fs.file.file_name().to_string(),
                    fs.encoding.to_string(),
                    f.count(fs.rows as usize),
                    f.count(fs.skipped as usize),
                ],
                None,
                "",
            );
        }
        let mut periods =
            Table::new(vec![self.t(Msg::ColPeriod), self.t(Msg::ColCustomers), self.t(Msg::ColNote)], vec![1]);
        for (&p, &n) in ds.periods.iter().zip(&self.m.scope_data(self.site).data_rows) {
            let note = if p > self.m.a.period { self.t(Msg::PeriodAfter) } else { String::new() };
            periods.push(vec![self.period(p), f.count(n), note], None, "");
        }
        // Groups by (severity desc, file, kind code) in a fixed order, like `branchlens check`.
        let mut groups: BTreeMap<(std::cmp::Reverse<Severity>, &FileRef, &'static str), Vec<&RowIssue>> =
            BTreeMap::new();
        for i in q.issues {
            groups.entry((std::cmp::Reverse(i.severity), &i.file, i.kind.code())).or_default().push(i);
        }
        let values_shown = self.site == Scope::Bank;
        let count = |s: Severity| q.issues.iter().filter(|i| i.severity == s).count();
        let summary = self.tf(
            Msg::QualitySummary,
            &[
                ("errors", f.count(count(Severity::Error))),
                ("warnings", f.count(count(Severity::Warning))),
                ("notices", f.count(count(Severity::Notice))),
            ],
        );
        let groups = groups
            .into_iter()
            .map(|((sev, file, _), items)| {
                let first = items[0];
                let examples = items
                    .iter()
                    .take(EXAMPLES)
                    .map(|i| {
                        let personal = matches!(i.column, Some("name" | "phone"));
                        let (value, message) = if values_shown && !(personal && self.mask) {
                            (i.value.clone(), i.message(lang))
                        } else {
                            (self.t(Msg::ValueHidden), String::new())
                        };
                        IssueExample { line: i.line, column: i.column.unwrap_or("").to_string(), value, message }
                    })
                    .collect();
                let more = items.len().saturating_sub(EXAMPLES);
                IssueGroup {
                    severity: self.t(match sev.0 {
                        Severity::Error => Msg::SeverityError,
                        Severity::Warning => Msg::SeverityWarning,
                        Severity::Notice => Msg::SeverityNotice,
                    }),
                    severity_code: match sev.0 {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Notice => "notice",
                    },
                    file: file.to_string(),
                    title: first.kind.title(lang).to_string(),
                    count: f.count(items.len()),
                    examples,
                    more: if more > 0 { self.tf(Msg::ListMore, &[("n", f.count(more))]) } else { String::new() },
                }
            })
            .collect();
        QualityView { files, periods, summary, groups, values_shown, findings: self.findings() }
    }
}
