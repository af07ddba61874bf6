"""Slides as HTML: the PDF is this printed by Chromium, presenter mode draws the same blocks in Streamlit.

Every size is a multiple of `--u`, one pixel of a 1920x1080 slide: 1px in the PDF, 1/1920 of the window's
width in presenter mode, so the projector shows the page the PDF prints. Fonts: DejaVu Sans (every
Azerbaijani letter); every text is escaped here.
"""

from __future__ import annotations

import base64

from data.formatting import format_date
from data.i18n import translate
from data.plain import plain_html as escape
from data.plain import web_address
from deck.model import Deck, Slide, Table
from deck.system import DEJAVU_BOLD, DEJAVU_FONT
from figures import palette as p

SLIDE_W, SLIDE_H = 1920, 1080
# rows a summary slide holds at full size (deck.model.SUMMARY_ROWS_PER_SLIDE): 30 px type, readable at 1024x768
SUMMARY_ROWS = 7


def font_faces() -> str:
    """@font-face rules for DejaVu Sans (the local font first, then the file itself)."""
    return (
        f'@font-face{{font-family:"Deck Sans";src:local("DejaVu Sans"),url("{DEJAVU_FONT.as_uri()}");font-weight:400}}'
        f'@font-face{{font-family:"Deck Sans";src:local("DejaVu Sans Bold"),url("{DEJAVU_BOLD.as_uri()}");'
        "font-weight:700}"
    )


PDF_FONTS = '"Deck Sans", "DejaVu Sans", sans-serif'
SCREEN_FONTS = '"Source Sans", "DejaVu Sans", sans-serif'  # Streamlit's own font (it has every Azerbaijani letter)


