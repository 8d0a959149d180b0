#!/usr/bin/env bash
# gpu_check.sh - everything the NVIDIA backend needs proven on a GPU
# machine, in one go: configure and build, the whole ctest suite, the
# driver-loading failure paths, infinirt-info, the interop example and the
# bench. Logs go to $OUT (the device tool's output folder) or build-gpu/out;
# a short summary is printed last.
#
#   scripts/gpu_check.sh                 everything
#   GPU_CHECK_STEPS="build test" scripts/gpu_check.sh   a subset of
#       build test info interop bench
#   CTEST_ARGS="-R nvidia" scripts/gpu_check.sh          a subset of tests
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
B=${GPU_CHECK_BUILD:-$ROOT/build-gpu}
O=${OUT:-$B/out}
STEPS=${GPU_CHECK_STEPS:-"build test info interop bench graphbench"}
JOBS=${JOBS:-$(nproc)}
mkdir -p "$B" "$O"
export PATH="$PATH:/usr/local/cuda/bin"
NVCC=$(command -v nvcc || true)
summary=""
note() { summary="$summary
$*"; echo "== $*"; }
want() { case " $STEPS " in *" $1 "*) return 0 ;; esac; return 1; }

{
  date -u +%Y-%m-%dT%H:%M:%SZ
  uname -srm
  nvidia-smi -L 2>&1
  nvidia-smi --query-gpu=name,driver_version,pstate,clocks.sm,clocks.mem \
    --format=csv 2>&1
  ldconfig -p | grep -E 'libcuda\.so' || echo "no libcuda in the ld cache"
  echo "nvcc: ${NVCC:-none}"; [ -n "$NVCC" ] && "$NVCC" --version | tail -2
  cmake --version | head -1; gcc --version | head -1
  nproc
} >"$O/env.txt" 2>&1
cat "$O/env.txt"

# ---- build ----------------------------------------------------------------
if want build; then
  cfg=(-DCMAKE_BUILD_TYPE=Release)
  [ -n "$NVCC" ] && cfg+=(-DCMAKE_CUDA_COMPILER="$NVCC")
  if cmake -S . -B "$B" "${cfg[@]}" >"$O/build.log" 2>&1 &&
    cmake --build "$B" -j "$JOBS" >>"$O/build.log" 2>&1; then
    note "build: ok"
  else
    # Whatever else is broken, get the library and our programs built.
    note "build: FAILED (tail of build.log below); building targets one by one"
    tail -n 30 "$O/build.log"
    for t in infinirt infinirt-info bench_nvidia nvidia_interop \
      infinirt-conformance; do
      cmake --build "$B" -j "$JOBS" --target "$t" >>"$O/build.log" 2>&1 &&
        echo "  target $t: ok" || echo "  target $t: FAILED"
    done
  fi
fi
LIBDIR=$B/src

# ---- ctest ------------------------------------------------------------------
if want test; then
  # shellcheck disable=SC2086
  timeout 360 ctest --test-dir "$B" --output-on-failure -j 8 --timeout 180 \
    ${CTEST_ARGS:-} >"$O/ctest.log" 2>&1
  rc=$?
  note "ctest (rc $rc): $(grep -E 'tests passed|tests failed' "$O/ctest.log" | tail -n 1)"
  grep -E '^\s+[0-9]+ - .*\((Failed|Timeout|SEGFAULT|Subprocess|Not Run|Exception)' \
    "$O/ctest.log" | head -n 30
  grep -E '\(Skipped\)' "$O/ctest.log" | head -n 20
  grep -E 'SKIP|skip' "$O/ctest.log" | grep -i nvidia | sort -u | head -n 20
fi

# ---- driver loading paths and infinirt-info --------------------------------
if want info; then
  INFO=$B/tools/infinirt-info/infinirt-info
  {
    echo "### infinirt-info"
    "$INFO"; echo "rc=$?"
    for lib in /usr/local/cuda/lib64/stubs/libcuda.so \
      /usr/local/cuda/targets/x86_64-linux/lib/stubs/libcuda.so \
      /nonexistent/libcuda.so.1; do
      echo "### INFINIRT_CUDA_LIBRARY=$lib (expect: stub or fall back)"
      INFINIRT_CUDA_LIBRARY=$lib "$INFO" 2>&1 | grep -E '^backend nvidia'
    done
  } >"$O/info.txt" 2>&1
  note "infinirt-info: $(grep -E '^backend nvidia|self-check' "$O/info.txt" | head -n 2 | tr '\n' ' ')"
fi

# ---- interop example ----------------------------------------------------------
if want interop; then
  EX=$B/examples/nvidia_interop/nvidia_interop
  if [ ! -x "$EX" ] && [ -n "$NVCC" ]; then
    # examples/CMakeLists.txt may not add the folder yet: build it directly.
    EX=$B/nvidia_interop_direct
    "$NVCC" -O2 -I include -o "$EX" examples/nvidia_interop/interop.cu \
      -L"$LIBDIR" -linfinirt -Xlinker -rpath,"$LIBDIR" >"$O/interop.txt" 2>&1
  fi
  "$EX" >>"$O/interop.txt" 2>&1
  note "interop (rc $?): $(tail -n 1 "$O/interop.txt")"
  cat "$O/interop.txt"
fi

# ---- bench ---------------------------------------------------------------------
if want bench; then
  BN=$B/bench/nvidia/bench_nvidia
  FB=$B/bench/nvidia/bench_kernels.fatbin
  if [ ! -x "$BN" ] && [ -n "$NVCC" ]; then
    BN=$B/bench_nvidia_direct
    FB=$B/bench_kernels_direct.fatbin
    "$NVCC" -fatbin -gencode 'arch=compute_90,code=[sm_90,compute_90]' \
      -o "$FB" bench/nvidia/bench_kernels.cu &&
      "$NVCC" -O2 -std=c++17 -arch=sm_90 -I include -o "$BN" \
        bench/nvidia/bench_nvidia.cu -L"$LIBDIR" -linfinirt -lcuda \
        -Xlinker -rpath,"$LIBDIR" >"$O/bench.md" 2>&1
  fi
  timeout 150 "$BN" "$FB" ${BENCH_ROUNDS:-11} >>"$O/bench.md" 2>&1
  note "bench (rc $?)"
  MM=$B/bench/kernels/matmul_nvidia
  if [ -x "$MM" ]; then
    echo >>"$O/bench.md"
    timeout 60 "$MM" 4096 >>"$O/bench.md" 2>&1
    note "matmul_nvidia (rc $?)"
  fi
  cat "$O/bench.md"
fi

# ---- graph bench: infinirt graphs vs cudart graphs -----------------------------
if want graphbench; then
  BG=$B/bench/nvidia/bench_nvidia_graph
  FB=$B/bench/nvidia/bench_kernels.fatbin
  timeout 300 "$BG" "$FB" ${GRAPH_ROUNDS:-7} >"$O/graph_bench.md" 2>&1
  note "graph bench (rc $?)"
  cat "$O/graph_bench.md"
fi

echo "== summary ==$summary"
