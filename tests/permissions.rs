//! End-to-end tests of the permissions of what bayan creates (see
//! `src/permissions.rs`): the real binary runs under `sh -c 'umask U; exec
//! bayan ...'` with umask 022 and 027, and the modes of the published
//! files and directories, the state store, its directory and the lock file
//! are read back. A run paused while it writes shows that a release being
//! built is private (0700) until it is published.
#![cfg(unix)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/000_9e8232f106620835.txt")
}

/// Runs `bayan ARGS` under `umask`; panics unless it succeeds.
fn bayan_with_umask(umask: &str, args: &[&Path]) {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_bayan"))
        .args(args)
        .output()
        .expect("sh runs");
    assert!(
        output.status.success(),
        "bayan failed under umask {umask}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

/// The modes of a published file and directory under each umask.
const CASES: [(&str, u32, u32); 2] = [("022", 0o644, 0o755), ("027", 0o640, 0o750)];

/// Every entry of `dir` has `file_mode` (files) or `dir_mode` (directories).
fn assert_published(dir: &Path, file_mode: u32, dir_mode: u32) {
    assert_eq!(mode(dir), dir_mode, "{}", dir.display());
    let mut files = 0;
    for entry in fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        assert_eq!(mode(&path), file_mode, "{}", path.display());
        files += 1;
    }
    assert!(files >= 12, "a whole dataset in {}", dir.display());
}

#[test]
fn an_export_is_readable_by_others_as_the_umask_allows() {
    for (umask, file_mode, dir_mode) in CASES {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("dataset");
        bayan_with_umask(
            umask,
            &[Path::new("export"), &seed(), Path::new("--out"), &out],
        );
        assert_published(&out, file_mode, dir_mode);
    }
}

#[test]
fn a_run_publishes_readable_releases_and_keeps_its_state_private() {
    for (umask, file_mode, dir_mode) in CASES {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        bayan_with_umask(
            umask,
            &[Path::new("run"), &seed(), Path::new("--out"), &out],
        );
        assert_eq!(mode(&out), dir_mode);
        assert_eq!(mode(&out.join("releases")), dir_mode);
        assert_published(&out.join("current/"), file_mode, dir_mode);
        assert_eq!(mode(&out.join("state")), 0o700, "umask {umask}");
        assert_eq!(mode(&out.join("state/bayan.redb")), 0o600, "umask {umask}");
        assert_eq!(mode(&out.join(".lock")), 0o600, "umask {umask}");
    }
}

#[test]
fn loose_state_left_by_an_older_version_is_made_private() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    bayan_with_umask(
        "022",
        &[Path::new("run"), &seed(), Path::new("--out"), &out],
    );
    for (path, loose) in [
        (out.join("state"), 0o755),
        (out.join("state/bayan.redb"), 0o644),
        (out.join(".lock"), 0o644),
    ] {
        fs::set_permissions(&path, fs::Permissions::from_mode(loose)).expect("chmod");
    }
    bayan_with_umask(
        "022",
        &[Path::new("run"), &seed(), Path::new("--out"), &out],
    );
    assert_eq!(mode(&out.join("state")), 0o700);
    assert_eq!(mode(&out.join("state/bayan.redb")), 0o600);
    assert_eq!(mode(&out.join(".lock")), 0o600);
}

#[test]
fn a_release_being_built_is_private() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_bayan"))
        .arg("run")
        .arg(seed())
        .arg("--out")
        .arg(&out)
        .env("BAYAN_TEST_PAUSE_AT", "written")
        .env("BAYAN_TEST_PAUSE_SECS", "60")
        .stderr(Stdio::piped())
        .spawn()
        .expect("bayan starts");
    let stderr = child.stderr.take().expect("stderr");
    let paused = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("paused at written"));
    let building: Vec<PathBuf> = fs::read_dir(out.join("releases"))
        .expect("releases")
        .map(|entry| entry.expect("entry").path())
        .collect();
    child.kill().expect("killed");
    child.wait().expect("reaped");
    assert!(paused, "the run reached the pause point");
    assert_eq!(building.len(), 1, "one release being built: {building:?}");
    assert_eq!(mode(&building[0]), 0o700, "{}", building[0].display());
}
