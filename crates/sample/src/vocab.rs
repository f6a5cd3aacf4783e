//! The generator's vocabulary (surnames, given names, cities, company-name words, GB/T 4754
//! industry sections, manager grades, mobile prefixes) and the draws from it: names, industries,
//! phone numbers. Names are kept as indices and spelled out only when a row is written.

use rand::Rng as _;

use crate::customers::Cust;
use crate::draw::{chance, front_weighted, Rng};

pub(crate) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛",
    "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴",
    "莫",
];
pub(crate) const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞",
    "平", "刚", "桂", "英", "华", "玉", "萍", "红", "建", "国", "文", "辉", "力", "林", "鹏", "飞", "斌", "宇", "浩",
    "凯", "健", "俊", "帆", "旭", "宁", "龙", "欣", "怡", "佳", "琳", "雪", "梅", "婷", "晶", "燕", "丹", "莉", "兰",
    "凤", "洁", "琴", "云", "海", "波", "鑫", "峰", "亮", "志", "新", "荣", "成", "晨", "昊", "子", "轩", "梓", "涵",
    "宏", "春", "东", "雨", "博", "思", "嘉", "慧", "振", "德", "永", "金", "秋", "晓", "立", "军", "淑", "桂", "兵",
    "光",
];
pub(crate) const CITIES: &[&str] = &[
    "上海", "北京", "深圳", "杭州", "苏州", "南京", "广州", "宁波", "无锡", "成都", "武汉", "西安", "天津", "重庆",
    "青岛", "厦门", "合肥", "长沙", "郑州", "佛山", "东莞", "温州", "常州", "济南",
];
pub(crate) const PREFIXES: &[&str] = &[
    "华信", "恒通", "中联", "金达", "宏远", "鑫源", "天元", "瑞丰", "永盛", "东方", "润华", "国泰", "盛世", "中瑞",
    "宏达", "嘉禾", "晨光", "远航", "海天", "星辰", "万和", "广源", "德信", "利民", "长城", "顺发", "新宇", "博远",
    "鼎盛", "联创", "普华", "天成", "锦程", "同创", "安泰", "富民", "泰和", "昌盛", "浩然", "聚力", "诚信", "启明",
    "华宇", "金桥", "蓝海", "百川", "卓越", "恒泰", "立达", "精诚", "众合", "新源", "汇通", "隆基", "荣昌", "兴达",
    "佳和", "正通", "信达", "明德",
];
pub(crate) const SUFFIXES: &[&str] = &["有限公司", "股份有限公司", "有限责任公司"];

/// GB/T 4754 sections A–T with a weight (in 0.1 %) and typical company-name words.
pub(crate) const INDUSTRIES: [(u8, u16, &[&str]); 20] = [
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

/// Manager grades, junior to senior (`Mgr::grade` indexes it).
pub(crate) const GRADES: [&str; 4] = ["assistant", "junior", "senior", "principal"];

/// Mainland mobile number prefixes (the first three digits).
pub(crate) const MOBILE_PREFIXES: [u64; 19] =
    [130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 158, 159, 180, 186, 187, 188];

/// A person's name as indices: surname, first given character, second (255 = none).
pub(crate) fn person_name(rng: &mut Rng) -> [u8; 3] {
    let s = front_weighted(rng, SURNAMES.len());
    let g1 = rng.gen_range(0..GIVEN.len()) as u8;
    let g2 = if chance(rng, 0.7) { rng.gen_range(0..GIVEN.len()) as u8 } else { 255 };
    [s, g1, g2]
}

/// A GB/T 4754 section index into `INDUSTRIES`, drawn by weight.
pub(crate) fn pick_industry(rng: &mut Rng) -> u8 {
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

/// An 11-digit mobile number.
pub(crate) fn mobile(rng: &mut Rng) -> u64 {
    let pre = MOBILE_PREFIXES[rng.gen_range(0..MOBILE_PREFIXES.len())];
    pre * 100_000_000 + rng.gen_range(0..100_000_000u64)
}

/// Appends a person's name (surname, one or two given characters).
pub(crate) fn push_person(out: &mut Vec<u8>, n: [u8; 3]) {
    out.extend_from_slice(SURNAMES[usize::from(n[0])].as_bytes());
    out.extend_from_slice(GIVEN[usize::from(n[1])].as_bytes());
    if n[2] != 255 {
        out.extend_from_slice(GIVEN[usize::from(n[2])].as_bytes());
    }
}

/// Appends a customer's name: a company (city, prefix, industry word, suffix) or a person.
pub(crate) fn push_customer_name(out: &mut Vec<u8>, c: &Cust) {
    if c.corp {
        let [city, prefix, word, suffix] = c.name;
        if city != 255 {
            out.extend_from_slice(CITIES[usize::from(city)].as_bytes());
        }
        out.extend_from_slice(PREFIXES[usize::from(prefix)].as_bytes());
        out.extend_from_slice(INDUSTRIES[usize::from(c.industry)].2[usize::from(word)].as_bytes());
        out.extend_from_slice(SUFFIXES[usize::from(suffix)].as_bytes());
    } else {
        push_person(out, [c.name[0], c.name[1], c.name[2]]);
    }
}
