#!/bin/sh
# unit.env_vars: every environment variable the library reads, through
# env_probe (which prints what the library made of each). A documented
# spelling is used and prints no warning; a rejected value prints exactly
# one line on stderr,
#   infinirt: warning: NAME="value" is not <what>; using <fallback>
# and the fallback is what the library uses.
#   env_vars.sh PROBE
set -u
probe=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
all="INFINIRT_TRACE INFINIRT_DEVICE_TYPE INFINIRT_CPU_DEVICE_COUNT
  INFINIRT_CPU_SPIN_US INFINIRT_CUDA_LIBRARY"
clean=""
for v in $all; do clean="$clean -u $v"; done

# run VAR VALUE: the probe's stdout in $tmp/out, stderr in $tmp/err.
run() {
  # shellcheck disable=SC2086 # $clean is a list of options
  env $clean "$1=$2" "$probe" >"$tmp/out" 2>"$tmp/err"
}
used() { sed -n "s/^$1=//p" "$tmp/out"; }
warnings() { grep -c '^infinirt: warning: ' "$tmp/err"; }
fail() {
  echo "FAIL: $*"
  sed 's/^/  stderr: /' "$tmp/err"
  fails=$((fails + 1))
}

# good VAR VALUE EXPECTED: accepted silently, EXPECTED used.
good() {
  run "$1" "$2"
  got=$(used "$1")
  if [ "$(warnings)" != 0 ]; then fail "$1=\"$2\" warned"
  elif [ "$got" != "$3" ]; then fail "$1=\"$2\" gave '$got', expected '$3'"
  else echo "ok: $1=\"$2\" -> $got"; fi
}

# bad VAR VALUE FALLBACK_USED FALLBACK_TEXT: one warning line that names the
# variable, the value and FALLBACK_TEXT; FALLBACK_USED used.
bad() {
  run "$1" "$2"
  got=$(used "$1")
  line=$(grep '^infinirt: warning: ' "$tmp/err")
  case $line in
    "infinirt: warning: $1=\"$2\" is not "*"; using $4") right=1 ;;
    *) right=0 ;;
  esac
  if [ "$(warnings)" != 1 ]; then fail "$1=\"$2\": $(warnings) warning lines"
  elif [ $right != 1 ]; then fail "$1=\"$2\": warning '$line'"
  elif [ "$got" != "$3" ]; then fail "$1=\"$2\" gave '$got', expected '$3'"
  else echo "ok: $1=\"$2\" -> $got: $line"; fi
}

# The device type with the variable unset (an accelerator where one has
# devices) is the fallback of a rejected INFINIRT_DEVICE_TYPE.
env $clean "$probe" >"$tmp/out" 2>"$tmp/err" || { fail "probe failed"; exit 1; }
[ "$(warnings)" = 0 ] || fail "warnings with no variable set"
auto=$(used INFINIRT_DEVICE_TYPE)

for v in 1 true TRUE On yes YES; do good INFINIRT_TRACE $v 1; done
for v in 0 false FALSE off Off no No ""; do good INFINIRT_TRACE "$v" 0; done
# Off until infinirtProfilerStart (unit.trace_profiler follows the range).
for v in profiler PROFILER Profiler; do good INFINIRT_TRACE $v 0; done
for v in maybe 2 -1 tru "on "; do
  bad INFINIRT_TRACE "$v" 0 "0 (off)"
done

for v in cpu CPU Cpu 0; do good INFINIRT_DEVICE_TYPE $v cpu; done
for v in nvidia NVIDIA Nvidia 1; do good INFINIRT_DEVICE_TYPE $v nvidia; done
for v in null Null 2; do good INFINIRT_DEVICE_TYPE $v null; done
good INFINIRT_DEVICE_TYPE "" "$auto"
for v in gpu cuda GPU 3 99 -1 "cpu " abc; do
  bad INFINIRT_DEVICE_TYPE "$v" "$auto" \
    "the first accelerator type with devices, else cpu"
done

for v in 1 2 +3 64; do good INFINIRT_CPU_DEVICE_COUNT $v "${v#+}"; done
for v in 0 65 abc -1 2x 1.0; do bad INFINIRT_CPU_DEVICE_COUNT "$v" 1 1; done

for v in 0 30 1000 1000000; do good INFINIRT_CPU_SPIN_US $v $v; done
for v in -1 1000001 abc 10us; do bad INFINIRT_CPU_SPIN_US "$v" 30 30; done

# A path: never parsed, never warned about; a missing one is named in the
# NVIDIA backend's reason (where the backend is compiled in and no later
# path loads a driver).
lib=/nonexistent/infinirt-env-test/libcuda.so.1
run INFINIRT_CUDA_LIBRARY "$lib"
reason=$(used nvidia)
if [ "$(warnings)" != 0 ]; then fail "INFINIRT_CUDA_LIBRARY warned"
else
  case $reason in
    "0 "*"not compiled"* | [1-9]*) echo "ok: INFINIRT_CUDA_LIBRARY: $reason" ;;
    *"INFINIRT_CUDA_LIBRARY=$lib"*) echo "ok: INFINIRT_CUDA_LIBRARY named" ;;
    *) fail "INFINIRT_CUDA_LIBRARY not named in the reason: $reason" ;;
  esac
fi

[ $fails -eq 0 ] && echo "env_vars: all checks passed" && exit 0
echo "env_vars: $fails check(s) failed"
exit 1