def css(unit: str = "1px", fonts: str = PDF_FONTS) -> str:
    """The slide stylesheet with `unit` as one slide pixel (e.g. '1px', 'calc(100vw / 1920)')."""
    u = "var(--u)"
    return f"""
.deck {{ --u: {unit}; font-family: {fonts}; color: {p.INK}; font-variant-ligatures: none; line-height: 1.16; }}
/* an explicit line height: in presenter mode Streamlit's own (1.6) would otherwise push the summary off the slide */
/* no ligatures: the PDF's text then extracts and searches letter by letter ("fi", not "ﬁ") */
.deck * {{ box-sizing: border-box; }}
.deck .slide {{ width: calc({SLIDE_W} * {u}); height: calc({SLIDE_H} * {u}); background: #fff; overflow: hidden;
  padding: calc(48 * {u}) calc(72 * {u}) calc(28 * {u}); display: flex; flex-direction: column; position: relative; }}
.deck .head {{ display: flex; justify-content: space-between; align-items: flex-start; gap: calc(32 * {u});
  border-bottom: calc(5 * {u}) solid {p.BLUE}; padding-bottom: calc(14 * {u}); }}
.deck .title {{ font-size: calc(50 * {u}); font-weight: 700; line-height: 1.15; margin: 0; }}
.deck .subtitle {{ font-size: calc(26 * {u}); color: {p.MUTED}; margin-top: calc(8 * {u}); }}
.deck .badge {{ font-size: calc(30 * {u}); font-weight: 700; padding: calc(10 * {u}) calc(24 * {u});
  border-radius: calc(30 * {u}); white-space: nowrap; }}
.deck .body {{ flex: 1; display: flex; gap: calc(40 * {u}); margin-top: calc(26 * {u}); min-height: 0;
  overflow: hidden; }}
.deck .numbers {{ width: calc(500 * {u}); flex: none; display: flex; flex-direction: column; gap: calc(22 * {u}); }}
.deck .label {{ font-size: calc(26 * {u}); color: {p.MUTED}; }}
.deck .value {{ font-size: calc(62 * {u}); font-weight: 700; line-height: 1.1; }}
.deck .note {{ font-size: calc(24 * {u}); color: {p.MUTED}; }}
.deck .chart {{ flex: 1; display: flex; align-items: center; justify-content: center; min-width: 0; }}
.deck .chart img {{ max-width: 100%; max-height: 100%; }}
.deck .data {{ font-size: calc(24 * {u}); margin-top: calc(10 * {u}); }}
.deck .demo {{ background: #FFF4E0; color: #7A4100; font-weight: 700; padding: calc(4 * {u}) calc(12 * {u}); }}
.deck .foot {{ display: flex; justify-content: space-between; align-items: flex-end; gap: calc(28 * {u});
  border-top: calc(1 * {u}) solid {p.GRID}; padding-top: calc(10 * {u}); margin-top: calc(14 * {u});
  font-size: calc(24 * {u}); color: {p.MUTED}; }}
.deck .pageno {{ white-space: nowrap; font-size: calc(24 * {u}); text-align: right; }}
.deck .pageno .state {{ display: inline-block; font-weight: 700; padding: calc(2 * {u}) calc(12 * {u});
  border-radius: calc(8 * {u}); margin-right: calc(12 * {u}); }}
.deck .pageno .state.live {{ background: #FFF4E0; color: #7A4100; }}
.deck .pageno .state.frozen {{ background: #E6EEF8; color: #0B3D73; }}
.deck table.summary {{ width: 100%; border-collapse: collapse; font-size: calc(21 * {u}); }}
.deck table.summary th, .deck table.summary td {{ font-size: inherit; line-height: 1.16; }}
.deck table.summary th {{ text-align: left; color: {p.MUTED}; font-weight: 400;
  border-bottom: calc(2 * {u}) solid {p.MUTED}; padding: calc(4 * {u}) calc(10 * {u}); }}
.deck table.summary td {{ padding: calc(5 * {u}) calc(10 * {u}); border-bottom: calc(1 * {u}) solid {p.GRID}; }}
.deck table.summary td.num {{ text-align: right; white-space: nowrap; }}
.deck table.summary td.target {{ white-space: normal; max-width: calc(460 * {u}); }}
.deck table.summary td:first-child {{ min-width: calc(440 * {u}); }}
.deck table.summary td.source {{ color: {p.MUTED}; font-size: 0.8em; max-width: calc(300 * {u});
  min-width: calc(150 * {u}); overflow-wrap: break-word; }}
.deck ul.lines {{ margin: 0; padding-left: calc(36 * {u}); font-size: calc(32 * {u}); line-height: 1.3; }}
.deck ul.lines li {{ margin-bottom: calc(14 * {u}); }}
.deck table.summary .pill {{ padding: calc(2 * {u}) calc(12 * {u}); border-radius: calc(14 * {u}); white-space: nowrap;
  font-weight: 700; }}
.deck .kind-region .body {{ flex-direction: column; gap: calc(18 * {u}); }}
.deck .numbers.strip {{ display: flex; flex-direction: row; width: auto; gap: calc(36 * {u}); }}
.deck .strip .number {{ flex: 1; }}
.deck .strip .value {{ font-size: calc(48 * {u}); }}
.deck .tables {{ display: flex; flex-direction: column; gap: calc(16 * {u}); min-height: 0; }}
.deck .halves {{ display: flex; gap: calc(36 * {u}); align-items: flex-start; }}
.deck .halves table {{ flex: 1; }}
.deck .caption {{ font-size: calc(26 * {u}); font-weight: 700; margin-bottom: calc(4 * {u}); }}
.deck table.grid {{ border-collapse: collapse; font-size: calc(24 * {u}); width: 100%; }}
.deck table.grid th, .deck table.grid td {{ font-size: inherit; line-height: 1.16; text-align: left;
  padding: calc(4 * {u}) calc(10 * {u}); }}
.deck table.grid th {{ color: {p.MUTED}; font-weight: 400; border-bottom: calc(2 * {u}) solid {p.MUTED}; }}
.deck table.grid td {{ border-bottom: calc(1 * {u}) solid {p.GRID}; }}
.deck table.grid .num {{ text-align: right; white-space: nowrap; }}
.deck .cover {{ flex: 1; display: flex; flex-direction: column; justify-content: center; gap: calc(22 * {u}); }}
.deck .cover .title {{ font-size: calc(92 * {u}); color: {p.BLUE}; }}
.deck .cover .meeting {{ font-size: calc(54 * {u}); font-weight: 700; }}
.deck .cover .line {{ font-size: calc(30 * {u}); color: {p.INK}; }}
.deck .cover .line.demo {{ color: #7A4100; }}
"""


