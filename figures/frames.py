"""Small pure adapters between the metric tables and what a chart or table needs (no Streamlit, no SQL).

They reshape; the rules (periods, baselines, coverage, status on a date) stay in metrics/.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from data.formatting import format_quantity, is_number
from data.i18n import translate
from metrics.regional import derived_qualifier, per_residents
from metrics.series import STATUS_PRIORITY, annual_series, classify

POINT_COLUMNS = [
    "x",
    "year",
    "value",
    "period",
    "is_partial",
    "months",
    "data_status",
    "source_title",
    "source_url",
    "source_published",
    "qualifier",
    "value_low",
    "value_high",
    "segment",
    "segment_label_az",
    "segment_label_en",
    "segment_note_az",
    "segment_note_en",
]


def series_points(
    observations: pd.DataFrame, kinds: dict[str, str], segments: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The points to draw of every series (indicator x geography) in `observations`.

    A flow's full years (and, per year without one, its most complete partial figure, flagged); a stock's,
    share's or ratio's every published date. One point per date, the most certain data status winning.
    Columns: indicator_code, geo_level, geo_code and POINT_COLUMNS (x: the middle of a flow's period, a stock's
    date; qualifier and segment as stored; with `segments` (data.queries.series_segments) each segment's label
    and note).
    """
    cols = ["indicator_code", "geo_level", "geo_code", *POINT_COLUMNS]
    if observations.empty:
        return pd.DataFrame(columns=cols)
    c = classify(observations, kinds)
    c = c.assign(_prio=c["data_status"].map(STATUS_PRIORITY).fillna(1), _full=c["usable_annual"].astype(int))
    group = ["indicator_code", "geo_level", "geo_code"]
    flows = c[c["is_flow"] & (c["usable_annual"] | c["is_partial"])]
    flows = flows.sort_values([*group, "year", "_full", "months", "_prio", "period_end"], kind="stable")
    flows = flows.drop_duplicates([*group, "year"], keep="last")
    stocks = c[~c["is_flow"]].assign(is_partial=False)
    stocks = stocks.sort_values([*group, "period_end", "_prio"], kind="stable").drop_duplicates(
        [*group, "period_end"], keep="last"
    )
    # A total over a period sits at the middle of its period; a level at a date sits at that date.
    start, end = flows["period_start"], flows["period_end"]
    flows = flows.assign(period_end=(start + (end - start) / 2).dt.floor("D"))
    out = pd.concat([flows, stocks], ignore_index=True).rename(columns={"period_end": "x"})
    if "qualifier" in out.columns:
        out["qualifier"] = out["qualifier"].astype(object).where(out["qualifier"].notna(), "exact")
    if segments is not None and not segments.empty:
        labels = segments.reindex(
            columns=["indicator_code", "segment", "label_az", "label_en", "note_az", "note_en"]
        ).rename(columns={c: f"segment_{c}" for c in ("label_az", "label_en", "note_az", "note_en")})
        out = out.merge(labels, on=["indicator_code", "segment"], how="left")
    out = out.reindex(columns=cols).sort_values([*group, "x"], kind="stable")
    return out.reset_index(drop=True)


def points_of(points: pd.DataFrame, code: str, geo_code: str = "AZ") -> pd.DataFrame:
    """The points of one series out of `series_points` (columns POINT_COLUMNS)."""
    p = points[(points["indicator_code"] == code) & (points["geo_code"] == geo_code)]
    return p.reindex(columns=POINT_COLUMNS).reset_index(drop=True)


def annual_table(observations: pd.DataFrame, kinds: dict[str, str], sources: pd.DataFrame) -> pd.DataFrame:
    """One value per indicator, geography and year (metrics.series.annual_series) with the source's title."""
    if observations.empty:
        return pd.DataFrame(
            columns=[
                "indicator_code",
                "geo_level",
                "geo_code",
                "year",
                "value",
                "period",
                "period_end",
                "data_status",
                "source_id",
                "source_title",
                "source_url",
            ]
        )
    a = annual_series(classify(observations, kinds))
    src = sources.set_index("id")
    return a.assign(source_title=a["source_id"].map(src["title"]), source_url=a["source_id"].map(src["url"]))


