"""The deck as a PowerPoint file (16:9, 13.333 x 7.5 in): python-pptx with every shape placed by hand.

Each slide has a real title placeholder (so outlines and screen readers see it), the chart as a PNG picture,
the status as a word with its icon on a coloured badge, a source footnote and the generated sentence as the
speaker notes. Text is set in DejaVu Sans (PowerPoint substitutes its own font where DejaVu is missing;
the text stays real Unicode text, so ə, ğ, ı, ş are right in either case).
"""

from __future__ import annotations

import io
import re
from datetime import datetime

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import XmlPart
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PptxPresentation
from pptx.slide import Slide as PptxSlide
from pptx.table import _Cell
from pptx.text.text import _Run
from pptx.util import Emu, Inches, Pt

from data.plain import web_address
from deck import native
from deck.model import Deck, Slide, Table
from figures import palette as p

Box = tuple[int, int, int, int]  # left, top, width, height in EMU
Line = tuple  # (text, size in pt, bold, colour) or with a fifth item: the space before the paragraph, in pt

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
# A font every ministry (Windows) machine has, with every Azerbaijani letter (ə ğ ı İ ş ç ö ü): see docs/COLLEGIUM.md.
FONT = "Arial"
LANGUAGES = {"az": MSO_LANGUAGE_ID.AZERI_LATIN, "en": MSO_LANGUAGE_ID.ENGLISH_UK}
MARGIN = Inches(0.5)
CONTENT_W = SLIDE_W - 2 * MARGIN
BODY_TOP = Inches(1.8)
CHART_BOX = (Inches(4.4), BODY_TOP, Inches(8.43), Inches(4.742))  # left, top, width, height (16:9)
MAP_BOX = (MARGIN, Inches(1.75), Inches(6.93), Inches(4.95))  # the 1120 x 800 px map (7:5)
LONG_TITLE = 48  # characters: a longer title is set smaller so that two lines fit above the rule
LONG_SUBTITLE = 110
TITLE_ONLY = 5  # layout index of "Title Only" in python-pptx's default template
BLANK = 6


def rgb(hex_colour: str) -> RGBColor:
    """An RGBColor from '#RRGGBB'."""
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _style(run: _Run, size: float, bold: bool = False, colour: str = p.INK) -> None:
    """Font, size, weight and colour of one run."""
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = rgb(colour)


def text_box(slide: PptxSlide, box: Box, lines: list[Line], align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    """A text box at `box` (left, top, width, height), one paragraph per (text, size, bold, colour[, space before])."""
    shape = slide.shapes.add_textbox(*box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    for i, (text, size, bold, colour, *space) in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        if space:
            para.space_before = Pt(space[0])
        run = para.add_run()
        run.text = text
        _style(run, size, bold, colour)
    return shape


def _title(slide: PptxSlide, text: str, box: Box, size: float, colour: str = p.INK) -> None:
    """Fill and place the slide's title placeholder."""
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = box
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.text = ""
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    run = para.add_run()
    run.text = text
    _style(run, size, True, colour)


def _badge(slide: PptxSlide, s: Slide) -> None:
    """The status as a rounded, coloured badge with its icon and word."""
    if not s.status:
        return
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(10.13), Inches(0.42), Inches(2.7), Inches(0.62))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(p.STATUS_COLOURS.get(s.status, p.GREY))
    shape.line.fill.background()
    frame = shape.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER
    run = para.add_run()
    run.text = s.status_label
    _style(run, 15, True, p.STATUS_TEXT.get(s.status, "#000000"))


def _rule(slide: PptxSlide) -> None:
    """The blue line under the title."""
    line = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, Inches(1.58), CONTENT_W, Inches(0.045))
    line.fill.solid()
    line.fill.fore_color.rgb = rgb(p.BLUE)
    line.line.fill.background()


def _head(slide: PptxSlide, s: Slide) -> None:
    """Title (narrower beside a badge, smaller when long), subtitle, badge and rule."""
    width = Inches(9.5) if s.status else CONTENT_W
    size = 28 if len(s.title) <= LONG_TITLE else 22
    _title(slide, s.title, (MARGIN, Inches(0.3), width, Inches(0.85)), size)
    if s.subtitle:
        size = 14 if len(s.subtitle) <= LONG_SUBTITLE else 12
        text_box(slide, (MARGIN, Inches(1.1), CONTENT_W, Inches(0.42)), [(s.subtitle, size, False, p.MUTED)])
    _badge(slide, s)
    _rule(slide)