def _badge(slide: Slide) -> str:
    """The status badge (colour, icon and word)."""
    if not slide.status:
        return ""
    bg = p.STATUS_COLOURS.get(slide.status, p.GREY)
    fg = p.STATUS_TEXT.get(slide.status, "#000000")
    return f'<div class="badge" style="background:{bg};color:{fg}">{escape(slide.status_label)}</div>'


def head(slide: Slide) -> str:
    """The title row: title, subtitle and the status badge."""
    sub = f'<div class="subtitle">{escape(slide.subtitle)}</div>' if slide.subtitle else ""
    return (
        f'<div class="head"><div><h1 class="title slide-title">{escape(slide.title)}</h1>{sub}</div>'
        f"{_badge(slide)}</div>"
    )


def numbers(slide: Slide) -> str:
    """The key numbers column (and the data status under them)."""
    parts = []
    for n in slide.numbers:
        note = f'<div class="note">{escape(n.note)}</div>' if n.note else ""
        parts.append(
            f'<div class="number"><div class="label">{escape(n.label)}</div>'
            f'<div class="value">{escape(n.value)}</div>{note}</div>'
        )
    if slide.data_label:
        cls = "data demo" if slide.demo else "data"
        parts.append(f'<div class="{cls}">{escape(slide.data_label)}</div>')
    return f'<div class="numbers">{"".join(parts)}</div>'


def summary_table(slide: Slide) -> str:
    """The summary slide's table: indicator, latest, target, share achieved, status."""
    th = "".join(f"<th>{escape(h)}</th>" for h in slide.columns)
    rows = []
    for r in slide.rows:
        bg, fg = p.STATUS_COLOURS.get(r.status, p.GREY), p.STATUS_TEXT.get(r.status, "#000000")
        latest = f'<span class="demo">{escape(r.latest)}</span>' if r.demo else escape(r.latest)
        rows.append(
            f"<tr><td>{escape(r.name)}</td><td class='num'>{latest}</td><td class='num target'>{escape(r.target)}</td>"
            f"<td class='num'>{escape(r.share)}</td><td><span class='pill' style='background:{bg};color:{fg}'>"
            f"{escape(r.status_label)}</span></td><td class='source'>{escape(r.source)}</td></tr>"
        )
    size = summary_font_px(len(slide.rows))
    return (
        f'<table class="summary" style="font-size:calc({size} * var(--u))"><thead><tr>{th}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def summary_font_px(rows: int) -> float:
    """The summary table's type size in slide pixels: 21 px fits SUMMARY_ROWS rows, more rows are set smaller."""
    return 30.0 if rows <= SUMMARY_ROWS else max(12.0, round(30.0 * SUMMARY_ROWS / rows, 1))


def grid(table: Table, rows: tuple[tuple[str, ...], ...] | None = None) -> str:
    """A table of cell texts (numbers set right), every text escaped."""
    num = table.numeric or (False,) * len(table.columns)
    th = "".join(f'<th class="{"num" if n else ""}">{escape(h)}</th>' for h, n in zip(table.columns, num, strict=True))
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{"num" if n else ""}">{escape(c)}</td>' for c, n in zip(r, num, strict=True))
        + "</tr>"
        for r in (table.rows if rows is None else rows)
    )
    return f'<table class="grid"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


HALVES_FROM = 6  # a district table longer than this is set in two halves side by side


def region_body(slide: Slide) -> str:
    """A regional slide's body: its key numbers in a row, then its districts (in two halves when many) and its
    indicators against the country."""
    strip = numbers(slide).replace('class="numbers"', 'class="numbers strip"', 1)
    parts = []
    for table in slide.tables:
        caption = f'<div class="caption">{escape(table.caption)}</div>'
        if table.split and len(table.rows) > HALVES_FROM:
            half = (len(table.rows) + 1) // 2
            inner = f'<div class="halves">{grid(table, table.rows[:half])}{grid(table, table.rows[half:])}</div>'
        else:
            inner = grid(table)
        parts.append(f"<div>{caption}{inner}</div>")
    return f'<div class="body">{strip}<div class="tables">{"".join(parts)}</div></div>'


