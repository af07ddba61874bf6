"""The facility register against what was published: network totals, official lists, network start dates.

Pure functions on the frames of data.queries (facilities, facility_status, network_totals, networks); each returns
one row per check or per disagreement, so that the sources page and the quality table can list them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.semantics import date_span
from metrics import contracts
from metrics.facilities import pipeline_state, status_on, with_date_latest

RECONCILE_COLUMNS = [
    "network", "facility_types", "status", "published_date", "precision", "earliest", "latest", "published",
    "register", "register_low", "register_high", "agrees", "kind", "source_id", "source_title", "source_url",
    "note",
]  # fmt: skip
NETWORK_START_COLUMNS = ["facility_code", "network", "status_date", "date_latest", "network_started", "source_id"]


def register_count(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    on_date: object,
    network: str,
    facility_types: tuple[str, ...],
    statuses: tuple[str, ...],
    totals: pd.DataFrame | None = None,
) -> int:
    """How many facilities of `network` and `facility_types` stand in one of `statuses` on `on_date`, by the rule
    of metrics.facilities.status_on (a status counts from the day it is certain). With `totals`, pipeline
    facilities count only while metrics.facilities.pipeline_state counts them (not stale, not left off the
    latest official list)."""
    st = status_on(facility_status, on_date)
    if totals is not None:
        ps = pipeline_state(facility_status, on_date, facilities, totals).set_index("facility_code")["pipeline_state"]
        state = st["facility_code"].map(ps)
        st = st[state.isna().to_numpy() | state.eq("pipeline").to_numpy()]
    reg = facilities.set_index("code")
    mine = st[st["facility_code"].isin(reg.index)]
    net = mine["facility_code"].map(reg["network"])
    typ = mine["facility_code"].map(reg["facility_type"])
    keep = (net == network) & typ.isin(facility_types) & mine["status"].isin(statuses)
    return int(keep.sum())


def _days_in(facility_status: pd.DataFrame, earliest: pd.Timestamp, latest: pd.Timestamp) -> list[pd.Timestamp]:
    """The days on which the register can change within [earliest, latest], with both ends."""
    fs = with_date_latest(facility_status)
    inside = fs.loc[(fs["date_latest"] > earliest) & (fs["date_latest"] < latest), "date_latest"]
    return sorted({earliest, latest, *inside})


@contracts.output(contracts.ReconcileOutput)
def reconcile(facilities: pd.DataFrame, facility_status: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Every published total against the register's count, one row each.

    The rule (docs/DATA.md, 'Reconciliation'): the register's count of the total's network, facility types and
    status(es) is taken by metrics.facilities.status_on (for an official list, of the pipeline that still counts
    by metrics.facilities.pipeline_state). A total published with a day is compared on that day; one
    published with a month, a year or an interval only, on every day of that span where the register changes:
    it agrees when the register had the published count on some day of the span (register_low and
    register_high give the register's range over the span, register its count on the span's last day).
    Columns: RECONCILE_COLUMNS.
    """
    rows = []
    for t in totals.to_dict("records"):
        span = date_span(t["published_date"])
        earliest, latest = pd.Timestamp(span.earliest), pd.Timestamp(span.latest)
        types = tuple(str(t["facility_types"]).split(","))
        statuses = tuple(str(t["status"]).split("|"))
        days = [latest] if span.precision == "day" else _days_in(facility_status, earliest, latest)
        # an official list is compared with the pipeline as the product counts it (its own rule supersedes the rest)
        lists = totals if t.get("kind") == "list" else None
        counts = [register_count(facilities, facility_status, d, t["network"], types, statuses, lists) for d in days]
        published = int(t["count"])
        rows.append(
            {
                "network": t["network"],
                "facility_types": t["facility_types"],
                "status": t["status"],
                "published_date": t["published_date"],
                "precision": span.precision,
                "earliest": earliest,
                "latest": latest,
                "published": published,
                "register": counts[-1],
                "register_low": min(counts),
                "register_high": max(counts),
                "agrees": published in counts,
                "kind": t.get("kind", "count"),
                "source_id": t.get("source_id"),
                "source_title": t.get("source_title"),
                "source_url": t.get("source_url"),
                "note": t.get("note"),
            }
        )
    return pd.DataFrame(rows, columns=RECONCILE_COLUMNS)


@contracts.output(contracts.DisagreementsOutput)
def disagreements(facilities: pd.DataFrame, facility_status: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """The published totals the register does not reproduce (reconcile's rows with agrees False)."""
    r = reconcile(facilities, facility_status, totals)
    return r[~r["agrees"].to_numpy(bool)].reset_index(drop=True)


@contracts.output(contracts.OpenedBeforeNetworkOutput)
def opened_before_network(
    facilities: pd.DataFrame, facility_status: pd.DataFrame, networks: pd.DataFrame
) -> pd.DataFrame:
    """Status rows that show a facility open before its network began (none should exist).

    A row 'open' whose date is certain before the network's start (date_latest < started_day) claims an opening
    the network could not have had. Columns: NETWORK_START_COLUMNS.
    """
    fs = with_date_latest(facility_status)
    started = networks.set_index("code")["started_day"]
    net = fs["facility_code"].map(facilities.set_index("code")["network"])
    start = pd.to_datetime(net.map(started))
    bad = (fs["status"] == "open").to_numpy() & (fs["date_latest"] < start).fillna(False).to_numpy(bool)
    out = fs[bad].assign(network=net[bad], network_started=start[bad])
    out = out.reindex(columns=NETWORK_START_COLUMNS)
    return out.sort_values(["facility_code", "date_latest"], kind="stable").reset_index(drop=True)


def network_indicator(facility_types: str, network_types: dict[str, tuple[str, ...]]) -> str | None:
    """The network indicator whose facility types include every type of a total (None when none does)."""
    types = set(str(facility_types).split(","))
    for code, mine in network_types.items():
        if types <= set(mine):
            return code
    return None


@contracts.output(contracts.RegisterFindingsOutput)
def register_findings(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    totals: pd.DataFrame,
    networks: pd.DataFrame,
    network_types: dict[str, tuple[str, ...]],
) -> pd.DataFrame:
    """The register's disagreements as quality findings: rule register_vs_total (a published total the register
    does not reproduce; value = register, expected = published, period = the published date, parts = the
    statuses) and opened_before_network (value and expected empty, period = the row's date, parts = the facility
    code, first = the network's start)."""
    d = disagreements(facilities, facility_status, totals)
    pipeline = ~d["status"].eq("open")
    a = pd.DataFrame(
        {
            "rule": "register_vs_total",
            "indicator_code": [network_indicator(t, network_types) for t in d["facility_types"]],
            "geo_level": "country",
            "geo_code": "AZ",
            "period": d["published_date"],
            "severity": "warning",
            "value": d["register"].astype(float),
            "expected": d["published"].astype(float),
            "message_key": np.where(pipeline, "register_vs_total_pipeline", "register_vs_total"),
            "parts": d["status"].str.replace("|", ", ", regex=False),
        }
    )
    e = opened_before_network(facilities, facility_status, networks)
    b = pd.DataFrame(
        {
            "rule": "opened_before_network",
            "indicator_code": None,
            "geo_level": "facility",
            "geo_code": e["facility_code"],
            "period": e["status_date"],
            "severity": "error",
            "value": np.nan,
            "expected": np.nan,
            "message_key": "opened_before_network",
            "parts": e["facility_code"],
            "first": e["network_started"].dt.strftime("%Y-%m-%d"),
        }
    )
    return pd.concat([x for x in (a, b) if not x.empty], ignore_index=True) if len(a) or len(b) else a
