//! Object storage: `s3://`, `gs://` and `az://` URLs as inputs and outputs.
//!
//! An input or `--out` argument is either a local path (a `file://` URL is
//! one too) or an object-store URL ([`Location`]). This module owns the
//! object-store side: parsing the URL, building a client for its bucket
//! from the environment (`AWS_*` for S3, `GOOGLE_*` for Google Cloud
//! Storage, `AZURE_*` for Azure, as the `object_store` builders read them),
//! and blocking calls to list, read, write and delete objects.
//!
//! The rest of bayan is synchronous. The client is asynchronous, so the
//! calls here run on one small current-thread tokio runtime that lives as
//! long as the process; the reader threads of an export may call in at the
//! same time (tokio hands the runtime from one caller to the next).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::{Context, anyhow, bail};
use futures_util::TryStreamExt;
use object_store::path::Path as Key;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};

/// Files at least this large are uploaded in parts, so that no request
/// carries a whole large Parquet file and a failed part is retried alone.
const MULTIPART_THRESHOLD: u64 = 32 * 1024 * 1024;
/// The size of one part of a multipart upload (S3 wants at least 5 MiB).
const PART_BYTES: usize = 16 * 1024 * 1024;
/// Parts of one file in flight at once.
const PARTS_IN_FLIGHT: usize = 4;

/// The object-store services bayan reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// Amazon S3 and S3-compatible servers (`s3://`, `s3a://`).
    S3,
    /// Google Cloud Storage (`gs://`).
    Gcs,
    /// Azure Blob Storage (`az://`, `azure://`).
    Azure,
}

impl Service {
    fn from_scheme(scheme: &str) -> Option<Service> {
        match scheme.to_ascii_lowercase().as_str() {
            "s3" | "s3a" => Some(Service::S3),
            "gs" => Some(Service::Gcs),
            "az" | "azure" => Some(Service::Azure),
            _ => None,
        }
    }

    fn scheme(self) -> &'static str {
        match self {
            Service::S3 => "s3",
            Service::Gcs => "gs",
            Service::Azure => "az",
        }
    }
}

/// An object, or a prefix of objects, in a bucket: `s3://bucket/key`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectUrl {
    service: Service,
    bucket: String,
    /// The key without a leading or trailing `/`; empty for the bucket.
    key: String,
}

impl ObjectUrl {
    /// Parses `s3://bucket/key`, `gs://...` or `az://...`; `None` when the
    /// text is not such a URL.
    pub fn parse(text: &str) -> Option<anyhow::Result<ObjectUrl>> {
        let (scheme, rest) = text.split_once("://")?;
        let service = Service::from_scheme(scheme)?;
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Some(Err(anyhow!(
                "{text} names no bucket; write {}://BUCKET/PREFIX",
                service.scheme()
            )));
        }
        let key = key.trim_matches('/');
        if key.split('/').any(|segment| matches!(segment, "." | "..")) {
            return Some(Err(anyhow!(
                "{text} has a . or .. segment; object keys are not resolved like paths, \
                 write the key itself"
            )));
        }
        Some(Ok(ObjectUrl {
            service,
            bucket: bucket.to_string(),
            key: key.to_string(),
        }))
    }

    /// The key, without a leading or trailing `/`.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The object or prefix `name` below this one (`name` may hold `/`).
    pub fn join(&self, name: &str) -> ObjectUrl {
        let name = name.trim_matches('/');
        let key = match (self.key.is_empty(), name.is_empty()) {
            (_, true) => self.key.clone(),
            (true, false) => name.to_string(),
            (false, false) => format!("{}/{name}", self.key),
        };
        ObjectUrl {
            key,
            ..self.clone()
        }
    }

    /// The same bucket with another key.
    fn with_key(&self, key: &str) -> ObjectUrl {
        ObjectUrl {
            key: key.trim_matches('/').to_string(),
            ..self.clone()
        }
    }

    /// The part of `key` after this URL's key and a `/`, if `key` is below it.
    fn relative<'a>(&self, key: &'a str) -> Option<&'a str> {
        if self.key.is_empty() {
            return Some(key);
        }
        key.strip_prefix(self.key.as_str())?.strip_prefix('/')
    }

    fn object_key(&self) -> Key {
        Key::parse(&self.key).unwrap_or_else(|_| Key::from(self.key.as_str()))
    }

    /// `s3://bucket`: what the client of this URL is built from.
    fn bucket_url(&self) -> String {
        format!("{}://{}", self.service.scheme(), self.bucket)
    }
}

