//! The GB/T 4754-2017 industry section ([`Industry`], `A`..=`T`) and the forms bank exports
//! write it in: the section letter, the section's Chinese name, or a division, group or class
//! code (`C13`, `13`, `C131`, `C1310`, `1310`), which gives its division's section.

use serde::Serialize;

/// GB/T 4754 industry section, stored as its letter `A`..=`T`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Industry(pub u8);

/// The 20 sections of GB/T 4754-2017: letter, Chinese name, and the last division of the
/// section (the divisions 01–97 run in order, each section from the one after the previous
/// section's last).
pub const SECTIONS: [(char, &str, u8); 20] = [
    ('A', "农、林、牧、渔业", 5),
    ('B', "采矿业", 12),
    ('C', "制造业", 43),
    ('D', "电力、热力、燃气及水生产和供应业", 46),
    ('E', "建筑业", 50),
    ('F', "批发和零售业", 52),
    ('G', "交通运输、仓储和邮政业", 60),
    ('H', "住宿和餐饮业", 62),
    ('I', "信息传输、软件和信息技术服务业", 65),
    ('J', "金融业", 69),
    ('K', "房地产业", 70),
    ('L', "租赁和商务服务业", 72),
    ('M', "科学研究和技术服务业", 75),
    ('N', "水利、环境和公共设施管理业", 79),
    ('O', "居民服务、修理和其他服务业", 82),
    ('P', "教育", 83),
    ('Q', "卫生和社会工作", 85),
    ('R', "文化、体育和娱乐业", 90),
    ('S', "公共管理、社会保障和社会组织", 96),
    ('T', "国际组织", 97),
];

impl Industry {
    /// The section letter `A`..=`T` (either case), the section's Chinese name (punctuation
    /// full- or half-width, or left out; optionally after its letter, as in `C制造业`), or a
    /// division code of 2 digits, a group code of 3 or a class code of 4, with or without the
    /// section letter (`13`, `C13`, `C1310`): the division's section. A letter that contradicts
    /// the division (`A13`) is not an industry.
    pub fn parse(s: &str) -> Option<Industry> {
        // The usual value, a single letter, without building the normalized text.
        if let [c] = s.trim().as_bytes() {
            return Industry::from_letter(char::from(*c));
        }
        let s = normalize(s);
        let b = s.as_bytes();
        match b {
            [] => None,
            [c] => Industry::from_letter(char::from(*c)),
            [c, rest @ ..] if c.is_ascii_alphabetic() && rest.iter().all(u8::is_ascii_digit) => {
                let by_code = Industry::from_division_code(rest)?;
                (Industry::from_letter(char::from(*c)) == Some(by_code)).then_some(by_code)
            }
            _ if b.iter().all(u8::is_ascii_digit) => Industry::from_division_code(b),
            _ => Industry::from_name(&s),
        }
    }

    /// The section of a letter `A`..=`T` (either case).
    pub fn from_letter(c: char) -> Option<Industry> {
        let u = c.to_ascii_uppercase();
        ('A'..='T').contains(&u).then_some(Industry(u as u8))
    }

    /// The section whose contract code (its letter, `A`..=`T`, upper case) is exactly `code`.
    pub fn from_code(code: &str) -> Option<Industry> {
        match code.as_bytes() {
            [c @ b'A'..=b'T'] => Some(Industry(*c)),
            _ => None,
        }
    }

    /// The section of a division (2 digits), group (3) or class (4) code.
    fn from_division_code(digits: &[u8]) -> Option<Industry> {
        if !(2..=4).contains(&digits.len()) {
            return None;
        }
        let division = (digits[0] - b'0') * 10 + (digits[1] - b'0');
        if division == 0 {
            return None;
        }
        let (letter, _, _) = SECTIONS.iter().find(|(_, _, last)| division <= *last)?;
        Industry::from_letter(*letter)
    }

    /// The section of its Chinese name (already [`normalize`]d), optionally after its letter.
    fn from_name(s: &str) -> Option<Industry> {
        let (letter, name) = match s.chars().next() {
            Some(c) if c.is_ascii_alphabetic() => (Industry::from_letter(c), &s[1..]),
            _ => (None, s),
        };
        let found = SECTIONS.iter().find(|(_, n, _)| normalize(n) == name)?;
        let section = Industry::from_letter(found.0)?;
        match letter {
            Some(l) if l != section => None,
            _ => Some(section),
        }
    }

    pub fn letter(self) -> char {
        char::from(self.0)
    }

