//! The record loop of one CSV file: the header row, then every data row with its field accessor,
//! ragged rows and an unclosed quote reported; and the line each record starts on.

use super::cells::SheetRecords;
use super::fields::Fields;
use super::header::{map_header, Column, HeaderMap};
use super::TableMapping;
use crate::issue::{FileKind, FileRef, IssueKind, LoadError, RowIssue, Severity, MAX_TEXT_CHARS};

/// The columns read as free text (ids, names, grades, product lists, phones): a value longer
/// than [`MAX_TEXT_CHARS`] in one of them is a warning. (Numbers, dates and enums that long are
/// bad values already.)
const TEXT_COLUMNS: [&str; 7] = ["customer_id", "name", "branch_id", "manager_id", "products", "phone", "grade"];

/// The text of one source as the record loops read it: CSV text, or a worksheet's records.
pub(super) enum Body<'a> {
    Csv(&'a str),
    Sheet(&'a SheetRecords),
}

/// Reads the header of `body`, then calls `row` for every record with the field accessor.
/// Ragged rows are reported here. Returns (data rows, skipped rows) and the header map.
pub(super) fn for_each_record(
    file: &FileRef,
    body: Body<'_>,
    columns: &[Column],
    mapping: &TableMapping,
    issues: &mut Vec<RowIssue>,
    allow_empty: bool,
    row: impl FnMut(&Fields<'_>, &mut Vec<RowIssue>) -> bool,
) -> Result<(u64, u64, Option<HeaderMap>), LoadError> {
    let (rows, skipped, map) = match body {
        Body::Csv(text) => {
            let Some((map, body_start)) = read_header(file, text, columns, mapping, None, issues, allow_empty)? else {
                return Ok((0, 0, None));
            };
            let first_line = 1 + count_lines(text.as_bytes(), 0..body_start);
            let (rows, skipped) = read_records(file, &text[body_start..], first_line, &map, columns, issues, row)?;
            (rows, skipped, map)
        }
        Body::Sheet(sheet) => {
            let Some(map) = sheet.header_map(file, columns, mapping, None, issues, allow_empty)? else {
                return Ok((0, 0, None));
            };
            let (rows, skipped) = sheet.read_records(file, &map, columns, issues, row);
            (rows, skipped, map)
        }
    };
    if rows == 0 && !allow_empty {
        return Err(LoadError::NoDataRows { file: file.kind });
    }
    Ok((rows, skipped, Some(map)))
}

pub(super) fn csv_error(file: FileKind, e: &csv::Error) -> LoadError {
    LoadError::Csv { file, line: e.position().map_or(0, csv::Position::line), message: e.to_string() }
}

/// Reads and maps the header row. Returns the map and the byte offset where the data rows
/// start, or `None` for an empty file when `allow_empty`.
pub(super) fn read_header(
    file: &FileRef,
    text: &str,
    columns: &[Column],
    mapping: &TableMapping,
    may_lack: Option<usize>,
    issues: &mut Vec<RowIssue>,
    allow_empty: bool,
) -> Result<Option<(HeaderMap, usize)>, LoadError> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut header = csv::StringRecord::new();
    // csv skips leading empty lines.
    if !rdr.read_record(&mut header).map_err(|e| csv_error(file.kind, &e))? {
        if allow_empty {
            return Ok(None);
        }
        return Err(LoadError::NoDataRows { file: file.kind });
    }
    let map = map_header(file, &header, columns, mapping, may_lack, issues)?;
    let body_start = usize::try_from(rdr.position().byte()).unwrap_or(text.len()).min(text.len());
    Ok(Some((map, body_start)))
}

/// Reads the data rows in `body` (which starts on line `first_line`), calling `row` for each
/// record of the right width. Ragged rows are reported here. Returns (data rows, skipped rows).
pub(super) fn read_records(
    file: &FileRef,
    body: &str,
    first_line: u64,
    map: &HeaderMap,
    columns: &[Column],
    issues: &mut Vec<RowIssue>,
    mut row: impl FnMut(&Fields<'_>, &mut Vec<RowIssue>) -> bool,
) -> Result<(u64, u64), LoadError> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body.as_bytes());
    let mut rec = csv::ByteRecord::new();
    let (mut rows, mut skipped) = (0u64, 0u64);
    let mut lines = LineCounter { text: body.as_bytes(), at: 0, line: first_line };
    // Where the last record starts (byte, line): an unclosed quote can only be in it.
    let mut last: Option<(usize, u64)> = None;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(file.kind, &e)),
        }
        let line = lines.line_of(rec.position());
        last = Some((lines.at, line));
        // A line holding only separators or whitespace is not a data row.
        if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        rows += 1;
        if rec.len() != map.fields {
            issues.push(ragged_row(file, line, map.fields, rec.len()));
            skipped += 1;
            continue;
        }
        // One UTF-8 check per record, not one per field read: the fields are slices of it. (It
        // cannot fail: `body` is text and the reader only drops ASCII quotes and separators.)
        let text = std::str::from_utf8(rec.as_slice()).ok();
        let fields = Fields { file, line, rec: &rec, text, map, columns, first_col: None };
        long_text(&fields, issues);
        if !row(&fields, issues) {
            skipped += 1;
        }
    }
    if let Some((start, line)) = last {
        if ends_inside_quotes(&body.as_bytes()[start.min(body.len())..]) {
            return Err(LoadError::UnclosedQuote { file: file.kind, line });
        }
    }
    Ok((rows, skipped))
}

