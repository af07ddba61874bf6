"""Shared building blocks: period classification, yearly series, baselines and recent trends (vectorised)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from data.schema import STATUS_PRIORITY as STATUS_PRIORITY  # higher wins for the same year
from metrics import contracts

GROUP: list[str] = ["indicator_code", "geo_level", "geo_code"]
BASELINE_YEAR = 2019  # the year before the 2020-2026 strategy began
RECENT_YEARS = 5  # the trend is fitted on up to this many latest yearly points
FLOW_KINDS = frozenset({"count"})  # summed over a period: a part of a year is a partial figure
CORE_COLUMNS = [*GROUP, "period", "period_start", "period_end", "period_type", "value", "data_status", "source_id"]
SOURCE_COLUMNS = ["source_title", "source_url", "source_published"]  # carried by classify for the charts' hovers
# What a figure means, carried when the frame has it: the qualifier of the published value and the comparable
# segment of its series ('' = the only one; a new segment is a break in the series).
MEANING_COLUMNS = ["qualifier", "value_low", "value_high", "segment"]
_DATE_KEY = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_key(text: object) -> str:
    """A sortable 'YYYY-MM-DD' key from a published date ('2022-01', 'c. 2023', '2019-02-22'); '' if none."""
    m = _DATE_KEY.search(str(text)) if text is not None and not pd.isna(text) else None
    return f"{m[1]}-{m[2] or '00'}-{m[3] or '00'}" if m else ""


def kind_map(indicators: pd.DataFrame | None) -> dict[str, str]:
    """indicator code -> kind (count | stock | share | ratio) from the catalogue."""
    if indicators is None or indicators.empty:
        return {}
    return dict(zip(indicators["code"], indicators["kind"], strict=True))


def map_values(values: pd.Series, mapping: Mapping, default: object) -> np.ndarray:
    """`mapping` applied to each value (`default` for values it does not know), through the distinct values."""
    codes, uniques = pd.factorize(values)
    lookup = np.array([mapping.get(u, default) for u in uniques] + [default])
    return lookup[codes]  # code -1 (a missing value) takes the appended default


def kind_of(codes: pd.Series, kinds: Mapping[str, str]) -> pd.Series:
    """The kind of each indicator code ('count' for codes the mapping does not know)."""
    return pd.Series(map_values(codes, dict(kinds), "count"), index=codes.index, dtype=object)


def group_key(frame: pd.DataFrame) -> np.ndarray:
    """One integer per row that sorts like (indicator_code, geo_level, geo_code); missing parts sort first."""
    key = np.zeros(len(frame), dtype=np.int64)
    for c in GROUP:
        codes = pd.factorize(frame[c], sort=True)[0].astype(np.int64) + 1
        key = key * (int(codes.max(initial=0)) + 1) + codes
    return key


@contracts.output(contracts.ClassifyOutput)
def classify(observations: pd.DataFrame, kinds: Mapping[str, str]) -> pd.DataFrame:
    """The CORE_COLUMNS (and SOURCE_COLUMNS, when present) of `observations` with year, months, days, year_days,
    is_flow, is_share, is_full_year, is_partial, usable_annual, status_priority and gkey added (months: calendar
    months touched; days: days covered; gkey: group_key, so that later steps need not factorise the string
    columns again).

    A flow (kind count; unknown codes count as flows) is usable for a yearly series only when its period is
    a whole calendar year; a flow within one calendar year that is not whole is `is_partial`. A stock,
    share or ratio is usable whatever its period (its value belongs to the year the period ends in).
    """
    wanted = [*CORE_COLUMNS, *SOURCE_COLUMNS, *MEANING_COLUMNS]
    o = observations[[c for c in wanted if c in observations.columns]].copy()
    if "segment" not in o.columns:
        o["segment"] = ""
    o["segment"] = o["segment"].fillna("").astype(str)
    start, end = o["period_start"], o["period_end"]
    sy, ey = start.dt.year.to_numpy(), end.dt.year.to_numpy()
    sm, em = start.dt.month.to_numpy(), end.dt.month.to_numpy()
    same_year = sy == ey
    o["year"] = ey.astype("int64")
    o["months"] = ((ey - sy) * 12 + em - sm + 1).astype("int64")
    o["days"] = ((end - start).dt.days + 1).astype("int64")
    o["year_days"] = np.where((ey % 4 == 0) & ((ey % 100 != 0) | (ey % 400 == 0)), 366, 365)
    kind = map_values(o["indicator_code"], dict(kinds), "count")
    is_flow = np.isin(kind, list(FLOW_KINDS))
    o["is_share"] = kind == "share"
    full = same_year & (sm == 1) & (start.dt.day.to_numpy() == 1) & (em == 12) & (end.dt.day.to_numpy() == 31)
    o["is_flow"] = is_flow
    o["is_full_year"] = full
    o["is_partial"] = is_flow & same_year & ~full & (o["period_type"] != "date").to_numpy()
    o["usable_annual"] = ~is_flow | full
    o["status_priority"] = map_values(o["data_status"], STATUS_PRIORITY, 1).astype("int64")
    o["gkey"] = group_key(o)
    return o


def sort_codes(values: pd.Series) -> np.ndarray:
    """Integers that sort like `values` (strings through a sorted factorisation; missing values first)."""
    if values.dtype.kind in "biuf":
        return values.to_numpy(dtype=float, na_value=np.nan) if values.hasnans else values.to_numpy()
    if values.dtype.kind == "M":
        return values.to_numpy().view("int64")
    return pd.factorize(values, sort=True)[0]


def _key_codes(frame: pd.DataFrame, keys: Sequence[str]) -> list[np.ndarray]:
    """Sort codes of `keys`; a leading GROUP is replaced by the frame's gkey when it has one."""
    keys = list(keys)
    if keys[: len(GROUP)] == GROUP and "gkey" in frame.columns:
        return [frame["gkey"].to_numpy(), *(sort_codes(frame[k]) for k in keys[len(GROUP) :])]
    return [sort_codes(frame[k]) for k in keys]


