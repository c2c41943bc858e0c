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

use std::cell::Cell;
use std::thread::LocalKey;

use kyc_sign::mac::scrub_stack;
use kyc_sign::{Error, Result};
use wasm_bindgen::prelude::*;
use zeroize::Zeroize;

use args::Arg;

thread_local! {
    /// One input buffer per nesting depth; each only grows.
    static INPUTS: Cell<Vec<Vec<u8>>> = const { Cell::new(Vec::new()) };
    /// The last call's answer, or its error as JSON.
    static OUTPUT: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Runs `f` on the state in `key`, taken out of its cell for the time. Not a
/// `RefCell`: when the engine stops a call midway (its stack or memory ran
/// out), no borrow is left behind to refuse every later call; at worst the
/// state is empty, and the next call builds it again (the entry asks for its
/// buffers afresh after such a stop, and puts Rust's stack pointer back).
/// What a stop does leak: the buffers it held. `f` must not call out to
/// JavaScript.
pub(crate) fn with_taken<T: Default, R>(key: &'static LocalKey<Cell<T>>, f: impl FnOnce(&mut T) -> R) -> R {
    key.with(|cell| {
        let mut value = cell.take();
        let result = f(&mut value);
        cell.set(value);
        result
    })
}

/// Makes the input buffer of `depth` at least `len` bytes and returns its
/// address (0 when it cannot grow that far: the entry then reports the
/// argument as too large). It only grows, so the zero-fill is paid once.
#[wasm_bindgen]
pub fn reserve(depth: usize, len: usize) -> usize {
    with_taken(&INPUTS, |inputs| {
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
    with_taken(&OUTPUT, |output| output.as_ptr() as usize)
}

/// The module's own exports, for the entry to read Rust's shadow-stack
/// pointer from (`__stack_pointer`, exported by build.rs).
#[wasm_bindgen(js_name = instanceExports)]
pub fn instance_exports() -> JsValue {
    wasm_bindgen::exports()
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
        // Flat calls carry at most six positional slots; later arguments are absent.
        let arity = arity.min(self.lengths.len());
        let used = if self.json_len == 0 {
            self.lengths.iter().take(arity).sum::<usize>()
        } else {
            self.lengths[0].saturating_add(self.json_len)
        };
        let Some(input) = take_input(self.depth, used) else {
            return BUFFER_LOST;
        };
        let outcome = match self.decode(&input, arity) {
            Some(args) => f(&args),
            None => Err(internal()),
        };
        put_back(self.depth, input, used);
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

/// The input buffer of `depth`, out of the list while the call uses it;
/// `None` when it is missing or shorter than the `used` bytes the entry
/// wrote: a call the engine stopped took it (see [`with_taken`]), and the
/// entry reserves and writes again. Not inlined: every export shares it.
#[inline(never)]
fn take_input(depth: usize, used: usize) -> Option<Vec<u8>> {
    with_taken(&INPUTS, |inputs| inputs.get_mut(depth).filter(|input| input.len() >= used).map(core::mem::take))
}

/// Wipes the `used` part of a call's input (any slot may be a secret) and
/// puts it back for the next call at `depth`, even if the list was emptied
/// meanwhile. A plain fill, not zeroize's byte-by-byte volatile writes
/// (0.2 ms instead of several for a 5 MiB body): the buffer is kept and read
/// again, so the stores cannot be elided.
#[inline(never)]
fn put_back(depth: usize, mut input: Vec<u8>, used: usize) {
    let used = used.min(input.len());
    if let Some(written) = input.get_mut(..used) {
        written.fill(0);
    }
    with_taken(&INPUTS, |inputs| {
        if inputs.len() <= depth {
            inputs.resize_with(depth + 1, Vec::new);
        }
        inputs[depth] = input;
    });
}

/// What an export answers when the buffer the entry wrote into is gone.
const BUFFER_LOST: i32 = i32::MIN;

/// Not a user's mistake: the entry wrote something it never writes.
fn internal() -> Error {
    Error::new(kyc_sign::ErrorCode::InvalidValue, "", "the arguments could not be read (an internal error)")
}

/// Leaves the answer, or the error as `{"code","path","message","class"}`,
/// in the output, and returns its length: as is for an answer, as
/// `-1 - length` for an error. The output buffer is kept for the next
/// answer; the entry asks for its address ([`output`]) after each call.
fn respond(outcome: Result<Vec<u8>>) -> i32 {
    let (is_error, bytes) = match outcome {
        Ok(bytes) => (false, bytes),
        Err(error) => (true, error_json(&error).into_bytes()),
    };
    let length = with_taken(&OUTPUT, |output| {
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
