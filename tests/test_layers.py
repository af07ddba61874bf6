"""Imports run app_pages -> (figures, deck) -> metrics -> data and never back; only app_pages/ (and app.py) import
Streamlit.

Reads every .py file of every top-level package (and app.py) with `ast`, resolving relative
imports, and also catches `importlib.import_module("...")` / `__import__("...")` with a literal name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# layer -> top-level packages it must not import. Every top-level package must be listed here.
FORBIDDEN = {
    "data": {"metrics", "figures", "deck", "app_pages", "streamlit"},
    "metrics": {"figures", "deck", "app_pages", "streamlit"},
    "figures": {"deck", "app_pages", "streamlit"},
    "deck": {"app_pages", "streamlit"},
    "app_pages": set(),
    "bench": set(),  # benchmarks drive every layer, AppTest included
    # the deployment tool builds the database (data) and serves Streamlit's own front-end files (it reads the
    # installed package's static folder); it never draws a page or computes a figure
    "deploy": {"metrics", "figures", "deck", "app_pages"},
}
LAYERS = tuple(FORBIDDEN)
IGNORED = {"tests", "docs", "var"}


def test_every_package_has_a_layer():
    """A new top-level package must be given its place in FORBIDDEN, or the layer rules would miss it."""
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if not path.parent.name.startswith(".") and path.parent.name not in IGNORED
    }
    assert packages <= set(FORBIDDEN), f"packages without a layer: {sorted(packages - set(FORBIDDEN))}"


def source_files() -> list[Path]:
    files = [path for layer in LAYERS for path in sorted((ROOT / layer).rglob("*.py"))]
    if (ROOT / "app.py").exists():
        files.append(ROOT / "app.py")
    return [path for path in files if ".venv" not in path.parts]


def module_name(path: Path) -> str:
    """data/build/common.py -> data.build.common ; data/__init__.py -> data."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in `source`."""
    found: list[tuple[int, str]] = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from ..pages import x
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, node.module] if node.module else base)
                names = [target] if node.module else [f"{target}.{a.name}".lstrip(".") for a in node.names]
                found.extend((node.lineno, name) for name in names)
            else:
                found.append((node.lineno, node.module or ""))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"import_module", "__import__"} and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def violations(path: Path, source: str) -> list[str]:
    layer = path.relative_to(ROOT).parts[0]
    forbidden = FORBIDDEN.get(layer, set())
    module = module_name(path)
    result = []
    for line, name in imported_modules(source, module, path.name == "__init__.py"):
        if name.split(".")[0] in forbidden:
            result.append(f"{path.relative_to(ROOT)}:{line}: {layer}/ must not import {name!r}")
    return result


def test_layer_imports_point_downwards():
    problems: list[str] = []
    for path in source_files():
        try:
            problems.extend(violations(path, path.read_text(encoding="utf-8")))
        except SyntaxError as exc:
            problems.append(f"{path.relative_to(ROOT)}:{exc.lineno}: cannot be parsed: {exc.msg}")
    for problem in problems:
        print(problem)
    assert not problems, "layer violations (imports must run app_pages -> metrics -> data):\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        ("data/queries.py", "import streamlit as st", ["streamlit"]),
        ("data/queries.py", "from metrics.registry import x", ["metrics.registry"]),
        ("data/build/common.py", "from ...app_pages import ui", ["app_pages"]),
        ("data/queries.py", "from .. import metrics", ["metrics"]),
        ("metrics/registry.py", "import importlib\nimportlib.import_module('app_pages.ui')", ["app_pages.ui"]),
        ("metrics/registry.py", "from data import queries\nimport pandas", []),
        ("app_pages/overview.py", "import streamlit as st\nfrom metrics import registry", []),
        ("figures/charts.py", "import streamlit as st", ["streamlit"]),
        ("figures/charts.py", "from app_pages.ui import cache", ["app_pages.ui"]),
        ("deck/model.py", "from figures import charts\nfrom metrics import progress", []),
        ("deck/model.py", "from app_pages.ui.i18n import t", ["app_pages.ui.i18n"]),
        ("metrics/progress.py", "from figures import charts", ["figures"]),
        ("deploy/topology.py", "import streamlit\nfrom data.loader import build_database", []),
        ("deploy/topology.py", "from app_pages.ui import cache", ["app_pages.ui"]),
    ],
)
def test_checker_catches_violations(path, source, expected):
    """The checker itself: relative imports are resolved, allowed directions pass."""
    found = violations(ROOT / path, source)
    assert [v.split("must not import ")[1].strip("'") for v in found] == expected
