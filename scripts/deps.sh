#!/bin/sh
# Installs Debian 12 packages if any is missing, using sudo when not root.
# Without arguments: what building and testing InfiniRT needs (graphviz:
# the graph DOT test checks infinirtGraphDebugDotPrint's output with dot;
# python3-*: the Python package's headers, and NumPy, pytest, PyTorch and
# venv for its tests);
# "fuzz": that and clang with libFuzzer (scripts/fuzz.sh); "bench": that and
# the peers of bench/run_cpu.sh and bench/run_cpu_graph.sh (PoCL, StarPU,
# oneTBB); other arguments: those packages.
set -e
BASE="build-essential clang cmake pkg-config binutils clang-format graphviz python3-dev python3-numpy python3-pytest python3-torch python3-venv"
case "${1:-}" in
  fuzz) PACKAGES="$BASE libclang-rt-14-dev" ;;
  bench) PACKAGES="$BASE pocl-opencl-icd ocl-icd-opencl-dev opencl-headers libstarpu-dev libtbb-dev" ;;
  *) PACKAGES=${*:-$BASE} ;;
esac
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "deps.sh: installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
