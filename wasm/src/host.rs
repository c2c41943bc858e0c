//! The core's [`Host`] in JavaScript: the runtime's own `Date.now()` and
//! `URL` (in Node the very parser of the provider's sample, in a browser
//! the one `fetch` sends with), looked up at each call as user code sees them.

use kyc_sign::url::WhatwgUrl;
use kyc_sign::Host;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Date, js_name = now)]
    fn date_now() -> Result<f64, JsValue>;

    #[wasm_bindgen(js_name = URL)]
    type HostUrl;

    #[wasm_bindgen(catch, constructor, js_class = "URL")]
    fn new(url: &str) -> Result<HostUrl, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn protocol(this: &HostUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn hostname(this: &HostUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn pathname(this: &HostUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, method, getter)]
    fn search(this: &HostUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = searchParams)]
    fn search_params(this: &HostUrl) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_name = String)]
    fn js_string(value: &JsValue) -> Result<JsValue, JsValue>;

    /// The entry's reader of `get()`-able arguments (`Headers`, `Map`): `get(index, name)`.
    #[derive(Clone)]
    pub type Gettables;
    #[wasm_bindgen(catch, method)]
    fn get(this: &Gettables, index: u32, name: &str) -> Result<Option<String>, JsValue>;
}

thread_local! {
    static GETTABLES: core::cell::Cell<Option<Gettables>> = const { core::cell::Cell::new(None) };
}

/// Called once by the entry: how to read an argument described as `{"g": index}`.
#[wasm_bindgen(js_name = setGettables)]
pub fn set_gettables(gettables: Gettables) {
    crate::with_taken(&GETTABLES, |slot| *slot = Some(gettables));
}

/// `headers.get(name)` of the call's gettable argument `index`: its value
/// when it is a string; a `get` that throws is a coded error about `headers`.
pub fn header(index: u32, name: &str) -> kyc_sign::Result<Option<String>> {
    let Some(gettables) = crate::with_taken(&GETTABLES, |slot| slot.clone()) else {
        return Ok(None);
    };
    gettables
        .get(index, name)
        .map_err(|_| kyc_sign::Error::new(kyc_sign::ErrorCode::InvalidType, "headers", "headers.get() threw"))
}

/// The runtime's clock and URL parser.
pub struct JsHost;

/// The one host every signer of the binding uses.
pub static JS_HOST: JsHost = JsHost;

impl Host for JsHost {
    /// `Date.now()`; NaN (refused as a timestamp) if a test double throws: a
    /// JS exception must never unwind through Rust frames.
    fn now_ms(&self) -> f64 {
        date_now().unwrap_or(f64::NAN)
    }

    fn parse_url(&self, url: &str) -> Result<WhatwgUrl, String> {
        read_url(url).ok_or_else(|| "the URL parser refused it".to_owned())
    }
}

/// What `new URL(url)` reports, or `None` if anything about it throws.
fn read_url(url: &str) -> Option<WhatwgUrl> {
    let parsed = HostUrl::new(url).ok()?;
    let protocol = parsed.protocol().ok()?;
    let search = parsed.search().ok()?;
    let search_params = js_string(&parsed.search_params().ok()?).ok()?.as_string()?;
    Some(WhatwgUrl {
        scheme: protocol.strip_suffix(':').unwrap_or(&protocol).to_owned(),
        has_host: !parsed.hostname().ok()?.is_empty(),
        path: parsed.pathname().ok()?,
        query: search.strip_prefix('?').unwrap_or(&search).to_owned(),
        search_params,
    })
}
