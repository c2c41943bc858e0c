//! The JavaScript API of kyc-sign: a wasm-bindgen layer that converts types
//! and errors, gives the core the runtime's `URL` and `Date.now()` as its
//! [`Host`], and keeps the fast paths' input and output buffers. All signing
//! and validation lives in the core crate (`kyc-sign`, the repository root).
//!
//! Arguments arrive as `JsValue` rather than `&str` so that a wrong type, a
//! lone surrogate or a throwing getter becomes a coded JS error instead of a
//! silent U+FFFD or a trap, and so the message can name the argument.

use js_sys::{Array, JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use kyc_sign::error::join_path;
use kyc_sign::fields::unknown_field;
use kyc_sign::mac::{scrub_stack, tag_hex, TAG_LEN};
use kyc_sign::providers::faceverify::canonical::request_lines;
use kyc_sign::url::WhatwgUrl;
use kyc_sign::{
    build_body, canonical_method, canonical_request_in, hmac_signature, legacy_signature, Error, ErrorClass, ErrorCode,
    Host, HmacKey, Provider, ProviderOptions, Result, SignedHeaders, Signer, UrlMode, Value, VeriffScheme,
};

/// How deep `buildSessionBody` follows nested objects before refusing: the
/// deepest real body is three levels; a cycle must not overflow the stack.
const MAX_DEPTH: usize = 8;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn own_keys(object: &JsValue) -> core::result::Result<Array, JsValue>;

    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    fn json_stringify(value: &JsValue) -> core::result::Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_name = String)]
    fn js_string_checked(value: &JsValue) -> core::result::Result<JsValue, JsValue>;

    /// The global `Uint8Array`, constructed directly.
    #[wasm_bindgen(js_name = Uint8Array)]
    type GlobalUint8Array;

    #[wasm_bindgen(catch, constructor, js_class = "Uint8Array")]
    fn new(value: &JsValue) -> core::result::Result<GlobalUint8Array, JsValue>;

    #[wasm_bindgen(catch, js_namespace = Date, js_name = now)]
    fn date_now_checked() -> core::result::Result<f64, JsValue>;

    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_checked(value: &JsValue) -> core::result::Result<bool, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["Date", "prototype", "getTime"], js_name = call)]
    fn date_time_value(date: &JsValue) -> core::result::Result<f64, JsValue>;
}

// The runtime's WHATWG URL parser: Node's `URL` is the one the provider's
// sample uses, a browser's is the one `fetch` sends with.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = URL)]
    type HostUrl;

    #[wasm_bindgen(catch, constructor, js_class = "URL")]
    fn new(url: &str) -> core::result::Result<HostUrl, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn protocol(this: &HostUrl) -> core::result::Result<String, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn hostname(this: &HostUrl) -> core::result::Result<String, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn pathname(this: &HostUrl) -> core::result::Result<String, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn search(this: &HostUrl) -> core::result::Result<String, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = searchParams)]
    fn search_params(this: &HostUrl) -> core::result::Result<JsValue, JsValue>;
}

/// The runtime's clock and URL parser, as the core's [`Host`].
struct JsHost;

static JS_HOST: JsHost = JsHost;

impl Host for JsHost {
    fn now_ms(&self) -> f64 {
        date_now()
    }

    fn parse_url(&self, url: &str) -> core::result::Result<WhatwgUrl, String> {
        host_url(url).ok_or_else(|| "the URL parser refused it".to_owned())
    }
}

/// What the runtime's `new URL(url)` reports, or `None` if it throws (the
/// caller turns that into `KYC_INVALID_URL`).
fn host_url(url: &str) -> Option<WhatwgUrl> {
    let parsed = HostUrl::new(url).ok()?;
    let protocol = parsed.protocol().ok()?;
    let search = parsed.search().ok()?;
    let search_params = parsed.search_params().ok()?;
    Some(WhatwgUrl {
        scheme: protocol.strip_suffix(':').unwrap_or(&protocol).to_owned(),
        has_host: !parsed.hostname().ok()?.is_empty(),
        path: parsed.pathname().ok()?,
        query: search.strip_prefix('?').unwrap_or(&search).to_owned(),
        search_params: js_to_string(&search_params)?,
    })
}

/// `String(value)`, or `None` if it throws.
fn js_to_string(value: &JsValue) -> Option<String> {
    js_string_checked(value).ok()?.as_string()
}

/// `Date.now()`; NaN (refused as a timestamp) if a test double throws. A JS
/// exception must never unwind through Rust frames: it would leave state
/// (a borrowed buffer) that the next call trips over.
fn date_now() -> f64 {
    date_now_checked().unwrap_or(f64::NAN)
}

/// `Array.isArray`, which throws for a revoked Proxy; that is "not an array".
fn is_array(value: &JsValue) -> bool {
    is_array_checked(value).unwrap_or(false)
}

// ---------------------------------------------------------------- errors

/// Turns a core error into a `TypeError` or `RangeError` with `code` and `path`.
fn to_js(error: Error) -> JsValue {
    let message = error.to_string();
    let js_error: js_sys::Error = match error.code().class() {
        ErrorClass::Type => js_sys::TypeError::new(&message).unchecked_into(),
        ErrorClass::Range => js_sys::RangeError::new(&message).unchecked_into(),
        ErrorClass::Plain => js_sys::Error::new(&message),
    };
    // Setting a data property on a fresh Error cannot fail.
    let _ = Reflect::set(&js_error, &"code".into(), &error.code().as_str().into());
    let _ = Reflect::set(&js_error, &"path".into(), &error.path().into());
    js_error.into()
}