impl fmt::Display for ObjectUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.bucket_url())?;
        if !self.key.is_empty() {
            write!(f, "/{}", self.key)?;
        }
        Ok(())
    }
}

/// Where an input or output argument points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A local file or directory (a `file://` URL becomes its path).
    Local(PathBuf),
    /// Objects in a bucket.
    Object(ObjectUrl),
}

/// Tells a local path from an object-store URL. An argument with a scheme
/// bayan does not know (`ftp://...`) is an error rather than a strange
/// relative path.
pub fn location(argument: &Path) -> anyhow::Result<Location> {
    let Some(text) = argument.to_str() else {
        return Ok(Location::Local(argument.to_path_buf()));
    };
    if let Some(url) = ObjectUrl::parse(text) {
        return url.map(Location::Object);
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        return Ok(Location::Local(argument.to_path_buf()));
    };
    if !scheme.eq_ignore_ascii_case("file") {
        bail!(
            "{text}: bayan reads and writes s3://, gs://, az:// and file:// URLs and local \
             paths, not {scheme}://"
        );
    }
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        bail!("{text}: a file:// URL names an absolute path, as in file:///srv/data");
    }
    Ok(Location::Local(PathBuf::from(percent_decode(path)?)))
}

/// The object-store URL an argument names, if it names one.
pub fn object_url(argument: &Path) -> Option<ObjectUrl> {
    match location(argument) {
        Ok(Location::Object(url)) => Some(url),
        _ => None,
    }
}

/// Decodes the `%XX` escapes of a URL path.
fn percent_decode(text: &str) -> anyhow::Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = text
                .get(at + 1..at + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or_else(|| anyhow!("{text}: % must start an escape such as %20"))?;
            out.push(hex);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).map_err(|_| anyhow!("{text}: the escapes do not decode to UTF-8"))
}

/// Runs `future` to completion on the module's runtime.
fn block_on<F: Future>(future: F) -> anyhow::Result<F::Output> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| error.to_string())
    });
    match runtime {
        Ok(runtime) => Ok(runtime.block_on(future)),
        Err(error) => bail!("cannot start the object-store client: {error}"),
    }
}

/// The client of the bucket of `url`, built once per bucket.
fn store(url: &ObjectUrl) -> anyhow::Result<Arc<dyn ObjectStore>> {
    static STORES: OnceLock<Mutex<HashMap<String, Arc<dyn ObjectStore>>>> = OnceLock::new();
    let stores = STORES.get_or_init(Mutex::default);
    let bucket = url.bucket_url();
    let mut stores = stores
        .lock()
        .map_err(|_| anyhow!("the object-store client failed earlier in this run"))?;
    if let Some(store) = stores.get(&bucket) {
        return Ok(Arc::clone(store));
    }
    let built: Arc<dyn ObjectStore> = match url.service {
        Service::S3 => Arc::new(
            object_store::aws::AmazonS3Builder::from_env()
                .with_url(&bucket)
                .build()?,
        ),
        Service::Gcs => Arc::new(
            object_store::gcp::GoogleCloudStorageBuilder::from_env()
                .with_url(&bucket)
                .build()?,
        ),
        Service::Azure => Arc::new(
            object_store::azure::MicrosoftAzureBuilder::from_env()
                .with_url(&bucket)
                .build()?,
        ),
    };
    stores.insert(bucket, Arc::clone(&built));
    Ok(built)
}