def _slide_number(slide: PptxSlide, box: Box) -> None:
    """The slide's number as a real field (PowerPoint renumbers it when slides are reordered)."""
    shape = text_box(slide, box, [("", 12, False, p.MUTED)], align=PP_ALIGN.RIGHT)
    para = shape.text_frame.paragraphs[0]._p
    for r in para.findall(qn("a:r")):
        para.remove(r)
    field = para.makeelement(qn("a:fld"), {"id": "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", "type": "slidenum"})
    rpr = field.makeelement(qn("a:rPr"), {"lang": "az-Latn-AZ", "sz": "1200"})
    fill = rpr.makeelement(qn("a:solidFill"), {})
    fill.append(fill.makeelement(qn("a:srgbClr"), {"val": p.MUTED.lstrip("#").upper()}))
    rpr.append(fill)
    latin = rpr.makeelement(qn("a:latin"), {"typeface": FONT})
    rpr.append(latin)
    field.append(rpr)
    text = field.makeelement(qn("a:t"), {})
    text.text = "‹#›"
    field.append(text)
    end = para.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(field)
    else:
        para.append(field)


def _foot(slide: PptxSlide, s: Slide, deck: Deck, index: int) -> None:
    """The source footnote (or the deck's footer), each source title a link to its page, and the slide number."""
    shape = text_box(
        slide,
        (MARGIN, Inches(6.72), Inches(11.2), Inches(0.7)),
        [(s.footnote or deck.footer, 10, False, p.MUTED)],
        anchor=MSO_ANCHOR.BOTTOM,
    )
    para = shape.text_frame.paragraphs[0]
    for title, url in s.links:
        if not web_address(url):
            continue
        gap = para.add_run()
        gap.text = " · "
        _style(gap, 10, False, p.MUTED)
        run = para.add_run()
        run.text = title
        _style(run, 10, False, p.BLUE)
        run.hyperlink.address = url
    _slide_number(slide, (Inches(11.8), Inches(6.95), Inches(1.03), Inches(0.4)))


def _numbers(slide: PptxSlide, s: Slide, box: Box) -> None:
    """The key numbers (label, value, note) and the data status, in a column with a gap between numbers."""
    lines: list[Line] = []
    for i, n in enumerate(s.numbers):
        lines += [(n.label, 13, False, p.MUTED, 12 if i else 0), (n.value, 30, True, p.INK)]
        if n.note:
            lines.append((n.note, 11, False, p.MUTED))
    if s.data_label:
        lines.append((s.data_label, 12, s.demo, "#7A4100" if s.demo else p.INK, 14))
    text_box(slide, box, lines)


def _picture(slide: PptxSlide, png: bytes | None, box: Box, alt: str) -> None:
    """The image in its box with its text alternative (nothing when there is no image)."""
    if png:
        picture = slide.shapes.add_picture(io.BytesIO(png), *box)
        picture._element.nvPicPr.cNvPr.set("descr", alt)  # python-pptx has no public setter for alt text
        picture.name = alt[:60]


def _chart(slide: PptxSlide, s: Slide, deck: Deck, figure, png: bytes | None) -> None:
    """The indicator's series as a native, editable chart (its title says what, when and in which unit); the
    picture only when the figure holds no dated numbers (e.g. "no data")."""
    title = " · ".join(x for x in (s.title, s.chart_caption) if x)
    left, top, width, height = CHART_BOX
    box = (left, top, width, height - Inches(0.45))  # room for the note under the chart, above the footnote
    if figure is not None and native.add_chart(slide, figure, box, title, FONT, LANGUAGES[deck.lang]):
        text_box(slide, (left, top + box[3], width, Inches(0.4)), [(s.chart_note, 9, False, p.MUTED)])
        return
    _picture(slide, png, CHART_BOX, s.alt_text or title)


