//! Loading and validating the three input files per the data contract (v1), over `impl Read`.
//!
//! File-level problems reject the input ([`LoadError`]); row-level problems are data
//! ([`RowIssue`]) next to the [`Dataset`]. Whether the row-level problems are too many is a
//! separate decision ([`Loaded::verdict`]) so that `check` can still list them.

use std::io::Read;

use crate::issue::{clip, edit_distance, DecodeReason, FileKind, IssueKind, LoadError, RowIssue, Severity};
use crate::model::*;

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

/// Options for [`load`].
#[derive(Clone, Copy, Debug)]
pub struct LoadOptions {
    pub encoding: Encoding,
    /// Shares of one customer must sum to 1 ± this.
    pub split_share_tolerance: f64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { encoding: Encoding::Auto, split_share_tolerance: 0.001 }
    }
}

/// Per-file facts of a load.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FileStats {
    pub file: FileKind,
    /// The encoding the file was read in.
    pub encoding: &'static str,
    /// Data rows (lines after the header that hold a record).
    pub rows: u64,
    /// Rows skipped because of an error.
    pub skipped: u64,
}

/// The result of a load: the dataset, every row-level issue (sorted by file, line), and
/// per-file statistics.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub issues: Vec<RowIssue>,
    pub files: Vec<FileStats>,
}

impl Loaded {
    /// Fails when any file has more than `max_bad_row_ratio` of its rows skipped, or — with
    /// `strict` — when any row was skipped.
    pub fn verdict(&self, strict: bool, max_bad_row_ratio: f64) -> Result<(), LoadError> {
        if strict {
            if let Some(i) = self.issues.iter().find(|i| i.severity == Severity::Error) {
                return Err(LoadError::Strict { file: i.file, line: i.line, issue: Box::new(i.clone()) });
            }
        }
        for f in &self.files {
            if f.rows > 0 && f.skipped as f64 > max_bad_row_ratio * f.rows as f64 {
                return Err(LoadError::TooManyBadRows {
                    file: f.file,
                    bad: f.skipped,
                    total: f.rows,
                    max_ratio: max_bad_row_ratio,
                });
            }
        }
        Ok(())
    }

    /// The worst severity among the issues, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.issues.iter().map(|i| i.severity).max()
    }
}

/// A column of the contract.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub alias: &'static str,
    /// The column must be present in the header.
    pub required: bool,
}

const fn col(name: &'static str, alias: &'static str, required: bool) -> Column {
    Column { name, alias, required }
}

/// customers.csv columns, in contract order.
pub const CUSTOMER_COLUMNS: [Column; 19] = [
    col("period", "期间", true),
    col("customer_id", "客户号", true),
    col("name", "客户名称", true),
    col("kind", "客户类型", true),
    col("branch_id", "机构号", true),
    col("manager_id", "客户经理号", true),
    col("open_date", "开户日期", true),
    col("deposit_avg", "存款日均", true),
    col("loan_balance", "贷款余额", true),
    col("aum", "金融资产", true),
    col("fee_income", "中间业务收入", true),
    col("products", "持有产品", true),
    col("txn_count", "交易笔数", true),
    col("industry", "行业", false),
    col("loan_class", "五级分类", false),
    col("overdue_days", "逾期天数", false),
    col("last_contact", "最近联系日期", false),
    col("complaints", "投诉次数", false),
    col("phone", "手机号", false),
];

/// managers.csv columns, in contract order.
pub const MANAGER_COLUMNS: [Column; 11] = [
    col("manager_id", "客户经理号", true),
    col("name", "姓名", true),
    col("branch_id", "机构号", true),
    col("grade", "等级", true),
    col("hire_date", "入职日期", true),
    col("status", "状态", true),
    col("period", "期间", false),
    col("deposit_target", "存款目标", false),
    col("loan_target", "贷款目标", false),
    col("fee_target", "中收目标", false),
    col("new_customers_target", "新客户目标", false),
];

/// credit_splits.csv columns.
pub const SPLIT_COLUMNS: [Column; 3] =
    [col("customer_id", "客户号", true), col("manager_id", "客户经理号", true), col("share", "分成比例", true)];

/// The inputs of one load: the raw bytes of each file.
#[derive(Debug)]
pub struct Inputs<C, M, S> {
    pub customers: C,
    pub managers: M,
    pub credit_splits: Option<S>,
}

/// Loads and validates the three files. `credit_splits` is optional.
pub fn load<C: Read, M: Read, S: Read>(inputs: Inputs<C, M, S>, opts: &LoadOptions) -> Result<Loaded, LoadError> {
    load_with(readers(inputs), opts)
}

/// [`load`] with each file's bytes supplied by a function, called when the loader gets to that
/// file (managers.csv, then customers.csv, then credit_splits.csv). A caller can read the files
/// its own way (say, a big file on several threads); the bytes are decoded in place.
pub fn load_with<C: Source, M: Source, S: Source>(
    inputs: Inputs<C, M, S>,
    opts: &LoadOptions,
) -> Result<Loaded, LoadError> {
    load_chunked(inputs, opts, None)
}

/// The bytes of one file for [`load_with`]: any `FnOnce() -> io::Result<Vec<u8>>`.
pub trait Source {
    fn bytes(self) -> std::io::Result<Vec<u8>>;
}

impl<F: FnOnce() -> std::io::Result<Vec<u8>>> Source for F {
    fn bytes(self) -> std::io::Result<Vec<u8>> {
        self()
    }
}

/// The readers of `inputs` as [`load_with`] byte sources.
fn readers<C: Read, M: Read, S: Read>(inputs: Inputs<C, M, S>) -> Inputs<impl Source, impl Source, impl Source> {
    fn read_all<R: Read>(mut r: R) -> impl Source {
        move || {
            let mut buf = Vec::new();
            r.read_to_end(&mut buf)?;
            Ok(buf)
        }
    }
    let Inputs { customers, managers, credit_splits } = inputs;
    Inputs { customers: read_all(customers), managers: read_all(managers), credit_splits: credit_splits.map(read_all) }
}

