"""Collegium snapshots (pure): the frozen payload built from the metric outputs, and today against it.

The payload holds exactly what a deck shows (values, targets, statuses, data statuses, sources, the generated
sentences and the series and polygons needed to redraw the charts and the map), as plain JSON values, so a
deck built from it months later is the same whatever was imported since. `compare` sets today's progress
table beside a payload ("since the last collegium").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from metrics import contracts

PAYLOAD_VERSION = 1
INDICATOR_FIELDS: tuple[str, ...] = (
    "unit",
    "kind",
    "direction",
    "name_az",
    "name_en",
    "latest_value",
    "latest_period",
    "latest_year",
    "latest_data_status",
    "n_points",
    "baseline_value",
    "baseline_year",
    "is_partial",
    "partial_value",
    "partial_period",
    "target_value",
    "target_text",
    "target_year",
    "target_year_assumed",
    "target_date_set",
    "share_achieved",
    "pace_needed",
    "pace_observed",
    "projected_value",
    "projected_low",
    "projected_high",
    "projected_share",
    "achieved_by_partial",
    "status",
    "basis",
    "first_year",
    "horizon_year",
    "target_kind",
    "target_comparable",
    "latest_qualifier",
    "latest_value_low",
    "latest_value_high",
    "segment",
    "evidence_date",
    "sentence_az",
    "sentence_en",
)
POINT_FIELDS: tuple[str, ...] = (
    "x", "value", "period", "is_partial", "data_status", "source_title", "qualifier", "value_low", "value_high",
    "segment", "segment_label_az", "segment_label_en", "segment_note_az", "segment_note_en",
)  # fmt: skip
SOURCE_FIELDS: tuple[str, ...] = ("id", "title", "publisher", "url", "published")
META_FIELDS: tuple[str, ...] = ("goal", "area", "sort_order")  # an indicator record's fields from the catalogue
DISTRICT_FIELDS: tuple[str, ...] = (
    "code",
    "name_az",
    "name_en",
    "economic_region_code",
    "population_exclusive",
    "served",
    "n_facilities",
    "served_only_via_pipeline",
    "distance_km",
)
SUMMARY_FIELDS: tuple[str, ...] = (
    "districts_total",
    "districts_served",
    "district_share",
    "population_total",
    "population_served",
    "population_share",
    "districts_without_population",
    "pop_weighted_distance_km",
    "max_distance_km",
)
FACILITY_FIELDS: tuple[str, ...] = ("code", "name_az", "name_en", "facility_type", "status", "lat", "lon")
# Statuses that can be ranked (worse to better); no_data and no_target are not a verdict.
STATUS_RANK: dict[str, int] = {"off_track": 0, "at_risk": 1, "on_track": 2, "achieved": 3}
COMPARE_COLUMNS: list[str] = [
    "indicator_code",
    "name_az",
    "name_en",
    "unit",
    "kind",
    "direction",
    "presence",
    "then_value",
    "then_period",
    "then_data_status",
    "then_target",
    "then_share",
    "then_status",
    "now_value",
    "now_period",
    "now_data_status",
    "now_target",
    "now_share",
    "now_status",
    "change",
    "change_kind",
    "better",
    "new_data",
    "target_changed",
    "status_change",
]


# ---------------------------------------------------------------------------------------------- JSON values


def plain(value: Any) -> Any:
    """A JSON-safe value: None for NaN/NA/NaT, Python numbers for numpy's, ISO text for dates."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(float(value)) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    try:
        return None if pd.isna(value) else str(value)
    except (TypeError, ValueError):
        return str(value)


def records(frame: pd.DataFrame | None, fields: Iterable[str]) -> list[dict[str, Any]]:
    """The rows of `frame` as JSON-safe dicts with exactly `fields` (a missing column gives None)."""
    fields = list(fields)
    if frame is None or frame.empty:
        return []
    f = frame.reindex(columns=fields)
    return [{k: plain(v) for k, v in zip(fields, row, strict=True)} for row in f.itertuples(index=False)]


# ---------------------------------------------------------------------------------------------- payload


def _sources_by_id(sources: pd.DataFrame) -> dict[Any, dict[str, Any]]:
    """id -> the frozen description of that source (its first row), for every source at once."""
    first = sources.drop_duplicates("id", keep="first")
    return dict(zip(first["id"], records(first, SOURCE_FIELDS), strict=True))


