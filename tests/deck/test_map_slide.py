"""The map slide: its title names the meeting's date (the coverage's own date apart, as evidence), and the map
picture names districts by a stated rule, legibly and without names overlapping (checked on the SVG kaleido lays
out, not only on the rule's own arithmetic)."""

from __future__ import annotations

import re

import pytest

from data.formatting import format_date
from deck.model import MAP_KEY, build_deck
from deck.slide_figures import (
    LABEL_PX,
    MAP_MARGIN_PX,
    MAP_PX,
    MIN_TEXT_PX,
    _anchor,
    _overlaps,
    coverage_map,
    district_labels,
    facility_boxes,
    label_order,
    label_places,
    map_frame,
    text_sizes,
    text_width_px,
)
from tests.deck.common import FROZEN_AT, MEETING


def _frame(dost):
    rings = [poly[0] for code in dost["rings"] for poly in dost["rings"][code] if poly]
    return map_frame(rings, MAP_PX)


@pytest.mark.parametrize("lang", ["az", "en"])
def test_map_title_names_the_meeting_date_and_the_coverage_date_apart(payload, lang):
    slide = next(s for s in build_deck(payload, lang).slides if s.kind == "map")
    meeting, frozen = format_date(MEETING, lang), format_date(FROZEN_AT.date(), lang)
    assert meeting in slide.title and frozen not in slide.title
    assert payload["dost"]["as_of"] == FROZEN_AT.date().isoformat()
    assert frozen in slide.data_label  # the coverage's evidence date, said as such beside the numbers
    named = [k["name"] for k in district_labels(payload["dost"], lang, _frame(payload["dost"]))]
    assert named and ", ".join(named) in slide.alt_text  # the alt text names the districts the picture names


@pytest.mark.parametrize("lang", ["az", "en"])
def test_district_names_follow_the_rule_and_never_overlap(payload, lang):
    dost = payload["dost"]
    frame = _frame(dost)
    kept = district_labels(dost, lang, frame)
    markers = facility_boxes(dost, frame)
    by_code = {d["code"]: d for d in dost["districts"]}
    assert len(kept) >= 20, "the map names too few districts to be read"
    with_facility = [d["code"] for d in dost["districts"] if d.get("n_facilities")]
    named = {k["code"] for k in kept}
    assert len(named & set(with_facility)) >= len(with_facility) / 2  # the Karabakh districts crowd each other
    for i, k in enumerate(kept):
        assert k["name"] == by_code[k["code"]][f"name_{lang}"]
        box = k["box"]
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= frame.width and box[3] <= frame.height - frame.legend_px
        assert not any(_overlaps(box, m) for m in markers), k["name"]
        assert not any(_overlaps(box, other["box"]) for other in kept[i + 1 :]), k["name"]
        assert box[2] - box[0] >= text_width_px(k["name"], LABEL_PX)  # the box holds the whole name
    # The rule, for every district left unnamed: each place its name could go was taken, or off the map.
    order = [d["code"] for d in label_order(dost["districts"])]
    for d in dost["districts"]:
        if d["code"] in named or _anchor(dost["rings"].get(d["code"]) or []) is None:
            continue
        x, y = frame.pixel(*_anchor(dost["rings"][d["code"]]))
        half_w = text_width_px(d[f"name_{lang}"], LABEL_PX) / 2 + 4
        half_h = LABEL_PX * 0.6 + 4
        earlier = [k for k in kept if order.index(k["code"]) < order.index(d["code"])]
        for dx, dy in label_places(half_w, half_h):
            box = (x + dx - half_w, y + dy - half_h, x + dx + half_w, y + dy + half_h)
            outside = box[0] < 0 or box[1] < 0 or box[2] > frame.width or box[3] > frame.height - frame.legend_px
            assert (
                outside or any(_overlaps(box, k["box"]) for k in earlier) or any(_overlaps(box, m) for m in markers)
            ), f"{d['code']} could have been named"


def test_the_names_are_where_the_rule_placed_them_in_the_rendered_map(payload):
    """kaleido's SVG of the map: every kept name is drawn once, in a DejaVu type of LABEL_PX >= MIN_TEXT_PX, at the
    pixel the rule computed (so the rule's no-overlap boxes are the picture's), offline."""
    from deck import images

    dost = payload["dost"]
    fig = coverage_map(dost, "en")
    assert min(text_sizes(fig)) >= MIN_TEXT_PX and LABEL_PX >= MIN_TEXT_PX
    kept = district_labels(dost, "en", _frame(dost))
    svg = images.render_svg(fig, MAP_PX)
    plot = re.search(r'<clipPath[^>]*xyplot[^>]*><rect width="([\d.]+)" height="([\d.]+)"', svg)
    frame = _frame(dost)
    assert plot and abs(float(plot.group(1)) - frame.width) < 1 and abs(float(plot.group(2)) - frame.height) < 1
    drawn = {
        m.group(4): (float(m.group(2)), float(m.group(3)) + float(m.group(1)))
        for m in re.finditer(
            r'<g class="textpoint" transform="translate\(0,([-\d.]+)\)"><text x="([-\d.]+)" y="([-\d.]+)"'
            r"[^>]*font-size: (?:\d+)px[^>]*>([^<]+)</text>",
            svg,
        )
    }
    for k in kept:
        assert k["name"] in drawn, k["name"]
        x, y = drawn[k["name"]]
        px, py = frame.pixel(k["lon"], k["lat"])
        assert abs(x - px) < 1.5, (k["name"], x, px)
        # the baseline sits below the centre by about a third of the type size
        assert 0 <= y - py <= LABEL_PX * 0.6, (k["name"], y, py)
    assert f"font-size: {LABEL_PX}px" in svg and MAP_MARGIN_PX == 10


def test_the_map_picture_keeps_its_alt_text(exported):
    import io

    from pptx import Presentation

    prs = Presentation(io.BytesIO(exported.pptx))
    last = prs.slides[len(prs.slides) - 1]
    pics = [sh for sh in last.shapes if sh.shape_type == 13]
    assert pics and all(len(sh._element.nvPicPr.cNvPr.get("descr", "")) > 40 for sh in pics)
    assert exported.deck.slides[-1].chart == MAP_KEY


def test_every_picture_of_the_pdf_and_presenter_html_has_its_text_alternative(payload):
    """The HTML the PDF prints and presenter mode draws: the map's picture carries the map's alt text, a chart's
    picture its title and the generated sentence (what it shows), never only a file name or nothing."""
    import html as html_lib

    from deck.html import document

    deck = build_deck(payload, "en")
    pictures = {s.chart: b"\x89PNG fake" for s in deck.slides if s.chart}
    alts = [html_lib.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', document(deck, pictures))]
    assert len(alts) == len(pictures)
    by_key = {s.chart: s for s in deck.slides if s.chart}
    expected = [
        s.alt_text or (f"{s.title}: {s.notes}" if s.notes else s.title) for s in deck.slides if s.chart in by_key
    ]
    assert alts == expected
    assert next(s for s in deck.slides if s.kind == "map").alt_text in alts
    assert all(len(a) > 40 for a in alts), [a for a in alts if len(a) <= 40]
