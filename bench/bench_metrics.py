"""Benchmark: every metric behind each page, on the reference database and on >= 1,000,000 synthetic rows.

Run: .venv/bin/python bench/bench_metrics.py [--rows 1000000] [--repeat 5] [--skip-reference]
Budgets: every page's metrics within 200 ms at the reference volume and 2 s at 1,000,000 observations.
A script, not a test: it prints the timings (and exits 1 when a budget is exceeded).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from figures import sentences  # noqa: E402
from metrics import children, dost, network, progress, quality, registry, rehabilitation  # noqa: E402

ON_DATE = "2026-01-31"
BUDGET_REFERENCE_S = 0.200
BUDGET_LARGE_S = 2.0


def pages(f: dict[str, pd.DataFrame]) -> dict[str, Callable[[], object]]:
    """Each page's metric calls (what one page view needs), as zero-argument functions."""
    ind, tg, obs, dist = f["indicators"], f["targets"], f["observations"], f["districts"]
    fac, fs, fc = f["facilities"], f["facility_status"], f["facility_catchment"]
    er, cen = f["economic_regions"], f["centroids"]

    def overview():
        registry.build_registry(ind, tg, obs)
        return sentences.add_sentences(progress.progress(ind, tg, obs))

    def children_page():
        children.children_stock(obs, dist, f.get("child_population"), ind)
        return children.children_flows(obs, tg, ind)

    def rehab_page():
        rehabilitation.throughput(obs, tg, ind)
        rehabilitation.care_split(obs, ind)
        rehabilitation.aids_issued(obs, ind)
        return rehabilitation.capacity_by_region(fac, fs, dist, er, ON_DATE)

    def dost_page():
        cov = dost.coverage_scenarios(fac, fs, fc, dist, ON_DATE, cen)
        dost.coverage_summary(cov)
        dost.open_by_type(fac, dost.status_on(fs, ON_DATE))
        network.target_history(tg)
        return network.network_progress(fac, fs, tg, ON_DATE)

    def quality_page():
        return sentences.add_messages(quality.quality_report(obs, ind, dist), ind, dist, er)

    def every_indicator_every_geography():
        return progress.progress(ind, tg, obs, geo_level=None)

    return {
        "overview (registry + progress, country, sentences)": overview,
        "children (stock all levels + flows)": children_page,
        "rehabilitation (throughput, split, aids, capacity)": rehab_page,
        "dost coverage (2 scenarios, distances, network)": dost_page,
        "data quality (all rules, messages)": quality_page,
        "progress: every indicator x every geography": every_indicator_every_geography,
    }


def run(label: str, frames: dict[str, pd.DataFrame], budget: float, repeat: int) -> bool:
    """Time every page; print min/median; return whether all are within budget."""
    print(f"\n== {label}: {len(frames['observations']):,} observations, budget {budget * 1000:.0f} ms per page")
    ok = True
    for name, fn in pages(frames).items():
        fn()  # warm-up (imports, caches)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        best, med = min(times), statistics.median(times)
        within = med <= budget
        ok &= within
        print(f"  {name:<52} median {med * 1000:8.1f} ms   min {best * 1000:8.1f} ms   {'ok' if within else 'OVER'}")
    return ok


def reference_frames() -> dict[str, pd.DataFrame] | None:
    """The reference database built in a temp dir (with demonstration data), or None with a message."""
    try:
        from data import queries
        from data.db import make_engine
        from data.loader import build_database
    except ImportError as e:
        print(f"reference database: skipped, the data layer is not importable yet ({e})")
        return None
    tmp = tempfile.mkdtemp(prefix="bench_metrics_")
    try:
        engine = make_engine(f"sqlite:///{tmp}/bench.sqlite3")
        build_database(engine, demo=True)
        names = ["indicators", "targets", "observations", "districts", "economic_regions", "facilities",
                 "facility_status", "facility_catchment"]  # fmt: skip
        frames = {n: getattr(queries, n)(engine) for n in names}
    except Exception as e:  # noqa: BLE001 - the bench reports and goes on with the synthetic volume
        print(f"reference database: skipped, it could not be built ({type(e).__name__}: {e})")
        return None
    try:
        from data.geo import centroids

        frames["centroids"] = centroids()
    except Exception as e:  # noqa: BLE001
        print(f"centroids: unavailable ({type(e).__name__}: {e}); distances are skipped")
        frames["centroids"] = None
    return frames


