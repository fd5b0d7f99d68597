//! End-to-end tests of object storage: `bayan export`, `merge` and
//! `validate` with `s3://` inputs and outputs, against a real S3 server on
//! loopback (s3s-fs: the S3 protocol of the `s3s` crate over a directory),
//! started in this test process. The server checks request signatures, so
//! the credentials bayan takes from the environment are exercised too.
//!
//! The server keeps each object as a file under its root
//! (`ROOT/BUCKET/KEY`), which lets a test seed inputs the way a crawler
//! would and look at what bayan uploaded without another client.
//!
//! `BAYAN_SCALE_CORPUS`, when set, names a directory of inputs for the
//! concurrent-shard test (`make scale-test` sets it to its generated
//! corpus of 5,000 statements, and `BAYAN_SCALE_BIN` to a release build
//! of bayan to run); otherwise that test uses the samples and the first
//! records of the State Department feed, and the binary of this build.

mod common;

use common::{assert_ok, csv_column};

use std::collections::BTreeMap;
use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use tempfile::TempDir;

const ACCESS_KEY: &str = "bayan-test-access";
const SECRET_KEY: &str = "bayan-test-secret-key";
const BUCKET: &str = "statements";

/// An s3s-fs server on `127.0.0.1:PORT`, serving the directory `root`.
/// Its thread runs until the test process ends.
struct S3Server {
    root: TempDir,
    address: SocketAddr,
}

impl S3Server {
    fn start() -> S3Server {
        let root = tempfile::tempdir().expect("server root");
        fs::create_dir(root.path().join(BUCKET)).expect("create the bucket");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen on loopback");
        listener.set_nonblocking(true).expect("non-blocking");
        let address = listener.local_addr().expect("address");
        let store = s3s_fs::FileSystem::new(root.path()).expect("s3s-fs over the root");
        std::thread::spawn(move || serve(listener, store));
        S3Server { root, address }
    }

    /// The file that holds object `key` of the bucket.
    fn object(&self, key: &str) -> PathBuf {
        self.root.path().join(BUCKET).join(key)
    }

    /// `bayan ARGS` with the environment the AWS client reads.
    fn bayan(&self) -> Command {
        let binary = std::env::var_os("BAYAN_SCALE_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| assert_cmd::cargo::cargo_bin!("bayan").to_path_buf());
        let mut command = Command::new(binary);
        command
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT", format!("http://{}", self.address))
            .env("AWS_ALLOW_HTTP", "true")
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("AWS_PROFILE");
        command
    }

    /// Copies the files of `from` under the key prefix `prefix`.
    fn seed(&self, from: &Path, prefix: &str) {
        for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
            let entry = entry.expect("walk the inputs");
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry.path().strip_prefix(from).expect("below the root");
            let target = self.object(prefix).join(relative);
            fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
            fs::copy(entry.path(), &target).expect("copy an input");
        }
    }
}

/// Accepts connections and serves each with the S3 service.
fn serve(listener: std::net::TcpListener, store: s3s_fs::FileSystem) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the server");
    runtime.block_on(async move {
        let mut builder = s3s::service::S3ServiceBuilder::new(store);
        builder.set_auth(s3s::auth::SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        let service = builder.build();
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        let http =
            hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                continue;
            };
            let connection = http
                .serve_connection(hyper_util::rt::TokioIo::new(socket), service.clone())
                .into_owned();
            tokio::spawn(async move {
                let _ = connection.await;
            });
        }
    });
}

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn run(command: &mut Command, what: &str) -> Output {
    let output = command.output().expect("bayan runs");
    assert_ok(&output, what);
    output
}

/// The pointer object under `prefix`, parsed.
fn pointer(server: &S3Server, prefix: &str) -> serde_json::Value {
    let text = fs::read_to_string(server.object(&format!("{prefix}/current.json")))
        .expect("current.json was uploaded");
    serde_json::from_str(&text).expect("the pointer is JSON")
}