/// Converts an export's result at the boundary, after wiping the stack its
/// body used (it may hold copies of a secret).
fn export<T>(result: Result<T>) -> core::result::Result<T, JsValue> {
    scrub_stack();
    result.map_err(to_js)
}

// ---------------------------------------------------------------- reading values

/// How a JavaScript value's type reads in a message: "a number", "null", "an array"…
fn describe(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if value.is_undefined() {
        return "undefined".into();
    }
    if is_array(value) {
        return "an array".into();
    }
    match value.js_typeof().as_string().as_deref() {
        Some("object") if is_uint8_array(value) => "a Uint8Array".into(),
        Some("object") => "an object".into(),
        Some(kind) => format!("a {kind}"),
        None => "a value".into(),
    }
}

/// A value of the wrong type; `undefined` where a value is required is a
/// missing argument or option, the usual cause being an unset variable.
fn wrong_type(path: &str, expected: &str, got: &JsValue) -> Error {
    if got.is_undefined() {
        let message = format!("is required ({expected}); is it missing, or an unset environment variable?");
        return Error::new(ErrorCode::MissingField, path, message);
    }
    Error::new(ErrorCode::InvalidType, path, format!("expected {expected}, got {}", describe(got)))
}

/// A JS string as UTF-8. Lone surrogates have no UTF-8 form: instead of letting
/// them become U+FFFD (and signing bytes nobody sent), find and report them.
fn utf8_string(value: &JsValue, path: &str) -> Result<Option<String>> {
    let Some(text) = value.as_string() else { return Ok(None) };
    // Encoding replaced every lone surrogate with U+FFFD, so a string without
    // one had none; only then is the slower exact scan needed.
    if text.as_bytes().windows(3).any(|w| w == "\u{FFFD}".as_bytes()) {
        if let Some(index) = lone_surrogate_index(value.unchecked_ref::<JsString>()) {
            return Err(Error::new(
                ErrorCode::LoneSurrogate,
                path,
                format!(
                    "lone UTF-16 surrogate at index {index} cannot be encoded as UTF-8 \
                     (was a string cut in the middle of an emoji?)"
                ),
            ));
        }
    }
    Ok(Some(text))
}

fn lone_surrogate_index(text: &JsString) -> Option<u32> {
    let mut index = 0u32;
    for unit in char::decode_utf16(text.iter()) {
        match unit {
            Ok(c) => index += c.len_utf16() as u32,
            Err(_) => return Some(index),
        }
    }
    None
}

fn required_string(value: &JsValue, path: &str) -> Result<String> {
    utf8_string(value, path)?.ok_or_else(|| wrong_type(path, "a string", value))
}

/// Longest array read from an options object: far more than any field
/// needs, and a bound on the work a huge sparse array can cause.
const MAX_ARRAY_LENGTH: u32 = 10_000;

thread_local! {
    /// `%TypedArray%.prototype[Symbol.toStringTag]`'s getter: the brand check
    /// for typed arrays (undefined for anything else, Proxies included).
    static TYPED_ARRAY_NAME: Option<js_sys::Function> = {
        let typed_array_prototype = Object::get_prototype_of(&Object::get_prototype_of(&Uint8Array::new_with_length(0)));
        Reflect::get_own_property_descriptor(&typed_array_prototype, &js_sys::Symbol::to_string_tag())
            .ok()
            .and_then(|descriptor| Reflect::get(&descriptor, &"get".into()).ok())
            .and_then(|getter| getter.dyn_into::<js_sys::Function>().ok())
    };
}

/// Whether `value` really is a `Uint8Array` (a `Buffer` too): `instanceof`
/// is fooled by `Object.create(Uint8Array.prototype)` and by Proxies.
fn is_uint8_array(value: &JsValue) -> bool {
    TYPED_ARRAY_NAME.with(|getter| {
        getter
            .as_ref()
            .and_then(|getter| getter.call0(value).ok())
            .is_some_and(|name| name.as_string().as_deref() == Some("Uint8Array"))
    })
}

/// The bytes of a real `Uint8Array` or `ArrayBuffer`, read through
/// `new Uint8Array(value)` (the global constructor, not one found on a
/// prototype), whose TypeError for a detached buffer becomes a coded error.
fn uint8_array_bytes(value: &JsValue, path: &str) -> Result<Vec<u8>> {
    let view = GlobalUint8Array::new(value)
        .map_err(|_| Error::new(ErrorCode::InvalidValue, path, "cannot be read (is its buffer detached?)"))?;
    Ok(view.unchecked_into::<Uint8Array>().to_vec())
}

/// A string (as UTF-8) or a `Uint8Array` (as its bytes).
fn bytes(value: &JsValue, path: &str) -> Result<Vec<u8>> {
    if let Some(text) = utf8_string(value, path)? {
        return Ok(text.into_bytes());
    }
    if is_uint8_array(value) {
        return uint8_array_bytes(value, path);
    }
    Err(wrong_type(path, "a string or a Uint8Array", value))
}

/// A secret as bytes, in a buffer that is wiped when dropped. (The JS string
/// it came from cannot be wiped: see the README's Security section.)
fn secret_bytes(value: &JsValue, path: &str) -> Result<Zeroizing<Vec<u8>>> {
    bytes(value, path).map(Zeroizing::new)
}

