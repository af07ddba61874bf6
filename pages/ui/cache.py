"""All caching in one place: the engine as a resource, query results and metric tables as data keyed on plain
arguments (the database URL, the data statuses shown, a date as ISO text).

Every cached function is keyed on the database URL and its data version (`data_key()`: "URL#version"), so two
databases never share a cache entry, and a change stored by another process (another replica behind the proxy:
an import, a rollback, a freeze) is seen here at most DATA_VERSION_POLL_S seconds (default 2) after its commit:
the version (data/version.py) is read at most that often, and a new version means new cache keys. Entries of
older versions expire with their TTL.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data import geo, queries, version
from data.config import GEO_DIR, database_url
from data.db import make_engine
from data.loader import build_database
from figures import charts, frames, sentences
from metrics import access as m_access
from metrics import children as m_children
from metrics import dost as m_dost
from metrics import network as m_network
from metrics import planning as m_planning
from metrics import progress as m_progress
from metrics import quality as m_quality
from metrics import rehabilitation as m_rehab
from metrics.facilities import status_on as m_status_on
from metrics.registry import Registry, build_registry

TTL = 600
Statuses = tuple[str, ...]


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    """The engine for one database URL; the database is built from the reference data on first start."""
    e = make_engine(url)
    build_database(e)
    return e


def engine() -> Engine:
    """The engine of the configured database (DATABASE_URL or the embedded SQLite file)."""
    return _engine_for(database_url())


VERSION_POLL_S = float(os.environ.get("DATA_VERSION_POLL_S", "2"))
_seen: dict[str, tuple[float, str]] = {}  # database URL -> (when read, data version)
_seen_lock = threading.Lock()


def data_version() -> str:
    """The configured database's data version, read from the database at most every VERSION_POLL_S seconds."""
    url = database_url()
    now = time.monotonic()
    hit = _seen.get(url)
    if hit is not None and now - hit[0] < VERSION_POLL_S:
        return hit[1]
    with _seen_lock:
        hit = _seen.get(url)
        if hit is None or now - hit[0] >= VERSION_POLL_S:
            hit = (time.monotonic(), version.current(_engine_for(url)))
            _seen[url] = hit
    return hit[1]


def data_key() -> str:
    """The first argument of every cached function: the database URL and its data version ("URL#version")."""
    return f"{database_url()}#{data_version()}"


def _engine(key: str) -> Engine:
    """The engine of a `data_key()`."""
    return _engine_for(key.rpartition("#")[0])


# ---------------------------------------------------------------------------------------------- queries


@st.cache_data(ttl=TTL, show_spinner=False)
def _table(url: str, name: str) -> pd.DataFrame:
    return getattr(queries, name)(_engine(url))


def table(name: str) -> pd.DataFrame:
    """A whole small table through its query function (districts, indicators, facilities, ...)."""
    return _table(data_key(), name)


@st.cache_data(ttl=TTL, show_spinner=False)
def _observations(url: str, statuses: Statuses, codes: tuple[str, ...] | None, level: str | None) -> pd.DataFrame:
    return queries.observations(
        _engine(url), indicator_codes=list(codes) if codes else None, geo_level=level, statuses=statuses
    )


def observations(
    statuses: Statuses, indicator_codes: tuple[str, ...] | None = None, geo_level: str | None = None
) -> pd.DataFrame:
    """Current preferred observations for the given data statuses."""
    return _observations(data_key(), tuple(statuses), indicator_codes, geo_level)


@st.cache_data(ttl=TTL, show_spinner=False)
def _observation_count(url: str) -> int:
    return queries.observation_count(_engine(url))


def observation_count() -> int:
    """How many current observations the database holds."""
    return _observation_count(data_key())


@st.cache_data(ttl=TTL, show_spinner=False)
def _facility_status(url: str, statuses: Statuses) -> pd.DataFrame:
    return queries.facility_status(_engine(url), statuses=statuses)


def facility_status(statuses: Statuses) -> pd.DataFrame:
    """Every facility's status history (rows of the given data statuses), oldest first."""
    return _facility_status(data_key(), tuple(statuses))


# ---------------------------------------------------------------------------------------------- metrics


