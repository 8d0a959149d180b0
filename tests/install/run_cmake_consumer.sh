#!/bin/sh
# install.find_package_c / install.find_package_cxx: configure, build and run
# consumer/ against the scratch install, as an outside project would.
#   run_cmake_consumer.sh c|cxx SRC PREFIX WORK GENERATOR MAKE_PROGRAM CC
#                         BACKENDS VERSION [CXX]
# INFINIRT_CONSUMER_WERROR=OFF in the environment: header warnings do not
# fail the consumer's build.
set -u
lang=$1 src=$2 prefix=$3 work=$4 gen=$5 make=$6 cc=$7 backends=$8
version=$9 cxx=${10:-}
if [ "$lang" = cxx ]; then
  case $cxx in
    "" | *NOTFOUND) echo "SKIP: no C++ compiler (Debian package g++)"; exit 77 ;;
  esac
fi
bin=$work/cmake-$lang
rm -rf "$bin"
set -- -S "$src" -B "$bin" -G "$gen" -DCMAKE_MAKE_PROGRAM="$make" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release -DEXPECT_PREFIX="$prefix" \
  -DEXPECT_VERSION="$version" -DEXPECT_BACKENDS="$backends" \
  -DCONSUMER_LANG="$lang" -DCONSUMER_WERROR="${INFINIRT_CONSUMER_WERROR:-ON}"
[ "$lang" = cxx ] && set -- "$@" -DCMAKE_CXX_COMPILER="$cxx"
cmake "$@" || { echo "FAIL: configuring the consumer"; exit 1; }
cmake --build "$bin" || { echo "FAIL: building the consumer"; exit 1; }

status=0
if [ "$lang" = c ]; then
  progs="consumer_c_shared consumer_c_static consumer_c_kernels"
  # The static program must not need libinfinirt.so at run time.
  if command -v objdump >/dev/null 2>&1; then
    if objdump -p "$bin/consumer_c_static" | grep -q 'NEEDED.*libinfinirt'; then
      echo "FAIL: consumer_c_static depends on libinfinirt.so"
      status=1
    else
      echo "ok: consumer_c_static does not need libinfinirt.so"
    fi
  fi
else
  progs=consumer_cxx
fi
for p in $progs; do
  echo "--- $p"
  # The shared programs find the library through the RPATH CMake gives them.
  env -u LD_LIBRARY_PATH "$bin/$p" || status=1
done
exit $status
