//! Copying what explains a failure into `target/e2e-artifacts/<test>/`.

use std::path::Path;

/// Copies every file under `from` whose name starts with `prefix` into `to`.
pub(crate) fn copy_logs(from: &Path, prefix: &str, to: &Path) -> std::io::Result<usize> {
    let mut copied = 0;
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(0);
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            copied += copy_logs(&path, prefix, to)?;
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str())
            && name.starts_with(prefix)
        {
            std::fs::copy(&path, to.join(name))?;
            copied += 1;
        }
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_matching_files_from_nested_folders_only() {
        let from = tempfile::tempdir().unwrap();
        let to = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(from.path().join("dropdesk/logs")).unwrap();
        std::fs::write(
            from.path().join("dropdesk/logs/dropdesk.2026-11-23.log"),
            "hi",
        )
        .unwrap();
        std::fs::write(from.path().join("dropdesk/logs/other.txt"), "no").unwrap();

        assert_eq!(copy_logs(from.path(), "dropdesk", to.path()).unwrap(), 1);
        assert_eq!(
            std::fs::read_to_string(to.path().join("dropdesk.2026-11-23.log")).unwrap(),
            "hi"
        );
    }
}
