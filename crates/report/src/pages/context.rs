//! The page-building context ([`Ctx`]): the model, formatting, translations, masking and the
//! site's scope; its helpers translate codes (tiers, levels, reasons, …) and link branch and
//! manager pages where the site has them.

use branchlens_core::metrics::customer::{Reason, RiskClass, Tier, WarningLevel};
use branchlens_core::metrics::performance::{ManagerPerf, Metric, Suggestion};
use branchlens_core::{Kind, LoanClass, Period, Status, Sym};
use serde::Serialize;

use branchlens_i18n::Msg;

use crate::format::Fmt;
use crate::i18n::{self, I18n};
use crate::model::{Model, Scope};

/// Text with an optional link (relative to the site root).
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub text: String,
    pub href: Option<String>,
}

/// Page-building context: the model, formatting, translations, masking, and the site's scope
/// (which pages exist and may be linked).
pub struct Ctx<'m> {
    pub m: &'m Model<'m>,
    pub f: Fmt,
    pub tr: &'m I18n,
    pub mask: bool,
    /// The scope of the site being built: the bank (head office) or one branch.
    pub site: Scope,
}

impl std::fmt::Debug for Ctx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx").field("site", &self.site).field("mask", &self.mask).finish()
    }
}

impl<'m> Ctx<'m> {
    pub fn t(&self, m: Msg) -> String {
        self.tr.text(m).to_string()
    }

    /// A translated text with `{name}` placeholders filled in.
    pub fn tf(&self, m: Msg, args: &[(&str, String)]) -> String {
        self.tr.fill(m, args)
    }

    pub fn money(&self, yuan: f64) -> String {
        self.f.money(yuan)
    }

    pub fn tier(&self, t: Tier) -> String {
        self.t(i18n::tier(t))
    }
    pub fn level(&self, l: WarningLevel) -> String {
        self.t(i18n::level(l))
    }
    pub fn risk(&self, r: RiskClass) -> String {
        self.t(i18n::risk(r))
    }
    pub fn kind(&self, k: Kind) -> String {
        self.t(i18n::kind(k))
    }
    pub fn class(&self, c: LoanClass) -> String {
        self.t(i18n::class(c))
    }
    pub fn status(&self, s: Status) -> String {
        self.t(i18n::status(s))
    }
    pub fn suggestion(&self, s: Suggestion) -> String {
        self.t(match s {
            Suggestion::Promote => Msg::SuggestionPromote,
            Suggestion::Keep => Msg::SuggestionKeep,
            Suggestion::Review => Msg::SuggestionReview,
        })
    }
    pub fn industry(&self, letter: Option<char>) -> String {
        match letter {
            Some(c) => match i18n::industry(c) {
                Some(m) => format!("{c} {}", self.t(m)),
                None => c.to_string(),
            },
            None => self.t(Msg::IndustryNone),
        }
    }

    /// A churn reason in words, with the thresholds of the configuration in force.
    pub fn reason(&self, r: Reason) -> String {
        let c = &self.m.a.cfg.churn;
        let pct = |x: f64| self.f.pct(x).replace(".0%", "%");
        match r {
            Reason::Funds30 => self.tf(Msg::ReasonFunds, &[("x", pct(c.funds_drop_1))]),
            Reason::Funds60 => self.tf(Msg::ReasonFunds, &[("x", pct(c.funds_drop_2))]),
            Reason::Txn0 => self.t(Msg::ReasonTxn0),
            Reason::Txn50 => self.tf(Msg::ReasonTxnHalf, &[("x", pct(c.txn_half_ratio))]),
            Reason::ProductLost => self.t(Msg::ReasonProductLost),
            Reason::NoContact90 => self.tf(Msg::ReasonNoContact, &[("x", c.no_contact_days_1.to_string())]),
            Reason::NoContact180 => self.tf(Msg::ReasonNoContact, &[("x", c.no_contact_days_2.to_string())]),
            Reason::ManagerLeft => self.t(Msg::ReasonManagerLeft),
            Reason::Unassigned => self.t(Msg::ReasonUnassigned),
            Reason::Complaints1 => self.tf(Msg::ReasonComplaints, &[("x", c.complaints_1.to_string())]),
            Reason::Complaints3 => self.tf(Msg::ReasonComplaints, &[("x", c.complaints_2.to_string())]),
        }
    }

    /// The page of a branch, if this site has it.
    pub fn branch_href(&self, b: Sym) -> Option<String> {
        match self.site {
            Scope::Bank => Some(format!("branch/{}.html", self.m.branch_slug(b))),
            Scope::Branch(s) if s == b => Some("index.html".to_string()),
            Scope::Branch(_) => None,
        }
    }

    /// The page of a manager, if this site has it (managers known in `L`; in a branch site,
    /// those whose state names the branch).
    pub fn manager_href(&self, m: Sym) -> Option<String> {
        let mp = self.manager(m)?;
        self.site.has(mp.state.branch).then(|| format!("manager/{}.html", self.m.manager_slug(m)))
    }

    pub fn manager(&self, m: Sym) -> Option<&'m ManagerPerf> {
        let ms = &self.m.a.performance.managers;
        ms.binary_search_by(|x| x.state.manager.cmp(&m)).ok().and_then(|i| ms.get(i))
    }

    pub fn branch_link(&self, b: Sym) -> Link {
        Link { text: self.m.a.ds.branch_id(b).to_string(), href: self.branch_href(b) }
    }

    pub fn manager_link(&self, m: Option<Sym>) -> Link {
        match m {
            Some(m) => Link { text: self.m.a.ds.manager_id(m).to_string(), href: self.manager_href(m) },
            None => Link { text: self.t(Msg::Unassigned), href: None },
        }
    }

    pub fn period(&self, p: Period) -> String {
        self.f.period(p)
    }

    pub fn metric(&self, m: Metric) -> String {
        self.t(match m {
            Metric::Deposit => Msg::MetricDeposit,
            Metric::Loan => Msg::MetricLoan,
            Metric::Contribution => Msg::MetricContribution,
        })
    }

    /// A column header with the money unit, when the unit is per column (yuan mode).
    pub fn with_unit(&self, m: Msg) -> String {
        let u = self.f.money_unit();
        if u.is_empty() {
            self.t(m)
        } else {
            format!("{} ({u})", self.t(m))
        }
    }
}
