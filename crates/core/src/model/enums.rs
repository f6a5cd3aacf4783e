//! The enumerated values of the data contract: customer [`Kind`], five-level [`LoanClass`] and
//! manager [`Status`], each with its contract code and its parser of the forms bank exports
//! write (English and Chinese). The industry section is in `industry.rs`.

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
    /// The accepted forms of each kind besides its code (any case): the words bank exports use.
    pub const FORMS: [(Kind, &'static [&'static str]); 2] = [
        (Kind::Retail, &["对私", "个人", "个人客户", "零售", "对私客户", "零售客户"]),
        (Kind::Corporate, &["对公", "公司", "公司客户", "单位", "单位客户", "企业", "对公客户", "企业客户"]),
    ];
    /// The code (`retail`, `corporate`, any case) or one of [`Kind::FORMS`].
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim();
        Kind::ALL
            .into_iter()
            .find(|k| s.eq_ignore_ascii_case(k.code()))
            .or_else(|| Kind::FORMS.iter().find(|(_, forms)| forms.contains(&s)).map(|(k, _)| *k))
    }
    /// The kind whose contract code is exactly `code`.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
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
    /// The accepted forms of each class besides its code (any case): English synonyms, the
    /// Chinese names with and without 类, and the digits 1 (normal) to 5 (loss).
    pub const FORMS: [(LoanClass, &'static [&'static str]); 5] = [
        (LoanClass::Normal, &["pass", "正常", "正常类", "1"]),
        (LoanClass::Special, &["special mention", "关注", "关注类", "2"]),
        (LoanClass::Substandard, &["次级", "次级类", "3"]),
        (LoanClass::Doubtful, &["可疑", "可疑类", "4"]),
        (LoanClass::Loss, &["损失", "损失类", "5"]),
    ];
    /// The code (`normal` … `loss`, any case) or one of [`LoanClass::FORMS`] (English ones in any
    /// case).
    pub fn parse(s: &str) -> Option<LoanClass> {
        let s = s.trim();
        LoanClass::ALL.into_iter().find(|k| s.eq_ignore_ascii_case(k.code())).or_else(|| {
            let found = LoanClass::FORMS.iter().find(|(_, forms)| forms.iter().any(|f| s.eq_ignore_ascii_case(f)));
            found.map(|(k, _)| *k)
        })
    }
    /// The class whose contract code is exactly `code`.
    pub fn from_code(code: &str) -> Option<LoanClass> {
        LoanClass::ALL.into_iter().find(|k| k.code() == code)
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
    pub const ALL: [Status; 2] = [Status::Active, Status::Left];
    /// The accepted forms of each status besides its code (any case).
    pub const FORMS: [(Status, &'static [&'static str]); 2] =
        [(Status::Active, &["在岗", "在职"]), (Status::Left, &["离岗", "离职"])];
    /// The code (`active`, `left`, any case) or one of [`Status::FORMS`].
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim();
        Status::ALL
            .into_iter()
            .find(|k| s.eq_ignore_ascii_case(k.code()))
            .or_else(|| Status::FORMS.iter().find(|(_, forms)| forms.contains(&s)).map(|(k, _)| *k))
    }
    /// The status whose contract code is exactly `code`.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn code(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Left => "left",
        }
    }
}
