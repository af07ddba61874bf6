"""The deck as a document staff keep and edit: native charts holding the frozen figures, alt texts, slide-number
fields, a language on every run, source links; and the command that exports it without the browser."""

from __future__ import annotations

import io
import json
import os
import pwd
import socket
import subprocess
import sys
from datetime import date

import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from deck import native
from deck.model import build_deck
from deck.slide_figures import points_frame
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def prs(exported):
    return Presentation(io.BytesIO(exported.pptx))


def chart_of(slide):
    charts = [sh.chart for sh in slide.shapes if sh.has_chart]
    return charts[0] if charts else None


def test_every_indicator_with_dated_figures_has_a_native_chart_holding_them(prs, payload):
    """For every indicator: its observed points are inside the chart's data, at their dates (Excel serial days)."""
    first = [s.kind for s in build_deck(payload, "az").slides].index("indicator")
    slides = list(prs.slides)[first : first + len(payload["indicators"])]
    checked = 0
    for it, slide in zip(payload["indicators"], slides, strict=True):
        pts = points_frame(it).dropna(subset=["value"])
        chart = chart_of(slide)
        if pts.empty:
            assert chart is None, it["code"]
            continue
        assert chart is not None, it["code"]
        found = set()
        for plot in chart.plots:
            for series in plot.series:
                xs = series._element.xpath("./c:xVal//c:v")
                found |= {(round(float(x.text)), round(float(y), 6)) for x, y in zip(xs, series.values, strict=True)}
        expected = {
            (round(native.excel_serial(x.date())), round(v, 6)) for x, v in zip(pts["x"], pts["value"], strict=True)
        }
        assert expected <= found, (it["code"], sorted(expected - found)[:5])
        assert it["name_az"] in chart.chart_title.text_frame.text
        checked += 1
    assert checked >= 10


def test_a_gap_in_a_trace_splits_the_series_so_no_line_crosses_it():
    fig = go.Figure(go.Scatter(x=["2018-12-31", "2019-12-31", None, "2024-12-31", "2025-12-31"], y=[1, 2, None, 3, 4]))
    fig.data[0].name = "Observed"
    series = native.series_of(fig)
    assert [s.name for s in series] == ["Observed (1)", "Observed (2)"]
    assert [len(s.points) for s in series] == [2, 2]
    assert series[0].points[-1][0] == date(2019, 12, 31) and series[1].points[0][0] == date(2024, 12, 31)


def test_every_picture_has_a_real_alt_text(prs):
    for i, slide in enumerate(prs.slides):
        for sh in slide.shapes:
            if sh.shape_type == MSO_SHAPE_TYPE.PICTURE:
                alt = sh._element.nvPicPr.cNvPr.get("descr") or ""
                assert len(alt) > 20 and not alt.lower().endswith((".png", ".jpg")), (i + 1, alt)


def test_slide_numbers_are_fields(prs):
    for i, slide in enumerate(prs.slides):
        fields = slide.shapes._spTree.xpath(".//a:fld[@type='slidenum']")
        assert len(fields) == 1, f"slide {i + 1}"


@pytest.mark.parametrize("lang", ["az", "en"])
def test_every_run_carries_the_deck_language(payload, lang):
    from deck.slide_figures import slide_figures
    from deck.to_pptx import write_pptx

    deck = build_deck(payload, lang)
    prs = Presentation(io.BytesIO(write_pptx(deck, {}, None, slide_figures(payload, lang))))
    expected = {"az": "az-Latn-AZ", "en": "en-GB"}[lang]
    for i, slide in enumerate(prs.slides):
        parts = [slide.shapes._spTree]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.shapes._spTree)
        for part in parts:
            for run in part.iter(qn("a:r"), qn("a:fld")):
                rpr = run.find(qn("a:rPr"))
                assert rpr is not None and rpr.get("lang") == expected, (i + 1, run.xpath("string(.)"))


def test_sources_with_an_address_are_links(prs, payload):
    addresses = {it["source"]["url"] for it in payload["indicators"] if it.get("source") and it["source"].get("url")}
    links = {rel.target_ref for slide in prs.slides for rel in slide.part.rels.values() if rel.is_external}
    assert addresses and addresses <= links


