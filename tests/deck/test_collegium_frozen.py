"""A frozen meeting stays as presented: after new data is imported, the snapshot's deck still shows the frozen
numbers (the same text and the same images) while today's progress and deck show the new figure."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader
from sqlalchemy import insert

from data import queries, snapshots
from data import schema as s
from data.periods import parse_period
from deck.export import export
from deck.source import live_payload
from metrics.network import with_register_counts
from metrics.progress import progress
from metrics.snapshot import compare
from tests.deck.common import FROZEN_AT, MEETING, STATUSES

CODE = "adoptions"
TITLE = "Övladlığa verilən uşaqlar"


def slide_texts(pptx: bytes) -> list[str]:
    """Every slide's text (shapes and notes), one string per slide."""
    out = []
    for slide in Presentation(io.BytesIO(pptx)).slides:
        parts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        parts += [c.text for sh in slide.shapes if sh.has_table for row in sh.table.rows for c in row.cells]
        parts.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
        out.append("\n".join(parts).replace("\u00a0", " "))
    return out


def pdf_texts(pdf: bytes) -> list[str]:
    """Every PDF page's text."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def image_hashes(pptx: bytes) -> list[str]:
    """The SHA-256 of every picture, in slide order."""
    return [
        hashlib.sha256(sh.image.blob).hexdigest()
        for slide in Presentation(io.BytesIO(pptx)).slides
        for sh in slide.shapes
        if sh.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]


def import_official_figure(engine, value: float, period: str = "2026", status: str = "official") -> None:
    """Insert an official (imported) national figure of CODE, as the ministry's import would (or one of `status`)."""
    p = parse_period(period)
    source = queries.observations(engine, indicator_codes=[CODE], geo_level="country")["source_id"].iloc[-1]
    with engine.begin() as conn:
        conn.execute(
            insert(s.observations).values(
                indicator_code=CODE,
                geo_level="country",
                geo_code="AZ",
                period=p.text,
                period_start=p.start,
                period_end=p.end,
                period_type=p.type,
                value=value,
                value_text=str(int(value)),
                data_status=status,
                source_id=source,
                is_preferred=True,
                recorded_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )


def national(engine):
    obs = queries.observations(engine, geo_level="country", statuses=STATUSES)
    fstatus = queries.facility_status(engine, statuses=STATUSES)
    obs = with_register_counts(obs, queries.facilities(engine), fstatus, FROZEN_AT.date())  # as the pages do
    prog = progress(queries.indicators(engine), queries.targets(engine), obs)
    return prog.set_index("indicator_code")


def adoption_slide(texts: list[str]) -> str:
    return next(t for t in texts if t.startswith(TITLE))


@pytest.fixture
def frozen(fresh_engine):
    """A snapshot of the fresh database, and the deck produced from it before any import."""
    payload = live_payload(fresh_engine, MEETING, STATUSES, frozen_at=FROZEN_AT)
    sid = snapshots.save(fresh_engine, MEETING, payload, STATUSES, frozen_at=FROZEN_AT.replace(tzinfo=None))
    before = export(snapshots.load(fresh_engine, sid).payload, "az")
    return sid, before


def test_snapshot_deck_keeps_the_frozen_numbers_after_an_import(fresh_engine, frozen):
    sid, before = frozen
    assert national(fresh_engine).loc[CODE, "latest_value"] == 149.0
    assert "149" in adoption_slide(slide_texts(before.pptx))

    import_official_figure(fresh_engine, 171.0)

    now = national(fresh_engine).loc[CODE]
    assert (now["latest_value"], now["latest_period"], now["latest_data_status"]) == (171.0, "2026", "official")
    assert now["status"] == "achieved"

    snap = snapshots.load(fresh_engine, sid)
    again = export(snap.payload, "az")
    assert slide_texts(again.pptx) == slide_texts(before.pptx)
    assert image_hashes(again.pptx) == image_hashes(before.pptx)
    frozen_slide = adoption_slide(slide_texts(again.pptx))
    assert "149" in frozen_slide and "171" not in frozen_slide
    assert "risk altında" in frozen_slide
    assert pdf_texts(again.pdf) == pdf_texts(before.pdf)
    assert "149" in pdf_texts(again.pdf)[again.deck.titles().index(TITLE)]


def test_today_shows_the_new_figure_and_the_change_since_the_meeting(fresh_engine, frozen):
    sid, _ = frozen
    import_official_figure(fresh_engine, 171.0)

    live = live_payload(fresh_engine, MEETING, STATUSES)
    today = export(live, "az")
    slide = adoption_slide(slide_texts(today.pptx))
    assert "171" in slide and "hədəfə çatılıb" in slide

    comparison = compare(national(fresh_engine).reset_index(), snapshots.load(fresh_engine, sid).payload)
    row = comparison.set_index("indicator_code").loc[CODE]
    assert (row["then_value"], row["now_value"], row["change"]) == (149.0, 171.0, 22.0)
    assert row["new_data"] and row["better"] is True and row["status_change"] == "better"
    assert (row["then_status"], row["now_status"]) == ("at_risk", "achieved")
    others = comparison[comparison["indicator_code"] != CODE]
    assert not others["new_data"].any()
