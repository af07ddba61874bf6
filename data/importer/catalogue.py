"""What a file is checked against: the indicator catalogue, the places, the facility registry and the vocabularies."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from sqlalchemy import Connection, Engine

from data import queries
from data import schema as s
from data.importer.names import LEVEL_WORDS, CodeMatcher, PlaceMatcher, indicator_matcher, vocabulary

QUALIFIER_WORDS = {
    "exact": ["dəqiq"],
    "approx": ["təxminən", "about", "approximately", "около"],
    "more_than": ["çox", "artıq", "more than", "over", "более"],
    "less_than": ["less than", "menee", "менее"],
    "up_to": ["qədər", "up to", "до"],
    "range": ["aralıq", "interval", "диапазон"],
}
# Signs a qualifier cell may hold instead of a word.
QUALIFIER_SIGNS = {"=": "exact", "~": "approx", "≈": "approx", ">": "more_than", "<": "less_than", "≤": "up_to",
                   "<=": "up_to", "–": "range", "-": "range"}  # fmt: skip
DATE_BASIS_WORDS = {"effective": ["başladığı tarix", "from", "since"], "as_of": ["as of", "vəziyyətinə", "tarixə"]}


@dataclass
class Catalogue:
    """Reference lookups for one validation (read once, then used for every row)."""

    indicators: pd.DataFrame  # indexed by code: kind, levels, name_az, name_en
    indicator_names: CodeMatcher
    places: PlaceMatcher
    levels: CodeMatcher
    facilities: pd.DataFrame  # indexed by code
    statuses: CodeMatcher
    networks: CodeMatcher
    facility_types: CodeMatcher
    date_bases: CodeMatcher
    qualifiers: CodeMatcher
    segments: pd.DataFrame  # indicator_code, segment, starts
    population: float = 0.0  # the country's population (the sum over districts): the ceiling of counts

    @classmethod
    def load(cls, bind: Engine | Connection) -> Catalogue:
        """Read the catalogue from the database."""
        ind = queries.indicators(bind)
        districts = queries.districts(bind)
        return cls(
            indicators=ind.set_index("code"),
            indicator_names=indicator_matcher(ind),
            places=PlaceMatcher(districts, queries.district_aliases(bind), queries.economic_regions(bind)),
            levels=CodeMatcher(LEVEL_WORDS),
            facilities=queries.facilities(bind).set_index("code"),
            statuses=vocabulary("facility.status", s.FACILITY_STATUSES),
            networks=vocabulary("facility.network", s.FACILITY_NETWORKS),
            facility_types=vocabulary("facility.type", s.FACILITY_TYPES),
            date_bases=vocabulary("import.date_basis", s.DATE_BASES, DATE_BASIS_WORDS),
            qualifiers=vocabulary("import.qualifier", s.QUALIFIERS, QUALIFIER_WORDS),
            segments=queries.series_segments(bind)[["indicator_code", "segment", "starts"]],
            population=float(pd.to_numeric(districts["population"], errors="coerce").sum()),
        )

    @cached_property
    def _facility_codes(self) -> dict[str, str]:
        return {c.upper(): c for c in self.facilities.index}

    def facility_code(self, text: str) -> str | None:
        """The registry's code for a text (case-insensitive), None for a new facility."""
        return self._facility_codes.get(text.strip().upper())
