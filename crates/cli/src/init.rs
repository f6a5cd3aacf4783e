//! `branchlens init`: the commented default `branchlens.toml`, or with `--from DATA_DIR` the
//! proposed `[input.*]` mapping of the exports found there. This module only gathers the
//! samples (the header and the first rows of each CSV file and of each sheet of each workbook)
//! and writes the file; the proposal is core's (`config::propose`).

use std::io::Read;
use std::path::{Path, PathBuf};

use branchlens_core::config::propose::{propose, SampleFile, SampleSheet, SAMPLE_ROWS};
use branchlens_core::config::Lang;
use branchlens_core::load::{decode, Cell};
use branchlens_core::{Encoding, FileKind};
use branchlens_i18n::Msg;

use crate::input::InputError;
use crate::{excel, output, Failure, InitArgs};

/// Bytes of a CSV file read for its sample: enough for a header and [`SAMPLE_ROWS`] rows.
const CSV_SAMPLE_BYTES: u64 = 8 << 20;

/// Runs `init`.
pub fn run(a: &InitArgs, lang: Lang) -> Result<u8, Failure> {
    let dir = a.dir.clone().or_else(|| a.from.clone()).unwrap_or_else(|| PathBuf::from("."));
    let path = dir.join("branchlens.toml");
    if path.exists() && !a.force {
        return Err(Failure::msg(Msg::InitExists, &[("path", &path.display())]));
    }
    let (text, summary) = match &a.from {
        None => (branchlens_core::config::DEFAULT_TOML.to_string(), None),
        Some(data) => {
            let samples = gather(data, lang)?;
            let files = count_files(&samples);
            let proposal = propose(&samples);
            let (guesses, todos) = proposal.to_check();
            let summary =
                Msg::InitFromSummary.fill(lang, &[("files", &files), ("guesses", &guesses), ("todos", &todos)]);
            (proposal.render(&data.display().to_string(), lang), Some(summary))
        }
    };
    output::write_file_atomic(&path, |w| w.write_all(text.as_bytes()))
        .map_err(|e| Failure::msg(Msg::CliPathError, &[("path", &path.display()), ("error", &e)]))?;
    println!("{}", Msg::InitWrote.fill(lang, &[("path", &path.display())]));
    if let Some(s) = summary {
        println!("{s}");
    }
    Ok(0)
}

/// The number of distinct files among the samples.
fn count_files(samples: &[SampleFile]) -> usize {
    let mut names: Vec<&str> = samples.iter().map(|s| s.name.as_str()).collect();
    names.dedup();
    names.len()
}

/// The samples of every CSV file and workbook in `data` and its subdirectories (one level),
/// in name order. A file that cannot be read is named on stderr and left out.
fn gather(data: &Path, lang: Lang) -> Result<Vec<SampleFile>, Failure> {
    match std::fs::metadata(data) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(InputError::NotFound(data.into()).into()),
        Err(source) => return Err(InputError::Io { path: data.into(), source }.into()),
        Ok(m) if !m.is_dir() => return Err(InputError::NotADirectory(data.into()).into()),
        Ok(_) => {}
    }
    let mut samples = Vec::new();
    for (name, path) in candidates(data)? {
        let read = if excel::is_workbook(&path) { workbook(&name, &path) } else { csv_file(&name, &path) };
        match read {
            Ok(mut s) => samples.append(&mut s),
            Err(reason) => {
                eprintln!(
                    "{}",
                    Msg::InitFromSkipped.fill(lang, &[("path", &path.display()), ("reason", &reason(lang))])
                )
            }
        }
    }
    Ok(samples)
}

