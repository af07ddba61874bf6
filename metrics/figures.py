"""Every headline figure as data, from the same functions the pages use (metrics.progress).

    python -m metrics.figures --as-of YYYY-MM-DD [--lang az|en] [--format json|csv] [--no-demo] [--as-user WHO]

prints one row per indicator and geography: the latest figure with its period, qualifier, unit, data status and
source ids, the date of its latest evidence (and whether it is stale for the date asked), the target in force
with its kind and deadline, the verdict and its basis in words, and the series segment the figure belongs to.
DATABASE_URL selects the database (as for the importer). `--as-user` (the provider's subject or the e-mail) limits
the table to what that user may see: an analyst gets national figures and their own regions' rows only (the
region scope of data.users, applied in the queries). The sources page offers the same table as a download.
Every run that reads the database is recorded in the audit trail (data.audit) as a data export from the command
line, by the OS account on this host and, with `--as-user`, under that user (a refused user is recorded as denied).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data.config import evidence_stale_months
from data.formatting import format_number, format_period, format_year
from data.i18n import LANGUAGES, normalise_language, translate
from metrics.evidence import is_stale
from metrics.network import with_register_counts
from metrics.progress import progress
from metrics.series import date_key

DEMO = "demonstration"
STATUSES = ("official", "reported", DEMO)
FIGURE_COLUMNS: list[str] = [
    "indicator_code", "indicator", "geo_level", "geo_code", "period", "value", "qualifier", "value_low",
    "value_high", "unit", "data_status", "source_ids", "evidence_date", "evidence_stale", "target_value",
    "target_kind", "target_year", "deadline_stated", "target_comparable", "verdict", "verdict_basis",
    "basis_key", "n_points", "segment", "as_of",
]  # fmt: skip


def deadline_words(row: Mapping, lang: str) -> str:
    """The target's deadline as words: its year, or the horizon it is judged against when none was stated."""
    if row.get("target_year_assumed") and not pd.isna(row.get("horizon_year")):
        return translate("metric.no_deadline_horizon", lang, year=format_year(row.get("horizon_year")))
    return format_year(row.get("target_year"))


def basis_words(row: Mapping, lang: str) -> str:
    """How a verdict was reached, in words ('Basis: trend of 5 yearly points (2021–2025) projected to 2026.');
    '' for a row without a verdict (no target, no data)."""
    basis = row.get("basis")
    if not isinstance(basis, str) or basis in ("no_target", "no_data", ""):
        return ""
    kind = row.get("target_kind")
    partial = row.get("partial_period")
    params = {
        "n": format_number(row.get("n_points"), lang),
        "first": format_year(row.get("first_year")),
        "latest": format_year(row.get("latest_year")),
        "target_year": deadline_words(row, lang),
        "period": format_period(str(partial), lang) if isinstance(partial, str) and partial else "–",
        "target_kind": translate(f"metric.target_kind.{kind}", lang) if isinstance(kind, str) and kind else "–",
    }
    return translate(f"metric.verdict_basis.{basis}", lang, **params)


def known_by(observations: pd.DataFrame, targets: pd.DataFrame, as_of: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observations whose period ended by `as_of` and the targets set by then (undated ones kept)."""
    o = observations[pd.to_datetime(observations["period_end"]) <= pd.Timestamp(as_of)]
    keys = targets["date_set"].map(date_key) if "date_set" in targets.columns else pd.Series("", index=targets.index)
    t = targets[(keys == "") | (keys <= as_of.isoformat())]
    return o, t


def headline_figures(
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    observations: pd.DataFrame,
    as_of: date,
    lang: str = "az",
    geo_level: str | None = None,
) -> pd.DataFrame:
    """Every headline figure known by `as_of`, one row per indicator and geography (FIGURE_COLUMNS).

    The figures are metrics.progress's (the pages' own), restricted to what was known by `as_of`; words in `lang`.
    """
    lang = normalise_language(lang)
    o, t = known_by(observations, targets, as_of)
    prog = progress(indicators, t, o, geo_level=geo_level)
    rows = []
    for r in prog.to_dict("records"):
        sources = [x for x in (r.get("latest_source_id"), r.get("target_source_id")) if isinstance(x, str) and x]
        evidence = r.get("evidence_date")
        has_target = not pd.isna(r.get("target_value"))
        rows.append(
            {
                "indicator_code": r["indicator_code"],
                "indicator": r.get(f"name_{lang}") or r["indicator_code"],
                "geo_level": r["geo_level"],
                "geo_code": r["geo_code"],
                "period": r.get("latest_period"),
                "value": r.get("latest_value"),
                "qualifier": r.get("latest_qualifier") if not pd.isna(r.get("latest_value")) else None,
                "value_low": r.get("latest_value_low"),
                "value_high": r.get("latest_value_high"),
                "unit": r.get("unit"),
                "data_status": r.get("latest_data_status"),
                "source_ids": ";".join(dict.fromkeys(sources)),
                "evidence_date": pd.Timestamp(evidence).date().isoformat() if not pd.isna(evidence) else None,
                "evidence_stale": is_stale(evidence, as_of) if not pd.isna(evidence) else None,
                "target_value": r.get("target_value"),
                "target_kind": r.get("target_kind") if has_target else None,
                "target_year": r.get("target_year"),
                "deadline_stated": bool(not r.get("target_year_assumed")) if has_target else None,
                "target_comparable": r.get("target_comparable"),
                "verdict": r.get("status"),
                "verdict_basis": basis_words(r, lang),
                "basis_key": r.get("basis"),
                "n_points": r.get("n_points"),
                "segment": r.get("segment"),
                "as_of": as_of.isoformat(),
            }
        )
    out = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    out["target_year"] = out["target_year"].astype("Int64")
    return out


def load(
    engine: object, statuses: Sequence[str], as_of: date, regions: Sequence[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(indicators, targets, observations of `statuses` within the region scope `regions`) from the database;
    network indicators without a published national figure counted from the (whole) facility register up to
    `as_of` (as on the pages and slides): national counts, never a district's row."""
    from data import queries

    obs = queries.observations(engine, statuses=statuses, regions=regions)
    fstatus = queries.facility_status(engine, statuses=statuses)
    obs = with_register_counts(obs, queries.facilities(engine), fstatus, as_of)
    return queries.indicators(engine), queries.targets(engine), obs


