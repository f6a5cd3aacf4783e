//! Monthly customer contribution (贡献度), per docs/metrics.md:
//!
//! ```text
//! deposit_avg*deposit_spread/12 + loan_balance*loan_spread/12 + aum*aum_fee_rate/12 + fee_income
//!  - cost_per_customer[kind] - txn_count*cost_per_txn - loan_balance*credit_cost_rate[loan_class]/12
//! ```
//!
//! The terms are evaluated left to right in exactly this order, so every caller (CLI pages,
//! explorer, performance) gets the same `f64` to the bit. A loan balance with an empty class
//! counts as normal ([`CustomerRow::effective_loan_class`]); no loan → no credit cost.

use crate::config::ContributionConfig;
use crate::model::{CustomerRow, Dataset, Kind, LoanClass};

/// The annual credit-cost rate for a loan class.
pub fn credit_cost_rate(class: LoanClass, c: &ContributionConfig) -> f64 {
    let r = &c.credit_cost_rate;
    match class {
        LoanClass::Normal => r.normal,
        LoanClass::Special => r.special,
        LoanClass::Substandard => r.substandard,
        LoanClass::Doubtful => r.doubtful,
        LoanClass::Loss => r.loss,
    }
}

/// The fixed monthly service cost of a customer of `kind`.
pub fn cost_per_customer(kind: Kind, c: &ContributionConfig) -> f64 {
    match kind {
        Kind::Retail => c.cost_per_customer_retail,
        Kind::Corporate => c.cost_per_customer_corporate,
    }
}

/// Monthly contribution (贡献度) of one customer-month, in yuan.
pub fn contribution(row: &CustomerRow, c: &ContributionConfig) -> f64 {
    let loan = row.loan_balance.yuan();
    let credit_rate = row.effective_loan_class().map_or(0.0, |lc| credit_cost_rate(lc, c));
    // Fixed term order, left to right (docs/metrics.md): do not regroup.
    row.deposit_avg.yuan() * c.deposit_spread / 12.0
        + loan * c.loan_spread / 12.0
        + row.aum.yuan() * c.aum_fee_rate / 12.0
        + row.fee_income.yuan()
        - cost_per_customer(row.kind, c)
        - f64::from(row.txn_count) * c.cost_per_txn
        - loan * credit_rate / 12.0
}

