//! The explorer's state, in plain Rust (tested natively): the decoded bundle, the configuration
//! in force, the per-customer metrics computed by `branchlens_core::metrics` and the current
//! selection. `lib.rs` wraps it for JavaScript and converts its errors in one place.
//!
//! Index `i` everywhere is the position of a customer in the metrics of `L` (customer id order).

use std::fmt::Write as _;

use branchlens_bundle::{self as bundle, Bundle, BundleError};
use branchlens_core::calibrate::churn;
use branchlens_core::config::{Config, ConfigError, Lang};
use branchlens_core::metrics::customer::{
    counts, customer_metrics, figures, Counts, CustomerMetrics, Figures, Reason, Tier, WarningLevel,
};
use branchlens_core::{CustomerRow, Dataset, Kind, Period, Sym};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Everything that can go wrong in the explorer, with English and Chinese messages.
#[derive(Debug, Error)]
pub enum ExplorerError {
    #[error("{0}")]
    Bundle(#[from] BundleError),
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("invalid request: {0}")]
    Json(#[from] serde_json::Error),
    #[error("these windows need {needed} months of data; this site carries {carried}")]
    Window { needed: usize, carried: usize },
    #[error("unknown column {0:?}")]
    Unknown(String),
}

impl ExplorerError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ExplorerError::Config(e), l) => e.message(l),
            (_, Lang::En) => self.to_string(),
            (ExplorerError::Bundle(e), Lang::ZhCn) => format!("数据包无法读取：{e}"),
            (ExplorerError::Json(e), Lang::ZhCn) => format!("请求无效：{e}"),
            (ExplorerError::Window { needed, carried }, Lang::ZhCn) => {
                format!("该窗口需要 {needed} 个月的数据，本站点只包含 {carried} 个月")
            }
            (ExplorerError::Unknown(k), Lang::ZhCn) => format!("未知的列：{k}"),
        }
    }
}

/// A filter over the customers of `L`; empty lists and `None` bounds do not constrain.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// Branch indices (into the branch table).
    pub branch: Vec<u32>,
    /// Manager indices; `-1` is "no manager".
    pub manager: Vec<i64>,
    /// Kinds, tiers, warning levels, risk classes: indices in the `ALL` orders of
    /// `Kind`, `Tier`, `WarningLevel`, `RiskClass`.
    pub kind: Vec<u8>,
    pub tier: Vec<u8>,
    pub level: Vec<u8>,
    pub risk: Vec<u8>,
    /// Industry letters; `""` is "no industry".
    pub industry: Vec<String>,
    /// Product indices: the customer holds at least one of them in `L`.
    pub product: Vec<u32>,
    /// Reason codes: the customer carries at least one of them.
    pub reason: Vec<String>,
    /// `[min, max]` in yuan (inclusive), either may be null.
    pub contribution: [Option<f64>; 2],
    pub aum: [Option<f64>; 2],
    pub deposit: [Option<f64>; 2],
    pub loan: [Option<f64>; 2],
    /// Case-insensitive substring of the customer id or the (masked) name.
    pub q: String,
    /// Only customers whose tier or warning level differs from the build's.
    pub moved: bool,
}

/// Counts and sums over the selection.
#[derive(Clone, Debug, Serialize)]
pub struct Totals {
    pub counts: Counts,
    pub figures: Figures,
    /// Selected customers whose tier differs from the build's.
    pub moved_tier: usize,
    /// Selected customers whose warning level differs from the build's.
    pub moved_level: usize,
}

/// How many customers moved between tiers and levels after a re-score (over everyone).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Diff {
    /// `tiers[from][to]`, in `Tier::ALL` order (from = the build's tier).
    pub tiers: [[usize; 4]; 4],
    /// `levels[from][to]`, in `WarningLevel::ALL` order.
    pub levels: [[usize; 4]; 4],
    pub moved_tier: usize,
    pub moved_level: usize,
    pub moved: usize,
}

