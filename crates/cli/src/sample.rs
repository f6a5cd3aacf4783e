//! A deterministic synthetic bank for `branchlens sample`: customers.csv, managers.csv and
//! credit_splits.csv in the v1 input contract, realistic enough to exercise every metric of
//! the design (heavy-tailed contribution, churners, five-level loan classes, managers who
//! leave, orphaned and unassigned customers, shared customers, data-quality cases).
//!
//! Same [`SampleSpec`] → identical bytes: one `ChaCha8Rng` seeded from `seed`, consumed in a
//! fixed order, no hash maps, no clock. [`write_to`] streams period by period and holds only
//! per-customer state (about 100 bytes a customer), so a million customers are fine.

use std::io::{self, Write};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleSpec {
    /// Distinct customers over the whole range (existing ones plus those opened in range).
    pub customers: u32,
    /// Consecutive monthly periods, ending at `end_period`.
    pub months: u32,
    /// Branches `B01..`.
    pub branches: u32,
    /// Seed of the generator: same spec, same bytes.
    pub seed: u64,
    /// (year, month) of the last period.
    pub end_period: (i32, u32),
    /// Managers in the whole bank (spread over branches by size, at least 3 per branch);
    /// `None`: about one per 80–100 customers.
    pub managers: Option<u32>,
}

impl Default for SampleSpec {
    fn default() -> Self {
        Self { customers: 2_000, months: 13, branches: 3, seed: 42, end_period: (2026, 10), managers: None }
    }
}

/// The three generated files, as bytes (UTF-8, LF).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleFiles {
    pub customers_csv: Vec<u8>,
    pub managers_csv: Vec<u8>,
    pub credit_splits_csv: Vec<u8>,
}

/// Generates the sample bank in memory. Pure and deterministic.
#[allow(dead_code)] // the CLI streams with `write_to`; this is the in-memory convenience.
pub fn generate(spec: &SampleSpec) -> SampleFiles {
    let mut f = SampleFiles::default();
    write_to(spec, &mut f.customers_csv, &mut f.managers_csv, &mut f.credit_splits_csv)
        .expect("writing into a Vec<u8> cannot fail");
    f
}

/// Streams the sample bank into three writers (wrap files in a `BufWriter`; the generator
/// also batches its own output in 64 KiB chunks).
pub fn write_to(
    spec: &SampleSpec,
    mut w_customers: impl Write,
    mut w_managers: impl Write,
    mut w_splits: impl Write,
) -> io::Result<()> {
    let mut bank = Bank::new(spec);
    let mut out = Out::default();

    out.s(SPLITS_HEADER);
    bank.write_splits(&mut out, &mut w_splits)?;
    w_splits.write_all(&out.buf)?;
    out.buf.clear();

    let mut mout = Out::default();
    out.s(CUSTOMERS_HEADER);
    mout.s(MANAGERS_HEADER);
    for p in 0..bank.periods.len() {
        bank.step(p);
        bank.write_month(p, &mut out, &mut w_customers, &mut mout)?;
        w_managers.write_all(&mout.buf)?;
        mout.buf.clear();
    }
    w_customers.write_all(&out.buf)?;
    w_customers.flush()?;
    w_managers.flush()?;
    w_splits.flush()
}

const CUSTOMERS_HEADER: &str = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,loan_class,overdue_days,last_contact,complaints,phone\n";
const MANAGERS_HEADER: &str = "manager_id,name,branch_id,grade,hire_date,status,period,deposit_target,loan_target,fee_target,new_customers_target\n";
const SPLITS_HEADER: &str = "customer_id,manager_id,share\n";

// ---------------------------------------------------------------------------------------
// Vocabulary

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛",
    "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴",
    "莫",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞",
    "平", "刚", "桂", "英", "华", "玉", "萍", "红", "建", "国", "文", "辉", "力", "林", "鹏", "飞", "斌", "宇", "浩",
    "凯", "健", "俊", "帆", "旭", "宁", "龙", "欣", "怡", "佳", "琳", "雪", "梅", "婷", "晶", "燕", "丹", "莉", "兰",
    "凤", "洁", "琴", "云", "海", "波", "鑫", "峰", "亮", "志", "新", "荣", "成", "晨", "昊", "子", "轩", "梓", "涵",
    "宏", "春", "东", "雨", "博", "思", "嘉", "慧", "振", "德", "永", "金", "秋", "晓", "立", "军", "淑", "桂", "兵",
    "光",
];
const CITIES: &[&str] = &[
    "上海", "北京", "深圳", "杭州", "苏州", "南京", "广州", "宁波", "无锡", "成都", "武汉", "西安", "天津", "重庆",
    "青岛", "厦门", "合肥", "长沙", "郑州", "佛山", "东莞", "温州", "常州", "济南",
];
const PREFIXES: &[&str] = &[
    "华信", "恒通", "中联", "金达", "宏远", "鑫源", "天元", "瑞丰", "永盛", "东方", "润华", "国泰", "盛世", "中瑞",
    "宏达", "嘉禾", "晨光", "远航", "海天", "星辰", "万和", "广源", "德信", "利民", "长城", "顺发", "新宇", "博远",
    "鼎盛", "联创", "普华", "天成", "锦程", "同创", "安泰", "富民", "泰和", "昌盛", "浩然", "聚力", "诚信", "启明",
    "华宇", "金桥", "蓝海", "百川", "卓越", "恒泰", "立达", "精诚", "众合", "新源", "汇通", "隆基", "荣昌", "兴达",
    "佳和", "正通", "信达", "明德",
];
const SUFFIXES: &[&str] = &["有限公司", "股份有限公司", "有限责任公司"];

/// GB/T 4754 sections A–T with a weight (in 0.1 %) and typical company-name words.
const INDUSTRIES: [(u8, u16, &[&str]); 20] = [
    (b'A', 20, &["农业", "农牧", "生态农业"]),
    (b'B', 15, &["矿业", "能源"]),
    (b'C', 240, &["制造", "机械", "电子", "新材料", "食品", "化工", "纺织", "精密"]),
    (b'D', 20, &["电力", "燃气", "水务", "新能源"]),
    (b'E', 100, &["建设", "建筑工程", "路桥工程", "装饰工程"]),
    (b'F', 190, &["贸易", "商贸", "供应链", "百货", "进出口"]),
    (b'G', 40, &["物流", "运输", "航运"]),
    (b'H', 30, &["酒店管理", "餐饮管理"]),
    (b'I', 70, &["科技", "信息技术", "软件", "网络科技"]),
    (b'J', 10, &["投资管理", "融资担保"]),
    (b'K', 80, &["置业", "房地产开发", "物业管理"]),
    (b'L', 80, &["租赁", "商务咨询", "企业管理", "人力资源"]),
    (b'M', 30, &["检测技术", "工程技术", "设计研究"]),
    (b'N', 15, &["环保", "环境工程", "园林"]),
    (b'O', 15, &["家政服务", "维修服务"]),
    (b'P', 10, &["教育科技", "培训"]),
    (b'Q', 15, &["医疗", "健康管理", "医药"]),
    (b'R', 10, &["文化传媒", "影视", "体育"]),
    (b'S', 5, &["社会服务"]),
    (b'T', 1, &["国际交流服务"]),
];

const GRADES: [&str; 4] = ["assistant", "junior", "senior", "principal"];
const CLASSES: [&str; 6] = ["", "normal", "special", "substandard", "doubtful", "loss"];
const NONE_CLASS: u8 = 0;
const NORMAL: u8 = 1;
const SPECIAL: u8 = 2;
const SUBSTANDARD: u8 = 3;
const DOUBTFUL: u8 = 4;
const LOSS: u8 = 5;

const PRODUCTS: [&str; 12] = [
    "deposit",
    "card",
    "ebank",
    "wealth",
    "fund",
    "insurance",
    "loan",
    "mortgage",
    "payroll",
    "fx",
    "cash_mgmt",
    "trade_fin",
];
const P_DEPOSIT: u16 = 1;
const P_CARD: u16 = 1 << 1;
const P_EBANK: u16 = 1 << 2;
const P_WEALTH: u16 = 1 << 3;
const P_FUND: u16 = 1 << 4;
const P_INSURANCE: u16 = 1 << 5;
const P_LOAN: u16 = 1 << 6;
const P_MORTGAGE: u16 = 1 << 7;
const P_PAYROLL: u16 = 1 << 8;
const P_FX: u16 = 1 << 9;
const P_CASH_MGMT: u16 = 1 << 10;
const P_TRADE_FIN: u16 = 1 << 11;
/// Products a customer may give up (never the deposit account or a live loan).
const OPTIONAL: [u16; 9] = [P_CARD, P_EBANK, P_WEALTH, P_FUND, P_INSURANCE, P_PAYROLL, P_FX, P_CASH_MGMT, P_TRADE_FIN];
const MAX_DEPTH: u32 = 6;

const MOBILE_PREFIXES: [u64; 19] =
    [130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 158, 159, 180, 186, 187, 188];

// ---------------------------------------------------------------------------------------
// State

