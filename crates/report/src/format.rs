//! Number, amount, percentage, delta and period formatting for the pages, in English or Chinese
//! and in yuan (元) or wan (万元, with 亿元 for large amounts).
//!
//! Rules (tested below):
//! - Counts: thousands separators (`1,234,567`) in both languages; a fractional count (share-
//!   weighted customers of a manager) keeps one decimal (`12.5`).
//! - Amounts, `yuan`: whole yuan with separators (`1,234,568`); below 100 in absolute value two
//!   decimals (`12.50`), so small per-customer figures are not rounded away. The unit (元/CNY)
//!   is in the column header or label, not in each cell.
//! - Amounts, `wan`: below 100 million yuan in 万 with two decimals (`1,234.57万`, `1,234.57 wan`);
//!   from 100 million yuan in 亿 (`1.23亿`, `1.23 yi`). Each value carries its unit.
//! - Percentages: one decimal (`12.3%`); ratios that are small by nature (NPL ratio) two
//!   (`1.23%`).
//! - Deltas: relative change `+12.3%` / `-4.5%`; change of a ratio in percentage points
//!   (`+0.12 pp`, `+0.12个百分点`). Each delta also says whether it went up or down so the page can
//!   colour it (for the NPL ratio, up is bad).
//! - Negative numbers use ASCII `-`; a value that is not finite shows as `—`.

use branchlens_core::config::{Lang, Unit};
use branchlens_core::{Date, Period};
use branchlens_i18n::Msg;
use serde::Serialize;

/// Shown for a missing or undefined figure.
pub const NONE: &str = "—";

/// `n` with `,` thousands separators.
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `x` with `decimals` decimals and thousands separators in the integer part.
pub fn fixed(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return NONE.to_string();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let digits: u64 = int.parse().unwrap_or(0);
    let mut out = String::new();
    // "-0" and "-0.00" are shown without a sign.
    let is_zero = s.bytes().all(|b| b == b'0' || b == b'.');
    if x < 0.0 && !is_zero {
        out.push('-');
    }
    out.push_str(&group_digits(digits));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The direction of a change, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Up,
    Down,
    Flat,
}

/// A formatted change against a base period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Delta {
    pub text: String,
    pub trend: Trend,
    /// Whether the change is good news (`None` when neutral).
    pub good: Option<bool>,
}

/// Formatting rules of one site (language and unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fmt {
    pub lang: Lang,
    pub unit: Unit,
}

impl Fmt {
    pub fn new(lang: Lang, unit: Unit) -> Fmt {
        Fmt { lang, unit }
    }

    /// A whole count.
    pub fn count(&self, n: usize) -> String {
        group_digits(n as u64)
    }

    /// A share-weighted count: whole when integral, else one decimal.
    pub fn count_f(&self, x: f64) -> String {
        if (x - x.round()).abs() < 1e-9 {
            fixed(x.round(), 0)
        } else {
            fixed(x, 1)
        }
    }

    /// An amount given in yuan, in the site's unit (see the module notes).
    pub fn money(&self, yuan: f64) -> String {
        if !yuan.is_finite() {
            return NONE.to_string();
        }
        if yuan == 0.0 {
            return "0".to_string();
        }
        match self.unit {
            Unit::Yuan => {
                if yuan.abs() < 100.0 {
                    fixed(yuan, 2)
                } else {
                    fixed(yuan, 0)
                }
            }
            Unit::Wan => {
                let (v, suffix) = if yuan.abs() >= 1e8 {
                    (yuan / 1e8, Msg::FmtYiSuffix.text(self.lang))
                } else {
                    (yuan / 1e4, Msg::FmtWanSuffix.text(self.lang))
                };
                format!("{}{suffix}", fixed(v, 2))
            }
        }
    }

