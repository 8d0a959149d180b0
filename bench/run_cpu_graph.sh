#!/usr/bin/env bash
# run_cpu_graph.sh - benchmarks infinirt's CPU graphs against oneTBB's flow
# graph, StarPU and OpenMP tasks in one run: installs the Debian packages if
# missing (scripts/deps.sh bench), builds a Release bench_cpu_graph in
# build-bench/, runs it, prints the markdown tables and saves them under
# bench/results/ as cpu-graph-<UTC date>.md (cpu-graph-<BENCH_TAG>-<UTC
# date>.md with BENCH_TAG set). BENCH_* variables pass through (see
# bench/README.md, "CPU graphs").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${INFINIRT_BENCH_BUILD:-$root/build-bench}
results=$root/bench/results
sh "$root/scripts/deps.sh" bench >&2

mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DINFINIRT_BUILD_BENCH=ON -DINFINIRT_BUILD_TESTS=OFF \
  -DINFINIRT_BUILD_EXAMPLES=OFF >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" -j2 --target bench_cpu_graph >&2

# StarPU keeps its performance models and bus samples there.
export STARPU_HOME=${STARPU_HOME:-$build/starpu-home}
if [[ -z ${BENCH_SOURCE:-} ]]; then
  BENCH_SOURCE="git $(git -C "$root" describe --always --dirty 2>/dev/null ||
    echo unknown), built Release with $(cc --version | head -n1)"
fi
export BENCH_SOURCE
mkdir -p "$results"
out=$results/cpu-graph-${BENCH_TAG:+$BENCH_TAG-}$(date -u +%Y%m%d-%H%M%S).md
"$build/bench/cpu/bench_cpu_graph" | tee "$out"
echo "run_cpu_graph.sh: saved $out" >&2