fn load_chunked<C: Source, M: Source, S: Source>(
    inputs: Inputs<C, M, S>,
    opts: &LoadOptions,
    force_chunks: Option<usize>,
) -> Result<Loaded, LoadError> {
    fn read(file: FileKind, source: impl Source) -> Result<Vec<u8>, LoadError> {
        source.bytes().map_err(|e| LoadError::Read { file, kind: e.kind(), message: e.to_string() })
    }
    let Inputs { customers, managers, credit_splits } = inputs;
    let mut b = Builder { force_chunks, ..Builder::default() };
    let mut files = Vec::new();

    let (text, enc) = decode(FileKind::Managers, read(FileKind::Managers, managers)?, opts.encoding)?;
    files.push(b.managers(&text, enc)?);
    drop(text);
    let (text, enc) = decode(FileKind::Customers, read(FileKind::Customers, customers)?, opts.encoding)?;
    files.push(b.customers(text, enc)?);
    if let Some(s) = credit_splits {
        let (text, enc) = decode(FileKind::CreditSplits, read(FileKind::CreditSplits, s)?, opts.encoding)?;
        files.push(b.splits(&text, enc, opts.split_share_tolerance)?);
    }
    let (dataset, issues) = b.finish();
    files.sort_by_key(|f| f.file);
    // Duplicates are found only once all rows are in: count skipped rows from the issues.
    for f in &mut files {
        f.skipped = skipped_rows(&issues, f.file);
    }
    Ok(Loaded { dataset, issues, files })
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

/// Case-insensitive header key: trimmed, ASCII-lowercased, inner spaces and `-` as `_`.
fn header_key(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
        .collect()
}

/// The result of matching a header row against the contract.
struct HeaderMap {
    /// Field index of each contract column, when present.
    index: Vec<Option<usize>>,
    fields: usize,
}

fn map_header(
    file: FileKind,
    header: &csv::StringRecord,
    columns: &[Column],
    issues: &mut Vec<RowIssue>,
) -> Result<HeaderMap, LoadError> {
    let keys: Vec<String> = header.iter().map(header_key).collect();
    let mut index = vec![None; columns.len()];
    let mut used = vec![false; keys.len()];
    for (ci, c) in columns.iter().enumerate() {
        for (fi, k) in keys.iter().enumerate() {
            if k == c.name || k == c.alias {
                if index[ci].is_none() {
                    index[ci] = Some(fi);
                } else {
                    issues.push(RowIssue {
                        file,
                        line: 1,
                        column: Some(c.name),
                        value: clip(header.get(fi).unwrap_or_default()),
                        kind: IssueKind::DuplicateColumn,
                        severity: Severity::Notice,
                    });
                }
                used[fi] = true;
            }
        }
    }
    for (ci, c) in columns.iter().enumerate() {
        if c.required && index[ci].is_none() {
            let closest = keys
                .iter()
                .enumerate()
                .filter(|(fi, _)| !used[*fi])
                .map(|(fi, k)| {
                    let d = edit_distance(k, c.name).min(edit_distance(k, c.alias));
                    (d, fi)
                })
                .filter(|(d, fi)| *d <= 2.max(keys[*fi].chars().count() / 3))
                .min()
                .and_then(|(_, fi)| header.get(fi).map(|s| s.trim().to_string()));
            let joined = header.iter().collect::<Vec<_>>().join(",");
            let separator_hint =
                if header.len() <= 1 { [';', '\t', '|'].into_iter().find(|&s| joined.contains(s)) } else { None };
            // No header at all: the first row is data (no column matches, a field is a period or date).
            let header_is_data =
                !used.contains(&true) && header.iter().any(|h| Period::parse(h).is_some() || Date::parse(h).is_some());
            let closest = if header_is_data { None } else { closest };
            return Err(LoadError::MissingColumn {
                file,
                column: c.name,
                alias: c.alias,
                closest,
                separator_hint,
                header_is_data,
            });
        }
    }
    let unknown: Vec<String> = header
        .iter()
        .enumerate()
        .filter(|(fi, h)| !used[*fi] && !h.trim().is_empty())
        .map(|(_, h)| clip(h.trim()))
        .collect();
    if !unknown.is_empty() {
        issues.push(RowIssue {
            file,
            line: 1,
            column: None,
            value: String::new(),
            kind: IssueKind::UnknownColumns { columns: unknown },
            severity: Severity::Notice,
        });
    }
    Ok(HeaderMap { index, fields: header.len() })
}

/// Reads the header of `text`, then calls `row` for every record with the field accessor.
/// Ragged rows are reported here. Returns (data rows, skipped rows).
fn for_each_record(
    file: FileKind,
    text: &str,
    columns: &[Column],
    issues: &mut Vec<RowIssue>,
    allow_empty: bool,
    row: impl FnMut(&Fields<'_>, &mut Vec<RowIssue>) -> bool,
) -> Result<(u64, u64), LoadError> {
    let Some((map, body_start)) = read_header(file, text, columns, issues, allow_empty)? else {
        return Ok((0, 0));
    };
    let first_line = 1 + count_lines(text.as_bytes(), 0..body_start);
    let (rows, skipped) = read_records(file, &text[body_start..], first_line, &map, columns, issues, row)?;
    if rows == 0 && !allow_empty {
        return Err(LoadError::NoDataRows { file });
    }
    Ok((rows, skipped))
}

fn csv_error(file: FileKind, e: &csv::Error) -> LoadError {
    LoadError::Csv { file, line: e.position().map_or(0, csv::Position::line), message: e.to_string() }
}

/// Reads and maps the header row. Returns the map and the byte offset where the data rows
/// start, or `None` for an empty file when `allow_empty`.
fn read_header(
    file: FileKind,
    text: &str,
    columns: &[Column],
    issues: &mut Vec<RowIssue>,
    allow_empty: bool,
) -> Result<Option<(HeaderMap, usize)>, LoadError> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut header = csv::StringRecord::new();
    // csv skips leading empty lines.
    if !rdr.read_record(&mut header).map_err(|e| csv_error(file, &e))? {
        if allow_empty {
            return Ok(None);
        }
        return Err(LoadError::NoDataRows { file });
    }
    let map = map_header(file, &header, columns, issues)?;
    let body_start = usize::try_from(rdr.position().byte()).unwrap_or(text.len()).min(text.len());
    Ok(Some((map, body_start)))
}

/// Reads the data rows in `body` (which starts on line `first_line`), calling `row` for each
/// record of the right width. Ragged rows are reported here. Returns (data rows, skipped rows).
fn read_records(
    file: FileKind,
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
            Err(e) => return Err(csv_error(file, &e)),
        }
        let line = lines.line_of(rec.position());
        last = Some((lines.at, line));
        // A line holding only separators or whitespace is not a data row.
        if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        rows += 1;
        if rec.len() != map.fields {
            issues.push(RowIssue {
                file,
                line,
                column: None,
                value: String::new(),
                kind: IssueKind::RaggedRow { expected: map.fields, found: rec.len() },
                severity: Severity::Error,
            });
            skipped += 1;
            continue;
        }
        // One UTF-8 check per record, not one per field read: the fields are slices of it. (It
        // cannot fail: `body` is text and the reader only drops ASCII quotes and separators.)
        let text = std::str::from_utf8(rec.as_slice()).ok();
        let fields = Fields { file, line, rec: &rec, text, map, columns };
        if !row(&fields, issues) {
            skipped += 1;
        }
    }
    if let Some((start, line)) = last {
        if ends_inside_quotes(&body.as_bytes()[start.min(body.len())..]) {
            return Err(LoadError::UnclosedQuote { file, line });
        }
    }
    Ok((rows, skipped))
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
fn count_lines(text: &[u8], range: std::ops::Range<usize>) -> u64 {
    let start = range.start;
    memchr::memchr2_iter(b'\n', b'\r', &text[range])
        .filter(|&i| text[start + i] == b'\n' || text.get(start + i + 1) != Some(&b'\n'))
        .count() as u64
}

