//! [`FileRef`]: the source a problem is in, as messages name it.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use super::FileKind;

/// The source a problem is in: its table, the name messages use (the path relative to the data
/// directory; the contract file name by default) and, for a worksheet, the sheet.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileRef {
    pub kind: FileKind,
    pub name: Arc<str>,
    pub sheet: Option<Arc<str>>,
}

impl FileRef {
    /// The contract file of `kind` (`customers.csv`, …).
    pub fn contract(kind: FileKind) -> FileRef {
        FileRef { kind, name: Arc::from(kind.file_name()), sheet: None }
    }

    /// Whether this is the contract file of its table (messages then read as they always have).
    pub fn is_contract(&self) -> bool {
        self.sheet.is_none() && *self.name == *self.kind.file_name()
    }
}

impl From<FileKind> for FileRef {
    fn from(kind: FileKind) -> FileRef {
        FileRef::contract(kind)
    }
}

impl PartialEq<FileKind> for FileRef {
    fn eq(&self, other: &FileKind) -> bool {
        self.kind == *other
    }
}

impl fmt::Display for FileRef {
    /// `name`, or `name!sheet` for a worksheet.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(f, "{}!{sheet}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Serializes as the table (`"file": "customers"`, as before) and, for any other source than the
/// contract file, its name (`"source"`) and sheet.
impl Serialize for FileRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let contract = self.is_contract();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("file", &self.kind)?;
        if !contract {
            m.serialize_entry("source", &*self.name)?;
        }
        if let Some(sheet) = &self.sheet {
            m.serialize_entry("sheet", &**sheet)?;
        }
        m.end()
    }
}
