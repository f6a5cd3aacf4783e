//! Encrypted sites (`branchlens build --password-file` / `--passwords`).
//!
//! A locked site keeps every customer-level fragment of its pages and the explorer's data
//! bundle encrypted; what stays readable are the non-personal aggregates (headline figures,
//! counts, charts, manager league tables, methodology). In the browser, `assets/lock.js`
//! (`site/lock.js`) derives the key from the password with WebCrypto and puts the fragments
//! back in place.
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

use std::collections::BTreeMap;
use std::fmt;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use sha2::{Digest, Sha256};

/// PBKDF2-HMAC-SHA256 iterations (OWASP's 2023 recommendation for PBKDF2-SHA256).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Salt length in bytes.
pub const SALT_LEN: usize = 16;
/// Start of a customer-level fragment in a rendered page.
pub const PRIVATE_START: &str = "<!--branchlens:private-->";
/// End of a customer-level fragment.
pub const PRIVATE_END: &str = "<!--/branchlens:private-->";
/// Where the sealed fragments of a page go (inside the lock box of `base.html`).
pub const SEALED_MARK: &str = "<!--branchlens:sealed-->";
/// The shortest password accepted (in characters).
pub const MIN_PASSWORD_CHARS: usize = 8;

/// A password. Its `Debug` output does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// A password of at least [`MIN_PASSWORD_CHARS`] characters, none of them control
    /// characters (a stray newline or NUL in a password file is a mistake, not a secret).
    pub fn new(s: String) -> Result<Password, PasswordError> {
        if s.chars().count() < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort);
        }
        if s.chars().any(char::is_control) {
            return Err(PasswordError::ControlCharacter);
        }
        Ok(Password(s))
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// Why a password was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("shorter than {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("contains a control character (tab, newline, NUL…)")]
    ControlCharacter,
}

