"""Facility status on a chosen date, with the pipeline optionally counted open at its expected date."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data.errors import PeriodError
from data.periods import parse_period
from metrics.series import last_per

PIPELINE_STATUSES = ("planned", "design", "under_construction")
PIPELINE_HORIZON = date(2030, 12, 31)  # a pipeline item without an expected date is assumed open by then


def expected_day(text: object) -> pd.Timestamp:
    """The last day of a promised opening period ('2026' -> 2026-12-31); NaT when missing or unreadable."""
    if text is None or (not isinstance(text, str) and pd.isna(text)) or not str(text).strip():
        return pd.NaT
    try:
        return pd.Timestamp(parse_period(str(text).strip()).end)
    except PeriodError:
        return pd.NaT


def status_on(
    facility_status: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    include_pipeline: bool = False,
    horizon: date | str | pd.Timestamp = PIPELINE_HORIZON,
) -> pd.DataFrame:
    """Each facility's latest status with status_day <= on_date, and whether it counts as open then.

    A facility counts open when its status is open; with include_pipeline a planned, design or
    under-construction facility also counts open once its expected date (the last day of `expected_open`)
    has come, or, when it has no readable expected date, once `horizon` has come (assumed_horizon says so).
    Facilities with no status row by on_date are left out. Columns: facility_code, status, status_date,
    status_day, date_basis, expected_open, expected_day, is_open, in_pipeline, assumed_horizon,
    counted_open, open_basis (open | pipeline_expected | pipeline_horizon | None).
    """
    on, hz = pd.Timestamp(on_date), pd.Timestamp(horizon)
    cols = ["facility_code", "status", "status_date", "status_day", "date_basis", "expected_open"]
    fs = facility_status.reindex(columns=cols)
    out = last_per(fs, ["facility_code"], ["status_day"], (fs["status_day"] <= on).to_numpy()).reset_index(drop=True)
    status = out["status"].to_numpy(object)
    expected = pd.to_datetime(pd.Series([expected_day(t) for t in out["expected_open"]], dtype=object))
    is_open = status == "open"
    in_pipeline = np.isin(status, PIPELINE_STATUSES)
    assumed = in_pipeline & expected.isna().to_numpy()
    by_expected = in_pipeline & (expected <= on).to_numpy() & include_pipeline
    by_horizon = assumed & (hz <= on) & include_pipeline
    basis = np.select([is_open, by_expected, by_horizon], ["open", "pipeline_expected", "pipeline_horizon"], "")
    return out.assign(
        expected_day=expected.to_numpy(),
        is_open=is_open,
        in_pipeline=in_pipeline,
        assumed_horizon=assumed,
        counted_open=is_open | by_expected | by_horizon,
        open_basis=pd.Series(basis, dtype=object).replace("", None).to_numpy(),
    )


def status_with_pipeline(
    facility_status: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    horizon: date | str | pd.Timestamp = PIPELINE_HORIZON,
) -> pd.DataFrame:
    """What the pipeline buys: status_on `on_date`, with every facility then planned, in design or under
    construction counted open as it will be once built, by its expected date or, without one, by `horizon`
    (an expected date after the horizon does not count). Same columns as status_on; open_basis says
    pipeline_expected or pipeline_horizon for the facilities the pipeline adds.
    """
    known = status_on(facility_status, on_date)
    expected = pd.to_datetime(known["expected_day"])
    hz = pd.Timestamp(horizon)
    due_expected = (known["in_pipeline"] & expected.notna() & (expected <= hz)).to_numpy(bool)
    due_horizon = (known["in_pipeline"] & expected.isna()).to_numpy(bool)
    is_open = known["is_open"].to_numpy(bool)
    basis = np.select([is_open, due_expected, due_horizon], ["open", "pipeline_expected", "pipeline_horizon"], "")
    return known.assign(
        counted_open=is_open | due_expected | due_horizon,
        open_basis=pd.Series(basis, dtype=object).replace("", None).to_numpy(),
    )


def open_facilities(facilities: pd.DataFrame, status: pd.DataFrame, network: str | None = None) -> pd.DataFrame:
    """The facilities counted open in `status` (from status_on), with their registry columns, open_basis and
    assumed_horizon."""
    counted = status[status["counted_open"].to_numpy(bool)]
    keep = facilities["code"].isin(counted["facility_code"]).to_numpy()
    if network is not None:
        keep = keep & (facilities["network"] == network).to_numpy()
    f = facilities[keep]
    by_code = counted.set_index("facility_code")
    return f.assign(
        status=f["code"].map(by_code["status"]),
        open_basis=f["code"].map(by_code["open_basis"]),
        assumed_horizon=f["code"].map(by_code["assumed_horizon"]).astype(bool),
    ).reset_index(drop=True)
