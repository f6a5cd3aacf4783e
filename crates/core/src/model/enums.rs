//! The enumerated values of the data contract: customer [`Kind`], five-level [`LoanClass`],
//! manager [`Status`] and the [`Industry`] section, each with its parser (English and Chinese
//! forms) and contract code.

use serde::Serialize;

/// Retail (对私/个人) or corporate (对公/公司).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Retail,
    Corporate,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Retail, Kind::Corporate];
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim();
        let is = |w: &str| s.eq_ignore_ascii_case(w);
        if is("retail") || matches!(s, "对私" | "个人" | "零售") {
            Some(Kind::Retail)
        } else if is("corporate") || matches!(s, "对公" | "公司" | "企业") {
            Some(Kind::Corporate)
        } else {
            None
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Kind::Retail => "retail",
            Kind::Corporate => "corporate",
        }
    }
}

/// Five-level loan classification (五级分类), best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanClass {
    Normal,
    Special,
    Substandard,
    Doubtful,
    Loss,
}

impl LoanClass {
    pub const ALL: [LoanClass; 5] =
        [LoanClass::Normal, LoanClass::Special, LoanClass::Substandard, LoanClass::Doubtful, LoanClass::Loss];
    pub fn parse(s: &str) -> Option<LoanClass> {
        let s = s.trim();
        let is = |w: &str| s.eq_ignore_ascii_case(w);
        Some(if is("normal") || is("pass") || s == "正常" {
            LoanClass::Normal
        } else if is("special") || is("special mention") || s == "关注" {
            LoanClass::Special
        } else if is("substandard") || s == "次级" {
            LoanClass::Substandard
        } else if is("doubtful") || s == "可疑" {
            LoanClass::Doubtful
        } else if is("loss") || s == "损失" {
            LoanClass::Loss
        } else {
            return None;
        })
    }
    pub fn code(self) -> &'static str {
        match self {
            LoanClass::Normal => "normal",
            LoanClass::Special => "special",
            LoanClass::Substandard => "substandard",
            LoanClass::Doubtful => "doubtful",
            LoanClass::Loss => "loss",
        }
    }
    /// Non-performing: substandard, doubtful or loss.
    pub fn is_npl(self) -> bool {
        self >= LoanClass::Substandard
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A relationship manager's status (在岗/离岗).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    Left,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("active") || matches!(s, "在岗" | "在职") {
            Some(Status::Active)
        } else if s.eq_ignore_ascii_case("left") || matches!(s, "离岗" | "离职") {
            Some(Status::Left)
        } else {
            None
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Left => "left",
        }
    }
}

/// GB/T 4754 industry section, stored as its letter `A`..=`T`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Industry(pub u8);

impl Industry {
    pub fn parse(s: &str) -> Option<Industry> {
        let b = s.trim().as_bytes();
        match b {
            [c] if c.to_ascii_uppercase().is_ascii_uppercase() && (b'A'..=b'T').contains(&c.to_ascii_uppercase()) => {
                Some(Industry(c.to_ascii_uppercase()))
            }
            _ => None,
        }
    }
    pub fn letter(self) -> char {
        char::from(self.0)
    }
}

impl Serialize for Industry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_char(self.letter())
    }
}
