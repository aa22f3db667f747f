//! The file set of an ingest: every supported document under the given paths, each once by its
//! canonical path, with what was left out (special files, links out of the given folders) and
//! what could not be read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::ingest::format_of;

/// The file set of an ingest: every supported document under the given paths, by its
/// canonical path, and what was left out.
#[derive(Debug, Default)]
pub struct Collected {
    /// The documents, canonical and sorted, each once.
    pub files: Vec<PathBuf>,
    /// The given paths, canonical: what `--prune` may remove documents under.
    pub roots: Vec<PathBuf>,
    /// Folders or given paths that could not be read (errors: documents may be missing).
    pub failed: Vec<(PathBuf, crate::Error)>,
    /// Paths left out with a warning.
    pub skipped: Vec<(PathBuf, crate::Error)>,
}

/// Every supported document under `paths` (files are taken as given), sorted. Hidden folders,
/// `target` and the index folder itself are skipped. See [`collect`].
pub fn collect_files(paths: &[PathBuf], index_dir: &Path) -> Vec<PathBuf> {
    collect(paths, index_dir).files
}

/// Walks `paths` for supported documents. Every path is canonical, so a folder given as
/// `c300`, `./c300/` and `/abs/c300` yields each file once; a folder reached again (a symbolic
/// link to `.`, two links to one folder) is walked once, by device and inode; a symbolic link
/// that leads out of the given paths is not followed; FIFOs, sockets and devices are never
/// opened (a warning), and a folder that cannot be read is an error.
pub fn collect(paths: &[PathBuf], index_dir: &Path) -> Collected {
    use std::os::unix::fs::MetadataExt;

    struct Walk<'a> {
        out: Collected,
        visited: BTreeSet<(u64, u64)>,
        index_dir: Option<PathBuf>,
        roots: &'a [PathBuf],
    }
    impl Walk<'_> {
        fn inside(&self, p: &Path) -> bool {
            self.roots.iter().any(|r| p.starts_with(r))
        }
        fn skip(&mut self, p: PathBuf, kind: &'static str) {
            self.out
                .skipped
                .push((p.clone(), crate::Error::NotAFile { path: p, kind }));
        }
        /// A canonical folder: walked unless seen already.
        fn dir(&mut self, dir: &Path, meta: &std::fs::Metadata) {
            if !self.visited.insert((meta.dev(), meta.ino())) {
                return;
            }
            if self.index_dir.as_deref() == Some(dir) {
                return;
            }
            let entries = match std::fs::read_dir(dir) {
                Ok(e) => e,
                Err(source) => {
                    let err = crate::Error::Read {
                        path: dir.to_path_buf(),
                        source,
                    };
                    self.out.failed.push((dir.to_path_buf(), err));
                    return;
                }
            };
            let mut entries: Vec<_> = entries.flatten().collect();
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                let name = e.file_name();
                let name = name.to_string_lossy();
                // Hidden files, and a folder's README (documentation about the folder, never a
                // council's document).
                if name.starts_with('.') || name.to_ascii_lowercase().starts_with("readme.") {
                    continue;
                }
                let p = dir.join(e.file_name());
                let Ok(ft) = e.file_type() else { continue };
                if ft.is_symlink() {
                    self.link(&p, &name);
                } else if ft.is_dir() {
                    if name == "target" {
                        continue;
                    }
                    if let Ok(meta) = std::fs::symlink_metadata(&p) {
                        self.dir(&p, &meta);
                    }
                } else if format_of(&p).is_some() {
                    if ft.is_file() {
                        self.out.files.push(p);
                    } else {
                        let kind = special_kind(&ft);
                        self.skip(p, kind);
                    }
                }
            }
        }
        /// A symbolic link met in a walk: followed only when it stays inside the given paths.
        fn link(&mut self, p: &Path, name: &str) {
            let (target, meta) = match (p.canonicalize(), std::fs::metadata(p)) {
                (Ok(t), Ok(m)) => (t, m),
                _ => {
                    if format_of(p).is_some() {
                        self.skip(p.to_path_buf(), "a broken symbolic link");
                    }
                    return;
                }
            };
            if meta.is_dir() {
                if name == "target" {
                    return;
                }
                if !self.inside(&target) {
                    self.skip(p.to_path_buf(), "a symbolic link out of the given folders");
                    return;
                }
                self.dir(&target, &meta);
            } else if format_of(&target).is_some() || format_of(p).is_some() {
                if !self.inside(&target) {
                    self.skip(p.to_path_buf(), "a symbolic link out of the given folders");
                } else if !meta.is_file() {
                    let kind = special_kind(&meta.file_type());
                    self.skip(p.to_path_buf(), kind);
                } else if format_of(&target).is_some() {
                    self.out.files.push(target);
                }
            }
        }
    }

    let mut roots = Vec::new();
    let mut failed = Vec::new();
    for p in paths {
        match p.canonicalize() {
            Ok(c) => roots.push(c),
            Err(source) => failed.push((
                p.clone(),
                crate::Error::Read {
                    path: p.clone(),
                    source,
                },
            )),
        }
    }
    let mut walk = Walk {
        out: Collected {
            failed,
            ..Collected::default()
        },
        visited: BTreeSet::new(),
        index_dir: index_dir.canonicalize().ok(),
        roots: &roots,
    };
    for root in &roots {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(source) => {
                let err = crate::Error::Read {
                    path: root.clone(),
                    source,
                };
                walk.out.failed.push((root.clone(), err));
                continue;
            }
        };
        if meta.is_dir() {
            walk.dir(root, &meta);
        } else if !meta.is_file() {
            let kind = special_kind(&meta.file_type());
            walk.skip(root.clone(), kind);
        } else if format_of(root).is_some() {
            walk.out.files.push(root.clone());
        } else {
            let err = crate::Error::Unsupported {
                path: root.clone(),
                extension: root
                    .extension()
                    .map(|e| e.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            walk.out.failed.push((root.clone(), err));
        }
    }
    let mut out = walk.out;
    out.files.sort();
    out.files.dedup();
    out.roots = roots;
    out
}

/// What a file type that is neither a file nor a folder is, for messages.
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_block_device() || ft.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// A path made absolute against the current folder with `.` and `..` resolved by their names,
/// for paths that may no longer exist (the keys of an index written by an older version).
pub(crate) fn absolute(p: &Path) -> PathBuf {
    use std::path::Component;
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