/// The release directory (on the server's disk) the pointer names.
fn current_release(server: &S3Server, prefix: &str) -> PathBuf {
    let path = pointer(server, prefix)["path"]
        .as_str()
        .expect("path")
        .to_string();
    server.object(&format!("{prefix}/{path}"))
}

/// The names (relative paths) and bytes of every file of a release.
fn release_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let name = entry.path().strip_prefix(dir).expect("below");
            let bytes = fs::read(entry.path()).expect("read");
            (name.to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

#[test]
fn an_export_to_s3_is_a_release_behind_a_pointer_that_validates() {
    let server = S3Server::start();
    server.seed(&repo("samples/statements"), "in/statements");
    server.seed(&repo("samples/bad"), "in/bad");
    let out = format!("s3://{BUCKET}/dataset");

    let output = run(
        server
            .bayan()
            .args(["export", &format!("s3://{BUCKET}/in"), "--out", &out]),
        "export to s3",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("released "), "{stdout}");

    let first = pointer(&server, "dataset");
    let release = current_release(&server, "dataset");
    for name in [
        "statements.csv",
        "statements.parquet",
        "statements.jsonld",
        "rejects.csv",
    ] {
        assert!(release.join(name).is_file(), "{name} uploaded");
    }
    // Every statement and every bad input came through the S3 reader.
    let sources = csv_column(&release.join("statements.csv"), "source");
    assert_eq!(sources.len(), 12, "{sources:?}");
    assert!(
        sources
            .iter()
            .all(|s| s.starts_with("s3://statements/in/statements/")),
        "{sources:?}"
    );
    assert_eq!(csv_column(&release.join("rejects.csv"), "source").len(), 5);

    // The pointer names the checksums it was published with.
    let sums = fs::read(release.join("SHA256SUMS")).expect("SHA256SUMS");
    let digest = sha256_hex(&sums);
    assert_eq!(first["sha256sums"], digest.as_str());

    run(server.bayan().args(["validate", &out]), "validate s3");

    // A changed byte in a published object fails validation (exit 6).
    let csv = release.join("statements.csv");
    let mut bytes = fs::read(&csv).expect("read");
    let last = bytes.len() - 2;
    bytes[last] ^= 0x01;
    fs::write(&csv, bytes).expect("tamper");
    let output = server
        .bayan()
        .args(["validate", &out, "--quiet"])
        .output()
        .expect("validate runs");
    assert_eq!(output.status.code(), Some(6), "{output:?}");
}

#[test]
fn a_new_export_moves_the_pointer_and_prunes_to_keep() {
    let server = S3Server::start();
    server.seed(&repo("samples/statements"), "in");
    let out = format!("s3://{BUCKET}/data");
    let mut seen = Vec::new();
    for _ in 0..3 {
        run(
            server.bayan().args([
                "export",
                &format!("s3://{BUCKET}/in"),
                "--out",
                &out,
                "--keep",
                "2",
                "--quiet",
            ]),
            "export",
        );
        seen.push(
            pointer(&server, "data")["release"]
                .as_str()
                .expect("release")
                .to_string(),
        );
    }
    assert_eq!(
        seen.iter().collect::<std::collections::BTreeSet<_>>().len(),
        3,
        "each export is a new release: {seen:?}"
    );
    // On S3 a release is its objects: a pruned one leaves none (the
    // server may leave an empty directory on its disk).
    let mut kept: Vec<String> = fs::read_dir(server.object("data/releases"))
        .expect("releases")
        .map(|entry| entry.expect("entry").path())
        .filter(|release| {
            walkdir::WalkDir::new(release)
                .into_iter()
                .any(|entry| entry.is_ok_and(|entry| entry.file_type().is_file()))
        })
        .map(|release| {
            release
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    kept.sort();
    assert_eq!(kept, seen[1..], "the oldest release is pruned");
    run(
        server.bayan().args(["validate", &out, "--quiet"]),
        "validate",
    );
}

#[test]
fn a_partitioned_export_to_s3_uploads_the_partition_directories() {
    let server = S3Server::start();
    server.seed(&repo("samples/statements"), "in");
    let out = format!("s3://{BUCKET}/hive");
    run(
        server.bayan().args([
            "export",
            &format!("s3://{BUCKET}/in"),
            "--out",
            &out,
            "--partition",
            "language",
            "--formats",
            "parquet",
            "--quiet",
        ]),
        "partitioned export",
    );
    let release = current_release(&server, "hive");
    for language in ["ar", "en", "es", "fa", "fr", "ru", "ur", "zh"] {
        for table in ["statements", "mentions", "amounts", "dates"] {
            let part = release.join(format!("{table}/language={language}/part-0.parquet"));
            assert!(part.is_file(), "{} uploaded", part.display());
        }
    }
    run(
        server.bayan().args(["validate", &out, "--quiet"]),
        "validate",
    );
}

/// The inputs of the concurrent-shard test, as a local directory.
fn shard_corpus(scratch: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("BAYAN_SCALE_CORPUS") {
        return PathBuf::from(dir);
    }
    let dir = scratch.join("corpus");
    fs::create_dir_all(&dir).expect("mkdir");
    let feed = repo(
        "../shared/corpus/statedept-press-releases-rss/press_releases_2021-05_to_2022-03.jsonl",
    );
    let text = fs::read_to_string(feed).expect("State Department JSONL");
    let head: Vec<&str> = text.lines().take(60).collect();
    fs::write(dir.join("feed.jsonl"), head.join("\n") + "\n").expect("write feed");
    for sample in ["samples/statements", "samples/bad"] {
        for entry in fs::read_dir(repo(sample)).expect("samples") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("a name");
            fs::copy(&path, dir.join(name)).expect("copy a sample");
        }
    }
    dir
}

fn spawn(command: &mut Command) -> Child {
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bayan starts")
}

#[test]
fn four_concurrent_shards_on_s3_merge_into_the_single_export() {
    let server = S3Server::start();
    let scratch = tempfile::tempdir().expect("scratch");
    server.seed(&shard_corpus(scratch.path()), "corpus");
    let input = format!("s3://{BUCKET}/corpus");

    run(
        server.bayan().args([
            "export",
            &input,
            "--out",
            &format!("s3://{BUCKET}/single"),
            "--quiet",
        ]),
        "single export",
    );
    let shards: Vec<Child> = (1..=4)
        .map(|shard| {
            spawn(server.bayan().args([
                "export",
                &input,
                "--shard",
                &format!("{shard}/4"),
                "--jobs",
                "1",
                "--out",
                &format!("s3://{BUCKET}/parts/{shard}"),
                "--quiet",
            ]))
        })
        .collect();
    for (shard, child) in shards.into_iter().enumerate() {
        let output = child.wait_with_output().expect("a shard ends");
        assert_ok(&output, &format!("shard {}", shard + 1));
    }
    let parts: Vec<String> = (1..=4)
        .map(|shard| format!("s3://{BUCKET}/parts/{shard}"))
        .collect();
    run(
        server.bayan().arg("merge").args(&parts).args([
            "--out",
            &format!("s3://{BUCKET}/merged"),
            "--quiet",
        ]),
        "merge",
    );
    run(
        server
            .bayan()
            .args(["validate", &format!("s3://{BUCKET}/merged"), "--quiet"]),
        "validate the merge",
    );

    let single = release_files(&current_release(&server, "single"));
    let merged = release_files(&current_release(&server, "merged"));
    assert_eq!(
        single.keys().collect::<Vec<_>>(),
        merged.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (name, bytes) in &single {
        assert!(
            merged[name] == *bytes,
            "{name} differs between the merge and one export"
        );
    }
    let statements = csv_column(
        &current_release(&server, "single").join("statements.csv"),
        "statement_id",
    );
    assert!(statements.len() >= 60, "{} statements", statements.len());
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