impl PasswordError {
    /// The reason in Chinese.
    pub fn message_zh(self) -> String {
        match self {
            PasswordError::TooShort => format!("少于 {MIN_PASSWORD_CHARS} 个字符"),
            PasswordError::ControlCharacter => "含有控制字符（制表符、换行、NUL 等）".to_string(),
        }
    }
}

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
    pub(crate) fn password_for(&self, branch: Option<&str>) -> &Password {
        branch.and_then(|b| self.branch_passwords.get(b)).unwrap_or(&self.password)
    }

    /// The salt of the site in directory `prefix`.
    pub(crate) fn salt_for(&self, prefix: &str) -> [u8; SALT_LEN] {
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

impl SiteKey {
    /// Derives the key of a site (PBKDF2-HMAC-SHA256, `iterations` rounds).
    pub fn derive(password: &Password, salt: [u8; SALT_LEN], iterations: u32) -> SiteKey {
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(password.0.as_bytes(), &salt, iterations, &mut key);
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

/// Cuts the customer-level fragments out of the page at `path`, replaces each with a numbered
/// placeholder saying `note`, and writes the sealed JSON array of fragments at [`SEALED_MARK`].
pub fn seal_page(key: &SiteKey, path: &str, html: &str, note: &str) -> Result<String, LockError> {
    let mut public = String::with_capacity(html.len() / 2);
    let mut fragments: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(PRIVATE_START) {
        let (before, after) = rest.split_at(start);
        if before.contains(PRIVATE_END) {
            return Err(LockError::Unbalanced { path: path.to_string() });
        }
        public.push_str(before);
        let body = &after[PRIVATE_START.len()..];
        let end = body.find(PRIVATE_END).ok_or_else(|| LockError::Unbalanced { path: path.to_string() })?;
        let fragment = &body[..end];
        if fragment.contains(PRIVATE_START) {
            return Err(LockError::Unbalanced { path: path.to_string() });
        }
        public.push_str(&format!(
            "<div class=\"locked-slot\" data-slot=\"{}\"><p class=\"locked-note\">{}</p></div>",
            fragments.len(),
            crate::charts::svg::escape_xml(note)
        ));
        fragments.push(fragment);
        rest = &body[end + PRIVATE_END.len()..];
    }
    if rest.contains(PRIVATE_END) {
        return Err(LockError::Unbalanced { path: path.to_string() });
    }
    public.push_str(rest);
    let Some(at) = public.find(SEALED_MARK) else {
        return Err(LockError::NoSealedMark { path: path.to_string() });
    };
    let plaintext = serde_json::to_vec(&fragments).map_err(|_| LockError::Cipher { path: path.to_string() })?;
    let sealed = key.seal(path, &plaintext)?;
    let mut element = String::with_capacity(sealed.ct.len() * 4 / 3 + 100);
    element.push_str("<div id=\"bl-sealed\" hidden data-iv=\"");
    crate::explorer::base64(&sealed.iv, &mut element);
    element.push_str("\" data-ct=\"");
    crate::explorer::base64(&sealed.ct, &mut element);
    element.push_str("\"></div>");
    public.replace_range(at..at + SEALED_MARK.len(), &element);
    Ok(public)
}

/// `salt` in base64, for the page's lock box.
pub fn salt_base64(salt: &[u8]) -> String {
    let mut s = String::new();
    crate::explorer::base64(salt, &mut s);
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn pw(s: &str) -> Password {
        Password::new(s.to_string()).expect("valid password")
    }

    #[test]
    fn passwords_are_checked_and_never_printed() {
        assert_eq!(Password::new("short".into()), Err(PasswordError::TooShort));
        // Eight characters, counted as characters (not bytes): 8 Chinese characters pass.
        assert!(Password::new("八个汉字的密码呀".into()).is_ok());
        assert_eq!(Password::new("line\nbreak-pw".into()), Err(PasswordError::ControlCharacter));
        assert!(!format!("{:?}", pw("correct horse")).contains("horse"));
    }

    #[test]
    fn pbkdf2_matches_the_rfc_7914_vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1, dkLen = 64 — the
        // first 32 bytes are 55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05 …
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(b"passwd", b"salt", 1, &mut out);
        assert_eq!(
            out[..8],
            [0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f],
            "the PBKDF2 used is not PBKDF2-HMAC-SHA256"
        );
    }

    #[test]
    fn sealed_data_opens_only_with_the_right_password() {
        let salt = [7u8; SALT_LEN];
        let key = SiteKey::derive(&pw("right password"), salt, 1000);
        let sealed = key.seal("index.html", b"customer C001").expect("seal");
        assert_eq!(sealed.ct.len(), b"customer C001".len() + 16, "ciphertext plus a 16-byte tag");
        assert_eq!(key.open(&sealed).as_deref(), Some(&b"customer C001"[..]));
        let wrong = SiteKey::derive(&pw("wrong password"), salt, 1000);
        assert_eq!(wrong.open(&sealed), None);
        // Another salt gives another key.
        let other = SiteKey::derive(&pw("right password"), [8u8; SALT_LEN], 1000);
        assert_eq!(other.open(&sealed), None);
        // A flipped bit is detected.
        let mut bad = sealed.clone();
        bad.ct[0] ^= 1;
        assert_eq!(key.open(&bad), None);
        // Different paths, different nonces.
        assert_ne!(key.seal("a.html", b"x").expect("seal").iv, key.seal("b.html", b"x").expect("seal").iv);
    }

    #[test]
    fn sites_get_distinct_salts_and_passwords_fall_back_to_the_main_one() {
        let e = Encryption {
            password: pw("head office pw"),
            branch_passwords: [("B01".to_string(), pw("branch one pw"))].into_iter().collect(),
            seed: [1u8; 32],
            iterations: 1000,
        };
        assert_ne!(e.salt_for("head-office/"), e.salt_for("branch-b01/"));
        assert_eq!(e.salt_for("x/"), e.salt_for("x/"));
        assert_ne!(e.salt_for(""), Encryption { seed: [2u8; 32], ..e.clone() }.salt_for(""));
        assert_eq!(e.password_for(Some("B01")), &pw("branch one pw"));
        assert_eq!(e.password_for(Some("B02")), &pw("head office pw"));
        assert_eq!(e.password_for(None), &pw("head office pw"));
    }

    /// The sealed blob of a page (`#bl-sealed`: `data-iv`, `data-ct`).
    pub(crate) fn sealed_in(html: &str) -> Sealed {
        let attr = |name: &str| -> Vec<u8> {
            let at = html.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
            let end = at + html[at..].find('"').expect("closing quote");
            crate::explorer::tests::unb64(&html[at..end])
        };
        Sealed { iv: attr("data-iv").try_into().expect("12-byte nonce"), ct: attr("data-ct") }
    }

    /// The fragments sealed in a page.
    pub(crate) fn open_page(key: &SiteKey, html: &str) -> Vec<String> {
        let plain = key.open(&sealed_in(html)).expect("opens");
        serde_json::from_slice(&plain).expect("JSON array of fragments")
    }

    #[test]
    fn a_page_keeps_aggregates_and_seals_its_fragments() {
        let key = SiteKey::derive(&pw("right password"), [3u8; SALT_LEN], 1000);
        let html = format!(
            "<main>{SEALED_MARK}<p>42 customers</p>{PRIVATE_START}<td>C001 张**</td>{PRIVATE_END}<p>total</p>\
             {PRIVATE_START}<td>C002</td>{PRIVATE_END}</main>"
        );
        let out = seal_page(&key, "index.html", &html, "Encrypted <details>").expect("sealed");
        assert!(!out.contains("C001") && !out.contains("C002") && !out.contains("张"), "{out}");
        assert!(out.contains("<p>42 customers</p>") && out.contains("<p>total</p>"));
        assert!(out.contains("data-slot=\"0\"") && out.contains("data-slot=\"1\""));
        assert!(out.contains("Encrypted &lt;details&gt;"), "the note is escaped");
        assert!(!out.contains(SEALED_MARK) && !out.contains(PRIVATE_START));
        assert_eq!(open_page(&key, &out), ["<td>C001 张**</td>", "<td>C002</td>"]);
        // A page without private content still carries a sealed (empty) list: every page can
        // check a password.
        let plain = seal_page(&key, "methodology.html", &format!("<main>{SEALED_MARK}</main>"), "n").expect("sealed");
        assert_eq!(open_page(&key, &plain), Vec::<String>::new());
    }

    #[test]
    fn broken_marks_fail_instead_of_leaking() {
        let key = SiteKey::derive(&pw("right password"), [3u8; SALT_LEN], 1000);
        let cases = [
            format!("{PRIVATE_START}<td>C001</td>{PRIVATE_END}"),
            format!("{SEALED_MARK}{PRIVATE_START}<td>C001</td>"),
            format!("{SEALED_MARK}<td>C001</td>{PRIVATE_END}"),
            format!("{SEALED_MARK}{PRIVATE_START}{PRIVATE_START}C001{PRIVATE_END}{PRIVATE_END}"),
        ];
        for html in cases {
            assert!(seal_page(&key, "p.html", &html, "n").is_err(), "{html}");
        }
    }
}