def _summary(slide: PptxSlide, s: Slide) -> None:
    """The table of every indicator with its status."""
    widths = [Inches(x) for x in (4.3, 2.1, 2.05, 0.9, 1.5, 1.483)]
    rows = len(s.rows) + 1
    height = min(Inches(4.85), Inches(0.48) * rows)
    table = slide.shapes.add_table(rows, 6, MARGIN, Inches(1.75), CONTENT_W, height).table
    size = 15 if rows <= 10 else 11
    for j, w in enumerate(widths):
        table.columns[j].width = w
    for j, text in enumerate(s.columns):
        _cell(table.cell(0, j), text, size, True, "#FFFFFF", p.INK)
    for i, r in enumerate(s.rows, start=1):
        for j, text in enumerate((r.name, r.latest, r.target, r.share)):
            _cell(
                table.cell(i, j),
                text,
                size,
                False,
                "#FFF4E0" if (r.demo and j == 1) else "#FFFFFF",
                p.INK,
                PP_ALIGN.RIGHT if j else PP_ALIGN.LEFT,
            )
        _cell(
            table.cell(i, 4),
            r.status_label,
            size,
            True,
            p.STATUS_COLOURS.get(r.status, p.GREY),
            p.STATUS_TEXT.get(r.status, "#000000"),
        )
        _cell(table.cell(i, 5), r.source, size - 3, False, "#FFFFFF", p.MUTED)
    for i in range(rows):
        table.rows[i].height = Emu(int(height / rows))


def _cell(cell: _Cell, text: str, size: float, bold: bool, fill: str, colour: str, align=PP_ALIGN.LEFT) -> None:
    """One table cell: text, font, fill."""
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(fill)
    cell.margin_top = cell.margin_bottom = Inches(0.02)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame = cell.text_frame
    frame.text = ""
    para = frame.paragraphs[0]
    para.alignment = align
    run = para.add_run()
    run.text = text
    _style(run, size, bold, colour)


REGION_ROW = Inches(0.27)  # a row of a regional slide's table: 12 pt type (24 px of the 1920 px slide)
HALVES_FROM = 6  # a district table longer than this is set in two halves side by side (as deck.html)


def _grid(slide: PptxSlide, table: Table, rows: tuple, box: Box, widths: list[float]) -> int:
    """A table of cell texts at `box` (left, top, width; the height follows the rows), numbers set right; returns
    its height."""
    left, top, width, _ = box
    n = len(rows) + 1
    shape = slide.shapes.add_table(n, len(table.columns), left, top, width, REGION_ROW * n)
    grid = shape.table
    total = sum(widths)
    for j, w in enumerate(widths):
        grid.columns[j].width = Emu(int(width * w / total))
    numeric = table.numeric or (False,) * len(table.columns)
    for j, text in enumerate(table.columns):
        _cell(grid.cell(0, j), text, 12, True, "#FFFFFF", p.MUTED, PP_ALIGN.RIGHT if numeric[j] else PP_ALIGN.LEFT)
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            _cell(grid.cell(i, j), text, 12, False, "#FFFFFF", p.INK, PP_ALIGN.RIGHT if numeric[j] else PP_ALIGN.LEFT)
    for i in range(n):
        grid.rows[i].height = REGION_ROW
    return REGION_ROW * n


def _region(slide: PptxSlide, s: Slide) -> None:
    """A regional slide: its key numbers in a row, its districts (two halves when many) and its indicators
    against the country, as real tables."""
    width = int(CONTENT_W / (len(s.numbers) + 1))  # the last slot: the data's status (demonstration data)
    for i, n in enumerate(s.numbers):
        lines: list[Line] = [(n.label, 12, False, p.MUTED), (n.value, 24, True, p.INK)]
        if n.note:
            lines.append((n.note, 12, False, p.MUTED))
        text_box(slide, (MARGIN + i * width, Inches(1.68), width - Inches(0.15), Inches(0.85)), lines)
    if s.data_label:
        box = (MARGIN + len(s.numbers) * width, Inches(1.72), width, Inches(0.8))
        text_box(slide, box, [(s.data_label, 12, True, "#7A4100" if s.demo else p.INK)])
    top = Inches(2.55)
    for table in s.tables:
        text_box(slide, (MARGIN, top, CONTENT_W, Inches(0.28)), [(table.caption, 13, True, p.INK)])
        top += Inches(0.28)
        widths = list(table.widths or (1.0,) * len(table.columns))
        half_w = int((CONTENT_W - Inches(0.3)) / 2)
        if table.split and len(table.rows) > HALVES_FROM:
            half = (len(table.rows) + 1) // 2
            h = _grid(slide, table, table.rows[:half], (MARGIN, top, half_w, 0), widths)
            _grid(slide, table, table.rows[half:], (MARGIN + half_w + Inches(0.3), top, half_w, 0), widths)
        else:
            h = _grid(slide, table, table.rows, (MARGIN, top, half_w if table.split else CONTENT_W, 0), widths)
        top += h + Inches(0.08)


