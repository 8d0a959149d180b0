#!/bin/sh
# install.pkgconfig_c: build and run consumer.c with only what pkg-config
# says, from a copy of the install tree moved elsewhere (the .pc file must
# find its prefix from its own location).
#   run_pkgconfig_consumer.sh PREFIX LIBDIR WORK CC CONSUMER_C VERSION
# INFINIRT_CONSUMER_WERROR=OFF in the environment: no -Werror.
set -u
prefix=$1 libdir=$2 work=$3 cc=$4 consumer=$5 version=$6
command -v pkg-config >/dev/null 2>&1 ||
  { echo "SKIP: pkg-config not found (Debian package pkg-config)"; exit 77; }
rm -rf "$work"
mkdir -p "$work" || exit 1
moved=$work/moved-prefix
cp -a "$prefix" "$moved" || exit 1
# Only the moved tree: an infinirt installed on the system must not answer.
PKG_CONFIG_LIBDIR=$moved/$libdir/pkgconfig
PKG_CONFIG_PATH=
export PKG_CONFIG_LIBDIR PKG_CONFIG_PATH

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pkg-config --exists --print-errors infinirt || { echo "FAIL: no infinirt.pc"; exit 1; }
modversion=$(pkg-config --modversion infinirt)
[ "$modversion" = "$version" ] && echo "ok: version $modversion" ||
  fail "pkg-config version '$modversion', expected '$version'"
cflags=$(pkg-config --cflags infinirt)
libs=$(pkg-config --libs infinirt)
static_libs=$(pkg-config --static --libs infinirt)
echo "cflags: $cflags"
echo "libs: $libs"
echo "static libs: $static_libs"
echo "backends: $(pkg-config --variable=backends infinirt)"
case $cflags in *"$moved"*) ;; *) fail "Cflags do not point into the moved prefix" ;; esac
for l in -lpthread -ldl -lm; do
  case " $static_libs " in *" $l "*) ;; *) fail "--static --libs lacks $l" ;; esac
done

major=${version%%.*} rest=${version#*.}
minor=${rest%%.*} patch=${rest#*.}
libpath=$(pkg-config --variable=libdir infinirt)
werror=-Werror
[ "${INFINIRT_CONSUMER_WERROR:-ON}" = OFF ] && werror=
# shellcheck disable=SC2086 # the flags are word lists
"$cc" -std=c11 -Wall -Wextra $werror -pedantic-errors $cflags \
  -DEXPECT_MAJOR="$major" -DEXPECT_MINOR="$minor" -DEXPECT_PATCH="$patch" \
  "$consumer" -o "$work/consumer_pc" $libs -Wl,-rpath,"$libpath" ||
  { echo "FAIL: compiling with pkg-config flags"; exit 1; }
env -u LD_LIBRARY_PATH "$work/consumer_pc" || fails=$((fails + 1))
[ $fails -eq 0 ] && exit 0
exit 1
