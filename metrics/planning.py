"""Where to open the next DOST branches: maximal covering (MCLP, a HiGHS model) and p-median (spopt), solved by HiGHS.

Given the offices open on a date (optionally with the pipeline counted as built), choose N new branch sites from
candidate settlements so that the most people live within X km of an office (MCLP), or, as the second objective,
so that the population-weighted distance to the nearest office is least (p-median). Distances never cross the
border (metrics.access: Nakhchivan is served only from Nakhchivan). The analyst can fix sites (already decided,
counted among the N) and exclude candidates.

Command: python -m metrics.planning --branches N --radius-km X [--as-of DATE] [--with-pipeline]
         [--fix CODES] [--exclude CODES] [--objective mclp|pmedian] [--curve 64] --format json|csv
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from metrics import contracts
from metrics.access import DEFAULT_RADIUS_KM, OFFICE_TYPES, side_of

MAX_BRANCHES = 64  # the 2030 target: 64 branches
TIME_LIMIT_S = 60.0
PMEDIAN_CELL_M = 20000.0  # p-median demand is aggregated to cells of this size (per side of the border)


class PlanningError(ValueError):
    """The planning question cannot be answered as asked (unknown code, too many fixed sites, ...)."""


@dataclass(frozen=True)
class Instance:
    """One planning question: demand (population points not yet within the radius), candidates, distances."""

    demand: pd.DataFrame  # x, y, side, population (only the population the open network leaves uncovered)
    candidates: pd.DataFrame  # settlement_code, name, district_code, x, y, side
    distance_km: np.ndarray  # demand x candidates, inf across the border
    radius_km: float
    covered_before: float  # population already within the radius of an open office
    population: float  # all population
    base_km: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))  # demand -> nearest open office


def distance_matrix(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    """Straight-line km between every row of `a` and of `b` (x, y in metres, side); inf across the border."""
    d = np.hypot(a["x"].to_numpy(float)[:, None] - b["x"].to_numpy(float)[None, :],
                 a["y"].to_numpy(float)[:, None] - b["y"].to_numpy(float)[None, :]) / 1000.0  # fmt: skip
    same = a["side"].to_numpy()[:, None] == b["side"].to_numpy()[None, :]
    return np.where(same, d, np.inf)


def nearest_km(points: pd.DataFrame, sites: pd.DataFrame) -> np.ndarray:
    """Distance from every point to its nearest site on its side of the border (inf when none)."""
    if len(sites) == 0:
        return np.full(len(points), np.inf)
    out = np.full(len(points), np.inf)
    for lo in range(0, len(points), 2048):
        out[lo : lo + 2048] = distance_matrix(points.iloc[lo : lo + 2048], sites).min(axis=1)
    return out


@contracts.output(contracts.CandidatesFromOutput)
def candidates_from(settlements: pd.DataFrame, districts: pd.DataFrame, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Candidate sites: every settlement of the list, less the excluded codes (unknown codes are an error)."""
    unknown = sorted(set(exclude) - set(settlements["settlement_code"]))
    if unknown:
        raise PlanningError(f"unknown settlement code(s) to exclude: {', '.join(unknown)}")
    c = settlements[~settlements["settlement_code"].isin(exclude)].reset_index(drop=True)
    cols = ["settlement_code", "name", "name_az", "district_code", "x", "y", "population_used"]
    return c.reindex(columns=cols).assign(side=side_of(c["district_code"], districts).to_numpy())


