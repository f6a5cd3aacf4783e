//! The managers section: the managers.csv rows up to `L`, sorted by (manager, period) with the
//! undated row first; optional values coded as 0 (absent) or value + 1.

use branchlens_core::model::{Amount, ManagerRow, Status, Targets};

use crate::columns::{date, period_ok, MAX_FEN};
use crate::select::Selection;
use crate::tables::Tables;
use crate::varint::{put_uv, unzz, zz, Reader};
use crate::{BundleError, Section};

pub(crate) fn encode_managers(buf: &mut Vec<u8>, sel: &Selection<'_>) {
    put_uv(buf, sel.managers.len() as u64);
    for (m, &(name, grade)) in sel.managers.iter().zip(&sel.manager_texts) {
        put_uv(buf, u64::from(sel.manager_ids.get(m.manager).0));
        put_uv(buf, u64::from(sel.text_sym(name).0));
        put_uv(buf, u64::from(sel.branches.get(m.branch).0));
        put_uv(buf, u64::from(sel.text_sym(grade).0));
        put_uv(buf, zz(i64::from(m.hire_date.0)));
        put_uv(buf, u64::from(m.status == Status::Left));
        put_uv(buf, m.period.map_or(0, |p| u64::from(p.0) + 1));
        for t in [m.targets.deposit, m.targets.loan, m.targets.fee] {
            put_uv(buf, t.map_or(0, |a| zz(a.0) + 1));
        }
        put_uv(buf, m.targets.new_customers.map_or(0, |v| u64::from(v) + 1));
    }
}

pub(crate) fn decode_managers(rd: &mut Reader<'_>, t: &Tables) -> Result<Vec<ManagerRow>, BundleError> {
    rd.section = Section::Managers;
    let nm = rd.count(12)?;
    let mut managers = Vec::with_capacity(nm);
    for _ in 0..nm {
        let at = rd.pos;
        let row = decode_manager(rd, t)?;
        // Sorted by (manager, period), undated first (None < Some), no duplicate pair.
        if managers.last().is_some_and(|p: &ManagerRow| (p.manager, p.period) >= (row.manager, row.period)) {
            return Err(BundleError::Unsorted { section: Section::Managers, offset: at });
        }
        managers.push(row);
    }
    Ok(managers)
}

/// One managers.csv row.
fn decode_manager(rd: &mut Reader<'_>, t: &Tables) -> Result<ManagerRow, BundleError> {
    let manager = rd.sym(t.manager_ids.len(), "manager")?;
    let name = rd.sym(t.text.len(), "name")?;
    let branch = rd.sym(t.branch_ids.len(), "branch")?;
    let grade = rd.sym(t.text.len(), "grade")?;
    let hire_date = date(rd.uv()?).ok_or_else(|| rd.invalid("hire_date"))?;
    let status = match rd.uv()? {
        0 => Status::Active,
        1 => Status::Left,
        _ => return Err(rd.invalid("status")),
    };
    let period = match rd.uv()?.checked_sub(1) {
        None => None,
        Some(v) => Some(period_ok(v).ok_or_else(|| rd.invalid("period"))?),
    };
    let amount = |rd: &mut Reader<'_>| -> Result<Option<Amount>, BundleError> {
        match rd.uv()?.checked_sub(1) {
            None => Ok(None),
            Some(v) => {
                let a = unzz(v);
                if a.unsigned_abs() >= MAX_FEN.unsigned_abs() {
                    Err(rd.invalid("target"))
                } else {
                    Ok(Some(Amount(a)))
                }
            }
        }
    };
    let deposit = amount(rd)?;
    let loan = amount(rd)?;
    let fee = amount(rd)?;
    let new_customers = match rd.uv()?.checked_sub(1) {
        None => None,
        Some(v) => Some(u32::try_from(v).map_err(|_| rd.invalid("target"))?),
    };
    Ok(ManagerRow {
        manager,
        name,
        branch,
        grade,
        hire_date,
        status,
        period,
        targets: Targets { deposit, loan, fee, new_customers },
    })
}
