"""Today's figures as a collegium payload: queries and metrics in, `metrics.snapshot.build_payload` out.

No Streamlit: the collegium page, the benchmark and the tests all call `live_payload` with an engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from data import geo, queries, snapshots
from data.errors import DataError
from figures import frames
from figures.sentences import add_sentences
from metrics import access, planning, regional, snapshot
from metrics.access import Where
from metrics.dost import NETWORK, coverage_scenarios, coverage_summary
from metrics.facilities import PIPELINE_HORIZON, network_evidence_day, status_on
from metrics.network import target_history, with_register_counts
from metrics.progress import progress
from metrics.series import kind_map

PLANNING_RADIUS_KM = 30
REGION_DISTRICT_FIELDS = (
    "code", "name_az", "name_en", "population_exclusive", "served", "served_with_pipeline", "n_facilities",
    "distance_km",
)  # fmt: skip


class RegionOutOfScopeError(DataError):
    """Regional slides asked for economic regions outside the user's region scope (issue 11)."""

    key = "collegium.error.region_scope"

    def __init__(self, regions: Sequence[str]) -> None:
        super().__init__(f"regions outside your scope: {', '.join(regions)}", regions=", ".join(regions))


class UnknownRegionError(DataError):
    """Regional slides asked for an economic region code that does not exist."""

    key = "collegium.error.region_unknown"

    def __init__(self, regions: Sequence[str]) -> None:
        super().__init__(f"unknown economic regions: {', '.join(regions)}", regions=", ".join(regions))


def chosen_regions(engine: Engine, regions: Iterable[str] | None, scope: Sequence[str] | None = None) -> list[str]:
    """The economic regions asked for, known and in decree order; UnknownRegionError for a code that does not
    exist, RegionOutOfScopeError for one outside `scope` (None: the whole country may be shown)."""
    wanted = list(dict.fromkeys(regions or ()))
    known = queries.economic_regions(engine)["code"].tolist()
    unknown = [r for r in wanted if r not in known]
    if unknown:
        raise UnknownRegionError(unknown)
    if scope is not None:
        outside = [r for r in wanted if r not in scope]
        if outside:
            raise RegionOutOfScopeError(outside)
    return [r for r in known if r in wanted]


def _summary_row(summary: pd.DataFrame, scenario: str, level: str, code: str) -> dict[str, Any] | None:
    """One row of metrics.dost.coverage_summary as JSON values (None when missing)."""
    row = summary[(summary["scenario"] == scenario) & (summary["geo_level"] == level) & (summary["geo_code"] == code)]
    return snapshot.records(row.head(1), snapshot.SUMMARY_FIELDS)[0] if len(row) else None


def region_indicators(
    annual: pd.DataFrame,
    country_points: pd.DataFrame,
    districts: pd.DataFrame,
    economic_regions: pd.DataFrame,
    indicators: pd.DataFrame,
) -> dict[str, list[dict[str, Any]]]:
    """region code -> every indicator with district figures in its latest district year: the region's figure
    (metrics.regional.region_values: districts summed, shares population-weighted), its rate per 10,000 residents
    and what it is compared with (metrics.regional.reference_rate: the national rate of that year, else all the
    districts with a figure taken together), as on the district page."""
    national_pop = float(pd.to_numeric(districts["population_exclusive"], errors="coerce").sum())
    out: dict[str, list[dict[str, Any]]] = {}
    for ind in indicators.to_dict("records"):
        years = frames.district_years(annual, ind["code"])
        if not years:
            continue
        year, kind = years[0], ind["kind"]
        dv = frames.district_values(annual, districts, ind["code"], kind, year)
        pts = frames.points_of(country_points, ind["code"])
        full = pts[(pts["year"] == year) & ~pts["is_partial"].astype(bool)] if len(pts) else pts
        basis, rate, rate_q = regional.reference(dv, full, national_pop, kind)
        region_of = districts.set_index("code")["economic_region_code"]
        ends = pd.to_datetime(dv["period_end"], errors="coerce") if "period_end" in dv else pd.Series(dtype=object)
        latest_end = ends.groupby(dv["code"].map(region_of)).max() if len(ends) else pd.Series(dtype=object)
        for r in regional.region_values(dv, economic_regions, kind).to_dict("records"):
            if not r["districts_reported"]:
                continue
            end = latest_end.get(r["code"])
            out.setdefault(r["code"], []).append(
                {
                    "code": ind["code"],
                    "name_az": ind["name_az"],
                    "name_en": ind["name_en"],
                    "unit": ind.get("unit"),
                    "kind": kind,
                    "year": int(year),
                    "value": snapshot.plain(r["value"]),
                    "qualifier": r.get("qualifier") or "exact",
                    "evidence_date": None if end is None or pd.isna(end) else end.date().isoformat(),
                    "rate": snapshot.plain(r["rate"]),
                    "districts_reported": int(r["districts_reported"]),
                    "districts_total": int(r["districts_total"]),
                    "data_status": r["data_status"],
                    "country_rate": snapshot.plain(rate),
                    "country_qualifier": rate_q,
                    "country_basis": basis,
                    "per_residents": kind not in regional.AVERAGED_KINDS,
                }
            )
    return out


