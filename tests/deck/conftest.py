"""Fixtures of the collegium tests: a writable database per test, a frozen payload, one exported deck.

The exported deck (images through kaleido and Debian's Chromium) is produced once per session and shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deck.common import FROZEN_AT, MEETING, STATUSES


@pytest.fixture
def fresh_engine(tmp_path: Path):
    """A new SQLite database (schema, reference and demonstration data) that a test may write to."""
    from data.db import make_engine
    from data.loader import build_database

    engine = make_engine(f"sqlite:///{tmp_path / 'collegium.sqlite3'}")
    build_database(engine, demo=True)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def payload(reference_engine) -> dict:
    """Today's figures of the reference database (reported and official data) as a collegium payload."""
    from deck.source import live_payload

    return live_payload(reference_engine, MEETING, STATUSES, frozen_at=FROZEN_AT)


@pytest.fixture(scope="session")
def exported(payload):
    """The Azerbaijani deck of `payload` as .pptx and .pdf (deck.export.Export)."""
    from deck.export import export

    return export(payload, "az")
