//! Recognising UTF-16 text, with or without a byte-order mark, so that it is decoded instead of
//! becoming a page full of NUL bytes (UTF-16 of ASCII text is valid UTF-8: every other byte is 0).
//!
//! Without a BOM the byte order is told by where the NULs fall: text in a Latin script stored as
//! UTF-16LE has a NUL in nearly every odd byte and almost none in even ones (and the reverse for
//! BE). Text that shows neither pattern is not guessed at.

/// The byte order of UTF-16 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Utf16 {
    Le,
    Be,
}

/// How many leading bytes the sniffing looks at.
const SAMPLE: usize = 4096;

/// The UTF-16 byte order of `bytes` and the length of its BOM, if it looks like UTF-16.
pub(crate) fn sniff_utf16(bytes: &[u8]) -> Option<(Utf16, usize)> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some((Utf16::Le, 2)),
        [0xFE, 0xFF, ..] => return Some((Utf16::Be, 2)),
        _ => {}
    }
    if bytes.len() < 2 || !bytes.contains(&0) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(SAMPLE) & !1];
    let units = sample.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // Most code units are in the first 256 code points, and the other half is almost never NUL.
    let mostly = |n: usize| n * 10 >= units * 6;
    let rarely = |n: usize| n * 20 <= units;
    if mostly(odd) && rarely(even) {
        Some((Utf16::Le, 0))
    } else if mostly(even) && rarely(odd) {
        Some((Utf16::Be, 0))
    } else {
        None
    }
}

/// Decodes UTF-16 `bytes` (BOM already removed); `None` for an odd length or unpaired surrogates.
pub(crate) fn decode_utf16(bytes: &[u8], order: Utf16) -> Option<String> {
    if bytes.len() % 2 != 0 {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        match order {
            Utf16::Le => u16::from_le_bytes(pair),
            Utf16::Be => u16::from_be_bytes(pair),
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, order: Utf16) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| match order {
                Utf16::Le => u.to_le_bytes(),
                Utf16::Be => u.to_be_bytes(),
            })
            .collect()
    }

    #[test]
    fn detects_and_decodes_utf16_without_bom() {
        let text = "# Memo\n\nThe meeting moved to Friday, café at 10.\n";
        for order in [Utf16::Le, Utf16::Be] {
            let bytes = encode(text, order);
            assert_eq!(sniff_utf16(&bytes), Some((order, 0)));
            assert_eq!(decode_utf16(&bytes, order).as_deref(), Some(text));
        }
    }

    #[test]
    fn detects_a_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(encode("Hi", Utf16::Le));
        assert_eq!(sniff_utf16(&bytes), Some((Utf16::Le, 2)));
        assert_eq!(decode_utf16(&bytes[2..], Utf16::Le).as_deref(), Some("Hi"));
    }

    #[test]
    fn leaves_utf8_and_odd_nuls_alone() {
        assert_eq!(sniff_utf16(b"plain text\n"), None);
        assert_eq!(
            sniff_utf16(b"one NUL \0 in a line of ordinary text\n"),
            None
        );
        assert_eq!(sniff_utf16(&[0, 0, 0, 0]), None);
        assert_eq!(decode_utf16(&[0x41, 0], Utf16::Le).as_deref(), Some("A"));
        assert_eq!(decode_utf16(&[0x41], Utf16::Le), None);
        // An unpaired high surrogate.
        assert_eq!(decode_utf16(&[0x00, 0xD8, 0x41, 0x00], Utf16::Le), None);
    }
}
