#!/bin/sh
# install.subproject: configure, build and run subproject/, an outside project
# that builds this source tree with add_subdirectory.
#   run_subproject.sh SRC_TREE PROJECT WORK GENERATOR MAKE_PROGRAM CC
set -u
tree=$1 src=$2 bin=$3 gen=$4 make=$5 cc=$6
rm -rf "$bin"
cmake -S "$src" -B "$bin" -G "$gen" -DCMAKE_MAKE_PROGRAM="$make" \
  -DCMAKE_C_COMPILER="$cc" -DINFINIRT_SOURCE_DIR="$tree" ||
  { echo "FAIL: configuring the parent project"; exit 1; }
# One job: ctest may run this beside other tests.
cmake --build "$bin" >"$bin/build.log" 2>&1
rc=$?
cat "$bin/build.log"
[ $rc -eq 0 ] || { echo "FAIL: building the parent project"; exit 1; }
# The kernel's unused variable warned and did not fail the build.
if grep -q "unused_on_purpose" "$bin/build.log"; then
  echo "ok: a warning in the parent's kernel is no error"
else
  echo "FAIL: the parent's kernel did not warn (were its -Wall flags dropped?)"
  exit 1
fi
status=0
for p in app_shared app_static; do
  echo "--- $p"
  env -u LD_LIBRARY_PATH "$bin/$p" || status=1
done
exit $status
