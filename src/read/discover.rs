//! Finding the input files: arguments to a sorted list of [`Input`]s.
//!
//! An argument is a file, a directory, `-`, or an object-store URL
//! (`s3://bucket/prefix/`, a single `s3://bucket/key.jsonl`; `gs://` and
//! `az://` too): a prefix is listed like a directory, its objects in byte
//! order of their keys, and each object is read through the same readers
//! as a file ([`load_object`]), with the object's URL as its `source`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::Refusal;
use crate::record::RejectReason;
use crate::storage::{self, Location, ObjectUrl};

/// One input file (or standard input) and the name it goes by in `source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file to read; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The path relative to the input argument it was found under (the
    /// file name for a file argument), or `-` for standard input.
    pub source: String,
}

/// Expands the input arguments into files, sorted by path in byte order.
///
/// A directory is walked recursively; hidden files and directories (name
/// starting with `.`) are skipped. An argument that does not exist is an
/// error: a cron job pointed at the wrong place should fail loudly.
pub fn discover(arguments: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for argument in arguments {
        if argument.as_os_str() == "-" {
            inputs.push(Input {
                path: None,
                source: "-".to_string(),
            });
            continue;
        }
        let argument = match storage::location(argument)? {
            Location::Local(path) => path,
            Location::Object(url) => {
                list_objects(&url, &mut inputs)?;
                continue;
            }
        };
        let argument = &argument;
        let metadata = std::fs::metadata(argument).with_context(|| {
            format!(
                "input {} cannot be opened; check the path and its permissions",
                argument.display()
            )
        })?;
        if metadata.is_dir() {
            walk(argument, &mut inputs)?;
        } else {
            let name = argument
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| argument.display().to_string());
            inputs.push(Input {
                path: Some(argument.clone()),
                source: name,
            });
        }
    }
    if inputs.is_empty() {
        let given: Vec<String> = arguments.iter().map(|a| a.display().to_string()).collect();
        bail!(
            "no input files found in {}; give files, directories that hold some (hidden \
             files are skipped) or - for standard input",
            given.join(", ")
        );
    }
    inputs.sort_by(|a, b| sort_key(a).cmp(sort_key(b)));
    Ok(inputs)
}

fn sort_key(input: &Input) -> &[u8] {
    input
        .path
        .as_deref()
        .map_or(b"-".as_slice(), |p| p.as_os_str().as_encoded_bytes())
}

fn walk(root: &Path, inputs: &mut Vec<Input>) -> anyhow::Result<()> {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by(|a, b| a.file_name().cmp(b.file_name()))
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = entry.with_context(|| {
            format!(
                "cannot walk the input directory {}; check the permissions of the \
                 directories inside it",
                root.display()
            )
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        inputs.push(Input {
            path: Some(entry.path().to_path_buf()),
            source: relative.to_string_lossy().replace('\\', "/"),
        });
    }
    Ok(())
}

/// The objects an object-store URL names: every object below it as a
/// prefix, hidden ones (a key segment starting with `.`) left out as in a
/// directory; when there is none, the object at that key itself. (The
/// prefix is listed first: some S3 servers answer a HEAD of a key that is
/// only a prefix with an error rather than "not found".)
fn list_objects(url: &ObjectUrl, inputs: &mut Vec<Input>) -> anyhow::Result<()> {
    let mut objects: Vec<ObjectUrl> = storage::list(url)?
        .into_iter()
        .filter(|object| !object.relative.split('/').any(|s| s.starts_with('.')))
        .map(|object| object.url)
        .collect();
    if objects.is_empty() && storage::size(url)?.is_some() {
        objects.push(url.clone());
    }
    if objects.is_empty() {
        bail!("there is no object at or below {url}; check the bucket and prefix");
    }
    for object in objects {
        let name = object.to_string();
        inputs.push(Input {
            path: Some(PathBuf::from(&name)),
            source: name,
        });
    }
    Ok(())
}

/// The bytes of an input that is an object in an object store, refused
/// without downloading it when its size is over `limit`; `None` for a
/// local file or standard input.
pub fn load_object(input: &Input, limit: u64) -> Option<Result<Vec<u8>, Refusal>> {
    let url = storage::object_url(input.path.as_deref()?)?;
    Some(storage::read(&url, limit).map_err(|error| match error {
        storage::ReadError::TooLarge => Refusal::new(
            RejectReason::TooLarge,
            format!(
                "larger than the limit of {limit} bytes; raise --max-bytes if it is a real \
                 statement"
            ),
        ),
        storage::ReadError::Failed(error) => Refusal::new(
            RejectReason::Unreadable,
            format!("cannot read it ({error:#}); check the URL and the credentials"),
        ),
    }))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}
