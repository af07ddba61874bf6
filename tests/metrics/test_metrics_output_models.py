"""Every public metric function that returns a DataFrame has an output model (metrics/contracts.py), and every
model holds on the real data: the pages (AppTest, every page), the collegium payload, the figures command, the
quality report, the register checks and the planning run are run on the reference database, with the
demonstration series and without, while every decorated metric function validates its output (lazy: every
problem at once); each model must have been met on a non-empty output. The docs' table of metric outputs
(docs/METRICS.md) is checked against the models."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import metrics
from data import geo, queries
from metrics import contracts

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 1, 22)
STATUSES = {"reported": ("reported", "official"), "with_demo": ("reported", "official", "demonstration")}
PAGES = ["overview", "children", "rehabilitation", "dost", "map", "district", "facilities", "sources", "planning"]


def public_frame_functions() -> dict[str, object]:
    """Every public function of the metrics package whose return annotation names a DataFrame."""
    found = {}
    for info in pkgutil.iter_modules(metrics.__path__):
        mod = importlib.import_module(f"metrics.{info.name}")
        for name, fn in inspect.getmembers(mod, inspect.isfunction):
            returns = str(inspect.signature(fn).return_annotation)
            if fn.__module__ == mod.__name__ and not name.startswith("_") and "DataFrame" in returns:
                found[f"{info.name}.{name}"] = fn
    return found


def test_every_public_metric_frame_function_has_an_output_model():
    functions = public_frame_functions()
    missing = sorted(k for k, fn in functions.items() if not getattr(fn, "output_models", None))
    assert not missing, f"public metric functions returning a DataFrame without @contracts.output: {missing}"
    assert set(contracts.OUTPUT_MODELS) == set(functions)
    for key, fn in functions.items():
        returns = str(inspect.signature(fn).return_annotation)
        assert len(fn.output_models) == max(1, returns.count("DataFrame")), key  # one model per frame returned


def run_pages(engine, monkeypatch, statuses_key: str) -> list[str]:
    """Every page through app.py on the reference database; returns the exceptions the pages showed."""
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    st.cache_data.clear()
    problems = []
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.query_params["lang"] = "en"
        at.query_params["show_demo"] = "1" if statuses_key == "with_demo" else "0"
        at.run()
        at.query_params["show_demo"] = "1" if statuses_key == "with_demo" else "0"
        if page == "district":
            at.query_params["district"] = "AZ-BAR"
        if page != "overview":
            at.switch_page(f"app_pages/{page}.py")
        at.run()
        problems.extend(f"{page}: {e.message}" for e in at.exception)
    st.cache_data.clear()
    return problems


def run_commands(engine, statuses: tuple[str, ...]) -> None:
    """The collegium payload, the figures command, the quality report, the register checks and a planning run."""
    from deck.source import live_payload
    from figures.frames import series_points
    from metrics import figures, network, planning, quality, reconcile, snapshot
    from metrics.access import place_facilities
    from metrics.progress import progress
    from metrics.series import kind_map

    payload = live_payload(engine, date(2026, 12, 6), statuses)
    indicators, targets, obs = figures.load(engine, statuses, AS_OF)
    figures.headline_figures(indicators, targets, obs, AS_OF, "en")
    figures.within_scope(figures.load_network(engine, statuses, AS_OF, "en"), None, queries.districts(engine))
    live = progress(indicators, targets, obs, "country")
    snapshot.changed_rows(snapshot.compare(live, payload))
    nat = obs[obs["geo_level"] == "country"]
    snapshot.period_changes(series_points(nat, kind_map(indicators), queries.series_segments(engine)), payload)
    fac, fs = queries.facilities(engine), queries.facility_status(engine)
    totals, networks = queries.network_totals(engine), queries.networks(engine)
    register = {"facilities": fac, "facility_status": fs, "network_totals": totals, "networks": networks}
    quality.quality_report(obs, indicators, queries.districts(engine), register)
    quality.completeness(obs, indicators, queries.districts(engine))
    reconcile.disagreements(fac, fs, totals)
    reconcile.opened_before_network(fac, fs, networks)
    network.network_timeline(fac, fs, "dost", AS_OF)
    network.target_history(queries.targets(engine))
    districts = queries.districts(engine)
    placed = place_facilities(fac, geo.settlements(), geo.settlement_names(), geo.centroids(), districts)
    result = planning.plan(geo.population_points(), placed, geo.settlements(), districts, 2, curve_max=3)
    check_plan(result)
    run_direct(engine, obs, indicators, payload, register)


def run_direct(engine, obs, indicators, payload, register) -> None:
    """The functions no pipeline reaches with a non-empty output on today's data, called directly: the parts of
    the quality report, the DOST coverage's parts, district sums; and, with one fact altered so that they have
    something to say, a consistency finding (a negative figure), the register's disagreements and what changed
    since a meeting."""
    import pandas as pd

    from metrics import children, dost, network, quality, reconcile, snapshot
    from metrics.facilities import status_on
    from metrics.progress import progress

    districts = queries.districts(engine)
    quality.consistency(obs, indicators, districts)
    quality.consistency(obs.assign(value=obs["value"].where(obs.index != obs.index[0], -1.0)), indicators, districts)
    quality.outliers(obs, indicators, districts)
    fac, fs, totals, networks = (register[k] for k in ("facilities", "facility_status", "network_totals", "networks"))
    now = status_on(fs, AS_OF)
    dost.served_by(fac, now, queries.facility_catchment(engine))
    dost.open_by_type(fac, now)
    dv = obs[obs["geo_level"] == "district"].assign(year=lambda f: f["period_end"].dt.year)
    dv = dv.groupby(["indicator_code", "geo_code", "year"], as_index=False).agg(
        value=("value", "sum"), data_status=("data_status", "min")
    )
    children.sum_districts(dv, districts, "region")
    # a published total one more than the register, and a network said to begin after its first opening
    wrong = totals.assign(count=totals["count"].where(totals.index != totals.index[0], totals["count"] + 1))
    later = networks.assign(started_day=pd.Timestamp("2030-01-01"))
    reconcile.disagreements(fac, fs, wrong)
    reconcile.opened_before_network(fac, fs, later)
    reconcile.register_findings(fac, fs, wrong, later, network.NETWORK_TYPES)
    # a meeting that was shown every figure one lower and none of the first indicator
    shown = {**payload, "indicators": [
        {**it, "points": [{**p, "value": (p.get("value") or 0) - 1} for p in it.get("points") or []]}
        for it in payload.get("indicators", [])[1:]
    ]}  # fmt: skip
    live = progress(indicators, queries.targets(engine), obs, "country")
    snapshot.changed_rows(snapshot.compare(live, shown))
    from figures.frames import series_points
    from metrics.series import kind_map

    nat = obs[obs["geo_level"] == "country"]
    snapshot.period_changes(series_points(nat, kind_map(indicators), queries.series_segments(engine)), shown)


def check_plan(result) -> None:
    """planning.plan returns a Plan (not a frame): its sites and curve have models of their own."""
    contracts.PlanSitesOutput.validate(result.sites, lazy=True)
    contracts.CoverageCurveOutput.validate(result.curve, lazy=True)


@pytest.fixture(scope="module")
def validated(reference_engine):
    """Run everything under validation once per data-status choice; (validations per function, problems)."""
    mp = pytest.MonkeyPatch()
    problems: dict[str, list[str]] = {}
    contracts.VALIDATED.clear()
    try:
        with contracts.validating(collect=True) as counter:
            for key, statuses in STATUSES.items():
                contracts.PROBLEMS.clear()
                run_commands(reference_engine, statuses)
                if not os.environ.get("METRIC_MODELS_SKIP_PAGES"):
                    problems.setdefault(key, []).extend(run_pages(reference_engine, mp, key))
                problems.setdefault(key, []).extend(dict.fromkeys(contracts.PROBLEMS))  # each report once
            seen = dict(counter)
    finally:
        mp.undo()
    return seen, problems


@pytest.mark.parametrize("statuses", list(STATUSES))
def test_every_output_satisfies_its_model_on_the_reference_data(validated, statuses):
    _, problems = validated
    if problems.get(statuses):
        pytest.fail("\n\n".join(problems[statuses]), pytrace=False)


def test_every_model_is_met_on_real_data(validated):
    """Each declared model validated at least one non-empty output (a model never exercised proves nothing)."""
    seen, _ = validated
    never = sorted(k for k in contracts.OUTPUT_MODELS if not seen.get(k))
    assert not never, f"never validated on a non-empty output: {never}"


def test_docs_table_of_metric_outputs_is_the_models():
    """docs/METRICS.md 'Metric outputs': one row per function, its model and the model's columns in order."""
    text = (ROOT / "docs" / "METRICS.md").read_text(encoding="utf-8")
    section = text.split("### Metric outputs", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\| `metrics\.([a-z_]+\.[a-z_]+)\(\)` \| (.+?) \| (.+?) \|$", line)
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3))
    hint = "regenerate the rows with `python -m metrics.contracts`"
    assert set(rows) == set(contracts.OUTPUT_MODELS), hint
    for key, models in contracts.OUTPUT_MODELS.items():
        assert rows[key] == contracts.docs_row(models), f"{key}: {hint}"