/// Contributions of every row of ds.customers, aligned by index.
pub fn contributions(ds: &Dataset, c: &ContributionConfig) -> Vec<f64> {
    ds.customers.iter().map(|r| contribution(r, c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CreditCostRates;
    use crate::model::{Amount, Date, Period, ProductSet, Sym};
    use proptest::prelude::*;

    /// A row with the given amounts in yuan; everything else empty.
    fn row(kind: Kind, deposit: i64, loan: i64, aum: i64, fee: i64, txn: u32, class: Option<LoanClass>) -> CustomerRow {
        CustomerRow {
            period: Period(2026 * 12 + 9),
            customer: Sym(0),
            name: Sym(0),
            kind,
            branch: Sym(0),
            manager: None,
            open_date: Date(0),
            deposit_avg: Amount(deposit * 100),
            loan_balance: Amount(loan * 100),
            aum: Amount(aum * 100),
            fee_income: Amount(fee * 100),
            products: ProductSet::default(),
            txn_count: txn,
            industry: None,
            loan_class: class,
            overdue_days: None,
            last_contact: None,
            complaints: None,
            phone: None,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn retail_without_loan() {
        let c = ContributionConfig::default();
        // deposit 1,200,000 × 0.015 / 12 = 1,500; loan 0; aum 240,000 × 0.005 / 12 = 100;
        // fee 30; − 5 (retail); − 10 txn × 0.5 = 5; no loan → no credit cost.
        // 1,500 + 0 + 100 + 30 − 5 − 5 − 0 = 1,620
        let r = row(Kind::Retail, 1_200_000, 0, 240_000, 30, 10, None);
        assert!(close(contribution(&r, &c), 1_620.0), "{}", contribution(&r, &c));
    }

    #[test]
    fn corporate_special_loan() {
        let c = ContributionConfig::default();
        // deposit 2,400,000 × 0.015 / 12 = 3,000; loan 1,200,000 × 0.025 / 12 = 2,500; aum 0;
        // fee 1,000; − 200 (corporate); − 100 × 0.5 = 50; credit 1,200,000 × 0.03 / 12 = 3,000.
        // 3,000 + 2,500 + 0 + 1,000 − 200 − 50 − 3,000 = 3,250
        let r = row(Kind::Corporate, 2_400_000, 1_200_000, 0, 1_000, 100, Some(LoanClass::Special));
        assert!(close(contribution(&r, &c), 3_250.0), "{}", contribution(&r, &c));
    }

    #[test]
    fn credit_cost_by_class_and_empty_class_is_normal() {
        let c = ContributionConfig::default();
        // loan 1,200,000: spread 1,200,000 × 0.025 / 12 = 2,500; − 200 (corporate);
        // credit cost 1,200,000 × rate / 12 = 100,000 × rate:
        // normal 0.01 → 1,000 → 1,300; special 0.03 → 3,000 → −700; substandard 0.10 → 10,000 →
        // −7,700; doubtful 0.20 → 20,000 → −17,700; loss 0.30 → 30,000 → −27,700.
        let cases = [
            (Some(LoanClass::Normal), 1_300.0),
            (Some(LoanClass::Special), -700.0),
            (Some(LoanClass::Substandard), -7_700.0),
            (Some(LoanClass::Doubtful), -17_700.0),
            (Some(LoanClass::Loss), -27_700.0),
            // Empty class with a balance counts as normal.
            (None, 1_300.0),
        ];
        for (class, want) in cases {
            let r = row(Kind::Corporate, 0, 1_200_000, 0, 0, 0, class);
            assert!(close(contribution(&r, &c), want), "{class:?}: {}", contribution(&r, &c));
        }
        // Retail, loan 600,000 with an empty class: 600,000 × 0.025 / 12 = 1,250;
        // − 5; − 600,000 × 0.01 / 12 = 500 → 745.
        let r = row(Kind::Retail, 0, 600_000, 0, 0, 0, None);
        assert!(close(contribution(&r, &c), 745.0));
    }

    #[test]
    fn no_loan_no_credit_cost_and_negative_fee() {
        let c = ContributionConfig::default();
        // A class without a balance is ignored: 0 + 0 + 0 + (−100) − 5 − 0 − 0 = −105.
        let r = row(Kind::Retail, 0, 0, 0, -100, 0, Some(LoanClass::Loss));
        assert_eq!(contribution(&r, &c), -105.0);
    }

    #[test]
    fn fixed_term_order_to_the_bit() {
        let c = ContributionConfig::default();
        let r = row(Kind::Corporate, 1_234_567, 7_654_321, 333_333, 4_321, 77, Some(LoanClass::Doubtful));
        let want: f64 = 1_234_567.0 * 0.015 / 12.0 + 7_654_321.0 * 0.025 / 12.0 + 333_333.0 * 0.005 / 12.0 + 4_321.0
            - 200.0
            - 77.0 * 0.5
            - 7_654_321.0 * 0.20 / 12.0;
        assert_eq!(contribution(&r, &c).to_bits(), want.to_bits());
    }

    #[test]
    fn contributions_aligned_with_rows() {
        let text = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count\n\
                    2026-10,B,b,retail,B1,,2020-01-01,0,0,0,105,,0\n\
                    2026-09,A,a,corporate,B1,,2020-01-01,0,0,0,1200,,0\n\
                    2026-10,A,a,corporate,B1,,2020-01-01,0,0,0,300,,0\n";
        let managers = "manager_id,name,branch_id,grade,hire_date,status\nM1,x,B1,senior,2020-01-01,active\n";
        let ds = crate::load::load(
            crate::load::Inputs {
                customers: text.as_bytes(),
                managers: managers.as_bytes(),
                credit_splits: None::<&[u8]>,
            },
            &crate::load::LoadOptions::default(),
        )
        .expect("fixture loads")
        .dataset;
        // Rows sorted by (period, customer): (09, A) 1,200 − 200 = 1,000; (10, A) 300 − 200 = 100;
        // (10, B) 105 − 5 = 100.
        assert_eq!(contributions(&ds, &ContributionConfig::default()), vec![1_000.0, 100.0, 100.0]);
        assert!(contributions(&Dataset::default(), &ContributionConfig::default()).is_empty());
    }

    /// Sets the `i`-th rate of the formula.
    fn with_rate(i: usize, v: f64) -> ContributionConfig {
        let mut c = ContributionConfig {
            credit_cost_rate: CreditCostRates {
                normal: 0.01,
                special: 0.03,
                substandard: 0.1,
                doubtful: 0.2,
                loss: 0.3,
            },
            ..ContributionConfig::default()
        };
        match i {
            0 => c.deposit_spread = v,
            1 => c.loan_spread = v,
            2 => c.aum_fee_rate = v,
            3 => c.cost_per_customer_retail = v,
            4 => c.cost_per_customer_corporate = v,
            5 => c.cost_per_txn = v,
            6 => c.credit_cost_rate.normal = v,
            7 => c.credit_cost_rate.special = v,
            8 => c.credit_cost_rate.substandard = v,
            9 => c.credit_cost_rate.doubtful = v,
            _ => c.credit_cost_rate.loss = v,
        }
        c
    }

    proptest! {
        /// c(r1 + r2) − c(0) = (c(r1) − c(0)) + (c(r2) − c(0)) for every rate, within 1e-9
        /// relative to the size of the terms.
        #[test]
        fn linear_in_each_rate(
            i in 0usize..11,
            r1 in 0.0f64..2.0,
            r2 in 0.0f64..2.0,
            corporate in any::<bool>(),
            deposit in 0i64..10_000_000_000,
            loan in 0i64..10_000_000_000,
            aum in 0i64..10_000_000_000,
            fee in -1_000_000i64..1_000_000,
            txn in 0u32..100_000,
            class in proptest::option::of(0usize..5),
        ) {
            let kind = if corporate { Kind::Corporate } else { Kind::Retail };
            let r = row(kind, deposit, loan, aum, fee, txn, class.map(|k| LoanClass::ALL[k]));
            let c = |v: f64| contribution(&r, &with_rate(i, v));
            let lhs = c(r1 + r2) - c(0.0);
            let rhs = (c(r1) - c(0.0)) + (c(r2) - c(0.0));
            // Size of the terms: every amount at the largest rate used, plus the fixed terms.
            let scale = (deposit + loan * 2 + aum) as f64 * (r1 + r2 + 0.1) + fee.unsigned_abs() as f64
                + 200.0 + f64::from(txn) * (r1 + r2 + 1.0) + 1.0;
            prop_assert!((lhs - rhs).abs() <= 1e-9 * scale, "lhs {lhs} rhs {rhs} scale {scale}");
        }
    }
}
