//! The settings a page link carries.

use infoplane::page_state::PageState;
use infoplane::train::Mode;

#[test]
fn a_link_round_trips_every_setting() {
    let mut state = PageState::default();
    state.config.train.mode = Mode::LayerwiseSeq;
    state.config.model.hidden_widths = vec![3, 9];
    state.config.seed = 12345;
    state.compare = true;
    state.speed = 17;
    let back = PageState::from_json(&state.to_json()).unwrap();
    assert_eq!(back, state);
}

#[test]
fn malformed_or_invalid_links_are_explained() {
    let error = PageState::from_json("{not json").unwrap_err();
    assert!(error.contains("could not be read"), "{error}");
    let mut state = PageState::default();
    state.config.model.hidden_widths = vec![4, 0];
    let error = PageState::from_json(&state.to_json()).unwrap_err();
    assert!(error.contains("hidden layer 2"), "{error}");
}

#[test]
fn missing_fields_take_defaults() {
    let state = PageState::from_json(r#"{"compare": true}"#).unwrap();
    assert!(state.compare);
    assert_eq!(state.config, PageState::default().config);
    let state = PageState::from_json(r#"{"speed": 1000}"#).unwrap();
    assert_eq!(state.speed, infoplane::page_state::MAX_SPEED);
}