/// Whether `value` is a plain object (`{…}`, or `Object.create(null)`).
fn is_plain_object(value: &JsValue) -> bool {
    if !value.is_object() || is_array(value) {
        return false;
    }
    match Reflect::get_prototype_of(value) {
        Ok(proto) => proto.is_null() || proto == Object::get_prototype_of(&Object::new().into()),
        Err(_) => false,
    }
}

/// Reads `object[key]`; a throwing getter or Proxy trap becomes a coded error.
fn property(object: &JsValue, key: &str, parent: &str) -> Result<JsValue> {
    Reflect::get(object, &JsValue::from_str(key)).map_err(|_| {
        Error::new(ErrorCode::InvalidType, join_path(parent, key), "reading this property threw")
    })
}

/// The own enumerable keys of an options object, refusing anything but a plain object.
fn option_keys(object: &JsValue, path: &str) -> Result<Vec<String>> {
    if !is_plain_object(object) {
        return Err(wrong_type(path, "a plain object", object));
    }
    let keys = own_keys(object)
        .map_err(|_| Error::new(ErrorCode::InvalidType, path, "listing its keys threw"))?;
    Ok(keys.iter().filter_map(|k| k.as_string()).collect())
}

/// Refuses keys outside `allowed`, suggesting the near miss.
fn check_known_keys(keys: &[String], allowed: &[&str], path: &str) -> Result<()> {
    match keys.iter().find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => Err(unknown_field(unknown, allowed, &[]).within(path)),
        None => Ok(()),
    }
}

