#!/usr/bin/env python3
"""PyTorch CPU reference for the native workload of

    infoplane run --preset paper-spiral --mode e2e --epochs N \
        --snapshot-every K --quiet

Same data recipe (src/data/toy.rs: 2-arm spiral of 2 turns, 1000 samples,
noise 0.02, 70 % train per class, standardised with training statistics),
same network (2 -> 6x5 tanh -> 2, weights and biases uniform in
±1/sqrt(fan_in)), full-batch Adam with lr 0.01, and every K epochs (and at
epoch 0 and the last epoch) a snapshot: training loss, training and test
accuracy, and the paper's nHSIC of the five hidden layers and the logits on
a fixed subset of m = 256 training samples.

The points are not the same as Infoplane's (another random generator); the
sizes and the amount of work are.

Prints one JSON object on stdout. Timings use time.perf_counter().
"""

import argparse
import json
import math
import os
import platform
import sys
import time

PROCESS_START = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402

IMPORT_SECS = time.perf_counter() - PROCESS_START

# The paper preset (src/presets.rs).
NUM_SAMPLES = 1000
NOISE_STD = 0.02
TRAIN_FRAC = 0.7
SPIRAL_ARMS = 2
SPIRAL_TURNS = 2.0
HIDDEN_WIDTHS = [6, 6, 6, 6, 6]
LEARNING_RATE = 0.01
# burn's AdamConfig default ε (PyTorch's default is 1e-8); betas are the
# same in both (0.9, 0.999).
ADAM_EPSILON = 1e-5

# nHSIC settings (src/hsic.rs, HsicConfig::default): σ = 5 scaled by √d,
# ridge ε = 1e-5, m = 256 evaluation samples.
HSIC_SIGMA = 5.0
HSIC_EPSILON = 1e-5
HSIC_SAMPLES = 256


def spiral(num_samples, rng):
    """Sample i is on arm i % arms at a jittered position of its slice."""
    features = np.empty((num_samples, 2))
    labels = np.empty(num_samples, dtype=np.int64)
    for i in range(num_samples):
        arm = i % SPIRAL_ARMS
        rank = i // SPIRAL_ARMS
        arm_size = num_samples // SPIRAL_ARMS + (arm < num_samples % SPIRAL_ARMS)
        along = (rank + rng.random()) / arm_size
        angle_rad = 2 * math.pi * (SPIRAL_TURNS * along + arm / SPIRAL_ARMS)
        features[i] = (along * math.cos(angle_rad), along * math.sin(angle_rad))
        features[i] += NOISE_STD * rng.standard_normal(2)
        labels[i] = arm
    return features.astype(np.float32), labels


def split(features, labels, rng):
    """round(0.7 n) of each class to training, then standardise both parts
    with the training part's mean and population standard deviation."""
    train_idx, test_idx = [], []
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        num_train = int(round(TRAIN_FRAC * len(members)))
        train_idx.extend(members[:num_train])
        test_idx.extend(members[num_train:])
    train_idx = rng.permutation(train_idx)
    test_idx = rng.permutation(test_idx)
    mean = features[train_idx].mean(axis=0)
    std = features[train_idx].std(axis=0)
    return (
        (features[train_idx] - mean) / std,
        labels[train_idx],
        (features[test_idx] - mean) / std,
        labels[test_idx],
    )


class Mlp(torch.nn.Module):
    """nn.Linear's default initialisation is uniform in ±1/sqrt(fan_in)
    for weights and biases, like Infoplane's."""

    def __init__(self):
        super().__init__()
        widths = [2] + HIDDEN_WIDTHS
        self.hidden = torch.nn.ModuleList(
            torch.nn.Linear(a, b) for a, b in zip(widths, widths[1:])
        )
        self.classifier = torch.nn.Linear(widths[-1], 2)

    def forward(self, x):
        hidden = []
        for layer in self.hidden:
            x = torch.tanh(layer(x))
            hidden.append(x)
        return hidden, self.classifier(x)


def centred_resolvent(kernel, epsilon):
    """R = K̃(K̃ + εmI)⁻¹ with K̃ = KH. K̃ and K̃ + εmI commute, so R is
    also (K̃ + εmI)⁻¹K̃: one LU solve, no explicit inverse."""
    m = kernel.shape[0]
    centred = kernel - kernel.mean(dim=1, keepdim=True)  # K·H
    regularised = centred + epsilon * m * torch.eye(m, dtype=kernel.dtype)
    return torch.linalg.solve(regularised, centred)


def gaussian_kernel(z):
    """exp(−‖a − b‖² / (2σ²d)), d the feature dimension; float64."""
    z = z.to(torch.float64)
    d = z.shape[1]
    sq_dist = (z[:, None, :] - z[None, :, :]).square().sum(dim=2)
    return torch.exp(-sq_dist / (2 * HSIC_SIGMA**2 * d))


def trace_of_product(a, b):
    """tr(AB) without forming AB."""
    return float((a * b.T).sum())


