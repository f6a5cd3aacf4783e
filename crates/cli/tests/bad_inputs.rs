//! Malformed and hostile inputs (issue "Hardening"), table-driven: every case builds its own
//! data directory from small valid base files plus one defect, then runs the real binary and
//! asserts the exit code of `check` and of `score` (and of `build`, when the binary has it), the
//! message (naming the file, the line and, where it applies, the column) in English and Chinese,
//! and that a rejected run writes nothing.
//!
//! The base bank: customers.csv with 150 rows (75 customers × 2 months, lines 2–151), so that
//! one bad customer row (0.67%) stays under the 1% limit (check exits 1, score writes); managers.csv
//! and credit_splits.csv with 3 rows each, so that one bad row there (33%) rejects the data (exit 2).

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{branchlens, entries, run, temp_dir, write, Command, Run};

// ---------------------------------------------------------------------------------------------
// the base bank

const CUSTOMERS_HEADER: &str =
    "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,\
fee_income,products,txn_count,industry,loan_class,overdue_days,last_contact,complaints,phone";

/// Line of the 2024-06 row of customer `C{i:03}` (2024-05 rows are on lines 2..=76).
const fn june(i: u64) -> u64 {
    76 + i
}

fn base_customers() -> String {
    let mut s = String::from(CUSTOMERS_HEADER);
    s.push('\n');
    for p in ["2024-05", "2024-06"] {
        for i in 1..=75u32 {
            let corporate = i % 10 == 0;
            let branch = if i % 2 == 1 { "B01" } else { "B02" };
            let manager = if i % 15 == 0 {
                "M03"
            } else if i % 2 == 1 {
                "M01"
            } else {
                "M02"
            };
            let (loan, class) = if i % 4 == 0 { ("100000", "normal") } else { ("0", "") };
            s.push_str(&format!(
                "{p},C{i:03},客户{i},{},{branch},{manager},2019-01-15,{},{loan},{},1.5,deposit;card,10,{},{class},0,2024-05-20,0,1380000{i:04}\n",
                if corporate { "corporate" } else { "retail" },
                1000 * i,
                500 * i,
                if corporate { "C" } else { "" },
            ));
        }
    }
    s
}

const MANAGERS: &str = "\
manager_id,name,branch_id,grade,hire_date,status,period,deposit_target,loan_target,fee_target,new_customers_target
M01,王芳,B01,senior,2015-03-01,active,,2000000,500000,100,2
M02,李雷,B02,junior,2020-07-15,active,,2000000,500000,100,2
M03,韩梅,B02,principal,2010-01-01,left,,,,,
";

const SPLITS: &str = "customer_id,manager_id,share\nC001,M01,0.5\nC001,M02,0.5\nC002,M02,1\n";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum F {
    C,
    M,
    S,
}