def scope_of(engine: object, who: str) -> tuple[str, ...] | None:
    """The region scope of the user named by subject or e-mail (data.users); UserError when unknown or roleless."""
    from data import users
    from data.errors import UserError

    access = users.access(engine, users.find(engine, who))
    if not access.roles:
        raise UserError(f"user {who!r} holds no role", who=who)
    return access.regions


def command_actor(engine: object, who: str | None) -> object:
    """The audit actor of a run: the named user (subject and name, when known) from the command line, else the OS
    account."""
    from data import audit, users
    from data.errors import UserError

    if not who:
        return audit.command_line_actor()
    try:
        subject = users.find(engine, who)
    except UserError:
        return audit.command_line_actor(name=f"--as-user {who}")
    return audit.command_line_actor(subject=subject, name=users.label(engine, subject))


def render(figures: pd.DataFrame, fmt: str) -> str:
    """The table as JSON (a list of objects, missing values null) or CSV."""
    if fmt == "csv":
        return figures.to_csv(index=False)
    records = json.loads(figures.to_json(orient="records", force_ascii=False))
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def parser() -> argparse.ArgumentParser:
    """The command's arguments."""
    p = argparse.ArgumentParser(prog="python -m metrics.figures", description=__doc__.splitlines()[0])
    p.add_argument("--as-of", required=True, type=date.fromisoformat, help="the date the figures are for")
    p.add_argument("--lang", choices=LANGUAGES, default="az", help="language of names and verdict bases")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--no-demo", action="store_true", help="leave out demonstration values")
    p.add_argument("--level", choices=("country", "region", "district"), default=None, help="one geography level")
    p.add_argument("--as-user", metavar="WHO", help="only what this user (subject or e-mail) may see")
    return p


def _reason(error: BaseException) -> str:
    """The driver's own one-line reason of a database error ('no such table: indicators')."""
    root = error.__cause__ if isinstance(error, pd.errors.DatabaseError) and error.__cause__ else error
    return str(getattr(root, "orig", None) or root).splitlines()[0]


def not_built(engine: Engine) -> str | None:
    """Why the database cannot give figures ('no schema', 'schema X, expected Y'), or None when it is built."""
    from data.db import head_revision, schema_revision

    revision = schema_revision(engine)
    if revision is None:
        return "no schema"
    if revision != head_revision():
        return f"schema {revision}, expected {head_revision()}"
    return None


TARGET = "metrics.figures"  # the audit trail's target of the command's data exports


def main(argv: Sequence[str] | None = None) -> int:
    """Print every headline figure (see the module's docstring); 0 on success, 1 (a message, no traceback) when
    the database is not built or cannot be read."""
    args = parser().parse_args(argv)
    from data.db import make_engine

    statuses = tuple(s for s in STATUSES if not (args.no_demo and s == DEMO))
    from data import audit
    from data.errors import UserError

    try:
        engine = make_engine()
    except (SQLAlchemyError, ValueError, ImportError) as e:  # a malformed DATABASE_URL, a missing driver
        sys.stderr.write(translate("figures.cli.unreadable", args.lang, detail=_reason(e)) + "\n")
        return 1
    try:
        problem = not_built(engine)
        if problem:
            sys.stderr.write(translate("figures.cli.not_built", args.lang, detail=problem) + "\n")
            return 1
        who = command_actor(engine, args.as_user)
        detail = {"as_of": args.as_of.isoformat(), "format": args.format, "level": args.level, "demo": not args.no_demo}
        try:
            regions = scope_of(engine, args.as_user) if args.as_user else None
        except UserError as e:
            audit.record(engine, who, "data_export", outcome="denied", target=TARGET, detail={**detail, "why": str(e)})
            raise
        ind, tg, obs = load(engine, statuses, args.as_of, regions)
        figures = headline_figures(ind, tg, obs, args.as_of, args.lang, args.level)
        scope = None if regions is None else list(regions)
        audit.record(
            engine, who, "data_export", target=TARGET, detail={**detail, "rows": len(figures), "regions": scope}
        )
    except UserError as e:
        sys.stderr.write(f"error: {e}\n")
        return 2
    except (SQLAlchemyError, pd.errors.DatabaseError) as e:  # unreachable server, a table missing (damaged)
        sys.stderr.write(translate("figures.cli.unreadable", args.lang, detail=_reason(e)) + "\n")
        return 1
    finally:
        engine.dispose()
    sys.stdout.write(render(figures, args.format))
    sys.stderr.write(f"{len(figures)} figures; evidence older than {evidence_stale_months()} months is stale\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
