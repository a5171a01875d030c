//! Reads a PNG file's header (signature and `IHDR` chunk) and walks its chunks up to
//! `IEND`, checking each length and CRC, without decompressing the image: enough to tell a
//! real, whole PNG from a renamed or cut-off file and to learn its size.

use std::fmt;

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
/// Signature, chunk length, `IHDR`, 13 data bytes, CRC.
const HEADER_LENGTH: usize = 8 + 4 + 4 + 13 + 4;
/// The PNG specification caps each dimension at 2^31 - 1.
const MAX_SIDE: u32 = i32::MAX as u32;

/// Holds what a PNG's `IHDR` chunk says about the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Says why bytes are not a PNG image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The PNG signature is missing; names another format when the bytes look like one.
    Signature(Option<&'static str>),
    /// The file ends before the `IHDR` chunk does.
    Truncated,
    /// The first chunk is not a 13-byte `IHDR`.
    NoHeader,
    /// The `IHDR` chunk's CRC does not match its content.
    Checksum,
    /// A side is zero or above the PNG maximum.
    Size,
    /// Bit depth, color type, compression, filter or interlace is not a defined value.
    Fields,
    /// The file ends inside a chunk, or before `IEND`: it was cut off.
    Cut,
    /// A chunk's type is not four ASCII letters, or its length is above the PNG maximum.
    BadChunk,
    /// The CRC of the chunk of this type does not match its content.
    ChunkChecksum([u8; 4]),
    /// No `IDAT` chunk comes before `IEND`.
    NoImageData,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Signature(Some(format)) => write!(f, "it is a {format} file"),
            Refusal::Signature(None) => f.write_str("it does not start with the PNG signature"),
            Refusal::Truncated => f.write_str("it ends inside the PNG header"),
            Refusal::NoHeader => f.write_str("its first chunk is not `IHDR`"),
            Refusal::Checksum => f.write_str("its `IHDR` checksum is wrong"),
            Refusal::Size => f.write_str("its `IHDR` gives a zero or oversized side"),
            Refusal::Fields => f.write_str("its `IHDR` holds undefined field values"),
            Refusal::Cut => f.write_str("it ends before its `IEND` chunk: the file is cut off"),
            Refusal::BadChunk => f.write_str("a chunk's type or length is malformed"),
            Refusal::ChunkChecksum(kind) => {
                write!(f, "the checksum of its `{}` chunk is wrong", String::from_utf8_lossy(kind))
            }
            Refusal::NoImageData => f.write_str("it holds no image data (`IDAT` chunk)"),
        }
    }
}

/// Reads a PNG file's header, then checks that its chunks are whole up to `IEND`.
pub fn read(bytes: &[u8]) -> Result<Header, Refusal> {
    let header = read_header(bytes)?;
    walk_chunks(&bytes[HEADER_LENGTH..])?;
    Ok(header)
}

/// Walks the chunks after `IHDR` by their lengths, checking each CRC, up to `IEND`.
fn walk_chunks(mut rest: &[u8]) -> Result<(), Refusal> {
    let mut image_data = false;
    loop {
        let Some((length, kind)) = rest.get(..8).map(|head| (be32(&head[..4]), &head[4..8])) else {
            return Err(Refusal::Cut);
        };
        if length > MAX_SIDE || !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(Refusal::BadChunk);
        }
        let length = usize::try_from(length).map_err(|_| Refusal::BadChunk)?;
        let end = 8usize.saturating_add(length).saturating_add(4);
        let Some(chunk) = rest.get(..end) else { return Err(Refusal::Cut) };
        if crc32(&chunk[4..8 + length]) != be32(&chunk[8 + length..]) {
            let mut name = [0; 4];
            name.copy_from_slice(kind);
            return Err(Refusal::ChunkChecksum(name));
        }
        match kind {
            b"IDAT" => image_data = true,
            b"IEND" if image_data => return Ok(()),
            b"IEND" => return Err(Refusal::NoImageData),
            _ => {}
        }
        rest = &rest[end..];
    }
}

/// Reads the header of a PNG file.
fn read_header(bytes: &[u8]) -> Result<Header, Refusal> {
    if !bytes.starts_with(&SIGNATURE) {
        return Err(Refusal::Signature(sniff(bytes)));
    }
    if bytes.len() < HEADER_LENGTH {
        return Err(Refusal::Truncated);
    }
    let length = be32(&bytes[8..12]);
    if length != 13 || &bytes[12..16] != b"IHDR" {
        return Err(Refusal::NoHeader);
    }
    if crc32(&bytes[12..29]) != be32(&bytes[29..33]) {
        return Err(Refusal::Checksum);
    }
    let (width, height) = (be32(&bytes[16..20]), be32(&bytes[20..24]));
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(Refusal::Size);
    }
    let [depth, color, compression, filter, interlace] =
        [bytes[24], bytes[25], bytes[26], bytes[27], bytes[28]];
    let depth_allowed: &[u8] = match color {
        0 => &[1, 2, 4, 8, 16],
        3 => &[1, 2, 4, 8],
        2 | 4 | 6 => &[8, 16],
        _ => &[],
    };
    if !depth_allowed.contains(&depth) || compression != 0 || filter != 0 || interlace > 1 {
        return Err(Refusal::Fields);
    }
    Ok(Header { width, height })
}

/// Names a common image format the bytes start like, to explain a renamed file.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let formats: [(&[u8], &'static str); 5] = [
        (&[0xff, 0xd8, 0xff], "JPEG"),
        (b"GIF8", "GIF"),
        (b"BM", "BMP"),
        (b"RIFF", "RIFF (WebP)"),
        (b"<svg", "SVG"),
    ];
    formats.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, name)| *name)
}

