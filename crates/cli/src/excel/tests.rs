use super::*;
use rust_xlsxwriter::{ExcelDateTime as XlsxDate, Format, Formula, Workbook};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A workbook with a notes sheet first and the data sheet `客户明细` second, whose used range
/// starts at C3 (rows 1–2 and columns A–B empty).
fn two_sheet_book(path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("说明")?;
    notes.write_string(0, 0, "客户月报 2024年12月")?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let duration = Format::new().set_num_format("[h]:mm:ss");
    let s = book.add_worksheet().set_name("客户明细")?;
    // Row 3 (index 2), from column C (index 2): the header.
    for (i, h) in ["客户编号", "存款日均余额(万元)", "开户日期", "有效", "公式", "时长"].iter().enumerate()
    {
        s.write_string(2, 2 + i as u16, *h)?;
    }
    s.write_string(3, 2, "C001")?;
    s.write_number(3, 3, 12.345678)?;
    s.write_datetime_with_format(3, 4, &XlsxDate::from_ymd(2024, 12, 31)?, &date)?;
    s.write_boolean(3, 5, true)?;
    s.write_formula(3, 6, Formula::new("NA()").set_result("#N/A"))?;
    s.write_number_with_format(3, 7, 1.5, &duration)?;
    s.write_number(4, 2, 1002.0)?;
    s.write_number(4, 3, -3.0)?;
    s.write_datetime_with_format(4, 4, &XlsxDate::parse_from_str("2024-01-02 13:45:00")?, &datetime)?;
    s.write_boolean(4, 5, false)?;
    s.write_formula(4, 6, Formula::new("1/0").set_result("#DIV/0!"))?;
    s.write_string(4, 7, "")?;
    book.save(path)
}

#[test]
fn cells_and_positions_of_a_named_sheet() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("客户月报_202412.xlsx");
    two_sheet_book(&path)?;
    let sheet = read_sheet(&path, Some("客户明细"))?;
    assert_eq!(sheet.name, "客户明细");
    assert_eq!((sheet.first_row, sheet.first_col), (3, 2), "the used range starts at C3");
    assert_eq!(sheet.column_letters(0), "C");
    assert_eq!(sheet.row_number(2), 5);
    let text = |s: &str| Cell::Text(s.into());
    assert_eq!(
        sheet.rows[0],
        vec![text("客户编号"), text("存款日均余额(万元)"), text("开户日期"), text("有效"), text("公式"), text("时长")]
    );
    assert_eq!(
        sheet.rows[1],
        vec![
            text("C001"),
            Cell::Number(12.345678),
            Cell::Date { year: 2024, month: 12, day: 31 },
            Cell::Bool(true),
            Cell::Error("#N/A".into()),
            Cell::Error("duration 36:00:00".into()),
        ]
    );
    assert_eq!(
        sheet.rows[2],
        vec![
            Cell::Number(1002.0),
            Cell::Number(-3.0),
            // A date-time keeps its date; the time of day is dropped.
            Cell::Date { year: 2024, month: 1, day: 2 },
            Cell::Bool(false),
            Cell::Error("#DIV/0!".into()),
            Cell::Empty,
        ]
    );
    assert_eq!(sheet.rows.len(), 3);
    Ok(())
}

#[test]
fn the_first_sheet_by_default() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("book.xlsx");
    two_sheet_book(&path)?;
    let sheet = read_sheet(&path, None)?;
    assert_eq!(sheet.name, "说明");
    assert_eq!((sheet.first_row, sheet.first_col), (1, 0));
    assert_eq!(sheet.rows, vec![vec![Cell::Text("客户月报 2024年12月".into())]]);
    assert_eq!(sheet_names(&path)?, vec!["说明", "客户明细"]);
    Ok(())
}

#[test]
fn a_missing_sheet_lists_the_sheets_closest_first() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("book.xlsx");
    two_sheet_book(&path)?;
    let e = read_sheet(&path, Some("客户明")).err().ok_or("no error")?;
    assert!(matches!(&e.reason, ExcelReason::SheetMissing(s) if s == &["客户明细", "说明"]), "{e:?}");
    let p = path.display();
    assert_eq!(e.message(Lang::En), format!("{p}: no sheet named \"客户明\"; the workbook's sheets: 客户明细, 说明"));
    assert_eq!(e.message(Lang::ZhCn), format!("{p}：没有名为“客户明”的工作表；工作簿中的工作表：客户明细、说明"));
    Ok(())
}

#[test]
fn an_empty_sheet_has_no_rows() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("empty.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet();
    book.save(&path)?;
    let sheet = read_sheet(&path, None)?;
    assert!(sheet.rows.is_empty());
    assert_eq!((sheet.first_row, sheet.first_col), (1, 0));
    Ok(())
}

/// The reason `read_sheet` gives for a file holding `bytes`.
fn reason_for(name: &str, bytes: &[u8]) -> Result<(ExcelError, PathBuf), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join(name);
    std::fs::write(&path, bytes)?;
    let e = read_sheet(&path, None).err().ok_or("read a broken workbook")?;
    Ok((e, path))
}

