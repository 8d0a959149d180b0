#!/bin/sh
# tools.info_cli: infinirt-info's command line.
#   --help, -h   exit 0, stdout documents every option, every device type of
#                the registry, and every environment variable the library
#                reads (each infinirt_env_*("NAME", ...) call in src/), as
#                the README's table does
#   --version    exit 0, prints the project version and the library's
#                library version (MAJOR*1000 + MINOR*10 + PATCH)
#   bad usage    exit 2, usage on stderr, nothing on stdout
#   info_cli.sh INFINIRT_INFO SRC_DIR PROJECT_VERSION
set -u
info=$1 src=$2 version=$3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

for opt in --help -h; do
  "$info" $opt >"$tmp/help" 2>"$tmp/err"
  rc=$?
  [ $rc = 0 ] && ok "$opt exits 0" || fail "$opt exits $rc"
  [ -s "$tmp/err" ] && fail "$opt wrote to stderr: $(cat "$tmp/err")"
done
for word in --list --selftest --help --version "Exit status"; do
  grep -q -- "$word" "$tmp/help" && ok "--help mentions $word" ||
    fail "--help does not mention $word"
done
for name in $(sed -n 's/^INFINIRT_BACKEND([A-Za-z0-9]*, *\([a-z0-9_]*\),.*/\1/p' \
  "$src/include/infinirt_backends.def"); do
  grep -q "^  $name " "$tmp/help" && ok "--help lists device type $name" ||
    fail "--help does not list device type $name"
done
# Calls may span lines (clang-format breaks after the parenthesis).
vars=$(find "$src/src" -name '*.c' -exec cat {} + | tr -s '\n\t ' '   ' |
  grep -oE 'infinirt_env_[a-z]+\( ?"[A-Z_]+"' | sed 's/.*"\(.*\)"$/\1/' |
  sort -u)
[ -n "$vars" ] || fail "no infinirt_env_* calls found in $src/src"
for v in $vars; do
  grep -q "^  $v=" "$tmp/help" && ok "--help documents $v" ||
    fail "--help does not document $v"
  grep -q "^| \`$v=" "$src/README.md" && ok "README documents $v" ||
    fail "README's table does not document $v"
done
# Nothing reads the environment behind the helper's back.
if grep -rn 'getenv(' "$src/src" | grep -v '^[^:]*src/core/env\.c:'; then
  fail "getenv outside src/core/env.c (above)"
else
  ok "getenv only in src/core/env.c"
fi

"$info" --version >"$tmp/ver" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && ok "--version exits 0" || fail "--version exits $rc"
major=${version%%.*} rest=${version#*.}
minor=${rest%%.*} patch=${rest#*.}
runtime=$((major * 1000 + minor * 10 + patch))
grep -q "^infinirt-info $version\$" "$tmp/ver" &&
  ok "--version: project version $version" ||
  fail "--version lacks 'infinirt-info $version': $(cat "$tmp/ver")"
grep -q "library version $runtime ($version)" "$tmp/ver" &&
  ok "--version: library version $runtime" ||
  fail "--version lacks 'library version $runtime': $(cat "$tmp/ver")"
grep -q "CUDA runtime API level 13000" "$tmp/ver" &&
  ok "--version: CUDA runtime API level 13000" ||
  fail "--version lacks the API level: $(cat "$tmp/ver")"

for args in --bogus -x "--list --selftest" list; do
  # shellcheck disable=SC2086 # two words for the last-but-one case
  "$info" $args >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ $rc != 2 ]; then fail "'$args' exits $rc, expected 2"
  elif [ -s "$tmp/out" ]; then fail "'$args' wrote to stdout"
  elif ! grep -q '^usage: ' "$tmp/err"; then fail "'$args': no usage on stderr"
  else ok "'$args' -> usage on stderr, exit 2"; fi
done

[ $fails -eq 0 ] && echo "info_cli: all checks passed" && exit 0
echo "info_cli: $fails check(s) failed"
exit 1