@contracts.output(contracts.LastPerOutput)
def last_per(
    frame: pd.DataFrame, keys: Sequence[str], order: Sequence[str], mask: np.ndarray | None = None
) -> pd.DataFrame:
    """The last row of each `keys` group when rows are ordered by `order` (ties keep input order), in key order.

    A stable np.lexsort on integer codes: much faster than sort_values + drop_duplicates on string columns.
    `mask` restricts the rows first.
    """
    rows = np.arange(len(frame)) if mask is None else np.flatnonzero(mask)
    if not len(rows):
        return frame.iloc[[]]
    key_codes = [k[rows] for k in _key_codes(frame, keys)]
    order_codes = [sort_codes(frame[c])[rows] for c in order]
    idx = np.lexsort([*reversed(order_codes), *reversed(key_codes)])
    same_as_next = np.ones(len(idx) - 1, dtype=bool)
    for k in key_codes:
        ks = k[idx]
        same_as_next &= ks[1:] == ks[:-1]
    is_last = np.append(~same_as_next, True)
    return frame.iloc[rows[idx[is_last]]]


def sorted_groups(frame: pd.DataFrame, keys: Sequence[str], order: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row order, group id per ordered row): rows sorted by `keys` then `order` (stable), groups numbered 0.."""
    key_codes = _key_codes(frame, keys)
    idx = np.lexsort([*(sort_codes(frame[c]) for c in reversed(order)), *reversed(key_codes)])
    change = np.zeros(len(idx), dtype=bool)
    for k in key_codes:
        ks = k[idx]
        change[1:] |= ks[1:] != ks[:-1]
    return idx, np.cumsum(change)


@contracts.output(contracts.AnnualSeriesOutput)
def annual_series(classified: pd.DataFrame) -> pd.DataFrame:
    """One value per indicator, geography and year (full-year flows; stocks: the latest in the year).

    When several figures compete for one year, official beats reported beats demonstration, then the later
    period end wins. Columns: GROUP, year, value, period, period_end, data_status, source_id.
    """
    extra = ["year", "status_priority", "gkey", *MEANING_COLUMNS]
    cols_in = [c for c in [*CORE_COLUMNS, *extra] if c in classified.columns]
    o = last_per(classified[cols_in], [*GROUP, "year"], ["status_priority", "period_end", "period_start"],
                 classified["usable_annual"].to_numpy())  # fmt: skip
    cols = [*GROUP, "year", "value", "period", "period_end", "data_status", "source_id", *MEANING_COLUMNS]
    return o[[c for c in cols if c in o.columns]].reset_index(drop=True)


@contracts.output(contracts.LatestPartialOutput)
def latest_partial(classified: pd.DataFrame) -> pd.DataFrame:
    """The latest partial-year flow per group with its pro-rata annual figure (value x days in year / days)."""
    o = last_per(classified, GROUP, ["period_end", "status_priority", "days"], classified["is_partial"].to_numpy())
    out = o[[*GROUP, "value", "period", "period_end", "months", "days", "year", "data_status"]].copy()
    out["annualised"] = out["value"] * o["year_days"].to_numpy() / out["days"]
    return out.rename(
        columns={
            "value": "partial_value",
            "period": "partial_period",
            "period_end": "partial_end",
            "months": "partial_months",
            "days": "partial_days",
            "year": "partial_year",
            "data_status": "partial_data_status",
            "annualised": "partial_annualised",
        }
    ).reset_index(drop=True)


@contracts.output(contracts.BaselinesOutput)
def baselines(annual: pd.DataFrame, baseline_year: int = BASELINE_YEAR) -> pd.DataFrame:
    """Baseline per group: the latest yearly value in or before `baseline_year`, else the earliest one."""
    if annual.empty:
        return pd.DataFrame(columns=[*GROUP, "baseline_value", "baseline_year"])
    idx, gid = sorted_groups(annual, GROUP, ["year"])
    years = annual["year"].to_numpy()[idx]
    best = np.full(gid[-1] + 1, -1)
    np.maximum.at(best, gid, np.where(years <= baseline_year, np.arange(len(idx)), -1))
    first = np.searchsorted(gid, np.arange(gid[-1] + 1))
    rows = idx[np.where(best >= 0, best, first)]
    out = annual.iloc[rows][[*GROUP, "value", "year"]].reset_index(drop=True)
    return out.rename(columns={"value": "baseline_value", "year": "baseline_year"})


@contracts.output(contracts.RecentTrendOutput)
def recent_trend(annual: pd.DataFrame, n: int = RECENT_YEARS) -> pd.DataFrame:
    """Least-squares line through each group's last `n` yearly points.

    Columns: GROUP, latest_year, latest_value, n_points, first_year (of the points used), slope (per year),
    mean_year and mean_value (the line passes through them), resid_se (residual standard error, n-2 degrees of
    freedom; NaN below 3 points) and sxx (sum of squared year deviations).
    """
    cols = [*GROUP, "year", "value"]
    if annual.empty:
        return pd.DataFrame(
            columns=[*GROUP, "latest_year", "latest_value", "n_points", "first_year", "slope", "mean_year",
                     "mean_value", "sxx", "resid_se"]
        )  # fmt: skip
    idx, gid = sorted_groups(annual, GROUP, ["year"])
    size = np.bincount(gid)
    position_from_end = size[gid] - (np.arange(len(gid)) - np.searchsorted(gid, gid))  # 1 for the last row
    keep = position_from_end <= n
    idx, gid = idx[keep], gid[keep]
    x = annual["year"].to_numpy(dtype=float)[idx]
    y = annual["value"].to_numpy(dtype=float)[idx]
    count = np.bincount(gid).astype(float)
    mean_x, mean_y = np.bincount(gid, x) / count, np.bincount(gid, y) / count
    dx = x - mean_x[gid]
    dy = y - mean_y[gid]
    sxx = np.bincount(gid, dx * dx)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where(sxx > 0, np.bincount(gid, dx * dy) / sxx, np.nan)
        ssr = np.bincount(gid, (dy - np.nan_to_num(slope)[gid] * dx) ** 2)
        dof = count - 2
        resid_se = np.where(dof > 0, np.sqrt(ssr / np.where(dof > 0, dof, 1)), np.nan)
    last = np.r_[np.flatnonzero(np.diff(gid)), len(gid) - 1]
    first = np.r_[0, last[:-1] + 1]
    out = annual[cols].iloc[idx[last]].rename(columns={"year": "latest_year", "value": "latest_value"})
    return out.reset_index(drop=True).assign(
        n_points=count.astype("int64"), first_year=x[first].astype("int64"), slope=slope, mean_year=mean_x,
        mean_value=mean_y, sxx=sxx, resid_se=resid_se,
    )  # fmt: skip


@contracts.output(contracts.CurrentSegmentOutput)
def current_segment(annual: pd.DataFrame) -> pd.DataFrame:
    """The yearly rows of each group that belong to the segment of its latest year (change, pace, projection and
    baseline compare like with like: a break in the series starts afresh). Rows without a segment column stay."""
    if annual.empty or "segment" not in annual.columns:
        return annual
    seg = annual["segment"].fillna("").astype(str)
    idx, gid = sorted_groups(annual, GROUP, ["year"])
    last = np.r_[np.flatnonzero(np.diff(gid)), len(gid) - 1]
    latest_seg = seg.to_numpy()[idx[last]][gid]
    keep = np.zeros(len(annual), dtype=bool)
    keep[idx] = seg.to_numpy()[idx] == latest_seg
    return annual[keep].reset_index(drop=True)


@contracts.output(contracts.YearlyFiguresOutput)
def yearly_figures(classified: pd.DataFrame) -> pd.DataFrame:
    """Per group and year the full-year figure, or else the most complete partial one (flagged).

    Columns: GROUP, year, period, value, is_partial, months, days, annualised (value x days in the year / days
    covered for a partial figure, the value itself otherwise), data_status, source_id, and the MEANING_COLUMNS
    (qualifier, value_low, value_high, segment) when the frame has them: a year's figure is one observation, so it
    lies within one segment of its series.
    """
    mask = (classified["usable_annual"] | classified["is_partial"]).to_numpy()
    o = classified.assign(_full=classified["usable_annual"].astype("int8"))
    o["_len"] = np.where(o["is_partial"], o["days"], 0)
    o = last_per(o, [*GROUP, "year"], ["_full", "_len", "status_priority", "period_end"], mask).copy()
    partial = o["is_partial"].to_numpy()
    o["annualised"] = np.where(partial, o["value"] * o["year_days"] / o["days"], o["value"])
    o["months"] = np.where(partial, o["months"], 12)
    o["days"] = np.where(partial, o["days"], o["year_days"])
    cols = [*GROUP, "year", "period", "value", "is_partial", "months", "days", "annualised", "data_status", "source_id"]
    cols += [c for c in MEANING_COLUMNS if c in o.columns]
    return o[cols].reset_index(drop=True)
