"""Shared building blocks: period classification, yearly series, baselines and recent trends (vectorised)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

GROUP: list[str] = ["indicator_code", "geo_level", "geo_code"]
BASELINE_YEAR = 2019  # the year before the 2020-2026 strategy began
RECENT_YEARS = 5  # the trend is fitted on up to this many latest yearly points
FLOW_KINDS = frozenset({"count"})  # summed over a period: a part of a year is a partial figure
STATUS_PRIORITY = {"demonstration": 0, "reported": 1, "official": 2}  # higher wins for the same year
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


def classify(observations: pd.DataFrame, kinds: Mapping[str, str]) -> pd.DataFrame:
    """A copy of `observations` with year, months, is_flow, is_full_year, is_partial and usable_annual added.

    A flow (kind count; unknown codes count as flows) is usable for a yearly series only when its period is
    a whole calendar year; a flow within one calendar year that is not whole is `is_partial`. A stock,
    share or ratio is usable whatever its period (its value belongs to the year the period ends in).
    """
    o = observations.copy()
    start, end = o["period_start"], o["period_end"]
    same_year = (start.dt.year == end.dt.year).to_numpy()
    o["year"] = end.dt.year.astype("int64")
    o["months"] = ((end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month + 1).astype("int64")
    kind = o["indicator_code"].map(kinds).fillna("count")
    o["is_flow"] = kind.isin(FLOW_KINDS).to_numpy()
    full = same_year & (start.dt.month == 1).to_numpy() & (start.dt.day == 1).to_numpy()
    full &= (end.dt.month == 12).to_numpy() & (end.dt.day == 31).to_numpy()
    o["is_full_year"] = full
    o["is_partial"] = o["is_flow"].to_numpy() & same_year & ~full & (o["period_type"] != "date").to_numpy()
    o["usable_annual"] = ~o["is_flow"].to_numpy() | full
    o["status_priority"] = o["data_status"].map(STATUS_PRIORITY).fillna(1).astype("int64")
    return o


def _ordered(o: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Rows sorted by the group, then `keys` (stable, so equal rows keep their input order)."""
    return o.sort_values([*GROUP, *keys], kind="stable")


def annual_series(classified: pd.DataFrame) -> pd.DataFrame:
    """One value per indicator, geography and year (full-year flows; stocks: the latest in the year).

    When several figures compete for one year, official beats reported beats demonstration, then the later
    period end wins. Columns: GROUP, year, value, period, period_end, data_status, source_id.
    """
    o = classified[classified["usable_annual"]]
    o = _ordered(o, ["year", "status_priority", "period_end", "period_start"])
    o = o.drop_duplicates([*GROUP, "year"], keep="last")
    cols = [*GROUP, "year", "value", "period", "period_end", "data_status", "source_id"]
    return o[[c for c in cols if c in o.columns]].reset_index(drop=True)


def latest_partial(classified: pd.DataFrame) -> pd.DataFrame:
    """The latest partial-year flow per group with its pro-rata annual figure (value x 12 / months)."""
    o = classified[classified["is_partial"]]
    o = _ordered(o, ["period_end", "status_priority", "months"]).drop_duplicates(GROUP, keep="last")
    out = o[[*GROUP, "value", "period", "period_end", "months", "year", "data_status"]].copy()
    out["annualised"] = out["value"] * 12 / out["months"]
    return out.rename(
        columns={
            "value": "partial_value",
            "period": "partial_period",
            "period_end": "partial_end",
            "months": "partial_months",
            "year": "partial_year",
            "data_status": "partial_data_status",
            "annualised": "partial_annualised",
        }
    ).reset_index(drop=True)


def baselines(annual: pd.DataFrame, baseline_year: int = BASELINE_YEAR) -> pd.DataFrame:
    """Baseline per group: the latest yearly value in or before `baseline_year`, else the earliest one."""
    a = annual.sort_values([*GROUP, "year"], kind="stable")
    before = a[a["year"] <= baseline_year].drop_duplicates(GROUP, keep="last")
    first = a.drop_duplicates(GROUP, keep="first")
    out = pd.concat([before, first]).drop_duplicates(GROUP, keep="first")
    return out[[*GROUP, "value", "year"]].rename(columns={"value": "baseline_value", "year": "baseline_year"})


def group_ids(frame: pd.DataFrame, cols: Sequence[str] = GROUP) -> np.ndarray:
    """Integer ids of the groups of `frame` by `cols`, numbered in order of first appearance."""
    return frame.groupby(list(cols), sort=False, dropna=False).ngroup().to_numpy()


def recent_trend(annual: pd.DataFrame, n: int = RECENT_YEARS) -> pd.DataFrame:
    """Least-squares line through each group's last `n` yearly points.

    Columns: GROUP, latest_year, latest_value, n_points, slope (per year), resid_se (residual standard error,
    n-2 degrees of freedom; NaN below 3 points) and sxx (sum of squared year deviations).
    """
    a = annual.sort_values([*GROUP, "year"], kind="stable")
    a = a[a.groupby(GROUP, sort=False, dropna=False).cumcount(ascending=False) < n]
    gid = group_ids(a)
    x = a["year"].to_numpy(dtype=float)
    y = a["value"].to_numpy(dtype=float)
    count = np.bincount(gid).astype(float)
    dx = x - (np.bincount(gid, x) / count)[gid]
    dy = y - (np.bincount(gid, y) / count)[gid]
    sxx = np.bincount(gid, dx * dx)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where(sxx > 0, np.bincount(gid, dx * dy) / sxx, np.nan)
        ssr = np.bincount(gid, (dy - np.nan_to_num(slope)[gid] * dx) ** 2)
        dof = count - 2
        resid_se = np.where(dof > 0, np.sqrt(ssr / np.where(dof > 0, dof, 1)), np.nan)
    last = np.r_[np.flatnonzero(np.diff(gid)), len(gid) - 1] if len(gid) else np.array([], dtype=int)
    out = a.iloc[last][[*GROUP, "year", "value"]].rename(columns={"year": "latest_year", "value": "latest_value"})
    out = out.reset_index(drop=True)
    out["n_points"] = count.astype("int64")
    out["slope"] = slope
    out["sxx"] = sxx
    out["resid_se"] = resid_se
    return out


def yearly_figures(classified: pd.DataFrame) -> pd.DataFrame:
    """Per group and year the full-year figure, or else the most complete partial one (flagged).

    Columns: GROUP, year, period, value, is_partial, months, annualised (value x 12 / months for a partial
    figure, the value itself otherwise), data_status, source_id.
    """
    o = classified[classified["usable_annual"] | classified["is_partial"]].copy()
    o["_full"] = o["usable_annual"].astype("int8")
    o = _ordered(o, ["year", "_full", "months", "status_priority", "period_end"])
    o = o.drop_duplicates([*GROUP, "year"], keep="last")
    partial = o["is_partial"].to_numpy()
    o["annualised"] = np.where(partial, o["value"] * 12 / o["months"], o["value"])
    o["months"] = np.where(partial, o["months"], 12)
    cols = [*GROUP, "year", "period", "value", "is_partial", "months", "annualised", "data_status", "source_id"]
    return o[cols].reset_index(drop=True)
