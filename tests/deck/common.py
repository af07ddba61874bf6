"""Constants shared by the collegium tests (imported as tests.deck.common)."""

from datetime import UTC, date, datetime

MEETING = date(2026, 12, 15)
FROZEN_AT = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
STATUSES = ("reported", "official")