def _kinds(url: str) -> dict[str, str]:
    ind = _table(url, "indicators")
    return dict(zip(ind["code"], ind["kind"], strict=True))


@st.cache_data(ttl=TTL, show_spinner=False)
def _points(url: str, statuses: Statuses, level: str) -> pd.DataFrame:
    return frames.series_points(_observations(url, statuses, None, level), _kinds(url))


def points(statuses: Statuses, geo_level: str = "country") -> pd.DataFrame:
    """The points to draw of every series at one geography level (figures.frames.series_points)."""
    return _points(data_key(), tuple(statuses), geo_level)


@st.cache_data(ttl=TTL, show_spinner=False)
def _annual(url: str, statuses: Statuses, level: str) -> pd.DataFrame:
    return frames.annual_table(_observations(url, statuses, None, level), _kinds(url), _table(url, "sources"))


def annual(statuses: Statuses, geo_level: str = "district") -> pd.DataFrame:
    """One value per indicator, geography and year at one level, with source titles."""
    return _annual(data_key(), tuple(statuses), geo_level)


@st.cache_resource(ttl=TTL, show_spinner=False)
def _registry(url: str) -> Registry:
    obs = _observations(url, ("reported", "official"), None, "country")
    return build_registry(_table(url, "indicators"), _table(url, "targets"), obs)


def registry() -> Registry:
    """The indicator registry (shared, read-only)."""
    return _registry(data_key())


@st.cache_data(ttl=TTL, show_spinner=False)
def _progress(url: str, statuses: Statuses, geo_level: str | None) -> pd.DataFrame:
    obs = _observations(url, statuses, None, geo_level)
    prog = m_progress.progress(_table(url, "indicators"), _table(url, "targets"), obs, geo_level=geo_level)
    return sentences.add_sentences(prog)


def progress(statuses: Statuses, geo_level: str | None = "country") -> pd.DataFrame:
    """Where every indicator stands (metrics.progress.progress), with the sentences in both languages."""
    return _progress(data_key(), tuple(statuses), geo_level)


@st.cache_data(ttl=TTL, show_spinner=False)
def _children_stock(url: str, statuses: Statuses) -> pd.DataFrame:
    obs = _observations(url, statuses, None, None)
    return m_children.children_stock(obs, _table(url, "districts"), None, _table(url, "indicators"))


def children_stock(statuses: Statuses) -> pd.DataFrame:
    """Children in institutions per year at every level (metrics.children.children_stock)."""
    return _children_stock(data_key(), tuple(statuses))


@st.cache_data(ttl=TTL, show_spinner=False)
def _children_flows(url: str, statuses: Statuses) -> pd.DataFrame:
    obs = _observations(url, statuses, None, "country")
    return m_children.children_flows(obs, _table(url, "targets"), _table(url, "indicators"))


def children_flows(statuses: Statuses) -> pd.DataFrame:
    """The flows behind the stock against their annual targets."""
    return _children_flows(data_key(), tuple(statuses))


@st.cache_data(ttl=TTL, show_spinner=False)
def _rehab(url: str, statuses: Statuses, what: str) -> pd.DataFrame:
    obs = _observations(url, statuses, None, "country")
    ind = _table(url, "indicators")
    if what == "throughput":
        return m_rehab.throughput(obs, _table(url, "targets"), ind)
    if what == "care_split":
        return m_rehab.care_split(obs, ind)
    return m_rehab.aids_issued(obs, ind)


def rehab_throughput(statuses: Statuses) -> pd.DataFrame:
    """Persons served per year against every target version."""
    return _rehab(data_key(), tuple(statuses), "throughput")


def rehab_care_split(statuses: Statuses) -> pd.DataFrame:
    """Inpatient / outpatient split."""
    return _rehab(data_key(), tuple(statuses), "care_split")


def rehab_aids(statuses: Statuses) -> pd.DataFrame:
    """Rehabilitation aids issued per year."""
    return _rehab(data_key(), tuple(statuses), "aids")


@st.cache_data(ttl=TTL, show_spinner=False)
def _rehab_capacity(url: str, statuses: Statuses, on: str) -> pd.DataFrame:
    return m_rehab.capacity_by_region(
        _table(url, "facilities"),
        _facility_status(url, statuses),
        _table(url, "districts"),
        _table(url, "economic_regions"),
        on,
    )


