#!/usr/bin/env bash
# Installs the pinned TensorFlow.js packages (package-lock.json) into
# node_modules/ and copies the browser bundles the bench page loads into
# vendor/. Both folders are git-ignored; nothing here is shipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [[ ! -d node_modules/@tensorflow/tfjs-backend-webgpu ]]; then
    npm ci --no-audit --no-fund --ignore-scripts
fi
mkdir -p vendor
tf=node_modules/@tensorflow
cp "$tf/tfjs/dist/tf.min.js" vendor/
cp "$tf/tfjs-backend-wasm/dist/tf-backend-wasm.min.js" vendor/
cp "$tf/tfjs-backend-wasm/dist/"*.wasm vendor/
cp "$tf/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js" vendor/