    /// The section's Chinese name.
    pub fn name_zh(self) -> &'static str {
        SECTIONS.iter().find(|(l, _, _)| *l == self.letter()).map_or("", |(_, n, _)| n)
    }
}

/// The text compared: full-width ASCII forms as ASCII, without spaces and without the
/// separators `、，,·-_:：` and parentheses (so `C-制造业`, `(C)制造业`, `农林牧渔业` and
/// `农、林、牧、渔业` compare equal to their plain forms).
fn normalize(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .filter(|c| !c.is_whitespace() && !matches!(c, '、' | ',' | '·' | '-' | '_' | ':' | '(' | ')'))
        .collect()
}

impl Serialize for Industry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_char(self.letter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(s: &str) -> Option<char> {
        Industry::parse(s).map(Industry::letter)
    }

    #[test]
    fn letters() {
        assert_eq!(letter("C"), Some('C'));
        assert_eq!(letter(" c "), Some('C'));
        assert_eq!(letter("Ｃ"), Some('C'));
        assert_eq!(letter("T"), Some('T'));
        assert_eq!(letter("U"), None);
        assert_eq!(letter("Z"), None);
        assert_eq!(letter(""), None);
        assert_eq!(Industry::from_code("C").map(Industry::letter), Some('C'));
        assert_eq!(Industry::from_code("c"), None, "a map target is the exact code");
        assert_eq!(Industry::from_code("U"), None);
        assert_eq!(Industry::from_code("制造业"), None);
    }

    #[test]
    fn every_section_by_name_with_and_without_punctuation() {
        for (l, name, _) in SECTIONS {
            assert_eq!(letter(name), Some(l), "{name}");
            assert_eq!(Industry::from_letter(l).map(Industry::name_zh), Some(name));
            assert_eq!(letter(&name.replace('、', "，")), Some(l), "{name}");
            assert_eq!(letter(&name.replace('、', ",")), Some(l), "{name}");
            assert_eq!(letter(&name.replace('、', "")), Some(l), "{name}");
            assert_eq!(letter(&format!("{l}{name}")), Some(l), "{name}");
            assert_eq!(letter(&format!("{l} {name}")), Some(l), "{name}");
            assert_eq!(letter(&format!("({l}){name}")), Some(l), "{name}");
            assert_eq!(letter(&format!(" {name}\u{3000}")), Some(l), "{name}");
        }
        assert_eq!(letter("信息传输、软件和信息技术服务业"), Some('I'));
        assert_eq!(letter("批发和零售业"), Some('F'));
        assert_eq!(letter("A制造业"), None, "a letter that contradicts the name");
        assert_eq!(letter("制造"), None);
        assert_eq!(letter("零售业"), None);
    }

    #[test]
    fn division_group_and_class_codes() {
        // The first and last division of every section, with and without the letter.
        let mut first = 1;
        for (l, _, last) in SECTIONS {
            for d in [first, last] {
                let code = format!("{d:02}");
                assert_eq!(letter(&code), Some(l), "{code}");
                assert_eq!(letter(&format!("{l}{code}")), Some(l), "{l}{code}");
                assert_eq!(letter(&format!("{}{code}", l.to_ascii_lowercase())), Some(l), "{l}{code}");
                assert_eq!(letter(&format!("{code}1")), Some(l), "group {code}1");
                assert_eq!(letter(&format!("{l}{code}10")), Some(l), "class {l}{code}10");
                assert_eq!(letter(&format!("{code}10")), Some(l), "class {code}10");
            }
            first = last + 1;
        }
        assert_eq!(first, 98);
        assert_eq!(letter("13"), Some('C'));
        assert_eq!(letter("C13"), Some('C'));
        assert_eq!(letter("C1310"), Some('C'));
        assert_eq!(letter("1310"), Some('C'));
        assert_eq!(letter("66"), Some('J'));
        assert_eq!(letter("Ｃ１３"), Some('C'));
        // Not a division, or a letter that contradicts it.
        assert_eq!(letter("A13"), None);
        assert_eq!(letter("J13"), None);
        assert_eq!(letter("U13"), None);
        assert_eq!(letter("00"), None);
        assert_eq!(letter("98"), None);
        assert_eq!(letter("99"), None);
        assert_eq!(letter("1"), None);
        assert_eq!(letter("131000"), None);
        assert_eq!(letter("C"), Some('C'));
        assert_eq!(letter("CC13"), None);
    }
}