class Analyzer:
    """Holds R_X and R_Y of the fixed evaluation subset."""

    def __init__(self, inputs, labels, num_classes):
        one_hot = torch.nn.functional.one_hot(labels, num_classes).to(torch.float64)
        self.r_x = centred_resolvent(gaussian_kernel(inputs), HSIC_EPSILON)
        self.r_y = centred_resolvent(one_hot @ one_hot.T, HSIC_EPSILON)

    def measure(self, representations):
        """[(nHSIC(X;Z), nHSIC(Y;Z))] for each representation Z."""
        values = []
        for z in representations:
            r_z = centred_resolvent(gaussian_kernel(z), HSIC_EPSILON)
            values.append((trace_of_product(self.r_x, r_z), trace_of_product(self.r_y, r_z)))
        return values


def accuracy(logits, labels):
    return float((logits.argmax(dim=1) == labels).to(torch.float32).mean())


def time_hsic(sizes, args, repeats=20):
    """The estimator alone, as bench/hsic-bench times Infoplane's: six
    representations of width 6 (tanh of Gaussian noise), median of
    `repeats` calls after one warm-up call."""
    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(args.seed)
    results = []
    for m in sizes:
        inputs = torch.randn(m, 2, generator=generator)
        labels = torch.arange(m) % 2
        layers = [torch.tanh(torch.randn(m, 6, generator=generator)) for _ in range(6)]
        t0 = time.perf_counter()
        analyzer = Analyzer(inputs, labels, 2)
        new_ms = (time.perf_counter() - t0) * 1000
        times_ms = []
        for call in range(repeats + 1):
            t0 = time.perf_counter()
            analyzer.measure(layers)
            if call > 0:
                times_ms.append((time.perf_counter() - t0) * 1000)
        times_ms.sort()
        results.append({"m": m, "layers": 6, "width": 6, "repeats": repeats,
                        "analyzer_new_ms": new_ms, "measure_ms_median": times_ms[repeats // 2],
                        "measure_ms_min": times_ms[0]})
    print(json.dumps({"tool": "pytorch", "torch_version": torch.__version__,
                      "threads": torch.get_num_threads(), "results": results}, indent=2))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--snapshot-every", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hsic-samples", type=int, default=HSIC_SAMPLES)
    parser.add_argument(
        "--threads", type=int, default=os.cpu_count(),
        help="torch.set_num_threads (default: the number of cores)",
    )
    parser.add_argument(
        "--time-hsic", metavar="M1,M2,...",
        help="instead of training, time Analyzer.measure of 6 layers of width 6 at these m",
    )
    args = parser.parse_args()
    if args.time_hsic:
        return time_hsic([int(m) for m in args.time_hsic.split(",")], args)

    started = time.perf_counter()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    features, labels = spiral(NUM_SAMPLES, rng)
    x_train, y_train, x_test, y_test = split(features, labels, rng)
    x_train, x_test = torch.from_numpy(x_train), torch.from_numpy(x_test)
    y_train, y_test = torch.from_numpy(y_train), torch.from_numpy(y_test)
    subset = torch.from_numpy(rng.permutation(len(x_train))[: args.hsic_samples])
    hsic_inputs, hsic_labels = x_train[subset], y_train[subset]

    model = Mlp()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, eps=ADAM_EPSILON)
    analyzer = Analyzer(hsic_inputs, hsic_labels, 2)
    setup_secs = time.perf_counter() - started

    snapshots = []
    snapshot_secs = 0.0
    nhsic_secs = 0.0

    def snapshot(epoch):
        nonlocal snapshot_secs, nhsic_secs
        t0 = time.perf_counter()
        with torch.no_grad():
            _, train_logits = model(x_train)
            _, test_logits = model(x_test)
            train_loss = float(torch.nn.functional.cross_entropy(train_logits, y_train))
            hidden, logits = model(hsic_inputs)
            t1 = time.perf_counter()
            layers = analyzer.measure(hidden + [logits])
        t2 = time.perf_counter()
        snapshot_secs += t2 - t0
        nhsic_secs += t2 - t1
        snapshots.append({
            "epoch": epoch,
            "train_loss": train_loss,
            "train_accuracy": accuracy(train_logits, y_train),
            "test_accuracy": accuracy(test_logits, y_test),
            "nhsic_x": [x for x, _ in layers],
            "nhsic_y": [y for _, y in layers],
        })

    snapshot(0)
    for epoch in range(1, args.epochs + 1):
        optimizer.zero_grad(set_to_none=True)
        _, logits = model(x_train)
        loss = torch.nn.functional.cross_entropy(logits, y_train)
        loss.backward()
        optimizer.step()
        if epoch % args.snapshot_every == 0 or epoch == args.epochs:
            snapshot(epoch)
    wall_secs = time.perf_counter() - started

    final = snapshots[-1]
    print(json.dumps({
        "tool": "pytorch",
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "threads": torch.get_num_threads(),
        "cores": os.cpu_count(),
        "epochs": args.epochs,
        "snapshot_every": args.snapshot_every,
        "hsic_samples": len(subset),
        "num_snapshots": len(snapshots),
        "import_secs": IMPORT_SECS,
        "setup_secs": setup_secs,
        "wall_secs": wall_secs,
        "snapshot_secs": snapshot_secs,
        "nhsic_secs": nhsic_secs,
        "train_secs": wall_secs - setup_secs - snapshot_secs,
        "final_train_loss": final["train_loss"],
        "final_train_accuracy": final["train_accuracy"],
        "final_test_accuracy": final["test_accuracy"],
        "final_nhsic_x": final["nhsic_x"],
        "final_nhsic_y": final["nhsic_y"],
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
