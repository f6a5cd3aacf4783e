//! The call list (维护名单): which customers of `L` are worth a call, and in which order.

use std::cmp::Ordering;

use super::{CustomerMetric, RiskClass, WarningLevel};

/// A customer worth a call: any churn warning, or a relationship risk class other than normal.
pub fn at_risk(c: &CustomerMetric) -> bool {
    c.churn_level > WarningLevel::None || c.risk_class > RiskClass::Normal
}

/// The call order: churn points descending, then risk class (worst first), then contribution
/// descending, then customer id ascending (a total order: ids are unique).
pub fn call_order(x: &CustomerMetric, y: &CustomerMetric) -> Ordering {
    y.churn_points
        .cmp(&x.churn_points)
        .then(y.risk_class.cmp(&x.risk_class))
        .then(y.contribution.total_cmp(&x.contribution))
        .then(x.customer.cmp(&y.customer))
}

/// Most urgent first, by [`call_order`].
pub fn sort_at_risk(v: &mut [&CustomerMetric]) {
    v.sort_by(|x, y| call_order(x, y));
}

/// The customers of `customers` that are [`at_risk`], most urgent first.
pub fn call_list<'a>(customers: impl IntoIterator<Item = &'a CustomerMetric>) -> Vec<&'a CustomerMetric> {
    let mut v: Vec<&CustomerMetric> = customers.into_iter().filter(|c| at_risk(c)).collect();
    sort_at_risk(&mut v);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::metrics::customer::customer_metrics;
    use crate::metrics::customer::fixture::{load, p, Row, MANAGERS};

    #[test]
    fn call_list_rule_and_order() {
        // One month, ten retail customers; no history, so only the manager and complaint
        // signals can fire (manager M2 has left: MANAGER_LEFT 20; complaints 3 → COMPLAINTS3 20,
        // 1 → COMPLAINTS1 10). Levels (defaults): yellow from 30 points.
        let l = "2026-10";
        let rows = vec![
            // 20 + 20 = 40 points (yellow), risk normal.
            Row::new(l, "A").contrib(10).manager("M2").complaints("3"),
            // 40 points and a special-mention loan (risk watch): before A, whose risk is normal.
            Row::new(l, "B").contrib(10).manager("M2").complaints("3").loan(12_000, "special", ""),
            // 20 + 10 = 30 points (yellow); D's larger contribution (500) puts it before C and E
            // (300 each); C before E by id.
            Row::new(l, "C").contrib(300).manager("M2").complaints("1"),
            Row::new(l, "D").contrib(500).manager("M2").complaints("1"),
            Row::new(l, "E").contrib(300).manager("M2").complaints("1"),
            // 20 points: below yellow, risk normal: not at risk (points alone do not count).
            Row::new(l, "F").contrib(10).complaints("3"),
            // No points; risk exit (loss), doubtful (substandard), watch (5 days overdue on a
            // normal loan): at risk, worst class first.
            Row::new(l, "G").loan(10_000, "loss", ""),
            Row::new(l, "H").loan(10_000, "substandard", ""),
            Row::new(l, "I").loan(10_000, "normal", "5"),
            // Nothing: not at risk.
            Row::new(l, "J").contrib(10),
        ];
        let ds = load(&rows, MANAGERS);
        let m = customer_metrics(&ds, &Config::default(), p(l));
        let points: Vec<(&str, u32)> =
            m.customers.iter().map(|c| (ds.customer_id(c.customer), c.churn_points)).collect();
        assert_eq!(
            points,
            [("A", 40), ("B", 40), ("C", 30), ("D", 30), ("E", 30), ("F", 20), ("G", 0), ("H", 0), ("I", 0), ("J", 0)]
        );
        let order: Vec<&str> = call_list(&m.customers).iter().map(|c| ds.customer_id(c.customer)).collect();
        assert_eq!(order, ["B", "A", "D", "C", "E", "G", "H", "I"]);
        assert!(!at_risk(&m.customers[5]) && !at_risk(&m.customers[9]));
    }
}
