//! Model, training modes and session, on the CPU backend.

use burn::nn::Linear;
use burn::optim::{AdamConfig, GradientsParams};
use burn::tensor::{Tensor, TensorData};
use infoplane::backend::cpu_device;
use infoplane::config::RunConfig;
use infoplane::model::{HeadKind, Mlp, ModelConfig};
use infoplane::presets;
use infoplane::session::Session;
use infoplane::train::{self, Mode};

fn values(linear: &Linear) -> Vec<f32> {
    let mut all = linear.weight.val().into_data().try_to_vec::<f32>().unwrap();
    if let Some(bias) = &linear.bias {
        all.extend(bias.val().into_data().try_to_vec::<f32>().unwrap());
    }
    all
}

fn inputs(rows: usize, cols: usize) -> Tensor<2> {
    let data: Vec<f32> = (0..rows * cols)
        .map(|i| ((i * 37 % 101) as f32 / 50.0) - 1.0)
        .collect();
    Tensor::from_data(TensorData::new(data, [rows, cols]), &cpu_device())
}

fn one_hot(rows: usize, classes: usize) -> Tensor<2> {
    let mut data = vec![0.0f32; rows * classes];
    for row in 0..rows {
        data[row * classes + row % classes] = 1.0;
    }
    Tensor::from_data(TensorData::new(data, [rows, classes]), &cpu_device())
}

#[test]
fn forward_returns_every_hidden_layer_with_its_width() {
    let config = ModelConfig {
        hidden_widths: vec![7, 5, 3],
        ..ModelConfig::default()
    };
    let model = Mlp::new(&config, 4, 3, 1, &cpu_device()).unwrap();
    let out = model.forward(inputs(10, 4));
    let dims: Vec<[usize; 2]> = out.hidden.iter().map(|h| h.dims()).collect();
    assert_eq!(dims, vec![[10, 7], [10, 5], [10, 3]]);
    assert_eq!(out.logits.dims(), [10, 3]);
    for layer in 0..3 {
        assert_eq!(
            model.head_logits(layer, out.hidden[layer].clone()).dims(),
            [10, 3]
        );
    }

    let mlp_heads = ModelConfig {
        head: HeadKind::Mlp,
        ..config
    };
    let model = Mlp::new(&mlp_heads, 4, 3, 1, &cpu_device()).unwrap();
    let out = model.forward(inputs(10, 4));
    assert_eq!(model.head_logits(1, out.hidden[1].clone()).dims(), [10, 3]);
}

#[test]
fn invalid_shapes_are_rejected_with_a_reason() {
    let zero = ModelConfig {
        hidden_widths: vec![6, 0, 6],
        ..ModelConfig::default()
    };
    let error = Mlp::new(&zero, 2, 2, 1, &cpu_device()).unwrap_err();
    assert!(error.contains("hidden layer 2"), "{error}");
    let none = ModelConfig {
        hidden_widths: vec![],
        ..ModelConfig::default()
    };
    assert!(Mlp::new(&none, 2, 2, 1, &cpu_device()).is_err());
    assert!(Mlp::new(&ModelConfig::default(), 2, 1, 1, &cpu_device()).is_err());
}

#[test]
fn same_seed_gives_the_same_network_whatever_the_head_or_mode() {
    let device = cpu_device();
    let linear_heads = Mlp::new(&ModelConfig::default(), 2, 2, 9, &device).unwrap();
    let mlp_heads = Mlp::new(
        &ModelConfig {
            head: HeadKind::Mlp,
            ..ModelConfig::default()
        },
        2,
        2,
        9,
        &device,
    )
    .unwrap();
    let other_seed = Mlp::new(&ModelConfig::default(), 2, 2, 10, &device).unwrap();
    for layer in 0..5 {
        assert_eq!(
            values(linear_heads.hidden_layer(layer)),
            values(mlp_heads.hidden_layer(layer))
        );
    }
    assert_eq!(
        values(linear_heads.classifier()),
        values(mlp_heads.classifier())
    );
    assert_ne!(
        values(linear_heads.hidden_layer(0)),
        values(other_seed.hidden_layer(0))
    );

    // A session with E2E and layer-wise runs starts both from one network.
    let config = presets::find("easy-circle").map(|p| (p.config)()).unwrap();
    let session = pollster::block_on(Session::new(
        config,
        None,
        &[Mode::E2e, Mode::Layerwise],
        device,
    ))
    .unwrap();
    let [e2e, layerwise] = session.runs() else {
        panic!("two runs expected")
    };
    for layer in 0..3 {
        assert_eq!(
            values(e2e.trainer.model().hidden_layer(layer)),
            values(layerwise.trainer.model().hidden_layer(layer))
        );
    }
}

