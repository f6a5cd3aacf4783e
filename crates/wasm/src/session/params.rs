//! Re-scoring with new parameters (validated as `branchlens.toml` would be, within the windows
//! the bundle carries), and the configuration in force as JSON and as `branchlens.toml`.

use branchlens_bundle as bundle;
use branchlens_core::config::Config;
use branchlens_core::metrics::customer::customer_metrics;

use super::{model_probabilities, Diff, ExplorerError, Session};

impl Session {
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
}
