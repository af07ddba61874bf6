"""Facility status on a chosen date, with the pipeline optionally counted open at its expected date."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data.config import pipeline_stale_months
from data.errors import PeriodError
from data.periods import parse_period
from metrics import contracts
from metrics.series import last_per

PIPELINE_STATUSES = ("planned", "design", "under_construction")
PIPELINE_HORIZON = date(2030, 12, 31)  # a pipeline item without an expected date is assumed open by then
# A pipeline item with no evidence for more than this many months is stale (shown apart, not counted by default);
# the setting PIPELINE_STALE_MONTHS in the environment overrides it (data.config.pipeline_stale_months).
PIPELINE_STALE_MONTHS = pipeline_stale_months()


def expected_day(text: object) -> pd.Timestamp:
    """The last day of a promised opening period ('2026' -> 2026-12-31); NaT when missing or unreadable."""
    if text is None or (not isinstance(text, str) and pd.isna(text)) or not str(text).strip():
        return pd.NaT
    try:
        return pd.Timestamp(parse_period(str(text).strip()).end)
    except PeriodError:
        return pd.NaT


@contracts.output(contracts.WithDateLatestOutput)
def with_date_latest(facility_status: pd.DataFrame) -> pd.DataFrame:
    """The status rows with date_latest (the day from which each is certain); a frame without the column (hand-made
    tests, old callers) is read as day-precise (date_latest = status_day)."""
    fs = facility_status
    if "date_latest" not in fs.columns:
        fs = fs.assign(date_latest=fs["status_day"])
    latest = pd.to_datetime(fs["date_latest"].fillna(fs["status_day"]))
    return fs.assign(status_day=pd.to_datetime(fs["status_day"]), date_latest=latest)


@contracts.output(contracts.StatusOnOutput)
def status_on(
    facility_status: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    include_pipeline: bool = False,
    horizon: date | str | pd.Timestamp = PIPELINE_HORIZON,
    facilities: pd.DataFrame | None = None,
    totals: pd.DataFrame | None = None,
    stale_months: int = PIPELINE_STALE_MONTHS,
) -> pd.DataFrame:
    """Each facility's status on `on_date`: its latest row that is certain by then, and whether it counts as open.

    A row is certain from its date_latest (the last day its published date may mean: a year-only opening from
    31 December, a month from its last day, an interval "between A and B" from B), so "open on D" counts an
    opening only when date_latest <= D. Of the rows certain by D the latest (by date_latest, then status_day)
    gives the status. A facility counts open when its status is open; with include_pipeline a planned, design or
    under-construction facility also counts open once its expected date (the last day of `expected_open`) has
    come, or, when it has no readable expected date, once `horizon` has come (assumed_horizon says so), and only
    while it still counts by the one pipeline rule (pipeline_state 'pipeline': not stale, not left off the latest
    official list; the list rule needs `facilities` and `totals`). Facilities with no row certain by D are left
    out. Columns: facility_code, status, status_date, status_day,
    date_latest, date_precision, date_basis, expected_open, expected_day, is_open, in_pipeline, assumed_horizon,
    counted_open, open_basis (open | pipeline_expected | pipeline_horizon | None).
    """
    on, hz = pd.Timestamp(on_date), pd.Timestamp(horizon)
    cols = ["facility_code", "status", "status_date", "status_day", "date_latest", "date_precision", "date_basis",
            "expected_open"]  # fmt: skip
    fs = with_date_latest(facility_status).reindex(columns=cols)
    mask = (fs["date_latest"] <= on).to_numpy()
    out = last_per(fs, ["facility_code"], ["date_latest", "status_day"], mask).reset_index(drop=True)
    status = out["status"].to_numpy(object)
    expected = pd.to_datetime(pd.Series([expected_day(t) for t in out["expected_open"]], dtype=object))
    is_open = status == "open"
    in_pipeline = np.isin(status, PIPELINE_STATUSES)
    assumed = in_pipeline & expected.isna().to_numpy()
    counts = np.zeros(len(out), dtype=bool)
    if include_pipeline and in_pipeline.any():
        state = pipeline_state(facility_status, on, facilities, totals, stale_months).set_index("facility_code")
        counts = out["facility_code"].map(state["pipeline_state"].to_dict()).eq("pipeline").to_numpy(bool)
    by_expected = in_pipeline & (expected <= on).to_numpy() & counts
    by_horizon = assumed & (hz <= on) & counts
    basis = np.select([is_open, by_expected, by_horizon], ["open", "pipeline_expected", "pipeline_horizon"], "")
    return out.assign(
        expected_day=expected.to_numpy(),
        is_open=is_open,
        in_pipeline=in_pipeline,
        assumed_horizon=assumed,
        counted_open=is_open | by_expected | by_horizon,
        open_basis=pd.Series(basis, dtype=object).replace("", None).to_numpy(),
    )


def evidence_day(facility_status: pd.DataFrame, on_date: date | str | pd.Timestamp) -> pd.Timestamp:
    """The day the register's evidence reaches on `on_date`: the latest date_latest of any row certain by then
    (NaT when none). Staleness is measured from it, so a pipeline read at a future date is not aged by the
    years after the evidence."""
    fs = with_date_latest(facility_status)
    known = fs.loc[fs["date_latest"] <= pd.Timestamp(on_date), "date_latest"]
    return known.max() if len(known) else pd.NaT


def network_evidence_day(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    networks: tuple[str, ...] | list[str] = ("dost",),
) -> pd.Timestamp:
    """evidence_day of the register rows of `networks` only (the DOST page, its map layer, the deck's map and
    planning slides and the figures command date the network's figures by this one rule)."""
    codes = facilities.loc[facilities["network"].isin(list(networks)), "code"]
    return evidence_day(facility_status[facility_status["facility_code"].isin(codes)], on_date)


def _whole_months(start: pd.Timestamp, end: pd.Timestamp) -> int | None:
    """Whole calendar months from `start` to `end` (None when either is missing)."""
    if pd.isna(start) or pd.isna(end):
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


@contracts.output(contracts.PipelineStateOutput)
def pipeline_state(
    facility_status: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    facilities: pd.DataFrame | None = None,
    totals: pd.DataFrame | None = None,
    stale_months: int = PIPELINE_STALE_MONTHS,
) -> pd.DataFrame:
    """Each facility in the pipeline on `on_date` (planned, design, under construction) and whether it counts.

    Rules (docs/DATA.md, 'Pipeline'): (1) an official list of sites (a network_totals row of kind 'list', certain
    by `on_date`) supersedes older statements: a pipeline facility of that network and those types whose latest
    row is older than the list and that has no row of the list's source on the list's date is
    `not_on_latest_list`; (2) a pipeline facility whose latest evidence (its latest row certain by `on_date`) is
    more than `stale_months` months before the register's evidence day (evidence_day) is `stale`; otherwise it
    is `pipeline`. The list rule needs `facilities` (network, facility_type) and `totals`; without them only
    staleness applies. Columns: facility_code, status, last_evidence, months_silent (whole months from
    last_evidence to the register's evidence day, the span the staleness rule measures), pipeline_state,
    list_date, list_source_id.
    """
    on = pd.Timestamp(on_date)
    fs = with_date_latest(facility_status)
    known = fs[fs["date_latest"] <= on]
    now = status_on(fs, on)
    pipe = now[now["in_pipeline"].to_numpy(bool)][["facility_code", "status"]].reset_index(drop=True)
    last = known.groupby("facility_code")["date_latest"].max()
    pipe["last_evidence"] = pd.to_datetime(pipe["facility_code"].map(last.to_dict()))
    if pipe.empty:
        empty = {"months_silent": "Int64", "pipeline_state": object, "list_date": "datetime64[ns]",
                 "list_source_id": object}  # fmt: skip
        return pipe.assign(**{name: pd.Series(dtype=dtype) for name, dtype in empty.items()})
    ref = evidence_day(fs, on)
    pipe["months_silent"] = pd.array([_whole_months(last, ref) for last in pipe["last_evidence"]], dtype="Int64")
    cutoff = ref - pd.DateOffset(months=stale_months) if pd.notna(ref) else pd.NaT
    state = np.where(pipe["last_evidence"] < cutoff, "stale", "pipeline").astype(object)
    list_date = pd.Series(pd.NaT, index=pipe.index, dtype="datetime64[ns]")
    list_source = pd.Series(None, index=pipe.index, dtype=object)
    if facilities is not None and totals is not None and len(totals) and len(pipe):
        lists = totals[(totals["kind"] == "list") & (pd.to_datetime(totals["date_latest"]) <= on)]
        lists = lists.assign(date_latest=pd.to_datetime(lists["date_latest"])).sort_values("date_latest")
        reg = facilities.set_index("code")
        for i, r in pipe.iterrows():
            if r["facility_code"] not in reg.index:
                continue
            f = reg.loc[r["facility_code"]]
            has_type = [f["facility_type"] in str(t).split(",") for t in lists["facility_types"]]
            mine = lists[(lists["network"] == f["network"]).to_numpy(bool) & np.array(has_type, dtype=bool)]
            if mine.empty:
                continue
            latest = mine.iloc[-1]
            rows = known[known["facility_code"] == r["facility_code"]]
            same_day = rows["date_latest"] == latest["date_latest"]
            on_list = ((rows["source_id"] == latest["source_id"]) & same_day).any()
            list_date[i], list_source[i] = latest["date_latest"], latest["source_id"]
            if not on_list and r["last_evidence"] < latest["date_latest"]:
                state[i] = "not_on_latest_list"
    return pipe.assign(pipeline_state=state, list_date=list_date, list_source_id=list_source)


@contracts.output(contracts.StatusWithPipelineOutput)
def status_with_pipeline(
    facility_status: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    horizon: date | str | pd.Timestamp = PIPELINE_HORIZON,
    facilities: pd.DataFrame | None = None,
    totals: pd.DataFrame | None = None,
    stale_months: int = PIPELINE_STALE_MONTHS,
    include_stale: bool = False,
) -> pd.DataFrame:
    """What the pipeline buys: status_on `on_date`, with every facility then in the pipeline that still counts
    (pipeline_state: not stale, not left off the latest official list; include_stale counts the stale ones too)
    counted open as it will be once built, by its expected date or, without one, by `horizon` (an expected date
    after the horizon does not count). Same columns as status_on plus pipeline_state and last_evidence;
    open_basis says pipeline_expected or pipeline_horizon for the facilities the pipeline adds.
    """
    known = status_on(facility_status, on_date)
    state = pipeline_state(facility_status, on_date, facilities, totals, stale_months).set_index("facility_code")
    known = known.assign(
        pipeline_state=known["facility_code"].map(state["pipeline_state"].to_dict()).astype(object),
        last_evidence=pd.to_datetime(known["facility_code"].map(state["last_evidence"].to_dict())),
    )
    counts = known["pipeline_state"].eq("pipeline") | (include_stale & known["pipeline_state"].eq("stale"))
    expected = pd.to_datetime(known["expected_day"])
    hz = pd.Timestamp(horizon)
    in_pipe = (known["in_pipeline"] & counts).to_numpy(bool)
    due_expected = in_pipe & (expected.notna() & (expected <= hz)).to_numpy(bool)
    due_horizon = in_pipe & expected.isna().to_numpy(bool)
    is_open = known["is_open"].to_numpy(bool)
    basis = np.select([is_open, due_expected, due_horizon], ["open", "pipeline_expected", "pipeline_horizon"], "")
    return known.assign(
        counted_open=is_open | due_expected | due_horizon,
        open_basis=pd.Series(basis, dtype=object).replace("", None).to_numpy(),
    )


@contracts.output(contracts.OpenFacilitiesOutput)
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
