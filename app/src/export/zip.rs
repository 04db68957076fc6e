//! A zip archive written front to back: small parts whole and stored, and one part streamed,
//! deflated as it is written (flate2, already in the server for gzip responses), its sizes and
//! checksum in a data descriptor after it, so a sheet of any length leaves the server while it
//! is written. Deflate, not stored, for the streamed part: readers that walk the local headers
//! find a stored part's end only by its size, which a streamed header cannot carry yet.
//! `take` hands over what is ready.

use std::io::Write as _;

use flate2::write::DeflateEncoder;
use flate2::{Compression, Crc};

#[derive(Default)]
pub struct Zip {
    out: Vec<u8>,
    /// Bytes handed over so far: the next entry's offset is `written + out.len()`.
    written: u64,
    central: Vec<u8>,
    count: u16,
    open: Option<Open>,
}

/// The streamed entry being written.
struct Open {
    name: String,
    offset: u32,
    crc: Crc,
    deflate: DeflateEncoder<Vec<u8>>,
    /// Deflated bytes moved to the output so far.
    compressed: u32,
}

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const DESCRIPTOR: u32 = 0x0807_4b50;
const END: u32 = 0x0605_4b50;
/// Bit 3: sizes and checksum follow the data; bit 11: the name is UTF-8.
const STREAMED: u16 = 0x0008;
const STORE: u16 = 0;
const DEFLATE: u16 = 8;

impl Zip {
    fn offset(&self) -> u32 {
        (self.written + self.out.len() as u64) as u32
    }

    /// A whole entry.
    pub fn add(&mut self, name: &str, data: &str) {
        let data = data.as_bytes();
        let mut crc = Crc::new();
        crc.update(data);
        let (crc, size, offset) = (crc.sum(), data.len() as u32, self.offset());
        self.local_header(name, 0, STORE, crc, size);
        self.out.extend(data);
        self.central_entry(name, (0, STORE), crc, (size, size), offset);
    }

    /// Starts the streamed entry; `write` adds to it, `end` closes it.
    pub fn begin(&mut self, name: &str) {
        let offset = self.offset();
        self.local_header(name, STREAMED, DEFLATE, 0, 0);
        self.open = Some(Open {
            name: name.to_string(),
            offset,
            crc: Crc::new(),
            deflate: DeflateEncoder::new(Vec::new(), Compression::fast()),
            compressed: 0,
        });
    }

    pub fn write(&mut self, data: &[u8]) {
        if let Some(o) = self.open.as_mut() {
            o.crc.update(data);
            // Writing into a Vec cannot fail.
            let _ = o.deflate.write_all(data);
            let ready = std::mem::take(o.deflate.get_mut());
            o.compressed = o.compressed.wrapping_add(ready.len() as u32);
            self.out.extend(ready);
        }
    }

    pub fn end(&mut self) {
        if let Some(o) = self.open.take() {
            let rest = o.deflate.finish().unwrap_or_default();
            let compressed = o.compressed.wrapping_add(rest.len() as u32);
            self.out.extend(rest);
            let (crc, size) = (o.crc.sum(), o.crc.amount());
            self.out.extend(DESCRIPTOR.to_le_bytes());
            self.out.extend(crc.to_le_bytes());
            self.out.extend(compressed.to_le_bytes());
            self.out.extend(size.to_le_bytes());
            self.central_entry(
                &o.name,
                (STREAMED, DEFLATE),
                crc,
                (compressed, size),
                o.offset,
            );
        }
    }

    /// The bytes ready to send.
    pub fn take(&mut self) -> Vec<u8> {
        self.written += self.out.len() as u64;
        std::mem::take(&mut self.out)
    }

    /// The central directory and its end record.
    pub fn finish(&mut self) {
        let (start, size) = (self.offset(), self.central.len() as u32);
        let central = std::mem::take(&mut self.central);
        self.out.extend(&central);
        self.out.extend(END.to_le_bytes());
        self.out.extend([0u8; 4]); // this disk, disk with the directory
        self.out.extend(self.count.to_le_bytes());
        self.out.extend(self.count.to_le_bytes());
        self.out.extend(size.to_le_bytes());
        self.out.extend(start.to_le_bytes());
        self.out.extend(0u16.to_le_bytes());
    }

    /// Version 20, DOS time/date 0:00 1980-01-01.
    fn local_header(&mut self, name: &str, flags: u16, method: u16, crc: u32, size: u32) {
        let o = &mut self.out;
        o.extend(LOCAL.to_le_bytes());
        o.extend(20u16.to_le_bytes());
        o.extend(flags.to_le_bytes());
        o.extend(method.to_le_bytes());
        o.extend(0u16.to_le_bytes());
        o.extend(0x21u16.to_le_bytes());
        o.extend(crc.to_le_bytes());
        o.extend(size.to_le_bytes());
        o.extend(size.to_le_bytes());
        o.extend((name.len() as u16).to_le_bytes());
        o.extend(0u16.to_le_bytes());
        o.extend(name.as_bytes());
    }

    /// `how`: flags and method; `sizes`: compressed and uncompressed.
    fn central_entry(
        &mut self,
        name: &str,
        how: (u16, u16),
        crc: u32,
        sizes: (u32, u32),
        offset: u32,
    ) {
        let c = &mut self.central;
        c.extend(CENTRAL.to_le_bytes());
        c.extend(20u16.to_le_bytes());
        c.extend(20u16.to_le_bytes());
        c.extend(how.0.to_le_bytes());
        c.extend(how.1.to_le_bytes());
        c.extend(0u16.to_le_bytes());
        c.extend(0x21u16.to_le_bytes());
        c.extend(crc.to_le_bytes());
        c.extend(sizes.0.to_le_bytes());
        c.extend(sizes.1.to_le_bytes());
        c.extend((name.len() as u16).to_le_bytes());
        c.extend([0u8; 12]); // extra, comment, disk, internal attrs, external attrs (2+2+2+2+4)
        c.extend(offset.to_le_bytes());
        c.extend(name.as_bytes());
        self.count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_entry_is_listed_with_its_size() {
        let mut z = Zip::default();
        z.add("a.xml", "<a/>");
        let first = z.take();
        z.begin("b.xml");
        z.write(b"hello ");
        z.write(b"world");
        z.end();
        z.finish();
        let mut all = first;
        all.extend(z.take());
        assert_eq!(&all[..4], b"PK\x03\x04");
        // The descriptor carries the streamed part's sizes (11 bytes, deflated); the part
        // inflates to what was written.
        let d = all
            .windows(4)
            .position(|w| w == DESCRIPTOR.to_le_bytes())
            .unwrap();
        let field = |at: usize| u32::from_le_bytes(all[at..at + 4].try_into().unwrap()) as usize;
        assert_eq!(field(d + 12), 11);
        let mut text = String::new();
        use std::io::Read as _;
        flate2::read::DeflateDecoder::new(&all[d - field(d + 8)..d])
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "hello world");
        let end = all.len() - 22;
        assert_eq!(
            u16::from_le_bytes(all[end + 10..end + 12].try_into().unwrap()),
            2
        );
    }
}
