//! Tests of passwords, key derivation (the RFC 7914 vector), salts, sealing and opening, and
//! of the marks of a page (balanced or the build fails).

use super::*;
use sha2::Sha256;

fn pw(s: &str) -> Password {
    Password::new(s.to_string()).expect("valid password")
}

#[test]
fn passwords_are_checked_and_never_printed() {
    assert_eq!(Password::new("short".into()), Err(PasswordError::TooShort));
    // Eight characters, counted as characters (not bytes): 8 Chinese characters pass.
    assert!(Password::new("八个汉字的密码呀".into()).is_ok());
    assert_eq!(Password::new("line\nbreak-pw".into()), Err(PasswordError::ControlCharacter));
    assert!(!format!("{:?}", pw("correct horse")).contains("horse"));
}

#[test]
fn pbkdf2_matches_the_rfc_7914_vector() {
    // RFC 7914 §11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1, dkLen = 64 — the
    // first 32 bytes are 55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05 …
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(b"passwd", b"salt", 1, &mut out);
    assert_eq!(out[..8], [0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f], "the PBKDF2 used is not PBKDF2-HMAC-SHA256");
}

#[test]
fn sealed_data_opens_only_with_the_right_password() {
    let salt = [7u8; SALT_LEN];
    let key = SiteKey::derive(&pw("right password"), salt, 1000);
    let sealed = key.seal("index.html", b"customer C001").expect("seal");
    assert_eq!(sealed.ct.len(), b"customer C001".len() + 16, "ciphertext plus a 16-byte tag");
    assert_eq!(key.open(&sealed).as_deref(), Some(&b"customer C001"[..]));
    let wrong = SiteKey::derive(&pw("wrong password"), salt, 1000);
    assert_eq!(wrong.open(&sealed), None);
    // Another salt gives another key.
    let other = SiteKey::derive(&pw("right password"), [8u8; SALT_LEN], 1000);
    assert_eq!(other.open(&sealed), None);
    // A flipped bit is detected.
    let mut bad = sealed.clone();
    bad.ct[0] ^= 1;
    assert_eq!(key.open(&bad), None);
    // Different paths, different nonces.
    assert_ne!(key.seal("a.html", b"x").expect("seal").iv, key.seal("b.html", b"x").expect("seal").iv);
}

#[test]
fn sites_get_distinct_salts_and_passwords_fall_back_to_the_main_one() {
    let e = Encryption {
        password: pw("head office pw"),
        branch_passwords: [("B01".to_string(), pw("branch one pw"))].into_iter().collect(),
        seed: [1u8; 32],
        iterations: 1000,
    };
    assert_ne!(e.salt_for("head-office/"), e.salt_for("branch-b01/"));
    assert_eq!(e.salt_for("x/"), e.salt_for("x/"));
    assert_ne!(e.salt_for(""), Encryption { seed: [2u8; 32], ..e.clone() }.salt_for(""));
    assert_eq!(e.password_for(Some("B01")), &pw("branch one pw"));
    assert_eq!(e.password_for(Some("B02")), &pw("head office pw"));
    assert_eq!(e.password_for(None), &pw("head office pw"));
}

/// The fragments sealed in a page (it must open).
fn fragments(key: &SiteKey, html: &str) -> Vec<String> {
    open_page(key, html).expect("opens: a sealed JSON array of fragments")
}

#[test]
fn a_page_keeps_aggregates_and_seals_its_fragments() {
    let key = SiteKey::derive(&pw("right password"), [3u8; SALT_LEN], 1000);
    let html = format!(
        "<main>{SEALED_MARK}<p>42 customers</p>{PRIVATE_START}<td>C001 张**</td>{PRIVATE_END}<p>total</p>\
         {PRIVATE_START}<td>C002</td>{PRIVATE_END}</main>"
    );
    let out = seal_page(&key, "index.html", &html, "Encrypted <details>").expect("sealed");
    assert!(!out.contains("C001") && !out.contains("C002") && !out.contains("张"), "{out}");
    assert!(out.contains("<p>42 customers</p>") && out.contains("<p>total</p>"));
    assert!(out.contains("data-slot=\"0\"") && out.contains("data-slot=\"1\""));
    assert!(out.contains("Encrypted &lt;details&gt;"), "the note is escaped");
    assert!(!out.contains(SEALED_MARK) && !out.contains(PRIVATE_START));
    assert_eq!(fragments(&key, &out), ["<td>C001 张**</td>", "<td>C002</td>"]);
    // A page without private content still carries a sealed (empty) list: every page can
    // check a password.
    let plain = seal_page(&key, "methodology.html", &format!("<main>{SEALED_MARK}</main>"), "n").expect("sealed");
    assert_eq!(fragments(&key, &plain), Vec::<String>::new());
}

#[test]
fn broken_marks_fail_instead_of_leaking() {
    let key = SiteKey::derive(&pw("right password"), [3u8; SALT_LEN], 1000);
    let cases = [
        format!("{PRIVATE_START}<td>C001</td>{PRIVATE_END}"),
        format!("{SEALED_MARK}{PRIVATE_START}<td>C001</td>"),
        format!("{SEALED_MARK}<td>C001</td>{PRIVATE_END}"),
        format!("{SEALED_MARK}{PRIVATE_START}{PRIVATE_START}C001{PRIVATE_END}{PRIVATE_END}"),
    ];
    for html in cases {
        assert!(seal_page(&key, "p.html", &html, "n").is_err(), "{html}");
    }
}
