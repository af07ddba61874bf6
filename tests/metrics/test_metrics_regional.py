"""metrics.regional: what a district is compared with (worked out by hand)."""

import pandas as pd
import pytest

from metrics.regional import reference_rate


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
