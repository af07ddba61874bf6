"""The two sheets the import reads and their columns (the template writes the same names).

Headers are matched loosely: case, spaces, a trailing '*' or '(...)' and Azerbaijani or English words are
accepted ("Göstərici", "indicator_code", "Dövr (il, rüb, ay)").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

OBSERVATIONS = "observations"
FACILITIES = "facilities"
LISTS = "lists"
GUIDE = "guide"
SHEET_KINDS = (OBSERVATIONS, FACILITIES)
# Sheets of the template that carry no data: skipped without a note.
TEMPLATE_SHEETS = (LISTS, GUIDE)
SHEET_ALIASES = {
    OBSERVATIONS: (OBSERVATIONS, "observation", "müşahidələr", "müşahidə", "göstəricilər", "data", "məlumat"),
    FACILITIES: (FACILITIES, "facility", "müəssisələr", "müəssisə", "obyektlər"),
    LISTS: (LISTS, "siyahılar"),
    GUIDE: (GUIDE, "təlimat", "instructions", "readme"),
}


@dataclass(frozen=True)
class ColumnSpec:
    """A column of an import sheet: its name in the template, whether it must be there, other accepted headers."""

    name: str
    required: bool = False
    aliases: tuple[str, ...] = ()


OBSERVATION_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("indicator", True, ("indicator_code", "göstərici", "göstərici_kodu", "göstəricinin_kodu")),
    ColumnSpec("geo_level", False, ("level", "səviyyə", "ərazi_səviyyəsi", "geography_level")),
    ColumnSpec("geo", True, ("geo_code", "geography", "ərazi", "ərazi_kodu", "district", "rayon", "place")),
    ColumnSpec("period", True, ("dövr", "il", "year")),
    ColumnSpec("value", True, ("qiymət", "dəyər", "say", "amount")),
    ColumnSpec("qualifier", False, ("kvalifikator", "işarə", "dəqiqlik", "qualifier_code")),
    ColumnSpec("value_low", False, ("aşağı_hədd", "low", "minimum")),
    ColumnSpec("value_high", False, ("yuxarı_hədd", "high", "maximum")),
    ColumnSpec("segment", False, ("seqment", "series_segment", "sıra_seqmenti")),
    ColumnSpec("source", False, ("mənbə", "source_id")),
    ColumnSpec("note", False, ("qeyd", "comment", "şərh")),
)
FACILITY_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("facility_code", True, ("code", "kod", "müəssisə_kodu", "facility")),
    ColumnSpec("name_az", False, ("ad_az", "adı_az", "ad", "adı", "name")),
    ColumnSpec("name_en", False, ("ad_en", "adı_en")),
    ColumnSpec("network", False, ("şəbəkə",)),
    ColumnSpec("facility_type", False, ("type", "növ", "növü")),
    ColumnSpec("district", False, ("district_code", "rayon", "ərazi")),
    ColumnSpec("settlement", False, ("yaşayış_məntəqəsi", "town", "şəhər_kənd")),
    ColumnSpec("beds", False, ("çarpayı", "çarpayı_sayı")),
    ColumnSpec("annual_capacity", False, ("capacity", "illik_tutum", "tutum")),
    ColumnSpec("lat", False, ("latitude", "enlik")),
    ColumnSpec("lon", False, ("longitude", "lng", "uzunluq")),
    ColumnSpec("status", True, ("vəziyyət", "status_code")),
    ColumnSpec("status_date", True, ("date", "tarix", "status_tarixi")),
    ColumnSpec("date_basis", False, ("tarixin_əsası",)),
    ColumnSpec("expected_open", False, ("gözlənilən_açılış", "expected_opening")),
    ColumnSpec("source", False, ("mənbə", "source_id")),
    ColumnSpec("note", False, ("qeyd", "comment", "şərh")),
)
COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {OBSERVATIONS: OBSERVATION_COLUMNS, FACILITIES: FACILITY_COLUMNS}
TEXT_COLUMNS = ("source", "note", "name_az", "name_en", "settlement")

_PARENS = re.compile(r"\(.*?\)|\[.*?\]")
_SEPARATORS = re.compile(r"[\s\-/.]+")


def header_key(text: object) -> str:
    """A header cell as a lookup key: 'Dövr (il, rüb) *' -> 'dövr'."""
    t = unicodedata.normalize("NFKC", str(text)).casefold().replace("\u0307", "")
    t = _PARENS.sub(" ", t).replace("*", " ").strip()
    return _SEPARATORS.sub("_", t).strip("_")


def sheet_kind(name: str) -> str | None:
    """observations | facilities | lists | guide for a sheet name, else None."""
    key = header_key(name)
    for kind, names in SHEET_ALIASES.items():
        if key in {header_key(n) for n in names}:
            return kind
    return None


def header_lookup(kind: str) -> dict[str, str]:
    """Accepted header key -> column name, for one sheet kind."""
    out: dict[str, str] = {}
    for spec in COLUMNS[kind]:
        for text in (spec.name, *spec.aliases):
            out.setdefault(header_key(text), spec.name)
    return out


def required(kind: str) -> list[str]:
    """The columns a sheet of `kind` must have."""
    return [c.name for c in COLUMNS[kind] if c.required]