def _source(by_id: Mapping[Any, dict[str, Any]], source_id: object) -> dict[str, Any] | None:
    """The frozen description of one source (None when none is named; its id alone when unknown)."""
    if source_id is None or (not isinstance(source_id, str) and pd.isna(source_id)):
        return None
    try:
        return dict(by_id[source_id])
    except (KeyError, TypeError):  # not a source id of the table (TypeError: a value that cannot be a key)
        return {"id": str(source_id), "title": None, "publisher": None, "url": None, "published": None}


def _records_by(frame: pd.DataFrame | None, key: str, fields: Iterable[str]) -> dict[Any, list[dict[str, Any]]]:
    """key value -> the records (`records`) of the rows with that value, each group in the frame's row order."""
    if frame is None or frame.empty:
        return {}
    rows = records(frame, fields)
    out: dict[Any, list[dict[str, Any]]] = {}
    for k, rec in zip(frame[key], rows, strict=True):
        out.setdefault(k, []).append(rec)
    return out


def _earlier_targets(history: pd.DataFrame | None) -> dict[Any, list[dict[str, Any]]]:
    """indicator -> its superseded national target versions (value, year, date set), in the history's order."""
    if history is None or history.empty:
        return {}
    h = history[(history["geo_level"] == "country") & history["superseded"].astype(bool)]
    return _records_by(h, "indicator_code", ("value", "target_year", "date_set"))


def indicator_records(
    progress: pd.DataFrame,
    indicators: pd.DataFrame,
    sources: pd.DataFrame,
    points: pd.DataFrame,
    target_history: pd.DataFrame | None = None,
) -> list[dict[str, Any]]:
    """One frozen record per indicator of the national progress table, in catalogue order.

    The catalogue, sources, points and earlier targets are grouped once for all indicators (a filter per indicator took
    about 3 s for the 1,076 indicators of the 10 M-row database)."""
    prog = progress[progress["geo_level"] == "country"] if "geo_level" in progress.columns else progress
    first = indicators.drop_duplicates("code", keep="first")
    columns = [first[f] if f in first.columns else [None] * len(first) for f in META_FIELDS]
    meta = {  # code -> its catalogue fields
        code: dict(zip(META_FIELDS, values, strict=True)) for code, *values in zip(first["code"], *columns, strict=True)
    }
    national = points[(points["geo_level"] == "country") & (points["geo_code"] == "AZ")] if len(points) else points
    source_of = _sources_by_id(sources)
    points_of = _records_by(national, "indicator_code", POINT_FIELDS)
    earlier_of = _earlier_targets(target_history)
    out = []
    for row in prog.to_dict("records"):
        code = row["indicator_code"]
        m = meta.get(code, {})
        rec = {"code": code, **{f: plain(m.get(f)) for f in META_FIELDS}}
        rec.update({k: plain(row.get(k)) for k in INDICATOR_FIELDS})
        rec["source"] = _source(source_of, row.get("latest_source_id"))
        rec["target_source"] = _source(source_of, row.get("target_source_id"))
        rec["points"] = points_of.get(code, [])
        rec["earlier_targets"] = earlier_of.get(code, [])
        out.append(rec)
    return sorted(out, key=lambda r: (r["sort_order"] if r["sort_order"] is not None else 10**6, r["code"]))


def rings(boundaries: Any, digits: int = 3) -> dict[str, list[list[list[list[float]]]]]:
    """code -> polygons -> rings (the first the outer one) -> [lon, lat] rounded to `digits`, from a GeoDataFrame."""
    out: dict[str, list[list[list[list[float]]]]] = {}
    for code, geom in zip(boundaries["code"], boundaries.geometry, strict=True):
        polygons = []
        for poly in getattr(geom, "geoms", [geom]):
            polygons.append(
                [
                    [[round(x, digits), round(y, digits)] for x, y in ring.coords]
                    for ring in [poly.exterior, *poly.interiors]
                ]
            )
        out[str(code)] = polygons
    return out


