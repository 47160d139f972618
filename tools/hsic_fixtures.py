#!/usr/bin/env python3
"""Reference values for the nHSIC analyzer (src/hsic.rs), computed in float64.

Run from the repository root (numpy is the only dependency):

    python3 tools/hsic_fixtures.py

It writes tests/fixtures/hsic_<case>.json, read by tests/hsic.rs. Each file
holds one seeded synthetic evaluation set and the values the analyzer must
reproduce to 1e-3 relative:

    name          the case's name
    m             number of evaluation samples (rows)
    sigma         sigma of the fixed bandwidth (5, as in the paper)
    epsilon       ridge of the paper estimator (1e-5, as in the authors' code)
    x             the input X, m rows of floats rounded to 6 decimals
    labels        the class index of each row
    num_classes   number of classes k
    layers        a list of representations Z, each m rows, 6 decimals
    layer_kinds   how each Z was made (for reading the file only)
    expected      expected[bandwidth][estimator] is one [nhsic_xz, nhsic_yz]
                  pair per layer; bandwidth is "fixed" or "median",
                  estimator is "paper", "cka" or "hsic"

The inputs are stored exactly as rounded, and the references are computed
from those rounded values, so the only difference the Rust side sees is its
own arithmetic (float32 on the device, float64 on the host).

The formulas follow Sakamoto & Sato, "End-to-End Training Induces
Information Bottleneck through Layer-Role Differentiation" (TMLR 2024), and
are written out literally here rather than in the faster, rearranged form
the Rust code uses, so that the fixtures also check the rearrangement:

    Gaussian kernel, fixed:  K_ij = exp(-|a_i - a_j|^2 / (2 sigma^2 d))
    Gaussian kernel, median: K_ij = exp(-|a_i - a_j|^2 / (2 s^2)),
                             s = median of |a_i - a_j| over pairs i < j;
                             if s = 0, K_ij = [a_i = a_j] (the limit s -> 0)
    labels:                  L = Y Y^T on one-hot Y (no bandwidth)
    H = I - 11^T/m
    paper: R = K H (K H + eps m I)^-1,  nHSIC(A;B) = tr(R_A R_B)
    cka:   tr(K H L H) / sqrt(tr(K H K H) tr(L H L H))
    hsic:  tr(K H L H) / (m - 1)^2
"""

import json
import os

import numpy as np

SIGMA = 5.0
EPSILON = 1e-5
DECIMALS = 6


def squared_distances(a):
    diff = a[:, None, :] - a[None, :, :]
    return np.sum(diff * diff, axis=2)


def gaussian_gram(a, bandwidth):
    dist2 = squared_distances(a)
    if bandwidth == "fixed":
        return np.exp(-dist2 / (2.0 * SIGMA**2 * a.shape[1]))
    upper = np.triu_indices(a.shape[0], k=1)
    s = np.median(np.sqrt(dist2[upper]))
    if s == 0.0:
        return (dist2 == 0.0).astype(np.float64)
    return np.exp(-dist2 / (2.0 * s * s))


def label_gram(labels, num_classes):
    one_hot = np.eye(num_classes)[labels]
    return one_hot @ one_hot.T


def centring(m):
    return np.eye(m) - np.ones((m, m)) / m


def paper_r(k):
    m = k.shape[0]
    kt = k @ centring(m)
    ridge = kt + EPSILON * m * np.eye(m)
    # R = kt @ inv(ridge), i.e. R ridge = kt, i.e. ridge^T R^T = kt^T.
    return np.linalg.solve(ridge.T, kt.T).T


def paper(k, l):
    return float(np.trace(paper_r(k) @ paper_r(l)))


def hsic_trace(k, l):
    h = centring(k.shape[0])
    return float(np.trace(k @ h @ l @ h))


def cka(k, l):
    return hsic_trace(k, l) / np.sqrt(hsic_trace(k, k) * hsic_trace(l, l))