impl F {
    fn name(self) -> &'static str {
        match self {
            C => "customers.csv",
            M => "managers.csv",
            S => "credit_splits.csv",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// defects

use Defect::*;
use F::{C, M, S};

/// The one defect of a case.
#[derive(Clone, Copy)]
enum Defect {
    /// Sets column `col` of line `line` (1-based) to `value`.
    Field(F, u64, &'static str, &'static str),
    /// Replaces line `line` by the given text.
    Line(F, u64, &'static str),
    /// Appends a line at the end of the file.
    Append(F, &'static str),
    /// Removes a column from the header and every row.
    DropColumn(F, &'static str),
    /// Replaces the whole file.
    Whole(F, &'static [u8]),
    /// Transforms the bytes of the file.
    Map(F, fn(Vec<u8>) -> Vec<u8>),
    /// Anything else, done on the data directory after the base files are written.
    Custom(fn(&Path)),
}

fn set_field(text: &str, line: u64, col: &str, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let idx = lines[0].split(',').position(|h| h == col).unwrap_or_else(|| panic!("no column {col}"));
    let target = &mut lines[usize::try_from(line).unwrap() - 1];
    let mut fields: Vec<String> = target.split(',').map(str::to_owned).collect();
    fields[idx] = value.to_owned();
    *target = fields.join(",");
    lines.join("\n") + "\n"
}

fn drop_column(text: &str, col: &str) -> String {
    let idx = text.lines().next().unwrap().split(',').position(|h| h == col).unwrap_or_else(|| panic!("no {col}"));
    let mut out = String::new();
    for l in text.lines() {
        let fields: Vec<&str> = l.split(',').enumerate().filter(|(i, _)| *i != idx).map(|(_, f)| f).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

fn replace_line(text: &str, line: u64, new: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines[usize::try_from(line).unwrap() - 1] = new;
    lines.join("\n") + "\n"
}

/// Writes the base bank with `defect` into a fresh directory.
fn make_dir(defect: Defect) -> common::TempDir {
    let dir = temp_dir();
    let base = |f: F| match f {
        C => base_customers(),
        M => MANAGERS.to_owned(),
        S => SPLITS.to_owned(),
    };
    let changed: Option<(F, Vec<u8>)> = match defect {
        Field(f, line, col, value) => Some((f, set_field(&base(f), line, col, value).into_bytes())),
        Line(f, line, new) => Some((f, replace_line(&base(f), line, new).into_bytes())),
        Append(f, new) => Some((f, (base(f) + new + "\n").into_bytes())),
        DropColumn(f, col) => Some((f, drop_column(&base(f), col).into_bytes())),
        Whole(f, bytes) => Some((f, bytes.to_vec())),
        Map(f, map) => Some((f, map(base(f).into_bytes()))),
        Custom(_) => None,
    };
    for f in [C, M, S] {
        let bytes = match &changed {
            Some((g, b)) if *g == f => b.clone(),
            _ => base(f).into_bytes(),
        };
        write(&dir.path().join(f.name()), bytes);
    }
    if let Custom(setup) = defect {
        setup(dir.path());
    }
    dir
}

// ---------------------------------------------------------------------------------------------
// byte-level transformations

fn utf16le_with_bom(b: Vec<u8>) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in String::from_utf8(b).unwrap().encode_utf16() {
        out.extend(u.to_le_bytes());
    }
    out
}

fn gbk(b: Vec<u8>) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(std::str::from_utf8(&b).unwrap());
    assert!(!unmappable);
    bytes.into_owned()
}

fn crlf(b: Vec<u8>) -> Vec<u8> {
    String::from_utf8(b).unwrap().replace('\n', "\r\n").into_bytes()
}

/// Old Mac line endings, with a bad date on line 80 to check that lines are still counted.
fn cr_only_with_bad_date(b: Vec<u8>) -> Vec<u8> {
    let t = set_field(&String::from_utf8(b).unwrap(), june(4), "open_date", "2024-02-30");
    t.replace('\n', "\r").into_bytes()
}

fn semicolons(b: Vec<u8>) -> Vec<u8> {
    String::from_utf8(b).unwrap().replace(',', ";").into_bytes()
}

fn nul_on_line_5(b: Vec<u8>) -> Vec<u8> {
    let t = String::from_utf8(b).unwrap();
    let mut lines: Vec<String> = t.lines().map(str::to_owned).collect();
    lines[4].push('\0');
    (lines.join("\n") + "\n").into_bytes()
}

/// A second export appended to the first: its header, with a UTF-8 BOM, on line 152.
fn concatenated_with_bom(b: Vec<u8>) -> Vec<u8> {
    let mut out = b;
    out.extend_from_slice("\u{feff}".as_bytes());
    out.extend_from_slice(CUSTOMERS_HEADER.as_bytes());
    out.push(b'\n');
    out
}

fn unterminated_quote(b: Vec<u8>) -> Vec<u8> {
    let t = set_field(&String::from_utf8(b).unwrap(), june(4), "name", "\"客户4");
    t.into_bytes()
}

fn one_mb_name(b: Vec<u8>) -> Vec<u8> {
    let big = "长".repeat(350_000); // 1.05 MB of UTF-8
    set_field(&String::from_utf8(b).unwrap(), june(4), "name", &big).into_bytes()
}

fn one_mb_amount(b: Vec<u8>) -> Vec<u8> {
    let big = "9".repeat(1 << 20);
    set_field(&String::from_utf8(b).unwrap(), june(4), "deposit_avg", &big).into_bytes()
}

fn no_header(b: Vec<u8>) -> Vec<u8> {
    let t = String::from_utf8(b).unwrap();
    t.split_once('\n').unwrap().1.as_bytes().to_vec()
}

fn header_only(b: Vec<u8>) -> Vec<u8> {
    let t = String::from_utf8(b).unwrap();
    format!("{}\n", t.lines().next().unwrap()).into_bytes()
}

fn latin1_name_before_comma(b: Vec<u8>) -> Vec<u8> {
    // "José" in Latin-1: 0xE9 followed by ',' is neither UTF-8 nor GB18030.
    let t = set_field(&String::from_utf8(b).unwrap(), june(4), "name", "JOSE_");
    t.replace("JOSE_", "Jos\u{1}").into_bytes().into_iter().map(|c| if c == 1 { 0xE9 } else { c }).collect()
}

fn latin1_name_inside_word(b: Vec<u8>) -> Vec<u8> {
    // "Müller" in Latin-1: 0xFC 0x6C happens to be a valid GBK pair, so it reads as GB18030.
    let t = set_field(&String::from_utf8(b).unwrap(), june(4), "name", "M~ller");
    t.into_bytes().into_iter().map(|c| if c == b'~' { 0xFC } else { c }).collect()
}

fn ansi_escape_in_period(b: Vec<u8>) -> Vec<u8> {
    set_field(&String::from_utf8(b).unwrap(), june(4), "period", "\u{1b}[31m2024-06").into_bytes()
}

fn binary_png(_: Vec<u8>) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    v.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    v
}

// ---------------------------------------------------------------------------------------------
// file-system oddities

fn customers_is_a_directory(dir: &Path) {
    std::fs::remove_file(dir.join("customers.csv")).unwrap();
    std::fs::create_dir(dir.join("customers.csv")).unwrap();
}

fn customers_symlink_loop(dir: &Path) {
    std::fs::remove_file(dir.join("customers.csv")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop.csv", dir.join("customers.csv")).unwrap();
        std::os::unix::fs::symlink("customers.csv", dir.join("loop.csv")).unwrap();
    }
}

fn customers_dangling_symlink(dir: &Path) {
    std::fs::remove_file(dir.join("customers.csv")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("gone.csv", dir.join("customers.csv")).unwrap();
}

fn customers_is_dev_zero(dir: &Path) {
    std::fs::remove_file(dir.join("customers.csv")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/dev/zero", dir.join("customers.csv")).unwrap();
}

fn no_splits_file(dir: &Path) {
    std::fs::remove_file(dir.join("credit_splits.csv")).unwrap();
}

fn two_customer_files_differing_in_case(dir: &Path) {
    // `Customers.CSV` sorts before `customers.csv` and is the one read; it is empty.
    write(&dir.join("Customers.CSV"), "");
}

// ---------------------------------------------------------------------------------------------
// the table

/// One case: a name, the defect, extra arguments, the expected exit codes of `check` and
/// `score`, and text that must appear in the English and in the Chinese `check` output
/// (stdout and stderr together).
struct Case {
    name: &'static str,
    defect: Defect,
    args: &'static [&'static str],
    check: i32,
    score: i32,
    en: &'static [&'static str],
    zh: &'static [&'static str],
}

const fn case(
    name: &'static str,
    defect: Defect,
    args: &'static [&'static str],
    check: i32,
    score: i32,
    en: &'static [&'static str],
    zh: &'static [&'static str],
) -> Case {
    Case { name, defect, args, check, score, en, zh }
}

// One case per entry: name, defect, arguments, exit codes of check and score, English and
// Chinese text expected (kept as written: one entry reads as one line of data).
#[rustfmt::skip]
const CASES: &[Case] = &[
    // --- values: each contract rule broken once (one customer row: 0.67% → usable, exit 1) ---
    case("bad period", Field(C, june(4), "period", "2024-13"), &[], 1, 0,
        &["customers.csv:80 [period]: '2024-13' is not a valid period (YYYY-MM); row skipped"],
        &["customers.csv 第 80 行 [period]：“2024-13”不是有效期间（YYYY-MM），已跳过该行"]),
    // (A real date is a period: a platform's 数据日期 20240630 is the period 2024-06, so only an
    // impossible day is refused.)
    case("period with an impossible day", Field(C, june(4), "period", "2024-06-31"), &[], 1, 0,
        &["customers.csv:80 [period]: '2024-06-31' is not a valid period"], &["“2024-06-31”不是有效期间"]),
    case("bad date", Field(C, june(4), "open_date", "15/01/2019"), &[], 1, 0,
        &["customers.csv:80 [open_date]: '15/01/2019' is not a valid date (YYYY-MM-DD); row skipped"],
        &["customers.csv 第 80 行 [open_date]：“15/01/2019”不是有效日期（YYYY-MM-DD），已跳过该行"]),
    case("impossible date 2024-02-30", Field(C, june(4), "open_date", "2024-02-30"), &[], 1, 0,
        &["customers.csv:80 [open_date]: '2024-02-30' is not a valid date"], &["“2024-02-30”不是有效日期"]),
    case("not a leap year 2023-02-29", Field(C, june(4), "last_contact", "2023-02-29"), &[], 1, 0,
        &["customers.csv:80 [last_contact]: '2023-02-29' is not a valid date"], &["“2023-02-29”不是有效日期"]),
    case("far-future open_date 9999-12-31", Field(C, june(4), "open_date", "9999-12-31"), &[], 1, 0,
        &["customers.csv:80 [open_date]: date 9999-12-31 is after the end of the row's period"],
        &["customers.csv 第 80 行 [open_date]：日期 9999-12-31 晚于该行期间的最后一天"]),
    case("open_date after the period", Field(C, june(4), "open_date", "2024-07-01"), &[], 1, 0,
        &["customers.csv:80 [open_date]: date 2024-07-01 is after the end of the row's period"],
        &["日期 2024-07-01 晚于该行期间的最后一天"]),
    case("far-future last_contact", Field(C, june(4), "last_contact", "9999-12-31"), &[], 1, 0,
        &["customers.csv:80 [last_contact]: date 9999-12-31 is after the end of the row's period"],
        &["日期 9999-12-31 晚于该行期间的最后一天"]),
    case("negative deposit", Field(C, june(4), "deposit_avg", "-100"), &[], 1, 0,
        &["customers.csv:80 [deposit_avg]: amount -100 must not be negative; row skipped"],
        &["customers.csv 第 80 行 [deposit_avg]：金额 -100 不能为负，已跳过该行"]),
    case("negative target", Field(M, 3, "deposit_target", "-1"), &[], 2, 2,
        &["managers.csv:3 [deposit_target]: amount -1 must not be negative", "managers.csv: 1 of 3 rows are bad"],
        &["managers.csv 第 3 行 [deposit_target]：金额 -1 不能为负", "managers.csv：3 行中有 1 行有误"]),
    case("bad kind", Field(C, june(4), "kind", "vip"), &[], 1, 0,
        &["customers.csv:80 [kind]: 'vip' is not one of retail|corporate (also 对私, 个人, 个人客户, 零售, 对私客户, 零售客户 and 对公, 公司, 公司客户, 单位, 单位客户, 企业, 对公客户, 企业客户); row skipped"],
        &["customers.csv 第 80 行 [kind]：“vip”不在允许取值 retail|corporate（或 对私、个人、个人客户、零售、对私客户、零售客户 与 对公、公司、公司客户、单位、单位客户、企业、对公客户、企业客户） 之内"]),
    case("bad status", Field(M, 2, "status", "retired"), &[], 2, 2,
        &["managers.csv:2 [status]: 'retired' is not one of active|left (also 在岗, 在职 and 离岗, 离职)"], &["“retired”不在允许取值"]),
    case("bad loan class", Field(C, june(4), "loan_class", "bad"), &[], 1, 0,
        &["customers.csv:80 [loan_class]: 'bad' is not one of normal|special|substandard|doubtful|loss"],
        &["“bad”不在允许取值"]),
    case("bad industry", Field(C, june(10), "industry", "Z"), &[], 1, 0,
        &["customers.csv:86 [industry]: 'Z' is not one of a GB/T 4754 section: a letter A–T, the section's Chinese name (制造业, 批发和零售业 …) or a division code 01–97 (13, C13, C1310)"], &["“Z”不在允许取值"]),
    case("fractional txn_count", Field(C, june(4), "txn_count", "3.5"), &[], 1, 0,
        &["customers.csv:80 [txn_count]: '3.5' is not a whole number ≥ 0; row skipped"],
        &["customers.csv 第 80 行 [txn_count]：“3.5”不是非负整数，已跳过该行"]),
    case("negative overdue_days", Field(C, june(4), "overdue_days", "-1"), &[], 1, 0,
        &["customers.csv:80 [overdue_days]: '-1' is not a whole number ≥ 0"], &["“-1”不是非负整数"]),
    case("txn_count beyond u32", Field(C, june(4), "txn_count", "4294967296"), &[], 1, 0,
        &["customers.csv:80 [txn_count]: '4294967296' is not a whole number ≥ 0"], &["“4294967296”不是非负整数"]),
    case("empty required value", Field(C, june(4), "customer_id", ""), &[], 1, 0,
        &["customers.csv:80 [customer_id]: required value is empty; row skipped"],
        &["customers.csv 第 80 行 [customer_id]：必填值为空，已跳过该行"]),
    case("duplicate (period, customer_id)", Field(C, june(5), "customer_id", "C004"), &[], 1, 0,
        &["customers.csv:81 [customer_id]: duplicate key (2024-06, C004) (first seen on line 80); row skipped"],
        &["customers.csv 第 81 行 [customer_id]：主键 (2024-06, C004) 重复（首次出现在第 80 行）"]),
    case("duplicate manager", Field(M, 3, "manager_id", "M01"), &[], 2, 2,
        &["managers.csv:3 [manager_id]: duplicate key M01 (first seen on line 2)"], &["主键 M01 重复（首次出现在第 2 行）"]),
    case("shares not summing to 1", Field(S, 3, "share", "0.4"), &[], 2, 2,
        &["credit_splits.csv:2 [share]: shares of customer C001 sum to 0.900, not 1", "credit_splits.csv:3 [share]"],
        &["credit_splits.csv 第 2 行 [share]：客户 C001 的分成比例之和为 0.900，不等于 1"]),
    case("share of 0", Field(S, 4, "share", "0"), &[], 2, 2,
        &["credit_splits.csv:4 [share]: share '0' must be a number in (0, 1]; row skipped"],
        &["credit_splits.csv 第 4 行 [share]：分成比例“0”必须是 (0, 1] 之间的数"]),
    case("share NaN", Field(S, 4, "share", "NaN"), &[], 2, 2,
        &["credit_splits.csv:4 [share]: share 'NaN' must be a number in (0, 1]"], &["分成比例“NaN”"]),
    case("share inf", Field(S, 4, "share", "inf"), &[], 2, 2,
        &["credit_splits.csv:4 [share]: share 'inf' must be a number in (0, 1]"], &["分成比例“inf”"]),
    // Stale splits (issue 11): warnings, the split dropped, never a failed run; when the
    // customer's other shares no longer sum to 1, that is reported (as a warning) too.
    case("split names an unknown customer", Field(S, 4, "customer_id", "C999"), &[], 1, 0,
        &["credit_splits.csv:4 [customer_id]: customer 'C999' is not in customers.csv (a stale split?); split dropped"],
        &["credit_splits.csv 第 4 行 [customer_id]：客户“C999”不在 customers.csv 中（可能是过期的分成），已舍弃该分成"]),
    case("split names an unknown manager", Field(S, 4, "manager_id", "M99"), &[], 1, 0,
        &["credit_splits.csv:4 [manager_id]: manager 'M99' is not in managers.csv (a stale split?); split dropped"],
        &["credit_splits.csv 第 4 行 [manager_id]：客户经理“M99”不在 managers.csv 中（可能是过期的分成），已舍弃该分成"]),
    case("stale split leaves the other shares short", Field(S, 3, "manager_id", "M99"), &[], 1, 0,
        &["credit_splits.csv:2 [share]: shares of customer C001 sum to 0.500 once its stale splits are dropped, not 1",
          "credit_splits.csv:3 [manager_id]: manager 'M99' is not in managers.csv (a stale split?); split dropped"],
        &["credit_splits.csv 第 2 行 [share]：舍弃过期分成后，客户 C001 的分成比例之和为 0.500"]),
    case("customer names an unknown manager", Field(C, june(4), "manager_id", "M99"), &[], 1, 0,
        &["customers.csv:80 [manager_id]: manager 'M99' is not in managers.csv; the customer counts as unassigned"],
        &["customers.csv 第 80 行 [manager_id]：客户经理“M99”不在 managers.csv 中，该客户视为未分配"]),
    case("empty managers.csv", Whole(M, b""), &[], 2, 2,
        &["error: managers.csv: the file has no data rows"], &["错误: managers.csv：文件没有数据行"]),
    case("managers.csv header only", Map(M, header_only), &[], 2, 2,
        &["error: managers.csv: the file has no data rows"], &["managers.csv：文件没有数据行"]),
    case("customers.csv header only", Map(C, header_only), &[], 2, 2,
        &["error: customers.csv: the file has no data rows"], &["customers.csv：文件没有数据行"]),
    case("credit_splits.csv empty (optional file)", Whole(S, b""), &[], 0, 0, &["result: clean"], &["结果：无问题"]),
    case("credit_splits.csv absent", Custom(no_splits_file), &[], 0, 0, &["result: clean"], &["结果：无问题"]),
    case("customers.csv without header", Map(C, no_header), &[], 2, 2,
        &["error: customers.csv:1: required column 'period' (期间) not found", "the first row looks like data"],
        &["customers.csv 第 1 行：缺少必需列“period”（期间）", "第一行似乎是数据"]),
    // --- encodings ---
    case("UTF-16 LE with BOM", Map(C, utf16le_with_bom), &[], 2, 2,
        &["error: customers.csv:1: cannot decode the file as text: it is UTF-16 (little-endian)"],
        &["customers.csv 第 1 行：无法按文本解码文件：文件为 UTF-16 编码（小端）"]),
    case("Latin-1 byte before a comma", Map(C, latin1_name_before_comma), &[], 2, 2,
        &["error: customers.csv:80 [name]: cannot decode the file as UTF-8: invalid byte 0xE9 at offset"],
        &["customers.csv 第 80 行 [name]：无法按 UTF-8 解码文件：偏移"]),
    // Latin-1 bytes that happen to form valid GBK pairs cannot be told apart from GBK text: the
    // file is read as GB18030 (the check report names the encoding it used).
    case("Latin-1 byte inside a word", Map(C, latin1_name_inside_word), &[], 0, 0,
        &["customers.csv      GB18030", "result: clean"], &["GB18030"]),
    case("GBK forced as UTF-8", Map(M, gbk), &["--encoding", "utf-8"], 2, 2,
        &["error: managers.csv:2 [name]: cannot decode the file as UTF-8: invalid byte 0x"],
        &["managers.csv 第 2 行 [name]：无法按 UTF-8 解码文件：偏移"]),
    case("GBK detected automatically", Map(M, gbk), &[], 0, 0, &["managers.csv       GB18030"], &["GB18030"]),
    // UTF-8 read as GBK because the user said so: the bytes would decode as GB18030 without an
    // error but every Chinese name would be garbled, so the file is refused with the fix.
    case("UTF-8 forced as GBK", Map(C, |b| b), &["--encoding", "gbk"], 2, 2,
        &["cannot decode the file as GB18030/GBK: the file is UTF-8 text; read as GBK its names would be garbled (use --encoding auto or utf-8)"],
        &["无法按 GB18030/GBK 解码文件：文件是 UTF-8 文本，按 GBK 读取会使名称变成乱码"]),
    // --- structure ---
    case("ragged row, one field more", Line(C, june(4), "2024-06,C004,客户4,retail,B02,M02,2019-01-15,4000,100000,2000,1.5,deposit;card,10,,normal,0,2024-05-20,0,13800000004,extra"), &[], 1, 0,
        &["customers.csv:80: row has 20 fields, the header has 19; row skipped"],
        &["customers.csv 第 80 行：该行有 20 个字段，表头有 19 个，已跳过该行"]),
    case("ragged row, fields missing", Line(C, june(4), "2024-06,C004,客户4"), &[], 1, 0,
        &["customers.csv:80: row has 3 fields, the header has 19"], &["该行有 3 个字段，表头有 19 个"]),
    case("unterminated quote", Map(C, unterminated_quote), &[], 2, 2,
        &["error: customers.csv:80: a quoted field opened on this line is never closed"],
        &["错误: customers.csv 第 80 行：此行开始的带引号字段没有结束引号"]),
    case("DOS end-of-file marker", Append(C, "\u{1a}"), &[], 1, 0,
        &["customers.csv:152: row has 1 fields, the header has 19"], &["customers.csv 第 152 行：该行有 1 个字段"]),
    case("line of separators only", Append(C, ",,,,,,,,,,,,,,,,,,"), &[], 0, 0, &["result: clean"], &["结果：无问题"]),
    case("NUL byte", Map(C, nul_on_line_5), &[], 2, 2,
        &["error: customers.csv:5: cannot decode the file as text: it contains NUL bytes (a binary file?)"],
        &["错误: customers.csv 第 5 行：无法按文本解码文件：文件含有 NUL 字节（是否为二进制文件？）"]),
    // Issue 11: a text over 1,000 characters is a warning (likely a broken export), clipped.
    case("1 MB name field", Map(C, one_mb_name), &[], 1, 0,
        &["customers.csv:80 [name]: a text of 350000 characters ('长长长", "…'): likely a broken export"],
        &["customers.csv 第 80 行 [name]：文本长达 350000 个字符"]),
    case("1 MB number", Map(C, one_mb_amount), &[], 1, 0,
        &["customers.csv:80 [deposit_avg]: '99999999999999999999999999999999999999999999999999999999999999999999999999999999…' is not a decimal amount"],
        &["不是有效金额"]),
    case("binary file named customers.csv", Map(C, binary_png), &[], 2, 2,
        &["error: customers.csv:3: cannot decode the file as text: it contains NUL bytes"], &["文件含有 NUL 字节"]),
    case("; as separator", Map(C, semicolons), &[], 2, 2,
        &["customers.csv:1: required column 'period' (期间) not found", "the header seems to be separated by ';'"],
        &["表头似乎以“;”分隔"]),
    case("CRLF line endings", Map(C, crlf), &[], 0, 0, &["result: clean"], &["结果：无问题"]),
    case("CR-only line endings", Map(C, cr_only_with_bad_date), &[], 1, 0,
        &["customers.csv:80 [open_date]: '2024-02-30' is not a valid date"], &["customers.csv 第 80 行 [open_date]"]),
    case("BOM in the middle (two exports concatenated)", Map(C, concatenated_with_bom), &[], 1, 0,
        &["customers.csv:152 [period]: '\\u{feff}period' is not a valid period"], &["customers.csv 第 152 行 [period]：“\\u{feff}period”"]),
    case("escape sequence in a value", Map(C, ansi_escape_in_period), &[], 1, 0,
        &["customers.csv:80 [period]: '\\u{1b}[31m2024-06' is not a valid period"], &["“\\u{1b}[31m2024-06”"]),
    // --- numbers ---
    case("1e30", Field(C, june(4), "aum", "1e30"), &[], 1, 0,
        &["customers.csv:80 [aum]: '1e30' is not a decimal amount; row skipped"], &["“1e30”不是有效金额"]),
    case("20 nines", Field(C, june(4), "loan_balance", "99999999999999999999"), &[], 1, 0,
        &["customers.csv:80 [loan_balance]: '99999999999999999999' is not a decimal amount"], &["不是有效金额"]),
    case("9e15 yuan (a unit error)", Field(C, june(4), "aum", "9000000000000000"), &[], 1, 0,
        &["customers.csv:80 [aum]: amount 9000000000000000 is larger than any customer's (limit 10,000,000,000,000 yuan); row skipped"],
        &["金额 9000000000000000 超出任何客户的可能规模（上限 10 万亿元）"]),
    case("NaN amount", Field(C, june(4), "deposit_avg", "NaN"), &[], 1, 0,
        &["customers.csv:80 [deposit_avg]: 'NaN' is not a decimal amount"], &["“NaN”不是有效金额"]),
    case("inf amount", Field(C, june(4), "fee_income", "-inf"), &[], 1, 0,
        &["customers.csv:80 [fee_income]: '-inf' is not a decimal amount"], &["“-inf”不是有效金额"]),
    case("thousands separator in a wrong place", Field(C, june(4), "deposit_avg", "\"1,23,456\""), &[], 1, 0,
        &["customers.csv:80 [deposit_avg]: '1,23,456' is not a decimal amount"], &["“1,23,456”不是有效金额"]),
    case("thousands separator in the fraction", Field(C, june(4), "deposit_avg", "\"1234.5,6\""), &[], 1, 0,
        &["customers.csv:80 [deposit_avg]: '1234.5,6' is not a decimal amount"], &["“1234.5,6”不是有效金额"]),
    case("European decimal comma", Field(C, june(4), "aum", "\"1.234,56\""), &[], 1, 0,
        &["customers.csv:80 [aum]: '1.234,56' is not a decimal amount"], &["不是有效金额"]),
    case("unquoted thousands separator", Field(C, june(4), "deposit_avg", "1,234"), &[], 1, 0,
        &["customers.csv:80: row has 20 fields, the header has 19"], &["该行有 20 个字段"]),
    // --- Chinese values ---
    case("Chinese enum with full-width spaces around", Field(C, june(4), "kind", "\u{3000}对私\u{3000}"), &[], 0, 0,
        &["result: clean"], &["结果：无问题"]),
    case("Chinese enum with a full-width space inside", Field(C, june(4), "kind", "对\u{3000}私"), &[], 1, 0,
        &["customers.csv:80 [kind]: '对\u{3000}私' is not one of retail|corporate"], &["“对\u{3000}私”不在允许取值"]),
    case("full-width letters", Field(C, june(4), "kind", "ｒｅｔａｉｌ"), &[], 1, 0,
        &["customers.csv:80 [kind]: 'ｒｅｔａｉｌ' is not one of"], &["“ｒｅｔａｉｌ”不在允许取值"]),
    // --- the file system ---
    case("a directory named customers.csv", Custom(customers_is_a_directory), &[], 2, 2,
        &["customers.csv: is a directory, not a file"], &["customers.csv：是目录，不是文件"]),
    case("symlink loop", Custom(customers_symlink_loop), &[], 2, 2,
        &["customers.csv: cannot read: "], &["customers.csv：无法读取：符号链接层数过多"]),
    case("config is /dev/zero", Custom(|_| {}), &["--config", "/dev/zero"], 2, 2,
        &["/dev/zero: cannot read the configuration file: it is larger than 1 MiB"], &["/dev/zero：无法读取配置文件：文件大于 1 MiB"]),
    case("config is a directory", Custom(|_| {}), &["--config", "/"], 2, 2,
        &["/: cannot read the configuration file: it is a directory"], &["/：无法读取配置文件：这是一个目录"]),
    case("dangling symlink", Custom(customers_dangling_symlink), &[], 2, 2,
        &["customers.csv: cannot read: No such file or directory"], &["customers.csv：无法读取：文件不存在"]),
    case("two customer files differing in case", Custom(two_customer_files_differing_in_case), &[], 2, 2,
        &["Customers.CSV", "customers.csv", "more than one"], &["多个"]),
];

/// The required columns of the contract: (file, column, Chinese alias).
const REQUIRED: &[(F, &str, &str)] = &[
    (C, "period", "期间"),
    (C, "customer_id", "客户号"),
    (C, "name", "客户名称"),
    (C, "kind", "客户类型"),
    (C, "branch_id", "机构号"),
    (C, "manager_id", "客户经理号"),
    (C, "open_date", "开户日期"),
    (C, "deposit_avg", "存款日均"),
    (C, "loan_balance", "贷款余额"),
    (C, "aum", "金融资产"),
    (C, "fee_income", "中间业务收入"),
    (C, "products", "持有产品"),
    (C, "txn_count", "交易笔数"),
    (M, "manager_id", "客户经理号"),
    (M, "name", "姓名"),
    (M, "branch_id", "机构号"),
    (M, "grade", "等级"),
    (M, "hire_date", "入职日期"),
    (M, "status", "状态"),
    (S, "customer_id", "客户号"),
    (S, "manager_id", "客户经理号"),
    (S, "share", "分成比例"),
];

// ---------------------------------------------------------------------------------------------
// running a case

fn cmd(lang_zh: bool, sub: &str, dir: &Path, args: &[&str]) -> Command {
    let mut c = branchlens();
    if lang_zh {
        c.args(["--lang", "zh-CN"]);
    }
    c.arg(sub).arg(dir).args(args);
    c
}

fn all_output(r: &Run) -> String {
    format!("{}{}", r.stdout, r.stderr)
}

/// Whether this binary has the `build` subcommand (added by the report-set work).
fn has_build() -> bool {
    run(branchlens().args(["build", "--help"])).code == Some(0)
}

/// A build of the small base bank takes about a second; a run still going after this is hung.
const BUILD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs `cmd`, killing it after `limit` (then the exit code is `None` and stderr says so).
fn run_with_timeout(cmd: &mut Command, limit: std::time::Duration) -> Run {
    let start = std::time::Instant::now();
    let mut r = run(cmd.timeout(limit));
    if r.code.is_none() && start.elapsed() >= limit {
        r.stderr.push_str(&format!("\n[killed: still running after {} s]", limit.as_secs()));
    }
    r
}

/// Runs one case; returns a description of every expectation that failed.
fn run_case(
    name: &str,
    dir: &Path,
    args: &[&str],
    exp: (i32, i32),
    en: &[&str],
    zh: &[&str],
    build: bool,
) -> Vec<String> {
    let mut fails = Vec::new();
    let mut expect = |ok: bool, what: String| {
        if !ok {
            fails.push(format!("[{name}] {what}"));
        }
    };
    let c_en = run(&mut cmd(false, "check", dir, args));
    let c_zh = run(&mut cmd(true, "check", dir, args));
    let out_en = all_output(&c_en);
    let out_zh = all_output(&c_zh);
    expect(c_en.code == Some(exp.0), format!("check exit {:?}, expected {}\n{out_en}", c_en.code, exp.0));
    expect(c_zh.code == c_en.code, format!("check --lang zh-CN exit {:?} differs", c_zh.code));
    for part in en {
        expect(out_en.contains(part), format!("English output lacks {part:?}\n{out_en}"));
    }
    for part in zh {
        expect(out_zh.contains(part), format!("Chinese output lacks {part:?}\n{out_zh}"));
    }
    if exp.0 == 2 {
        expect(c_en.stderr.starts_with("error: "), format!("no error line: {:?}", c_en.stderr));
        expect(c_zh.stderr.starts_with("错误: "), format!("no Chinese error line: {:?}", c_zh.stderr));
        // The error line itself is in the language asked for.
        let line = c_zh.stderr.lines().next().unwrap_or_default();
        for english in ["cannot", "required", "rows are bad", "not found", "no data rows", "not a ", "refusing"] {
            expect(!line.contains(english), format!("English {english:?} in the Chinese error: {line}"));
        }
    }

    let out = temp_dir();
    let target = out.path().join("scores.csv");
    let s = run(cmd(false, "score", dir, args).arg("--out").arg(&target));
    expect(s.code == Some(exp.1), format!("score exit {:?}, expected {}\n{}", s.code, exp.1, s.stderr));
    let written = entries(out.path());
    if exp.1 == 0 {
        expect(written == ["scores.csv", "summary.json"], format!("score wrote {written:?}"));
    } else {
        expect(written.is_empty(), format!("a rejected score wrote {written:?}"));
        // The same error as check's.
        let first = |t: &str| t.lines().find(|l| l.starts_with("error: ")).map(str::to_owned);
        expect(
            first(&s.stderr) == first(&c_en.stderr),
            format!("score and check differ:\n{}\n{}", s.stderr, c_en.stderr),
        );
    }

    // `build` on rejected data only (it must write no site); accepted data builds take seconds.
    if build && exp.1 != 0 {
        let site = out.path().join("site");
        let b = run_with_timeout(cmd(false, "build", dir, args).arg("--out").arg(&site), BUILD_TIMEOUT);
        expect(b.code == Some(exp.1), format!("build exit {:?}, expected {}\n{}", b.code, exp.1, b.stderr));
        expect(!site.exists(), "a rejected build wrote a site directory".into());
        let after = entries(out.path());
        expect(after.is_empty(), format!("a rejected build left {after:?}"));
    }
    fails
}

#[test]
fn bad_inputs_table() {
    assert!(CASES.len() + REQUIRED.len() >= 40);
    let build = has_build();
    let mut fails = Vec::new();
    for c in CASES {
        let dir = make_dir(c.defect);
        fails.extend(run_case(c.name, dir.path(), c.args, (c.check, c.score), c.en, c.zh, build));
    }
    assert!(fails.is_empty(), "{} failed expectations:\n\n{}", fails.len(), fails.join("\n\n"));
}

#[test]
fn every_required_column_missing() {
    let build = has_build();
    let mut fails = Vec::new();
    for &(f, col, alias) in REQUIRED {
        let dir = make_dir(DropColumn(f, col));
        let en = format!("error: {}:1: required column '{col}' ({alias}) not found", f.name());
        let zh = format!("错误: {} 第 1 行：缺少必需列“{col}”（{alias}）", f.name());
        let name = format!("{} without {col}", f.name());
        fails.extend(run_case(&name, dir.path(), &[], (2, 2), &[&en], &[&zh], build));
    }
    assert!(fails.is_empty(), "{} failed expectations:\n\n{}", fails.len(), fails.join("\n\n"));
}

#[test]
fn base_bank_is_clean() {
    // The base files alone: no issue at all, so every case above tests exactly its one defect.
    let dir = make_dir(Custom(|_| {}));
    let fails = run_case(
        "base",
        dir.path(),
        &[],
        (0, 0),
        &["result: clean", "Issues: 0 errors"],
        &["结果：无问题"],
        has_build(),
    );
    assert!(fails.is_empty(), "{}", fails.join("\n\n"));
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = make_dir(Custom(|_| {}));
    let path = dir.path().join("managers.csv");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root: permissions do not stop reading, so there is nothing to test.
        eprintln!("unreadable_file: skipped (running as root, permissions are not enforced)");
        return;
    }
    let fails = run_case(
        "unreadable managers.csv",
        dir.path(),
        &[],
        (2, 2),
        &["managers.csv: cannot read: Permission denied"],
        &["managers.csv：无法读取：没有权限"],
        has_build(),
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(fails.is_empty(), "{}", fails.join("\n\n"));
}

/// customers.csv is a symbolic link to /dev/zero: a device with no size that never ends. It is
/// refused before reading (check and score).
#[cfg(unix)]
#[test]
fn device_as_input_is_refused() {
    let dir = make_dir(Custom(customers_is_dev_zero));
    let fails = run_case(
        "customers.csv is /dev/zero",
        dir.path(),
        &[],
        (2, 2),
        &["customers.csv: is not a regular file (a device or a pipe?)"],
        &["customers.csv：不是普通文件（设备或管道？）"],
        false,
    );
    assert!(fails.is_empty(), "{}", fails.join("\n\n"));
}

/// `build` refuses it too (it once hashed a /dev/zero customers.csv forever for manifest.json,
/// fixed in de751c4).
#[cfg(unix)]
#[test]
fn device_as_input_is_refused_by_build() {
    if !has_build() {
        return;
    }
    let dir = make_dir(Custom(customers_is_dev_zero));
    let out = temp_dir();
    let site = out.path().join("site");
    let r = run_with_timeout(
        cmd(false, "build", dir.path(), &[]).arg("--out").arg(&site),
        std::time::Duration::from_secs(30),
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("customers.csv: is not a regular file"), "{}", r.stderr);
    assert!(!site.exists());
}

/// A customers.csv over the 4 GiB limit (a sparse file: no disk space used) is refused before
/// any of it is read, with the size and the limit in the message; nothing is written.
#[test]
fn oversized_file_is_refused_before_reading() {
    const LIMIT: u64 = 4 << 30; // crates/cli/src/input.rs MAX_FILE_BYTES, docs/data-contract.md
    let dir = make_dir(Custom(|_| {}));
    let path = dir.path().join("customers.csv");
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(LIMIT + 1).unwrap();
    let start = std::time::Instant::now();
    let en = format!(
        "error: {}: the file has 4294967297 bytes, more than the limit of 4294967296 bytes (4 GiB); split it by period\n",
        path.display()
    );
    let zh = format!(
        "错误: {}：文件大小 4294967297 字节，超过 4294967296 字节（4 GiB）的上限；请按期间拆分\n",
        path.display()
    );
    let c = run(&mut cmd(false, "check", dir.path(), &[]));
    assert_eq!((c.code, c.stdout.as_str(), c.stderr.as_str()), (Some(2), "", en.as_str()));
    let c = run(&mut cmd(true, "check", dir.path(), &[]));
    assert_eq!((c.code, c.stderr.as_str()), (Some(2), zh.as_str()));
    let out = temp_dir();
    let s = run(cmd(false, "score", dir.path(), &[]).arg("--out").arg(out.path().join("s.csv")));
    assert_eq!((s.code, s.stderr.as_str()), (Some(2), en.as_str()));
    assert!(entries(out.path()).is_empty());
    if has_build() {
        let site = out.path().join("site");
        let b = run_with_timeout(cmd(false, "build", dir.path(), &[]).arg("--out").arg(&site), BUILD_TIMEOUT);
        assert_eq!((b.code, b.stderr.as_str()), (Some(2), en.as_str()));
        assert!(entries(out.path()).is_empty(), "a rejected build wrote {:?}", entries(out.path()));
    }
    // Refused from the file's size, not by reading 4 GiB.
    assert!(start.elapsed() < std::time::Duration::from_secs(30), "took {:?}", start.elapsed());
}

/// A customers.csv that would need more memory than is available is refused before it is read
/// (here 600 MB, sparse, against a limit of 1 GB set with BRANCHLENS_MEMORY_LIMIT; on a real
/// machine the limit comes from MemAvailable or the cgroup): the run ends with a message naming
/// the file, the memory needed and available, instead of the out-of-memory killer.
#[test]
fn input_larger_than_available_memory_is_refused_before_reading() {
    let dir = make_dir(Custom(|_| {}));
    let path = dir.path().join("customers.csv");
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(600_000_000).unwrap();
    // 600 MB × 2.1 + 64 MiB = 1,327 MB needed (crates/cli/src/input.rs memory_needed).
    let en = format!(
        "error: {}: loading this 600 MB file needs about 1.3 GB of memory, but only 1.0 GB is available \
         (BRANCHLENS_MEMORY_LIMIT); split the export by period or run on a machine with more memory\n",
        path.display()
    );
    let zh = format!(
        "错误: {}：加载这个 600 MB 的文件约需 1.3 GB 内存，但只有 1.0 GB 可用（BRANCHLENS_MEMORY_LIMIT）；\
         请按期间拆分导出文件，或在内存更大的机器上运行\n",
        path.display()
    );
    let limited = |zh: bool, verb: &str, out: Option<&Path>| {
        let mut c = cmd(zh, verb, dir.path(), &[]);
        c.env("BRANCHLENS_MEMORY_LIMIT", "1000000000");
        if let Some(o) = out {
            c.arg("--out").arg(o);
        }
        run(&mut c)
    };
    let c = limited(false, "check", None);
    assert_eq!((c.code, c.stderr.as_str()), (Some(2), en.as_str()));
    let c = limited(true, "check", None);
    assert_eq!((c.code, c.stderr.as_str()), (Some(2), zh.as_str()));
    let out = temp_dir();
    let s = limited(false, "score", Some(&out.path().join("s.csv")));
    assert_eq!((s.code, s.stderr.as_str()), (Some(2), en.as_str()));
    let b = limited(false, "build", Some(&out.path().join("site")));
    assert_eq!((b.code, b.stderr.as_str()), (Some(2), en.as_str()));
    assert!(entries(out.path()).is_empty(), "a refused run wrote {:?}", entries(out.path()));
    // With enough memory the same file is read (and rejected for its content: all NUL bytes).
    let mut c = cmd(false, "check", dir.path(), &[]);
    c.env("BRANCHLENS_MEMORY_LIMIT", "2000000000");
    let r = run(&mut c);
    assert_eq!(r.code, Some(2));
    assert!(!r.stderr.contains("memory"), "{}", r.stderr);
}