def cover(slide: Slide) -> str:
    """The title slide's body."""
    lines = "".join(
        f'<div class="line{" demo" if slide.demo and i == len(slide.lines) - 1 else ""}">{escape(x)}</div>'
        for i, x in enumerate(slide.lines)
    )
    return (
        f'<div class="cover"><h1 class="title slide-title">{escape(slide.title)}</h1>'
        f'<div class="meeting">{escape(slide.subtitle)}</div>{lines}</div>'
    )


def meeting_text(deck: Deck) -> str:
    """'Collegium meeting of 6 December 2026': the meeting's date (not the freeze date), on every slide."""
    return translate("collegium.deck.meeting", deck.lang, date=format_date(deck.meeting_date, deck.lang))


def foot(slide: Slide, deck: Deck, index: int, state: tuple[str, str] | None = None) -> str:
    """The footer: the source footnote (or the deck's footer); the state of the figures when given (presenter
    mode: ('live'|'frozen', words)), the meeting's date and the slide number."""
    text = slide.footnote or deck.footer
    links = "".join(f' · <a href="{escape(url)}">{escape(title)}</a>' for title, url in slide.links if web_address(url))
    badge = f'<span class="state {escape(state[0])}">{escape(state[1])}</span>' if state else ""
    return (
        f'<div class="foot"><div class="footnote">{escape(text)}{links}</div>'
        f'<div class="pageno">{badge}{escape(meeting_text(deck))} · {index + 1} / {len(deck.slides)}</div></div>'
    )


def image_tag(png: bytes | None, alt: str) -> str:
    """An <img> with the PNG inline (empty when there is none)."""
    if not png:
        return ""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}">'


def slide_html(
    slide: Slide, deck: Deck, index: int, png: bytes | None = None, state: tuple[str, str] | None = None
) -> str:
    """One whole slide as a <section> (`state`: the figures' live/frozen state shown in the footer)."""
    if slide.kind == "title":
        inner = cover(slide)
    elif slide.kind == "summary":
        inner = head(slide) + f'<div class="body">{summary_table(slide)}</div>'
    elif slide.kind == "text":
        items = "".join(f"<li>{escape(x)}</li>" for x in slide.lines)
        inner = head(slide) + f'<div class="body"><ul class="lines">{items}</ul></div>'
    elif slide.kind == "region":
        inner = head(slide) + region_body(slide)
    else:
        alt = slide.alt_text or (f"{slide.title}: {slide.notes}" if slide.notes else slide.title)
        chart = f'<div class="chart">{image_tag(png, alt)}</div>'
        inner = head(slide) + f'<div class="body">{numbers(slide)}{chart}</div>'
    opening = f'<section class="slide kind-{slide.kind}" data-key="{escape(slide.key)}">'
    return f"{opening}{inner}{foot(slide, deck, index, state)}</section>"


def document(deck: Deck, images: dict[str, bytes]) -> str:
    """The whole deck as one HTML document, one 1920x1080 page per slide (for printing to PDF)."""
    pages = "".join(slide_html(s, deck, i, images.get(s.chart) if s.chart else None) for i, s in enumerate(deck.slides))
    page_css = (
        f"@page {{ size: {SLIDE_W}px {SLIDE_H}px; margin: 0; }} html, body {{ margin: 0; padding: 0; }}"
        ".deck .slide { break-after: page; page-break-after: always; }"
        ".deck .slide:last-child { break-after: auto; page-break-after: auto; }"
    )
    return (
        f'<!doctype html><html lang="{deck.lang}"><head><meta charset="utf-8"><title>{escape(deck.title)}</title>'
        f'<style>{font_faces()}{css("1px")}{page_css}</style></head><body><div class="deck">{pages}</div></body></html>'
    )
