//! The page's binary, built by trunk for wasm32.

#[cfg(target_family = "wasm")]
fn main() {
    infoplane::web::start();
}

#[cfg(not(target_family = "wasm"))]
fn main() {
    eprintln!(
        "infoplane-web is the browser page: build and serve it with `scripts/serve.sh` (trunk)."
    );
    std::process::exit(2);
}