def district_years(annual: pd.DataFrame, code: str) -> list[int]:
    """Years with at least one district figure of `code` (annual: `annual_table` of districts), newest first."""
    years = annual.loc[(annual["indicator_code"] == code) & (annual["geo_level"] == "district"), "year"]
    return sorted({int(y) for y in years}, reverse=True)


def district_values(annual: pd.DataFrame, districts: pd.DataFrame, code: str, kind: str, year: int) -> pd.DataFrame:
    """Every district's yearly figure of `code` in `year` with the rate per 10,000 residents (own polygon).

    annual: `annual_table` of district observations. One row per district of the registry (value NaN where
    there is none). Columns: code, name_az, name_en, economic_region_code, population, value, rate, period,
    data_status, source_title, source_url, and what the annual frame carries of qualifier, value_low, value_high,
    segment and period_end (the figure's meaning and its date: its evidence).
    """
    a = annual[(annual["indicator_code"] == code) & (annual["geo_level"] == "district") & (annual["year"] == year)]
    d = districts[["code", "name_az", "name_en", "economic_region_code", "population_exclusive"]].rename(
        columns={"population_exclusive": "population"}
    )
    keep = ["geo_code", "value", "period", "data_status", "source_title", "source_url"]
    keep += [c for c in ("qualifier", "value_low", "value_high", "segment", "period_end") if c in a.columns]
    out = d.merge(a[keep].rename(columns={"geo_code": "code"}), on="code", how="left")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    out["rate"] = per_residents(out["value"], out["population"], kind)
    return out.reset_index(drop=True)


def facility_segments(facility_status: pd.DataFrame, until: date | str) -> pd.DataFrame:
    """Each facility's history as segments: a status from its day to the next status's day (or `until`).

    Columns: facility_code, status, start, end, status_date, date_basis, expected_open, source_title, source_url,
    data_status.
    """
    fs = facility_status.sort_values(["facility_code", "status_day", "id"], kind="stable").reset_index(drop=True)
    end = fs.groupby("facility_code")["status_day"].shift(-1)
    fs = fs.assign(start=fs["status_day"], end=end.fillna(pd.Timestamp(until)))
    fs["end"] = fs[["start", "end"]].max(axis=1)
    cols = [
        "facility_code",
        "status",
        "start",
        "end",
        "status_date",
        "date_basis",
        "expected_open",
        "source_title",
        "source_url",
        "data_status",
    ]
    return fs.reindex(columns=cols)


PIPELINE_APART = ("stale", "not_on_latest_list")  # metrics.facilities.pipeline_state values drawn apart


def with_pipeline_state(frame: pd.DataFrame, states: pd.DataFrame | None, code: str = "code") -> pd.DataFrame:
    """`frame` with pipeline_state, months_silent and list_date from metrics.facilities.pipeline_state (`states`)
    joined by facility code; empty for a facility not in the pipeline (and for all when `states` is None)."""
    cols = ["pipeline_state", "months_silent", "list_date"]
    if states is None or states.empty:
        return frame.assign(pipeline_state=None, months_silent=pd.NA, list_date=pd.NaT)
    by_code = states.set_index("facility_code")[cols]
    out = frame.drop(columns=[c for c in cols if c in frame.columns]).join(by_code, on=code)
    return out.assign(pipeline_state=out["pipeline_state"].astype(object).where(out["pipeline_state"].notna(), None))


