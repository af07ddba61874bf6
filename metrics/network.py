"""The DOST network against its targets, and the history of every stated target version."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from metrics import contracts
from metrics.facilities import PIPELINE_HORIZON, open_facilities, status_on, status_with_pipeline, with_date_latest
from metrics.progress import choose_targets
from metrics.series import date_key

# Which facility types each network indicator counts (the 2030 target: 14 regional centres, 64 branches).
NETWORK_TYPES: dict[str, tuple[str, ...]] = {
    "dost_centres_open": ("centre", "regional_centre"),
    "dost_branches_open": ("branch",),
    "dost_points_open": ("service_point", "smart_point"),
}


@contracts.output(contracts.TargetHistoryOutput)
def target_history(targets: pd.DataFrame, codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every stated version of the targets, oldest first, with whether (and when) it was superseded.

    A version is superseded when it is not marked current; superseded_by is the date set of the next
    version of the same indicator and geography. Columns: indicator_code, geo_level, geo_code, version,
    date_set, value, value_text, target_year, is_current, superseded, superseded_by, source_id,
    source_title, source_url, note.
    """
    t = targets if codes is None else targets[targets["indicator_code"].isin(codes)]
    keys = ["indicator_code", "geo_level", "geo_code"]
    t = t.assign(_key=t["date_set"].map(date_key)).sort_values([*keys, "_key"], kind="stable")
    t = t.reset_index(drop=True)
    g = t.groupby(keys, sort=False)
    t["version"] = g.cumcount() + 1
    t["is_current"] = t["is_current"].fillna(False).astype(bool)
    t["superseded"] = ~t["is_current"]
    t["superseded_by"] = g["date_set"].shift(-1).where(t["superseded"])
    cols = [*keys, "version", "date_set", "value", "value_text", "target_year", "is_current", "superseded",
            "superseded_by", "source_id", "source_title", "source_url", "note"]  # fmt: skip
    return t.reindex(columns=cols)


