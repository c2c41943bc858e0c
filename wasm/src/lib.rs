//! The WebAssembly binding of kyc-sign: it converts arguments and errors,
//! and nothing else. Every check and every signature is the core's (the
//! `kyc-sign` crate at the repository's root).
//!
//! A call from the package's JS entry (`pkg-template/api.js`) goes:
//! 1. the entry writes the arguments' strings and bytes into the input
//!    buffer ([`reserve`]) and, unless they are plain positional strings,
//!    a JSON tree describing the rest ([`args`]);
//! 2. it calls one export with numbers only: where the input is, and how long;
//! 3. the export reads the arguments ([`args`]), runs the core ([`api`]),
//!    wipes what held a secret, and leaves the answer, or the error as JSON,
//!    in the output buffer ([`output`]); it returns the answer's length, or
//!    `-1 - length` for an error.
//!
//! User code can run during a call (a replaced `URL` or `Date.now` that the
//! core's [`Host`](kyc_sign::Host) calls) and call the library again: each
//! nesting depth has its own input buffer, taken out of the list while in use.

mod api;
mod args;
mod host;

use std::cell::RefCell;

use kyc_sign::mac::scrub_stack;
use kyc_sign::{Error, Result};
use wasm_bindgen::prelude::*;
use zeroize::Zeroize;

use args::Arg;