def dost_section(
    coverage: pd.DataFrame,
    summary: pd.DataFrame,
    facilities: pd.DataFrame | None,
    boundary_rings: Mapping[str, Any],
    as_of: date,
) -> dict[str, Any]:
    """The frozen DOST coverage: national shares (open / with pipeline), every district, facilities, polygons."""
    nat = summary[summary["geo_level"] == "country"]
    by_scenario = {}
    for scenario in ("open", "with_pipeline"):
        part = nat[nat["scenario"] == scenario] if "scenario" in nat.columns else nat
        by_scenario[scenario] = records(part.head(1), SUMMARY_FIELDS)[0] if len(part) else None
    cov = coverage[coverage["scenario"] == "open"] if "scenario" in coverage.columns else coverage
    piped = coverage[coverage["scenario"] == "with_pipeline"] if "scenario" in coverage.columns else coverage.iloc[0:0]
    districts = records(cov, DISTRICT_FIELDS)
    served_later = set(piped.loc[piped["served"].astype(bool), "code"]) if len(piped) else set()
    for d in districts:
        d["served_with_pipeline"] = bool(d["served"]) or d["code"] in served_later
    return {
        "as_of": as_of.isoformat(),
        "summary": by_scenario,
        "districts": districts,
        "facilities": records(facilities, FACILITY_FIELDS),
        "rings": {str(k): plain(v) for k, v in boundary_rings.items()},
    }