def rehab_capacity(statuses: Statuses, on_date: date) -> pd.DataFrame:
    """Rehabilitation beds and capacity per 100,000 residents by economic region on a date."""
    return _rehab_capacity(data_key(), tuple(statuses), on_date.isoformat())


@st.cache_data(ttl=TTL, show_spinner=False)
def _status_on(url: str, statuses: Statuses, on: str, include_pipeline: bool) -> pd.DataFrame:
    return m_status_on(_facility_status(url, statuses), on, include_pipeline=include_pipeline)


def status_on(statuses: Statuses, on_date: date, include_pipeline: bool = False) -> pd.DataFrame:
    """Every facility's status on a date (metrics.facilities.status_on)."""
    return _status_on(data_key(), tuple(statuses), on_date.isoformat(), include_pipeline)


@st.cache_data(ttl=TTL, show_spinner=False)
def _coverage(url: str, statuses: Statuses, on: str) -> pd.DataFrame:
    return m_dost.coverage_scenarios(
        _table(url, "facilities"),
        _facility_status(url, statuses),
        _table(url, "facility_catchment"),
        _table(url, "districts"),
        on,
        centroids=geo.centroids(),
    )


def coverage(statuses: Statuses, on_date: date) -> pd.DataFrame:
    """DOST coverage of every district on a date, open network and with the pipeline (column scenario)."""
    return _coverage(data_key(), tuple(statuses), on_date.isoformat())


@st.cache_data(ttl=TTL, show_spinner=False)
def _coverage_summary(url: str, statuses: Statuses, on: str) -> pd.DataFrame:
    return m_dost.coverage_summary(_coverage(url, statuses, on))


def coverage_summary(statuses: Statuses, on_date: date) -> pd.DataFrame:
    """Shares of districts and population served, nationally and per economic region."""
    return _coverage_summary(data_key(), tuple(statuses), on_date.isoformat())


@st.cache_data(ttl=TTL, show_spinner=False)
def _network_progress(url: str, statuses: Statuses, on: str) -> pd.DataFrame:
    return m_network.network_progress(
        _table(url, "facilities"), _facility_status(url, statuses), _table(url, "targets"), on
    )


def network_progress(statuses: Statuses, on_date: date) -> pd.DataFrame:
    """DOST facilities open (and with the pipeline) against the network targets."""
    return _network_progress(data_key(), tuple(statuses), on_date.isoformat())


@st.cache_data(ttl=TTL, show_spinner=False)
def _target_history(url: str, codes: tuple[str, ...] | None) -> pd.DataFrame:
    return m_network.target_history(_table(url, "targets"), codes)


