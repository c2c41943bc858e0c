//! One entry point for every body kyc-sign builds, chosen by the `provider`
//! and `kind` keys of a loose options object (what `buildSessionBody` takes).

use crate::error::{quote, Error, ErrorCode, Result};
use crate::fields::type_error;
use crate::lifecycle::{build_media_body, build_submit_body};
use crate::request::Provider;
use crate::session::{build_veriff_body, FaceVerifySession};
use crate::value::Value;

/// Which body of a provider's API to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyKind {
    /// Session creation (`POST /v1/sessions`, FaceVerify `POST /api/v1/session`).
    #[default]
    Session,
    /// Veriff session submission (`PATCH /v1/sessions/{id}`).
    Submit,
    /// Veriff media upload (`POST /v1/sessions/{id}/media`).
    Media,
}

/// Builds the body described by `options`: `provider` (required), `kind`
/// (`session` by default, `submit` or `media` for Veriff) and that body's
/// fields. `now_ms` is read only when a timestamped body has no `timestamp`.
pub fn build_body(options: &Value, now_ms: impl FnOnce() -> f64) -> Result<String> {
    build_body_from(options.clone(), now_ms)
}

/// [`build_body`] taking the options by value, which spares copying them.
pub fn build_body_from(options: Value, now_ms: impl FnOnce() -> f64) -> Result<String> {
    let Value::Object(mut entries) = options else {
        let message = format!("expected a plain object, got {}", options.type_name());
        return Err(Error::new(ErrorCode::InvalidType, "options", message));
    };
    let mut provider = None;
    let mut kind = None;
    for (key, value) in &entries {
        let selector = match key.as_str() {
            "provider" => &mut provider,
            "kind" => &mut kind,
            _ => continue,
        };
        // Only the loose Value API can repeat a key (JS objects cannot): refuse it as every field does.
        if selector.replace(value).is_some() {
            return Err(Error::new(ErrorCode::InvalidValue, key.as_str(), "duplicate field"));
        }
    }
    let provider: Provider = match provider {
        Some(Value::String(name)) => name.parse()?,
        Some(other) => return Err(type_error("provider", "\"veriff\" or \"faceverify\"", other)),
        None => return Err(Error::new(ErrorCode::MissingField, "provider", "is required: \"veriff\" or \"faceverify\"")),
    };
    let kind = match kind {
        None => BodyKind::Session,
        Some(Value::String(name)) => parse_kind(name)?,
        Some(other) => return Err(type_error("kind", "\"session\", \"submit\" or \"media\"", other)),
    };
    entries.retain(|(key, _)| key != "provider" && key != "kind");
    let fields = Value::Object(entries);
    match (provider, kind) {
        (Provider::Veriff, BodyKind::Session) => build_veriff_body(&fields, now_ms),
        (Provider::Veriff, BodyKind::Submit) => build_submit_body(&fields),
        (Provider::Veriff, BodyKind::Media) => build_media_body(&fields, now_ms),
        (Provider::FaceVerify, BodyKind::Session) => FaceVerifySession::from_value(&fields)?.to_json(),
        (Provider::FaceVerify, _) => {
            Err(Error::new(ErrorCode::InvalidValue, "kind", "FaceVerify has only session bodies; omit kind"))
        }
    }
}

fn parse_kind(name: &str) -> Result<BodyKind> {
    match name {
        "session" => Ok(BodyKind::Session),
        "submit" => Ok(BodyKind::Submit),
        "media" => Ok(BodyKind::Media),
        other => Err(Error::new(
            ErrorCode::InvalidValue,
            "kind",
            format!("expected \"session\", \"submit\" or \"media\", got {}", quote(other)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(entries: Vec<(&str, Value)>) -> Result<String> {
        build_body(&Value::object(entries), || 0.0)
    }

    #[test]
    fn provider_and_kind_pick_the_builder() {
        assert_eq!(
            build(vec![("provider", "veriff".into())]).unwrap(),
            r#"{"verification":{"timestamp":"1970-01-01T00:00:00.000Z"}}"#
        );
        assert_eq!(
            build(vec![("kind", "submit".into()), ("provider", "veriff".into())]).unwrap(),
            r#"{"verification":{"status":"submitted"}}"#
        );
        assert_eq!(
            build(vec![("provider", "faceverify".into()), ("country", "US".into())]).unwrap(),
            r#"{"country":"US"}"#
        );
    }

    #[test]
    fn the_clock_is_not_read_when_a_timestamp_is_given() {
        let options = Value::object([("provider", "veriff".into()), ("timestamp", "2016-05-19T08:30:25.597Z".into())]);
        let body = build_body(&options, || panic!("the clock was read"));
        assert_eq!(body.unwrap(), r#"{"verification":{"timestamp":"2016-05-19T08:30:25.597Z"}}"#);
    }

    #[test]
    fn repeated_selectors_are_refused() {
        for key in ["provider", "kind"] {
            let options = Value::object([("provider", "veriff".into()), ("kind", "submit".into()), (key, "x".into())]);
            let err = build_body(&options, || 0.0).unwrap_err();
            assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, key));
        }
    }

    #[test]
    fn missing_or_wrong_selectors_name_themselves() {
        let path = |entries| build(entries).unwrap_err().path().to_owned();
        assert_eq!(path(vec![]), "provider");
        assert_eq!(path(vec![("provider", Value::Number(1.0))]), "provider");
        assert_eq!(path(vec![("provider", "veriff".into()), ("kind", "patch".into())]), "kind");
        assert_eq!(path(vec![("provider", "faceverify".into()), ("kind", "media".into())]), "kind");
        assert_eq!(build(vec![("provider", "onfido".into())]).unwrap_err().code(), ErrorCode::UnknownProvider);
    }
}
