//! Identifiers of a statement: its canonical URL, content hash and
//! `statement_id`.
//!
//! `statement_id` is 16 lowercase hex characters, the first 64 bits of a
//! SHA-256:
//!
//! - of the canonical URL (see [`canonical_url`]) when the input gives one,
//!   so a statement keeps its id when its text is corrected later;
//! - else of the normalised content, i.e. the first 16 characters of
//!   `content_sha256`, the hash of `title + "\n\n" + body`.
//!
//! Both depend on nothing but the statement, so the same statement gets the
//! same id on every run and machine; anyone can check one with
//! `printf '%s' "$url" | sha256sum | cut -c1-16`.

use sha2::{Digest, Sha256};

/// Hex characters in a `statement_id`.
pub const ID_LENGTH: usize = 16;

/// The canonical form of an absolute `http`/`https` URL, or `None` for
/// anything else (a relative URL, another scheme, white space inside, a port
/// that is not a number).
///
/// Two spellings of one address get one form:
///
/// - surrounding white space is trimmed;
/// - the scheme and host are lowercased (`HTTPS://WWW.State.gov/x` →
///   `https://www.state.gov/x`); path and query keep their case, servers
///   may tell them apart;
/// - the default port is dropped (`:80` for http, `:443` for https), as is an
///   empty one (`host:`);
/// - the fragment is dropped (`/x#top` → `/x`): it names a place in the
///   page, not another page;
/// - an empty path becomes `/` (`https://example.org` →
///   `https://example.org/`).
///
/// The user info, the path and the query are kept as written: percent
/// escapes, `..` segments and query order are not rewritten.
pub fn canonical_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.contains(char::is_whitespace) {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let without_fragment = rest.split('#').next().unwrap_or_default();
    let authority_end = without_fragment
        .find(['/', '?'])
        .unwrap_or(without_fragment.len());
    let (authority, path) = without_fragment.split_at(authority_end);
    let authority = canonical_authority(authority, default_port)?;
    let slash = if path.starts_with('/') { "" } else { "/" };
    Some(format!("{scheme}://{authority}{slash}{path}"))
}

/// `userinfo@host:port` with the host lowercased and a default or empty
/// port dropped; `None` without a host or with a port that is not a number.
fn canonical_authority(authority: &str, default_port: &str) -> Option<String> {
    let (user, host_port) = match authority.rsplit_once('@') {
        Some((user, host_port)) => (Some(user), host_port),
        None => (None, authority),
    };
    // An IPv6 literal (`[::1]:8080`) has colons of its own.
    let port_colon = match host_port.rfind(']') {
        Some(bracket) => host_port[bracket..].find(':').map(|i| bracket + i),
        None => host_port.rfind(':'),
    };
    let (host, port) = match port_colon {
        Some(colon) => (&host_port[..colon], &host_port[colon + 1..]),
        None => (host_port, ""),
    };
    if host.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut canonical = String::with_capacity(authority.len());
    if let Some(user) = user {
        canonical.push_str(user);
        canonical.push('@');
    }
    canonical.push_str(&host.to_lowercase());
    if !port.is_empty() && port != default_port {
        canonical.push(':');
        canonical.push_str(port);
    }
    Some(canonical)
}

/// The `statement_id`: from the canonical URL when there is one, else from
/// the content hash (see the module docs).
pub fn statement_id(canonical_url: Option<&str>, content_sha256: &str) -> String {
    let hash = match canonical_url {
        Some(url) => sha256_hex(url.as_bytes()),
        None => content_sha256.to_string(),
    };
    hash.chars().take(ID_LENGTH).collect()
}

/// The SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_url_lowercases_scheme_and_host_only() {
        assert_eq!(
            canonical_url("  HTTPS://WWW.State.GOV/Statement-On-X/?Page=2 ").as_deref(),
            Some("https://www.state.gov/Statement-On-X/?Page=2")
        );
    }

    #[test]
    fn canonical_url_drops_default_ports_and_fragments() {
        assert_eq!(
            canonical_url("http://example.org:80/a#top").as_deref(),
            Some("http://example.org/a")
        );
        assert_eq!(
            canonical_url("https://example.org:443?q=1#x").as_deref(),
            Some("https://example.org/?q=1")
        );
        assert_eq!(
            canonical_url("https://example.org:").as_deref(),
            Some("https://example.org/")
        );
        assert_eq!(
            canonical_url("https://example.org:8443/a").as_deref(),
            Some("https://example.org:8443/a")
        );
        assert_eq!(
            canonical_url("http://user@[2001:DB8::1]:80/").as_deref(),
            Some("http://user@[2001:db8::1]/")
        );
    }

    #[test]
    fn canonical_url_refuses_what_is_not_an_absolute_web_url() {
        for url in [
            "",
            "www.state.gov/x",
            "/releases/x",
            "ftp://example.org/x",
            "https:///x",
            "https://example.org:port/",
            "https://example.org/a b",
        ] {
            assert_eq!(canonical_url(url), None, "{url}");
        }
    }

    #[test]
    fn spellings_of_one_url_get_one_id() {
        let a = canonical_url("https://www.state.gov/x");
        let b = canonical_url("HTTPS://www.STATE.gov:443/x#main");
        assert_eq!(a, b);
        let content = sha256_hex(b"title\n\nbody");
        assert_eq!(
            statement_id(a.as_deref(), &content),
            statement_id(b.as_deref(), &content)
        );
    }

    #[test]
    fn ids_are_the_first_16_hex_characters_of_a_sha256() {
        // Values from `printf '%s' ... | sha256sum`.
        assert_eq!(
            sha256_hex(b"https://www.state.gov/x"),
            "011c6ecc507c6ea355b66aed009c72b2e29f3ed5921aab74902a673d4a1282f2"
        );
        assert_eq!(
            statement_id(Some("https://www.state.gov/x"), "unused"),
            "011c6ecc507c6ea3"
        );
        let content = sha256_hex("عنوان\n\nنص".as_bytes());
        assert_eq!(statement_id(None, &content), &content[..ID_LENGTH]);
        assert_eq!(
            content,
            "af935fd6fadb81e8af741195278cd8fafb9d5b6c21032fc73158f56b293bfb1f"
        );
    }
}