def test_the_command_exports_a_live_deck_and_refuses_an_unfrozen_meeting(tmp_path, app_database_url):
    env = {"DATABASE_URL": app_database_url, "PATH": "/usr/bin:/bin"}
    out = tmp_path / "deck"
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "deck", "export", *a], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    done = run("--meeting", "2026-12-15", "--lang", "en", "--out", str(out), "--live")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["collegium_2026-12-15_en.pdf", "collegium_2026-12-15_en.pptx"]
    assert Presentation(str(out / "collegium_2026-12-15_en.pptx")).slides
    refused = run("--meeting", "2031-01-01", "--lang", "en", "--out", str(out))
    assert refused.returncode == 1
    assert "No figures were frozen for the meeting of 2031-01-01" in refused.stderr
    assert "Traceback" not in refused.stderr
    usage = run("--meeting", "not-a-date", "--out", str(out))
    assert usage.returncode == 2
    # Both exports are in the audit trail, as the command line's, by the OS account on this host.
    from data import audit
    from data.db import make_engine

    engine = make_engine(app_database_url)
    events = audit.events(engine, actions=["deck_export"]).iloc[::-1]
    engine.dispose()
    mine = events[events["target"].isin(["live 2026-12-15 en", "meeting 2031-01-01 en"])]
    assert mine["outcome"].tolist() == ["ok", "failed"]
    assert set(mine["user_label"]) == {f"command line: {pwd.getpwuid(os.getuid()).pw_name}"}  # the env has no USER
    assert set(mine["address"]) == {f"command line {socket.gethostname()}"[:64]}
    assert json.loads(mine.iloc[0]["detail"])["files"] == [
        "collegium_2026-12-15_en.pptx",
        "collegium_2026-12-15_en.pdf",
    ]
    assert json.loads(mine.iloc[1]["detail"])["error"] == "collegium.cli.not_frozen"


@pytest.mark.parametrize("first", ["2005-12-31", "2019-01-01", "2020-06-30", "2023-08-10", "2024-01-02"])
def test_year_ticks_stand_on_the_first_days_of_the_years(first):
    """Every major tick (minimum + k * unit) falls on 1 or 2 January, leap years included, so a label '2021'
    stands at the start of 2021 and a point dated in 2021 is drawn right of it."""
    from datetime import timedelta

    from pptx.util import Inches

    fig = go.Figure(go.Scatter(x=[first, "2026-01-22"], y=[1, 2], name="x"))
    slide = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    chart = native.add_chart(slide, fig, (0, 0, Inches(8), Inches(4)), "t", "Arial", None)
    axis = chart.category_axis
    tick = axis.minimum_scale
    while tick <= axis.maximum_scale:
        day = native.EXCEL_EPOCH + timedelta(days=tick)
        assert (day.month, day.day) in {(1, 1), (1, 2)}, day
        tick += axis.major_unit
    assert native.EXCEL_EPOCH + timedelta(days=axis.minimum_scale) <= date.fromisoformat(first)


def test_no_native_chart_series_crosses_a_series_break(prs, payload):
    """Over every indicator: the observed points of one chart series all belong to one segment of the series."""
    first = [s.kind for s in build_deck(payload, "az").slides].index("indicator")
    slides = list(prs.slides)[first : first + len(payload["indicators"])]
    with_breaks = 0
    for it, slide in zip(payload["indicators"], slides, strict=True):
        segment_at = {
            (round(native.excel_serial(date.fromisoformat(str(pt["x"])[:10]))), round(float(pt["value"]), 6)): pt.get(
                "segment"
            )
            for pt in it.get("points") or []
            if pt.get("value") is not None
        }
        with_breaks += len(set(segment_at.values())) > 1
        chart = chart_of(slide)
        if chart is None:
            continue
        for series in chart.plots[0].series:
            xs = [round(float(x.text)) for x in series._element.xpath("./c:xVal//c:v")]
            found = {segment_at.get((x, round(float(y), 6)), "-") for x, y in zip(xs, series.values, strict=True)}
            found.discard("-")  # points of other traces (targets, baseline, projection)
            assert len(found) <= 1, (it["code"], series.name, found)
    assert with_breaks >= 2  # the reference data has breaks (children in institutions, orphans, ...)


