//! The configuration section: the [`Config`] in force, as JSON (the serde form; JSON, not TOML,
//! keeps the TOML reader out of the wasm module), validated when decoded.

use branchlens_core::config::Config;

use crate::varint::{put_str, Reader};
use crate::{BundleError, Section};

pub(crate) fn encode_config(buf: &mut Vec<u8>, cfg: &Config) {
    // Serializing a Config cannot fail (plain structs of numbers, bools, strings and lists).
    put_str(buf, &serde_json::to_string(cfg).unwrap_or_default());
}

pub(crate) fn decode_config(rd: &mut Reader<'_>) -> Result<Config, BundleError> {
    rd.section = Section::Config;
    let config: Config = serde_json::from_str(rd.str()?).map_err(|e| BundleError::ConfigJson(e.to_string()))?;
    config.validate().map_err(BundleError::Config)?;
    Ok(config)
}