def _cover(slide: PptxSlide, s: Slide) -> None:
    """The title slide."""
    _title(slide, s.title, (Inches(0.8), Inches(1.5), Inches(11.7), Inches(1.1)), 44, p.BLUE)
    lines = [(s.subtitle, 28, True, p.INK), (" ", 10, False, p.INK)]
    lines += [
        (x, 18, s.demo and i == len(s.lines) - 1, "#7A4100" if s.demo and i == len(s.lines) - 1 else p.INK)
        for i, x in enumerate(s.lines)
    ]
    text_box(slide, (Inches(0.8), Inches(2.75), Inches(11.7), Inches(3.8)), lines)


def add_slide(
    prs: PptxPresentation, s: Slide, deck: Deck, index: int, images: dict[str, bytes], figures: dict | None = None
) -> None:
    """One slide of any kind, with its notes."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    if s.kind == "title":
        _cover(slide, s)
    elif s.kind == "summary":
        _head(slide, s)
        _summary(slide, s)
    elif s.kind == "text":
        _head(slide, s)
        lines = [("• " + x, 20, False, p.INK, 10 if i else 0) for i, x in enumerate(s.lines)]
        text_box(slide, (MARGIN, BODY_TOP, CONTENT_W, Inches(4.8)), lines)
    elif s.kind == "region":
        _head(slide, s)
        _region(slide, s)
    elif s.kind == "map":
        _head(slide, s)
        _picture(slide, images.get(s.chart or ""), MAP_BOX, s.alt_text or s.title)
        _numbers(slide, s, (Inches(7.75), BODY_TOP, Inches(5.08), Inches(4.8)))
    else:
        _head(slide, s)
        _numbers(slide, s, (MARGIN, BODY_TOP, Inches(3.8), Inches(4.8)))
        _chart(slide, s, deck, (figures or {}).get(s.chart or ""), images.get(s.chart or ""))
    _foot(slide, s, deck, index)
    if s.notes:
        slide.notes_slide.notes_text_frame.text = s.notes


def _theme_font(prs: PptxPresentation) -> None:
    """The themes' heading and body fonts (slide master and notes master) set to FONT, so that whatever inherits
    them (layouts, placeholders, a text staff add in PowerPoint) is in FONT too (the template says Calibri)."""
    themes = [prs.slide_master.part.part_related_by(RT.THEME), prs.notes_master.part.part_related_by(RT.THEME)]
    for theme in themes:
        xml = theme.blob.decode("utf-8")
        xml = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*(")', rf"\g<1>{FONT}\g<2>", xml)
        if isinstance(theme, XmlPart):
            theme._element = parse_xml(xml.encode("utf-8"))  # python-pptx has no public setter for a theme
        else:
            theme._blob = xml.encode("utf-8")


def _set_language(prs: PptxPresentation, lang: str) -> None:
    """Every run of every text frame, table cell and notes page carries the deck's language (spell check, screen
    readers, hyphenation) and names FONT (the notes pages' runs included)."""
    language = LANGUAGES[lang]
    frames = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if getattr(shape, "has_table", False) and shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            frames.append(slide.notes_slide.notes_text_frame)
    for frame in frames:
        for para in frame.paragraphs:
            for run in para.runs:
                run.font.language_id = language
                if run.font.name is None:
                    run.font.name = FONT
            for fld in para._p.findall(qn("a:fld")):
                rpr = fld.find(qn("a:rPr"))
                if rpr is not None:
                    rpr.set("lang", "az-Latn-AZ" if lang == "az" else "en-GB")


def write_pptx(
    deck: Deck, images: dict[str, bytes], created: datetime | None = None, figures: dict | None = None
) -> bytes:
    """The deck as .pptx bytes; `created` (the freeze time) is written as the file's dates, so reruns agree.

    With `figures` (the slides' plotly figures) every indicator chart is a native, editable chart; the images are
    used for the maps (and for a chart only when its figure has no numbers)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    for i, s in enumerate(deck.slides):
        add_slide(prs, s, deck, i, images, figures)
    _set_language(prs, deck.lang)
    _theme_font(prs)
    props = prs.core_properties
    props.title = f"{deck.title}: {deck.meeting_date}"
    props.author = props.last_modified_by = "social-services-dashboard"
    props.language = deck.lang
    props.revision = 1
    if created is not None:
        props.created = props.modified = created.replace(tzinfo=None)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
