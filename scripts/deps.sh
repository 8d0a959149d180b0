#!/bin/sh
# Installs Debian 12 packages if any is missing, using sudo when not root.
# Without arguments: what building and testing InfiniRT needs; "fuzz": that
# and clang with libFuzzer (scripts/fuzz.sh); "bench": that and the peers of
# bench/run_cpu.sh (PoCL, StarPU); other arguments: those packages.
set -e
BASE="build-essential clang cmake pkg-config binutils clang-format"
# Testing also runs Graphviz's dot on the files GraphDebugDotPrint writes.
TEST="$BASE graphviz"
case "${1:-}" in
  fuzz) PACKAGES="$BASE libclang-rt-14-dev" ;;
  bench) PACKAGES="$BASE pocl-opencl-icd ocl-icd-opencl-dev opencl-headers libstarpu-dev" ;;
  *) PACKAGES=${*:-$TEST} ;;
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