/// One row of the group-by table.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    /// The group's key: a table index (branch, manager, product), a code (tier, kind) or an
    /// industry letter; `null` for "none".
    pub key: Option<String>,
    pub customers: usize,
    pub deposit: f64,
    pub loan: f64,
    pub aum: f64,
    pub fee: f64,
    pub contribution: f64,
    /// vip + key customers.
    pub valuable: usize,
    /// Customers with a yellow, orange or red warning.
    pub warned: usize,
    /// Customers whose tier or level moved.
    pub moved: usize,
}

/// The explorer's state.
#[derive(Debug)]
pub struct Session {
    b: Bundle,
    /// The configuration in force.
    cfg: Config,
    metrics: CustomerMetrics,
    /// P(churn) of index `i` from the configured `[churn_model]` (core `calibrate::churn::predict`);
    /// NaN everywhere when no model is in force.
    churn_p: Vec<f64>,
    base_tier: Vec<u8>,
    base_level: Vec<u8>,
    /// Every index, in the display order (see [`Session::sort`]).
    order: Vec<u32>,
    sort_key: String,
    sort_desc: bool,
    /// Whether index `i` matches the current filter.
    picked: Vec<bool>,
    /// The current selection: the picked indices in display order.
    sel: Vec<u32>,
    lang: Lang,
}

/// Selects by `[min, max]`.
fn within(v: f64, r: &[Option<f64>; 2]) -> bool {
    r[0].map_or(true, |lo| v >= lo) && r[1].map_or(true, |hi| v <= hi)
}

fn level_index(l: WarningLevel) -> u8 {
    l.index() as u8
}

/// P(churn) of every customer of `metrics` under `cfg`'s `[churn_model]`, by index; NaN for
/// a customer `predict` does not score (none when a model is in force) and for everyone without
/// a model.
fn model_probabilities(ds: &Dataset, cfg: &Config, period: Period, metrics: &CustomerMetrics) -> Vec<f64> {
    let mut p = vec![f64::NAN; metrics.customers.len()];
    if cfg.churn_model.is_some() {
        for (c, v) in churn::predict(ds, cfg, period) {
            if let Ok(i) = metrics.customers.binary_search_by_key(&c, |m| m.customer) {
                p[i] = v;
            }
        }
    }
    p
}

impl Session {
    /// Decodes `bytes` and scores `L` with the build's configuration.
    pub fn new(bytes: &[u8], lang: Lang) -> Result<Session, ExplorerError> {
        let b = bundle::decode(bytes)?;
        let cfg = b.config.clone();
        let metrics = customer_metrics(&b.dataset, &cfg, b.period);
        let churn_p = model_probabilities(&b.dataset, &cfg, b.period, &metrics);
        let base_tier = metrics.customers.iter().map(|m| m.tier.index() as u8).collect();
        let base_level = metrics.customers.iter().map(|m| level_index(m.churn_level)).collect();
        let n = metrics.customers.len();
        let order: Vec<u32> = (0..n as u32).collect();
        Ok(Session {
            b,
            cfg,
            metrics,
            churn_p,
            base_tier,
            base_level,
            sel: order.clone(),
            order,
            sort_key: "id".to_owned(),
            sort_desc: false,
            picked: vec![true; n],
            lang,
        })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }
    pub fn dataset(&self) -> &Dataset {
        &self.b.dataset
    }
    pub fn period(&self) -> Period {
        self.b.period
    }
    pub fn metrics(&self) -> &CustomerMetrics {
        &self.metrics
    }
    pub fn config(&self) -> &Config {
        &self.cfg
    }
    /// Whether a fitted `[churn_model]` is in force (then `score_column("p_churn")` holds its
    /// probabilities); otherwise the rule-based points are the only churn scoring.
    pub fn model_in_force(&self) -> bool {
        self.cfg.churn_model.is_some()
    }
    /// P(churn) by index from the `[churn_model]` in force (NaN without a model).
    pub fn churn_probabilities(&self) -> &[f64] {
        &self.churn_p
    }
    pub fn len(&self) -> usize {
        self.metrics.customers.len()
    }
    pub fn is_empty(&self) -> bool {
        self.metrics.customers.is_empty()
    }

