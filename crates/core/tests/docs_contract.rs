//! docs/data-contract.md against the code: the table of header synonyms lists exactly
//! `core::load::SYNONYMS`, and every built-in value form in the values table parses to its
//! contract value.

use branchlens_core::load::SYNONYMS;
use branchlens_core::{FileKind, Kind, LoanClass, Status};

fn doc() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/data-contract.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The body rows of the first table after the heading `heading`, as cells.
fn table(doc: &str, heading: &str) -> Vec<Vec<String>> {
    let start = doc.find(heading).unwrap_or_else(|| panic!("no heading {heading}"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| l.trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect())
        .collect()
}

#[test]
fn the_synonyms_table_lists_exactly_the_codes_synonyms() {
    let rows = table(&doc(), "## Header synonyms");
    let documented: Vec<(String, String, Vec<String>)> = rows
        .iter()
        .map(|r| {
            let synonyms = r[2].split(", ").map(|s| s.trim_matches('`').to_string()).collect();
            (r[0].clone(), r[1].clone(), synonyms)
        })
        .collect();
    let code: Vec<(String, String, Vec<String>)> = SYNONYMS
        .iter()
        .map(|(f, c, s)| {
            (FileKind::file_name(*f).to_string(), (*c).to_string(), s.iter().map(|s| s.to_string()).collect())
        })
        .collect();
    assert_eq!(documented, code, "regenerate the table of docs/data-contract.md from core::load::SYNONYMS");
}

#[test]
fn every_documented_value_form_parses_to_its_contract_value() {
    let rows = table(&doc(), "## Values: built-in forms and maps");
    let mut seen = 0;
    for r in rows.iter().filter(|r| ["kind", "loan_class", "status"].contains(&r[0].as_str())) {
        let code = r[1].trim_matches('`');
        for form in r[2].split(", ") {
            let parsed = match r[0].as_str() {
                "kind" => Kind::parse(form).map(Kind::code),
                "loan_class" => LoanClass::parse(form).map(LoanClass::code),
                _ => Status::parse(form).map(Status::code),
            };
            assert_eq!(parsed, Some(code), "{form} of {}", r[0]);
            seen += 1;
        }
    }
    // And the table lists every built-in form of the code.
    let forms = Kind::FORMS.iter().map(|(_, f)| f.len()).sum::<usize>()
        + LoanClass::FORMS.iter().map(|(_, f)| f.len()).sum::<usize>()
        + Status::FORMS.iter().map(|(_, f)| f.len()).sum::<usize>();
    assert_eq!(seen, forms);
}
