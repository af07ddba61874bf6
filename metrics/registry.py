"""The indicator registry: one frozen dataclass per indicator, with its targets and baseline, built from data."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pandas as pd

from data.i18n import normalise_language
from metrics import contracts
from metrics.series import BASELINE_YEAR, annual_series, baselines, classify, date_key

COUNTRY = ("country", "AZ")
KINDS = ("count", "stock", "share", "ratio")
DIRECTIONS = ("higher", "lower", "none")
LEVELS = ("country", "region", "district", "facility")


def _text(value: object) -> str | None:
    """A stripped string, or None for a missing or blank value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _bool(value: object) -> bool:
    """True for True, 1, 'true', 'yes', 't' (any case); False otherwise, missing included."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return False
    return str(value).strip().lower() in {"true", "1", "yes", "y", "t"}


def _num(value: object) -> float | None:
    """A float, or None when missing."""
    return None if value is None or pd.isna(value) else float(value)


@dataclass(frozen=True)
class Target:
    """One stated version of a target (several may exist; the latest current one is used)."""

    indicator_code: str
    value: float | None
    value_text: str
    target_year: int | None
    date_set: str
    is_current: bool
    geo_level: str = "country"
    geo_code: str = "AZ"
    source_id: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    note: str | None = None

    @property
    def sort_key(self) -> str:
        """The date set as a sortable 'YYYY-MM-DD' key."""
        return date_key(self.date_set)


@dataclass(frozen=True)
class Indicator:
    """An indicator of the catalogue, with every target version and its baseline."""

    code: str
    area: str
    goal: str
    name_az: str
    name_en: str
    definition_az: str
    definition_en: str
    unit: str
    kind: str
    direction: str
    levels: tuple[str, ...]
    has_target: bool
    sort_order: int = 0
    targets: tuple[Target, ...] = field(default=())
    baseline_value: float | None = None
    baseline_year: int | None = None

    def name(self, lang: str) -> str:
        """The indicator's name in `lang` (az or en)."""
        return self.name_en if normalise_language(lang) == "en" else self.name_az

    def definition(self, lang: str) -> str:
        """The indicator's definition in `lang` (az or en)."""
        return self.definition_en if normalise_language(lang) == "en" else self.definition_az

    @property
    def current_target(self) -> Target | None:
        """The national target in force, by the one target rule (`targets_in_force`)."""
        national = [t for t in self.targets if (t.geo_level, t.geo_code) == COUNTRY]
        if not national:  # most of a large catalogue (a thousand indicators): no frame to rank
            return None
        frame = pd.DataFrame(
            {
                "indicator_code": [t.indicator_code for t in national],
                "geo_level": [t.geo_level for t in national],
                "geo_code": [t.geo_code for t in national],
                "value": pd.array([t.value for t in national], dtype="Float64"),
                "is_current": [t.is_current for t in national],
                "date_set": [t.date_set for t in national],
            }
        )
        chosen = targets_in_force(frame)
        return national[int(chosen.index[0])] if len(chosen) else None

    @property
    def baseline(self) -> tuple[float, int] | None:
        """(value, year) of the baseline, or None when no yearly national figure exists."""
        if self.baseline_value is None or self.baseline_year is None:
            return None
        return self.baseline_value, self.baseline_year

    def problems(self) -> list[str]:
        """What is missing or inconsistent in this entry (empty when it is complete)."""
        out = []
        for attr in ("name_az", "name_en", "definition_az", "definition_en", "unit", "area", "goal"):
            if not _text(getattr(self, attr)):
                out.append(f"{self.code}: no {attr}")
        if self.direction not in DIRECTIONS:
            out.append(f"{self.code}: direction {self.direction!r} is not one of {DIRECTIONS}")
        if self.kind not in KINDS:
            out.append(f"{self.code}: kind {self.kind!r} is not one of {KINDS}")
        if not self.levels or set(self.levels) - set(LEVELS):
            out.append(f"{self.code}: levels {self.levels!r} are not a subset of {LEVELS}")
        if self.has_target and not self.targets:
            out.append(f"{self.code}: has_target is true but no target is stated")
        if not self.has_target and self.targets:
            out.append(f"{self.code}: has_target is false but {len(self.targets)} target(s) are stated")
        return out


