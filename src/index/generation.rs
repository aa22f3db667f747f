//! Which committed state an index folder is in, read from its files without opening it: a
//! reader that loaded one state (the server) compares generations to know when an ingest has
//! committed since.

use std::path::Path;
use std::time::SystemTime;

use super::{IndexError, Result, aliases_path, tantivy_dir};

/// What identifies one committed state of the index: the modification time and size of
/// tantivy's `meta.json` (rewritten on every commit), of `aliases.json` and of the lists of the
/// best blocks (both written after the commit). Two readings are equal while nothing commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation([(Option<SystemTime>, u64); 3]);

impl Generation {
    /// The generation of the index in `dir` now ([`IndexError::Missing`] when there is none).
    pub fn of(dir: &Path) -> Result<Generation> {
        let meta = tantivy_dir(dir).join("meta.json");
        let of = |p: &Path| {
            std::fs::metadata(p)
                .map(|m| (m.modified().ok(), m.len()))
                .ok()
        };
        let Some(m) = of(&meta) else {
            return Err(IndexError::Missing {
                path: dir.to_path_buf(),
            });
        };
        Ok(Generation([
            m,
            of(&aliases_path(dir)).unwrap_or((None, 0)),
            of(&dir.join(super::toplist::FILE)).unwrap_or((None, 0)),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_an_index_has_no_generation() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            Generation::of(dir.path()),
            Err(IndexError::Missing { .. })
        ));
    }

    #[test]
    fn a_commit_changes_the_generation() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tantivy_dir(dir.path())).unwrap();
        let meta = tantivy_dir(dir.path()).join("meta.json");
        std::fs::write(&meta, "{}").unwrap();
        let first = Generation::of(dir.path()).unwrap();
        assert_eq!(first, Generation::of(dir.path()).unwrap());
        std::fs::write(&meta, "{\"segments\":[]}").unwrap();
        assert_ne!(first, Generation::of(dir.path()).unwrap());
    }
}