    /// The unit to put in a column header or after a headline amount: `元`/`CNY` in yuan mode;
    /// empty in wan mode (each value carries 万/亿).
    pub fn money_unit(&self) -> &'static str {
        match self.unit {
            Unit::Yuan => Msg::FmtYuanUnit.text(self.lang),
            Unit::Wan => "",
        }
    }

    /// The divisor from yuan to chart values, and the unit of chart axes: yuan (元/CNY) or 万元
    /// (`10k CNY`). Charts use one unit for the whole axis.
    pub fn chart_money(&self) -> (f64, &'static str) {
        match self.unit {
            Unit::Yuan => (1.0, Msg::FmtYuanUnit.text(self.lang)),
            Unit::Wan => (1e4, Msg::FmtWanAxisUnit.text(self.lang)),
        }
    }

    /// A share as a percentage with one decimal.
    pub fn pct(&self, share: f64) -> String {
        if !share.is_finite() {
            return NONE.to_string();
        }
        format!("{}%", fixed(share * 100.0, 1))
    }

    /// A small ratio (NPL ratio) as a percentage with two decimals.
    pub fn pct2(&self, share: f64) -> String {
        if !share.is_finite() {
            return NONE.to_string();
        }
        format!("{}%", fixed(share * 100.0, 2))
    }

    /// An optional share; `—` when absent.
    pub fn opt_pct(&self, share: Option<f64>) -> String {
        share.map_or_else(|| NONE.to_string(), |s| self.pct(s))
    }

    /// An optional small ratio; `—` when absent.
    pub fn opt_pct2(&self, share: Option<f64>) -> String {
        share.map_or_else(|| NONE.to_string(), |s| self.pct2(s))
    }

    /// A plain decimal (scores, z values).
    pub fn num(&self, x: f64, decimals: usize) -> String {
        fixed(x, decimals)
    }

    /// The relative change from `before` to `now` (`+12.3%`); `None` when `before` is 0.
    /// `higher_is_good` decides the colour.
    pub fn delta(&self, now: f64, before: f64, higher_is_good: bool) -> Option<Delta> {
        let g = branchlens_core::metrics::customer::growth(now, before)?;
        // The relative change of a negative base reads the wrong way round: judge the sign of
        // the absolute change instead.
        let g = if before < 0.0 { -g } else { g };
        let trend = trend_of(g);
        let sign = if g > 0.0 && fixed(g * 100.0, 1) != "0.0" { "+" } else { "" };
        Some(Delta { text: format!("{sign}{}", self.pct(g)), trend, good: good_of(trend, higher_is_good) })
    }

    /// The change of a ratio in percentage points (`+0.12 pp`).
    pub fn delta_pp(&self, now: f64, before: f64, higher_is_good: bool) -> Option<Delta> {
        let d = (now - before) * 100.0;
        if !d.is_finite() {
            return None;
        }
        let trend = trend_of(d);
        let body = fixed(d, 2);
        let sign = if d > 0.0 && body != "0.00" { "+" } else { "" };
        let unit = Msg::FmtPpSuffix.text(self.lang);
        Some(Delta { text: format!("{sign}{body}{unit}"), trend, good: good_of(trend, higher_is_good) })
    }

    /// A period in running text: `2026-10` / `2026年10月`.
    pub fn period(&self, p: Period) -> String {
        if self.lang == Lang::ZhCn {
            format!("{}年{}月", p.year(), p.month())
        } else {
            p.to_string()
        }
    }

    /// A period as a chart category: `2026-10` in both languages.
    pub fn period_short(&self, p: Period) -> String {
        p.to_string()
    }

    /// A date: `2026-10-31`.
    pub fn date(&self, d: Date) -> String {
        d.to_string()
    }
}

fn trend_of(x: f64) -> Trend {
    if x > 0.0 {
        Trend::Up
    } else if x < 0.0 {
        Trend::Down
    } else {
        Trend::Flat
    }
}

fn good_of(t: Trend, higher_is_good: bool) -> Option<bool> {
    match t {
        Trend::Flat => None,
        Trend::Up => Some(higher_is_good),
        Trend::Down => Some(!higher_is_good),
    }
}

