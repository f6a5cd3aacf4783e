//! What goes into a bundle (see the crate notes): the periods, the rows of the customers present
//! in `L` (of the branch), the managers and splits they need, the masked texts, and the
//! renumbering of every symbol into the bundle's own tables.

use branchlens_core::config::Config;
use branchlens_core::mask;
use branchlens_core::model::{CustomerRow, Dataset, Interner, ManagerRow, Period, Split, Sym};

use crate::varint::{put_str, put_uv};
use crate::{periods_needed, EncodeOptions};

/// The parts of a dataset a bundle carries, with the maps into the bundle's tables.
pub(crate) struct Selection<'d> {
    /// The periods up to `L` the scoring windows reach.
    pub(crate) periods: &'d [Period],
    /// Whether `periods` are every period of the data up to `L`.
    pub(crate) complete: bool,
    /// Every row in `periods` of the customers kept, in dataset order.
    pub(crate) rows: Vec<&'d CustomerRow>,
    /// managers.csv rows up to `L` of the managers kept.
    pub(crate) managers: Vec<&'d ManagerRow>,
    /// Credit splits between kept customers and kept managers.
    pub(crate) splits: Vec<&'d Split>,
    /// The bundle's text pool (finished: string order): masked names and phones of the `L`
    /// rows, manager names and grades, and "".
    pub(crate) text: Interner,
    /// Name and phone of each `L` row in `rows` order (ids before `text` was finished).
    pub(crate) l_texts: Vec<(Sym, Option<Sym>)>,
    /// Name and grade of each of `managers` (ids before `text` was finished).
    pub(crate) manager_texts: Vec<(Sym, Sym)>,
    /// `text`'s ids before → after finishing.
    text_map: Vec<Sym>,
    pub(crate) customers: Remap,
    pub(crate) branches: Remap,
    pub(crate) manager_ids: Remap,
}

impl<'d> Selection<'d> {
    pub(crate) fn new(ds: &'d Dataset, cfg: &Config, opts: &EncodeOptions) -> Selection<'d> {
        let l = opts.period;
        let end = ds.periods.partition_point(|&p| p <= l);
        let first = end.saturating_sub(periods_needed(cfg));
        let periods = &ds.periods[first..end];

        // The customers of the bundle: present in L (and in the branch).
        let l_rows = ds.rows_in(l);
        let mut keep = vec![false; ds.customer_ids.len()];
        for r in l_rows.iter().filter(|r| opts.branch.is_none_or(|b| r.branch == b)) {
            if let Some(k) = keep.get_mut(r.customer.index()) {
                *k = true;
            }
        }
        let rows: Vec<&CustomerRow> = periods
            .iter()
            .flat_map(|&p| ds.rows_in(p))
            .filter(|r| keep.get(r.customer.index()).copied().unwrap_or(false))
            .collect();

        // Managers: all, or for a split site those of the branch and those its customers name.
        let mut used_mgr = vec![false; ds.manager_ids.len()];
        for r in &rows {
            if let Some(m) = r.manager.and_then(|m| used_mgr.get_mut(m.index())) {
                *m = true;
            }
        }
        // managers.csv rows dated after L are left out: a build as of L ignores later rows.
        let in_time = |m: &ManagerRow| m.period.is_none_or(|p| p <= l);
        for m in ds.managers.iter().filter(|m| in_time(m)) {
            if opts.branch.is_none_or(|b| m.branch == b) {
                if let Some(u) = used_mgr.get_mut(m.manager.index()) {
                    *u = true;
                }
            }
        }
        let managers: Vec<&ManagerRow> = ds
            .managers
            .iter()
            .filter(|m| in_time(m) && used_mgr.get(m.manager.index()).copied().unwrap_or(false))
            .collect();
        let splits: Vec<&Split> = ds
            .splits
            .iter()
            .filter(|s| {
                keep.get(s.customer.index()).copied().unwrap_or(false)
                    && used_mgr.get(s.manager.index()).copied().unwrap_or(false)
            })
            .collect();

        let mut used_branch = vec![false; ds.branch_ids.len()];
        let mark = |used: &mut Vec<bool>, s: Sym| {
            if let Some(u) = used.get_mut(s.index()) {
                *u = true;
            }
        };
        for r in &rows {
            mark(&mut used_branch, r.branch);
        }
        for m in &managers {
            mark(&mut used_branch, m.branch);
        }
        if let Some(b) = opts.branch {
            mark(&mut used_branch, b);
        }

        // Text: masked names and phones of the L rows, manager names and grades, and "".
        let mut text = Interner::new();
        text.intern("");
        let l_texts: Vec<(Sym, Option<Sym>)> = rows
            .iter()
            .filter(|r| r.period == l)
            .map(|r| {
                let name = text.intern(&mask::name_if(opts.mask, r.kind, ds.text(r.name)));
                let phone = r.phone.map(|p| text.intern(&mask::phone_if(opts.mask, ds.text(p))));
                (name, phone)
            })
            .collect();
        let manager_texts: Vec<(Sym, Sym)> =
            managers.iter().map(|m| (text.intern(ds.text(m.name)), text.intern(ds.text(m.grade)))).collect();
        let text_map = text.finish();

        Selection {
            periods,
            complete: first == 0,
            rows,
            managers,
            splits,
            text,
            l_texts,
            manager_texts,
            text_map,
            customers: Remap::new(&keep),
            branches: Remap::new(&used_branch),
            manager_ids: Remap::new(&used_mgr),
        }
    }

    /// The id in the finished `text` pool of a text id handed out before it was finished.
    pub(crate) fn text_sym(&self, s: Sym) -> Sym {
        self.text_map.get(s.index()).copied().unwrap_or(Sym(0))
    }
}

/// Old symbols → new symbols of a subset of a string-ordered pool (keeps the order).
pub(crate) struct Remap {
    map: Vec<u32>,
}

impl Remap {
    const NONE: u32 = u32::MAX;
    fn new(used: &[bool]) -> Remap {
        let mut next = 0u32;
        let map = used
            .iter()
            .map(|&u| {
                if u {
                    next += 1;
                    next - 1
                } else {
                    Remap::NONE
                }
            })
            .collect();
        Remap { map }
    }
    pub(crate) fn get(&self, s: Sym) -> Sym {
        Sym(self.map.get(s.index()).copied().unwrap_or(Remap::NONE))
    }
    /// Writes the strings of `pool` that are kept, as a string table.
    pub(crate) fn write_table(&self, buf: &mut Vec<u8>, pool: &Interner) {
        let strings: Vec<&str> = pool
            .iter()
            .filter(|(s, _)| self.map.get(s.index()).is_some_and(|&m| m != Remap::NONE))
            .map(|x| x.1)
            .collect();
        put_uv(buf, strings.len() as u64);
        for s in strings {
            put_str(buf, s);
        }
    }
}
