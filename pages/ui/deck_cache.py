"""The collegium's caches (Streamlit): payloads, snapshot lists, slide images and exported files.

Images and files are keyed on the payload's SHA-256 and the language, so a frozen deck is rendered once per
process and every later download or presenter step is instant. `clear()` runs after a freeze.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from data import snapshots
from deck import export, source
from deck.images import render_pngs
from deck.slide_figures import figure_size, slide_figure
from pages.ui import cache

LIVE_TTL = 600


def sha(payload: dict[str, Any]) -> str:
    """The SHA-256 of a payload's canonical JSON (the key of its images and files)."""
    return snapshots.sha256(snapshots.canonical_json(payload))


@st.cache_data(ttl=LIVE_TTL, show_spinner=False, max_entries=8)
def _live(url: str, statuses: tuple[str, ...], meeting: str, hour: str) -> dict[str, Any]:
    """Today's payload for one database, data statuses, meeting date and hour."""
    frozen = datetime.fromisoformat(hour)
    return source.live_payload(cache.engine(), date.fromisoformat(meeting), statuses, frozen_at=frozen)


def live_payload(statuses: tuple[str, ...], meeting: date | None = None) -> dict[str, Any]:
    """Today's figures as a payload (cached for LIVE_TTL; frozen_at rounded to the hour so the cache is stable)."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return _live(cache.data_key(), tuple(statuses), (meeting or now.date()).isoformat(), now.isoformat())


@st.cache_data(ttl=60, show_spinner=False)
def _list(url: str) -> pd.DataFrame:
    """The snapshot list of one database."""
    return snapshots.snapshots(cache.engine())


def snapshot_list() -> pd.DataFrame:
    """Every stored snapshot (no payloads), newest meeting first."""
    return _list(cache.data_key())


@st.cache_data(show_spinner=False, max_entries=16)
def _snapshot(url: str, snapshot_id: int, stored_sha: str) -> snapshots.Snapshot:
    """One snapshot of one database (the stored SHA in the key: a replaced snapshot is read again)."""
    return snapshots.load(cache.engine(), snapshot_id)


def snapshot(snapshot_id: int) -> snapshots.Snapshot:
    """One stored snapshot with its payload (SnapshotNotFoundError / SnapshotIntegrityError as the data layer)."""
    listed = snapshot_list()
    row = listed[listed["id"] == int(snapshot_id)]
    stored_sha = str(row["payload_sha256"].iloc[0]) if len(row) else ""
    return _snapshot(cache.data_key(), int(snapshot_id), stored_sha)


@st.cache_data(ttl=60, show_spinner=False)
def _latest(url: str) -> snapshots.Snapshot | None:
    """The latest snapshot of one database."""
    return snapshots.latest(cache.engine())


def latest_snapshot() -> snapshots.Snapshot | None:
    """The snapshot of the most recent meeting (a meeting frozen ahead of its date included), or None."""
    return _latest(cache.data_key())


@st.cache_data(show_spinner=False, max_entries=256)
def _slide_png(payload_sha: str, lang: str, key: str, _payload: dict[str, Any]) -> bytes:
    """One figure's PNG, keyed on the payload's SHA (the payload itself is not hashed by Streamlit)."""
    fig = slide_figure(_payload, lang, key)
    return render_pngs({key: fig}, {key: figure_size(key)})[key] if fig is not None else b""


def slide_png(payload: dict[str, Any], lang: str, key: str) -> bytes:
    """The PNG of one slide's figure (rendered once per payload, language and figure)."""
    return _slide_png(sha(payload), lang, key, payload)


@st.cache_data(show_spinner=False, max_entries=8)
def _files(payload_sha: str, lang: str, _payload: dict[str, Any]) -> tuple[bytes, bytes]:
    """Both files, keyed on the payload's SHA."""
    result = export.export(_payload, lang)
    return result.pptx, result.pdf


def files(payload: dict[str, Any], lang: str) -> tuple[bytes, bytes]:
    """The deck as (.pptx, .pdf) bytes, produced once per payload and language."""
    return _files(sha(payload), lang, payload)


def clear() -> None:
    """Forget the snapshot lists (after a freeze); images and files stay valid (keyed on content)."""
    _list.clear()
    _latest.clear()
    _snapshot.clear()
