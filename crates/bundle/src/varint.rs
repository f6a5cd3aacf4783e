//! The shared primitives of every section: LEB128 varints, zigzag for signed values, strings,
//! and [`Reader`], which reads them from a bundle with bounds checks.

use branchlens_core::model::{Interner, Sym};

use crate::{BundleError, Section};

/// Appends `v` as a LEB128 varint.
pub(crate) fn put_uv(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// Appends a string: its length, then its UTF-8 bytes.
pub(crate) fn put_str(buf: &mut Vec<u8>, s: &str) {
    put_uv(buf, s.len() as u64);
    buf.extend_from_slice(s.as_bytes());
}

/// Zigzag: small signed values to small unsigned codes.
pub(crate) fn zz(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// The inverse of [`zz`].
pub(crate) fn unzz(u: u64) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

/// Reads a bundle's bytes; `section` names where a problem is found.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pub(crate) pos: usize,
    pub(crate) section: Section,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(b: &'a [u8], section: Section) -> Reader<'a> {
        Reader { b, pos: 0, section }
    }
    pub(crate) fn truncated(&self) -> BundleError {
        BundleError::Truncated { section: self.section, offset: self.pos }
    }
    pub(crate) fn invalid(&self, what: &'static str) -> BundleError {
        BundleError::Invalid { section: self.section, offset: self.pos, what }
    }
    pub(crate) fn remaining(&self) -> usize {
        self.b.len().saturating_sub(self.pos)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, BundleError> {
        let v = *self.b.get(self.pos).ok_or_else(|| self.truncated())?;
        self.pos += 1;
        Ok(v)
    }
    #[inline(always)]
    pub(crate) fn uv(&mut self) -> Result<u64, BundleError> {
        // Most codes fit in one byte.
        if let Some(&b) = self.b.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(u64::from(b));
            }
        }
        self.uv_long()
    }
    #[inline(never)]
    fn uv_long(&mut self) -> Result<u64, BundleError> {
        let start = self.pos;
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(BundleError::Varint { section: self.section, offset: start });
            }
            v |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(BundleError::Varint { section: self.section, offset: start })
    }
    /// A count of items each taking at least `min_bytes`: never more than the bytes left allow.
    pub(crate) fn count(&mut self, min_bytes: usize) -> Result<usize, BundleError> {
        let v = self.uv()?;
        match usize::try_from(v) {
            Ok(n) if n.saturating_mul(min_bytes.max(1)) <= self.remaining() => Ok(n),
            _ => Err(self.truncated()),
        }
    }
    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8], BundleError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(|| self.truncated())?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub(crate) fn str(&mut self) -> Result<&'a str, BundleError> {
        let n = self.count(1)?;
        let at = self.pos;
        let b = self.bytes(n)?;
        std::str::from_utf8(b).map_err(|_| BundleError::Utf8 { section: self.section, offset: at })
    }
    pub(crate) fn sym(&mut self, len: usize, what: &'static str) -> Result<Sym, BundleError> {
        let v = self.uv()?;
        match u32::try_from(v) {
            Ok(s) if (s as usize) < len => Ok(Sym(s)),
            _ => Err(self.invalid(what)),
        }
    }
    /// A strictly ascending string table.
    pub(crate) fn table(&mut self, section: Section) -> Result<Interner, BundleError> {
        self.section = section;
        let n = self.count(1)?;
        let mut pool = Interner::new();
        let mut last: Option<&str> = None;
        for _ in 0..n {
            let at = self.pos;
            let s = self.str()?;
            if last.is_some_and(|l| l >= s) {
                return Err(BundleError::Unsorted { section, offset: at });
            }
            pool.intern(s);
            last = Some(s);
        }
        Ok(pool)
    }
}