    fn row(&self, i: usize) -> Option<&CustomerRow> {
        self.metrics.customers.get(i).and_then(|m| self.b.dataset.customers.get(m.row))
    }

    /// Tables and facts the page needs once: JSON.
    pub fn meta_json(&self) -> String {
        let ds = &self.b.dataset;
        #[derive(Serialize)]
        struct Meta<'a> {
            period: Period,
            periods: &'a [Period],
            complete: bool,
            masked: bool,
            branch: Option<&'a str>,
            customers: usize,
            /// Customer rows (customer-periods) in the bundle.
            rows: usize,
            ids: Vec<&'a str>,
            names: Vec<&'a str>,
            phones: Vec<&'a str>,
            branches: Vec<&'a str>,
            managers: Vec<&'a str>,
            manager_names: Vec<&'a str>,
            products: Vec<&'a str>,
            reasons: Vec<&'static str>,
            config: &'a Config,
        }
        let mut manager_names = vec![""; ds.manager_ids.len()];
        for m in &ds.managers {
            if let Some(n) = manager_names.get_mut(m.manager.index()) {
                *n = ds.text(m.name);
            }
        }
        let rows: Vec<&CustomerRow> = (0..self.len()).filter_map(|i| self.row(i)).collect();
        let meta = Meta {
            period: self.b.period,
            periods: &ds.periods,
            complete: self.b.complete,
            masked: self.b.masked,
            branch: self.b.branch.map(|s| ds.branch_id(s)),
            customers: self.len(),
            rows: ds.customers.len(),
            ids: rows.iter().map(|r| ds.customer_id(r.customer)).collect(),
            names: rows.iter().map(|r| ds.text(r.name)).collect(),
            phones: rows.iter().map(|r| r.phone.map_or("", |p| ds.text(p))).collect(),
            branches: ds.branch_ids.iter().map(|x| x.1).collect(),
            managers: ds.manager_ids.iter().map(|x| x.1).collect(),
            manager_names,
            products: ds.products.iter().map(|x| x.1).collect(),
            reasons: Reason::ALL.iter().map(|r| r.code()).collect(),
            config: &self.b.config,
        };
        serde_json::to_string(&meta).unwrap_or_default()
    }

    /// A static column of the `L` rows as numbers: `kind` (0 retail, 1 corporate), `branch`,
    /// `manager` (−1 none), `industry` (0 none, else the letter's code), `products_lo`/`_hi`
    /// (bit sets), `deposit`, `loan`, `aum`, `fee` (yuan).
    pub fn column(&self, name: &str) -> Result<Vec<f64>, ExplorerError> {
        let f: fn(&CustomerRow) -> f64 = match name {
            "kind" => |r| f64::from(u8::from(r.kind == Kind::Corporate)),
            "branch" => |r| f64::from(r.branch.0),
            "manager" => |r| r.manager.map_or(-1.0, |m| f64::from(m.0)),
            "industry" => |r| r.industry.map_or(0.0, |x| f64::from(x.0)),
            "products_lo" => |r| f64::from(r.products.0 as u32),
            "products_hi" => |r| f64::from((r.products.0 >> 32) as u32),
            "deposit" => |r| r.deposit_avg.yuan(),
            "loan" => |r| r.loan_balance.yuan(),
            "aum" => |r| r.aum.yuan(),
            "fee" => |r| r.fee_income.yuan(),
            _ => return Err(ExplorerError::Unknown(name.to_owned())),
        };
        Ok((0..self.len()).map(|i| self.row(i).map_or(0.0, f)).collect())
    }

    /// A score column under the configuration in force: `contribution`, `s3`, `tier`, `level`,
    /// `points`, `reasons` (bit set in `Reason::ALL` order), `risk`, `rising`, `p_churn` (the
    /// `[churn_model]` probability, NaN without a model), and the build's
    /// `base_tier`, `base_level` (indices in the `ALL` orders).
    pub fn score_column(&self, name: &str) -> Result<Vec<f64>, ExplorerError> {
        let m = &self.metrics.customers;
        Ok(match name {
            "contribution" => m.iter().map(|m| m.contribution).collect(),
            "s3" => m.iter().map(|m| m.s3).collect(),
            "tier" => m.iter().map(|m| m.tier.index() as f64).collect(),
            "level" => m.iter().map(|m| m.churn_level.index() as f64).collect(),
            "points" => m.iter().map(|m| f64::from(m.churn_points)).collect(),
            "reasons" => m.iter().map(|m| f64::from(m.reasons.0)).collect(),
            "risk" => m.iter().map(|m| m.risk_class.index() as f64).collect(),
            "rising" => m.iter().map(|m| f64::from(u8::from(m.rising))).collect(),
            "p_churn" => self.churn_p.clone(),
            "base_tier" => self.base_tier.iter().map(|&v| f64::from(v)).collect(),
            "base_level" => self.base_level.iter().map(|&v| f64::from(v)).collect(),
            _ => return Err(ExplorerError::Unknown(name.to_owned())),
        })
    }

    /// The longest windows the bundle supports: `None` when it holds the whole history.
    fn check_windows(&self, cfg: &Config) -> Result<(), ExplorerError> {
        let needed = bundle::periods_needed(cfg);
        let carried = self.b.dataset.periods.len();
        if !self.b.complete && needed > carried {
            return Err(ExplorerError::Window { needed, carried });
        }
        Ok(())
    }

    /// Re-scores every customer with `cfg` (validated as `branchlens.toml` would be) and returns
    /// the moves against the build's tiers and levels. The selection is kept.
    pub fn set_config(&mut self, cfg: Config) -> Result<Diff, ExplorerError> {
        cfg.validate()?;
        self.check_windows(&cfg)?;
        self.metrics = customer_metrics(&self.b.dataset, &cfg, self.b.period);
        self.churn_p = model_probabilities(&self.b.dataset, &cfg, self.b.period, &self.metrics);
        self.cfg = cfg;
        // Scores moved: re-sort (an id, branch or amount order stays as it is).
        if !matches!(self.sort_key.as_str(), "id" | "branch" | "manager" | "deposit" | "aum" | "loan") {
            let key = self.sort_key.clone();
            self.sort(&key, self.sort_desc)?;
        }
        Ok(self.diff())
    }

    /// [`Session::set_config`] from the JSON form of a [`Config`] (missing keys: defaults).
    pub fn set_config_json(&mut self, json: &str) -> Result<Diff, ExplorerError> {
        let cfg: Config = serde_json::from_str(json)?;
        self.set_config(cfg)
    }

    /// The configuration in force as JSON.
    pub fn config_json(&self) -> String {
        serde_json::to_string(&self.cfg).unwrap_or_default()
    }

    /// The configuration in force as a `branchlens.toml` the CLI accepts.
    pub fn config_toml(&self) -> String {
        let body = crate::toml_out::to_toml(&self.cfg);
        let head = "# branchlens.toml written by the Branchlens explorer (由 Branchlens 浏览器分析页导出).\n\
                    # Put it in the data directory, or pass it with --config.\n\n";
        format!("{head}{body}")
    }

    fn diff(&self) -> Diff {
        let mut d = Diff { tiers: [[0; 4]; 4], levels: [[0; 4]; 4], moved_tier: 0, moved_level: 0, moved: 0 };
        for (i, m) in self.metrics.customers.iter().enumerate() {
            let (bt, bl) = (usize::from(self.base_tier[i]), usize::from(self.base_level[i]));
            let (t, l) = (m.tier.index(), m.churn_level.index());
            d.tiers[bt][t] += 1;
            d.levels[bl][l] += 1;
            d.moved_tier += usize::from(bt != t);
            d.moved_level += usize::from(bl != l);
            d.moved += usize::from(bt != t || bl != l);
        }
        d
    }

    fn moved(&self, i: usize) -> bool {
        let m = &self.metrics.customers[i];
        usize::from(self.base_tier[i]) != m.tier.index() || usize::from(self.base_level[i]) != m.churn_level.index()
    }

    /// Selects the customers matching `f`; returns the selection, in the display order.
    pub fn filter(&mut self, f: &Filter) -> Result<&[u32], ExplorerError> {
        let ds = &self.b.dataset;
        let mut reasons = 0u16;
        for code in &f.reason {
            reasons |= 1 << (Reason::parse(code).ok_or_else(|| ExplorerError::Unknown(code.clone()))? as u16);
        }
        let mut products = 0u64;
        for &p in &f.product {
            if p < 64 {
                products |= 1 << p;
            }
        }
        let industries: Vec<Option<u8>> =
            f.industry.iter().map(|s| s.as_bytes().first().map(u8::to_ascii_uppercase)).collect();
        let q = f.q.trim().to_lowercase();
        let picked: Vec<bool> = (0..self.len())
            .map(|i| {
                let m = &self.metrics.customers[i];
                let Some(r) = ds.customers.get(m.row) else { return false };
                (f.branch.is_empty() || f.branch.contains(&r.branch.0))
                    && (f.manager.is_empty() || f.manager.contains(&r.manager.map_or(-1, |s| i64::from(s.0))))
                    && (f.kind.is_empty() || f.kind.contains(&u8::from(r.kind == Kind::Corporate)))
                    && (f.tier.is_empty() || f.tier.contains(&(m.tier.index() as u8)))
                    && (f.level.is_empty() || f.level.contains(&(m.churn_level.index() as u8)))
                    && (f.risk.is_empty() || f.risk.contains(&(m.risk_class.index() as u8)))
                    && (industries.is_empty() || industries.contains(&r.industry.map(|x| x.0)))
                    && (f.product.is_empty() || r.products.0 & products != 0)
                    && (f.reason.is_empty() || m.reasons.0 & reasons != 0)
                    && within(m.contribution, &f.contribution)
                    && within(r.aum.yuan(), &f.aum)
                    && within(r.deposit_avg.yuan(), &f.deposit)
                    && within(r.loan_balance.yuan(), &f.loan)
                    && (q.is_empty()
                        || ds.customer_id(r.customer).to_lowercase().contains(&q)
                        || ds.text(r.name).to_lowercase().contains(&q))
                    && (!f.moved || self.moved(i))
            })
            .collect();
        self.picked = picked;
        self.reselect();
        Ok(&self.sel)
    }

    /// [`Session::filter`] from JSON.
    pub fn filter_json(&mut self, json: &str) -> Result<&[u32], ExplorerError> {
        let f: Filter = serde_json::from_str(json)?;
        self.filter(&f)
    }

    pub fn selection(&self) -> &[u32] {
        &self.sel
    }

    /// The selected customers as a mask over customer symbols.
    fn mask(&self) -> Vec<bool> {
        let mut mask = vec![false; self.b.dataset.customer_ids.len()];
        for &i in &self.sel {
            if let Some(m) = self.metrics.customers.get(i as usize) {
                if let Some(x) = mask.get_mut(m.customer.index()) {
                    *x = true;
                }
            }
        }
        mask
    }

    /// Counts (core `counts`) and sums (core `figures`) of the selection in `L`.
    pub fn totals(&self) -> Totals {
        let ds = &self.b.dataset;
        let mask = self.mask();
        let pick = |r: &CustomerRow| mask.get(r.customer.index()).copied().unwrap_or(false);
        let c = counts(ds, &self.metrics, pick);
        let f = figures(ds, &self.cfg, self.b.period, pick);
        let mut moved_tier = 0;
        let mut moved_level = 0;
        for &i in &self.sel {
            let i = i as usize;
            let m = &self.metrics.customers[i];
            moved_tier += usize::from(usize::from(self.base_tier[i]) != m.tier.index());
            moved_level += usize::from(usize::from(self.base_level[i]) != m.churn_level.index());
        }
        Totals { counts: c, figures: f, moved_tier, moved_level }
    }

    pub fn totals_json(&self) -> String {
        serde_json::to_string(&self.totals()).unwrap_or_default()
    }

    /// The selection grouped by `branch`, `manager`, `tier`, `kind`, `industry` or `product`
    /// (a customer counts in the group of every product it holds), groups in key order. Sums
    /// run in customer id order.
    pub fn groups(&self, by: &str) -> Result<Vec<Group>, ExplorerError> {
        let ds = &self.b.dataset;
        let nkeys = match by {
            "branch" => ds.branch_ids.len(),
            "manager" => ds.manager_ids.len() + 1,
            "tier" => 4,
            "kind" => 2,
            "industry" => 21,
            "product" => ds.products.len(),
            _ => return Err(ExplorerError::Unknown(by.to_owned())),
        };
        let empty = |key| Group {
            key,
            customers: 0,
            deposit: 0.0,
            loan: 0.0,
            aum: 0.0,
            fee: 0.0,
            contribution: 0.0,
            valuable: 0,
            warned: 0,
            moved: 0,
        };
        // Exact sums in fen per group, contribution in customer order.
        let mut acc: Vec<(Group, [i64; 4])> = (0..nkeys)
            .map(|k| {
                let key = match by {
                    "manager" if k == 0 => None,
                    "manager" => Some((k - 1).to_string()),
                    "tier" => Some(Tier::ALL[k].code().to_owned()),
                    "kind" => Some(Kind::ALL[k].code().to_owned()),
                    "industry" if k == 0 => None,
                    "industry" => Some(char::from(b'A' + k as u8 - 1).to_string()),
                    _ => Some(k.to_string()),
                };
                (empty(key), [0i64; 4])
            })
            .collect();
        let mut keys: Vec<usize> = Vec::with_capacity(4);
        for &i in &self.sel {
            let i = i as usize;
            let m = &self.metrics.customers[i];
            let Some(r) = ds.customers.get(m.row) else { continue };
            keys.clear();
            match by {
                "branch" => keys.push(r.branch.index()),
                "manager" => keys.push(r.manager.map_or(0, |s| s.index() + 1)),
                "tier" => keys.push(m.tier.index()),
                "kind" => keys.push(usize::from(r.kind == Kind::Corporate)),
                "industry" => keys.push(r.industry.map_or(0, |x| usize::from(x.0.saturating_sub(b'A')) + 1)),
                _ => keys.extend(r.products.iter().map(Sym::index)),
            }
            for &k in &keys {
                let Some((g, fen)) = acc.get_mut(k) else { continue };
                g.customers += 1;
                fen[0] += r.deposit_avg.0;
                fen[1] += r.loan_balance.0;
                fen[2] += r.aum.0;
                fen[3] += r.fee_income.0;
                g.contribution += m.contribution;
                g.valuable += usize::from(m.tier.is_valuable());
                g.warned += usize::from(m.churn_level != WarningLevel::None);
                g.moved += usize::from(self.moved(i));
            }
        }
        Ok(acc
            .into_iter()
            .filter(|(g, _)| g.customers > 0)
            .map(|(mut g, fen)| {
                let y = |v: i64| branchlens_core::Amount(v).yuan();
                (g.deposit, g.loan, g.aum, g.fee) = (y(fen[0]), y(fen[1]), y(fen[2]), y(fen[3]));
                g
            })
            .collect())
    }

    pub fn groups_json(&self, by: &str) -> Result<String, ExplorerError> {
        Ok(serde_json::to_string(&self.groups(by)?).unwrap_or_default())
    }

    /// The picked indices in display order.
    fn reselect(&mut self) {
        let picked = &self.picked;
        self.sel = self.order.iter().copied().filter(|&i| picked.get(i as usize).copied().unwrap_or(false)).collect();
    }

    /// Sets the display order to `key` (ties: customer id ascending); returns the selection in
    /// that order. Filtering keeps the order, so only a new key or new scores sort again.
    pub fn sort(&mut self, key: &str, descending: bool) -> Result<&[u32], ExplorerError> {
        let ds = &self.b.dataset;
        let m = &self.metrics.customers;
        let num = |f: fn(&CustomerRow) -> i64| -> Vec<f64> {
            m.iter().map(|x| ds.customers.get(x.row).map_or(0.0, |r| f(r) as f64)).collect()
        };
        let values: Vec<f64> = match key {
            "id" => (0..m.len()).map(|i| i as f64).collect(),
            "contribution" => m.iter().map(|x| x.contribution).collect(),
            "s3" => m.iter().map(|x| x.s3).collect(),
            "points" => m.iter().map(|x| f64::from(x.churn_points)).collect(),
            "tier" => m.iter().map(|x| x.tier.index() as f64).collect(),
            "level" => m.iter().map(|x| x.churn_level.index() as f64).collect(),
            "risk" => m.iter().map(|x| x.risk_class.index() as f64).collect(),
            "p_churn" => self.churn_p.clone(),
            "deposit" => num(|r| r.deposit_avg.0),
            "aum" => num(|r| r.aum.0),
            "loan" => num(|r| r.loan_balance.0),
            "branch" => num(|r| i64::from(r.branch.0)),
            "manager" => num(|r| r.manager.map_or(-1, |s| i64::from(s.0))),
            _ => return Err(ExplorerError::Unknown(key.to_owned())),
        };
        let v = |i: u32| values.get(i as usize).copied().unwrap_or(0.0);
        let mut order: Vec<u32> = (0..m.len() as u32).collect();
        if key != "id" {
            order.sort_unstable_by(|&a, &b| {
                let o = v(a).total_cmp(&v(b));
                (if descending { o.reverse() } else { o }).then(a.cmp(&b))
            });
        } else if descending {
            order.reverse();
        }
        self.order = order;
        self.sort_key = key.to_owned();
        self.sort_desc = descending;
        self.reselect();
        Ok(&self.sel)
    }

    /// The selection, in its order, as a call list CSV in `lang`. Every cell that a spreadsheet
    /// could read as a formula (first character `=`, `+`, `-`, `@`, tab or CR) is prefixed with
    /// `'` — negative amounts included, so they arrive as text.
    pub fn csv(&self) -> String {
        let ds = &self.b.dataset;
        let zh = self.lang == Lang::ZhCn;
        let model = self.model_in_force();
        let mut header: Vec<&str> = if zh {
            [
                "客户号",
                "客户名称",
                "手机号",
                "客户类型",
                "机构号",
                "客户经理号",
                "客户经理",
                "贡献度",
                "近三月平均贡献",
                "客户分层",
                "原分层",
                "预警等级",
                "原预警等级",
                "预警分数",
                "预警原因",
                "风险分类",
                "金融资产",
            ]
            .to_vec()
        } else {
            [
                "customer_id",
                "name",
                "phone",
                "kind",
                "branch_id",
                "manager_id",
                "manager_name",
                "contribution",
                "s3",
                "tier",
                "build_tier",
                "churn_level",
                "build_churn_level",
                "churn_points",
                "churn_reasons",
                "risk_class",
                "aum",
            ]
            .to_vec()
        };
        if model {
            header.push(if zh { "模型流失概率" } else { "churn_probability" });
        }
        let mut manager_names = vec![""; ds.manager_ids.len()];
        for mr in &ds.managers {
            if let Some(n) = manager_names.get_mut(mr.manager.index()) {
                *n = ds.text(mr.name);
            }
        }
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

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
