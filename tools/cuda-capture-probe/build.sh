#!/bin/bash
# build.sh - builds cuda_capture_probe against cudart (statically) with nvcc,
# into $BUILD_DIR (default: build-probe/ in the repository root).
#
# The probe asks the CUDA runtime itself what it answers in stream-capture
# and graph corner cases (every capture error, in every mode, and the
# legacy-stream interactions); where CUDA's documentation is unclear, those
# answers on an H200 are what the capture conformance tests assert on every
# backend. Run it on a GPU machine: build-probe/cuda_capture_probe.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${BUILD_DIR:-$here/../../build-probe}
mkdir -p "$out"
NVCC=${NVCC:-/usr/local/cuda/bin/nvcc}
"$NVCC" -O1 -std=c++17 -arch=sm_90 -cudart static -o "$out/cuda_capture_probe" \
  "$here/cuda_capture_probe.cu" -lpthread
