//! Masking of personal data (customer names and phone numbers) for reports and the explorer's
//! data bundle. Pure string functions; every page and the bundle go through them, so one rule
//! decides what a reader of a default site can see.
//!
//! - A retail (personal) name keeps its first character: `张三丰` → `张**`.
//! - A corporate name keeps its first two characters: `华兴建材有限公司` → `华兴**`.
//! - A phone number keeps its first 3 and last 4 digits when it has at least 11 characters
//!   (`13812341234` → `138****1234`); a shorter one is masked completely.
//!
//! The number of `*` is fixed, so a masked value does not reveal the length of the original.

use crate::model::Kind;

/// The mask put after the kept characters.
pub const STARS: &str = "**";

/// The masked form of a customer name of `kind`. An empty name stays empty.
pub fn name(kind: Kind, name: &str) -> String {
    let keep = match kind {
        Kind::Retail => 1,
        Kind::Corporate => 2,
    };
    let name = name.trim();
    if name.is_empty() {
        return String::new();
    }
    let mut out: String = name.chars().take(keep).collect();
    // A name no longer than what is kept is masked after its first character only, so that a
    // two-character corporate name is not shown whole.
    if name.chars().count() <= keep {
        out = name.chars().take(1).collect();
    }
    out.push_str(STARS);
    out
}

/// The masked form of a phone number. An empty number stays empty.
pub fn phone(phone: &str) -> String {
    let chars: Vec<char> = phone.trim().chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    if chars.len() >= 11 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else {
        "*".repeat(chars.len().max(4))
    }
}

/// Masks when `mask` is set, else returns the value unchanged (`--no-mask`).
pub fn name_if(mask: bool, kind: Kind, value: &str) -> String {
    if mask {
        name(kind, value)
    } else {
        value.to_owned()
    }
}

/// Masks when `mask` is set, else returns the value unchanged (`--no-mask`).
pub fn phone_if(mask: bool, value: &str) -> String {
    if mask {
        phone(value)
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(name(Kind::Retail, "张三丰"), "张**");
        assert_eq!(name(Kind::Retail, "张三"), "张**");
        assert_eq!(name(Kind::Retail, "王"), "王**");
        assert_eq!(name(Kind::Retail, " John Smith "), "J**");
        assert_eq!(name(Kind::Corporate, "华兴建材有限公司"), "华兴**");
        assert_eq!(name(Kind::Corporate, "华兴"), "华**");
        assert_eq!(name(Kind::Retail, ""), "");
        assert_eq!(name(Kind::Corporate, "   "), "");
    }

    #[test]
    fn phones() {
        assert_eq!(phone("13812341234"), "138****1234");
        assert_eq!(phone("+8613812341234"), "+86****1234");
        assert_eq!(phone("12345"), "*****");
        assert_eq!(phone("12"), "****");
        assert_eq!(phone(""), "");
    }

    #[test]
    fn no_mask_passes_through() {
        assert_eq!(name_if(false, Kind::Retail, "张三丰"), "张三丰");
        assert_eq!(phone_if(false, "13812341234"), "13812341234");
        assert_eq!(name_if(true, Kind::Retail, "张三丰"), "张**");
    }
}