/// Runs one call against the store of `url`, naming the URL in its error.
fn call<T, F, Fut>(url: &ObjectUrl, what: &str, operation: F) -> anyhow::Result<T>
where
    F: FnOnce(Arc<dyn ObjectStore>, Key) -> Fut,
    Fut: Future<Output = object_store::Result<T>>,
{
    let store = store(url).with_context(|| {
        format!(
            "cannot set up the client for {url}; check the credentials and endpoint in the \
             environment"
        )
    })?;
    block_on(operation(store, url.object_key()))?.with_context(|| format!("cannot {what} {url}"))
}

/// The size of object `url`, or `None` when there is no such object.
pub fn size(url: &ObjectUrl) -> anyhow::Result<Option<u64>> {
    if url.key.is_empty() {
        return Ok(None);
    }
    let found = call(url, "look at", |store, key| async move {
        match store.head(&key).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    })?;
    Ok(found)
}

/// One object found by [`list`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub url: ObjectUrl,
    /// The key below the listed prefix.
    pub relative: String,
    pub size: u64,
}

/// Every object below prefix `url`, at any depth, sorted by key in byte
/// order (as a directory is walked).
pub fn list(url: &ObjectUrl) -> anyhow::Result<Vec<Listed>> {
    let prefix = url.clone();
    let metas = call(url, "list", |store, key| async move {
        let prefix = (!key.as_ref().is_empty()).then_some(key);
        store.list(prefix.as_ref()).try_collect::<Vec<_>>().await
    })?;
    let mut listed: Vec<Listed> = metas
        .into_iter()
        .filter_map(|meta| {
            let key = meta.location.as_ref();
            let relative = prefix.relative(key)?.to_string();
            Some(Listed {
                url: prefix.with_key(key),
                relative,
                size: meta.size,
            })
        })
        .collect();
    listed.sort_by(|a, b| a.url.key.as_bytes().cmp(b.url.key.as_bytes()));
    Ok(listed)
}

/// The names of the "directories" right below prefix `url` (the common
/// prefixes of a delimited listing), sorted.
pub fn list_directories(url: &ObjectUrl) -> anyhow::Result<Vec<String>> {
    let prefix = url.clone();
    let result = call(url, "list", |store, key| async move {
        let prefix = (!key.as_ref().is_empty()).then_some(key);
        store.list_with_delimiter(prefix.as_ref()).await
    })?;
    let mut names: Vec<String> = result
        .common_prefixes
        .iter()
        .filter_map(|key| prefix.relative(key.as_ref()).map(str::to_string))
        .collect();
    names.sort();
    Ok(names)
}

/// Why [`read`] returned no bytes.
#[derive(Debug)]
pub enum ReadError {
    /// The object is larger than the limit; nothing was downloaded.
    TooLarge,
    /// It could not be read; the error says why.
    Failed(anyhow::Error),
}

/// The bytes of object `url`, refused without downloading when it is over
/// `limit` bytes.
pub fn read(url: &ObjectUrl, limit: u64) -> Result<Vec<u8>, ReadError> {
    match size(url) {
        Ok(Some(size)) if size > limit => return Err(ReadError::TooLarge),
        Ok(Some(_)) => {}
        Ok(None) => return Err(ReadError::Failed(anyhow!("there is no object {url}"))),
        Err(error) => return Err(ReadError::Failed(error)),
    }
    let bytes = call(url, "read", |store, key| async move {
        store.get(&key).await?.bytes().await
    })
    .map_err(ReadError::Failed)?;
    // The object may have grown since it was looked at.
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes.to_vec())
}

/// Downloads object `url` into the file `path`, streaming it.
pub fn download(url: &ObjectUrl, path: &Path) -> anyhow::Result<()> {
    let mut file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let written = call(url, "download", |store, key| async move {
        let mut stream = store.get(&key).await?.into_stream();
        let mut written: std::io::Result<()> = Ok(());
        while let Some(chunk) = stream.try_next().await? {
            written = written.and_then(|()| file.write_all(&chunk));
        }
        Ok(written)
    })?;
    written.with_context(|| format!("cannot write {}", path.display()))
}

