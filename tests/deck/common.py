"""Constants shared by the collegium tests (imported as tests.deck.common)."""

from datetime import UTC, date, datetime

MEETING = date(2026, 12, 15)
FROZEN_AT = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
STATUSES = ("reported", "official")


def kinds_at(deck) -> dict[str, list[int]]:
    """Slide indexes by kind: {'title': [0], 'text': [1, 2, 3], 'summary': [...], 'indicator': [...], 'map': [...]}."""
    found: dict[str, list[int]] = {}
    for i, slide in enumerate(deck.slides):
        found.setdefault(slide.kind, []).append(i)
    return found


def summary_rows(deck) -> list:
    """Every summary row over all summary slides, in order."""
    return [r for s in deck.slides if s.kind == "summary" for r in s.rows]


WITH_DEMO = ("reported", "official", "demonstration")  # district figures are demonstration series in the reference
CHOSEN = ["ER-LAS", "ER-QAR"]  # regional slides asked in this order; the deck follows the decree order (6, then 9)