def make_instance(
    pop_points: pd.DataFrame, offices: pd.DataFrame, candidates: pd.DataFrame, districts: pd.DataFrame, radius_km: float
) -> Instance:
    """The demand the open `offices` (x, y, side) leave beyond `radius_km`, and its distances to every candidate."""
    p = pop_points.reset_index(drop=True)
    pts = pd.DataFrame(
        {
            "x": p["x"].astype(float),
            "y": p["y"].astype(float),
            "side": side_of(p["district_code"], districts).to_numpy(),
            "population": p["population"].astype(float),
        }
    )
    base = nearest_km(pts, offices)
    covered = base <= radius_km
    demand = pts[~covered].reset_index(drop=True)
    return Instance(
        demand=demand,
        candidates=candidates.reset_index(drop=True),
        distance_km=distance_matrix(demand, candidates),
        radius_km=float(radius_km),
        covered_before=float(pts.loc[covered, "population"].sum()),
        population=float(pts["population"].sum()),
        base_km=base[~covered],
    )


def _aggregate_coverage(inst: Instance) -> tuple[np.ndarray, np.ndarray]:
    """Demand points with the same set of covering candidates merged (exact for MCLP): (coverage 0/1 matrix of
    the distinct sets, their population); points no candidate covers are dropped."""
    cover = inst.distance_km <= inst.radius_km
    keep = cover.any(axis=1)
    cover, w = cover[keep], inst.demand["population"].to_numpy(float)[keep]
    if len(w) == 0:
        return np.zeros((0, cover.shape[1]), dtype=bool), w
    packed = np.packbits(cover, axis=1)
    _, first, inverse = np.unique(packed, axis=0, return_index=True, return_inverse=True)
    weights = np.bincount(inverse.ravel(), weights=w)
    return cover[first], weights


def _solver(time_limit: float):
    import pulp

    return pulp.HiGHS(msg=False, timeLimit=time_limit)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS prints its banner on the process's standard output even with msg=False: send fd 1 to /dev/null
    while it runs (the command's JSON/CSV must stay clean)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _mclp_highs(cover: np.ndarray, weights: np.ndarray, time_limit: float):
    """The MCLP of the aggregated coverage sets as one HiGHS model (max sum w_i y_i; y_i <= sum of the x_j covering
    i; sum x_j = p, the last row, its bounds set by the caller; binary x, 0 <= y <= 1: at an optimum y_i =
    min(1, sum x_j) is 0 or 1 anyway, exact). Built from the matrix's non-zeros: spopt's PuLP model of the same
    formulation multiplied every candidate into every row and took 1.3-1.4 s to build for 735 sets x 184
    candidates, the solve a fraction of that."""
    import highspy

    m, n = cover.shape
    with _quiet():  # the constructor prints HiGHS's banner
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    cols = n + m
    h.addVars(cols, np.zeros(cols), np.ones(cols))
    h.changeColsCost(cols, np.arange(cols, dtype=np.int32), np.concatenate([np.zeros(n), -weights]))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8))
    counts = cover.sum(axis=1)
    starts = np.concatenate([[0], np.cumsum(counts + 1)[:-1]]).astype(np.int32)
    idx, val = [], []
    for i in range(m):
        js = np.flatnonzero(cover[i])
        idx += [n + i, *js.tolist()]
        val += [1.0, *([-1.0] * len(js))]
    h.addRows(m, np.full(m, -highspy.kHighsInf), np.zeros(m), len(idx), starts, np.array(idx, np.int32), np.array(val))
    h.addRows(1, np.array([1.0]), np.array([1.0]), n, np.array([0], np.int32), np.arange(n, dtype=np.int32), np.ones(n))
    return h


def _solve_for(h, rows: int, n_cand: int, p: int) -> list[int]:
    """Set the count row (`rows`, the last) to p, solve, and return the candidates opened."""
    h.changeRowBounds(rows, float(p), float(p))
    with _quiet():
        h.run()
    x = np.asarray(h.getSolution().col_value[:n_cand])
    return sorted(int(j) for j in np.flatnonzero(x > 0.5))