@contracts.output(contracts.NetworkProgressOutput)
def network_progress(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    targets: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    horizon: date | str | pd.Timestamp = PIPELINE_HORIZON,
    network_types: dict[str, tuple[str, ...]] = NETWORK_TYPES,
    totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Facilities open on `on_date` (and with the pipeline) per network indicator against its current target.

    "With the pipeline" counts only pipeline items that still count (metrics.facilities.pipeline_state: not
    stale, not left off the latest official list in `totals`, queries.network_totals).

    Columns: indicator_code, on_date, facility_types, open, with_pipeline, pipeline_added, pipeline_stale and
    pipeline_not_on_list (pipeline items set apart, not counted), target_value,
    target_year, target_date_set, share_of_target, share_with_pipeline, gap, gap_with_pipeline.
    """
    narrow = facilities.reindex(columns=["code", "network", "facility_type"])
    now = open_facilities(narrow, status_on(facility_status, on_date), "dost")
    pipe_status = status_with_pipeline(facility_status, on_date, horizon, facilities=narrow, totals=totals)
    pipe = open_facilities(narrow, pipe_status, "dost")
    apart = pipe_status.merge(narrow, left_on="facility_code", right_on="code")
    apart = apart[apart["network"].eq("dost").to_numpy(bool)]
    current = choose_targets(targets[targets["geo_level"] == "country"]).set_index("indicator_code")
    rows = []
    for code, types in network_types.items():
        n_now, n_pipe = int(now["facility_type"].isin(types).sum()), int(pipe["facility_type"].isin(types).sum())
        t = current.loc[code] if code in current.index else None
        rows.append(
            {
                "indicator_code": code,
                "on_date": pd.Timestamp(on_date),
                "facility_types": ", ".join(types),
                "open": n_now,
                "with_pipeline": n_pipe,
                "pipeline_added": n_pipe - n_now,
                "pipeline_stale": int((apart["facility_type"].isin(types) & apart["pipeline_state"].eq("stale")).sum()),
                "pipeline_not_on_list": int(
                    (apart["facility_type"].isin(types) & apart["pipeline_state"].eq("not_on_latest_list")).sum()
                ),
                "target_value": np.nan if t is None else float(t["target_value"]),
                "target_year": pd.NA if t is None else t["target_year"],
                "target_date_set": None if t is None else t["target_date_set"],
            }
        )
    out = pd.DataFrame(rows)
    target = out["target_value"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share_of_target"] = np.where(target > 0, out["open"] / target * 100, np.nan)
        out["share_with_pipeline"] = np.where(target > 0, out["with_pipeline"] / target * 100, np.nan)
    out["gap"] = (target - out["open"]).clip(lower=0)
    out["gap_with_pipeline"] = (target - out["with_pipeline"]).clip(lower=0)
    out["target_year"] = out["target_year"].astype("Int64")
    return out


def month_ends(first: date | pd.Timestamp, last: date | pd.Timestamp) -> pd.DatetimeIndex:
    """Every month's last day from `first`'s month to `last` (inclusive), plus `last` itself."""
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    grid = pd.date_range(first.to_period("M").to_timestamp("M"), last, freq="ME")
    return grid.append(pd.DatetimeIndex([last])).unique().sort_values()


@contracts.output(contracts.NetworkTimelineOutput)
def network_timeline(
    facilities: pd.DataFrame, facility_status: pd.DataFrame, network: str | None, until: date | str
) -> pd.DataFrame:
    """How many facilities stood in each status (by type) at every month end up to `until`.

    A facility counts from its first status row that is certain (date_latest) on; its status on a date is its
    latest row certain by then (the rule of metrics.facilities.status_on). Columns: date, status, facility_type,
    count.
    """
    f = facilities if network is None else facilities[facilities["network"] == network]
    fs = with_date_latest(facility_status[facility_status["facility_code"].isin(f["code"])])
    cols = ["date", "status", "facility_type", "count"]
    if fs.empty:
        return pd.DataFrame(columns=cols)
    grid = month_ends(fs["date_latest"].min(), pd.Timestamp(until)).astype("datetime64[ns]")
    left = pd.MultiIndex.from_product([grid, f["code"].unique()], names=["date", "facility_code"]).to_frame(index=False)
    right = fs[["facility_code", "date_latest", "status_day", "status"]].astype(
        {"date_latest": "datetime64[ns]", "status_day": "datetime64[ns]"}
    )
    right = right.sort_values(["date_latest", "status_day"], kind="stable")
    m = pd.merge_asof(
        left.sort_values("date"), right, left_on="date", right_on="date_latest", by="facility_code",
        direction="backward",
    )  # fmt: skip
    m = m.dropna(subset=["status"]).merge(f[["code", "facility_type"]], left_on="facility_code", right_on="code")
    out = m.groupby(["date", "status", "facility_type"]).size().rename("count").reset_index()
    return out[cols]


@contracts.output(contracts.RegisterSeriesOutput)
def register_series(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    until: date | str | pd.Timestamp,
    observations: pd.DataFrame | None = None,
    network_types: dict[str, tuple[str, ...]] = NETWORK_TYPES,
) -> pd.DataFrame:
    """National observations counted from the facility register, for every network indicator that has no
    published national figure (its definition then says the count comes from the register, e.g. DOST service
    points with the Smart DOST points): the number open on every day a status became certain, up to `until`.

    Same columns as data.queries.observations (period = the day; qualifier exact; data_status the least certain of
    the rows counted; source_id of the latest row counted; note says it is counted from the register).
    """
    published = set()
    if observations is not None and len(observations):
        nat = observations[observations["geo_level"] == "country"]
        published = set(nat["indicator_code"])
    codes = [c for c in network_types if c not in published]
    fs = facility_status.copy()
    certain = pd.to_datetime(fs["date_latest"] if "date_latest" in fs.columns else fs["status_day"])
    fs["_certain"] = certain.fillna(pd.to_datetime(fs["status_day"]))
    days = sorted({d for d in fs["_certain"].dropna() if d <= pd.Timestamp(until)})
    rank = {"demonstration": 0, "reported": 1, "official": 2}
    rows = []
    for code in codes:
        mine = set(facilities.loc[facilities["facility_type"].isin(network_types[code]), "code"])
        if not mine:
            continue
        mine_rows = fs[fs["facility_code"].isin(mine)]
        last = None
        for day in days:
            if not (mine_rows["_certain"] <= day).any():
                continue
            now = status_on(mine_rows, day)
            opened = now[now["is_open"].astype(bool)]
            count = len(opened)
            if (last is None and count == 0) or count == last:
                continue
            last = count
            basis = mine_rows[mine_rows["facility_code"].isin(opened["facility_code"]) & (mine_rows["_certain"] <= day)]
            statuses = [s for s in basis["data_status"] if isinstance(s, str)] or ["reported"]
            latest = basis.sort_values("_certain").iloc[-1] if len(basis) else None
            rows.append(
                {
                    "indicator_code": code, "geo_level": "country", "geo_code": "AZ",
                    "period": day.date().isoformat(), "period_start": day, "period_end": day, "period_type": "date",
                    "value": float(count), "value_text": str(count), "value_rule": "register_count",
                    "qualifier": "exact", "value_low": None, "value_high": None, "segment": "",
                    "data_status": min(statuses, key=lambda s: rank.get(s, 1)),
                    "source_id": latest["source_id"] if latest is not None and "source_id" in latest else None,
                    "source_title": latest.get("source_title") if latest is not None else None,
                    "source_url": latest.get("source_url") if latest is not None else None,
                    "is_preferred": True, "note": "counted from the facility register",
                }
            )  # fmt: skip
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["period_start"] = pd.to_datetime(out["period_start"])
    out["period_end"] = pd.to_datetime(out["period_end"])
    return out


@contracts.output(contracts.WithRegisterCountsOutput)
def with_register_counts(
    observations: pd.DataFrame,
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    until: date | str | pd.Timestamp,
) -> pd.DataFrame:
    """`observations` with the register's counts (register_series) added for network indicators that have no
    published national figure: the one rule the pages, the slides and the figures command share."""
    counted = register_series(facilities, facility_status, until, observations)
    return pd.concat([observations, counted], ignore_index=True) if len(counted) else observations