/// The issue of a row of `found` fields where the header has `expected`.
pub(super) fn ragged_row(file: &FileRef, line: u64, expected: usize, found: usize) -> RowIssue {
    RowIssue {
        file: file.clone(),
        line,
        cell: None,
        column: None,
        value: String::new(),
        kind: IssueKind::RaggedRow { expected, found },
        severity: Severity::Error,
    }
}

/// A warning for every text field of the record longer than [`MAX_TEXT_CHARS`] characters (the
/// value is kept; the message shows it clipped). Shared by CSV records and sheet rows, so a
/// sheet's issue names its cell.
pub(super) fn long_text(f: &Fields<'_>, issues: &mut Vec<RowIssue>) {
    // (The whole record's length first: the common case costs one comparison.)
    if f.rec.as_slice().len() <= MAX_TEXT_CHARS {
        return;
    }
    for (c, col) in f.columns.iter().enumerate() {
        if !TEXT_COLUMNS.contains(&col.name) {
            continue;
        }
        let Some(field) = f.map.index[c].and_then(|i| f.rec.get(i)) else { continue };
        if field.len() <= MAX_TEXT_CHARS {
            continue;
        }
        let text = String::from_utf8_lossy(field);
        let chars = text.trim().chars().count();
        if chars > MAX_TEXT_CHARS {
            issues.push(f.issue(c, text.trim(), IssueKind::LongText { chars }));
        }
    }
}

/// Whether `record` (the bytes from the start of a record to the end of the input) ends inside
/// a quoted field, read as the csv crate reads it: a quote opens a field only at its start; in a
/// quoted field `""` is a quote and a lone `"` closes it.
fn ends_inside_quotes(record: &[u8]) -> bool {
    let (mut in_quotes, mut field_start) = (false, true);
    let mut i = 0;
    while i < record.len() {
        let c = record[i];
        if in_quotes {
            if c == b'"' {
                if record.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else {
            in_quotes = c == b'"' && field_start;
            field_start = matches!(c, b',' | b'\n' | b'\r');
        }
        i += 1;
    }
    in_quotes
}

/// Line breaks in `text[range]`: `\n`, `\r\n` and a lone `\r` (old Mac exports) each end one
/// line. A `\r` is judged by the byte after it in the whole `text`, so that a range ending
/// between `\r` and `\n` does not count the break twice.
pub(super) fn count_lines(text: &[u8], range: std::ops::Range<usize>) -> u64 {
    let start = range.start;
    memchr::memchr2_iter(b'\n', b'\r', &text[range])
        .filter(|&i| text[start + i] == b'\n' || text.get(start + i + 1) != Some(&b'\n'))
        .count() as u64
}

/// The 1-based line a record starts on. csv's `Position::line` is the line where the reader
/// began reading the record, which is too low after a CRLF (the `\n` of the previous record's
/// terminator is read with this one) and after blank lines (skipped as part of this record).
struct LineCounter<'a> {
    text: &'a [u8],
    /// Byte offset up to which `\n`s are counted, and the line at that offset.
    at: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn line_of(&mut self, pos: Option<&csv::Position>) -> u64 {
        let from = usize::try_from(pos.map_or(0, csv::Position::byte)).unwrap_or(usize::MAX);
        let mut start = from.clamp(self.at, self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        self.line += count_lines(self.text, self.at..start);
        self.at = start;
        self.line
    }
}
