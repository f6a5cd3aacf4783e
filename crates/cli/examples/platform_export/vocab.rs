//! The platform's vocabulary: the words it uses for the contract's codes (kinds, loan classes,
//! statuses, products, GB/T 4754 sections), its customer grades and masked id numbers, and the
//! stable per-customer hash that picks between the forms it mixes.

use branchlens_core::model::{Kind, LoanClass, Status};

/// Customer kind as the platform writes it (a built-in spelling of the loader).
pub fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Retail => "个人客户",
        Kind::Corporate => "单位客户",
    }
}

/// 五级分类 with the 类 suffix (built in).
pub fn loan_class(c: LoanClass) -> &'static str {
    match c {
        LoanClass::Normal => "正常类",
        LoanClass::Special => "关注类",
        LoanClass::Substandard => "次级类",
        LoanClass::Doubtful => "可疑类",
        LoanClass::Loss => "损失类",
    }
}

/// 在职状态 (built in).
pub fn status(s: Status) -> &'static str {
    match s {
        Status::Active => "在职",
        Status::Left => "离职",
    }
}

/// The platform's product words: (contract code, word for retail customers, word for corporate
/// customers). Deposits and loans have a word per kind, as core banking systems name the
/// retail and the corporate product apart; both map back to the one contract code.
pub const PRODUCTS: [(&str, &str, &str); 12] = [
    ("deposit", "活期存款", "单位活期存款"),
    ("card", "借记卡", "借记卡"),
    ("ebank", "手机银行", "企业网银"),
    ("payroll", "代发工资", "代发工资"),
    ("wealth", "理财产品", "对公理财"),
    ("fund", "代销基金", "代销基金"),
    ("insurance", "代理保险", "代理保险"),
    ("loan", "个人消费贷款", "流动资金贷款"),
    ("mortgage", "个人住房贷款", "个人住房贷款"),
    ("cash_mgmt", "现金管理", "现金管理"),
    ("fx", "结售汇", "国际结算"),
    ("trade_fin", "贸易融资", "贸易融资"),
];

/// The platform word of product `code` for a customer of kind `k`.
pub fn product(code: &str, k: Kind) -> Option<&'static str> {
    PRODUCTS.iter().find(|(c, _, _)| *c == code).map(|(_, r, c)| if k == Kind::Retail { *r } else { *c })
}

/// `[values.products]`: every platform word with its contract code, in table order, each once.
pub fn product_values() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for (code, retail, corporate) in PRODUCTS {
        for word in [retail, corporate] {
            if !out.iter().any(|(w, _)| *w == word) {
                out.push((word, code));
            }
        }
    }
    out
}

/// GB/T 4754-2017 sections: letter, Chinese name, first and last division (two digits).
pub const SECTIONS: [(char, &str, u8, u8); 20] = [
    ('A', "农、林、牧、渔业", 1, 5),
    ('B', "采矿业", 6, 12),
    ('C', "制造业", 13, 43),
    ('D', "电力、热力、燃气及水生产和供应业", 44, 46),
    ('E', "建筑业", 47, 50),
    ('F', "批发和零售业", 51, 52),
    ('G', "交通运输、仓储和邮政业", 53, 60),
    ('H', "住宿和餐饮业", 61, 62),
    ('I', "信息传输、软件和信息技术服务业", 63, 65),
    ('J', "金融业", 66, 69),
    ('K', "房地产业", 70, 70),
    ('L', "租赁和商务服务业", 71, 72),
    ('M', "科学研究和技术服务业", 73, 75),
    ('N', "水利、环境和公共设施管理业", 76, 79),
    ('O', "居民服务、修理和其他服务业", 80, 82),
    ('P', "教育", 83, 83),
    ('Q', "卫生和社会工作", 84, 85),
    ('R', "文化、体育和娱乐业", 86, 90),
    ('S', "公共管理、社会保障和社会组织", 91, 96),
    ('T', "国际组织", 97, 97),
];

/// 国标行业 of a customer: mostly the section's Chinese name; for a stable tenth of the
/// customers a division code with its letter (`C13`), for another tenth the bare division
/// (`13`), as platforms that store the 4754 code tree export it. The division is the same in
/// every month for one customer.
pub fn industry(letter: &str, h: u64) -> Option<String> {
    let (l, name, first, last) = SECTIONS.iter().find(|(l, ..)| letter.len() == 1 && letter.starts_with(*l))?;
    let division = first + ((h >> 8) % u64::from(last - first + 1)) as u8;
    Some(match h % 10 {
        0 => format!("{l}{division:02}"),
        1 if division >= 10 => format!("{division:02}"),
        _ => name.to_string(),
    })
}

/// 客户等级: retail grades by financial assets (金融资产 in fen), corporate by average deposits.
pub fn customer_grade(k: Kind, aum_fen: i64, deposit_fen: i64) -> &'static str {
    const WAN: i64 = 1_000_000; // fen per 万元
    match k {
        Kind::Retail if aum_fen >= 600 * WAN => "私行客户",
        Kind::Retail if aum_fen >= 50 * WAN => "钻石客户",
        Kind::Retail if aum_fen >= 20 * WAN => "白金客户",
        Kind::Retail if aum_fen >= 5 * WAN => "金卡客户",
        Kind::Retail => "普通客户",
        Kind::Corporate if deposit_fen >= 5000 * WAN => "战略客户",
        Kind::Corporate if deposit_fen >= 500 * WAN => "重点客户",
        Kind::Corporate => "一般客户",
    }
}

const REGIONS: [&str; 8] = ["320102", "320106", "320111", "320115", "321002", "320582", "310115", "340104"];

/// 证件号码, masked as platforms export it and fake: a resident id (18 characters, the middle
/// eight masked) for retail customers, a unified social credit code (统一社会信用代码) for
/// corporate ones.
pub fn id_number(k: Kind, h: u64) -> String {
    let region = REGIONS[(h % REGIONS.len() as u64) as usize];
    let tail = (h >> 16) % 1000;
    let check = b"0123456789X"[((h >> 32) % 11) as usize] as char;
    match k {
        Kind::Retail => format!("{region}********{tail:03}{check}"),
        Kind::Corporate => format!("91{region}********{}{check}", (h >> 40) % 10),
    }
}

/// A stable 64-bit hash (FNV-1a) of a text: the form choices depend on the customer only.
pub fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
