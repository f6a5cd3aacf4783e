//! Reading one sheet of an Excel workbook (`.xlsx`, `.xlsm`, `.xls`) with calamine into core's
//! [`Sheet`] of typed [`Cell`]s, which the core loader reads like a CSV file (core does no IO).
//!
//! Cells: integers and floats are numbers, text is text (an empty string is an empty cell),
//! date cells are calendar dates — a date-time keeps its date and drops its time of day (bank
//! exports write `2024-12-31 00:00:00` for a date; a contact time of day means nothing to the
//! contract) —, a duration cell (`[h]:mm:ss`) or a time without a date is an error cell (no
//! column of the contract is a duration), and error cells keep Excel's text (`#N/A`). Positions
//! are Excel's: `first_row` is 1-based, `first_col` 0 = A, from the start of the used range.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use branchlens_core::config::Lang;
use branchlens_core::load::{Cell, Sheet};
use branchlens_core::Date;
use branchlens_i18n::Msg;
use calamine::{Data, ExcelDateTime, Range, Reader, Xls, Xlsx};

use crate::input::InputError;

/// The file extensions read as workbooks (compared case-insensitively).
pub const WORKBOOK_EXTENSIONS: [&str; 3] = ["xlsx", "xlsm", "xls"];

/// Whether `path` names a workbook by its extension.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WORKBOOK_EXTENSIONS.iter().any(|w| e.eq_ignore_ascii_case(w)))
}

/// A workbook that cannot be read as a table.
#[derive(Debug)]
pub struct ExcelError {
    pub file: PathBuf,
    /// The sheet concerned, when one was being read.
    pub sheet: Option<String>,
    pub reason: ExcelReason,
}

/// Why a workbook cannot be read.
#[derive(Debug)]
pub enum ExcelReason {
    /// The checks every input file passes (regular file, size limit) or an I/O error.
    Input(Box<InputError>),
    /// Neither a zip-based workbook (`.xlsx`/`.xlsm`) nor an Excel 97–2003 one (`.xls`): e.g.
    /// a CSV or a PDF renamed `.xlsx`.
    NotAWorkbook,
    /// A password-protected workbook (Office stores it encrypted).
    Encrypted,
    /// A workbook whose contents cannot be read (damaged, cut short); the reader's own text.
    Corrupt(String),
    /// A workbook without any sheet.
    NoSheets,
    /// The named sheet is not in the workbook; its sheets, the closest name first.
    SheetMissing(Vec<String>),
}

impl ExcelError {
    fn new(file: &Path, sheet: Option<&str>, reason: ExcelReason) -> ExcelError {
        ExcelError { file: file.to_path_buf(), sheet: sheet.map(str::to_string), reason }
    }

    /// The message in `lang`, naming the file (and the sheet, as `file!sheet`).
    pub fn message(&self, lang: Lang) -> String {
        let mut path = self.file.display().to_string();
        if let Some(s) = &self.sheet {
            path = format!("{path}!{s}");
        }
        let at = |m: Msg| m.fill(lang, &[("path", &path)]);
        match &self.reason {
            ExcelReason::Input(e) => e.message(lang),
            ExcelReason::NotAWorkbook => at(Msg::ExcelNotAWorkbook),
            ExcelReason::Encrypted => at(Msg::ExcelEncrypted),
            ExcelReason::Corrupt(detail) => Msg::ExcelCorrupt.fill(lang, &[("path", &path), ("detail", detail)]),
            ExcelReason::NoSheets => at(Msg::ExcelNoSheets),
            ExcelReason::SheetMissing(sheets) => {
                let sheet = self.sheet.as_deref().unwrap_or_default();
                let file = self.file.display();
                let list = sheets.join(Msg::ListSeparator.text(lang));
                Msg::ExcelSheetMissing.fill(lang, &[("path", &file), ("sheet", &sheet), ("sheets", &list)])
            }
        }
    }
}

impl std::fmt::Display for ExcelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ExcelError {}

impl From<ExcelError> for crate::Failure {
    fn from(e: ExcelError) -> crate::Failure {
        crate::Failure::new(2, move |lang| e.message(lang))
    }
}

/// The two container formats calamine reads here.
enum Workbook {
    Xlsx(Xlsx<BufReader<File>>),
    Xls(Xls<BufReader<File>>),
}

/// Reads the sheet named `sheet` of the workbook at `path`, or its first sheet. The format is
/// told by the file's first bytes, not its extension (an `.xls` saved as `.xlsx` still reads).
pub fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<Sheet, ExcelError> {
    let err = |s: Option<&str>, reason| ExcelError::new(path, s, reason);
    let mut book = open(path)?;
    let names = match &book {
        Workbook::Xlsx(b) => b.sheet_names(),
        Workbook::Xls(b) => b.sheet_names(),
    };
    let name = match sheet {
        Some(s) if names.iter().any(|n| n == s) => s.to_string(),
        Some(s) => return Err(err(Some(s), ExcelReason::SheetMissing(closest_first(&names, s)))),
        None => names.first().cloned().ok_or_else(|| err(None, ExcelReason::NoSheets))?,
    };
    let range = match &mut book {
        Workbook::Xlsx(b) => b.worksheet_range(&name).map_err(|e| e.to_string()),
        Workbook::Xls(b) => b.worksheet_range(&name).map_err(|e| e.to_string()),
    }
    .map_err(|e| err(Some(&name), ExcelReason::Corrupt(e)))?;
    Ok(to_sheet(name, &range))
}

