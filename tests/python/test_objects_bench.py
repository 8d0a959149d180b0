"""bench/python/bench_calls.py runs (--quick) and prints its table. No
timing is asserted."""

import os
import subprocess
import sys

import infinirt
from _support import NUMPY  # noqa: F401  (the suite's skip rule)

BENCH = os.path.join(os.path.dirname(__file__), "..", "..", "bench", "python",
                     "bench_calls.py")


def test_bench_calls_quick():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(os.path.dirname(infinirt.__file__)),
         env.get("PYTHONPATH", "")])
    out = subprocess.run([sys.executable, BENCH, "--quick", "--type", "cpu"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "| EventRecord | infinirt.runtime |" in out.stdout
    assert "| MemcpyAsync4 | ctypes |" in out.stdout
