"""The DOST network against its targets, and the history of target versions."""

import pytest

from metrics.network import network_progress, target_history


@pytest.fixture
def network_targets(targets):
    return targets([
        ("dost_centres_open", 31, 2025, "2019-02-22", False),
        ("dost_centres_open", 17, 2025, "2022-01-15", False),
        ("dost_centres_open", 14, 2030, "2026-01", True),
        ("dost_branches_open", 64, 2030, "2026-01", True),
        ("dost_branches_open", 55, 2025, "2023-08-10", False),  # listed out of order on purpose
    ])  # fmt: skip


def test_target_history_orders_versions_and_marks_superseded(network_targets):
    h = target_history(network_targets).set_index(["indicator_code", "version"])
    centres = h.loc["dost_centres_open"]
    assert centres["value"].tolist() == [31, 17, 14]
    assert centres["superseded"].tolist() == [True, True, False]
    assert centres.loc[1, "superseded_by"] == "2022-01-15" and centres.loc[2, "superseded_by"] == "2026-01"
    branches = h.loc["dost_branches_open"]
    assert branches["date_set"].tolist() == ["2023-08-10", "2026-01"]


def test_network_progress_with_and_without_pipeline(dost_network, network_targets):
    facilities, status, _ = dost_network
    p = network_progress(facilities, status, network_targets, "2031-01-01").set_index("indicator_code")
    # centres: F1 (centre) + F2 (regional centre) = 2 of 14; branches: F6 closed, F4 only with the pipeline; F5
    # (planned, no evidence since March 2021, more than 18 months before the register's latest) is stale, apart
    assert p.loc["dost_centres_open", "open"] == 2
    assert p.loc["dost_centres_open", "share_of_target"] == pytest.approx(2 / 14 * 100)
    assert p.loc["dost_branches_open", "open"] == 0 and p.loc["dost_branches_open", "with_pipeline"] == 1
    assert p.loc["dost_branches_open", "pipeline_stale"] == 1
    assert p.loc["dost_branches_open", "share_with_pipeline"] == pytest.approx(1 / 64 * 100)
    assert p.loc["dost_branches_open", "gap_with_pipeline"] == 63
    assert p.loc["dost_centres_open", "target_year"] == 2030


def test_network_progress_counts_the_pipeline_known_on_the_date(dost_network, network_targets):
    """Before the horizon, 'with the pipeline' adds everything then planned or under way that is not stale, not
    only what is due."""
    facilities, status, _ = dost_network
    before_f4 = network_progress(facilities, status, network_targets, "2025-06-01").set_index("indicator_code")
    # F4 not yet known; F5 (planned March 2021) already stale against the register's evidence of June 2024
    assert before_f4.loc["dost_branches_open", "with_pipeline"] == 0
    assert before_f4.loc["dost_branches_open", "pipeline_stale"] == 1
    p = network_progress(facilities, status, network_targets, "2026-01-15").set_index("indicator_code")
    assert p.loc["dost_branches_open", "open"] == 0
    assert p.loc["dost_branches_open", "with_pipeline"] == 1 and p.loc["dost_branches_open", "pipeline_added"] == 1
    assert p.loc["dost_centres_open", "with_pipeline"] == p.loc["dost_centres_open", "open"] == 2
    late = network_progress(facilities, status, network_targets, "2026-01-15", horizon="2025-12-31")
    # with a horizon before F4's expected year (2026), F4 does not count (and F5 is stale)
    assert late.set_index("indicator_code").loc["dost_branches_open", "with_pipeline"] == 0
