"""The regional section: one slide per economic region chosen for the meeting, frozen with it.

The PowerPoint file is opened with python-pptx and each regional slide is read back: its title, every district of
the region (and no other), and its figures, which must equal those of the data and metrics functions computed
here apart (metrics.dost.coverage_summary, metrics.regional.region_values, and plain sums of the districts'
figures). The PDF and the presenter view show the same slides. Freezing keeps the choice and refuses tampering;
a snapshot frozen before the choice existed still opens (no regional slide). The choice respects the region
scope of issue 11.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from sqlalchemy import update

from data import queries, schema, snapshots
from data.formatting import format_number, format_percent, format_value
from data.i18n import translate
from deck.model import build_deck
from deck.source import (
    RegionOutOfScopeError,
    UnknownRegionError,
    dost_coverage,
    dost_facilities,
    live_payload,
)
from figures import frames
from metrics import regional
from metrics.dost import coverage_summary
from metrics.series import kind_map
from tests.deck.common import CHOSEN, FROZEN_AT, MEETING, WITH_DEMO

ROOT = Path(__file__).resolve().parents[2]


def slide_texts(slide) -> list[str]:
    """Every text of a slide: text frames and table cells, in order."""
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def table_rows(slide) -> list[list[str]]:
    """The rows of every table of a slide (the header rows included)."""
    return [
        [cell.text for cell in row.cells]
        for shape in slide.shapes
        if getattr(shape, "has_table", False) and shape.has_table
        for row in shape.table.rows
    ]


def test_the_choice_is_in_the_payload_in_decree_order(regional_payload, reference_engine):
    order = list(queries.economic_regions(reference_engine)["code"])
    assert regional_payload["regions"] == sorted(CHOSEN, key=order.index) == ["ER-QAR", "ER-LAS"]
    assert [r["code"] for r in regional_payload["regional"]] == regional_payload["regions"]
    json.dumps(regional_payload, allow_nan=False)  # plain JSON, like the rest of the payload


def test_default_is_no_regional_slide(payload):
    """The default: no region chosen, no regional slide (the national deck stays as long as it was)."""
    assert payload["regions"] == [] and payload["regional"] == []
    assert not [s for s in build_deck(payload, "az").slides if s.kind == "region"]


def test_pptx_has_one_slide_per_chosen_region_with_its_districts_and_the_metrics_figures(
    regional_export, regional_payload, reference_engine
):
    engine = reference_engine
    prs = Presentation(io.BytesIO(regional_export.pptx))
    districts = queries.districts(engine)
    ers = queries.economic_regions(engine).set_index("code")
    title_of = {
        code: translate("collegium.deck.region.title", "az", name=ers.at[code, "name_az"]) for code in ers.index
    }
    titles = [sl.shapes.title.text if sl.shapes.title is not None else "" for sl in prs.slides]
    for code, title in title_of.items():
        assert titles.count(title) == (1 if code in CHOSEN else 0), (code, titles.count(title))

    # The figures, computed here apart with the data and metrics functions.
    facilities, fstatus = queries.facilities(engine), queries.facility_status(engine, statuses=WITH_DEMO)
    as_of = FROZEN_AT.date()
    coverage = dost_coverage(engine, facilities, fstatus, as_of)
    summary = coverage_summary(coverage)
    indicators = queries.indicators(engine)
    annual = frames.annual_table(
        queries.observations(engine, geo_level="district", statuses=WITH_DEMO),
        kind_map(indicators),
        queries.sources(engine),
    )
    dost_now = dost_facilities(facilities, fstatus, as_of)
    region_of = districts.set_index("code")["economic_region_code"]

    for code in CHOSEN:
        slide = prs.slides[titles.index(title_of[code])]
        texts = " | ".join(slide_texts(slide))
        rows = table_rows(slide)
        # every district of the region, and no other district, in its district table
        own = districts[districts["economic_region_code"] == code]
        named = {r[0] for r in rows}
        assert set(own["name_az"]) <= named, set(own["name_az"]) - named
        others = set(districts.loc[districts["economic_region_code"] != code, "name_az"]) - set(own["name_az"])
        assert not (named & others), named & others
        # each district's population and DOST facilities, as in the data
        cov_open = coverage[(coverage["scenario"] == "open")].set_index("code")
        for d in own.to_dict("records"):
            row = next(r for r in rows if r[0] == d["name_az"])
            assert row[1] == format_number(cov_open.at[d["code"], "population_exclusive"], "az", 0)
            assert row[3] == format_number(cov_open.at[d["code"], "n_facilities"], "az")
        # the region's coverage and the country's, from metrics.dost.coverage_summary
        for scenario in ("open", "with_pipeline"):
            reg = summary[(summary["scenario"] == scenario) & (summary["geo_code"] == code)].iloc[0]
            nat = summary[(summary["scenario"] == scenario) & (summary["geo_level"] == "country")].iloc[0]
            assert format_percent(reg["population_share"], "az") in texts
            assert format_percent(nat["population_share"], "az") in texts
            if scenario == "open":
                served = (
                    f"{format_number(reg['districts_served'], 'az')} / {format_number(reg['districts_total'], 'az')}"
                )
                assert served in texts
                # by hand: districts of the region served and counted as districts of their own
                own_cov = cov_open[cov_open["economic_region_code"] == code]
                own_unit = own_cov["counted_in"].isna() | (own_cov["counted_in"] == "")
                assert int(reg["districts_served"]) == int((own_cov["served"].astype(bool) & own_unit).sum())
        # DOST facilities open in the region
        opened = int(((dost_now["district_code"].map(region_of) == code) & (dost_now["status"] == "open")).sum())
        assert format_number(opened, "az") in texts
        # the indicators against the country: the region's figure (metrics.regional) = the sum of its districts
        ind_rows = {r[0]: r for r in rows if len(r) == 6}
        checked = 0
        for ind in indicators.to_dict("records"):
            years = frames.district_years(annual, ind["code"])
            if not years:
                continue
            dv = frames.district_values(annual, districts, ind["code"], ind["kind"], years[0])
            rv = regional.region_values(dv, queries.economic_regions(engine), ind["kind"]).set_index("code")
            if not rv.at[code, "districts_reported"]:
                continue
            row = ind_rows[ind["name_az"]]
            assert row[1] == str(years[0])
            assert row[2] == format_value(rv.at[code, "value"], ind["unit"], "az")
            if ind["kind"] not in regional.AVERAGED_KINDS:
                by_hand = pd.to_numeric(dv.loc[dv["economic_region_code"] == code, "value"]).sum()
                assert rv.at[code, "value"] == pytest.approx(by_hand)
                assert row[3] == format_number(rv.at[code, "rate"], "az", 1)
            checked += 1
        assert checked >= 3, "the regional slide should compare several indicators"


def test_every_run_of_the_regional_slides_has_the_font_and_the_language(regional_export):
    from deck.to_pptx import FONT

    prs = Presentation(io.BytesIO(regional_export.pptx))
    regional_slides = [sl for sl, s in zip(prs.slides, regional_export.deck.slides, strict=True) if s.kind == "region"]
    assert len(regional_slides) == len(CHOSEN)
    for slide in regional_slides:
        xml = slide._element.xml
        runs = re.findall(r"<a:rPr[^>]*>", xml)
        assert runs and all('lang="az-Latn-AZ"' in r for r in runs), [r for r in runs if "lang=" not in r][:3]
        assert f'typeface="{FONT}"' in xml


def test_pdf_and_presenter_show_the_regional_slides(regional_export, regional_payload, reference_engine):
    from pypdf import PdfReader

    from deck.html import slide_html

    reader = PdfReader(io.BytesIO(regional_export.pdf))
    deck = regional_export.deck
    districts = queries.districts(reference_engine)
    for i, s in enumerate(deck.slides):
        if s.kind != "region":
            continue
        code = s.key.removeprefix("region-")
        names = districts.loc[districts["economic_region_code"] == code, "name_az"]
        page = reader.pages[i].extract_text()
        html = slide_html(s, deck, i)
        for name in names:
            assert name in page, (code, name)  # printed, not clipped away
            assert name in html
        assert s.title in page and s.title in html


def test_freezing_keeps_the_choice_and_refuses_tampering(fresh_engine):
    payload = live_payload(fresh_engine, MEETING, WITH_DEMO, frozen_at=FROZEN_AT, regions=["ER-NAX"])
    sid = snapshots.save(fresh_engine, MEETING, payload, WITH_DEMO)
    loaded = snapshots.load(fresh_engine, sid).payload
    assert loaded["regions"] == ["ER-NAX"] and loaded["regional"] == payload["regional"]
    assert [s.key for s in build_deck(loaded, "en").slides if s.kind == "region"] == ["region-ER-NAX"]
    # someone adds a region to the frozen payload in the database: refused, like any other change
    tampered = {**loaded, "regions": ["ER-NAX", "ER-BAK"]}
    with fresh_engine.begin() as conn:
        conn.execute(
            update(schema.collegium_snapshots)
            .where(schema.collegium_snapshots.c.id == sid)
            .values(payload=json.dumps(tampered, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
        )
    with pytest.raises(snapshots.SnapshotIntegrityError):
        snapshots.load(fresh_engine, sid)


def test_a_snapshot_frozen_before_the_choice_still_opens(fresh_engine, payload):
    old = {k: v for k, v in payload.items() if k not in ("regions", "regional")}
    sid = snapshots.save(fresh_engine, MEETING, old, ("reported", "official"))
    loaded = snapshots.load(fresh_engine, sid).payload
    deck = build_deck(loaded, "az")
    assert "regions" not in loaded and not [s for s in deck.slides if s.kind == "region"]
    assert deck.slides[-1].kind == "map"


def test_regions_outside_the_scope_or_unknown_are_refused(reference_engine):
    with pytest.raises(RegionOutOfScopeError) as refused:
        live_payload(reference_engine, MEETING, WITH_DEMO, regions=["ER-QAR", "ER-LAS"], scope=("ER-LAS",))
    assert refused.value.params["regions"] == "ER-QAR"
    assert translate(refused.value.key, "en", **refused.value.params) != refused.value.key
    with pytest.raises(UnknownRegionError):
        live_payload(reference_engine, MEETING, WITH_DEMO, regions=["ER-XXX"])


def test_no_analyst_path_reaches_a_deck():
    """Every page that builds, shows or exports a deck (hence the regional slides' district rows of any region) is
    listed for the leadership role only (issue 11): no analyst path exports another region's district rows."""
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    deck_pages = []
    for path in sorted((ROOT / "app_pages").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bfrom deck\b|\bimport deck\b|live_payload|cache\.snapshot\(|cache\.files\(", text):
            deck_pages.append(path.name)
    assert {"collegium.py", "presenter.py"} <= set(deck_pages)
    for name in deck_pages:
        m = re.search(rf'page\("{re.escape(name)}",[^)]*\)', app)
        assert m, f"{name} is not listed in app.py"
        roles = [r.strip() for r in m.group(0).rstrip(")").split(",")[4:]]
        assert roles == ["LEAD"], (name, roles)


def test_the_collegium_page_freezes_the_regions_chosen_and_presenter_shows_them(open_page, fresh_engine):
    """The staffer picks regions on the collegium page (none by default), freezes, and presenter mode on that
    snapshot shows each chosen region's slide."""
    at = open_page("collegium")
    chooser = at.multiselect(key="freeze_regions")
    assert chooser.value == []  # none by default
    assert len(chooser.options) == len(queries.economic_regions(fresh_engine))  # leadership: every region offered
    at.date_input(key="freeze_date").set_value(MEETING)
    chooser.set_value(["ER-QXC"]).run()
    at.button(key="freeze_button").click().run()
    assert not at.exception, at.exception[0].value if at.exception else ""
    [row] = snapshots.snapshots(fresh_engine).to_dict("records")
    payload = snapshots.load(fresh_engine, int(row["id"])).payload
    assert payload["regions"] == ["ER-QXC"]
    deck = build_deck(payload, "az")
    index = next(i for i, s in enumerate(deck.slides) if s.kind == "region")
    at = open_page("presenter", snapshot=str(row["id"]), slide=str(index + 1))
    assert not at.exception, at.exception[0].value if at.exception else ""
    body = "\n".join(el.proto.body for el in at.get("html"))
    assert deck.slides[index].title in body
    quba_xacmaz = queries.districts(fresh_engine)
    for name in quba_xacmaz.loc[quba_xacmaz["economic_region_code"] == "ER-QXC", "name_az"]:
        assert name in body