def solve_mclp(inst: Instance, n: int, fixed: tuple[int, ...] = (), time_limit: float = TIME_LIMIT_S) -> list[int]:
    """Indices of the `n` candidates (including the `fixed` ones) that cover the most uncovered population: the
    MCLP (the formulation of spopt's MCLP) solved by HiGHS, demand points with the same covering candidates merged
    first."""
    n = min(n, len(inst.candidates))
    if n <= 0:
        return []
    cover, weights = _aggregate_coverage(inst)
    if len(weights) == 0:  # nothing left to cover: keep the fixed sites, add none
        return sorted(fixed)
    h = _mclp_highs(cover, weights, time_limit)
    if fixed:  # a fixed site is open: its x is 1
        at = np.array(sorted(set(fixed)), dtype=np.int32)
        h.changeColsBounds(len(at), at, np.ones(len(at)), np.ones(len(at)))
    return _solve_for(h, cover.shape[0], cover.shape[1], n)


def _chosen(model) -> list[int]:
    """Indices of the candidates a solved spopt model opened."""
    return sorted(j for j, v in enumerate(model.fac_vars) if v.value() is not None and v.value() > 0.5)


def solve_pmedian(inst: Instance, n: int, fixed: tuple[int, ...] = (), time_limit: float = TIME_LIMIT_S) -> list[int]:
    """Indices of the `n` candidates (including `fixed`) that minimise the population-weighted distance to the
    nearest office (open ones kept), by spopt's PMedian with HiGHS on demand aggregated to PMEDIAN_CELL_M cells."""
    from spopt.locate import PMedian

    n = min(n, len(inst.candidates))
    if n <= 0 or len(inst.demand) == 0:
        return sorted(fixed)
    d = inst.demand
    cell = pd.DataFrame(
        {
            "cx": np.floor(d["x"] / PMEDIAN_CELL_M),
            "cy": np.floor(d["y"] / PMEDIAN_CELL_M),
            "side": d["side"],
            "wx": d["x"] * d["population"],
            "wy": d["y"] * d["population"],
            "population": d["population"],
            "base": np.minimum(inst.base_km, 1e4) * d["population"],
        }
    )
    g = cell.groupby(["cx", "cy", "side"], sort=False).sum(numeric_only=True).reset_index()
    g = g[g["population"] > 0]
    agg = pd.DataFrame({"x": g["wx"] / g["population"], "y": g["wy"] / g["population"], "side": g["side"]})
    cost = distance_matrix(agg, inst.candidates)
    base = (g["base"] / g["population"]).to_numpy()  # the open network: one column "stay with the nearest office"
    cost = np.column_stack([np.minimum(cost, 1e4), base])
    predefined = np.zeros(cost.shape[1], dtype=int)
    predefined[list(fixed)] = 1
    predefined[-1] = 1
    model = PMedian.from_cost_matrix(cost, g["population"].to_numpy(float), p_facilities=n + 1,
                                     predefined_facilities_arr=predefined)  # fmt: skip
    with _quiet():
        model.solve(_solver(time_limit), results=False)
    return [j for j in _chosen(model) if j < cost.shape[1] - 1]


def covered_by(inst: Instance, chosen: list[int] | np.ndarray) -> float:
    """Population of the instance's demand within the radius of any chosen candidate."""
    if len(chosen) == 0 or len(inst.demand) == 0:
        return 0.0
    hit = (inst.distance_km[:, list(chosen)] <= inst.radius_km).any(axis=1)
    return float(inst.demand["population"].to_numpy(float)[hit].sum())


@contracts.output(contracts.ContributionsOutput)
def contributions(inst: Instance, chosen: list[int]) -> pd.DataFrame:
    """The chosen sites in the order of what each adds to those before it (largest first), with that population.
    Columns: order, candidate (index), added_population, cumulative_population (incl. the open network)."""
    w = inst.demand["population"].to_numpy(float)
    cover = inst.distance_km[:, chosen] <= inst.radius_km if chosen else np.zeros((len(w), 0), dtype=bool)
    taken = np.zeros(len(w), dtype=bool)
    left, rows, total = list(range(len(chosen))), [], inst.covered_before
    while left:
        gains = [float(w[cover[:, k] & ~taken].sum()) for k in left]
        k = left[int(np.argmax(gains))]
        taken |= cover[:, k]
        total += max(gains)
        rows.append((len(rows) + 1, chosen[k], max(gains), total))
        left.remove(k)
    return pd.DataFrame(rows, columns=["order", "candidate", "added_population", "cumulative_population"])