/// Splits `body` into about `parts` ranges that each start at the beginning of a record, for
/// parsing in parallel. Quote-aware: a newline inside a quoted field is not a boundary. Returns
/// a single range when the quoting is anything but regular (a quote that does not open a field
/// or close one), so that chunked parsing always reads exactly what one reader would.
fn record_chunks(body: &[u8], parts: usize) -> Vec<std::ops::Range<usize>> {
    #[allow(clippy::single_range_in_vec_init)] // a list of one range, on purpose
    let whole = vec![0..body.len()];
    if parts <= 1 || body.is_empty() {
        return whole;
    }
    let mut cuts = Vec::with_capacity(parts);
    let mut quotes = memchr::memchr_iter(b'"', body).peekable();
    let mut in_quotes = false;
    // Advances the quote state over every quote before `end`; false on irregular quoting.
    let mut advance = |end: usize, in_quotes: &mut bool| -> bool {
        while let Some(&q) = quotes.peek() {
            if q >= end {
                break;
            }
            quotes.next();
            if *in_quotes {
                if body.get(q + 1) == Some(&b'"') {
                    quotes.next(); // an escaped quote
                } else if matches!(body.get(q + 1), None | Some(b',' | b'\r' | b'\n')) {
                    *in_quotes = false;
                } else {
                    return false;
                }
            } else if q == 0 || matches!(body[q - 1], b',' | b'\n') {
                *in_quotes = true;
            } else {
                return false;
            }
        }
        true
    };
    let mut from = 0;
    for k in 1..parts {
        let target = (body.len() / parts * k).max(from);
        let mut nl = match memchr::memchr(b'\n', &body[target..]) {
            Some(i) => target + i,
            None => break,
        };
        loop {
            if !advance(nl, &mut in_quotes) {
                return whole;
            }
            if !in_quotes {
                break;
            }
            nl = match memchr::memchr(b'\n', &body[nl + 1..]) {
                Some(i) => nl + 1 + i,
                None => return whole,
            };
        }
        if nl + 1 < body.len() {
            cuts.push(nl + 1);
            from = nl + 1;
        }
    }
    if !advance(body.len(), &mut in_quotes) || in_quotes {
        return whole;
    }
    let mut ranges = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for c in cuts {
        ranges.push(start..c);
        start = c;
    }
    ranges.push(start..body.len());
    ranges
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

/// Access to the fields of one record by contract column index.
struct Fields<'a> {
    file: FileKind,
    line: u64,
    rec: &'a csv::ByteRecord,
    /// All fields of `rec` as text, when valid UTF-8.
    text: Option<&'a str>,
    map: &'a HeaderMap,
    columns: &'a [Column],
}

/// A parse failure of one field: the issue to report.
type FieldResult<T> = Result<T, RowIssue>;

impl Fields<'_> {
    /// The bytes of column `c` without surrounding ASCII whitespace (empty when absent).
    fn raw(&self, c: usize) -> &[u8] {
        self.map.index[c].and_then(|i| self.rec.get(i)).map_or(&[][..], <[u8]>::trim_ascii)
    }

    /// The trimmed text of column `c` (empty when the column is absent).
    fn get(&self, c: usize) -> &str {
        let Some(i) = self.map.index[c] else { return "" };
        let field = match self.text {
            Some(text) => self.rec.range(i).and_then(|r| text.get(r)),
            None => self.rec.get(i).and_then(|f| std::str::from_utf8(f).ok()),
        };
        field.map_or("", trim)
    }

    fn issue(&self, c: usize, value: &str, kind: IssueKind) -> RowIssue {
        let severity = kind.severity();
        RowIssue {
            file: self.file,
            line: self.line,
            column: Some(self.columns[c].name),
            value: clip(value),
            kind,
            severity,
        }
    }

    fn required(&self, c: usize) -> FieldResult<&str> {
        let v = self.get(c);
        if v.is_empty() {
            Err(self.issue(c, v, IssueKind::MissingValue))
        } else {
            Ok(v)
        }
    }

    fn parse_req<T>(&self, c: usize, f: impl Fn(&str) -> Option<T>, bad: IssueKind) -> FieldResult<T> {
        let v = self.required(c)?;
        f(v).ok_or_else(|| self.issue(c, v, bad))
    }

    fn parse_opt<T>(&self, c: usize, f: impl Fn(&str) -> Option<T>, bad: IssueKind) -> FieldResult<Option<T>> {
        let v = self.get(c);
        if v.is_empty() {
            return Ok(None);
        }
        f(v).map(Some).ok_or_else(|| self.issue(c, v, bad))
    }

    /// Like `parse_req` for ASCII-only values (numbers, dates, periods): parses the raw bytes
    /// first (the hot path, no UTF-8 check) and falls back to the Unicode-trimmed text.
    fn parse_req_b<T>(&self, c: usize, f: impl Fn(&[u8]) -> Option<T>, bad: IssueKind) -> FieldResult<T> {
        match f(self.raw(c)) {
            Some(v) => Ok(v),
            None => self.parse_req(c, |s| f(s.as_bytes()), bad),
        }
    }

    /// Like `parse_opt` for ASCII-only values.
    fn parse_opt_b<T>(&self, c: usize, f: impl Fn(&[u8]) -> Option<T>, bad: IssueKind) -> FieldResult<Option<T>> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        match f(raw) {
            Some(v) => Ok(Some(v)),
            None => self.parse_opt(c, |s| f(s.as_bytes()), bad),
        }
    }

    fn amount(&self, c: usize, non_negative: bool) -> FieldResult<Amount> {
        let a = self.parse_req_b(c, Amount::parse_bytes, IssueKind::BadNumber)?;
        if non_negative && a.is_negative() {
            return Err(self.issue(c, self.get(c), IssueKind::NegativeAmount));
        }
        self.plausible(c, a)
    }

    fn opt_amount(&self, c: usize) -> FieldResult<Option<Amount>> {
        let a = self.parse_opt_b(c, Amount::parse_bytes, IssueKind::BadNumber)?;
        if a.is_some_and(Amount::is_negative) {
            return Err(self.issue(c, self.get(c), IssueKind::NegativeAmount));
        }
        a.map(|a| self.plausible(c, a)).transpose()
    }

    /// `a` unless its size is beyond [`crate::issue::MAX_PLAUSIBLE_YUAN`].
    fn plausible(&self, c: usize, a: Amount) -> FieldResult<Amount> {
        if a.0.unsigned_abs() > crate::issue::MAX_PLAUSIBLE_YUAN.unsigned_abs() * 100 {
            return Err(self.issue(c, self.get(c), IssueKind::ImplausibleAmount));
        }
        Ok(a)
    }
}

/// `str::trim`, with a shortcut for the usual field that starts and ends with a visible ASCII
/// character (no whitespace, ASCII or not, can be trimmed then).
fn trim(s: &str) -> &str {
    let visible = |c: &u8| c.is_ascii_graphic();
    if s.as_bytes().first().is_some_and(visible) && s.as_bytes().last().is_some_and(visible) {
        s
    } else {
        s.trim()
    }
}

