//! The permissions of what bayan creates on disk.
//!
//! * Published files and directories are for others to read: files are
//!   created with mode 0644 and directories with 0755, and the process
//!   umask takes away what the user withholds (umask 027 gives 0640 and
//!   0750). A parent directory's default ACL or set-group-ID bit, which
//!   the system applies when a file is created, is respected the same way:
//!   short of a default ACL that says otherwise, nothing published is
//!   group- or world-writable, whatever the umask.
//! * A directory being written (an export's staging directory, a release
//!   being built) is 0700 until it is published, so no one reads a
//!   half-written dataset; a release then gets the mode a new published
//!   directory would have had.
//! * Private state (the state store and the run lock) is 0600 in a 0700
//!   directory, whatever the umask, and is made so again if found looser.
//!
//! Modes are Unix; elsewhere files and directories get the system's
//! defaults.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io;
use std::path::{Path, PathBuf};

/// Mode of a published file before the umask.
pub const PUBLISHED_FILE: u32 = 0o644;
/// Mode of a published directory before the umask.
pub const PUBLISHED_DIR: u32 = 0o755;
/// Mode of a private file (state store, lock).
pub const PRIVATE_FILE: u32 = 0o600;
/// Mode of a private directory (state, a directory being written).
pub const PRIVATE_DIR: u32 = 0o700;

/// Creates (or truncates) a file that will be published: 0644 less the
/// umask.
pub fn create_published_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PUBLISHED_FILE);
    options.open(path)
}

/// Creates directory `path` and its missing parents as published
/// directories: 0755 less the umask. Existing ones are left as they are.
pub fn create_published_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, PUBLISHED_DIR);
    builder.create(path)
}

/// Creates directory `path` (its missing parents as published directories)
/// and makes it private: 0700, also when it already existed.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    create_published_dir_all(path)?;
    restrict(path, PRIVATE_DIR)
}

/// Opens `path` with `options`, creating the file private (0600) and
/// making an existing one private too.
pub fn open_private_file(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, PRIVATE_FILE);
    let file = options.open(path)?;
    restrict(path, PRIVATE_FILE)?;
    Ok(file)
}

/// Creates `path` as an empty private file if it does not exist, and makes
/// it private (0600) if it does; its content is not touched. For files
/// that a library opens by path, such as the state store.
pub fn make_private_file(path: &Path) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(false);
    open_private_file(path, &mut options).map(drop)
}

/// A fresh directory to write files into before they are published.
#[derive(Debug)]
pub struct StagingDir {
    pub path: PathBuf,
    /// The permissions a new published directory gets in the same parent.
    published: Permissions,
}

impl StagingDir {
    /// Creates a directory named `prefix` and a random suffix inside
    /// `parent`, private (0700) while it is written. The mode it is to have
    /// once published is the one the system gave it on creation as a
    /// published directory (0755 less the umask, or what a default ACL
    /// says), noted before it is made private.
    pub fn create(parent: &Path, prefix: &str) -> io::Result<StagingDir> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(prefix);
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(PUBLISHED_DIR));
        let path = builder.tempdir_in(parent)?.keep();
        let published = fs::metadata(&path)?.permissions();
        if let Err(error) = restrict(&path, PRIVATE_DIR) {
            let _ = fs::remove_dir(&path);
            return Err(error);
        }
        Ok(StagingDir { path, published })
    }

    /// Gives the directory the permissions of a published directory; call
    /// it when everything in it is written, before moving it into place.
    pub fn open_up(&self) -> io::Result<()> {
        fs::set_permissions(&self.path, self.published.clone())
    }
}

/// Sets the permission bits of `path` to `mode` unless they already are
/// (keeping a directory's set-group-ID bit, which says which group owns
/// what is created inside).
#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    const SET_GROUP_ID: u32 = 0o2000;
    let current = fs::metadata(path)?.permissions().mode();
    let wanted = mode | (current & SET_GROUP_ID);
    if current & 0o7777 == wanted {
        return Ok(());
    }
    fs::set_permissions(path, Permissions::from_mode(wanted))
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).expect("metadata").permissions().mode() & 0o7777
    }

    #[test]
    fn private_files_are_private_even_when_they_were_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = dir.path().join("state");
        create_private_dir(&state).expect("state dir");
        assert_eq!(mode(&state), PRIVATE_DIR);
        let db = state.join("db");
        fs::write(&db, "kept").expect("loose file");
        fs::set_permissions(&db, Permissions::from_mode(0o666)).expect("chmod");
        make_private_file(&db).expect("private");
        assert_eq!(mode(&db), PRIVATE_FILE);
        assert_eq!(
            fs::read_to_string(&db).expect("read"),
            "kept",
            "content kept"
        );
        let new = state.join("new");
        make_private_file(&new).expect("created");
        assert_eq!(mode(&new), PRIVATE_FILE);
    }

    #[test]
    fn a_staging_directory_is_private_until_it_is_opened_up() {
        let parent = tempfile::tempdir().expect("temp dir");
        let staging = StagingDir::create(parent.path(), ".staging-").expect("staging");
        assert_eq!(mode(&staging.path), PRIVATE_DIR);
        staging.open_up().expect("opened up");
        let published = mode(&staging.path);
        assert_eq!(published & 0o700, 0o700, "the owner keeps every right");
        assert_eq!(
            published & 0o022,
            0,
            "not writable by others: {published:o}"
        );
        let file = staging.path.join("data.csv");
        create_published_file(&file).expect("file");
        assert_eq!(mode(&file) & 0o7133, 0, "no execute, no write for others");
    }
}