/// The sheet names of the workbook at `path`, in workbook order.
pub fn sheet_names(path: &Path) -> Result<Vec<String>, ExcelError> {
    Ok(match open(path)? {
        Workbook::Xlsx(b) => b.sheet_names(),
        Workbook::Xls(b) => b.sheet_names(),
    })
}

/// Opens the workbook after the checks of every input file (regular file, size limit).
fn open(path: &Path) -> Result<Workbook, ExcelError> {
    let err = |reason| ExcelError::new(path, None, reason);
    let mut f = crate::input::open(path).map_err(|e| err(ExcelReason::Input(Box::new(e))))?;
    let io = |source| err(ExcelReason::Input(Box::new(InputError::Io { path: path.to_path_buf(), source })));
    let mut magic = [0u8; 8];
    let n = read_up_to(&mut f, &mut magic).map_err(io)?;
    f.seek(SeekFrom::Start(0)).map_err(io)?;
    match &magic[..n] {
        [b'P', b'K', 3, 4, ..] => match Xlsx::new(BufReader::new(f)) {
            Ok(b) => Ok(Workbook::Xlsx(b)),
            // A zip file that is no workbook (an .ods, a zipped folder) or a damaged one.
            Err(calamine::XlsxError::Zip(e)) => Err(err(ExcelReason::Corrupt(e.to_string()))),
            Err(calamine::XlsxError::FileNotFound(_) | calamine::XlsxError::RelationshipNotFound) => {
                Err(err(ExcelReason::NotAWorkbook))
            }
            Err(e) => Err(err(ExcelReason::Corrupt(e.to_string()))),
        },
        // The compound file of Excel 97–2003, or of an encrypted (password-protected) .xlsx.
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] => match Xls::new(BufReader::new(f)) {
            Ok(b) => Ok(Workbook::Xls(b)),
            Err(calamine::XlsError::Password) => Err(err(ExcelReason::Encrypted)),
            Err(e) => match holds_encrypted_package(path) {
                Ok(true) => Err(err(ExcelReason::Encrypted)),
                Ok(false) => Err(err(ExcelReason::Corrupt(e.to_string()))),
                Err(source) => Err(io(source)),
            },
        },
        _ => Err(err(ExcelReason::NotAWorkbook)),
    }
}

/// Reads until `buf` is full or the file ends; the count read.
fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Whether a compound file holds the `EncryptedPackage` stream of an encrypted Office document
/// (its directory entry names it in UTF-16LE). Read in chunks; only on the error path.
fn holds_encrypted_package(path: &Path) -> std::io::Result<bool> {
    let needle: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(false);
        }
        carry.extend_from_slice(&buf[..n]);
        if carry.windows(needle.len()).any(|w| w == needle.as_slice()) {
            return Ok(true);
        }
        let keep = carry.len().saturating_sub(needle.len());
        carry.drain(..keep);
    }
}

/// `names`, the closest to `wanted` first (edit distance in characters, case-insensitive;
/// ties in workbook order).
fn closest_first(names: &[String], wanted: &str) -> Vec<String> {
    let wanted = wanted.to_lowercase();
    let mut v: Vec<(usize, &String)> =
        names.iter().map(|n| (strsim::osa_distance(&n.to_lowercase(), &wanted), n)).collect();
    v.sort_by_key(|(d, _)| *d);
    v.into_iter().map(|(_, n)| n.clone()).collect()
}

/// The used range of a sheet as core's [`Sheet`].
fn to_sheet(name: String, range: &Range<Data>) -> Sheet {
    let (first_row, first_col) = range.start().map_or((1, 0), |(r, c)| (r.saturating_add(1), c));
    let rows = range.rows().map(|row| row.iter().map(cell).collect()).collect();
    Sheet { name, first_row, first_col, rows }
}

/// One calamine cell as core's [`Cell`].
fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) => iso_date(s).unwrap_or_else(|| Cell::Error(format!("time {s}"))),
        Data::DurationIso(s) => Cell::Error(format!("duration {s}")),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A date-formatted number: its calendar date (the time of day dropped); a duration is an error.
fn date_cell(dt: &ExcelDateTime) -> Cell {
    if dt.is_duration() {
        let (_, _, _, h, m, s, _) = dt.to_ymd_hms_milli();
        let hours = dt.as_f64().trunc() as i64 * 24 + i64::from(h);
        return Cell::Error(format!("duration {hours}:{m:02}:{s:02}"));
    }
    let (year, month, day, ..) = dt.to_ymd_hms_milli();
    date(i32::from(year), u32::from(month), u32::from(day))
        // Excel's 1900-02-29, which never was.
        .unwrap_or_else(|| Cell::Error(format!("invalid date {year}-{month:02}-{day:02}")))
}

/// `YYYY-MM-DD`, optionally followed by `T` and a time (dropped), as a date cell.
fn iso_date(s: &str) -> Option<Cell> {
    let d = s.get(..10)?;
    if !(s.len() == 10 || s[10..].starts_with('T')) {
        return None;
    }
    let (year, month, day) = Date::parse(d)?.ymd();
    Some(Cell::Date { year, month, day })
}

/// A valid calendar date as a cell.
fn date(year: i32, month: u32, day: u32) -> Option<Cell> {
    Date::from_ymd(year, month, day).map(|_| Cell::Date { year, month, day })
}

#[cfg(test)]
mod tests;