#[test]
fn a_renamed_csv_is_not_a_workbook() -> TestResult {
    let (e, path) = reason_for("客户月报_202412.xlsx", "客户编号,存款\nC1,1\n".as_bytes())?;
    assert!(matches!(e.reason, ExcelReason::NotAWorkbook), "{e:?}");
    assert!(e.message(Lang::En).starts_with(&format!("{}: not an Excel workbook", path.display())));
    assert!(e.message(Lang::ZhCn).contains("不是 Excel 工作簿"));
    let (e, _) = reason_for("empty.xls", b"")?;
    assert!(matches!(e.reason, ExcelReason::NotAWorkbook), "{e:?}");
    Ok(())
}

#[test]
fn a_cut_or_foreign_zip_is_an_error_not_a_panic() -> TestResult {
    let dir = tempfile::tempdir()?;
    let good = dir.path().join("good.xlsx");
    two_sheet_book(&good)?;
    let bytes = std::fs::read(&good)?;
    for cut in [10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 30] {
        let (e, _) = reason_for("cut.xlsx", &bytes[..cut])?;
        assert!(matches!(e.reason, ExcelReason::Corrupt(_) | ExcelReason::NotAWorkbook), "cut at {cut}: {e:?}");
    }
    // A compound file that is no Excel 97–2003 workbook.
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(4096, 0);
    let (e, _) = reason_for("old.xls", &cfb)?;
    assert!(matches!(e.reason, ExcelReason::Corrupt(_)), "{e:?}");
    assert!(e.message(Lang::En).contains("may be damaged"));
    Ok(())
}

#[test]
fn an_encrypted_workbook_says_so() -> TestResult {
    // Office stores a password-protected .xlsx as a compound file with an EncryptedPackage stream.
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(2048, 0);
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    cfb.resize(4096, 0);
    let (e, path) = reason_for("locked.xlsx", &cfb)?;
    assert!(matches!(e.reason, ExcelReason::Encrypted), "{e:?}");
    assert_eq!(
        e.message(Lang::En),
        format!(
            "{}: the workbook is password-protected (encrypted) and cannot be read; save a copy without a password",
            path.display()
        )
    );
    Ok(())
}

#[test]
fn the_input_size_limit_applies() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("huge.xlsx");
    File::create(&path)?.set_len(crate::input::MAX_FILE_BYTES + 1)?;
    let e = read_sheet(&path, None).err().ok_or("read a huge file")?;
    assert!(matches!(&e.reason, ExcelReason::Input(i) if matches!(**i, InputError::TooLarge { .. })), "{e:?}");
    assert!(e.message(Lang::En).contains("more than the limit of 4294967296 bytes"));
    let e = read_sheet(dir.path(), None).err().ok_or("read a directory")?;
    assert!(matches!(&e.reason, ExcelReason::Input(i) if matches!(**i, InputError::NotAFile { .. })), "{e:?}");
    Ok(())
}

#[test]
fn iso_and_invalid_dates() {
    assert_eq!(cell(&Data::DateTimeIso("2024-12-31".into())), Cell::Date { year: 2024, month: 12, day: 31 });
    assert_eq!(cell(&Data::DateTimeIso("2024-12-31T08:30:00".into())), Cell::Date { year: 2024, month: 12, day: 31 });
    assert_eq!(cell(&Data::DateTimeIso("08:30:00".into())), Cell::Error("time 08:30:00".into()));
    assert_eq!(cell(&Data::DurationIso("PT1H".into())), Cell::Error("duration PT1H".into()));
    // Excel's serial 60 is 1900-02-29, a day that never was.
    let bug = ExcelDateTime::new(60.0, calamine::ExcelDateTimeType::DateTime, false);
    assert_eq!(cell(&Data::DateTime(bug)), Cell::Error("invalid date 1900-02-29".into()));
    assert_eq!(cell(&Data::Int(7)), Cell::Number(7.0));
    assert_eq!(cell(&Data::String(String::new())), Cell::Empty);
}

#[test]
fn workbook_extensions() {
    assert!(is_workbook(Path::new("a/客户月报_202412.XLSX")));
    assert!(is_workbook(Path::new("b.xls")));
    assert!(is_workbook(Path::new("b.xlsm")));
    assert!(!is_workbook(Path::new("customers.csv")));
    assert!(!is_workbook(Path::new("xlsx")));
}

/// An Excel 97–2003 workbook (written by Python's xlwt 1.3, which stores no formula results: F5
/// reads as empty): the same cells through the `.xls` reader.
#[test]
fn an_xls_workbook() -> TestResult {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/excel/客户月报_202412.xls");
    assert_eq!(sheet_names(&path)?, vec!["客户明细", "说明"]);
    let sheet = read_sheet(&path, None)?;
    assert_eq!((sheet.name.as_str(), sheet.first_row, sheet.first_col), ("客户明细", 3, 2));
    assert_eq!(
        sheet.rows[1][..4],
        [
            Cell::Text("C001".into()),
            Cell::Number(12.345678),
            Cell::Date { year: 2024, month: 12, day: 31 },
            Cell::Bool(true)
        ]
    );
    assert_eq!(
        sheet.rows[2][..3],
        [Cell::Number(1002.0), Cell::Number(-3.0), Cell::Date { year: 2024, month: 1, day: 2 }]
    );
    // The same file named .xlsx: the format is told by the contents.
    let dir = tempfile::tempdir()?;
    let renamed = dir.path().join("renamed.xlsx");
    std::fs::copy(&path, &renamed)?;
    assert_eq!(read_sheet(&renamed, Some("客户明细"))?, sheet);
    Ok(())
}
