"""The collegium deck without the browser, for scheduled exports and for checking.

    python -m deck export --meeting YYYY-MM-DD --lang az|en --out DIR [--live] [--no-demo] [--region ER-CODE ...]

Writes `collegium_<meeting>_<lang>.pptx` and `.pdf` into DIR: the figures frozen for that meeting, or with
`--live` today's figures (nothing frozen; `--no-demo` leaves demonstration series out of a live deck; `--region`
adds a regional slide per economic region to a live deck: a frozen meeting's regions are the ones frozen with it).
DATABASE_URL selects the database, as for the app. Exit codes: 0 written, 1 not possible (no frozen meeting
on that date, a tampered snapshot, no Chromium), 2 usage error. Every export, written or refused, is recorded in
the audit trail (data.audit) as done from the command line by the OS account on this host.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from data import audit, snapshots
from data.config import database_url
from data.db import make_engine
from data.errors import DataError
from data.i18n import LANGUAGES, translate
from deck import export, images, source
from deck.errors import ExportError

STATUSES = ("reported", "official", "demonstration")


class MeetingNotFrozenError(DataError):
    """No figures were frozen for a meeting on that date."""

    key = "collegium.cli.not_frozen"

    def __init__(self, meeting: date) -> None:
        super().__init__(f"no frozen figures for the meeting of {meeting}", meeting=meeting.isoformat())


def parser() -> argparse.ArgumentParser:
    """The command's arguments."""
    ap = argparse.ArgumentParser(prog="python -m deck", description="Export a collegium deck (PPTX and PDF).")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("export", help="write the deck of one meeting as PPTX and PDF")
    ex.add_argument("--meeting", required=True, type=date.fromisoformat, help="the meeting's date, YYYY-MM-DD")
    ex.add_argument("--lang", choices=LANGUAGES, default="az")
    ex.add_argument("--out", required=True, type=Path, help="the folder to write into (created if missing)")
    ex.add_argument("--live", action="store_true", help="today's figures; nothing frozen is needed")
    ex.add_argument("--no-demo", action="store_true", help="with --live: leave demonstration series out")
    ex.add_argument(
        "--region", action="append", default=[], metavar="ER-CODE", help="with --live: a regional slide (repeatable)"
    )
    return ap


def payload_for(meeting: date, live: bool, demo: bool, regions: list[str] | None = None) -> dict:
    """The frozen payload of the meeting on `meeting` (SnapshotNotFoundError when none), or today's figures."""
    engine = make_engine(database_url())
    try:
        if live:
            statuses = STATUSES if demo else STATUSES[:2]
            now = datetime.now(UTC).replace(microsecond=0)
            return {**source.live_payload(engine, meeting, statuses, frozen_at=now, regions=regions), "live": True}
        found = snapshots.snapshots(engine)
        found = found[found["meeting_date"].astype(str) == meeting.isoformat()]
        if found.empty:
            raise MeetingNotFrozenError(meeting)
        return snapshots.load(engine, int(found.iloc[0]["id"])).payload
    finally:
        engine.dispose()


def record(args: argparse.Namespace, outcome: str, detail: dict) -> str | None:
    """Append the export to the audit trail (deck_export, from the command line); the reason when the database could
    not take the event, else None."""
    target = f"{'live' if args.live else 'meeting'} {args.meeting.isoformat()} {args.lang}"
    detail = {"meeting": args.meeting.isoformat(), "live": args.live, "lang": args.lang, **detail}
    try:
        engine = make_engine(database_url())
        try:
            audit.record(
                engine, audit.command_line_actor(), "deck_export", outcome=outcome, target=target, detail=detail
            )
        finally:
            engine.dispose()
    except Exception as exc:  # noqa: BLE001 - said in words, never a traceback
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the command; the exit code."""
    args = parser().parse_args(argv)
    lang = args.lang
    written: list[Path] = []
    try:
        if args.region and not args.live:
            parser().error("--region needs --live: a frozen meeting's regions are the ones frozen with it")
        payload = payload_for(args.meeting, args.live, not args.no_demo, args.region)
        result = export.export(payload, lang)
        args.out.mkdir(parents=True, exist_ok=True)
        for extension, content in (("pptx", result.pptx), ("pdf", result.pdf)):
            path = args.out / export.file_name(payload, lang, extension)
            path.write_bytes(content)
            written.append(path)
    except (DataError, ExportError) as exc:
        print(translate(exc.key, lang, **exc.params), file=sys.stderr)
        record(args, "failed", {"error": exc.key})
        return 1
    finally:
        images.shutdown()
    problem = record(args, "ok", {"files": [p.name for p in written], "out": str(args.out)})
    for path in written:
        print(translate("collegium.cli.written", lang, path=str(path)))
    if problem:
        print(translate("audit.cli.not_recorded", lang, detail=problem), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
