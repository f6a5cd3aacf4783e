//! wasm-bindgen bindings of branchlens-core for the in-page explorer.
//!
//! A thin wrapper: [`Explorer`] holds a [`session::Session`] (plain Rust, tested natively) and
//! forwards to it; every error becomes a JavaScript `Error` in one place ([`Explorer::err`]), in
//! the page's language. The scoring itself is `branchlens_core::metrics`, the same functions the
//! CLI runs. `tests/parity.rs` checks that the core computes the same bits here (wasm32 in Node)
//! as natively.

pub mod session;
mod toml_out;

use branchlens_core::config::Lang;
use session::{ExplorerError, Session};
use wasm_bindgen::prelude::{wasm_bindgen, JsError};

/// The version of the branchlens crates this module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The explorer over one data bundle.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Explorer {
    s: Session,
}

fn lang_of(tag: &str) -> Lang {
    if tag.to_ascii_lowercase().starts_with("zh") {
        Lang::ZhCn
    } else {
        Lang::En
    }
}

#[wasm_bindgen]
impl Explorer {
    /// Decodes the bundle bytes and scores with the build's configuration. `lang` is the page's
    /// `<html lang>` (`zh-CN` or `en`) and decides the language of messages and the CSV header.
    #[wasm_bindgen(constructor)]
    pub fn new(bundle: &[u8], lang: &str) -> Result<Explorer, JsError> {
        let lang = lang_of(lang);
        Session::new(bundle, lang).map(|s| Explorer { s }).map_err(|e| JsError::new(&e.message(lang)))
    }

    /// The one place where errors become JavaScript errors.
    fn err(&self, e: ExplorerError) -> JsError {
        JsError::new(&e.message(self.s.lang()))
    }

    /// Tables (ids, masked names, branches, managers, products) and facts, as JSON.
    pub fn meta(&self) -> String {
        self.s.meta_json()
    }

    /// A static column of the `L` rows (see `Session::column`).
    pub fn column(&self, name: &str) -> Result<Vec<f64>, JsError> {
        self.s.column(name).map_err(|e| self.err(e))
    }

    /// A score column under the configuration in force (see `Session::score_column`).
    #[wasm_bindgen(js_name = scoreColumn)]
    pub fn score_column(&self, name: &str) -> Result<Vec<f64>, JsError> {
        self.s.score_column(name).map_err(|e| self.err(e))
    }

    /// Whether a fitted `[churn_model]` is in force (its probabilities: `scoreColumn("p_churn")`).
    #[wasm_bindgen(js_name = modelInForce)]
    pub fn model_in_force(&self) -> bool {
        self.s.model_in_force()
    }

    /// Re-scores with a configuration given as JSON; returns the moves (JSON).
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&mut self, json: &str) -> Result<String, JsError> {
        match self.s.set_config_json(json) {
            Ok(d) => Ok(serde_json::to_string(&d).unwrap_or_default()),
            Err(e) => Err(self.err(e)),
        }
    }

    /// The configuration in force as JSON.
    #[wasm_bindgen(js_name = configJson)]
    pub fn config_json(&self) -> String {
        self.s.config_json()
    }

    /// The configuration in force as a `branchlens.toml` text.
    #[wasm_bindgen(js_name = configToml)]
    pub fn config_toml(&self) -> String {
        self.s.config_toml()
    }

    /// Applies a filter (JSON); returns the selected indices in customer id order.
    pub fn filter(&mut self, json: &str) -> Result<Vec<u32>, JsError> {
        match self.s.filter_json(json) {
            Ok(sel) => Ok(sel.to_vec()),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Sorts the selection; returns it.
    pub fn sort(&mut self, key: &str, descending: bool) -> Result<Vec<u32>, JsError> {
        match self.s.sort(key, descending) {
            Ok(sel) => Ok(sel.to_vec()),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Counts and sums of the selection (JSON).
    pub fn totals(&self) -> String {
        self.s.totals_json()
    }

    /// The selection grouped (JSON).
    pub fn groups(&self, by: &str) -> Result<String, JsError> {
        self.s.groups_json(by).map_err(|e| self.err(e))
    }

    /// The selection as a call-list CSV.
    pub fn csv(&self) -> String {
        self.s.csv()
    }
}
