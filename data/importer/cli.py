"""The command line: python -m data.importer FILE [--dry-run] [--user NAME] [--lang az|en].

Prints every problem (sheet, row, column, message) and the preview; exits 0 when the file was imported (or, with
--dry-run, would be), 1 when it is rejected (nothing is written), 2 on a usage error or a missing file.
Also: --batches (the import history), --rollback BATCH, --template PATH (.xlsx; or .csv, which also writes the
valid codes to PATH_lists.csv beside it). DATABASE_URL selects the database, as for the app.

Every import (dry run and commit, accepted or refused) and every rollback is written to the audit trail
(data.audit) as done from the command line by the OS account on this host; `--user NAME` is recorded beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from pathlib import Path
from typing import TextIO

import pandas as pd

from data import audit
from data.config import max_upload_bytes
from data.errors import DataError
from data.formatting import format_number, format_size
from data.i18n import LANGUAGES, translate
from data.importer.plan import CHANGED, NEW, UNCHANGED
from data.importer.problems import error

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def requested_language(argv: list[str]) -> str:
    """The language asked for with --lang (read before argparse runs, for the help text); az by default."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        elif arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        else:
            continue
        if value in LANGUAGES:
            return value
    return "az"


def parser(lang: str = "az") -> argparse.ArgumentParser:
    """The argument parser, its help in `lang`."""

    def h(key: str) -> str:
        return translate(f"import.cli.help.{key}", lang)

    ap = argparse.ArgumentParser(prog="python -m data.importer", description=h("description"))
    ap.add_argument("file", nargs="?", help=h("file"))
    ap.add_argument("--dry-run", action="store_true", help=h("dry_run"))
    ap.add_argument("--user", help=h("user"))
    ap.add_argument("--lang", choices=LANGUAGES, default="az", help=h("lang"))
    ap.add_argument("--batches", action="store_true", help=h("batches"))
    ap.add_argument("--rollback", type=int, metavar="BATCH", help=h("rollback"))
    ap.add_argument("--template", metavar="PATH", help=h("template"))
    return ap


def print_problems(checked, lang: str, out: TextIO) -> None:
    """One line per problem: severity, where, message."""
    for p in checked.problems:
        label = translate(f"import.severity.{p.severity}", lang).upper()
        print(f"{label}: {p.where(lang)}: {p.message(lang)}", file=out)


def print_plan(plan, lang: str, out: TextIO) -> None:
    """The counts, then every changed row with its previous value."""
    c = plan.counts
    print(
        translate(
            "import.cli.preview",
            lang,
            new=c[NEW],
            changed=c[CHANGED],
            unchanged=c[UNCHANGED],
            facilities=c["facilities_new"],
        ),
        file=out,
    )
    for r in plan.observations[plan.observations["change"] == CHANGED].to_dict("records"):
        print(
            translate(
                "import.cli.changed_row",
                lang,
                row=r["row"],
                indicator=r["indicator_code"],
                place=r["geo_code"],
                period=r["period"],
                old=format_number(r["previous_value"], lang),
                new=format_number(r["value"], lang),
                status=translate(f"status.{r['previous_status']}", lang),
            ),
            file=out,
        )
    for r in plan.statuses[plan.statuses["change"] == CHANGED].to_dict("records"):
        print(
            translate(
                "import.cli.changed_status",
                lang,
                row=r["row"],
                facility=r["facility_code"],
                date=r["status_date"],
                old=r["previous_status"],
                new=r["status"],
            ),
            file=out,
        )


BATCH_COLUMNS = {
    "id": "import.col.batch",
    "created_at": "import.col.when",
    "user_name": "import.col.user",
    "file_name": "import.col.file",
    "rows_new": "import.count.new",
    "rows_changed": "import.count.changed",
    "rows_unchanged": "import.count.unchanged",
    "facilities_new": "import.count.facilities",
    "status": "import.col.batch_status",
    "rolled_back_at": "import.col.rolled_back_at",
    "rolled_back_by": "import.col.rolled_back_by",
}


def print_batches(history: pd.DataFrame, lang: str, out: TextIO) -> None:
    """The import history, newest first, with translated headers and states."""
    if history.empty:
        print(translate("import.history.none", lang), file=out)
        return
    view = history[list(BATCH_COLUMNS)].astype(object).where(history[list(BATCH_COLUMNS)].notna(), "")
    view["status"] = [translate(f"import.batch_status.{x}", lang) for x in view["status"]]
    for c in ("created_at", "rolled_back_at"):
        view[c] = [str(x)[:19] for x in view[c]]
    print(
        view.rename(columns={c: translate(k, lang) for c, k in BATCH_COLUMNS.items()}).to_string(index=False), file=out
    )


def lists_path(template: Path) -> Path:
    """Where the CSV template's lists go: beside it, `NAME_lists.csv`."""
    return template.with_name(f"{template.stem}_lists.csv")


def audited_action(args: argparse.Namespace) -> tuple[str, str] | None:
    """The audit action and target of the command asked for (None: it only reads, e.g. --batches, --template)."""
    if args.rollback is not None:
        return "import_rollback", str(args.rollback)
    if args.template or args.batches or not args.file:
        return None
    return ("import_dry_run" if args.dry_run else "import_commit"), Path(args.file).name


