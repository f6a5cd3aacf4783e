//! Which optional customers.csv columns an export holds: a column absent from the export is
//! not the same as an empty cell, and the signals that need it are switched off
//! (docs/data-contract.md, "Absent columns").

/// An optional column of customers.csv whose absence changes what is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OptionalColumn {
    Industry,
    LoanClass,
    OverdueDays,
    LastContact,
    Complaints,
    Phone,
}

impl OptionalColumn {
    /// In contract order.
    pub const ALL: [OptionalColumn; 6] = [
        OptionalColumn::Industry,
        OptionalColumn::LoanClass,
        OptionalColumn::OverdueDays,
        OptionalColumn::LastContact,
        OptionalColumn::Complaints,
        OptionalColumn::Phone,
    ];

    /// The contract name of the column.
    pub fn name(self) -> &'static str {
        match self {
            OptionalColumn::Industry => "industry",
            OptionalColumn::LoanClass => "loan_class",
            OptionalColumn::OverdueDays => "overdue_days",
            OptionalColumn::LastContact => "last_contact",
            OptionalColumn::Complaints => "complaints",
            OptionalColumn::Phone => "phone",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The optional customers.csv columns present in the export. The default (and any dataset not
/// loaded from files, such as a test's) has every column; stored as the set of absent ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ColumnsPresent {
    absent: u8,
}

impl ColumnsPresent {
    /// Every optional column present.
    pub const ALL: ColumnsPresent = ColumnsPresent { absent: 0 };

    /// Whether `c` is in the export.
    pub fn has(self, c: OptionalColumn) -> bool {
        self.absent & c.bit() == 0
    }

    /// Marks `c` as absent from the export.
    pub fn set_absent(&mut self, c: OptionalColumn) {
        self.absent |= c.bit();
    }

    /// The absent columns, in contract order.
    pub fn absent(self) -> impl Iterator<Item = OptionalColumn> {
        OptionalColumn::ALL.into_iter().filter(move |&c| !self.has(c))
    }

    /// Whether every optional column is present.
    pub fn all(self) -> bool {
        self.absent == 0
    }

    /// The absent set as bits (bit `i` = `OptionalColumn::ALL[i]`), for the explorer bundle.
    pub fn absent_bits(self) -> u8 {
        self.absent
    }

    /// The set of [`ColumnsPresent::absent_bits`]; `None` for bits beyond the known columns.
    pub fn from_absent_bits(bits: u64) -> Option<ColumnsPresent> {
        let all = OptionalColumn::ALL.iter().fold(0u8, |a, c| a | c.bit());
        u8::try_from(bits).ok().filter(|b| b & !all == 0).map(|absent| ColumnsPresent { absent })
    }
}