def facility_registry(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    status_now: pd.DataFrame,
    districts: pd.DataFrame,
    pipeline_states: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The registry with each facility's current status, since when, first announcement and opening date.

    Columns: the facilities' columns, economic_region_code, status, status_date, expected_open, announced,
    opened (first day it was open; NaT if never), data_status (least certain of its status rows), and
    pipeline_state, months_silent, list_date (with_pipeline_state; empty without `pipeline_states`).
    """
    fs = facility_status
    first = fs.groupby("facility_code")["status_day"].min().rename("announced")
    opened = fs[fs["status"] == "open"].groupby("facility_code")["status_day"].min().rename("opened")
    prio = fs.assign(_p=fs["data_status"].map(STATUS_PRIORITY)).groupby("facility_code")["_p"].min()
    names = {v: k for k, v in STATUS_PRIORITY.items()}
    now = status_now.set_index("facility_code")[["status", "status_date", "expected_open"]]
    out = facilities.merge(
        districts[["code", "economic_region_code"]].rename(columns={"code": "district_code"}),
        on="district_code",
        how="left",
    )
    out = out.join(now, on="code").join(first, on="code").join(opened, on="code")
    out["data_status"] = out["code"].map(prio).map(names)
    return with_pipeline_state(out, pipeline_states)


def facilities_on(
    facilities: pd.DataFrame,
    status_now: pd.DataFrame,
    facility_status: pd.DataFrame,
    networks: list[str] | tuple[str, ...] | None = None,
    pipeline: bool = True,
    pipeline_states: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The facilities that existed on a date (status_now = metrics.facilities.status_on on that date) with their
    status then, the source of that status row and its data status; the pipeline left out unless `pipeline`.
    `pipeline_states` (metrics.facilities.pipeline_state on the same date) says which pipeline items are set apart.

    Columns: the facilities' columns, status, status_date, status_day, expected_open, source_title, data_status,
    pipeline_state, months_silent, list_date.
    """
    f = facilities if not networks else facilities[facilities["network"].isin(list(networks))]
    s = status_now[["facility_code", "status", "status_date", "status_day", "expected_open"]]
    rows = facility_status[["facility_code", "status_day", "status", "source_title", "data_status"]]
    rows = rows.drop_duplicates(["facility_code", "status_day", "status"], keep="last")
    s = s.merge(rows, on=["facility_code", "status_day", "status"], how="left")
    out = f.merge(s, left_on="code", right_on="facility_code", how="inner").drop(columns="facility_code")
    if not pipeline:
        out = out[out["status"] == "open"]
    return with_pipeline_state(out[out["status"] != "closed"].reset_index(drop=True), pipeline_states)


_DATE_WORDS = (
    (re.compile(r"^n\.d\.$"), "date.undated"),
    (re.compile(r"^after (?P<date>\S+) \(inferred\)$"), "date.after_inferred"),
    (re.compile(r"\blate (?P<year>\d{4})\b"), "date.late_year"),
    (re.compile(r"\(data at (?P<date>[\d-]+)\)"), "date.data_at"),
    (re.compile(r"^c\. (?P<date>.+)$"), "date.circa"),
)


def date_text(value: object, lang: str) -> str:
    """A source's date as the reference data state it ('n.d.', 'c. 2021-12', 'c. late 2019') in `lang`."""
    if not isinstance(value, str) or not value:
        return ""
    text = value.strip()
    for pattern, key in _DATE_WORDS:
        text = pattern.sub(lambda m, k=key: translate(k, lang, **m.groupdict()), text)
    return text


def place_at_centroids(
    facilities: pd.DataFrame,
    centroids: pd.DataFrame,
    settlements: pd.DataFrame | None = None,
    names: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Facilities without coordinates of their own placed at their settlement when `names` knows it (data.geo:
    settlement_names -> settlements; location_basis 'settlement' or 'district_seat', as metrics.access does),
    else at their district's centroid (lat/lon; 'district_centroid'); ones with coordinates are unchanged.

    centroids: code, lat, lon (data.geo.centroids()). A facility whose district has no shape keeps no position.
    """
    out = facilities.copy()
    missing = out["lat"].isna() | out["lon"].isna()
    if not missing.any():
        return out
    if settlements is not None and names is not None and "settlement" in out:
        ll = settlements.set_index("settlement_code")[["lat", "lon"]]
        known = {
            (d, n): (c, b)
            for d, n, c, b in names[["district_code", "name_az", "settlement_code", "basis"]].itertuples(index=False)
        }
        for i in out.index[missing]:
            hit = known.get((out.at[i, "district_code"], str(out.at[i, "settlement"])))
            if hit and hit[0] in ll.index:
                out.loc[i, ["lat", "lon"]] = ll.loc[hit[0], ["lat", "lon"]].to_numpy(float)
                out.loc[i, "location_basis"] = hit[1]
        missing = out["lat"].isna() | out["lon"].isna()
        if not missing.any():
            return out
    c = centroids.set_index("code")
    out.loc[missing, "lat"] = out.loc[missing, "district_code"].map(c["lat"])
    out.loc[missing, "lon"] = out.loc[missing, "district_code"].map(c["lon"])
    out.loc[missing & out["lat"].notna(), "location_basis"] = "district_centroid"
    return out


QUALIFIED_COLUMNS = ["qualifier", "value_low", "value_high", "value_text"]
# Figures derived from a row's own value (a rate per 10,000 residents): exported with `<column>_text`, the figure
# written with the value's qualifier (derived_qualifier).
DERIVED_COLUMNS = ("rate",)


def rate_as_value(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with its rate as the `value` (a map or a chart of rates): the qualifier carried by
    derived_qualifier, the value's ends dropped (they would write a range of absolute numbers beside a rate)."""
    out = frame.assign(value=frame["rate"])
    if "qualifier" in out:
        out["qualifier"] = out["qualifier"].map(derived_qualifier)
    return out.assign(**{c: np.nan for c in ("value_low", "value_high") if c in out})


def with_qualified_text(frame: pd.DataFrame, lang: str, value: str = "value") -> pd.DataFrame:
    """A copy of `frame` whose `value` column is followed by qualifier, value_low, value_high and value_text (the
    value with its qualifier beside it, data.formatting.format_quantity: '~10 000', 'more than 4 100 000',
    '14 000–21 000'; percentages for a unit 'percent'), and each figure derived from the value (DERIVED_COLUMNS:
    `rate`) by `<column>_text` with the value's qualifier ('~3.2'). A frame without a qualifier column is exact; a
    frame without `value` is returned unchanged. Downloads and tables carry a figure's qualifier by this one rule."""
    if value not in frame.columns:
        return frame
    out = frame.copy()
    n = len(out)
    qualifier = out["qualifier"] if "qualifier" in out else pd.Series("exact", index=out.index)
    qualifier = qualifier.where(qualifier.notna() & out[value].notna(), "exact").astype(object)
    low = out["value_low"] if "value_low" in out else pd.Series(np.nan, index=out.index)
    high = out["value_high"] if "value_high" in out else pd.Series(np.nan, index=out.index)
    units = out["unit"] if "unit" in out else pd.Series([None] * n, index=out.index)
    text = [
        "" if pd.isna(v) else format_quantity(v, lang, qualifier=q, low=lo, high=hi,
                                              unit="percent" if u == "percent" else None) if is_number(v) else str(v)
        for v, q, lo, hi, u in zip(out[value], qualifier, low, high, units, strict=True)
    ]  # fmt: skip
    extra = pd.DataFrame(
        {"qualifier": qualifier.to_numpy(), "value_low": pd.to_numeric(low, errors="coerce").to_numpy(),
         "value_high": pd.to_numeric(high, errors="coerce").to_numpy(), "value_text": text},
        index=out.index,
    )  # fmt: skip
    rest = out.drop(columns=[c for c in QUALIFIED_COLUMNS if c in out.columns])
    rest = rest.drop(columns=[f"{c}_text" for c in DERIVED_COLUMNS if f"{c}_text" in rest.columns])
    for column in (c for c in DERIVED_COLUMNS if c in rest.columns and c != value):
        derived = [
            format_quantity(v, lang, qualifier=derived_qualifier(q), decimals=1) if is_number(v) and pd.notna(v) else ""
            for v, q in zip(rest[column], qualifier, strict=True)
        ]
        rest.insert(list(rest.columns).index(column) + 1, f"{column}_text", derived)
    at = list(rest.columns).index(value) + 1
    return pd.concat([rest.iloc[:, :at], extra, rest.iloc[:, at:]], axis=1)
