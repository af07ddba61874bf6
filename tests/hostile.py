"""A reference database in which EVERY text that comes from data holds a hostile payload (issue #12): Markdown that
fetches an address or makes a link, and HTML tags. Used by the escaping property tests (AppTest pages, figures,
the deck's HTML, Chromium).

Which texts come from data: the reference files' names, titles, notes, definitions, labels and units, as
`HOSTILE_COLUMNS` lists them (every Text/String column of the schema that is not a code, an enumeration, a date,
a period or an address meant as a link; those addresses, `sources.url`, become BAD_ADDRESSES), and what users
type: an import's file name and user, the notes of imported rows, a frozen meeting's note and the decisions asked
of it.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import Engine, text

# The payload's parts, each distinctive, so a raw (unescaped) occurrence is found wherever it lands.
IMAGE = "![x](http://127.0.0.1:9/p.png)"
LINK = "[t](https://phish.example)"
BOLD = "<b>bx</b>"
IMG = '<img src=x onerror="alert(1)">'
ANCHOR = '<a href="https://phish.example/a">ax</a>'
PAYLOAD = f"{IMAGE} {LINK} {BOLD} {IMG} {ANCHOR}"
MARKDOWN_PARTS = (IMAGE, LINK, "](http://127.0.0.1:9", "](https://phish")
HTML_PARTS = ("<b>bx", "<img src=x", '<a href="https://phish', "<a href='https://phish")
# what the payload may never become anywhere: an address outside the app
FOREIGN = ("127.0.0.1:9/", "phish.example")
# addresses meant as links (sources.url): every other source's becomes a script or a page made of data, or an
# address whose quote would end the link's attribute; the others keep their real address (links still work)
BAD_ADDRESSES = (
    "javascript:alert(document.cookie)//",
    "data:text/html,<b>bx</b>",
    'https://phish.example/"onmouseover="alert(1)',
)

# table -> text columns from data (unit: every unit but "percent", which is a code the formatting reads)
HOSTILE_COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("title", "publisher", "note", "published_approx"),
    "economic_regions": ("name_az", "name_en", "name_ru"),
    "districts": ("name_az", "name_en", "name_ru", "population_note", "shape_note", "note"),
    "district_aliases": ("note",),
    "facilities": ("name_az", "name_en", "settlement", "capacity_note", "note"),
    "facility_status": ("note",),
    "goals": ("name_az", "name_en", "description_az", "description_en"),
    "indicators": ("name_az", "name_en", "definition_az", "definition_en", "unit"),
    "targets": ("value_text", "note"),
    "observations": ("value_text", "note"),
    "series_segments": ("label_az", "label_en", "note_az", "note_en"),
    "networks": ("name_az", "name_en", "note"),
    "network_totals": ("note",),
}


def poison(engine: Engine) -> None:
    """Append the payload to every text from data in a built database (names stay unique: the text is kept)."""
    with engine.begin() as conn:
        for table, columns in HOSTILE_COLUMNS.items():
            for column in columns:
                where = " WHERE unit <> 'percent'" if column == "unit" else ""
                conn.execute(
                    text(f"UPDATE {table} SET {column} = COALESCE({column}, '') || ' ' || :p{where}"), {"p": PAYLOAD}
                )
        ids = [r[0] for r in conn.execute(text("SELECT id FROM sources ORDER BY id"))]
        for n, source_id in enumerate(ids[::2]):
            conn.execute(
                text("UPDATE sources SET url = :u WHERE id = :i"),
                {"u": BAD_ADDRESSES[n % len(BAD_ADDRESSES)], "i": source_id},
            )


def build_hostile(url: str) -> Engine:
    """A database at `url`: reference and demonstration data, every text from data poisoned, one committed import
    (hostile file name, user and notes) and one frozen meeting (hostile note and decisions)."""
    from data import importer, snapshots
    from data.db import make_engine
    from data.loader import build_database
    from deck import source

    engine = make_engine(url)
    build_database(engine, demo=True)
    poison(engine)
    body = io.StringIO()
    rows = csv.writer(body)
    rows.writerow(["indicator", "geo_level", "geo", "period", "value", "source", "note"])
    for year in (2021, 2022):
        rows.writerow(["children_in_institutions", "district", "AZ-QAX", year, year - 2000, "", PAYLOAD])
    checked = importer.check(engine, body.getvalue().encode(), f"{PAYLOAD}.csv")
    assert checked.ok, [p.message("en") for p in checked.errors]
    importer.commit(engine, checked, PAYLOAD)
    statuses = ("reported", "official", "demonstration")
    meeting = date.today()
    payload = source.live_payload(engine, meeting, statuses, decisions=f"{PAYLOAD}\n{PAYLOAD}")
    snapshots.save(engine, meeting, payload, statuses, note=PAYLOAD)
    return engine


def raw_markup(value: str, markdown: bool = True) -> list[str]:
    """The payload's parts found unescaped in `value` (Markdown parts only where Markdown is rendered)."""
    parts = (*HTML_PARTS, *(MARKDOWN_PARTS if markdown else ()))
    return [p for p in parts if p in value]