def hsic(k, l):
    m = k.shape[0]
    return hsic_trace(k, l) / (m - 1) ** 2


ESTIMATORS = {"paper": paper, "cka": cka, "hsic": hsic}


def make_layer(rng, kind, width, x, labels, num_classes):
    m, d_x = x.shape
    if kind == "tanh":
        w = rng.normal(size=(d_x, width)) / np.sqrt(d_x)
        return np.tanh(x @ w + 0.1 * rng.normal(size=width))
    if kind == "relu":
        w = rng.normal(size=(d_x, width)) * np.sqrt(2.0 / d_x)
        return np.maximum(x @ w + 0.1 * rng.normal(size=width), 0.0)
    if kind == "code":
        # A near-perfect label code: scaled one-hot plus a little noise.
        return 3.0 * np.eye(num_classes)[labels] + 0.05 * rng.normal(size=(m, num_classes))
    if kind == "noise":
        return rng.normal(size=(m, width))
    if kind == "dead":
        # A nearly dead ReLU layer: 80% of the rows are exactly zero, so more
        # than half of the pairwise distances are 0 and the median rule falls
        # back to the indicator kernel.
        pre = x @ rng.normal(size=(d_x, width))
        return np.maximum(pre - np.quantile(pre, 0.8, axis=0), 0.0)
    raise ValueError(kind)


def make_case(name, m, d_x, num_classes, layer_specs, seed, digits_like=False):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, num_classes, size=m)
    if digits_like:
        # Pixel-like inputs in [0, 1], as the digits data set after scaling.
        prototypes = rng.uniform(0.0, 1.0, size=(num_classes, d_x))
        x = np.clip(prototypes[labels] + 0.3 * rng.normal(size=(m, d_x)), 0.0, 1.0)
    else:
        means = 2.0 * rng.normal(size=(num_classes, d_x))
        x = means[labels] + rng.normal(size=(m, d_x))
    x = np.round(x, DECIMALS)

    layers = [
        np.round(make_layer(rng, kind, width, x, labels, num_classes), DECIMALS)
        for kind, width in layer_specs
    ]

    l_y = label_gram(labels, num_classes)
    expected = {}
    for bandwidth in ("fixed", "median"):
        k_x = gaussian_gram(x, bandwidth)
        grams_z = [gaussian_gram(z, bandwidth) for z in layers]
        expected[bandwidth] = {
            est_name: [[est(k_x, k_z), est(l_y, k_z)] for k_z in grams_z]
            for est_name, est in ESTIMATORS.items()
        }

    return {
        "name": name,
        "m": m,
        "sigma": SIGMA,
        "epsilon": EPSILON,
        "num_classes": num_classes,
        "labels": labels.tolist(),
        "layer_kinds": [f"{kind}{width}" for kind, width in layer_specs],
        "expected": expected,
        "x": x.tolist(),
        "layers": [z.tolist() for z in layers],
    }


def write_case(case, directory):
    path = os.path.join(directory, f"hsic_{case['name']}.json")
    with open(path, "w") as f:
        json.dump(case, f, separators=(",", ":"))
        f.write("\n")
    print(f"{path}: m={case['m']} layers={case['layer_kinds']}")


def main():
    directory = os.path.join("tests", "fixtures")
    os.makedirs(directory, exist_ok=True)
    cases = [
        make_case("m16", 16, 3, 3, [("tanh", 2), ("relu", 5)], seed=1),
        make_case(
            "m64",
            64,
            10,
            3,
            [("tanh", 1), ("relu", 4), ("code", 3), ("noise", 6), ("dead", 1)],
            seed=2,
        ),
        make_case("m128_wide", 128, 32, 10, [("tanh", 16), ("relu", 6), ("code", 10)], seed=3, digits_like=True),
        make_case("m512", 512, 8, 3, [("tanh", 2), ("relu", 6)], seed=4),
    ]
    for case in cases:
        write_case(case, directory)


if __name__ == "__main__":
    main()
