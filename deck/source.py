"""Today's figures as a collegium payload: queries and metrics in, `metrics.snapshot.build_payload` out.

No Streamlit: the collegium page, the benchmark and the tests all call `live_payload` with an engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from data import geo, queries, snapshots
from figures import frames
from figures.sentences import add_sentences
from metrics import access, planning, snapshot
from metrics.access import Where
from metrics.dost import NETWORK, coverage_scenarios, coverage_summary
from metrics.facilities import PIPELINE_HORIZON, network_evidence_day, status_on
from metrics.network import target_history, with_register_counts
from metrics.progress import progress
from metrics.series import kind_map

PLANNING_RADIUS_KM = 30


def dost_facilities(facilities: pd.DataFrame, facility_status: pd.DataFrame, on: date) -> pd.DataFrame:
    """DOST facilities on a date with their status (open or in the pipeline; closed ones left out)."""
    now = status_on(facility_status, on)[["facility_code", "status"]]
    f = facilities[facilities["network"] == NETWORK].merge(now, left_on="code", right_on="facility_code")
    f = frames.place_at_centroids(f, geo.centroids(), geo.settlements(), geo.settlement_names())
    return f[f["status"] != "closed"].reset_index(drop=True)


def dost_coverage(engine: Engine, facilities: pd.DataFrame, fstatus: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Every district's DOST service: the network open on `as_of` (scenario open) and once the whole pipeline
    has opened (scenario with_pipeline, evaluated at metrics.facilities.PIPELINE_HORIZON)."""
    args = (facilities, fstatus, queries.facility_catchment(engine), queries.districts(engine))
    centroids = geo.centroids()
    totals = queries.network_totals(engine)
    where = Where(geo.population_points(), geo.settlements(), geo.settlement_names())
    today = coverage_scenarios(*args, as_of, centroids=centroids, scenarios=("open",), where=where)
    later = coverage_scenarios(
        *args,
        max(as_of, PIPELINE_HORIZON),
        centroids=centroids,
        scenarios=("with_pipeline",),
        totals=totals,
        where=where,
    )
    return pd.concat([today, later], ignore_index=True)


def register_evidence(facilities: pd.DataFrame, fstatus: pd.DataFrame, as_of: date) -> str | None:
    """The day the DOST register's evidence reaches on `as_of` (metrics.facilities.evidence_day, as on the DOST page
    and in the figures command), ISO; None when there is none."""
    day = network_evidence_day(facilities, fstatus, as_of, (NETWORK,))
    return None if pd.isna(day) else day.date().isoformat()


def map_sources(
    facilities: pd.DataFrame, fstatus: pd.DataFrame, districts: pd.DataFrame, sources: pd.DataFrame, as_of: date
) -> dict[str, Any]:
    """Where the map slide's figures come from: how many sources the DOST facilities' statuses on `as_of` rest
    on, and the title(s) of the district population's source."""
    dost_codes = set(facilities.loc[facilities["network"] == NETWORK, "code"])
    known = fstatus[
        fstatus["facility_code"].isin(dost_codes) & (pd.to_datetime(fstatus["status_day"]) <= pd.Timestamp(as_of))
    ]
    titles = sources.set_index("id")["title"]
    population = [titles.get(i, i) for i in districts["population_source_id"].dropna().value_counts().index]
    return {"facility_status_sources": int(known["source_id"].nunique()), "population": population}


