//! Text decoding of an input file: UTF-8 (with or without BOM) or GB18030 (which reads GBK and
//! GB2312), detected or forced, with the line and field of the first undecodable byte.

use super::header::{Column, CUSTOMER_COLUMNS, MANAGER_COLUMNS, SPLIT_COLUMNS};
use super::records::count_lines;
use super::synonyms::header_key;
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
        return Err(LoadError::Undecodable { file, line: 1, field: None, column: None, reason });
    }
    if let Some(pos) = memchr_nul(&bytes) {
        // A binary file: its line, no field (fields mean nothing in it).
        let line = 1 + count_lines(&bytes, 0..pos);
        return Err(LoadError::Undecodable { file, line, field: None, column: None, reason: DecodeReason::NulBytes });
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
                let at = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let invalid_utf8 =
                    DecodeReason::InvalidUtf8 { byte: bytes.get(at).copied().unwrap_or(0), offset: at as u64 };
                if matches!(enc, Encoding::Utf8) || has_bom {
                    return Err(undecodable(file, &bytes, at, invalid_utf8));
                }
                return match decode_gb18030(file, &bytes, DecodeReason::NotUtf8NorGb18030) {
                    // Text that is valid UTF-8 with Chinese up to a corrupt byte is a UTF-8 file
                    // (GBK text is practically never valid UTF-8): the corrupt byte is the place
                    // to name, not wherever GB18030 happens to stumble over UTF-8 bytes.
                    Err(_) if !bytes[..at].is_ascii() => Err(undecodable(file, &bytes, at, invalid_utf8)),
                    other => other,
                };
            }
        }
    }
    // GB18030 forced. UTF-8 text with non-ASCII characters is refused: decoded as GBK it gives
    // garbled names without any decoding error. (GBK text is practically never valid UTF-8.)
    if !bytes.is_ascii() {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let first = text.find(|c: char| !c.is_ascii()).unwrap_or(0);
            return Err(undecodable(file, &bytes, first, DecodeReason::Utf8ButGbkForced));
        }
    }
    decode_gb18030(file, &bytes, DecodeReason::InvalidGb18030 { byte: 0, offset: 0 })
}

/// Decodes GB18030; on failure, the rejection at the first malformed byte, for `reason` (an
/// [`DecodeReason::InvalidGb18030`] gets that byte and offset).
fn decode_gb18030(file: FileKind, bytes: &[u8], reason: DecodeReason) -> Result<(String, &'static str), LoadError> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len()));
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok((text, "GB18030")),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            let at = read.saturating_sub(usize::from(bad) + usize::from(after));
            let reason = match reason {
                DecodeReason::InvalidGb18030 { .. } => {
                    DecodeReason::InvalidGb18030 { byte: bytes.get(at).copied().unwrap_or(0), offset: at as u64 }
                }
                other => other,
            };
            Err(undecodable(file, bytes, at, reason))
        }
        // The buffer holds the worst case: the decoder cannot run out of room.
        encoding_rs::DecoderResult::OutputFull => Err(undecodable(file, bytes, read, reason)),
    }
}

/// The rejection of `bytes` at byte offset `at`: its line (line breaks as the record reader
/// counts them), its field in that record (1-based; quotes and commas are ASCII in UTF-8 and
/// GB18030 alike, so the prefix can be scanned as bytes) and, below the header, the contract
/// column the header row puts there.
fn undecodable(file: FileKind, bytes: &[u8], at: usize, reason: DecodeReason) -> LoadError {
    let at = at.min(bytes.len());
    let line = 1 + count_lines(bytes, 0..at);
    let field = field_at(&bytes[..at]);
    let column = if line > 1 { header_column(file, bytes, field) } else { None };
    LoadError::Undecodable { file, line, field: Some(field), column, reason }
}

/// The 1-based field of the record that `prefix` ends in, read as the csv crate reads it: a
/// quote opens a field only at its start, `""` in a quoted field is a quote, line breaks inside
/// quotes do not end the record.
fn field_at(prefix: &[u8]) -> u32 {
    let (mut field, mut in_quotes, mut field_start) = (1u32, false, true);
    let mut i = 0;
    while i < prefix.len() {
        let c = prefix[i];
        if in_quotes {
            if c == b'"' {
                if prefix.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else {
            match c {
                b',' => field = field.saturating_add(1),
                b'\n' | b'\r' => field = 1,
                b'"' if field_start => in_quotes = true,
                _ => {}
            }
            field_start = matches!(c, b',' | b'\n' | b'\r');
        }
        i += 1;
    }
    field
}

/// The contract column of field `field` (1-based) by the header on line 1, when it names one.
/// The header line is read leniently (a bad byte in it cannot match a column name anyway).
fn header_column(file: FileKind, bytes: &[u8], field: u32) -> Option<&'static str> {
    let end = memchr::memchr2(b'\n', b'\r', bytes).unwrap_or(bytes.len());
    // (`header_key` drops a BOM.)
    let head = &bytes[..end];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(head).0.into_owned(),
    };
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    rdr.read_record(&mut rec).ok()?;
    let key = header_key(rec.get(usize::try_from(field).ok()?.checked_sub(1)?)?);
    let columns: &[Column] = match file {
        FileKind::Customers => &CUSTOMER_COLUMNS,
        FileKind::Managers => &MANAGER_COLUMNS,
        FileKind::CreditSplits => &SPLIT_COLUMNS,
    };
    columns.iter().find(|c| c.names().contains(&key.as_str())).map(|c| c.name)
}

fn memchr_nul(b: &[u8]) -> Option<usize> {
    memchr::memchr(0, b)
}
