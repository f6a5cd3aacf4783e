//! The `branchlens` command-line tool: reads files, validates arguments into checked settings,
//! calls the core, writes outputs. The only crate that touches the file system.

mod build;
mod calibrate;
mod check;
mod excel;
mod init;
mod input;
mod output;
mod passwords;
mod sample;
mod score;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use branchlens_core::config::Lang;
use branchlens_core::Encoding;
use branchlens_i18n::Msg;

/// Monthly customer and relationship-manager reports for commercial banks.
#[derive(Debug, Parser)]
#[command(name = "branchlens", version, about, long_about = None)]
struct Cli {
    /// Language of messages (and of reports, unless the config says otherwise).
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    /// Print phase wall times (load, analyze, write, total) of `check` and `score` to stderr.
    #[arg(long, global = true, hide = true)]
    timings: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    #[value(name = "en")]
    En,
    #[value(name = "zh-CN", alias = "zh")]
    ZhCn,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the static HTML report set (pages, charts, explorer, summary.json, manifest.json).
    Build(BuildArgs),
    /// Fit the churn model or the credit scorecard on the history (or both model types on any CSV table).
    Calibrate(Box<calibrate::CalibrateArgs>),
    /// Check a data directory: rows, periods, issues by kind. Exit 0 clean, 1 warnings, 2 rejected.
    Check(CheckArgs),
    /// Write a commented branchlens.toml with every default, or with --from DATA_DIR the proposed
    /// mapping ([input.*]) of the platform exports found there.
    Init(InitArgs),
    /// Generate a realistic, deterministic synthetic bank (customers.csv, managers.csv, credit_splits.csv).
    Sample(SampleArgs),
    /// Score every customer of the latest period into a CSV; writes summary.json beside it.
    Score(ScoreArgs),
}

#[derive(Debug, Args)]
struct ScoreArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The CSV file to write.
    #[arg(long)]
    out: PathBuf,
    /// Score as of this period, YYYY-MM (default: the latest in the data; later rows are ignored).
    #[arg(long, value_parser = parse_period)]
    period: Option<branchlens_core::Period>,
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The site directory to write (replaced only when the build succeeds).
    #[arg(long)]
    out: PathBuf,
    /// Build as of this period, YYYY-MM (default: the latest in the data; later rows are ignored).
    #[arg(long, value_parser = parse_period)]
    period: Option<branchlens_core::Period>,
    /// Currency unit of amounts: yuan (元) or wan (万元/亿元) (default: the configuration's).
    #[arg(long, value_parser = parse_unit)]
    unit: Option<branchlens_core::config::Unit>,
    /// Also write one self-contained site per branch: SITE_DIR/head-office/ and SITE_DIR/branch-<id>/.
    #[arg(long, value_enum)]
    split_by: Option<SplitBy>,
    /// Show customer names and phone numbers unmasked.
    #[arg(long)]
    no_mask: bool,
    /// Directory of template overrides (files named like the embedded templates, e.g. base.html, style.css).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Encrypt the customer-level content of the site(s) with the password in FILE (one line; at least
    /// 8 characters): AES-256-GCM, key from PBKDF2-HMAC-SHA256 (600,000 iterations). Pages then show
    /// only aggregates until the password is entered in the browser.
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// With --split-by branch: one password per branch site, from a CSV file `branch_id,password`
    /// (the head-office site uses --password-file).
    #[arg(long, value_name = "FILE")]
    passwords: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SplitBy {
    Branch,
}

fn parse_unit(s: &str) -> Result<branchlens_core::config::Unit, String> {
    use branchlens_core::config::Unit;
    Unit::ALL.into_iter().find(|u| u.as_str() == s).ok_or_else(|| format!("unknown unit '{s}' (use yuan or wan)"))
}

/// Options shared by the commands that read a data directory.
#[derive(Debug, Args)]
struct DataArgs {
    /// Directory holding customers.csv, managers.csv and optionally credit_splits.csv.
    data_dir: PathBuf,
    /// Configuration file (default: DATA_DIR/branchlens.toml when present, else built-in defaults).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Text encoding of the CSV files: auto, utf-8, gbk (GB18030).
    #[arg(long, default_value = "auto", value_parser = parse_encoding)]
    encoding: Encoding,
    /// Fail on any bad row (default: fail when more than 1% of a file's rows are bad).
    #[arg(long)]
    strict: bool,
}

