"""The template the user downloads (Excel with drop-down lists, or CSV), and the guard for everything exported.

Excel: `observations` and `facilities` sheets with the import's column names, drop-down lists (data validation)
drawn from a `lists` sheet of the valid indicator codes, places, networks, types and statuses, and a `guide`
sheet in the user's language. CSV: the observations header (UTF-8 with BOM, so Excel shows ə, ş, ğ), with its
lists as a second CSV file (`lists_csv`).
"""

from __future__ import annotations

import io

import pandas as pd
import xlsxwriter
from sqlalchemy import Connection, Engine

from data import queries
from data import schema as s
from data.i18n import translate
from data.importer.columns import FACILITIES, FACILITY_COLUMNS, GUIDE, LISTS, OBSERVATION_COLUMNS, OBSERVATIONS

# what starts a formula in a spreadsheet (also after blanks, and the full-width forms some spreadsheets accept)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_BLANKS = " \u00a0\u3000\u2007\u202f\ufeff"
TEMPLATE_ROWS = 5000  # rows that carry the drop-down lists
GUIDE_LINES = (
    "intro",
    "observations",
    "levels",
    "places",
    "periods",
    "values",
    "source",
    "facilities",
    "status",
    "history",
    "problems",
)


def formula_like(value: object) -> bool:
    """Whether a spreadsheet could run `value` as a formula (it starts with = + - @, a tab or a line break, after
    any blanks, or with their full-width forms)."""
    return isinstance(value, str) and value.lstrip(_BLANKS).startswith(FORMULA_PREFIXES)


def neutralise(value: object) -> object:
    """A text a spreadsheet would run as a formula, prefixed with an apostrophe; anything else unchanged."""
    if formula_like(value):
        return "'" + value
    return value


