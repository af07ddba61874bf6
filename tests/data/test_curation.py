"""The curation rebuilds data/reference/ from data/curation/ alone, byte for byte."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from data.build import curate_reference
from data.build.common import CURATION_DIR, SHARED_REFERENCE
from data.config import REFERENCE_DIR

# Written by hand and read by the boundary build, not by the curation.
HAND_MADE = {"boundary_crosswalk.csv"}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curation's output in a temporary directory."""
    out = tmp_path_factory.mktemp("reference")
    curate_reference.build(SHARED_REFERENCE, out)
    return out


def test_rebuild_writes_every_reference_file(rebuilt: Path) -> None:
    """Every file of data/reference/ except the hand-made ones is written by the curation, and nothing else."""
    committed = {p.name for p in REFERENCE_DIR.glob("*.csv")} - HAND_MADE
    assert {p.name for p in rebuilt.glob("*.csv")} == committed


@pytest.mark.parametrize("name", sorted({p.name for p in REFERENCE_DIR.glob("*.csv")} - HAND_MADE))
def test_reference_file_is_the_curations_output(rebuilt: Path, name: str) -> None:
    """data/reference/<name> is byte-identical to a fresh run (edit data/curation/, then re-run the curation)."""
    committed = (REFERENCE_DIR / name).read_bytes()
    fresh = (rebuilt / name).read_bytes()
    if committed != fresh:
        old, new = committed.decode().splitlines(), fresh.decode().splitlines()
        first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
        pytest.fail(
            f"data/reference/{name} differs from the curation's output at line {first + 1} "
            f"(re-run `python -m data.build.curate_reference`):\n"
            f"  committed: {old[first] if first < len(old) else '<end>'}\n"
            f"  curation:  {new[first] if first < len(new) else '<end>'}"
        )


def test_vendored_snapshot_matches_its_checksums() -> None:
    """The vendored reference set is unchanged since its snapshot (SNAPSHOT.md lists every file's SHA-256)."""
    text = (SHARED_REFERENCE / "SNAPSHOT.md").read_text(encoding="utf-8")
    listed = dict((name, digest) for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", text, re.M))
    present = {p.name for p in SHARED_REFERENCE.iterdir()} - {"SNAPSHOT.md"}
    assert set(listed) == present
    for name, digest in listed.items():
        assert hashlib.sha256((SHARED_REFERENCE / name).read_bytes()).hexdigest() == digest, name


def test_curation_reads_only_files_inside_the_repository() -> None:
    """The inputs live under data/curation/ (a fresh clone needs nothing outside the repository)."""
    repo = Path(__file__).resolve().parents[2]
    assert CURATION_DIR.is_relative_to(repo) and SHARED_REFERENCE.is_relative_to(repo)