@contracts.output(contracts.CoverageCurveOutput)
def coverage_curve(inst: Instance, max_n: int = MAX_BRANCHES, time_limit: float = TIME_LIMIT_S) -> pd.DataFrame:
    """Population within the radius against the number of new branches, 0..max_n, each point an optimal solve of
    the same MCLP (one HiGHS model, `_mclp_highs`; only the "p facilities" row changes between solves, so 64 optimal
    points cost about one model). Columns: branches, population_covered,
    share_covered."""
    rows = [(0, inst.covered_before)]
    top = min(max_n, len(inst.candidates))
    cover, weights = _aggregate_coverage(inst)
    if top > 0 and len(weights):
        for n, chosen in enumerate(_mclp_sequence(cover, weights, top, time_limit), start=1):
            rows.append((n, inst.covered_before + covered_by(inst, chosen)))
    rows += [(n, rows[-1][1]) for n in range(len(rows), top + 1)]
    out = pd.DataFrame(rows, columns=["branches", "population_covered"])
    out["share_covered"] = out["population_covered"] / inst.population * 100 if inst.population else np.nan
    return out


def _mclp_sequence(cover: np.ndarray, weights: np.ndarray, top: int, time_limit: float) -> Iterator[list[int]]:
    """The optimal sites for p = 1..top of the MCLP, one HiGHS model (`_mclp_highs`) whose count row's bounds change
    between solves."""
    h = _mclp_highs(cover, weights, time_limit)
    for p in range(1, top + 1):
        yield _solve_for(h, cover.shape[0], cover.shape[1], p)


@contracts.output(contracts.CurveForOutput)
def curve_for(
    pop_points: pd.DataFrame,
    placed: pd.DataFrame,
    settlements: pd.DataFrame,
    districts: pd.DataFrame,
    radius_km: float = DEFAULT_RADIUS_KM,
    exclude: tuple[str, ...] = (),
    max_n: int = MAX_BRANCHES,
) -> pd.DataFrame:
    """coverage_curve for the offices in `placed` (centres and branches) and every candidate not excluded."""
    offices = placed[placed["facility_type"].isin(OFFICE_TYPES).to_numpy()]
    inst = make_instance(pop_points, offices, candidates_from(settlements, districts, exclude), districts, radius_km)
    return coverage_curve(inst, max_n)


@contracts.output(contracts.PipelineSitesOutput)
def pipeline_sites(open_offices: pd.DataFrame, with_pipeline: pd.DataFrame) -> pd.DataFrame:
    """The offices the pipeline adds to the open network (x, y, side, facility_code)."""
    return with_pipeline[~with_pipeline["facility_code"].isin(open_offices["facility_code"])].reset_index(drop=True)


def pipeline_versus_optimum(inst: Instance, added: pd.DataFrame, time_limit: float = TIME_LIMIT_S) -> dict:
    """What the announced pipeline's new offices add within the radius against the optimum with as many new
    sites. Keys: sites, pipeline_added, optimum_added, share_of_optimum (%)."""
    k = len(added)
    if k == 0:
        return {"sites": 0, "pipeline_added": 0.0, "optimum_added": 0.0, "share_of_optimum": np.nan}
    d = inst.demand
    hit = nearest_km(d, added) <= inst.radius_km
    got = float(d["population"].to_numpy(float)[hit].sum())
    best = covered_by(inst, solve_mclp(inst, k, time_limit=time_limit))
    return {
        "sites": k,
        "pipeline_added": got,
        "optimum_added": best,
        "share_of_optimum": got / best * 100 if best > 0 else np.nan,
    }


@dataclass
class Plan:
    """A planning answer: the chosen sites, the curve, the pipeline comparison and the question asked."""

    sites: pd.DataFrame
    curve: pd.DataFrame
    pipeline: dict
    summary: dict


