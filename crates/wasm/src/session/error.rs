//! The explorer's errors, with their messages in English and Chinese.

use branchlens_bundle::BundleError;
use branchlens_core::config::{ConfigError, Lang};
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
