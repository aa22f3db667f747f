//! Reading an index the process may not write (`chmod -R a-w`, a read-only mount, another
//! user's folder): tantivy's reader takes the meta lock, which creates and locks
//! `.tantivy-meta.lock`, and fails with "Permission denied" where it cannot. [`Tolerant`] is the
//! folder as tantivy's own [`MmapDirectory`], except that this one lock, when the file cannot be
//! opened for want of permission, is taken as granted: nothing that can be written by this
//! process is at stake, and a writer with the right to write still takes its own locks.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, META_LOCK, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};

/// See the module's documentation.
#[derive(Debug, Clone)]
pub struct Tolerant(pub MmapDirectory);

impl Tolerant {
    /// The index folder `dir` (tantivy's files).
    pub fn open(dir: &Path) -> tantivy::Result<Tolerant> {
        Ok(Tolerant(MmapDirectory::open(dir)?))
    }
}

/// True for the errors of a folder this process may read but not write.
pub fn is_read_only(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

impl Directory for Tolerant {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath && is_read_only(&e) =>
            {
                Ok(DirectoryLock::from(Box::new(NoLock)))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}

/// The meta lock of a folder that cannot be written: nothing to release.
struct NoLock;
