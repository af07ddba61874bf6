"""All caching in one place: the engine as a resource; query results, metric tables, geography, collegium
payloads, slide images and exported files as data.

Every function that reads the database is keyed on the database URL and its data version (`data_key()`:
"URL#version"), so two databases never share a cache entry, and a change stored by another process (another
replica behind the proxy: an import, a rollback, a freeze) is seen here at most DATA_VERSION_POLL_S seconds
(default 2) after its commit: the version (data/version.py) is read at most that often, and a new version
means new cache keys. Entries of older versions expire with their TTL.

The key carries the session's region scope too ("URL#version|ER-LAS,ER-QAR"; "|*" for the whole country): an
analyst's entries are read with `regions=` in data.queries (districts, facilities, their statuses and
catchments, observations below the country level), so district-level rows of other regions never reach their
session; results that need the whole country to be right (distances to the nearest facility, national shares)
are computed on the national key and filtered with `queries.keep_regions` before they are returned.

Such a function is written once, with the key as its first parameter, under `@per_data_version(...)`; callers
leave the key out (`cache.progress(statuses)`), and a cached function that needs another one passes its own
key on (`observations.at(key, ...)`), so one computation reads one version.

What is shared between sessions is never handed out to be changed: `cache_data` returns each caller its own
copy (frames, GeoJSON, payloads). Two exceptions, written down here with their reason: the indicator registry
is immutable by construction (a read-only Mapping of frozen dataclasses), and finished plotly Figures (the
overview's sparklines, and every figure built through `shared_figure`: the map's choropleth, the district
profile's locator and facility timeline, every chart of the children, rehabilitation and DOST pages and of the
indicator series and target history they share) are shared objects, because a copy of a Figure costs about as much as
building it again (plotly validates every property; 25 sparklines: a quarter of a second on every rerun).
**The no-mutation rule for shared figures**: a page only draws them (`st.plotly_chart` / `components.chart`,
which read the figure: plotly's `to_dict` works on a deep copy); it never calls `update_layout`,
`add_trace` or anything else that changes them. `tests/app_pages/test_cache.py` checks that a page run leaves a
shared figure as it was built.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine

from data import geo, queries, snapshots, version
from data.config import GEO_DIR, database_url, demo_data_enabled
from data.db import make_engine
from data.loader import open_database, settings_differences
from deck import export, source
from deck.images import render_pngs
from deck.slide_figures import figure_size, slide_figure
from figures import charts, frames, maps, sentences
from metrics import access as m_access
from metrics import children as m_children
from metrics import dost as m_dost
from metrics import facilities as m_facilities
from metrics import figures as m_figures
from metrics import network as m_network
from metrics import planning as m_planning
from metrics import progress as m_progress
from metrics import quality as m_quality
from metrics import reconcile as m_reconcile
from metrics import rehabilitation as m_rehab
from metrics.facilities import status_on as m_status_on
from metrics.registry import Registry, build_registry

TTL = 600
Statuses = tuple[str, ...]
SCOPE_KEY = "auth.scope"  # set by app_pages.ui.auth on every run: None (whole country) or region codes
SCOPED_TABLES = {"districts", "facilities", "facility_catchment", "sources"}


def scope() -> tuple[str, ...] | None:
    """The session's region scope; without one set (nobody known) nothing below the country level."""
    regions = st.session_state.get(SCOPE_KEY, ())
    return None if regions is None else tuple(regions)


def _regions(key: str) -> tuple[str, ...] | None:
    """The region scope a data key carries."""
    text = key.rpartition("|")[2]
    return None if text == "*" else tuple(c for c in text.split(",") if c)


def _national(key: str) -> str:
    """The same data key for the whole country."""
    return key.rpartition("|")[0] + "|*"


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    """The engine for one database URL (a connection pool, shared by design). Only a database with no reference
    data yet (a missing file, an empty database) is built here; a built one is served as it is stored, whatever
    the settings say (`database_notes` reports the differences; only `python -m data.build_db` changes it)."""
    e = make_engine(url)
    open_database(e)
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
    """The first argument of every cached function: the database URL, its data version and the session's
    region scope ("URL#version|codes", "|*" for the whole country)."""
    regions = scope()
    return f"{database_url()}#{data_version()}|{'*' if regions is None else ','.join(regions)}"


