//! wasm-bindgen bindings of branchlens-core.
//!
//! For now only [`version`]; the explorer's API comes later. `tests/parity.rs` checks that the
//! core computes the same bits here (wasm32 in Node) as natively.

use wasm_bindgen::prelude::wasm_bindgen;

/// The version of the branchlens crates this module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