/// Uploads the file `path` as object `url`; large files go in parts.
pub fn upload(path: &Path, url: &ObjectUrl) -> anyhow::Result<()> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let size = file
        .metadata()
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size < MULTIPART_THRESHOLD {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {}", path.display()))?;
        return put(url, bytes);
    }
    call(url, "upload", |store, key| async move {
        let mut upload =
            WriteMultipart::new_with_chunk_size(store.put_multipart(&key).await?, PART_BYTES);
        let mut buffer = vec![0u8; PART_BYTES];
        loop {
            let read = match file.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) => {
                    let _ = upload.abort().await;
                    return Err(object_store::Error::Generic {
                        store: "local file",
                        source: Box::new(error),
                    });
                }
            };
            upload.wait_for_capacity(PARTS_IN_FLIGHT).await?;
            upload.write(&buffer[..read]);
        }
        upload.finish().await.map(|_| ())
    })
}

/// Writes `bytes` as object `url`, in one request.
pub fn put(url: &ObjectUrl, bytes: Vec<u8>) -> anyhow::Result<()> {
    call(url, "write", |store, key| async move {
        store.put(&key, PutPayload::from(bytes)).await.map(|_| ())
    })
}

/// Deletes every object below prefix `url`.
pub fn delete_all(url: &ObjectUrl) -> anyhow::Result<()> {
    for object in list(url)? {
        call(&object.url, "delete", |store, key| async move {
            store.delete(&key).await
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> ObjectUrl {
        match ObjectUrl::parse(text) {
            Some(Ok(url)) => url,
            other => panic!("{text} did not parse: {other:?}"),
        }
    }

    #[test]
    fn urls_name_a_service_a_bucket_and_a_key() {
        let parsed = url("s3://bucket/some/prefix/");
        assert_eq!(parsed.service, Service::S3);
        assert_eq!(parsed.bucket, "bucket");
        assert_eq!(parsed.key(), "some/prefix");
        assert_eq!(parsed.to_string(), "s3://bucket/some/prefix");
        assert_eq!(url("s3a://b").to_string(), "s3://b");
        assert_eq!(url("gs://b/k").service, Service::Gcs);
        assert_eq!(url("az://container/k").service, Service::Azure);
        assert_eq!(
            url("gs://b").join("releases/x/").to_string(),
            "gs://b/releases/x"
        );
        assert_eq!(url("gs://b/p").join("current.json").key(), "p/current.json");
    }

    #[test]
    fn bad_urls_are_refused_with_a_reason() {
        assert!(matches!(ObjectUrl::parse("s3:///key"), Some(Err(_))));
        assert!(matches!(ObjectUrl::parse("s3://b/a/../c"), Some(Err(_))));
        assert!(ObjectUrl::parse("dir/file.txt").is_none());
        assert!(location(Path::new("ftp://host/file")).is_err());
        assert!(location(Path::new("file://relative/path")).is_err());
    }

    #[test]
    fn local_paths_and_file_urls_are_local() {
        assert_eq!(
            location(Path::new("out/dataset")).expect("a path"),
            Location::Local(PathBuf::from("out/dataset"))
        );
        assert_eq!(
            location(Path::new("file:///srv/my%20data/")).expect("a file URL"),
            Location::Local(PathBuf::from("/srv/my data/"))
        );
        assert_eq!(
            location(Path::new("file://localhost/srv/x")).expect("a file URL"),
            Location::Local(PathBuf::from("/srv/x"))
        );
        assert_eq!(
            location(Path::new("s3://b/p")).expect("a URL"),
            Location::Object(url("s3://b/p"))
        );
    }

    #[test]
    fn listed_keys_are_relative_to_the_prefix() {
        let prefix = url("s3://b/in");
        assert_eq!(prefix.relative("in/a/b.txt"), Some("a/b.txt"));
        assert_eq!(prefix.relative("input/a.txt"), None);
        assert_eq!(url("s3://b").relative("a.txt"), Some("a.txt"));
    }
}