def _engine(key: str) -> Engine:
    """The engine of a `data_key()`."""
    return _engine_for(key.rpartition("|")[0].rpartition("#")[0])


def per_data_version(
    ttl: float | None = TTL, max_entries: int | None = None, resource: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Cache `fn(key, *args)` per data key (st.cache_data; st.cache_resource with `resource`): the decorated
    function is called without the key, `.at(key, *args)` passes one, `.clear()` forgets its entries."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        store = st.cache_resource if resource else st.cache_data
        cached = store(ttl=ttl, max_entries=max_entries, show_spinner=False)(fn)

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            return cached(data_key(), *args, **kwargs)

        call.at = cached
        call.clear = cached.clear
        return call

    return wrap


def deferred(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """`fn(*args)` of a `per_data_version` function, to be called later outside the script run (a download's
    click, served in a thread of its own): the data key (database, data version, the session's region scope) is
    taken now, in the run that offers it."""
    key = data_key()
    return lambda: fn.at(key, *args)


# ---------------------------------------------------------------------------------------------- queries


def database_notes() -> list[str]:
    """How the database differs from this installation's settings (data.loader.DIFFERENCES), for the frame to
    report; read again after every change of the data version (a rebuild by python -m data.build_db)."""
    return _database_notes(demo_data_enabled())


@per_data_version(ttl=60)
def _database_notes(key: str, demo: bool) -> list[str]:
    """`database_notes` for one data version and DEMO_DATA setting."""
    return settings_differences(_engine(key))


@per_data_version()
def table(key: str, name: str) -> pd.DataFrame:
    """A whole small table through its query function (districts, indicators, facilities, ...); districts,
    facilities and catchments within the key's region scope."""
    if name in SCOPED_TABLES:
        return getattr(queries, name)(_engine(key), regions=_regions(key))
    return getattr(queries, name)(_engine(key))


@per_data_version()
def observations(
    key: str, statuses: Statuses, indicator_codes: tuple[str, ...] | None = None, geo_level: str | None = None
) -> pd.DataFrame:
    """Current preferred observations for the given data statuses."""
    codes = list(indicator_codes) if indicator_codes else None
    return queries.observations(
        _engine(key), indicator_codes=codes, geo_level=geo_level, statuses=tuple(statuses), regions=_regions(key)
    )


@per_data_version()
def observation_sources(key: str, statuses: Statuses) -> pd.DataFrame:
    """Per indicator, source and data status: the number of current observations and their first and last period."""
    return queries.observation_sources(_engine(key), statuses=tuple(statuses), regions=_regions(key))


@per_data_version()
def deciding_observations(key: str, statuses: Statuses, as_of: date) -> pd.DataFrame:
    """The observations that decide every series' standing by `as_of` (data.queries.deciding_observations: the
    headline figures at every level read these, one or two per series, not every observation)."""
    return queries.deciding_observations(_engine(key), tuple(statuses), as_of, regions=_regions(key))


@per_data_version()
def observation_count(key: str) -> int:
    """How many current observations the database holds."""
    return queries.observation_count(_engine(key), regions=_regions(key))


@per_data_version()
def facility_status(key: str, statuses: Statuses) -> pd.DataFrame:
    """Every facility's status history (rows of the given data statuses), oldest first."""
    return queries.facility_status(_engine(key), statuses=tuple(statuses), regions=_regions(key))


# ---------------------------------------------------------------------------------------------- metrics


def _kinds(key: str) -> dict[str, str]:
    ind = table.at(key, "indicators")
    return dict(zip(ind["code"], ind["kind"], strict=True))


@per_data_version()
def points(
    key: str, statuses: Statuses, geo_level: str = "country", indicator_codes: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """The points to draw of every series at one geography level (figures.frames.series_points), of
    `indicator_codes` only when given. Below the country level from the rows the observation summary names
    (data/summary.py: the same points, without reading every district observation)."""
    segments = queries.series_segments(_engine(key))
    codes = list(indicator_codes) if indicator_codes else None
    if geo_level == "country":
        obs = _with_register(key, statuses, geo_level)
        obs = obs if codes is None else obs[obs["indicator_code"].isin(codes)].reset_index(drop=True)
    else:
        obs = queries.summary_observations(_engine(key), codes, geo_level, tuple(statuses), regions=_regions(key))
    return frames.series_points(obs, _kinds(key), segments)


@per_data_version()
def annual(
    key: str, statuses: Statuses, geo_level: str = "district", indicator_codes: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """One value per indicator, geography and year at one level (of `indicator_codes` only, when given), with
    source titles; read from the observation summary (data/summary.py), not from every observation."""
    codes = list(indicator_codes) if indicator_codes else None
    obs = queries.summary_observations(
        _engine(key), codes, geo_level, tuple(statuses), regions=_regions(key), annual=True
    )
    return frames.annual_table(obs, _kinds(key), table.at(key, "sources"))


@per_data_version()
def yearly_years(key: str, statuses: Statuses, geo_level: str = "district") -> pd.DataFrame:
    """The years with a yearly value of each indicator at one level, newest first (indicator_code, year)."""
    return queries.summary_years(_engine(key), geo_level, tuple(statuses), regions=_regions(key))


@per_data_version(resource=True)
def registry(key: str) -> Registry:
    """The indicator registry (shared: immutable by construction, a read-only Mapping of frozen dataclasses)."""
    obs = observations.at(key, ("reported", "official"), None, "country")
    return build_registry(table.at(key, "indicators"), table.at(key, "targets"), obs)


@per_data_version()
def headline_figures(key: str, statuses: Statuses, as_of: date, lang: str) -> pd.DataFrame:
    """Every headline figure known by `as_of` (metrics.figures.headline_figures: the command's own table), from the
    observations that decide them (data.queries.deciding_observations: at ten million rows, one or two per series)."""
    obs = deciding_observations.at(key, statuses, as_of)
    latest = m_figures.headline_figures(table.at(key, "indicators"), table.at(key, "targets"), obs, as_of, lang)
    national = _national(key)  # the network and its coverage from the whole register (as the DOST page)
    fac, fs = table.at(national, "facilities"), facility_status.at(national, statuses)
    network = m_figures.network_figures(fac, fs, table.at(key, "targets"), table.at(key, "network_totals"), as_of, lang,
                                        table.at(key, "indicators"))  # fmt: skip
    cover = m_figures.coverage_figures(
        coverage.at(national, statuses, as_of), access.at(national, statuses, as_of), fac, fs,
        table.at(national, "districts"), as_of, lang,
    )  # fmt: skip
    cover = m_figures.within_scope(cover, _regions(key), table.at(national, "districts"))
    return pd.concat([latest, network, cover], ignore_index=True)


@per_data_version()
def progress(key: str, statuses: Statuses, geo_level: str | None = "country") -> pd.DataFrame:
    """Where every indicator stands (metrics.progress.progress), with the sentences in both languages."""
    obs = _with_register(key, statuses, geo_level)
    prog = m_progress.progress(table.at(key, "indicators"), table.at(key, "targets"), obs, geo_level=geo_level)
    return sentences.add_sentences(prog)


def _with_register(key: str, statuses: Statuses, geo_level: str | None) -> pd.DataFrame:
    """The observations at a level; nationally with the counts taken from the facility register for network
    indicators without a published figure (metrics.network.register_series, as on the slides)."""
    obs = observations.at(key, statuses, None, geo_level)
    if geo_level not in (None, "country"):
        return obs
    national = _national(key)  # national counts from the whole register, whatever the session's region scope
    return m_network.with_register_counts(
        obs, table.at(national, "facilities"), facility_status.at(national, statuses), date.today()
    )


@per_data_version()
def children_stock(key: str, statuses: Statuses) -> pd.DataFrame:
    """Children in institutions per year at every level (metrics.children.children_stock)."""
    obs = observations.at(key, statuses, m_children.STOCK_CODES, None)  # the stock's own series only
    return m_children.children_stock(obs, table.at(key, "districts"), None, table.at(key, "indicators"))


@per_data_version()
def children_flows(key: str, statuses: Statuses) -> pd.DataFrame:
    """The flows behind the stock against their annual targets."""
    obs = observations.at(key, statuses, None, "country")
    return m_children.children_flows(obs, table.at(key, "targets"), table.at(key, "indicators"))


@per_data_version()
def rehab_throughput(key: str, statuses: Statuses) -> pd.DataFrame:
    """Persons served per year against every target version."""
    obs = observations.at(key, statuses, None, "country")
    return m_rehab.throughput(obs, table.at(key, "targets"), table.at(key, "indicators"))


@per_data_version()
def rehab_care_split(key: str, statuses: Statuses) -> pd.DataFrame:
    """Inpatient / outpatient split."""
    return m_rehab.care_split(observations.at(key, statuses, None, "country"), table.at(key, "indicators"))


@per_data_version()
def rehab_aids(key: str, statuses: Statuses) -> pd.DataFrame:
    """Rehabilitation aids issued per year."""
    return m_rehab.aids_issued(observations.at(key, statuses, None, "country"), table.at(key, "indicators"))


@per_data_version()
def rehab_capacity(key: str, statuses: Statuses, on_date: date) -> pd.DataFrame:
    """Rehabilitation beds and capacity per 100,000 residents by economic region on a date."""
    if _regions(key) is not None:  # national figure stays national; other regions' rows stay on the server
        whole = rehab_capacity.at(_national(key), statuses, on_date)
        return queries.keep_regions(whole, _regions(key), region_column="geo_code", level_column="geo_level")
    return m_rehab.capacity_by_region(
        table.at(key, "facilities"),
        facility_status.at(key, statuses),
        table.at(key, "districts"),
        table.at(key, "economic_regions"),
        on_date.isoformat(),
    )


@per_data_version()
def status_on(key: str, statuses: Statuses, on_date: date) -> pd.DataFrame:
    """Every facility's status on a date (metrics.facilities.status_on; the pipeline as it stands, see
    pipeline_state for which items still count)."""
    return m_status_on(facility_status.at(key, statuses), on_date.isoformat())


@per_data_version()
def coverage(key: str, statuses: Statuses, on_date: date) -> pd.DataFrame:
    """DOST coverage of every district on a date, open network and with the pipeline (column scenario)."""
    if _regions(key) is not None:  # distances need every facility: computed nationally, then the scope's rows
        return queries.keep_regions(coverage.at(_national(key), statuses, on_date), _regions(key))
    return m_dost.coverage_scenarios(
        table.at(key, "facilities"),
        facility_status.at(key, statuses),
        table.at(key, "facility_catchment"),
        table.at(key, "districts"),
        on_date.isoformat(),
        centroids=geo.centroids(),
        totals=table.at(key, "network_totals"),
        where=where(),
    )


def where() -> m_access.Where:
    """Where people live (data/geo), for distances measured from them."""
    return m_access.Where(geo.population_points(), geo.settlements(), geo.settlement_names())


@per_data_version()
def coverage_summary(key: str, statuses: Statuses, on_date: date) -> pd.DataFrame:
    """Shares of districts and population served, nationally and per economic region."""
    if _regions(key) is not None:
        whole = coverage_summary.at(_national(key), statuses, on_date)
        return queries.keep_regions(whole, _regions(key), region_column="geo_code", level_column="geo_level")
    return m_dost.coverage_summary(coverage.at(key, statuses, on_date))


@per_data_version()
def network_progress(key: str, statuses: Statuses, on_date: date) -> pd.DataFrame:
    """DOST facilities open (and with the pipeline) against the network targets."""
    return m_network.network_progress(
        table.at(key, "facilities"),
        facility_status.at(key, statuses),
        table.at(key, "targets"),
        on_date.isoformat(),
        totals=table.at(key, "network_totals"),
    )


@per_data_version()
def target_history(key: str, codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every stated version of the targets (of `codes`), oldest first."""
    return m_network.target_history(table.at(key, "targets"), tuple(codes) if codes else None)


@per_data_version()
def network_timeline(key: str, statuses: Statuses, network: str, until: date) -> pd.DataFrame:
    """Facilities per status and type at every month end (metrics.network.network_timeline)."""
    return m_network.network_timeline(
        table.at(key, "facilities"), facility_status.at(key, statuses), network, until.isoformat()
    )


@per_data_version()
def reconciliation(key: str, statuses: Statuses) -> pd.DataFrame:
    """Every published network total against the facility register (metrics.reconcile.reconcile). National totals
    against the national register, whatever the scope: rows of counts, no district's row."""
    if _regions(key) is not None:
        return reconciliation.at(_national(key), statuses)
    return m_reconcile.reconcile(
        table.at(key, "facilities"), facility_status.at(key, statuses), table.at(key, "network_totals")
    )


@per_data_version()
def pipeline_state(key: str, statuses: Statuses, on_date: date) -> pd.DataFrame:
    """Every pipeline item on a date with its pipeline_state (metrics.facilities.pipeline_state: pipeline, stale,
    not_on_latest_list), judged on the national register and the published lists, then only the scope's facilities
    (staleness is measured from the whole register's evidence day)."""
    if _regions(key) is not None:
        whole = pipeline_state.at(_national(key), statuses, on_date)
        return whole[whole["facility_code"].isin(set(table.at(key, "facilities")["code"]))].reset_index(drop=True)
    return m_facilities.pipeline_state(facility_status.at(key, statuses), on_date.isoformat(),
                                       table.at(key, "facilities"), table.at(key, "network_totals"))  # fmt: skip


@per_data_version()
def pipeline_apart(key: str, statuses: Statuses, on_date: date) -> pd.DataFrame:
    """The pipeline items set apart on a date (stale, or left off the latest official list), with their names;
    judged on the national register, then only the scope's facilities."""
    if _regions(key) is not None:
        whole = pipeline_apart.at(_national(key), statuses, on_date)
        return whole[whole["facility_code"].isin(set(table.at(key, "facilities")["code"]))].reset_index(drop=True)
    fac = table.at(key, "facilities")
    state = pipeline_state.at(key, statuses, on_date)
    apart = state[state["pipeline_state"] != "pipeline"]
    return apart.merge(fac, left_on="facility_code", right_on="code").reset_index(drop=True)


@per_data_version()
def quality(key: str, statuses: Statuses) -> pd.DataFrame:
    """Data-quality findings (completeness, outliers, consistency) with their messages in both languages."""
    indicators, districts = table.at(key, "indicators"), table.at(key, "districts")
    # The register's rules compare it with national totals: judged on the national register, its findings are
    # left out of a region-limited session rather than judged on part of the register.
    register = {name: table.at(key, name) for name in ("facilities", "network_totals", "networks")}
    register["facility_status"] = facility_status.at(key, statuses)
    if _regions(key) is not None:
        register = None
    # Only the rows the rules read, and the district cells with a figure (the same report as from every row).
    engine, regions = _engine(key), _regions(key)
    rows = queries.quality_observations(engine, tuple(statuses), regions, m_quality.COMPARED)
    cells = queries.district_cells(engine, tuple(statuses), regions)
    report = m_quality.quality_report(rows, indicators, districts, register, cells=cells)
    return sentences.add_messages(report, indicators, districts, table.at(key, "economic_regions"))


# ---------------------------------------------------------------------------------------------- geography


@per_data_version()
def district_geojson(key: str) -> dict[str, Any]:
    """The district polygons as GeoJSON (feature id = district code; rings packed, figures.maps.packed), those of
    the key's region scope only; each caller gets its own copy."""
    b = geo.load_boundaries()
    if _regions(key) is not None:
        b = b[b["code"].isin(set(table.at(key, "districts")["code"]))]
    return maps.packed(geo.to_geojson(b))


@per_data_version()
def region_geojson(key: str) -> dict[str, Any]:
    """The 14 economic-region outlines as GeoJSON (feature id = region code; rings packed); each caller gets its own
    copy.
    Shapes only: an analyst sees the other regions as outlines."""
    outlines = geo.region_outlines(table.at(_national(key), "districts")[["code", "economic_region_code"]])
    return maps.packed(geo.to_geojson(outlines, id_column="economic_region_code"))


@st.cache_data(show_spinner=False)
def centroids() -> pd.DataFrame:
    """District centroids: code, lat, lon, x, y."""
    return geo.centroids()


@st.cache_data(show_spinner=False)
def attribution() -> str:
    """The boundary attribution (data/geo/ATTRIBUTION.md) as Markdown."""
    path = GEO_DIR / "ATTRIBUTION.md"
    return path.read_text(encoding="utf-8") if path.exists() else ""


@per_data_version()
def district_bounds(key: str) -> dict[str, tuple[float, float, float, float]]:
    """Each district polygon's bounding box (min lon, min lat, max lon, max lat), in the key's region scope."""
    b = geo.load_boundaries()
    if _regions(key) is not None:
        b = b[b["code"].isin(set(table.at(key, "districts")["code"]))]
    return {c: tuple(float(x) for x in row) for c, row in zip(b["code"], b.geometry.bounds.to_numpy(), strict=True)}


# ---------------------------------------------------------------------------------------------- page pieces


@per_data_version(resource=True)
def sparklines(key: str, statuses: Statuses, lang: str) -> MappingProxyType[str, go.Figure]:
    """The overview's small trend figures by indicator code: shared, read-only (see the module's docstring)."""
    prog = progress.at(key, statuses, "country")
    pts = points.at(key, statuses, "country")
    groups = {code: g for code, g in pts.groupby("indicator_code", sort=False)}
    out = {}
    for row in prog.to_dict("records"):
        p = groups.get(row["indicator_code"])
        p = p[frames.POINT_COLUMNS].reset_index(drop=True) if p is not None else pts.iloc[0:0][frames.POINT_COLUMNS]
        if len(p) > 1 or (len(p) == 1 and not pd.isna(row["target_value"])):
            out[row["indicator_code"]] = charts.sparkline(p, row, lang)
    return MappingProxyType(out)


@per_data_version(resource=True, max_entries=512)
def shared_figure(key: str, name: str, params: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    """A figure that does not depend on the session, built once per data key, `name` and `params` by `_build` (not
    hashed: `params` must name everything the figure depends on besides the data, e.g. the statuses, the chosen
    layer, year, date and the language) and shared by every session: see the no-mutation rule above."""
    return _build()


@per_data_version(max_entries=512)
def page_table(key: str, name: str, params: tuple, _build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """A page's table that does not depend on the session, computed once per data key, `name` and `params` by
    `_build` (not hashed: `params` must name everything it depends on besides the data); each caller gets its own
    copy."""
    return _build()


@per_data_version()
def facility_layer(
    key: str, statuses: Statuses, on_date: date, networks: tuple[str, ...] | None, pipeline: bool, lang: str
) -> pd.DataFrame:
    """The facilities of `networks` (None: all) as they stood on a date (figures.frames.facilities_on, the
    pipeline items set apart by pipeline_state), placed (at their settlement or district centroid), with their
    name (label), district name (district_label) and hover text in `lang`, for the map's facility layer."""
    fac = frames.facilities_on(
        table.at(key, "facilities"),
        status_on.at(key, statuses, on_date),
        facility_status.at(key, statuses),
        list(networks) if networks else None,
        pipeline,
        pipeline_state.at(key, statuses, on_date),
    )
    fac = frames.place_at_centroids(fac, geo.centroids(), geo.settlements(), geo.settlement_names())

    def named(r: dict) -> str:
        return r.get(f"name_{lang}") or r.get("name_az") or ""

    dnames = {r["code"]: named(r) for r in table.at(key, "districts").to_dict("records")}
    fac["label"] = [named(r) for r in fac.to_dict("records")]
    fac["district_label"] = fac["district_code"].map(dnames)
    fac["hover"] = [maps.facility_hover(r, lang) for r in fac.to_dict("records")]
    return fac


@per_data_version()
def latest_district_values(key: str, statuses: Statuses) -> dict[str, tuple[pd.DataFrame, int, str]]:
    """indicator code -> (every district's value and rate in its latest year, that year, the kind); only the latest
    year of each indicator is read (from the observation summary)."""
    obs = queries.summary_observations(
        _engine(key), None, "district", tuple(statuses), regions=_regions(key), latest_year=True
    )
    annual_ = frames.annual_table(obs, _kinds(key), table.at(key, "sources"))
    districts = table.at(key, "districts")
    out = {}
    for r in table.at(key, "indicators").to_dict("records"):
        years = frames.district_years(annual_, r["code"])
        if years:
            out[r["code"]] = (
                frames.district_values(annual_, districts, r["code"], r["kind"], years[0]),
                years[0],
                r["kind"],
            )
    return out


# ---------------------------------------------------------------------------------------------- access, planning


def _placed(key: str, statuses: Statuses, on: str, with_pipeline: bool) -> pd.DataFrame:
    """The DOST facilities counted open on `on` (with the pipeline as built), placed where they are."""
    totals = table.at(key, "network_totals")
    net = m_access.network_on(
        table.at(key, "facilities"), facility_status.at(key, statuses), on, with_pipeline, totals=totals
    )
    d = table.at(key, "districts")
    placed = m_access.place_facilities(net, geo.settlements(), geo.settlement_names(), geo.centroids(), d)
    return placed.merge(net[["code", "name_az", "name_en"]], left_on="facility_code", right_on="code").drop(
        columns="code"
    )


@per_data_version()
def access(key: str, statuses: Statuses, on_date: date, radii: tuple[int, ...] = m_access.RADII_KM) -> pd.DataFrame:
    """Population within each radius of a DOST office, per district, region, country and group, for the open
    network and with the pipeline (column scenario; metrics.access.access_scenarios, as the figures command)."""
    return m_access.access_scenarios(
        table.at(key, "facilities"), facility_status.at(key, statuses), table.at(key, "facility_catchment"),
        table.at(key, "districts"), on_date, where(), geo.centroids(), geo.population_groups(), tuple(radii),
        totals=table.at(key, "network_totals"),
    )  # fmt: skip


@per_data_version()
def target_readings(key: str, statuses: Statuses, on_date: date) -> pd.DataFrame:
    """Both readings of the 2030 centres target on a date (metrics.access.target_readings)."""
    return m_access.target_readings(
        table.at(key, "facilities"), facility_status.at(key, statuses), table.at(key, "targets"), on_date.isoformat(),
        totals=table.at(key, "network_totals"),
    )  # fmt: skip


@per_data_version(max_entries=64)
def plan(
    key: str, statuses: Statuses, on_date: date, with_pipeline: bool, branches: int, radius_km: int,
    fix: tuple[str, ...] = (), exclude: tuple[str, ...] = (), objective: str = "mclp",
) -> tuple[pd.DataFrame, pd.DataFrame, dict, dict, pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """The branch plan (metrics.planning.plan): sites, curve, pipeline versus optimum, summary, the open offices
    (placed, with names) and the offices the pipeline adds."""
    on, fix, exclude = on_date.isoformat(), tuple(sorted(fix)), tuple(sorted(exclude))
    base = _placed(key, statuses, on, with_pipeline)
    added = None
    if not with_pipeline:
        future = _placed(key, statuses, on, True)
        added = m_planning.pipeline_sites(base, future)
        added = added[added["facility_type"].isin(m_access.OFFICE_TYPES).to_numpy()].reset_index(drop=True)
    result = m_planning.plan(
        geo.population_points(), base, geo.settlements(), table.at(key, "districts"), int(branches), int(radius_km),
        fix, exclude, objective, added, curve_max=0,
    )  # fmt: skip
    offices = base[base["facility_type"].isin(m_access.OFFICE_TYPES).to_numpy()].reset_index(drop=True)
    pipeline = added if added is not None else offices.iloc[:0]
    curve = planning_curve.at(key, statuses, on_date, with_pipeline, int(radius_km), exclude)
    return result.sites, curve, result.pipeline, result.summary, offices, pipeline


@per_data_version(max_entries=32)
def planning_curve(
    key: str, statuses: Statuses, on_date: date, with_pipeline: bool, radius_km: int, exclude: tuple[str, ...]
) -> pd.DataFrame:
    """The coverage curve 0..64 branches (it does not depend on N or the fixed sites: cached on its own)."""
    base = _placed(key, statuses, on_date.isoformat(), with_pipeline)
    return m_planning.curve_for(
        geo.population_points(), base, geo.settlements(), table.at(key, "districts"), radius_km, tuple(exclude)
    )


@st.cache_data(show_spinner=False)
def settlements() -> pd.DataFrame:
    """The candidate settlements (data/geo/settlements.csv)."""
    return geo.settlements()


@st.cache_data(show_spinner=False)
def settlement_names() -> pd.DataFrame:
    """Which settlement a facility's settlement name means (data/geo/settlement_names.csv)."""
    return geo.settlement_names()


# ---------------------------------------------------------------------------------------------- collegium


@per_data_version(max_entries=8)
def live_payload(
    key: str, statuses: Statuses, meeting: date | None = None, regions: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Today's figures as a payload for the meeting (default: today), frozen_at the hour it was computed, with a
    regional slide per economic region in `regions` (each within the session's region scope, else
    deck.source.RegionOutOfScopeError)."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return source.live_payload(
        _engine(key), meeting or now.date(), tuple(statuses), frozen_at=now, regions=regions, scope=_regions(key)
    )


@per_data_version(ttl=60)
def snapshot_list(key: str) -> pd.DataFrame:
    """Every stored snapshot (no payloads), newest meeting first."""
    return snapshots.snapshots(_engine(key))


@per_data_version(max_entries=16)
def snapshot(key: str, snapshot_id: int) -> snapshots.Snapshot:
    """One stored snapshot with its payload (SnapshotNotFoundError / SnapshotIntegrityError as the data layer);
    a freeze or a removal changes the data version, so a replaced snapshot is read again."""
    return snapshots.load(_engine(key), int(snapshot_id))


@per_data_version(ttl=60)
def latest_snapshot(key: str, on_or_before: date | None = None) -> snapshots.Snapshot | None:
    """The snapshot of the last meeting held on or before `on_or_before` (default today: a meeting dated in the
    future is not "the last"), or None."""
    return snapshots.latest(_engine(key), on_or_before=on_or_before or date.today())


def payload_sha(payload: dict[str, Any]) -> str:
    """The SHA-256 of a payload's canonical JSON (the key of its images and files)."""
    return snapshots.sha256(snapshots.canonical_json(payload))


# A payload is keyed on its content: its SHA-256, not Streamlit's walk through the dict.
_BY_CONTENT = {dict: payload_sha}


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs=_BY_CONTENT)
def slide_png(payload: dict[str, Any], lang: str, key: str) -> bytes:
    """The PNG of one slide's figure (rendered once per payload, language and figure)."""
    fig = slide_figure(payload, lang, key)
    return render_pngs({key: fig}, {key: figure_size(key)})[key] if fig is not None else b""


@st.cache_data(show_spinner=False, max_entries=8, hash_funcs=_BY_CONTENT)
def files(payload: dict[str, Any], lang: str) -> tuple[bytes, bytes]:
    """The deck as (.pptx, .pdf) bytes, produced once per payload and language."""
    result = export.export(payload, lang)
    return result.pptx, result.pdf


# ---------------------------------------------------------------------------------------------- clearing


def reread_version() -> None:
    """Read the data version again on the next call (after this session wrote: a freeze, for instance)."""
    _seen.clear()


def clear() -> None:
    """Forget every cached query result and metric table (after an import or a rollback), and read the data
    version again on the next call."""
    reread_version()
    st.cache_data.clear()
    registry.clear()
    sparklines.clear()
    shared_figure.clear()
