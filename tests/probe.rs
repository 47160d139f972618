//! The native result of the start-up probe, which the browser tests compare
//! against. If the engine's numbers change on purpose, regenerate with
//! `INFOPLANE_WRITE_FIXTURE=1 cargo test --test probe`.

use infoplane::backend;
use infoplane::metrics::Snapshot;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/probe_native.json"
);

#[test]
fn native_probe_matches_the_committed_fixture() {
    let snapshot = pollster::block_on(backend::probe(backend::cpu_device())).unwrap();
    assert_eq!(snapshot.epoch, backend::PROBE_EPOCHS);
    assert_eq!(snapshot.layers.len(), 3);
    if std::env::var("INFOPLANE_WRITE_FIXTURE").as_deref() == Ok("1") {
        std::fs::write(FIXTURE, serde_json::to_string_pretty(&snapshot).unwrap()).unwrap();
    }
    let committed: Snapshot =
        serde_json::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap();
    let difference = backend::max_relative_difference(&snapshot, &committed);
    assert!(
        difference < 1e-5,
        "native probe moved by {difference:e}; regenerate the fixture if intended"
    );
}