def regional_section(
    engine: Engine,
    regions: Sequence[str],
    statuses: Iterable[str],
    coverage: pd.DataFrame,
    dost_facilities_now: pd.DataFrame,
    country_points: pd.DataFrame,
) -> list[dict[str, Any]]:
    """One record per chosen economic region (in decree order) for its slide: its districts with their DOST service,
    the region's coverage against the country's (metrics.dost.coverage_summary, open network and with the
    pipeline), the DOST facilities in it by status, and its indicators against the country (`region_indicators`)."""
    if not regions:
        return []
    statuses = tuple(statuses)
    ers = queries.economic_regions(engine)
    districts = queries.districts(engine)
    summary = coverage_summary(coverage)
    indicators = queries.indicators(engine)
    kinds = kind_map(indicators)
    # each indicator's latest district year only, read through the observation summary (not every district row)
    latest = queries.summary_observations(engine, geo_level="district", statuses=statuses, latest_year=True)
    annual = frames.annual_table(latest, kinds, queries.sources(engine))
    per_region = region_indicators(annual, country_points, districts, ers, indicators)
    open_cov = coverage[coverage["scenario"] == "open"]
    piped = coverage[coverage["scenario"] == "with_pipeline"]
    later = set(piped.loc[piped["served"].astype(bool), "code"])
    region_of = districts.set_index("code")["economic_region_code"]
    fac_region = dost_facilities_now["district_code"].map(region_of)
    out = []
    for er in ers[ers["code"].isin(regions)].to_dict("records"):
        mine = open_cov[open_cov["economic_region_code"] == er["code"]].copy()
        mine["served_with_pipeline"] = mine["served"].astype(bool) | mine["code"].isin(later)
        mine = mine.sort_values("name_az", kind="stable")
        facs = dost_facilities_now[(fac_region == er["code"]).to_numpy()]
        out.append(
            {
                "code": er["code"],
                "name_az": er["name_az"],
                "name_en": er["name_en"],
                "districts": snapshot.records(mine, REGION_DISTRICT_FIELDS),
                "coverage": {
                    scenario: {
                        "region": _summary_row(summary, scenario, "region", er["code"]),
                        "country": _summary_row(summary, scenario, "country", "AZ"),
                    }
                    for scenario in ("open", "with_pipeline")
                },
                "facilities": {
                    "open": int((facs["status"] == "open").sum()),
                    "pipeline": int((facs["status"] != "open").sum()),
                    "names_az": sorted(facs["name_az"].dropna().astype(str)),
                    "names_en": sorted(facs["name_en"].dropna().astype(str)),
                },
                "indicators": per_region.get(er["code"], []),
            }
        )
    return out


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
    regions: Iterable[str] | None = None,
    scope: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The payload of today's national figures for the meeting of `meeting_date` (data of `statuses` only), with
    what changed since the last meeting held before it, the decisions the staff ask of this one, and one regional
    record per economic region in `regions` (none by default; each must lie in the user's `scope`, None being the
    whole country: RegionOutOfScopeError otherwise)."""
    statuses = tuple(statuses)
    chosen = chosen_regions(engine, regions, scope)
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
    dost_now = dost_facilities(facilities, fstatus, as_of)
    dost = snapshot.dost_section(
        coverage,
        coverage_summary(coverage),
        dost_now,
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
    payload["regions"] = chosen
    payload["regional"] = snapshot.plain(regional_section(engine, chosen, statuses, coverage, dost_now, points))
    for region in payload["regional"]:  # its coverage and facilities rest on the register, as the map's
        region["evidence_date"] = dost["evidence_date"]
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
