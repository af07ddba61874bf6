"""No module imports or touches a private name of Streamlit or kaleido: an upgrade may change those at will.

Reads every .py file of every layer (and app.py) with `ast`: imports of `streamlit.runtime` (Streamlit's
internals) or of any `_`-prefixed module or name of streamlit or kaleido, and attribute access of a
`_`-prefixed name on a streamlit/kaleido module or on a class imported from them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.test_layers import ROOT, source_files

PACKAGES = ("streamlit", "kaleido")
INTERNAL = ("streamlit.runtime",)


def _private(dotted: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in dotted.split("."))


def _ours(module: str) -> bool:
    return module.split(".")[0] in PACKAGES


def problems(source: str) -> list[str]:
    """What in `source` reaches into streamlit or kaleido internals (line: what)."""
    found: list[str] = []
    names: set[str] = set()  # local names bound to streamlit/kaleido modules or objects
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _ours(alias.name):
                    names.add((alias.asname or alias.name).split(".")[0])
                    if _private(alias.name) or alias.name.startswith(INTERNAL):
                        found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and _ours(node.module):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.add(alias.asname or alias.name)
                if _private(full) or full.startswith(INTERNAL):
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                root = base
                while isinstance(root, ast.Attribute):
                    root = root.value
                if isinstance(root, ast.Name) and root.id in names:
                    found.append(f"{node.lineno}: class {node.name} subclasses {ast.unparse(base)}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        root = node.value
        while isinstance(root, ast.Attribute):
            root = root.value
        if not (isinstance(root, ast.Name) and root.id in names):
            continue
        if (node.attr.startswith("_") and not node.attr.startswith("__")) or node.attr == "runtime":
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_private_streamlit_or_kaleido_interface():
    bad = {}
    for path in source_files():
        found = problems(path.read_text(encoding="utf-8"))
        if found:
            bad[str(path.relative_to(ROOT))] = found
    assert not bad, f"private interfaces of streamlit/kaleido in use (see docs/ARCHITECTURE.md): {bad}"


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("from streamlit.runtime.pages_manager import PagesManager", True),
        ("import streamlit.runtime.scriptrunner", True),
        ("import streamlit as st\nst.runtime.exists()", True),
        ("import streamlit as st\nst._config.get_option('x')", True),
        ("from streamlit import _private_thing", True),
        ("import kaleido\nclass Warm(kaleido.Kaleido):\n    pass", True),
        ("import kaleido\nkaleido._global_server.close()", True),
        ("from kaleido import Kaleido\nk = Kaleido()\nKaleido._return_kaleido_tab", True),
        ("import kaleido\nkaleido.calc_fig_sync(None)", False),
        ("import streamlit as st\nst.cache_data.clear()\nx.__class__", False),
        ("import pandas as pd\npd._libs", False),
    ],
)
def test_the_scan_catches_private_use(source, caught):
    assert bool(problems(source)) is caught


def test_files_are_read():
    assert any(p.name == "images.py" for p in source_files()) and (ROOT / "deck" / "images.py").exists()
    assert Path(ROOT / "app.py") in source_files()