def record(engine, args: argparse.Namespace, outcome: str = "ok", detail: dict | None = None) -> None:
    """Append the command's event to the audit trail (nothing for commands that only read)."""
    found = audited_action(args)
    if found is None:
        return
    action, target = found
    detail = {**({"user_name": args.user} if args.user else {}), **(detail or {})}
    audit.record(engine, audit.command_line_actor(), action, outcome=outcome, target=target, detail=detail or None)


def record_refusal(engine, args: argparse.Namespace, detail: dict) -> None:
    """Record a refused or failed command; a database that cannot take the event does not hide the first error."""
    with contextlib.suppress(Exception):
        record(engine, args, "failed", detail)


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    """Run the command line; returns the exit code."""
    from data.db import make_engine
    from data.importer.guard import record_failure, require_built, user_lock

    argv = sys.argv[1:] if argv is None else argv
    ap = parser(requested_language(argv))
    args = ap.parse_args(argv)
    lang = args.lang
    if not (args.file or args.batches or args.rollback is not None or args.template):
        ap.print_usage(sys.stderr)
        return EXIT_USAGE
    try:
        engine = make_engine()
    except Exception as e:  # a malformed DATABASE_URL, a missing driver: a message, never a traceback
        print(translate("import.cli.internal_error", lang, ref=record_failure(e)), file=out)
        return EXIT_REJECTED
    try:
        for what in require_built(engine):  # never builds: only python -m data.build_db changes the database
            print(translate("import.cli.db_mismatch", lang, what=what), file=out)
        with user_lock(args.user or getpass.getuser(), engine):
            return _run(args, engine, lang, out)
    except DataError as e:
        print(translate(e.key, lang, message=str(e), **e.params), file=out)
        record_refusal(engine, args, {"error": e.key})
        return EXIT_REJECTED
    except Exception as e:  # noqa: BLE001 - no user ever sees a traceback (it goes to the log)
        ref = record_failure(e)
        print(translate("import.cli.internal_error", lang, ref=ref), file=out)
        record_refusal(engine, args, {"error": "internal", "ref": ref})
        return EXIT_REJECTED
    finally:
        engine.dispose()


def _run(args: argparse.Namespace, engine, lang: str, out: TextIO) -> int:
    """The command asked for, on a built database, under the user's import lock."""
    from data import importer

    if args.template:
        path = Path(args.template)
        if path.suffix.lower() != ".csv":
            path.write_bytes(importer.template_xlsx(engine, lang))
            print(translate("import.cli.template_written", lang, path=str(path)), file=out)
            return EXIT_OK
        lists = lists_path(path)
        path.write_bytes(importer.template_csv(lang))
        lists.write_bytes(importer.lists_csv(engine, lang))
        print(translate("import.cli.template_written", lang, path=str(path)), file=out)
        print(translate("import.cli.lists_written", lang, path=str(lists)), file=out)
        return EXIT_OK
    if args.batches:
        print_batches(importer.batches(engine), lang, out)
        return EXIT_OK
    who = audit.command_line_actor(name=args.user).label  # the batch records who ran the command
    if args.rollback is not None:
        importer.rollback(engine, args.rollback, who)
        record(engine, args, detail={"batch": args.rollback})
        print(translate("import.rollback.done", lang, batch=args.rollback), file=out)
        return EXIT_OK
    path = Path(args.file)
    if not path.is_file():
        print(translate("import.cli.no_file", lang, path=str(path)), file=sys.stderr)
        record(engine, args, "failed", {"error": "no_file"})
        return EXIT_USAGE
    limit = max_upload_bytes()
    if path.stat().st_size > limit:  # not read into memory at all
        too_large = error("file_too_large", size=format_size(path.stat().st_size), limit=format_size(limit))
        checked = importer.Checked(path.name, "", path.stat().st_size, "unknown", [too_large])
    else:
        checked = importer.check(engine, path.read_bytes(), path.name)
    print_problems(checked, lang, out)
    checked_detail = {"sha256": checked.sha256, "errors": len(checked.errors), "notes": len(checked.notes)}
    if not checked.ok:
        print(translate("import.rejected", lang, count=len(checked.errors)), file=out)
        record(engine, args, "failed", checked_detail)
        return EXIT_REJECTED
    plan = importer.preview(engine, checked)
    print_plan(plan, lang, out)
    if args.dry_run:
        record(engine, args, detail={**checked_detail, **plan.counts})
        print(translate("import.cli.dry_run", lang), file=out)
        return EXIT_OK
    done = importer.commit(engine, checked, who, expected=plan.fingerprint)
    record(engine, args, detail={"batch": done.batch_id, "sha256": checked.sha256, **done.counts})
    print(
        translate(
            "import.cli.committed",
            lang,
            batch=done.batch_id,
            new=done.counts[NEW],
            changed=done.counts[CHANGED],
            unchanged=done.counts[UNCHANGED],
        ),
        file=out,
    )
    return EXIT_OK
