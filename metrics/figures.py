"""Every headline figure as data, from the same functions the pages use (metrics.progress).

    python -m metrics.figures --as-of YYYY-MM-DD [--lang az|en] [--format json|csv] [--no-demo] [--as-user WHO]

prints one row per indicator and geography: the latest figure with its period, qualifier, unit, data status and
source ids, the date of its latest evidence (and whether it is stale for the date asked), the target in force
with its kind and deadline, the verdict and its basis in words, and the series segment the figure belongs to;
then the DOST network on that date (open, with the pipeline that still counts, the pipeline items set apart, both
readings of the 14-centre target) and its coverage (districts and population served, distance, population within
30 km), from the DOST page's and the deck's functions (column `figure` says which row is which).
DATABASE_URL selects the database (as for the importer). `--as-user` (the provider's subject or the e-mail) limits
the table to what that user may see: an analyst gets national figures and their own regions' rows only (the
region scope of data.users, applied in the queries). The sources page offers the same table as a download.
Every run that reads the database is recorded in the audit trail (data.audit) as a data export from the command
line, by the OS account on this host and, with `--as-user`, under that user (a refused user is recorded as denied).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data.config import evidence_stale_months
from data.formatting import format_number, format_period, format_year
from data.i18n import LANGUAGES, normalise_language, translate
from metrics import contracts
from metrics.evidence import is_stale, stale_flags
from metrics.facilities import network_evidence_day, status_with_pipeline, with_date_latest
from metrics.network import with_register_counts
from metrics.progress import choose_targets, progress, truthy
from metrics.series import STATUS_PRIORITY, date_key

DEMO = "demonstration"
STATUSES = ("official", "reported", DEMO)
FIGURE_COLUMNS: list[str] = [
    "indicator_code", "figure", "indicator", "geo_level", "geo_code", "period", "value", "qualifier", "value_low",
    "value_high", "unit", "data_status", "source_ids", "evidence_date", "evidence_stale", "target_value",
    "target_kind", "target_year", "deadline_stated", "target_comparable", "verdict", "verdict_basis",
    "basis_key", "n_points", "segment", "as_of",
]  # fmt: skip
# The progress columns a headline figure row reads (headline_figures) and those its verdict's basis reads
# (basis_words, deadline_words); tests/metrics check they are every column these functions read.
ROW_INPUTS = ["indicator_code", "geo_level", "geo_code", "latest_period", "latest_value", "latest_qualifier",
              "latest_value_low", "latest_value_high", "unit", "latest_data_status", "latest_source_id",
              "target_source_id", "evidence_date", "target_value", "target_kind", "target_year",
              "target_year_assumed", "target_comparable", "status", "basis", "n_points", "segment"]  # fmt: skip
BASIS_INPUTS = ["basis", "target_kind", "partial_period", "n_points", "first_year", "latest_year",
                "target_year_assumed", "horizon_year", "target_year"]  # fmt: skip
# What a row is: "latest" (an indicator's latest figure, metrics.progress) or one of the network's figures on the
# date asked (NETWORK_FIGURES: counts from the facility register, coverage and reach; the DOST page's and the
# deck's own functions).
LATEST = "latest"
NETWORK_FIGURES = ("open", "with_pipeline", "pipeline_stale", "pipeline_not_on_latest_list", "open_regional_only",
                   "with_pipeline_regional_only")  # fmt: skip
COVERAGE_FIGURES = ("district_share", "population_share", "pop_weighted_distance_km", "population_within_km")
COVERAGE_CODE = "dost_coverage"  # the figures of DOST coverage: no indicator of the catalogue, named apart
REACH_KM = 30  # the radius of "population within reach" (the DOST page's first tile)


def deadline_words(row: Mapping, lang: str) -> str:
    """The target's deadline as words: its year, or the horizon it is judged against when none was stated."""
    if row.get("target_year_assumed") and not pd.isna(row.get("horizon_year")):
        return translate("metric.no_deadline_horizon", lang, year=format_year(row.get("horizon_year")))
    return format_year(row.get("target_year"))