def _observations(rng, codes, kinds, geos, districts, years, per_text, per_start, per_end, per_type) -> pd.DataFrame:
    """Consistent synthetic observations: months add up to years, districts to regions and the country,
    inpatient + outpatient stay below those served; a handful of planted problems for the quality rules."""
    n_ind, n_years, n_d = len(codes), len(years), len(districts)
    pop = districts["population"].to_numpy(float)
    per_person = rng.lognormal(-6, 0.3, size=(n_ind, 1, 1)) * rng.lognormal(0, 0.15, size=(n_ind, n_d, 1))
    monthly = per_person * pop[None, :, None] / 12 * rng.lognormal(0, 0.05, size=(n_ind, n_d, n_years * 12))
    monthly = np.round(monthly)
    served = codes.index("rehab_persons_served") if "rehab_persons_served" in codes else None
    for part, frac in (("rehab_persons_inpatient", 0.55), ("rehab_persons_outpatient", 0.4)):
        if served is not None and part in codes:
            monthly[codes.index(part)] = np.floor(monthly[served] * frac)
    is_stock = np.array([kinds[c] == "stock" for c in codes])
    by_year = monthly.reshape(n_ind, n_d, n_years, 12)
    yearly = np.where(is_stock[:, None, None], by_year[..., -1], by_year.sum(axis=3))
    district_vals = np.concatenate([yearly, monthly], axis=2)  # (ind, district, periods)
    region_of = districts["economic_region_code"].to_numpy()
    regions = [g[1] for g in geos if g[0] == "region"]
    region_vals = np.stack([district_vals[:, region_of == r, :].sum(axis=1) for r in regions], axis=1)
    country_vals = district_vals.sum(axis=1, keepdims=True)
    values = np.concatenate([country_vals, region_vals, district_vals], axis=1)  # geos order: AZ, regions, districts
    share = np.array([kinds[c] == "share" for c in codes])
    values[share] = np.round(90 + rng.normal(0, 2, size=values[share].shape), 1)
    values[-1, -1, 0] *= 40  # planted outlier: the last district's first year of the last indicator
    n_geo, n_per = len(geos), len(per_text)
    ind_idx = np.repeat(np.arange(n_ind), n_geo * n_per)
    geo_idx = np.tile(np.repeat(np.arange(n_geo), n_per), n_ind)
    per_idx = np.tile(np.arange(n_per), n_ind * n_geo)
    level = np.array([g[0] for g in geos])[geo_idx]
    obs = pd.DataFrame(
        {
            "indicator_code": np.array(codes, dtype=object)[ind_idx],
            "geo_level": level,
            "geo_code": np.array([g[1] for g in geos], dtype=object)[geo_idx],
            "period": per_text[per_idx],
            "period_start": per_start[per_idx],
            "period_end": per_end[per_idx],
            "period_type": per_type[per_idx],
            "value": values.reshape(-1),
            "value_text": None, "value_rule": None,
            "data_status": np.where(level == "district", "demonstration", "reported"),
            "source_id": "src_synthetic", "is_preferred": True, "note": None,
            "source_title": "synthetic", "source_url": None, "source_publisher": "bench", "source_published": "2026",
        }
    )  # fmt: skip
    # planted gaps: the first district has nothing for 2010 in the third indicator; the country misses 2012 of
    # the second
    first = districts["code"].iat[0]
    gap = (obs["indicator_code"] == codes[2]) & (obs["geo_code"] == first) & (obs["period"].str.startswith("2010"))
    gap |= (obs["indicator_code"] == codes[1]) & (obs["geo_level"] == "country") & (obs["period"] == "2012")
    return obs[~gap].reset_index(drop=True)


