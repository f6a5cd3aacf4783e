//! `branchlens sample`: generates the synthetic bank of `branchlens-sample` into OUT_DIR
//! (customers.csv, managers.csv, credit_splits.csv). The generator writes into the files this
//! module opens; it touches no file itself.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use branchlens_sample::{write_to, SampleSpec};

use branchlens_core::config::Lang;
use branchlens_i18n::Msg;

use crate::{Failure, SampleArgs};

/// Runs `branchlens sample`.
pub fn run(a: &SampleArgs, lang: Lang) -> Result<u8, Failure> {
    let spec = SampleSpec {
        customers: a.customers,
        months: a.months,
        branches: a.branches,
        seed: a.seed,
        end_period: (a.end.year(), a.end.month()),
        managers: a.managers,
    };
    let io = |e: std::io::Error| Failure::msg(Msg::CliPathError, &[("path", &a.out.display()), ("error", &e)]);
    write_files(&spec, &a.out).map_err(io)?;
    println!("{}", Msg::SampleWrote.fill(lang, &[("path", &a.out.display())]));
    Ok(0)
}

/// Creates `dir` if missing and streams the three files of `spec` into it.
fn write_files(spec: &SampleSpec, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let create = |name: &str| File::create(dir.join(name)).map(|f| BufWriter::with_capacity(1 << 20, f));
    write_to(spec, create("customers.csv")?, create("managers.csv")?, create("credit_splits.csv")?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Writes a big set and prints its size and time (no timing assertion):
    /// `BRANCHLENS_SAMPLE_OUT=/tmp/x cargo test --release -p branchlens-cli sample_big -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn sample_big() {
        let Ok(dir) = std::env::var("BRANCHLENS_SAMPLE_OUT") else { return };
        let customers = std::env::var("BRANCHLENS_SAMPLE_N").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
        let s = SampleSpec { customers, months: 12, branches: 20, seed: 42, end_period: (2026, 10), managers: None };
        let t = std::time::Instant::now();
        write_files(&s, Path::new(&dir)).unwrap();
        let el = t.elapsed();
        let size = std::fs::metadata(format!("{dir}/customers.csv")).unwrap().len();
        println!(
            "{customers} customers x 12: {size} bytes in {el:?} = {:.0} MB/s",
            size as f64 / 1e6 / el.as_secs_f64()
        );
    }
}