thread_local! {
    /// One input buffer per nesting depth; each only grows.
    static INPUTS: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
    /// The last call's answer, or its error as JSON.
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Makes the input buffer of `depth` at least `len` bytes and returns its
/// address (0 when it cannot grow that far: the entry then reports the
/// argument as too large). It only grows, so the zero-fill is paid once.
#[wasm_bindgen]
pub fn reserve(depth: usize, len: usize) -> usize {
    INPUTS.with(|inputs| {
        let Ok(mut inputs) = inputs.try_borrow_mut() else { return 0 };
        if inputs.len() <= depth {
            inputs.resize_with(depth + 1, Vec::new);
        }
        let Some(input) = inputs.get_mut(depth) else { return 0 };
        if input.len() < len {
            // Grow by hand, keeping what was written: a reallocation would free
            // the old block, which may hold a secret, without wiping it.
            // Fallibly: an absurd length is 0 for the entry, not an abort.
            let mut grown = Vec::new();
            if grown.try_reserve_exact(len).is_err() {
                return 0;
            }
            grown.extend_from_slice(input);
            grown.resize(len, 0);
            input.zeroize();
            *input = grown;
        }
        input.as_ptr() as usize
    })
}

/// Where the last call left its answer.
#[wasm_bindgen]
pub fn output() -> usize {
    OUTPUT.with_borrow(|output| output.as_ptr() as usize)
}

/// How long an answer can be before the output buffer moves: the entry asks
/// [`output`] again only after a longer one.
#[wasm_bindgen(js_name = outputCapacity)]
pub fn output_capacity() -> usize {
    OUTPUT.with_borrow(Vec::capacity)
}

/// The module's memory, for the entry to write into.
#[wasm_bindgen(js_name = linearMemory)]
pub fn linear_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Where an export's arguments are: the input buffer of `depth`, holding
/// either `count` positional slots of the lengths `l` (`json_len` 0; `kinds`
/// bit i set when slot i is a `Uint8Array`), or `l[0]` bytes of slots then
/// `json_len` bytes of JSON tree.
struct Input {
    depth: usize,
    kinds: u32,
    json_len: usize,
    lengths: [usize; 6],
}

impl Input {
    /// Runs `f` on the decoded arguments, then wipes the buffer's used part
    /// (any slot may be a secret) and the stack, and writes the outcome.
    fn run(&self, arity: usize, f: impl FnOnce(&[Arg<'_>]) -> Result<Vec<u8>>) -> i32 {
        let Some(mut input) = INPUTS.with(|inputs| inputs.borrow_mut().get_mut(self.depth).map(core::mem::take)) else {
            return respond(Err(internal()));
        };
        // Flat calls carry at most six positional slots; later arguments are absent.
        let arity = arity.min(self.lengths.len());
        let used = if self.json_len == 0 {
            self.lengths.iter().take(arity).sum::<usize>()
        } else {
            self.lengths[0].saturating_add(self.json_len)
        };
        let outcome = match self.decode(&input, arity) {
            Some(args) => f(&args),
            None => Err(internal()),
        };
        // Any slot may be a secret. A plain fill, not zeroize's byte-by-byte
        // volatile writes (0.2 ms instead of several for a 5 MiB body): the
        // buffer is kept and read again, so the stores cannot be elided.
        let used = used.min(input.len());
        if let Some(written) = input.get_mut(..used) {
            written.fill(0);
        }
        INPUTS.with(|inputs| {
            if let Some(slot) = inputs.borrow_mut().get_mut(self.depth) {
                *slot = input;
            }
        });
        scrub_stack();
        respond(outcome)
    }

    fn decode<'a>(&self, input: &'a [u8], arity: usize) -> Option<Vec<Arg<'a>>> {
        if self.json_len == 0 {
            return args::decode_flat(input, self.lengths.get(..arity)?, self.kinds);
        }
        args::decode_tree(input, self.lengths[0], self.json_len)
    }
}

/// Not a user's mistake: the entry wrote something it never writes.
fn internal() -> Error {
    Error::new(kyc_sign::ErrorCode::InvalidValue, "", "the arguments could not be read (an internal error)")
}

/// Leaves the answer, or the error as `{"code","path","message","class"}`,
/// in the output, and returns its length: as is for an answer, as
/// `-1 - length` for an error. The output buffer is kept, so its address
/// changes only when it grows.
fn respond(outcome: Result<Vec<u8>>) -> i32 {
    let (is_error, bytes) = match outcome {
        Ok(bytes) => (false, bytes),
        Err(error) => (true, error_json(&error).into_bytes()),
    };
    let length = OUTPUT.with_borrow_mut(|output| {
        output.clear();
        output.extend_from_slice(&bytes);
        i32::try_from(output.len()).unwrap_or(i32::MAX)
    });
    if is_error {
        -1 - length
    } else {
        length
    }
}

fn error_json(error: &Error) -> String {
    let class = error.code().class().js_name();
    let mut out = String::from("{\"code\":");
    push_json_string(&mut out, error.code().as_str());
    out.push_str(",\"path\":");
    push_json_string(&mut out, error.path());
    out.push_str(",\"message\":");
    push_json_string(&mut out, &error.to_string());
    out.push_str(",\"class\":");
    push_json_string(&mut out, class);
    out.push('}');
    out
}

fn push_json_string(out: &mut String, text: &str) {
    kyc_sign::json::write_json_string(out, text);
}

/// Declares the exports that take a call's arguments, each calling the
/// function of the same name in [`api`] with `arity` positional arguments.
macro_rules! exports {
    ($($js:literal $name:ident $arity:literal),* $(,)?) => {$(
        #[wasm_bindgen(js_name = $js)]
        #[allow(clippy::too_many_arguments)]
        pub fn $name(depth: usize, kinds: u32, json_len: usize, l0: usize, l1: usize, l2: usize, l3: usize, l4: usize, l5: usize) -> i32 {
            Input { depth, kinds, json_len, lengths: [l0, l1, l2, l3, l4, l5] }.run($arity, api::$name)
        }
    )*};
}

exports! {
    "generateSignature" generate_signature 2,
    "generateHmacSignature" generate_hmac_signature 2,
    "generateHmac" generate_hmac 7,
    "canonicalString" canonical_string 6,
    "buildSessionBody" build_session_body 1,
    "signRequest" sign_request 1,
    "createSigner" create_signer 1,
    "signerSign" signer_sign 2,
    "signerHmac" signer_hmac 2,
    "signerFree" signer_free 1,
    "verifySignature" verify_signature 1,
    "verifyWebhook" verify_webhook 1,
    "verifyResponse" verify_response 1,
    "signWebhook" sign_webhook 1,
    "explainRequest" explain_request 1,
}
