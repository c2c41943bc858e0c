//! Veriff's API v1, endpoint by endpoint: what each request signs.
//!
//! Requests with a body (POST, PATCH, PUT) sign the body; GET and DELETE
//! sign one id from the path, which one depends on the endpoint (the
//! attempt's media signs the attempt id, a media file its media id). The
//! query string is never signed. The table is Veriff's API reference, plus
//! the endpoints real clients call that it omits (`documented: false`);
//! `tests/vectors/veriff-endpoints.json` holds the same rows with the source
//! of each.

/// What a request to an endpoint signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signs {
    /// The raw request body.
    Body,
    /// The id in the path segment written `{name}` in the pattern.
    PathId(&'static str),
}

/// One endpoint of Veriff's API v1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// The HTTP method.
    pub method: &'static str,
    /// The path, ids written `{name}`.
    pub path: &'static str,
    /// What a request to it signs.
    pub signs: Signs,
    /// Whether Veriff's API reference lists it (otherwise: clients call it).
    pub documented: bool,
}

const fn endpoint(method: &'static str, path: &'static str, signs: Signs, documented: bool) -> Endpoint {
    Endpoint { method, path, signs, documented }
}

use Signs::{Body, PathId};

/// Every endpoint kyc-sign knows, in the reference's order.
pub const ENDPOINTS: &[Endpoint] = &[
    endpoint("POST", "/v1/sessions", Body, true),
    endpoint("PATCH", "/v1/sessions/{sessionId}", Body, true),
    endpoint("DELETE", "/v1/sessions/{sessionId}", PathId("sessionId"), true),
    endpoint("GET", "/v1/sessions/{sessionId}/attempts", PathId("sessionId"), true),
    endpoint("POST", "/v1/sessions/{sessionId}/collected-data", Body, true),
    endpoint("POST", "/v1/sessions/{sessionId}/media", Body, true),
    endpoint("POST", "/v1/faces/import", Body, true),
    endpoint("GET", "/v1/sessions/{sessionId}/certificates", PathId("sessionId"), true),
    endpoint("GET", "/v1/sessions/{sessionId}/certificates/{certificateId}/files/{fileId}", PathId("sessionId"), true),
    endpoint("GET", "/v1/sessions/{sessionId}/decision", PathId("sessionId"), true),
    endpoint("GET", "/v1/sessions/{sessionId}/person", PathId("sessionId"), true),
    endpoint("GET", "/v1/sessions/{sessionId}/watchlist-screening", PathId("sessionId"), true),
    endpoint("PATCH", "/v1/sessions/{sessionId}/watchlist-screening", Body, true),
    endpoint("GET", "/v1/sessions/{sessionId}/media", PathId("sessionId"), true),
    endpoint("GET", "/v1/attempts/{attemptId}/media", PathId("attemptId"), true),
    endpoint("GET", "/v1/media/{mediaId}", PathId("mediaId"), true),
    endpoint("POST", "/v1/validate-registry", Body, true),
    endpoint("GET", "/v1/sessions/{sessionId}/decision/ine-registry", PathId("sessionId"), true),
    endpoint("GET", "/v1/sessions/{sessionId}/decision/curp-registry", PathId("sessionId"), true),
    endpoint("GET", "/v1/sessions/{sessionId}/decision/combined-ine-curp-registry", PathId("sessionId"), true),
    endpoint("GET", "/v1/sessions/{sessionId}/decision/fullauto", PathId("sessionId"), false),
    endpoint("GET", "/v1/transportation-registry/{id}", PathId("id"), false),
    endpoint("GET", "/v1/address/{addressId}/media", PathId("addressId"), false),
    endpoint("GET", "/v1/address-media/{mediaId}", PathId("mediaId"), false),
    endpoint("GET", "/v1/sessions/{sessionId}/timestamps", PathId("sessionId"), false),
];

impl Endpoint {
    /// The id this endpoint signs from `segments` (the path after `v1`), when
    /// the path is this endpoint's.
    fn signed_id<'p>(&self, segments: &[&'p str]) -> Option<&'p str> {
        let Signs::PathId(name) = self.signs else { return None };
        let pattern: Vec<&str> = self.path.split('/').skip(2).collect(); // after "", "v1"
        if pattern.len() != segments.len() {
            return None;
        }
        let mut id = None;
        for (part, segment) in pattern.iter().zip(segments) {
            match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(_) if segment.is_empty() => return None,
                Some(placeholder) if placeholder == name => id = Some(*segment),
                Some(_) => {}
                None if part != segment => return None,
                None => {}
            }
        }
        id
    }
}

/// The id a GET or DELETE request signs: the endpoint's id, or for any
/// other path under `/v1/sessions/{sessionId}` the session id, the rule of
/// thumb Veriff's documentation gives. `path` may have a prefix before
/// `/v1/` (a proxy's).
pub fn signed_path_id<'p>(method: &str, path: &'p str) -> Option<&'p str> {
    let segments: Vec<&str> = path.split('/').skip_while(|s| *s != "v1").skip(1).collect();
    if let Some(id) = ENDPOINTS.iter().filter(|e| e.method == method).find_map(|e| e.signed_id(&segments)) {
        return Some(id);
    }
    match segments.as_slice() {
        ["sessions", id, ..] if !id.is_empty() => Some(id),
        _ => None,
    }
}

/// The GET and DELETE paths outside `/v1/sessions/{sessionId}…`, for messages.
pub fn known_id_paths() -> String {
    let mut paths = vec!["/v1/sessions/{sessionId}…".to_owned()];
    paths.extend(
        ENDPOINTS
            .iter()
            .filter(|e| matches!(e.signs, Signs::PathId(_)) && !e.path.starts_with("/v1/sessions/"))
            .map(|e| e.path.to_owned()),
    );
    paths.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_get_and_delete_signs_the_id_its_endpoint_names() {
        for e in ENDPOINTS {
            let Signs::PathId(name) = e.signs else { continue };
            let path = e.path.replace(&format!("{{{name}}}"), "THE-ID").replace(['{', '}'], "");
            assert_eq!(signed_path_id(e.method, &path), Some("THE-ID"), "{} {}", e.method, e.path);
        }
    }
}