impl LangArg {
    fn lang(self) -> Lang {
        match self {
            LangArg::En => Lang::En,
            LangArg::ZhCn => Lang::ZhCn,
        }
    }
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::parse(s).ok_or_else(|| format!("unknown encoding '{s}' (use auto, utf-8 or gbk)"))
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    data: DataArgs,
    /// How many example issues to show per kind.
    #[arg(long, default_value_t = 3)]
    examples: usize,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Directory to write branchlens.toml into (default: the current directory; with --from,
    /// DATA_DIR).
    pub(crate) dir: Option<PathBuf>,
    /// Read the headers and the first 200 rows of every CSV file and workbook (.xlsx, .xlsm, .xls)
    /// in DATA_DIR (and its subdirectories) and write the proposed [input.*] mapping: which table
    /// each file is, globs of monthly files, sheet, encoding, amount unit, and the header of each
    /// column, each with a comment saying how sure it is.
    #[arg(long, value_name = "DATA_DIR")]
    pub(crate) from: Option<PathBuf>,
    /// Overwrite an existing branchlens.toml.
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, Args)]
struct SampleArgs {
    /// Number of customers (in the latest month, roughly).
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u32).range(1..=100_000_000))]
    customers: u32,
    /// Number of monthly periods.
    #[arg(long, default_value_t = 13, value_parser = clap::value_parser!(u32).range(1..=120))]
    months: u32,
    /// Number of branches.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=999))]
    branches: u32,
    /// Relationship managers in the whole bank, spread over the branches by size (at least 3 per
    /// branch; default: about one per 80–100 customers).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    managers: Option<u32>,
    /// Random seed: the same seed gives byte-identical files.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The last period, YYYY-MM.
    #[arg(long, default_value = "2026-10", value_parser = parse_period)]
    end: branchlens_core::Period,
    /// Output directory (created if missing).
    #[arg(long)]
    out: PathBuf,
}

fn parse_period(s: &str) -> Result<branchlens_core::Period, String> {
    branchlens_core::Period::parse(s).ok_or_else(|| format!("'{s}' is not a period YYYY-MM"))
}

/// A failure with an exit code; its message is rendered in the language of the run (`--lang`).
pub struct Failure {
    pub code: u8,
    message: Box<dyn Fn(Lang) -> String + Send + Sync>,
}

impl Failure {
    /// A failure whose message `message(lang)` renders.
    pub fn new(code: u8, message: impl Fn(Lang) -> String + Send + Sync + 'static) -> Failure {
        Failure { code, message: Box::new(message) }
    }

    /// A failure (exit code 2) with the message `m`, its holes filled from `args`.
    pub fn msg(m: Msg, args: &[(&'static str, &dyn std::fmt::Display)]) -> Failure {
        let args: Vec<(&'static str, String)> = args.iter().map(|(k, v)| (*k, v.to_string())).collect();
        Failure::new(2, move |lang| {
            let args: Vec<(&str, &dyn std::fmt::Display)> = args.iter().map(|(k, v)| (*k, v as _)).collect();
            m.fill(lang, &args)
        })
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        (self.message)(lang)
    }
}

impl std::fmt::Debug for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Failure").field("code", &self.code).field("message", &self.message(Lang::En)).finish()
    }
}

impl From<input::InputError> for Failure {
    fn from(e: input::InputError) -> Failure {
        Failure::new(2, move |lang| e.message(lang))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut timings = Timings::new(cli.timings);
    // Messages are English unless --lang says otherwise (the reports follow the configuration).
    let lang = cli.lang.map_or(Lang::En, LangArg::lang);
    let result = match cli.command {
        Command::Build(a) => build::run(&a, cli.lang.map(LangArg::lang), lang, &mut timings),
        Command::Calibrate(a) => calibrate::run(&a, lang, &mut timings),
        Command::Check(a) => check::run(&a.data, a.examples, lang, &mut timings),
        Command::Init(a) => init::run(&a, lang),
        Command::Sample(a) => sample::run(&a, lang),
        Command::Score(a) => score::run(&a.data, &a.out, a.period, lang, &mut timings),
    };
    timings.report();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("{}", Msg::CliError.fill(lang, &[("message", &f.message(lang))]));
            ExitCode::from(f.code)
        }
    }
}

/// Phase wall times for the hidden `--timings` flag (benchmarks only; the core times nothing).
/// Each [`Timings::mark`] closes the phase that began at the previous mark.
#[derive(Debug)]
pub struct Timings {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
    phases: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    fn new(on: bool) -> Timings {
        let now = std::time::Instant::now();
        Timings { on, start: now, last: now, phases: Vec::new() }
    }
    /// Ends phase `name` now.
    pub fn mark(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.phases.push((name, now - self.last));
        self.last = now;
    }
    /// On stderr, when enabled and timed: one line per phase, `timing load=…ms`, then
    /// `timing total=…ms`; each line ends with a newline, so nothing printed after it (the build's
    /// own messages, a shell prompt) runs into it.
    fn report(&self) {
        if !self.on || self.phases.is_empty() {
            return;
        }
        use std::io::Write as _;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        let mut text = String::new();
        for (name, d) in &self.phases {
            text.push_str(&format!("timing {name}={:.1}ms\n", ms(*d)));
        }
        text.push_str(&format!("timing total={:.1}ms\n", ms(self.start.elapsed())));
        let mut err = std::io::stderr().lock();
        // Benchmarks only: a closed stderr is not worth failing the command for.
        let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
    }
}