def plan(
    pop_points: pd.DataFrame,
    placed: pd.DataFrame,
    settlements: pd.DataFrame,
    districts: pd.DataFrame,
    branches: int,
    radius_km: float = DEFAULT_RADIUS_KM,
    fix: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    objective: str = "mclp",
    pipeline_added: pd.DataFrame | None = None,
    curve_max: int = MAX_BRANCHES,
    time_limit: float = TIME_LIMIT_S,
) -> Plan:
    """Choose `branches` new sites (the `fix`ed ones among them) for the offices in `placed` (from
    metrics.access.place_facilities; only centres and branches count). `pipeline_added` (placed offices the
    pipeline would add) gives the pipeline-versus-optimum comparison; `curve_max` 0 skips the curve."""
    if objective not in ("mclp", "pmedian"):
        raise PlanningError(f"unknown objective {objective!r} (mclp or pmedian)")
    if branches < 0 or branches > MAX_BRANCHES:
        raise PlanningError(f"branches must be between 0 and {MAX_BRANCHES}, not {branches}")
    if radius_km <= 0:
        raise PlanningError(f"radius must be positive, not {radius_km}")
    both = sorted(set(fix) & set(exclude))
    if both:
        raise PlanningError(f"code(s) both fixed and excluded: {', '.join(both)}")
    cands = candidates_from(settlements, districts, exclude)
    unknown = sorted(set(fix) - set(cands["settlement_code"]))
    if unknown:
        raise PlanningError(f"unknown settlement code(s) to fix: {', '.join(unknown)}")
    if len(set(fix)) > branches:
        raise PlanningError(f"{len(set(fix))} fixed sites do not fit in {branches} branches")
    offices = placed[placed["facility_type"].isin(OFFICE_TYPES).to_numpy()]
    inst = make_instance(pop_points, offices, cands, districts, radius_km)
    fixed = tuple(int(i) for i in np.flatnonzero(cands["settlement_code"].isin(fix).to_numpy()))
    started = time.perf_counter()
    solve = solve_mclp if objective == "mclp" else solve_pmedian
    chosen = solve(inst, branches, fixed, time_limit)
    solve_s = time.perf_counter() - started
    contrib = contributions(inst, chosen)
    c = inst.candidates.iloc[contrib["candidate"].to_numpy()].reset_index(drop=True)
    near = nearest_km(inst.demand, inst.candidates.iloc[chosen]) if chosen else np.full(len(inst.demand), np.inf)
    pop_all = inst.population
    sites = pd.DataFrame(
        {
            "order": contrib["order"].to_numpy(),
            "settlement_code": c["settlement_code"],
            "name": c["name"],
            "name_az": c["name_az"],
            "district_code": c["district_code"],
            "lon": c["settlement_code"].map(settlements.set_index("settlement_code")["lon"]),
            "lat": c["settlement_code"].map(settlements.set_index("settlement_code")["lat"]),
            "fixed": c["settlement_code"].isin(fix).to_numpy(),
            "added_population": contrib["added_population"].to_numpy(),
            "cumulative_population": contrib["cumulative_population"].to_numpy(),
        }
    )
    dist_after = np.minimum(inst.base_km, near)
    w = inst.demand["population"].to_numpy(float)
    reach = np.isfinite(dist_after)
    summary = {
        "objective": objective,
        "branches": branches,
        "radius_km": radius_km,
        "fixed": list(fix),
        "excluded": list(exclude),
        "candidates": len(cands),
        "population": pop_all,
        "covered_before": inst.covered_before,
        "covered_after": inst.covered_before + covered_by(inst, chosen),
        "share_before": inst.covered_before / pop_all * 100 if pop_all else np.nan,
        "share_after": (inst.covered_before + covered_by(inst, chosen)) / pop_all * 100 if pop_all else np.nan,
        "uncovered_mean_km_after": float(np.sum(w[reach] * dist_after[reach]) / np.sum(w[reach]))
        if reach.any()
        else np.nan,
        "solve_seconds": solve_s,
    }
    curve = coverage_curve(inst, curve_max, time_limit) if curve_max > 0 else pd.DataFrame()
    versus = pipeline_versus_optimum(inst, pipeline_added, time_limit) if pipeline_added is not None else {}
    return Plan(sites=sites, curve=curve, pipeline=versus, summary=summary)


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(c.strip() for c in (text or "").split(",") if c.strip())


