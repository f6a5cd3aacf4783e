//! The explorer's errors, with their messages in the page's language (`messages/wasm.toml`).

use branchlens_bundle::BundleError;
use branchlens_core::config::{ConfigError, Lang};
use branchlens_i18n::Msg;
use thiserror::Error;

/// Everything that can go wrong in the explorer. `Display` is the English message.
#[derive(Debug, Error)]
pub enum ExplorerError {
    #[error("{}", self.message(Lang::En))]
    Bundle(#[from] BundleError),
    #[error("{}", self.message(Lang::En))]
    Config(#[from] ConfigError),
    #[error("{}", self.message(Lang::En))]
    Json(#[from] serde_json::Error),
    #[error("{}", self.message(Lang::En))]
    Window { needed: usize, carried: usize },
    #[error("{}", self.message(Lang::En))]
    Unknown(String),
}

impl ExplorerError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ExplorerError::Config(e) => e.message(lang),
            ExplorerError::Bundle(e) => Msg::ExplorerBundleUnreadable.fill(lang, &[("error", e)]),
            ExplorerError::Json(e) => Msg::ExplorerBadRequest.fill(lang, &[("error", e)]),
            ExplorerError::Window { needed, carried } => {
                Msg::ExplorerWindowTooLong.fill(lang, &[("needed", needed), ("carried", carried)])
            }
            ExplorerError::Unknown(k) => Msg::ExplorerUnknownColumn.fill(lang, &[("column", k)]),
        }
    }
}
