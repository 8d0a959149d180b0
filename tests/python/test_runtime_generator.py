"""python/gen_runtime.py on modified copies of the API table: a new row
becomes a function with no Python code touched; a parameter nothing maps
stops the generator with an error naming it."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import SOURCE_DIR

GEN = os.path.join(SOURCE_DIR, "python", "gen_runtime.py")
API_DEF = os.path.join(SOURCE_DIR, "src", "core", "api.def")
CC = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")


def generate(tmp_path, extra_row):
    text = open(API_DEF).read()
    # The new row goes after the last CORE row, before the #ifdef tail.
    anchor = "#ifdef INFINIRT_API_DEF_DEFAULT_CORE"
    api_def = tmp_path / "api.def"
    api_def.write_text(text.replace(anchor, extra_row + "\n" + anchor))
    return subprocess.run(
        [sys.executable, GEN, "--cc", CC, "--api-def", str(api_def),
         "--include", os.path.join(SOURCE_DIR, "include"),
         "--out-c", str(tmp_path / "gen.c"),
         "--out-py", str(tmp_path / "gen.py")],
        capture_output=True, text=True)


@pytest.mark.skipif(CC is None, reason="no C compiler for the preprocessor")
def test_new_row_becomes_a_function(tmp_path):
    r = generate(tmp_path, "CORE(ExtFutureCall, (infinirtStream_t stream, "
                 "int *value), (stream, value), (OUT(value)))")
    assert r.returncode == 0, r.stderr
    py = (tmp_path / "gen.py").read_text()
    assert "infinirtExtFutureCall = _C.infinirtExtFutureCall" in py
    c = (tmp_path / "gen.c").read_text()
    assert re.search(r"infinirtExtFutureCall\(stream\) -> \(err, value\)", c)
    assert "err = infinirtExtFutureCall(a_stream, &a_value);" in c


@pytest.mark.skipif(CC is None, reason="no C compiler for the preprocessor")
def test_unmapped_parameter_fails_loudly(tmp_path):
    # A non-const int * that is no OUT of its row and no rule's: input or
    # output? The generator refuses to guess.
    r = generate(tmp_path, "CORE(ExtAmbiguous, (int *value), (value), ())")
    assert r.returncode != 0
    assert "ExtAmbiguous" in r.stderr and "value" in r.stderr
    r = generate(tmp_path, "CORE(ExtUnknownType, (struct infinirtNoSuch x),"
                 " (x), ())")
    assert r.returncode != 0 and "ExtUnknownType" in r.stderr
