//! Turns a file's bytes into text before parsing: the size limit, UTF-8 and the BOM.

use crate::diagnostic::Diagnostic;
use crate::yaml::{codes, position};

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a file's bytes as UTF-8 without its BOM, or explains why it cannot.
pub(crate) fn decode(
    path: &str,
    bytes: &[u8],
    max_bytes: usize,
) -> Result<String, Box<Diagnostic>> {
    if bytes.len() > max_bytes {
        return Err(Box::new(
            Diagnostic::error(
                codes::TOO_LARGE,
                path,
                format!("file is {} bytes, more than the {max_bytes} bytes accepted", bytes.len()),
            )
            .at(Some(crate::diagnostic::Location { line: 1, column: 1 }))
            .with_help("split the file, or move large content out of the registry"),
        ));
    }
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let valid = &body[..error.valid_up_to()];
            let prefix = String::from_utf8_lossy(valid);
            let location = position::locate_byte(&prefix, prefix.len());
            let byte = body.get(error.valid_up_to()).copied().unwrap_or_default();
            Err(Box::new(
                Diagnostic::error(
                    codes::INVALID_UTF8,
                    path,
                    format!("file is not valid utf-8: invalid byte `0x{byte:02X}`"),
                )
                .at(Some(location))
                .with_help("save the file as UTF-8"),
            ))
        }
    }
}