def _kind(i: int, code: str) -> str:
    """A kind for a synthetic indicator: the real one for the named codes, a mix for the fillers."""
    if code == "children_in_institutions":
        return "stock"
    if code == "dost_satisfaction":
        return "share"
    if not code.startswith("synthetic_"):
        return "count"
    return "stock" if i % 5 == 3 else "share" if i % 7 == 6 else "count"


def _facilities(rng, dcodes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """300 facilities (200 DOST of five types, 100 rehabilitation), their status history and catchments."""
    fac_rows, status_rows, catchment_rows = [], [], []
    types = ["centre", "regional_centre", "branch", "service_point", "inclusive_centre"]
    for i in range(300):
        code, network_name = f"F{i:03d}", "dost" if i < 200 else "rehabilitation"
        ftype = types[i % 5] if network_name == "dost" else "rehab_centre"
        lat, lon = (40 + rng.normal(0, 0.6), 47.5 + rng.normal(0, 1.2)) if i % 3 else (np.nan, np.nan)
        fac_rows.append(
            {
                "code": code, "name_az": code, "name_en": code, "network": network_name, "facility_type": ftype,
                "district_code": dcodes[i % 79], "beds": 50 if i % 4 else None,
                "annual_capacity": 2000 if i % 3 else None, "lat": lat, "lon": lon,
                "location_basis": "town" if i % 3 else "district_centroid",
            }
        )  # fmt: skip
        status_rows.append((code, "planned", "2019-01-01", None))
        later = "open" if i % 4 else "under_construction"
        status_rows.append((code, later, f"{2019 + i % 7}-06-01", None if i % 8 else "2027"))
        if ftype == "regional_centre":
            catchment_rows += [(code, dcodes[(i + k) % 79]) for k in range(1, 6)]
    facilities = pd.DataFrame(fac_rows)
    for c in ("beds", "annual_capacity"):
        facilities[c] = facilities[c].astype("Int64")
    fs = pd.DataFrame(status_rows, columns=["facility_code", "status", "status_date", "expected_open"])
    fs["status_day"], fs["date_basis"], fs["source_id"] = pd.to_datetime(fs["status_date"]), "effective", "src"
    fc = pd.DataFrame(catchment_rows, columns=["facility_code", "district_code"]).assign(source_id="src")
    return facilities, fs, fc


def synthetic_frames(rows: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """A generated volume: indicators x (country, 14 regions, 79 districts) x (yearly + monthly periods)."""
    rng = np.random.default_rng(seed)
    regions = [f"ER-{i:02d}" for i in range(14)]
    dcodes = [f"AZ-D{i:02d}" for i in range(79)]
    districts = pd.DataFrame(
        {
            "code": dcodes,
            "name_az": dcodes,
            "name_en": dcodes,
            "kind": "rayon",
            "economic_region_code": [regions[i % 14] for i in range(79)],
            "stat_parent_code": None,
            "population": pd.array(rng.integers(20_000, 400_000, 79), dtype="Int64"),
        }
    )
    districts["population_exclusive"] = districts["population"]
    economic_regions = pd.DataFrame({"code": regions, "name_az": regions, "name_en": regions, "sort_order": range(14)})
    years = np.arange(2000, 2026)
    months = pd.period_range("2000-01", "2025-12", freq="M")
    per_text = np.concatenate([years.astype(str), months.strftime("%Y-%m").to_numpy()])
    per_start = np.concatenate([pd.to_datetime([f"{y}-01-01" for y in years]), months.start_time])
    per_end = np.concatenate([pd.to_datetime([f"{y}-12-31" for y in years]), months.end_time.normalize()])
    per_type = np.array(["year"] * len(years) + ["month"] * len(months))
    geos = [("country", "AZ")] + [("region", r) for r in regions] + [("district", d) for d in dcodes]
    n_ind = int(np.ceil(rows / (len(geos) * len(per_text))))
    named = ["children_in_institutions", "children_returned_to_families", "admissions_prevented", "adoptions",
             "foster_placements", "rehab_persons_served", "rehab_persons_inpatient", "rehab_persons_outpatient",
             "rehab_aids_issued", "dost_citizens_served", "dost_satisfaction", "home_care_recipients"]  # fmt: skip
    codes = (named + [f"synthetic_{i:03d}" for i in range(n_ind)])[:n_ind]
    kinds = {c: _kind(i, c) for i, c in enumerate(codes)}
    indicators = pd.DataFrame(
        {
            "code": codes, "area": "other", "goal": "G1", "name_az": codes, "name_en": codes,
            "definition_az": "–", "definition_en": "–",
            "unit": ["percent" if kinds[c] == "share" else "persons" for c in codes],
            "kind": [kinds[c] for c in codes],
            "direction": ["lower" if c == "children_in_institutions" else "higher" for c in codes],
            "levels": "country,region,district", "has_target": True, "sort_order": range(len(codes)),
        }
    )  # fmt: skip
    obs = _observations(rng, codes, kinds, geos, districts, years, per_text, per_start, per_end, per_type)
    targets = pd.DataFrame(
        {
            "indicator_code": codes, "geo_level": "country", "geo_code": "AZ",
            "value": [100.0 if kinds[c] == "share" else 150_000.0 for c in codes], "value_text": "",
            "target_year": pd.array([2030] * len(codes), dtype="Int64"), "date_set": "2024-01", "is_current": True,
            "source_id": "src_synthetic", "note": None, "source_title": "synthetic", "source_url": None,
        }
    )  # fmt: skip
    facilities, fs, fc = _facilities(rng, dcodes)
    cen = pd.DataFrame({"code": dcodes, "x": rng.uniform(2e5, 7e5, 79), "y": rng.uniform(4.25e6, 4.65e6, 79)})
    kids = [2_633_000, *rng.integers(5_000, 90_000, 79)]
    child = pd.DataFrame({"geo_code": ["AZ", *dcodes], "year": 2024, "children_0_17": kids})
    return {
        "indicators": indicators, "targets": targets, "observations": obs, "districts": districts,
        "economic_regions": economic_regions, "facilities": facilities, "facility_status": fs,
        "facility_catchment": fc, "centroids": cen, "child_population": child,
    }  # fmt: skip


PLANTED = {  # what the synthetic volume hides, and the quality rule that must find it
    "outlier": ("outlier", -1, "AZ-D78", "2000"),
    "districts do not add up": ("districts_vs_total", -1, "AZ", "2000"),
    "missing district-year": ("missing_district", 2, "AZ-D00", "2010"),
    "missing national year": ("missing_year", 1, "AZ", "2012"),
}


def check_planted(frames: dict[str, pd.DataFrame]) -> bool:
    """Whether the quality report finds every planted problem (a correctness check at volume)."""
    r = quality.quality_report(frames["observations"], frames["indicators"], frames["districts"])
    codes = list(frames["indicators"]["code"])
    found = set(zip(r["rule"], r["indicator_code"], r["geo_code"], r["period"], strict=True))
    ok = True
    for label, (rule, i, geo, period) in PLANTED.items():
        hit = (rule, codes[i], geo, period) in found
        ok &= hit
        print(f"  planted {label:<26} {'found' if hit else 'MISSED'}")
    print(f"  quality findings in total: {len(r):,}")
    return ok


def main() -> int:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-reference", action="store_true")
    args = ap.parse_args()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"python {platform.python_version()}, pandas {pd.__version__}, {os.cpu_count()} CPUs, load average {load}")
    ok = True
    if not args.skip_reference:
        ref = reference_frames()
        if ref is not None:
            ok &= run("reference database", ref, BUDGET_REFERENCE_S, args.repeat)
    t0 = time.perf_counter()
    big = synthetic_frames(args.rows)
    print(f"\n(synthetic volume generated in {time.perf_counter() - t0:.1f} s)")
    ok &= run("synthetic volume", big, BUDGET_LARGE_S, max(2, args.repeat // 2))
    ok &= check_planted(big)
    print("\nall pages within budget" if ok else "\nSOME PAGES OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
