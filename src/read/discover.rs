//! Finding the input files: arguments to a sorted list of [`Input`]s.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

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
        bail!("no input files found; give files, directories or - for standard input");
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
        let entry = entry.with_context(|| format!("cannot walk {}", root.display()))?;
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

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}
