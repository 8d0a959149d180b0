"""infinirt.runtime has one function per row of the API table.

The table is read here independently of the generator: a row added to
src/core/api.def must appear in the module with no Python code touched.
"""
import os
import re

from conftest import SOURCE_DIR
from infinirt import _infinirt


def api_def_names():
    """The C names of src/core/api.def's X, CORE and ERRORS rows."""
    path = os.path.join(SOURCE_DIR, "src", "core", "api.def")
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    return ["infinirt" + m.group(1) for m in
            re.finditer(r"^\s*(?:X|CORE|ERRORS)\(\s*(\w+)", text, re.M)]


HELPERS = {"infinirtExtGetLastErrorDetail", "infinirtExtGetDeviceTypeName"}


def test_function_list_equals_table(rt):
    table = api_def_names()
    assert len(table) == len(set(table))
    assert len(table) == rt.API_TABLE_ROWS
    funcs = {n for n in dir(_infinirt) if n.startswith("infinirt")}
    assert funcs == set(table) | HELPERS
    assert set(rt.FUNCTIONS) == funcs
    for name in table:
        assert callable(getattr(rt, name)), name
