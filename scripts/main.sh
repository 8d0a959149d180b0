#!/bin/sh
# The main job: build the library and infinirt-info, list every backend and
# device, and self-check each device (the CPU needs nothing else). What it
# builds is what `cmake --install build/main` installs.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build/main -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/main -j "$(nproc)" --target infinirt infinirt_static infinirt-info \
  infinirt_eval infinirt-bench
exec build/main/tools/infinirt-info/infinirt-info "$@"