def main(argv: list[str] | None = None) -> int:
    """The analysts' command: solve on the shipped reference data and print JSON or CSV."""
    from data import geo, queries
    from data.db import make_engine
    from data.loader import open_database
    from metrics.access import network_on, place_facilities

    ap = argparse.ArgumentParser(prog="python -m metrics.planning", description=__doc__.split("\n\n")[0])
    ap.add_argument("--branches", type=int, required=True, help="new branch sites to choose (fixed ones included)")
    ap.add_argument("--radius-km", type=float, default=DEFAULT_RADIUS_KM, help="coverage radius in km (default 30)")
    ap.add_argument("--as-of", default=date.today().isoformat(), help="the network open on this date (YYYY-MM-DD)")
    ap.add_argument("--with-pipeline", action="store_true", help="count the announced pipeline as built")
    ap.add_argument("--fix", default="", help="comma-separated settlement codes already decided")
    ap.add_argument("--exclude", default="", help="comma-separated settlement codes not to consider")
    ap.add_argument("--objective", choices=("mclp", "pmedian"), default="mclp")
    ap.add_argument(
        "--curve", type=int, default=0,
        help=f"also the curve of population covered for 0..N new branches (N optimal solves; {MAX_BRANCHES} for the "
        "full curve the page shows; default 0: none, so the command's time is the solve's)",
    )  # fmt: skip
    ap.add_argument("--format", choices=("json", "csv"), default="json")
    ap.add_argument("--database-url", default="sqlite://", help="default: a fresh in-memory database")
    args = ap.parse_args(argv)
    try:
        on = date.fromisoformat(args.as_of)
    except ValueError:
        print(f"--as-of: {args.as_of!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
        return 2
    engine = make_engine(args.database_url)
    open_database(engine, demo=False)  # builds only a fresh database: never reloads a built one
    fac, status, districts = queries.facilities(engine), queries.facility_status(engine), queries.districts(engine)
    where = (geo.settlements(), geo.settlement_names(), geo.centroids(), districts)
    totals = queries.network_totals(engine)
    base = place_facilities(network_on(fac, status, on, args.with_pipeline, totals=totals), *where)
    added = None
    if not args.with_pipeline:
        future = place_facilities(network_on(fac, status, on, True, totals=totals), *where)
        added = pipeline_sites(base, future[future["facility_type"].isin(OFFICE_TYPES).to_numpy()])
        added = added[added["facility_type"].isin(OFFICE_TYPES).to_numpy()]
    try:
        result = plan(geo.population_points(), base, geo.settlements(), districts, args.branches, args.radius_km,
                      _codes(args.fix), _codes(args.exclude), args.objective, added, args.curve)  # fmt: skip
    except PlanningError as e:
        print(str(e), file=sys.stderr)
        return 2
    result.summary["as_of"] = on.isoformat()
    result.summary["with_pipeline"] = args.with_pipeline
    if args.format == "csv":
        result.sites.to_csv(sys.stdout, index=False)
    else:
        payload = {
            "summary": result.summary,
            "sites": result.sites.to_dict("records"),
            "curve": result.curve.to_dict("records"),
            "pipeline_versus_optimum": result.pipeline,
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1, default=_plain)
        print()
    return 0


def _plain(value: object) -> object:
    """JSON for numpy scalars (NaN as null)."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return str(value)


if __name__ == "__main__":
    raise SystemExit(main())
