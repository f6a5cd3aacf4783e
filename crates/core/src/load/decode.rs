//! Text decoding of an input file: UTF-8 (with or without BOM) or GB18030 (which reads GBK and
//! GB2312), detected or forced, with the line of the first undecodable byte.

use crate::issue::{DecodeReason, FileKind, LoadError};

/// Which text encoding to read the files in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030 (a superset of GBK).
    #[default]
    Auto,
    Utf8,
    /// GB18030, which also reads GBK and GB2312.
    Gb18030,
}

impl Encoding {
    /// `auto`, `utf-8`/`utf8`, `gbk`/`gb18030`/`gb2312`.
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Encoding::Auto),
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gbk" | "gb18030" | "gb2312" | "cp936" => Some(Encoding::Gb18030),
            _ => None,
        }
    }
}

impl Encoding {
    /// The configuration spelling: `auto`, `utf-8` or `gbk`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "utf-8",
            Encoding::Gb18030 => "gbk",
        }
    }
}

impl serde::Serialize for Encoding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Encoding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Encoding, D::Error> {
        let s = String::deserialize(d)?;
        Encoding::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown encoding {s:?}")))
    }
}

/// Decodes a whole file to UTF-8 text, stripping a BOM. Returns the text and the encoding name.
pub fn decode(file: FileKind, bytes: Vec<u8>, enc: Encoding) -> Result<(String, &'static str), LoadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let reason = DecodeReason::Utf16 { big_endian: bytes[0] == 0xFE };
        return Err(LoadError::Undecodable { file, line: 1, reason });
    }
    if let Some(pos) = memchr_nul(&bytes) {
        let line = 1 + bytes[..pos].iter().filter(|&&c| c == b'\n').count() as u64;
        return Err(LoadError::Undecodable { file, line, reason: DecodeReason::NulBytes });
    }
    let has_bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    let try_utf8 = matches!(enc, Encoding::Utf8) || (matches!(enc, Encoding::Auto));
    if try_utf8 {
        match String::from_utf8(bytes) {
            Ok(mut s) => {
                if has_bom {
                    s.drain(..3);
                }
                return Ok((s, "UTF-8"));
            }
            Err(e) => {
                let bytes = e.into_bytes();
                if matches!(enc, Encoding::Utf8) || has_bom {
                    let err = std::str::from_utf8(&bytes).err();
                    let at = err.map_or(0, |e| e.valid_up_to());
                    let line = 1 + bytes[..at].iter().filter(|&&c| c == b'\n').count() as u64;
                    let reason =
                        DecodeReason::InvalidUtf8 { byte: bytes.get(at).copied().unwrap_or(0), offset: at as u64 };
                    return Err(LoadError::Undecodable { file, line, reason });
                }
                return decode_gb18030(file, &bytes);
            }
        }
    }
    // GB18030 forced. UTF-8 text with non-ASCII characters is refused: decoded as GBK it gives
    // garbled names without any decoding error. (GBK text is practically never valid UTF-8.)
    if !bytes.is_ascii() {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let first = text.find(|c: char| !c.is_ascii()).unwrap_or(0);
            let line = 1 + text[..first].matches('\n').count() as u64;
            return Err(LoadError::Undecodable { file, line, reason: DecodeReason::Utf8ButGbkForced });
        }
    }
    decode_gb18030(file, &bytes)
}

fn decode_gb18030(file: FileKind, bytes: &[u8]) -> Result<(String, &'static str), LoadError> {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        let line = 1 + text.split('\u{FFFD}').next().map_or(0, |s| s.matches('\n').count()) as u64;
        return Err(LoadError::Undecodable { file, line, reason: DecodeReason::NotUtf8NorGb18030 });
    }
    Ok((text.into_owned(), "GB18030"))
}

fn memchr_nul(b: &[u8]) -> Option<usize> {
    memchr::memchr(0, b)
}