/// Formats a chart value (already in the chart's unit) for ticks and data-table cells:
/// separators, at most two decimals, trailing zeros dropped.
pub fn chart_number(x: f64) -> String {
    if !x.is_finite() {
        return NONE.to_string();
    }
    let decimals = if x.abs() >= 100.0 { 0 } else { 2 };
    let s = fixed(x, decimals);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Formats a chart value that is a share (0..1) as a percentage with one decimal.
pub fn chart_pct(x: f64) -> String {
    if !x.is_finite() {
        return NONE.to_string();
    }
    format!("{}%", chart_number((x * 1000.0).round() / 10.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN_YUAN: Fmt = Fmt { lang: Lang::En, unit: Unit::Yuan };
    const ZH_WAN: Fmt = Fmt { lang: Lang::ZhCn, unit: Unit::Wan };
    const EN_WAN: Fmt = Fmt { lang: Lang::En, unit: Unit::Wan };

    #[test]
    fn counts_and_separators() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1_000), "1,000");
        assert_eq!(group_digits(1_234_567), "1,234,567");
        assert_eq!(EN_YUAN.count(100_000), "100,000");
        assert_eq!(EN_YUAN.count_f(12.0), "12");
        assert_eq!(EN_YUAN.count_f(12.5), "12.5");
        assert_eq!(EN_YUAN.count_f(1234.4), "1,234.4");
        assert_eq!(fixed(-1234.5, 1), "-1,234.5");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(f64::NAN, 2), NONE);
    }

    #[test]
    fn money_in_yuan() {
        // Whole yuan from 100 on, rounded half away from zero by `format!`'s rules on the
        // binary value: 1,234,567.5 → 1,234,568.
        assert_eq!(EN_YUAN.money(1_234_567.5), "1,234,568");
        assert_eq!(EN_YUAN.money(100.0), "100");
        // Below 100: two decimals.
        assert_eq!(EN_YUAN.money(12.5), "12.50");
        assert_eq!(EN_YUAN.money(-45.678), "-45.68");
        assert_eq!(EN_YUAN.money(-12_345.0), "-12,345");
        // Exactly zero is a plain 0 in either unit.
        assert_eq!(EN_YUAN.money(0.0), "0");
        assert_eq!(ZH_WAN.money(-0.0), "0");
        assert_eq!(EN_YUAN.money_unit(), "CNY");
        assert_eq!(Fmt::new(Lang::ZhCn, Unit::Yuan).money_unit(), "元");
    }

    #[test]
    fn money_in_wan_and_yi() {
        // 12,345,678 yuan = 1,234.5678 万 → 1,234.57万.
        assert_eq!(ZH_WAN.money(12_345_678.0), "1,234.57万");
        // 99,999,999 yuan is still below 1 亿: 9,999.9999 万 → 10,000.00万.
        assert_eq!(ZH_WAN.money(99_999_999.0), "10,000.00万");
        // 123,456,789 yuan = 1.23456789 亿 → 1.23亿.
        assert_eq!(ZH_WAN.money(123_456_789.0), "1.23亿");
        assert_eq!(ZH_WAN.money(-250_000_000.0), "-2.50亿");
        assert_eq!(ZH_WAN.money(50.0), "0.01万");
        assert_eq!(EN_WAN.money(12_345_678.0), "1,234.57 wan");
        assert_eq!(EN_WAN.money(1e9), "10.00 yi");
        assert_eq!(ZH_WAN.money_unit(), "");
        assert_eq!(ZH_WAN.chart_money(), (1e4, "万元"));
    }

    #[test]
    fn percentages() {
        assert_eq!(EN_YUAN.pct(0.1234), "12.3%");
        assert_eq!(EN_YUAN.pct(1.0), "100.0%");
        assert_eq!(EN_YUAN.pct2(0.012345), "1.23%");
        assert_eq!(EN_YUAN.opt_pct(None), NONE);
        assert_eq!(EN_YUAN.opt_pct2(Some(0.0)), "0.00%");
        assert_eq!(chart_pct(0.8), "80%");
        assert_eq!(chart_pct(0.1234), "12.3%");
        assert_eq!(chart_number(1234.0), "1,234");
        assert_eq!(chart_number(2.50), "2.5");
        assert_eq!(chart_number(0.0), "0");
    }

    #[test]
    fn deltas() {
        // 110 vs 100: +10.0%, up, good when higher is good.
        let d = EN_YUAN.delta(110.0, 100.0, true).expect("base is not 0");
        assert_eq!((d.text.as_str(), d.trend, d.good), ("+10.0%", Trend::Up, Some(true)));
        // 90 vs 100: -10.0%, down, bad.
        let d = EN_YUAN.delta(90.0, 100.0, true).expect("base is not 0");
        assert_eq!((d.text.as_str(), d.trend, d.good), ("-10.0%", Trend::Down, Some(false)));
        // No base.
        assert_eq!(EN_YUAN.delta(5.0, 0.0, true), None);
        // A negative base: -50 → -25 is an improvement of 50% of the base's magnitude.
        let d = EN_YUAN.delta(-25.0, -50.0, true).expect("base is not 0");
        assert_eq!((d.text.as_str(), d.trend), ("+50.0%", Trend::Up));
        // Unchanged.
        let d = EN_YUAN.delta(7.0, 7.0, true).expect("base is not 0");
        assert_eq!((d.text.as_str(), d.trend, d.good), ("0.0%", Trend::Flat, None));
        // NPL ratio 1.50% → 1.62%: +0.12 pp, up, bad.
        let d = EN_YUAN.delta_pp(0.0162, 0.015, false).expect("finite");
        assert_eq!((d.text.as_str(), d.trend, d.good), ("+0.12 pp", Trend::Up, Some(false)));
        let d = ZH_WAN.delta_pp(0.01, 0.015, false).expect("finite");
        assert_eq!((d.text.as_str(), d.good), ("-0.50个百分点", Some(true)));
    }

    #[test]
    fn periods() {
        let p = Period::parse("2026-03").expect("period");
        assert_eq!(EN_YUAN.period(p), "2026-03");
        assert_eq!(ZH_WAN.period(p), "2026年3月");
        assert_eq!(ZH_WAN.period_short(p), "2026-03");
    }
}
