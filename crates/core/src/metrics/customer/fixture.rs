//! Test fixtures: customer rows written as CSV text and loaded with the real loader.

use crate::config::Lang;
use crate::model::{Dataset, Period, Sym};

pub const HEADER: &str = "period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,\
                          fee_income,products,txn_count,industry,loan_class,overdue_days,last_contact,complaints,phone";
/// M1 active, M2 left (both undated).
pub const MANAGERS: &str = "manager_id,name,branch_id,grade,hire_date,status,period\n\
                            M1,Wang,B1,senior,2018-01-01,active,\n\
                            M2,Li,B1,junior,2018-01-01,left,\n";

/// One customers.csv row. Amounts in whole yuan.
#[derive(Clone, Debug)]
pub struct Row {
    pub period: String,
    pub id: String,
    pub kind: &'static str,
    pub branch: String,
    pub manager: String,
    pub open: String,
    pub deposit: i64,
    pub loan: i64,
    pub aum: i64,
    pub fee: i64,
    pub products: String,
    pub txn: u32,
    pub industry: String,
    pub class: String,
    pub overdue: String,
    pub contact: String,
    pub complaints: String,
}

impl Row {
    /// Retail, branch B1, manager M1, all amounts 0, products `deposit`, no transactions,
    /// last contact on the first day of the period: contribution −5 (the retail cost).
    pub fn new(period: &str, id: &str) -> Row {
        Row {
            period: period.into(),
            id: id.into(),
            kind: "retail",
            branch: "B1".into(),
            manager: "M1".into(),
            open: "2020-01-01".into(),
            deposit: 0,
            loan: 0,
            aum: 0,
            fee: 0,
            products: "deposit".into(),
            txn: 0,
            industry: String::new(),
            class: String::new(),
            overdue: String::new(),
            contact: format!("{period}-01"),
            complaints: String::new(),
        }
    }
    pub fn corporate(mut self) -> Row {
        self.kind = "corporate";
        self
    }
    /// Sets fee_income so that the contribution is `c` (with no other money and no
    /// transactions): fee = c + 5 (retail) or c + 200 (corporate).
    pub fn contrib(mut self, c: i64) -> Row {
        self.fee = c + if self.kind == "retail" { 5 } else { 200 };
        self
    }
    pub fn funds(mut self, deposit: i64, aum: i64) -> Row {
        self.deposit = deposit;
        self.aum = aum;
        self
    }
    pub fn loan(mut self, balance: i64, class: &str, overdue: &str) -> Row {
        self.loan = balance;
        self.class = class.into();
        self.overdue = overdue.into();
        self
    }
    pub fn txn(mut self, n: u32) -> Row {
        self.txn = n;
        self
    }
    pub fn products(mut self, p: &str) -> Row {
        self.products = p.into();
        self
    }
    pub fn manager(mut self, m: &str) -> Row {
        self.manager = m.into();
        self
    }
    pub fn branch(mut self, b: &str) -> Row {
        self.branch = b.into();
        self
    }
    pub fn contact(mut self, d: &str) -> Row {
        self.contact = d.into();
        self
    }
    pub fn complaints(mut self, n: &str) -> Row {
        self.complaints = n.into();
        self
    }
    pub fn industry(mut self, i: &str) -> Row {
        self.industry = i.into();
        self
    }
    pub fn line(&self) -> String {
        format!(
            "{},{},n{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},",
            self.period,
            self.id,
            self.id,
            self.kind,
            self.branch,
            self.manager,
            self.open,
            self.deposit,
            self.loan,
            self.aum,
            self.fee,
            self.products,
            self.txn,
            self.industry,
            self.class,
            self.overdue,
            self.contact,
            self.complaints
        )
    }
}

/// The customers.csv text of `rows`.
pub fn csv(rows: &[Row]) -> String {
    let mut s = String::from(HEADER);
    s.push('\n');
    for r in rows {
        s.push_str(&r.line());
        s.push('\n');
    }
    s
}

/// Loads customers.csv and managers.csv texts; panics on a rejected input or a skipped row.
pub fn load_text(customers: &str, managers: &str) -> Dataset {
    let loaded = crate::load::load(
        crate::load::Inputs {
            customers: customers.as_bytes(),
            managers: managers.as_bytes(),
            credit_splits: None::<&[u8]>,
        },
        &crate::load::LoadOptions::default(),
    )
    .expect("fixture loads");
    let errors: Vec<String> = loaded
        .issues
        .iter()
        .filter(|i| i.severity == crate::issue::Severity::Error)
        .map(|i| i.message(Lang::En))
        .collect();
    assert!(errors.is_empty(), "fixture rows skipped: {errors:?}");
    loaded.dataset
}

pub fn load(rows: &[Row], managers: &str) -> Dataset {
    load_text(&csv(rows), managers)
}

pub fn p(s: &str) -> Period {
    Period::parse(s).expect("valid period")
}

pub fn cid(ds: &Dataset, id: &str) -> Sym {
    ds.customer_ids.get(id).expect("known customer id")
}

pub fn bid(ds: &Dataset, id: &str) -> Sym {
    ds.branch_ids.get(id).expect("known branch id")
}