class Registry(Mapping[str, Indicator]):
    """The indicators by code, in catalogue order."""

    def __init__(self, indicators: list[Indicator], unknown_target_codes: tuple[str, ...] = ()) -> None:
        """Index `indicators` by code (catalogue order kept); remember targets naming no indicator."""
        self._items = {i.code: i for i in sorted(indicators, key=lambda i: (i.sort_order, i.code))}
        self.unknown_target_codes = tuple(sorted(unknown_target_codes))

    def __getitem__(self, code: str) -> Indicator:
        """The indicator with `code`."""
        return self._items[code]

    def __iter__(self) -> Iterator[str]:
        """Codes in catalogue order."""
        return iter(self._items)

    def __len__(self) -> int:
        """How many indicators."""
        return len(self._items)

    def by_area(self) -> dict[str, tuple[Indicator, ...]]:
        """Indicators grouped by area (children, rehabilitation, dost, other)."""
        return self._group("area")

    def by_goal(self) -> dict[str, tuple[Indicator, ...]]:
        """Indicators grouped by strategic goal."""
        return self._group("goal")

    def _group(self, attr: str) -> dict[str, tuple[Indicator, ...]]:
        """Indicators grouped by one attribute, catalogue order kept."""
        out: dict[str, list[Indicator]] = {}
        for ind in self._items.values():
            out.setdefault(getattr(ind, attr), []).append(ind)
        return {k: tuple(v) for k, v in out.items()}

    def problems(self) -> list[str]:
        """Every problem of every entry, plus targets that name an indicator not in the catalogue."""
        unknown = [f"targets name an indicator not in the catalogue: {c}" for c in self.unknown_target_codes]
        return [p for ind in self._items.values() for p in ind.problems()] + unknown


@contracts.output(contracts.TargetsInForceOutput)
def targets_in_force(targets: pd.DataFrame, all_versions: bool = False) -> pd.DataFrame:
    """The target rule, for every metric and the registry: per indicator and geography, only versions with a
    value count; a current version beats a superseded one, then the later date set (ties: the later row).

    Returns the version in force per (indicator_code, geo_level, geo_code), or with `all_versions` every version
    with a value in that order (the one in force last); rows keep their index and columns.
    """
    t = targets[targets["value"].notna()]
    ranked = t.assign(_cur=t["is_current"].map(_bool), _key=t["date_set"].map(date_key))
    ranked = ranked.sort_values(["indicator_code", "geo_level", "geo_code", "_cur", "_key"], kind="stable")
    if not all_versions:
        ranked = ranked.drop_duplicates(["indicator_code", "geo_level", "geo_code"], keep="last")
    return ranked.drop(columns=["_cur", "_key"])


def targets_from_frame(targets: pd.DataFrame) -> dict[str, tuple[Target, ...]]:
    """indicator code -> its target versions, oldest date set first."""
    out: dict[str, list[Target]] = {}
    for r in targets.to_dict("records"):
        year = r.get("target_year")
        t = Target(
            indicator_code=str(r["indicator_code"]),
            value=_num(r.get("value")),
            value_text=_text(r.get("value_text")) or "",
            target_year=None if year is None or pd.isna(year) else int(year),
            date_set=_text(r.get("date_set")) or "",
            is_current=_bool(r.get("is_current")),
            geo_level=_text(r.get("geo_level")) or "country",
            geo_code=_text(r.get("geo_code")) or "AZ",
            source_id=_text(r.get("source_id")),
            source_title=_text(r.get("source_title")),
            source_url=_text(r.get("source_url")),
            note=_text(r.get("note")),
        )
        out.setdefault(t.indicator_code, []).append(t)
    return {k: tuple(sorted(v, key=lambda t: t.sort_key)) for k, v in out.items()}


def national_baselines(
    observations: pd.DataFrame | None, kinds: Mapping[str, str], baseline_year: int = BASELINE_YEAR
) -> dict[str, tuple[float, int]]:
    """code -> (value, year): the baseline rule applied to national figures that are not demonstration."""
    if observations is None or observations.empty:
        return {}
    o = observations[(observations["geo_level"] == "country") & (observations["data_status"] != "demonstration")]
    b = baselines(annual_series(classify(o, kinds)), baseline_year)
    return {r.indicator_code: (float(r.baseline_value), int(r.baseline_year)) for r in b.itertuples()}


def build_registry(
    indicators: pd.DataFrame, targets: pd.DataFrame | None = None, observations: pd.DataFrame | None = None
) -> Registry:
    """The registry from the catalogue, the targets and (for baselines) the observations."""
    kinds = dict(zip(indicators["code"], indicators["kind"], strict=True))
    by_code = targets_from_frame(targets) if targets is not None else {}
    base = national_baselines(observations, kinds)
    items = []
    for r in indicators.to_dict("records"):
        code = str(r["code"])
        levels = tuple(x.strip() for x in str(r.get("levels") or "").split(",") if x.strip())
        b = base.get(code)
        items.append(
            Indicator(
                code=code,
                area=_text(r.get("area")) or "",
                goal=_text(r.get("goal")) or "",
                name_az=_text(r.get("name_az")) or "",
                name_en=_text(r.get("name_en")) or "",
                definition_az=_text(r.get("definition_az")) or "",
                definition_en=_text(r.get("definition_en")) or "",
                unit=_text(r.get("unit")) or "",
                kind=_text(r.get("kind")) or "",
                direction=_text(r.get("direction")) or "",
                levels=levels,
                has_target=_bool(r.get("has_target")),
                sort_order=int(r.get("sort_order") or 0),
                targets=by_code.get(code, ()),
                baseline_value=b[0] if b else None,
                baseline_year=b[1] if b else None,
            )
        )
    unknown = tuple(set(by_code) - {i.code for i in items})
    return Registry(items, unknown)