#[derive(Debug, Clone, Copy)]
struct Period {
    year: i32,
    month: u32,
    first_day: i32,
    last_day: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MgrRef {
    None,
    Known(u32),
    /// A manager id that is not in managers.csv (the number after `M`).
    Unknown(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoanKind {
    None,
    Mortgage,
    Consumer,
    Corporate,
}

const NEVER: u16 = u16::MAX;
const NO_DATE: i32 = i32::MIN;

#[derive(Debug, Clone)]
struct Cust {
    corp: bool,
    dormant: bool,
    never_contacted: bool,
    branch: u16,
    /// GB/T section index into `INDUSTRIES` (corporate only).
    industry: u8,
    /// Retail: surname, given 1, given 2 (255 = none). Corporate: city (255 = none), prefix,
    /// industry word, suffix.
    name: [u8; 4],
    join: u16,
    /// First period with no row (`NEVER` = stays).
    leave: u16,
    drain_start: u16,
    drain_len: u8,
    class: u8,
    overdue: u16,
    products: u16,
    loan_kind: LoanKind,
    mgr: MgrRef,
    split: u32,
    phone: u64,
    open_day: i32,
    last_contact: i32,
    contact_rate: f32,
    dep_base: f32,
    dep_x: f32,
    aum_base: f32,
    aum_x: f32,
    fee_base: f32,
    txn_base: f32,
    loan: f64,
}

#[derive(Debug, Clone)]
struct Mgr {
    branch: u16,
    name: [u8; 3],
    grade: u8,
    hire_day: i32,
    leave: u16,
    no_targets: bool,
    target_factor: f32,
    new_target: u8,
}

#[derive(Debug, Clone, Copy)]
struct Split {
    cust: u32,
    n: u8,
    mgrs: [u32; 3],
    /// Shares in percent.
    pct: [u8; 3],
}

const NO_SPLIT: u32 = u32::MAX;

/// A planted change of one corporate customer's deposits in the last month.
#[derive(Debug, Clone, Copy)]
struct Event {
    cust: u32,
    mgr: u32,
    kind: EventKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum EventKind {
    /// Adds this multiple of the manager's previous-month credited deposits.
    Inflow(f64),
    /// Keeps this fraction of the customer's deposits.
    Outflow(f64),
}

#[derive(Debug)]
struct Bank {
    rng: ChaCha8Rng,
    periods: Vec<Period>,
    custs: Vec<Cust>,
    mgrs: Vec<Mgr>,
    branch_mgrs: Vec<Vec<u32>>,
    splits: Vec<Split>,
    /// Per manager, this month: credited deposit, loan, fee, new customers.
    credited: Vec<[f64; 4]>,
    /// Probability that a loan row is printed with an empty class (a data-quality case).
    p_empty_class: f64,
    empty_class_rows: u32,
    /// Planted events of the last month (see [`plant`]).
    events: Vec<Event>,
    /// Per manager, last month's credited figures (sizes the planted inflow).
    prev_credited: Vec<[f64; 4]>,
}

fn nrm(rng: &mut ChaCha8Rng) -> f64 {
    rng.sample(StandardNormal)
}

fn unif(rng: &mut ChaCha8Rng) -> f64 {
    rng.gen::<f64>()
}

fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    rng.gen::<f64>() < p
}

fn lognormal(rng: &mut ChaCha8Rng, median: f64, sigma: f64) -> f64 {
    median * (sigma * nrm(rng)).exp()
}

/// Index into `len` items, weighted towards the front (common surnames, common words).
fn front_weighted(rng: &mut ChaCha8Rng, len: usize) -> u8 {
    let u = unif(rng).powf(1.7);
    ((u * len as f64) as usize).min(len - 1) as u8
}

fn person_name(rng: &mut ChaCha8Rng) -> [u8; 3] {
    let s = front_weighted(rng, SURNAMES.len());
    let g1 = rng.gen_range(0..GIVEN.len()) as u8;
    let g2 = if chance(rng, 0.7) { rng.gen_range(0..GIVEN.len()) as u8 } else { 255 };
    [s, g1, g2]
}

fn pick_industry(rng: &mut ChaCha8Rng) -> u8 {
    let total: u32 = INDUSTRIES.iter().map(|i| u32::from(i.1)).sum();
    let mut r = rng.gen_range(0..total);
    for (k, i) in INDUSTRIES.iter().enumerate() {
        let w = u32::from(i.1);
        if r < w {
            return k as u8;
        }
        r -= w;
    }
    0
}

fn mobile(rng: &mut ChaCha8Rng) -> u64 {
    let pre = MOBILE_PREFIXES[rng.gen_range(0..MOBILE_PREFIXES.len())];
    pre * 100_000_000 + rng.gen_range(0..100_000_000u64)
}

/// Removes optional products until at most `MAX_DEPTH` remain.
fn cap_depth(mut p: u16) -> u16 {
    const DROP: [u16; 9] = [P_FX, P_INSURANCE, P_FUND, P_PAYROLL, P_TRADE_FIN, P_CARD, P_CASH_MGMT, P_EBANK, P_WEALTH];
    for b in DROP {
        if p.count_ones() <= MAX_DEPTH {
            break;
        }
        p &= !b;
    }
    p
}

fn drop_optional(rng: &mut ChaCha8Rng, products: &mut u16) {
    let held: Vec<u16> = OPTIONAL.iter().copied().filter(|b| *products & b != 0).collect();
    if !held.is_empty() {
        *products &= !held[rng.gen_range(0..held.len())];
    }
}

fn add_optional(rng: &mut ChaCha8Rng, products: &mut u16, corp: bool) {
    let pool: &[u16] = if corp {
        &[P_EBANK, P_CASH_MGMT, P_FX, P_PAYROLL, P_TRADE_FIN]
    } else {
        &[P_CARD, P_EBANK, P_FUND, P_INSURANCE, P_PAYROLL]
    };
    let b = pool[rng.gen_range(0..pool.len())];
    if (*products | b).count_ones() <= MAX_DEPTH {
        *products |= b;
    }
}

fn overdue_for(rng: &mut ChaCha8Rng, class: u8) -> u16 {
    match class {
        SPECIAL if chance(rng, 0.6) => rng.gen_range(1..=90),
        SUBSTANDARD if chance(rng, 0.8) => rng.gen_range(91..=180),
        DOUBTFUL if chance(rng, 0.9) => rng.gen_range(181..=360),
        LOSS if chance(rng, 0.95) => rng.gen_range(361..=1200),
        _ => 0,
    }
}

fn overdue_cap(class: u8) -> u16 {
    match class {
        SPECIAL => 90,
        SUBSTANDARD => 180,
        DOUBTFUL => 360,
        LOSS => 3000,
        _ => 0,
    }
}

fn remove_loan(c: &mut Cust) {
    c.loan = 0.0;
    c.class = NONE_CLASS;
    c.overdue = 0;
    c.loan_kind = LoanKind::None;
    c.products &= !(P_LOAN | P_MORTGAGE);
}

/// Month-end seasonality of average deposits.
fn season(corp: bool, month: u32) -> f64 {
    match (corp, month) {
        (true, 12) => 1.08,
        (true, 1) => 0.95,
        (true, 6) => 1.04,
        (false, 1 | 2) => 1.04,
        _ => 1.0,
    }
}

/// Days since 1970-01-01 of a civil date (the core's calendar arithmetic).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    branchlens_core::Date::from_ymd_unchecked(y, m, d).0
}

fn periods(spec: &SampleSpec) -> Vec<Period> {
    let months = spec.months.clamp(1, 1200) as i32;
    let (ey, em) = (spec.end_period.0, spec.end_period.1.clamp(1, 12) as i32);
    let end_index = ey * 12 + em - 1;
    (end_index - months + 1..=end_index)
        .map(|k| {
            let (year, month) = (k.div_euclid(12), (k.rem_euclid(12) + 1) as u32);
            let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
            let first_day = days_from_civil(year, month, 1);
            Period { year, month, first_day, last_day: days_from_civil(ny, nm, 1) - 1 }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Generation

impl Bank {
    fn new(spec: &SampleSpec) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
        let periods = periods(spec);
        let months = periods.len();
        let n = spec.customers as usize;
        let nb = spec.branches.clamp(1, 999) as usize;
        let first = periods[0];

        // Branch sizes.
        let bw: Vec<f64> = (0..nb).map(|_| 0.5 + unif(&mut rng)).collect();
        let bw_total: f64 = bw.iter().sum();

        // Managers: about one per 80–100 customers of the branch, at least 3.
        let mut mgrs = Vec::new();
        let mut branch_mgrs = vec![Vec::new(); nb];
        for (b, w) in bw.iter().enumerate() {
            let expected = n as f64 * w / bw_total;
            // Drawn in both cases, so that `managers: None` keeps the same random stream.
            let per = 80.0 + 20.0 * unif(&mut rng);
            let count = match spec.managers {
                Some(total) => (f64::from(total) * w / bw_total).round() as usize,
                None => (expected / per).round() as usize,
            }
            .max(3);
            for _ in 0..count {
                let tenure_years = 0.5 + 24.0 * unif(&mut rng).powf(1.3);
                let t = tenure_years + 3.0 * nrm(&mut rng);
                let grade = if t < 2.5 {
                    0
                } else if t < 7.0 {
                    1
                } else if t < 14.0 {
                    2
                } else {
                    3
                };
                branch_mgrs[b].push(mgrs.len() as u32);
                mgrs.push(Mgr {
                    branch: b as u16,
                    name: person_name(&mut rng),
                    grade,
                    hire_day: first.first_day - (tenure_years * 365.25) as i32,
                    leave: NEVER,
                    no_targets: false,
                    target_factor: (0.9 + 0.3 * unif(&mut rng)) as f32,
                    new_target: rng.gen_range(1..=5),
                });
            }
        }
        // 1–3 managers leave mid-range; a few active ones have no targets.
        let total_mgrs = mgrs.len();
        let leavers = rng.gen_range(1..=3usize).min(total_mgrs / 3);
        let mut left = 0;
        let mut tries = 0;
        while left < leavers && tries < 1000 {
            tries += 1;
            let m = rng.gen_range(0..total_mgrs);
            let b = usize::from(mgrs[m].branch);
            let active_in_branch = branch_mgrs[b].iter().filter(|&&k| mgrs[k as usize].leave == NEVER).count();
            if mgrs[m].leave != NEVER || active_in_branch <= 2 {
                continue;
            }
            mgrs[m].leave = if months >= 2 { rng.gen_range(1..months) as u16 } else { 0 };
            left += 1;
        }
        let untargeted = if total_mgrs >= 4 { ((total_mgrs as f64 * 0.05).round() as usize).max(1) } else { 0 };
        let mut marked = 0;
        tries = 0;
        while marked < untargeted && tries < 1000 {
            tries += 1;
            let m = rng.gen_range(0..total_mgrs);
            if mgrs[m].leave == NEVER && !mgrs[m].no_targets {
                mgrs[m].no_targets = true;
                marked += 1;
            }
        }

        // Customers: existing ones (ids in open-date order) and new ones per month.
        let n_base = if n == 0 { 0 } else { ((n as f64 / (1.0 + 0.015 * months as f64)).round() as usize).clamp(1, n) };
        let n_new = n - n_base;
        let mut open_days: Vec<(i32, u16)> = Vec::with_capacity(n);
        let mut offsets: Vec<i32> = (0..n_base).map(|_| 1 + (5479.0 * unif(&mut rng).powf(1.3)) as i32).collect();
        offsets.sort_unstable_by(|a, b| b.cmp(a));
        open_days.extend(offsets.iter().map(|o| (first.first_day - o, 0u16)));
        let mw: Vec<f64> = (0..months).map(|_| 0.7 + 0.6 * unif(&mut rng)).collect();
        let mw_total: f64 = mw.iter().sum();
        let mut cum = 0.0;
        let mut assigned = 0usize;
        for (p, w) in mw.iter().enumerate() {
            cum += w;
            let upto = ((n_new as f64 * cum / mw_total).round() as usize).min(n_new);
            let per = periods[p];
            let span = per.last_day - per.first_day + 1;
            let mut days: Vec<i32> = (assigned..upto).map(|_| per.first_day + rng.gen_range(0..span)).collect();
            days.sort_unstable();
            open_days.extend(days.into_iter().map(|d| (d, p as u16)));
            assigned = upto;
        }

        let mut custs = Vec::with_capacity(n);
        let mut bcum = Vec::with_capacity(nb);
        let mut acc = 0.0;
        for w in &bw {
            acc += w / bw_total;
            bcum.push(acc);
        }
        for &(open_day, join) in &open_days {
            let u = unif(&mut rng);
            let branch = bcum.iter().position(|&c| u < c).unwrap_or(nb - 1);
            let c = new_customer(&mut rng, &periods, &mgrs, &branch_mgrs[branch], branch, open_day, join);
            custs.push(c);
        }

        // Shared customers: ~2 %, mostly corporate, 2–3 managers, some across branches.
        let mut splits = Vec::new();
        for (i, c) in custs.iter_mut().enumerate() {
            let MgrRef::Known(own) = c.mgr else { continue };
            let p = if c.corp { 0.10 } else { 0.006 };
            if !chance(&mut rng, p) {
                continue;
            }
            const PATTERNS: [&[u8]; 6] = [&[50, 50], &[60, 40], &[70, 30], &[40, 30, 30], &[50, 30, 20], &[50, 25, 25]];
            let pat = PATTERNS[rng.gen_range(0..PATTERNS.len())];
            let mut s = Split { cust: i as u32, n: 1, mgrs: [own, 0, 0], pct: [pat[0], 0, 0] };
            for &share in &pat[1..] {
                let mut pick = None;
                for _ in 0..20 {
                    let other_branch = nb > 1 && chance(&mut rng, 0.3);
                    let cand = if other_branch {
                        rng.gen_range(0..total_mgrs) as u32
                    } else {
                        let list = &branch_mgrs[usize::from(c.branch)];
                        list[rng.gen_range(0..list.len())]
                    };
                    if !s.mgrs[..usize::from(s.n)].contains(&cand) {
                        pick = Some(cand);
                        break;
                    }
                }
                let Some(m) = pick else { break };
                s.mgrs[usize::from(s.n)] = m;
                s.pct[usize::from(s.n)] = share;
                s.n += 1;
            }
            if s.n < 2 {
                continue;
            }
            if s.n < pat.len() as u8 {
                // Fewer managers than the pattern: give the rest to the first.
                let given: u8 = s.pct[..usize::from(s.n)].iter().sum();
                s.pct[0] += 100 - given;
            }
            c.split = splits.len() as u32;
            splits.push(s);
        }

        let events = plant(spec.seed, months, &mut mgrs, &custs);
        let est_loan_rows = (n as f64 * months as f64 * 0.3).max(1.0);
        Bank {
            rng,
            periods,
            custs,
            credited: vec![[0.0; 4]; mgrs.len()],
            prev_credited: vec![[0.0; 4]; mgrs.len()],
            mgrs,
            branch_mgrs,
            splits,
            p_empty_class: 12.0 / est_loan_rows,
            empty_class_rows: 0,
            events,
        }
    }

    /// Evolves every present customer into period `p`, then keeps the NPL ratio in band.
    fn step(&mut self, p: usize) {
        let per = self.periods[p];
        let span = per.last_day - per.first_day + 1;
        let Bank { rng, custs, mgrs, branch_mgrs, .. } = self;
        for c in custs.iter_mut() {
            let (join, leave) = (usize::from(c.join), usize::from(c.leave));
            if p <= join || p >= leave {
                continue; // not present, or initialised for its first month
            }
            let corp = c.corp;
            let (rho, sd) = if corp { (0.7, 0.18) } else { (0.7, 0.08) };
            c.dep_x = (rho * f64::from(c.dep_x) + sd * nrm(rng)) as f32;
            c.aum_x = (0.8 * f64::from(c.aum_x) + 0.06 * nrm(rng)) as f32;
            if c.drain_len == 0 && chance(rng, 0.004) {
                // A one-off outflow (a large purchase, funds moved elsewhere); it recovers.
                c.dep_x -= (0.4 + 0.5 * unif(rng)) as f32;
            }

            // Loans: amortisation, pay-off, new loans; classes sticky with migrations.
            if c.loan > 0.0 {
                if c.class <= SPECIAL {
                    match c.loan_kind {
                        LoanKind::Mortgage => c.loan *= 0.994,
                        LoanKind::Consumer => {
                            c.loan *= 0.90 + 0.08 * unif(rng);
                            if c.loan < 2_000.0 {
                                remove_loan(c);
                            }
                        }
                        LoanKind::Corporate | LoanKind::None => c.loan *= (0.05 * nrm(rng)).exp(),
                    }
                }
                if c.loan > 0.0 {
                    migrate(rng, c, span);
                }
            } else if !c.dormant && c.drain_len == 0 {
                let pnew = if corp { 0.006 } else { 0.001 };
                if chance(rng, pnew) {
                    if corp {
                        c.loan = lognormal(rng, 2_000_000.0, 1.0);
                        c.loan_kind = LoanKind::Corporate;
                        c.products |= P_LOAN;
                    } else {
                        c.loan = lognormal(rng, 60_000.0, 0.6);
                        c.loan_kind = LoanKind::Consumer;
                        c.products |= P_LOAN;
                    }
                    c.class = NORMAL;
                    c.products = cap_depth(c.products);
                }
            }

            // Contacts.
            if !c.never_contacted && chance(rng, f64::from(c.contact_rate)) {
                c.last_contact = (per.first_day + rng.gen_range(0..span)).max(c.open_day);
            }

            // Products: churners drop one while draining; others rarely change.
            if c.drain_len > 0 && p >= usize::from(c.drain_start) {
                let k = p - usize::from(c.drain_start);
                if (k == 0 && chance(rng, 0.45)) || (k == 1 && chance(rng, 0.6)) {
                    drop_optional(rng, &mut c.products);
                }
            } else if chance(rng, 0.0015) {
                drop_optional(rng, &mut c.products);
            } else if chance(rng, 0.004) {
                add_optional(rng, &mut c.products, corp);
            }

            // A departing manager: about half the portfolio is reassigned, the rest orphaned.
            if let MgrRef::Known(m) = c.mgr {
                let mg = &mgrs[m as usize];
                if usize::from(mg.leave) == p && chance(rng, 0.5) {
                    let list = &branch_mgrs[usize::from(mg.branch)];
                    let active: Vec<u32> =
                        list.iter().copied().filter(|&k| usize::from(mgrs[k as usize].leave) > p).collect();
                    if !active.is_empty() {
                        c.mgr = MgrRef::Known(active[rng.gen_range(0..active.len())]);
                    }
                }
            }
        }
        self.control_npl(p);
    }

    /// Keeps (substandard + doubtful + loss) / total loans within 2.3–3.5 % and special-mention
    /// loans within 1.2–5 % of the book, by downgrading, upgrading or disposing of individual
    /// loans, as a bank's risk book drifts and is managed.
    fn control_npl(&mut self, p: usize) {
        let Bank { rng, custs, .. } = self;
        let present = |c: &Cust| usize::from(c.join) <= p && p < usize::from(c.leave);
        let borrowers: Vec<u32> =
            (0..custs.len() as u32).filter(|&i| present(&custs[i as usize]) && custs[i as usize].loan > 0.0).collect();
        if borrowers.len() < 20 {
            return;
        }
        let sum_where = |custs: &[Cust], f: &dyn Fn(&Cust) -> bool| -> f64 {
            borrowers.iter().map(|&i| &custs[i as usize]).filter(|c| f(c)).map(|c| c.loan).sum()
        };
        let mut total = sum_where(custs, &|_| true);
        let mut npl = sum_where(custs, &|c| c.class >= SUBSTANDARD);
        let target = 0.029 + 0.003 * nrm(rng).clamp(-1.0, 1.0);
        let init = p == 0;
        for _ in 0..4 * borrowers.len() + 200 {
            let ratio = npl / total;
            if (0.023..=0.035).contains(&ratio) && (!init || (ratio - target).abs() < 0.003) {
                break;
            }
            let c = &mut custs[borrowers[rng.gen_range(0..borrowers.len())] as usize];
            if c.loan <= 0.0 {
                continue;
            }
            if ratio < target {
                if c.class <= SPECIAL && c.loan <= (target - ratio) * total * 1.5 {
                    let r = unif(rng);
                    c.class = match (init, r) {
                        (true, r) if r < 0.45 => SUBSTANDARD,
                        (true, r) if r < 0.8 => DOUBTFUL,
                        (true, _) => LOSS,
                        (false, r) if r < 0.8 => SUBSTANDARD,
                        (false, _) => DOUBTFUL,
                    };
                    c.overdue = overdue_for(rng, c.class);
                    npl += c.loan;
                }
            } else if c.class >= SUBSTANDARD && c.loan <= (ratio - target) * total * 1.5 {
                npl -= c.loan;
                total -= c.loan;
                remove_loan(c); // sold or written off
            }
        }

        let mut special = sum_where(custs, &|c| c.class == SPECIAL);
        let target = 0.028;
        for _ in 0..4 * borrowers.len() + 200 {
            let ratio = special / total;
            if (0.012..=0.05).contains(&ratio) {
                break;
            }
            let c = &mut custs[borrowers[rng.gen_range(0..borrowers.len())] as usize];
            if ratio < target && c.class == NORMAL && c.loan > 0.0 && c.loan <= (target - ratio) * total * 1.5 {
                c.class = SPECIAL;
                c.overdue = overdue_for(rng, SPECIAL);
                special += c.loan;
            } else if ratio > target && c.class == SPECIAL {
                c.class = NORMAL;
                c.overdue = 0;
                special -= c.loan;
            }
        }
    }

    fn write_splits(&self, out: &mut Out, w: &mut impl Write) -> io::Result<()> {
        for s in &self.splits {
            for k in 0..usize::from(s.n) {
                out.cust_id(s.cust);
                out.c(b',');
                out.mgr_id(s.mgrs[k] + 1);
                out.c(b',');
                out.share(s.pct[k]);
                out.c(b'\n');
            }
            out.flush_if_full(w)?;
        }
        Ok(())
    }

    fn write_month(&mut self, p: usize, out: &mut Out, w: &mut impl Write, mout: &mut Out) -> io::Result<()> {
        let per = self.periods[p];
        let label = {
            let mut l = Out::default();
            l.pad(per.year.unsigned_abs().into(), 4);
            l.c(b'-');
            l.pad(per.month.into(), 2);
            l.buf
        };
        std::mem::swap(&mut self.credited, &mut self.prev_credited);
        for x in &mut self.credited {
            *x = [0.0; 4];
        }
        let last = p + 1 == self.periods.len();
        let Bank { rng, custs, mgrs, splits, credited, p_empty_class, empty_class_rows, events, prev_credited, .. } =
            self;
        for (i, c) in custs.iter().enumerate() {
            let (join, leave) = (usize::from(c.join), usize::from(c.leave));
            if p < join || p >= leave {
                continue;
            }
            // Churners drain over 2–3 months before they leave.
            let (fmul, tmul) = if c.drain_len > 0 && p >= usize::from(c.drain_start) {
                let k = p - usize::from(c.drain_start);
                let sched: &[f64] = if c.drain_len == 2 { &[0.5, 0.15] } else { &[0.6, 0.3, 0.1] };
                let m = sched[k.min(sched.len() - 1)] * (0.85 + 0.3 * unif(rng));
                (m, m * 0.8 + 0.05)
            } else {
                (1.0, 1.0)
            };
            let mut deposit = f64::from(c.dep_base) * f64::from(c.dep_x).exp() * season(c.corp, per.month) * fmul;
            if last {
                for e in events.iter().filter(|e| e.cust == i as u32) {
                    match e.kind {
                        EventKind::Inflow(x) => deposit += x * prev_credited[e.mgr as usize][0],
                        EventKind::Outflow(keep) => deposit *= keep,
                    }
                }
            }
            let aum = if c.aum_base > 0.0 { f64::from(c.aum_base) * f64::from(c.aum_x).exp() * fmul } else { 0.0 };
            let fee = if c.fee_base <= 0.0 {
                0.0
            } else if c.corp {
                if chance(rng, 0.1) {
                    0.0
                } else {
                    f64::from(c.fee_base) * (0.5 * nrm(rng)).exp() * fmul
                }
            } else if chance(rng, 0.25) {
                0.0
            } else {
                f64::from(c.fee_base) * (0.4 * nrm(rng)).exp() * fmul
            };
            let txn = (f64::from(c.txn_base) * (0.25 * nrm(rng)).exp() * tmul).round().clamp(0.0, 200.0) as u64;
            let (dep_c, loan_c, aum_c, fee_c) = (cents(deposit), cents(c.loan), cents(aum), cents(fee));

            out.buf.extend_from_slice(&label);
            out.c(b',');
            out.cust_id(i as u32);
            out.c(b',');
            out.cust_name(c);
            out.s(if c.corp { ",corporate," } else { ",retail," });
            out.branch_id(c.branch);
            out.c(b',');
            match c.mgr {
                MgrRef::None => {}
                MgrRef::Known(m) => out.mgr_id(m + 1),
                MgrRef::Unknown(k) => out.mgr_id(k),
            }
            out.c(b',');
            out.date(c.open_day);
            out.c(b',');
            out.cents(dep_c);
            out.c(b',');
            out.cents(loan_c);
            out.c(b',');
            out.cents(aum_c);
            out.c(b',');
            out.cents(fee_c);
            out.c(b',');
            out.products(c.products);
            out.c(b',');
            out.u(txn);
            out.c(b',');
            if c.corp {
                out.c(INDUSTRIES[usize::from(c.industry)].0);
            }
            out.c(b',');
            let mut overdue = 0;
            if loan_c > 0 {
                let blank = *empty_class_rows < 20 && chance(rng, *p_empty_class);
                if blank {
                    *empty_class_rows += 1;
                } else {
                    out.s(CLASSES[usize::from(c.class)]);
                }
                overdue = if c.class == NORMAL {
                    if chance(rng, 0.02) {
                        rng.gen_range(1..=30)
                    } else {
                        0
                    }
                } else {
                    c.overdue
                };
            }
            out.c(b',');
            out.u(overdue.into());
            out.c(b',');
            if c.last_contact != NO_DATE {
                out.date(c.last_contact);
            }
            out.c(b',');
            let draining = c.drain_len > 0 && p >= usize::from(c.drain_start);
            let complaints: u64 = if draining && chance(rng, 0.3) {
                if chance(rng, 0.8) {
                    1
                } else {
                    rng.gen_range(2..=3)
                }
            } else {
                let r = unif(rng);
                if r < 0.0015 {
                    rng.gen_range(2..=4)
                } else if r < 0.018 {
                    1
                } else {
                    0
                }
            };
            out.u(complaints);
            out.c(b',');
            if c.phone != 0 {
                out.u(c.phone);
            }
            out.c(b'\n');
            out.flush_if_full(w)?;

            // Credit the manager(s) for their targets.
            let is_new = usize::from(c.join) == p && c.open_day >= per.first_day;
            let vals =
                [dep_c as f64 / 100.0, loan_c as f64 / 100.0, fee_c as f64 / 100.0, if is_new { 1.0 } else { 0.0 }];
            if c.split != NO_SPLIT {
                let s = &splits[c.split as usize];
                for k in 0..usize::from(s.n) {
                    let share = f64::from(s.pct[k]) / 100.0;
                    let acc = &mut credited[s.mgrs[k] as usize];
                    for (a, v) in acc.iter_mut().zip(vals) {
                        *a += v * share;
                    }
                }
            } else if let MgrRef::Known(m) = c.mgr {
                let acc = &mut credited[m as usize];
                for (a, v) in acc.iter_mut().zip(vals) {
                    *a += v;
                }
            }
        }

        // managers.csv rows for this period.
        for (j, m) in mgrs.iter_mut().enumerate() {
            let active = usize::from(m.leave) > p;
            mout.mgr_id(j as u32 + 1);
            mout.c(b',');
            mout.person(m.name);
            mout.c(b',');
            mout.branch_id(m.branch);
            mout.c(b',');
            mout.s(GRADES[usize::from(m.grade)]);
            mout.c(b',');
            mout.date(m.hire_day);
            mout.s(if active { ",active," } else { ",left," });
            mout.buf.extend_from_slice(&label);
            if active && !m.no_targets {
                let base = f64::from(m.target_factor);
                // Deposit and loan targets in thousands, fee targets in tens of yuan.
                for (k, unit) in [(0, 1000.0), (1, 1000.0), (2, 10.0)] {
                    mout.c(b',');
                    let t = (credited[j][k] * base * (0.97 + 0.06 * unif(rng)) / unit).round() * unit;
                    if t >= 1.0 {
                        mout.cents(cents(t));
                    }
                }
                mout.c(b',');
                let r = rng.gen_range(-1..=1i32);
                let nt = (i32::from(m.new_target) + r).clamp(1, 5);
                mout.u(nt.unsigned_abs().into());
            } else {
                mout.s(",,,,");
            }
            mout.c(b'\n');
        }
        Ok(())
    }
}

/// Plants the performance cases a report must be able to show, drawn from a generator of their
/// own (seeded from `seed`) so that everything else is the same bytes as without them. Among
/// the active managers with targets, in a shuffled order:
/// - 1–3 outperformers (about 10 %), whose book grew well past the plan: targets 0.65–0.72 ×
///   the book they hold (completion ≈ 1.4, score ≥ 110 → `promote`);
/// - as many strugglers, carrying a plan sized for a bigger book: targets 2.0–2.3 × their book
///   and 4–5 new customers (score < 60 → `review`);
/// - in the last month, the largest corporate customer of the next manager parks the
///   proceeds of an asset sale: + 0.7–0.95 × the manager's previous-month deposits (a
///   业绩异动 jump, > 50 % of the month before);
/// - in the last month, a corporate customer of another manager moves 85–95 % of its
///   deposits to another bank: the customer that weighs most in its manager's book.
///
/// Nothing is planted with fewer than 4 such managers; no events with a single month.
fn plant(seed: u64, months: usize, mgrs: &mut [Mgr], custs: &[Cust]) -> Vec<Event> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut cand: Vec<u32> =
        (0..mgrs.len() as u32).filter(|&m| mgrs[m as usize].leave == NEVER && !mgrs[m as usize].no_targets).collect();
    if cand.len() < 4 {
        return Vec::new();
    }
    for i in (1..cand.len()).rev() {
        cand.swap(i, rng.gen_range(0..=i));
    }
    let k = ((cand.len() as f64 * 0.1).round() as usize).clamp(1, 3);
    for &m in &cand[..k] {
        mgrs[m as usize].target_factor = (0.65 + 0.07 * unif(&mut rng)) as f32;
    }
    for &m in &cand[k..2 * k] {
        let mg = &mut mgrs[m as usize];
        mg.target_factor = (2.0 + 0.3 * unif(&mut rng)) as f32;
        mg.new_target = 5;
    }
    if months < 2 {
        return Vec::new();
    }
    // Corporate customers of one manager present in the last two months, not shared, not churning.
    let last = months - 1;
    let eligible = |c: &Cust, m: u32| {
        c.corp
            && c.mgr == MgrRef::Known(m)
            && c.split == NO_SPLIT
            && usize::from(c.join) < last
            && c.leave == NEVER
            && c.drain_len == 0
    };
    // One pass: per manager, the sum of deposit bases and the largest eligible customer.
    let mut total = vec![0.0f64; mgrs.len()];
    let mut top: Vec<Option<(u32, f64)>> = vec![None; mgrs.len()];
    for (i, c) in custs.iter().enumerate() {
        let MgrRef::Known(m) = c.mgr else { continue };
        let d = f64::from(c.dep_base);
        total[m as usize] += d;
        let t = &mut top[m as usize];
        if eligible(c, m) && t.map_or(true, |(_, x)| d > x) {
            *t = Some((i as u32, d));
        }
    }
    let mut events = Vec::new();
    let rest = &cand[2 * k..];
    let inflow = rest.iter().find_map(|&m| top[m as usize].map(|(cust, _)| (m, cust)));
    if let Some((m, cust)) = inflow {
        events.push(Event { cust, mgr: m, kind: EventKind::Inflow(0.7 + 0.25 * unif(&mut rng)) });
    }
    let mut best: Option<(u32, u32, f64)> = None;
    for &m in rest.iter().filter(|&&m| Some(m) != inflow.map(|x| x.0)) {
        if let Some((cust, d)) = top[m as usize] {
            let share = d / total[m as usize];
            if best.map_or(true, |(_, _, s)| share > s) {
                best = Some((m, cust, share));
            }
        }
    }
    if let Some((m, cust, _)) = best {
        events.push(Event { cust, mgr: m, kind: EventKind::Outflow(0.05 + 0.1 * unif(&mut rng)) });
    }
    events
}

/// Natural month-to-month loan-class migration (classes are sticky).
fn migrate(rng: &mut ChaCha8Rng, c: &mut Cust, span: i32) {
    let r = unif(rng);
    let before = c.class;
    match c.class {
        NORMAL if r < 0.004 => c.class = SPECIAL,
        SPECIAL if r < 0.08 => c.class = NORMAL,
        SPECIAL if r < 0.14 => c.class = SUBSTANDARD,
        SUBSTANDARD if r < 0.10 => c.class = DOUBTFUL,
        SUBSTANDARD if r < 0.14 => c.class = SPECIAL,
        DOUBTFUL if r < 0.08 => c.class = LOSS,
        LOSS if r < 0.05 => {
            remove_loan(c); // written off
            return;
        }
        _ => {}
    }
    if c.class != before {
        c.overdue = overdue_for(rng, c.class);
    } else if c.overdue > 0 {
        c.overdue = (c.overdue + span as u16).min(overdue_cap(c.class));
    }
}

fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

fn new_customer(
    rng: &mut ChaCha8Rng,
    periods: &[Period],
    mgrs: &[Mgr],
    branch_mgrs: &[u32],
    branch: usize,
    open_day: i32,
    join: u16,
) -> Cust {
    let months = periods.len();
    let corp = chance(rng, 0.15);
    let z = nrm(rng);
    let mut products = P_DEPOSIT;
    let mut dormant = false;
    let (industry, name, phone, dep_base, aum_base, loan, loan_kind, txn_base, fee_base);
    if corp {
        industry = pick_industry(rng);
        let words = INDUSTRIES[usize::from(industry)].2;
        let city = if chance(rng, 0.4) { rng.gen_range(0..CITIES.len()) as u8 } else { 255 };
        let suffix = {
            let r = unif(rng);
            if r < 0.85 {
                0
            } else if r < 0.95 {
                1
            } else {
                2
            }
        };
        let prefix = rng.gen_range(0..PREFIXES.len());
        name = [city, prefix as u8, rng.gen_range(0..words.len()) as u8, suffix];
        phone = if chance(rng, 0.3) { mobile(rng) } else { 0 };
        dep_base = lognormal(rng, 600_000.0, 0.4) * (1.3 * z).exp();
        aum_base = if chance(rng, 0.12) { dep_base * (0.2 + 0.8 * unif(rng)) } else { 0.0 };
        if chance(rng, 0.6) {
            loan = lognormal(rng, 900_000.0, 0.6) * (1.0 * z).exp();
            loan_kind = LoanKind::Corporate;
            products |= P_LOAN;
        } else {
            loan = 0.0;
            loan_kind = LoanKind::None;
        }
        txn_base = (lognormal(rng, 55.0, 0.7) * (0.3 * z).exp()).clamp(3.0, 190.0);
        fee_base = if chance(rng, 0.12) { 0.0 } else { lognormal(rng, 350.0, 0.9) * (0.6 * z).exp() };
        for (b, p) in [(P_EBANK, 0.8), (P_CASH_MGMT, 0.4), (P_FX, 0.15), (P_PAYROLL, 0.2)] {
            if chance(rng, p) {
                products |= b;
            }
        }
        let trade = if matches!(INDUSTRIES[usize::from(industry)].0, b'C' | b'F') { 0.3 } else { 0.08 };
        if chance(rng, trade) {
            products |= P_TRADE_FIN;
        }
        if aum_base > 0.0 {
            products |= P_WEALTH;
        }
    } else {
        industry = 0;
        let [s, g1, g2] = person_name(rng);
        name = [s, g1, g2, 0];
        phone = if chance(rng, 0.95) { mobile(rng) } else { 0 };
        dormant = chance(rng, 0.05);
        if dormant {
            dep_base = lognormal(rng, 300.0, 1.5);
            aum_base = 0.0;
            txn_base = 2.0 * unif(rng);
            fee_base = 0.0;
        } else {
            dep_base = lognormal(rng, 50_000.0, 0.35) * (1.25 * z).exp();
            aum_base = if z + 0.8 * nrm(rng) > 0.85 { lognormal(rng, 150_000.0, 0.6) * (0.9 * z).exp() } else { 0.0 };
            txn_base = lognormal(rng, 15.0, 0.6).clamp(1.0, 180.0);
            fee_base = if chance(rng, 0.45) { 0.0 } else { lognormal(rng, 12.0, 0.9) + aum_base * 0.0004 };
        }
        let has_loan = chance(rng, if dormant { 0.05 } else { 0.26 });
        if has_loan && chance(rng, 0.65) {
            loan = lognormal(rng, 330_000.0, 0.6);
            loan_kind = LoanKind::Mortgage;
            products |= P_MORTGAGE;
        } else if has_loan {
            loan = lognormal(rng, 60_000.0, 0.8);
            loan_kind = LoanKind::Consumer;
            products |= P_LOAN;
        } else {
            loan = 0.0;
            loan_kind = LoanKind::None;
        }
        if !dormant {
            for (b, p) in [(P_CARD, 0.75), (P_EBANK, 0.6), (P_PAYROLL, 0.25), (P_FX, 0.03)] {
                if chance(rng, p) {
                    products |= b;
                }
            }
        }
        if aum_base > 0.0 {
            products |= P_WEALTH;
            if chance(rng, 0.4) {
                products |= P_FUND;
            }
            if chance(rng, 0.3) {
                products |= P_INSURANCE;
            }
        }
    }
    products = cap_depth(products);

    // Relationship manager: ~1 % unassigned, ~0.3 % an id missing from managers.csv.
    let r = unif(rng);
    let mgr = if r < 0.01 {
        MgrRef::None
    } else if r < 0.013 {
        MgrRef::Unknown(mgrs.len() as u32 + 1 + rng.gen_range(0..3))
    } else {
        let mut m = branch_mgrs[rng.gen_range(0..branch_mgrs.len())];
        for _ in 0..10 {
            let mg = &mgrs[m as usize];
            let too_junior = corp && mg.grade < 2 && chance(rng, 0.6);
            let gone = join > 0 && mg.leave <= join;
            if !too_junior && !gone {
                break;
            }
            m = branch_mgrs[rng.gen_range(0..branch_mgrs.len())];
        }
        MgrRef::Known(m)
    };

    // Churn: ~5 %, draining over 2–3 months; a good part is still draining at the end.
    let (mut drain_start, mut drain_len, mut leave) = (0u16, 0u8, NEVER);
    if chance(rng, if corp { 0.04 } else { 0.055 }) {
        let d = if chance(rng, 0.5) { 2usize } else { 3 };
        let start = if chance(rng, 0.5) {
            let lo = months.saturating_sub(d).max(1);
            (lo < months).then(|| rng.gen_range(lo..months))
        } else if months > d + 1 {
            Some(rng.gen_range(1..months - d))
        } else {
            None
        };
        if let Some(s) = start.filter(|&s| s > usize::from(join)) {
            drain_start = s as u16;
            drain_len = d as u8;
            leave = if s + d < months { (s + d) as u16 } else { NEVER };
        }
    }

    // Contact history.
    let big = corp && z > 1.5;
    let never_contacted = chance(rng, if big { 0.10 } else { 0.025 });
    let contact_rate = if chance(rng, 0.08) {
        0.02
    } else if corp {
        0.35 + 0.55 * unif(rng)
    } else {
        0.25 + 0.55 * unif(rng)
    } as f32;
    let jp = periods[usize::from(join)];
    let last_contact = if never_contacted {
        NO_DATE
    } else if open_day >= jp.first_day {
        if chance(rng, 0.9) {
            open_day + rng.gen_range(0..=jp.last_day - open_day)
        } else {
            NO_DATE
        }
    } else {
        let gap = -(unif(rng).max(1e-9)).ln() * 30.0 / f64::from(contact_rate);
        (jp.last_day - gap.min(5000.0) as i32).max(open_day)
    };

    let sd0 = if corp { 0.18 / 0.51f64.sqrt() } else { 0.08 / 0.51f64.sqrt() };
    let class = if loan > 0.0 {
        if chance(rng, if join == 0 { 0.035 } else { 0.01 }) {
            SPECIAL
        } else {
            NORMAL
        }
    } else {
        NONE_CLASS
    };
    let overdue = overdue_for(rng, class);
    Cust {
        corp,
        dormant,
        never_contacted,
        branch: branch as u16,
        industry,
        name,
        join,
        leave,
        drain_start,
        drain_len,
        class,
        overdue,
        products,
        loan_kind,
        mgr,
        split: NO_SPLIT,
        phone,
        open_day,
        last_contact,
        contact_rate,
        dep_base: dep_base as f32,
        dep_x: (sd0 * nrm(rng)) as f32,
        aum_base: aum_base as f32,
        aum_x: (0.06 / 0.36f64.sqrt() * nrm(rng)) as f32,
        fee_base: fee_base as f32,
        txn_base: txn_base as f32,
        loan: (loan * 100.0).round() / 100.0,
    }
}

// ---------------------------------------------------------------------------------------
// Output

/// "00" "01" … "99".
const DIGITS2: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};

#[derive(Debug, Default)]
struct Out {
    buf: Vec<u8>,
}

impl Out {
    fn flush_if_full(&mut self, w: &mut impl Write) -> io::Result<()> {
        if self.buf.len() >= 1 << 16 {
            w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn c(&mut self, b: u8) {
        self.buf.push(b);
    }

    fn s(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    fn u(&mut self, v: u64) {
        self.pad(v, 1);
    }

    /// Zero-padded to at least `width` (≤ 20) digits; two digits at a time.
    fn pad(&mut self, mut v: u64, width: usize) {
        let mut tmp = [b'0'; 20];
        let mut i = tmp.len();
        while v >= 100 {
            let k = (v % 100) as usize * 2;
            v /= 100;
            i -= 2;
            tmp[i..i + 2].copy_from_slice(&DIGITS2[k..k + 2]);
        }
        if v >= 10 {
            let k = v as usize * 2;
            i -= 2;
            tmp[i..i + 2].copy_from_slice(&DIGITS2[k..k + 2]);
        } else {
            i -= 1;
            tmp[i] = b'0' + v as u8;
        }
        let start = i.min(tmp.len() - width.min(tmp.len()));
        self.buf.extend_from_slice(&tmp[start..]);
    }

    fn cents(&mut self, v: i64) {
        if v < 0 {
            self.buf.push(b'-');
        }
        let a = v.unsigned_abs();
        self.u(a / 100);
        let k = (a % 100) as usize * 2;
        self.buf.extend_from_slice(&[b'.', DIGITS2[k], DIGITS2[k + 1]]);
    }

    fn date(&mut self, day: i32) {
        let (y, m, d) = branchlens_core::Date(day).ymd();
        let y = y.clamp(0, 9999) as usize;
        let (hi, lo, m, d) = (y / 100 * 2, y % 100 * 2, m as usize * 2, d as usize * 2);
        self.buf.extend_from_slice(&[
            DIGITS2[hi],
            DIGITS2[hi + 1],
            DIGITS2[lo],
            DIGITS2[lo + 1],
            b'-',
            DIGITS2[m],
            DIGITS2[m + 1],
            b'-',
            DIGITS2[d],
            DIGITS2[d + 1],
        ]);
    }

    /// `i` is the 0-based customer index.
    fn cust_id(&mut self, i: u32) {
        self.c(b'C');
        self.pad(u64::from(i) + 1, 7);
    }

    /// `n` is the 1-based manager number.
    fn mgr_id(&mut self, n: u32) {
        self.c(b'M');
        self.pad(n.into(), 4);
    }

    fn branch_id(&mut self, b: u16) {
        self.c(b'B');
        self.pad(u64::from(b) + 1, 2);
    }

    fn share(&mut self, pct: u8) {
        if pct >= 100 {
            self.c(b'1');
            return;
        }
        self.s("0.");
        self.c(b'0' + pct / 10);
        if pct % 10 != 0 {
            self.c(b'0' + pct % 10);
        }
    }

    fn person(&mut self, n: [u8; 3]) {
        self.s(SURNAMES[usize::from(n[0])]);
        self.s(GIVEN[usize::from(n[1])]);
        if n[2] != 255 {
            self.s(GIVEN[usize::from(n[2])]);
        }
    }

    fn cust_name(&mut self, c: &Cust) {
        if c.corp {
            let [city, prefix, word, suffix] = c.name;
            if city != 255 {
                self.s(CITIES[usize::from(city)]);
            }
            self.s(PREFIXES[usize::from(prefix)]);
            self.s(INDUSTRIES[usize::from(c.industry)].2[usize::from(word)]);
            self.s(SUFFIXES[usize::from(suffix)]);
        } else {
            self.person([c.name[0], c.name[1], c.name[2]]);
        }
    }

    fn products(&mut self, p: u16) {
        let mut first = true;
        for (k, code) in PRODUCTS.iter().enumerate() {
            if p & (1 << k) != 0 {
                if !first {
                    self.c(b';');
                }
                self.s(code);
                first = false;
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::OnceLock;

    #[derive(Debug)]
    struct Row {
        period: String,
        id: String,
        name: String,
        corp: bool,
        branch: String,
        mgr: String,
        open: String,
        dep: f64,
        loan: f64,
        aum: f64,
        fee: f64,
        products: Vec<String>,
        txn: f64,
        industry: String,
        class: String,
        overdue: u32,
        contact: String,
        complaints: u32,
        phone: String,
    }

    #[derive(Debug)]
    struct Data {
        rows: Vec<Row>,
        /// manager rows as records (header order).
        mgr_rows: Vec<Vec<String>>,
        splits: Vec<(String, String, f64)>,
        periods: Vec<String>,
    }

    impl Data {
        fn last(&self) -> &str {
            self.periods.last().unwrap()
        }
        fn in_period<'a>(&'a self, p: &'a str) -> impl Iterator<Item = &'a Row> + 'a {
            self.rows.iter().filter(move |r| r.period == p)
        }
        /// customer id -> period -> row index
        fn by_customer(&self) -> BTreeMap<&str, BTreeMap<&str, &Row>> {
            let mut m: BTreeMap<&str, BTreeMap<&str, &Row>> = BTreeMap::new();
            for r in &self.rows {
                m.entry(r.id.as_str()).or_default().insert(r.period.as_str(), r);
            }
            m
        }
    }

    fn spec() -> SampleSpec {
        SampleSpec { customers: 2_000, months: 13, branches: 3, seed: 7, end_period: (2026, 10), managers: None }
    }

    fn records(bytes: &[u8], header: &str) -> Vec<csv::StringRecord> {
        let mut rd = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
        let h = rd.headers().unwrap().clone();
        assert_eq!(h.iter().collect::<Vec<_>>().join(","), header.trim_end());
        let n = h.len();
        rd.records()
            .map(|r| {
                let r = r.unwrap();
                assert_eq!(r.len(), n);
                r
            })
            .collect()
    }

    fn parse(f: &SampleFiles) -> Data {
        for b in [&f.customers_csv, &f.managers_csv, &f.credit_splits_csv] {
            assert!(std::str::from_utf8(b).is_ok());
            assert!(!b.contains(&b'\r'));
            assert_eq!(b.last(), Some(&b'\n'));
        }
        let rows: Vec<Row> = records(&f.customers_csv, CUSTOMERS_HEADER)
            .iter()
            .map(|r| {
                assert_eq!(r.len(), 19);
                let num = |k: usize| -> f64 {
                    let s = &r[k];
                    let (_, frac) = s.split_once('.').expect("2 decimals");
                    assert_eq!(frac.len(), 2, "{s}");
                    s.parse().unwrap()
                };
                Row {
                    period: r[0].to_string(),
                    id: r[1].to_string(),
                    name: r[2].to_string(),
                    corp: match &r[3] {
                        "corporate" => true,
                        "retail" => false,
                        k => panic!("kind {k}"),
                    },
                    branch: r[4].to_string(),
                    mgr: r[5].to_string(),
                    open: r[6].to_string(),
                    dep: num(7),
                    loan: num(8),
                    aum: num(9),
                    fee: num(10),
                    products: r[11].split(';').map(str::to_string).collect(),
                    txn: r[12].parse().unwrap(),
                    industry: r[13].to_string(),
                    class: r[14].to_string(),
                    overdue: r[15].parse().unwrap(),
                    contact: r[16].to_string(),
                    complaints: r[17].parse().unwrap(),
                    phone: r[18].to_string(),
                }
            })
            .collect();
        let mgr_rows =
            records(&f.managers_csv, MANAGERS_HEADER).iter().map(|r| r.iter().map(str::to_string).collect()).collect();
        let splits = records(&f.credit_splits_csv, SPLITS_HEADER)
            .iter()
            .map(|r| (r[0].to_string(), r[1].to_string(), r[2].parse().unwrap()))
            .collect();
        let periods: BTreeSet<String> = rows.iter().map(|r| r.period.clone()).collect();
        Data { rows, mgr_rows, splits, periods: periods.into_iter().collect() }
    }

    fn data() -> &'static Data {
        static D: OnceLock<Data> = OnceLock::new();
        D.get_or_init(|| parse(&generate(&spec())))
    }

    fn contribution(r: &Row) -> f64 {
        let rate = match r.class.as_str() {
            "special" => 0.03,
            "substandard" => 0.10,
            "doubtful" => 0.20,
            "loss" => 0.30,
            _ => 0.01,
        };
        let cost = if r.corp { 200.0 } else { 5.0 };
        r.dep * 0.015 / 12.0 + r.loan * 0.025 / 12.0 + r.aum * 0.005 / 12.0 + r.fee
            - cost
            - r.txn * 0.5
            - r.loan * rate / 12.0
    }

    fn top20_share<'a>(rows: impl Iterator<Item = &'a Row>) -> f64 {
        let mut c: Vec<f64> = rows.map(contribution).collect();
        c.sort_by(|a, b| b.total_cmp(a));
        let k = (c.len() as f64 * 0.2).ceil() as usize;
        let pos = |s: &[f64]| s.iter().filter(|x| **x > 0.0).sum::<f64>();
        pos(&c[..k]) / pos(&c)
    }

    fn date_days(s: &str) -> i32 {
        let y = s[0..4].parse().unwrap();
        let m = s[5..7].parse().unwrap();
        let d = s[8..10].parse().unwrap();
        assert_eq!(s.len(), 10);
        days_from_civil(y, m, d)
    }

    fn period_last_day(p: &str) -> i32 {
        let (y, m): (i32, u32) = (p[0..4].parse().unwrap(), p[5..7].parse().unwrap());
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        days_from_civil(ny, nm, 1) - 1
    }

    /// Share of customers in `L` whose funds dropped ≥ 30 % vs their previous-3-period average.
    fn funds_drop_share(d: &Data) -> f64 {
        let byc = d.by_customer();
        let n = d.periods.len();
        let window = &d.periods[n - 4..n - 1];
        let (mut hit, mut total) = (0, 0);
        for hist in byc.values() {
            let Some(now) = hist.get(d.last()) else { continue };
            total += 1;
            let prev: Vec<f64> = window.iter().filter_map(|p| hist.get(p.as_str())).map(|r| r.dep + r.aum).collect();
            if prev.is_empty() {
                continue;
            }
            let avg = prev.iter().sum::<f64>() / prev.len() as f64;
            if avg >= 1000.0 && 1.0 - (now.dep + now.aum) / avg >= 0.3 {
                hit += 1;
            }
        }
        f64::from(hit) / f64::from(total)
    }

    #[test]
    fn sample_is_deterministic() {
        let s = SampleSpec { customers: 300, months: 6, branches: 2, seed: 11, end_period: (2026, 10), managers: None };
        let a = generate(&s);
        let b = generate(&s);
        assert_eq!(a, b);
        let c = generate(&SampleSpec { seed: 12, ..s.clone() });
        assert_ne!(a.customers_csv, c.customers_csv);
        assert_ne!(a.managers_csv, c.managers_csv);
        // The streaming variant gives the same bytes.
        let (mut x, mut y, mut z) = (Vec::new(), Vec::new(), Vec::new());
        write_to(&s, &mut x, &mut y, &mut z).unwrap();
        assert_eq!((x, y, z), (a.customers_csv, a.managers_csv, a.credit_splits_csv));
    }

    #[test]
    fn sample_periods_ids_and_shape() {
        let d = data();
        assert_eq!(d.periods.len(), 13);
        assert_eq!(d.periods.first().unwrap(), "2025-10");
        assert_eq!(d.last(), "2026-10");
        let mut seen = BTreeSet::new();
        for r in &d.rows {
            assert!(seen.insert((r.period.as_str(), r.id.as_str())), "duplicate {} {}", r.period, r.id);
            assert!(r.id.len() == 8 && r.id.starts_with('C') && r.id[1..].bytes().all(|b| b.is_ascii_digit()));
            assert!(r.branch.len() == 3 && r.branch.starts_with('B'));
            assert!(r.mgr.is_empty() || (r.mgr.len() == 5 && r.mgr.starts_with('M')));
            assert!(r.dep >= 0.0 && r.loan >= 0.0 && r.aum >= 0.0);
            assert!(r.txn <= 200.0);
            date_days(&r.open);
            assert!(r.open <= format!("{}-31", r.period));
            assert!(!r.name.is_empty() && !r.name.contains(','));
        }
        let ids: BTreeSet<&str> = d.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), 2_000);
        assert_eq!(ids.first().copied(), Some("C0000001"));
        assert_eq!(ids.last().copied(), Some("C0002000"));
        let branches: BTreeSet<&str> = d.rows.iter().map(|r| r.branch.as_str()).collect();
        assert_eq!(branches.into_iter().collect::<Vec<_>>(), ["B01", "B02", "B03"]);
        // Each customer's rows are consecutive months (no gaps) and static fields stay put.
        for hist in d.by_customer().values() {
            let ps: Vec<usize> = hist.keys().map(|p| d.periods.iter().position(|q| q == p).unwrap()).collect();
            assert!(ps.windows(2).all(|w| w[1] == w[0] + 1));
            let first = hist.values().next().unwrap();
            assert!(hist.values().all(|r| r.name == first.name && r.open == first.open && r.corp == first.corp));
        }
    }

    #[test]
    fn sample_names_phones_industry() {
        let d = data();
        let last: Vec<&Row> = d.in_period(d.last()).collect();
        let corp = last.iter().filter(|r| r.corp).count() as f64 / last.len() as f64;
        assert!((0.12..=0.18).contains(&corp), "corporate share {corp}");
        let mut letters = BTreeMap::new();
        for r in &last {
            if r.corp {
                assert!(r.name.ends_with("有限公司") || r.name.ends_with("有限责任公司"), "{}", r.name);
                assert_eq!(r.industry.len(), 1);
                assert!(('A'..='T').contains(&r.industry.chars().next().unwrap()));
                *letters.entry(r.industry.as_str()).or_insert(0) += 1;
            } else {
                let n = r.name.chars().count();
                assert!((2..=3).contains(&n) && r.name.chars().all(|c| c as u32 >= 0x4e00), "{}", r.name);
                assert!(r.industry.is_empty());
            }
            if !r.phone.is_empty() {
                assert!(r.phone.len() == 11 && r.phone.bytes().all(|b| b.is_ascii_digit()));
                assert!(["13", "15", "18"].contains(&&r.phone[..2]), "{}", r.phone);
            }
        }
        // C and F lead the industries.
        let top: Vec<_> = {
            let mut v: Vec<_> = letters.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1));
            v.into_iter().take(2).map(|(k, _)| *k).collect()
        };
        assert!(top.contains(&"C") && top.contains(&"F"), "{letters:?}");
        let retail: Vec<&&Row> = last.iter().filter(|r| !r.corp).collect();
        let no_phone = retail.iter().filter(|r| r.phone.is_empty()).count();
        assert!(no_phone > 0 && no_phone < retail.len() / 10);
    }

    #[test]
    fn sample_contribution_is_heavy_tailed() {
        let d = data();
        let share = top20_share(d.in_period(d.last()));
        assert!((0.7..=0.9).contains(&share), "top-20% share {share}");
        let retail: Vec<&Row> = d.in_period(d.last()).filter(|r| !r.corp).collect();
        let below = retail.iter().filter(|r| contribution(r) < 0.0).count() as f64 / retail.len() as f64;
        assert!((0.10..=0.30).contains(&below), "retail below cost {below}");
        let mut deps: Vec<f64> = retail.iter().map(|r| r.dep).collect();
        deps.sort_by(f64::total_cmp);
        let median = deps[deps.len() / 2];
        assert!((20_000.0..=200_000.0).contains(&median), "retail median deposit {median}");
        let mut cdeps: Vec<f64> = d.in_period(d.last()).filter(|r| r.corp).map(|r| r.dep).collect();
        cdeps.sort_by(f64::total_cmp);
        assert!(cdeps[cdeps.len() / 2] > 5.0 * median);
        assert!(cdeps[cdeps.len() * 9 / 10] > 1_000_000.0);
        let wealth = retail.iter().filter(|r| r.aum > 0.0).count() as f64 / retail.len() as f64;
        assert!((0.1..=0.4).contains(&wealth), "retail with aum {wealth}");
    }

    #[test]
    fn sample_loans_and_classes() {
        let d = data();
        let last: Vec<&Row> = d.in_period(d.last()).collect();
        let share = |corp: bool| {
            let g: Vec<&&Row> = last.iter().filter(|r| r.corp == corp).collect();
            g.iter().filter(|r| r.loan > 0.0).count() as f64 / g.len() as f64
        };
        assert!((0.18..=0.32).contains(&share(false)), "retail borrowers {}", share(false));
        assert!((0.5..=0.7).contains(&share(true)), "corporate borrowers {}", share(true));
        let total: f64 = last.iter().map(|r| r.loan).sum();
        let npl: f64 = last
            .iter()
            .filter(|r| ["substandard", "doubtful", "loss"].contains(&r.class.as_str()))
            .map(|r| r.loan)
            .sum();
        assert!((0.02..=0.04).contains(&(npl / total)), "NPL ratio {}", npl / total);
        let loans = last.iter().filter(|r| r.loan > 0.0).count() as f64;
        let special = last.iter().filter(|r| r.class == "special").count() as f64 / loans;
        assert!((0.01..=0.08).contains(&special), "special share {special}");
        // Classes only with loans; overdue days in every class.
        let mut overdue: BTreeMap<&str, u32> = BTreeMap::new();
        let mut empty_class = 0;
        for r in &d.rows {
            if r.loan == 0.0 {
                assert!(r.class.is_empty() && r.overdue == 0);
            } else if r.class.is_empty() {
                empty_class += 1;
            }
            if r.loan > 0.0 {
                assert!(r.products.iter().any(|p| p == "loan" || p == "mortgage"));
            }
            if r.overdue > 0 {
                *overdue.entry(r.class.as_str()).or_default() += 1;
                let ok = match r.class.as_str() {
                    "normal" => r.overdue <= 30,
                    "special" => r.overdue <= 90,
                    "substandard" => (91..=180).contains(&r.overdue),
                    "doubtful" => (181..=360).contains(&r.overdue),
                    "loss" => r.overdue > 360,
                    _ => true,
                };
                assert!(ok, "{} overdue {}", r.class, r.overdue);
            }
        }
        for c in ["normal", "special", "substandard", "doubtful", "loss"] {
            assert!(overdue.get(c).copied().unwrap_or(0) > 0, "no overdue in {c}");
        }
        assert!((5..=20).contains(&empty_class), "empty loan_class rows {empty_class}");
        // Sticky classes that sometimes migrate.
        let (mut same, mut moved) = (0, 0);
        for hist in d.by_customer().values() {
            for (a, b) in hist.values().zip(hist.values().skip(1)) {
                if a.loan > 0.0 && b.loan > 0.0 && !a.class.is_empty() && !b.class.is_empty() {
                    if a.class == b.class {
                        same += 1;
                    } else {
                        moved += 1;
                    }
                }
            }
        }
        let stay = f64::from(same) / f64::from(same + moved);
        assert!(stay > 0.97 && moved >= 20, "stay {stay} moved {moved}");
    }

    #[test]
    fn sample_products() {
        let d = data();
        let codes: BTreeSet<&str> = PRODUCTS.iter().copied().collect();
        let mut depth = [0usize; 8];
        for r in &d.rows {
            assert!(r.products.iter().all(|p| codes.contains(p.as_str())), "{:?}", r.products);
            let set: BTreeSet<&String> = r.products.iter().collect();
            assert_eq!(set.len(), r.products.len());
            depth[r.products.len().min(7)] += 1;
        }
        assert_eq!(depth[0] + depth[7], 0);
        assert!(depth[1..=6].iter().all(|&n| n > 0), "{depth:?}");
        let last: Vec<&Row> = d.in_period(d.last()).collect();
        let retail_cm = last.iter().filter(|r| !r.corp && r.products.iter().any(|p| p == "cash_mgmt")).count();
        assert_eq!(retail_cm, 0);
        let corp_mortgage = last.iter().filter(|r| r.corp && r.products.iter().any(|p| p == "mortgage")).count();
        assert_eq!(corp_mortgage, 0);
    }

    #[test]
    fn sample_churn_and_new_customers() {
        let d = data();
        let byc = d.by_customer();
        let gone: Vec<&str> = byc.iter().filter(|(_, h)| !h.contains_key(d.last())).map(|(id, _)| *id).collect();
        let churn = gone.len() as f64 / byc.len() as f64;
        assert!((0.015..=0.07).contains(&churn), "churned {churn}");
        let drop = funds_drop_share(d);
        assert!(drop >= 0.02, "funds drop share {drop}");
        // Product losses happen mostly to churners.
        let lost = |h: &BTreeMap<&str, &Row>| {
            h.values().zip(h.values().skip(1)).any(|(a, b)| a.products.iter().any(|p| !b.products.contains(p)))
        };
        let churn_lost = gone.iter().filter(|id| lost(&byc[**id])).count() as f64 / gone.len() as f64;
        let stay: Vec<_> = byc.iter().filter(|(_, h)| h.contains_key(d.last())).collect();
        let stay_lost = stay.iter().filter(|(_, h)| lost(h)).count() as f64 / stay.len() as f64;
        assert!(churn_lost > 3.0 * stay_lost && stay_lost > 0.0, "{churn_lost} vs {stay_lost}");
        // Complaints come with churn.
        let churn_compl = gone.iter().filter(|id| byc[**id].values().any(|r| r.complaints > 0)).count();
        assert!(churn_compl > 0);
        // New customers every month, open_date inside the month, first row that month.
        for (k, p) in d.periods.iter().enumerate() {
            let month: Vec<&Row> = d.in_period(p).collect();
            let new: Vec<&&Row> = month.iter().filter(|r| r.open[..7] == p[..]).collect();
            let share = new.len() as f64 / month.len() as f64;
            assert!((0.005..=0.03).contains(&share), "{p}: new share {share}");
            for r in new {
                let first = byc[r.id.as_str()].keys().next().unwrap();
                assert_eq!(*first, p.as_str());
            }
            if k > 0 {
                for r in &month {
                    let first = byc[r.id.as_str()].keys().next().unwrap();
                    if *first == p.as_str() {
                        assert_eq!(&r.open[..7], p.as_str(), "{} appears late", r.id);
                    }
                }
            }
        }
        let opens: Vec<i32> = byc.values().map(|h| date_days(&h.values().next().unwrap().open)).collect();
        let span = opens.iter().max().unwrap() - opens.iter().min().unwrap();
        assert!(span > 14 * 365 && span <= 17 * 365, "open span {span}");
    }

    #[test]
    fn sample_contacts_complaints_txn() {
        let d = data();
        let last: Vec<&Row> = d.in_period(d.last()).collect();
        let end = period_last_day(d.last());
        let empty = last.iter().filter(|r| r.contact.is_empty()).count() as f64 / last.len() as f64;
        assert!((0.015..=0.06).contains(&empty), "empty contact {empty}");
        let ages: Vec<i32> =
            last.iter().filter(|r| !r.contact.is_empty()).map(|r| end - date_days(&r.contact)).collect();
        assert!(ages.iter().all(|a| *a >= 0));
        let recent = ages.iter().filter(|a| **a <= 120).count() as f64 / ages.len() as f64;
        assert!(recent >= 0.7, "contacted within 120 days {recent}");
        assert!(ages.iter().any(|a| *a > 180));
        // Some of the biggest customers were never contacted.
        let mut by_c: Vec<(&&Row, f64)> = last.iter().map(|r| (r, contribution(r))).collect();
        by_c.sort_by(|a, b| b.1.total_cmp(&a.1));
        let vip = (last.len() as f64 * 0.05).ceil() as usize;
        assert!(by_c[..vip].iter().any(|(r, _)| r.contact.is_empty()));
        // complaints mostly 0, some 1, rare 2–4.
        let mut compl = [0usize; 6];
        for r in &d.rows {
            compl[r.complaints.min(5) as usize] += 1;
        }
        let rows = d.rows.len() as f64;
        assert!(compl[0] as f64 / rows > 0.95 && compl[1] > 0 && compl[2] + compl[3] + compl[4] > 0 && compl[5] == 0);
        let mut txn: Vec<f64> = last.iter().filter(|r| !r.corp).map(|r| r.txn).collect();
        txn.sort_by(f64::total_cmp);
        let med = txn[txn.len() / 2];
        assert!((5.0..=40.0).contains(&med), "retail median txn {med}");
        assert!(d.rows.iter().any(|r| r.txn == 0.0));
    }

    #[test]
    fn sample_managers() {
        let d = data();
        let h: Vec<&str> = MANAGERS_HEADER.trim_end().split(',').collect();
        let col = |name: &str| h.iter().position(|c| *c == name).unwrap();
        let (id, br, grade, status, period) =
            (col("manager_id"), col("branch_id"), col("grade"), col("status"), col("period"));
        let (dt, lt, ft, nt) =
            (col("deposit_target"), col("loan_target"), col("fee_target"), col("new_customers_target"));
        let ids: BTreeSet<&str> = d.mgr_rows.iter().map(|r| r[id].as_str()).collect();
        let n = ids.len();
        assert_eq!(d.mgr_rows.len(), n * d.periods.len());
        let expected: BTreeSet<String> = (1..=n).map(|k| format!("M{k:04}")).collect();
        assert_eq!(ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>(), expected);
        // ≥ 3 per branch, about one per 80–100 customers.
        let last: Vec<&Row> = d.in_period(d.last()).collect();
        for b in ["B01", "B02", "B03"] {
            let m: BTreeSet<&str> = d.mgr_rows.iter().filter(|r| r[br] == b).map(|r| r[id].as_str()).collect();
            let c = last.iter().filter(|r| r.branch == b).count() as f64;
            assert!(
                m.len() >= 3 && (60.0..=115.0).contains(&(c / m.len() as f64)),
                "{b}: {} managers, {c} customers",
                m.len()
            );
        }
        for r in &d.mgr_rows {
            assert!(GRADES.contains(&r[grade].as_str()));
            assert!(d.periods.contains(&r[period]));
        }
        // 1–3 leavers; from the month they leave: `left`, no targets; before: active.
        let mut left_from: BTreeMap<&str, &str> = BTreeMap::new();
        for r in &d.mgr_rows {
            if r[status] == "left" {
                let e = left_from.entry(r[id].as_str()).or_insert(r[period].as_str());
                if r[period].as_str() < *e {
                    *e = r[period].as_str();
                }
                assert!(r[dt].is_empty() && r[lt].is_empty() && r[ft].is_empty() && r[nt].is_empty());
            } else {
                assert_eq!(r[status], "active");
            }
        }
        assert!((1..=3).contains(&left_from.len()), "{left_from:?}");
        for r in &d.mgr_rows {
            if let Some(from) = left_from.get(r[id].as_str()) {
                assert_eq!(r[status] == "left", r[period].as_str() >= *from);
                assert!(*from > d.periods[0].as_str());
            }
        }
        // Orphans, unassigned and unknown ids in the latest month.
        let orphans = last.iter().filter(|r| left_from.contains_key(r.mgr.as_str())).count();
        let unassigned = last.iter().filter(|r| r.mgr.is_empty()).count() as f64 / last.len() as f64;
        let unknown = last.iter().filter(|r| !r.mgr.is_empty() && !ids.contains(r.mgr.as_str())).count() as f64
            / last.len() as f64;
        assert!(orphans > 0);
        assert!((0.003..=0.02).contains(&unassigned), "unassigned {unassigned}");
        assert!(unknown > 0.0 && unknown < 0.01, "unknown {unknown}");
        // Targets ≈ 0.9–1.2 × the credited portfolio; some active managers without targets.
        let mut credited: BTreeMap<&str, f64> = BTreeMap::new();
        let mut split_of: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
        for (c, m, s) in &d.splits {
            split_of.entry(c.as_str()).or_default().push((m.as_str(), *s));
        }
        for r in &last {
            match split_of.get(r.id.as_str()) {
                Some(v) => v.iter().for_each(|(m, s)| *credited.entry(m).or_default() += r.dep * s),
                None => *credited.entry(r.mgr.as_str()).or_default() += r.dep,
            }
        }
        let mut without = 0;
        let mut ratios = Vec::new();
        for r in d.mgr_rows.iter().filter(|r| r[period] == d.last() && r[status] == "active") {
            if r[dt].is_empty() && r[nt].is_empty() {
                without += 1;
                continue;
            }
            let t: f64 = r[dt].parse().unwrap();
            let a = credited.get(r[id].as_str()).copied().unwrap_or(0.0);
            ratios.push(t / a);
            let ntv: u32 = r[nt].parse().unwrap();
            assert!((1..=5).contains(&ntv));
        }
        assert!(without >= 1);
        // Most within 0.85–1.25; the planted outperformers (1–3) at 0.63–0.75 and as many
        // strugglers at 1.9–2.4.
        let low = ratios.iter().filter(|x| (0.6..=0.75).contains(*x)).count();
        let high = ratios.iter().filter(|x| (1.9..=2.4).contains(*x)).count();
        let usual = ratios.iter().filter(|x| (0.85..=1.25).contains(*x)).count();
        assert!((1..=3).contains(&low) && low == high && usual + low + high == ratios.len(), "{ratios:?}");
        assert!(usual >= ratios.len() * 3 / 4, "{ratios:?}");
    }

    #[test]
    fn sample_credit_splits() {
        let d = data();
        let mut by: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
        for (c, m, s) in &d.splits {
            by.entry(c.as_str()).or_default().push((m.as_str(), *s));
        }
        let share = by.len() as f64 / 2_000.0;
        assert!((0.01..=0.03).contains(&share), "split share {share}");
        let kind: BTreeMap<&str, bool> = d.rows.iter().map(|r| (r.id.as_str(), r.corp)).collect();
        let home: BTreeMap<&str, &str> = d.rows.iter().map(|r| (r.id.as_str(), r.branch.as_str())).collect();
        let mgr_branch: BTreeMap<&str, &str> = d.mgr_rows.iter().map(|r| (r[0].as_str(), r[2].as_str())).collect();
        let corp = by.keys().filter(|c| kind[**c]).count();
        assert!(corp * 2 > by.len());
        let mut cross = 0;
        for (c, v) in &by {
            assert!((2..=3).contains(&v.len()));
            let total: f64 = v.iter().map(|x| x.1).sum();
            assert!((total - 1.0).abs() < 1e-9, "{c}: {total}");
            let ms: BTreeSet<&str> = v.iter().map(|x| x.0).collect();
            assert_eq!(ms.len(), v.len());
            if v.iter().any(|(m, _)| mgr_branch[m] != home[c]) {
                cross += 1;
            }
        }
        assert!(cross > 0);
        let text = std::str::from_utf8(&generate(&spec()).credit_splits_csv).unwrap().to_string();
        for line in text.lines().skip(1) {
            let s = line.rsplit(',').next().unwrap();
            assert!(s.len() <= 4 && s.starts_with("0."), "{s}");
        }
    }

    #[test]
    fn sample_streams_a_larger_set() {
        // Correctness only (no timing): 20,000 customers × 12 months through a counting sink.
        #[derive(Default)]
        struct Count {
            bytes: usize,
            lines: usize,
        }
        impl Write for Count {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.bytes += b.len();
                self.lines += b.iter().filter(|&&c| c == b'\n').count();
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let s =
            SampleSpec { customers: 20_000, months: 12, branches: 12, seed: 1, end_period: (2026, 10), managers: None };
        let (mut c, mut m, mut p) = (Count::default(), Count::default(), Count::default());
        write_to(&s, &mut c, &mut m, &mut p).unwrap();
        // ~20,000 customers a month minus churn, plus the header.
        assert!(c.lines > 20_000 * 11 && c.lines < 20_000 * 12 + 2, "{}", c.lines);
        assert!(c.bytes / c.lines > 100 && c.bytes / c.lines < 200);
        let managers = (m.lines - 1) / 12;
        assert!((200..=260).contains(&managers), "{managers}");
        assert!(p.lines > 200);
    }

    #[test]
    fn managers_total_is_spread_over_branches() {
        // 5,000 customers, 25 branches, 250 managers asked: each branch gets round(250·w/Σw)
        // (at least 3), so the total is within ±13 of 250 (25 roundings of at most ½ each).
        let s = SampleSpec {
            customers: 5_000,
            months: 2,
            branches: 25,
            seed: 5,
            end_period: (2026, 10),
            managers: Some(250),
        };
        let distinct = |d: &Data| d.mgr_rows.iter().map(|r| r[0].clone()).collect::<BTreeSet<_>>().len();
        let count = distinct(&parse(&generate(&s)));
        assert!((237..=263).contains(&count), "{count}");
        // The default: about one per 80–100 customers, at least 3 per branch.
        let count = distinct(&parse(&generate(&SampleSpec { managers: None, ..s })));
        assert!((50..=80).contains(&count), "{count}");
    }

    #[test]
    fn sample_edge_specs() {
        let empty = generate(&SampleSpec { customers: 0, months: 1, branches: 1, ..SampleSpec::default() });
        assert_eq!(empty.customers_csv, CUSTOMERS_HEADER.as_bytes());
        let one = generate(&SampleSpec {
            customers: 5,
            months: 1,
            branches: 0,
            seed: 3,
            end_period: (2026, 1),
            managers: None,
        });
        let d = parse(&one);
        assert_eq!(d.periods, ["2026-01"]);
        let wrap = parse(&generate(&SampleSpec {
            customers: 50,
            months: 3,
            branches: 1,
            seed: 3,
            end_period: (2026, 1),
            managers: None,
        }));
        assert_eq!(wrap.periods, ["2025-11", "2025-12", "2026-01"]);
    }

    /// The manager performance of a generated set in its last month, through the real core.
    fn performance(spec: &SampleSpec) -> Vec<branchlens_core::metrics::performance::ManagerPerf> {
        use branchlens_core::{config::Config, load, Inputs, LoadOptions};
        let f = generate(spec);
        let inputs = Inputs {
            customers: f.customers_csv.as_slice(),
            managers: f.managers_csv.as_slice(),
            credit_splits: Some(f.credit_splits_csv.as_slice()),
        };
        let ds = load(inputs, &LoadOptions::default()).unwrap().dataset;
        let cfg = Config::default();
        let latest = ds.latest().unwrap();
        branchlens_core::summary::analyze(&ds, &cfg, latest).performance.managers
    }

    /// One line per manager: score, suggestion, anomalies (rules fired), key-person share.
    fn perf_lines(managers: &[branchlens_core::metrics::performance::ManagerPerf]) -> Vec<String> {
        managers
            .iter()
            .map(|m| {
                let an: Vec<String> = m
                    .anomalies
                    .iter()
                    .map(|a| {
                        let rules = match (a.robust_rule, a.jump_rule) {
                            (true, true) => "robust+jump",
                            (true, false) => "robust",
                            _ => "jump",
                        };
                        format!("{:?} {:+.0} ({rules}, z {:.1})", a.metric, a.change, a.z.unwrap_or(f64::NAN))
                    })
                    .collect();
                format!(
                    "{} {} {:?} score {} {:?} kp {:.3}{} {}",
                    m.state.manager_id,
                    m.state.branch_id,
                    m.state.status,
                    m.score.map_or("-".into(), |s| format!("{s:.1}")),
                    m.suggestion,
                    m.key_person_share.unwrap_or(0.0),
                    if m.key_person { " KEY" } else { "" },
                    an.join("; ")
                )
            })
            .collect()
    }

    /// The committed sample-data/ (2000 × 13 × 3, seed 42) shows every performance feature.
    #[test]
    fn sample_performance_features() {
        use branchlens_core::metrics::performance::Suggestion;
        let m = performance(&SampleSpec::default());
        let lines = perf_lines(&m).join("\n");
        let count = |s: Suggestion| m.iter().filter(|x| x.suggestion == Some(s)).count();
        assert!((1..=3).contains(&count(Suggestion::Promote)), "{lines}");
        assert!(count(Suggestion::Review) >= 1, "{lines}");
        assert!(m.iter().any(|x| x.score.is_some_and(|s| s < 60.0)), "weak completion: {lines}");
        let flagged = m.iter().filter(|x| !x.anomalies.is_empty()).count();
        assert!((1..=3).contains(&flagged), "{lines}");
        // The planted inflow trips the jump rule on deposits.
        assert!(m.iter().flat_map(|x| &x.anomalies).any(|a| a.jump_rule && a.change > 0.0), "no deposit jump: {lines}");
    }

    /// Other seeds and sizes show the planted cases too.
    #[test]
    fn sample_performance_features_other_seeds() {
        use branchlens_core::metrics::performance::Suggestion;
        for spec in [
            spec(),
            SampleSpec { seed: 1, ..spec() },
            SampleSpec { customers: 5_000, months: 12, branches: 5, seed: 3, end_period: (2026, 1), managers: None },
        ] {
            let m = performance(&spec);
            let lines = perf_lines(&m).join("\n");
            let count = |s: Suggestion| m.iter().filter(|x| x.suggestion == Some(s)).count();
            assert!((1..=3).contains(&count(Suggestion::Promote)), "{spec:?}\n{lines}");
            assert!(m.iter().any(|x| x.score.is_some_and(|s| s < 60.0)), "{spec:?}\n{lines}");
            assert!(m.iter().any(|x| !x.anomalies.is_empty()), "{spec:?}\n{lines}");
        }
    }

    /// Prints the manager performance of a spec (default: the sample-data spec):
    /// `cargo test -p branchlens-cli sample_performance_report -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn sample_performance_report() {
        fn env<T: std::str::FromStr>(k: &str) -> Option<T> {
            std::env::var(k).ok().and_then(|s| s.parse().ok())
        }
        let d = SampleSpec::default();
        let s = SampleSpec {
            customers: env("BRANCHLENS_SAMPLE_N").unwrap_or(d.customers),
            months: env("BRANCHLENS_SAMPLE_MONTHS").unwrap_or(d.months),
            branches: env("BRANCHLENS_SAMPLE_BRANCHES").unwrap_or(d.branches),
            seed: env("BRANCHLENS_SAMPLE_SEED").unwrap_or(d.seed),
            ..d
        };
        println!("{s:?}");
        for l in perf_lines(&performance(&s)) {
            println!("{l}");
        }
    }

    /// The realism figures of one generated set, for the report test below.
    fn measures(d: &Data) -> Vec<(&'static str, f64)> {
        let last: Vec<&Row> = d.in_period(d.last()).collect();
        let retail: Vec<&Row> = last.iter().copied().filter(|r| !r.corp).collect();
        let corp: Vec<&Row> = last.iter().copied().filter(|r| r.corp).collect();
        let frac = |v: &[&Row], f: &dyn Fn(&Row) -> bool| v.iter().filter(|r| f(r)).count() as f64 / v.len() as f64;
        let total: f64 = last.iter().map(|r| r.loan).sum();
        let cls = |c: &str| last.iter().filter(|r| r.class == c).map(|r| r.loan).sum::<f64>() / total;
        let byc = d.by_customer();
        let gone = byc.values().filter(|h| !h.contains_key(d.last())).count() as f64 / byc.len() as f64;
        let empty_class = d.rows.iter().filter(|r| r.loan > 0.0 && r.class.is_empty()).count() as f64;
        let mut deps: Vec<f64> = retail.iter().map(|r| r.dep).collect();
        deps.sort_by(f64::total_cmp);
        let mut cdeps: Vec<f64> = corp.iter().map(|r| r.dep).collect();
        cdeps.sort_by(f64::total_cmp);
        let end = period_last_day(d.last());
        vec![
            ("top20_all", top20_share(last.iter().copied())),
            ("top20_retail", top20_share(retail.iter().copied())),
            ("top20_corp", top20_share(corp.iter().copied())),
            ("corp_share", corp.len() as f64 / last.len() as f64),
            ("corp_contrib_share", {
                let pos = |v: &[&Row]| v.iter().map(|r| contribution(r).max(0.0)).sum::<f64>();
                pos(&corp) / pos(&last)
            }),
            ("retail_below_cost", frac(&retail, &|r| contribution(r) < 0.0)),
            ("corp_below_cost", frac(&corp, &|r| contribution(r) < 0.0)),
            ("retail_median_dep", deps[deps.len() / 2]),
            ("corp_median_dep", cdeps[cdeps.len() / 2]),
            ("retail_aum", frac(&retail, &|r| r.aum > 0.0)),
            ("retail_borrowers", frac(&retail, &|r| r.loan > 0.0)),
            ("corp_borrowers", frac(&corp, &|r| r.loan > 0.0)),
            ("npl_ratio", cls("substandard") + cls("doubtful") + cls("loss")),
            ("special_bal", cls("special")),
            ("empty_class_rows", empty_class),
            ("churned_before_L", gone),
            ("funds_drop30_L", funds_drop_share(d)),
            ("contact_empty_L", frac(&last, &|r| r.contact.is_empty())),
            ("contact_le120_L", frac(&last, &|r| !r.contact.is_empty() && end - date_days(&r.contact) <= 120)),
            ("unassigned_L", frac(&last, &|r| r.mgr.is_empty())),
            (
                "split_customers",
                d.splits.iter().map(|s| s.0.as_str()).collect::<BTreeSet<_>>().len() as f64 / byc.len() as f64,
            ),
        ]
    }

    /// Prints the realism figures of the test set (seed 7) and of seeds 1–6:
    /// `cargo test -p branchlens-cli sample_realism_report -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn sample_realism_report() {
        let mut table: Vec<(&str, Vec<f64>)> = Vec::new();
        for seed in std::iter::once(spec().seed).chain(1..=6) {
            let m = measures(&parse(&generate(&SampleSpec { seed, ..spec() })));
            if table.is_empty() {
                table = m.iter().map(|(k, _)| (*k, Vec::new())).collect();
            }
            for (row, (_, v)) in table.iter_mut().zip(m) {
                row.1.push(v);
            }
        }
        for (k, v) in &table {
            let cells: Vec<String> =
                v.iter().map(|x| if x.abs() >= 100.0 { format!("{x:>9.0}") } else { format!("{x:>9.4}") }).collect();
            println!("{k:<18}{}", cells.join(""));
        }
    }

    /// Writes a big set and prints its size and time (no timing assertion):
    /// `BRANCHLENS_SAMPLE_OUT=/tmp/x cargo test --release -p branchlens-cli sample_big -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn sample_big() {
        let Ok(dir) = std::env::var("BRANCHLENS_SAMPLE_OUT") else { return };
        let customers = std::env::var("BRANCHLENS_SAMPLE_N").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
        let s = SampleSpec { customers, months: 12, branches: 20, seed: 42, end_period: (2026, 10), managers: None };
        std::fs::create_dir_all(&dir).unwrap();
        let f = |n: &str| io::BufWriter::with_capacity(1 << 20, std::fs::File::create(format!("{dir}/{n}")).unwrap());
        let t = std::time::Instant::now();
        write_to(&s, f("customers.csv"), f("managers.csv"), f("credit_splits.csv")).unwrap();
        let el = t.elapsed();
        let size = std::fs::metadata(format!("{dir}/customers.csv")).unwrap().len();
        println!(
            "{customers} customers x 12: {size} bytes in {el:?} = {:.0} MB/s",
            size as f64 / 1e6 / el.as_secs_f64()
        );
    }
}
