#!/bin/bash
set -e
cd "$(dirname "$0")"
NVCC=${NVCC:-/usr/local/cuda/bin/nvcc}
$NVCC -O1 -std=c++17 -arch=sm_90 -cudart static -o capture_probe capture_probe.cu -lpthread