#[test]
fn a_later_layers_local_loss_leaves_earlier_layers_unchanged() {
    let device = cpu_device();
    let model = Mlp::new(&ModelConfig::default(), 3, 2, 4, &device).unwrap();
    let before: Vec<Vec<f32>> = (0..5).map(|l| values(model.hidden_layer(l))).collect();

    let layer = 3;
    let loss = train::layer_loss(&model, layer, inputs(32, 3), one_hot(32, 2));
    let mut optimizer = AdamConfig::new().init();
    let grads = GradientsParams::from_grads(loss.backward(), &model);
    let model = optimizer.step(0.1, model, grads);

    for (earlier, weights) in before.iter().enumerate().take(layer) {
        assert_eq!(
            &values(model.hidden_layer(earlier)),
            weights,
            "layer {} moved",
            earlier + 1
        );
    }
    assert_ne!(
        values(model.hidden_layer(layer)),
        before[layer],
        "the trained layer must move"
    );
    // The same loss without detaching would have moved layer 1: E2E does.
    let model = Mlp::new(&ModelConfig::default(), 3, 2, 4, &device).unwrap();
    let loss = train::training_loss(
        &model,
        Mode::E2e,
        train::Stage::Classifier,
        inputs(32, 3),
        one_hot(32, 2),
    );
    let grads = GradientsParams::from_grads(loss.backward(), &model);
    let model = AdamConfig::new().init().step(0.1, model, grads);
    assert_ne!(values(model.hidden_layer(0)), before[0]);
}

#[test]
fn sequential_mode_trains_one_layer_at_a_time() {
    let mut config: RunConfig = presets::find("easy-circle").map(|p| (p.config)()).unwrap();
    config.train.epochs_per_stage = 2;
    let mut session = pollster::block_on(Session::new(
        config,
        None,
        &[Mode::LayerwiseSeq],
        cpu_device(),
    ))
    .unwrap();
    let before: Vec<Vec<f32>> = (0..3)
        .map(|l| values(session.runs()[0].trainer.model().hidden_layer(l)))
        .collect();
    session.train_epoch();
    session.train_epoch();
    let model = session.runs()[0].trainer.model();
    assert_ne!(values(model.hidden_layer(0)), before[0]);
    assert_eq!(values(model.hidden_layer(1)), before[1]);
    assert_eq!(values(model.hidden_layer(2)), before[2]);
    assert_eq!(session.runs()[0].trainer.stage(), train::Stage::Layer(1));

    let frozen = values(session.runs()[0].trainer.model().hidden_layer(0));
    session.train_epoch();
    let model = session.runs()[0].trainer.model();
    assert_eq!(
        values(model.hidden_layer(0)),
        frozen,
        "layer 1 is frozen in stage 2"
    );
    assert_ne!(values(model.hidden_layer(1)), before[1]);
}

#[test]
fn snapshots_record_every_layer_and_head() {
    let mut config: RunConfig = presets::find("easy-circle").map(|p| (p.config)()).unwrap();
    config.hsic.eval_samples = 64;
    let mut session = pollster::block_on(Session::new(
        config,
        None,
        &[Mode::E2e, Mode::Layerwise],
        cpu_device(),
    ))
    .unwrap();
    pollster::block_on(session.snapshot()).unwrap();
    for _ in 0..5 {
        session.train_epoch();
    }
    pollster::block_on(session.snapshot()).unwrap();
    let e2e = &session.runs()[0].history;
    let layerwise = &session.runs()[1].history;
    assert_eq!(e2e.snapshots.len(), 2);
    let last = e2e.last().unwrap();
    assert_eq!(last.epoch, 5);
    assert_eq!(last.layers.len(), 4, "3 hidden layers and the output");
    assert!(last.head_accuracy.is_empty());
    assert_eq!(layerwise.last().unwrap().head_accuracy.len(), 3);
    for snapshot in e2e.snapshots.iter().chain(&layerwise.snapshots) {
        assert!(snapshot.train_loss.is_finite() && snapshot.train_loss > 0.0);
        assert!((0.0..=1.0).contains(&snapshot.test_accuracy));
        for layer in &snapshot.layers {
            assert!(layer.nhsic_xz.is_finite() && layer.nhsic_yz.is_finite());
        }
    }
    // Training lowers the loss.
    assert!(e2e.snapshots[1].train_loss < e2e.snapshots[0].train_loss);
}

#[test]
fn a_diverging_run_is_reported_not_recorded() {
    let mut config: RunConfig = presets::find("easy-circle").map(|p| (p.config)()).unwrap();
    config.train.learning_rate = 1e30;
    config.train.optimizer = infoplane::train::OptimizerKind::Sgd;
    let mut session =
        pollster::block_on(Session::new(config, None, &[Mode::E2e], cpu_device())).unwrap();
    for _ in 0..3 {
        session.train_epoch();
    }
    let error = pollster::block_on(session.snapshot()).unwrap_err();
    assert!(error.to_string().contains("diverged"), "{error}");
    assert!(session.runs()[0].history.snapshots.is_empty());
}

/// A shortened paper preset: E2E must already be clearly ahead.
#[test]
fn e2e_beats_layerwise_on_the_hard_spiral() {
    let mut config = presets::find("paper-spiral").map(|p| (p.config)()).unwrap();
    config.train.epochs = 800;
    config.hsic.eval_samples = 64;
    let mut session = pollster::block_on(Session::new(
        config.clone(),
        None,
        &[Mode::E2e, Mode::Layerwise],
        cpu_device(),
    ))
    .unwrap();
    for _ in 0..config.train.epochs {
        session.train_epoch();
    }
    pollster::block_on(session.snapshot()).unwrap();
    let e2e = session.runs()[0].history.last().unwrap().test_accuracy;
    let layerwise = session.runs()[1].history.last().unwrap().test_accuracy;
    assert!(
        e2e > layerwise + 0.05,
        "e2e {e2e:.3} vs layer-wise {layerwise:.3}"
    );
}
