//! Site passwords: checked when read (length, no control characters) and never printed.

use std::fmt;

use branchlens_i18n::{Lang, Msg};

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

    /// The password's UTF-8 bytes (the input of key derivation).
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// Why a password was refused. `Display` is the English [`PasswordError::message`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordError {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// A tab, newline, NUL or other control character.
    ControlCharacter,
}

impl PasswordError {
    /// The reason in `lang`.
    pub fn message(self, lang: Lang) -> String {
        match self {
            PasswordError::TooShort => Msg::PasswordTooShort.fill(lang, &[("min", &MIN_PASSWORD_CHARS)]),
            PasswordError::ControlCharacter => Msg::PasswordControlCharacter.text(lang).to_string(),
        }
    }
}

impl fmt::Display for PasswordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for PasswordError {}
