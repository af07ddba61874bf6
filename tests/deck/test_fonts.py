"""Fonts: every run of the PowerPoint file names the chosen font (deck.to_pptx.FONT, Arial: why, and what could
and could not be verified here, is in docs/COLLEGIUM.md), and the fonts the PDF is rendered with hold every
Azerbaijani letter as a real glyph (fontTools on the font files used and on the font programs embedded in the PDF).
"""

from __future__ import annotations

import io
import re
import zipfile

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from deck.system import DEJAVU_BOLD, DEJAVU_FONT
from deck.to_pptx import FONT

AZ_LETTERS = "əƏğĞıİşŞçÇöÖüÜ"


def _has_glyph(font: TTFont, char: str) -> bool:
    """True when `font` maps `char` to a glyph that draws something (not .notdef, not an empty outline)."""
    name = font.getBestCmap().get(ord(char))
    if name is None or name == ".notdef":
        return False
    if "glyf" in font:
        glyph = font["glyf"][name]
        return glyph.numberOfContours != 0
    return True


def test_every_run_of_the_pptx_names_the_chosen_font(exported):
    parts = zipfile.ZipFile(io.BytesIO(exported.pptx))
    checked = 0
    for name in parts.namelist():
        if not re.match(r"ppt/(slides|notesSlides|charts)/[^/]+\.xml$", name):
            continue
        xml = parts.read(name).decode("utf-8")
        for run in re.findall(r"<a:(?:r|fld)\b[^>]*>.*?</a:(?:r|fld)>", xml, re.S):
            props = re.search(r"<a:rPr\b[^>]*/>|<a:rPr\b[^>]*>.*?</a:rPr>", run, re.S)
            assert props and f'<a:latin typeface="{FONT}"' in props.group(0), (name, run[:200])
            checked += 1
    assert checked > 500  # titles, numbers, tables, footnotes, slide numbers, notes and chart titles
    # what is not a run of a slide (layouts, masters, text added later in PowerPoint) inherits the themes' fonts
    themes = [n for n in parts.namelist() if n.startswith("ppt/theme/")]
    assert themes
    for name in themes:
        fonts = re.findall(r'<a:(?:major|minor)Font>\s*<a:latin typeface="([^"]+)"', parts.read(name).decode())
        assert fonts == [FONT, FONT], (name, fonts)


def test_the_pdf_fonts_hold_every_azerbaijani_letter(exported):
    for path in (DEJAVU_FONT, DEJAVU_BOLD):  # the files the PDF and the pictures are set in
        font = TTFont(str(path))
        missing = [c for c in AZ_LETTERS if not _has_glyph(font, c)]
        assert not missing, (path.name, missing)
    # the font programs embedded in the PDF: DejaVu subsets that draw every Azerbaijani letter the text uses
    reader = PdfReader(io.BytesIO(exported.pdf))
    used = {c for page in reader.pages for c in page.extract_text() if c in AZ_LETTERS}
    assert set("əğışçöü") <= used, used  # the Azerbaijani deck uses them: the check below is not empty
    drawn: set[str] = set()
    families = set()
    for page in reader.pages:
        for ref in (page["/Resources"].get_object().get("/Font") or {}).values():
            font = ref.get_object()
            families.add(str(font.get("/BaseFont")).split("+")[-1])
            descendants = font.get("/DescendantFonts")
            holder = descendants[0].get_object() if descendants else font
            descriptor = holder["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile2")
            if program is None:
                continue
            tt = TTFont(io.BytesIO(program.get_object().get_data()))
            drawn |= {c for c in used if _has_glyph(tt, c)}
    assert families and all(f.startswith("DejaVuSans") for f in families), families
    assert drawn == used, used - drawn
