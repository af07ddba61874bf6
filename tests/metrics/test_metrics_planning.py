"""Branch planning: spopt's MCLP with HiGHS against brute force on tiny instances; the rules of the question."""

import itertools

import numpy as np
import pandas as pd
import pytest

from metrics.planning import (
    Instance,
    PlanningError,
    contributions,
    coverage_curve,
    covered_by,
    make_instance,
    plan,
    solve_mclp,
    solve_pmedian,
)

DISTRICTS = pd.DataFrame(
    {"code": ["M", "N"], "economic_region_code": ["ER-A", "ER-NAX"], "stat_parent_code": [None, None]}
)


def random_instance(seed: int, n_points: int = 40, n_cand: int = 8, radius: float = 25.0) -> Instance:
    rng = np.random.default_rng(seed)
    pop = pd.DataFrame(
        {
            "district_code": rng.choice(["M", "N"], n_points, p=[0.8, 0.2]),
            "x": rng.uniform(0, 150_000, n_points),
            "y": rng.uniform(0, 150_000, n_points),
            "population": rng.integers(1, 1000, n_points),
        }
    )
    cands = pd.DataFrame(
        {
            "settlement_code": [f"S{i}" for i in range(n_cand)],
            "name": [f"S{i}" for i in range(n_cand)],
            "name_az": "",
            "district_code": rng.choice(["M", "N"], n_cand, p=[0.75, 0.25]),
            "x": rng.uniform(0, 150_000, n_cand),
            "y": rng.uniform(0, 150_000, n_cand),
        }
    )
    cands["side"] = np.where(cands["district_code"] == "N", "nakhchivan", "mainland")
    offices = pd.DataFrame({"x": [75_000.0], "y": [75_000.0], "side": ["mainland"]})
    return make_instance(pop, offices, cands, DISTRICTS, radius)


def brute_force(inst: Instance, n: int, fixed: tuple[int, ...] = ()) -> float:
    free = [j for j in range(len(inst.candidates)) if j not in fixed]
    return max(covered_by(inst, [*fixed, *combo]) for combo in itertools.combinations(free, n - len(fixed)))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("n", [1, 2, 3])
def test_mclp_matches_brute_force(seed, n):
    inst = random_instance(seed)
    chosen = solve_mclp(inst, n)
    assert len(chosen) == n
    assert covered_by(inst, chosen) == pytest.approx(brute_force(inst, n))


def test_fixed_sites_are_kept_and_the_rest_is_optimal():
    inst = random_instance(7)
    chosen = solve_mclp(inst, 3, fixed=(5,))
    assert 5 in chosen and len(chosen) == 3
    assert covered_by(inst, chosen) == pytest.approx(brute_force(inst, 3, fixed=(5,)))


def test_the_curve_is_optimal_at_every_point_and_never_falls():
    inst = random_instance(3)
    curve = coverage_curve(inst, max_n=4)
    assert list(curve["branches"]) == [0, 1, 2, 3, 4]
    assert curve["population_covered"].iloc[0] == inst.covered_before
    for n in range(1, 5):
        assert curve["population_covered"].iloc[n] == pytest.approx(inst.covered_before + brute_force(inst, n))
    assert curve["population_covered"].is_monotonic_increasing


def test_pmedian_matches_brute_force_on_the_weighted_distance():
    inst = random_instance(11, n_points=25, n_cand=6)
    w = inst.demand["population"].to_numpy(float)

    def cost(sites):  # weighted distance to the nearest office (open ones kept); the exclave has none but its own
        d = np.minimum(inst.base_km, inst.distance_km[:, list(sites)].min(axis=1)) if sites else inst.base_km
        return float(np.sum(w * np.minimum(d, 1e4)))

    best = min(cost(c) for c in itertools.combinations(range(6), 2))
    # The p-median works on demand aggregated to 20 km cells: check it on an instance where cells are points.
    chosen = solve_pmedian(inst, 2)
    assert len(chosen) == 2
    assert cost(chosen) <= best * 1.15


def test_contributions_add_up_to_the_covered_population():
    inst = random_instance(5)
    chosen = solve_mclp(inst, 3)
    c = contributions(inst, chosen)
    assert c["added_population"].sum() == pytest.approx(covered_by(inst, chosen))
    assert c["added_population"].is_monotonic_decreasing


def test_nakhchivan_demand_is_never_covered_from_the_mainland():
    inst = random_instance(2)
    across = inst.demand["side"].to_numpy()[:, None] != inst.candidates["side"].to_numpy()[None, :]
    assert np.isinf(inst.distance_km[across]).all()


def test_bad_questions_are_refused_with_the_reason():
    pop = pd.DataFrame({"district_code": ["M"], "x": [0.0], "y": [0.0], "population": [10]})
    settlements = pd.DataFrame(
        {"settlement_code": ["S1"], "name": ["S1"], "name_az": [""], "district_code": ["M"], "x": [0.0], "y": [0.0],
         "population_used": [10], "lon": [0.0], "lat": [0.0]}
    )  # fmt: skip
    placed = pd.DataFrame(columns=["facility_code", "district_code", "facility_type", "x", "y", "side"])
    with pytest.raises(PlanningError, match="unknown settlement code"):
        plan(pop, placed, settlements, DISTRICTS, 1, fix=("S9",), curve_max=0)
    with pytest.raises(PlanningError, match="both fixed and excluded"):
        plan(pop, placed, settlements, DISTRICTS, 1, fix=("S1",), exclude=("S1",), curve_max=0)
    with pytest.raises(PlanningError, match="between 0 and 64"):
        plan(pop, placed, settlements, DISTRICTS, 65, curve_max=0)
    result = plan(pop, placed, settlements, DISTRICTS, 1, curve_max=1)
    assert result.summary["covered_after"] == 10 and list(result.sites["settlement_code"]) == ["S1"]
