// TensorFlow.js baseline: the same MLP as the Infoplane steps/s figure
// (2 -> six hidden layers of 32, tanh -> 2 logits, softmax cross-entropy),
// mini-batches of 64 drawn from a shuffled 700-sample spiral training set,
// Adam (lr 0.01, epsilon 1e-5 as burn's default).
//
// Honest counting: every step ends with `await loss.data()`, so a step is
// only counted once the backend has finished it and the loss is on the
// host. Warm-up steps (shader/kernel compilation) are excluded.

"use strict";

const HIDDEN_WIDTHS = [32, 32, 32, 32, 32, 32];
const NUM_SAMPLES = 1000;
const TRAIN_FRAC = 0.7;
const NOISE_STD = 0.02;
const SPIRAL_TURNS = 2;
const BATCH_SIZE = 64;
const LEARNING_RATE = 0.01;

// mulberry32: a small seeded generator, so every run sees the same data.
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random) {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function shuffle(array, random) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

// The recipe of src/data/toy.rs: sample i on arm i % 2, at a jittered
// position of its slice; the radius grows from 0 to 1 over two turns.
function spiralTrainSet(random) {
  const rows = [];
  const perClass = NUM_SAMPLES / 2;
  for (let i = 0; i < NUM_SAMPLES; i++) {
    const arm = i % 2;
    const along = (Math.floor(i / 2) + random()) / perClass;
    const angle = 2 * Math.PI * (SPIRAL_TURNS * along + arm / 2);
    rows.push({
      x: along * Math.cos(angle) + NOISE_STD * normal(random),
      y: along * Math.sin(angle) + NOISE_STD * normal(random),
      label: arm,
    });
  }
  const train = [];
  for (const arm of [0, 1]) {
    const members = shuffle(rows.filter((r) => r.label === arm), random);
    train.push(...members.slice(0, Math.round(TRAIN_FRAC * members.length)));
  }
  const mean = (key) => train.reduce((s, r) => s + r[key], 0) / train.length;
  const std = (key, m) => Math.sqrt(train.reduce((s, r) => s + (r[key] - m) ** 2, 0) / train.length);
  const [mx, my] = [mean("x"), mean("y")];
  const [sx, sy] = [std("x", mx), std("y", my)];
  const features = train.flatMap((r) => [(r.x - mx) / sx, (r.y - my) / sy]);
  const oneHot = train.flatMap((r) => (r.label === 0 ? [1, 0] : [0, 1]));
  return { features, oneHot, len: train.length };
}

// Weights and biases uniform in ±1/sqrt(fan_in), as Infoplane and PyTorch.
function linear(fanIn, fanOut, random) {
  const bound = 1 / Math.sqrt(fanIn);
  const uniform = (n) => Float32Array.from({ length: n }, () => (2 * random() - 1) * bound);
  return {
    weight: tf.variable(tf.tensor2d(uniform(fanIn * fanOut), [fanIn, fanOut])),
    bias: tf.variable(tf.tensor1d(uniform(fanOut))),
  };
}

function buildModel(random) {
  const widths = [2, ...HIDDEN_WIDTHS];
  const hidden = widths.slice(1).map((w, i) => linear(widths[i], w, random));
  const classifier = linear(widths[widths.length - 1], 2, random);
  return { hidden, classifier };
}

function logits(model, x) {
  let h = x;
  for (const layer of model.hidden) {
    h = tf.tanh(tf.add(tf.matMul(h, layer.weight), layer.bias));
  }
  return tf.add(tf.matMul(h, model.classifier.weight), model.classifier.bias);
}

async function run() {
  const params = new URLSearchParams(location.search);
  const backend = params.get("backend") || "wasm";
  const warmupSteps = Number(params.get("warmup") || 20);
  const measureSecs = Number(params.get("secs") || 10);
  const maxSecs = Number(params.get("max_secs") || 120);
  const minSteps = Number(params.get("min_steps") || 30);

  if (backend === "wasm") {
    tf.wasm.setWasmPaths(new URL("vendor/", location.href).href);
  }
  const t0 = performance.now();
  if (!(await tf.setBackend(backend))) {
    throw new Error(`backend ${backend} could not be initialised`);
  }
  await tf.ready();
  const initMs = performance.now() - t0;

  const random = seededRandom(1);
  const data = spiralTrainSet(random);
  const xTrain = tf.tensor2d(data.features, [data.len, 2]);
  const yTrain = tf.tensor2d(data.oneHot, [data.len, 2]);
  const model = buildModel(random);
  const optimizer = tf.train.adam(LEARNING_RATE, 0.9, 0.999, 1e-5);

  let order = [];
  let cursor = 0;
  const nextBatch = () => {
    if (cursor >= order.length) {
      order = shuffle(Array.from({ length: data.len }, (_, i) => i), random);
      cursor = 0;
    }
    const chunk = order.slice(cursor, cursor + BATCH_SIZE);
    cursor += BATCH_SIZE;
    return chunk;
  };

  // One optimiser step; the loss is read back before it counts.
  const step = async () => {
    const loss = tf.tidy(() => {
      const index = tf.tensor1d(nextBatch(), "int32");
      const xb = tf.gather(xTrain, index);
      const yb = tf.gather(yTrain, index);
      return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, logits(model, xb)), true);
    });
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
  };

  const warmStart = performance.now();
  for (let i = 0; i < warmupSteps; i++) {
    await step();
  }
  const warmupMs = performance.now() - warmStart;

  const stepMs = [];
  let lastLoss = NaN;
  const start = performance.now();
  let elapsedMs = 0;
  while ((elapsedMs < measureSecs * 1000 || stepMs.length < minSteps) && elapsedMs < maxSecs * 1000) {
    const before = performance.now();
    lastLoss = await step();
    const after = performance.now();
    stepMs.push(after - before);
    elapsedMs = after - start;
  }
  const sorted = [...stepMs].sort((a, b) => a - b);
  const flags = {};
  for (const name of ["WASM_HAS_SIMD_SUPPORT", "WASM_HAS_MULTITHREAD_SUPPORT"]) {
    try {
      flags[name] = await tf.env().getAsync(name);
    } catch (_) {
      // Flag unknown to this backend.
    }
  }
  let adapter = null;
  if (backend === "webgpu" && navigator.gpu) {
    const a = await navigator.gpu.requestAdapter();
    adapter = a && a.info ? { architecture: a.info.architecture, vendor: a.info.vendor, fallback: a.isFallbackAdapter } : null;
  }
  return {
    tool: "tfjs",
    tfjs_version: tf.version.tfjs,
    backend: tf.getBackend(),
    flags,
    adapter,
    cross_origin_isolated: self.crossOriginIsolated === true,
    network: `2 -> ${HIDDEN_WIDTHS.join("x")} tanh -> 2`,
    batch_size: BATCH_SIZE,
    train_samples: data.len,
    steps_per_epoch: Math.ceil(data.len / BATCH_SIZE),
    init_ms: initMs,
    warmup_steps: warmupSteps,
    warmup_ms: warmupMs,
    steps: stepMs.length,
    measured_secs: elapsedMs / 1000,
    steps_per_sec: stepMs.length / (elapsedMs / 1000),
    step_ms_median: sorted[Math.floor(sorted.length / 2)],
    step_ms_p90: sorted[Math.floor(sorted.length * 0.9)],
    last_loss: lastLoss,
    sync: "await loss.data() after every step",
    user_agent: navigator.userAgent,
  };
}

run().then(
  (result) => {
    window.benchResult = result;
    document.getElementById("result").textContent = JSON.stringify(result, null, 2);
  },
  (error) => {
    window.benchResult = { error: String(error && error.stack ? error.stack : error) };
    document.getElementById("result").textContent = window.benchResult.error;
  },
);
