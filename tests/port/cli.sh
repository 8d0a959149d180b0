#!/bin/sh
# port.cli: infinirt-port's command line and rules on small inputs: the
# options and exit statuses, the rename rule's edges, what is left alone
# (literals, #error text, nvcc's macros, mixed-case names), the program's
# own names, and -i leaving a ported file untouched.
#   cli.sh TOOL WORK
set -u
tool=$1 work=$2
status=0
fail() { echo "FAIL: $*"; status=1; }
ok() { echo "ok: $*"; }
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1

# --help and --version.
"$tool" --help >help.txt 2>&1 && ok "--help" || fail "--help exited non-zero"
for word in --in-place --check --output --twin --include-dir --quiet; do
  grep -q -- "$word" help.txt || fail "--help does not mention $word"
done
"$tool" --version | grep -q '^infinirt-port (InfiniRT ' && ok "--version" ||
  fail "--version"

# The rename rule, name by name.
twins() {
  while [ $# -ge 2 ]; do
    got=$("$tool" --twin "$1")
    [ "$got" = "$2" ] && ok "$1 -> $2" || fail "$1 -> '$got', expected $2"
    shift 2
  done
}
twins cudaMalloc infinirtMalloc cudaStream_t infinirtStream_t \
  CUDART_VERSION INFINIRTRT_VERSION CUDART_CB INFINIRTRT_CB \
  CUDA_IPC_HANDLE_SIZE INFINIRT_IPC_HANDLE_SIZE \
  __CUDART_API_PER_THREAD_DEFAULT_STREAM __INFINIRTRT_API_PER_THREAD_DEFAULT_STREAM \
  CUDA_API_PER_THREAD_DEFAULT_STREAM INFINIRT_API_PER_THREAD_DEFAULT_STREAM \
  make_cudaPitchedPtr make_infinirtPitchedPtr dim3 infinirtDim3 \
  CUDA_VERSION INFINIRTRT_VERSION __CUDACC__ __CUDACC__ \
  __CUDA_ARCH__ __CUDA_ARCH__ checkCudaErrors checkCudaErrors \
  barracuda barracuda my_cuda_buf my_infinirt_buf dim3x dim3x \
  infinirtMalloc infinirtMalloc

# Literals, comments, #error text and includes.
cat >edge.c <<'X'
#include <cuda_runtime.h>
#include "cuda_runtime_api.h"
#include "helper_cuda.h"
/* CUDA and cuda stay words; cudaFree and CUDART_VERSION are renamed. */
// cudaMemcpy: one more
static const char *msg = "cudaMalloc failed: CUDA_ERROR";
static const char c = 'c', *raw = R"x(cudaFree "cuda")x";
static int n = 1'000;
float *cudaBuf = 0;
#ifdef __CUDACC__
#error CUDA only
#endif
int f(void) { return cudaBuf != 0 && cudaGetLastError() == cudaSuccess; }
X
"$tool" edge.c >edge.out 2>edge.report || fail "porting edge.c"
check_line() {
  grep -qxF -- "$1" edge.out && ok "kept/made: $1" || fail "no line: $1"
}
check_line '#include <infinirt_runtime.h>'
check_line '#include "infinirt_runtime_api.h"'
check_line '#include "helper_cuda.h"'
check_line '/* CUDA and cuda stay words; infinirtFree and INFINIRTRT_VERSION are renamed. */'
check_line '// infinirtMemcpy: one more'
check_line 'static const char *msg = "cudaMalloc failed: CUDA_ERROR";'
check_line "static const char c = 'c', *raw = R\"x(cudaFree \"cuda\")x\";"
check_line "static int n = 1'000;"
check_line 'float *infinirtBuf = 0;'
check_line '#ifdef __CUDACC__'
check_line '#error CUDA only'
check_line 'int f(void) { return infinirtBuf != 0 && infinirtGetLastError() == infinirtSuccess; }'
grep -q 'infinirtBuf' edge.report && fail "the program's own infinirtBuf is reported"
grep -q '^edge.c:3: note: "helper_cuda.h"' edge.report && ok "helper_cuda.h noted" ||
  fail "helper_cuda.h not noted"
grep -q '^edge.c:10: note: __CUDACC__' edge.report && ok "__CUDACC__ noted" ||
  fail "__CUDACC__ not noted"

# Standard input and -o.
"$tool" - <edge.c >stdin.out 2>stdin.report && cmp -s stdin.out edge.out &&
  grep -q '^<stdin>:3: ' stdin.report && ok "standard input" ||
  fail "standard input"
"$tool" -o o.c edge.c 2>/dev/null && cmp -s o.c edge.out && ok "-o" || fail "-o"

# --check: 0 nothing, 1 changes, 2 unportable, 3 both; the files listed.
printf 'int main(void) { return 0; }\n' >clean.c
printf '#include <cuda_runtime.h>\nint main(void) { return cudaDeviceReset(); }\n' >portable.c
printf 'void k(void) { __syncthreads(); }\n__global__ void g(void) {}\n' >kernel.c
printf '__global__ void g(void) { int *p; cudaMalloc((void **)&p, 4); }\n' >both.c
for pair in clean.c:0 portable.c:1 kernel.c:2 both.c:3; do
  f=${pair%:*} want=${pair#*:}
  out=$("$tool" --check "$f" 2>/dev/null)
  rc=$?
  [ $rc -eq "$want" ] && ok "--check $f: $rc" ||
    fail "--check $f exited with $rc, expected $want"
  listed=0
  [ "$out" = "$f" ] && listed=1
  [ $((want & 1)) -eq $listed ] || fail "--check $f listed '$out'"
done
"$tool" --check clean.c portable.c >/dev/null 2>&1
[ $? -eq 1 ] && ok "--check over two files" || fail "--check over two files"
"$tool" kernel.c >/dev/null 2>&1
[ $? -eq 0 ] && ok "without --check the status is 0" ||
  fail "plain run on kernel.c exited non-zero"
"$tool" -q both.c 2>&1 >/dev/null | grep -q ': note: ' && fail "-q printed a note"

# -i: rewrites, then leaves the ported file alone (same bytes, same time).
cp portable.c a.c
cp portable.c b.c
"$tool" -i a.c b.c 2>/dev/null || fail "-i exited non-zero"
grep -q 'infinirtDeviceReset' a.c && grep -q 'infinirtDeviceReset' b.c &&
  ok "-i rewrote both files" || fail "-i did not rewrite"
touch -t 200001010000 a.c
"$tool" -i a.c 2>/dev/null
[ -n "$(find a.c ! -newermt 2000-01-02)" ] && ok "-i leaves a ported file untouched" ||
  fail "-i rewrote a file that needed nothing"
ls .infinirt-port-* >/dev/null 2>&1 && fail "-i left a temporary file"

# Usage errors.
expect_rc() {
  want=$1
  shift
  "$tool" "$@" >/dev/null 2>&1
  rc=$?
  [ $rc -eq "$want" ] && ok "$* -> $rc" || fail "$* exited with $rc, expected $want"
}
expect_rc 64 --no-such-option edge.c
expect_rc 64 edge.c clean.c
expect_rc 64
expect_rc 64 -i -
expect_rc 64 -i --check edge.c
expect_rc 66 no-such-file.c
expect_rc 78 --include-dir "$work" edge.c
[ $status -eq 0 ] && echo "cli: all checks passed"
exit $status