def test_pdf_has_a_bookmark_per_slide_and_live_source_links(exported, payload):
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(exported.pdf))

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    marks = list(titles(pdf.outline))
    assert len(marks) >= len(exported.deck.slides), marks
    squeezed = ["".join(m.split()) for m in marks]  # Chromium drops the space where a long <h1> wraps
    for slide in exported.deck.slides:
        assert "".join(slide.title.split()) in squeezed, slide.title
    uris = {
        a.get_object()["/A"]["/URI"]
        for page in pdf.pages
        for a in page.get("/Annots", []) or []
        if a.get_object().get("/A", {}).get("/URI")
    }
    addresses = {it["source"]["url"] for it in payload["indicators"] if (it.get("source") or {}).get("url")}
    assert addresses and addresses <= uris


def test_opening_slides_compare_with_the_last_past_meeting_and_carry_the_frozen_decisions(fresh_engine):
    from datetime import UTC, datetime

    from data import snapshots
    from deck.source import live_payload

    statuses = ("reported", "official")
    earlier = live_payload(fresh_engine, date(2026, 10, 1), statuses, frozen_at=datetime(2026, 9, 30, tzinfo=UTC))
    snapshots.save(fresh_engine, date(2026, 10, 1), earlier, statuses)
    future = live_payload(fresh_engine, date(2027, 3, 1), statuses, frozen_at=datetime(2026, 11, 1, tzinfo=UTC))
    snapshots.save(fresh_engine, date(2027, 3, 1), future, statuses)  # not held yet: never "the last meeting"

    asked = "Approve the 2027 branch plan\n\n  Ask the SSC for district series  "
    now = live_payload(
        fresh_engine, date(2026, 12, 15), statuses, frozen_at=datetime(2026, 12, 1, tzinfo=UTC), decisions=asked
    )
    assert now["since"]["meeting_date"] == "2026-10-01"
    assert now["decisions"] == ["Approve the 2027 branch plan", "Ask the SSC for district series"]
    deck = build_deck(now, "en")
    since, risks, decisions = deck.slides[1:4]
    assert since.title == "What changed since the last meeting (October 1, 2026)"
    assert since.lines == ("No new figure, revision or change of verdict since the last meeting.",)
    assert decisions.lines == ("Approve the 2027 branch plan", "Ask the SSC for district series")
    assert risks.subtitle.startswith("Rule:") and 0 < len(risks.lines) <= 3


def test_every_chart_holds_the_metrics_figures_headline_figure_of_the_meeting(prs, payload, reference_engine):
    """Each indicator's native chart holds the headline figure `metrics.figures` gives for the meeting's data (the
    figures known on the freeze day, the statuses frozen): the same number, inside the chart's own data."""
    from datetime import date as _date

    from metrics import figures as mf

    as_of = _date.fromisoformat(payload["frozen_at"][:10])
    ind, tg, obs = mf.load(reference_engine, tuple(payload["statuses"]), as_of)
    heads = mf.headline_figures(ind, tg, obs, as_of, "az", geo_level="country").set_index("indicator_code")
    first = [s.kind for s in build_deck(payload, "az").slides].index("indicator")
    slides = list(prs.slides)[first : first + len(payload["indicators"])]
    checked = 0
    for it, slide in zip(payload["indicators"], slides, strict=True):
        value = heads.at[it["code"], "value"] if it["code"] in heads.index else None
        if value is None or value != value:  # no headline figure (NaN): nothing to find
            continue
        chart = chart_of(slide)
        assert chart is not None, it["code"]
        values = {round(float(v), 6) for plot in chart.plots for series in plot.series for v in series.values}
        assert round(float(value), 6) in values, (it["code"], value, sorted(values)[-5:])
        checked += 1
    assert checked >= 10