def basis_words(row: Mapping, lang: str) -> str:
    """How a verdict was reached, in words ('Basis: trend of 5 yearly points (2021–2025) projected to 2026.');
    '' for a row without a verdict (no target, no data)."""
    basis = row.get("basis")
    if not isinstance(basis, str) or basis in ("no_target", "no_data", ""):
        return ""
    kind = row.get("target_kind")
    partial = row.get("partial_period")
    params = {
        "n": format_number(row.get("n_points"), lang),
        "first": format_year(row.get("first_year")),
        "latest": format_year(row.get("latest_year")),
        "target_year": deadline_words(row, lang),
        "period": format_period(str(partial), lang) if isinstance(partial, str) and partial else "–",
        "target_kind": translate(f"metric.target_kind.{kind}", lang) if isinstance(kind, str) and kind else "–",
    }
    return translate(f"metric.verdict_basis.{basis}", lang, **params)


@contracts.output(contracts.KnownByOutput1, contracts.KnownByOutput2)
def known_by(observations: pd.DataFrame, targets: pd.DataFrame, as_of: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observations whose period ended by `as_of` and the targets set by then (undated ones kept)."""
    o = observations[pd.to_datetime(observations["period_end"]) <= pd.Timestamp(as_of)]
    keys = targets["date_set"].map(date_key) if "date_set" in targets.columns else pd.Series("", index=targets.index)
    t = targets[(keys == "") | (keys <= as_of.isoformat())]
    return o, t


def _given(column: pd.Series) -> np.ndarray:
    """Where a column holds a value (not None, NaN, NaT or NA)."""
    return column.notna().to_numpy()


def _or_none(column: pd.Series, keep: np.ndarray) -> list:
    """The column's values where `keep`, None elsewhere."""
    return [v if k else None for v, k in zip(_objects(column), keep, strict=True)]


@contracts.output(contracts.HeadlineFiguresOutput)
def latest_figures(prog: pd.DataFrame, stale: pd.Series, lang: str, as_of: date) -> pd.DataFrame:
    """One headline figure (FIGURE_COLUMNS) per progress row; `stale`: each row's evidence is old (stale_flags).
    Reads only ROW_INPUTS, BASIS_INPUTS and the name in `lang`, column by column (a dict per row cost a second at
    80,000 series). A figure's qualifier, and whether its evidence is stale, only where it has a value and an
    evidence date; a target's kind and whether its deadline was stated only where it has a target."""
    names, codes = prog[f"name_{lang}"], prog["indicator_code"]
    named = names.fillna("").astype(str).to_numpy() != ""
    has_value, has_target = _given(prog["latest_value"]), _given(prog["target_value"])
    evidence = pd.to_datetime(prog["evidence_date"])
    has_evidence = _given(evidence)
    days = evidence.dt.strftime("%Y-%m-%d").astype(object)
    said = ~truthy(prog["target_year_assumed"])
    sources = zip(_objects(prog["latest_source_id"]), _objects(prog["target_source_id"]), strict=True)
    basis = [basis_words(r, lang) for r in _records(prog, BASIS_INPUTS)]
    columns = {
        "indicator_code": _objects(codes).tolist(),
        "figure": [LATEST] * len(prog),
        "indicator": np.where(named, _objects(names), _objects(codes)).tolist(),
        "geo_level": _objects(prog["geo_level"]).tolist(),
        "geo_code": _objects(prog["geo_code"]).tolist(),
        "period": _objects(prog["latest_period"]).tolist(),
        "value": _objects(prog["latest_value"]).tolist(),
        "qualifier": _or_none(prog["latest_qualifier"], has_value),
        "value_low": _objects(prog["latest_value_low"]).tolist(),
        "value_high": _objects(prog["latest_value_high"]).tolist(),
        "unit": _objects(prog["unit"]).tolist(),
        "data_status": _objects(prog["latest_data_status"]).tolist(),
        "source_ids": [";".join(dict.fromkeys(x for x in pair if isinstance(x, str) and x)) for pair in sources],
        "evidence_date": _or_none(days, has_evidence),
        "evidence_stale": _or_none(pd.Series(np.asarray(stale, dtype=bool)), has_evidence),
        "target_value": _objects(prog["target_value"]).tolist(),
        "target_kind": _or_none(prog["target_kind"], has_target),
        "target_year": _objects(prog["target_year"]).tolist(),
        "deadline_stated": _or_none(pd.Series(said), has_target),
        "target_comparable": _objects(prog["target_comparable"]).tolist(),
        "verdict": _objects(prog["status"]).tolist(),
        "verdict_basis": basis,
        "basis_key": _objects(prog["basis"]).tolist(),
        "n_points": _objects(prog["n_points"]).tolist(),
        "segment": _objects(prog["segment"]).tolist(),
        "as_of": [as_of.isoformat()] * len(prog),
    }
    out = pd.DataFrame(columns, columns=FIGURE_COLUMNS)
    out["target_year"] = out["target_year"].astype("Int64")
    return out


def _objects(column: pd.Series) -> np.ndarray:
    """A column's values as to_dict gives them: Python scalars, a nullable integer's or boolean's missing as None."""
    if getattr(column.dtype, "na_value", None) is pd.NA:  # Int64, boolean
        return column.to_numpy(dtype=object, na_value=None)
    return column.to_numpy(dtype=object)


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """The rows of `frame` as dicts of `columns`, the values as DataFrame.to_dict("records")
    gives them, built column by column (to_dict boxes every value one at a time: seconds at 80,000 rows)."""
    names = list(dict.fromkeys(columns))
    frame = frame.reindex(columns=names)  # a column it lacks: missing values (NaN), as to_dict gives them
    values = [_objects(frame[c]) for c in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


@contracts.output(contracts.HeadlineFiguresOutput)
def headline_figures(
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    observations: pd.DataFrame,
    as_of: date,
    lang: str = "az",
    geo_level: str | None = None,
) -> pd.DataFrame:
    """Every headline figure known by `as_of`, one row per indicator and geography (FIGURE_COLUMNS).

    The figures are metrics.progress's (the pages' own), restricted to what was known by `as_of`; words in `lang`.
    """
    lang = normalise_language(lang)
    o, t = known_by(observations, targets, as_of)
    prog = progress(indicators, t, o, geo_level=geo_level)
    stale = stale_flags(prog["evidence_date"], as_of)
    return latest_figures(prog[[*dict.fromkeys([*ROW_INPUTS, *BASIS_INPUTS, f"name_{lang}"])]], stale, lang, as_of)


def _register_rows(facilities: pd.DataFrame, facility_status: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Each DOST facility's latest status row certain by `as_of` (facility_code, status, source_id, data_status)."""
    dost = set(facilities.loc[facilities["network"] == "dost", "code"])
    fs = with_date_latest(facility_status[facility_status["facility_code"].isin(dost)])
    fs = fs[fs["date_latest"] <= pd.Timestamp(as_of)].sort_values(["date_latest", "status_day"], kind="stable")
    return fs.drop_duplicates("facility_code", keep="last")


def _least_certain(statuses: pd.Series) -> str | None:
    """The least certain data status among some rows (demonstration < reported < official); None for none."""
    known = [x for x in statuses.dropna().unique() if x in STATUS_PRIORITY]
    return min(known, key=STATUS_PRIORITY.get) if known else None


def _ids(values: pd.Series | list) -> str:
    """Source ids joined with ';' (sorted, each once)."""
    return ";".join(sorted({x for x in values if isinstance(x, str) and x}))


def share_words(value: float, target: float, year: object, kind: object, lang: str) -> str:
    """'Basis: 13 of the target of 14 by 2030 (93 %), 1 to go; a count from the facility register.'"""
    share = value / target * 100 if target else float("nan")
    return translate(
        "figures.basis.share_of_target", lang, value=format_number(value, lang), target=format_number(target, lang),
        year=format_year(year) if not pd.isna(year) else translate("figures.basis.no_deadline", lang),
        share=format_number(share, lang, 0), gap=format_number(max(target - value, 0), lang),
        kind=translate(f"metric.target_kind.{kind}", lang) if isinstance(kind, str) and kind else "–",
    )  # fmt: skip


@contracts.output(contracts.NetworkFiguresOutput)
def network_figures(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    targets: pd.DataFrame,
    totals: pd.DataFrame,
    as_of: date,
    lang: str = "az",
    indicators: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The DOST network's figures on `as_of` (FIGURE_COLUMNS, one row per indicator and NETWORK_FIGURES): open,
    with the pipeline that still counts, the pipeline items set apart (stale, not on the latest official list),
    and the centres under both readings of the 2030 target, from metrics.network.network_progress and
    metrics.access.target_readings (the DOST page's and the deck's functions). No verdict: a count against the
    target, whose share and gap the basis states in words."""
    from metrics.access import target_readings
    from metrics.network import network_progress

    lang = normalise_language(lang)
    prog = network_progress(facilities, facility_status, targets, as_of, totals=totals)
    readings = target_readings(facilities, facility_status, targets, as_of, totals=totals).set_index("reading")
    current = choose_targets(targets[targets["geo_level"] == "country"]).set_index("indicator_code")
    latest = _register_rows(facilities, facility_status, as_of)
    state = status_with_pipeline(facility_status, as_of, facilities=facilities, totals=totals)
    kinds = facilities.set_index("code")["facility_type"]
    latest = latest.assign(
        facility_type=latest["facility_code"].map(kinds),
        counted=latest["facility_code"].map(state.set_index("facility_code")["counted_open"]).fillna(False),
        is_open=latest["status"].eq("open"),
        pipeline_state=latest["facility_code"].map(state.set_index("facility_code")["pipeline_state"]),
    )
    evidence = network_evidence_day(facilities, facility_status, as_of)
    names = {} if indicators is None else dict(zip(indicators["code"], indicators[f"name_{lang}"], strict=True))
    rows = []
    for r in prog.to_dict("records"):
        code = r["indicator_code"]
        types = tuple(str(r["facility_types"]).split(", "))
        mine = latest[latest["facility_type"].isin(types)]
        t = current.loc[code] if code in current.index else None
        values = {
            "open": (r["open"], mine[mine["is_open"]]),
            "with_pipeline": (r["with_pipeline"], mine[mine["counted"].astype(bool)]),
            "pipeline_stale": (r["pipeline_stale"], mine[mine["pipeline_state"].eq("stale")]),
            "pipeline_not_on_latest_list": (
                r["pipeline_not_on_list"],
                mine[mine["pipeline_state"].eq("not_on_latest_list")],
            ),
        }
        if code == "dost_centres_open" and "regional_only" in readings.index:
            reg = latest[latest["facility_type"].eq("regional_centre")]
            values["open_regional_only"] = (readings.at["regional_only", "open"], reg[reg["is_open"]])
            values["with_pipeline_regional_only"] = (
                readings.at["regional_only", "with_pipeline"],
                reg[reg["counted"].astype(bool)],
            )
        for figure, (value, counted) in values.items():
            compared = figure in ("open", "with_pipeline", "open_regional_only", "with_pipeline_regional_only")
            has_target = t is not None and not pd.isna(r["target_value"]) and compared
            kind = t.get("target_kind") if t is not None else None
            rows.append({
                "indicator_code": code, "figure": figure,
                "indicator": translate(f"figures.figure.{figure}", lang, name=names.get(code, code)),
                "geo_level": "country", "geo_code": "AZ", "period": as_of.isoformat(), "value": float(value),
                "qualifier": "exact", "value_low": None, "value_high": None, "unit": "facilities",
                "data_status": _least_certain(counted["data_status"]) or _least_certain(mine["data_status"]),
                "source_ids": _ids(counted["source_id"]),
                "evidence_date": evidence.date().isoformat() if not pd.isna(evidence) else None,
                "evidence_stale": is_stale(evidence, as_of) if not pd.isna(evidence) else None,
                "target_value": r["target_value"] if has_target else None,
                "target_kind": kind if has_target else None,
                "target_year": r["target_year"] if has_target else None,
                "deadline_stated": bool(t.get("target_deadline_stated", not pd.isna(r["target_year"])))
                if has_target else None,
                "target_comparable": True if has_target else None,
                "verdict": None,
                "verdict_basis": share_words(float(value), float(r["target_value"]), r["target_year"], kind, lang)
                if has_target else "",
                "basis_key": "share_of_target" if has_target else "no_target",
                "n_points": None, "segment": "", "as_of": as_of.isoformat(),
            })  # fmt: skip
    out = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    out["target_year"] = out["target_year"].astype("Int64")
    return out


@contracts.output(contracts.CoverageFiguresOutput)
def coverage_figures(
    coverage: pd.DataFrame,
    reach: pd.DataFrame,
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    districts: pd.DataFrame,
    as_of: date,
    lang: str = "az",
    radius_km: int = REACH_KM,
) -> pd.DataFrame:
    """DOST coverage on `as_of` as figures (FIGURE_COLUMNS, indicator_code COVERAGE_CODE), for the open network and
    with the pipeline: the share of districts and of population served and the population-weighted distance
    (metrics.dost.coverage_summary of `coverage`, coverage_scenarios), nationally and per economic region, and the
    population within `radius_km` of an office (metrics.access.access_scenarios: `reach`), nationally, per region
    and per group: the DOST page's tiles and panels. No target is stated for coverage: no verdict."""
    from metrics.dost import coverage_summary

    lang = normalise_language(lang)
    summary = coverage_summary(coverage)
    latest = _register_rows(facilities, facility_status, as_of)
    evidence = network_evidence_day(facilities, facility_status, as_of)
    population_ids = list(districts.get("population_source_id", pd.Series(dtype=object)).dropna())
    counted = status_with_pipeline(facility_status, as_of).set_index("facility_code")["counted_open"]
    is_open, with_pipe = latest["status"].eq("open"), latest["facility_code"].map(counted).fillna(False).astype(bool)
    sources = {  # the register rows of the facilities each scenario counts, and the population's sources
        "open": _ids(list(latest.loc[is_open, "source_id"]) + population_ids),
        "with_pipeline": _ids(list(latest.loc[is_open | with_pipe, "source_id"]) + population_ids),
    }
    base = {
        "qualifier": "exact", "value_low": None, "value_high": None,
        "data_status": _least_certain(latest["data_status"]), "source_ids": "",
        "evidence_date": evidence.date().isoformat() if not pd.isna(evidence) else None,
        "evidence_stale": is_stale(evidence, as_of) if not pd.isna(evidence) else None,
        "target_value": None, "target_kind": None, "target_year": None, "deadline_stated": None,
        "target_comparable": None, "verdict": None, "verdict_basis": "", "basis_key": "no_target", "n_points": None,
        "segment": "", "as_of": as_of.isoformat(), "indicator_code": COVERAGE_CODE, "period": as_of.isoformat(),
    }  # fmt: skip
    rows = []

    def add(figure: str, scenario: str, level: str, code: str, value: object, unit: str) -> None:
        name = figure if scenario == "open" else f"{figure}_with_pipeline"
        label = translate(f"figures.figure.{figure}", lang, km=radius_km)
        if scenario != "open":
            label = translate("figures.figure.with_pipeline_of", lang, figure=label)
        rows.append({**base, "figure": name, "indicator": label, "geo_level": level, "geo_code": code,
                     "value": None if pd.isna(value) else float(value), "unit": unit,
                     "source_ids": sources.get(scenario, "")})  # fmt: skip

    for r in summary[summary["geo_level"].isin(["country", "region"])].to_dict("records"):
        for figure, unit in (("district_share", "percent"), ("population_share", "percent"),
                             ("pop_weighted_distance_km", "km")):  # fmt: skip
            add(figure, r["scenario"], r["geo_level"], r["geo_code"], r[figure], unit)
    column = f"office_share_{radius_km}"
    for r in reach[reach["geo_level"].isin(["country", "region", "group"])].to_dict("records"):
        add("population_within_km", r["scenario"], r["geo_level"], r["geo_code"], r[column], "percent")
    out = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    out["target_year"] = out["target_year"].astype("Int64")
    return out


@contracts.output(contracts.LoadOutput1, contracts.LoadOutput2, contracts.LoadOutput3)
def load(
    engine: object, statuses: Sequence[str], as_of: date, regions: Sequence[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(indicators, targets, observations of `statuses` within the region scope `regions`) from the database: the
    observations that decide the figures known by `as_of` (data.queries.deciding_observations: headline_figures
    gives the same from them as from every row); network indicators without a published national figure counted
    from the (whole) facility register up to `as_of` (as on the pages and slides): national counts, never a
    district's row."""
    from data import queries

    obs = queries.deciding_observations(engine, statuses, as_of, regions)
    fstatus = queries.facility_status(engine, statuses=statuses)
    obs = with_register_counts(obs, queries.facilities(engine), fstatus, as_of)
    return queries.indicators(engine), queries.targets(engine), obs


@contracts.output(contracts.LoadNetworkOutput)
def load_network(engine: object, statuses: Sequence[str], as_of: date, lang: str) -> pd.DataFrame:
    """The network's and coverage's figures on `as_of` (network_figures, coverage_figures) from the database, with
    the inputs the DOST page uses (the whole register, data.geo's population and places)."""
    from data import geo, queries
    from metrics.access import Where, access_scenarios
    from metrics.dost import coverage_scenarios

    fac, fs = queries.facilities(engine), queries.facility_status(engine, statuses=statuses)
    tg, totals, d = queries.targets(engine), queries.network_totals(engine), queries.districts(engine)
    catchment, centroids = queries.facility_catchment(engine), geo.centroids()
    where = Where(geo.population_points(), geo.settlements(), geo.settlement_names())
    cov = coverage_scenarios(fac, fs, catchment, d, as_of.isoformat(), centroids=centroids, totals=totals, where=where)
    reach = access_scenarios(fac, fs, catchment, d, as_of, where, centroids, geo.population_groups(), totals=totals)
    return pd.concat(
        [network_figures(fac, fs, tg, totals, as_of, lang, queries.indicators(engine)),
         coverage_figures(cov, reach, fac, fs, d, as_of, lang)],
        ignore_index=True,
    )  # fmt: skip


@contracts.output(contracts.WithinScopeOutput)
def within_scope(figures: pd.DataFrame, regions: Sequence[str] | None, districts: pd.DataFrame) -> pd.DataFrame:
    """The rows a region scope may see: national and group rows, and region/district rows of its regions."""
    if regions is None:
        return figures
    mine = set(regions) | set(districts.loc[districts["economic_region_code"].isin(regions), "code"])
    keep = figures["geo_level"].isin(["country", "group"]) | figures["geo_code"].isin(mine)
    return figures[keep.to_numpy(bool)].reset_index(drop=True)


def scope_of(engine: object, who: str) -> tuple[str, ...] | None:
    """The region scope of the user named by subject or e-mail (data.users); UserError when unknown or roleless."""
    from data import users
    from data.errors import UserError

    access = users.access(engine, users.find(engine, who))
    if not access.roles:
        raise UserError(f"user {who!r} holds no role", who=who)
    return access.regions


def command_actor(engine: object, who: str | None) -> object:
    """The audit actor of a run: the named user (subject and name, when known) from the command line, else the OS
    account."""
    from data import audit, users
    from data.errors import UserError

    if not who:
        return audit.command_line_actor()
    try:
        subject = users.find(engine, who)
    except UserError:
        return audit.command_line_actor(name=f"--as-user {who}")
    return audit.command_line_actor(subject=subject, name=users.label(engine, subject))


def render(figures: pd.DataFrame, fmt: str) -> str:
    """The table as JSON (a list of objects, missing values null) or CSV."""
    if fmt == "csv":
        return figures.to_csv(index=False)
    records = json.loads(figures.to_json(orient="records", force_ascii=False))
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def parser() -> argparse.ArgumentParser:
    """The command's arguments."""
    p = argparse.ArgumentParser(prog="python -m metrics.figures", description=__doc__.splitlines()[0])
    p.add_argument("--as-of", required=True, type=date.fromisoformat, help="the date the figures are for")
    p.add_argument("--lang", choices=LANGUAGES, default="az", help="language of names and verdict bases")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--no-demo", action="store_true", help="leave out demonstration values")
    p.add_argument("--level", choices=("country", "region", "district"), default=None, help="one geography level")
    p.add_argument("--as-user", metavar="WHO", help="only what this user (subject or e-mail) may see")
    return p


def _reason(error: BaseException) -> str:
    """The driver's own one-line reason of a database error ('no such table: indicators')."""
    root = error.__cause__ if isinstance(error, pd.errors.DatabaseError) and error.__cause__ else error
    return str(getattr(root, "orig", None) or root).splitlines()[0]


def not_built(engine: Engine) -> str | None:
    """Why the database cannot give figures ('no schema', 'schema X, expected Y'), or None when it is built."""
    from data.db import head_revision, schema_revision

    revision = schema_revision(engine)
    if revision is None:
        return "no schema"
    if revision != head_revision():
        return f"schema {revision}, expected {head_revision()}"
    return None


TARGET = "metrics.figures"  # the audit trail's target of the command's data exports


def main(argv: Sequence[str] | None = None) -> int:
    """Print every headline figure (see the module's docstring); 0 on success, 1 (a message, no traceback) when
    the database is not built or cannot be read."""
    args = parser().parse_args(argv)
    from data.db import make_engine

    statuses = tuple(s for s in STATUSES if not (args.no_demo and s == DEMO))
    from data import audit
    from data.errors import UserError

    try:
        engine = make_engine()
    except (SQLAlchemyError, ValueError, ImportError) as e:  # a malformed DATABASE_URL, a missing driver
        sys.stderr.write(translate("figures.cli.unreadable", args.lang, detail=_reason(e)) + "\n")
        return 1
    try:
        problem = not_built(engine)
        if problem:
            sys.stderr.write(translate("figures.cli.not_built", args.lang, detail=problem) + "\n")
            return 1
        who = command_actor(engine, args.as_user)
        detail = {"as_of": args.as_of.isoformat(), "format": args.format, "level": args.level, "demo": not args.no_demo}
        try:
            regions = scope_of(engine, args.as_user) if args.as_user else None
        except UserError as e:
            audit.record(engine, who, "data_export", outcome="denied", target=TARGET, detail={**detail, "why": str(e)})
            raise
        ind, tg, obs = load(engine, statuses, args.as_of, regions)
        from data import queries

        network = within_scope(load_network(engine, statuses, args.as_of, args.lang), regions,
                               queries.districts(engine))  # fmt: skip
        figures = headline_figures(ind, tg, obs, args.as_of, args.lang, args.level)
        if args.level is not None:
            network = network[network["geo_level"] == args.level]
        figures = pd.concat([figures, network], ignore_index=True) if len(network) else figures
        scope = None if regions is None else list(regions)
        audit.record(
            engine, who, "data_export", target=TARGET, detail={**detail, "rows": len(figures), "regions": scope}
        )
    except UserError as e:
        sys.stderr.write(f"error: {e}\n")
        return 2
    except (SQLAlchemyError, pd.errors.DatabaseError) as e:  # unreachable server, a table missing (damaged)
        sys.stderr.write(translate("figures.cli.unreadable", args.lang, detail=_reason(e)) + "\n")
        return 1
    finally:
        engine.dispose()
    sys.stdout.write(render(figures, args.format))
    sys.stderr.write(f"{len(figures)} figures; evidence older than {evidence_stale_months()} months is stale\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