/// Converts a JavaScript value into the core's ordered [`Value`], keeping
/// `null` apart from absent (`undefined` properties are skipped, as
/// `JSON.stringify` skips them) and turning a `Date` into its ISO string.
fn to_value(value: &JsValue, path: &str, depth: usize) -> Result<Value> {
    if depth > MAX_DEPTH {
        return Err(Error::new(ErrorCode::InvalidValue, path, "nested too deeply (is the object circular?)"));
    }
    if value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(s) = utf8_string(value, path)? {
        return Ok(Value::String(s));
    }
    // A Date is a timestamp; anywhere else it is a value of the wrong type.
    if value.is_instance_of::<js_sys::Date>() && path == "timestamp" {
        let time = date_time_value(value)
            .map_err(|_| Error::new(ErrorCode::InvalidTimestamp, path, "expected a Date"))?;
        return kyc_sign::iso_timestamp(time).map(Value::String).map_err(|e| e.within(path));
    }
    if is_array(value) {
        let length = property(value, "length", path)?.as_f64().unwrap_or(0.0) as u32;
        if length > MAX_ARRAY_LENGTH {
            let message = format!("has {length} items; at most {MAX_ARRAY_LENGTH} are read");
            return Err(Error::new(ErrorCode::TooLong, path, message));
        }
        let mut items = Vec::new();
        for i in 0..length {
            let item_path = join_path(path, &format!("[{i}]"));
            let item = Reflect::get_u32(value, i)
                .map_err(|_| Error::new(ErrorCode::InvalidType, item_path.as_str(), "reading this element threw"))?;
            items.push(to_value(&item, &item_path, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if is_uint8_array(value) {
        return uint8_array_bytes(value, path).map(Value::Bytes);
    }
    if is_plain_object(value) {
        let mut entries = Vec::new();
        for key in option_keys(value, path)? {
            let item = property(value, &key, path)?;
            if !item.is_undefined() {
                let item_path = join_path(path, &key);
                entries.push((key, to_value(&item, &item_path, depth + 1)?));
            }
        }
        return Ok(Value::Object(entries));
    }
    Ok(Value::Other(describe(value)))
}

/// An optional options argument: `undefined` and `null` both mean "none".
fn optional_options(options: &JsValue, path: &str, allowed: &[&str]) -> Result<Option<Vec<String>>> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let keys = option_keys(options, path)?;
    check_known_keys(&keys, allowed, path)?;
    Ok(Some(keys))
}

/// Reads an optional string option parsed with `FromStr`.
fn enum_option<T>(options: &JsValue, key: &str, parent: &str) -> Result<Option<T>>
where
    T: core::str::FromStr<Err = Error>,
{
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let path = join_path(parent, key);
    let value = property(options, key, parent)?;
    if value.is_undefined() {
        return Ok(None);
    }
    let text = required_string(&value, &path)?;
    text.parse::<T>().map(Some).map_err(|e| Error::new(e.code(), path, e.reason().to_owned()))
}

// ---------------------------------------------------------------- exports

/// Veriff legacy `X-SIGNATURE`: hex SHA-256 of the payload bytes followed by the secret bytes.
#[wasm_bindgen(js_name = generateSignature)]
pub fn generate_signature(payload: JsValue, secret: JsValue) -> core::result::Result<String, JsValue> {
    export((|| {
        let body = if is_plain_object(&payload) {
            // Veriff's own sample signs JSON.stringify(payload).
            let json = json_stringify(&payload)
                .map_err(|_| Error::new(ErrorCode::InvalidValue, "payload", "JSON.stringify threw on this object"))?;
            required_string(&json, "payload")?.into_bytes()
        } else {
            bytes(&payload, "payload").map_err(|e| {
                if e.code() == ErrorCode::InvalidType {
                    wrong_type("payload", "a string, a Uint8Array or a plain object", &payload)
                } else {
                    e
                }
            })?
        };
        let secret = secret_bytes(&secret, "secret")?;
        Ok(legacy_signature(&body, &secret))
    })())
}

/// Veriff `X-HMAC-SIGNATURE`: hex HMAC-SHA256(secret, payload).
#[wasm_bindgen(js_name = generateHmacSignature)]
pub fn generate_hmac_signature(payload: JsValue, secret: JsValue) -> core::result::Result<String, JsValue> {
    export((|| {
        let payload = bytes(&payload, "payload")?;
        let secret = secret_bytes(&secret, "secret")?;
        Ok(hmac_signature(&secret, &payload))
    })())
}

/// Reads the FaceVerify arguments shared by `generateHmac` and `canonicalString`.
fn faceverify_canonical(
    http_method: &JsValue,
    url: &JsValue,
    body: &JsValue,
    content_type: &JsValue,
    x_auth_client: &JsValue,
    options: &JsValue,
) -> Result<Vec<u8>> {
    let method = required_string(http_method, "httpMethod")?;
    let url = required_string(url, "url")?;
    let body = bytes(body, "body")?;
    let content_type = required_string(content_type, "contentType")?;
    let api_key = required_string(x_auth_client, "xAuthClient")?;
    optional_options(options, "options", &["urlMode"])?;
    let mode = enum_option::<UrlMode>(options, "urlMode", "options")?.unwrap_or_default();
    canonical_request_in(&method, &url, &body, &content_type, &api_key, mode, &JS_HOST)
}

/// FaceVerify `x-hmac-signature`, with the provider's Node sample's positional arguments.
#[wasm_bindgen(js_name = generateHmac)]
pub fn generate_hmac(
    http_method: JsValue,
    url: JsValue,
    body: JsValue,
    content_type: JsValue,
    x_auth_client: JsValue,
    secret_key: JsValue,
    options: JsValue,
) -> core::result::Result<String, JsValue> {
    export((|| {
        let message = faceverify_canonical(&http_method, &url, &body, &content_type, &x_auth_client, &options)?;
        let secret = secret_bytes(&secret_key, "secretKey")?;
        Ok(hmac_signature(&secret, &message))
    })())
}

/// The exact FaceVerify string that would be signed. Body bytes that are not
/// UTF-8 are shown as U+FFFD (the signature itself covers the real bytes).
#[wasm_bindgen(js_name = canonicalString)]
pub fn canonical_string(
    http_method: JsValue,
    url: JsValue,
    body: JsValue,
    content_type: JsValue,
    x_auth_client: JsValue,
    options: JsValue,
) -> core::result::Result<String, JsValue> {
    export((|| {
        let message = faceverify_canonical(&http_method, &url, &body, &content_type, &x_auth_client, &options)?;
        Ok(String::from_utf8_lossy(&message).into_owned())
    })())
}

/// The JSON body of a session-creation request, byte-identical to
/// `JSON.stringify` of the same fields in the documented order.
#[wasm_bindgen(js_name = buildSessionBody)]
pub fn build_session_body(options: JsValue) -> core::result::Result<String, JsValue> {
    export((|| {
        if !is_plain_object(&options) {
            return Err(wrong_type("options", "a plain object", &options));
        }
        build_body(to_value(&options, "", 0)?, &JS_HOST)
    })())
}

const SIGN_REQUEST_KEYS: &[&str] =
    &["provider", "method", "url", "body", "apiKey", "secret", "contentType", "scheme", "urlMode"];
const SIGNER_KEYS: &[&str] = &["provider", "apiKey", "secret", "scheme", "urlMode"];
const SIGNER_REQUEST_KEYS: &[&str] = &["method", "url", "body", "contentType"];

/// Reads `provider`, `apiKey`, `secret`, `scheme` and `urlMode` into a signer.
fn signer_from_options(options: &JsValue) -> Result<Signer> {
    let provider: Provider = required_string(&property(options, "provider", "")?, "provider")?.parse()?;
    let api_key = required_string(&property(options, "apiKey", "")?, "apiKey")?;
    let secret = secret_bytes(&property(options, "secret", "")?, "secret")?;
    let provider_options = ProviderOptions {
        scheme: enum_option::<VeriffScheme>(options, "scheme", "")?,
        url_mode: enum_option::<UrlMode>(options, "urlMode", "")?,
    };
    Ok(Signer::with_options(provider, &api_key, &secret, provider_options)?.with_host(&JS_HOST))
}

/// Signs `{ method, url, body?, contentType? }` and returns `{ method, url, headers, body }`.
fn sign_with(signer: &Signer, request: &JsValue) -> Result<JsValue> {
    let field = |key: &str| property(request, key, "");
    let method = required_string(&field("method")?, "method")?;
    let url_value = field("url")?;
    let url = required_string(&url_value, "url")?;
    let body_value = field("body")?;
    let body = if body_value.is_undefined() { None } else { Some(bytes(&body_value, "body")?) };
    let content_type_value = field("contentType")?;
    let content_type =
        if content_type_value.is_undefined() { None } else { Some(required_string(&content_type_value, "contentType")?) };
    let signed = signer.sign_parts(&method, &url, body.as_deref(), content_type.as_deref())?;

    let headers = Object::new();
    for (name, value) in &signed.headers {
        let _ = Reflect::set(&headers, &(*name).into(), &value.into());
    }
    let result = Object::new();
    let _ = Reflect::set(&result, &"method".into(), &signed.method.into());
    let _ = Reflect::set(&result, &"url".into(), &url_value);
    let _ = Reflect::set(&result, &"headers".into(), &headers);
    if !body_value.is_undefined() {
        // The very value that was signed: never re-serialised.
        let _ = Reflect::set(&result, &"body".into(), &body_value);
    }
    Ok(result.into())
}

/// Signs a request and returns `{ method, url, headers, body }`, ready for `fetch(r.url, r)`.
#[wasm_bindgen(js_name = signRequest)]
pub fn sign_request_js(options: JsValue) -> core::result::Result<JsValue, JsValue> {
    export((|| {
        check_known_keys(&option_keys(&options, "options")?, SIGN_REQUEST_KEYS, "")?;
        sign_with(&signer_from_options(&options)?, &options)
    })())
}

/// Credentials with the HMAC key computed once, for signing many requests.
#[wasm_bindgen(js_name = Signer)]
pub struct JsSigner {
    inner: Signer,
}

/// Creates a reusable signer from `{ provider, apiKey, secret, scheme?, urlMode? }`.
#[wasm_bindgen(js_name = createSigner)]
pub fn create_signer(options: JsValue) -> core::result::Result<JsSigner, JsValue> {
    export((|| {
        check_known_keys(&option_keys(&options, "options")?, SIGNER_KEYS, "")?;
        Ok(JsSigner { inner: signer_from_options(&options)? })
    })())
}

#[wasm_bindgen(js_class = Signer)]
impl JsSigner {
    /// Same result as `signRequest` with this signer's credentials.
    pub fn sign(&self, request: JsValue) -> core::result::Result<JsValue, JsValue> {
        export((|| {
            check_known_keys(&option_keys(&request, "request")?, SIGNER_REQUEST_KEYS, "")?;
            sign_with(&self.inner, &request)
        })())
    }

    /// Hex HMAC-SHA256 of `payload` (a string or Uint8Array) with this signer's secret.
    pub fn hmac(&self, payload: JsValue) -> core::result::Result<String, JsValue> {
        export(bytes(&payload, "payload").map(|payload| self.inner.hmac(&payload)))
    }
}

// ---------------------------------------------------------------- verification

/// The raw bytes of a received body. A parsed object is refused with the
/// reason: re-serialising it would not give back the bytes that were signed.
fn raw_body(value: &JsValue, path: &str) -> Result<Vec<u8>> {
    if is_plain_object(value) || is_array(value) {
        return Err(Error::new(
            ErrorCode::BodyNotRaw,
            path,
            format!(
                "expected the raw request body (a string, Buffer or Uint8Array), got {}. It looks already parsed \
                 by a JSON body parser; re-serialising changes its bytes, so the signature cannot be checked. \
                 Read the body raw for this route (e.g. express.raw({{ type: 'application/json' }}))",
                describe(value)
            ),
        ));
    }
    if value.is_instance_of::<js_sys::ArrayBuffer>() {
        return uint8_array_bytes(value, path);
    }
    bytes(value, path)
}

/// One secret, or an array of them for key rotation.
fn secrets_arg(value: &JsValue, path: &str) -> Result<Vec<Zeroizing<Vec<u8>>>> {
    if !is_array(value) {
        return Ok(vec![secret_bytes(value, path)?]);
    }
    let length = property(value, "length", path)?.as_f64().unwrap_or(0.0) as u32;
    if length == 0 {
        return Err(Error::new(ErrorCode::Empty, path, "is an empty array; pass at least one secret"));
    }
    if length > 64 {
        return Err(Error::new(ErrorCode::TooLong, path, format!("holds {length} secrets; a rotation needs a few")));
    }
    (0..length)
        .map(|i| {
            let item_path = join_path(path, &format!("[{i}]"));
            let item = Reflect::get_u32(value, i)
                .map_err(|_| Error::new(ErrorCode::InvalidType, item_path.as_str(), "reading this element threw"))?;
            secret_bytes(&item, &item_path)
        })
        .collect()
}

/// Every value of the header `name` (case-insensitive) in a `Headers`
/// instance, a plain object, or Node's `IncomingHttpHeaders` (array values too).
fn header_values(headers: &JsValue, name: &str) -> Result<Vec<String>> {
    let getter = property(headers, "get", "headers").unwrap_or(JsValue::UNDEFINED);
    if let Some(get) = getter.dyn_ref::<js_sys::Function>() {
        if !is_plain_object(headers) {
            let value = get
                .call1(headers, &JsValue::from_str(name))
                .map_err(|_| Error::new(ErrorCode::InvalidType, "headers", "headers.get() threw"))?;
            return Ok(value.as_string().into_iter().collect());
        }
    }
    let mut values = Vec::new();
    for key in option_keys(headers, "headers")? {
        if !key.eq_ignore_ascii_case(name) {
            continue;
        }
        let value = property(headers, &key, "headers")?;
        if is_array(&value) {
            // A header is sent a handful of times at most; a huge sparse array is not a header.
            let length = (property(&value, "length", "headers")?.as_f64().unwrap_or(0.0) as u32).min(64);
            values.extend((0..length).filter_map(|i| Reflect::get_u32(&value, i).ok()?.as_string()));
        } else if let Some(text) = value.as_string() {
            values.push(text);
        }
    }
    Ok(values)
}

const VERIFY_SIGNATURE_KEYS: &[&str] = &["payload", "signature", "secrets", "scheme"];

/// Whether `signature` is the full Veriff signature of `payload` for any of
/// `secrets`. A malformed signature is `false`, never an exception.
#[wasm_bindgen(js_name = verifySignature)]
pub fn verify_signature_js(options: JsValue) -> core::result::Result<bool, JsValue> {
    export((|| {
        check_known_keys(&option_keys(&options, "options")?, VERIFY_SIGNATURE_KEYS, "")?;
        let payload = raw_body(&property(&options, "payload", "")?, "payload")?;
        verify_signature_of(&payload, &options)
    })())
}

/// The rest of `verifySignature` once the payload is read.
fn verify_signature_of(payload: &[u8], options: &JsValue) -> Result<bool> {
    let secrets = secrets_arg(&property(options, "secrets", "")?, "secrets")?;
    let scheme = enum_option::<VeriffScheme>(options, "scheme", "")?.unwrap_or_default();
    // A hostile or missing header value is simply not a match.
    let signature = property(options, "signature", "")?.as_string().unwrap_or_default();
    Ok(kyc_sign::verify_signature(payload, &signature, &secrets, scheme))
}

const VERIFY_WEBHOOK_KEYS: &[&str] = &["headers", "body", "secrets", "apiKey"];

/// Verifies a Veriff webhook and returns its parsed JSON payload.
#[wasm_bindgen(js_name = verifyWebhook)]
pub fn verify_webhook_js(options: JsValue) -> core::result::Result<JsValue, JsValue> {
    export((|| {
        check_known_keys(&option_keys(&options, "options")?, VERIFY_WEBHOOK_KEYS, "")?;
        let headers = webhook_headers(&options)?;
        let body = raw_body(&property(&options, "body", "")?, "body")?;
        verify_webhook_of(&body, &headers, &options)
    })())
}

fn webhook_headers(options: &JsValue) -> Result<JsValue> {
    checked_headers(property(options, "headers", "")?)
}

fn checked_headers(headers: JsValue) -> Result<JsValue> {
    if !headers.is_object() {
        return Err(wrong_type("headers", "a Headers instance or a headers object", &headers));
    }
    Ok(headers)
}

/// The rest of `verifyWebhook` once the headers and body are read.
fn verify_webhook_of(body: &[u8], headers: &JsValue, options: &JsValue) -> Result<JsValue> {
    let secrets = secrets_arg(&property(options, "secrets", "")?, "secrets")?;
    let api_key = property(options, "apiKey", "")?;
    if !api_key.is_undefined() {
        let expected = required_string(&api_key, "apiKey")?;
        let sent = header_values(headers, "x-auth-client")?;
        if !sent.iter().any(|value| value.trim() == expected) {
            return Err(Error::new(
                ErrorCode::AuthClientMismatch,
                "headers",
                "X-AUTH-CLIENT is missing or is not the expected API key: is this webhook for another integration?",
            ));
        }
    }
    let signatures = header_values(headers, "x-hmac-signature")?;
    let signatures: Vec<&str> = signatures.iter().map(String::as_str).collect();
    kyc_sign::verify_webhook(body, &signatures, &secrets)?;
    let text = core::str::from_utf8(body)
        .map_err(|_| Error::new(ErrorCode::InvalidJson, "body", "the signature is valid but the body is not UTF-8 JSON"))?;
    js_sys::JSON::parse(text)
        .map_err(|_| Error::new(ErrorCode::InvalidJson, "body", "the signature is valid but the body is not JSON"))
}

const SIGN_WEBHOOK_KEYS: &[&str] = &["body", "secret", "apiKey"];

/// Headers Veriff would send with `body`, for testing webhook handlers:
/// `content-type`, `x-auth-client` (when `apiKey` is given) and `x-hmac-signature`.
#[wasm_bindgen(js_name = signWebhook)]
pub fn sign_webhook_js(options: JsValue) -> core::result::Result<JsValue, JsValue> {
    export((|| {
        check_known_keys(&option_keys(&options, "options")?, SIGN_WEBHOOK_KEYS, "")?;
        let body = raw_body(&property(&options, "body", "")?, "body")?;
        sign_webhook_of(&body, &options)
    })())
}

/// The rest of `signWebhook` once the body is read.
fn sign_webhook_of(body: &[u8], options: &JsValue) -> Result<JsValue> {
    let secret = secret_bytes(&property(options, "secret", "")?, "secret")?;
    let api_key = property(options, "apiKey", "")?;
    let headers = Object::new();
    let set = |name: &str, value: &str| {
        let _ = Reflect::set(&headers, &name.into(), &value.into());
    };
    set("content-type", "application/json");
    if !api_key.is_undefined() {
        set("x-auth-client", &required_string(&api_key, "apiKey")?);
    }
    set("x-hmac-signature", &hmac_signature(&secret, body));
    Ok(headers.into())
}

// ---------------------------------------------------------------- fast paths
//
// The package's JS entry writes well-formed strings and byte arrays straight
// into one reusable input buffer in wasm memory (`TextEncoder.encodeInto`),
// instead of wasm-bindgen's per-character copy, and calls these. They are not
// public API: anything unusual (a lone surrogate, a wrong type) takes the
// checked exports above, which produce the coded errors.

thread_local! {
    static INPUT: core::cell::RefCell<Vec<u8>> = const { core::cell::RefCell::new(Vec::new()) };
    static OUTPUT: core::cell::RefCell<[u8; 2 * TAG_LEN]> = const { core::cell::RefCell::new([0; 2 * TAG_LEN]) };
}

/// Where the fast paths leave a signature: 64 hex digits the JS entry reads
/// as text, instead of a `String` allocated, handed over and freed per call.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycOutput)]
pub fn fast_output() -> *const u8 {
    OUTPUT.with_borrow(|output| output.as_ptr())
}

/// Writes `tag` to the output as hex; `false` (nothing written) sends the
/// call to the checked export.
fn emit(tag: Option<[u8; TAG_LEN]>) -> bool {
    let Some(tag) = tag else { return false };
    OUTPUT.with_borrow_mut(|output| *output = tag_hex(&tag));
    true
}

/// The module's memory, for the JS entry to write into.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycMemory)]
pub fn fast_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Makes the input buffer at least `len` bytes (keeping what it holds) and
/// returns its address. It only grows, so the zero-fill is paid once per size.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycReserve)]
pub fn fast_reserve(len: usize) -> *const u8 {
    // Busy when JS code run by a fast export (a replaced URL or Date.now)
    // calls back in: a null pointer sends that call to the checked export.
    INPUT.with(|cell| {
        let Ok(mut input) = cell.try_borrow_mut() else { return core::ptr::null() };
        let input = &mut *input;
        if input.len() < len {
            // Grow by hand: a reallocation would free the old block, which may
            // hold a secret written first, without wiping it. Fallibly: an
            // absurd length is a null pointer for the JS side, not an abort.
            let mut grown = Vec::new();
            if grown.try_reserve_exact(len).is_err() {
                return core::ptr::null();
            }
            grown.resize(len, 0);
            if let Some(prefix) = grown.get_mut(..input.len()) {
                prefix.copy_from_slice(input);
            }
            zeroize::Zeroize::zeroize(input);
            *input = grown;
        }
        input.as_ptr()
    })
}

/// Runs `f` on the first `key_len` bytes (a secret, wiped afterwards) and the
/// next `message_len` bytes of the input buffer.
fn with_input<T>(key_len: usize, message_len: usize, f: impl FnOnce(&[u8], &[u8]) -> T) -> Option<T> {
    INPUT.with(|cell| {
        let mut input = cell.try_borrow_mut().ok()?; // busy: see fast_reserve
        let (key, rest) = input.split_at_mut_checked(key_len)?;
        let result = rest.get(..message_len).map(|message| f(key, message));
        zeroize::Zeroize::zeroize(key);
        scrub_stack();
        result
    })
}

/// Splits the input buffer after its `key_len`-byte secret into five fields
/// of the given lengths and runs `f` on them.
fn with_fields<T>(key_len: usize, lengths: [usize; 5], f: impl FnOnce(&[u8], [&[u8]; 5]) -> Option<T>) -> Option<T> {
    let total = lengths.iter().try_fold(0usize, |sum, len| sum.checked_add(*len))?;
    with_input(key_len, total, |key, mut rest| {
        let mut fields = [&[][..]; 5];
        for (field, len) in fields.iter_mut().zip(lengths) {
            (*field, rest) = rest.split_at_checked(len)?;
        }
        f(key, fields)
    })
    .flatten()
}

/// HMAC-SHA256 hex of the input buffer's message under its key.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycHmac)]
pub fn fast_hmac(key_len: usize, message_len: usize) -> bool {
    emit(with_input(key_len, message_len, |key, message| HmacKey::new(key).tag(message)))
}

/// Veriff legacy hex: SHA-256 of the input buffer's message, then its key.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycLegacy)]
pub fn fast_legacy(key_len: usize, message_len: usize) -> bool {
    emit(with_input(key_len, message_len, |key, message| VeriffScheme::Legacy.tag(message, key)))
}

#[wasm_bindgen(js_class = Signer)]
impl JsSigner {
    /// HMAC hex of the first `message_len` bytes of the input buffer.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __hmacInput)]
    pub fn fast_hmac(&self, message_len: usize) -> bool {
        emit(with_input(0, message_len, |_, message| self.inner.hmac_tag(message)))
    }
}

/// FaceVerify `generateHmac` over the input buffer, which holds, in order,
/// the secret, method, URL, body, content type and API key. `None` when the
/// checked export must run instead (to produce the coded error).
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycFaceVerify)]
pub fn fast_faceverify(
    key_len: usize,
    method_len: usize,
    url_len: usize,
    body_len: usize,
    content_type_len: usize,
    api_key_len: usize,
    raw_mode: bool,
) -> bool {
    let lengths = [method_len, url_len, body_len, content_type_len, api_key_len];
    emit(faceverify_pieces(key_len, lengths, raw_mode, |key, pieces| HmacKey::new(key).tag_pieces(&pieces)))
}

/// FaceVerify `canonicalString` over the input buffer, which holds, in
/// order, the method, URL, body, content type and API key.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycCanonical)]
pub fn fast_canonical(
    method_len: usize,
    url_len: usize,
    body_len: usize,
    content_type_len: usize,
    api_key_len: usize,
    raw_mode: bool,
) -> Option<String> {
    let lengths = [method_len, url_len, body_len, content_type_len, api_key_len];
    faceverify_pieces(0, lengths, raw_mode, |_, pieces| String::from_utf8_lossy(&pieces.concat()).into_owned())
}

/// Reads a FaceVerify request from the input buffer (a `key_len`-byte
/// secret, then method, URL, body, content type and API key) and hands `f`
/// the secret and the pieces of the canonical string.
fn faceverify_pieces<T>(
    key_len: usize,
    lengths: [usize; 5],
    raw_mode: bool,
    f: impl FnOnce(&[u8], [&[u8]; 11]) -> T,
) -> Option<T> {
    with_fields(key_len, lengths, |key, [method, url, body, content_type, api_key]| {
        let text = |bytes| core::str::from_utf8(bytes).ok();
        let mode = if raw_mode { UrlMode::Raw } else { UrlMode::Whatwg };
        let method = canonical_method(text(method)?).ok()?;
        let lines = request_lines(&method, text(url)?, mode, &JS_HOST).ok()?;
        Some(f(key, lines.pieces(text(api_key)?, text(content_type)?, body)))
    })
}

/// `buildSessionBody` over the input buffer, which holds `JSON.stringify` of
/// the options (the JS side sends only options that survive it unchanged).
/// `None` when the checked export must run instead, for its coded error.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycBuildBody)]
pub fn fast_build_body(json_len: usize) -> Option<String> {
    with_input(0, json_len, |_, json| {
        let options = Value::from_json(core::str::from_utf8(json).ok()?)?;
        build_body(options, &JS_HOST).ok()
    })
    .flatten()
}

/// The verification exports with the body (`payload` or `body`) already in
/// the input buffer, `body_len` bytes; the other options are read as the
/// checked exports read them, and the body property is not read again.
/// `undefined` sends the call to the checked export.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycVerifySignature)]
pub fn fast_verify_signature(body_len: usize, options: JsValue) -> core::result::Result<Option<bool>, JsValue> {
    with_body_in_input(&options, VERIFY_SIGNATURE_KEYS, body_len, |payload| verify_signature_of(payload, &options))
}

/// [`fast_verify_signature`] for `verifyWebhook`.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycVerifyWebhook)]
/// `headers` is `options.headers`, read by the JS entry before the body, as
/// the checked export reads it.
pub fn fast_verify_webhook(
    body_len: usize,
    options: JsValue,
    headers: JsValue,
) -> core::result::Result<Option<JsValue>, JsValue> {
    with_body_in_input(&options, VERIFY_WEBHOOK_KEYS, body_len, |body| {
        verify_webhook_of(body, &checked_headers(headers)?, &options)
    })
}

/// [`fast_verify_signature`] for `signWebhook`.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycSignWebhook)]
pub fn fast_sign_webhook(body_len: usize, options: JsValue) -> core::result::Result<Option<JsValue>, JsValue> {
    with_body_in_input(&options, SIGN_WEBHOOK_KEYS, body_len, |body| sign_webhook_of(body, &options))
}

fn with_body_in_input<T>(
    options: &JsValue,
    keys: &[&str],
    body_len: usize,
    f: impl FnOnce(&[u8]) -> Result<T>,
) -> core::result::Result<Option<T>, JsValue> {
    export((|| {
        check_known_keys(&option_keys(options, "options")?, keys, "")?;
        with_input(0, body_len, |_, body| f(body)).transpose()
    })())
}

/// Reads the input buffer's `[secret, method, url, body, contentType, apiKey]`
/// (their lengths in that order) and signs the request; `None` sends the call
/// to the checked export, for its coded error.
fn fast_sign_input(lengths: [usize; 6], sign: impl FnOnce(&[u8], [&[u8]; 5]) -> Option<SignedHeaders>) -> Option<String> {
    let [key_len, rest @ ..] = lengths;
    let signed = with_fields(key_len, rest, sign)?;
    // Header names and values are ASCII without line breaks (checked when signing).
    let mut encoded = signed.method;
    for (name, value) in &signed.headers {
        encoded.push('\n');
        encoded.push_str(name);
        encoded.push('\n');
        encoded.push_str(value);
    }
    Some(encoded)
}

/// Signs one request from the input buffer with a one-shot signer:
/// `provider` 0 Veriff / 1 FaceVerify, `legacy` and `raw_mode` as flags.
/// Returns `METHOD\nname\nvalue…`.
#[doc(hidden)]
#[wasm_bindgen(js_name = __kycSignRequest)]
#[allow(clippy::too_many_arguments)]
pub fn fast_sign_request(
    key_len: usize,
    method_len: usize,
    url_len: usize,
    body_len: usize,
    content_type_len: usize,
    api_key_len: usize,
    faceverify: bool,
    legacy: bool,
    raw_mode: bool,
    has_body: bool,
) -> Option<String> {
    let lengths = [key_len, method_len, url_len, body_len, content_type_len, api_key_len];
    fast_sign_input(lengths, |key, [method, url, body, content_type, api_key]| {
        let text = |bytes| core::str::from_utf8(bytes).ok();
        let provider = if faceverify { Provider::FACEVERIFY } else { Provider::VERIFF };
        let options = ProviderOptions {
            scheme: (!faceverify).then_some(if legacy { VeriffScheme::Legacy } else { VeriffScheme::Hmac }),
            url_mode: faceverify.then_some(if raw_mode { UrlMode::Raw } else { UrlMode::Whatwg }),
        };
        let signer = Signer::with_options(provider, text(api_key)?, key, options).ok()?.with_host(&JS_HOST);
        signer.sign_parts(text(method)?, text(url)?, has_body.then_some(body), Some(text(content_type)?)).ok()
    })
}

#[wasm_bindgen(js_class = Signer)]
impl JsSigner {
    /// Signs `[method, url, body, contentType]` from the input buffer with
    /// this signer; `METHOD\nname\nvalue…`, or `None` for the checked path.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __signInput)]
    pub fn fast_sign(
        &self,
        method_len: usize,
        url_len: usize,
        body_len: usize,
        content_type_len: usize,
        has_body: bool,
    ) -> Option<String> {
        let lengths = [0, method_len, url_len, body_len, content_type_len, 0];
        fast_sign_input(lengths, |_, [method, url, body, content_type, _]| {
            let text = |bytes| core::str::from_utf8(bytes).ok();
            self.inner.sign_parts(text(method)?, text(url)?, has_body.then_some(body), Some(text(content_type)?)).ok()
        })
    }
}
