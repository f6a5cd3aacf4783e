//! Sealing a rendered page: the customer-level fragments between [`PRIVATE_START`] and
//! [`PRIVATE_END`] are cut out, replaced by numbered placeholders, and written encrypted at
//! [`SEALED_MARK`]; and the reader of a page's sealed blob (tests and tooling).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

use crate::{LockError, Sealed, SiteKey};

/// Start of a customer-level fragment in a rendered page.
pub const PRIVATE_START: &str = "<!--branchlens:private-->";
/// End of a customer-level fragment.
pub const PRIVATE_END: &str = "<!--/branchlens:private-->";
/// Where the sealed fragments of a page go (inside the lock box of `base.html`).
pub const SEALED_MARK: &str = "<!--branchlens:sealed-->";

/// Cuts the customer-level fragments out of the page at `path`, replaces each with a numbered
/// placeholder saying `note`, and writes the sealed JSON array of fragments at [`SEALED_MARK`].
pub fn seal_page(key: &SiteKey, path: &str, html: &str, note: &str) -> Result<String, LockError> {
    let mut public = String::with_capacity(html.len() / 2);
    let mut fragments: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(PRIVATE_START) {
        let (before, after) = rest.split_at(start);
        if before.contains(PRIVATE_END) {
            return Err(LockError::Unbalanced { path: path.to_string() });
        }
        public.push_str(before);
        let body = &after[PRIVATE_START.len()..];
        let end = body.find(PRIVATE_END).ok_or_else(|| LockError::Unbalanced { path: path.to_string() })?;
        let fragment = &body[..end];
        if fragment.contains(PRIVATE_START) {
            return Err(LockError::Unbalanced { path: path.to_string() });
        }
        public.push_str(&format!(
            "<div class=\"locked-slot\" data-slot=\"{}\"><p class=\"locked-note\">{}</p></div>",
            fragments.len(),
            escape_text(note)
        ));
        fragments.push(fragment);
        rest = &body[end + PRIVATE_END.len()..];
    }
    if rest.contains(PRIVATE_END) {
        return Err(LockError::Unbalanced { path: path.to_string() });
    }
    public.push_str(rest);
    let Some(at) = public.find(SEALED_MARK) else {
        return Err(LockError::NoSealedMark { path: path.to_string() });
    };
    let plaintext = serde_json::to_vec(&fragments).map_err(|_| LockError::Cipher { path: path.to_string() })?;
    let sealed = key.seal(path, &plaintext)?;
    let mut element = String::with_capacity(sealed.ct.len() * 4 / 3 + 100);
    element.push_str("<div id=\"bl-sealed\" hidden data-iv=\"");
    BASE64.encode_string(sealed.iv, &mut element);
    element.push_str("\" data-ct=\"");
    BASE64.encode_string(&sealed.ct, &mut element);
    element.push_str("\"></div>");
    public.replace_range(at..at + SEALED_MARK.len(), &element);
    Ok(public)
}

/// `s` as HTML text (the placeholder's note, a translated sentence): `<`, `>`, `&`, `"` and `'`
/// as entities and control characters as spaces, as the charts' SVG text is escaped (this crate
/// depends on no HTML library for these few lines).
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The sealed blob of a page (`#bl-sealed`: `data-iv`, `data-ct`); `None` when the page has
/// none or it is not well-formed base64. For tests and tooling: the browser reads it in
/// `lock.js`.
pub fn sealed_in(html: &str) -> Option<Sealed> {
    let attr = |name: &str| -> Option<Vec<u8>> {
        let at = html.find(&format!("{name}=\""))? + name.len() + 2;
        let end = at + html[at..].find('"')?;
        BASE64.decode(&html[at..end]).ok()
    };
    Some(Sealed { iv: attr("data-iv")?.try_into().ok()?, ct: attr("data-ct")? })
}

/// The fragments sealed in a page, opened with `key`; `None` when the page has no sealed blob,
/// the key does not open it, or it is not a JSON array of strings.
pub fn open_page(key: &SiteKey, html: &str) -> Option<Vec<String>> {
    let plain = key.open(&sealed_in(html)?)?;
    serde_json::from_slice(&plain).ok()
}
