//! Keys and blobs: what to encrypt with ([`Encryption`]: passwords and the caller's seed), the
//! salt of each site, the key of a site ([`SiteKey`], PBKDF2-HMAC-SHA256 → AES-256-GCM) and one
//! encrypted blob ([`Sealed`]).

use std::collections::BTreeMap;
use std::fmt;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::{LockError, Password};

/// PBKDF2-HMAC-SHA256 iterations (OWASP's 2023 recommendation for PBKDF2-SHA256).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Salt length in bytes.
pub const SALT_LEN: usize = 16;

/// What to encrypt with: the passwords and the caller's random seed.
#[derive(Clone, Debug)]
pub struct Encryption {
    /// The password of the site, or of the head-office site of a split build.
    pub password: Password,
    /// Passwords of the branch sites of a split build, by branch id; a branch site without an
    /// entry uses [`Encryption::password`].
    pub branch_passwords: BTreeMap<String, Password>,
    /// Random bytes (the CLI reads them from the operating system); each site's salt is derived
    /// from them and the site's directory.
    pub seed: [u8; 32],
    /// PBKDF2 iterations: [`PBKDF2_ITERATIONS`] (the CLI always uses it; tests may use fewer to
    /// run fast). Written into each page for the browser.
    pub iterations: u32,
}

impl Encryption {
    /// The password of the site in `prefix` (`""`, `"head-office/"` or a branch site) whose
    /// branch id is `branch`.
    pub fn password_for(&self, branch: Option<&str>) -> &Password {
        branch.and_then(|b| self.branch_passwords.get(b)).unwrap_or(&self.password)
    }

    /// The salt of the site in directory `prefix`.
    pub fn salt_for(&self, prefix: &str) -> [u8; SALT_LEN] {
        let mut h = Sha256::new();
        h.update(b"branchlens-salt\0");
        h.update(self.seed);
        h.update(prefix.as_bytes());
        let d = h.finalize();
        let mut salt = [0u8; SALT_LEN];
        salt.copy_from_slice(&d[..SALT_LEN]);
        salt
    }
}

/// The key of one site.
#[derive(Clone)]
pub struct SiteKey {
    cipher: Aes256Gcm,
    salt: [u8; SALT_LEN],
    iterations: u32,
}

impl fmt::Debug for SiteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SiteKey").field("salt", &self.salt).field("iterations", &self.iterations).finish()
    }
}

/// One encrypted blob: nonce and ciphertext (with the tag appended).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    pub iv: [u8; 12],
    pub ct: Vec<u8>,
}

impl SiteKey {
    /// Derives the key of a site (PBKDF2-HMAC-SHA256, `iterations` rounds).
    pub fn derive(password: &Password, salt: [u8; SALT_LEN], iterations: u32) -> SiteKey {
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), &salt, iterations, &mut key);
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key));
        key.fill(0);
        SiteKey { cipher, salt, iterations }
    }

    pub fn salt(&self) -> [u8; SALT_LEN] {
        self.salt
    }

    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// Encrypts the content of the file at `path` (relative to the site root).
    pub fn seal(&self, path: &str, plaintext: &[u8]) -> Result<Sealed, LockError> {
        let mut h = Sha256::new();
        h.update(b"branchlens-nonce\0");
        h.update(path.as_bytes());
        let d = h.finalize();
        let mut iv = [0u8; 12];
        iv.copy_from_slice(&d[..12]);
        let ct = self
            .cipher
            .encrypt(Nonce::from_slice(&iv), plaintext)
            .map_err(|_| LockError::Cipher { path: path.to_string() })?;
        Ok(Sealed { iv, ct })
    }

    /// Decrypts a blob (tests and tooling; the browser does this with WebCrypto).
    pub fn open(&self, sealed: &Sealed) -> Option<Vec<u8>> {
        self.cipher.decrypt(Nonce::from_slice(&sealed.iv), sealed.ct.as_slice()).ok()
    }
}

/// `salt` in base64, for the page's lock box.
pub fn salt_base64(salt: &[u8]) -> String {
    BASE64.encode(salt)
}
