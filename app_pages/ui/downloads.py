"""Every table and chart offers its data as CSV and Excel; text cells that a spreadsheet would run are defused.

The files are generated only when a button is clicked (a callable is passed to st.download_button), so
offering downloads costs nothing on a rerun; making one records a `data_export` in the audit trail.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from app_pages.ui import auth
from app_pages.ui.i18n import lang, t
from data.importer import sanitize_for_export
from figures.frames import DERIVED_COLUMNS, QUALIFIED_COLUMNS, with_qualified_text

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` fit for export: text cells and column names defused against formula injection (the
    import's own rule, data.importer.sanitize_for_export), timezones dropped (Excel cannot store them)."""
    out = sanitize_for_export(df)
    for c in out.columns:
        if isinstance(out[c].dtype, pd.DatetimeTZDtype):
            out[c] = out[c].dt.tz_localize(None)
    return out


def export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """What a download holds of `df`: a figure's `value` followed by its qualifier, value_low, value_high and the
    value with its qualifier as text in the reader's language (figures.frames.with_qualified_text)."""
    return with_qualified_text(df, lang())


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with a byte-order mark (so Excel reads ə, ş, ğ correctly)."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
    """The table as an Excel workbook (one sheet)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(df).to_excel(writer, index=False, sheet_name=sheet[:31] or "data")
    return buffer.getvalue()


def file_stem(name: str) -> str:
    """A file name stem with only safe characters."""
    return _SAFE_NAME.sub("_", name).strip("_") or "data"


def _export_width(df: pd.DataFrame) -> int:
    """How many columns export_frame(df) has (without making it): the qualified columns follow `value`."""
    if "value" not in df.columns:
        return len(df.columns)
    derived = [c for c in DERIVED_COLUMNS if c in df.columns]
    kept = [c for c in df.columns if c not in QUALIFIED_COLUMNS and c not in {f"{d}_text" for d in derived}]
    return len(kept) + len(QUALIFIED_COLUMNS) + len(derived)


Frame = pd.DataFrame | Callable[[], pd.DataFrame]


def _lazy(make: Callable[[pd.DataFrame], bytes], df: Frame, name: str, lang_: str) -> Callable[[], bytes]:
    """The file, made when the button is clicked: the export frame in the language of the run that offered it
    (a page offers dozens of downloads on every run; making each export frame then cost more than the page). A
    frame given as a callable is itself made only then (the audit trail records its size once it is known)."""
    if callable(df):
        made: dict = {}

        def build() -> bytes:
            frame = df()
            made.update(rows=len(frame), columns=_export_width(frame))
            return make(with_qualified_text(frame, lang_))

        return auth.audited(build, "data_export", name, lambda: made)
    detail = {"rows": len(df), "columns": _export_width(df)}
    return auth.audited(lambda: make(with_qualified_text(df, lang_)), "data_export", name, detail)


def offer(df: Frame, name: str, key: str) -> None:
    """Two buttons, CSV and Excel, for `df` (files named `<name>.csv` / `<name>.xlsx`); a figure's qualifier travels
    with its value (export_frame, applied when a file is made). `df` may be a callable that makes the frame when a
    button is clicked (outside the script run: it must not read the session), for a table too costly to make on
    every first visit."""
    stem = file_stem(name)
    lg = lang()
    if not callable(df):
        df = df.copy(deep=False)  # the frame as offered now (copy-on-write: a later change by the page is not seen)
    # A row of buttons at their natural width (they wrap in a narrow column instead of being cut short).
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            t("common.download_csv"),
            data=_lazy(csv_bytes, df, f"{stem}.csv", lg),
            file_name=f"{stem}.csv",
            mime=CSV_MIME,
            key=f"dl.{key}.csv",
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            t("common.download_xlsx"),
            data=_lazy(xlsx_bytes, df, f"{stem}.xlsx", lg),
            file_name=f"{stem}.xlsx",
            mime=XLSX_MIME,
            key=f"dl.{key}.xlsx",
            on_click="ignore",
            icon=":material/table_view:",
        )