/// A whole number ≥ 0 (a trailing `.0`, as spreadsheets write, is accepted).
fn parse_count(s: &[u8]) -> Option<u32> {
    let s = s.strip_suffix(b".0").unwrap_or(s);
    if s.is_empty() || s.len() > 10 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u64::from(c - b'0');
    }
    u32::try_from(v).ok()
}

// Column indices.
mod c {
    pub const PERIOD: usize = 0;
    pub const CUSTOMER_ID: usize = 1;
    pub const NAME: usize = 2;
    pub const KIND: usize = 3;
    pub const BRANCH_ID: usize = 4;
    pub const MANAGER_ID: usize = 5;
    pub const OPEN_DATE: usize = 6;
    pub const DEPOSIT_AVG: usize = 7;
    pub const LOAN_BALANCE: usize = 8;
    pub const AUM: usize = 9;
    pub const FEE_INCOME: usize = 10;
    pub const PRODUCTS: usize = 11;
    pub const TXN_COUNT: usize = 12;
    pub const INDUSTRY: usize = 13;
    pub const LOAN_CLASS: usize = 14;
    pub const OVERDUE_DAYS: usize = 15;
    pub const LAST_CONTACT: usize = 16;
    pub const COMPLAINTS: usize = 17;
    pub const PHONE: usize = 18;
}

mod m {
    pub const MANAGER_ID: usize = 0;
    pub const NAME: usize = 1;
    pub const BRANCH_ID: usize = 2;
    pub const GRADE: usize = 3;
    pub const HIRE_DATE: usize = 4;
    pub const STATUS: usize = 5;
    pub const PERIOD: usize = 6;
    pub const DEPOSIT_TARGET: usize = 7;
    pub const LOAN_TARGET: usize = 8;
    pub const FEE_TARGET: usize = 9;
    pub const NEW_CUSTOMERS_TARGET: usize = 10;
}

/// Accumulates rows while the interners hand out first-seen ids; `finish` renumbers.
#[derive(Default)]
struct Builder {
    ds: Dataset,
    issues: Vec<RowIssue>,
    customer_lines: Vec<u64>,
    manager_lines: Vec<u64>,
    /// Which manager syms are listed in managers.csv (first-seen ids).
    listed: Vec<bool>,
    /// customers.csv rows in `ds.customers` still hold chunk-local ids: `finish` translates
    /// them, one segment per chunk, straight to the final (string-ordered) ids.
    segments: Vec<Segment>,
    /// Tests: parse customers.csv in this many chunks regardless of its size.
    force_chunks: Option<usize>,
}

/// Interns `s`, trying `hint` (a previous value likely equal) before the hash table.
fn intern_hinted(pool: &mut Interner, hint: Option<Sym>, s: &str) -> Sym {
    match hint {
        Some(h) if h.index() < pool.len() && pool.resolve(h) == s => h,
        _ => pool.intern(s),
    }
}

/// Read-only state shared by the chunk parsers.
struct Shared<'a> {
    map: &'a HeaderMap,
    /// The dataset's pools as managers.csv left them. Each chunk starts from a copy, so the ids
    /// below their lengths mean the same in every chunk and in the dataset.
    text: &'a Interner,
    branch_ids: &'a Interner,
    manager_ids: &'a Interner,
    /// Which of `manager_ids` are listed in managers.csv, to flag unknown references.
    listed: &'a [bool],
    /// Rows to reserve room for in the first chunk: all the rows of the file, so that the
    /// other chunks' rows are appended to it without moving it.
    first_chunk_rows: usize,
}

/// The rows of one chunk in `Dataset::customers` and the translation of its local ids to the
/// dataset's first-seen ids (`None`: the same ids).
struct Segment {
    rows: std::ops::Range<usize>,
    customers: Option<Vec<Sym>>,
    text: Option<Vec<Sym>>,
    branches: Option<Vec<Sym>>,
    managers: Option<Vec<Sym>>,
    /// Local product → dataset product (`None`: dropped, beyond [`MAX_PRODUCTS`]).
    products: Vec<Option<Sym>>,
}

/// customers.csv rows parsed from one chunk, with chunk-local ids.
#[derive(Default)]
struct CustomerChunk {
    rows: Vec<CustomerRow>,
    lines: Vec<u64>,
    issues: Vec<RowIssue>,
    customer_ids: Interner,
    text: Interner,
    branch_ids: Interner,
    manager_ids: Interner,
    products: Interner,
    rows_seen: u64,
    skipped: u64,
}

/// A customer's interned values in its latest row: hints for its next row.
#[derive(Clone, Copy)]
struct LastText {
    name: Sym,
    phone: Option<Sym>,
    branch: Sym,
    manager: Option<Sym>,
}

/// Brings the strings of a chunk's pool `local` into the dataset's pool `global`. Both began
/// as the same first `seed` strings; while `global` has nothing beyond them, `local` simply
/// replaces it (the ids stay: `None`). Otherwise returns the local → dataset id map.
fn adopt_or_map(global: &mut Interner, local: Interner, seed: usize) -> Option<Vec<Sym>> {
    if global.len() == seed {
        *global = local;
        return None;
    }
    // Chunks see strings in about the order earlier chunks did: try the id after the previous
    // new string's before hashing.
    let mut prev: Option<Sym> = None;
    let map = local
        .iter()
        .map(|(id, s)| {
            if id.index() < seed {
                return id;
            }
            let g = intern_hinted(global, prev.map(|p| Sym(p.0 + 1)), s);
            prev = Some(g);
            g
        })
        .collect();
    Some(map)
}

/// Below this many customers.csv rows, `finish` does not bother with threads.
const PARALLEL_ROWS: usize = 200_000;

/// Chunk-local → final ids of one segment of customers.csv rows.
struct RowMaps<'a> {
    customers: std::borrow::Cow<'a, [Sym]>,
    text: std::borrow::Cow<'a, [Sym]>,
    branches: std::borrow::Cow<'a, [Sym]>,
    managers: std::borrow::Cow<'a, [Sym]>,
    products: Vec<Option<Sym>>,
}

/// `fin ∘ local` (`local` `None`: the identity).
fn compose<'a>(local: Option<&[Sym]>, fin: &'a [Sym]) -> std::borrow::Cow<'a, [Sym]> {
    match local {
        None => std::borrow::Cow::Borrowed(fin),
        Some(local) => std::borrow::Cow::Owned(local.iter().map(|g| fin[g.index()]).collect()),
    }
}

fn remap_rows(rows: &mut [CustomerRow], m: &RowMaps<'_>) {
    for r in rows {
        r.customer = m.customers[r.customer.index()];
        r.name = m.text[r.name.index()];
        r.branch = m.branches[r.branch.index()];
        r.manager = r.manager.map(|s| m.managers[s.index()]);
        r.phone = r.phone.map(|s| m.text[s.index()]);
        let mut set = ProductSet::default();
        let mut bits = r.products.0;
        while bits != 0 {
            if let Some(Some(g)) = m.products.get(bits.trailing_zeros() as usize) {
                set.insert(*g);
            }
            bits &= bits - 1;
        }
        r.products = set;
    }
}

