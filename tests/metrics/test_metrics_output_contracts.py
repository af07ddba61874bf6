"""Every metric output the pages and the deck draw satisfies its model in metrics/contracts.py on the reference
database (full validation, every problem listed): children, rehabilitation, DOST coverage and its summary,
network progress."""

from __future__ import annotations

import pandera.pandas as pa
import pytest

from data import geo, queries
from metrics import access, children, contracts, dost, network
from metrics import rehabilitation as rehab

ON = "2026-01-22"


@pytest.fixture(scope="module")
def ref(reference_engine):
    e = reference_engine
    names = ("indicators", "targets", "districts", "facilities", "facility_status", "facility_catchment",
             "network_totals", "economic_regions", "observations")  # fmt: skip
    return {n: getattr(queries, n)(e) for n in names}


@pytest.fixture(scope="module")
def coverage(ref):
    return dost.coverage_scenarios(
        ref["facilities"], ref["facility_status"], ref["facility_catchment"], ref["districts"], ON,
        centroids=geo.centroids(), totals=ref["network_totals"],
        where=access.Where(geo.population_points(), geo.settlements(), geo.settlement_names()),
    )  # fmt: skip


def check(model: type[pa.DataFrameModel], frame) -> None:
    """Full validation; a failure lists every problem."""
    assert len(frame) > 0, model.__name__
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as e:
        pytest.fail(f"{model.__name__}:\n{e.failure_cases.head(30).to_string()}")


def country(ref):
    obs = ref["observations"]
    return obs[obs["geo_level"] == "country"]


def test_children_stock(ref):
    check(contracts.ChildrenStockOutput, children.children_stock(ref["observations"], ref["districts"], None,
                                                                 ref["indicators"]))  # fmt: skip


def test_children_flows(ref):
    check(contracts.FlowsOutput, children.children_flows(country(ref), ref["targets"], ref["indicators"]))


def test_rehabilitation_throughput(ref):
    check(contracts.FlowsOutput, rehab.throughput(country(ref), ref["targets"], ref["indicators"]))


def test_rehabilitation_care_split(ref):
    check(contracts.CareSplitOutput, rehab.care_split(country(ref), ref["indicators"]))


def test_rehabilitation_capacity(ref):
    out = rehab.capacity_by_region(ref["facilities"], ref["facility_status"], ref["districts"],
                                   ref["economic_regions"], ON)  # fmt: skip
    check(contracts.RehabCapacityOutput, out)


@pytest.mark.parametrize("on", ["2022-01-15", "2024-12-31", ON, "2030-12-31"])
def test_network_progress(ref, on):
    out = network.network_progress(ref["facilities"], ref["facility_status"], ref["targets"], on,
                                   totals=ref["network_totals"])  # fmt: skip
    check(contracts.NetworkProgressOutput, out)


def test_dost_coverage_and_summary(coverage):
    check(contracts.CoverageOutput, coverage)
    summary = dost.coverage_summary(coverage)
    check(contracts.CoverageSummaryOutput, summary)
    # the districts without a distance are districts (cities counted in a district are not counted twice)
    national = summary[summary["geo_level"] == "country"].set_index("scenario")
    own = coverage[coverage["counted_in"].isna() | (coverage["counted_in"] == "")]
    for scenario, rows in own.groupby("scenario"):
        assert national.at[scenario, "districts_without_distance"] == int(rows["distance_km"].isna().sum())


@pytest.mark.parametrize("with_pipeline", [False, True])
def test_access_summary(ref, coverage, with_pipeline):
    net = access.network_on(ref["facilities"], ref["facility_status"], ON, with_pipeline,
                            totals=ref["network_totals"])  # fmt: skip
    d = ref["districts"]
    placed = access.place_facilities(net, geo.settlements(), geo.settlement_names(), geo.centroids(), d)
    acc = access.point_access(geo.population_points(), placed, d)
    served = access.served_units(coverage[coverage["scenario"] == ("with_pipeline" if with_pipeline else "open")], d)
    out = access.access_summary(acc, d, geo.population_groups(), access.RADII_KM, served_codes=served)
    check(contracts.AccessSummaryOutput, out)
    assert {f"office_within_{r}" for r in access.RADII_KM} <= set(out.columns)
