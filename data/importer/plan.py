"""The preview: what a checked file would do to the stored data, row by row (new, changed, unchanged).

- An observation is *unchanged* when the same official value is stored for its indicator, place and period
  (nothing is written); *changed* when a different official value is stored (it is kept, marked superseded)
  or a published (reported) value differs (it stays; the official one takes precedence on the dashboard);
  otherwise *new*. Demonstration values are not data and are not compared.
- A facility-status row is *unchanged* when the same status on the same day is stored, *changed* when another
  status is stored for that day (the new row is added after it), otherwise *new*.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from data import schema as s

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
OBS_KEY = ["indicator_code", "geo_level", "geo_code", "period_start", "period_end"]
TOLERANCE = 1e-9


@dataclass
class Plan:
    """What a commit would write; `fingerprint` tells whether the stored data moved since the preview."""

    observations: pd.DataFrame
    facilities: pd.DataFrame
    statuses: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)
    fingerprint: str = ""


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    return (a - b).abs() <= TOLERANCE * np.maximum(1.0, b.abs())


def _iso(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d")


def plan_observations(conn: Connection, obs: pd.DataFrame) -> pd.DataFrame:
    """The checked observation rows with change, previous_value, previous_status and supersedes (an id)."""
    out = obs.assign(change=NEW, previous_value=np.nan, previous_status=None, supersedes=pd.NA)
    if obs.empty:
        return out
    o = s.observations
    stmt = select(o.c.id, *[o.c[k] for k in OBS_KEY], o.c.value, o.c.data_status).where(
        o.c.superseded_at.is_(None),
        o.c.is_preferred.is_(True),
        o.c.data_status.in_(["official", "reported"]),
        o.c.indicator_code.in_(sorted(obs["indicator_code"].unique())),
    )
    stored = pd.DataFrame(conn.execute(stmt).all(), columns=["id", *OBS_KEY, "value", "data_status"])
    keyed = obs[OBS_KEY].assign(period_start=_iso(obs["period_start"]), period_end=_iso(obs["period_end"]))
    if not stored.empty:
        stored = stored.assign(period_start=_iso(stored["period_start"]), period_end=_iso(stored["period_end"]))
    official = stored[stored["data_status"] == "official"].drop_duplicates(OBS_KEY, keep="last")
    reported = stored[stored["data_status"] == "reported"].drop_duplicates(OBS_KEY, keep="last")
    m = keyed.merge(
        official[[*OBS_KEY, "id", "value"]].rename(columns={"id": "off_id", "value": "off_value"}),
        on=OBS_KEY,
        how="left",
    )
    m = m.merge(reported[[*OBS_KEY, "value"]].rename(columns={"value": "rep_value"}), on=OBS_KEY, how="left")
    m.index = obs.index
    has_off, has_rep = m["off_value"].notna(), m["rep_value"].notna()
    same_off = has_off & _same(obs["value"], m["off_value"])
    differs_rep = ~has_off & has_rep & ~_same(obs["value"], m["rep_value"])
    out["change"] = np.select([same_off, has_off | differs_rep], [UNCHANGED, CHANGED], NEW)
    out["previous_value"] = m["off_value"].where(has_off, m["rep_value"])
    out["previous_status"] = np.where(has_off, "official", np.where(has_rep, "reported", None))
    out["supersedes"] = m["off_id"].where(has_off & ~same_off).astype("Int64")
    return out


def plan_statuses(conn: Connection, statuses: pd.DataFrame) -> pd.DataFrame:
    """The checked status rows with change and previous_status (what is stored for that facility and day)."""
    out = statuses.assign(change=NEW, previous_status=None)
    if statuses.empty:
        return out
    fs = s.facility_status
    stmt = select(fs.c.facility_code, fs.c.status_day, fs.c.status).where(
        fs.c.facility_code.in_(sorted(statuses["facility_code"].unique()))
    )
    stored = pd.DataFrame(conn.execute(stmt).all(), columns=["facility_code", "status_day", "status"])
    if stored.empty:
        return out
    stored["status_day"] = _iso(stored["status_day"])
    day = _iso(statuses["status_day"])
    same = pd.MultiIndex.from_frame(stored[["facility_code", "status_day", "status"]])
    key = pd.MultiIndex.from_arrays([statuses["facility_code"], day, statuses["status"]])
    exists = pd.Series(key.isin(same), index=statuses.index)
    on_day = stored.groupby(["facility_code", "status_day"])["status"].agg(lambda x: ", ".join(sorted(set(x))))
    previous = pd.Series(list(zip(statuses["facility_code"], day, strict=True)), index=statuses.index).map(on_day)
    out["change"] = np.select([exists, previous.notna()], [UNCHANGED, CHANGED], NEW)
    out["previous_status"] = previous.where(previous.notna(), None)
    return out


def plan_facilities(conn: Connection, facilities: pd.DataFrame) -> pd.DataFrame:
    """The new facilities still missing from the registry, placed at their coordinates or district centroid."""
    if facilities.empty:
        return facilities.assign(location_basis=pd.Series(dtype=object))
    stored = {
        r[0] for r in conn.execute(select(s.facilities.c.code).where(s.facilities.c.code.in_(list(facilities["code"]))))
    }
    out = facilities[~facilities["code"].isin(stored)].copy()
    out["location_basis"] = np.where(out["lat"].notna() & out["lon"].notna(), "coordinates", "district_centroid")
    missing = out["location_basis"] == "district_centroid"
    if missing.any():
        from data.geo import centroids  # local: geopandas is only needed to place a facility without coordinates

        c = centroids().set_index("code")
        out.loc[missing, "lat"] = out.loc[missing, "district_code"].map(c["lat"])
        out.loc[missing, "lon"] = out.loc[missing, "district_code"].map(c["lon"])
        out.loc[missing & out["lat"].isna(), "location_basis"] = "unknown"
    return out


def fingerprint(obs: pd.DataFrame, statuses: pd.DataFrame, facilities: pd.DataFrame) -> str:
    """A hash of what the plan would do (rows, their change, what they supersede)."""
    h = hashlib.sha256()
    h.update(obs[["row", "change", "supersedes"]].astype(str).to_csv(index=False).encode())
    h.update(statuses[["row", "change"]].astype(str).to_csv(index=False).encode() if len(statuses) else b"")
    h.update(",".join(sorted(facilities["code"])).encode() if len(facilities) else b"")
    return h.hexdigest()


def make_plan(conn: Connection, observations: pd.DataFrame, facilities: pd.DataFrame, statuses: pd.DataFrame) -> Plan:
    """The plan of checked records against the data stored now (read through `conn`)."""
    obs = plan_observations(conn, observations)
    st = plan_statuses(conn, statuses)
    fac = plan_facilities(conn, facilities)
    counts = {
        NEW: int((obs["change"] == NEW).sum() + (st["change"] == NEW).sum()),
        CHANGED: int((obs["change"] == CHANGED).sum() + (st["change"] == CHANGED).sum()),
        UNCHANGED: int((obs["change"] == UNCHANGED).sum() + (st["change"] == UNCHANGED).sum()),
        "facilities_new": len(fac),
    }
    return Plan(obs, fac, st, counts, fingerprint(obs, st, fac))
