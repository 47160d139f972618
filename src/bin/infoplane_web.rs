//! The page's binary, built by trunk for wasm32.

#[cfg(target_family = "wasm")]
unsafe extern "C" {
    /// The static constructors, synthesised by wasm-ld (here: the
    /// `inventory` registrations of burn's cubecl dependencies).
    fn __wasm_call_ctors();
}

#[cfg(target_family = "wasm")]
fn main() {
    // A binary is linked as a wasm "command": unless the program runs its
    // constructors itself, wasm-ld wraps *every* export so that each call
    // runs them again. Every call from JavaScript into the module (each
    // canvas colour string, each closure) then re-ran them: 60 % of the
    // page's time while drawing (see BENCHMARKS.md). Referencing them here
    // turns the wrapping off; they run once, now, before anything uses them.
    // SAFETY: called once, first, before any code that reads what they set up.
    unsafe { __wasm_call_ctors() };
    infoplane::web::start();
}

#[cfg(not(target_family = "wasm"))]
fn main() {
    eprintln!(
        "infoplane-web is the browser page: build and serve it with `scripts/serve.sh` (trunk)."
    );
    std::process::exit(2);
}