def live_payload(
    engine: Engine,
    meeting_date: date,
    statuses: Iterable[str],
    frozen_at: datetime | None = None,
    decisions: str = "",
) -> dict[str, Any]:
    """The payload of today's national figures for the meeting of `meeting_date` (data of `statuses` only), with
    what changed since the last meeting held before it, and the decisions the staff ask of this one."""
    statuses = tuple(statuses)
    frozen_at = (frozen_at or datetime.now(UTC)).replace(microsecond=0)
    as_of = frozen_at.date()
    indicators = queries.indicators(engine)
    targets = queries.targets(engine)
    obs = queries.observations(engine, geo_level="country", statuses=statuses)
    facilities = queries.facilities(engine)
    fstatus = queries.facility_status(engine, statuses=statuses)
    # a network indicator without a published figure is counted from the register (the map's own facilities)
    obs = with_register_counts(obs, facilities, fstatus, as_of)
    prog = add_sentences(progress(indicators, targets, obs, geo_level="country"))
    sources = queries.sources(engine)
    # each point with its source's title, its qualifier and its series segment (label and note of a break)
    points = frames.series_points(obs, kind_map(indicators), queries.series_segments(engine))
    coverage = dost_coverage(engine, facilities, fstatus, as_of)
    dost = snapshot.dost_section(
        coverage,
        coverage_summary(coverage),
        dost_facilities(facilities, fstatus, as_of),
        snapshot.rings(geo.load_boundaries()),
        as_of,
    )
    dost["sources"] = map_sources(facilities, fstatus, queries.districts(engine), sources, as_of)
    dost["evidence_date"] = register_evidence(facilities, fstatus, as_of)
    payload = snapshot.build_payload(
        meeting_date,
        frozen_at,
        statuses,
        prog,
        indicators,
        queries.goals(engine),
        sources,
        points,
        target_history(targets),
        dost,
    )
    payload["planning"] = planning_section(engine, facilities, fstatus, as_of)
    payload["planning"]["evidence_date"] = dost["evidence_date"]  # the same register, the same day
    # the last meeting before this one that has already taken place (a meeting dated in the future is not "the last")
    previous = snapshots.latest(engine, on_or_before=min(meeting_date - timedelta(days=1), as_of))
    payload["since"] = {
        "meeting_date": previous.meeting_date.isoformat() if previous else None,
        "rows": snapshot.since_rows(previous.payload if previous else None, payload),
    }
    payload["decisions"] = [line.strip() for line in (decisions or "").splitlines() if line.strip()]
    return payload


def planning_section(engine: Engine, facilities: pd.DataFrame, fstatus: pd.DataFrame, as_of: date) -> dict[str, Any]:
    """Access where people live at PLANNING_RADIUS_KM and what the announced pipeline buys against the best choice
    of as many new sites (metrics.access, metrics.planning), as JSON values for the planning slide."""
    d, totals = queries.districts(engine), queries.network_totals(engine)
    where = (geo.settlements(), geo.settlement_names(), geo.centroids(), d)
    groups = geo.population_groups()
    out: dict[str, Any] = {"as_of": as_of.isoformat(), "radius_km": PLANNING_RADIUS_KM}
    placed = {}
    for scenario, wp in (("open", False), ("with_pipeline", True)):
        placed[scenario] = access.place_facilities(
            access.network_on(facilities, fstatus, as_of, wp, totals=totals), *where
        )
        acc = access.point_access(geo.population_points(), placed[scenario], d)
        s = access.access_summary(acc, d, groups, (PLANNING_RADIUS_KM,)).set_index("geo_code")
        key = f"office_share_{PLANNING_RADIUS_KM}"
        out[scenario] = {g: float(s.at[g, key]) for g in ("AZ", "baku_absheron", "outside_baku_absheron")}
    offices = placed["open"][placed["open"]["facility_type"].isin(access.OFFICE_TYPES).to_numpy()]
    added = planning.pipeline_sites(offices, placed["with_pipeline"])
    added = added[added["facility_type"].isin(access.OFFICE_TYPES).to_numpy()]
    cands = planning.candidates_from(geo.settlements(), d)
    inst = planning.make_instance(geo.population_points(), offices, cands, d, PLANNING_RADIUS_KM)
    versus = planning.pipeline_versus_optimum(inst, added)
    out["pipeline_versus_optimum"] = {k: (None if pd.isna(v) else float(v)) for k, v in versus.items()}
    return out