fn be32(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0, |value, byte| (value << 8) | u32::from(*byte))
}

/// The CRC-32 remainder of every byte value, so a chunk costs one lookup a byte.
const CRC_TABLE: [u32; 256] = crc_table();

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut index = 0;
    while index < 256 {
        let mut crc = index as u32;
        let mut bit = 0;
        while bit < 8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
            bit += 1;
        }
        table[index] = crc;
        index += 1;
    }
    table
}

/// Computes the CRC-32 (ISO 3309, as PNG uses it) of some bytes.
fn crc32(bytes: &[u8]) -> u32 {
    let crc = bytes
        .iter()
        .fold(u32::MAX, |crc, byte| CRC_TABLE[usize::from((crc as u8) ^ byte)] ^ (crc >> 8));
    !crc
}

/// Builds a PNG of the given size with well-formed chunks, for tests: the `IHDR`, an
/// `IDAT` whose (never decompressed) data is left empty, and `IEND`.
#[cfg(test)]
pub fn header_bytes(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    let mut bytes = SIGNATURE.to_vec();
    for (kind, data) in [(*b"IHDR", ihdr), (*b"IDAT", Vec::new()), (*b"IEND", Vec::new())] {
        bytes.extend(chunk(kind, &data));
    }
    bytes
}

/// Builds one chunk: length, type, data and CRC, for tests.
#[cfg(test)]
fn chunk(kind: [u8; 4], data: &[u8]) -> Vec<u8> {
    let mut body = kind.to_vec();
    body.extend(data);
    let length = u32::try_from(data.len()).expect("test chunks are small");
    let mut bytes = length.to_be_bytes().to_vec();
    bytes.extend(&body);
    bytes.extend(crc32(&body).to_be_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_reference_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        // The IEND chunk's CRC every PNG ends with.
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
    }

    #[test]
    fn headers_are_read_or_refused() {
        let mut bad_crc = header_bytes(512, 512);
        bad_crc[32] ^= 1;
        let mut bad_depth = header_bytes(512, 512);
        bad_depth[24] = 3;
        let checksum = crc32(&bad_depth[12..29]).to_be_bytes();
        bad_depth[29..33].copy_from_slice(&checksum);
        let mut bad_chunk = header_bytes(512, 512);
        bad_chunk[12..16].copy_from_slice(b"IDAT");
        let cases: Vec<(&str, Vec<u8>, Result<Header, Refusal>)> = vec![
            ("square", header_bytes(512, 512), Ok(Header { width: 512, height: 512 })),
            ("wide", header_bytes(300, 200), Ok(Header { width: 300, height: 200 })),
            ("jpeg", vec![0xff, 0xd8, 0xff, 0xe0, 0, 0x10], Err(Refusal::Signature(Some("JPEG")))),
            ("text", b"hello".to_vec(), Err(Refusal::Signature(None))),
            ("empty", Vec::new(), Err(Refusal::Signature(None))),
            ("signature only", SIGNATURE.to_vec(), Err(Refusal::Truncated)),
            ("checksum", bad_crc, Err(Refusal::Checksum)),
            ("depth", bad_depth, Err(Refusal::Fields)),
            ("chunk", bad_chunk, Err(Refusal::NoHeader)),
            ("zero", header_bytes(0, 512), Err(Refusal::Size)),
            ("huge", header_bytes(u32::MAX, 512), Err(Refusal::Size)),
        ];
        for (name, bytes, expected) in cases {
            assert_eq!(read(&bytes), expected, "{name}");
        }
    }

    #[test]
    fn chunks_are_walked_up_to_iend() {
        let whole = header_bytes(512, 512);
        let header_only = whole[..HEADER_LENGTH].to_vec();
        let cut_inside = whole[..whole.len() - 3].to_vec();
        let mut bad_crc = whole.clone();
        bad_crc[HEADER_LENGTH + 8] ^= 1;
        let mut no_data = whole[..HEADER_LENGTH].to_vec();
        no_data.extend(chunk(*b"IEND", &[]));
        let mut bad_type = whole[..HEADER_LENGTH].to_vec();
        bad_type.extend(chunk(*b"ID4T", &[]));
        let mut huge_length = whole[..HEADER_LENGTH].to_vec();
        huge_length.extend(u32::MAX.to_be_bytes());
        huge_length.extend(b"IDAT");
        let mut ancillary = whole[..HEADER_LENGTH].to_vec();
        ancillary.extend(chunk(*b"tEXt", b"Comment\0hi"));
        ancillary.extend(&whole[HEADER_LENGTH..]);
        let cases: Vec<(&str, Vec<u8>, Result<Header, Refusal>)> = vec![
            ("whole", whole, Ok(Header { width: 512, height: 512 })),
            ("ancillary chunk", ancillary, Ok(Header { width: 512, height: 512 })),
            ("cut after IHDR", header_only, Err(Refusal::Cut)),
            ("cut inside IEND", cut_inside, Err(Refusal::Cut)),
            ("IDAT checksum", bad_crc, Err(Refusal::ChunkChecksum(*b"IDAT"))),
            ("no IDAT", no_data, Err(Refusal::NoImageData)),
            ("bad type", bad_type, Err(Refusal::BadChunk)),
            ("huge length", huge_length, Err(Refusal::BadChunk)),
        ];
        for (name, bytes, expected) in cases {
            assert_eq!(read(&bytes), expected, "{name}");
        }
    }
}