/// Translates each segment's rows, on one thread per segment with the `parallel` feature.
fn remap_parts(big: bool, parts: Vec<(&mut [CustomerRow], &RowMaps<'_>)>) {
    #[cfg(feature = "parallel")]
    if big && parts.len() > 1 {
        std::thread::scope(|scope| {
            let mut parts = parts.into_iter();
            let first = parts.next();
            for (rows, m) in parts {
                scope.spawn(move || remap_rows(rows, m));
            }
            if let Some((rows, m)) = first {
                remap_rows(rows, m);
            }
        });
        return;
    }
    let _ = big;
    for (rows, m) in parts {
        remap_rows(rows, m);
    }
}

/// How many chunks to parse `len` bytes of rows in.
fn chunk_count(len: usize) -> usize {
    const MIN_CHUNK: usize = 8 << 20;
    if !cfg!(feature = "parallel") || len < 2 * MIN_CHUNK {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    cores.min(len / MIN_CHUNK).clamp(1, 8)
}

#[cfg(feature = "parallel")]
fn run_chunks(jobs: &[(&str, u64)], shared: &Shared<'_>) -> Vec<Result<CustomerChunk, LoadError>> {
    if jobs.len() <= 1 {
        return jobs.iter().map(|&(text, line)| parse_customer_chunk(text, line, true, shared)).collect();
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .enumerate()
            .map(|(i, &(text, line))| scope.spawn(move || parse_customer_chunk(text, line, i == 0, shared)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

#[cfg(not(feature = "parallel"))]
fn run_chunks(jobs: &[(&str, u64)], shared: &Shared<'_>) -> Vec<Result<CustomerChunk, LoadError>> {
    jobs.iter().enumerate().map(|(i, &(text, line))| parse_customer_chunk(text, line, i == 0, shared)).collect()
}

/// Runs `a` and `b`, on two threads with the `parallel` feature when `big`.
fn join<A: Send, B: Send>(big: bool, a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    if big {
        return std::thread::scope(|scope| {
            let h = scope.spawn(a);
            let b = b();
            (h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), b)
        });
    }
    let _ = big;
    (a(), b())
}

/// Parses the customers.csv rows in `body` (starting on `first_line`).
fn parse_customer_chunk(
    body: &str,
    first_line: u64,
    first: bool,
    shared: &Shared<'_>,
) -> Result<CustomerChunk, LoadError> {
    let mut ch = CustomerChunk {
        text: shared.text.clone(),
        branch_ids: shared.branch_ids.clone(),
        manager_ids: shared.manager_ids.clone(),
        ..CustomerChunk::default()
    };
    let reserve = if first { shared.first_chunk_rows } else { body.len() / 110 + 16 };
    ch.rows.reserve(reserve);
    ch.lines.reserve(reserve);
    // Per customer: the name and phone of its last row. Names and phones rarely change between
    // months, so comparing with these skips most lookups in the large text interner.
    let mut last_text: Vec<LastText> = Vec::new();
    // Distinct product lists are few: one lookup per row instead of one per code.
    let mut product_sets: hashbrown::HashMap<Box<str>, ProductSet> = hashbrown::HashMap::new();
    let mut prev_customer: Option<Sym> = None;
    let mut issues = Vec::new();
    let listed = |m: Sym| shared.listed.get(m.index()).copied().unwrap_or(false);
    let (rows, skipped) = read_records(
        FileKind::Customers,
        body,
        first_line,
        shared.map,
        &CUSTOMER_COLUMNS,
        &mut issues,
        |f, issues| {
            let ds = &mut ch;
            let parsed = (|| -> FieldResult<CustomerRow> {
                let period = f.parse_req_b(c::PERIOD, Period::parse_bytes, IssueKind::BadPeriod)?;
                let customer_id = f.required(c::CUSTOMER_ID)?;
                let kind =
                    f.parse_req(c::KIND, Kind::parse, IssueKind::BadEnum { expected: "retail|corporate (对私|对公)" })?;
                let branch_id = f.required(c::BRANCH_ID)?;
                let open_date = f.parse_req_b(c::OPEN_DATE, Date::parse_bytes, IssueKind::BadDate)?;
                let deposit_avg = f.amount(c::DEPOSIT_AVG, true)?;
                let loan_balance = f.amount(c::LOAN_BALANCE, true)?;
                let aum = f.amount(c::AUM, true)?;
                let fee_income = f.amount(c::FEE_INCOME, false)?;
                let txn_count = f.parse_req_b(c::TXN_COUNT, parse_count, IssueKind::BadInteger)?;
                let industry = f.parse_opt(
                    c::INDUSTRY,
                    Industry::parse,
                    IssueKind::BadEnum { expected: "a letter A–T (GB/T 4754)" },
                )?;
                let loan_class = f.parse_opt(
                    c::LOAN_CLASS,
                    LoanClass::parse,
                    IssueKind::BadEnum {
                        expected: "normal|special|substandard|doubtful|loss (正常|关注|次级|可疑|损失)",
                    },
                )?;
                let overdue_days = f.parse_opt_b(c::OVERDUE_DAYS, parse_count, IssueKind::BadInteger)?;
                let last_contact = f.parse_opt_b(c::LAST_CONTACT, Date::parse_bytes, IssueKind::BadDate)?;
                let complaints = f.parse_opt_b(c::COMPLAINTS, parse_count, IssueKind::BadInteger)?;
                // Everything parsed: intern and record warnings.
                // Exports list customers in the same order every month: the id after the previous
                // row's is usually this row's (a check on memory read in sequence, no hashing).
                let customer =
                    intern_hinted(&mut ds.customer_ids, prev_customer.map(|p: Sym| Sym(p.0 + 1)), customer_id);
                prev_customer = Some(customer);
                // The customer's previous row: its texts, branch and manager rarely change.
                let last = last_text.get(customer.index()).copied();
                let manager_id = f.get(c::MANAGER_ID);
                let manager = (!manager_id.is_empty())
                    .then(|| intern_hinted(&mut ds.manager_ids, last.and_then(|l| l.manager), manager_id));
                if manager.is_some_and(|m| !listed(m)) {
                    issues.push(f.issue(c::MANAGER_ID, manager_id, IssueKind::UnknownManager));
                }
                let raw_products = f.get(c::PRODUCTS);
                let products = match product_sets.get(raw_products) {
                    Some(&set) => set,
                    None => {
                        let mut set = ProductSet::default();
                        let mut complete = true;
                        for code in raw_products.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                            if ds.products.get(code).is_none() && ds.products.len() >= MAX_PRODUCTS {
                                issues.push(f.issue(c::PRODUCTS, code, IssueKind::TooManyProducts));
                                complete = false;
                                continue;
                            }
                            set.insert(ds.products.intern(code));
                        }
                        // Only a complete set is remembered, so every row that drops a code says so.
                        if complete {
                            product_sets.insert(raw_products.into(), set);
                        }
                        set
                    }
                };
                if loan_balance.0 > 0 && loan_class.is_none() {
                    issues.push(f.issue(c::LOAN_BALANCE, f.get(c::LOAN_BALANCE), IssueKind::LoanWithoutClass));
                }
                if loan_balance.0 == 0 && loan_class.is_some() {
                    issues.push(f.issue(c::LOAN_CLASS, f.get(c::LOAN_CLASS), IssueKind::ClassWithoutLoan));
                }
                let end = period.last_day();
                if open_date > end {
                    issues.push(f.issue(c::OPEN_DATE, f.get(c::OPEN_DATE), IssueKind::DateAfterPeriod));
                }
                if last_contact.is_some_and(|d| d > end) {
                    issues.push(f.issue(c::LAST_CONTACT, f.get(c::LAST_CONTACT), IssueKind::DateAfterPeriod));
                }
                let name = intern_hinted(&mut ds.text, last.map(|l| l.name), f.get(c::NAME));
                let phone = f.get(c::PHONE);
                let phone = (!phone.is_empty()).then(|| intern_hinted(&mut ds.text, last.and_then(|l| l.phone), phone));
                let branch = intern_hinted(&mut ds.branch_ids, last.map(|l| l.branch), branch_id);
                let now = LastText { name, phone, branch, manager };
                if customer.index() == last_text.len() {
                    last_text.push(now);
                } else if let Some(slot) = last_text.get_mut(customer.index()) {
                    *slot = now;
                }
                Ok(CustomerRow {
                    period,
                    customer,
                    name,
                    kind,
                    branch,
                    manager,
                    open_date,
                    deposit_avg,
                    loan_balance,
                    aum,
                    fee_income,
                    products,
                    txn_count,
                    industry,
                    loan_class: if loan_balance.0 > 0 { loan_class } else { None },
                    overdue_days,
                    last_contact,
                    complaints,
                    phone,
                })
            })();
            match parsed {
                Ok(r) => {
                    ds.rows.push(r);
                    ds.lines.push(f.line);
                    true
                }
                Err(i) => {
                    issues.push(i);
                    false
                }
            }
        },
    )?;
    ch.issues = issues;
    ch.rows_seen = rows;
    ch.skipped = skipped;
    Ok(ch)
}

impl Builder {
    fn managers(&mut self, text: &str, encoding: &'static str) -> Result<FileStats, LoadError> {
        let file = FileKind::Managers;
        let mut issues = std::mem::take(&mut self.issues);
        let ds = &mut self.ds;
        let lines = &mut self.manager_lines;
        let (rows, skipped) = for_each_record(file, text, &MANAGER_COLUMNS, &mut issues, false, |f, issues| {
            let parsed = (|| -> FieldResult<ManagerRow> {
                let manager = ds.manager_ids.intern(f.required(m::MANAGER_ID)?);
                let name = ds.text.intern(f.get(m::NAME));
                let branch = ds.branch_ids.intern(f.required(m::BRANCH_ID)?);
                let grade = ds.text.intern(f.get(m::GRADE));
                let hire_date = f.parse_req_b(m::HIRE_DATE, Date::parse_bytes, IssueKind::BadDate)?;
                let status =
                    f.parse_req(m::STATUS, Status::parse, IssueKind::BadEnum { expected: "active|left (在岗|离岗)" })?;
                let period = f.parse_opt_b(m::PERIOD, Period::parse_bytes, IssueKind::BadPeriod)?;
                let targets = Targets {
                    deposit: f.opt_amount(m::DEPOSIT_TARGET)?,
                    loan: f.opt_amount(m::LOAN_TARGET)?,
                    fee: f.opt_amount(m::FEE_TARGET)?,
                    new_customers: f.parse_opt_b(m::NEW_CUSTOMERS_TARGET, parse_count, IssueKind::BadInteger)?,
                };
                Ok(ManagerRow { manager, name, branch, grade, hire_date, status, period, targets })
            })();
            match parsed {
                Ok(r) => {
                    ds.managers.push(r);
                    lines.push(f.line);
                    true
                }
                Err(i) => {
                    issues.push(i);
                    false
                }
            }
        })?;
        self.issues = issues;
        self.listed = vec![false; self.ds.manager_ids.len()];
        for r in &self.ds.managers {
            self.listed[r.manager.index()] = true;
        }
        Ok(FileStats { file, encoding, rows, skipped })
    }

    /// Parses customers.csv: the data rows are cut into record-aligned chunks (one per core with
    /// the `parallel` feature, else one), each parsed with its own interners, then merged in
    /// order. The result does not depend on the number of chunks.
    fn customers(&mut self, text: String, encoding: &'static str) -> Result<FileStats, LoadError> {
        let file = FileKind::Customers;
        let Some((map, body_start)) = read_header(file, &text, &CUSTOMER_COLUMNS, &mut self.issues, false)? else {
            return Err(LoadError::NoDataRows { file });
        };
        let body = &text[body_start..];
        let first_line = 1 + count_lines(text.as_bytes(), 0..body_start);
        let parts = self.force_chunks.unwrap_or_else(|| chunk_count(body.len()));
        let ranges = record_chunks(body.as_bytes(), parts);
        let mut starts = Vec::with_capacity(ranges.len());
        let mut line = first_line;
        let mut prev = 0;
        for r in &ranges {
            line += count_lines(body.as_bytes(), prev..r.start);
            prev = r.start;
            starts.push(line);
        }
        let shared = Shared {
            map: &map,
            text: &self.ds.text,
            branch_ids: &self.ds.branch_ids,
            manager_ids: &self.ds.manager_ids,
            listed: &self.listed,
            first_chunk_rows: body.len() / 110 + 16,
        };
        let jobs: Vec<(&str, u64)> = ranges.iter().map(|r| &body[r.clone()]).zip(starts).collect();
        let chunks = run_chunks(&jobs, &shared);
        drop(jobs);
        drop(text);
        let (mut rows, mut skipped) = (0, 0);
        let seeds = (self.ds.text.len(), self.ds.branch_ids.len(), self.ds.manager_ids.len());
        for chunk in chunks {
            let chunk = chunk?;
            rows += chunk.rows_seen;
            skipped += chunk.skipped;
            self.merge(chunk, seeds);
        }
        if rows == 0 {
            return Err(LoadError::NoDataRows { file });
        }
        Ok(FileStats { file, encoding, rows, skipped })
    }

    /// Moves a parsed chunk into the dataset: its strings into the dataset's pools, its rows
    /// (still with local ids, translated in `finish`) to the end of `ds.customers`.
    /// `seeds`: the lengths of the text, branch and manager pools each chunk started from.
    fn merge(&mut self, mut ch: CustomerChunk, seeds: (usize, usize, usize)) {
        let ds = &mut self.ds;
        let customers = adopt_or_map(&mut ds.customer_ids, ch.customer_ids, 0);
        let text = adopt_or_map(&mut ds.text, ch.text, seeds.0);
        let branches = adopt_or_map(&mut ds.branch_ids, ch.branch_ids, seeds.1);
        let managers = adopt_or_map(&mut ds.manager_ids, ch.manager_ids, seeds.2);
        // Product codes beyond the dataset's limit are dropped, with a warning on each row.
        let mut products: Vec<Option<Sym>> = Vec::with_capacity(ch.products.len());
        for (local, code) in ch.products.iter() {
            if ds.products.get(code).is_none() && ds.products.len() >= MAX_PRODUCTS {
                products.push(None);
                for (r, &line) in ch.rows.iter().zip(&ch.lines) {
                    if r.products.contains(local) {
                        self.issues.push(RowIssue {
                            file: FileKind::Customers,
                            line,
                            column: Some("products"),
                            value: clip(code),
                            kind: IssueKind::TooManyProducts,
                            severity: IssueKind::TooManyProducts.severity(),
                        });
                    }
                }
            } else {
                products.push(Some(ds.products.intern(code)));
            }
        }
        let start = ds.customers.len();
        if ds.customers.is_empty() {
            ds.customers = ch.rows;
            self.customer_lines = ch.lines;
        } else {
            ds.customers.append(&mut ch.rows);
            self.customer_lines.append(&mut ch.lines);
        }
        self.segments.push(Segment { rows: start..ds.customers.len(), customers, text, branches, managers, products });
        self.issues.append(&mut ch.issues);
    }

    fn splits(&mut self, text: &str, encoding: &'static str, tolerance: f64) -> Result<FileStats, LoadError> {
        let file = FileKind::CreditSplits;
        let mut issues = std::mem::take(&mut self.issues);
        let ds = &mut self.ds;
        let listed = &self.listed;
        let mut raw: Vec<(Split, u64)> = Vec::new();
        let (rows, mut skipped) = for_each_record(file, text, &SPLIT_COLUMNS, &mut issues, true, |f, issues| {
            let parsed = (|| -> FieldResult<Split> {
                let cid = f.required(0)?;
                let mid = f.required(1)?;
                let share = f.parse_req(2, |s| s.parse::<f64>().ok(), IssueKind::BadShare)?;
                if !(share > 0.0 && share <= 1.0) {
                    return Err(f.issue(2, f.get(2), IssueKind::BadShare));
                }
                let Some(customer) = ds.customer_ids.get(cid) else {
                    let mut i = f.issue(0, cid, IssueKind::UnknownCustomer);
                    i.severity = Severity::Error;
                    return Err(i);
                };
                let manager = match ds.manager_ids.get(mid) {
                    Some(m) if listed.get(m.index()).copied().unwrap_or(false) => m,
                    _ => {
                        let mut i = f.issue(1, mid, IssueKind::UnknownManager);
                        i.severity = Severity::Error;
                        return Err(i);
                    }
                };
                Ok(Split { customer, manager, share })
            })();
            match parsed {
                Ok(s) => {
                    raw.push((s, f.line));
                    true
                }
                Err(i) => {
                    issues.push(i);
                    false
                }
            }
        })?;
        // Duplicates and sums, per customer (first-seen ids are fine for grouping).
        raw.sort_by_key(|(s, line)| (s.customer, *line));
        let mut i = 0;
        while i < raw.len() {
            let cust = raw[i].0.customer;
            let mut j = i;
            while j < raw.len() && raw[j].0.customer == cust {
                j += 1;
            }
            let group = &raw[i..j];
            let mut ok: Vec<(Split, u64)> = Vec::new();
            for &(s, line) in group {
                if let Some(&(_, first)) = ok.iter().find(|(o, _)| o.manager == s.manager) {
                    issues.push(RowIssue {
                        file,
                        line,
                        column: Some("manager_id"),
                        value: format!("({}, {})", ds.customer_ids.resolve(cust), ds.manager_ids.resolve(s.manager)),
                        kind: IssueKind::DuplicateKey { first_line: first },
                        severity: Severity::Error,
                    });
                    skipped += 1;
                } else {
                    ok.push((s, line));
                }
            }
            // Sum in line order: a fixed order.
            let sum: f64 = ok.iter().map(|(s, _)| s.share).sum();
            if (sum - 1.0).abs() > tolerance {
                for &(_, line) in &ok {
                    issues.push(RowIssue {
                        file,
                        line,
                        column: Some("share"),
                        value: ds.customer_ids.resolve(cust).to_string(),
                        kind: IssueKind::SharesSum { sum_millis: (sum * 1000.0).round() as i64 },
                        severity: Severity::Error,
                    });
                    skipped += 1;
                }
            } else {
                ds.splits.extend(ok.into_iter().map(|(s, _)| s));
            }
            i = j;
        }
        self.issues = issues;
        Ok(FileStats { file, encoding, rows, skipped })
    }

    /// Renumbers interners in string order, sorts, drops duplicate customer and manager keys.
    fn finish(mut self) -> (Dataset, Vec<RowIssue>) {
        let ds = &mut self.ds;
        // (Tests that force chunks take the threaded paths too.)
        let big = ds.customers.len() >= PARALLEL_ROWS || self.force_chunks.is_some_and(|n| n > 1);
        let (customer_ids, text) = (&mut ds.customer_ids, &mut ds.text);
        let (cmap, tmap) = join(big, || customer_ids.finish(), || text.finish());
        let bmap = ds.branch_ids.finish();
        let mmap = ds.manager_ids.finish();
        let pmap = ds.products.finish();
        // customers.csv rows: chunk-local ids straight to final ids, one segment per chunk.
        let maps: Vec<RowMaps<'_>> = self
            .segments
            .iter()
            .map(|seg| RowMaps {
                customers: compose(seg.customers.as_deref(), &cmap),
                text: compose(seg.text.as_deref(), &tmap),
                branches: compose(seg.branches.as_deref(), &bmap),
                managers: compose(seg.managers.as_deref(), &mmap),
                products: seg.products.iter().map(|p| p.map(|g| pmap[g.index()])).collect(),
            })
            .collect();
        let mut parts = Vec::with_capacity(maps.len());
        let mut rest = &mut ds.customers[..];
        for (seg, m) in self.segments.iter().zip(&maps) {
            let (part, tail) = std::mem::take(&mut rest).split_at_mut(seg.rows.len());
            parts.push((part, m));
            rest = tail;
        }
        remap_parts(big, parts);
        drop(maps);
        for r in &mut ds.managers {
            r.manager = mmap[r.manager.index()];
            r.name = tmap[r.name.index()];
            r.branch = bmap[r.branch.index()];
            r.grade = tmap[r.grade.index()];
        }
        for s in &mut ds.splits {
            s.customer = cmap[s.customer.index()];
            s.manager = mmap[s.manager.index()];
        }
        ds.splits.sort_by_key(|s| (s.customer, s.manager));

        // Customers: sort by (period, customer, line); keep the first of each key. Exports are
        // usually in that order already (then nothing moves and no key repeats).
        let key = |r: &CustomerRow| (u64::from(r.period.0) << 32) | u64::from(r.customer.0);
        let sorted = ds.customers.windows(2).all(|w| key(&w[0]) < key(&w[1]));
        if !sorted {
            let mut order: Vec<(u64, u64, u32)> = ds
                .customers
                .iter()
                .zip(&self.customer_lines)
                .enumerate()
                .map(|(i, (r, &line))| ((u64::from(r.period.0) << 32) | u64::from(r.customer.0), line, i as u32))
                .collect();
            order.sort_unstable();
            let mut rows = Vec::with_capacity(order.len());
            let mut prev: Option<(u64, u64)> = None;
            for &(key, line, i) in &order {
                let r = ds.customers[i as usize];
                match prev {
                    Some((k, first_line)) if k == key => {
                        self.issues.push(RowIssue {
                            file: FileKind::Customers,
                            line,
                            column: Some("customer_id"),
                            value: format!("({}, {})", r.period, ds.customer_ids.resolve(r.customer)),
                            kind: IssueKind::DuplicateKey { first_line },
                            severity: Severity::Error,
                        });
                    }
                    _ => {
                        prev = Some((key, line));
                        rows.push(r);
                    }
                }
            }
            drop(order);
            ds.customers = rows;
        }
        ds.periods = ds.customers.iter().map(|r| r.period).collect();
        ds.periods.dedup();

        // Managers: sort by (manager, period with undated first, line); keep the first.
        let mut morder: Vec<(Sym, Option<Period>, u64, usize)> = ds
            .managers
            .iter()
            .zip(&self.manager_lines)
            .enumerate()
            .map(|(i, (r, &l))| (r.manager, r.period, l, i))
            .collect();
        morder.sort_unstable();
        let mut mrows = Vec::with_capacity(morder.len());
        let mut mprev: Option<(Sym, Option<Period>, u64)> = None;
        for &(m, p, line, i) in &morder {
            match mprev {
                Some((pm, pp, first_line)) if pm == m && pp == p => {
                    self.issues.push(RowIssue {
                        file: FileKind::Managers,
                        line,
                        column: Some("manager_id"),
                        value: match p {
                            Some(p) => format!("({}, {p})", ds.manager_ids.resolve(m)),
                            None => ds.manager_ids.resolve(m).to_string(),
                        },
                        kind: IssueKind::DuplicateKey { first_line },
                        severity: Severity::Error,
                    });
                }
                _ => {
                    mprev = Some((m, p, line));
                    mrows.push(ds.managers[i]);
                }
            }
        }
        ds.managers = mrows;

        self.issues.sort_by(|a, b| (a.file, a.line, a.column).cmp(&(b.file, b.line, b.column)));
        (self.ds, self.issues)
    }
}

/// Counts issue rows that skipped a row, per file (a duplicate found in `finish` also skips).
pub fn skipped_rows(issues: &[RowIssue], file: FileKind) -> u64 {
    let mut lines: Vec<u64> =
        issues.iter().filter(|i| i.file == file && i.severity == Severity::Error).map(|i| i.line).collect();
    lines.dedup();
    lines.len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_chunks_cut_only_between_records() {
        let body = b"a,b\nc,\"x\ny\"\ne,\"q\"\"q\"\ng,h\ni,j\n";
        for parts in 1..8 {
            let ranges = record_chunks(body, parts);
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert_eq!(ranges.last().map(|r| r.end), Some(body.len()));
            for w in ranges.windows(2) {
                assert_eq!(w[0].end, w[1].start);
                // Every cut follows a newline outside quotes: never inside "x\ny".
                assert_eq!(body[w[1].start - 1], b'\n');
                assert_ne!(w[1].start, 9, "cut inside a quoted field");
            }
        }
    }

    #[test]
    fn irregular_quotes_fall_back_to_one_chunk() {
        // A quote in the middle of an unquoted field: csv reads it literally, parity would lie.
        let body = b"a,b\"c\nd,e\nf,g\nh,i\nj,k\n";
        assert_eq!(record_chunks(body, 4), std::iter::once(0..body.len()).collect::<Vec<_>>());
        // An unterminated quote.
        let body = b"a,b\nc,\"d\ne,f\ng,h\n";
        assert_eq!(record_chunks(body, 4), std::iter::once(0..body.len()).collect::<Vec<_>>());
    }

    fn sample_text() -> (String, String, String) {
        let mut c = String::from("period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,loan_class,phone\n");
        for p in ["2026-01", "2026-02", "2026-03"] {
            for i in 0..40u32 {
                if (i + p.len() as u32) % 13 == 0 && p == "2026-02" {
                    continue; // some customers missing in a month
                }
                let class = if i % 4 == 0 { "normal" } else { "" };
                let loan = if i % 4 == 0 {
                    "1000"
                } else if i == 7 {
                    "50"
                } else {
                    "0"
                };
                c.push_str(&format!(
                    "{p},C{:03},\"名{i}, 先生\",{},B{},M{},2020-01-0{},\"1,{:03}.5\",{loan},{},{},deposit;card{},{},{},{class},1380000{:04}\n",
                    (i * 7) % 40,
                    if i % 5 == 0 { "corporate" } else { "retail" },
                    i % 3,
                    i % 4,
                    1 + i % 9,
                    i,
                    i * 10,
                    i64::from(i) - 5,
                    if i % 3 == 0 { ";wealth" } else { "" },
                    i % 17,
                    if i % 5 == 0 { "C" } else { "" },
                    i
                ));
            }
        }
        c.push_str("2026-03,C005,dup,retail,B1,M1,2020-01-01,1,0,0,0,,1,,,\n");
        c.push_str("2026-03,C006,bad,retail,B1,M1,2020-02-30,1,0,0,0,,1,,,\n");
        let m = "manager_id,name,branch_id,grade,hire_date,status\nM0,甲,B0,senior,2019-01-01,active\nM1,乙,B1,junior,2019-01-01,active\nM2,丙,B2,junior,2019-01-01,left\n".to_string();
        let s = "customer_id,manager_id,share\nC001,M0,0.5\nC001,M1,0.5\n".to_string();
        (c, m, s)
    }

    #[test]
    fn chunked_parsing_equals_one_chunk() {
        let (c, m, s) = sample_text();
        let run = |parts: usize| {
            let inputs = Inputs { customers: c.as_bytes(), managers: m.as_bytes(), credit_splits: Some(s.as_bytes()) };
            load_chunked(readers(inputs), &LoadOptions::default(), Some(parts)).expect("loads")
        };
        let one = run(1);
        assert!(one.issues.iter().any(|i| matches!(i.kind, IssueKind::DuplicateKey { .. })));
        assert!(one.issues.iter().any(|i| i.kind == IssueKind::BadDate));
        for parts in [2, 3, 5, 16] {
            let many = run(parts);
            assert_eq!(many.dataset.customers, one.dataset.customers, "{parts} chunks");
            assert_eq!(many.dataset.periods, one.dataset.periods);
            assert_eq!(many.issues, one.issues, "{parts} chunks");
            assert_eq!(many.files, one.files);
            for (a, b) in [
                (&many.dataset.customer_ids, &one.dataset.customer_ids),
                (&many.dataset.text, &one.dataset.text),
                (&many.dataset.products, &one.dataset.products),
                (&many.dataset.branch_ids, &one.dataset.branch_ids),
                (&many.dataset.manager_ids, &one.dataset.manager_ids),
            ] {
                assert!(a.iter().map(|(_, s)| s).eq(b.iter().map(|(_, s)| s)));
            }
        }
    }
}