def build_payload(
    meeting_date: date,
    frozen_at: datetime,
    statuses: Iterable[str],
    progress: pd.DataFrame,
    indicators: pd.DataFrame,
    goals: pd.DataFrame,
    sources: pd.DataFrame,
    points: pd.DataFrame,
    target_history: pd.DataFrame | None = None,
    dost: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The frozen payload of one meeting (JSON values only; `dost` from `dost_section`)."""
    items = indicator_records(progress, indicators, sources, points, target_history)
    shown = [s for it in items for s in [it["latest_data_status"], *[p["data_status"] for p in it["points"]]]]
    return {
        "version": PAYLOAD_VERSION,
        "meeting_date": meeting_date.isoformat(),
        "frozen_at": frozen_at.replace(microsecond=0).isoformat(),
        "statuses": list(statuses),
        "has_demonstration": "demonstration" in shown,
        "goals": records(
            goals.sort_values("sort_order") if "sort_order" in goals else goals, ("code", "name_az", "name_en")
        ),
        "indicators": items,
        "dost": plain(dict(dost)) if dost is not None else None,
    }


# ---------------------------------------------------------------------------------------------- compare


def _same(a: object, b: object) -> bool:
    """Equal values, two missing values included (floats compared to 1e-9 relative)."""
    a_missing = a is None or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or (isinstance(b, float) and math.isnan(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def _better(change: float | None, direction: object) -> bool | None:
    """Whether a change is good news for an indicator of `direction` (None when it cannot tell)."""
    if change is None or change == 0 or direction not in ("higher", "lower"):
        return None
    return (change > 0) == (direction == "higher")


def _status_change(then: object, now: object) -> str:
    """'better' / 'worse' / 'same' by STATUS_RANK; 'changed' between unranked statuses; 'same' when equal."""
    if then == now:
        return "same"
    if then in STATUS_RANK and now in STATUS_RANK:
        return "better" if STATUS_RANK[now] > STATUS_RANK[then] else "worse"
    return "changed"


def _change_kind(then: Mapping[str, Any], now: Mapping[str, Any], change: float | None) -> str:
    """'new_period' (the latest figure is of another period than the one presented), 'revision' (the same period,
    another value), 'none' (neither) or 'not_comparable' (one side has no figure)."""
    if change is None:
        return "not_comparable" if then or now else "none"
    if not _same(then.get("latest_period"), now.get("latest_period")):
        return "new_period"
    return "none" if _same(then.get("latest_value"), now.get("latest_value")) else "revision"


@contracts.output(contracts.CompareOutput)
def compare(live_progress: pd.DataFrame, snapshot_payload: Mapping[str, Any]) -> pd.DataFrame:
    """Today's national progress beside a frozen payload, one row per indicator in either (COMPARE_COLUMNS).

    presence: both | new (only today) | dropped (only in the snapshot). change: now - then; change_kind:
    new_period | revision (same period, value revised) | none | not_comparable; better: the change is good news
    given the indicator's direction (only for a new period; None when unknown, no change or a revision);
    new_data: the value or its period differs; target_changed: the target value or year differs;
    status_change: better | worse | same | changed.
    """
    live = live_progress[live_progress["geo_level"] == "country"] if "geo_level" in live_progress else live_progress
    now = {r["indicator_code"]: r for r in live.to_dict("records")}
    then = {r["code"]: r for r in snapshot_payload.get("indicators", [])}
    order = list(then) + [c for c in now if c not in then]
    rows = []
    for code in order:
        t, n = then.get(code, {}), {k: plain(v) for k, v in now.get(code, {}).items()}
        meta = n or t
        tv, nv = t.get("latest_value"), n.get("latest_value")
        change = nv - tv if tv is not None and nv is not None else None
        kind = _change_kind(t, n, change)
        rows.append(
            {
                "indicator_code": code,
                "name_az": meta.get("name_az"),
                "name_en": meta.get("name_en"),
                "unit": meta.get("unit"),
                "kind": meta.get("kind"),
                "direction": meta.get("direction"),
                "presence": "both" if t and n else "new" if n else "dropped",
                "then_value": tv,
                "then_period": t.get("latest_period"),
                "then_data_status": t.get("latest_data_status"),
                "then_target": t.get("target_value"),
                "then_share": t.get("share_achieved"),
                "then_status": t.get("status"),
                "now_value": nv,
                "now_period": n.get("latest_period"),
                "now_data_status": n.get("latest_data_status"),
                "now_target": n.get("target_value"),
                "now_share": n.get("share_achieved"),
                "now_status": n.get("status"),
                "change": change,
                "change_kind": kind,
                # a revision of a period already presented is not news about progress: no better / worse
                "better": _better(change, meta.get("direction")) if kind == "new_period" else None,
                "new_data": not (_same(tv, nv) and _same(t.get("latest_period"), n.get("latest_period"))),
                "target_changed": not (
                    _same(t.get("target_value"), n.get("target_value"))
                    and _same(t.get("target_year"), n.get("target_year"))
                ),
                "status_change": _status_change(t.get("status"), n.get("status")),
            }
        )
    out = pd.DataFrame(rows, columns=COMPARE_COLUMNS)
    for c in ("then_value", "then_target", "then_share", "now_value", "now_target", "now_share", "change"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    out["new_data"] = out["new_data"].astype(bool)
    out["target_changed"] = out["target_changed"].astype(bool)
    return out


@contracts.output(contracts.ChangedRowsOutput)
def changed_rows(comparison: pd.DataFrame) -> pd.DataFrame:
    """The rows of `compare` where something moved (new data, a new target, another status or presence)."""
    moved = comparison["new_data"] | comparison["target_changed"] | (comparison["status_change"] != "same")
    return comparison[moved | (comparison["presence"] != "both")].reset_index(drop=True)


PERIOD_CHANGE_COLUMNS: list[str] = [
    "indicator_code", "name_az", "name_en", "unit", "kind", "period", "is_partial", "change_kind", "then_value",
    "now_value", "change", "data_status", "then_qualifier", "then_value_low", "then_value_high", "now_qualifier",
    "now_value_low", "now_value_high",
]  # fmt: skip


@contracts.output(contracts.PeriodChangesOutput)
def period_changes(live_points: pd.DataFrame, snapshot_payload: Mapping[str, Any]) -> pd.DataFrame:
    """Every national figure that differs from what the meeting was shown, period by period (PERIOD_CHANGE_COLUMNS).

    change_kind: 'revision' (a period already presented, with another value now) or 'new_period' (a period not
    presented then, a part of a year included, e.g. a Jan-Oct figure of the target year). live_points:
    figures.frames.series_points of today's national observations (indicator_code, geo_code, period, value,
    is_partial, data_status); indicators known only today are compared with an empty presentation.
    """
    then = {it["code"]: it for it in snapshot_payload.get("indicators", [])}
    live = live_points
    if "geo_code" in live.columns:
        live = live[live["geo_code"] == "AZ"]
    rows = []
    for r in live.to_dict("records"):
        it = then.get(r["indicator_code"], {})
        shown = {p.get("period"): p.get("value") for p in it.get("points") or []}
        meant = {p.get("period"): p for p in it.get("points") or []}
        now = plain(r.get("value"))
        if r.get("period") in shown:
            before = shown[r["period"]]
            if _same(before, now):
                continue
            kind, change = "revision", (now - before if before is not None and now is not None else None)
        else:
            kind, before, change = "new_period", None, None
        rows.append(
            {
                "indicator_code": r["indicator_code"], "name_az": it.get("name_az"), "name_en": it.get("name_en"),
                "unit": it.get("unit"), "kind": it.get("kind"), "period": r.get("period"),
                "is_partial": bool(r.get("is_partial")), "change_kind": kind, "then_value": before, "now_value": now,
                "change": change, "data_status": r.get("data_status"),
                # each value with its qualifier: as presented then (the frozen point) and as stored now
                **{f"then_{k}": meant.get(r.get("period"), {}).get(k) if before is not None else None
                   for k in ("qualifier", "value_low", "value_high")},
                **{f"now_{k}": plain(r.get(k)) for k in ("qualifier", "value_low", "value_high")},
            }
        )  # fmt: skip
    out = pd.DataFrame(rows, columns=PERIOD_CHANGE_COLUMNS)
    for c in ("then_value", "now_value", "change"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    return out.sort_values(["change_kind", "indicator_code", "period"], kind="stable").reset_index(drop=True)


def is_count(unit: object, kind: object) -> bool:
    """True when a figure is a count of things (persons, facilities ...): its changes are whole numbers."""
    return unit != "percent" and kind not in ("share", "ratio")


# ---------------------------------------------------------------------------------------------- opening slides

RISK_STATUSES = ("off_track", "at_risk")


def largest_risks(items: Iterable[Mapping[str, Any]], n: int = 3) -> list[dict[str, Any]]:
    """The `n` largest risks of a payload's indicators, by one stated rule.

    A risk is an indicator whose verdict is off track or at risk. Off track comes before at risk; within each, the
    larger share of the target still missing comes first (100 - share achieved, the projected share when the
    verdict rests on a projection); then the strategy's own order. Indicators without a target or without data are
    never risks here: the summary lists them.
    """
    chosen = []
    for it in items:
        status = it.get("status")
        if status not in RISK_STATUSES:
            continue
        share = it.get("projected_share") if it.get("projected_share") is not None else it.get("share_achieved")
        missing = 100.0 - float(share) if share is not None and not math.isnan(float(share)) else 100.0
        chosen.append((RISK_STATUSES.index(status), -max(missing, 0.0), it.get("sort_order") or 0, it, missing))
    chosen.sort(key=lambda x: x[:3])
    return [{**x[3], "missing_share": round(x[4], 1)} for x in chosen[:n]]


def since_rows(then: Mapping[str, Any] | None, now: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What changed between the last meeting's payload and this one, for the opening slide (one row a change).

    The figures are compared period by period with `period_changes` (the one rule: a revision of a period already
    presented is never a new figure); kind: new_period, part_year (a part of a year not presented before),
    revised, status (the verdict changed), new_indicator. Rows keep the unit, both values and both verdicts.
    """
    if not then:
        return []
    before = {it["code"]: it for it in then.get("indicators", [])}
    current = {it["code"]: it for it in now.get("indicators", [])}
    points = pd.DataFrame(
        [
            {**pt, "indicator_code": code}
            for code, it in current.items()
            if code in before
            for pt in it.get("points") or []
        ],
        columns=["indicator_code", "period", "value", "is_partial", "data_status"],
    )
    rows = []
    for r in period_changes(points, then).to_dict("records"):
        it = current[r["indicator_code"]]
        kind = "revised" if r["change_kind"] == "revision" else "part_year" if r["is_partial"] else "new_period"
        rows.append(_since_row(it, before[r["indicator_code"]], kind, r["period"], r["then_value"], r["now_value"]))
    for code, it in current.items():
        old = before.get(code)
        if old is None:
            rows.append(_since_row(it, {}, "new_indicator", it.get("latest_period"), None, it.get("latest_value")))
        elif not _same(old.get("status"), it.get("status")):
            rows.append(_since_row(it, old, "status", it.get("latest_period"), None, it.get("latest_value")))
    return rows


def _meaning(item: Mapping[str, Any], period: object) -> dict[str, Any]:
    """The qualifier, value_low and value_high of an item's point of `period` (exact when there is none)."""
    same = [pt for pt in item.get("points") or [] if pt.get("period") == period]
    pt = same[-1] if same else {}
    return {"qualifier": pt.get("qualifier") or "exact", "value_low": pt.get("value_low"),
            "value_high": pt.get("value_high")}  # fmt: skip


def _since_row(it: Mapping[str, Any], old: Mapping[str, Any], kind: str, period, then_value, now_value) -> dict:
    """One row of `since_rows`, each value with its qualifier (then_qualifier ..., now_qualifier ...)."""
    value = lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)  # noqa: E731
    then, now = _meaning(old, period), _meaning(it, period)
    return {
        "code": it["code"], "name_az": it.get("name_az"), "name_en": it.get("name_en"), "unit": it.get("unit"),
        "kind": kind, "period": period, "then_value": value(then_value), "now_value": value(now_value),
        "then_status": old.get("status"), "now_status": it.get("status"),
        **{f"then_{k}": v for k, v in then.items()}, **{f"now_{k}": v for k, v in now.items()},
    }  # fmt: skip
