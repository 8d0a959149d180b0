#!/usr/bin/env bash
# run.sh - kernel launch cost of infinirt's CPU backend against PoCL's CPU
# device in one run, and the tiled matmul's GFLOP/s: installs the Debian
# OpenCL packages if missing, builds a Release bench_kernels in
# build-bench-kernels/ (INFINIRT_BENCH_BUILD overrides), runs it with the
# arguments given (see main.c) and prints the markdown table.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${INFINIRT_BENCH_BUILD:-$root/build-bench-kernels}
sh "$root/scripts/deps.sh" pocl-opencl-icd ocl-icd-opencl-dev opencl-headers >&2

mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DINFINIRT_BUILD_BENCH=ON -DINFINIRT_BUILD_TESTS=OFF \
  -DINFINIRT_BUILD_EXAMPLES=OFF >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j "$(nproc)" --target bench_kernels >"$build/build.log" 2>&1 ||
  { tail -40 "$build/build.log"; exit 1; }
exec "$build/bench/kernels/bench_kernels" "$@"
