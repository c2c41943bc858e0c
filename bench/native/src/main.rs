//! Times HMAC-SHA256 over a W2-sized body with kyc-sign's Rust core, built
//! natively. `make bench` builds it with `--cfg sha2_backend="soft"`, so the
//! CPU's SHA extensions are not used: the software limit that WebAssembly,
//! which cannot reach those instructions, is measured against.
//!
//! Usage: kyc-sign-native-bench BYTES ROUNDS; prints the median nanoseconds
//! per signature and the hex signature (checked by the caller).

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let (Some(Ok(bytes)), Some(Ok(rounds))) = (args.next(), args.next()) else {
        eprintln!("usage: kyc-sign-native-bench BYTES ROUNDS");
        std::process::exit(2);
    };
    let body = base64_like(bytes);
    let secret = b"5f7e3c1a-9b2d-4e8f-a6c4-0d1b2e3f4a5b";
    let mut times = Vec::with_capacity(rounds);
    let mut signature = String::new();
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        signature = kyc_sign::hmac_signature(secret, std::hint::black_box(&body));
        times.push(start.elapsed().as_nanos());
    }
    times.sort_unstable();
    println!("{} {}", times[times.len() / 2], signature);
}

/// The same base64-like bytes as bench/workloads.mjs's `base64Body`.
fn base64_like(size: usize) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut state: u32 = 0x9e37_79b9;
    (0..size)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            ALPHABET[(state % 64) as usize]
        })
        .collect()
}
