#!/bin/sh
# python.pip_install: pip install the checkout into a fresh venv (with the
# system site packages, for NumPy) and round-trip memory through the
# installed package, run from outside the source and build trees.
# Usage: pip_install.sh PYTHON SOURCE_DIR VENV_DIR
# Exit 77 (skip) where venv is missing or the package index, from which
# scikit-build-core comes, cannot be reached.
set -e
py=$1 src=$2 venv=$3
rm -rf "$venv"
if ! "$py" -m venv --system-site-packages "$venv"; then
  echo "SKIP: $py -m venv failed (apt install python3-venv)"
  exit 77
fi
vpy=$venv/bin/python
if ! "$vpy" -m pip download -q --timeout 10 --retries 1 --no-deps -d "$venv/probe" scikit-build-core \
  >"$venv/probe.log" 2>&1; then
  echo "SKIP: the package index cannot be reached (pip download scikit-build-core failed):"
  tail -n 3 "$venv/probe.log"
  exit 77
fi
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} "$vpy" -m pip install -q "$src"
cd "$venv"
"$vpy" - <<'PY'
import ctypes
import infinirt
import infinirt.runtime as rt

ok = rt.infinirtError_t.infinirtSuccess
err, dev = rt.infinirtMalloc(64)
assert err == ok, err
host = (ctypes.c_ubyte * 64)(*range(64))
back = (ctypes.c_ubyte * 64)()
H2D = rt.infinirtMemcpyKind.infinirtMemcpyHostToDevice
D2H = rt.infinirtMemcpyKind.infinirtMemcpyDeviceToHost
assert rt.infinirtMemcpy(dev, ctypes.addressof(host), 64, H2D)[0] == ok
assert rt.infinirtMemcpy(ctypes.addressof(back), dev, 64, D2H)[0] == ok
assert bytes(back) == bytes(range(64))
assert rt.infinirtFree(dev) == (ok,)
# infinirt.evaluate's library lies in the package too.
import os
files = os.listdir(os.path.dirname(infinirt.__file__))
assert any(f.startswith("libinfinirt_eval.so.") for f in files), files
assert infinirt._infinirt._eval_compare([1.0], [1.0])[0] == "SAME"
print("pip_install: round trip through", infinirt.__file__)
PY
