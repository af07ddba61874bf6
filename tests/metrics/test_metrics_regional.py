"""metrics.regional: what a district is compared with (worked out by hand)."""

import pandas as pd
import pytest

from metrics.regional import (
    combined_qualifier,
    derived_qualifier,
    peers,
    reference,
    reference_qualifier,
    reference_rate,
)


@pytest.fixture
def dv():
    # three districts: 30 of 1,000 residents, 10 of 3,000, one without a figure (its population must not count)
    return pd.DataFrame({"code": ["a", "b", "c"], "value": [30.0, 10.0, None], "population": [1000, 3000, 5000]})


def test_the_country_when_it_has_a_full_year_figure(dv):
    assert reference_rate(dv, 60.0, 3000.0, "count") == ("national", pytest.approx(200.0))  # 60 / 3,000 × 10,000
    assert reference_rate(dv, 42.5, 3000.0, "share") == ("national", 42.5)  # a share is compared as it is
    assert reference_rate(dv, 60.0, 0.0, "count") == ("national", None)  # unknown population: no rate


def test_all_districts_together_otherwise(dv):
    assert reference_rate(dv, None, 3000.0, "count") == ("all_districts", pytest.approx(100.0))  # 40 / 4,000
    assert reference_rate(dv, None, None, "share") == ("all_districts", None)
    empty = dv.assign(value=None)
    assert reference_rate(empty, None, None, "count") == ("all_districts", None)


# --- the qualifier of a figure made from qualified values (issue 9) ------------------------------------------------

QUALIFIERS = ["exact", "approx", "more_than", "less_than", "up_to", "range"]


@pytest.mark.parametrize("q", QUALIFIERS)
def test_a_rate_keeps_its_values_qualifier_and_a_range_becomes_approximate(q):
    # a rate per residents rises with the value: a bound stays a bound; a range's ends are the value's, not the rate's
    assert derived_qualifier(q) == ("approx" if q == "range" else q)
    assert derived_qualifier(None) == derived_qualifier("") == "exact"


@pytest.mark.parametrize("q", QUALIFIERS)
def test_a_figure_of_several_values_is_approximate_when_any_part_with_a_value_is_not_exact(dv, q):
    parts = dv.assign(qualifier=["exact", q, "exact"])
    assert combined_qualifier(parts) == ("exact" if q == "exact" else "approx")
    # a district without a figure does not make the rest approximate
    assert combined_qualifier(dv.assign(qualifier=["exact", "exact", q])) == "exact"
    assert combined_qualifier(dv) == "exact"  # no qualifier column: every value exact
    # the reference: the country's own qualifier when it has a figure, else all the districts together
    assert reference_qualifier(parts, q) == derived_qualifier(q)
    assert reference_qualifier(parts, None) == combined_qualifier(parts)


@pytest.mark.parametrize("q", QUALIFIERS)
def test_a_districts_place_among_its_peers_says_how_exact_its_rate_and_the_median_are(q):
    dv = pd.DataFrame(
        {
            "code": ["a", "b", "c", "d"],
            "economic_region_code": ["R1", "R1", "R1", "R2"],
            "value": [30.0, 10.0, 20.0, 5.0],
            "population": [1000, 3000, 2000, 1000],
            "qualifier": ["exact", q, "exact", "approx"],  # d, of another region, never counts for R1's median
        }
    )
    dv["rate"] = dv["value"] / dv["population"] * 10_000
    mine = peers(dv, None, None, "count", "a")
    assert mine["rate_qualifier"] == "exact"
    assert mine["region_median_qualifier"] == ("exact" if q == "exact" else "approx")
    assert peers(dv, None, None, "count", "b")["rate_qualifier"] == derived_qualifier(q)


@pytest.mark.parametrize("q", QUALIFIERS)
def test_the_reference_takes_the_countrys_last_full_year_figure_with_its_qualifier_else_all_districts(dv, q):
    country = pd.DataFrame({"value": [50.0, 60.0], "qualifier": ["exact", q]})  # the last one counts
    assert reference(dv, country, 3000.0, "count") == ("national", pytest.approx(200.0), derived_qualifier(q))
    parts = dv.assign(qualifier=["exact", q, "exact"])
    none = country.iloc[:0]
    assert reference(parts, none, 3000.0, "count") == ("all_districts", pytest.approx(100.0), combined_qualifier(parts))
