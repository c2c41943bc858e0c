//! Exports Rust's shadow-stack pointer from the module. The JS entry puts it
//! back where it rests before each outermost call: a call the engine stopped
//! midway (its stack ran out) never restores it, and enough such stops would
//! otherwise exhaust that stack for good.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--export=__stack_pointer");
    }
}
