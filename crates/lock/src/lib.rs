//! Encrypted sites (`branchlens build --password-file` / `--passwords`).
//!
//! A locked site keeps every customer-level fragment of its pages and the explorer's data
//! bundle encrypted; what stays readable are the non-personal aggregates (headline figures,
//! counts, charts, manager league tables, methodology). In the browser, `assets/lock.js`
//! ([`LOCK_JS`], `js/lock.js` in this crate) derives the key from the password with WebCrypto
//! and puts the fragments back in place.
//!
//! - Key: PBKDF2-HMAC-SHA256 over the UTF-8 password, [`PBKDF2_ITERATIONS`] iterations, a
//!   16-byte salt per site (derived from the caller's random seed and the site's directory,
//!   so sites never share a salt) → a 256-bit AES-GCM key.
//! - Each sealed blob: AES-256-GCM, ciphertext with its 16-byte tag appended (WebCrypto's
//!   layout), 96-bit nonce = the first 12 bytes of SHA-256 over a label and the file's path in
//!   the site. Paths are unique within a site and every file is sealed once under a key that is
//!   itself new for each build (fresh salt), so no nonce repeats under a key.
//! - Templates mark customer-level HTML with [`PRIVATE_START`]/[`PRIVATE_END`] (the `private`
//!   macro in `macros.html`, emitted only when `locked`); [`seal_page`] cuts those fragments out,
//!   leaves a numbered placeholder, encrypts the JSON array of fragments and writes it where
//!   `base.html` put [`SEALED_MARK`]. A page whose marks are unbalanced, or that has no
//!   [`SEALED_MARK`] (a template override that dropped it), fails the build: it is never written
//!   with its fragments in clear.
//!
//! Pure: the randomness (the seed) comes from the caller; with the same seed the output is the
//! same bytes (tests rely on it). The CLI draws a fresh seed from the operating system for each
//! build, so encrypted builds are not byte-identical by design.
//!
//! - [`password`] — [`Password`] and why one is refused.
//! - [`key`] — [`Encryption`] (passwords and seed), per-site salts, [`SiteKey`], [`Sealed`] blobs.
//! - [`page`] — [`seal_page`] and the reader of a page's sealed blob.

pub mod key;
pub mod page;
pub mod password;
#[cfg(test)]
mod tests;

pub use key::{salt_base64, Encryption, Sealed, SiteKey, PBKDF2_ITERATIONS, SALT_LEN};
pub use page::{open_page, seal_page, sealed_in, PRIVATE_END, PRIVATE_START, SEALED_MARK};
pub use password::{Password, PasswordError, MIN_PASSWORD_CHARS};

/// A sealing failure (a template that lost its marks).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LockError {
    #[error("{path}: the page has no place for its encrypted data ({SEALED_MARK} from base.html is missing)")]
    NoSealedMark { path: String },
    #[error("{path}: unbalanced private-content marks ({PRIVATE_START} … {PRIVATE_END})")]
    Unbalanced { path: String },
    #[error("{path}: encryption failed")]
    Cipher { path: String },
}

/// The unlocking script of encrypted sites (`assets/lock.js`): the browser half of this crate
/// (WebCrypto), a classic script with no inline code and no network access.
pub const LOCK_JS: &str = include_str!("../js/lock.js");