/// The CSV files and workbooks of `data` and of its subdirectories, as (name relative to
/// `data` with `/`, path), sorted. Hidden files and Excel's lock files (`~$…`) are skipped.
fn candidates(data: &Path) -> Result<Vec<(String, PathBuf)>, Failure> {
    let list = |dir: &Path| -> Result<Vec<PathBuf>, Failure> {
        let rd = std::fs::read_dir(dir).map_err(|source| Failure::from(InputError::Io { path: dir.into(), source }))?;
        Ok(rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
    };
    let visible =
        |p: &Path| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| !n.starts_with('.') && !n.starts_with("~$"));
    let is_input = |p: &Path| {
        p.is_file()
            && (excel::is_workbook(p)
                || p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv")))
    };
    let mut out = Vec::new();
    for p in list(data)?.into_iter().filter(|p| visible(p)) {
        if p.is_dir() {
            for q in list(&p)?.into_iter().filter(|q| visible(q) && is_input(q)) {
                let name = format!("{}/{}", file_name(&p), file_name(&q));
                out.push((name, q));
            }
        } else if is_input(&p) {
            out.push((file_name(&p), p));
        }
    }
    out.sort();
    Ok(out)
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Why a file was left out, in the run's language.
type Reason = Box<dyn Fn(Lang) -> String>;

/// The sample of a CSV file: its first [`CSV_SAMPLE_BYTES`] (cut after the last line break),
/// decoded like the loader does (UTF-8, else GB18030).
fn csv_file(name: &str, path: &Path) -> Result<Vec<SampleFile>, Reason> {
    let input = |e: InputError| -> Reason { Box::new(move |lang| e.message(lang)) };
    let f = crate::input::open(path).map_err(input)?;
    let mut bytes = Vec::new();
    let io = |source| input(InputError::Io { path: path.into(), source });
    f.take(CSV_SAMPLE_BYTES).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 == CSV_SAMPLE_BYTES {
        // A line break is never part of a multi-byte character, in UTF-8 or in GBK.
        let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        bytes.truncate(end);
    }
    let (text, enc) = decode(FileKind::Customers, bytes, Encoding::Auto)
        .map_err(|_| -> Reason { Box::new(|lang| Msg::InitFromUndecodable.text(lang).to_string()) })?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records().map_while(Result::ok);
    let headers: Vec<String> = records.next().map(|r| r.iter().map(str::to_string).collect()).unwrap_or_default();
    let rows = records.take(SAMPLE_ROWS).map(|r| r.iter().map(str::to_string).collect()).collect();
    let encoding = Some(if enc == "UTF-8" { Encoding::Utf8 } else { Encoding::Gb18030 });
    Ok(vec![SampleFile { name: name.into(), encoding, sheet: None, headers, rows }])
}

/// One sample per sheet of a workbook: the first non-empty row as the header, then the first
/// [`SAMPLE_ROWS`] rows.
fn workbook(name: &str, path: &Path) -> Result<Vec<SampleFile>, Reason> {
    let excel = |e: excel::ExcelError| -> Reason { Box::new(move |lang| e.message(lang)) };
    let sheets = excel::sheet_names(path).map_err(excel)?;
    let mut out = Vec::new();
    for (i, sheet) in sheets.iter().enumerate() {
        let s = excel::read_sheet(path, Some(sheet)).map_err(excel)?;
        let mut rows = s.rows.iter().skip_while(|r| r.iter().all(|c| *c == Cell::Empty));
        let Some(header) = rows.next() else { continue };
        let text = |r: &Vec<Cell>| r.iter().map(cell_text).collect::<Vec<String>>();
        out.push(SampleFile {
            name: name.into(),
            encoding: None,
            sheet: Some(SampleSheet { name: sheet.clone(), first: i == 0 }),
            headers: text(header),
            rows: rows.take(SAMPLE_ROWS).map(text).collect(),
        });
    }
    Ok(out)
}

/// A cell as the text a CSV export would hold: integral numbers without `.0`, dates
/// `YYYY-MM-DD`.
fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) | Cell::Error(s) => s.clone(),
        Cell::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Cell::Number(f) => format!("{f}"),
        Cell::Bool(b) => b.to_string(),
        Cell::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_text() {
        assert_eq!(cell_text(&Cell::Number(20241231.0)), "20241231");
        assert_eq!(cell_text(&Cell::Number(12.345678)), "12.345678");
        assert_eq!(cell_text(&Cell::Number(-3.0)), "-3");
        assert_eq!(cell_text(&Cell::Date { year: 2024, month: 1, day: 2 }), "2024-01-02");
        assert_eq!(cell_text(&Cell::Error("#N/A".into())), "#N/A");
        assert_eq!(cell_text(&Cell::Empty), "");
    }
}