def target_history(codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every stated version of the targets (of `codes`), oldest first."""
    return _target_history(data_key(), tuple(codes) if codes else None)


@st.cache_data(ttl=TTL, show_spinner=False)
def _network_timeline(url: str, statuses: Statuses, network: str, until: str) -> pd.DataFrame:
    return m_network.network_timeline(_table(url, "facilities"), _facility_status(url, statuses), network, until)


def network_timeline(statuses: Statuses, network: str, until: date) -> pd.DataFrame:
    """Facilities per status and type at every month end (metrics.network.network_timeline)."""
    return _network_timeline(data_key(), tuple(statuses), network, until.isoformat())


@st.cache_data(ttl=TTL, show_spinner=False)
def _quality(url: str, statuses: Statuses) -> pd.DataFrame:
    indicators, districts = _table(url, "indicators"), _table(url, "districts")
    report = m_quality.quality_report(_observations(url, statuses, None, None), indicators, districts)
    return sentences.add_messages(report, indicators, districts, _table(url, "economic_regions"))


def quality(statuses: Statuses) -> pd.DataFrame:
    """Data-quality findings (completeness, outliers, consistency) with their messages in both languages."""
    return _quality(data_key(), tuple(statuses))


# ---------------------------------------------------------------------------------------------- geography


@st.cache_resource(show_spinner=False)
def district_geojson() -> dict[str, Any]:
    """The district polygons as GeoJSON (feature id = district code). Shared: never mutate it."""
    return geo.to_geojson(geo.load_boundaries())


@st.cache_resource(ttl=TTL, show_spinner=False)
def _region_geojson(url: str) -> dict[str, Any]:
    outlines = geo.region_outlines(_table(url, "districts")[["code", "economic_region_code"]])
    return geo.to_geojson(outlines, id_column="economic_region_code")


def region_geojson() -> dict[str, Any]:
    """The 14 economic-region outlines as GeoJSON (feature id = region code). Shared: never mutate it."""
    return _region_geojson(data_key())


@st.cache_data(show_spinner=False)
def centroids() -> pd.DataFrame:
    """District centroids: code, lat, lon, x, y."""
    return geo.centroids()


@st.cache_data(show_spinner=False)
def attribution() -> str:
    """The boundary attribution (data/geo/ATTRIBUTION.md) as Markdown."""
    path = GEO_DIR / "ATTRIBUTION.md"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def clear() -> None:
    """Forget every cached query result and metric table (after an import or a rollback), and read the data
    version again on the next call."""
    _seen.clear()
    st.cache_data.clear()
    _registry.clear()
    _region_geojson.clear()
    _sparklines.clear()
    _latest_district_values.clear()


@st.cache_resource(show_spinner=False)
def district_bounds() -> dict[str, tuple[float, float, float, float]]:
    """Each district polygon's bounding box (min lon, min lat, max lon, max lat)."""
    b = geo.load_boundaries()
    return {c: tuple(float(x) for x in row) for c, row in zip(b["code"], b.geometry.bounds.to_numpy(), strict=True)}


@st.cache_resource(ttl=TTL, show_spinner=False)
def _sparklines(url: str, statuses: Statuses, lang: str) -> dict:
    prog = _progress(url, statuses, "country")
    pts = _points(url, statuses, "country")
    groups = {code: g for code, g in pts.groupby("indicator_code", sort=False)}
    out = {}
    for row in prog.to_dict("records"):
        p = groups.get(row["indicator_code"])
        p = p[frames.POINT_COLUMNS].reset_index(drop=True) if p is not None else pts.iloc[0:0][frames.POINT_COLUMNS]
        if len(p) > 1 or (len(p) == 1 and not pd.isna(row["target_value"])):
            out[row["indicator_code"]] = charts.sparkline(p, row, lang)
    return out


def sparklines(statuses: Statuses, lang: str) -> dict:
    """The overview's small trend figures by indicator code (shared figures: draw them, never change them)."""
    return _sparklines(data_key(), tuple(statuses), lang)


@st.cache_resource(ttl=TTL, show_spinner=False)
def _latest_district_values(url: str, statuses: Statuses) -> dict[str, tuple[pd.DataFrame, int, str]]:
    annual_ = _annual(url, statuses, "district")
    districts = _table(url, "districts")
    out = {}
    for r in _table(url, "indicators").to_dict("records"):
        years = frames.district_years(annual_, r["code"])
        if years:
            out[r["code"]] = (
                frames.district_values(annual_, districts, r["code"], r["kind"], years[0]),
                years[0],
                r["kind"],
            )
    return out


def latest_district_values(statuses: Statuses) -> dict[str, tuple[pd.DataFrame, int, str]]:
    """indicator code -> (every district's value and rate in its latest year, that year, the kind); shared
    tables: read them, never change them."""
    return _latest_district_values(data_key(), tuple(statuses))


# ---------------------------------------------------------------------------------------------- access, planning


def _placed(url: str, statuses: Statuses, on: str, with_pipeline: bool) -> pd.DataFrame:
    """The DOST facilities counted open on `on` (with the pipeline as built), placed where they are."""
    net = m_access.network_on(_table(url, "facilities"), _facility_status(url, statuses), on, with_pipeline)
    d = _table(url, "districts")
    placed = m_access.place_facilities(net, geo.settlements(), geo.settlement_names(), geo.centroids(), d)
    return placed.merge(net[["code", "name_az", "name_en"]], left_on="facility_code", right_on="code").drop(
        columns="code"
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def _access(url: str, statuses: Statuses, on: str, radii: tuple[int, ...]) -> pd.DataFrame:
    d = _table(url, "districts")
    frames = []
    for scenario, wp in (("open", False), ("with_pipeline", True)):
        acc = m_access.point_access(geo.population_points(), _placed(url, statuses, on, wp), d)
        cov = m_dost.coverage_scenarios(
            _table(url, "facilities"), _facility_status(url, statuses), _table(url, "facility_catchment"), d, on,
            scenarios=(scenario,),
        )  # fmt: skip
        served = m_access.served_units(cov, d)
        s = m_access.access_summary(acc, d, geo.population_groups(), radii, served_codes=served)
        frames.append(s.assign(scenario=scenario))
    return pd.concat(frames, ignore_index=True)


def access(statuses: Statuses, on_date: date, radii: tuple[int, ...] = m_access.RADII_KM) -> pd.DataFrame:
    """Population within each radius of a DOST office, per district, region, country and group, for the open
    network and with the pipeline (column scenario; metrics.access.access_summary)."""
    return _access(data_key(), tuple(statuses), on_date.isoformat(), tuple(radii))


@st.cache_data(ttl=TTL, show_spinner=False)
def _target_readings(url: str, statuses: Statuses, on: str) -> pd.DataFrame:
    return m_access.target_readings(
        _table(url, "facilities"), _facility_status(url, statuses), _table(url, "targets"), on
    )


def target_readings(statuses: Statuses, on_date: date) -> pd.DataFrame:
    """Both readings of the 2030 centres target on a date (metrics.access.target_readings)."""
    return _target_readings(data_key(), tuple(statuses), on_date.isoformat())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _plan(
    url: str, statuses: Statuses, on: str, with_pipeline: bool, branches: int, radius: int,
    fix: tuple[str, ...], exclude: tuple[str, ...], objective: str,
) -> tuple[pd.DataFrame, pd.DataFrame, dict, dict, pd.DataFrame, pd.DataFrame]:  # fmt: skip
    base = _placed(url, statuses, on, with_pipeline)
    added = None
    if not with_pipeline:
        future = _placed(url, statuses, on, True)
        added = m_planning.pipeline_sites(base, future)
        added = added[added["facility_type"].isin(m_access.OFFICE_TYPES).to_numpy()].reset_index(drop=True)
    result = m_planning.plan(
        geo.population_points(), base, geo.settlements(), _table(url, "districts"), branches, radius, fix, exclude,
        objective, added, curve_max=0,
    )  # fmt: skip
    offices = base[base["facility_type"].isin(m_access.OFFICE_TYPES).to_numpy()].reset_index(drop=True)
    pipeline = added if added is not None else offices.iloc[:0]
    return (
        result.sites,
        _curve(url, statuses, on, with_pipeline, radius, exclude),
        result.pipeline,
        result.summary,
        offices,
        pipeline,
    )


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _curve(
    url: str, statuses: Statuses, on: str, with_pipeline: bool, radius: int, exclude: tuple[str, ...]
) -> pd.DataFrame:
    """The curve 0..64 does not depend on N or the fixed sites: cached on its own."""
    d = _table(url, "districts")
    base = _placed(url, statuses, on, with_pipeline)
    return m_planning.curve_for(geo.population_points(), base, geo.settlements(), d, radius, exclude)


def plan(
    statuses: Statuses, on_date: date, with_pipeline: bool, branches: int, radius_km: int,
    fix: tuple[str, ...] = (), exclude: tuple[str, ...] = (), objective: str = "mclp",
) -> tuple[pd.DataFrame, pd.DataFrame, dict, dict, pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """The branch plan (metrics.planning.plan): sites, curve, pipeline versus optimum, summary, the open offices
    (placed, with names) and the offices the pipeline adds."""
    return _plan(
        data_key(), tuple(statuses), on_date.isoformat(), with_pipeline, int(branches), int(radius_km),
        tuple(sorted(fix)), tuple(sorted(exclude)), objective,
    )  # fmt: skip


@st.cache_data(show_spinner=False)
def settlements() -> pd.DataFrame:
    """The candidate settlements (data/geo/settlements.csv)."""
    return geo.settlements()
