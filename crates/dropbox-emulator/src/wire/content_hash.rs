//! Dropbox's content hash: SHA-256 over the concatenated SHA-256 digests of each 4 MiB block.

use sha2::{Digest, Sha256};

const BLOCK: usize = 4 * 1024 * 1024;

pub(crate) fn content_hash(bytes: &[u8]) -> String {
    let mut overall = Sha256::new();
    for block in bytes.chunks(BLOCK) {
        overall.update(Sha256::digest(block));
    }
    hex(&overall.finalize())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_dropbox_for_the_empty_file_and_spans_blocks() {
        assert_eq!(
            content_hash(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let two_blocks = vec![7u8; BLOCK + 1];
        let expected = {
            let mut h = Sha256::new();
            h.update(Sha256::digest(&two_blocks[..BLOCK]));
            h.update(Sha256::digest(&two_blocks[BLOCK..]));
            hex(&h.finalize())
        };
        assert_eq!(content_hash(&two_blocks), expected);
    }
}