def sanitize_for_export(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` safe to open in a spreadsheet: text cells and column names starting with = + - @ tab CR
    are prefixed with an apostrophe (CSV/Excel formula injection); numbers (also negative ones) are left alone."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for c in out.columns:
        col = out[c]
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            out[c] = col.astype(object).map(neutralise)
    return out


GEO_LEVELS = ("country", "region", "district")
# The template's small vocabularies: the column they serve -> their codes.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "geo_level": GEO_LEVELS,
    "network": s.FACILITY_NETWORKS,
    "facility_type": s.FACILITY_TYPES,
    "status": s.FACILITY_STATUSES,
    "date_basis": s.DATE_BASES,
    "qualifier": s.QUALIFIERS,
}


def places_frame(bind: Engine | Connection) -> pd.DataFrame:
    """The country, the economic regions and the districts (by Azerbaijani name): place, code, level, names."""
    districts = queries.districts(bind).sort_values("name_az")
    regions = queries.economic_regions(bind)
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "place": ["Azərbaycan"],
                    "code": [s.COUNTRY_CODE],
                    "level": ["country"],
                    "name_en": ["Azerbaijan"],
                    "name_ru": ["Азербайджан"],
                }
            ),
            pd.DataFrame(
                {
                    "place": regions["name_az"],
                    "code": regions["code"],
                    "level": "region",
                    "name_en": regions["name_en"],
                    "name_ru": regions["name_ru"],
                }
            ),
            pd.DataFrame(
                {
                    "place": districts["name_az"],
                    "code": districts["code"],
                    "level": "district",
                    "name_en": districts["name_en"],
                    "name_ru": districts["name_ru"],
                }
            ),
        ],
        ignore_index=True,
    )


def lists_frame(bind: Engine | Connection, lang: str) -> dict[str, pd.DataFrame]:
    """The valid codes and names the template's lists offer."""
    ind = queries.indicators(bind)
    places = places_frame(bind)
    districts = places[places["level"] == "district"]
    facilities = queries.facilities(bind)
    vocab = {name: pd.DataFrame({name: list(codes)}) for name, codes in VOCABULARIES.items()}
    return {
        "indicators": pd.DataFrame(
            {
                "indicator": ind["code"],
                "name": ind[f"name_{lang}"],
                "kind": ind["kind"],
                "unit": ind["unit"],
                "levels": ind["levels"],
            }
        ),
        "places": places,
        "districts": pd.DataFrame({"district": districts["place"], "code": districts["code"]}),
        **{name: vocab[name] for name in ("network", "facility_type", "status", "date_basis", "qualifier")},
        "facilities": pd.DataFrame({"facility_code": facilities["code"], "name": facilities[f"name_{lang}"]}),
        "geo_level": vocab["geo_level"],
    }


def _write_block(ws, col: int, frame: pd.DataFrame, header_fmt) -> dict[str, str]:
    """Write a frame at column `col` of the lists sheet; return column name -> absolute range of its values."""
    frame = sanitize_for_export(frame)
    ranges = {}
    for j, name in enumerate(frame.columns):
        ws.write_string(0, col + j, str(name), header_fmt)
        for i, v in enumerate(frame[name].tolist(), start=1):
            if isinstance(v, str):
                ws.write_string(i, col + j, v)
            elif v is not None and not pd.isna(v):
                ws.write_number(i, col + j, float(v))
        letter = xlsxwriter.utility.xl_col_to_name(col + j)
        ranges[name] = f"={LISTS}!${letter}$2:${letter}${len(frame) + 1}"
    return ranges


def _validation(ws, col: int, source: str, lang: str, strict: bool) -> None:
    ws.data_validation(
        1,
        col,
        TEMPLATE_ROWS,
        col,
        {
            "validate": "list",
            "source": source,
            "ignore_blank": True,
            "error_type": "stop" if strict else "warning",
            "error_title": translate("import.template.invalid_title", lang),
            "error_message": translate(
                "import.template.invalid_strict" if strict else "import.template.invalid_warning", lang
            ),
        },
    )


def template_xlsx(bind: Engine | Connection, lang: str) -> bytes:
    """The Excel template in `lang` (texts of the comments and the guide sheet)."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    text = wb.add_format({"num_format": "@"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    sheets = {kind: wb.add_worksheet(kind) for kind in (OBSERVATIONS, FACILITIES)}
    lists = wb.add_worksheet(LISTS)
    guide = wb.add_worksheet(GUIDE)

    frames = lists_frame(bind, lang)
    ranges: dict[str, str] = {}
    col = 0
    for frame in frames.values():
        ranges.update({f"{next(iter(frame.columns))}:{k}": v for k, v in _write_block(lists, col, frame, bold).items()})
        lists.set_column(col, col + len(frame.columns) - 1, 18)
        col += len(frame.columns) + 1
    lists.freeze_panes(1, 0)

    for kind, specs in ((OBSERVATIONS, OBSERVATION_COLUMNS), (FACILITIES, FACILITY_COLUMNS)):
        ws = sheets[kind]
        for j, spec in enumerate(specs):
            ws.write_string(0, j, spec.name, bold)
            ws.write_comment(
                0, j, translate(f"import.template.column.{kind}.{spec.name}", lang), {"x_scale": 2.5, "y_scale": 2}
            )
            ws.set_column(j, j, 22 if spec.name not in ("note", "source", "name_az", "name_en") else 36, text)
        ws.freeze_panes(1, 0)
    obs, fac = sheets[OBSERVATIONS], sheets[FACILITIES]
    _validation(obs, 0, ranges["indicator:indicator"], lang, True)
    _validation(obs, 1, ranges["geo_level:geo_level"], lang, True)
    _validation(obs, 2, ranges["place:place"], lang, False)
    obs_cols = [spec.name for spec in OBSERVATION_COLUMNS]
    _validation(obs, obs_cols.index("qualifier"), ranges["qualifier:qualifier"], lang, True)
    fac_cols = [spec.name for spec in FACILITY_COLUMNS]
    _validation(fac, fac_cols.index("facility_code"), ranges["facility_code:facility_code"], lang, False)
    _validation(fac, fac_cols.index("network"), ranges["network:network"], lang, True)
    _validation(fac, fac_cols.index("facility_type"), ranges["facility_type:facility_type"], lang, True)
    _validation(fac, fac_cols.index("district"), ranges["district:district"], lang, False)
    _validation(fac, fac_cols.index("status"), ranges["status:status"], lang, True)
    _validation(fac, fac_cols.index("date_basis"), ranges["date_basis:date_basis"], lang, True)

    guide.set_column(0, 0, 110, wrap)
    guide.write_string(
        0, 0, translate("import.template.guide.title", lang), wb.add_format({"bold": True, "font_size": 14})
    )
    for i, line in enumerate(GUIDE_LINES, start=2):
        guide.write_string(i, 0, translate(f"import.template.guide.{line}", lang), wrap)
    wb.close()
    return buffer.getvalue()


LISTS_CSV_COLUMNS = ["list", "code", "name_az", "name_en", "name_ru", "level", "kind", "unit"]


def lists_csv(bind: Engine | Connection, lang: str | None = None) -> bytes:
    """The CSV variant's lists (UTF-8 with BOM): one row per valid value, the column `list` naming the template
    column it serves (indicator, geo, geo_level, network, facility_type, status, date_basis, facility_code).
    They carry every language's names, so `lang` changes nothing (kept for the callers' symmetry)."""
    ind = queries.indicators(bind)
    places = places_frame(bind)
    fac = queries.facilities(bind)
    vocab = [pd.DataFrame({"list": name, "code": list(codes)}) for name, codes in VOCABULARIES.items()]
    rows = pd.concat(
        [
            pd.DataFrame(
                {
                    "list": "indicator",
                    "code": ind["code"],
                    "name_az": ind["name_az"],
                    "name_en": ind["name_en"],
                    "level": ind["levels"],
                    "kind": ind["kind"],
                    "unit": ind["unit"],
                }
            ),
            pd.DataFrame(
                {
                    "list": "geo",
                    "code": places["code"],
                    "name_az": places["place"],
                    "name_en": places["name_en"],
                    "name_ru": places["name_ru"],
                    "level": places["level"],
                }
            ),
            *vocab,
            pd.DataFrame(
                {"list": "facility_code", "code": fac["code"], "name_az": fac["name_az"], "name_en": fac["name_en"]}
            ),
        ],
        ignore_index=True,
    )
    return sanitize_for_export(rows.reindex(columns=LISTS_CSV_COLUMNS)).to_csv(index=False).encode("utf-8-sig")


def template_csv(lang: str | None = None) -> bytes:
    """The CSV variant: the observations header, UTF-8 with BOM."""
    header = pd.DataFrame(columns=[spec.name for spec in OBSERVATION_COLUMNS])
    return sanitize_for_export(header).to_csv(index=False).encode("utf-8-sig")
