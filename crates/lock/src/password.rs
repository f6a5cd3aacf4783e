//! Site passwords: checked when read (length, no control characters) and never printed.

use std::fmt;

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
