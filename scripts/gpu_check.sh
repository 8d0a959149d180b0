#!/usr/bin/env bash
# gpu_check.sh - everything the NVIDIA backend needs proven on a GPU
# machine, in one go: configure and build, the whole ctest suite, the
# driver-loading failure paths, infinirt-info, the interop example and the
# bench, the Python package and the kernel evaluation's cudart cross-check.
# Logs go to $OUT (the device tool's output folder) or build-gpu/out; a short
# summary is printed last.
#
#   scripts/gpu_check.sh                 everything
#   GPU_CHECK_STEPS="build test" scripts/gpu_check.sh   a subset of
#       build test info interop bench graphbench python eval
#   CTEST_ARGS="-R nvidia" scripts/gpu_check.sh          a subset of tests
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
B=${GPU_CHECK_BUILD:-$ROOT/build-gpu}
O=${OUT:-$B/out}
STEPS=${GPU_CHECK_STEPS:-"build test info interop bench graphbench python eval"}
JOBS=${JOBS:-$(nproc)}
mkdir -p "$B" "$O"
export PATH="$PATH:/usr/local/cuda/bin"
NVCC=$(command -v nvcc || true)
# The interpreter on PATH (the GPU machine's has PyTorch and CuPy), not
# CMakeLists' /usr/bin/python3 default; the package is built where it has
# its headers.
PY=$(command -v python3 || true)
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
cfg=(-DCMAKE_BUILD_TYPE=Release)
[ -n "$NVCC" ] && cfg+=(-DCMAKE_CUDA_COMPILER="$NVCC")
[ -n "$PY" ] && cfg+=(-DPython3_EXECUTABLE="$PY")
if want build; then
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

# ---- Python package: its tests and the call-cost bench ---------------------------
if want python; then
  # The same configuration as the build step (a no-op after it); alone, it
  # configures and builds the package.
  cmake -S . -B "$B" "${cfg[@]}" >"$O/python_build.log" 2>&1 &&
    cmake --build "$B" -j "$JOBS" >>"$O/python_build.log" 2>&1
  if [ ! -d "$B/python/infinirt" ]; then
    note "python: not built ($(grep -m1 'Python package' "$O/python_build.log" ||
      echo "see python_build.log"); python3: ${PY:-none})"
  else
    # pip_install (label slow) needs the package index: not here.
    # -V: each file's pytest summary line ("N passed, M skipped") is kept.
    timeout 100 ctest --test-dir "$B" -V -j 8 --timeout 90 \
      -R '^python\.' -LE slow >"$O/python.log" 2>&1
    rc=$?
    note "python ctest (rc $rc, $PY): $(grep -E 'tests passed|tests failed' "$O/python.log" | tail -n 1)"
    grep -E '^[0-9]+: .*(passed|failed|skipped|error).* in [0-9.]+s' \
      "$O/python.log" | sed 's/^/  pytest /'
    grep -E '^\s+[0-9]+ - .*\((Failed|Timeout|SEGFAULT|Subprocess|Not Run|Exception)' \
      "$O/python.log" | head -n 20
    grep -E '\(Skipped\)' "$O/python.log" | head -n 20
    PYTHONPATH=$B/python timeout 60 "$PY" bench/python/bench_calls.py \
      --type nvidia >"$O/python_bench.md" 2>&1
    note "python bench (rc $?): $(grep -c '^| [A-Z]' "$O/python_bench.md") table rows, callers: $(awk -F'|' '/^\| [A-Z]/ && $3 !~ /caller/ {print $3}' "$O/python_bench.md" | sort -u | tr -d ' ' | tr '\n' ' ')"
    cat "$O/python_bench.md"
  fi
fi

# ---- kernel evaluation: eval.* tests and the cudart cross-check ----------------
if want eval; then
  # One at a time: they are timing tests (a few seconds in all).
  timeout 60 ctest --test-dir "$B" --output-on-failure --timeout 50 \
    -R '^eval\.' >"$O/eval_ctest.log" 2>&1
  rc=$?
  note "eval ctest (rc $rc): $(grep -E 'tests passed|tests failed' "$O/eval_ctest.log" | tail -n 1)"
  grep -E '^\s+[0-9]+ - .*\((Failed|Timeout|SEGFAULT|Subprocess|Not Run|Exception|Skipped)' \
    "$O/eval_ctest.log" | head -n 20
  # Its own files (bench.md, bench_a.json, cudart.md, crosscheck.md, ...)
  # go to $O/eval/, the samples the issue's closing note quotes.
  timeout 150 scripts/eval_crosscheck.sh "$B" "$O/eval" >"$O/eval_crosscheck.md" 2>&1
  rc=$?
  note "eval cross-check (rc $rc): $(grep -E '^eval-crosscheck:' "$O/eval_crosscheck.md" | tail -n 1)"
  cat "$O/eval_crosscheck.md"
fi

echo "== summary ==$summary"
